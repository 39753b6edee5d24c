/* sp-burn-dialog.h: the Burn dialog: target, settings, progress, result
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_BURN_DIALOG (sp_burn_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpBurnDialog, sp_burn_dialog, SP, BURN_DIALOG, AdwWindow)

GtkWidget *sp_burn_dialog_new (SpImage   *image,
                               GtkWindow *parent);

G_END_DECLS
