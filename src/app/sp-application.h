/* sp-application.h
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SP_TYPE_APPLICATION (sp_application_get_type ())

G_DECLARE_FINAL_TYPE (SpApplication, sp_application, SP, APPLICATION, AdwApplication)

SpApplication *sp_application_new          (void);
GSettings     *sp_application_get_settings (SpApplication *self);
void           sp_application_open_file    (SpApplication *self,
                                            GFile         *file);

G_END_DECLS
