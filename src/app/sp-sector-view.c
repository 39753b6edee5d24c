/* sp-sector-view.c
 *
 * The page only wires things together: reading, decoding, searching,
 * verifying and exporting are all in the core, so the command line does
 * the same with the same code.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "sp-hex-view.h"
#include "sp-job-bar.h"
#include "sp-sector-panel.h"
#include "sp-sector-view.h"

/* Rows of the bad-sector list: enough to work through, few enough to be quick. */
#define MAX_LISTED_BAD 5000

struct _SpSectorView
{
  GtkWidget parent_instance;

  SpImage *image;
  GCancellable *cancellable;   /* cancelled when the image changes or the page goes */

  SpVerify *verify;            /* the last verify, its results */
  GCancellable *verify_cancellable;

  SpSearch *search;
  GCancellable *search_cancellable;

  GtkFileChooserNative *chooser;

  /* Template widgets */
  GtkEntry *go_entry;
  GtkSearchEntry *search_entry;
  GtkDropDown *search_mode;
  GtkLabel *status_label;
  GtkWidget *verify_button;
  SpHexView *hex_view;
  SpSectorPanel *panel;
  GtkWidget *bad_box;
  GtkLabel *bad_title;
  GtkListBox *bad_list;
  SpJobBar *job_bar;
};

G_DEFINE_FINAL_TYPE (SpSectorView, sp_sector_view, GTK_TYPE_WIDGET)

static void
set_status (SpSectorView *self,
            const char   *text)
{
  gtk_label_set_label (self->status_label, text ? text : "");
}

static void
update_actions (SpSectorView *self)
{
  gboolean have_image = self->image != NULL;
  gboolean verifying = self->verify_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sector.verify", have_image && !verifying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sector.next-bad",
                                 self->verify && sp_verify_get_n_bad (self->verify) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sector.find-next", have_image);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sector.find-previous", have_image);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sector.copy-hex", have_image);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sector.copy-text", have_image);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sector.export", have_image);
}

static void
on_position_changed (SpSectorView *self)
{
  sp_sector_panel_show_sector (self->panel, self->image, sp_hex_view_get_position (self->hex_view));
}

void
sp_sector_view_go_to (SpSectorView *self,
                      gint64        position)
{
  g_return_if_fail (SP_IS_SECTOR_VIEW (self));

  sp_hex_view_go_to (self->hex_view, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->hex_view));
}

void
sp_sector_view_focus_go_to (SpSectorView *self)
{
  g_return_if_fail (SP_IS_SECTOR_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->go_entry));
}

void
sp_sector_view_focus_search (SpSectorView *self)
{
  g_return_if_fail (SP_IS_SECTOR_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_go_activate (SpSectorView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->go_entry));
  gint64 position;

  if (self->image == NULL)
    return;

  if (!sp_position_parse (text, &position) || position >= sp_image_get_leadout (self->image))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a sector of this disc (0–%" PRId64 ")"),
                                                  text, sp_image_get_leadout (self->image) - 1);

      gtk_widget_add_css_class (GTK_WIDGET (self->go_entry), "error");
      set_status (self, message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->go_entry), "error");
  set_status (self, NULL);
  sp_sector_view_go_to (self, position);
}

/* ---- Find ------------------------------------------------------------ */

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SpSectorView) self = user_data;
  g_autoptr(GError) error = NULL;
  SpSearch *search = SP_SEARCH (object);
  gint64 found = sp_search_run_finish (search, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->search_cancellable);
  sp_job_bar_finish (self->job_bar);
  if (error)
    {
      set_status (self, error->message);
      return;
    }
  if (found < 0)
    {
      set_status (self, _("Not found"));
      return;
    }

  {
    gsize length = GPOINTER_TO_SIZE (g_object_get_data (object, "length"));
    g_autofree char *text = NULL;
    g_autofree char *msf = sp_msf_to_string (found / SP_RAW_SECTOR_SIZE);

    /* Translators: where a search found its bytes: sector, time, byte in sector */
    text = g_strdup_printf (_("Found in sector %" PRId64 " (%s) at byte %u"),
                            found / SP_RAW_SECTOR_SIZE, msf, (guint) (found % SP_RAW_SECTOR_SIZE));
    set_status (self, text);
    sp_hex_view_select (self->hex_view, found, found + (gint64) length);
  }
}

static void
find (SpSectorView *self,
      gboolean      backward)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint mode = gtk_drop_down_get_selected (self->search_mode);
  g_autoptr(GBytes) pattern = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, end, from;

  if (self->image == NULL || text[0] == '\0')
    return;

  if (mode == 0)
    pattern = sp_search_parse_hex (text, &error);
  else
    pattern = g_bytes_new (text, strlen (text));
  if (pattern == NULL)
    {
      set_status (self, error->message);
      return;
    }

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();

  g_clear_object (&self->search);
  self->search = sp_search_new (self->image, pattern, mode == 2);
  g_object_set_data (G_OBJECT (self->search), "length", GSIZE_TO_POINTER (g_bytes_get_size (pattern)));

  /* From just after the current match (or cursor), or just before it. */
  sp_hex_view_get_selection (self->hex_view, &start, &end);
  from = backward ? start : start + 1;

  set_status (self, NULL);
  sp_job_bar_start (self->job_bar, sp_search_get_job (self->search), _("Searching…"), self->search_cancellable);
  sp_search_run_async (self->search, from, backward, self->search_cancellable, search_done, g_object_ref (self));
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  find (SP_SECTOR_VIEW (widget), FALSE);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  find (SP_SECTOR_VIEW (widget), TRUE);
}

