/* sp-sheet-writer.h: a cue sheet or a cdrdao TOC file for an image's own files
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-image.h"
#include "sp-track-mode.h"

G_BEGIN_DECLS

typedef enum
{
  SP_SHEET_FORMAT_CUE,
  SP_SHEET_FORMAT_TOC,
} SpSheetFormat;

char *sp_image_write_sheet (SpImage        *image,
                            SpSheetFormat   format,
                            const char     *folder,
                            GPtrArray      *warnings,
                            GError        **error);

const char *sp_track_mode_to_toc_keyword (SpTrackMode mode);

G_END_DECLS
