/* sp-file-info.c
 *
 * A file info is a snapshot of one directory record, made when its folder
 * is listed and never changed afterwards, so any thread may read it.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-core-enums.h"
#include "sp-file-info-private.h"

#define BLOCK 2048
#define FORM2_BLOCK 2324

struct _SpFileInfo
{
  GObject parent_instance;

  char *name;
  char *display_name;
  char *path;
  char *lookup_path;
  SpFileType type;
  guint64 size;
  gint64 lba;
  gint64 position;
  GArray *extents;       /* SpFileExtent */
  GDateTime *mtime;
  guint mode;
  char *symlink_target;
  GBytes *inline_data;   /* UDF: data kept in the file entry itself */
  gboolean form2;
};

G_DEFINE_FINAL_TYPE (SpFileInfo, sp_file_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_PATH,
  PROP_FILE_TYPE,
  PROP_SIZE,
  PROP_LBA,
  PROP_POSITION,
  PROP_N_BLOCKS,
  PROP_MODIFICATION_TIME,
  PROP_MODE,
  PROP_SYMLINK_TARGET,
  PROP_FORM2,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_file_info_finalize (GObject *object)
{
  SpFileInfo *self = SP_FILE_INFO (object);

  g_free (self->name);
  g_free (self->display_name);
  g_free (self->path);
  g_free (self->lookup_path);
  g_free (self->symlink_target);
  g_clear_pointer (&self->extents, g_array_unref);
  g_clear_pointer (&self->mtime, g_date_time_unref);
  g_clear_pointer (&self->inline_data, g_bytes_unref);

  G_OBJECT_CLASS (sp_file_info_parent_class)->finalize (object);
}

static void
sp_file_info_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpFileInfo *self = SP_FILE_INFO (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_FILE_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_LBA:
      g_value_set_int64 (value, self->lba);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_N_BLOCKS:
      g_value_set_uint64 (value, sp_file_info_get_n_blocks (self));
      break;
    case PROP_MODIFICATION_TIME:
      g_value_set_boxed (value, self->mtime);
      break;
    case PROP_MODE:
      g_value_set_uint (value, self->mode);
      break;
    case PROP_SYMLINK_TARGET:
      g_value_set_string (value, self->symlink_target);
      break;
    case PROP_FORM2:
      g_value_set_boolean (value, self->form2);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_file_info_class_init (SpFileInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_file_info_finalize;
  object_class->get_property = sp_file_info_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_FILE_TYPE] = g_param_spec_enum ("file-type", NULL, NULL, SP_TYPE_FILE_TYPE,
                                                  SP_FILE_TYPE_REGULAR, ro);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_LBA] = g_param_spec_int64 ("lba", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_POSITION] = g_param_spec_int64 ("position", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_N_BLOCKS] = g_param_spec_uint64 ("n-blocks", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_MODIFICATION_TIME] = g_param_spec_boxed ("modification-time", NULL, NULL,
                                                           G_TYPE_DATE_TIME, ro);
  properties[PROP_MODE] = g_param_spec_uint ("mode", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SYMLINK_TARGET] = g_param_spec_string ("symlink-target", NULL, NULL, NULL, ro);
  properties[PROP_FORM2] = g_param_spec_boolean ("form2", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_file_info_init (SpFileInfo *self)
{
  self->extents = g_array_new (FALSE, FALSE, sizeof (SpFileExtent));
  self->lba = -1;
  self->position = -1;
}

/**
 * _sp_file_info_new:
 * @name: the name as the file system records it (Rock Ridge names are
 *   bytes, maybe not UTF-8, and may hold a '/')
 * @parent_path: the display path of the folder it is in ("/" for the root)
 * @lookup_path: the path under which libiso9660 or libudf finds it
 */
SpFileInfo *
_sp_file_info_new (const char *name,
                   const char *parent_path,
                   const char *lookup_path,
                   SpFileType  type)
{
  SpFileInfo *self = g_object_new (SP_TYPE_FILE_INFO, NULL);

  self->name = g_strdup (name);
  self->display_name = g_utf8_make_valid (name, -1);
  if (parent_path == NULL)
    self->path = g_strdup ("/");
  else
    self->path = g_strconcat (parent_path, g_str_has_suffix (parent_path, "/") ? "" : "/",
                              self->display_name, NULL);
  self->lookup_path = g_strdup (lookup_path);
  self->type = type;
  return self;
}

void
_sp_file_info_set_size (SpFileInfo *self,
                        guint64     size)
{
  self->size = size;
}

void
_sp_file_info_add_extent (SpFileInfo *self,
                          guint64     block,
                          guint64     length,
                          gboolean    recorded)
{
  SpFileExtent extent = { block, length, recorded };

  g_array_append_val (self->extents, extent);
}

void
_sp_file_info_set_location (SpFileInfo *self,
                            gint64      lba,
                            gint64      position)
{
  self->lba = lba;
  self->position = position;
}

void
_sp_file_info_set_modification_time (SpFileInfo *self,
                                     GDateTime  *time)
{
  g_clear_pointer (&self->mtime, g_date_time_unref);
  if (time)
    self->mtime = g_date_time_ref (time);
}

void
_sp_file_info_set_mode (SpFileInfo *self,
                        guint       mode)
{
  self->mode = mode;
}

void
_sp_file_info_set_symlink_target (SpFileInfo *self,
                                  const char *target)
{
  g_free (self->symlink_target);
  self->symlink_target = g_strdup (target);
}

void
_sp_file_info_set_form2 (SpFileInfo *self,
                         gboolean    form2)
{
  self->form2 = form2;
}

void
_sp_file_info_set_inline_data (SpFileInfo *self,
                               GBytes     *data)
{
  g_clear_pointer (&self->inline_data, g_bytes_unref);
  if (data)
    self->inline_data = g_bytes_ref (data);
}

const char *
_sp_file_info_get_lookup_path (SpFileInfo *self)
{
  return self->lookup_path;
}

guint
_sp_file_info_get_n_extents (SpFileInfo *self)
{
  return self->extents->len;
}

const SpFileExtent *
_sp_file_info_get_extent (SpFileInfo *self,
                          guint       i)
{
  g_return_val_if_fail (i < self->extents->len, NULL);
  return &g_array_index (self->extents, SpFileExtent, i);
}

GBytes *
_sp_file_info_get_inline_data (SpFileInfo *self)
{
  return self->inline_data;
}

/* The name as the file system records it: bytes, maybe not UTF-8. */
const char *
sp_file_info_get_name (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), NULL);
  return self->name;
}

