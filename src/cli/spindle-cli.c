/* spindle-cli.c: the command-line front end, for scripts and tests
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sp-cli.h"

static const SpCliCommand *commands[] = {
  &sp_cli_info_command,
  &sp_cli_verify_command,
  &sp_cli_dump_command,
  &sp_cli_ls_command,
  &sp_cli_extract_command,
  &sp_cli_convert_command,
  &sp_cli_checksum_command,
  &sp_cli_drives_command,
  &sp_cli_burn_command,
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: spindle-cli COMMAND [OPTION…] IMAGE"));
  fprintf (out, "\n%s\n", _("Look inside disc images (cue sheets, cdrdao TOC files, ISO images, BIN files)."));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i]->name, _(commands[i]->summary));
  fprintf (out, "\n%s\n", _("Run “spindle-cli COMMAND --help” for a command's options."));
  fprintf (out, "%s\n", _("Exit status: 0 success, 1 failure, 2 bad usage."));
}

GOptionContext *
sp_cli_option_context_new (const SpCliCommand *command)
{
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, command->parameter_string);
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

int
sp_cli_usage_error (GOptionContext *context,
                    const char     *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "spindle-cli: %s\n", message);
  if (context)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "\n%s", help);
    }
  return SP_CLI_EXIT_USAGE;
}

void
sp_cli_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "spindle-cli: %s\n", message);
}

/**
 * sp_cli_open_image:
 *
 * Opens the image at @path, or prints why not ("spindle-cli: FILE:LINE:
 * message") and returns %NULL.
 */
SpImage *
sp_cli_open_image (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  SpImage *image = sp_image_open (file, NULL, &error);

  if (image == NULL)
    sp_cli_print_error ("%s", error->message);
  return image;
}

/**
 * sp_cli_parse_position:
 * @text: a sector number ("1234") or a time on the disc ("02:34:10")
 *
 * A time is read as the track listing shows positions: MM:SS:FF from the
 * start of the first file.
 */
gboolean
sp_cli_parse_position (SpImage     *image,
                       const char  *text,
                       gint64      *position,
                       GError     **error)
{
  gint64 value;

  if (!sp_position_parse (text, &value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a position: give a sector number or MM:SS:FF"), text);
      return FALSE;
    }

  if (value >= sp_image_get_leadout (image))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("position %s is past the end of the disc (it has %" PRId64 " sectors)"),
                   text, sp_image_get_leadout (image));
      return FALSE;
    }
  *position = value;
  return TRUE;
}

char *
sp_cli_format_position (gint64 position)
{
  char msf[SP_MSF_STRING_SIZE];

  return g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", position, sp_msf_format (position, msf));
}

struct _SpCliProgress
{
  SpJob *job;
  gulong handler;
  gboolean drawn;
};

static void
draw_progress (SpCliProgress *progress)
{
  double fraction = sp_job_get_fraction (progress->job);
  double rate = sp_job_get_rate (progress->job);
  gint64 eta = sp_job_get_eta (progress->job);
  g_autofree char *rate_text = g_format_size ((guint64) rate);
  char bar[31];
  guint filled = (guint) (fraction * 30);

  for (guint i = 0; i < 30; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[30] = '\0';

  fprintf (stderr, "\r%s [%s] %3.0f%%  %s/s", sp_job_get_title (progress->job), bar, fraction * 100, rate_text);
  if (eta >= 0)
    fprintf (stderr, "  ETA %" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT "   ", eta / 60, eta % 60);
  fflush (stderr);
  progress->drawn = TRUE;
}

SpCliProgress *
sp_cli_progress_new (SpJob *job)
{
  SpCliProgress *progress = g_new0 (SpCliProgress, 1);

  progress->job = g_object_ref (job);
  if (isatty (STDERR_FILENO))
    progress->handler = g_signal_connect_swapped (job, "notify::done-bytes", G_CALLBACK (draw_progress), progress);
  return progress;
}

void
sp_cli_progress_free (SpCliProgress *progress)
{
  if (progress->handler)
    g_signal_handler_disconnect (progress->job, progress->handler);
  if (progress->drawn)
    fprintf (stderr, "\r\033[K");
  g_object_unref (progress->job);
  g_free (progress);
}

static gboolean
on_interrupt (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_CONTINUE;
}

void
sp_cli_run_until (gboolean     *done,
                  GCancellable *cancellable)
{
  guint sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sigint);
  g_source_remove (sigterm);
}

void
sp_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return SP_CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      print_usage (stdout);
      return SP_CLI_EXIT_OK;
    }
  if (strcmp (name, "--version") == 0)
    {
      printf ("spindle-cli %s\n", PACKAGE_VERSION);
      return SP_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i]->name) == 0)
      return commands[i]->run (argc - 1, argv + 1);

  fprintf (stderr, "spindle-cli: ");
  /* Translators: %s is what the user typed as a command */
  fprintf (stderr, _("unknown command “%s”"), name);
  fprintf (stderr, "\n\n");
  print_usage (stderr);
  return SP_CLI_EXIT_USAGE;
}
