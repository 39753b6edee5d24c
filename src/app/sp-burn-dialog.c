/* sp-burn-dialog.c
 *
 * Three pages: what to burn onto and how (setup), the burn as it goes
 * (progress), and what came of it (result).
 *
 * The setup page never lets a burn start that the burn layer would
 * refuse: each change of drive, disc or setting makes a new SpBurnPlan,
 * and its refusal (the disc is too small, the drive cannot write the
 * mode, no path writes the image exactly, the image has bad sectors) is
 * shown in place of the Burn button's use. The image's sectors are
 * checked once when the dialog opens, since a bad sector would be burned
 * as it is.
 *
 * The drives come from SpDriveList, which notices discs inserted and
 * removed; the last entry of the drive list is "Image File", libburn's
 * stdio: pseudo-drive writing the data track's user data to a file.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>
#include <glib/gstdio.h>

#include "sp-burn.h"
#include "sp-burn-dialog.h"
#include "sp-detail-row.h"

/* How many sectors that differ the result page lists. */
#define MAX_LISTED_MISMATCHES 20

struct _SpBurnDialog
{
  AdwWindow parent_instance;

  SpImage *image;
  SpDriveList *drives;
  GListStore *extra;              /* the "Image File" entry */
  GtkFlattenListModel *targets;   /* drives, then "Image File" */
  char *address;                  /* the chosen drive, kept across list changes */
  gboolean want_file;             /* "Image File" chosen */
  char *file_path;
  SpDrive *file_drive;            /* the stdio: target, once inquired */
  SpDrive *shown_drive;           /* whose modes and speeds the rows list */
  GCancellable *cancellable;      /* scans, inquiries, the sector check */
  GtkFileChooserNative *chooser;

  SpVerify *verify;
  gboolean check_done;
  SpBurnPlan *plan;

  GArray *mode_values;            /* SpWriteMode per mode_row entry */
  GArray *speed_values;           /* kB/s per speed_row entry */
  gboolean refilling;

  SpBurnJob *job;
  GCancellable *burn_cancellable;
  guint inhibit_cookie;
  gint64 burn_started;
  AdwMessageDialog *stop_question;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *close_button;
  GtkWidget *burn_button;
  GtkStack *stack;
  GtkWidget *refusal_box;
  GtkLabel *refusal_label;
  AdwComboRow *drive_row;
  AdwActionRow *file_row;
  AdwActionRow *medium_row;
  GtkSpinner *scan_spinner;
  GtkWidget *capacity_box;
  GtkLevelBar *capacity_bar;
  GtkLabel *capacity_label;
  AdwActionRow *check_row;
  GtkSpinner *check_spinner;
  AdwExpanderRow *layout_row;
  GtkLabel *layout_label;
  GtkWidget *save_box;
  GtkLabel *save_label;
  AdwComboRow *backend_row;
  GtkNativeDialog *save_chooser;  /* saving the layout as a TOC or cue sheet */
  AdwComboRow *mode_row;
  AdwComboRow *speed_row;
  AdwComboRow *blank_row;
  GtkWidget *verify_row;
  GtkSwitch *verify_switch;
  GtkWidget *simulate_row;
  GtkSwitch *simulate_switch;
  GtkSwitch *eject_switch;
  GtkWidget *copies_row;
  GtkSpinButton *copies_spin;
  GtkLabel *phase_label;
  GtkLabel *copy_label;
  GtkProgressBar *progress_bar;
  GtkListBox *progress_list;
  GtkWidget *stop_button;
  AdwStatusPage *result_page;
  GtkListBox *result_list;

  GtkWidget *speed_value;
  GtkWidget *sectors_value;
  GtkWidget *eta_value;
  GtkWidget *buffer_value;
  GtkWidget *fifo_value;
  GtkWidget *buffer_row;   /* the list rows of the two, hidden for a file */
  GtkWidget *fifo_row;
};

G_DEFINE_FINAL_TYPE (SpBurnDialog, sp_burn_dialog, ADW_TYPE_WINDOW)

static void refresh (SpBurnDialog *self);

/* ---- Targets ---------------------------------------------------------- */

static char *
target_name (GObject *item)
{
  if (SP_IS_DRIVE (item))
    /* Translators: a drive in the Burn dialog: its name and its device */
    return g_strdup_printf (_("%s (%s)"), sp_drive_get_display_name (SP_DRIVE (item)),
                            sp_drive_get_address (SP_DRIVE (item)));
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  return g_strdup ("");
}

static SpDrive *
current_drive (SpBurnDialog *self)
{
  if (self->want_file)
    return self->file_drive;
  return self->address ? sp_drive_list_find (self->drives, self->address) : NULL;
}

