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

#include "sp-detail-row.h"

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

  if (value_label)
    *value_label = label;
  return row;
}
