/* sp-window.c
 *
 * A window has four faces: nothing open (an invitation to open an image,
 * with the recent ones), opening (a spinner), an image that could not be
 * opened (the reason, naming the file and line), and the track browser.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-burn-dialog.h"
#include "sp-export-dialog.h"
#include "sp-properties-window.h"
#include "sp-files-view.h"
#include "sp-sector-view.h"
#include "sp-track-browser.h"
#include "sp-window.h"

#define MAX_RECENT 6

struct _SpWindow
{
  AdwApplicationWindow parent_instance;

  GFile *file;
  SpImage *image;
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  AdwViewSwitcherTitle *window_title;
  AdwViewStack *view_stack;
  SpSectorView *sector_view;
  SpFilesView *files_view;
  AdwViewStackPage *files_page;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkSpinner *spinner;
  GtkLabel *loading_label;
  GtkWidget *recent_box;
  GtkListBox *recent_list;
  SpTrackBrowser *track_browser;
};

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILE,
  PROP_IMAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
get_settings (SpWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return SP_IS_APPLICATION (app) ? sp_application_get_settings (SP_APPLICATION (app)) : NULL;
}

static const char *
format_label (SpImageFormat format)
{
  switch (format)
    {
    case SP_IMAGE_FORMAT_CUE: return _("Cue sheet");
    case SP_IMAGE_FORMAT_ISO: return _("ISO image");
    case SP_IMAGE_FORMAT_BIN: return _("BIN image");
    case SP_IMAGE_FORMAT_TOC: return _("cdrdao TOC");
    default:                  return "";
    }
}

/* An audio-only disc has no file system, so no Files page. */
static gboolean
image_has_data_track (SpImage *image)
{
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    if (!sp_track_is_audio (sp_image_get_track (image, i)))
      return TRUE;
  return FALSE;
}

static void
show_image (SpWindow *self,
            SpImage  *image)
{
  guint n_tracks = sp_image_get_n_tracks (image);
  g_autofree char *tracks = g_strdup_printf (ngettext ("%u track", "%u tracks", n_tracks), n_tracks);
  g_autofree char *length = sp_msf_to_string (sp_image_get_leadout (image));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", format_label (sp_image_get_format (image)),
                                               tracks, length);

  g_set_object (&self->image, image);
  sp_track_browser_set_image (self->track_browser, image);
  sp_sector_view_set_image (self->sector_view, image);
  sp_files_view_set_image (self->files_view, image);
  adw_view_stack_page_set_visible (self->files_page, image_has_data_track (image));
  adw_view_stack_set_visible_child_name (self->view_stack, "tracks");
  adw_view_switcher_title_set_title (self->window_title, sp_image_get_display_name (image));
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), sp_image_get_display_name (image));
  gtk_stack_set_visible_child_name (self->stack, "image");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.properties", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.burn", TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

static void
show_error (SpWindow     *self,
            const GError *error)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *title = g_strdup_printf (_("Could Not Open “%s”"), name);

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, error->message);
  adw_view_switcher_title_set_title (self->window_title, name);
  adw_view_switcher_title_set_subtitle (self->window_title, _("Could not be opened"));
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = sp_image_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);

  if (image == NULL)
    {
      show_error (self, error);
      return;
    }

  {
    g_autofree char *uri = g_file_get_uri (self->file);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
  show_image (self, image);
}

/**
 * sp_window_open_file:
 *
 * Opens @file in this window, in the background: a window never freezes on
 * a slow disk.
 */
void
sp_window_open_file (SpWindow *self,
                     GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->file, file);
  g_clear_object (&self->image);
  sp_sector_view_set_image (self->sector_view, NULL);
  sp_files_view_set_image (self->files_view, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.properties", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.burn", FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);

  name = g_file_get_basename (file);
  text = g_strdup_printf (_("Opening “%s”…"), name);
  gtk_label_set_label (self->loading_label, text);
  adw_view_switcher_title_set_title (self->window_title, name);
  adw_view_switcher_title_set_subtitle (self->window_title, NULL);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  sp_image_open_async (file, self->cancellable, open_done, g_object_ref (self));
}

/* ---- Open dialog ----------------------------------------------------- */

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  SpWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file)
    {
      GSettings *settings = get_settings (self);
      g_autoptr(GFile) folder = g_file_get_parent (file);
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (settings && folder)
        {
          g_autofree char *uri = g_file_get_uri (folder);
          g_settings_set_string (settings, "last-folder", uri);
        }

      /* An empty window takes the image; otherwise the app finds one. */
      if (self->file == NULL)
        sp_window_open_file (self, file);
      else
        sp_application_open_file (SP_APPLICATION (app), file);
    }

  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char    **mime_types,
            const char    **patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types && mime_types[i]; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  for (guint i = 0; patterns && patterns[i]; i++)
    gtk_file_filter_add_suffix (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  static const char *mime_types[] = {
    "application/x-cue", "application/x-cd-image", "application/x-cdrdao-toc",
    "application/x-raw-cd-image", NULL
  };
  /* By name too: a .bin without a sync pattern (audio only) has no type. */
  static const char *suffixes[] = { "cue", "iso", "toc", "bin", "img", NULL };
  GSettings *settings = get_settings (self);

  if (self->chooser)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open a Disc Image"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Disc images"), mime_types, suffixes);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("All files"), NULL, (const char *[]) { "*", NULL });

  if (settings)
    {
      g_autofree char *uri = g_settings_get_string (settings, "last-folder");

      if (uri && *uri)
        {
          g_autoptr(GFile) folder = g_file_new_for_uri (uri);
          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
        }
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
properties_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpPropertiesWindow *window;

  if (self->image == NULL)
    return;
  window = sp_properties_window_new (self->image);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  if (self->image == NULL)
    return;
  gtk_window_present (GTK_WINDOW (sp_export_dialog_new (self->image, GTK_WINDOW (self))));
}

