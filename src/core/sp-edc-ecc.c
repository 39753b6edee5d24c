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

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_X86 1
#endif

#include "sp-edc-ecc.h"

/* The vector helpers below are static inline: no ABI crosses a boundary. */
#pragma GCC diagnostic ignored "-Wpsabi"

#define ROW 86          /* bytes per row of the ECC matrix */
#define P_ROWS 24
#define Q_ROWS 26
#define Q_STEPS 43

#ifdef HAVE_X86
static void init_fold_constants (void);
#endif

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

#ifdef HAVE_X86
  init_fold_constants ();
#endif

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

static guint32
edc_slicing (guint32       edc,
             const guint8 *data,
             gsize         length)
{
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

#ifdef HAVE_X86
/* EDC by carry-less multiplication ("folding", Gopal et al., Intel 2009).
 *
 * Bits are reflected: a 16-byte block loaded from memory holds the
 * polynomial whose x^127 coefficient is bit 0 of its first byte, so its low
 * 64 bits are the high-degree half H and its high 64 bits the low half L.
 * Moving a block D bits further along the message multiplies it by x^D;
 * modulo P that is H·(x^(D+64) mod P) + L·(x^D mod P), two carry-less
 * products of degree < 96 that fit a block again. PCLMULQDQ on reflected
 * operands yields the product divided by x, so the constants are taken one
 * power lower: x^(D+63) and x^(D-1) mod P. After folding, the CRC of what was
 * consumed equals the CRC of the remaining 16-byte value, which the table
 * finishes along with the tail. */
static guint64 fold_512[2], fold_128[2];

static guint64
reflected_power (guint n)
{
  /* x^n mod P, P = x^32 + 0x8001801B, computed in plain bit order. */
  guint64 r = 1;

  for (guint i = 0; i < n; i++)
    {
      r <<= 1;
      if (r & (G_GUINT64_CONSTANT (1) << 32))
        r ^= G_GUINT64_CONSTANT (0x18001801B);
    }

  /* Coefficient of x^j to bit 63 - j. */
  {
    guint64 out = 0;

    for (guint j = 0; j < 32; j++)
      if (r & (G_GUINT64_CONSTANT (1) << j))
        out |= G_GUINT64_CONSTANT (1) << (63 - j);
    return out;
  }
}

static void
init_fold_constants (void)
{
  fold_512[0] = reflected_power (512 + 63);
  fold_512[1] = reflected_power (512 - 1);
  fold_128[0] = reflected_power (128 + 63);
  fold_128[1] = reflected_power (128 - 1);
}

__attribute__ ((target ("pclmul,sse4.1")))
static inline __m128i
fold (__m128i x,
      __m128i k,
      __m128i next)
{
  return _mm_xor_si128 (_mm_xor_si128 (_mm_clmulepi64_si128 (x, k, 0x00),
                                       _mm_clmulepi64_si128 (x, k, 0x11)),
                        next);
}

__attribute__ ((target ("pclmul,sse4.1")))
static guint32
edc_clmul (const guint8 *data,
           gsize         length)
{
  const __m128i k512 = _mm_set_epi64x ((gint64) fold_512[1], (gint64) fold_512[0]);
  const __m128i k128 = _mm_set_epi64x ((gint64) fold_128[1], (gint64) fold_128[0]);
  __m128i x0, x1, x2, x3;
  guint8 rest[16];

  /* Initial value 0: nothing to fold into the first block. */
  x0 = _mm_loadu_si128 ((const __m128i *) data);
  x1 = _mm_loadu_si128 ((const __m128i *) (data + 16));
  x2 = _mm_loadu_si128 ((const __m128i *) (data + 32));
  x3 = _mm_loadu_si128 ((const __m128i *) (data + 48));
  data += 64;
  length -= 64;

  while (length >= 64)
    {
      x0 = fold (x0, k512, _mm_loadu_si128 ((const __m128i *) data));
      x1 = fold (x1, k512, _mm_loadu_si128 ((const __m128i *) (data + 16)));
      x2 = fold (x2, k512, _mm_loadu_si128 ((const __m128i *) (data + 32)));
      x3 = fold (x3, k512, _mm_loadu_si128 ((const __m128i *) (data + 48)));
      data += 64;
      length -= 64;
    }

  x1 = fold (x0, k128, x1);
  x2 = fold (x1, k128, x2);
  x0 = fold (x2, k128, x3);

  while (length >= 16)
    {
      x0 = fold (x0, k128, _mm_loadu_si128 ((const __m128i *) data));
      data += 16;
      length -= 16;
    }

  _mm_storeu_si128 ((__m128i *) rest, x0);
  return edc_slicing (edc_slicing (0, rest, 16), data, length);
}
#endif

/**
 * sp_edc_compute:
 *
 * Returns: the EDC of @data, as the sector stores it (little-endian)
 */
guint32
sp_edc_compute (const guint8 *data,
                gsize         length)
{
  static int use_clmul = -1;

  init_tables ();

#ifdef HAVE_X86
  if (G_UNLIKELY (use_clmul < 0))
    {
      __builtin_cpu_init ();
      use_clmul = __builtin_cpu_supports ("pclmul") && __builtin_cpu_supports ("sse4.1");
    }
  if (use_clmul && length >= 64)
    return edc_clmul (data, length);
#endif

  return edc_slicing (0, data, length);
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

/* Macros, not inline functions: clang refuses to pass or return a 32-byte
 * vector in a call from the "default" (non-AVX) clone, whose ABI for it
 * differs, even when the call is inlined; the core must build with clang
 * (the fuzz targets need it). */
#define load32(p) __extension__ ({ v32u l_; memcpy (&l_, (p), sizeof l_); l_; })
#define store32(p, v) __extension__ ({ v32u s_ = (v); memcpy ((p), &s_, sizeof s_); })
/* ×α in each byte; the mask is 0xFF where bit 7 is set. */
#define vmul2(v) __extension__ ({ v32u m_ = (v); (m_ + m_) ^ ((v32u) ((v32s) m_ < 0) & 0x1D); })

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

/* Q along the diagonals, with the accumulator in registers. Lane e
 * (bytes 2e, 2e+1) holds diagonal d = 25 - e. At step t (0..67) diagonal d
 * takes column m = t - d of row t mod 26, so lane e takes word t - 25 + e:
 * the input of a step is words t-25 .. t of one row, contiguous, with zeros
 * where the column is outside 0..42 (rows are copied into zero-padded
 * buffers for that). Diagonal d is complete after step d + 42; the e steps
 * after that multiplied lane e by α^e more, which is divided out at the end. */
#define Q_TOTAL_STEPS (Q_STEPS + Q_ROWS - 1)
#define Q_PAD_LEFT 50                     /* 25 words before column 0 */
#define Q_ROW_STRIDE 224                  /* 50 + 86 + room for a 64-byte load at column 42 */

static __thread guint8 q_rows[Q_ROWS][Q_ROW_STRIDE] __attribute__ ((aligned (32)));

__attribute__ ((target_clones ("avx2", "default")))
static void
ecc_q_fast (const guint8 *row0,
            const guint8 *rows,
            const guint8 *p_rows,
            guint8        q[SP_ECC_Q_SIZE])
{
  /* One look-up of the thread's buffer, not one per step (PIC TLS is a call). */
  guint8 (*buf)[Q_ROW_STRIDE] = q_rows;
  v32u a0 = { 0 }, a1 = { 0 }, b0 = { 0 }, b1 = { 0 };
  guint8 out_a[64], out_b[64], fa[52], fb[52];

  /* The padding stays zero: only the 86 bytes in the middle are written. */
  for (guint r = 0; r < Q_ROWS; r++)
    {
      const guint8 *row = r == 0 ? row0 : r < P_ROWS ? rows + r * ROW : p_rows + (r - P_ROWS) * ROW;
      memcpy (buf[r] + Q_PAD_LEFT, row, ROW);
    }

  for (guint t = 0, r = 0; t < Q_TOTAL_STEPS; t++, r = r + 1 == Q_ROWS ? 0 : r + 1)
    {
      const guint8 *in = buf[r] + 2 * t;   /* = pad + 2 (t - 25) */
      v32u x0 = load32 (in), x1 = load32 (in + VEC);

      a0 = vmul2 (a0 ^ x0);
      a1 = vmul2 (a1 ^ x1);
      b0 ^= x0;
      b1 ^= x1;
    }

  store32 (out_a, a0);
  store32 (out_a + VEC, a1);
  store32 (out_b, b0);
  store32 (out_b + VEC, b1);

  for (guint e = 0; e < Q_ROWS; e++)
    for (guint b = 0; b < 2; b++)
      {
        guint8 x = out_a[2 * e + b];
        guint major = 2 * (Q_ROWS - 1 - e) + b;

        fa[major] = x ? gf_exp[gf_log[x] + 255 - e] : 0;
        fb[major] = out_b[2 * e + b];
      }

  finish_parity (fa, fb, 52, q);
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
#ifdef HAVE_X86
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("pclmul"))
    return "AVX2 ECC, PCLMULQDQ EDC";
  if (__builtin_cpu_supports ("pclmul"))
    return "SSE2 ECC, PCLMULQDQ EDC";
#endif
  return "vector ECC, slicing-by-8 EDC";
}
