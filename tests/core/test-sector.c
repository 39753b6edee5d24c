/* test-sector.c: EDC, ECC, sector decoding and repair
 *
 * Known answers come from sectors other tools wrote: vcdimager (Mode 2
 * Form 1 and Form 2, made at test time) and a MODE1/2352 image published
 * with libcdio (tests/data). A fixture our own encoder made could not test
 * our encoder.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sp-core.h"
#include "sp-edc-ecc.h"
#include "sp-sector.h"
#include "sp-subchannel.h"

static char *vcd_dir;

static GBytes *
load_data (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("SPINDLE_SOURCE_ROOT"), "tests", "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static GBytes *
load_vcd (void)
{
  g_autofree char *path = g_build_filename (vcd_dir, "vcd.bin", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length % 2352, ==, 0);
  return g_bytes_new_take (contents, length);
}

static void
test_edc_fast_matches_reference (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  guint8 buf[2400];

  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = (guint8) g_rand_int (rand);

  for (gsize length = 0; length <= sizeof buf; length += 7)
    g_assert_cmphex (sp_edc_compute (buf, length), ==, sp_edc_compute_reference (buf, length));
}

static void
test_edc_published (void)
{
  g_autoptr(GBytes) bytes = load_data ("libcdio-isofs-m1-sectors-0-16-17.bin");
  const guint8 *data = g_bytes_get_data (bytes, NULL);

  /* Sector 0 of libcdio's isofs-m1.bin: zero user data at 00:02:00, whose
   * EDC its maker stored as c5 13 68 2b. */
  g_assert_cmphex (data[2064], ==, 0xc5);
  g_assert_cmphex (sp_edc_compute (data, 2064), ==, 0x2b6813c5);
}

static void
test_subq_crc_check_value (void)
{
  /* The published check value of CRC-16/XMODEM (CCITT polynomial, initial 0),
   * which is the Q subchannel CRC before its inversion. */
  g_assert_cmphex (sp_subq_crc ((const guint8 *) "123456789", 9), ==, 0x31C3);
}

static void
test_ecc_fast_matches_reference (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  guint8 sector[2352];

  for (guint round = 0; round < 500; round++)
    {
      guint8 p1[172], q1[104], p2[172], q2[104];
      gboolean zero_address = round & 1;

      for (guint i = 0; i < sizeof sector; i++)
        sector[i] = (guint8) g_rand_int (rand);

      sp_ecc_compute (sector, zero_address, p1, q1);
      sp_ecc_compute_reference (sector, zero_address, p2, q2);
      g_assert_cmpmem (p1, 172, p2, 172);
      g_assert_cmpmem (q1, 104, q2, 104);

      /* The check agrees with what was computed. */
      memcpy (sector + SP_SECTOR_ECC_P_OFFSET, p1, 172);
      memcpy (sector + SP_SECTOR_ECC_Q_OFFSET, q1, 104);
      {
        gboolean p_ok, q_ok;

        sp_ecc_check (sector, zero_address, &p_ok, &q_ok);
        g_assert_true (p_ok);
        g_assert_true (q_ok);
        sector[SP_SECTOR_ECC_Q_OFFSET + g_rand_int_range (rand, 0, 104)] ^= 0x01;
        sp_ecc_check (sector, zero_address, &p_ok, &q_ok);
        g_assert_true (p_ok);
        g_assert_false (q_ok);
      }
    }
}

static void
test_published_mode1 (void)
{
  g_autoptr(GBytes) bytes = load_data ("libcdio-isofs-m1-sectors-0-16-17.bin");
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  static const gint64 lbas[] = { 0, 16, 17 };

  for (guint i = 0; i < G_N_ELEMENTS (lbas); i++)
    {
      const guint8 *raw = data + i * 2352;
      guint8 encoded[2352];
      SpSectorInfo info;

      sp_sector_decode (raw, lbas[i], FALSE, &info);
      g_assert_cmpint (info.kind, ==, SP_SECTOR_KIND_MODE1);
      g_assert_true (info.sync_ok);
      g_assert_true (info.header_ok);
      g_assert_cmpint (info.edc, ==, SP_CHECK_OK);
      g_assert_cmpint (info.ecc_p, ==, SP_CHECK_OK);
      g_assert_cmpint (info.ecc_q, ==, SP_CHECK_OK);
      g_assert_cmpint (info.zero, ==, SP_CHECK_OK);
      g_assert_cmpuint (info.errors, ==, SP_SECTOR_ERROR_NONE);

      /* Our encoder rebuilds the other tool's sector from its user data. */
      sp_sector_encode_mode1 (encoded, lbas[i], raw + 16);
      g_assert_cmpmem (encoded, 2352, raw, 2352);

      /* At another position, the header no longer fits. */
      sp_sector_decode (raw, lbas[i] + 1, FALSE, &info);
      g_assert_cmpuint (info.errors, ==, SP_SECTOR_ERROR_HEADER);
    }

  /* Sector 16 is the ISO 9660 primary volume descriptor. */
  g_assert_cmpmem (data + 2352 + 16, 6, "\001CD001", 6);
}

