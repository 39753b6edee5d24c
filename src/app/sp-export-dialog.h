/* sp-export-dialog.h: an image written out as an ISO, WAVE, FLAC, BIN, cue or TOC
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_EXPORT_DIALOG (sp_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpExportDialog, sp_export_dialog, SP, EXPORT_DIALOG, AdwWindow)

SpExportDialog *sp_export_dialog_new (SpImage   *image,
                                      GtkWindow *parent);

G_END_DECLS
