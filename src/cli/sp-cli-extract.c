/* sp-cli-extract.c: spindle-cli extract, files out of a data track
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sp-cli.h"

static int opt_track;
static char *opt_to;
static char *opt_filesystem;
static gboolean opt_overwrite;
static gboolean opt_skip_existing;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "track", 't', 0, G_OPTION_ARG_INT, &opt_track, N_("The data track (default: the first)"), N_("N") },
  { "to", 'o', 0, G_OPTION_ARG_FILENAME, &opt_to, N_("The folder to write into (made if missing)"), N_("DIR") },
  { "filesystem", 'f', 0, G_OPTION_ARG_STRING, &opt_filesystem, N_("iso9660 or udf (default: ISO 9660 if there is one)"), N_("TYPE") },
  { "overwrite", 0, 0, G_OPTION_ARG_NONE, &opt_overwrite, N_("Replace files that already exist"), NULL },
  { "skip-existing", 0, 0, G_OPTION_ARG_NONE, &opt_skip_existing, N_("Keep files that already exist"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE [PATH…]") },
  { NULL }
};

const SpCliCommand sp_cli_extract_command = {
  "extract", N_("IMAGE --to DIR [PATH…]"), N_("Copy files out of a data track (all of them when no path is given)"),
  sp_cli_extract,
};

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} RunState;

static void
extract_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = sp_extract_run_finish (SP_EXTRACT (object), result, &state->error);
  state->done = TRUE;
}

int
sp_cli_extract (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_extract_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpFilesystem) fs = NULL;
  g_autoptr(SpExtract) extract = NULL;
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) warnings = NULL;
  RunState state = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Each PATH (a file or a folder, from the track's root) lands in DIR under its own name; "
      "with no PATH the whole tree does. Names are made safe (no “/”, “..” or absolute paths), "
      "symbolic links are recreated only when they stay inside DIR, and files are written under "
      "a temporary name, then renamed. An existing file is an error unless --overwrite or "
      "--skip-existing is given. On error or Ctrl-C nothing written is left.\n\n"
      "Exit status: 0 extracted, 1 failure (or a file exists), 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL)
    return sp_cli_usage_error (context, "%s", _("no image given"));
  if (opt_to == NULL)
    return sp_cli_usage_error (context, "%s", _("give the folder to extract to with --to"));
  if (opt_overwrite && opt_skip_existing)
    return sp_cli_usage_error (context, "%s", _("--overwrite and --skip-existing exclude each other"));
  if (opt_track < 0 || opt_track > 99)
    return sp_cli_usage_error (context, "%s", _("--track must be a track number"));
  if (!sp_cli_check_filesystem_option (opt_filesystem))
    return sp_cli_usage_error (context, "%s", _("--filesystem must be iso9660 or udf"));

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;
  fs = sp_cli_open_filesystem (image, opt_track, opt_filesystem);
  if (fs == NULL)
    return SP_CLI_EXIT_FAILURE;

  destination = g_file_new_for_commandline_arg (opt_to);
  extract = sp_extract_new (fs, destination);
  if (opt_overwrite)
    sp_extract_set_conflict (extract, SP_EXTRACT_CONFLICT_OVERWRITE);
  else if (opt_skip_existing)
    sp_extract_set_conflict (extract, SP_EXTRACT_CONFLICT_SKIP);

  for (guint i = 1; opt_args[i]; i++)
    {
      g_autoptr(SpFileInfo) info = sp_filesystem_lookup (fs, opt_args[i], NULL, &error);

      if (info == NULL)
        {
          sp_cli_print_error ("%s", error->message);
          return SP_CLI_EXIT_FAILURE;
        }
      sp_extract_add (extract, info);
    }

  {
    g_autoptr(SpCliProgress) progress = sp_cli_progress_new (sp_extract_get_job (extract));

    sp_extract_run_async (extract, cancellable, extract_done, &state);
    sp_cli_run_until (&state.done, cancellable);
  }

  warnings = sp_extract_dup_warnings (extract);
  for (guint i = 0; warnings[i]; i++)
    sp_cli_print_error ("%s", warnings[i]);

  if (!state.ok)
    {
      if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sp_cli_print_error ("%s", _("extraction cancelled; nothing was left behind"));
      else if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        sp_cli_print_error (_("%s (use --overwrite or --skip-existing); nothing was left behind"),
                            state.error->message);
      else
        sp_cli_print_error (_("%s; nothing was left behind"), state.error->message);
      g_clear_error (&state.error);
      return SP_CLI_EXIT_FAILURE;
    }

  {
    g_autofree char *size = g_format_size (sp_extract_get_bytes_written (extract));

    /* Translators: "Extracted N files (SIZE) to DIR" */
    printf (_("Extracted %u files (%s) to %s"), sp_extract_get_n_written (extract), size, opt_to);
    if (sp_extract_get_n_skipped (extract) > 0)
      printf (_(", %u skipped"), sp_extract_get_n_skipped (extract));
    printf ("\n");
  }
  return SP_CLI_EXIT_OK;
}