/* Write-once discs are spoiled by a burn that stops midway. */
static gboolean
write_once (SpDrive *drive)
{
  switch (sp_drive_get_media_kind (drive))
    {
    case SP_MEDIA_KIND_CD_R:
    case SP_MEDIA_KIND_DVD_R:
    case SP_MEDIA_KIND_DVD_PLUS_R:
    case SP_MEDIA_KIND_BD_R:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
medium_text (SpDrive *drive)
{
  const char *kind = sp_media_kind_to_string (sp_drive_get_media_kind (drive));
  g_autofree char *free_space = g_format_size (sp_drive_get_free_bytes (drive));

  if (sp_drive_get_error (drive))
    return g_strdup (sp_drive_get_error (drive));
  if (sp_drive_is_file (drive))
    /* Translators: the free space where an image file is written */
    return g_strdup_printf (_("%s free on its file system"), free_space);

  switch (sp_drive_get_media_status (drive))
    {
    case SP_MEDIA_STATUS_NONE:
      return g_strdup (_("No disc: insert a blank one"));
    case SP_MEDIA_STATUS_BLANK:
      /* Translators: a disc in the drive, its kind and room: "Blank CD-R, 702.8 MB free" */
      return g_strdup_printf (_("Blank %s, %s free"), kind, free_space);
    case SP_MEDIA_STATUS_APPENDABLE:
      return g_strdup_printf (_("%s with data, %s free"), kind, free_space);
    case SP_MEDIA_STATUS_CLOSED:
      if (sp_drive_is_erasable (drive))
        return g_strdup_printf (_("%s with data: it can be erased"), kind);
      return g_strdup_printf (_("%s that is full or closed: insert a blank disc"), kind);
    case SP_MEDIA_STATUS_UNSUITABLE:
      return g_strdup_printf (_("%s: this drive cannot write it"), sp_drive_get_profile_name (drive));
    case SP_MEDIA_STATUS_UNKNOWN:
    default:
      return g_strdup (_("The drive could not be read"));
    }
}

/* ---- Settings rows ---------------------------------------------------- */

static const char *
mode_label (SpWriteMode mode)
{
  switch (mode)
    {
    case SP_WRITE_MODE_SAO: return _("Disc at once (SAO)");
    case SP_WRITE_MODE_TAO: return _("Track at once (TAO)");
    case SP_WRITE_MODE_RAW: return _("Raw (RAW96R)");
    case SP_WRITE_MODE_AUTO:
    default:                return _("Automatic");
    }
}

static void
refill_modes (SpBurnDialog *self,
              SpDrive      *drive)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  SpWriteModeFlags flags = drive ? sp_drive_get_write_modes (drive) : SP_WRITE_MODE_FLAG_NONE;
  static const struct { SpWriteMode mode; SpWriteModeFlags flag; } modes[] = {
    { SP_WRITE_MODE_SAO, SP_WRITE_MODE_FLAG_SAO },
    { SP_WRITE_MODE_TAO, SP_WRITE_MODE_FLAG_TAO },
    { SP_WRITE_MODE_RAW, SP_WRITE_MODE_FLAG_RAW },
  };
  SpWriteMode automatic = SP_WRITE_MODE_AUTO;

  g_array_set_size (self->mode_values, 0);
  g_array_append_val (self->mode_values, automatic);
  gtk_string_list_append (names, mode_label (SP_WRITE_MODE_AUTO));
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (flags & modes[i].flag)
      {
        g_array_append_val (self->mode_values, modes[i].mode);
        gtk_string_list_append (names, mode_label (modes[i].mode));
      }
  adw_combo_row_set_model (self->mode_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->mode_row, 0);
}

static void
refill_speeds (SpBurnDialog *self,
               SpDrive      *drive)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n_speeds = 0;
  const int *speeds = drive ? sp_drive_get_write_speeds (drive, &n_speeds) : NULL;
  double unit = drive ? sp_media_kind_get_speed_unit (sp_drive_get_media_kind (drive)) : 0;
  int max = SP_BURN_SPEED_MAX;

  g_array_set_size (self->speed_values, 0);
  g_array_append_val (self->speed_values, max);
  gtk_string_list_append (names, _("Fastest"));
  /* Fastest first, as drives list them. */
  for (guint i = 0; i < n_speeds; i++)
    {
      g_autofree char *name = NULL;

      if (unit > 0)
        /* Translators: a write speed: "16× (2822 kB/s)" */
        name = g_strdup_printf (_("%.0f× (%d kB/s)"), speeds[i] / unit, speeds[i]);
      else
        name = g_strdup_printf (_("%d kB/s"), speeds[i]);
      g_array_append_val (self->speed_values, speeds[i]);
      gtk_string_list_append (names, name);
    }
  adw_combo_row_set_model (self->speed_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->speed_row, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->speed_row), n_speeds > 0);
}

static void
collect_options (SpBurnDialog  *self,
                 SpBurnOptions *options)
{
  guint mode = adw_combo_row_get_selected (self->mode_row);
  guint speed = adw_combo_row_get_selected (self->speed_row);
  SpDrive *drive = current_drive (self);

  options->write_mode = mode < self->mode_values->len ? g_array_index (self->mode_values, SpWriteMode, mode)
                                                      : SP_WRITE_MODE_AUTO;
  options->speed = speed < self->speed_values->len ? g_array_index (self->speed_values, int, speed)
                                                   : SP_BURN_SPEED_MAX;
  options->simulate = gtk_widget_get_sensitive (self->simulate_row) && gtk_switch_get_active (self->simulate_switch);
  options->verify = gtk_widget_get_sensitive (self->verify_row) && gtk_switch_get_active (self->verify_switch);
  options->eject = gtk_switch_get_active (self->eject_switch);
  options->copies = gtk_widget_get_sensitive (self->copies_row) ? (guint) gtk_spin_button_get_value_as_int (self->copies_spin) : 1;
  options->burnfree = drive ? sp_drive_can_burnfree (drive) : FALSE;
  options->backend = adw_combo_row_get_selected (self->backend_row);
  options->blank = SP_BLANK_NONE;
  if (gtk_widget_get_visible (GTK_WIDGET (self->blank_row)))
    options->blank = adw_combo_row_get_selected (self->blank_row) == 1 ? SP_BLANK_FULL : SP_BLANK_FAST;
}

/* ---- The setup page --------------------------------------------------- */

static char *
length_text (gint64 sectors)
{
  /* Minutes and seconds, as discs are sold ("80 min"). */
  return g_strdup_printf ("%" PRId64 ":%02" PRId64, sectors / (75 * 60), sectors / 75 % 60);
}