/* The name in valid UTF-8, for showing. */
const char *
sp_file_info_get_display_name (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), NULL);
  return self->display_name;
}

/**
 * sp_file_info_get_path:
 *
 * Returns: the path from the root, display names joined by '/'
 *   ("/DOCS/DATA.BIN"); a name that holds a '/' makes it ambiguous, so
 *   look files up with sp_filesystem_list() from their folder's info
 */
const char *
sp_file_info_get_path (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), NULL);
  return self->path;
}

SpFileType
sp_file_info_get_file_type (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), SP_FILE_TYPE_REGULAR);
  return self->type;
}

gboolean
sp_file_info_is_directory (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), FALSE);
  return self->type == SP_FILE_TYPE_DIRECTORY;
}

/* The size the directory record gives, in bytes. */
guint64
sp_file_info_get_size (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), 0);
  return self->size;
}

/**
 * sp_file_info_get_data_size:
 *
 * Returns: how many bytes reading the file gives: its size, except for a
 *   file recorded in Mode 2 Form 2 sectors (the MPEG streams of a Video
 *   CD), whose sectors hold 2324 bytes each where the directory counts
 *   2048: it reads as 2324 bytes a sector
 */
guint64
sp_file_info_get_data_size (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), 0);
  if (self->form2)
    return sp_file_info_get_n_blocks (self) * FORM2_BLOCK;
  return self->size;
}

/* The first block of the file's data as the file system addresses it (a
 * disc address for ISO 9660), or -1 when it has none. */
gint64
sp_file_info_get_lba (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), -1);
  return self->lba;
}

/* The image position of that block, for sp_image_read_sectors(), or -1. */
gint64
sp_file_info_get_position (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), -1);
  return self->position;
}

/* Sectors the file's data takes on the disc. */
guint64
sp_file_info_get_n_blocks (SpFileInfo *self)
{
  guint64 n = 0;

  g_return_val_if_fail (SP_IS_FILE_INFO (self), 0);
  for (guint i = 0; i < self->extents->len; i++)
    n += (g_array_index (self->extents, SpFileExtent, i).length + BLOCK - 1) / BLOCK;
  return n;
}

/**
 * sp_file_info_get_modification_time:
 *
 * Returns: (transfer none) (nullable): when the file was recorded as
 *   last changed
 */
GDateTime *
sp_file_info_get_modification_time (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), NULL);
  return self->mtime;
}

/* POSIX permission bits (Rock Ridge, UDF), or 0 when not recorded. */
guint
sp_file_info_get_mode (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), 0);
  return self->mode;
}

/* Where a symbolic link points, as recorded; %NULL for other files. */
const char *
sp_file_info_get_symlink_target (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), NULL);
  return self->symlink_target;
}

/* Whether the data is in Mode 2 Form 2 sectors (Video CD MPEG streams). */
gboolean
sp_file_info_is_form2 (SpFileInfo *self)
{
  g_return_val_if_fail (SP_IS_FILE_INFO (self), FALSE);
  return self->form2;
}

const char *
sp_file_type_to_string (SpFileType type)
{
  switch (type)
    {
    case SP_FILE_TYPE_REGULAR:   return "file";
    case SP_FILE_TYPE_DIRECTORY: return "dir";
    case SP_FILE_TYPE_SYMLINK:   return "symlink";
    default:                     return "?";
    }
}
