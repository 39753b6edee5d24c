/* sp-extract-provider.h: files of an image, offered to other programs
 * by drag and drop or the clipboard
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_EXTRACT_PROVIDER (sp_extract_provider_get_type ())

G_DECLARE_FINAL_TYPE (SpExtractProvider, sp_extract_provider, SP, EXTRACT_PROVIDER, GdkContentProvider)

GdkContentProvider *sp_extract_provider_new (SpFilesystem *filesystem,
                                             GPtrArray    *items);

void sp_extract_provider_remove_stale (void);

G_END_DECLS
