/* sp-disc-map.c
 *
 * Each track is a toggle button sized to its share of the disc (with a
 * minimum so that short tracks can still be clicked), so that the map can
 * be used with the keyboard and read by screen readers like any row of
 * buttons. The buttons follow the selection the track list uses.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-disc-map.h"
#include "sp-disc-segment.h"

#define MIN_SEGMENT_WIDTH 14
#define SEGMENT_SPACING 2
#define MAP_HEIGHT 40

struct _SpDiscMap
{
  GtkWidget parent_instance;

  SpImage *image;
  GtkSingleSelection *selection;
  GPtrArray *buttons;         /* GtkToggleButton, one per track */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (SpDiscMap, sp_disc_map, GTK_TYPE_WIDGET)

static char *describe_track (SpTrack *track);

static void
sync_from_selection (SpDiscMap *self)
{
  guint selected = self->selection ? gtk_single_selection_get_selected (self->selection) : GTK_INVALID_LIST_POSITION;

  self->updating = TRUE;
  for (guint i = 0; i < self->buttons->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->buttons, i), i == selected);
  self->updating = FALSE;

  /* The map as a whole reads out the selected track, so a screen reader
   * need not walk the buttons to find the pressed one. */
  if (self->image && selected < sp_image_get_n_tracks (self->image))
    {
      g_autofree char *track = describe_track (sp_image_get_track (self->image, selected));
      /* Translators: the disc map's description: the selected track, as
       * "Track 2, AUDIO, starts at 00:04:52, length 00:03:00" */
      g_autofree char *text = g_strdup_printf (_("Selected: %s"), track);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
on_button_toggled (GtkToggleButton *button,
                   SpDiscMap       *self)
{
  guint index;

  if (self->updating || self->selection == NULL)
    return;

  if (!g_ptr_array_find (self->buttons, button, &index))
    return;

  /* Clicking the selected track keeps it selected: a map always shows one. */
  if (!gtk_toggle_button_get_active (button))
    {
      if (gtk_single_selection_get_selected (self->selection) == index)
        {
          self->updating = TRUE;
          gtk_toggle_button_set_active (button, TRUE);
          self->updating = FALSE;
        }
      return;
    }

  gtk_single_selection_set_selected (self->selection, index);
}

static char *
describe_track (SpTrack *track)
{
  g_autofree char *start = sp_msf_to_string (sp_track_get_start (track));
  g_autofree char *length = sp_msf_to_string (sp_track_get_length (track));

  /* Translators: what a screen reader says for a track on the disc map:
   * number, type, start and length */
  return g_strdup_printf (_("Track %u, %s, starts at %s, length %s"), sp_track_get_number (track),
                          sp_track_mode_to_string (sp_track_get_mode (track)), start, length);
}

static void
clear_buttons (SpDiscMap *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->buttons, i));
  g_ptr_array_set_size (self->buttons, 0);
}

void
sp_disc_map_set_image (SpDiscMap *self,
                       SpImage   *image)
{
  g_return_if_fail (SP_IS_DISC_MAP (self));

  g_set_object (&self->image, image);
  clear_buttons (self);

  if (image)
    {
      for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
        {
          SpTrack *track = sp_image_get_track (image, i);
          GtkWidget *button = gtk_toggle_button_new ();
          g_autofree char *description = describe_track (track);

          gtk_button_set_child (GTK_BUTTON (button), sp_disc_segment_new (track));
          gtk_widget_add_css_class (button, "disc-segment");
          gtk_widget_set_tooltip_text (button, description);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
          g_signal_connect (button, "toggled", G_CALLBACK (on_button_toggled), self);
          gtk_widget_set_parent (button, GTK_WIDGET (self));
          g_ptr_array_add (self->buttons, button);
        }
    }

  sync_from_selection (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
on_selection_changed (SpDiscMap *self)
{
  sync_from_selection (self);
}

void
sp_disc_map_set_selection (SpDiscMap          *self,
                           GtkSingleSelection *selection)
{
  g_return_if_fail (SP_IS_DISC_MAP (self));

  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_set_object (&self->selection, selection);
  if (selection)
    g_signal_connect_swapped (selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  sync_from_selection (self);
}

static void
sp_disc_map_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SpDiscMap *self = SP_DISC_MAP (widget);
  guint n = self->buttons->len;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = n ? (int) (n * MIN_SEGMENT_WIDTH + (n - 1) * SEGMENT_SPACING) : 0;
      *natural = *minimum;
    }
  else
    {
      int height = MAP_HEIGHT;

      for (guint i = 0; i < n; i++)
        {
          int min = 0;

          gtk_widget_measure (g_ptr_array_index (self->buttons, i), orientation, -1, &min, NULL, NULL, NULL);
          height = MAX (height, min);
        }
      *minimum = *natural = n ? height : 0;
    }
}

static void
sp_disc_map_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  SpDiscMap *self = SP_DISC_MAP (widget);
  guint n = self->buttons->len;
  gint64 total;
  int spare, x = 0;

  if (n == 0 || self->image == NULL)
    return;

  /* Every segment gets its minimum, the rest is shared out by length. */
  total = MAX (1, sp_image_get_leadout (self->image));
  spare = MAX (0, width - (int) (n * MIN_SEGMENT_WIDTH + (n - 1) * SEGMENT_SPACING));

  for (guint i = 0; i < n; i++)
    {
      SpTrack *track = sp_image_get_track (self->image, i);
      gint64 span = sp_track_get_pregap (track) + sp_track_get_length (track);
      int w = MIN_SEGMENT_WIDTH + (int) (spare * span / total);

      /* The last one takes what rounding left, so the bar ends at the edge. */
      if (i == n - 1)
        w = MAX (MIN_SEGMENT_WIDTH, width - x);

      gtk_widget_size_allocate (g_ptr_array_index (self->buttons, i),
                                &(GtkAllocation) { x, 0, w, height }, -1);
      x += w + SEGMENT_SPACING;
    }
}

static void
sp_disc_map_dispose (GObject *object)
{
  SpDiscMap *self = SP_DISC_MAP (object);

  clear_buttons (self);
  sp_disc_map_set_selection (self, NULL);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (sp_disc_map_parent_class)->dispose (object);
}

static void
sp_disc_map_finalize (GObject *object)
{
  SpDiscMap *self = SP_DISC_MAP (object);

  g_ptr_array_unref (self->buttons);

  G_OBJECT_CLASS (sp_disc_map_parent_class)->finalize (object);
}

static void
sp_disc_map_class_init (SpDiscMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_disc_map_dispose;
  object_class->finalize = sp_disc_map_finalize;
  widget_class->measure = sp_disc_map_measure;
  widget_class->size_allocate = sp_disc_map_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "discmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_disc_map_init (SpDiscMap *self)
{
  self->buttons = g_ptr_array_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Disc Map"), -1);
}

GtkWidget *
sp_disc_map_new (void)
{
  return g_object_new (SP_TYPE_DISC_MAP, NULL);
}
