/* sp-files-view.c
 *
 * The tree is a GtkTreeListModel whose children the core lists when a
 * folder is expanded, so a disc with many folders opens at once. Reading
 * the file system and writing extracted files run in the core, in worker
 * threads; the page only shows and asks.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sp-detail-row.h"
#include "sp-extract-provider.h"
#include "sp-files-view.h"
#include "sp-job-bar.h"

struct _SpFilesView
{
  GtkWidget parent_instance;

  SpImage *image;
  GPtrArray *data_tracks;        /* SpTrack, the dropdown's entries */
  SpFilesystem *filesystem;
  GtkMultiSelection *selection;
  GCancellable *cancellable;     /* opening and listing */
  GCancellable *job_cancellable; /* extraction */
  SpExtract *extract;
  GtkFileChooserNative *chooser;
  gboolean extract_all;
  GdkContentProvider *bar_provider; /* weak: the drag or copy the job bar shows */
  GtkWidget *context_menu;
  GMenuModel *file_menu;

  /* Template widgets */
  GtkDropDown *track_dropdown;
  GtkLabel *fs_label;
  GtkStack *stack;
  GtkSpinner *spinner;
  AdwStatusPage *none_page;
  GtkColumnView *file_view;
  GtkListBox *volume_list;
  SpJobBar *job_bar;
};

G_DEFINE_FINAL_TYPE (SpFilesView, sp_files_view, GTK_TYPE_WIDGET)

enum {
  SHOW_SECTORS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (SpFilesView *self,
       const char  *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
update_actions (SpFilesView *self)
{
  gboolean ready = self->filesystem != NULL && self->job_cancellable == NULL;
  gboolean selected = FALSE;

  if (ready && self->selection)
    {
      g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

      selected = !gtk_bitset_is_empty (set);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.extract", ready && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.copy", self->filesystem != NULL && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.show-sectors", self->filesystem != NULL && selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.extract-all", ready);
}

static void
show_none (SpFilesView *self,
           const char  *title,
           const char  *description,
           const char  *icon)
{
  adw_status_page_set_title (self->none_page, title);
  adw_status_page_set_description (self->none_page, description);
  adw_status_page_set_icon_name (self->none_page, icon);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "none");
}

/* ---- Cells ----------------------------------------------------------- */

static SpFileInfo *
item_file (GtkListItem *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);

  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static GtkWidget *make_cell_interactive (SpFilesView *self,
                                         GtkListItem *item,
                                         GtkWidget   *child);

static void
setup_name (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
  make_cell_interactive (data, item, expander);
}

static void
bind_name (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  g_autoptr(SpFileInfo) file = item_file (item);
  const char *icon_name = "text-x-generic-symbolic";

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), gtk_list_item_get_item (item));
  if (file == NULL)
    return;

  switch (sp_file_info_get_file_type (file))
    {
    case SP_FILE_TYPE_DIRECTORY: icon_name = "folder-symbolic"; break;
    case SP_FILE_TYPE_SYMLINK:   icon_name = "emblem-symbolic-link-symbolic"; break;
    default:                     break;
    }
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_label_set_label (GTK_LABEL (label), sp_file_info_get_display_name (file));
  /* The expander is what takes focus and expands folders: it is named
   * after the file, or screen readers announce an unnamed group. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sp_file_info_get_display_name (file), -1);
}

typedef char *(*FileText) (SpFileInfo *file);

static char *
text_size (SpFileInfo *file)
{
  if (sp_file_info_is_directory (file))
    return g_strdup ("—");
  if (sp_file_info_get_file_type (file) == SP_FILE_TYPE_SYMLINK)
    return g_strdup_printf ("→ %s", sp_file_info_get_symlink_target (file));
  return g_format_size (sp_file_info_get_size (file));
}

static char *
text_date (SpFileInfo *file)
{
  GDateTime *date = sp_file_info_get_modification_time (file);

  return date ? g_date_time_format (date, "%Y-%m-%d %H:%M:%S") : g_strdup ("—");
}

static char *
text_lba (SpFileInfo *file)
{
  gint64 lba = sp_file_info_get_lba (file);

  return lba >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, lba) : g_strdup ("—");
}

static char *
text_blocks (SpFileInfo *file)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, sp_file_info_get_n_blocks (file));
}

static void
setup_text (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "right")) ? 1 : 0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
  make_cell_interactive (g_object_get_data (G_OBJECT (factory), "view"), item, label);
}

static void
bind_text (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  FileText text = data;
  g_autoptr(SpFileInfo) file = item_file (item);
  g_autofree char *value = file ? text (file) : NULL;

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), value ? value : "");
}

static void
add_column (SpFilesView *self,
            const char  *title,
            FileText     text,
            gboolean     right)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "right", GINT_TO_POINTER (right));
  g_object_set_data (G_OBJECT (factory), "view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_text), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_text), text);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->file_view, column);
}

static void
build_columns (SpFilesView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) name = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_name), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_name), NULL);
  name = gtk_column_view_column_new (C_("column", "Name"), factory);
  gtk_column_view_column_set_expand (name, TRUE);
  gtk_column_view_column_set_resizable (name, TRUE);
  gtk_column_view_append_column (self->file_view, name);

  add_column (self, C_("column", "Size"), text_size, TRUE);
  add_column (self, C_("column", "Modified"), text_date, FALSE);
  add_column (self, C_("column", "LBA"), text_lba, TRUE);
  add_column (self, C_("column", "Blocks"), text_blocks, TRUE);
}

/* ---- Volume ---------------------------------------------------------- */