static void
show_capacity (SpBurnDialog *self,
               SpDrive      *drive)
{
  gint64 need = self->plan ? sp_burn_plan_get_sectors (self->plan) : sp_image_get_leadout (self->image);
  guint64 need_bytes = self->plan ? sp_burn_plan_get_bytes (self->plan) : (guint64) need * 2048;
  g_autofree char *text = NULL;
  double fraction;

  if (drive == NULL || sp_drive_get_error (drive)
      || (!sp_drive_is_file (drive) && sp_drive_get_media_status (drive) != SP_MEDIA_STATUS_BLANK
          && sp_drive_get_media_status (drive) != SP_MEDIA_STATUS_APPENDABLE))
    {
      gtk_widget_set_visible (self->capacity_box, FALSE);
      return;
    }
  gtk_widget_set_visible (self->capacity_box, TRUE);

  if (sp_drive_is_file (drive))
    {
      guint64 room = sp_drive_get_free_bytes (drive);
      g_autofree char *a = g_format_size (need_bytes);
      g_autofree char *b = g_format_size (room);

      fraction = room ? (double) need_bytes / room : 1.0;
      text = need_bytes <= room ? g_strdup_printf (_("The file will take %s of the %s free"), a, b)
                                : g_strdup_printf (_("The file needs %s: only %s is free"), a, b);
    }
  else
    {
      gint64 room = sp_drive_get_free_sectors (drive);
      g_autofree char *a = length_text (need);
      g_autofree char *b = length_text (room);
      g_autofree char *a_bytes = g_format_size ((guint64) need * 2048);
      g_autofree char *b_bytes = g_format_size ((guint64) MAX (room, 0) * 2048);

      fraction = room > 0 ? (double) need / room : 1.0;
      if (need <= room)
        /* Translators: disc space: "10:52 of 79:59 (14%), 95.8 MB of 702.8 MB" */
        text = g_strdup_printf (_("The image fills %s of %s (%.0f%%), %s of %s"), a, b, fraction * 100,
                                a_bytes, b_bytes);
      else
        text = g_strdup_printf (_("The image needs %s (%s) but the disc holds %s (%s)"), a, a_bytes, b, b_bytes);
    }

  gtk_level_bar_set_value (self->capacity_bar, MIN (fraction, 1.0));
  gtk_label_set_label (self->capacity_label, text);
  if (fraction > 1.0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->capacity_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->capacity_bar), "over-capacity");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_bar), "over-capacity");
    }
}

/* The layout the drive will receive, as the plan has it: sessions, tracks,
 * how each is sent, pregaps, indices, ISRC, MCN, CD-TEXT, the backend and
 * its write mode, and the size against the room on the disc. */
static void
show_layout (SpBurnDialog *self)
{
  if (self->plan)
    {
      g_autofree char *layout = sp_burn_plan_dup_layout (self->plan);
      g_autofree char *mode = g_ascii_strup (sp_write_mode_to_string (sp_burn_plan_get_write_mode (self->plan)), -1);
      g_autofree char *subtitle = g_strdup_printf (_("%s, %s"), sp_burn_backend_kind_to_string (sp_burn_plan_get_backend (self->plan)),
                                                   mode);

      g_strchomp (layout);
      adw_expander_row_set_subtitle (self->layout_row, subtitle);
      gtk_label_set_label (self->layout_label, layout);
    }
  else
    {
      adw_expander_row_set_subtitle (self->layout_row, "");
      gtk_label_set_label (self->layout_label, _("Nothing: see above why this image cannot be burned here"));
    }
  gtk_widget_set_sensitive (self->save_box, self->plan != NULL);
  /* The choice of backend matters only where both would be exact. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->backend_row),
                            adw_combo_row_get_selected (self->backend_row) != SP_BURN_BACKEND_CHOICE_AUTO
                            || (self->plan && sp_burn_plan_get_other_backend_exact (self->plan)));
}

static void
refresh (SpBurnDialog *self)
{
  SpDrive *drive = current_drive (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  const char *refusal = NULL;
  g_autofree char *medium = NULL;
  g_autofree char *no_verify = NULL;
  gboolean scanning = sp_drive_list_get_scanning (self->drives);

  if (self->refilling)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->file_row), self->want_file);
  if (self->want_file)
    adw_action_row_set_subtitle (self->file_row, self->file_path ? self->file_path : "");

  /* Modes and speeds are those of the disc in the drive. */
  if (drive != self->shown_drive)
    {
      self->refilling = TRUE;
      refill_modes (self, drive);
      refill_speeds (self, drive);
      gtk_widget_set_visible (GTK_WIDGET (self->blank_row),
                              drive && !sp_drive_is_file (drive) && sp_drive_is_erasable (drive)
                              && sp_drive_get_media_status (drive) != SP_MEDIA_STATUS_BLANK);
      gtk_widget_set_sensitive (self->simulate_row, drive && sp_drive_can_simulate (drive));
      if (drive && !sp_drive_can_simulate (drive))
        gtk_switch_set_active (self->simulate_switch, FALSE);
      self->refilling = FALSE;
      g_set_object (&self->shown_drive, drive);
    }
  /* An image file is checked as it is written; copies of it make no sense. */
  gtk_widget_set_sensitive (self->copies_row, drive == NULL || !sp_drive_is_file (drive));
  gtk_widget_set_sensitive (self->verify_row, !gtk_switch_get_active (self->simulate_switch));

  if (drive)
    medium = medium_text (drive);
  else if (self->want_file)
    medium = g_strdup (self->file_path ? _("Looking at the file's folder…") : _("Choose where to write the file"));
  else if (scanning)
    medium = g_strdup (_("Looking for drives…"));
  else
    medium = g_strdup (_("No drive found: connect one, or write an image file"));
  adw_action_row_set_subtitle (self->medium_row, medium);
  /* An image file is written to a folder, not to a disc. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->medium_row),
                                 self->want_file ? _("Free Space") : _("Disc"));
  if (scanning && !self->want_file)
    gtk_spinner_start (self->scan_spinner);
  else
    gtk_spinner_stop (self->scan_spinner);

  g_clear_object (&self->plan);
  collect_options (self, options);
  if (drive && self->check_done)
    {
      self->plan = sp_burn_plan_new (self->image, drive, options, self->verify, &error);
      if (self->plan == NULL && options->verify)
        {
          /* A disc Spindle cannot read back yet (Mode 2) can still be
           * burned: the Verify row says why it is off, the burn goes on. */
          options->verify = FALSE;
          self->plan = sp_burn_plan_new (self->image, drive, options, self->verify, NULL);
          if (self->plan)
            no_verify = g_strdup (error->message);
          else
            options->verify = TRUE;
        }
      else if (self->plan && !options->verify && !options->simulate)
        {
          /* Verify switched off: whether it could be on, to say so. */
          g_autoptr(SpBurnOptions) with_verify = sp_burn_options_copy (options);
          g_autoptr(GError) verify_error = NULL;
          g_autoptr(SpBurnPlan) probe = NULL;

          with_verify->verify = TRUE;
          probe = sp_burn_plan_new (self->image, drive, with_verify, self->verify, &verify_error);
          if (probe == NULL)
            no_verify = g_strdup (verify_error->message);
        }
      if (self->plan == NULL)
        refusal = error->message;
    }
  if (no_verify)
    {
      /* Shown off, as it will be: a dimmed switch that is on would say
       * the opposite of the row's text. */
      self->refilling = TRUE;
      gtk_switch_set_active (self->verify_switch, FALSE);
      self->refilling = FALSE;
      gtk_widget_set_sensitive (self->verify_row, FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->verify_row), no_verify);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->verify_row),
                                 _("Read the disc back and compare every sector with the image"));

  show_capacity (self, drive);
  show_layout (self);

  gtk_label_set_label (self->refusal_label, refusal ? refusal : "");
  gtk_widget_set_visible (self->refusal_box, refusal != NULL);
  gtk_widget_set_sensitive (self->burn_button, self->plan != NULL);
  gtk_button_set_label (GTK_BUTTON (self->burn_button),
                        options->simulate ? _("Simulate") : drive && sp_drive_is_file (drive) ? _("Write") : _("Burn"));
}

