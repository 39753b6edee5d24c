/* sp-sector.c
 *
 * Layouts, byte offsets from the start of a 2352-byte sector:
 *   Mode 1       sync 0-11, header 12-15, data 16-2063, EDC 2064-2067,
 *                zero 2068-2075, P 2076-2247, Q 2248-2351
 *   Mode 2 Form 1  sync, header, subheader 16-23, data 24-2071,
 *                EDC 2072-2075, P 2076-2247, Q 2248-2351
 *   Mode 2 Form 2  sync, header, subheader 16-23, data 24-2347, EDC 2348-2351
 *   Mode 2 (formless) sync, header, data 16-2351
 * The header holds the sector's address as BCD minute, second, frame, 150
 * frames ahead of its LBA, and the mode. EDC of Mode 1 covers 0-2063; of
 * Mode 2 forms, the subheader and data. Mode 2 ECC treats the header as
 * zeros.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-sector.h"

static const guint8 sync_pattern[12] = {
  0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00
};

static inline guint8
to_bcd (guint v)
{
  return (guint8) (((v / 10) << 4) | (v % 10));
}

static inline gboolean
from_bcd (guint8  b,
          guint  *v)
{
  if ((b & 0x0F) > 9 || (b >> 4) > 9)
    return FALSE;
  *v = (b >> 4) * 10 + (b & 0x0F);
  return TRUE;
}

void
sp_sector_write_header (guint8 *raw,
                        gint64  lba,
                        guint8  mode)
{
  guint8 m, s, f;

  memcpy (raw, sync_pattern, sizeof sync_pattern);
  sp_lba_to_msf (lba, &m, &s, &f);
  raw[12] = to_bcd (m);
  raw[13] = to_bcd (s);
  raw[14] = to_bcd (f);
  raw[15] = mode;
}

static inline void
put_edc (guint8  *at,
         guint32  edc)
{
  at[0] = (guint8) edc;
  at[1] = (guint8) (edc >> 8);
  at[2] = (guint8) (edc >> 16);
  at[3] = (guint8) (edc >> 24);
}

static inline guint32
get_edc (const guint8 *at)
{
  return (guint32) at[0] | ((guint32) at[1] << 8) | ((guint32) at[2] << 16) | ((guint32) at[3] << 24);
}

/**
 * sp_sector_encode_mode1:
 * @data: 2048 bytes of user data
 *
 * Builds the Mode 1 sector a drive would write for @data at @lba.
 */
void
sp_sector_encode_mode1 (guint8       *raw,
                        gint64        lba,
                        const guint8 *data)
{
  /* @data may lie inside @raw (sectors expanded in place): move it first. */
  memmove (raw + SP_SECTOR_MODE1_DATA_OFFSET, data, 2048);
  sp_sector_write_header (raw, lba, 1);
  put_edc (raw + SP_SECTOR_MODE1_EDC_OFFSET, sp_edc_compute (raw, SP_SECTOR_MODE1_EDC_OFFSET));
  memset (raw + SP_SECTOR_MODE1_ZERO_OFFSET, 0, 8);
  sp_ecc_write (raw, FALSE);
}

static void
write_subheader (guint8       *raw,
                 const guint8  subheader[4],
                 guint8        default_submode)
{
  guint8 sub[4] = { 0, 0, default_submode, 0 };

  if (subheader)
    memcpy (sub, subheader, 4);
  memcpy (raw + 16, sub, 4);
  memcpy (raw + 20, sub, 4);
}

/**
 * sp_sector_encode_form1:
 * @subheader: (nullable): file, channel, submode, coding; %NULL for a plain
 *   data sector (submode DATA)
 * @data: 2048 bytes
 */
void
sp_sector_encode_form1 (guint8       *raw,
                        gint64        lba,
                        const guint8  subheader[4],
                        const guint8 *data)
{
  memmove (raw + SP_SECTOR_FORM1_DATA_OFFSET, data, 2048);
  sp_sector_write_header (raw, lba, 2);
  write_subheader (raw, subheader, SP_SUBMODE_DATA);
  put_edc (raw + SP_SECTOR_FORM1_EDC_OFFSET,
           sp_edc_compute (raw + 16, SP_SECTOR_FORM1_EDC_OFFSET - 16));
  sp_ecc_write (raw, TRUE);
}

