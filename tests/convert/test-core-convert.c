/* test-core-convert.c: the async core API the app uses (file system, extract,
 * convert, checksum, DAT), on an ISO genisoimage made at build time from
 * tests/convert/data
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sp-core.h"

static const char *iso_path;
static const char *data_dir;

typedef struct
{
  gboolean done;
  GObject *object;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->object = object;
  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static void
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static SpImage *
open_iso (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (iso_path);
  g_autoptr(GError) error = NULL;
  SpImage *image = sp_image_open (file, NULL, &error);

  g_assert_no_error (error);
  return image;
}

static SpFilesystem *
open_fs (SpImage *image)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  SpFilesystem *fs;

  sp_filesystem_open_async (image, NULL, SP_FILESYSTEM_TYPE_AUTO, NULL, on_done, &wait);
  wait_for (&wait);
  fs = sp_filesystem_open_finish (wait.result, &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return fs;
}

static GBytes *
source_file (const char *name)
{
  g_autofree char *path = g_build_filename (data_dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
test_browse (void)
{
  g_autoptr(SpImage) image = open_iso ();
  g_autoptr(SpFilesystem) fs = open_fs (image);
  g_autoptr(GListModel) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpFileInfo) cue = NULL;
  g_autoptr(GBytes) want = source_file ("isofs-m1.cue");
  guint8 buffer[64];
  Wait wait = { 0 };
  gssize n;

  g_assert_cmpint (sp_filesystem_get_filesystem_type (fs), ==, SP_FILESYSTEM_TYPE_ISO9660);
  g_assert_cmpint (sp_filesystem_get_names (fs), ==, SP_FILESYSTEM_NAMES_ROCK_RIDGE);
  g_assert_cmpstr (sp_filesystem_get_volume_id (fs), ==, "SPINDLE_CORE");

  sp_filesystem_list_async (fs, NULL, NULL, on_done, &wait);
  wait_for (&wait);
  root = sp_filesystem_list_finish (fs, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (root), ==, 3);
  g_assert_true (g_list_model_get_item_type (root) == SP_TYPE_FILE_INFO);

  cue = sp_filesystem_lookup (fs, "/isofs-m1.cue", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sp_file_info_get_size (cue), ==, g_bytes_get_size (want));
  g_assert_cmpint (sp_file_info_get_file_type (cue), ==, SP_FILE_TYPE_REGULAR);
  g_assert_cmpint (sp_file_info_get_position (cue), ==, sp_file_info_get_lba (cue));
  g_assert_null (sp_filesystem_create_child_model (cue, fs));

  /* Reads from any offset, short only at the end. */
  n = sp_filesystem_read (fs, cue, 20, buffer, sizeof buffer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, MIN (sizeof buffer, g_bytes_get_size (want) - 20));
  g_assert_cmpmem (buffer, n, (const guint8 *) g_bytes_get_data (want, NULL) + 20, n);
  n = sp_filesystem_read (fs, cue, g_bytes_get_size (want), buffer, sizeof buffer, &error);
  g_assert_cmpint (n, ==, 0);

  {
    g_autoptr(SpFileInfo) missing = sp_filesystem_lookup (fs, "/nothing", NULL, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_null (missing);
    g_clear_error (&error);
  }
  {
    g_autoptr(GListModel) children = sp_filesystem_create_child_model (sp_filesystem_get_root (fs), fs);
    g_assert_cmpuint (g_list_model_get_n_items (children), ==, 3);
  }
}

