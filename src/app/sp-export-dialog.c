/* sp-export-dialog.c
 *
 * Only the formats that make sense for the open image are offered, each
 * with a line saying what it writes. Before anything starts the dialog
 * lists the files the core would write, refuses a destination that is one
 * of the image's own files, and asks before replacing anything. The work
 * itself (temporary files renamed into place, nothing left on error or
 * cancel) is SpConvert's, in a worker thread; this window only shows and
 * asks.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sp-export-dialog.h"
#include "sp-job-bar.h"

/* Past this many, the list of files to write says "…and N more". */
#define MAX_LISTED 12

struct _SpExportDialog
{
  AdwWindow parent_instance;

  SpImage *image;
  char *stem;                     /* the image's file name without its extension */
  GArray *formats;                /* SpConvertFormat, in the order of the rows */
  GPtrArray *format_buttons;      /* GtkCheckButton, parallel to @formats */
  GArray *track_numbers;          /* guint, parallel to the track row's entries; 0 = all */
  SpConvertFormat format;
  guint track;

  GFile *folder;                  /* chosen by the person, or NULL for the default */
  char *name;                     /* the file name chosen in the save dialog, or NULL */
  char *confirmed;                /* a path the save dialog already asked to replace */

  SpConvert *convert;             /* what Export would run, for the current choices */
  gboolean valid;
  GCancellable *cancellable;      /* while running */
  GtkFileChooserNative *chooser;
  gboolean closed;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *export_button;
  GtkWidget *close_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkStack *stack;
  GtkWidget *setup_page;
  AdwPreferencesGroup *format_group;
  AdwPreferencesGroup *track_group;
  AdwComboRow *track_row;
  AdwActionRow *destination_row;
  GtkListBox *outputs_list;
  AdwStatusPage *done_page;
  GtkListBox *written_list;
  GtkWidget *warnings_box;
  GtkListBox *warnings_list;
  SpJobBar *job_bar;
};

G_DEFINE_FINAL_TYPE (SpExportDialog, sp_export_dialog, ADW_TYPE_WINDOW)

static void refresh (SpExportDialog *self);
static void on_track_selected (SpExportDialog *self);

/* ---- What the image offers ------------------------------------------- */

/* A track an ISO can be made of: Mode 1, or Mode 2 that may hold Form 1
 * sectors. A track of Form 2 user data only (MODE2/2324) holds no ISO. */
static gboolean
track_has_iso (SpTrack *track)
{
  SpTrackMode mode = sp_track_get_mode (track);

  return !sp_track_is_audio (track) && mode != SP_TRACK_MODE_MODE2_2324;
}

static guint
count_tracks (SpImage  *image,
              gboolean  audio)
{
  guint n = 0;

  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpTrack *track = sp_image_get_track (image, i);

      if (audio ? sp_track_is_audio (track) : track_has_iso (track))
        n++;
    }
  return n;
}

/* Merging makes sense when the tracks are in several files, or in audio
 * files (WAVE, FLAC, byte-swapped) that a BIN would hold as raw PCM. */
static gboolean
image_can_merge (SpImage *image)
{
  GListModel *sources = sp_image_get_sources (image);
  guint n = g_list_model_get_n_items (sources);

  if (sp_image_get_format (image) != SP_IMAGE_FORMAT_CUE && sp_image_get_format (image) != SP_IMAGE_FORMAT_TOC)
    return FALSE;
  if (n > 1)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (sources, i);

      if (sp_source_get_source_type (source) != SP_SOURCE_BINARY)
        return TRUE;
    }
  return FALSE;
}

static gboolean
format_applies (SpExportDialog  *self,
                SpConvertFormat  format)
{
  SpImageFormat image_format = sp_image_get_format (self->image);

  switch (format)
    {
    case SP_CONVERT_FORMAT_ISO:
      /* An ISO image is one already. */
      return image_format != SP_IMAGE_FORMAT_ISO && count_tracks (self->image, FALSE) > 0;
    case SP_CONVERT_FORMAT_WAVE:
    case SP_CONVERT_FORMAT_FLAC:
      return count_tracks (self->image, TRUE) > 0;
    case SP_CONVERT_FORMAT_BIN:
      return image_can_merge (self->image);
    case SP_CONVERT_FORMAT_SPLIT:
      return sp_image_get_n_tracks (self->image) > 1;
    case SP_CONVERT_FORMAT_CUE:
      return image_format != SP_IMAGE_FORMAT_CUE;
    case SP_CONVERT_FORMAT_TOC:
      return image_format != SP_IMAGE_FORMAT_TOC;
    default:
      return FALSE;
    }
}

