/* sp-extract.c
 *
 * Extraction never writes outside its destination folder, whatever the
 * image says:
 *
 *  - each name is one path component: a '/' in it (Rock Ridge allows any
 *    byte but NUL) becomes '_', "." and ".." become "_" and "__", an
 *    empty name "_", and a name over 255 bytes is shortened; two names of
 *    one folder that come out the same get "~2", "~3"...;
 *  - every path is walked from the destination with openat() and
 *    O_NOFOLLOW, so a symbolic link already in the destination (or made
 *    by this extraction) is never followed: a folder that is a link there
 *    is a conflict, not a way out;
 *  - a Rock Ridge (or UDF) symbolic link is recreated only when it stays
 *    inside the destination: its target must be relative, made of a run of
 *    ".." no longer than the link's depth followed by names only (no ".."
 *    after a name, since "a/.." need not be where it looks when "a" is a
 *    link), and none of the places it passes through may be a symbolic
 *    link that this extraction did not make. By induction every link
 *    made resolves inside the destination. Other links are skipped, each
 *    with a warning.
 *
 * Files are written under a temporary name in their folder and renamed
 * when complete; without the caller's consent an existing file is never
 * replaced (renameat2 with RENAME_NOREPLACE, so not even by a race). On
 * error or cancel everything this run made is removed again (files,
 * links, then the folders it created, deepest first); what it replaced
 * with consent stays replaced, by a complete file.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-core-enums.h"
#include "sp-error.h"
#include "sp-extract.h"

#define MAX_DEPTH 64
#define MAX_NAME_BYTES 255
#define COPY_CHUNK (1024 * 1024)

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

typedef enum
{
  ITEM_DIRECTORY,
  ITEM_FILE,
  ITEM_SYMLINK,
} ItemKind;

typedef struct
{
  ItemKind kind;
  SpFileInfo *info;
  char **parts;        /* sanitized components from the destination */
  guint n_parts;
} Item;

typedef struct
{
  char **parts;
  guint n_parts;
  gboolean directory;
} Created;

struct _SpExtract
{
  GObject parent_instance;

  SpFilesystem *filesystem;
  GFile *destination;
  GPtrArray *selection;       /* SpFileInfo */
  SpExtractConflict conflict;
  SpJob *job;

  /* During a run. */
  GArray *items;              /* Item */
  GPtrArray *created;         /* Created */
  GHashTable *made_links;     /* joined parts of links this run made */
  int root_fd;
  gboolean made_root;

  /* Results; under the lock, as warnings are read from another thread. */
  GMutex lock;
  GPtrArray *warnings;
  guint n_written;
  guint n_skipped;
  guint64 bytes_written;
};

G_DEFINE_FINAL_TYPE (SpExtract, sp_extract, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONFLICT,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->info);
  g_clear_pointer (&item->parts, g_strfreev);
}

static void
created_free (gpointer data)
{
  Created *created = data;

  g_strfreev (created->parts);
  g_free (created);
}

static void
sp_extract_finalize (GObject *object)
{
  SpExtract *self = SP_EXTRACT (object);

  g_clear_object (&self->filesystem);
  g_clear_object (&self->destination);
  g_clear_pointer (&self->selection, g_ptr_array_unref);
  g_clear_object (&self->job);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->created, g_ptr_array_unref);
  g_clear_pointer (&self->made_links, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sp_extract_parent_class)->finalize (object);
}

