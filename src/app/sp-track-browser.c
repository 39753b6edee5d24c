/* sp-track-browser.c
 *
 * The columns are built in code from one table: each is a title and a
 * function that turns a track into the cell's text, so the list, its
 * accessible labels and the tests all read the same strings.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "sp-disc-map.h"
#include "sp-names.h"
#include "sp-track-browser.h"

struct _SpTrackBrowser
{
  GtkWidget parent_instance;

  SpImage *image;
  GtkSingleSelection *selection;
  GSettings *settings;
  GtkColumnViewColumn *session_column;
  GtkColumnViewColumn *lba_column;

  /* Template widgets */
  GtkRevealer *problems_revealer;
  GtkWidget *problems_bar;
  GtkImage *problems_icon;
  GtkLabel *problems_label;
  GtkToggleButton *problems_toggle;
  GtkListBox *problems_list;
  GtkFlowBox *facts;
  SpDiscMap *disc_map;
  GtkColumnView *column_view;
};

G_DEFINE_FINAL_TYPE (SpTrackBrowser, sp_track_browser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_SELECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TRACK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Cell texts ------------------------------------------------------ */

typedef char *(*TrackText) (SpTrack *track);

static char *
msf_text (gint64 frames)
{
  return sp_msf_to_string (frames);
}

static char *
text_number (SpTrack *track)
{
  return g_strdup_printf ("%02u", sp_track_get_number (track));
}

static char *
text_session (SpTrack *track)
{
  return g_strdup_printf ("%u", sp_track_get_session (track));
}

static char *
text_mode (SpTrack *track)
{
  return g_strdup (sp_track_mode_to_string (sp_track_get_mode (track)));
}

static char *
text_start (SpTrack *track)
{
  return msf_text (sp_track_get_start (track));
}

static char *
text_lba (SpTrack *track)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, sp_track_get_start (track));
}

static char *
text_length (SpTrack *track)
{
  return msf_text (sp_track_get_length (track));
}

static char *
text_pregap (SpTrack *track)
{
  gint64 pregap = sp_track_get_pregap (track);

  return pregap > 0 ? msf_text (pregap) : g_strdup ("—");
}

static char *
text_indices (SpTrack *track)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < sp_track_get_n_indices (track); i++)
    g_string_append_printf (s, "%s%02u", i ? " " : "", sp_track_get_index (track, i)->number);
  return g_string_free (s, FALSE);
}

static char *
text_flags (SpTrack *track)
{
  char *flags = sp_track_flags_to_string (sp_track_get_flags (track));

  if (*flags)
    return flags;
  g_free (flags);
  return g_strdup ("—");
}

static char *
text_isrc (SpTrack *track)
{
  return g_strdup (sp_track_get_isrc (track) ? sp_track_get_isrc (track) : "—");
}

static char *
text_title (SpTrack *track)
{
  return g_strdup (sp_track_get_title (track) ? sp_track_get_title (track) : "—");
}

static char *
text_performer (SpTrack *track)
{
  return g_strdup (sp_track_get_performer (track) ? sp_track_get_performer (track) : "—");
}

static char *
text_file (SpTrack *track)
{
  SpSource *source = sp_track_get_source (track);

  if (source == NULL)
    return g_strdup ("—");
  if (sp_source_get_status (source) != SP_SOURCE_STATUS_OK)
    return g_strdup_printf (_("%s (missing)"), sp_source_get_display_name (source));
  return g_strdup (sp_source_get_display_name (source));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  /* Short values show whole; free text (titles, file names) ellipsizes in
   * its expanding column. */
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "expand")))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  TrackText text = user_data;
  SpTrack *track = gtk_list_item_get_item (item);
  g_autofree char *value = text (track);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), value);
}

static GtkColumnViewColumn *
add_column (SpTrackBrowser *self,
            const char     *title,
            TrackText       text,
            gboolean        numeric,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
  g_object_set_data (G_OBJECT (factory), "expand", GINT_TO_POINTER (expand));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), text);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

