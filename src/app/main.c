/* main.c: the spindle executable; everything else is in libspindle-app
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SpApplication) app = NULL;
  const char *localedir;

  /* The UI tests run the app from the build tree, whose catalogues
   * (po/LL/LC_MESSAGES) are not where LOCALEDIR points until installed. */
  localedir = g_getenv ("SPINDLE_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sp_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