static void
sp_extract_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpExtract *self = SP_EXTRACT (object);

  switch (prop_id)
    {
    case PROP_CONFLICT:
      g_value_set_enum (value, self->conflict);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_extract_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SpExtract *self = SP_EXTRACT (object);

  switch (prop_id)
    {
    case PROP_CONFLICT:
      sp_extract_set_conflict (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_extract_class_init (SpExtractClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_extract_finalize;
  object_class->get_property = sp_extract_get_property;
  object_class->set_property = sp_extract_set_property;

  properties[PROP_CONFLICT] =
    g_param_spec_enum ("conflict", NULL, NULL, SP_TYPE_EXTRACT_CONFLICT, SP_EXTRACT_CONFLICT_ERROR,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, SP_TYPE_JOB, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_extract_init (SpExtract *self)
{
  g_mutex_init (&self->lock);
  self->selection = g_ptr_array_new_with_free_func (g_object_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->root_fd = -1;
}

/**
 * sp_extract_new:
 * @destination: a local folder; made if it does not exist (its parent
 *   must)
 *
 * Returns: (transfer full): an extraction of nothing yet: add items, or
 *   run it as it is for the whole tree
 */
SpExtract *
sp_extract_new (SpFilesystem *filesystem,
                GFile        *destination)
{
  SpExtract *self;

  g_return_val_if_fail (SP_IS_FILESYSTEM (filesystem), NULL);
  g_return_val_if_fail (G_IS_FILE (destination), NULL);

  self = g_object_new (SP_TYPE_EXTRACT, NULL);
  self->filesystem = g_object_ref (filesystem);
  self->destination = g_object_ref (destination);
  self->job = sp_job_new ("Extract");
  return self;
}

/**
 * sp_extract_add:
 * @item: a file, link or folder of the file system (a folder with all
 *   that is below it); it lands in the destination under its own name
 *
 * With no item added, the whole tree is extracted: the root's contents
 * land in the destination.
 */
void
sp_extract_add (SpExtract  *self,
                SpFileInfo *item)
{
  g_return_if_fail (SP_IS_EXTRACT (self));
  g_return_if_fail (SP_IS_FILE_INFO (item));

  g_ptr_array_add (self->selection, g_object_ref (item));
}

void
sp_extract_set_conflict (SpExtract         *self,
                         SpExtractConflict  conflict)
{
  g_return_if_fail (SP_IS_EXTRACT (self));

  if (self->conflict != conflict)
    {
      self->conflict = conflict;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT]);
    }
}

SpExtractConflict
sp_extract_get_conflict (SpExtract *self)
{
  g_return_val_if_fail (SP_IS_EXTRACT (self), SP_EXTRACT_CONFLICT_ERROR);
  return self->conflict;
}

/**
 * sp_extract_get_job:
 *
 * Returns: (transfer none): the progress of a run
 */
SpJob *
sp_extract_get_job (SpExtract *self)
{
  g_return_val_if_fail (SP_IS_EXTRACT (self), NULL);
  return self->job;
}

/* ---- Names ---- */

/**
 * sp_extract_sanitize_name:
 * @name: a name as a file system records it
 *
 * Returns: (transfer full): @name made one harmless path component: no
 *   '/', not "", "." or "..", at most 255 bytes
 */
char *
sp_extract_sanitize_name (const char *name)
{
  GString *s;

  if (name == NULL || *name == '\0')
    return g_strdup ("_");
  if (strcmp (name, ".") == 0)
    return g_strdup ("_");
  if (strcmp (name, "..") == 0)
    return g_strdup ("__");

  s = g_string_new (NULL);
  for (const char *p = name; *p; p++)
    g_string_append_c (s, *p == '/' ? '_' : *p);

  if (s->len > MAX_NAME_BYTES)
    {
      gsize cut = MAX_NAME_BYTES;

      /* Do not cut a UTF-8 sequence in two. */
      if (g_utf8_validate (s->str, -1, NULL))
        while (cut > 0 && (s->str[cut] & 0xc0) == 0x80)
          cut--;
      g_string_truncate (s, cut);
    }
  return g_string_free (s, FALSE);
}

/* A name not yet taken in its folder: "name", then "name~2", ... */
static char *
unique_name (GHashTable *taken,
             const char *name)
{
  char *candidate = g_strdup (name);

  for (guint n = 2; g_hash_table_contains (taken, candidate); n++)
    {
      g_autofree char *suffix = g_strdup_printf ("~%u", n);
      g_autofree char *base = g_strndup (name, MIN (strlen (name), (gsize) MAX_NAME_BYTES - strlen (suffix)));

      g_free (candidate);
      candidate = g_strconcat (base, suffix, NULL);
    }
  g_hash_table_add (taken, g_strdup (candidate));
  return candidate;
}

static char *
join_parts (char  **parts,
            guint   n)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, '/');
      g_string_append (s, parts[i]);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- Planning ---- */

static void
warn (SpExtract  *self,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (SpExtract  *self,
      const char *format,
      ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->warnings, text);
  g_mutex_unlock (&self->lock);
}

static void
add_item (SpExtract  *self,
          SpFileInfo *info,
          GPtrArray  *parent_parts,
          const char *name)
{
  Item item = { 0 };

  switch (sp_file_info_get_file_type (info))
    {
    case SP_FILE_TYPE_DIRECTORY: item.kind = ITEM_DIRECTORY; break;
    case SP_FILE_TYPE_SYMLINK:   item.kind = ITEM_SYMLINK; break;
    default:                     item.kind = ITEM_FILE; break;
    }
  item.info = g_object_ref (info);
  item.n_parts = parent_parts->len + 1;
  item.parts = g_new0 (char *, item.n_parts + 1);
  for (guint i = 0; i < parent_parts->len; i++)
    item.parts[i] = g_strdup (g_ptr_array_index (parent_parts, i));
  item.parts[parent_parts->len] = g_strdup (name);
  g_array_append_val (self->items, item);
}

static gboolean
plan_directory (SpExtract    *self,
                SpFileInfo   *directory,
                GPtrArray    *parts,
                GHashTable   *ancestors,
                GCancellable *cancellable,
                GError      **error)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) local = NULL;
  gint64 lba = sp_file_info_get_lba (directory);

  if (parts->len >= MAX_DEPTH)
    {
      warn (self, "“%s” is nested more than %u folders deep: not extracted",
            sp_file_info_get_path (directory), MAX_DEPTH);
      return TRUE;
    }
  /* A folder kept inside its file entry (UDF) has no block: no loop either. */
  if (lba >= 0 && g_hash_table_contains (ancestors, &lba))
    {
      warn (self, "“%s” is one of its own parent folders (a loop): not extracted again",
            sp_file_info_get_path (directory));
      return TRUE;
    }

  list = sp_filesystem_list (self->filesystem, directory, cancellable, &local);
  if (list == NULL)
    {
      /* A folder libcdio cannot walk into (its name holds a '/'): left
       * empty, said so; a read error stops the extraction. */
      if (g_error_matches (local, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED))
        {
          warn (self, "%s: its contents are not extracted", local->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  g_hash_table_add (ancestors, g_memdup2 (&lba, sizeof lba));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SpFileInfo) info = g_list_model_get_item (list, i);
      g_autofree char *clean = sp_extract_sanitize_name (sp_file_info_get_name (info));
      g_autofree char *name = unique_name (taken, clean);

      add_item (self, info, parts, name);
      if (sp_file_info_is_directory (info))
        {
          gboolean ok;

          g_ptr_array_add (parts, g_steal_pointer (&name));
          ok = plan_directory (self, info, parts, ancestors, cancellable, error);
          g_ptr_array_remove_index (parts, parts->len - 1);
          if (!ok)
            {
              g_hash_table_remove (ancestors, &lba);
              return FALSE;
            }
        }
    }
  g_hash_table_remove (ancestors, &lba);
  return TRUE;
}

static gboolean
plan (SpExtract     *self,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ancestors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 total = 0;

  g_clear_pointer (&self->items, g_array_unref);
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, item_clear);
  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->warnings, 0);
  g_mutex_unlock (&self->lock);

  if (self->selection->len == 0)
    {
      if (!plan_directory (self, sp_filesystem_get_root (self->filesystem), parts, ancestors, cancellable, error))
        return FALSE;
    }
  else
    for (guint i = 0; i < self->selection->len; i++)
      {
        SpFileInfo *info = g_ptr_array_index (self->selection, i);
        g_autofree char *clean = sp_extract_sanitize_name (sp_file_info_get_name (info));
        g_autofree char *name = unique_name (taken, clean);

        /* The root itself: its contents. */
        if (sp_file_info_is_directory (info) && g_strcmp0 (sp_file_info_get_path (info), "/") == 0)
          {
            if (!plan_directory (self, info, parts, ancestors, cancellable, error))
              return FALSE;
            continue;
          }

        add_item (self, info, parts, name);
        if (sp_file_info_is_directory (info))
          {
            gboolean ok;

            g_ptr_array_add (parts, g_steal_pointer (&name));
            ok = plan_directory (self, info, parts, ancestors, cancellable, error);
            g_ptr_array_remove_index (parts, parts->len - 1);
            if (!ok)
              return FALSE;
          }
      }

  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);

      if (item->kind == ITEM_FILE)
        total += sp_file_info_get_data_size (item->info);
    }
  sp_job_set_total (self->job, total);
  return TRUE;
}

