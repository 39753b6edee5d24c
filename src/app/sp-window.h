/* sp-window.h: a window showing one disc image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-application.h"
#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_WINDOW (sp_window_get_type ())

G_DECLARE_FINAL_TYPE (SpWindow, sp_window, SP, WINDOW, AdwApplicationWindow)

SpWindow *sp_window_new       (SpApplication *application);
void      sp_window_open_file (SpWindow      *self,
                               GFile         *file);
GFile    *sp_window_get_file  (SpWindow      *self);
SpImage  *sp_window_get_image (SpWindow      *self);

G_END_DECLS