/**
 * sp_sector_encode_form2:
 * @subheader: (nullable): %NULL for submode FORM2
 * @data: 2324 bytes
 */
void
sp_sector_encode_form2 (guint8       *raw,
                        gint64        lba,
                        const guint8  subheader[4],
                        const guint8 *data)
{
  memmove (raw + SP_SECTOR_FORM1_DATA_OFFSET, data, 2324);
  sp_sector_write_header (raw, lba, 2);
  write_subheader (raw, subheader, SP_SUBMODE_FORM2);
  raw[18] |= SP_SUBMODE_FORM2;
  raw[22] |= SP_SUBMODE_FORM2;
  put_edc (raw + SP_SECTOR_FORM2_EDC_OFFSET,
           sp_edc_compute (raw + 16, SP_SECTOR_FORM2_EDC_OFFSET - 16));
}

/* @data: 2336 bytes as a MODE2/2336 image stores them (subheader onwards). */
void
sp_sector_encode_mode2_2336 (guint8       *raw,
                             gint64        lba,
                             const guint8 *data)
{
  memmove (raw + 16, data, 2336);
  sp_sector_write_header (raw, lba, 2);
}

/**
 * sp_sector_encode_empty:
 * @mode: 1 or 2
 *
 * The sector a generated pregap or postgap of a data track holds: Mode 1
 * zeros with EDC and ECC, or Mode 2 Form 2 zeros with subheader 00 00 20 00
 * and EDC (as vcdimager writes Video CD pregaps).
 */
void
sp_sector_encode_empty (guint8 *raw,
                        gint64  lba,
                        guint   mode)
{
  static const guint8 zeros[2336];

  if (mode == 1)
    sp_sector_encode_mode1 (raw, lba, zeros);
  else
    sp_sector_encode_form2 (raw, lba, NULL, zeros);
}

static gboolean
is_all_zero (const guint8 *raw,
             gsize         length)
{
  static const guint8 zeros[256];

  for (gsize i = 0; i < length; i += sizeof zeros)
    if (memcmp (raw + i, zeros, MIN (sizeof zeros, length - i)) != 0)
      return FALSE;
  return TRUE;
}

static void
decode_header (const guint8 *raw,
               SpSectorInfo *info)
{
  guint m, s, f;

  memcpy (info->header, raw + 12, 4);
  info->header_bcd_ok = from_bcd (raw[12], &m) && from_bcd (raw[13], &s) && from_bcd (raw[14], &f) &&
                        s < 60 && f < SP_FRAMES_PER_SECOND;
  if (info->header_bcd_ok)
    {
      gint64 lba = sp_msf_to_lba ((guint8) m, (guint8) s, (guint8) f);
      guint8 em, es, ef;

      /* Compare as the disc does, with minutes wrapping at 100. */
      sp_lba_to_msf (info->lba, &em, &es, &ef);
      info->header_lba = lba;
      info->header_ok = em == m && es == s && ef == f;
    }
  else
    {
      info->header_lba = G_MININT64;
      info->header_ok = FALSE;
    }
}

/**
 * sp_sector_decode:
 * @raw: 2352 bytes
 * @lba: the position the sector was read from (its header should say so)
 * @audio: the sector is in an audio track: it has no fields to judge
 */
