/* sp-sector-panel.h: the fields of one sector, decoded and checked
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_SECTOR_PANEL (sp_sector_panel_get_type ())

G_DECLARE_FINAL_TYPE (SpSectorPanel, sp_sector_panel, SP, SECTOR_PANEL, GtkWidget)

GtkWidget *sp_sector_panel_new          (void);
void       sp_sector_panel_show_sector  (SpSectorPanel *self,
                                         SpImage       *image,
                                         gint64         position);

G_END_DECLS