static void
add_volume_row (SpFilesView *self,
                const char  *title,
                const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  gtk_list_box_append (self->volume_list, sp_detail_row_new (title, value, NULL));
}

static void
add_volume_date (SpFilesView *self,
                 const char  *title,
                 GDateTime   *date)
{
  g_autofree char *text = date ? g_date_time_format (date, "%Y-%m-%d %H:%M:%S") : NULL;

  add_volume_row (self, title, text);
}

static const char *
names_label (SpFilesystemNames names)
{
  switch (names)
    {
    case SP_FILESYSTEM_NAMES_JOLIET:     return _("ISO 9660 with Joliet names");
    case SP_FILESYSTEM_NAMES_ROCK_RIDGE: return _("ISO 9660 with Rock Ridge names");
    case SP_FILESYSTEM_NAMES_UDF:        return _("UDF");
    case SP_FILESYSTEM_NAMES_ISO9660:
    default:                             return _("ISO 9660");
    }
}

static void
fill_volume (SpFilesView *self)
{
  SpFilesystem *fs = self->filesystem;
  GtkWidget *child;
  g_autofree char *blocks = g_strdup_printf ("%" G_GUINT64_FORMAT, sp_filesystem_get_n_blocks (fs));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->volume_list))))
    gtk_list_box_remove (self->volume_list, child);

  add_volume_row (self, _("File system"), names_label (sp_filesystem_get_names (fs)));
  add_volume_row (self, _("Volume"), sp_filesystem_get_volume_id (fs));
  add_volume_row (self, _("Volume set"), sp_filesystem_get_volume_set_id (fs));
  add_volume_row (self, _("Publisher"), sp_filesystem_get_publisher_id (fs));
  add_volume_row (self, _("Data preparer"), sp_filesystem_get_preparer_id (fs));
  add_volume_row (self, _("Application"), sp_filesystem_get_application_id (fs));
  add_volume_row (self, _("System"), sp_filesystem_get_system_id (fs));
  add_volume_date (self, _("Created"), sp_filesystem_get_creation_time (fs));
  add_volume_date (self, _("Modified"), sp_filesystem_get_modification_time (fs));
  add_volume_date (self, _("Expires"), sp_filesystem_get_expiration_time (fs));
  add_volume_date (self, _("Effective"), sp_filesystem_get_effective_time (fs));
  add_volume_row (self, _("Blocks"), blocks);

  for (guint i = 0; i < sp_filesystem_get_n_boot_entries (fs); i++)
    {
      const SpBootEntry *entry = sp_filesystem_get_boot_entry (fs, i);
      g_autofree char *text = NULL;

      /* Translators: an El Torito boot entry: bootable or not, emulation, platform, where its image is */
      text = g_strdup_printf (_("%s, %s emulation, platform 0x%02x, %u sectors at LBA %u"),
                              entry->bootable ? _("bootable") : _("not bootable"),
                              sp_boot_emulation_to_string (entry->emulation), entry->platform,
                              entry->sector_count, entry->load_lba);
      add_volume_row (self, _("El Torito boot entry"), text);
    }

  if (sp_filesystem_get_video_cd_type (fs))
    {
      g_autofree char *volumes = g_strdup_printf (_("%u of %u"), sp_filesystem_get_video_cd_volume_number (fs),
                                                  sp_filesystem_get_video_cd_volume_count (fs));
      g_autofree char *entries = g_strdup_printf ("%u", sp_filesystem_get_video_cd_n_entries (fs));

      add_volume_row (self, _("Video CD"), sp_filesystem_get_video_cd_type (fs));
      add_volume_row (self, _("Album"), sp_filesystem_get_video_cd_album_id (fs));
      add_volume_row (self, _("Volume of album"), volumes);
      add_volume_row (self, _("Entry points"), entries);
    }
}

