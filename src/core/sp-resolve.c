/* sp-resolve.c: finding the files a sheet names
 *
 * Images move between machines: a sheet written on Windows names
 * "Game (Track 1).BIN" or "C:\rips\game.bin", a user renames the bin but not
 * the sheet. We look for each file in this order, and say so whenever a
 * fallback was needed:
 *   1. the name as written (with "\" read as "/"), relative to the sheet;
 *   2. the same name in another letter case, in that folder;
 *   3. the base name, beside the sheet (when the sheet named another folder);
 *   4. when exactly one file is still missing and exactly one .bin beside the
 *      sheet is used by no other FILE line, that .bin.
 * A sheet can name a file outside its folder (an absolute or ".." path):
 * that is read, as the user could read it anyway, but shown as a warning.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-image-private.h"

/* A folder with more entries than this is not searched case-insensitively. */
#define MAX_FOLDER_ENTRIES 100000

typedef struct
{
  SpImage *image;
  GHashTable *folders;    /* path -> GHashTable (casefolded name -> real name), or NULL */
  GHashTable *used;       /* paths of files already taken by a source */
} Resolver;

static void
free_entries (gpointer data)
{
  /* Folders that cannot be listed are remembered as NULL. */
  if (data)
    g_hash_table_unref (data);
}

static char *
casefold_name (const char *name)
{
  g_autofree char *utf8 = NULL;

  /* Names on disk in a legacy encoding are compared as Windows-1252. */
  if (g_utf8_validate (name, -1, NULL))
    return g_utf8_casefold (name, -1);
  utf8 = g_convert (name, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (utf8 == NULL)
    utf8 = g_convert (name, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  return utf8 ? g_utf8_casefold (utf8, -1) : g_strdup (name);
}

static GHashTable *
folder_entries (Resolver *resolver,
                GFile    *folder)
{
  g_autofree char *path = g_file_get_path (folder);
  g_autoptr(GDir) dir = NULL;
  GHashTable *entries;
  const char *name;
  guint count = 0;

  if (path == NULL)
    return NULL;
  if (g_hash_table_contains (resolver->folders, path))
    return g_hash_table_lookup (resolver->folders, path);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      g_hash_table_insert (resolver->folders, g_steal_pointer (&path), NULL);
      return NULL;
    }

  entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((name = g_dir_read_name (dir)) != NULL && ++count <= MAX_FOLDER_ENTRIES)
    {
      char *key = casefold_name (name);

      /* With two names equal but for case, the first found wins; the
       * diagnostic names the file used. */
      if (!g_hash_table_contains (entries, key))
        g_hash_table_insert (entries, key, g_strdup (name));
      else
        g_free (key);
    }
  g_hash_table_insert (resolver->folders, g_steal_pointer (&path), entries);
  return entries;
}

static GFile *
find_ignoring_case (Resolver   *resolver,
                    GFile      *wanted)
{
  g_autoptr(GFile) parent = g_file_get_parent (wanted);
  g_autofree char *base = g_file_get_basename (wanted);
  g_autofree char *key = NULL;
  GHashTable *entries;
  const char *real;

  if (parent == NULL || base == NULL)
    return NULL;
  entries = folder_entries (resolver, parent);
  if (entries == NULL)
    return NULL;

  key = casefold_name (base);
  real = g_hash_table_lookup (entries, key);
  if (real == NULL)
    return NULL;
  return g_file_get_child (parent, real);
}

static gboolean
is_windows_absolute (const char *name)
{
  return g_ascii_isalpha (name[0]) && name[1] == ':' && (name[2] == '/' || name[2] == '\0');
}

static gboolean
has_dotdot (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "/", -1);

  for (guint i = 0; parts[i]; i++)
    if (strcmp (parts[i], "..") == 0)
      return TRUE;
  return FALSE;
}

static char *
display_name_for (Resolver *resolver,
                  GFile    *file)
{
  char *relative = g_file_get_relative_path (_sp_image_get_folder (resolver->image), file);

  if (relative)
    return relative;
  return g_file_get_parse_name (file);
}

/* Tries to open @source from @file. Returns TRUE when the file was there
 * (opened or not); FALSE when there is no such file. */
