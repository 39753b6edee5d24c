/* sp-cli-checksum.c: spindle-cli checksum, CRC32, MD5 and SHA-1
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sp-cli.h"

static gboolean opt_json;
static char *opt_dat;
static int opt_threads;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the checksums as JSON"), NULL },
  { "dat", 'd', 0, G_OPTION_ARG_FILENAME, &opt_dat, N_("Name the image from a Redump or No-Intro DAT (XML)"), N_("FILE") },
  { "threads", 't', 0, G_OPTION_ARG_INT, &opt_threads, N_("Hashing threads (default: one per core)"), N_("N") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE") },
  { NULL }
};

const SpCliCommand sp_cli_checksum_command = {
  "checksum", N_("IMAGE"), N_("CRC32, MD5 and SHA-1 of each track and of the whole image"),
  sp_cli_checksum,
};

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} RunState;

static void
checksum_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = sp_checksum_run_finish (SP_CHECKSUM (object), result, &state->error);
  state->done = TRUE;
}

static void
add_result (JsonBuilder            *builder,
            const SpChecksumResult *result,
            gboolean                with_number)
{
  json_builder_begin_object (builder);
  if (with_number)
    {
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, result->track);
    }
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) result->size);
  json_builder_set_member_name (builder, "crc32");
  json_builder_add_string_value (builder, result->crc32_hex);
  json_builder_set_member_name (builder, "md5");
  json_builder_add_string_value (builder, result->md5);
  json_builder_set_member_name (builder, "sha1");
  json_builder_add_string_value (builder, result->sha1);
  json_builder_end_object (builder);
}

static JsonNode *
to_json (SpChecksum *checksum,
         SpDatMatch *match,
         gboolean    with_dat)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tracks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sp_checksum_get_n_tracks (checksum); i++)
    add_result (builder, sp_checksum_get_track (checksum, i), TRUE);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "image");
  add_result (builder, sp_checksum_get_image_result (checksum), FALSE);

  if (with_dat)
    {
      json_builder_set_member_name (builder, "dat");
      if (match == NULL)
        json_builder_add_null_value (builder);
      else
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "game");
          json_builder_add_string_value (builder, match->game);
          json_builder_set_member_name (builder, "complete");
          json_builder_add_boolean_value (builder, match->complete);
          json_builder_set_member_name (builder, "matched");
          json_builder_add_int_value (builder, match->n_matched);
          json_builder_set_member_name (builder, "roms");
          json_builder_begin_array (builder);
          for (guint i = 0; i < match->n_tracks; i++)
            if (match->rom_names[i])
              json_builder_add_string_value (builder, match->rom_names[i]);
            else
              json_builder_add_null_value (builder);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_text (SpImage    *image,
            SpChecksum *checksum,
            SpDatMatch *match,
            gboolean    with_dat)
{
  const SpChecksumResult *whole = sp_checksum_get_image_result (checksum);

  printf ("%-8s %12s  %-8s  %-32s  %s\n", _("Track"), _("Bytes"), "CRC32", "MD5", "SHA-1");
  for (guint i = 0; i < sp_checksum_get_n_tracks (checksum); i++)
    {
      const SpChecksumResult *r = sp_checksum_get_track (checksum, i);

      printf ("%02u       %12" G_GUINT64_FORMAT "  %s  %s  %s\n", r->track, r->size, r->crc32_hex, r->md5, r->sha1);
    }
  printf ("%-8s %12" G_GUINT64_FORMAT "  %s  %s  %s\n", _("image"), whole->size, whole->crc32_hex, whole->md5, whole->sha1);

  if (with_dat)
    {
      if (match == NULL)
        printf ("%s\n", _("Not in the DAT."));
      else
        {
          /* Translators: "Matches: TITLE (N of M tracks)" */
          printf (_("Matches: %s (%u of %u tracks%s)\n"), match->game, match->n_matched, match->n_tracks,
                  match->complete ? _(", complete") : "");
          for (guint i = 0; i < match->n_tracks; i++)
            printf ("  %02u  %s\n", sp_checksum_get_track (checksum, i)->track,
                    match->rom_names[i] ? match->rom_names[i] : _("(no match)"));
        }
    }
}

int
sp_cli_checksum (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_checksum_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpChecksum) checksum = NULL;
  g_autoptr(SpDat) dat = NULL;
  g_autoptr(SpDatMatch) match = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunState state = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("A track's checksums cover its bytes as its file stores them, from its first stored sector "
      "to its last (Redump's convention: for one file per track, the checksum of each file; for a "
      "WAVE file, of its data chunk); sectors the sheet generates (PREGAP, POSTGAP) are not in it. "
      "The image's cover the tracks one after the other. One pass over the files, on every core.\n\n"
      "Exit status: 0 done (with --dat: and the image is in the DAT), 1 failure or no match, 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL)
    return sp_cli_usage_error (context, "%s", _("no image given"));
  if (opt_args[1] != NULL)
    return sp_cli_usage_error (context, "%s", _("give one image"));
  if (opt_threads < 0)
    return sp_cli_usage_error (context, "%s", _("--threads must be positive"));

  if (opt_dat)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (opt_dat);

      dat = sp_dat_new_from_file (file, NULL, &error);
      if (dat == NULL)
        {
          sp_cli_print_error ("%s", error->message);
          return SP_CLI_EXIT_FAILURE;
        }
    }

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;

  checksum = sp_checksum_new (image);
  if (opt_threads > 0)
    sp_checksum_set_threads (checksum, (guint) opt_threads);
  {
    g_autoptr(SpCliProgress) progress = sp_cli_progress_new (sp_checksum_get_job (checksum));

    sp_checksum_run_async (checksum, cancellable, checksum_done, &state);
    sp_cli_run_until (&state.done, cancellable);
  }

  if (!state.ok)
    {
      if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sp_cli_print_error ("%s", _("checksum cancelled"));
      else
        sp_cli_print_error ("%s: %s", sp_image_get_display_name (image), state.error->message);
      g_clear_error (&state.error);
      return SP_CLI_EXIT_FAILURE;
    }

  if (dat)
    match = sp_dat_match (dat, checksum);

  if (opt_json)
    {
      g_autoptr(JsonNode) node = to_json (checksum, match, dat != NULL);
      sp_cli_print_json (node);
    }
  else
    print_text (image, checksum, match, dat != NULL);

  return (dat && match == NULL) ? SP_CLI_EXIT_FAILURE : SP_CLI_EXIT_OK;
}