/* ---- Opening --------------------------------------------------------- */

static void
root_listed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SpFilesView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) root = sp_filesystem_list_finish (SP_FILESYSTEM (object), result, &error);
  GtkTreeListModel *tree;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || SP_FILESYSTEM (object) != self->filesystem)
    return;
  if (root == NULL)
    {
      show_none (self, _("The File System Cannot Be Read"), error->message, "dialog-error-symbolic");
      return;
    }

  tree = gtk_tree_list_model_new (g_object_ref (root), FALSE, FALSE, sp_filesystem_create_child_model,
                                  g_object_ref (self->filesystem), g_object_unref);
  g_clear_object (&self->selection);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (tree));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (update_actions), self);
  gtk_column_view_set_model (self->file_view, GTK_SELECTION_MODEL (self->selection));

  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "files");
  update_actions (self);
}

static void
filesystem_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SpFilesView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpFilesystem) fs = sp_filesystem_open_finish (result, &error);
  g_autofree char *label = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (fs == NULL)
    {
      show_none (self, _("No File System"), error->message, "folder-symbolic");
      gtk_label_set_label (self->fs_label, "");
      return;
    }

  g_set_object (&self->filesystem, fs);
  {
    const char *volume = sp_filesystem_get_volume_id (fs);

    /* Translators: the file system of a track and its volume name */
    label = volume && *volume ? g_strdup_printf (_("%s · volume “%s”"), names_label (sp_filesystem_get_names (fs)), volume)
                              : g_strdup (names_label (sp_filesystem_get_names (fs)));
  }
  gtk_label_set_label (self->fs_label, label);
  fill_volume (self);
  sp_filesystem_list_async (fs, sp_filesystem_get_root (fs), self->cancellable, root_listed, g_object_ref (self));
}

static void
open_selected_track (SpFilesView *self)
{
  guint i = gtk_drop_down_get_selected (self->track_dropdown);
  SpTrack *track;

  if (self->data_tracks == NULL || i >= self->data_tracks->len)
    return;
  track = g_ptr_array_index (self->data_tracks, i);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->filesystem);
  gtk_column_view_set_model (self->file_view, NULL);
  g_clear_object (&self->selection);
  update_actions (self);

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  sp_filesystem_open_async (self->image, track, SP_FILESYSTEM_TYPE_AUTO, self->cancellable,
                            filesystem_opened, g_object_ref (self));
}

void
sp_files_view_set_image (SpFilesView *self,
                         SpImage     *image)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_if_fail (SP_IS_FILES_VIEW (self));

  if (self->image == image)
    return;

  sp_files_view_cancel (self);
  g_set_object (&self->image, image);
  g_clear_object (&self->filesystem);
  g_clear_pointer (&self->data_tracks, g_ptr_array_unref);
  gtk_column_view_set_model (self->file_view, NULL);
  g_clear_object (&self->selection);
  gtk_label_set_label (self->fs_label, "");

  if (image)
    {
      self->data_tracks = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
        {
          SpTrack *track = sp_image_get_track (image, i);
          g_autofree char *name = NULL;

          if (sp_track_is_audio (track))
            continue;
          /* Translators: a data track in the file page's chooser: number and mode */
          name = g_strdup_printf (_("Track %02u (%s)"), sp_track_get_number (track),
                                  sp_track_mode_to_string (sp_track_get_mode (track)));
          gtk_string_list_append (names, name);
          g_ptr_array_add (self->data_tracks, g_object_ref (track));
        }
    }

  g_signal_handlers_block_by_func (self->track_dropdown, open_selected_track, self);
  gtk_drop_down_set_model (self->track_dropdown, G_LIST_MODEL (names));
  g_signal_handlers_unblock_by_func (self->track_dropdown, open_selected_track, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->track_dropdown), self->data_tracks && self->data_tracks->len > 1);

  if (image == NULL)
    return;
  if (self->data_tracks->len == 0)
    {
      show_none (self, _("No Files"), _("This disc has only audio tracks: there is no file system to show."),
                 "audio-x-generic-symbolic");
      update_actions (self);
      return;
    }
  gtk_drop_down_set_selected (self->track_dropdown, 0);
  open_selected_track (self);
}

