/* sp-properties-window.h: what an image is made of
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_PROPERTIES_WINDOW (sp_properties_window_get_type ())

G_DECLARE_FINAL_TYPE (SpPropertiesWindow, sp_properties_window, SP, PROPERTIES_WINDOW, AdwPreferencesWindow)

SpPropertiesWindow *sp_properties_window_new (SpImage *image);

G_END_DECLS