void
sp_sector_decode (const guint8 *raw,
                  gint64        lba,
                  gboolean      audio,
                  SpSectorInfo *info)
{
  memset (info, 0, sizeof *info);
  info->lba = lba;
  info->all_zero = is_all_zero (raw, SP_RAW_SECTOR_SIZE);

  if (audio)
    {
      info->kind = SP_SECTOR_KIND_AUDIO;
      for (guint i = 0; i < SP_RAW_SECTOR_SIZE; i += 4)
        {
          gint16 l = (gint16) (raw[i] | (raw[i + 1] << 8));
          gint16 r = (gint16) (raw[i + 2] | (raw[i + 3] << 8));
          guint16 al = (guint16) (l < 0 ? -(gint) l : l);
          guint16 ar = (guint16) (r < 0 ? -(gint) r : r);

          info->peak_left = MAX (info->peak_left, al);
          info->peak_right = MAX (info->peak_right, ar);
        }
      return;
    }

  info->sync_ok = memcmp (raw, sync_pattern, sizeof sync_pattern) == 0;
  decode_header (raw, info);

  if (!info->sync_ok)
    {
      info->kind = SP_SECTOR_KIND_UNKNOWN;
      info->errors |= SP_SECTOR_ERROR_SYNC;
      return;
    }
  if (!info->header_ok)
    info->errors |= SP_SECTOR_ERROR_HEADER;

  switch (raw[15])
    {
    case 0:
      info->kind = SP_SECTOR_KIND_MODE0;
      info->zero = is_all_zero (raw + 16, 2336) ? SP_CHECK_OK : SP_CHECK_BAD;
      if (info->zero == SP_CHECK_BAD)
        info->errors |= SP_SECTOR_ERROR_ECC;
      break;

    case 1:
      info->kind = SP_SECTOR_KIND_MODE1;
      info->edc_stored = get_edc (raw + SP_SECTOR_MODE1_EDC_OFFSET);
      info->edc_computed = sp_edc_compute (raw, SP_SECTOR_MODE1_EDC_OFFSET);
      info->edc = info->edc_stored == info->edc_computed ? SP_CHECK_OK : SP_CHECK_BAD;
      info->zero = is_all_zero (raw + SP_SECTOR_MODE1_ZERO_OFFSET, 8) ? SP_CHECK_OK : SP_CHECK_BAD;
      {
        gboolean p_ok, q_ok;

        sp_ecc_check (raw, FALSE, &p_ok, &q_ok);
        info->ecc_p = p_ok ? SP_CHECK_OK : SP_CHECK_BAD;
        info->ecc_q = q_ok ? SP_CHECK_OK : SP_CHECK_BAD;
      }
      break;

    case 2:
      memcpy (info->subheader, raw + 16, 8);
      info->subheader_copies_match = memcmp (raw + 16, raw + 20, 4) == 0;
      if (raw[18] & SP_SUBMODE_FORM2)
        {
          info->kind = SP_SECTOR_KIND_MODE2_FORM2;
          info->edc_stored = get_edc (raw + SP_SECTOR_FORM2_EDC_OFFSET);
          info->edc_computed = sp_edc_compute (raw + 16, SP_SECTOR_FORM2_EDC_OFFSET - 16);
          /* Form 2 may go without EDC: a zero field means "none". */
          if (info->edc_stored == 0)
            info->edc = SP_CHECK_ABSENT;
          else
            info->edc = info->edc_stored == info->edc_computed ? SP_CHECK_OK : SP_CHECK_BAD;
        }
      else
        {
          gboolean p_ok, q_ok;

          info->kind = SP_SECTOR_KIND_MODE2_FORM1;
          info->edc_stored = get_edc (raw + SP_SECTOR_FORM1_EDC_OFFSET);
          info->edc_computed = sp_edc_compute (raw + 16, SP_SECTOR_FORM1_EDC_OFFSET - 16);
          info->edc = info->edc_stored == info->edc_computed ? SP_CHECK_OK : SP_CHECK_BAD;
          sp_ecc_check (raw, TRUE, &p_ok, &q_ok);
          info->ecc_p = p_ok ? SP_CHECK_OK : SP_CHECK_BAD;
          info->ecc_q = q_ok ? SP_CHECK_OK : SP_CHECK_BAD;
        }
      break;

    default:
      info->kind = SP_SECTOR_KIND_UNKNOWN;
      info->errors |= SP_SECTOR_ERROR_HEADER;
      return;
    }

  if (info->edc == SP_CHECK_BAD)
    info->errors |= SP_SECTOR_ERROR_EDC;
  if (info->ecc_p == SP_CHECK_BAD || info->ecc_q == SP_CHECK_BAD || info->zero == SP_CHECK_BAD)
    info->errors |= SP_SECTOR_ERROR_ECC;
}

