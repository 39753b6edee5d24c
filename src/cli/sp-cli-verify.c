/* sp-cli-verify.c: spindle-cli verify, every sector checked
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "sp-cli.h"

static gboolean opt_json;
static int opt_threads;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the result as JSON"), NULL },
  { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads, N_("Worker threads (default: one per core)"), N_("N") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE") },
  { NULL }
};

const SpCliCommand sp_cli_verify_command = {
  "verify", N_("IMAGE"), N_("Check every sector: sync, header, EDC and ECC, and that no sector is missing"),
  sp_cli_verify,
};

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} RunState;

static void
verify_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = sp_verify_run_finish (SP_VERIFY (object), result, &state->error);
  state->done = TRUE;
}

static const char *
error_description (SpSectorError errors)
{
  if (errors & SP_SECTOR_ERROR_MISSING)
    return _("not in the image's files");
  if (errors & SP_SECTOR_ERROR_SYNC)
    return _("no sync pattern");
  if (errors & SP_SECTOR_ERROR_HEADER)
    return _("the header does not give this position");
  if ((errors & SP_SECTOR_ERROR_EDC) && (errors & SP_SECTOR_ERROR_ECC))
    return _("EDC and ECC wrong");
  if (errors & SP_SECTOR_ERROR_EDC)
    return _("EDC wrong");
  if (errors & SP_SECTOR_ERROR_ECC)
    return _("ECC wrong");
  return "";
}

/* What opening found missing or wrong (a file not found, too short):
 * verify checks completeness, and these are incompleteness it cannot count
 * in sectors. */
static guint
count_image_errors (SpImage *image)
{
  return sp_image_count_diagnostics (image, SP_SEVERITY_ERROR);
}

