/* sp-edc-ecc.h: the error detection and correction codes of CD data sectors
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Offsets in a raw 2352-byte sector (ECMA-130 §14, and the CD-ROM XA
 * specification for Mode 2 forms). */
#define SP_SECTOR_HEADER_OFFSET       12
#define SP_SECTOR_MODE1_DATA_OFFSET   16
#define SP_SECTOR_MODE1_EDC_OFFSET    2064
#define SP_SECTOR_MODE1_ZERO_OFFSET   2068
#define SP_SECTOR_ECC_P_OFFSET        2076
#define SP_SECTOR_ECC_Q_OFFSET        2248
#define SP_SECTOR_SUBHEADER_OFFSET    16
#define SP_SECTOR_FORM1_DATA_OFFSET   24
#define SP_SECTOR_FORM1_EDC_OFFSET    2072
#define SP_SECTOR_FORM2_EDC_OFFSET    2348
#define SP_ECC_P_SIZE                 172
#define SP_ECC_Q_SIZE                 104

guint32  sp_edc_compute            (const guint8 *data,
                                    gsize         length);
guint32  sp_edc_compute_reference  (const guint8 *data,
                                    gsize         length);

void     sp_ecc_compute            (const guint8 *sector,
                                    gboolean      zero_address,
                                    guint8        p[SP_ECC_P_SIZE],
                                    guint8        q[SP_ECC_Q_SIZE]);
void     sp_ecc_compute_reference  (const guint8 *sector,
                                    gboolean      zero_address,
                                    guint8        p[SP_ECC_P_SIZE],
                                    guint8        q[SP_ECC_Q_SIZE]);
void     sp_ecc_check              (const guint8 *sector,
                                    gboolean      zero_address,
                                    gboolean     *p_ok,
                                    gboolean     *q_ok);
void     sp_ecc_write              (guint8       *sector,
                                    gboolean      zero_address);
gboolean sp_ecc_repair             (guint8       *sector,
                                    gboolean      zero_address,
                                    guint        *corrected);

const char *sp_edc_ecc_implementation (void);

G_END_DECLS