static void
burn_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  if (self->image == NULL)
    return;
  gtk_window_present (GTK_WINDOW (sp_burn_dialog_new (self->image, GTK_WINDOW (self))));
}

static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  if (self->image == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "sectors");
  sp_sector_view_focus_go_to (self->sector_view);
}

/* A track double-clicked (or Enter) in the list: its first sectors. */
static void
on_track_activated (SpWindow *self,
                    SpTrack  *track)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "sectors");
  sp_sector_view_go_to (self->sector_view, sp_track_get_start (track));
}

/* A file double-clicked on the Files page: where its data begins. */
static void
on_show_sectors (SpWindow *self,
                 gint64    position)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "sectors");
  sp_sector_view_go_to (self->sector_view, position);
}

/* ---- Drag and drop --------------------------------------------------- */

/* Files dragged out of the Files page are for other programs: dropped
 * back on a Spindle window they would be opened as disc images. */
static gboolean
on_drop_accept (GtkDropTarget *target,
                GdkDrop       *drop,
                gpointer       user_data)
{
  g_autoptr(GdkContentFormats) wanted = NULL;

  if (gdk_drop_get_drag (drop) != NULL)
    return FALSE;
  /* What the default handler checks: a file list, or a MIME type that
   * deserializes to one (text/uri-list from a file manager). */
  wanted = gdk_content_formats_union_deserialize_mime_types (
    gdk_content_formats_ref (gtk_drop_target_get_formats (target)));
  return gdk_content_formats_match (wanted, gdk_drop_get_formats (drop));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  SpWindow *self = user_data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  /* The first file here if this window is free; each other in its own window. */
  for (GSList *l = files; l; l = l->next)
    {
      if (l == files && self->image == NULL)
        sp_window_open_file (self, l->data);
      else
        sp_application_open_file (SP_APPLICATION (app), l->data);
    }
  g_slist_free (files);
  return TRUE;
}

/* ---- Recent images --------------------------------------------------- */

static void
recent_row_activated (AdwActionRow *row,
                      gpointer      user_data)
{
  SpWindow *self = user_data;
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  sp_window_open_file (self, file);
}

static gint
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **) a, *y = *(GtkRecentInfo **) b;
  GDateTime *tx = gtk_recent_info_get_modified (x), *ty = gtk_recent_info_get_modified (y);

  return g_date_time_compare (ty, tx);
}

static void
fill_recent (SpWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l; l = l->next)
    if (gtk_recent_info_has_application (l->data, g_get_application_name ()) &&
        gtk_recent_info_exists (l->data))
      g_ptr_array_add (ours, l->data);
  g_ptr_array_sort (ours, compare_recent);

  for (guint i = 0; i < ours->len && i < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (ours, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *folder = parent ? g_file_get_parse_name (parent) : NULL;
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder ? folder : "");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (gtk_recent_info_get_uri (info)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (recent_row_activated), self);
      gtk_list_box_append (self->recent_list, row);
    }

  gtk_widget_set_visible (self->recent_box, ours->len > 0);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* ---- Window state ---------------------------------------------------- */

static gboolean
sp_window_close_request (GtkWindow *window)
{
  SpWindow *self = SP_WINDOW (window);
  GSettings *settings = get_settings (self);

  g_cancellable_cancel (self->cancellable);
  sp_sector_view_cancel (self->sector_view);
  sp_files_view_cancel (self->files_view);

  if (settings)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (sp_window_parent_class)->close_request (window);
}

/* After construction: GtkWindow's "application" is not a construct
 * property, so the settings are not reachable before. */
static void
restore_state (SpWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      sp_track_browser_set_settings (self->track_browser, settings);
    }

  fill_recent (self);
}

static void
sp_window_dispose (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_WINDOW);

  G_OBJECT_CLASS (sp_window_parent_class)->dispose (object);
}

static void
sp_window_finalize (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (sp_window_parent_class)->finalize (object);
}

static void
sp_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpWindow *self = SP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_window_class_init (SpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_window_dispose;
  object_class->finalize = sp_window_finalize;
  object_class->get_property = sp_window_get_property;
  window_class->close_request = sp_window_close_request;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL, SP_TYPE_IMAGE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.properties", NULL, properties_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_install_action (widget_class, "win.burn", NULL, burn_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "win.burn", NULL);
  gtk_widget_class_install_action (widget_class, "win.go-to", NULL, go_to_action);

  g_type_ensure (SP_TYPE_TRACK_BROWSER);
  g_type_ensure (SP_TYPE_SECTOR_VIEW);
  g_type_ensure (SP_TYPE_FILES_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, track_browser);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, sector_view);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, files_view);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, files_page);
}

static void
sp_window_init (SpWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.properties", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.burn", FALSE);
  g_signal_connect_swapped (self->track_browser, "track-activated", G_CALLBACK (on_track_activated), self);
  g_signal_connect_swapped (self->files_view, "show-sectors", G_CALLBACK (on_show_sectors), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "accept", G_CALLBACK (on_drop_accept), self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

SpWindow *
sp_window_new (SpApplication *application)
{
  SpWindow *self = g_object_new (SP_TYPE_WINDOW, "application", application, NULL);

  restore_state (self);
  return self;
}

/* The file shown or being opened, or %NULL for an empty window. */
GFile *
sp_window_get_file (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  return self->file;
}

SpImage *
sp_window_get_image (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  return self->image;
}
