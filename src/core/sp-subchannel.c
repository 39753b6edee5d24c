/* sp-subchannel.c
 *
 * Raw subchannel data, as drives return it and 2448-byte images store it,
 * is 96 bytes, each carrying one bit of each of the eight channels P-W (bit
 * 7 is P, bit 6 is Q). The Q channel is 96 bits = 12 bytes: control/ADR, 9
 * bytes of data, and a CRC-16 (CCITT polynomial x^16 + x^12 + x^5 + 1)
 * stored inverted, most significant byte first (ECMA-130 §22.3).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-msf.h"
#include "sp-subchannel.h"

void
sp_subchannel_q_from_raw (const guint8 pw[96],
                          guint8       q[12])
{
  for (guint i = 0; i < 12; i++)
    {
      guint8 byte = 0;

      for (guint bit = 0; bit < 8; bit++)
        byte = (guint8) ((byte << 1) | ((pw[i * 8 + bit] >> 6) & 1));
      q[i] = byte;
    }
}

guint16
sp_subq_crc (const guint8 *data,
             gsize         length)
{
  guint16 crc = 0;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= (guint16) (data[i] << 8);
      for (guint bit = 0; bit < 8; bit++)
        crc = (guint16) ((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    }
  return crc;
}

static gboolean
bcd (guint8  b,
     guint  *v)
{
  if ((b & 0x0F) > 9 || (b >> 4) > 9)
    return FALSE;
  *v = (b >> 4) * 10 + (b & 0x0F);
  return TRUE;
}

/* ISRC characters are 6-bit codes: '0'-'9' are 0-9, 'A'-'Z' are 17-42. */
static char
isrc_char (guint code)
{
  if (code <= 9)
    return (char) ('0' + code);
  if (code >= 17 && code <= 42)
    return (char) ('A' + code - 17);
  return '?';
}

/**
 * sp_subq_decode:
 *
 * Returns: whether the CRC is right (the fields are decoded either way)
 */
gboolean
sp_subq_decode (const guint8  q[12],
                SpSubQ       *out)
{
  memset (out, 0, sizeof *out);
  memcpy (out->raw, q, 12);
  out->control = q[0] >> 4;
  out->adr = q[0] & 0x0F;
  out->crc_stored = (guint16) ((q[10] << 8) | q[11]);
  out->crc_computed = (guint16) ~sp_subq_crc (q, 10);
  out->crc_ok = out->crc_stored == out->crc_computed;

  switch (out->adr)
    {
    case 1:
      {
        guint tno, idx, rm, rs, rf, am, as, af;

        tno = 0;
        out->bcd_ok = (q[1] == 0xAA || bcd (q[1], &tno)) && bcd (q[2], &idx) &&
                      bcd (q[3], &rm) && bcd (q[4], &rs) && bcd (q[5], &rf) &&
                      bcd (q[7], &am) && bcd (q[8], &as) && bcd (q[9], &af);
        if (out->bcd_ok)
          {
            out->track = q[1] == 0xAA ? 0xAA : tno;
            out->index = idx;
            out->relative = (gint64) rm * SP_FRAMES_PER_MINUTE + rs * SP_FRAMES_PER_SECOND + rf;
            out->absolute_lba = sp_msf_to_lba ((guint8) am, (guint8) as, (guint8) af);
          }
      }
      break;

    case 2:
      for (guint i = 0; i < 13; i++)
        {
          guint8 b = q[1 + i / 2];
          guint digit = (i % 2 == 0) ? b >> 4 : b & 0x0F;

          out->mcn[i] = digit <= 9 ? (char) ('0' + digit) : '?';
        }
      out->mcn[13] = '\0';
      break;

    case 3:
      {
        /* Five 6-bit characters in bytes 1-4 (30 bits), then BCD digits. */
        guint32 bits = ((guint32) q[1] << 24) | ((guint32) q[2] << 16) | ((guint32) q[3] << 8) | q[4];

        for (guint i = 0; i < 5; i++)
          out->isrc[i] = isrc_char ((bits >> (26 - 6 * i)) & 0x3F);
        for (guint i = 0; i < 7; i++)
          {
            guint8 b = q[5 + i / 2];
            guint digit = (i % 2 == 0) ? b >> 4 : b & 0x0F;

            out->isrc[5 + i] = digit <= 9 ? (char) ('0' + digit) : '?';
          }
        out->isrc[12] = '\0';
      }
      break;

    default:
      break;
    }

  return out->crc_ok;
}
