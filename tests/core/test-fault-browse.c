/* test-fault-browse.c: an image's file shrinks while its file system is
 * being browsed and read
 *
 * An ISO image made by genisoimage (a tool no one here wrote) is opened and
 * its file system listed; then the image file is cut short, under the open
 * image, before its folder and its file data. Listing and reading what is
 * gone must be errors that say so, never a crash (reads are pread()), and
 * what is still there must still read right; the image file is never
 * written to.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-error.h"
#include "sp-filesystem.h"
#include "sp-image.h"

#define FILE_SIZE (600 * 1024)

typedef struct
{
  char *dir;
  char *iso;
  guint8 *data;
} Fixture;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *docs = NULL;
  g_autofree char *big = NULL;
  g_autofree char *genisoimage = g_find_program_in_path ("genisoimage");
  int status = 0;

  f->dir = g_dir_make_tmp ("spindle-fault-browse-XXXXXX", &error);
  g_assert_no_error (error);
  if (genisoimage == NULL)
    return;

  root = g_build_filename (f->dir, "root", NULL);
  docs = g_build_filename (root, "DOCS", NULL);
  big = g_build_filename (docs, "BIG.BIN", NULL);
  g_assert_cmpint (g_mkdir_with_parents (docs, 0700), ==, 0);
  f->data = g_malloc (FILE_SIZE);
  for (guint i = 0; i < FILE_SIZE; i++)
    f->data[i] = (guint8) (i * 31 + i / 2048);
  g_file_set_contents (big, (const char *) f->data, FILE_SIZE, &error);
  g_assert_no_error (error);

  f->iso = g_build_filename (f->dir, "disc.iso", NULL);
  {
    const char *argv[] = { genisoimage, "-quiet", "-R", "-o", f->iso, root, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->iso);
  g_free (f->data);
}

static SpFilesystem *
open_filesystem (Fixture  *f,
                 SpImage **image)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->iso);
  g_autoptr(GError) error = NULL;
  SpFilesystem *fs;

  *image = sp_image_open (file, NULL, &error);
  g_assert_no_error (error);
  fs = sp_filesystem_open (*image, sp_image_get_track (*image, 0), SP_FILESYSTEM_TYPE_AUTO, NULL, &error);
  g_assert_no_error (error);
  return fs;
}

/* The file's data is cut off after the listing was made: reading it is an
 * error for what is gone, the start still reads right. */
static void
test_truncated_before_file_data (Fixture       *f,
                                 gconstpointer  user_data)
{
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpFilesystem) fs = NULL;
  g_autoptr(SpFileInfo) big = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (FILE_SIZE);
  gint64 first_block;
  gssize got;

  if (f->iso == NULL)
    {
      g_test_skip ("genisoimage is not installed");
      return;
    }

  fs = open_filesystem (f, &image);
  big = sp_filesystem_lookup (fs, "/DOCS/BIG.BIN", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sp_file_info_get_size (big), ==, FILE_SIZE);

  /* Keep the file's first 10 blocks. */
  first_block = sp_file_info_get_lba (big);
  g_assert_cmpint (truncate (f->iso, (first_block + 10) * 2048), ==, 0);

  got = sp_filesystem_read (fs, big, 0, buffer, 10 * 2048, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got, ==, 10 * 2048);
  g_assert_cmpmem (buffer, 10 * 2048, f->data, 10 * 2048);

  got = sp_filesystem_read (fs, big, 0, buffer, FILE_SIZE, &error);
  g_assert_cmpint (got, ==, -1);
  g_assert_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA);
  g_assert_true (g_str_has_prefix (error->message, "“/DOCS/BIG.BIN”: "));
}

/* Everything after the volume descriptors is cut off before the first
 * listing: the listing fails with a message, the root stays known. */
static void
test_truncated_before_folders (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpFilesystem) fs = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (f->iso == NULL)
    {
      g_test_skip ("genisoimage is not installed");
      return;
    }

  fs = open_filesystem (f, &image);
  g_assert_cmpint (truncate (f->iso, 18 * 2048), ==, 0);
  {
    gsize length = 0;
    g_assert_true (g_file_get_contents (f->iso, &before, &length, NULL));
  }

  list = sp_filesystem_list (fs, NULL, NULL, &error);
  g_assert_null (list);
  g_assert_nonnull (error);
  g_test_message ("listing a root that is gone: %s", error->message);
  g_clear_error (&error);
  {
    g_autoptr(SpFileInfo) big = sp_filesystem_lookup (fs, "/DOCS/BIG.BIN", NULL, &error);

    g_assert_null (big);
    g_assert_nonnull (error);
  }

  /* Browsing never writes to the image. */
  g_assert_true (g_file_get_contents (f->iso, &after, NULL, NULL));
  g_assert_cmpmem (before, 18 * 2048, after, 18 * 2048);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fault/browse/truncated-before-file-data", Fixture, NULL,
              fixture_set_up, test_truncated_before_file_data, fixture_tear_down);
  g_test_add ("/fault/browse/truncated-before-folders", Fixture, NULL,
              fixture_set_up, test_truncated_before_folders, fixture_tear_down);

  return g_test_run ();
}