static void
build_columns (SpTrackBrowser *self)
{
  /* Translators: column title for the track number */
  add_column (self, C_("column", "#"), text_number, TRUE, FALSE);
  self->session_column = add_column (self, C_("column", "Session"), text_session, TRUE, FALSE);
  add_column (self, C_("column", "Type"), text_mode, FALSE, FALSE);
  add_column (self, C_("column", "Start"), text_start, TRUE, FALSE);
  self->lba_column = add_column (self, C_("column", "LBA"), text_lba, TRUE, FALSE);
  add_column (self, C_("column", "Length"), text_length, TRUE, FALSE);
  add_column (self, C_("column", "Pregap"), text_pregap, TRUE, FALSE);
  add_column (self, C_("column", "Indices"), text_indices, FALSE, FALSE);
  add_column (self, C_("column", "Flags"), text_flags, FALSE, FALSE);
  add_column (self, C_("column", "ISRC"), text_isrc, FALSE, FALSE);
  add_column (self, C_("column", "Title"), text_title, FALSE, TRUE);
  add_column (self, C_("column", "Performer"), text_performer, FALSE, TRUE);
  add_column (self, C_("column", "File"), text_file, FALSE, TRUE);
}

/* ---- Facts ----------------------------------------------------------- */

static void
add_fact (SpTrackBrowser *self,
          const char     *caption,
          const char     *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *caption_label = gtk_label_new (caption);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 40);
  gtk_widget_add_css_class (value_label, "fact-value");
  /* The value is the label's name; what it is, its description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, caption, -1);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_flow_box_append (self->facts, box);
}

static gboolean
has_audio_and_data (SpImage *image)
{
  gboolean audio = FALSE, data = FALSE;

  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      if (sp_track_is_audio (sp_image_get_track (image, i)))
        audio = TRUE;
      else
        data = TRUE;
    }
  return audio && data;
}

static void
fill_facts (SpTrackBrowser *self)
{
  SpImage *image = self->image;
  SpCdText *cdtext = sp_image_get_cdtext (image);
  guint n_sessions = g_list_model_get_n_items (sp_image_get_sessions (image));
  gint64 leadout = sp_image_get_leadout (image);
  g_autofree char *length = NULL;
  g_autofree char *size = g_format_size (sp_image_get_stored_size (image));
  g_autofree char *disc = NULL;
  g_autofree char *tracks = g_strdup_printf ("%u", sp_image_get_n_tracks (image));
  g_autofree char *msf = sp_msf_to_string (leadout);

  /* Translators: a disc's playing time and its size in sectors, "70:36:32 (317732 sectors)" */
  length = g_strdup_printf (_("%s (%" PRId64 " sectors)"), msf, leadout);
  disc = has_audio_and_data (image)
    /* Translators: a disc type followed by "with audio", as "CD-ROM with audio" */
    ? g_strdup_printf (_("%s with audio"), sp_disc_type_name (sp_image_get_disc_type (image)))
    : g_strdup (sp_disc_type_name (sp_image_get_disc_type (image)));

  add_fact (self, _("Format"), sp_image_format_name (sp_image_get_format (image)));
  add_fact (self, _("Disc"), disc);
  if (n_sessions > 1)
    {
      g_autofree char *sessions = g_strdup_printf ("%u", n_sessions);
      add_fact (self, _("Sessions"), sessions);
    }
  add_fact (self, _("Tracks"), tracks);
  add_fact (self, _("Length"), length);
  add_fact (self, _("Size"), size);
  if (sp_image_get_catalog (image))
    add_fact (self, _("Catalog"), sp_image_get_catalog (image));
  if (sp_cdtext_get (cdtext, SP_CDTEXT_TITLE))
    add_fact (self, _("Title"), sp_cdtext_get (cdtext, SP_CDTEXT_TITLE));
  if (sp_cdtext_get (cdtext, SP_CDTEXT_PERFORMER))
    add_fact (self, _("Performer"), sp_cdtext_get (cdtext, SP_CDTEXT_PERFORMER));
}