static const char *
format_title (SpConvertFormat format)
{
  switch (format)
    {
    case SP_CONVERT_FORMAT_ISO:   return _("ISO Image");
    case SP_CONVERT_FORMAT_WAVE:  return _("WAVE Audio");
    case SP_CONVERT_FORMAT_FLAC:  return _("FLAC Audio");
    case SP_CONVERT_FORMAT_BIN:   return _("One BIN File and a Cue Sheet");
    case SP_CONVERT_FORMAT_SPLIT: return _("One BIN File per Track and a Cue Sheet");
    case SP_CONVERT_FORMAT_CUE:   return _("Cue Sheet");
    case SP_CONVERT_FORMAT_TOC:   return _("cdrdao TOC File");
    default:                      return "";
    }
}

static const char *
format_summary (SpExportDialog  *self,
                SpConvertFormat  format)
{
  switch (format)
    {
    case SP_CONVERT_FORMAT_ISO:
      return _("The data track as a plain ISO (2048-byte sectors), to mount or open");
    case SP_CONVERT_FORMAT_WAVE:
      return _("Uncompressed audio, one file per track, each to the next track’s start");
    case SP_CONVERT_FORMAT_FLAC:
      return _("Lossless compressed audio, one file per track, each to the next track’s start");
    case SP_CONVERT_FORMAT_BIN:
      return _("Every track merged into one BIN file, byte for byte, with a new cue sheet");
    case SP_CONVERT_FORMAT_SPLIT:
      return _("Each track in a BIN file of its own, byte for byte, with a new cue sheet");
    case SP_CONVERT_FORMAT_CUE:
      if (sp_image_get_format (self->image) == SP_IMAGE_FORMAT_TOC)
        return _("This TOC as a cue sheet naming the same files, for programs that read those");
      return _("A cue sheet naming this image’s own file, so that other programs open it");
    case SP_CONVERT_FORMAT_TOC:
      return _("A TOC naming this image’s own files, for burning with cdrdao");
    default:
      return "";
    }
}

/* ---- Where the files go ---------------------------------------------- */

static gboolean
is_audio_format (SpConvertFormat format)
{
  return format == SP_CONVERT_FORMAT_WAVE || format == SP_CONVERT_FORMAT_FLAC;
}

/* Several files, named by the core, go into a folder the person picks;
 * a single file gets a save dialog with a name they can change. */
static gboolean
writes_into_folder (SpExportDialog *self)
{
  if (is_audio_format (self->format))
    return self->track == 0;
  return self->format == SP_CONVERT_FORMAT_BIN || self->format == SP_CONVERT_FORMAT_SPLIT;
}

static const char *
format_extension (SpConvertFormat format)
{
  switch (format)
    {
    case SP_CONVERT_FORMAT_ISO:  return ".iso";
    case SP_CONVERT_FORMAT_WAVE: return ".wav";
    case SP_CONVERT_FORMAT_FLAC: return ".flac";
    case SP_CONVERT_FORMAT_TOC:  return ".toc";
    default:                     return ".cue";
    }
}

/* The image's folder, unless it cannot be written (a disc, a read-only
 * share): then the home folder. */
static GFile *
default_folder (SpExportDialog *self)
{
  g_autoptr(GFile) parent = g_file_get_parent (sp_image_get_file (self->image));
  g_autofree char *path = parent ? g_file_get_path (parent) : NULL;

  if (path && g_access (path, W_OK) == 0)
    return g_steal_pointer (&parent);
  return g_file_new_for_path (g_get_home_dir ());
}

static char *
default_name (SpExportDialog *self,
              const char     *suffix)
{
  if (self->track != 0 && (is_audio_format (self->format) || count_tracks (self->image, FALSE) > 1))
    /* Translators: a file name: the image's name, a track number, an extension as ".wav" */
    return g_strdup_printf (_("%s (Track %02u)%s"), self->stem, self->track, format_extension (self->format));
  return g_strconcat (self->stem, suffix ? suffix : "", format_extension (self->format), NULL);
}

