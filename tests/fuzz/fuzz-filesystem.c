/* fuzz-filesystem.c: libFuzzer target for browsing ISO 9660 and UDF, and
 * extracting from them
 *
 * The input is a disc image: raw 2352-byte sectors when it starts with a
 * sync pattern (written as "fs.bin", a lone BIN), else 2048-byte sectors
 * ("fs.iso"). As a UDF volume needs its anchor at block 256 and ISO images
 * are mostly zeros, an input may also be sparse: SPARSE_MAGIC, then
 * records of a 4-byte little-endian block number (below 65536) and that
 * block's 2048 bytes; blocks not given are zero (make-seeds.py writes the
 * seeds of real images this way). It is opened like a double-click opens it, and each data
 * track's file system is opened every way (as found, as ISO 9660, as UDF),
 * its volume facts read, its tree listed (bounded: a hostile tree can be
 * deep or loop), files read at their start and end, paths looked up, and
 * then the whole tree extracted into an empty folder. Checks:
 *  - names and paths are UTF-8; a listing never holds "." or "..";
 *  - sp_extract_sanitize_name() gives one path component of at most 255
 *    bytes that is not "", "." or "..";
 *  - extraction writes nothing outside its destination folder.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "sp-extract.h"
#include "sp-filesystem.h"

#define MAX_ENTRIES 300
#define MAX_DEPTH 10
#define MAX_EXTRACT_BYTES (4 * 1024 * 1024)
#define SPARSE_MAGIC "SPINDLE-SPARSE-ISO\n"

typedef struct
{
  SpFilesystem *fs;
  guint entries;
  guint64 bytes;     /* file sizes seen: what extraction would write */
} Walk;

static void
check_name (SpFileInfo *info)
{
  const char *display = sp_file_info_get_display_name (info);
  g_autofree char *clean = sp_extract_sanitize_name (sp_file_info_get_name (info));

  fuzz_check_utf8 ("display name", display);
  fuzz_check_utf8 ("path", sp_file_info_get_path (info));
  if (strcmp (sp_file_info_get_name (info), ".") == 0 || strcmp (sp_file_info_get_name (info), "..") == 0)
    abort ();
  if (clean[0] == '\0' || strchr (clean, '/') || strcmp (clean, ".") == 0 || strcmp (clean, "..") == 0 ||
      strlen (clean) > 255)
    {
      g_printerr ("unsafe extraction name “%s” from “%s”\n", clean, display);
      abort ();
    }
}

static void
read_file (Walk       *walk,
           SpFileInfo *info)
{
  guint8 buffer[4096];
  guint64 size = sp_file_info_get_size (info);
  g_autoptr(GError) error = NULL;
  gssize got;

  walk->bytes += size;
  got = sp_filesystem_read (walk->fs, info, 0, buffer, sizeof buffer, &error);
  if (got < 0)
    fuzz_check_error (error);
  else if ((guint64) got > MIN (size, sizeof buffer))
    abort ();
  g_clear_error (&error);
  if (size > sizeof buffer)
    {
      got = sp_filesystem_read (walk->fs, info, size - 100, buffer, sizeof buffer, &error);
      if (got < 0)
        fuzz_check_error (error);
      else if (got > 100)
        abort ();
    }
}

static void
walk_tree (Walk       *walk,
           SpFileInfo *directory,
           guint       depth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = sp_filesystem_list (walk->fs, directory, NULL, &error);

  if (list == NULL)
    {
      fuzz_check_error (error);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (list) && walk->entries < MAX_ENTRIES; i++)
    {
      g_autoptr(SpFileInfo) info = g_list_model_get_item (list, i);

      walk->entries++;
      check_name (info);
      sp_file_info_get_lba (info);
      sp_file_info_get_position (info);
      sp_file_info_get_n_blocks (info);
      fuzz_check_utf8 ("link target", sp_file_info_get_symlink_target (info));

      if (sp_file_info_is_directory (info))
        {
          if (depth < MAX_DEPTH)
            walk_tree (walk, info, depth + 1);
        }
      else if (sp_file_info_get_file_type (info) == SP_FILE_TYPE_REGULAR)
        read_file (walk, info);

      if (i == 0)
        {
          g_autoptr(SpFileInfo) found = NULL;
          g_autoptr(GError) lookup_error = NULL;

          found = sp_filesystem_lookup (walk->fs, sp_file_info_get_path (info), NULL, &lookup_error);
          if (found == NULL)
            fuzz_check_error (lookup_error);
        }
    }
}

