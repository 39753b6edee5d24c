/* sp-probe.h: what kind of image a file is, from its name and first bytes
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-image.h"

G_BEGIN_DECLS

/* Enough to see the volume descriptor at sector 16 for any sector size. */
#define SP_PROBE_HEAD_SIZE (64 * 1024)

typedef struct
{
  guint sector_size;      /* bytes per sector in the file */
  SpTrackMode mode;
  const char *evidence;   /* what the guess rests on, for the user */
} SpBinGuess;

gboolean sp_probe_read_head (GFile          *file,
                             guint8        **head,
                             gsize          *length,
                             GCancellable   *cancellable,
                             GError        **error);
gboolean sp_probe_format    (const char     *name,
                             const guint8   *head,
                             gsize           length,
                             guint64         size,
                             SpImageFormat  *format);
gboolean sp_probe_bin       (const guint8   *head,
                             gsize           length,
                             guint64         size,
                             SpBinGuess     *guess);

G_END_DECLS
