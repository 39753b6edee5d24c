/* sp-files-view.h: the Files page: a data track's file system, and extraction
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_FILES_VIEW (sp_files_view_get_type ())

G_DECLARE_FINAL_TYPE (SpFilesView, sp_files_view, SP, FILES_VIEW, GtkWidget)

void sp_files_view_set_image (SpFilesView *self,
                              SpImage     *image);
void sp_files_view_cancel    (SpFilesView *self);

G_END_DECLS
