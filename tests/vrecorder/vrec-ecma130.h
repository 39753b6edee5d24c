/* vrec-ecma130.h: the sector encoder of the emulated CD recorder
 *
 * Part of the virtual CD recorder, an emulator (a test double at the
 * hardware boundary) used only by Spindle's tests.  A real recorder builds
 * the sync pattern, header, EDC and ECC of a data sector itself when the
 * host sends only user data (cue sheet data form 10h, 20h; TAO data block
 * types 8 to 13), and a real reader descrambles what was written raw.  This
 * file is that part of the drive.  It is never used to check Spindle's own
 * EDC/ECC code: tests compare its output with sectors made by vcdimager and
 * by cdrdao's raw writer, which are independent implementations.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VREC_SECTOR_SIZE 2352

void vrec_ecma130_header (uint8_t *sector, int32_t lba, uint8_t mode);

void vrec_ecma130_mode1 (uint8_t *sector, int32_t lba, const uint8_t *user_data);

/* 2336 bytes: 8-byte subheader + data; Form 1 or Form 2 from submode bit 5. */
void vrec_ecma130_mode2_xa (uint8_t *sector, int32_t lba, const uint8_t *subheader_and_data);

/* 2336 bytes of formless Mode 2 data, no EDC/ECC. */
void vrec_ecma130_mode2_formless (uint8_t *sector, int32_t lba, const uint8_t *data);

/* Re-encodes a complete sector in place from its own header and data. */
void vrec_ecma130_regenerate (uint8_t *sector);

/* True if EDC and ECC of the Mode 1 / Mode 2 Form 1 / Form 2 sector are the
 * ones this encoder makes; mode 0, audio and formless Mode 2 return true. */
bool vrec_ecma130_check (const uint8_t *sector, bool *edc_ok, bool *ecc_ok);

/* ECMA-130 Annex B scrambler over bytes 12..2351; it is its own inverse. */
void vrec_ecma130_scramble (uint8_t *sector);

bool vrec_ecma130_has_sync (const uint8_t *sector);

int32_t vrec_msf_to_lba (int m, int s, int f);
void vrec_lba_to_msf (int32_t lba, int *m, int *s, int *f);
uint8_t vrec_bcd (int v);
int vrec_unbcd (uint8_t v);