/* Whether @path is the image's sheet or one of its files (the core
 * refuses to write those; the dialog says so before the person starts). */
static gboolean
is_own_file (SpExportDialog *self,
             const char     *path)
{
  GListModel *sources = sp_image_get_sources (self->image);
  guint n = g_list_model_get_n_items (sources);
  GStatBuf out;

  if (g_stat (path, &out) != 0)
    return FALSE;
  for (guint i = 0; i <= n; i++)
    {
      g_autoptr(SpSource) source = i < n ? g_list_model_get_item (sources, i) : NULL;
      GFile *file = source ? sp_source_get_file (source) : sp_image_get_file (self->image);
      g_autofree char *other = file ? g_file_get_path (file) : NULL;
      GStatBuf st;

      if (other && g_stat (other, &st) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino)
        return TRUE;
    }
  return FALSE;
}

static SpConvert *
make_convert (SpExportDialog *self,
              const char     *suffix)
{
  g_autoptr(GFile) folder = self->folder ? g_object_ref (self->folder) : default_folder (self);
  g_autoptr(GFile) output = NULL;
  SpConvert *convert;

  if (is_audio_format (self->format) && self->track == 0)
    /* The core makes the folder; by default one named after the image,
     * not a pile of "Track NN.wav" beside it. */
    output = self->folder ? g_object_ref (self->folder) : g_file_get_child (folder, self->stem);
  else if (writes_into_folder (self))
    {
      g_autofree char *name = g_strconcat (self->stem, suffix ? suffix : "", ".cue", NULL);
      output = g_file_get_child (folder, name);
    }
  else
    {
      g_autofree char *name = self->name ? g_strdup (self->name) : default_name (self, suffix);
      output = g_file_get_child (folder, name);
    }

  convert = sp_convert_new (self->image, self->format, output);
  sp_convert_set_track (convert, self->track);
  return convert;
}

static char *
find_own_output (SpExportDialog *self,
                 SpConvert      *convert)
{
  g_auto(GStrv) outputs = sp_convert_dup_outputs (convert, NULL);

  for (guint i = 0; outputs && outputs[i]; i++)
    if (is_own_file (self, outputs[i]))
      return g_strdup (outputs[i]);
  return NULL;
}

/* ---- Showing ---------------------------------------------------------- */

static void
toast (SpExportDialog *self,
       const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
show_error (SpExportDialog *self,
            const char     *text)
{
  gtk_label_set_label (self->error_label, text ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text ? text : "", -1);
  gtk_revealer_set_reveal_child (self->error_revealer, text != NULL);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static GtkWidget *
file_row (const char *title,
          const char *subtitle,
          const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* libadwaita 1.2 does not tell screen readers the subtitle. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  if (icon_name)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  return row;
}

static const char *
output_icon (const char *path)
{
  if (g_str_has_suffix (path, ".wav") || g_str_has_suffix (path, ".flac"))
    return "audio-x-generic-symbolic";
  if (g_str_has_suffix (path, ".cue") || g_str_has_suffix (path, ".toc"))
    return "text-x-generic-symbolic";
  return "media-optical-symbolic";
}

static void
fill_outputs (SpExportDialog     *self,
              const char * const *outputs)
{
  guint n = g_strv_length ((char **) outputs);

  clear_list (self->outputs_list);
  for (guint i = 0; i < n && (i < MAX_LISTED || n == MAX_LISTED + 1); i++)
    {
      g_autofree char *name = g_path_get_basename (outputs[i]);
      const char *note = g_file_test (outputs[i], G_FILE_TEST_EXISTS) ? _("Already exists: you will be asked before it is replaced") : NULL;

      gtk_list_box_append (self->outputs_list, file_row (name, note, output_icon (outputs[i])));
    }
  if (n > MAX_LISTED + 1)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("…and %u more file", "…and %u more files", n - MAX_LISTED),
                                               n - MAX_LISTED);
      gtk_list_box_append (self->outputs_list, file_row (more, NULL, NULL));
    }
}

static void
set_destination (SpExportDialog *self,
                 const char     *first_output)
{
  g_autofree char *folder = g_path_get_dirname (first_output);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autofree char *shown = g_file_get_parse_name (file);

  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    adw_action_row_set_subtitle (self->destination_row, shown);
  else
    {
      /* Translators: a folder's path, and that exporting makes it */
      g_autofree char *text = g_strdup_printf (_("%s (made when exporting)"), shown);
      adw_action_row_set_subtitle (self->destination_row, text);
    }
}