/* ---- Problems -------------------------------------------------------- */

static GtkWidget *
problem_row (SpDiagnostic *diagnostic)
{
  gboolean is_error = sp_diagnostic_get_severity (diagnostic) == SP_SEVERITY_ERROR;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *where, *message;
  g_autofree char *location = NULL;
  g_autofree char *accessible = NULL;

  if (sp_diagnostic_get_line (diagnostic) > 0)
    /* Translators: where a problem is: a file name and a line number */
    location = g_strdup_printf (_("%s, line %u"), sp_diagnostic_get_file (diagnostic),
                                sp_diagnostic_get_line (diagnostic));
  else
    location = g_strdup (sp_diagnostic_get_file (diagnostic));

  gtk_widget_add_css_class (icon, is_error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_error ? _("Error") : _("Warning"), -1);
  where = gtk_label_new (location);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_widget_add_css_class (where, "heading");
  message = gtk_label_new (sp_diagnostic_get_message (diagnostic));
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_selectable (GTK_LABEL (message), TRUE);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (text), where);
  gtk_box_append (GTK_BOX (text), message);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text);
  gtk_widget_add_css_class (row, "problem");

  accessible = sp_diagnostic_to_string (diagnostic);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
fill_problems (SpTrackBrowser *self)
{
  GListModel *diagnostics = sp_image_get_diagnostics (self->image);
  guint n = g_list_model_get_n_items (diagnostics);
  guint errors = sp_image_count_diagnostics (self->image, SP_SEVERITY_ERROR);
  guint warnings = n - errors;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);
      gtk_list_box_append (self->problems_list, problem_row (diagnostic));
    }

  if (n == 0)
    {
      gtk_revealer_set_reveal_child (self->problems_revealer, FALSE);
      gtk_toggle_button_set_active (self->problems_toggle, FALSE);
      return;
    }

  if (errors > 0 && warnings > 0)
    {
      g_autofree char *e = g_strdup_printf (ngettext ("%u error", "%u errors", errors), errors);
      g_autofree char *w = g_strdup_printf (ngettext ("%u warning", "%u warnings", warnings), warnings);
      /* Translators: "This image has 1 error and 2 warnings" */
      text = g_strdup_printf (_("This image has %s and %s"), e, w);
    }
  else if (errors > 0)
    text = g_strdup_printf (ngettext ("This image has %u error: some of its data is missing or wrong",
                                      "This image has %u errors: some of its data is missing or wrong", errors),
                            errors);
  else
    text = g_strdup_printf (ngettext ("This image opened with %u warning",
                                      "This image opened with %u warnings", warnings), warnings);

  gtk_label_set_label (self->problems_label, text);
  gtk_image_set_from_icon_name (self->problems_icon, errors ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (self->problems_bar, errors ? "warning" : "error");
  gtk_widget_add_css_class (self->problems_bar, errors ? "error" : "warning");
  gtk_revealer_set_reveal_child (self->problems_revealer, TRUE);
  gtk_toggle_button_set_active (self->problems_toggle,
                                errors > 0 || (self->settings && g_settings_get_boolean (self->settings, "show-problems")));
}

static void
on_problems_toggled (SpTrackBrowser *self)
{
  gtk_button_set_label (GTK_BUTTON (self->problems_toggle),
                        gtk_toggle_button_get_active (self->problems_toggle) ? _("Hide Problems") : _("Show Problems"));
}

static void
clear_children (GtkWidget *container,
                void     (*remove) (GtkWidget *, GtkWidget *))
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)))
    remove (container, child);
}

static void
list_box_remove (GtkWidget *box,
                 GtkWidget *child)
{
  gtk_list_box_remove (GTK_LIST_BOX (box), child);
}

static void
flow_box_remove (GtkWidget *box,
                 GtkWidget *child)
{
  gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
}