/* ---- The destination, walked without following links ---- */

static gboolean
set_errno_error (GError    **error,
                 int         saved,
                 const char *format,
                 ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_errno_error (GError    **error,
                 int         saved,
                 const char *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what, g_strerror (saved));
  return FALSE;
}

/* Opens the folder that holds @parts' last component: each step a real
 * folder, never a link. Returns a new fd, or -1 with @error set. */
static int
open_parent (SpExtract  *self,
             char      **parts,
             guint       n_parts,
             GError    **error)
{
  int fd = dup (self->root_fd);

  if (fd < 0)
    {
      set_errno_error (error, errno, "cannot open the destination");
      return -1;
    }
  for (guint i = 0; i + 1 < n_parts; i++)
    {
      int next = openat (fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int saved = errno;

      close (fd);
      if (next < 0)
        {
          g_autofree char *path = join_parts (parts, i + 1);

          if (saved == ELOOP || saved == ENOTDIR)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                         "“%s” is already in the destination and is not a folder", path);
          else
            set_errno_error (error, saved, "cannot open “%s”", path);
          return -1;
        }
      fd = next;
    }
  return fd;
}

static void
record_created (SpExtract *self,
                char     **parts,
                guint      n_parts,
                gboolean   directory)
{
  Created *created = g_new0 (Created, 1);

  created->parts = g_new0 (char *, n_parts + 1);
  for (guint i = 0; i < n_parts; i++)
    created->parts[i] = g_strdup (parts[i]);
  created->n_parts = n_parts;
  created->directory = directory;
  g_ptr_array_add (self->created, created);
}

