/* sp-track-browser.h: the tracks of an image, its facts, map and problems
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_TRACK_BROWSER (sp_track_browser_get_type ())

G_DECLARE_FINAL_TYPE (SpTrackBrowser, sp_track_browser, SP, TRACK_BROWSER, GtkWidget)

void                sp_track_browser_set_image     (SpTrackBrowser *self,
                                                    SpImage        *image);
SpImage            *sp_track_browser_get_image     (SpTrackBrowser *self);
void                sp_track_browser_set_settings  (SpTrackBrowser *self,
                                                    GSettings      *settings);
GtkSingleSelection *sp_track_browser_get_selection (SpTrackBrowser *self);

G_END_DECLS