/* ---- Drive choice ----------------------------------------------------- */

static void
select_address (SpBurnDialog *self)
{
  GListModel *model = G_LIST_MODEL (self->targets);
  guint n = g_list_model_get_n_items (model);

  self->refilling = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if ((self->want_file && GTK_IS_STRING_OBJECT (item))
          || (!self->want_file && SP_IS_DRIVE (item) && g_strcmp0 (sp_drive_get_address (SP_DRIVE (item)), self->address) == 0))
        {
          adw_combo_row_set_selected (self->drive_row, i);
          break;
        }
    }
  self->refilling = FALSE;
}

static void
file_inquired (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SpBurnDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDrive) drive = sp_drive_inquire_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (drive == NULL)
    {
      gtk_label_set_label (self->refusal_label, error->message);
      gtk_widget_set_visible (self->refusal_box, TRUE);
      return;
    }
  /* Only the answer for the file chosen last counts. */
  if (self->file_path && g_str_equal (sp_drive_get_address (drive) + strlen ("stdio:"), self->file_path))
    {
      g_set_object (&self->file_drive, drive);
      refresh (self);
    }
}

static void
set_file_path (SpBurnDialog *self,
               const char   *path)
{
  g_autofree char *address = NULL;

  g_free (self->file_path);
  self->file_path = g_strdup (path);
  g_clear_object (&self->file_drive);
  g_clear_object (&self->shown_drive);
  refresh (self);

  /* The planner refuses a file that is part of the image. */
  address = g_strconcat ("stdio:", path, NULL);
  sp_drive_inquire_async (address, self->cancellable, file_inquired, g_object_ref (self));
}

/* A name beside nothing that exists: "Name.iso", "Name (2).iso", ... */
static char *
default_file_path (SpBurnDialog *self)
{
  const char *folder = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *stem = g_strdup (sp_image_get_display_name (self->image));
  char *dot = strrchr (stem, '.');

  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    folder = g_get_home_dir ();
  if (dot && dot != stem)
    *dot = '\0';
  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s.iso", stem) : g_strdup_printf ("%s (%u).iso", stem, n);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return g_build_filename (folder, "image.iso", NULL);
}

static void
on_target_selected (SpBurnDialog *self)
{
  g_autoptr(GObject) item = NULL;
  guint selected;

  if (self->refilling)
    return;
  selected = adw_combo_row_get_selected (self->drive_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->targets), selected);
  if (SP_IS_DRIVE (item))
    {
      self->want_file = FALSE;
      g_free (self->address);
      self->address = g_strdup (sp_drive_get_address (SP_DRIVE (item)));
      refresh (self);
    }
  else
    {
      self->want_file = TRUE;
      if (self->file_path == NULL)
        {
          g_autofree char *path = default_file_path (self);

          set_file_path (self, path);
        }
      else
        refresh (self);
    }
}

/* A drive appeared or went, or its disc changed (the list replaces the
 * drive's item): keep the choice by address. */
