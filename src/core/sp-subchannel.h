/* sp-subchannel.h: the Q subchannel of a sector
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 raw[12];
  guint8 control;          /* the track's flags: 4CH, data, DCP, PRE */
  guint8 adr;              /* 1 position, 2 catalog (MCN), 3 ISRC */
  guint16 crc_stored;
  guint16 crc_computed;
  gboolean crc_ok;

  /* ADR 1 */
  guint track;             /* 0xAA for the lead-out */
  guint index;
  gint64 relative;         /* frames from the track's INDEX 01 (counting down in the pregap) */
  gint64 absolute_lba;     /* from the absolute MSF */
  gboolean bcd_ok;

  /* ADR 2 and 3 */
  char mcn[14];
  char isrc[13];
} SpSubQ;

void     sp_subchannel_q_from_raw   (const guint8  pw[96],
                                     guint8        q[12]);
guint16  sp_subq_crc                (const guint8 *data,
                                     gsize         length);
gboolean sp_subq_decode             (const guint8  q[12],
                                     SpSubQ       *out);

G_END_DECLS
