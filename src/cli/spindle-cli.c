/* spindle-cli.c: the command-line front end, for scripts and tests
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp-cli.h"

static const SpCliCommand *commands[] = {
  &sp_cli_info_command,
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
