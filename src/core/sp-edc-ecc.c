/* sp-edc-ecc.c: EDC and ECC of CD data sectors (ECMA-130 §14 and Annex A)
 *
 * EDC is a 32-bit CRC, polynomial (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1),
 * processed least significant bit first, stored little-endian.
 *
 * ECC is a product code over GF(2^8) (primitive polynomial x^8+x^4+x^3+x^2+1)
 * on the 2340 bytes from the header to the end of P, read as 1170 16-bit
 * words, two independent byte planes. Laid out as 26 rows of 43 words
 * (86 bytes), starting at the header:
 *   - P: for each of the 86 byte columns, RS(26,24) over rows 0..23 gives the
 *     two P bytes (rows 24 and 25 of the matrix);
 *   - Q: for each of 26 diagonals d and byte plane b, RS(45,43) over the
 *     words (row (d+m) mod 26, column m), m = 0..42, P rows included.
 * The parity bytes of a codeword x_0..x_{k-1} are, with a = Σ x_i α^(k-i)
 * and b = Σ x_i:  p0 = (α·a + b) / (1 + α),  p1 = p0 + b.
 *
 * Speed matters (verify reads whole images): P's codewords run down the
 * columns, so each step of the recurrence takes one contiguous 86-byte row
 * for all 86 codewords at once; Q's run along diagonals, which we turn into
 * contiguous rows too by keeping the accumulator in memory and sliding its
 * base back one word per row (so lane m at step t is lane m-1 of step t-1).
 * The plain scalar form (the one ECM and cdrdao's lec.cc use) stays here as
 * the reference that tests compare with.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-edc-ecc.h"

/* The vector helpers below are static inline: no ABI crosses a boundary. */
#pragma GCC diagnostic ignored "-Wpsabi"

#define ROW 86          /* bytes per row of the ECC matrix */
#define P_ROWS 24
#define Q_ROWS 26
#define Q_STEPS 43

static guint8 gf_mul2[256];     /* x·α */
static guint8 gf_div3[256];     /* x/(1+α) */
static guint8 gf_log[256];
static guint8 gf_exp[512];
static guint32 edc_table[8][256];

static void
init_tables (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;

  for (guint i = 0; i < 256; i++)
    {
      guint x = (i << 1) ^ ((i & 0x80) ? 0x11D : 0);
      guint32 edc = i;

      gf_mul2[i] = (guint8) x;
      gf_div3[i ^ x] = (guint8) i;

      for (guint j = 0; j < 8; j++)
        edc = (edc >> 1) ^ ((edc & 1) ? 0xD8018001u : 0);
      edc_table[0][i] = edc;
    }

  /* Slicing-by-8: table k advances a byte through k further zero bytes. */
  for (guint i = 0; i < 256; i++)
    for (guint k = 1; k < 8; k++)
      edc_table[k][i] = (edc_table[k - 1][i] >> 8) ^ edc_table[0][edc_table[k - 1][i] & 0xFF];

  {
    guint x = 1;

    for (guint i = 0; i < 255; i++)
      {
        gf_exp[i] = (guint8) x;
        gf_exp[i + 255] = (guint8) x;
        gf_log[x] = (guint8) i;
        x = gf_mul2[x];
      }
  }

  g_once_init_leave (&initialized, 1);
}

/* ---- EDC ------------------------------------------------------------- */

guint32
sp_edc_compute_reference (const guint8 *data,
                          gsize         length)
{
  guint32 edc = 0;

  init_tables ();
  for (gsize i = 0; i < length; i++)
    edc = (edc >> 8) ^ edc_table[0][(edc ^ data[i]) & 0xFF];
  return edc;
}

/**
 * sp_edc_compute:
 *
 * Returns: the EDC of @data, as the sector stores it (little-endian)
 */
guint32
sp_edc_compute (const guint8 *data,
                gsize         length)
{
  guint32 edc = 0;

  init_tables ();

  while (length >= 8)
    {
      guint32 lo, hi;

      memcpy (&lo, data, 4);
      memcpy (&hi, data + 4, 4);
      lo = GUINT32_FROM_LE (lo) ^ edc;
      hi = GUINT32_FROM_LE (hi);
      edc = edc_table[7][lo & 0xFF] ^ edc_table[6][(lo >> 8) & 0xFF] ^
            edc_table[5][(lo >> 16) & 0xFF] ^ edc_table[4][lo >> 24] ^
            edc_table[3][hi & 0xFF] ^ edc_table[2][(hi >> 8) & 0xFF] ^
            edc_table[1][(hi >> 16) & 0xFF] ^ edc_table[0][hi >> 24];
      data += 8;
      length -= 8;
    }
  while (length--)
    edc = (edc >> 8) ^ edc_table[0][(edc ^ *data++) & 0xFF];
  return edc;
}

