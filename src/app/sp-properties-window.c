/* sp-properties-window.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "sp-job-bar.h"
#include "sp-names.h"
#include "sp-properties-window.h"

struct _SpPropertiesWindow
{
  AdwPreferencesWindow parent_instance;

  SpImage *image;

  AdwPreferencesGroup *general_group;
  AdwPreferencesGroup *files_group;
  AdwPreferencesGroup *cdtext_group;
  AdwPreferencesGroup *rem_group;

  /* Checksums, computed when asked (every byte is read). */
  AdwPreferencesPage *checksum_page;
  AdwPreferencesGroup *checksum_group;
  GtkWidget *compute_button;
  SpJobBar *job_bar;
  AdwActionRow *dat_row;
  AdwActionRow *match_row;
  GtkImage *match_icon;
  GPtrArray *result_groups;       /* of AdwPreferencesGroup, in checksum_page */
  GCancellable *cancellable;
  SpChecksum *checksum;           /* the finished run, or NULL */
  SpDat *dat;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (SpPropertiesWindow, sp_properties_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A row whose value can be selected and copied: file names, checksums. */
static GtkWidget *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Room for a short value on one line, whatever the title's length (a
   * long German title squeezed "cue" to a letter a line); long paths wrap. */
  gtk_label_set_width_chars (GTK_LABEL (label), (int) MIN (g_utf8_strlen (value, -1) + 3, 24));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  /* A path or a hex string cut with a hyphen reads as if it had one. */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (label, "dim-label");
  /* Read out as the value, described by its title (as SpDetailRow does). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
  return label;
}

/* A checksum: in one line, in a fixed-width font, as it is compared. */
static void
add_checksum_row (AdwPreferencesGroup *group,
                  const char          *title,
                  const char          *value)
{
  GtkWidget *label = add_row (group, title, value);

  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
}

/* ---- Checksums ---------------------------------------------------------- */

static void
show_match (SpPropertiesWindow *self)
{
  g_autoptr(SpDatMatch) match = NULL;
  g_autofree char *subtitle = NULL;
  const char *icon = "system-search-symbolic";

  if (self->dat && self->checksum)
    match = sp_dat_match (self->dat, self->checksum);

  if (self->dat == NULL)
    subtitle = g_strdup (_("Choose a DAT file, then compute the checksums"));
  else if (self->checksum == NULL)
    subtitle = g_strdup (_("Compute the checksums to look the image up"));
  else if (match == NULL)
    {
      subtitle = g_strdup (_("No title in the DAT has these checksums"));
      icon = "dialog-warning-symbolic";
    }
  else
    {
      if (match->complete)
        /* Translators: the image matched a DAT entry: its title, how many tracks */
        subtitle = g_strdup_printf (ngettext ("“%s”: its %u track matches", "“%s”: all %u tracks match",
                                              match->n_tracks),
                                    match->game, match->n_tracks);
      else
        /* Translators: a partial match: title, tracks matched, tracks of the image, files the DAT lists */
        subtitle = g_strdup_printf (_("“%s”: %u of the image’s %u tracks match, of the %u files it lists"),
                                    match->game, match->n_matched, match->n_tracks, match->n_roms);
      icon = match->complete ? "emblem-ok-symbolic" : "dialog-warning-symbolic";
    }
  adw_action_row_set_subtitle (self->match_row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->match_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  gtk_image_set_from_icon_name (self->match_icon, icon);

  /* Each track's group says which file of the DAT it is. */
  for (guint i = 0; self->checksum && i < sp_checksum_get_n_tracks (self->checksum) && i + 1 < self->result_groups->len; i++)
    {
      AdwPreferencesGroup *group = g_ptr_array_index (self->result_groups, i + 1);
      const SpChecksumResult *r = sp_checksum_get_track (self->checksum, i);
      g_autofree char *size = g_format_size_full (r->size, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *description = NULL;

      if (match && match->rom_names[i])
        /* Translators: a track's size, then the file of the DAT it matches */
        description = g_strdup_printf (_("%s, matches “%s”"), size, match->rom_names[i]);
      else if (match)
        description = g_strdup_printf (_("%s, not in “%s”"), size, match->game);
      else
        description = g_steal_pointer (&size);
      adw_preferences_group_set_description (group, description);
    }
}

static AdwPreferencesGroup *
add_result_group (SpPropertiesWindow     *self,
                  const char             *title,
                  const SpChecksumResult *r)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *size = g_format_size_full (r->size, G_FORMAT_SIZE_LONG_FORMAT);

  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, size);
  add_checksum_row (group, "CRC32", r->crc32_hex);
  add_checksum_row (group, "MD5", r->md5);
  add_checksum_row (group, "SHA-1", r->sha1);
  adw_preferences_page_add (self->checksum_page, group);
  g_ptr_array_add (self->result_groups, group);
  return group;
}

static void
clear_results (SpPropertiesWindow *self)
{
  for (guint i = 0; i < self->result_groups->len; i++)
    adw_preferences_page_remove (self->checksum_page, g_ptr_array_index (self->result_groups, i));
  g_ptr_array_set_size (self->result_groups, 0);
}