/* Removes what this run made, newest first. */
static void
roll_back (SpExtract *self)
{
  for (guint i = self->created->len; i-- > 0;)
    {
      Created *created = g_ptr_array_index (self->created, i);
      int fd;

      if (created->n_parts == 0)
        continue;   /* the destination itself: the caller removes it */
      fd = open_parent (self, created->parts, created->n_parts, NULL);
      if (fd < 0)
        continue;
      if (unlinkat (fd, created->parts[created->n_parts - 1], created->directory ? AT_REMOVEDIR : 0) != 0)
        g_debug ("cannot remove “%s” while undoing an extraction: %s",
                 created->parts[created->n_parts - 1], g_strerror (errno));
      close (fd);
    }
  g_ptr_array_set_size (self->created, 0);
}

/* Makes a temporary name in @dir_fd with @make, which returns 0 or sets
 * errno; EEXIST means try another name. */
typedef int (*MakeFunc) (int dir_fd, const char *name, gpointer data);

static char *
make_temporary (int        dir_fd,
                MakeFunc   make,
                gpointer   data,
                GError   **error)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".spindle-%08x.part", g_random_int ());

      if (make (dir_fd, name, data) == 0)
        return g_steal_pointer (&name);
      if (errno != EEXIST)
        {
          set_errno_error (error, errno, "cannot create a temporary file");
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "cannot find a free temporary name");
  return NULL;
}

/* Moves the finished temporary into place; without @replace never over
 * an existing name. */