static gboolean
try_open_full (Resolver           *resolver,
               SpSource           *source,
               GFile              *file,
               SpSourceResolution  resolution,
               gboolean            announce)
{
  SpImage *image = resolver->image;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *path = NULL;

  /* Not following links here: a dangling link or a loop is "there", and
   * opening it gives the user the real reason. */
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) == G_FILE_TYPE_UNKNOWN)
    return FALSE;

  display = display_name_for (resolver, file);
  sp_source_set_display_name (source, display);

  path = g_file_get_path (file);
  if (path)
    g_hash_table_add (resolver->used, g_steal_pointer (&path));

  if (!sp_source_open (source, file, resolution, warnings, &error))
    {
      _sp_image_error (image, sp_source_get_line (source), "“%s” cannot be read: %s",
                       display, error->message);
      return TRUE;
    }

  switch (announce ? resolution : SP_SOURCE_RESOLVED_EXACT)
    {
    case SP_SOURCE_RESOLVED_CASE:
      _sp_image_warn (image, sp_source_get_line (source),
                      "“%s” not found; using “%s”, whose name differs only in letter case",
                      sp_source_get_name (source), display);
      break;
    case SP_SOURCE_RESOLVED_BASENAME:
      _sp_image_warn (image, sp_source_get_line (source),
                      "“%s” not found; using “%s” beside the sheet",
                      sp_source_get_name (source), display);
      break;
    case SP_SOURCE_RESOLVED_LONE_BIN:
      _sp_image_warn (image, sp_source_get_line (source),
                      "“%s” not found; using “%s”, the only other .bin file beside the sheet",
                      sp_source_get_name (source), display);
      break;
    case SP_SOURCE_RESOLVED_EXACT:
    case SP_SOURCE_RESOLVED_NONE:
    default:
      break;
    }

  for (guint i = 0; i < warnings->len; i++)
    _sp_image_warn (image, sp_source_get_line (source), "“%s”: %s", display,
                    (const char *) g_ptr_array_index (warnings, i));
  return TRUE;
}

static gboolean
try_open (Resolver           *resolver,
          SpSource           *source,
          GFile              *file,
          SpSourceResolution  resolution)
{
  return try_open_full (resolver, source, file, resolution, TRUE);
}

static gboolean
resolve_one (Resolver *resolver,
             SpSource *source)
{
  SpImage *image = resolver->image;
  GFile *folder = _sp_image_get_folder (image);
  g_autofree char *name = g_strdup (sp_source_get_name (source));
  g_autofree char *base = NULL;
  g_autoptr(GFile) wanted = NULL;
  g_autoptr(GFile) found = NULL;
  gboolean look_beside = FALSE;
  guint line = sp_source_get_line (source);

  /* Windows separators; no Unix file name in a sheet has a backslash. */
  g_strdelimit (name, "\\", '/');
  base = g_path_get_basename (name);

  if (name[0] == '\0' || strcmp (base, "/") == 0 || strcmp (base, ".") == 0 || strcmp (base, "..") == 0)
    {
      _sp_image_error (image, line, "“%s” does not name a file", sp_source_get_name (source));
      return TRUE;
    }

  if (is_windows_absolute (name))
    {
      _sp_image_warn (image, line, "“%s” is a Windows path; looking for “%s” beside the sheet",
                      sp_source_get_name (source), base);
      /* Said once already: no second warning when it is there. */
      wanted = g_file_get_child (folder, base);
      if (try_open_full (resolver, source, wanted, SP_SOURCE_RESOLVED_BASENAME, FALSE))
        return TRUE;
      found = find_ignoring_case (resolver, wanted);
      return found && try_open (resolver, source, found, SP_SOURCE_RESOLVED_CASE);
    }

  if (g_path_is_absolute (name))
    {
      _sp_image_warn (image, line, "“%s” is an absolute path, outside the sheet's folder",
                      sp_source_get_name (source));
      wanted = g_file_new_for_path (name);
      look_beside = TRUE;
    }
  else
    {
      if (has_dotdot (name))
        _sp_image_warn (image, line, "“%s” points outside the sheet's folder",
                        sp_source_get_name (source));
      wanted = g_file_resolve_relative_path (folder, name);
      look_beside = strchr (name, '/') != NULL;
    }

  if (try_open (resolver, source, wanted, SP_SOURCE_RESOLVED_EXACT))
    return TRUE;

  found = find_ignoring_case (resolver, wanted);
  if (found && try_open (resolver, source, found, SP_SOURCE_RESOLVED_CASE))
    return TRUE;
  g_clear_object (&found);

  if (look_beside)
    {
      g_autoptr(GFile) beside = g_file_get_child (folder, base);

      if (try_open (resolver, source, beside, SP_SOURCE_RESOLVED_BASENAME))
        return TRUE;
      found = find_ignoring_case (resolver, beside);
      if (found && try_open (resolver, source, found, SP_SOURCE_RESOLVED_BASENAME))
        return TRUE;
    }

  return FALSE;
}