static void
update_actions (SpExportDialog *self)
{
  gboolean running = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", self->valid && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !running);
}

/* Works out, for the current choices, what the core would write, and
 * shows it or why it cannot be done. */
static void
refresh (SpExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) outputs = NULL;
  g_autofree char *own = NULL;

  g_clear_object (&self->convert);
  self->convert = make_convert (self, NULL);
  own = find_own_output (self, self->convert);

  /* By default a merged or split copy of "Game.cue" cannot be called
   * "Game.cue" beside the original: name it differently. */
  if (own && self->folder == NULL && self->name == NULL &&
      (self->format == SP_CONVERT_FORMAT_BIN || self->format == SP_CONVERT_FORMAT_SPLIT))
    {
      /* Translators: added to an image's name for a converted copy, as "Game (merged).cue" */
      const char *suffix = self->format == SP_CONVERT_FORMAT_BIN ? _(" (merged)") : _(" (split)");

      g_clear_object (&self->convert);
      self->convert = make_convert (self, suffix);
      g_clear_pointer (&own, g_free);
      own = find_own_output (self, self->convert);
    }

  outputs = sp_convert_dup_outputs (self->convert, &error);
  self->valid = outputs != NULL && own == NULL;

  if (outputs == NULL)
    {
      clear_list (self->outputs_list);
      show_error (self, error->message);
    }
  else
    {
      fill_outputs (self, (const char * const *) outputs);
      set_destination (self, outputs[0]);
      if (own)
        {
          g_autofree char *name = g_path_get_basename (own);
          /* Translators: the destination would replace a file of the open image */
          g_autofree char *text = g_strdup_printf (_("“%s” is one of this image’s own files and is never "
                                                     "replaced: choose another folder or name."), name);
          show_error (self, text);
        }
      else
        show_error (self, NULL);
    }

  update_actions (self);
}

/* ---- Format and track ------------------------------------------------ */

static void
fill_tracks (SpExportDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gboolean audio = is_audio_format (self->format);
  guint n_audio = count_tracks (self->image, TRUE);

  g_array_set_size (self->track_numbers, 0);
  self->track = 0;

  if (self->format == SP_CONVERT_FORMAT_ISO || audio)
    {
      if (audio && n_audio > 1)
        {
          guint all = 0;
          /* Translators: the choice of every audio track, each in its own file */
          g_autofree char *text = g_strdup_printf (ngettext ("All %u audio tracks", "All %u audio tracks", n_audio), n_audio);

          gtk_string_list_append (names, text);
          g_array_append_val (self->track_numbers, all);
        }
      for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
        {
          SpTrack *track = sp_image_get_track (self->image, i);
          guint number = sp_track_get_number (track);
          g_autofree char *text = NULL;

          if (audio ? !sp_track_is_audio (track) : !track_has_iso (track))
            continue;
          if (audio)
            {
              gint64 seconds = sp_track_get_length (track) / 75;

              /* Translators: an audio track in the export dialog: number, length as minutes:seconds */
              text = g_strdup_printf (_("Track %02u (%" PRId64 ":%02" PRId64 ")"),
                                      number, seconds / 60, seconds % 60);
            }
          else
            /* Translators: a data track in the export dialog: number and mode */
            text = g_strdup_printf (_("Track %02u (%s)"), number, sp_track_mode_to_string (sp_track_get_mode (track)));
          gtk_string_list_append (names, text);
          g_array_append_val (self->track_numbers, number);
        }
    }

  g_signal_handlers_block_by_func (self->track_row, on_track_selected, self);
  adw_combo_row_set_model (self->track_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->track_row, 0);
  g_signal_handlers_unblock_by_func (self->track_row, on_track_selected, self);

  /* One data track or one audio track: nothing to choose. */
  if (self->track_numbers->len > 0)
    self->track = g_array_index (self->track_numbers, guint, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->track_group), self->track_numbers->len > 1);
}

static void
on_track_selected (SpExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->track_row);

  if (i >= self->track_numbers->len)
    return;
  self->track = g_array_index (self->track_numbers, guint, i);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->confirmed, g_free);
  refresh (self);
}