static void
test_vcdimager_sectors (void)
{
  g_autoptr(GBytes) bytes = load_vcd ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  guint form1 = 0, form2 = 0;

  for (gsize i = 0; i < length / 2352; i++)
    {
      const guint8 *raw = data + i * 2352;
      guint8 encoded[2352];
      SpSectorInfo info;

      sp_sector_decode (raw, (gint64) i, FALSE, &info);
      g_assert_cmpuint (info.errors, ==, SP_SECTOR_ERROR_NONE);
      g_assert_true (info.subheader_copies_match);

      if (info.kind == SP_SECTOR_KIND_MODE2_FORM1)
        {
          form1++;
          g_assert_cmpint (info.edc, ==, SP_CHECK_OK);
          g_assert_cmpint (info.ecc_p, ==, SP_CHECK_OK);
          g_assert_cmpint (info.ecc_q, ==, SP_CHECK_OK);
          sp_sector_encode_form1 (encoded, (gint64) i, raw + 16, raw + 24);
        }
      else
        {
          g_assert_cmpint (info.kind, ==, SP_SECTOR_KIND_MODE2_FORM2);
          form2++;
          g_assert_cmpint (info.edc, ==, SP_CHECK_OK);
          sp_sector_encode_form2 (encoded, (gint64) i, raw + 16, raw + 24);
        }
      g_assert_cmpmem (encoded, 2352, raw, 2352);
    }

  /* A Video CD has both: its file system in Form 1, its MPEG in Form 2. */
  g_assert_cmpuint (form1, >, 100);
  g_assert_cmpuint (form2, >, 100);
}

static void
test_corruption_kinds (void)
{
  g_autoptr(GBytes) bytes = load_data ("libcdio-isofs-m1-sectors-0-16-17.bin");
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  const guint8 *pvd = data + 2352;   /* LBA 16 */
  static const struct {
    guint offset;
    SpSectorError expected;
  } cases[] = {
    { 5, SP_SECTOR_ERROR_SYNC },                                  /* sync */
    { 14, SP_SECTOR_ERROR_HEADER | SP_SECTOR_ERROR_EDC | SP_SECTOR_ERROR_ECC },  /* header frame */
    { 100, SP_SECTOR_ERROR_EDC | SP_SECTOR_ERROR_ECC },           /* user data */
    { 2065, SP_SECTOR_ERROR_EDC | SP_SECTOR_ERROR_ECC },          /* EDC */
    { 2070, SP_SECTOR_ERROR_ECC },                                /* zero bytes */
    { 2100, SP_SECTOR_ERROR_ECC },                                /* P */
    { 2300, SP_SECTOR_ERROR_ECC },                                /* Q */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 raw[2352];

      memcpy (raw, pvd, sizeof raw);
      raw[cases[i].offset] ^= 0x40;
      g_assert_cmphex (sp_sector_check (raw, 16), ==, cases[i].expected);
    }
}

static void
test_form2_without_edc (void)
{
  g_autoptr(GBytes) bytes = load_vcd ();
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  guint8 raw[2352];
  SpSectorInfo info;

  /* Sector 300 starts the MPEG track's pregap: Form 2. */
  memcpy (raw, data + 300 * 2352, sizeof raw);
  memset (raw + SP_SECTOR_FORM2_EDC_OFFSET, 0, 4);
  sp_sector_decode (raw, 300, FALSE, &info);
  g_assert_cmpint (info.kind, ==, SP_SECTOR_KIND_MODE2_FORM2);
  g_assert_cmpint (info.edc, ==, SP_CHECK_ABSENT);
  g_assert_cmpuint (info.errors, ==, SP_SECTOR_ERROR_NONE);

  /* A wrong non-zero EDC is an error. */
  raw[SP_SECTOR_FORM2_EDC_OFFSET] = 1;
  sp_sector_decode (raw, 300, FALSE, &info);
  g_assert_cmpint (info.edc, ==, SP_CHECK_BAD);
  g_assert_cmpuint (info.errors, ==, SP_SECTOR_ERROR_EDC);
}