static void
on_search_activate (SpSectorView *self)
{
  find (self, FALSE);
}

static void
on_search_stop (SpSectorView *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  sp_job_bar_finish (self->job_bar);
  set_status (self, NULL);
}

/* ---- Verify ---------------------------------------------------------- */

static void
bad_sector_clicked (GtkButton    *button,
                    SpSectorView *self)
{
  gint64 position = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "position"));

  sp_sector_view_go_to (self, position);
}

static void
show_verify_results (SpSectorView *self)
{
  guint64 n_bad = sp_verify_get_n_bad_total (self->verify);
  guint errors = sp_image_count_diagnostics (self->image, SP_SEVERITY_ERROR);
  g_autofree char *title = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bad_list))))
    gtk_list_box_remove (self->bad_list, child);

  if (n_bad == 0 && errors == 0)
    title = g_strdup_printf (ngettext ("All %" PRId64 " sector checked: no errors",
                                       "All %" PRId64 " sectors checked: no errors",
                                       sp_verify_get_sectors (self->verify)),
                             sp_verify_get_sectors (self->verify));
  else if (n_bad == 0)
    title = g_strdup (_("No bad sectors, but the image has errors: see the Tracks page"));
  else
    title = g_strdup_printf (ngettext ("%" PRIu64 " bad sector", "%" PRIu64 " bad sectors", n_bad),
                             n_bad);
  gtk_label_set_label (self->bad_title, title);

  for (guint i = 0; i < sp_verify_get_n_bad (self->verify) && i < MAX_LISTED_BAD; i++)
    {
      const SpBadSector *bad = sp_verify_get_bad (self->verify, i);
      g_autofree char *kind = sp_sector_error_to_string (bad->errors);
      g_autofree char *msf = sp_msf_to_string (bad->position);
      /* Translators: a bad sector in the list: number, time, track, what is wrong */
      g_autofree char *text = g_strdup_printf (_("Sector %" PRId64 " (%s), track %02u: %s"),
                                               bad->position, msf, bad->track, kind);
      GtkWidget *label = gtk_label_new (text);
      /* A button, not an activatable row: GTK 4.8 gives rows no action
       * that assistive technology can use. */
      GtkWidget *button = gtk_button_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "bad-sector");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      g_object_set_data (G_OBJECT (button), "position", GSIZE_TO_POINTER ((gsize) bad->position));
      g_signal_connect (button, "clicked", G_CALLBACK (bad_sector_clicked), self);
      gtk_list_box_append (self->bad_list, button);
    }

  gtk_widget_set_visible (self->bad_box, TRUE);
}

static void
verify_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SpSectorView) self = user_data;
  g_autoptr(GError) error = NULL;
  SpVerify *verify = SP_VERIFY (object);
  gboolean ok = sp_verify_run_finish (verify, result, &error);

  g_clear_object (&self->verify_cancellable);
  sp_job_bar_finish (self->job_bar);

  if (verify != self->verify)
    return;   /* a verify of an image no longer shown */

  if (!ok)
    {
      set_status (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("Verify cancelled") : error->message);
      g_clear_object (&self->verify);
    }
  else
    {
      set_status (self, NULL);
      show_verify_results (self);
      gtk_widget_queue_draw (GTK_WIDGET (self->hex_view));
    }
  update_actions (self);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpSectorView *self = SP_SECTOR_VIEW (widget);

  if (self->image == NULL || self->verify_cancellable)
    return;

  g_clear_object (&self->verify);
  self->verify = sp_verify_new (self->image);
  self->verify_cancellable = g_cancellable_new ();
  sp_job_bar_start (self->job_bar, sp_verify_get_job (self->verify), _("Verifying…"), self->verify_cancellable);
  gtk_widget_set_visible (self->bad_box, FALSE);
  set_status (self, NULL);

  sp_verify_run_async (self->verify, self->verify_cancellable, verify_done, g_object_ref (self));
  update_actions (self);
}

static void
next_bad_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpSectorView *self = SP_SECTOR_VIEW (widget);
  gint64 here = sp_hex_view_get_position (self->hex_view);

  if (self->verify == NULL)
    return;

  for (guint i = 0; i < sp_verify_get_n_bad (self->verify); i++)
    {
      const SpBadSector *bad = sp_verify_get_bad (self->verify, i);

      if (bad->position > here)
        {
          sp_sector_view_go_to (self, bad->position);
          return;
        }
    }
  set_status (self, _("No bad sector after this one"));
}