static void
on_drives_changed (SpBurnDialog *self)
{
  if (!self->want_file && self->address == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->drives)) > 0)
    {
      g_autoptr(SpDrive) first = g_list_model_get_item (G_LIST_MODEL (self->drives), 0);

      self->address = g_strdup (sp_drive_get_address (first));
    }
  select_address (self);
  if (!self->want_file && current_drive (self) == NULL && self->address)
    {
      /* The chosen drive went away. */
      g_clear_pointer (&self->address, g_free);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->drives)) == 0)
        {
          self->want_file = TRUE;
          if (self->file_path == NULL)
            {
              g_autofree char *path = default_file_path (self);

              set_file_path (self, path);
            }
        }
      select_address (self);
    }
  refresh (self);
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpBurnDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sp_drive_list_scan_finish (SP_DRIVE_LIST (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_action_row_set_subtitle (self->medium_row, error->message);
  if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->extra)) == 0)
        {
          g_autoptr(GtkStringObject) file_entry = gtk_string_object_new (_("Image File"));

          g_list_store_append (self->extra, file_entry);
        }
      /* No drive at all: the image file is the only target. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->drives)) == 0 && !self->want_file)
        {
          g_autofree char *path = default_file_path (self);

          self->want_file = TRUE;
          select_address (self);
          set_file_path (self, path);
        }
      on_drives_changed (self);
    }
}

static void
file_chosen (GtkNativeDialog *dialog,
             int              response,
             SpBurnDialog    *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file && g_file_get_path (file))
    {
      g_autofree char *path = g_file_get_path (file);

      set_file_path (self, path);
    }
}

static void
on_choose_file (SpBurnDialog *self)
{
  g_autoptr(GFile) current = NULL;

  if (self->chooser)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Write the Image File As"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->file_path)
    {
      current = g_file_new_for_path (self->file_path);
      if (g_file_query_exists (current, NULL))
        gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
      else
        {
          g_autoptr(GFile) folder = g_file_get_parent (current);
          g_autofree char *name = g_file_get_basename (current);

          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
          gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
        }
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Saving the layout ------------------------------------------------ */

static void
layout_save_chosen (GtkNativeDialog *dialog,
                    int              response,
                    SpBurnDialog    *self)
{
  gboolean toc = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "toc"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->save_chooser);
  if (file == NULL || self->plan == NULL)
    return;
  if (toc ? sp_burn_plan_save_toc (self->plan, file, &error) : sp_burn_plan_save_cue (self->plan, file, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: after the layout was saved as a TOC or cue sheet */
      text = g_strdup_printf (_("Saved as %s"), name);
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "error");
    }
  else
    {
      text = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "error");
    }
  gtk_label_set_label (self->save_label, text);
}

/* The layout as a sheet another tool reads: a cdrdao TOC (burn the same
 * disc with cdrdao by hand) or a clean cue sheet, naming the image's files
 * relative to the folder it is saved in. Proposed beside the image, under
 * a name that is not the image's own sheet. */
static void
save_layout (SpBurnDialog *self,
             gboolean      toc)
{
  g_autoptr(GFile) folder = g_file_get_parent (sp_image_get_file (self->image));
  g_autofree char *base = g_file_get_basename (sp_image_get_file (self->image));
  char *dot = strrchr (base, '.');
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->save_chooser || self->plan == NULL)
    return;
  if (dot && dot != base)
    *dot = '\0';
  /* Translators: the proposed name of a cue sheet saved from the burn layout; %s is the image's name */
  name = toc ? g_strconcat (base, ".toc", NULL) : g_strdup_printf (_("%s (burn).cue"), base);
  chooser = gtk_file_chooser_native_new (toc ? _("Save as cdrdao TOC") : _("Save as Cue Sheet"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (folder)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "toc", GINT_TO_POINTER (toc));
  g_signal_connect (chooser, "response", G_CALLBACK (layout_save_chosen), self);
  self->save_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->save_chooser);
}

static void
on_save_toc_clicked (SpBurnDialog *self)
{
  save_layout (self, TRUE);
}

static void
on_save_cue_clicked (SpBurnDialog *self)
{
  save_layout (self, FALSE);
}

/* ---- The sector check ------------------------------------------------- */

