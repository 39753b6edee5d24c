/* sp-sector-view.h: the Sectors page: hex view, decoded fields, find, verify
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_SECTOR_VIEW (sp_sector_view_get_type ())

G_DECLARE_FINAL_TYPE (SpSectorView, sp_sector_view, SP, SECTOR_VIEW, GtkWidget)

void sp_sector_view_set_image     (SpSectorView *self,
                                   SpImage      *image);
void sp_sector_view_go_to         (SpSectorView *self,
                                   gint64        position);
void sp_sector_view_focus_go_to   (SpSectorView *self);
void sp_sector_view_focus_search  (SpSectorView *self);
void sp_sector_view_cancel        (SpSectorView *self);

G_END_DECLS