/**
 * sp_sector_check:
 *
 * The verdict of sp_sector_decode() for a data sector, without the
 * details: what verify needs, as fast as it can be had.
 */
SpSectorError
sp_sector_check (const guint8 *raw,
                 gint64        lba)
{
  SpSectorInfo info;

  sp_sector_decode (raw, lba, FALSE, &info);
  return info.errors;
}

/**
 * sp_sector_repair:
 * @corrected: (out) (optional): bytes changed
 *
 * Corrects a Mode 1 or Mode 2 Form 1 sector from its ECC when the damage
 * is within what P and Q can correct, and keeps the result only if the
 * EDC then agrees.
 *
 * Returns: whether the sector is now correct
 */
gboolean
sp_sector_repair (guint8 *raw,
                  gint64  lba,
                  guint  *corrected)
{
  guint8 copy[SP_RAW_SECTOR_SIZE];
  SpSectorInfo info;
  gboolean mode2;
  guint fixed = 0;

  if (corrected)
    *corrected = 0;

  sp_sector_decode (raw, lba, FALSE, &info);
  if (info.errors == SP_SECTOR_ERROR_NONE)
    return TRUE;
  if (info.kind != SP_SECTOR_KIND_MODE1 && info.kind != SP_SECTOR_KIND_MODE2_FORM1)
    return FALSE;

  mode2 = info.kind == SP_SECTOR_KIND_MODE2_FORM1;
  memcpy (copy, raw, sizeof copy);
  if (!sp_ecc_repair (copy, mode2, &fixed))
    return FALSE;

  sp_sector_decode (copy, lba, FALSE, &info);
  if (info.edc != SP_CHECK_OK || info.ecc_p != SP_CHECK_OK || info.ecc_q != SP_CHECK_OK)
    return FALSE;

  memcpy (raw, copy, sizeof copy);
  if (corrected)
    *corrected = fixed;
  return TRUE;
}

static const SpSectorField audio_fields[] = {
  { SP_FIELD_AUDIO, 0, 2352 },
};
static const SpSectorField mode0_fields[] = {
  { SP_FIELD_SYNC, 0, 12 },
  { SP_FIELD_HEADER, 12, 4 },
  { SP_FIELD_ZERO, 16, 2336 },
};
static const SpSectorField mode1_fields[] = {
  { SP_FIELD_SYNC, 0, 12 },
  { SP_FIELD_HEADER, 12, 4 },
  { SP_FIELD_USER_DATA, 16, 2048 },
  { SP_FIELD_EDC, 2064, 4 },
  { SP_FIELD_ZERO, 2068, 8 },
  { SP_FIELD_ECC_P, 2076, 172 },
  { SP_FIELD_ECC_Q, 2248, 104 },
};
static const SpSectorField mode2_fields[] = {
  { SP_FIELD_SYNC, 0, 12 },
  { SP_FIELD_HEADER, 12, 4 },
  { SP_FIELD_USER_DATA, 16, 2336 },
};
static const SpSectorField form1_fields[] = {
  { SP_FIELD_SYNC, 0, 12 },
  { SP_FIELD_HEADER, 12, 4 },
  { SP_FIELD_SUBHEADER, 16, 8 },
  { SP_FIELD_USER_DATA, 24, 2048 },
  { SP_FIELD_EDC, 2072, 4 },
  { SP_FIELD_ECC_P, 2076, 172 },
  { SP_FIELD_ECC_Q, 2248, 104 },
};
static const SpSectorField form2_fields[] = {
  { SP_FIELD_SYNC, 0, 12 },
  { SP_FIELD_HEADER, 12, 4 },
  { SP_FIELD_SUBHEADER, 16, 8 },
  { SP_FIELD_USER_DATA, 24, 2324 },
  { SP_FIELD_EDC, 2348, 4 },
};
static const SpSectorField unknown_fields[] = {
  { SP_FIELD_SYNC, 0, 12 },
  { SP_FIELD_HEADER, 12, 4 },
  { SP_FIELD_USER_DATA, 16, 2336 },
};