/* ---- Giving files to other programs ----------------------------------- */

/* The selected files and folders, a child dropped when its folder is
 * selected too (extracting the folder brings it). */
static GPtrArray *
selected_items (SpFilesView *self)
{
  g_autoptr(GtkBitset) set = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return items;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);
      gboolean inside_selected = FALSE;

      for (GtkTreeListRow *up = parent ? g_object_ref (parent) : NULL; up != NULL;)
        {
          GtkTreeListRow *next;

          if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), gtk_tree_list_row_get_position (up)))
            inside_selected = TRUE;
          next = gtk_tree_list_row_get_parent (up);
          g_object_unref (up);
          up = next;
        }
      if (!inside_selected)
        g_ptr_array_add (items, gtk_tree_list_row_get_item (row));
    }
  return items;
}

static void
provider_started (SpExtractProvider *provider,
                  SpJob             *job,
                  GCancellable      *cancellable,
                  SpFilesView       *self)
{
  /* An extraction the person started keeps the bar. */
  if (self->job_cancellable != NULL || self->bar_provider != NULL)
    return;
  g_set_weak_pointer (&self->bar_provider, GDK_CONTENT_PROVIDER (provider));
  sp_job_bar_start (self->job_bar, job, _("Extracting for another program…"), cancellable);
}

static void
provider_finished (SpExtractProvider *provider,
                   const GError      *error,
                   SpFilesView       *self)
{
  if (self->bar_provider == GDK_CONTENT_PROVIDER (provider))
    {
      g_clear_weak_pointer (&self->bar_provider);
      sp_job_bar_finish (self->job_bar);
    }
  if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static GdkContentProvider *
make_provider (SpFilesView *self,
               GPtrArray   *items)
{
  GdkContentProvider *provider;

  if (self->filesystem == NULL || items->len == 0)
    return NULL;
  provider = sp_extract_provider_new (self->filesystem, items);
  g_signal_connect_object (provider, "started", G_CALLBACK (provider_started), self, 0);
  g_signal_connect_object (provider, "finished", G_CALLBACK (provider_finished), self, 0);
  return provider;
}

/* A drag starting on an unselected row takes that row only, as in a file
 * manager; on a selected one, the whole selection. */
static GdkContentProvider *
drag_prepare (GtkDragSource *source,
              double         x,
              double         y,
              SpFilesView   *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (source), "sp-list-item");
  g_autoptr(SpFileInfo) file = item ? item_file (item) : NULL;
  g_autoptr(GPtrArray) items = NULL;

  if (file == NULL || self->selection == NULL)
    return NULL;
  if (gtk_list_item_get_selected (item))
    items = selected_items (self);
  else
    {
      items = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (items, g_steal_pointer (&file));
    }
  return make_provider (self, items);
}

static void
drag_begin (GtkDragSource *source,
            GdkDrag       *drag,
            SpFilesView   *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (source), "sp-list-item");
  g_autoptr(SpFileInfo) file = item ? item_file (item) : NULL;
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GtkIconPaintable) icon = NULL;

  icon = gtk_icon_theme_lookup_icon (theme, file && sp_file_info_is_directory (file) ? "folder" : "text-x-generic",
                                     NULL, 32, gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                     gtk_widget_get_direction (GTK_WIDGET (self)), 0);
  gtk_drag_source_set_icon (source, GDK_PAINTABLE (icon), 0, 0);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpFilesView *self = SP_FILES_VIEW (widget);
  g_autoptr(GPtrArray) items = selected_items (self);
  g_autoptr(GdkContentProvider) provider = make_provider (self, items);
  g_autofree char *text = NULL;

  if (provider == NULL)
    return;
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
  /* Translators: after Ctrl+C on the Files page */
  text = g_strdup_printf (ngettext ("%u item copied: paste it in a file manager",
                                    "%u items copied: paste them in a file manager", items->len), items->len);
  toast (self, text);
}

static void
show_sectors_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SpFilesView *self = SP_FILES_VIEW (widget);
  g_autoptr(GPtrArray) items = selected_items (self);

  for (guint i = 0; i < items->len; i++)
    {
      SpFileInfo *file = g_ptr_array_index (items, i);

      if (sp_file_info_get_position (file) >= 0)
        {
          g_signal_emit (self, signals[SHOW_SECTORS], 0, sp_file_info_get_position (file));
          return;
        }
    }
}

/* Right-click: the row under the pointer joins (or becomes) the
 * selection, then the menu. */
