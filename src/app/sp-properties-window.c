/* sp-properties-window.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-properties-window.h"

struct _SpPropertiesWindow
{
  AdwPreferencesWindow parent_instance;

  SpImage *image;

  AdwPreferencesGroup *general_group;
  AdwPreferencesGroup *files_group;
  AdwPreferencesGroup *cdtext_group;
  AdwPreferencesGroup *rem_group;
};

G_DEFINE_FINAL_TYPE (SpPropertiesWindow, sp_properties_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A row whose value can be selected and copied: file names, checksums. */
static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
}

static const char *
source_status (SpSource *source)
{
  switch (sp_source_get_status (source))
    {
    case SP_SOURCE_STATUS_OK:         return NULL;
    case SP_SOURCE_STATUS_MISSING:    return _("missing");
    case SP_SOURCE_STATUS_UNREADABLE: return _("unreadable");
    default:                          return NULL;
    }
}

static void
fill (SpPropertiesWindow *self)
{
  SpImage *image = self->image;
  GListModel *sources = sp_image_get_sources (image);
  SpCdText *cdtext = sp_image_get_cdtext (image);
  g_autofree char *path = g_file_get_parse_name (sp_image_get_file (image));
  g_autofree char *size = g_format_size_full (sp_image_get_stored_size (image), G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *msf = sp_msf_to_string (sp_image_get_leadout (image));
  g_autofree char *length = g_strdup_printf (_("%s (%" G_GINT64_FORMAT " sectors)"), msf, sp_image_get_leadout (image));
  g_autofree char *tracks = g_strdup_printf ("%u", sp_image_get_n_tracks (image));
  g_autofree char *sessions = g_strdup_printf ("%u", g_list_model_get_n_items (sp_image_get_sessions (image)));
  g_autoptr(GList) keys = NULL;

  add_row (self->general_group, _("Location"), path);
  add_row (self->general_group, _("Format"), sp_image_format_to_string (sp_image_get_format (image)));
  add_row (self->general_group, _("Disc type"), sp_disc_type_to_string (sp_image_get_disc_type (image)));
  add_row (self->general_group, _("Sessions"), sessions);
  add_row (self->general_group, _("Tracks"), tracks);
  add_row (self->general_group, _("Length"), length);
  add_row (self->general_group, _("Size of the files"), size);
  if (sp_image_get_catalog (image))
    add_row (self->general_group, _("Catalog (MCN)"), sp_image_get_catalog (image));
  if (sp_image_get_cdtext_file (image))
    add_row (self->general_group, _("CD-TEXT file"), sp_image_get_cdtext_file (image));

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (sources, i);
      g_autofree char *file_size = g_format_size (sp_source_get_file_size (source));
      const char *status = source_status (source);
      g_autofree char *value = status
        ? g_strdup_printf ("%s, %s", sp_source_type_to_string (sp_source_get_source_type (source)), status)
        : g_strdup_printf ("%s, %s", sp_source_type_to_string (sp_source_get_source_type (source)), file_size);

      add_row (self->files_group, sp_source_get_display_name (source), value);
    }

  for (guint f = 0; f < SP_CDTEXT_N_FIELDS; f++)
    if (sp_cdtext_get (cdtext, f))
      {
        add_row (self->cdtext_group, sp_cdtext_field_to_keyword (f), sp_cdtext_get (cdtext, f));
        gtk_widget_set_visible (GTK_WIDGET (self->cdtext_group), TRUE);
      }

  keys = g_list_sort (g_hash_table_get_keys (sp_image_get_rem (image)), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l; l = l->next)
    {
      add_row (self->rem_group, l->data, g_hash_table_lookup (sp_image_get_rem (image), l->data));
      gtk_widget_set_visible (GTK_WIDGET (self->rem_group), TRUE);
    }
}

static void
sp_properties_window_dispose (GObject *object)
{
  SpPropertiesWindow *self = SP_PROPERTIES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PROPERTIES_WINDOW);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (sp_properties_window_parent_class)->dispose (object);
}

static void
sp_properties_window_class_init (SpPropertiesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_properties_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-properties-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, general_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, files_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, cdtext_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, rem_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sp_properties_window_init (SpPropertiesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SpPropertiesWindow *
sp_properties_window_new (SpImage *image)
{
  SpPropertiesWindow *self = g_object_new (SP_TYPE_PROPERTIES_WINDOW, NULL);

  self->image = g_object_ref (image);
  fill (self);
  return self;
}
