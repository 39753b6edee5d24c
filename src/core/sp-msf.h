/* sp-msf.h: positions on a CD, in frames (sectors) and MM:SS:FF
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SP_FRAMES_PER_SECOND 75
#define SP_FRAMES_PER_MINUTE (60 * SP_FRAMES_PER_SECOND)
#define SP_RAW_SECTOR_SIZE 2352
#define SP_SUBCHANNEL_SIZE 96
/* The 2-second lead-in gap: LBA 0 is MSF 00:02:00 on a disc. */
#define SP_LBA_TO_MSF_OFFSET 150
/* MSF in a sheet is at most 99:59:74. */
#define SP_MSF_MAX_FRAMES (100 * SP_FRAMES_PER_MINUTE - 1)

/* Enough for "-MMMMMMM:SS:FF" and a NUL. */
#define SP_MSF_STRING_SIZE 24

const char *sp_msf_format   (gint64       frames,
                             char         buf[SP_MSF_STRING_SIZE]);
char       *sp_msf_to_string (gint64      frames);
gboolean    sp_msf_parse    (const char  *text,
                             gint64      *frames);
gboolean    sp_position_parse (const char *text,
                             gint64      *frames);
void        sp_lba_to_msf   (gint64       lba,
                             guint8      *m,
                             guint8      *s,
                             guint8      *f);
gint64      sp_msf_to_lba   (guint8       m,
                             guint8       s,
                             guint8       f);

G_END_DECLS