static JsonNode *
result_to_json (SpImage  *image,
                SpVerify *verify)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *diagnostics = sp_image_get_diagnostics (image);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "image_errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SpDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);
      g_autofree char *text = NULL;

      if (sp_diagnostic_get_severity (diagnostic) != SP_SEVERITY_ERROR)
        continue;
      text = sp_diagnostic_to_string (diagnostic);
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sectors");
  json_builder_add_int_value (builder, sp_verify_get_sectors (verify));
  json_builder_set_member_name (builder, "bad_total");
  json_builder_add_int_value (builder, (gint64) sp_verify_get_n_bad_total (verify));

  json_builder_set_member_name (builder, "tracks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sp_verify_get_n_tracks (verify); i++)
    {
      const SpVerifyTrack *t = sp_verify_get_track (verify, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, t->track);
      json_builder_set_member_name (builder, "mode");
      json_builder_add_string_value (builder, sp_track_mode_to_string (sp_track_get_mode (sp_image_get_track (image, i))));
      json_builder_set_member_name (builder, "sectors");
      json_builder_add_int_value (builder, t->sectors);
      json_builder_set_member_name (builder, "checked");
      json_builder_add_int_value (builder, t->checked);
      json_builder_set_member_name (builder, "bad");
      json_builder_add_int_value (builder, t->bad);
      json_builder_set_member_name (builder, "missing");
      json_builder_add_int_value (builder, t->missing);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sp_verify_get_n_bad (verify); i++)
    {
      const SpBadSector *bad = sp_verify_get_bad (verify, i);
      g_autofree char *kind = sp_sector_error_to_string (bad->errors);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, bad->position);
      json_builder_set_member_name (builder, "track");
      json_builder_add_int_value (builder, bad->track);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      json_builder_set_member_name (builder, "all");
      json_builder_begin_array (builder);
      if (bad->errors & SP_SECTOR_ERROR_MISSING)
        json_builder_add_string_value (builder, "missing");
      if (bad->errors & SP_SECTOR_ERROR_SYNC)
        json_builder_add_string_value (builder, "sync");
      if (bad->errors & SP_SECTOR_ERROR_HEADER)
        json_builder_add_string_value (builder, "header");
      if (bad->errors & SP_SECTOR_ERROR_EDC)
        json_builder_add_string_value (builder, "edc");
      if (bad->errors & SP_SECTOR_ERROR_ECC)
        json_builder_add_string_value (builder, "ecc");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_text (SpImage  *image,
            SpVerify *verify,
            double    seconds)
{
  guint64 n_bad = sp_verify_get_n_bad_total (verify);
  gint64 sectors = sp_verify_get_sectors (verify);
  g_autofree char *rate = g_format_size ((guint64) (seconds > 0 ? sectors * 2352.0 / seconds : 0));

  /* Translators: "Verified IMAGE: N sectors in S s (RATE/s)" */
  printf (_("Verified %s: %" PRId64 " sectors in %.2f s (%s/s)\n"),
          sp_image_get_display_name (image), sectors, seconds, rate);

  for (guint i = 0; i < sp_verify_get_n_tracks (verify); i++)
    {
      const SpVerifyTrack *t = sp_verify_get_track (verify, i);
      SpTrack *track = sp_image_get_track (image, i);
      const char *what;

      if (t->checked > 0)
        what = _("sync, header, EDC and ECC checked");
      else if (sp_track_is_audio (track))
        what = _("audio: checked for completeness");
      else
        what = _("user data only, no EDC/ECC stored: checked for completeness");

      printf ("  %s %02u  %-11s %8" G_GINT64_FORMAT " %s  %8" G_GINT64_FORMAT " %s  (%s)\n",
              _("Track"), t->track, sp_track_mode_to_string (sp_track_get_mode (track)),
              t->sectors, _("sectors"), t->bad, _("bad"), what);
    }

  if (count_image_errors (image) > 0)
    {
      GListModel *diagnostics = sp_image_get_diagnostics (image);

      printf ("%s\n", _("The image is incomplete:"));
      for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
        {
          g_autoptr(SpDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);
          g_autofree char *text = NULL;

          if (sp_diagnostic_get_severity (diagnostic) != SP_SEVERITY_ERROR)
            continue;
          text = sp_diagnostic_to_string (diagnostic);
          printf ("  %s\n", text);
        }
    }

  if (n_bad == 0)
    {
      if (count_image_errors (image) == 0)
        printf ("%s\n", _("No errors."));
      return;
    }

  printf (ngettext ("%" PRIu64 " bad sector:\n", "%" PRIu64 " bad sectors:\n", n_bad), n_bad);
  for (guint i = 0; i < sp_verify_get_n_bad (verify); i++)
    {
      const SpBadSector *bad = sp_verify_get_bad (verify, i);
      g_autofree char *position = sp_cli_format_position (bad->position);
      g_autofree char *kind = sp_sector_error_to_string (bad->errors);

      printf ("  %s %s, %s %02u: %s (%s)\n", _("sector"), position, _("track"), bad->track, kind,
              error_description (bad->errors));
    }
  if (n_bad > sp_verify_get_n_bad (verify))
    printf ("  … %s\n", _("and more, not listed"));
}

int
sp_cli_verify (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_verify_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpVerify) verify = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunState state = { 0 };
  gint64 started;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Data tracks stored as raw sectors have each sector's sync, header (its position), EDC and "
      "ECC checked; audio and user-data-only tracks are checked for completeness. Uses every core.\n\n"
      "Exit status: 0 no errors, 1 errors found (or the image cannot be opened), 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL)
    return sp_cli_usage_error (context, "%s", _("no image given"));
  if (opt_args[1] != NULL)
    return sp_cli_usage_error (context, "%s", _("give one image"));
  if (opt_threads < 0)
    return sp_cli_usage_error (context, "%s", _("--threads must be positive"));

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;

  verify = sp_verify_new (image);
  if (opt_threads > 0)
    sp_verify_set_threads (verify, (guint) opt_threads);

  started = g_get_monotonic_time ();
  {
    g_autoptr(SpCliProgress) progress = sp_cli_progress_new (sp_verify_get_job (verify));

    sp_verify_run_async (verify, cancellable, verify_done, &state);
    sp_cli_run_until (&state.done, cancellable);
  }

  if (!state.ok)
    {
      if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sp_cli_print_error ("%s", _("verify cancelled"));
      else
        sp_cli_print_error ("%s: %s", sp_image_get_display_name (image), state.error->message);
      g_clear_error (&state.error);
      return SP_CLI_EXIT_FAILURE;
    }

  if (opt_json)
    {
      g_autoptr(JsonNode) node = result_to_json (image, verify);
      sp_cli_print_json (node);
    }
  else
    print_text (image, verify, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  return sp_verify_get_n_bad_total (verify) > 0 || count_image_errors (image) > 0
    ? SP_CLI_EXIT_FAILURE : SP_CLI_EXIT_OK;
}