static gboolean
put_in_place (int          dir_fd,
              const char  *temporary,
              const char  *name,
              gboolean     replace,
              GError     **error)
{
  if (replace)
    {
      if (renameat (dir_fd, temporary, dir_fd, name) == 0)
        return TRUE;
      return set_errno_error (error, errno, "cannot rename the finished “%s” into place", name);
    }

  if (renameat2 (dir_fd, temporary, dir_fd, name, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno == EINVAL || errno == ENOSYS)
    {
      /* A file system without RENAME_NOREPLACE: link() never replaces. */
      if (linkat (dir_fd, temporary, dir_fd, name, 0) == 0)
        {
          unlinkat (dir_fd, temporary, 0);
          return TRUE;
        }
    }
  if (errno == EEXIST)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "“%s” already exists", name);
      return FALSE;
    }
  return set_errno_error (error, errno, "cannot rename the finished “%s” into place", name);
}

typedef enum
{
  TARGET_FREE,
  TARGET_REPLACE,
  TARGET_SKIP,
} TargetState;

/* What is at @name now decides what to do with a file or link. */
static gboolean
check_target (SpExtract    *self,
              int           dir_fd,
              const Item   *item,
              TargetState  *state,
              GError      **error)
{
  const char *name = item->parts[item->n_parts - 1];
  struct stat st;
  g_autofree char *path = NULL;

  *state = TARGET_FREE;
  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      path = join_parts (item->parts, item->n_parts);
      return set_errno_error (error, errno, "cannot look at “%s”", path);
    }

  path = join_parts (item->parts, item->n_parts);
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "“%s” is already in the destination as a folder", path);
      return FALSE;
    }
  switch (self->conflict)
    {
    case SP_EXTRACT_CONFLICT_OVERWRITE:
      *state = TARGET_REPLACE;
      return TRUE;
    case SP_EXTRACT_CONFLICT_SKIP:
      *state = TARGET_SKIP;
      return TRUE;
    case SP_EXTRACT_CONFLICT_ERROR:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "“%s” already exists in the destination", path);
      return FALSE;
    }
}