static void
show_check_progress (SpBurnDialog *self)
{
  g_autofree char *text = g_strdup_printf (_("Checking every sector… %.0f%%"),
                                           sp_job_get_fraction (sp_verify_get_job (self->verify)) * 100);

  adw_action_row_set_subtitle (self->check_row, text);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SpBurnDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = sp_verify_run_finish (SP_VERIFY (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_signal_handlers_disconnect_by_data (sp_verify_get_job (self->verify), self);
  gtk_spinner_stop (self->check_spinner);

  if (!ok && error)
    {
      /* Not even readable: the plan refuses with the image's own errors. */
      adw_action_row_set_subtitle (self->check_row, error->message);
      g_clear_object (&self->verify);
    }
  else if (sp_verify_get_n_bad_total (self->verify) == 0)
    {
      g_autofree char *count = g_strdup_printf ("%" PRId64, sp_verify_get_sectors (self->verify));

      text = g_strdup_printf (_("No errors in %s sectors"), count);
      adw_action_row_set_subtitle (self->check_row, text);
    }
  else
    {
      guint64 n = sp_verify_get_n_bad_total (self->verify);

      text = g_strdup_printf (ngettext ("%" PRIu64 " bad sector: it would be burned as it is",
                                        "%" PRIu64 " bad sectors: they would be burned as they are", n), n);
      adw_action_row_set_subtitle (self->check_row, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->check_row), "error");
    }
  self->check_done = TRUE;
  refresh (self);
}

/* ---- Burning ---------------------------------------------------------- */

static void
update_progress (SpBurnDialog *self)
{
  SpBurnJob *job = self->job;
  SpJob *phase_job = sp_burn_job_get_job (job);
  SpBurnPhase phase = sp_burn_job_get_phase (job);
  const SpBurnOptions *options = sp_burn_job_get_options (job);
  double fraction = phase_job ? sp_job_get_fraction (phase_job) : 0;
  gint64 eta = phase_job ? sp_job_get_eta (phase_job) : -1;
  double speed = sp_burn_job_get_write_speed (job);
  double buffer = sp_burn_job_get_drive_buffer (job);
  double fifo = sp_burn_job_get_fifo_fill (job);
  SpBurnPlan *plan = sp_burn_job_get_plan (job);
  gboolean to_file = plan && sp_drive_is_file (sp_burn_plan_get_drive (plan));
  double unit = plan ? sp_media_kind_get_speed_unit (sp_drive_get_media_kind (sp_burn_plan_get_drive (plan))) : 0;
  g_autofree char *percent = g_strdup_printf ("%.0f%%", fraction * 100);
  g_autofree char *speed_text = NULL;
  g_autofree char *sectors_text = NULL;
  g_autofree char *eta_text = NULL;
  g_autofree char *buffer_text = NULL;
  g_autofree char *fifo_text = NULL;

  gtk_label_set_label (self->phase_label, sp_burn_phase_describe (phase));
  if (options->copies > 1)
    {
      g_autofree char *copy = g_strdup_printf (_("Copy %u of %u"), MAX (sp_burn_job_get_copy (job), 1), options->copies);

      gtk_label_set_label (self->copy_label, copy);
      gtk_widget_set_visible (GTK_WIDGET (self->copy_label), TRUE);
    }

  if (phase == SP_BURN_PHASE_WAITING_FOR_MEDIUM)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, percent);

  /* A disc's speed is told as the × the drive's box prints; a file has none. */
  if (speed > 0 && to_file)
    {
      g_autofree char *rate = g_format_size ((guint64) (speed * 1000));

      /* Translators: a transfer rate, e.g. “75.7 MB/s” */
      speed_text = g_strdup_printf (_("%s/s"), rate);
    }
  else if (speed > 0 && unit > 0)
    speed_text = g_strdup_printf (_("%.1f× (%.0f kB/s)"), speed / unit, speed);
  else if (speed > 0)
    speed_text = g_strdup_printf (_("%.0f kB/s"), speed);
  else
    speed_text = g_strdup ("—");
  if (sp_burn_job_get_sectors_total (job) > 0)
    sectors_text = g_strdup_printf (_("%" PRId64 " of %" PRId64), sp_burn_job_get_sectors_done (job),
                                    sp_burn_job_get_sectors_total (job));
  else
    sectors_text = g_strdup ("—");
  eta_text = eta >= 0 ? g_strdup_printf ("%" PRId64 ":%02" PRId64, eta / 60, eta % 60) : g_strdup ("—");
  buffer_text = buffer >= 0 ? g_strdup_printf ("%.0f%%", buffer * 100) : g_strdup ("—");
  fifo_text = fifo >= 0 ? g_strdup_printf ("%.0f%%", fifo * 100) : g_strdup ("—");

  gtk_label_set_label (GTK_LABEL (self->speed_value), speed_text);
  gtk_label_set_label (GTK_LABEL (self->sectors_value), sectors_text);
  gtk_label_set_label (GTK_LABEL (self->eta_value), eta_text);
  gtk_label_set_label (GTK_LABEL (self->buffer_value), buffer_text);
  gtk_label_set_label (GTK_LABEL (self->fifo_value), fifo_text);
  /* A file has no drive buffer, and is written without Spindle's buffer
   * (sp-burn-layout.c): rows that could only ever say "—" are left out. */
  gtk_widget_set_visible (self->buffer_row, !to_file);
  gtk_widget_set_visible (self->fifo_row, !to_file);

  /* libburn cannot stop an erase (libburn.h, burn_disc_erase). */
  gtk_widget_set_sensitive (self->stop_button, phase != SP_BURN_PHASE_BLANKING && !g_cancellable_is_cancelled (self->burn_cancellable));
  gtk_widget_set_tooltip_text (self->stop_button,
                               phase == SP_BURN_PHASE_BLANKING ? _("Erasing a disc cannot be interrupted") : NULL);
}

static void
on_burning_changed (SpBurnDialog *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL)
    return;
  if (sp_burn_job_get_burning (self->job) && self->inhibit_cookie == 0)
    self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self),
                                                    GTK_APPLICATION_INHIBIT_SUSPEND | GTK_APPLICATION_INHIBIT_LOGOUT,
                                                    _("Burning a disc"));
  else if (!sp_burn_job_get_burning (self->job) && self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (app, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

static void
notify_done (SpBurnDialog *self,
             const char   *title,
             const char   *body)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;

  /* Only when the person is looking elsewhere. */
  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)))
    return;
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (app, "burn-finished", notification);
}