static void
context_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 SpFilesView     *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkListItem *item = g_object_get_data (G_OBJECT (gesture), "sp-list-item");
  graphene_point_t at;

  if (item == NULL || self->selection == NULL || gtk_list_item_get_item (item) == NULL)
    return;
  if (!gtk_list_item_get_selected (item))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), gtk_list_item_get_position (item), TRUE);
  if (!gtk_widget_compute_point (cell, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &at))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &(GdkRectangle) { at.x, at.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static GtkWidget *
make_cell_interactive (SpFilesView *self,
                       GtkListItem *item,
                       GtkWidget   *child)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  /* The list item owns the cell, so it outlives these controllers. */
  g_object_set_data (G_OBJECT (source), "sp-list-item", item);
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare), self);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin), self);
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (source));

  g_object_set_data (G_OBJECT (click), "sp-list-item", item);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (context_pressed), self);
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (click));
  return child;
}

/* ---- Activation ------------------------------------------------------ */

static void
on_activate (GtkColumnView *view,
             guint          position,
             SpFilesView   *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(SpFileInfo) file = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (file == NULL)
    return;
  if (sp_file_info_is_directory (file))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
  else if (sp_file_info_get_position (file) >= 0)
    g_signal_emit (self, signals[SHOW_SECTORS], 0, sp_file_info_get_position (file));
}

/* ---- Extraction ------------------------------------------------------ */

/* What extraction had to change or leave out (unsafe names, links that
 * would point outside the folder) is said in a dialog, not a toast that
 * fades: the person needs to know their copy differs from the disc. */
static void
show_warnings (SpFilesView         *self,
               const char          *summary,
               const char * const  *warnings)
{
  enum { MAX_LINES = 20 };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GString) body = g_string_new (summary);
  guint n = g_strv_length ((char **) warnings);
  GtkWidget *dialog;

  g_string_append (body, "\n");
  for (guint i = 0; i < n && i < MAX_LINES; i++)
    g_string_append_printf (body, "\n%s", warnings[i]);
  if (n > MAX_LINES)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body, ngettext ("…and %u more", "…and %u more", n - MAX_LINES), n - MAX_LINES);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Extracted With Warnings"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
extract_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SpFilesView) self = user_data;
  g_autoptr(GError) error = NULL;
  SpExtract *extract = SP_EXTRACT (object);

  g_clear_object (&self->job_cancellable);
  sp_job_bar_finish (self->job_bar);
  update_actions (self);

  if (!sp_extract_run_finish (extract, result, &error))
    {
      toast (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                     ? _("Extraction cancelled: nothing half-written was left")
                     : error->message);
    }
  else
    {
      g_autofree char *size = g_format_size (sp_extract_get_bytes_written (extract));
      guint written = sp_extract_get_n_written (extract);
      guint skipped = sp_extract_get_n_skipped (extract);
      g_auto(GStrv) warnings = sp_extract_dup_warnings (extract);
      g_autofree char *text = NULL;

      if (written == 0 && skipped)
        text = g_strdup_printf (ngettext ("Nothing extracted: %u file was already there",
                                          "Nothing extracted: %u files were already there", skipped), skipped);
      else if (skipped)
        text = g_strdup_printf (ngettext ("%u file extracted (%s), %u kept", "%u files extracted (%s), %u kept",
                                          written), written, size, skipped);
      else
        text = g_strdup_printf (ngettext ("%u file extracted (%s)", "%u files extracted (%s)",
                                          written), written, size);

      if (warnings && warnings[0])
        show_warnings (self, text, (const char * const *) warnings);
      else
        toast (self, text);
    }
  g_clear_object (&self->extract);
}

static void
run_extract (SpFilesView       *self,
             SpExtractConflict  conflict)
{
  sp_extract_set_conflict (self->extract, conflict);
  self->job_cancellable = g_cancellable_new ();
  sp_job_bar_start (self->job_bar, sp_extract_get_job (self->extract), _("Extracting…"), self->job_cancellable);
  update_actions (self);
  sp_extract_run_async (self->extract, self->job_cancellable, extract_done, g_object_ref (self));
}

static void
conflict_response (AdwMessageDialog *dialog,
                   const char       *response,
                   SpFilesView      *self)
{
  if (g_str_equal (response, "replace"))
    run_extract (self, SP_EXTRACT_CONFLICT_OVERWRITE);
  else if (g_str_equal (response, "skip"))
    run_extract (self, SP_EXTRACT_CONFLICT_SKIP);
  else
    g_clear_object (&self->extract);
}

