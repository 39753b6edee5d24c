/* sp-hex-view.h: raw sectors as offset / hex / ASCII rows, fields coloured
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_HEX_VIEW (sp_hex_view_get_type ())

G_DECLARE_FINAL_TYPE (SpHexView, sp_hex_view, SP, HEX_VIEW, GtkWidget)

GtkWidget *sp_hex_view_new            (void);
void       sp_hex_view_set_image      (SpHexView *self,
                                       SpImage   *image);
SpImage   *sp_hex_view_get_image      (SpHexView *self);
void       sp_hex_view_go_to          (SpHexView *self,
                                       gint64     position);
gint64     sp_hex_view_get_position   (SpHexView *self);
gint64     sp_hex_view_get_cursor     (SpHexView *self);
void       sp_hex_view_set_cursor     (SpHexView *self,
                                       gint64     offset,
                                       gboolean   extend);
void       sp_hex_view_select         (SpHexView *self,
                                       gint64     start,
                                       gint64     end);
gboolean   sp_hex_view_get_selection  (SpHexView *self,
                                       gint64    *start,
                                       gint64    *end);
char      *sp_hex_view_dup_selection_hex  (SpHexView *self);
char      *sp_hex_view_dup_selection_text (SpHexView *self);

G_END_DECLS