/**
 * sp_sector_get_fields:
 *
 * Returns: the byte ranges of @kind's fields, in order, covering all 2352
 *   bytes
 */
const SpSectorField *
sp_sector_get_fields (SpSectorKind  kind,
                      guint        *n_fields)
{
#define RETURN_FIELDS(a) G_STMT_START { *n_fields = G_N_ELEMENTS (a); return a; } G_STMT_END
  switch (kind)
    {
    case SP_SECTOR_KIND_AUDIO:       RETURN_FIELDS (audio_fields);
    case SP_SECTOR_KIND_MODE0:       RETURN_FIELDS (mode0_fields);
    case SP_SECTOR_KIND_MODE1:       RETURN_FIELDS (mode1_fields);
    case SP_SECTOR_KIND_MODE2:       RETURN_FIELDS (mode2_fields);
    case SP_SECTOR_KIND_MODE2_FORM1: RETURN_FIELDS (form1_fields);
    case SP_SECTOR_KIND_MODE2_FORM2: RETURN_FIELDS (form2_fields);
    case SP_SECTOR_KIND_UNKNOWN:
    default:                         RETURN_FIELDS (unknown_fields);
    }
#undef RETURN_FIELDS
}

const char *
sp_field_type_to_string (SpFieldType type)
{
  switch (type)
    {
    case SP_FIELD_SYNC:       return "sync";
    case SP_FIELD_HEADER:     return "header";
    case SP_FIELD_SUBHEADER:  return "subheader";
    case SP_FIELD_USER_DATA:  return "user_data";
    case SP_FIELD_EDC:        return "edc";
    case SP_FIELD_ZERO:       return "zero";
    case SP_FIELD_ECC_P:      return "ecc_p";
    case SP_FIELD_ECC_Q:      return "ecc_q";
    case SP_FIELD_AUDIO:      return "audio";
    case SP_FIELD_SUBCHANNEL: return "subchannel";
    default:                  return "?";
    }
}

const char *
sp_sector_kind_to_string (SpSectorKind kind)
{
  switch (kind)
    {
    case SP_SECTOR_KIND_AUDIO:       return "audio";
    case SP_SECTOR_KIND_MODE0:       return "mode0";
    case SP_SECTOR_KIND_MODE1:       return "mode1";
    case SP_SECTOR_KIND_MODE2:       return "mode2";
    case SP_SECTOR_KIND_MODE2_FORM1: return "mode2_form1";
    case SP_SECTOR_KIND_MODE2_FORM2: return "mode2_form2";
    case SP_SECTOR_KIND_UNKNOWN:
    default:                         return "unknown";
    }
}

const char *
sp_check_to_string (SpCheck check)
{
  switch (check)
    {
    case SP_CHECK_OK:     return "ok";
    case SP_CHECK_BAD:    return "bad";
    case SP_CHECK_ABSENT: return "absent";
    case SP_CHECK_NONE:
    default:              return "none";
    }
}

/* The first (most telling) error kind, as verify names it. */
char *
sp_sector_error_to_string (SpSectorError errors)
{
  if (errors & SP_SECTOR_ERROR_MISSING)
    return g_strdup ("missing");
  if (errors & SP_SECTOR_ERROR_SYNC)
    return g_strdup ("sync");
  if (errors & SP_SECTOR_ERROR_HEADER)
    return g_strdup ("header");
  if (errors & SP_SECTOR_ERROR_EDC)
    return g_strdup ("edc");
  if (errors & SP_SECTOR_ERROR_ECC)
    return g_strdup ("ecc");
  return g_strdup ("none");
}