/* ---- Copy and export ------------------------------------------------- */

static void
copy (SpSectorView *self,
      gboolean      as_hex)
{
  g_autofree char *text = as_hex ? sp_hex_view_dup_selection_hex (self->hex_view)
                                 : sp_hex_view_dup_selection_text (self->hex_view);

  if (text)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_hex_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  copy (SP_SECTOR_VIEW (widget), TRUE);
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  copy (SP_SECTOR_VIEW (widget), FALSE);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SpSectorView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sp_export_sectors_finish (result, &error))
    set_status (self, error->message);
  else
    set_status (self, _("Sectors exported"));
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 SpSectorView    *self)
{
  g_autoptr(GFile) file = NULL;
  gint64 start, end;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file && self->image)
    {
      gint64 first, last;

      sp_hex_view_get_selection (self->hex_view, &start, &end);
      first = start / SP_RAW_SECTOR_SIZE;
      last = (end - 1) / SP_RAW_SECTOR_SIZE;
      set_status (self, _("Exporting…"));
      sp_export_sectors_async (self->image, first, last - first + 1, file, self->cancellable,
                               export_done, g_object_ref (self));
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpSectorView *self = SP_SECTOR_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 start, end;
  g_autofree char *name = NULL;

  if (self->image == NULL || self->chooser)
    return;

  sp_hex_view_get_selection (self->hex_view, &start, &end);
  name = g_strdup_printf ("sectors-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ".bin",
                          start / SP_RAW_SECTOR_SIZE, (end - 1) / SP_RAW_SECTOR_SIZE);

  self->chooser = gtk_file_chooser_native_new (_("Export Sectors"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sp_sector_view_focus_go_to (SP_SECTOR_VIEW (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sp_sector_view_focus_search (SP_SECTOR_VIEW (widget));
}

/* ---- Life ------------------------------------------------------------ */

/* Stops what runs for the current image: a window closing, an image changing. */
void
sp_sector_view_cancel (SpSectorView *self)
{
  g_return_if_fail (SP_IS_SECTOR_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->verify_cancellable);
}

void
sp_sector_view_set_image (SpSectorView *self,
                          SpImage      *image)
{
  g_return_if_fail (SP_IS_SECTOR_VIEW (self));

  if (self->image == image)
    return;

  sp_sector_view_cancel (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->verify);
  g_set_object (&self->image, image);

  sp_hex_view_set_image (self->hex_view, image);
  gtk_widget_set_visible (self->bad_box, FALSE);
  set_status (self, NULL);
  on_position_changed (self);
  update_actions (self);
}

static void
sp_sector_view_dispose (GObject *object)
{
  SpSectorView *self = SP_SECTOR_VIEW (object);

  sp_sector_view_cancel (self);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_SECTOR_VIEW);

  G_OBJECT_CLASS (sp_sector_view_parent_class)->dispose (object);
}

static void
sp_sector_view_finalize (GObject *object)
{
  SpSectorView *self = SP_SECTOR_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->verify);
  g_clear_object (&self->search);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (sp_sector_view_parent_class)->finalize (object);
}

static void
sp_sector_view_class_init (SpSectorViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_sector_view_dispose;
  object_class->finalize = sp_sector_view_finalize;

  g_type_ensure (SP_TYPE_HEX_VIEW);
  g_type_ensure (SP_TYPE_SECTOR_PANEL);
  g_type_ensure (SP_TYPE_JOB_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-sector-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, go_entry);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, search_mode);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, verify_button);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, hex_view);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, panel);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, bad_box);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, bad_title);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, bad_list);
  gtk_widget_class_bind_template_child (widget_class, SpSectorView, job_bar);

  gtk_widget_class_install_action (widget_class, "sector.go-to", NULL, go_to_action);
  gtk_widget_class_install_action (widget_class, "sector.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "sector.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "sector.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "sector.next-bad", NULL, next_bad_action);
  gtk_widget_class_install_action (widget_class, "sector.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "sector.copy-hex", NULL, copy_hex_action);
  gtk_widget_class_install_action (widget_class, "sector.copy-text", NULL, copy_text_action);
  gtk_widget_class_install_action (widget_class, "sector.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "sector.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "sector.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "sector.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "sector.next-bad", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "sector.export", NULL);

  gtk_widget_class_set_css_name (widget_class, "sectorview");
}

static void
sp_sector_view_init (SpSectorView *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->hex_view, "notify::position", G_CALLBACK (on_position_changed), self);
  g_signal_connect_swapped (self->go_entry, "activate", G_CALLBACK (on_go_activate), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (on_search_stop), self);

  /* Copying bytes only where the bytes have the focus: entries keep Ctrl+C. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>c"),
                                                          gtk_named_action_new ("sector.copy-hex")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>c"),
                                                          gtk_named_action_new ("sector.copy-text")));
  gtk_widget_add_controller (GTK_WIDGET (self->hex_view), shortcuts);

  update_actions (self);
}
