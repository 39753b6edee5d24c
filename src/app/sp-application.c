/* sp-application.c: one instance, one window per image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-application.h"
#include "sp-window.h"

struct _SpApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, ADW_TYPE_APPLICATION)

#define SCHEMA_ID "io.github.spindle.Spindle"

SpApplication *
sp_application_new (void)
{
  return g_object_new (SP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* The same resources for the .Devel build. */
                       "resource-base-path", "/io/github/spindle/Spindle",
                       NULL);
}

/**
 * sp_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the app's settings, or %NULL when
 *   the schema is not installed (running from a build folder without
 *   GSETTINGS_SCHEMA_DIR): the app then works but remembers nothing
 */
GSettings *
sp_application_get_settings (SpApplication *self)
{
  g_return_val_if_fail (SP_IS_APPLICATION (self), NULL);
  return self->settings;
}

static SpWindow *
find_window_for (SpApplication *self,
                 GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      GFile *shown;

      if (!SP_IS_WINDOW (l->data))
        continue;
      shown = sp_window_get_file (l->data);
      if (shown && g_file_equal (shown, file))
        return l->data;
    }
  return NULL;
}

static SpWindow *
find_empty_window (SpApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (SP_IS_WINDOW (l->data) && sp_window_get_file (l->data) == NULL)
      return l->data;
  return NULL;
}

/**
 * sp_application_open_file:
 *
 * Shows @file: in the window that already shows it, else in an empty
 * window, else in a new one.
 */
void
sp_application_open_file (SpApplication *self,
                          GFile         *file)
{
  SpWindow *window;

  g_return_if_fail (SP_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  window = find_window_for (self, file);
  if (window == NULL)
    {
      window = find_empty_window (self);
      if (window == NULL)
        window = sp_window_new (self);
      sp_window_open_file (window, file);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
sp_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (SP_APPLICATION (app)));
  gtk_window_present (window);
}

static void
sp_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    sp_application_open_file (SP_APPLICATION (app), files[i]);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);

  /* Close the windows one by one, so each saves its state and stops its work. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (app);
}

static void
new_window_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (sp_window_new (SP_APPLICATION (user_data))));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Spindle authors", NULL };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  adw_about_window_set_application_name (about, "Spindle");
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, "The Spindle authors");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_comments (about, _("Look inside disc images, check them sector by sector, "
                                          "and burn them exactly as their cue sheets describe."));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, "https://github.com/spindle/spindle");
  adw_about_window_set_issue_url (about, "https://github.com/spindle/spindle/issues");
  /* Translators: replace with your names, one per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));

  adw_about_window_add_legal_section (about, "libcdio",
                                      "© Rocky Bernstein, Herbert Valerio Riedel and others",
                                      GTK_LICENSE_GPL_3_0, NULL);
  adw_about_window_add_legal_section (about, "libburn",
                                      "© Derek Foreman, Ben Jansens, Thomas Schmitt",
                                      GTK_LICENSE_GPL_2_0, NULL);
  /* Not linked: run to burn Mode 2 and mixed-mode discs. */
  adw_about_window_add_legal_section (about, "cdrdao", "© Andreas Mueller, Denis Leroy and others",
                                      GTK_LICENSE_GPL_2_0, NULL);
  adw_about_window_add_legal_section (about, "libsndfile", "© Erik de Castro Lopo",
                                      GTK_LICENSE_LGPL_2_1, NULL);
  adw_about_window_add_legal_section (about, "json-glib", "© Emmanuele Bassi",
                                      GTK_LICENSE_LGPL_2_1, NULL);
  adw_about_window_add_legal_section (about, "zlib", "© Jean-loup Gailly and Mark Adler",
                                      GTK_LICENSE_CUSTOM,
                                      "zlib License: https://zlib.net/zlib_license.html");

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "new-window", new_window_activated },
  { "about", about_activated },
};

static void
sp_application_startup (GApplication *app)
{
  SpApplication *self = SP_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (sp_application_parent_class)->startup (app);

  g_set_application_name ("Spindle");
  gtk_window_set_default_icon_name (APP_ID);

  if (source)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema)
    self->settings = g_settings_new (SCHEMA_ID);
  else
    g_warning ("The settings schema %s is not installed; window size and last folder will not be remembered",
               SCHEMA_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window", (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.properties", (const char *[]) { "<Alt>Return", "<Control>i", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.go-to", (const char *[]) { "<Control>g", NULL });
}

static void
sp_application_dispose (GObject *object)
{
  SpApplication *self = SP_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_application_parent_class)->dispose (object);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sp_application_dispose;
  app_class->activate = sp_application_activate;
  app_class->open = sp_application_open;
  app_class->startup = sp_application_startup;
}

static void
sp_application_init (SpApplication *self)
{
}