/* rm -r that never follows a link. */
static void
remove_tree (const char *path)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
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

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char **
list_folder (GFile *folder)
{
  g_autofree char *path = g_file_get_path (folder);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
extract_all (SpFilesystem *fs)
{
  GFile *folder = fuzz_get_folder ();
  g_autoptr(GFile) destination = g_file_get_child (folder, "extracted");
  g_autofree char *destination_path = g_file_get_path (destination);
  g_autoptr(SpExtract) extract = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;

  remove_tree (destination_path);
  g_mkdir (destination_path, 0700);
  before = list_folder (folder);

  extract = sp_extract_new (fs, destination);
  sp_extract_add (extract, sp_filesystem_get_root (fs));
  if (!sp_extract_run (extract, NULL, &error))
    fuzz_check_error (error);

  /* Nothing new beside the destination (a ".." name or a link followed). */
  after = list_folder (folder);
  if (!g_strv_equal ((const char * const *) before, (const char * const *) after))
    {
      g_printerr ("extraction wrote outside its destination\n");
      abort ();
    }
  remove_tree (destination_path);
}

static void
browse (SpImage          *image,
        SpTrack          *track,
        SpFilesystemType  type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpFilesystem) fs = sp_filesystem_open (image, track, type, NULL, &error);
  Walk walk = { 0 };

  if (fs == NULL)
    {
      fuzz_check_error (error);
      if (fuzz_verbose ())
        g_printerr ("  file system %d: %s\n", type, error->message);
      return;
    }

  fuzz_check_utf8 ("volume id", sp_filesystem_get_volume_id (fs));
  fuzz_check_utf8 ("volume set id", sp_filesystem_get_volume_set_id (fs));
  fuzz_check_utf8 ("publisher", sp_filesystem_get_publisher_id (fs));
  fuzz_check_utf8 ("preparer", sp_filesystem_get_preparer_id (fs));
  fuzz_check_utf8 ("application", sp_filesystem_get_application_id (fs));
  fuzz_check_utf8 ("system id", sp_filesystem_get_system_id (fs));
  sp_filesystem_get_creation_time (fs);
  sp_filesystem_get_modification_time (fs);
  sp_filesystem_get_expiration_time (fs);
  sp_filesystem_get_effective_time (fs);
  sp_filesystem_get_n_blocks (fs);
  sp_filesystem_get_joliet_level (fs);
  sp_filesystem_get_boot_catalog_lba (fs);
  for (guint i = 0; i < sp_filesystem_get_n_boot_entries (fs); i++)
    sp_filesystem_get_boot_entry (fs, i);
  fuzz_check_utf8 ("VCD type", sp_filesystem_get_video_cd_type (fs));
  fuzz_check_utf8 ("VCD album", sp_filesystem_get_video_cd_album_id (fs));
  sp_filesystem_get_video_cd_n_entries (fs);

  walk.fs = fs;
  fuzz_check_utf8 ("root", sp_file_info_get_path (sp_filesystem_get_root (fs)));
  walk_tree (&walk, sp_filesystem_get_root (fs), 0);
  if (fuzz_verbose ())
    g_printerr ("  file system %d: “%s”, %u entries, %" G_GUINT64_FORMAT " bytes\n", type,
                sp_filesystem_get_volume_id (fs), walk.entries, walk.bytes);

  /* Extraction, when the tree is small enough to write at each run. */
  if (type == SP_FILESYSTEM_TYPE_AUTO && walk.entries < MAX_ENTRIES && walk.bytes < MAX_EXTRACT_BYTES)
    extract_all (fs);
}

static void
write_image (GFile        *file,
             const guint8 *data,
             gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gsize magic = strlen (SPARSE_MAGIC);
  int fd;

  if (size < magic || memcmp (data, SPARSE_MAGIC, magic) != 0)
    {
      if (!g_file_replace_contents (file, (const char *) data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                    NULL, NULL, &error))
        g_error ("%s", error->message);
      return;
    }

  path = g_file_get_path (file);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    g_error ("%s: %s", path, g_strerror (errno));
  for (gsize at = magic; at + 4 + 2048 <= size; at += 4 + 2048)
    {
      guint32 block = (data[at] | data[at + 1] << 8 | (guint32) data[at + 2] << 16 |
                       (guint32) data[at + 3] << 24) & 0xFFFF;

      if (pwrite (fd, data + at + 4, 2048, (off_t) block * 2048) != 2048)
        g_error ("%s: %s", path, g_strerror (errno));
    }
  close (fd);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const guint8 sync[12] = { 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0 };
  gboolean raw = size >= sizeof sync && memcmp (data, sync, sizeof sync) == 0;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(GError) error = NULL;
  guint browsed = 0;

  fuzz_init ();
  if (size == 0)
    return 0;

  file = g_file_get_child (fuzz_get_folder (), raw ? "fs.bin" : "fs.iso");
  write_image (file, data, size);
  image = sp_image_open (file, NULL, &error);
  if (image == NULL)
    {
      fuzz_check_error (error);
      g_file_delete (file, NULL, NULL);
      return 0;
    }

  for (guint i = 0; i < sp_image_get_n_tracks (image) && browsed < 2; i++)
    {
      SpTrack *track = sp_image_get_track (image, i);

      if (sp_track_is_audio (track))
        continue;
      browsed++;
      sp_filesystem_probe (image, track);
      browse (image, track, SP_FILESYSTEM_TYPE_AUTO);
      browse (image, track, SP_FILESYSTEM_TYPE_ISO9660);
      browse (image, track, SP_FILESYSTEM_TYPE_UDF);
    }
  g_clear_object (&image);
  g_file_delete (file, NULL, NULL);
  fuzz_check_fds ();
  return 0;
}
