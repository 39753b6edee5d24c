/* vrec-ecma130.c: the emulated drive's own sector encoder (ECMA-130)
 *
 * This is the drive's encoder, the one part of a CD recorder that turns
 * 2048 bytes of user data into the 2352 bytes that end up on the disc
 * (sync, header, EDC, ECC P and Q), and the descrambler a CD reader applies
 * to what it reads back.  It exists so the emulator can report the disc
 * content a real drive would have produced.  It is deliberately the plain
 * textbook form of ECMA-130 §14 and Annex A/B, separate from Spindle's
 * src/core/sp-edc-ecc.c, and it is checked against independent encoders
 * (vcdimager's Mode 2 sectors, cdrdao's raw Mode 1 writer) by the tests in
 * this folder.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vrec-ecma130.h"

#include <pthread.h>
#include <string.h>

static uint32_t edc_table[256];
static uint8_t gf_mul2[256];      /* x * alpha in GF(2^8), x^8+x^4+x^3+x^2+1 */
static uint8_t gf_div3[256];      /* x / (1 + alpha) */
static uint8_t scramble_table[VREC_SECTOR_SIZE - 12];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void
init_tables (void)
{
  /* EDC: 32-bit CRC, P(x) = (x^16+x^15+x^2+1)(x^16+x^2+x+1), LSB first. */
  for (uint32_t i = 0; i < 256; i++)
    {
      uint32_t r = i;
      for (int b = 0; b < 8; b++)
        r = (r >> 1) ^ ((r & 1) ? 0xd8018001u : 0);
      edc_table[i] = r;
    }

  for (int i = 0; i < 256; i++)
    {
      int m = (i << 1) ^ ((i & 0x80) ? 0x11d : 0);
      gf_mul2[i] = (uint8_t) m;
      /* (1 + alpha) * i = i ^ (alpha * i); invert the map for division. */
      gf_div3[i ^ m] = (uint8_t) i;
    }

  /* Annex B: 15-bit shift register x^15 + x + 1 preset to 1, output taken
   * least significant bit first. */
  uint16_t reg = 1;
  for (size_t i = 0; i < sizeof scramble_table; i++)
    {
      uint8_t byte = 0;
      for (int b = 0; b < 8; b++)
        {
          byte |= (uint8_t) ((reg & 1) << b);
          uint16_t feedback = (uint16_t) ((reg ^ (reg >> 1)) & 1);
          reg = (uint16_t) ((reg >> 1) | (feedback << 14));
        }
      scramble_table[i] = byte;
    }
}

static void
ensure_tables (void)
{
  pthread_once (&tables_once, init_tables);
}

