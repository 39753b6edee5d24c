/* sp-disc-map.h: the whole disc as a bar, each track to scale
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_DISC_MAP (sp_disc_map_get_type ())

G_DECLARE_FINAL_TYPE (SpDiscMap, sp_disc_map, SP, DISC_MAP, GtkWidget)

GtkWidget *sp_disc_map_new           (void);
void       sp_disc_map_set_image     (SpDiscMap          *self,
                                      SpImage            *image);
void       sp_disc_map_set_selection (SpDiscMap          *self,
                                      GtkSingleSelection *selection);

G_END_DECLS