static void
show_result (SpBurnDialog *self,
             GError       *error)
{
  SpBurnJob *job = self->job;
  const SpBurnOptions *options = sp_burn_job_get_options (job);
  SpBurnPlan *plan = sp_burn_job_get_plan (job);
  gboolean file = plan && sp_drive_is_file (sp_burn_plan_get_drive (plan));
  g_autoptr(GString) body = g_string_new (NULL);
  const char *title;
  const char *icon;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->result_list))))
    gtk_list_box_remove (self->result_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->result_list), FALSE);

  if (error)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      title = cancelled ? _("Burn Stopped") : _("Burn Failed");
      icon = cancelled ? "process-stop-symbolic" : "dialog-error-symbolic";
      g_string_append (body, error->message);
    }
  else if (sp_burn_job_get_n_mismatches_total (job) > 0)
    {
      guint64 n = sp_burn_job_get_n_mismatches_total (job);

      title = _("The Disc Differs From the Image");
      icon = "dialog-warning-symbolic";
      g_string_append_printf (body, ngettext ("%" PRIu64 " sector reads back differently from the image.",
                                              "%" PRIu64 " sectors read back differently from the image.", n), n);
      for (guint i = 0; i < sp_burn_job_get_n_mismatches (job) && i < MAX_LISTED_MISMATCHES; i++)
        {
          const SpBurnMismatch *m = sp_burn_job_get_mismatch (job, i);
          char msf[SP_MSF_STRING_SIZE];
          g_autofree char *where = g_strdup_printf (_("Sector %" PRId64 " (%s), track %02u"), m->position,
                                                    sp_msf_format (m->position, msf), m->track);
          g_autofree char *what = m->offset < 0 ? g_strdup (_("unreadable"))
                                                : g_strdup_printf (_("differs from byte %d"), m->offset);

          gtk_list_box_append (self->result_list, sp_detail_row_new (where, what, NULL));
        }
      gtk_widget_set_visible (GTK_WIDGET (self->result_list), TRUE);
    }
  else
    {
      gint64 seconds = (g_get_monotonic_time () - self->burn_started) / G_USEC_PER_SEC;
      g_autofree char *size = g_format_size (plan ? sp_burn_plan_get_bytes (plan) : 0);

      icon = "emblem-ok-symbolic";
      if (options->simulate)
        title = _("Simulation Complete");
      else if (file)
        title = _("Image File Written");
      else
        title = options->copies > 1 ? _("Discs Burned") : _("Disc Burned");

      /* Translators: after a burn: how much, how long */
      g_string_append_printf (body, _("%s in %" PRId64 ":%02" PRId64 "."), size, seconds / 60, seconds % 60);
      if (options->simulate)
        g_string_append_printf (body, " %s", _("Nothing was written: the burn would have worked."));
      else if (sp_burn_job_get_verified (job))
        g_string_append_printf (body, " %s", _("Verified: every sector reads back as in the image."));
      else
        g_string_append_printf (body, " %s", _("Not verified."));
      if (file && !options->simulate)
        g_string_append_printf (body, "\n%s", self->file_path);
    }

  adw_status_page_set_title (self->result_page, title);
  adw_status_page_set_description (self->result_page, body->str);
  adw_status_page_set_icon_name (self->result_page, icon);
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_set_visible (self->close_button, FALSE);
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  notify_done (self, title, body->str);
}

static void
burn_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpBurnDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  sp_burn_job_run_finish (SP_BURN_JOB (object), result, &error);
  g_signal_handlers_disconnect_by_data (object, self);
  if (self->stop_question)
    gtk_window_destroy (GTK_WINDOW (self->stop_question));
  if (self->inhibit_cookie)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (app)
        gtk_application_uninhibit (app, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
  show_result (self, error);
}

static void
on_burn_clicked (SpBurnDialog *self)
{
  SpDrive *drive = current_drive (self);
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  g_autofree char *title = NULL;

  if (self->plan == NULL || drive == NULL)
    return;

  collect_options (self, options);
  self->job = sp_burn_job_new (self->image, sp_drive_get_address (drive));
  sp_burn_job_set_options (self->job, options);
  if (self->verify)
    sp_burn_job_set_image_verify (self->job, self->verify);
  self->burn_cancellable = g_cancellable_new ();
  self->burn_started = g_get_monotonic_time ();

  g_signal_connect_swapped (self->job, "notify", G_CALLBACK (update_progress), self);
  g_signal_connect_swapped (self->job, "notify::burning", G_CALLBACK (on_burning_changed), self);

  title = g_strdup_printf (_("Burning “%s”"), sp_image_get_display_name (self->image));
  adw_window_title_set_title (self->window_title, options->simulate ? _("Simulating a Burn") : title);
  gtk_widget_set_visible (self->burn_button, FALSE);
  gtk_widget_set_visible (self->close_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  update_progress (self);
  gtk_widget_grab_focus (self->stop_button);

  sp_burn_job_run_async (self->job, self->burn_cancellable, burn_done, g_object_ref (self));
}

static void
stop_response (AdwMessageDialog *dialog,
               const char       *response,
               SpBurnDialog     *self)
{
  self->stop_question = NULL;
  if (g_str_equal (response, "stop"))
    {
      g_cancellable_cancel (self->burn_cancellable);
      gtk_widget_set_sensitive (self->stop_button, FALSE);
      gtk_label_set_label (self->phase_label, _("Stopping…"));
    }
}

/* Stopping while a write-once disc is being written spoils it: ask. */
static void
ask_stop (SpBurnDialog *self)
{
  SpBurnPhase phase = sp_burn_job_get_phase (self->job);
  SpBurnPlan *plan = sp_burn_job_get_plan (self->job);
  SpDrive *drive = plan ? sp_burn_plan_get_drive (plan) : NULL;
  gboolean writing = phase == SP_BURN_PHASE_WRITING_LEADIN || phase == SP_BURN_PHASE_WRITING
                     || phase == SP_BURN_PHASE_FIXATING;
  GtkWidget *dialog;

  if (self->stop_question || g_cancellable_is_cancelled (self->burn_cancellable))
    return;
  if (!writing || drive == NULL || !write_once (drive) || sp_burn_job_get_options (self->job)->simulate)
    {
      stop_response (NULL, "stop", self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop Burning?"),
                                   _("A disc that was not written to the end cannot be used again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "continue", _("Keep Burning"), "stop",
                                    _("Stop Burning"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect (dialog, "response", G_CALLBACK (stop_response), self);
  self->stop_question = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_stop_clicked (SpBurnDialog *self)
{
  ask_stop (self);
}

static void
on_close_clicked (SpBurnDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_done_clicked (SpBurnDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
sp_burn_dialog_close_request (GtkWindow *window)
{
  SpBurnDialog *self = SP_BURN_DIALOG (window);

  /* A running burn is stopped the same way as with the Stop button, and
   * the window stays until it has stopped. */
  if (self->job && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "progress") == 0)
    {
      ask_stop (self);
      return TRUE;
    }
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (sp_burn_dialog_parent_class)->close_request (window);
}

/* ---- Life ------------------------------------------------------------- */

static void
sp_burn_dialog_dispose (GObject *object)
{
  SpBurnDialog *self = SP_BURN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->save_chooser)
    {
      g_signal_handlers_disconnect_by_data (self->save_chooser, self);
      gtk_native_dialog_destroy (self->save_chooser);
    }
  g_clear_object (&self->save_chooser);
  if (self->verify)
    g_signal_handlers_disconnect_by_data (sp_verify_get_job (self->verify), self);
  if (self->drives)
    g_signal_handlers_disconnect_by_data (self->drives, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_BURN_DIALOG);
  g_clear_object (&self->targets);
  g_clear_object (&self->extra);
  g_clear_object (&self->drives);
  g_clear_object (&self->file_drive);
  g_clear_object (&self->shown_drive);
  g_clear_object (&self->plan);
  g_clear_object (&self->verify);
  g_clear_object (&self->job);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (sp_burn_dialog_parent_class)->dispose (object);
}

static void
sp_burn_dialog_finalize (GObject *object)
{
  SpBurnDialog *self = SP_BURN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->burn_cancellable);
  g_clear_pointer (&self->mode_values, g_array_unref);
  g_clear_pointer (&self->speed_values, g_array_unref);
  g_free (self->address);
  g_free (self->file_path);

  G_OBJECT_CLASS (sp_burn_dialog_parent_class)->finalize (object);
}

static void
sp_burn_dialog_class_init (SpBurnDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_burn_dialog_dispose;
  object_class->finalize = sp_burn_dialog_finalize;
  window_class->close_request = sp_burn_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-burn-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, burn_button);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, refusal_box);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, drive_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, medium_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, scan_spinner);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, capacity_box);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, capacity_bar);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, check_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, layout_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, layout_label);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, backend_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, save_box);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, save_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_toc_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_cue_clicked);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, speed_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, blank_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, verify_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, verify_switch);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, simulate_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, simulate_switch);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, eject_switch);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, copies_row);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, copies_spin);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, phase_label);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, copy_label);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, progress_list);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, SpBurnDialog, result_list);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_burn_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_file);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* A row of the progress list; returns the list's own row around it (the
 * one to hide). */
