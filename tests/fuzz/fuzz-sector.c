/* fuzz-sector.c: libFuzzer target for the sector decoder and ECC repair
 *
 * The input is a raw 2352-byte sector (shorter inputs are padded with
 * zeros), then optionally 4 bytes of position (little-endian, signed) and a
 * byte of options (bit 0: the sector is in an audio track). Beyond not
 * crashing, it checks what the decoder promises:
 *  - every field it lists lies inside the sector;
 *  - sp_sector_repair() that says TRUE leaves a sector whose EDC and ECC
 *    are right, and one that says FALSE leaves the sector untouched;
 *  - the same bytes, made into a correct Mode 1 or Mode 2 Form 1 sector by
 *    the encoder and given one wrong byte anywhere ECC covers, are
 *    repaired to the very same sector.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sp-msf.h"
#include "sp-sector.h"

static void
check_fields (SpSectorKind kind)
{
  guint n = 0;
  const SpSectorField *fields = sp_sector_get_fields (kind, &n);

  for (guint i = 0; i < n; i++)
    {
      if (fields[i].offset + fields[i].length > SP_RAW_SECTOR_SIZE + SP_SUBCHANNEL_SIZE)
        abort ();
      if (sp_field_type_to_string (fields[i].type) == NULL)
        abort ();
    }
}

static void
check_single_error_repair (const guint8 *data,
                           gint64        lba,
                           guint8        selector,
                           guint16       where,
                           guint8        flip)
{
  guint8 good[SP_RAW_SECTOR_SIZE], bad[SP_RAW_SECTOR_SIZE];
  static const guint8 form1[4] = { 0, 0, 0x08, 0 };
  gboolean mode2 = selector & 1;
  guint first = mode2 ? 24 : 16;   /* header/subheader changes change the kind */
  guint offset;
  guint corrected = 0;
  guint8 user[2048];

  memcpy (user, data, sizeof user);
  if (mode2)
    sp_sector_encode_form1 (good, lba, form1, user);
  else
    sp_sector_encode_mode1 (good, lba, user);

  if (sp_sector_check (good, lba) != SP_SECTOR_ERROR_NONE)
    abort ();

  if (flip == 0)
    flip = 1;
  offset = first + where % (SP_RAW_SECTOR_SIZE - first);
  memcpy (bad, good, sizeof bad);
  bad[offset] ^= flip;

  if (!sp_sector_repair (bad, lba, &corrected) || memcmp (bad, good, sizeof bad) != 0)
    {
      g_printerr ("%s: a single wrong byte at %u (^0x%02x) was not repaired\n",
                  mode2 ? "Mode 2 Form 1" : "Mode 1", offset, flip);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  guint8 raw[SP_RAW_SECTOR_SIZE] = { 0 };
  guint8 copy[SP_RAW_SECTOR_SIZE];
  gint64 lba = 150;
  gboolean audio = FALSE;
  SpSectorInfo info, again;
  g_autofree char *errors = NULL;
  guint corrected = 0;

  fuzz_init ();
  memcpy (raw, data, MIN (size, sizeof raw));
  if (size >= SP_RAW_SECTOR_SIZE + 4)
    lba = (gint32) ((guint32) data[2352] | (guint32) data[2353] << 8 |
                    (guint32) data[2354] << 16 | (guint32) data[2355] << 24);
  if (size >= SP_RAW_SECTOR_SIZE + 5)
    audio = data[2356] & 1;

  sp_sector_decode (raw, lba, audio, &info);
  sp_sector_decode (raw, lba, audio, &again);
  if (memcmp (&info, &again, sizeof info) != 0)
    abort ();
  check_fields (info.kind);
  errors = sp_sector_error_to_string (info.errors);
  fuzz_check_utf8 ("errors", errors);
  if (sp_sector_kind_to_string (info.kind) == NULL)
    abort ();
  sp_check_to_string (info.edc);
  if (!audio && sp_sector_check (raw, lba) != info.errors)
    abort ();

  memcpy (copy, raw, sizeof copy);
  if (sp_sector_repair (copy, lba, &corrected))
    {
      sp_sector_decode (copy, lba, FALSE, &again);
      if ((again.edc != SP_CHECK_OK && again.edc != SP_CHECK_ABSENT && again.edc != SP_CHECK_NONE) ||
          again.ecc_p == SP_CHECK_BAD || again.ecc_q == SP_CHECK_BAD)
        abort ();
    }
  else if (memcmp (copy, raw, sizeof copy) != 0)
    abort ();

  /* Positions a disc can have (lead-in pregap included). */
  if (lba >= -150 && lba < 100 * 60 * 75 - 150)
    check_single_error_repair (raw, lba, size >= SP_RAW_SECTOR_SIZE + 6 ? data[2357] : raw[2351],
                               (guint16) (raw[2349] << 8 | raw[2350]), raw[2348]);
  return 0;
}