static void
test_extract (void)
{
  g_autoptr(SpImage) image = open_iso ();
  g_autoptr(SpFilesystem) fs = open_fs (image);
  g_autofree char *tmp = g_dir_make_tmp ("spindle-core-XXXXXX", NULL);
  g_autofree char *dest = g_build_filename (tmp, "dest", NULL);
  g_autoptr(GFile) destination = g_file_new_for_path (dest);
  g_autoptr(SpExtract) extract = sp_extract_new (fs, destination);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_auto(GStrv) conflicts = NULL;
  Wait wait = { 0 };
  const char *names[] = { "README.md", "isofs-m1.cue", "isofs-m1.bin.gz" };

  /* Cancelled: nothing made, not even the destination. */
  g_cancellable_cancel (cancelled);
  g_assert_false (sp_extract_run (extract, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));

  conflicts = sp_extract_find_conflicts (extract, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 0);
  g_clear_pointer (&conflicts, g_strfreev);

  sp_extract_run_async (extract, NULL, on_done, &wait);
  g_assert_true (sp_job_get_running (sp_extract_get_job (extract)));
  wait_for (&wait);
  g_assert_true (sp_extract_run_finish (extract, wait.result, &error));
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_false (sp_job_get_running (sp_extract_get_job (extract)));
  g_assert_cmpfloat (sp_job_get_fraction (sp_extract_get_job (extract)), ==, 1.0);
  g_assert_cmpuint (sp_extract_get_n_written (extract), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dest, names[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) want = source_file (names[i]);
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpmem (contents, length, g_bytes_get_data (want, NULL), g_bytes_get_size (want));
    }

  /* Again: three conflicts, which the UI turns into a question. */
  conflicts = sp_extract_find_conflicts (extract, NULL, &error);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 3);
  g_assert_false (sp_extract_run (extract, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  sp_extract_set_conflict (extract, SP_EXTRACT_CONFLICT_SKIP);
  g_assert_true (sp_extract_run (extract, NULL, &error));
  g_assert_cmpuint (sp_extract_get_n_skipped (extract), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dest, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dest);
  g_rmdir (tmp);
}

static void
test_convert_and_checksum (void)
{
  g_autoptr(SpImage) image = open_iso ();
  g_autofree char *tmp = g_dir_make_tmp ("spindle-core-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (tmp, "copy.iso", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (out);
  g_autoptr(SpConvert) convert = sp_convert_new (image, SP_CONVERT_FORMAT_ISO, output);
  g_autoptr(SpChecksum) checksum = sp_checksum_new (image);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *dat_text = NULL;
  g_autoptr(SpDat) dat = NULL;
  g_autoptr(SpDatMatch) match = NULL;
  gsize length, copy_length;
  Wait wait = { 0 };

  g_cancellable_cancel (cancelled);
  g_assert_false (sp_convert_run (convert, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  {
    GDir *dir = g_dir_open (tmp, 0, NULL);
    g_assert_null (g_dir_read_name (dir));   /* no temporary left */
    g_dir_close (dir);
  }

  sp_convert_run_async (convert, NULL, on_done, &wait);
  wait_for (&wait);
  g_assert_true (sp_convert_run_finish (convert, wait.result, &error));
  g_object_unref (wait.result);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (iso_path, &contents, &length, NULL));
  g_assert_true (g_file_get_contents (out, &copy, &copy_length, NULL));
  g_assert_cmpmem (copy, copy_length, contents, length);
  {
    g_auto(GStrv) conflicts = sp_convert_find_conflicts (convert, &error);
    g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
    g_assert_cmpstr (conflicts[0], ==, out);
  }

  memset (&wait, 0, sizeof wait);
  sp_checksum_run_async (checksum, NULL, on_done, &wait);
  wait_for (&wait);
  g_assert_true (sp_checksum_run_finish (checksum, wait.result, &error));
  g_object_unref (wait.result);
  md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) contents, length);
  g_assert_cmpuint (sp_checksum_get_n_tracks (checksum), ==, 1);
  g_assert_cmpstr (sp_checksum_get_track (checksum, 0)->md5, ==, md5);
  g_assert_cmpstr (sp_checksum_get_image_result (checksum)->md5, ==, md5);
  g_assert_cmpuint (sp_checksum_get_image_result (checksum)->size, ==, length);

  dat_text = g_strdup_printf ("<datafile><game name=\"Core &amp; Test\"><rom name=\"a.iso\" size=\"%" G_GSIZE_FORMAT
                              "\" md5=\"%s\"/></game></datafile>", length, md5);
  {
    g_autofree char *dat_path = g_build_filename (tmp, "t.dat", NULL);
    g_autoptr(GFile) dat_file = g_file_new_for_path (dat_path);

    g_assert_true (g_file_set_contents (dat_path, dat_text, -1, NULL));
    memset (&wait, 0, sizeof wait);
    sp_dat_new_from_file_async (dat_file, NULL, on_done, &wait);
    wait_for (&wait);
    dat = sp_dat_new_from_file_finish (wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_unlink (dat_path);
  }
  g_assert_cmpuint (sp_dat_get_n_games (dat), ==, 1);
  match = sp_dat_match (dat, checksum);
  g_assert_nonnull (match);
  g_assert_cmpstr (match->game, ==, "Core & Test");
  g_assert_true (match->complete);
  g_assert_cmpstr (match->rom_names[0], ==, "a.iso");

  g_unlink (out);
  g_rmdir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* test-core-convert ISO DATA_DIR (meson passes both). */
  if (argc != 3)
    {
      g_printerr ("usage: %s ISO DATA_DIR\n", argv[0]);
      return 2;
    }
  iso_path = argv[1];
  data_dir = argv[2];

  g_test_add_func ("/convert/core/browse", test_browse);
  g_test_add_func ("/convert/core/extract", test_extract);
  g_test_add_func ("/convert/core/convert-checksum", test_convert_and_checksum);
  return g_test_run ();
}
