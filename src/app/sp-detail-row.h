/* sp-detail-row.h: a caption over a selectable value, for detail lists
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *sp_detail_row_new (const char  *title,
                              const char  *value,
                              GtkWidget  **value_label);

G_END_DECLS
