/* sp-sector.h: one raw CD sector, decoded and checked (ECMA-130, CD-ROM XA)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sp-edc-ecc.h"
#include "sp-msf.h"

G_BEGIN_DECLS

typedef enum
{
  SP_SECTOR_KIND_AUDIO,
  SP_SECTOR_KIND_MODE0,
  SP_SECTOR_KIND_MODE1,
  SP_SECTOR_KIND_MODE2,          /* Mode 2 without XA subheader ("formless") */
  SP_SECTOR_KIND_MODE2_FORM1,
  SP_SECTOR_KIND_MODE2_FORM2,
  SP_SECTOR_KIND_UNKNOWN,        /* a data track sector with no sync or an unknown mode */
} SpSectorKind;

typedef enum
{
  SP_CHECK_NONE,      /* not applicable to this kind of sector */
  SP_CHECK_OK,
  SP_CHECK_BAD,
  SP_CHECK_ABSENT,    /* Mode 2 Form 2 with a zero EDC field: no EDC was written */
} SpCheck;

/* What can be wrong with a data sector; verify reports these kinds. */
typedef enum /*< flags >*/
{
  SP_SECTOR_ERROR_NONE = 0,
  SP_SECTOR_ERROR_SYNC = 1 << 0,
  SP_SECTOR_ERROR_HEADER = 1 << 1,   /* header MSF not this sector's position, or bad mode */
  SP_SECTOR_ERROR_EDC = 1 << 2,
  SP_SECTOR_ERROR_ECC = 1 << 3,      /* P or Q parity wrong (or Mode 1 zero bytes not zero) */
  SP_SECTOR_ERROR_MISSING = 1 << 4,  /* not in the image's files */
} SpSectorError;

/* Submode bits of the Mode 2 subheader (CD-ROM XA). */
typedef enum /*< flags >*/
{
  SP_SUBMODE_EOR = 1 << 0,       /* end of record */
  SP_SUBMODE_VIDEO = 1 << 1,
  SP_SUBMODE_AUDIO = 1 << 2,
  SP_SUBMODE_DATA = 1 << 3,
  SP_SUBMODE_TRIGGER = 1 << 4,
  SP_SUBMODE_FORM2 = 1 << 5,
  SP_SUBMODE_REALTIME = 1 << 6,
  SP_SUBMODE_EOF = 1 << 7,       /* end of file */
} SpSubmode;

typedef struct
{
  gint64 lba;                 /* the position the sector was read from */
  SpSectorKind kind;
  SpSectorError errors;

  gboolean sync_ok;
  guint8 header[4];           /* as stored: BCD minute, second, frame; mode */
  gboolean header_bcd_ok;
  gint64 header_lba;          /* what the header says, when it is valid BCD */
  gboolean header_ok;         /* says @lba */

  guint8 subheader[8];        /* Mode 2: file, channel, submode, coding, twice */
  gboolean subheader_copies_match;

  guint32 edc_stored;
  guint32 edc_computed;
  SpCheck edc;
  SpCheck zero;               /* Mode 1: the 8 bytes between EDC and P */
  SpCheck ecc_p;
  SpCheck ecc_q;

  gboolean all_zero;          /* every byte is zero */
  guint16 peak_left;          /* audio: the largest absolute sample, per channel */
  guint16 peak_right;
} SpSectorInfo;

typedef enum
{
  SP_FIELD_SYNC,
  SP_FIELD_HEADER,
  SP_FIELD_SUBHEADER,
  SP_FIELD_USER_DATA,
  SP_FIELD_EDC,
  SP_FIELD_ZERO,
  SP_FIELD_ECC_P,
  SP_FIELD_ECC_Q,
  SP_FIELD_AUDIO,
  SP_FIELD_SUBCHANNEL,
} SpFieldType;

typedef struct
{
  SpFieldType type;
  guint offset;
  guint length;
} SpSectorField;

void                 sp_sector_decode        (const guint8   *raw,
                                              gint64          lba,
                                              gboolean        audio,
                                              SpSectorInfo   *info);
SpSectorError        sp_sector_check         (const guint8   *raw,
                                              gint64          lba);
gboolean             sp_sector_repair        (guint8         *raw,
                                              gint64          lba,
                                              guint          *corrected);

const SpSectorField *sp_sector_get_fields    (SpSectorKind    kind,
                                              guint          *n_fields);
const char          *sp_field_type_to_string (SpFieldType     type);
const char          *sp_sector_kind_to_string (SpSectorKind   kind);
char                *sp_sector_error_to_string (SpSectorError errors);
const char          *sp_check_to_string      (SpCheck         check);

void                 sp_sector_write_header  (guint8         *raw,
                                              gint64          lba,
                                              guint8          mode);
void                 sp_sector_encode_mode1  (guint8         *raw,
                                              gint64          lba,
                                              const guint8   *data);
void                 sp_sector_encode_form1  (guint8         *raw,
                                              gint64          lba,
                                              const guint8    subheader[4],
                                              const guint8   *data);
void                 sp_sector_encode_form2  (guint8         *raw,
                                              gint64          lba,
                                              const guint8    subheader[4],
                                              const guint8   *data);
void                 sp_sector_encode_mode2_2336 (guint8     *raw,
                                              gint64          lba,
                                              const guint8   *data);
void                 sp_sector_encode_empty  (guint8         *raw,
                                              gint64          lba,
                                              guint           mode);

G_END_DECLS