static int
make_file (int         dir_fd,
           const char *name,
           gpointer    data)
{
  int *fd = data;
  mode_t mode = fd[1] ? 0777 : 0666;

  fd[0] = openat (dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  return fd[0] < 0 ? -1 : 0;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         count)
{
  while (count > 0)
    {
      gssize n = write (fd, data, count);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      data += n;
      count -= (gsize) n;
    }
  return TRUE;
}

static gboolean
extract_file (SpExtract     *self,
              int            dir_fd,
              const Item    *item,
              guint8        *buffer,
              GCancellable  *cancellable,
              GError       **error)
{
  const char *name = item->parts[item->n_parts - 1];
  g_autofree char *path = join_parts (item->parts, item->n_parts);
  guint64 size = sp_file_info_get_data_size (item->info);
  GDateTime *mtime = sp_file_info_get_modification_time (item->info);
  g_autofree char *temporary = NULL;
  TargetState state;
  int fds[2] = { -1, (sp_file_info_get_mode (item->info) & 0111) != 0 };
  guint64 offset = 0;
  gboolean ok = TRUE;

  if (!check_target (self, dir_fd, item, &state, error))
    return FALSE;
  if (state == TARGET_SKIP)
    {
      g_mutex_lock (&self->lock);
      self->n_skipped++;
      g_mutex_unlock (&self->lock);
      sp_job_add_done (self->job, size);
      return TRUE;
    }

  temporary = make_temporary (dir_fd, make_file, fds, error);
  if (temporary == NULL)
    {
      g_prefix_error (error, "“%s”: ", path);
      return FALSE;
    }

  while (offset < size)
    {
      gssize got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      got = sp_filesystem_read (self->filesystem, item->info, offset, buffer, COPY_CHUNK, error);
      if (got <= 0)
        {
          if (got == 0)
            g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_IO, "“%s”: the data ends early",
                         sp_file_info_get_path (item->info));
          ok = FALSE;
          break;
        }
      if (!write_all (fds[0], buffer, (gsize) got))
        {
          set_errno_error (error, errno, "cannot write “%s”", path);
          ok = FALSE;
          break;
        }
      offset += (guint64) got;
      sp_job_add_done (self->job, (guint64) got);
    }

  if (ok && mtime)
    {
      struct timespec times[2];

      times[0].tv_sec = g_date_time_to_unix (mtime);
      times[0].tv_nsec = 0;
      times[1] = times[0];
      futimens (fds[0], times);
    }
  if (close (fds[0]) != 0 && ok)
    {
      set_errno_error (error, errno, "cannot write “%s”", path);
      ok = FALSE;
    }

  if (ok && !put_in_place (dir_fd, temporary, name, state == TARGET_REPLACE, error))
    {
      g_prefix_error (error, "“%s”: ", path);
      ok = FALSE;
    }
  if (!ok)
    {
      unlinkat (dir_fd, temporary, 0);
      return FALSE;
    }

  if (state != TARGET_REPLACE)
    record_created (self, item->parts, item->n_parts, FALSE);
  g_mutex_lock (&self->lock);
  self->n_written++;
  self->bytes_written += size;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Whether a link at @item with @target stays inside the destination (see
 * the rule at the top of this file). */
static gboolean
link_stays_inside (SpExtract   *self,
                   const Item  *item,
                   const char  *target,
                   const char **why)
{
  g_auto(GStrv) steps = NULL;
  g_autoptr(GPtrArray) resolved = g_ptr_array_new_with_free_func (g_free);
  guint depth = item->n_parts - 1;   /* folders between the destination and the link */
  gboolean named = FALSE;

  if (target == NULL || *target == '\0')
    {
      *why = "it has no target";
      return FALSE;
    }
  if (target[0] == '/')
    {
      *why = "its target is an absolute path";
      return FALSE;
    }

  for (guint i = 0; i < depth; i++)
    g_ptr_array_add (resolved, g_strdup (item->parts[i]));

  steps = g_strsplit (target, "/", -1);
  for (guint i = 0; steps[i]; i++)
    {
      const char *step = steps[i];

      if (*step == '\0' || strcmp (step, ".") == 0)
        continue;
      if (strcmp (step, "..") == 0)
        {
          if (named)
            {
              *why = "its target goes up (“..”) after a name";
              return FALSE;
            }
          if (resolved->len == 0)
            {
              *why = "its target leads out of the destination";
              return FALSE;
            }
          g_ptr_array_remove_index (resolved, resolved->len - 1);
          continue;
        }
      named = TRUE;
      g_ptr_array_add (resolved, g_strdup (step));

      /* A link already there that this run did not make could lead out. */
      {
        g_autofree char *joined = join_parts ((char **) resolved->pdata, resolved->len);
        int fd = open_parent (self, (char **) resolved->pdata, resolved->len, NULL);
        struct stat st;

        if (fd >= 0)
          {
            gboolean foreign = fstatat (fd, step, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode) &&
                               !g_hash_table_contains (self->made_links, joined);
            close (fd);
            if (foreign)
              {
                *why = "its target passes through a link that was in the destination before";
                return FALSE;
              }
          }
      }
    }
  return TRUE;
}

typedef struct
{
  const char *target;
} LinkData;

static int
make_link (int         dir_fd,
           const char *name,
           gpointer    data)
{
  LinkData *link = data;

  return symlinkat (link->target, dir_fd, name);
}

static gboolean
extract_link (SpExtract     *self,
              int            dir_fd,
              const Item    *item,
              GError       **error)
{
  const char *name = item->parts[item->n_parts - 1];
  const char *target = sp_file_info_get_symlink_target (item->info);
  g_autofree char *path = join_parts (item->parts, item->n_parts);
  g_autofree char *temporary = NULL;
  const char *why = NULL;
  LinkData data = { target };
  TargetState state;

  if (!link_stays_inside (self, item, target, &why))
    {
      warn (self, "“%s” → “%s” is not recreated: %s", path, target ? target : "", why);
      g_mutex_lock (&self->lock);
      self->n_skipped++;
      g_mutex_unlock (&self->lock);
      return TRUE;
    }

  if (!check_target (self, dir_fd, item, &state, error))
    return FALSE;
  if (state == TARGET_SKIP)
    {
      g_mutex_lock (&self->lock);
      self->n_skipped++;
      g_mutex_unlock (&self->lock);
      return TRUE;
    }

  temporary = make_temporary (dir_fd, make_link, &data, error);
  if (temporary == NULL)
    {
      g_prefix_error (error, "“%s”: ", path);
      return FALSE;
    }
  if (!put_in_place (dir_fd, temporary, name, state == TARGET_REPLACE, error))
    {
      g_prefix_error (error, "“%s”: ", path);
      unlinkat (dir_fd, temporary, 0);
      return FALSE;
    }
  if (state != TARGET_REPLACE)
    record_created (self, item->parts, item->n_parts, FALSE);
  g_hash_table_add (self->made_links, g_steal_pointer (&path));
  g_mutex_lock (&self->lock);
  self->n_written++;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
extract_directory (SpExtract   *self,
                   int          dir_fd,
                   const Item  *item,
                   GError     **error)
{
  const char *name = item->parts[item->n_parts - 1];
  g_autofree char *path = join_parts (item->parts, item->n_parts);
  struct stat st;

  if (mkdirat (dir_fd, name, 0777) == 0)
    {
      record_created (self, item->parts, item->n_parts, TRUE);
      return TRUE;
    }
  if (errno != EEXIST)
    return set_errno_error (error, errno, "cannot make the folder “%s”", path);
  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               "“%s” is already in the destination and is not a folder", path);
  return FALSE;
}

static gboolean
open_destination (SpExtract  *self,
                  gboolean    create,
                  GError    **error)
{
  g_autofree char *path = g_file_get_path (self->destination);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the destination must be a local folder");
      return FALSE;
    }
  self->root_fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->root_fd < 0 && errno == ENOENT && create)
    {
      if (mkdir (path, 0777) != 0)
        return set_errno_error (error, errno, "cannot make the folder “%s”", path);
      self->root_fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      self->made_root = self->root_fd >= 0;
    }
  if (self->root_fd < 0)
    return set_errno_error (error, errno, "cannot open the destination “%s”", path);
  return TRUE;
}