static void
test_repair (void)
{
  g_autoptr(GBytes) m1 = load_data ("libcdio-isofs-m1-sectors-0-16-17.bin");
  g_autoptr(GBytes) vcd = load_vcd ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  const guint8 *pvd = (const guint8 *) g_bytes_get_data (m1, NULL) + 2352;
  const guint8 *form1 = (const guint8 *) g_bytes_get_data (vcd, NULL) + 16 * 2352;

  for (guint round = 0; round < 200; round++)
    {
      const guint8 *original = round & 1 ? form1 : pvd;
      guint8 raw[2352];
      guint corrected = 0;
      guint offset = 16 + g_rand_int_range (rand, 0, 2352 - 16);

      /* One damaged byte anywhere ECC covers (not the header of Mode 2). */
      if ((round & 1) && offset < 16)
        offset = 16;
      memcpy (raw, original, sizeof raw);
      raw[offset] ^= (guint8) g_rand_int_range (rand, 1, 256);
      g_assert_cmphex (sp_sector_check (raw, 16), !=, SP_SECTOR_ERROR_NONE);

      g_assert_true (sp_sector_repair (raw, 16, &corrected));
      g_assert_cmpuint (corrected, ==, 1);
      g_assert_cmpmem (raw, 2352, original, 2352);
    }

  /* Two bytes in one P column and one Q diagonal each: P alone cannot, the
   * passes together can. */
  {
    guint8 raw[2352];
    guint corrected = 0;

    memcpy (raw, pvd, sizeof raw);
    raw[16 + 0] ^= 0x11;          /* row 0, column 2 (offsets from 12) */
    raw[16 + 86] ^= 0x22;         /* row 1, same column */
    g_assert_true (sp_sector_repair (raw, 16, &corrected));
    g_assert_cmpuint (corrected, ==, 2);
    g_assert_cmpmem (raw, 2352, pvd, 2352);
  }

  /* Damage beyond what P and Q can correct is refused, the sector untouched. */
  {
    guint8 raw[2352], damaged[2352];

    memcpy (raw, pvd, sizeof raw);
    for (guint i = 0; i < 400; i++)
      raw[16 + i * 5] ^= 0x5A;
    memcpy (damaged, raw, sizeof raw);
    g_assert_false (sp_sector_repair (raw, 16, NULL));
    g_assert_cmpmem (raw, 2352, damaged, 2352);
  }
}

static void
test_field_layouts (void)
{
  static const SpSectorKind kinds[] = {
    SP_SECTOR_KIND_AUDIO, SP_SECTOR_KIND_MODE0, SP_SECTOR_KIND_MODE1, SP_SECTOR_KIND_MODE2,
    SP_SECTOR_KIND_MODE2_FORM1, SP_SECTOR_KIND_MODE2_FORM2, SP_SECTOR_KIND_UNKNOWN,
  };

  /* Every layout covers the 2352 bytes exactly once, in order. */
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      guint n = 0, next = 0;
      const SpSectorField *fields = sp_sector_get_fields (kinds[k], &n);

      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpuint (fields[i].offset, ==, next);
          next += fields[i].length;
        }
      g_assert_cmpuint (next, ==, 2352);
    }

  {
    guint n;
    const SpSectorField *f = sp_sector_get_fields (SP_SECTOR_KIND_MODE2_FORM1, &n);

    g_assert_cmpuint (n, ==, 7);
    g_assert_cmpint (f[2].type, ==, SP_FIELD_SUBHEADER);
    g_assert_cmpuint (f[2].offset, ==, 16);
    g_assert_cmpint (f[4].type, ==, SP_FIELD_EDC);
    g_assert_cmpuint (f[4].offset, ==, 2072);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  int status = 0;
  int result;

  g_test_init (&argc, &argv, NULL);

  vcd_dir = g_dir_make_tmp ("spindle-test-sector-XXXXXX", &error);
  g_assert_no_error (error);
  script = g_build_filename (g_getenv ("SPINDLE_SOURCE_ROOT"), "tests", "core", "make-vcd.sh", NULL);
  {
    const char *args[] = { "/bin/sh", script, vcd_dir, NULL };

    g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }

  g_test_add_func ("/edc/fast-matches-reference", test_edc_fast_matches_reference);
  g_test_add_func ("/edc/published", test_edc_published);
  g_test_add_func ("/subq/crc-check-value", test_subq_crc_check_value);
  g_test_add_func ("/ecc/fast-matches-reference", test_ecc_fast_matches_reference);
  g_test_add_func ("/sector/published-mode1", test_published_mode1);
  g_test_add_func ("/sector/vcdimager", test_vcdimager_sectors);
  g_test_add_func ("/sector/corruption-kinds", test_corruption_kinds);
  g_test_add_func ("/sector/form2-without-edc", test_form2_without_edc);
  g_test_add_func ("/sector/repair", test_repair);
  g_test_add_func ("/sector/field-layouts", test_field_layouts);

  result = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", vcd_dir);
    if (system (cmd) != 0)
      g_warning ("could not remove %s", vcd_dir);
  }
  return result;
}