static void
folder_chosen (GtkNativeDialog *dialog,
               int              response,
               SpFilesView     *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) conflicts = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (folder == NULL || self->filesystem == NULL)
    return;

  g_clear_object (&self->extract);
  self->extract = sp_extract_new (self->filesystem, folder);

  if (self->extract_all || gtk_bitset_is_empty (gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection))))
    sp_extract_add (self->extract, sp_filesystem_get_root (self->filesystem));
  else
    {
      g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      GtkBitsetIter iter;
      guint position;

      for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
           ok = gtk_bitset_iter_next (&iter, &position))
        {
          g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
          g_autoptr(SpFileInfo) file = gtk_tree_list_row_get_item (row);

          sp_extract_add (self->extract, file);
        }
    }

  conflicts = sp_extract_find_conflicts (self->extract, NULL, &error);
  if (error)
    {
      toast (self, error->message);
      g_clear_object (&self->extract);
      return;
    }

  if (conflicts && conflicts[0])
    {
      guint n = g_strv_length (conflicts);
      g_autofree char *body = NULL;
      GtkWidget *ask;

      /* Translators: asked before extraction would replace files */
      if (n == 1)
        body = g_strdup_printf (_("“%s” is already in the folder."), conflicts[0]);
      else
        body = g_strdup_printf (ngettext ("%u file is already in the folder, “%s” among them.",
                                          "%u files are already in the folder, “%s” among them.", n),
                                n, conflicts[0]);

      ask = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                    _("Replace Existing Files?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask),
                                        "cancel", _("_Cancel"),
                                        "skip", _("_Keep Existing"),
                                        "replace", _("_Replace"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "replace", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "cancel");
      g_signal_connect (ask, "response", G_CALLBACK (conflict_response), self);
      gtk_window_present (GTK_WINDOW (ask));
      return;
    }

  run_extract (self, SP_EXTRACT_CONFLICT_ERROR);
}

static void
choose_folder (SpFilesView *self,
               gboolean     all)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->filesystem == NULL || self->chooser)
    return;

  self->extract_all = all;
  self->chooser = gtk_file_chooser_native_new (_("Extract Into"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Extract"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (folder_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
extract_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  choose_folder (SP_FILES_VIEW (widget), FALSE);
}

static void
extract_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_folder (SP_FILES_VIEW (widget), TRUE);
}

/* ---- Life ------------------------------------------------------------ */

void
sp_files_view_cancel (SpFilesView *self)
{
  g_return_if_fail (SP_IS_FILES_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->job_cancellable);
}

static void
sp_files_view_dispose (GObject *object)
{
  SpFilesView *self = SP_FILES_VIEW (object);

  sp_files_view_cancel (self);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_weak_pointer (&self->bar_provider);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_FILES_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filesystem);
  g_clear_object (&self->extract);
  g_clear_pointer (&self->data_tracks, g_ptr_array_unref);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (sp_files_view_parent_class)->dispose (object);
}

static void
sp_files_view_finalize (GObject *object)
{
  SpFilesView *self = SP_FILES_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->job_cancellable);

  G_OBJECT_CLASS (sp_files_view_parent_class)->finalize (object);
}

static void
sp_files_view_class_init (SpFilesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_files_view_dispose;
  object_class->finalize = sp_files_view_finalize;

  /**
   * SpFilesView::show-sectors:
   * @position: the disc position of a file's first sector
   */
  signals[SHOW_SECTORS] =
    g_signal_new ("show-sectors", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SP_TYPE_JOB_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-files-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, track_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, fs_label);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, stack);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, none_page);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, file_view);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, volume_list);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, job_bar);

  gtk_widget_class_install_action (widget_class, "files.extract", NULL, extract_action);
  gtk_widget_class_install_action (widget_class, "files.extract-all", NULL, extract_all_action);
  gtk_widget_class_install_action (widget_class, "files.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "files.show-sectors", NULL, show_sectors_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "files.copy", NULL);
  gtk_widget_class_bind_template_child (widget_class, SpFilesView, file_menu);

  gtk_widget_class_set_css_name (widget_class, "filesview");
}

static void
sp_files_view_init (SpFilesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_columns (self);
  self->context_menu = gtk_popover_menu_new_from_model (self->file_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  g_signal_connect_swapped (self->track_dropdown, "notify::selected", G_CALLBACK (open_selected_track), self);
  g_signal_connect (self->file_view, "activate", G_CALLBACK (on_activate), self);
  update_actions (self);
}