/**
 * sp_extract_find_conflicts:
 *
 * Lists what a run would find already in the destination, so that the
 * user can be asked before: files and links that exist (a conflict unless
 * the policy says otherwise), and names that exist as something else.
 *
 * Returns: (transfer full) (array zero-terminated=1): paths relative to
 *   the destination, or %NULL on error
 */
char **
sp_extract_find_conflicts (SpExtract     *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SP_IS_EXTRACT (self), NULL);

  if (!plan (self, cancellable, error))
    return NULL;
  if (!open_destination (self, FALSE, NULL))
    return g_strv_builder_end (builder);

  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      int fd = open_parent (self, item->parts, item->n_parts, NULL);
      struct stat st;

      if (fd < 0)
        continue;
      if (fstatat (fd, item->parts[item->n_parts - 1], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          (item->kind != ITEM_DIRECTORY || !S_ISDIR (st.st_mode)))
        {
          g_autofree char *path = join_parts (item->parts, item->n_parts);
          g_strv_builder_add (builder, path);
        }
      close (fd);
    }
  close (self->root_fd);
  self->root_fd = -1;
  return g_strv_builder_end (builder);
}

static gboolean
run_items (SpExtract     *self,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK);

  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      g_autoptr(GError) local = NULL;
      gboolean ok;
      int fd;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      sp_job_set_message (self->job, sp_file_info_get_path (item->info));

      fd = open_parent (self, item->parts, item->n_parts, error);
      if (fd < 0)
        return FALSE;
      switch (item->kind)
        {
        case ITEM_DIRECTORY:
          ok = extract_directory (self, fd, item, error);
          break;
        case ITEM_SYMLINK:
          ok = extract_link (self, fd, item, error);
          break;
        case ITEM_FILE:
        default:
          ok = extract_file (self, fd, item, buffer, cancellable, error);
          break;
        }
      close (fd);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/**
 * sp_extract_run:
 *
 * Writes the selection (or the whole tree) into the destination, blocking
 * the calling thread. On error or cancel nothing this run made is left;
 * a name that exists fails with %G_IO_ERROR_EXISTS unless the conflict
 * policy says to overwrite or skip.
 */