static GtkWidget *
append_progress_row (SpBurnDialog  *self,
                     const char    *title,
                     GtkWidget    **value)
{
  GtkWidget *row = sp_detail_row_new (title, "—", value);

  gtk_list_box_append (self->progress_list, row);
  return gtk_widget_get_parent (row);
}

static void
sp_burn_dialog_init (SpBurnDialog *self)
{
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringList) blank_modes = gtk_string_list_new (NULL);
  GtkExpression *name;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->mode_values = g_array_new (FALSE, FALSE, sizeof (SpWriteMode));
  self->speed_values = g_array_new (FALSE, FALSE, sizeof (int));

  self->drives = sp_drive_list_new ();
  /* "Image File" joins the drives once the first scan is over: offered
   * alone before, the combo row would select it and a user with a drive
   * would find the image file chosen for them. */
  self->extra = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_list_store_append (parts, self->drives);
  g_list_store_append (parts, self->extra);
  self->targets = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (parts)));

  name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (target_name), NULL, NULL);
  adw_combo_row_set_expression (self->drive_row, name);
  gtk_expression_unref (name);
  adw_combo_row_set_model (self->drive_row, G_LIST_MODEL (self->targets));

  gtk_string_list_append (blank_modes, _("Quickly"));
  gtk_string_list_append (blank_modes, _("Completely (slow)"));
  adw_combo_row_set_model (self->blank_row, G_LIST_MODEL (blank_modes));

  append_progress_row (self, _("Speed"), &self->speed_value);
  append_progress_row (self, _("Sectors"), &self->sectors_value);
  append_progress_row (self, _("Time left"), &self->eta_value);
  self->buffer_row = append_progress_row (self, _("Drive buffer"), &self->buffer_value);
  self->fifo_row = append_progress_row (self, _("Spindle's buffer"), &self->fifo_value);
}

/**
 * sp_burn_dialog_new:
 * @image: the image to burn
 * @parent: the window the dialog belongs to
 */
GtkWidget *
sp_burn_dialog_new (SpImage   *image,
                    GtkWindow *parent)
{
  SpBurnDialog *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);

  self = g_object_new (SP_TYPE_BURN_DIALOG, "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL, NULL);
  self->image = g_object_ref (image);
  adw_window_title_set_subtitle (self->window_title, sp_image_get_display_name (image));

  g_signal_connect_swapped (self->drive_row, "notify::selected", G_CALLBACK (on_target_selected), self);
  g_signal_connect_swapped (self->mode_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->backend_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->speed_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->blank_row, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->simulate_switch, "notify::active", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->verify_switch, "notify::active", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->copies_spin, "value-changed", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->drives, "items-changed", G_CALLBACK (on_drives_changed), self);
  g_signal_connect_swapped (self->drives, "notify::scanning", G_CALLBACK (refresh), self);

  self->verify = sp_verify_new (image);
  g_signal_connect_swapped (sp_verify_get_job (self->verify), "notify::fraction", G_CALLBACK (show_check_progress), self);
  gtk_spinner_start (self->check_spinner);
  adw_action_row_set_subtitle (self->check_row, _("Checking every sector…"));
  sp_verify_run_async (self->verify, self->cancellable, check_done, g_object_ref (self));

  sp_drive_list_scan_async (self->drives, self->cancellable, scan_done, g_object_ref (self));
  refresh (self);
  return GTK_WIDGET (self);
}
