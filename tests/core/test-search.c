/* test-search.c: byte search over the raw sectors of an image
 *
 * The image is built here from known bytes (a BIN of raw audio sectors, so
 * that nothing is synthesized), and every answer is checked against a
 * plain search of the same bytes.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sp-core.h"

static char *folder;
static guint8 *disc;
static gsize disc_length;

#define SECTORS 1500

static SpImage *
open_image (const char *sheet_text)
{
  g_autofree char *sheet = g_build_filename (folder, "t.cue", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (sheet);
  g_autoptr(GError) error = NULL;
  SpImage *image;

  g_file_set_contents (sheet, sheet_text, -1, &error);
  g_assert_no_error (error);
  image = sp_image_open (file, NULL, &error);
  g_assert_no_error (error);
  return image;
}

static gint64
naive (const guint8 *needle,
       gsize         length,
       gint64        from,
       gboolean      backward)
{
  if (!backward)
    {
      for (gint64 i = MAX (0, from); i + (gint64) length <= (gint64) disc_length; i++)
        if (memcmp (disc + i, needle, length) == 0)
          return i;
    }
  else
    {
      for (gint64 i = MIN (from - 1, (gint64) (disc_length - length)); i >= 0; i--)
        if (memcmp (disc + i, needle, length) == 0)
          return i;
    }
  return -1;
}

static gint64
search (SpImage      *image,
        const guint8 *needle,
        gsize         length,
        gint64        from,
        gboolean      backward)
{
  g_autoptr(GBytes) pattern = g_bytes_new (needle, length);
  g_autoptr(SpSearch) s = sp_search_new (image, pattern, FALSE);
  g_autoptr(GError) error = NULL;
  gint64 found = sp_search_run (s, from, backward, NULL, &error);

  g_assert_no_error (error);
  return found;
}

static void
test_matches_naive (void)
{
  g_autoptr(SpImage) image = open_image ("FILE \"t.bin\" BINARY\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 300; round++)
    {
      gsize length = (gsize) g_rand_int_range (rand, 1, 9);
      gint64 at = g_rand_int_range (rand, 0, (gint32) (disc_length - length));
      gint64 from = g_rand_int_range (rand, 0, (gint32) disc_length);
      gboolean backward = round & 1;
      guint8 needle[16];

      /* Half the time a pattern that is there, half a random one. */
      if (round % 4 < 2)
        memcpy (needle, disc + at, length);
      else
        for (gsize i = 0; i < length; i++)
          needle[i] = (guint8) g_rand_int (rand);

      g_assert_cmpint (search (image, needle, length, from, backward), ==,
                       naive (needle, length, from, backward));
    }
}

static void
test_across_chunks_and_sectors (void)
{
  g_autoptr(SpImage) image = open_image ("FILE \"t.bin\" BINARY\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n");
  /* A pattern placed across the 512-sector chunk boundary of the search. */
  gint64 at = 512 * 2352 - 3;
  guint8 needle[7];

  memcpy (needle, disc + at, sizeof needle);
  g_assert_cmpint (search (image, needle, sizeof needle, 0, FALSE), ==, naive (needle, sizeof needle, 0, FALSE));
  g_assert_cmpint (search (image, needle, sizeof needle, (gint64) disc_length, TRUE), ==,
                   naive (needle, sizeof needle, (gint64) disc_length, TRUE));
  /* From exactly the match: forward finds it, backward does not. */
  g_assert_cmpint (search (image, needle, sizeof needle, at, FALSE), ==, naive (needle, sizeof needle, at, FALSE));
  g_assert_cmpint (search (image, needle, sizeof needle, at, TRUE), ==, naive (needle, sizeof needle, at, TRUE));
}

static void
test_text_ignoring_case (void)
{
  g_autoptr(SpImage) image = open_image ("FILE \"t.bin\" BINARY\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n");
  g_autoptr(GBytes) pattern = g_bytes_new_static ("spindle marker", 14);
  g_autoptr(SpSearch) s = sp_search_new (image, pattern, TRUE);
  g_autoptr(SpSearch) exact = sp_search_new (image, pattern, FALSE);
  gint64 expected = (guint8 *) memmem (disc, disc_length, "SpInDlE MaRkEr", 14) - disc;
  g_assert_cmpint (sp_search_run (s, 0, FALSE, NULL, NULL), ==, expected);
  g_assert_cmpint (sp_search_run (exact, 0, FALSE, NULL, NULL), ==, -1);
}

static void
test_hole_is_skipped (void)
{
  /* Track 2's file is missing: searching goes round the hole. */
  g_autoptr(SpImage) image = open_image ("FILE \"t.bin\" BINARY\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n"
                                         "FILE \"gone.bin\" BINARY\n TRACK 02 AUDIO\n  INDEX 01 00:00:00\n"
                                         "  INDEX 02 00:00:10\n");
  guint8 needle[5];

  memcpy (needle, disc + 1000 * 2352 + 7, sizeof needle);
  g_assert_cmpint (search (image, needle, sizeof needle, 0, FALSE), ==, naive (needle, sizeof needle, 0, FALSE));
}

static void
test_parse_hex (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = sp_search_parse_hex ("00 ff FF 0x43,44:4", &error);
  gsize n;
  const guint8 *d;

  g_assert_no_error (error);
  d = g_bytes_get_data (a, &n);
  g_assert_cmpmem (d, n, "\x00\xff\xff\x43\x44\x04", 6);
  g_assert_null (sp_search_parse_hex ("zz", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bin = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  g_test_init (&argc, &argv, NULL);

  folder = g_dir_make_tmp ("spindle-test-search-XXXXXX", &error);
  g_assert_no_error (error);
  disc_length = (gsize) SECTORS * 2352;
  disc = g_malloc (disc_length);
  for (gsize i = 0; i < disc_length; i++)
    disc[i] = (guint8) (g_rand_int (rand) & 0x3F);   /* few distinct bytes: many near-matches */
  memcpy (disc + 777 * 2352 + 2340, "SpInDlE MaRkEr", 14);   /* across two sectors */
  bin = g_build_filename (folder, "t.bin", NULL);
  g_file_set_contents (bin, (const char *) disc, (gssize) disc_length, &error);
  g_assert_no_error (error);

  g_test_add_func ("/search/matches-naive", test_matches_naive);
  g_test_add_func ("/search/across-chunks-and-sectors", test_across_chunks_and_sectors);
  g_test_add_func ("/search/text-ignoring-case", test_text_ignoring_case);
  g_test_add_func ("/search/hole-is-skipped", test_hole_is_skipped);
  g_test_add_func ("/search/parse-hex", test_parse_hex);

  {
    int result = g_test_run ();
    g_autofree char *t = g_build_filename (folder, "t.cue", NULL);

    g_unlink (bin);
    g_unlink (t);
    g_rmdir (folder);
    g_free (disc);
    return result;
  }
}