gboolean
sp_extract_run (SpExtract     *self,
                GCancellable  *cancellable,
                GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (SP_IS_EXTRACT (self), FALSE);

  self->n_written = 0;
  self->n_skipped = 0;
  self->bytes_written = 0;
  g_clear_pointer (&self->created, g_ptr_array_unref);
  self->created = g_ptr_array_new_with_free_func (created_free);
  g_clear_pointer (&self->made_links, g_hash_table_unref);
  self->made_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!plan (self, cancellable, error))
    return FALSE;
  if (!open_destination (self, TRUE, error))
    return FALSE;

  ok = run_items (self, cancellable, error);
  if (!ok)
    {
      roll_back (self);
      g_mutex_lock (&self->lock);
      self->n_written = 0;
      self->bytes_written = 0;
      g_mutex_unlock (&self->lock);
    }
  close (self->root_fd);
  self->root_fd = -1;

  /* The destination folder itself, when this run made it and failed. */
  if (!ok && self->made_root)
    {
      g_autofree char *path = g_file_get_path (self->destination);
      rmdir (path);
    }
  self->made_root = FALSE;
  g_ptr_array_set_size (self->created, 0);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (sp_extract_run (SP_EXTRACT (source_object), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  SpExtract *self = SP_EXTRACT (object);
  GError *error = NULL;

  sp_job_stop (self->job);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

/**
 * sp_extract_run_async:
 *
 * Runs sp_extract_run() in a worker thread; the job's properties refresh
 * on the calling thread's main context meanwhile.
 */
void
sp_extract_run_async (SpExtract           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (SP_IS_EXTRACT (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, sp_extract_run_async);
  sp_job_start (self->job);
  inner = g_task_new (self, cancellable, run_done, outer);
  g_task_run_in_thread (inner, run_thread);
}

gboolean
sp_extract_run_finish (SpExtract     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Files and links written by the last run. */
guint
sp_extract_get_n_written (SpExtract *self)
{
  guint n;

  g_return_val_if_fail (SP_IS_EXTRACT (self), 0);
  g_mutex_lock (&self->lock);
  n = self->n_written;
  g_mutex_unlock (&self->lock);
  return n;
}

/* Files kept as they were (conflict policy SKIP) and links not recreated. */
guint
sp_extract_get_n_skipped (SpExtract *self)
{
  guint n;

  g_return_val_if_fail (SP_IS_EXTRACT (self), 0);
  g_mutex_lock (&self->lock);
  n = self->n_skipped;
  g_mutex_unlock (&self->lock);
  return n;
}

guint64
sp_extract_get_bytes_written (SpExtract *self)
{
  guint64 n;

  g_return_val_if_fail (SP_IS_EXTRACT (self), 0);
  g_mutex_lock (&self->lock);
  n = self->bytes_written;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * sp_extract_dup_warnings:
 *
 * Returns: (transfer full): what the last run left out and why (links
 *   that would lead out, folders nested too deep), one line each
 */
char **
sp_extract_dup_warnings (SpExtract *self)
{
  char **copy;

  g_return_val_if_fail (SP_IS_EXTRACT (self), NULL);
  g_mutex_lock (&self->lock);
  copy = g_new0 (char *, self->warnings->len + 1);
  for (guint i = 0; i < self->warnings->len; i++)
    copy[i] = g_strdup (g_ptr_array_index (self->warnings, i));
  g_mutex_unlock (&self->lock);
  return copy;
}