static void
on_format_toggled (GtkCheckButton *button,
                   SpExportDialog *self)
{
  if (!gtk_check_button_get_active (button))
    return;

  self->format = (SpConvertFormat) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "format"));
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->confirmed, g_free);
  fill_tracks (self);
  refresh (self);
}

static void
build_formats (SpExportDialog *self)
{
  static const SpConvertFormat order[] = {
    SP_CONVERT_FORMAT_ISO, SP_CONVERT_FORMAT_WAVE, SP_CONVERT_FORMAT_FLAC, SP_CONVERT_FORMAT_BIN,
    SP_CONVERT_FORMAT_SPLIT, SP_CONVERT_FORMAT_CUE, SP_CONVERT_FORMAT_TOC,
  };
  GtkCheckButton *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      GtkWidget *row, *check;

      if (!format_applies (self, order[i]))
        continue;

      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by its row (the activatable widget is labelled by the title). */
      g_object_set_data (G_OBJECT (check), "format", GINT_TO_POINTER (order[i]));
      if (first)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      else
        first = GTK_CHECK_BUTTON (check);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), format_title (order[i]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), format_summary (self, order[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->format_group, row);

      g_array_append_val (self->formats, order[i]);
      g_ptr_array_add (self->format_buttons, check);
    }

  /* The first applicable one is chosen before the signals are connected:
   * the person sees a complete dialog, not an empty one. */
  if (first)
    {
      gtk_check_button_set_active (first, TRUE);
      self->format = g_array_index (self->formats, SpConvertFormat, 0);
    }
  for (guint i = 0; i < self->format_buttons->len; i++)
    g_signal_connect (g_ptr_array_index (self->format_buttons, i), "toggled", G_CALLBACK (on_format_toggled), self);
}

