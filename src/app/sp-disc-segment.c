/* sp-disc-segment.c
 *
 * Three parts, each a CSS node the stylesheet colours (.pregap, .data or
 * .audio, .postgap), laid side by side in proportion to their frames, with
 * the track number on the body when it fits.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include "sp-disc-segment.h"

struct _SpDiscSegment
{
  GtkWidget parent_instance;

  SpTrack *track;
  GtkWidget *pregap;
  GtkWidget *body;
  GtkWidget *postgap;
};

G_DEFINE_FINAL_TYPE (SpDiscSegment, sp_disc_segment, GTK_TYPE_WIDGET)

static void
sp_disc_segment_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  SpDiscSegment *self = SP_DISC_SEGMENT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 0;
      *natural = 0;
    }
  else
    {
      int min = 0, nat = 0;

      gtk_widget_measure (self->body, orientation, -1, &min, &nat, NULL, NULL);
      *minimum = min;
      *natural = nat;
    }
}

static void
sp_disc_segment_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SpDiscSegment *self = SP_DISC_SEGMENT (widget);
  gint64 pregap = sp_track_get_pregap (self->track);
  gint64 postgap = sp_track_get_postgap (self->track);
  gint64 total = pregap + sp_track_get_length (self->track);
  int pre_w = 0, post_w = 0, x = 0;

  if (total > 0)
    {
      /* A gap of any size stays visible: at least 2 pixels. */
      pre_w = pregap ? MAX (2, (int) (width * pregap / total)) : 0;
      post_w = postgap ? MAX (2, (int) (width * postgap / total)) : 0;
      if (pre_w + post_w > width)
        pre_w = post_w = 0;
    }

  gtk_widget_size_allocate (self->pregap, &(GtkAllocation) { x, 0, pre_w, height }, -1);
  x += pre_w;
  gtk_widget_size_allocate (self->body, &(GtkAllocation) { x, 0, width - pre_w - post_w, height }, -1);
  x = width - post_w;
  gtk_widget_size_allocate (self->postgap, &(GtkAllocation) { x, 0, post_w, height }, -1);
}

static void
sp_disc_segment_dispose (GObject *object)
{
  SpDiscSegment *self = SP_DISC_SEGMENT (object);

  g_clear_pointer (&self->pregap, gtk_widget_unparent);
  g_clear_pointer (&self->body, gtk_widget_unparent);
  g_clear_pointer (&self->postgap, gtk_widget_unparent);
  g_clear_object (&self->track);

  G_OBJECT_CLASS (sp_disc_segment_parent_class)->dispose (object);
}

static void
sp_disc_segment_class_init (SpDiscSegmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_disc_segment_dispose;
  widget_class->measure = sp_disc_segment_measure;
  widget_class->size_allocate = sp_disc_segment_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "discsegment");
}

static void
sp_disc_segment_init (SpDiscSegment *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

static GtkWidget *
new_part (SpDiscSegment *self,
          const char    *css_class)
{
  GtkWidget *part = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (part, "part");
  gtk_widget_add_css_class (part, css_class);
  gtk_widget_set_overflow (part, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_parent (part, GTK_WIDGET (self));
  return part;
}

static const char *
body_class (SpTrack *track)
{
  switch (sp_track_mode_get_sector_mode (sp_track_get_mode (track)))
    {
    case 0:  return "audio";
    case 1:  return "mode1";
    default: return "mode2";
    }
}

GtkWidget *
sp_disc_segment_new (SpTrack *track)
{
  SpDiscSegment *self = g_object_new (SP_TYPE_DISC_SEGMENT, NULL);
  g_autofree char *number = g_strdup_printf ("%u", sp_track_get_number (track));
  GtkWidget *label = gtk_label_new (number);

  self->track = g_object_ref (track);
  self->pregap = new_part (self, "pregap");
  self->body = new_part (self, body_class (track));
  self->postgap = new_part (self, "postgap");

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (self->body), label);
  return GTK_WIDGET (self);
}

SpTrack *
sp_disc_segment_get_track (SpDiscSegment *self)
{
  g_return_val_if_fail (SP_IS_DISC_SEGMENT (self), NULL);
  return self->track;
}
