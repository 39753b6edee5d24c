/* sp-detail-row.c
 *
 * Screen readers read the value as the label's name and what it is from
 * its description; the dim caption above shows the same to the eye.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>

#include "sp-detail-row.h"

/* A list box wraps the box in a focusable row of its own; that row is what
 * a screen reader lands on when moving through the list, so it carries the
 * caption and the value as its name, kept up to date. */
static void
update_row_label (GtkWidget *box)
{
  GtkWidget *row = gtk_widget_get_parent (box);
  GtkWidget *caption = gtk_widget_get_first_child (box);
  GtkWidget *value = gtk_widget_get_next_sibling (caption);
  g_autofree char *text = NULL;

  if (!GTK_IS_LIST_BOX_ROW (row))
    return;
  /* Translators: a detail row as a screen reader reads it: "Mode: Mode 1" */
  text = g_strdup_printf (_("%s: %s"), gtk_label_get_label (GTK_LABEL (caption)),
                          gtk_label_get_label (GTK_LABEL (value)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/**
 * sp_detail_row_new:
 * @value: (nullable): the value, or %NULL to fill in later
 * @value_label: (out) (optional): the label holding the value
 *
 * Returns: a vertical box: caption, then value
 */
GtkWidget *
sp_detail_row_new (const char  *title,
                   const char  *value,
                   GtkWidget  **value_label)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
  gtk_box_append (GTK_BOX (row), caption);
  gtk_box_append (GTK_BOX (row), label);
  gtk_widget_add_css_class (row, "field-row");
  g_signal_connect_object (label, "notify::label", G_CALLBACK (update_row_label), row, G_CONNECT_SWAPPED);
  g_signal_connect (row, "notify::parent", G_CALLBACK (update_row_label), NULL);

  if (value_label)
    *value_label = label;
  return row;
}