static void
checksum_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SpPropertiesWindow) self = user_data;
  SpChecksum *checksum = SP_CHECKSUM (object);
  g_autoptr(GError) error = NULL;

  if (!sp_checksum_run_finish (checksum, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->cancellable == NULL)
        return; /* the window is gone */
      sp_job_bar_finish (self->job_bar);
      gtk_widget_set_sensitive (self->compute_button, TRUE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_group_set_description (self->checksum_group, error->message);
      return;
    }

  sp_job_bar_finish (self->job_bar);
  gtk_widget_set_sensitive (self->compute_button, TRUE);
  gtk_button_set_label (GTK_BUTTON (self->compute_button), _("Compute Again"));
  g_set_object (&self->checksum, checksum);

  clear_results (self);
  add_result_group (self, _("Whole Image"), sp_checksum_get_image_result (checksum));
  for (guint i = 0; i < sp_checksum_get_n_tracks (checksum); i++)
    {
      const SpChecksumResult *r = sp_checksum_get_track (checksum, i);
      g_autofree char *title = g_strdup_printf (_("Track %02u"), r->track);

      add_result_group (self, title, r);
    }
  show_match (self);
}

static void
on_compute_clicked (SpPropertiesWindow *self)
{
  g_autoptr(SpChecksum) checksum = sp_checksum_new (self->image);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->compute_button, FALSE);
  sp_job_bar_start (self->job_bar, sp_checksum_get_job (checksum), _("Reading every sector…"), self->cancellable);
  sp_checksum_run_async (checksum, self->cancellable, checksum_done, g_object_ref (self));
}

static void
dat_loaded (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SpPropertiesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDat) dat = sp_dat_new_from_file_finish (result, &error);
  g_autofree char *subtitle = NULL;

  if (dat == NULL)
    {
      adw_action_row_set_subtitle (self->dat_row, error->message);
      g_clear_object (&self->dat);
      show_match (self);
      return;
    }
  g_set_object (&self->dat, dat);
  /* Translators: a DAT's name, then how many titles it lists */
  subtitle = g_strdup_printf (ngettext ("%s, %u title", "%s, %u titles", sp_dat_get_n_games (dat)),
                              sp_dat_get_name (dat) ? sp_dat_get_name (dat) : "", sp_dat_get_n_games (dat));
  adw_action_row_set_subtitle (self->dat_row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dat_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  /* A DAT is only worth choosing with the checksums: start them. */
  if (self->checksum == NULL && gtk_widget_get_sensitive (self->compute_button))
    on_compute_clicked (self);
  show_match (self);
}

static void
dat_chosen (GtkNativeDialog    *dialog,
            int                 response,
            SpPropertiesWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  adw_action_row_set_subtitle (self->dat_row, _("Reading…"));
  sp_dat_new_from_file_async (file, self->cancellable, dat_loaded, g_object_ref (self));
}

static void
on_dat_clicked (SpPropertiesWindow *self)
{
  g_autoptr(GtkFileFilter) dats = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  gtk_file_filter_set_name (dats, _("DAT Files"));
  gtk_file_filter_add_suffix (dats, "dat");
  gtk_file_filter_add_suffix (dats, "xml");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a DAT File"), GTK_WINDOW (self),
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                                  _("_Cancel")));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), dats);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (dat_chosen), self);
  gtk_native_dialog_show (self->chooser);
}

/* ---- The image ---------------------------------------------------------- */

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
  g_autofree char *length = g_strdup_printf (_("%s (%" PRId64 " sectors)"), msf, sp_image_get_leadout (image));
  g_autofree char *tracks = g_strdup_printf ("%u", sp_image_get_n_tracks (image));
  g_autofree char *sessions = g_strdup_printf ("%u", g_list_model_get_n_items (sp_image_get_sessions (image)));
  g_autoptr(GList) keys = NULL;

  add_row (self->general_group, _("Location"), path);
  add_row (self->general_group, _("Format"), sp_image_format_name (sp_image_get_format (image)));
  add_row (self->general_group, _("Disc type"), sp_disc_type_name (sp_image_get_disc_type (image)));
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

  /* A run still going ends with the window. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->result_groups, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PROPERTIES_WINDOW);
  g_clear_object (&self->image);
  g_clear_object (&self->checksum);
  g_clear_object (&self->dat);

  G_OBJECT_CLASS (sp_properties_window_parent_class)->dispose (object);
}

static void
sp_properties_window_class_init (SpPropertiesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_properties_window_dispose;

  g_type_ensure (SP_TYPE_JOB_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-properties-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, general_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, files_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, cdtext_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, rem_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, checksum_page);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, checksum_group);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, compute_button);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, job_bar);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, dat_row);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, match_row);
  gtk_widget_class_bind_template_child (widget_class, SpPropertiesWindow, match_icon);
  gtk_widget_class_bind_template_callback (widget_class, on_compute_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_dat_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sp_properties_window_init (SpPropertiesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->result_groups = g_ptr_array_new ();
}

SpPropertiesWindow *
sp_properties_window_new (SpImage *image)
{
  SpPropertiesWindow *self = g_object_new (SP_TYPE_PROPERTIES_WINDOW, NULL);

  self->image = g_object_ref (image);
  fill (self);
  return self;
}
