/* fuzz-subq.c: libFuzzer target for the Q subchannel decoder
 *
 * The input is raw P-W subchannel (96 bytes, as 2448-byte sectors store
 * it after the sector); shorter inputs are taken as the 12 bytes of Q.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sp-subchannel.h"

static void
decode (const guint8 q[12])
{
  SpSubQ subq;
  gboolean ok = sp_subq_decode (q, &subq);

  if (ok != subq.crc_ok || ok != (((q[10] << 8) | q[11]) == (guint16) ~sp_subq_crc (q, 10)))
    abort ();
  if (memcmp (subq.raw, q, 12) != 0)
    abort ();
  /* Strings the track browser shows: terminated, printable ASCII. */
  if (subq.mcn[13] != '\0' || subq.isrc[12] != '\0')
    abort ();
  fuzz_check_utf8 ("MCN", subq.mcn);
  fuzz_check_utf8 ("ISRC", subq.isrc);
  if (subq.adr == 1 && subq.bcd_ok && (subq.relative < 0 || subq.index > 99))
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  guint8 pw[96] = { 0 };
  guint8 q[12] = { 0 };

  fuzz_init ();
  if (size >= 96)
    {
      memcpy (pw, data, 96);
      sp_subchannel_q_from_raw (pw, q);
      decode (q);
    }
  memcpy (q, data, MIN (size, sizeof q));
  decode (q);
  return 0;
}