static GFile *
find_lone_bin (Resolver *resolver)
{
  GFile *folder = _sp_image_get_folder (resolver->image);
  GHashTable *entries = folder_entries (resolver, folder);
  GHashTableIter iter;
  const char *real;
  GFile *candidate = NULL;

  if (entries == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &real))
    {
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (real, ".bin") && !g_str_has_suffix (real, ".BIN") &&
          !g_str_has_suffix (real, ".Bin"))
        continue;

      file = g_file_get_child (folder, real);
      path = g_file_get_path (file);
      if (g_hash_table_contains (resolver->used, path))
        continue;
      if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_REGULAR)
        continue;

      if (candidate != NULL)
        {
          /* Two candidates: guessing could pick the wrong disc. */
          g_object_unref (candidate);
          return NULL;
        }
      candidate = g_steal_pointer (&file);
    }
  return candidate;
}

void
_sp_resolve_sources (SpImage      *image,
                     GCancellable *cancellable)
{
  GListModel *sources = sp_image_get_sources (image);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_object_unref);
  Resolver resolver = {
    .image = image,
    .folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_entries),
    .used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
  };

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (sources, i);

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (!resolve_one (&resolver, source))
        g_ptr_array_add (missing, g_object_ref (source));
    }

  if (missing->len == 1)
    {
      SpSource *source = g_ptr_array_index (missing, 0);
      SpSourceType type = sp_source_get_source_type (source);

      if (type == SP_SOURCE_BINARY || type == SP_SOURCE_MOTOROLA)
        {
          g_autoptr(GFile) lone = find_lone_bin (&resolver);

          if (lone && try_open (&resolver, source, lone, SP_SOURCE_RESOLVED_LONE_BIN))
            g_ptr_array_remove_index (missing, 0);
        }
    }

  for (guint i = 0; i < missing->len; i++)
    {
      SpSource *source = g_ptr_array_index (missing, i);

      sp_source_set_missing (source, SP_SOURCE_STATUS_MISSING, "not found");
      _sp_image_error (image, sp_source_get_line (source), "“%s” not found",
                       sp_source_get_name (source));
    }

  g_hash_table_unref (resolver.folders);
  g_hash_table_unref (resolver.used);
}

/**
 * _sp_load_cdtext_file:
 * @name: the CDTEXTFILE name, relative to the sheet
 *
 * Reads a binary CD-TEXT file (packs of 18 bytes, with or without the
 * 4-byte header cdrecord writes) and fills what the sheet's own CD-TEXT
 * lacks, for the disc and each track.
 */
void
_sp_load_cdtext_file (SpImage    *image,
                      const char *name,
                      guint       line)
{
  g_autofree char *normalized = g_strdelimit (g_strdup (name), "\\", '/');
  g_autoptr(GFile) file = g_file_resolve_relative_path (_sp_image_get_folder (image), normalized);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data = NULL;
  gsize length = 0;
  const guint8 *packs;
  gsize packs_length;
  SpCdText **texts;
  guint n_tracks = 0;

  _sp_image_set_cdtext_file (image, name);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    {
      _sp_image_error (image, line, "CD-TEXT file “%s” cannot be read: %s", name, error->message);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_file_info_get_size (info) > SP_CDTEXT_FILE_MAX_SIZE)
    {
      _sp_image_error (image, line, "CD-TEXT file “%s” is not a CD-TEXT file (not a regular file of at most 64 KiB)", name);
      return;
    }
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &error))
    {
      _sp_image_error (image, line, "CD-TEXT file “%s” cannot be read: %s", name, error->message);
      return;
    }

  packs = (const guint8 *) data;
  packs_length = length;
  /* cdrecord's .cdt files start with the 4-byte header of READ TOC format 5:
   * a big-endian length of what follows (plus 2), then 2 reserved bytes. */
  if (length % 18 == 4 && length >= 4 &&
      (gsize) ((packs[0] << 8) | packs[1]) + 2 == length)
    {
      packs += 4;
      packs_length -= 4;
    }
  else if (length % 18 == 5 && length >= 5 && data[length - 1] == '\0')
    {
      /* Some writers add a trailing NUL after the header and packs. */
      packs += 4;
      packs_length -= 5;
    }

  texts = sp_cdtext_decode_packs (packs, packs_length, &n_tracks, messages);
  for (guint i = 0; i < messages->len; i++)
    _sp_image_warn (image, line, "CD-TEXT file “%s”: %s", name,
                    (const char *) g_ptr_array_index (messages, i));
  if (texts == NULL)
    {
      _sp_image_error (image, line, "CD-TEXT file “%s” holds no CD-TEXT that can be decoded", name);
      return;
    }

  sp_cdtext_merge_missing (sp_image_get_cdtext (image), texts[0]);
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      guint number = sp_track_get_number (track);

      if (number <= 99 && texts[number])
        sp_cdtext_merge_missing (sp_track_get_cdtext (track), texts[number]);
    }

  sp_cdtext_array_free (texts);
}