/* ---- Choosing the destination ---------------------------------------- */

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  SpExportDialog  *self)
{
  g_autoptr(GFile) file = NULL;
  gboolean folder = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (folder)
    g_set_object (&self->folder, file);
  else
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *path = g_file_get_path (file);

      g_set_object (&self->folder, parent);
      g_free (self->name);
      self->name = g_file_get_basename (file);
      /* The save dialog asked already whether to replace this one. */
      g_free (self->confirmed);
      self->confirmed = path && g_file_test (path, G_FILE_TEST_EXISTS) ? g_strdup (path) : NULL;
    }
  refresh (self);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpExportDialog *self = SP_EXPORT_DIALOG (widget);
  gboolean folder = writes_into_folder (self);
  g_autoptr(GFile) current = self->folder ? g_object_ref (self->folder) : default_folder (self);

  if (self->chooser)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  if (folder)
    self->chooser = gtk_file_chooser_native_new (_("Export Into Folder"), GTK_WINDOW (self),
                                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  else
    {
      g_auto(GStrv) outputs = self->convert ? sp_convert_dup_outputs (self->convert, NULL) : NULL;
      g_autofree char *name = outputs && outputs[0] ? g_path_get_basename (outputs[0]) : NULL;

      self->chooser = gtk_file_chooser_native_new (_("Export As"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
      if (name)
        gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Running ---------------------------------------------------------- */

static void
set_running (SpExportDialog *self,
             gboolean        running)
{
  gtk_widget_set_sensitive (self->setup_page, !running);
  gtk_widget_set_visible (self->cancel_button, !running);
  update_actions (self);
}

static void
show_done (SpExportDialog *self)
{
  g_auto(GStrv) written = sp_convert_dup_outputs (self->convert, NULL);
  g_auto(GStrv) warnings = sp_convert_dup_warnings (self->convert);
  guint n = written ? g_strv_length (written) : 0;
  g_autofree char *folder = n ? g_path_get_dirname (written[0]) : g_strdup ("");
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autofree char *shown = g_file_get_parse_name (folder_file);
  g_autofree char *description = NULL;

  clear_list (self->written_list);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_path_get_basename (written[i]);
      g_autofree char *size = NULL;
      GStatBuf st;

      if (g_stat (written[i], &st) == 0)
        size = g_format_size_full ((guint64) st.st_size, G_FORMAT_SIZE_LONG_FORMAT);
      gtk_list_box_append (self->written_list, file_row (name, size, output_icon (written[i])));
    }

  clear_list (self->warnings_list);
  for (guint i = 0; warnings && warnings[i]; i++)
    {
      GtkWidget *row = file_row (warnings[i], NULL, NULL);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->warnings_list, row);
    }
  gtk_widget_set_visible (self->warnings_box, warnings && warnings[0]);

  /* Translators: after an export: how many files, and the folder they are in */
  description = g_strdup_printf (ngettext ("%u file written in %s", "%u files written in %s", n), n, shown);
  adw_status_page_set_description (self->done_page, description);
  adw_status_page_set_title (self->done_page, warnings && warnings[0] ? _("Exported With Warnings")
                                                                       : _("Export Complete"));

  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_set_visible (self->export_button, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->close_button, TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->close_button);
  gtk_widget_grab_focus (self->close_button);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SpExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sp_convert_run_finish (SP_CONVERT (object), result, &error);

  g_clear_object (&self->cancellable);
  if (self->closed)
    return;

  sp_job_bar_finish (self->job_bar);
  set_running (self, FALSE);

  if (ok)
    show_done (self);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, _("Export cancelled: nothing was written"));
  else
    {
      /* Translators: an export failed; the reason names the file */
      g_autofree char *text = g_strdup_printf (_("Could not export: %s. Nothing was left behind."), error->message);
      refresh (self);
      show_error (self, text);
    }
}

static void
run (SpExportDialog *self,
     gboolean        overwrite)
{
  sp_convert_set_overwrite (self->convert, overwrite);
  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  sp_job_bar_start (self->job_bar, sp_convert_get_job (self->convert), _("Exporting…"), self->cancellable);
  set_running (self, TRUE);
  sp_convert_run_async (self->convert, self->cancellable, run_done, g_object_ref (self));
}

static void
replace_response (AdwMessageDialog *dialog,
                  const char       *response,
                  SpExportDialog   *self)
{
  if (g_str_equal (response, "replace") && !self->closed && self->cancellable == NULL)
    run (self, TRUE);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SpExportDialog *self = SP_EXPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) conflicts = NULL;
  g_autoptr(GPtrArray) ask = g_ptr_array_new ();
  gboolean confirmed = FALSE;

  if (!self->valid || self->cancellable)
    return;

  conflicts = sp_convert_find_conflicts (self->convert, &error);
  if (conflicts == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; conflicts[i]; i++)
    {
      if (g_strcmp0 (conflicts[i], self->confirmed) == 0)
        confirmed = TRUE;
      else
        g_ptr_array_add (ask, conflicts[i]);
    }

  if (ask->len > 0)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      GtkWidget *dialog;

      if (ask->len == 1)
        {
          g_autofree char *name = g_path_get_basename (g_ptr_array_index (ask, 0));
          g_autofree char *folder = g_path_get_dirname (g_ptr_array_index (ask, 0));

          /* Translators: asked before an export replaces a file: its name, its folder */
          g_string_printf (body, _("“%s” already exists in %s. Replacing it overwrites its contents."), name, folder);
        }
      else
        {
          g_autofree char *path = g_path_get_dirname (g_ptr_array_index (ask, 0));
          g_autofree char *folder = g_path_get_basename (path);

          /* Translators: asked before an export replaces files: how many, their folder's name */
          g_string_printf (body, ngettext ("%u file already exists in “%s” and would be replaced:",
                                           "%u files already exist in “%s” and would be replaced:", ask->len),
                           ask->len, folder);
          for (guint i = 0; i < ask->len && i < 6; i++)
            {
              g_autofree char *name = g_path_get_basename (g_ptr_array_index (ask, i));
              g_string_append_printf (body, "\n%s", name);
            }
          if (ask->len > 6)
            {
              g_string_append_c (body, '\n');
              g_string_append_printf (body, ngettext ("…and %u more", "…and %u more", ask->len - 6), ask->len - 6);
            }
        }

      dialog = adw_message_dialog_new (GTK_WINDOW (self), ask->len == 1 ? _("Replace Existing File?")
                                                                        : _("Replace Existing Files?"), body->str);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "replace", _("_Replace"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  run (self, confirmed);
}

/* ---- Showing the result ---------------------------------------------- */

static void
show_uri_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SpExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) && !self->closed &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, _("No file manager could show the folder"));
}