/**
 * sp_track_browser_set_image:
 *
 * Shows @image: its facts, problems, map and tracks.
 */
void
sp_track_browser_set_image (SpTrackBrowser *self,
                            SpImage        *image)
{
  g_return_if_fail (SP_IS_TRACK_BROWSER (self));
  g_return_if_fail (image == NULL || SP_IS_IMAGE (image));

  if (!g_set_object (&self->image, image))
    return;

  clear_children (GTK_WIDGET (self->problems_list), list_box_remove);
  clear_children (GTK_WIDGET (self->facts), flow_box_remove);

  gtk_single_selection_set_model (self->selection, image ? sp_image_get_tracks (image) : NULL);
  sp_disc_map_set_image (self->disc_map, image);

  if (image)
    {
      fill_facts (self);
      fill_problems (self);
      gtk_column_view_column_set_visible (self->session_column,
                                          g_list_model_get_n_items (sp_image_get_sessions (image)) > 1);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

SpImage *
sp_track_browser_get_image (SpTrackBrowser *self)
{
  g_return_val_if_fail (SP_IS_TRACK_BROWSER (self), NULL);
  return self->image;
}

/**
 * sp_track_browser_get_selection:
 *
 * Returns: (transfer none): the selection shared by the list and the map
 */
GtkSingleSelection *
sp_track_browser_get_selection (SpTrackBrowser *self)
{
  g_return_val_if_fail (SP_IS_TRACK_BROWSER (self), NULL);
  return self->selection;
}

void
sp_track_browser_set_settings (SpTrackBrowser *self,
                               GSettings      *settings)
{
  g_return_if_fail (SP_IS_TRACK_BROWSER (self));

  if (!g_set_object (&self->settings, settings))
    return;
  if (settings)
    g_settings_bind (settings, "show-lba", self->lba_column, "visible", G_SETTINGS_BIND_GET);
}

static void
sp_track_browser_dispose (GObject *object)
{
  SpTrackBrowser *self = SP_TRACK_BROWSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_TRACK_BROWSER);
  g_clear_object (&self->selection);
  g_clear_object (&self->image);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_track_browser_parent_class)->dispose (object);
}

static void
sp_track_browser_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpTrackBrowser *self = SP_TRACK_BROWSER (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_SELECTION:
      g_value_set_object (value, self->selection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_track_browser_class_init (SpTrackBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_track_browser_dispose;
  object_class->get_property = sp_track_browser_get_property;

  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL, SP_TYPE_IMAGE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION] =
    g_param_spec_object ("selection", NULL, NULL, GTK_TYPE_SINGLE_SELECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpTrackBrowser::track-activated:
   * @track: the track double-clicked, or chosen with Enter
   */
  signals[TRACK_ACTIVATED] =
    g_signal_new ("track-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SP_TYPE_TRACK);

  g_type_ensure (SP_TYPE_DISC_MAP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/spindle/Spindle/sp-track-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, problems_bar);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, problems_icon);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, problems_label);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, problems_toggle);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, problems_list);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, facts);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, disc_map);
  gtk_widget_class_bind_template_child (widget_class, SpTrackBrowser, column_view);

  gtk_widget_class_set_css_name (widget_class, "trackbrowser");
}

static void
on_row_activated (GtkColumnView  *view,
                  guint           position,
                  SpTrackBrowser *self)
{
  g_autoptr(SpTrack) track = NULL;

  if (self->image == NULL)
    return;
  track = g_list_model_get_item (sp_image_get_tracks (self->image), position);
  if (track)
    g_signal_emit (self, signals[TRACK_ACTIVATED], 0, track);
}

static void
sp_track_browser_init (SpTrackBrowser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  sp_disc_map_set_selection (self->disc_map, self->selection);
  build_columns (self);

  g_signal_connect_swapped (self->problems_toggle, "toggled", G_CALLBACK (on_problems_toggled), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_row_activated), self);
}