/* ---- ECC, reference -------------------------------------------------- */

static void
ecc_reference_block (const guint8 *src,
                     guint         major_count,
                     guint         minor_count,
                     guint         major_mult,
                     guint         minor_inc,
                     guint8       *dest)
{
  guint size = major_count * minor_count;

  for (guint major = 0; major < major_count; major++)
    {
      guint index = (major >> 1) * major_mult + (major & 1);
      guint8 a = 0, b = 0;

      for (guint minor = 0; minor < minor_count; minor++)
        {
          guint8 x = src[index];

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

/* The 2340 bytes ECC covers, header zeroed for Mode 2 (whose header is
 * not protected, so that a sector can move). */
static void
ecc_source (const guint8 *sector,
            gboolean      zero_address,
            guint8        buf[2340])
{
  memcpy (buf, sector + SP_SECTOR_HEADER_OFFSET, 2340);
  if (zero_address)
    memset (buf, 0, 4);
}

void
sp_ecc_compute_reference (const guint8 *sector,
                          gboolean      zero_address,
                          guint8        p[SP_ECC_P_SIZE],
                          guint8        q[SP_ECC_Q_SIZE])
{
  guint8 buf[2340];

  init_tables ();
  ecc_source (sector, zero_address, buf);
  ecc_reference_block (buf, 86, 24, 2, 86, p);
  memcpy (buf + 2064, p, SP_ECC_P_SIZE);
  ecc_reference_block (buf, 52, 43, 86, 88, q);
}

/* ---- ECC, vectorized ------------------------------------------------- */

/* 32-byte vectors: AVX2 registers where the CPU has them, pairs of SSE2
 * registers elsewhere; the compiler picks per clone. */
typedef guint8 v32u __attribute__ ((vector_size (32)));
typedef gint8 v32s __attribute__ ((vector_size (32)));

#define VEC 32
#define ROW_VECS 3   /* 86 bytes in 3 vectors of 32 */

static inline v32u
load32 (const guint8 *p)
{
  v32u v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline void
store32 (guint8 *p,
         v32u    v)
{
  memcpy (p, &v, sizeof v);
}

static inline v32u
vmul2 (v32u v)
{
  v32u top = (v32u) ((v32s) v < 0);   /* 0xFF where bit 7 is set */

  return (v + v) ^ (top & 0x1D);
}

static inline void
finish_parity (const guint8 *a,
               const guint8 *b,
               guint         count,
               guint8       *dest)
{
  for (guint i = 0; i < count; i++)
    {
      guint8 p0 = gf_div3[gf_mul2[a[i]] ^ b[i]];

      dest[i] = p0;
      dest[i + count] = p0 ^ b[i];
    }
}

/* @rows: 26 rows of 86 bytes, readable for 10 bytes past each row's end. */
__attribute__ ((target_clones ("avx2", "default")))
static void
ecc_p_fast (const guint8 *row0,
            const guint8 *rows,
            guint8        p[SP_ECC_P_SIZE])
{
  v32u a[ROW_VECS] = { 0 }, b[ROW_VECS] = { 0 };
  guint8 out_a[ROW_VECS * VEC], out_b[ROW_VECS * VEC];

  for (guint r = 0; r < P_ROWS; r++)
    {
      const guint8 *row = r == 0 ? row0 : rows + r * ROW;

      for (guint k = 0; k < ROW_VECS; k++)
        {
          v32u x = load32 (row + k * VEC);

          a[k] = vmul2 (a[k] ^ x);
          b[k] ^= x;
        }
    }

  for (guint k = 0; k < ROW_VECS; k++)
    {
      store32 (out_a + k * VEC, a[k]);
      store32 (out_b + k * VEC, b[k]);
    }
  finish_parity (out_a, out_b, ROW, p);
}

/* Q along the diagonals: step t (0..67) takes row t mod 26 as a whole;
 * lane m of the accumulator then holds diagonal d = t - m. Diagonal d is
 * complete (m = 42) after step d + 42. */
#define Q_TOTAL_STEPS (Q_STEPS + Q_ROWS - 1)
#define Q_ACC_SIZE (ROW_VECS * VEC + 2 * Q_TOTAL_STEPS + VEC)

__attribute__ ((target_clones ("avx2", "default")))
static void
ecc_q_fast (const guint8 *row0,
            const guint8 *rows,
            const guint8 *p_rows,
            guint8        q[SP_ECC_Q_SIZE])
{
  guint8 acc_a[Q_ACC_SIZE] = { 0 };
  guint8 acc_b[Q_ACC_SIZE] = { 0 };
  guint8 out_a[52], out_b[52];

  for (guint t = 0; t < Q_TOTAL_STEPS; t++)
    {
      guint r = t % Q_ROWS;
      const guint8 *row = r == 0 ? row0 : r < P_ROWS ? rows + r * ROW : p_rows + (r - P_ROWS) * ROW;
      guint base = 2 * (Q_TOTAL_STEPS - 1 - t);

      for (guint k = 0; k < ROW_VECS; k++)
        {
          v32u x = load32 (row + k * VEC);
          v32u va = load32 (acc_a + base + k * VEC);
          v32u vb = load32 (acc_b + base + k * VEC);

          store32 (acc_a + base + k * VEC, vmul2 (va ^ x));
          store32 (acc_b + base + k * VEC, vb ^ x);
        }

      /* Lane 42 (bytes 84, 85) finished diagonal t - 42; take it before
       * the next step's spill past lane 42 reaches it. */
      if (t >= Q_STEPS - 1)
        {
          guint d = t - (Q_STEPS - 1);

          out_a[2 * d] = acc_a[base + 84];
          out_a[2 * d + 1] = acc_a[base + 85];
          out_b[2 * d] = acc_b[base + 84];
          out_b[2 * d + 1] = acc_b[base + 85];
        }
    }

  finish_parity (out_a, out_b, 52, q);
}

/* The P rows must be readable 10 bytes past their end; they are inside the
 * sector (followed by Q) or in a padded buffer. */
static void
ecc_compute_rows (const guint8 *sector,
                  gboolean      zero_address,
                  const guint8 *p_rows,
                  guint8        p[SP_ECC_P_SIZE],
                  guint8        q[SP_ECC_Q_SIZE])
{
  const guint8 *rows = sector + SP_SECTOR_HEADER_OFFSET;
  guint8 row0[ROW_VECS * VEC];

  memcpy (row0, rows, ROW);
  memset (row0 + ROW, 0, sizeof row0 - ROW);
  if (zero_address)
    memset (row0, 0, 4);

  if (p)
    ecc_p_fast (row0, rows, p);
  if (q)
    ecc_q_fast (row0, rows, p_rows ? p_rows : p, q);
}

/**
 * sp_ecc_compute:
 * @sector: a raw 2352-byte sector
 * @zero_address: whether the header counts as zeros (Mode 2)
 *
 * Computes P from the sector and Q from the sector with that new P: what
 * an encoder writes.
 */
void
sp_ecc_compute (const guint8 *sector,
                gboolean      zero_address,
                guint8        p[SP_ECC_P_SIZE],
                guint8        q[SP_ECC_Q_SIZE])
{
  guint8 p_rows[SP_ECC_P_SIZE + VEC];

  init_tables ();
  ecc_compute_rows (sector, zero_address, NULL, p_rows, NULL);
  memset (p_rows + SP_ECC_P_SIZE, 0, VEC);
  ecc_compute_rows (sector, zero_address, p_rows, NULL, q);
  memcpy (p, p_rows, SP_ECC_P_SIZE);
}

/**
 * sp_ecc_check:
 *
 * Checks the P and Q stored in @sector. Q is checked against the stored
 * P (the Q codewords include P), so each result stands on its own.
 */
void
sp_ecc_check (const guint8 *sector,
              gboolean      zero_address,
              gboolean     *p_ok,
              gboolean     *q_ok)
{
  guint8 p[SP_ECC_P_SIZE], q[SP_ECC_Q_SIZE];

  init_tables ();
  /* Stored P rows are followed by Q inside the sector: readable past the end. */
  ecc_compute_rows (sector, zero_address, sector + SP_SECTOR_ECC_P_OFFSET, p, q);
  *p_ok = memcmp (p, sector + SP_SECTOR_ECC_P_OFFSET, SP_ECC_P_SIZE) == 0;
  *q_ok = memcmp (q, sector + SP_SECTOR_ECC_Q_OFFSET, SP_ECC_Q_SIZE) == 0;
}

/* Writes P and Q into @sector. */
void
sp_ecc_write (guint8   *sector,
              gboolean  zero_address)
{
  guint8 p[SP_ECC_P_SIZE], q[SP_ECC_Q_SIZE];

  sp_ecc_compute (sector, zero_address, p, q);
  memcpy (sector + SP_SECTOR_ECC_P_OFFSET, p, SP_ECC_P_SIZE);
  memcpy (sector + SP_SECTOR_ECC_Q_OFFSET, q, SP_ECC_Q_SIZE);
}

/* ---- Repair ---------------------------------------------------------- */

/* Byte offset (in the 2340-byte ECC area) of position j of a codeword. */
static guint
p_position (guint major,
            guint j)
{
  if (j < P_ROWS)
    return (major >> 1) * 2 + (major & 1) + ROW * j;
  return 2064 + major + (j - P_ROWS) * 86;
}

static guint
q_position (guint major,
            guint j)
{
  guint d = major >> 1, b = major & 1;

  if (j < Q_STEPS)
    return ROW * ((d + j) % Q_ROWS) + 2 * j + b;
  return 2236 + major + (j - Q_STEPS) * 52;
}

/* Corrects at most one byte in one codeword of length @n. Returns -1 when
 * the codeword has more errors than that, 0 when it is clean, 1 when a
 * byte was corrected. Weights: position j carries α^(n-1-j). */
static int
correct_codeword (guint8 *buf,
                  guint   major,
                  guint   n,
                  guint (*position) (guint, guint))
{
  guint8 s0 = 0, s1 = 0;
  int k, j;

  for (guint i = 0; i < n; i++)
    {
      guint8 x = buf[position (major, i)];

      s0 ^= x;
      s1 = gf_mul2[s1] ^ x;
    }
  if (s0 == 0 && s1 == 0)
    return 0;
  if (s0 == 0 || s1 == 0)
    return -1;

  k = ((int) gf_log[s1] - (int) gf_log[s0] + 255) % 255;
  j = (int) n - 1 - k;
  if (j < 0 || j >= (int) n)
    return -1;
  buf[position (major, (guint) j)] ^= s0;
  return 1;
}

/**
 * sp_ecc_repair:
 * @sector: a raw sector, corrected in place when possible
 * @corrected: (out) (optional): how many bytes were changed
 *
 * Corrects the sector from its P and Q parity, alternating P and Q
 * passes so that errors one code cannot fix alone (two in a P column, but
 * on different Q diagonals) are fixed by the other. Bytes outside what
 * ECC covers (sync; in Mode 2 the header) are not touched.
 *
 * Returns: %TRUE when every P and Q codeword is consistent afterwards;
 *   the caller checks the EDC to be sure the result is the original
 */
gboolean
sp_ecc_repair (guint8   *sector,
               gboolean  zero_address,
               guint    *corrected)
{
  guint8 buf[2340];
  guint8 header[4];
  guint fixed = 0;

  init_tables ();
  memcpy (header, sector + SP_SECTOR_HEADER_OFFSET, 4);
  ecc_source (sector, zero_address, buf);

  for (guint round = 0; round < 4; round++)
    {
      gboolean clean = TRUE;
      guint before = fixed;

      for (guint major = 0; major < 86; major++)
        {
          int r = correct_codeword (buf, major, 26, p_position);
          if (r > 0)
            fixed++;
          if (r != 0)
            clean = FALSE;
        }
      for (guint major = 0; major < 52; major++)
        {
          int r = correct_codeword (buf, major, 45, q_position);
          if (r > 0)
            fixed++;
          if (r != 0)
            clean = FALSE;
        }
      if (clean)
        break;
      if (fixed == before)
        break;
    }

  {
    gboolean ok = TRUE;

    for (guint major = 0; major < 86 && ok; major++)
      ok = correct_codeword (buf, major, 26, p_position) == 0;
    for (guint major = 0; major < 52 && ok; major++)
      ok = correct_codeword (buf, major, 45, q_position) == 0;

    if (ok && fixed > 0)
      {
        memcpy (sector + SP_SECTOR_HEADER_OFFSET, buf, 2340);
        if (zero_address)
          memcpy (sector + SP_SECTOR_HEADER_OFFSET, header, 4);
      }
    if (corrected)
      *corrected = ok ? fixed : 0;
    return ok;
  }
}

const char *
sp_edc_ecc_implementation (void)
{
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2"))
    return "AVX2 ECC, slicing-by-8 EDC";
  return "SSE2 ECC, slicing-by-8 EDC";
}