static uint32_t
edc_compute (const uint8_t *data, size_t len)
{
  uint32_t crc = 0;
  for (size_t i = 0; i < len; i++)
    crc = edc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
edc_store (uint8_t *dest, uint32_t edc)
{
  dest[0] = (uint8_t) edc;
  dest[1] = (uint8_t) (edc >> 8);
  dest[2] = (uint8_t) (edc >> 16);
  dest[3] = (uint8_t) (edc >> 24);
}

/* One pass of RS-PC parity over the 2340 bytes from offset 12, viewed as
 * `major_count` codewords of `minor_count` symbols, each byte plane apart.
 * P: 86 codewords down the columns; Q: 52 along the diagonals. */
static void
ecc_pass (const uint8_t *src, int major_count, int minor_count,
          int major_mult, int minor_inc, uint8_t *dest)
{
  int size = major_count * minor_count;

  for (int major = 0; major < major_count; major++)
    {
      int index = (major >> 1) * major_mult + (major & 1);
      uint8_t a = 0, b = 0;

      for (int minor = 0; minor < minor_count; minor++)
        {
          uint8_t x = src[index];
          index += minor_inc;
          if (index >= size)
            index -= size;
          a ^= x;
          b ^= x;
          a = gf_mul2[a];
        }
      a = gf_div3[gf_mul2[a] ^ b];
      dest[major] = a;
      dest[major + major_count] = a ^ b;
    }
}

static void
ecc_generate (uint8_t *sector, bool zero_header)
{
  uint8_t saved[4] = { 0 };

  /* Mode 2 computes ECC as if the header were zero (ECMA-130 §14.5). */
  if (zero_header)
    {
      memcpy (saved, sector + 12, 4);
      memset (sector + 12, 0, 4);
    }
  ecc_pass (sector + 12, 86, 24, 2, 86, sector + 2076);
  ecc_pass (sector + 12, 52, 43, 86, 88, sector + 2248);
  if (zero_header)
    memcpy (sector + 12, saved, 4);
}

uint8_t
vrec_bcd (int v)
{
  return (uint8_t) (((v / 10) << 4) | (v % 10));
}

int
vrec_unbcd (uint8_t v)
{
  return (v >> 4) * 10 + (v & 0x0f);
}

int32_t
vrec_msf_to_lba (int m, int s, int f)
{
  int32_t abs = (m * 60 + s) * 75 + f;

  /* Lead-in addresses (90:00:00 and up) are negative LBAs. */
  if (m >= 90)
    return abs - 450150;
  return abs - 150;
}

void
vrec_lba_to_msf (int32_t lba, int *m, int *s, int *f)
{
  int32_t abs = lba + 150;

  if (abs < 0)
    abs += 450000;
  *m = abs / 4500;
  *s = (abs / 75) % 60;
  *f = abs % 75;
}

void
vrec_ecma130_header (uint8_t *sector, int32_t lba, uint8_t mode)
{
  int m, s, f;

  sector[0] = 0;
  memset (sector + 1, 0xff, 10);
  sector[11] = 0;
  vrec_lba_to_msf (lba, &m, &s, &f);
  sector[12] = vrec_bcd (m);
  sector[13] = vrec_bcd (s);
  sector[14] = vrec_bcd (f);
  sector[15] = mode;
}

void
vrec_ecma130_mode1 (uint8_t *sector, int32_t lba, const uint8_t *user_data)
{
  ensure_tables ();
  vrec_ecma130_header (sector, lba, 1);
  memmove (sector + 16, user_data, 2048);
  edc_store (sector + 2064, edc_compute (sector, 2064));
  memset (sector + 2068, 0, 8);
  ecc_generate (sector, false);
}

void
vrec_ecma130_mode2_formless (uint8_t *sector, int32_t lba, const uint8_t *data)
{
  vrec_ecma130_header (sector, lba, 2);
  memmove (sector + 16, data, 2336);
}

void
vrec_ecma130_mode2_xa (uint8_t *sector, int32_t lba, const uint8_t *subheader_and_data)
{
  ensure_tables ();
  vrec_ecma130_header (sector, lba, 2);
  memmove (sector + 16, subheader_and_data, 2336);
  if (sector[18] & 0x20)
    {
      /* Form 2: EDC over subheader and 2324 bytes of data, no ECC. */
      edc_store (sector + 2348, edc_compute (sector + 16, 2332));
    }
  else
    {
      edc_store (sector + 2072, edc_compute (sector + 16, 2056));
      ecc_generate (sector, true);
    }
}

void
vrec_ecma130_regenerate (uint8_t *sector)
{
  int32_t lba = vrec_msf_to_lba (vrec_unbcd (sector[12]), vrec_unbcd (sector[13]),
                                 vrec_unbcd (sector[14]));
  uint8_t copy[2336];

  switch (sector[15])
    {
    case 1:
      memcpy (copy, sector + 16, 2048);
      vrec_ecma130_mode1 (sector, lba, copy);
      break;
    case 2:
      memcpy (copy, sector + 16, 2336);
      vrec_ecma130_mode2_xa (sector, lba, copy);
      break;
    default:
      break;
    }
}

bool
vrec_ecma130_check (const uint8_t *sector, bool *edc_ok, bool *ecc_ok)
{
  uint8_t copy[VREC_SECTOR_SIZE];
  bool e = true, c = true;

  ensure_tables ();
  memcpy (copy, sector, sizeof copy);
  switch (sector[15])
    {
    case 1:
      vrec_ecma130_regenerate (copy);
      e = memcmp (copy + 2064, sector + 2064, 4) == 0;
      c = memcmp (copy + 2076, sector + 2076, 276) == 0;
      break;
    case 2:
      if (sector[16] != sector[20] || sector[18] != sector[22])
        break;      /* not XA: formless Mode 2 has no EDC to check */
      vrec_ecma130_regenerate (copy);
      if (sector[18] & 0x20)
        e = memcmp (copy + 2348, sector + 2348, 4) == 0;
      else
        {
          e = memcmp (copy + 2072, sector + 2072, 4) == 0;
          c = memcmp (copy + 2076, sector + 2076, 276) == 0;
        }
      break;
    default:
      break;
    }
  if (edc_ok)
    *edc_ok = e;
  if (ecc_ok)
    *ecc_ok = c;
  return e && c;
}

void
vrec_ecma130_scramble (uint8_t *sector)
{
  ensure_tables ();
  for (size_t i = 0; i < sizeof scramble_table; i++)
    sector[12 + i] ^= scramble_table[i];
}

bool
vrec_ecma130_has_sync (const uint8_t *sector)
{
  static const uint8_t sync[12] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff,
                                    0xff, 0xff, 0xff, 0xff, 0xff, 0 };
  return memcmp (sector, sync, 12) == 0;
}
