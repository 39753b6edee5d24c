/* sp-sheet-writer-private.h: cue sheets and cdrdao TOC files from a layout
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-image.h"

G_BEGIN_DECLS

/* A run of a track's frames: from a file (@file, an opaque key the caller
 * names in its SpSheetFile table) at a byte offset, or generated. */
typedef struct
{
  gpointer file;          /* NULL: generated (PREGAP, POSTGAP, SILENCE, ZERO) */
  guint64 offset;         /* byte offset into the file's data */
  gint64 frames;
  guint sector_size;
} SpPiece;

/* How a sheet names a file. */
typedef struct
{
  char *name;             /* as the sheet writes it */
  SpSourceType type;      /* BINARY (little-endian audio), MOTOROLA, WAVE, DECODED */
} SpSheetFile;

/* For each track of @image (same order), a GArray of SpPiece. */
typedef struct
{
  SpImage *image;
  GPtrArray *tracks;      /* GArray of SpPiece */
  GHashTable *files;      /* file key → SpSheetFile */
} SpLayout;

SpLayout *_sp_layout_new          (SpImage      *image);
void      _sp_layout_free         (SpLayout     *layout);
void      _sp_layout_add_file     (SpLayout     *layout,
                                   gpointer      file,
                                   const char   *name,
                                   SpSourceType  type);
void      _sp_layout_add_piece    (SpLayout     *layout,
                                   guint         track,
                                   gpointer      file,
                                   guint64       offset,
                                   gint64        frames,
                                   guint         sector_size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpLayout, _sp_layout_free)

char     *_sp_sheet_write_cue     (SpLayout     *layout,
                                   GError      **error);
char     *_sp_sheet_write_toc     (SpLayout     *layout,
                                   GError      **error);

G_END_DECLS
