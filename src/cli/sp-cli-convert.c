/* sp-cli-convert.c: spindle-cli convert, an image into other formats
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sp-cli.h"

static char *opt_to;
static char *opt_output;
static int opt_track;
static gboolean opt_overwrite;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("iso, wav, flac, bin, split, cue or toc"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("The file to write (see below)"), N_("PATH") },
  { "track", 't', 0, G_OPTION_ARG_INT, &opt_track, N_("The track (iso: default the first data track; wav, flac: default all audio tracks)"), N_("N") },
  { "overwrite", 0, 0, G_OPTION_ARG_NONE, &opt_overwrite, N_("Replace files that already exist"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE") },
  { NULL }
};

const SpCliCommand sp_cli_convert_command = {
  "convert", N_("IMAGE --to FORMAT --output PATH"), N_("Write an image as an ISO, WAVE or FLAC files, one BIN, one BIN per track, a cue sheet or a TOC"),
  sp_cli_convert,
};

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} RunState;

static void
convert_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = sp_convert_run_finish (SP_CONVERT (object), result, &state->error);
  state->done = TRUE;
}

int
sp_cli_convert (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_convert_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpConvert) convert = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) warnings = NULL;
  g_auto(GStrv) written = NULL;
  SpConvertFormat format;
  RunState state = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Formats:\n"
      "  iso    a data track's 2048-byte user data (Mode 1 or Mode 2 Form 1); PATH is the ISO\n"
      "  wav    audio tracks as WAVE, each from its INDEX 01 to the next track's INDEX 01;\n"
      "         PATH is the file with --track, else a folder for “Track NN.wav”\n"
      "  flac   the same as FLAC\n"
      "  bin    every track in one BIN, bit-exact, with a cue sheet; PATH is the .cue (the .bin\n"
      "         goes beside it)\n"
      "  split  one BIN per track, with a cue sheet; PATH is the .cue\n"
      "  cue    a cue sheet for the image's own files (a lone BIN or ISO, or a TOC); PATH is the .cue\n"
      "  toc    a cdrdao TOC file for the image's own files; PATH is the .toc\n\n"
      "Files are written under temporary names and renamed when complete; on error or Ctrl-C "
      "nothing is left. An existing file is not replaced without --overwrite, and the image's own "
      "files never are.\n\n"
      "Exit status: 0 converted, 1 failure, 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL)
    return sp_cli_usage_error (context, "%s", _("no image given"));
  if (opt_args[1] != NULL)
    return sp_cli_usage_error (context, "%s", _("give one image"));
  if (opt_to == NULL)
    return sp_cli_usage_error (context, "%s", _("give the format with --to"));
  if (!sp_convert_format_from_string (opt_to, &format))
    /* Translators: %s is what the user gave as --to */
    return sp_cli_usage_error (context, _("unknown format “%s”"), opt_to);
  if (opt_output == NULL)
    return sp_cli_usage_error (context, "%s", _("give the file to write with --output"));
  if (opt_track < 0 || opt_track > 99)
    return sp_cli_usage_error (context, "%s", _("--track must be a track number"));

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;
  if (opt_track != 0 && sp_cli_find_track (image, opt_track) == NULL)
    return SP_CLI_EXIT_FAILURE;

  output = g_file_new_for_commandline_arg (opt_output);
  convert = sp_convert_new (image, format, output);
  sp_convert_set_track (convert, (guint) opt_track);
  sp_convert_set_overwrite (convert, opt_overwrite);

  written = sp_convert_dup_outputs (convert, &error);
  if (written == NULL)
    {
      sp_cli_print_error ("%s", error->message);
      return SP_CLI_EXIT_FAILURE;
    }

  {
    g_autoptr(SpCliProgress) progress = sp_cli_progress_new (sp_convert_get_job (convert));

    sp_convert_run_async (convert, cancellable, convert_done, &state);
    sp_cli_run_until (&state.done, cancellable);
  }

  warnings = sp_convert_dup_warnings (convert);
  for (guint i = 0; warnings[i]; i++)
    sp_cli_print_error ("%s", warnings[i]);

  if (!state.ok)
    {
      if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sp_cli_print_error ("%s", _("conversion cancelled; nothing was left behind"));
      else if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        sp_cli_print_error (_("%s (use --overwrite to replace it)"), state.error->message);
      else
        sp_cli_print_error (_("%s; nothing was left behind"), state.error->message);
      g_clear_error (&state.error);
      return SP_CLI_EXIT_FAILURE;
    }

  for (guint i = 0; written[i]; i++)
    printf ("%s\n", written[i]);
  return SP_CLI_EXIT_OK;
}