static void
show_folder (SpExportDialog *self)
{
  g_auto(GStrv) written = sp_convert_dup_outputs (self->convert, NULL);
  g_autofree char *folder = written && written[0] ? g_path_get_dirname (written[0]) : NULL;
  g_autoptr(GFile) file = folder ? g_file_new_for_path (folder) : NULL;
  g_autofree char *uri = file ? g_file_get_uri (file) : NULL;

  if (uri && !self->closed)
    gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, show_uri_done, g_object_ref (self));
}

/* The file manager's own interface selects the written files in their
 * folder; without one (no Nautilus, a bare session), the folder is opened
 * with whatever handles folders. */
static void
show_items_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SpExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);

  if (reply == NULL && !self->closed)
    {
      g_debug ("FileManager1.ShowItems: %s", error->message);
      show_folder (self);
    }
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpExportDialog *self = SP_EXPORT_DIALOG (widget);
  GApplication *app = g_application_get_default ();
  GDBusConnection *bus = app ? g_application_get_dbus_connection (app) : NULL;
  g_auto(GStrv) written = NULL;
  GVariantBuilder uris;

  if (self->convert == NULL)
    return;
  if (bus == NULL)
    {
      show_folder (self);
      return;
    }

  written = sp_convert_dup_outputs (self->convert, NULL);
  g_variant_builder_init (&uris, G_VARIANT_TYPE ("as"));
  for (guint i = 0; written && written[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (written[i]);
      g_autofree char *uri = g_file_get_uri (file);

      g_variant_builder_add (&uris, "s", uri);
    }
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(ass)", &uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          show_items_done, g_object_ref (self));
}

/* ---- Life ------------------------------------------------------------ */

static gboolean
sp_export_dialog_close_request (GtkWindow *window)
{
  SpExportDialog *self = SP_EXPORT_DIALOG (window);

  /* The worker notices, removes its temporary files, and finishes on its
   * own; run_done then finds the window closed. */
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  return GTK_WINDOW_CLASS (sp_export_dialog_parent_class)->close_request (window);
}

static void
sp_export_dialog_dispose (GObject *object)
{
  SpExportDialog *self = SP_EXPORT_DIALOG (object);

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (sp_export_dialog_parent_class)->dispose (object);
}

static void
sp_export_dialog_finalize (GObject *object)
{
  SpExportDialog *self = SP_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->convert);
  g_clear_object (&self->folder);
  g_clear_object (&self->image);
  g_clear_pointer (&self->formats, g_array_unref);
  g_clear_pointer (&self->format_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->track_numbers, g_array_unref);
  g_free (self->stem);
  g_free (self->name);
  g_free (self->confirmed);

  G_OBJECT_CLASS (sp_export_dialog_parent_class)->finalize (object);
}

static void
sp_export_dialog_class_init (SpExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_export_dialog_dispose;
  object_class->finalize = sp_export_dialog_finalize;
  window_class->close_request = sp_export_dialog_close_request;

  g_type_ensure (SP_TYPE_JOB_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, setup_page);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, format_group);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, track_group);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, track_row);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, outputs_list);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, written_list);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, SpExportDialog, job_bar);

  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "export.show", NULL, show_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sp_export_dialog_init (SpExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->formats = g_array_new (FALSE, FALSE, sizeof (SpConvertFormat));
  self->format_buttons = g_ptr_array_new ();
  self->track_numbers = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * sp_export_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 *
 * Returns: (transfer none): a new dialog, not yet presented
 */
SpExportDialog *
sp_export_dialog_new (SpImage   *image,
                      GtkWindow *parent)
{
  SpExportDialog *self;
  g_autofree char *name = NULL;
  const char *dot;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);

  self = g_object_new (SP_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->image = g_object_ref (image);
  name = g_file_get_basename (sp_image_get_file (image));
  dot = strrchr (name, '.');
  self->stem = dot && dot != name ? g_strndup (name, (gsize) (dot - name)) : g_strdup (name);
  adw_window_title_set_subtitle (self->window_title, sp_image_get_display_name (image));

  build_formats (self);
  fill_tracks (self);
  g_signal_connect_swapped (self->track_row, "notify::selected", G_CALLBACK (on_track_selected), self);
  refresh (self);

  /* Focus on the choice, not on Cancel. */
  if (self->format_buttons->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->format_buttons, 0));
  return self;
}
