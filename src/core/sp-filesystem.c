/* sp-filesystem.c
 *
 * Browsing a data track: libiso9660 (ISO 9660 with Joliet and Rock Ridge)
 * and libudf read the track's directories through the sector engine (see
 * sp-fs-cdio.c for how). Listings are snapshots: a folder is read when it
 * is listed, into SpFileInfo objects that any thread may keep.
 *
 * Names: when the primary directory tree carries Rock Ridge, its names are
 * used (POSIX names, modes, symbolic links); else the Joliet tree if there
 * is one; else the plain ISO 9660 names without their ";1" version. A
 * listing never shows "." and "..".
 *
 * Addresses: ISO 9660 and UDF record disc addresses (LBA). A file system
 * of a later session, or of a track that is not the first, is found at
 * its track's start + 16 (+ 256 for the UDF anchor); its addresses are
 * then taken as disc addresses when its root directory lies inside the
 * track that way, else as relative to the track's start (an .iso written
 * as a later track as it was).
 *
 * File data is read from the extents the directory records give, straight
 * from the sector engine without libcdio (and without its lock), so
 * extraction runs on every core. Only what libcdio reads (directories,
 * volume descriptors) needs the lock.
 *
 * The El Torito boot catalog and the Video CD INFO.VCD/ENTRIES.VCD headers
 * are a few fixed fields that no library in our stack decodes: they are
 * read here, bounds-checked.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <cdio/ecma_167.h>
#include <cdio/iso9660.h>
#include <cdio/udf.h>
#include <cdio/xa.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sp-cdio.h"
#include "sp-core-enums.h"
#include "sp-error.h"
#include "sp-file-info-private.h"
#include "sp-filesystem.h"
#include "sp-fs-cdio-private.h"
#include "sp-user-data-private.h"

#define BLOCK 2048
#define ISO_PVD_BLOCK 16
#define UDF_ANCHOR 256
#define MAX_VOLUME_DESCRIPTORS 64
/* Blocks read at a time for file data. */
#define READ_CHUNK_BLOCKS 256
/* libiso9660 and libudf read a whole folder into memory: a hostile image
 * could claim gigabytes. A real folder of 10 000 files is under 1 MiB. */
#define MAX_DIRECTORY_SIZE (64 * 1024 * 1024)

struct _SpFilesystem
{
  GObject parent_instance;

  SpImage *image;
  SpTrack *track;
  SpFilesystemType type;
  SpFilesystemNames names;
  guint joliet_level;
  SpBlockDevice *device;

  /* Under sp_cdio_lock(). */
  iso9660_t *iso;
  udf_t *udf;
  udf_dirent_t *udf_root;

  SpFileInfo *root;

  char *volume_id;
  char *volume_set_id;
  char *publisher_id;
  char *preparer_id;
  char *application_id;
  char *system_id;
  GDateTime *creation_time;
  GDateTime *modification_time;
  GDateTime *expiration_time;
  GDateTime *effective_time;
  guint64 n_blocks;

  gint64 boot_catalog;
  GArray *boot_entries;

  char *vcd_type;
  char *vcd_album;
  guint vcd_volume_count;
  guint vcd_volume_number;
  guint vcd_entries;
};

G_DEFINE_FINAL_TYPE (SpFilesystem, sp_filesystem, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_TRACK,
  PROP_FILESYSTEM_TYPE,
  PROP_NAMES,
  PROP_VOLUME_ID,
  PROP_ROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_filesystem_finalize (GObject *object)
{
  SpFilesystem *self = SP_FILESYSTEM (object);

  if (self->iso || self->udf)
    {
      sp_cdio_lock (NULL);
      if (self->udf_root)
        udf_dirent_free (self->udf_root);
      if (self->udf)
        udf_close (self->udf);
      if (self->iso)
        iso9660_close (self->iso);
      sp_cdio_unlock ();
    }
  g_clear_pointer (&self->device, _sp_block_device_unref);
  g_clear_object (&self->image);
  g_clear_object (&self->track);
  g_clear_object (&self->root);
  g_free (self->volume_id);
  g_free (self->volume_set_id);
  g_free (self->publisher_id);
  g_free (self->preparer_id);
  g_free (self->application_id);
  g_free (self->system_id);
  g_clear_pointer (&self->creation_time, g_date_time_unref);
  g_clear_pointer (&self->modification_time, g_date_time_unref);
  g_clear_pointer (&self->expiration_time, g_date_time_unref);
  g_clear_pointer (&self->effective_time, g_date_time_unref);
  g_clear_pointer (&self->boot_entries, g_array_unref);
  g_free (self->vcd_type);
  g_free (self->vcd_album);

  G_OBJECT_CLASS (sp_filesystem_parent_class)->finalize (object);
}

static void
sp_filesystem_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpFilesystem *self = SP_FILESYSTEM (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_TRACK:
      g_value_set_object (value, self->track);
      break;
    case PROP_FILESYSTEM_TYPE:
      g_value_set_flags (value, self->type);
      break;
    case PROP_NAMES:
      g_value_set_enum (value, self->names);
      break;
    case PROP_VOLUME_ID:
      g_value_set_string (value, self->volume_id);
      break;
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_filesystem_class_init (SpFilesystemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_filesystem_finalize;
  object_class->get_property = sp_filesystem_get_property;

  properties[PROP_IMAGE] = g_param_spec_object ("image", NULL, NULL, SP_TYPE_IMAGE, ro);
  properties[PROP_TRACK] = g_param_spec_object ("track", NULL, NULL, SP_TYPE_TRACK, ro);
  properties[PROP_FILESYSTEM_TYPE] = g_param_spec_flags ("filesystem-type", NULL, NULL,
                                                         SP_TYPE_FILESYSTEM_TYPE, 0, ro);
  properties[PROP_NAMES] = g_param_spec_enum ("names", NULL, NULL, SP_TYPE_FILESYSTEM_NAMES,
                                              SP_FILESYSTEM_NAMES_ISO9660, ro);
  properties[PROP_VOLUME_ID] = g_param_spec_string ("volume-id", NULL, NULL, NULL, ro);
  properties[PROP_ROOT] = g_param_spec_object ("root", NULL, NULL, SP_TYPE_FILE_INFO, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_filesystem_init (SpFilesystem *self)
{
  self->boot_catalog = -1;
  self->boot_entries = g_array_new (FALSE, TRUE, sizeof (SpBootEntry));
}

/* ---- Small helpers ---- */

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

/* A string from libcdio (malloc'd), stripped, or NULL when empty. */
static char *
take_cdio_string (char *value)
{
  char *result = NULL;

  if (value)
    {
      g_autofree char *copy = g_strstrip (g_strdup (value));

      if (*copy && g_utf8_validate (copy, -1, NULL))
        result = g_steal_pointer (&copy);
      else if (*copy)
        result = g_utf8_make_valid (copy, -1);
      free (value);
    }
  return result;
}

/* Fixed-width, space-padded text of a descriptor, or NULL when empty. */
static char *
fixed_string (const guint8 *data,
              gsize         length)
{
  g_autofree char *text = g_strndup ((const char *) data, length);

  g_strstrip (text);
  if (*text == '\0')
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  return g_steal_pointer (&text);
}

/* A 17-byte ISO 9660 volume date (8.4.26.1), or NULL when it is unset. */
static GDateTime *
parse_volume_date (const guint8 *p)
{
  int digits[16];
  g_autoptr(GTimeZone) zone = NULL;
  int year, month, day, hour, minute, second, hundredths;

  for (guint i = 0; i < 16; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return NULL;
      digits[i] = p[i] - '0';
    }
  year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  month = digits[4] * 10 + digits[5];
  day = digits[6] * 10 + digits[7];
  hour = digits[8] * 10 + digits[9];
  minute = digits[10] * 10 + digits[11];
  second = digits[12] * 10 + digits[13];
  hundredths = digits[14] * 10 + digits[15];
  if (year == 0 || month == 0 || day == 0)
    return NULL;

  zone = g_time_zone_new_offset ((gint8) p[16] * 15 * 60);
  return g_date_time_new (zone, year, month, day, hour, minute, second + hundredths / 100.0);
}

/* libcdio gives a directory record's date as local time with tm_gmtoff. */
static GDateTime *
tm_to_date_time (const struct tm *tm)
{
  struct tm copy = *tm;
  time_t t;

  if (tm->tm_year <= 0)
    return NULL;
  t = timegm (&copy);
  if (t == (time_t) -1)
    return NULL;
  return g_date_time_new_from_unix_utc ((gint64) t - tm->tm_gmtoff);
}

/* ISO 9660 names without their version (";1") and without the dot of a
 * name that has no extension ("README."). */
static char *
plain_iso_name (const char *name)
{
  char *copy = g_strdup (name);
  char *semicolon = strrchr (copy, ';');

  if (semicolon)
    *semicolon = '\0';
  if (strlen (copy) > 1 && g_str_has_suffix (copy, "."))
    copy[strlen (copy) - 1] = '\0';
  return copy;
}

static char *
join_lookup (const char *parent,
             const char *name)
{
  if (g_str_has_suffix (parent, "/"))
    return g_strconcat (parent, name, NULL);
  return g_strconcat (parent, "/", name, NULL);
}

static GError *
cdio_error (GPtrArray  *messages,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static GError *
cdio_error (GPtrArray  *messages,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (messages && messages->len > 0)
    return g_error_new (SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED, "%s (libcdio: %s)", text,
                        (const char *) g_ptr_array_index (messages, messages->len - 1));
  return g_error_new_literal (SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED, text);
}

/* ---- Finding the file system ---- */

static gboolean
read_position (SpImage  *image,
               gint64    position,
               guint8    block[BLOCK],
               GError  **error)
{
  return _sp_image_read_user_data (image, position, 1, SP_USER_DATA_SIZE, block, NULL, NULL, error);
}

static gboolean
is_iso_pvd (const guint8 *block)
{
  return block[0] == ISO_VD_PRIMARY && memcmp (block + 1, "CD001", 5) == 0;
}

static gboolean
is_udf_anchor (const guint8 *block)
{
  guint8 sum = 0;

  if (le16 (block) != TAGID_ANCHOR)
    return FALSE;
  /* The tag checksum: the sum of its bytes but the fifth (ECMA-167 3/7.2.3). */
  for (guint i = 0; i < 16; i++)
    if (i != 4)
      sum += block[i];
  return sum == block[4];
}

static SpTrack *
first_data_track (SpImage *image)
{
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpTrack *track = sp_image_get_track (image, i);

      if (!sp_track_is_audio (track))
        return track;
    }
  return NULL;
}

/**
 * sp_filesystem_probe:
 * @track: (nullable): a data track; %NULL for the image's first
 *
 * Looks for the volume descriptors of the file systems Spindle reads.
 *
 * Returns: the file systems @track holds, or %SP_FILESYSTEM_TYPE_AUTO (0)
 *   when none (or when it is an audio track)
 */
SpFilesystemType
sp_filesystem_probe (SpImage *image,
                     SpTrack *track)
{
  SpFilesystemType found = 0;
  guint8 block[BLOCK];
  gint64 start;

  g_return_val_if_fail (SP_IS_IMAGE (image), 0);

  if (track == NULL)
    track = first_data_track (image);
  if (track == NULL || sp_track_is_audio (track))
    return 0;

  start = sp_track_get_start (track);
  if (start + ISO_PVD_BLOCK < sp_track_get_end (track) &&
      read_position (image, start + ISO_PVD_BLOCK, block, NULL) && is_iso_pvd (block))
    found |= SP_FILESYSTEM_TYPE_ISO9660;
  if (start + UDF_ANCHOR < sp_track_get_end (track) &&
      read_position (image, start + UDF_ANCHOR, block, NULL) && is_udf_anchor (block))
    found |= SP_FILESYSTEM_TYPE_UDF;
  return found;
}

/* The block device under which the file system's addresses are right:
 * disc addresses, or addresses from the track's start. @inside is an
 * address the file system records (its root directory, or a descriptor's
 * own location) as the caller found it at @found_at (a position). */
static SpBlockDevice *
choose_device (SpImage *image,
               SpTrack *track,
               guint64  recorded,
               gint64   found_at)
{
  gint64 offset = sp_track_get_address_offset (track);
  gint64 start = sp_track_get_start (track);
  gint64 end = sp_track_get_end (track);
  gint64 absolute = (gint64) recorded - offset;

  /* A descriptor that records its own address settles it; a root
   * directory inside the track as a disc address does too. */
  if (found_at >= 0)
    {
      if (absolute == found_at)
        return _sp_block_device_new (image, -offset);
      if ((gint64) recorded + start == found_at)
        return _sp_block_device_new (image, start);
    }
  else if (absolute >= start && absolute < end)
    return _sp_block_device_new (image, -offset);
  else if ((gint64) recorded + start < end)
    return _sp_block_device_new (image, start);

  return _sp_block_device_new (image, -offset);
}

/* ---- ISO 9660 ---- */

static void
read_volume_descriptors (SpFilesystem *self,
                         gint64        pvd_block)
{
  guint8 block[BLOCK];

  for (guint i = 0; i <= MAX_VOLUME_DESCRIPTORS; i++)
    {
      if (!_sp_block_device_read (self->device, (guint64) pvd_block + i, 1, block, NULL))
        break;
      if (memcmp (block + 1, "CD001", 5) != 0 || block[0] == ISO_VD_END)
        break;

      if (block[0] == ISO_VD_PRIMARY)
        {
          self->creation_time = parse_volume_date (block + 813);
          self->modification_time = parse_volume_date (block + 830);
          self->expiration_time = parse_volume_date (block + 847);
          self->effective_time = parse_volume_date (block + 864);
          self->n_blocks = le32 (block + 80);
        }
      else if (block[0] == ISO_VD_BOOT_RECORD &&
               memcmp (block + 7, "EL TORITO SPECIFICATION", 23) == 0)
        self->boot_catalog = le32 (block + 0x47);
    }
}

static SpBootEmulation
media_to_emulation (guint8 media)
{
  switch (media & 0x0f)
    {
    case 0: return SP_BOOT_EMULATION_NONE;
    case 1: return SP_BOOT_EMULATION_FLOPPY_1_2M;
    case 2: return SP_BOOT_EMULATION_FLOPPY_1_44M;
    case 3: return SP_BOOT_EMULATION_FLOPPY_2_88M;
    case 4: return SP_BOOT_EMULATION_HARD_DISK;
    default: return SP_BOOT_EMULATION_UNKNOWN;
    }
}

static void
add_boot_entry (SpFilesystem *self,
                const guint8 *entry,
                guint8        platform)
{
  SpBootEntry boot = {
    .platform = platform,
    .bootable = entry[0] == 0x88,
    .emulation = media_to_emulation (entry[1]),
    .load_segment = le16 (entry + 2),
    .system_type = entry[4],
    .sector_count = le16 (entry + 6),
    .load_lba = le32 (entry + 8),
  };

  g_array_append_val (self->boot_entries, boot);
}

/* The El Torito catalog (El Torito 1.0, section 2): a validation entry, the
 * default entry, then sections of entries; 32 bytes each, in one block. */
static void
read_boot_catalog (SpFilesystem *self)
{
  guint8 block[BLOCK];
  guint16 sum = 0;
  guint8 platform;

  if (self->boot_catalog < 0 ||
      !_sp_block_device_read (self->device, (guint64) self->boot_catalog, 1, block, NULL))
    return;

  /* The validation entry: header 1, key bytes 55 AA, and its sixteen
   * 16-bit words summing to zero. */
  if (block[0] != 1 || block[30] != 0x55 || block[31] != 0xaa)
    return;
  for (guint i = 0; i < 32; i += 2)
    sum += le16 (block + i);
  if (sum != 0)
    return;

  platform = block[1];
  add_boot_entry (self, block + 32, platform);

  for (guint offset = 64; offset + 32 <= BLOCK;)
    {
      const guint8 *header = block + offset;
      guint n;

      if (header[0] != 0x90 && header[0] != 0x91)
        break;
      platform = header[1];
      n = le16 (header + 2);
      offset += 32;
      for (guint i = 0; i < n && offset + 32 <= BLOCK; offset += 32)
        {
          const guint8 *entry = block + offset;

          if (entry[0] == 0x44)   /* an extension of the previous entry */
            continue;
          add_boot_entry (self, entry, platform);
          i++;
        }
      if (header[0] == 0x91)
        break;
    }
}

static SpFileInfo *
info_from_iso_stat (SpFilesystem         *self,
                    const iso9660_stat_t *stat,
                    const char           *parent_path,
                    const char           *parent_lookup)
{
  g_autofree char *name = NULL;
  g_autofree char *lookup = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  gboolean rock = stat->rr.b3_rock == yep;
  SpFileType type = stat->type == _STAT_DIR ? SP_FILE_TYPE_DIRECTORY : SP_FILE_TYPE_REGULAR;
  SpFileInfo *info;

  if (rock && S_ISLNK (stat->rr.st_mode))
    type = SP_FILE_TYPE_SYMLINK;

  if (self->names == SP_FILESYSTEM_NAMES_ROCK_RIDGE && rock)
    name = g_strdup (stat->filename);
  else
    name = plain_iso_name (stat->filename);

  lookup = parent_lookup ? join_lookup (parent_lookup, stat->filename) : g_strdup ("/");
  info = _sp_file_info_new (parent_path ? name : "", parent_path, lookup, type);

  if (type != SP_FILE_TYPE_SYMLINK)
    {
      _sp_file_info_set_size (info, stat->size);
      _sp_file_info_add_extent (info, stat->lsn, stat->size, TRUE);
      _sp_file_info_set_location (info, stat->lsn, _sp_block_device_get_base (self->device) + stat->lsn);
    }
  else if (stat->rr.psz_symlink && stat->rr.i_symlink > 0)
    {
      g_autofree char *target = g_strndup (stat->rr.psz_symlink, (gsize) stat->rr.i_symlink);
      _sp_file_info_set_symlink_target (info, target);
    }

  if (rock)
    _sp_file_info_set_mode (info, stat->rr.st_mode & 07777);
  if (stat->b_xa)
    {
      guint16 attributes = GUINT16_FROM_BE (stat->xa.attributes);

      if ((attributes & XA_ATTR_MODE2FORM2) && !(attributes & XA_ATTR_DIRECTORY))
        _sp_file_info_set_form2 (info, TRUE);
    }

  mtime = tm_to_date_time (&stat->tm);
  _sp_file_info_set_modification_time (info, mtime);
  return info;
}

/* Whether the primary tree carries Rock Ridge: its root's entries say.
 * libiso9660 reads a folder whole, into one allocation of the size its
 * record claims, so a root over MAX_DIRECTORY_SIZE (its size is at byte
 * 166 of @pvd) is not read here: the fuzz target's root of 2.8 GB made it
 * allocate that much. Listing such a root is refused with a message. */
static gboolean
has_rock_ridge (iso9660_t    *iso,
                const guint8 *pvd)
{
  CdioISO9660FileList_t *list;
  gboolean rock = FALSE;

  if (le32 (pvd + 156 + 10) > MAX_DIRECTORY_SIZE)
    return FALSE;
  list = iso9660_ifs_readdir (iso, "/");
  if (list == NULL)
    return FALSE;
  for (CdioListNode_t *node = _cdio_list_begin (list); node && !rock; node = _cdio_list_node_next (node))
    {
      iso9660_stat_t *stat = _cdio_list_node_data (node);

      if (stat->rr.b3_rock == yep)
        rock = TRUE;
    }
  iso9660_filelist_free (list);
  return rock;
}

static gboolean
open_iso9660 (SpFilesystem  *self,
              GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  gint64 start = sp_track_get_start (self->track);
  guint8 pvd[BLOCK];
  gint64 pvd_block;
  iso9660_t *primary, *joliet = NULL;
  iso9660_stat_t *root;
  char *value;

  if (!read_position (self->image, start + ISO_PVD_BLOCK, pvd, error))
    return FALSE;
  if (!is_iso_pvd (pvd))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "track %02u holds no ISO 9660 file system", sp_track_get_number (self->track));
      return FALSE;
    }

  /* The root directory record is at byte 156; its extent at 156 + 2. */
  self->device = choose_device (self->image, self->track, le32 (pvd + 158), -1);
  pvd_block = start + ISO_PVD_BLOCK - _sp_block_device_get_base (self->device);

  read_volume_descriptors (self, pvd_block);
  read_boot_catalog (self);

  sp_cdio_lock (messages);
  primary = _sp_cdio_open_iso9660 (self->device, pvd_block,
                                   ISO_EXTENSION_ROCK_RIDGE | ISO_EXTENSION_HIGH_SIERRA, error);
  if (primary == NULL)
    {
      sp_cdio_unlock ();
      return FALSE;
    }

  if (has_rock_ridge (primary, pvd))
    {
      self->iso = primary;
      self->names = SP_FILESYSTEM_NAMES_ROCK_RIDGE;
    }
  else
    {
      joliet = _sp_cdio_open_iso9660 (self->device, pvd_block, ISO_EXTENSION_ALL, NULL);
      if (joliet && iso9660_ifs_get_joliet_level (joliet) > 0)
        {
          self->iso = joliet;
          self->names = SP_FILESYSTEM_NAMES_JOLIET;
          self->joliet_level = iso9660_ifs_get_joliet_level (joliet);
          iso9660_close (primary);
        }
      else
        {
          if (joliet)
            iso9660_close (joliet);
          self->iso = primary;
          self->names = SP_FILESYSTEM_NAMES_ISO9660;
        }
    }

  if (iso9660_ifs_get_volume_id (self->iso, &value))
    self->volume_id = take_cdio_string (value);
  if (iso9660_ifs_get_volumeset_id (self->iso, &value))
    self->volume_set_id = take_cdio_string (value);
  if (iso9660_ifs_get_publisher_id (self->iso, &value))
    self->publisher_id = take_cdio_string (value);
  if (iso9660_ifs_get_preparer_id (self->iso, &value))
    self->preparer_id = take_cdio_string (value);
  if (iso9660_ifs_get_application_id (self->iso, &value))
    self->application_id = take_cdio_string (value);
  if (iso9660_ifs_get_system_id (self->iso, &value))
    self->system_id = take_cdio_string (value);

  root = iso9660_ifs_stat (self->iso, "/");
  if (root == NULL)
    {
      g_autoptr(GError) local = cdio_error (messages, "the root directory cannot be read");
      sp_cdio_unlock ();
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  self->root = info_from_iso_stat (self, root, NULL, NULL);
  iso9660_stat_free (root);
  sp_cdio_unlock ();

  self->type = SP_FILESYSTEM_TYPE_ISO9660;
  return TRUE;
}

static GListModel *
list_iso9660 (SpFilesystem  *self,
              SpFileInfo    *directory,
              GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListStore) store = g_list_store_new (SP_TYPE_FILE_INFO);
  const char *lookup = _sp_file_info_get_lookup_path (directory);
  CdioISO9660FileList_t *list;
  SpFileInfo *previous = NULL;
  const char *previous_name = NULL;

  sp_cdio_lock (messages);
  list = iso9660_ifs_readdir (self->iso, lookup);
  if (list == NULL)
    {
      g_autoptr(GError) local = NULL;

      if (strchr (sp_file_info_get_name (directory), '/'))
        local = g_error_new (SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                             "“%s” cannot be listed: its name holds a “/”",
                             sp_file_info_get_path (directory));
      else
        {
          _sp_cdio_read_failed (self->device, &local, "cannot read the directory");
          if (local->domain == SP_IMAGE_ERROR && local->code == SP_IMAGE_ERROR_UNSUPPORTED)
            {
              g_clear_error (&local);
              local = cdio_error (messages, "“%s”: the directory cannot be read",
                                  sp_file_info_get_path (directory));
            }
          else
            g_prefix_error (&local, "“%s”: ", sp_file_info_get_path (directory));
        }
      sp_cdio_unlock ();
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  for (CdioListNode_t *node = _cdio_list_begin (list); node; node = _cdio_list_node_next (node))
    {
      iso9660_stat_t *stat = _cdio_list_node_data (node);
      g_autoptr(SpFileInfo) info = NULL;

      if (strcmp (stat->filename, ".") == 0 || strcmp (stat->filename, "..") == 0)
        continue;

      /* A file over 4 GiB is several records of one name (ISO 9660
       * level 3): one file, its extents in order. */
      if (previous && stat->type == _STAT_FILE &&
          sp_file_info_get_file_type (previous) == SP_FILE_TYPE_REGULAR &&
          g_strcmp0 (previous_name, stat->filename) == 0)
        {
          _sp_file_info_add_extent (previous, stat->lsn, stat->size, TRUE);
          _sp_file_info_set_size (previous, sp_file_info_get_size (previous) + stat->size);
          continue;
        }

      info = info_from_iso_stat (self, stat, sp_file_info_get_path (directory), lookup);
      g_list_store_append (store, info);
      previous = info;
      previous_name = stat->filename;
    }
  /* previous_name points into the list: done with it before freeing. */
  previous_name = NULL;
  iso9660_filelist_free (list);
  sp_cdio_unlock ();

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* ---- UDF ---- */

/* Where a UDF file's data is, from the allocation descriptors of its file
 * entry (ECMA-167 4/14.14). libudf reads only within one extent per call
 * and not at all data kept in the entry, so the extents are listed here
 * and read from the sector engine. */
static gboolean
udf_extents (SpFilesystem        *self,
             const udf_dirent_t  *dirent,
             SpFileInfo          *info,
             GError             **error)
{
  const udf_file_entry_t *fe = &dirent->fe;
  guint32 ea = GUINT32_FROM_LE (fe->i_extended_attr);
  guint32 ad = GUINT32_FROM_LE (fe->i_alloc_descs);
  const guint8 *descriptors;
  guint64 remaining = GUINT64_FROM_LE (fe->info_len);
  guint flags = GUINT16_FROM_LE (fe->icb_tag.flags) & ICBTAG_FLAG_AD_MASK;

  if ((guint64) ea + ad > sizeof fe->u)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "the UDF file entry of “%s” is larger than a block", sp_file_info_get_path (info));
      return FALSE;
    }
  descriptors = fe->u.ext_attr + ea;

  switch (flags)
    {
    case ICBTAG_FLAG_AD_IN_ICB:
      {
        g_autoptr(GBytes) data = g_bytes_new (descriptors, MIN ((guint64) ad, remaining));
        _sp_file_info_set_inline_data (info, data);
      }
      return TRUE;

    case ICBTAG_FLAG_AD_SHORT:
    case ICBTAG_FLAG_AD_LONG:
      {
        guint size = flags == ICBTAG_FLAG_AD_SHORT ? 8 : 16;

        for (guint32 i = 0; i + size <= ad && remaining > 0; i += size)
          {
            guint32 word = le32 (descriptors + i);
            guint32 length = word & UDF_LENGTH_MASK;
            guint type = word >> 30;
            guint32 position = le32 (descriptors + i + 4);

            if (length == 0)
              break;
            if (type == 3)
              {
                g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                             "“%s” continues its allocation descriptors elsewhere, which Spindle does not follow",
                             sp_file_info_get_path (info));
                return FALSE;
              }
            length = (guint32) MIN ((guint64) length, remaining);
            _sp_file_info_add_extent (info, (guint64) dirent->i_part_start + position, length, type == 0);
            remaining -= length;
          }
      }
      return TRUE;

    default:
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "“%s” uses allocation descriptors of a kind Spindle does not read (%u)",
                   sp_file_info_get_path (info), flags);
      return FALSE;
    }
}

/* A UDF symbolic link's data: path components (ECMA-167 4/14.16). */
static char *
udf_symlink_target (const guint8 *data,
                    gsize         length)
{
  g_autoptr(GString) target = g_string_new (NULL);
  gsize i = 0;

  while (i + 4 <= length)
    {
      guint type = data[i];
      guint len = data[i + 1];
      const guint8 *ident = data + i + 4;

      if (i + 4 + len > length)
        return NULL;
      switch (type)
        {
        case 1:
        case 2:
          g_string_assign (target, "/");
          break;
        case 3:
        case 4:
        case 5:
          if (target->len > 0 && target->str[target->len - 1] != '/')
            g_string_append_c (target, '/');
          if (type == 3)
            g_string_append (target, "..");
          else if (type == 4)
            g_string_append (target, ".");
          else if (len > 0 && ident[0] == 8)
            g_string_append_len (target, (const char *) ident + 1, len - 1);
          else if (len > 0 && ident[0] == 16)
            {
              g_autofree char *utf8 = g_convert ((const char *) ident + 1, len - 1, "UTF-8", "UTF-16BE",
                                                 NULL, NULL, NULL);
              if (utf8 == NULL)
                return NULL;
              g_string_append (target, utf8);
            }
          else
            return NULL;
          break;
        default:
          return NULL;
        }
      i += 4 + len;
    }
  return g_string_free (g_steal_pointer (&target), FALSE);
}

/* The name of a UDF file identifier (OSTA CS0, UDF 2.1.1): compression
 * 8 is Latin-1, 16 is UCS-2 big-endian. libudf copies the 8-bit form as
 * it is, which is not UTF-8; it is decoded here. %NULL for the root. */
static char *
udf_name (const udf_dirent_t *dirent)
{
  const guint8 *id;
  guint length;

  if (dirent->fid == NULL || dirent->fid->i_file_id == 0)
    return NULL;
  length = dirent->fid->i_file_id;
  id = (const guint8 *) dirent->fid->u.imp_use.data + GUINT16_FROM_LE (dirent->fid->u.i_imp_use);
  if (id[0] == 8)
    return g_convert ((const char *) id + 1, length - 1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (id[0] == 16)
    return g_convert ((const char *) id + 1, (length - 1) & ~1u, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
  return NULL;
}

static gboolean read_file (SpFilesystem *self, SpFileInfo *file, guint64 offset,
                           guint8 *buffer, gsize count, gsize *n_read, GError **error);

static SpFileInfo *
info_from_udf_dirent (SpFilesystem  *self,
                      udf_dirent_t  *dirent,
                      const char    *parent_path,
                      const char    *parent_lookup,
                      GError       **error)
{
  const udf_file_entry_t *fe = &dirent->fe;
  const char *raw = udf_get_filename (dirent);
  g_autofree char *lookup = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  g_autoptr(SpFileInfo) info = NULL;
  SpFileType type = SP_FILE_TYPE_REGULAR;
  mode_t mode;
  time_t t;

  if (udf_is_dir (dirent))
    type = SP_FILE_TYPE_DIRECTORY;
  else if (fe->icb_tag.file_type == ICBTAG_FILE_TYPE_SYMLINK)
    type = SP_FILE_TYPE_SYMLINK;

  lookup = parent_lookup ? join_lookup (parent_lookup, raw) : g_strdup ("/");
  name = udf_name (dirent);
  info = _sp_file_info_new (parent_path ? (name ? name : raw) : "", parent_path, lookup, type);
  _sp_file_info_set_size (info, udf_get_file_length (dirent));

  if (!udf_extents (self, dirent, info, error))
    return NULL;
  if (_sp_file_info_get_n_extents (info) > 0)
    {
      const SpFileExtent *first = _sp_file_info_get_extent (info, 0);
      _sp_file_info_set_location (info, (gint64) first->block,
                                  _sp_block_device_get_base (self->device) + (gint64) first->block);
    }

  mode = udf_get_posix_filemode (dirent);
  _sp_file_info_set_mode (info, mode & 07777);
  t = udf_get_modification_time (dirent);
  if (t > 0)
    mtime = g_date_time_new_from_unix_utc ((gint64) t);
  _sp_file_info_set_modification_time (info, mtime);

  if (type == SP_FILE_TYPE_SYMLINK)
    {
      guint64 size = MIN (sp_file_info_get_size (info), (guint64) 4096);
      g_autofree guint8 *data = g_malloc (size + 1);
      g_autofree char *target = NULL;
      gsize got = 0;

      if (read_file (self, info, 0, data, size, &got, NULL) && got == size)
        target = udf_symlink_target (data, size);
      _sp_file_info_set_symlink_target (info, target);
    }
  return g_steal_pointer (&info);
}

static gboolean
open_udf (SpFilesystem  *self,
          GError       **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  gint64 start = sp_track_get_start (self->track);
  guint8 anchor[BLOCK];
  gint64 anchor_block;
  char buffer[256];

  if (!read_position (self->image, start + UDF_ANCHOR, anchor, error))
    return FALSE;
  if (!is_udf_anchor (anchor))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "track %02u holds no UDF file system", sp_track_get_number (self->track));
      return FALSE;
    }

  /* A descriptor tag records its own location (bytes 12-15). */
  self->device = choose_device (self->image, self->track, le32 (anchor + 12), start + UDF_ANCHOR);
  anchor_block = start + UDF_ANCHOR - _sp_block_device_get_base (self->device);

  sp_cdio_lock (messages);
  self->udf = _sp_cdio_open_udf (self->device, anchor_block, error);
  if (self->udf == NULL)
    {
      sp_cdio_unlock ();
      return FALSE;
    }
  self->udf_root = udf_get_root (self->udf, TRUE, 0);
  if (self->udf_root == NULL)
    {
      g_autoptr(GError) local = NULL;

      _sp_cdio_read_failed (self->device, &local, "the UDF root directory cannot be found");
      sp_cdio_unlock ();
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (udf_get_volume_id (self->udf, buffer, sizeof buffer) > 0)
    self->volume_id = fixed_string ((const guint8 *) buffer, strnlen (buffer, sizeof buffer));
  {
    guint8 set[128] = { 0 };

    if (udf_get_volumeset_id (self->udf, set, sizeof set) > 0)
      self->volume_set_id = fixed_string (set, strnlen ((const char *) set, sizeof set));
  }
  if (udf_get_logical_volume_id (self->udf, buffer, sizeof buffer) > 0 && self->volume_id == NULL)
    self->volume_id = fixed_string ((const guint8 *) buffer, strnlen (buffer, sizeof buffer));

  self->root = info_from_udf_dirent (self, self->udf_root, NULL, NULL, error);
  sp_cdio_unlock ();
  if (self->root == NULL)
    return FALSE;

  self->names = SP_FILESYSTEM_NAMES_UDF;
  self->type = SP_FILESYSTEM_TYPE_UDF;
  return TRUE;
}

/* A descriptor tag (ECMA-167 3/7.2) of kind @id whose checksum is right. */
static gboolean
udf_tag_ok (const guint8 *tag,
            guint16       id)
{
  guint8 sum = 0;

  if ((guint16) (tag[0] | tag[1] << 8) != id)
    return FALSE;
  for (guint i = 0; i < 16; i++)
    if (i != 4)
      sum = (guint8) (sum + tag[i]);
  return sum == tag[4];
}

/* Folders are read and their file identifiers walked here, each checked
 * against the bytes read, not with udf_readdir(): libudf 2.1 trusts the
 * image there. An empty extent makes its 32-bit buffer size wrap to 0
 * before it reads 2^21 blocks into it (a heap overflow the fuzz target
 * tests/fuzz/fuzz-filesystem.c found, tests/fuzz/regressions/filesystem),
 * and an identifier's lengths move it and its name past the end of the
 * buffer. libudf still finds the volume and the root; every entry's file
 * entry is read here and handed to the same code as before. Deleted
 * identifiers and ones without a name are not files and are skipped. A
 * folder larger than UDF_MAX_FOLDER_SIZE is not read (memory bound: no
 * real folder comes near it). */
#define UDF_MAX_FOLDER_SIZE (64 * 1024 * 1024)

static GListModel *
list_udf (SpFilesystem  *self,
          SpFileInfo    *directory,
          GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (SP_TYPE_FILE_INFO);
  const char *lookup = _sp_file_info_get_lookup_path (directory);
  guint64 size = sp_file_info_get_size (directory);
  g_autofree guint8 *data = NULL;
  gsize got = 0;
  gsize step;

  if (size > UDF_MAX_FOLDER_SIZE)
    {
      g_autofree char *text = g_format_size (size);

      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "“%s” is a folder of %s, more than Spindle reads (64 MiB)",
                   sp_file_info_get_path (directory), text);
      return NULL;
    }
  data = g_malloc (size + 1);
  if (!read_file (self, directory, 0, data, (gsize) size, &got, error))
    {
      g_prefix_error (error, "“%s”: ", sp_file_info_get_path (directory));
      return NULL;
    }

  for (gsize p = 0; p + sizeof (udf_fileid_desc_t) <= got; p += step)
    {
      const udf_fileid_desc_t *fid = (const udf_fileid_desc_t *) (data + p);
      gsize imp_use = GUINT16_FROM_LE (fid->u.i_imp_use);
      gsize length = sizeof (udf_fileid_desc_t) + imp_use + fid->i_file_id;
      guint8 characteristics = fid->file_characteristics;
      guint64 fe_block = (guint64) self->udf_root->i_part_start + GUINT32_FROM_LE (fid->icb.loc.lba);
      const guint8 *id = data + p + sizeof (udf_fileid_desc_t) + imp_use;
      g_autofree char *raw = NULL;
      g_autoptr(SpFileInfo) info = NULL;
      udf_dirent_t entry = { 0 };

      /* The end of the identifiers, as for libudf: a tag that is not one. */
      if (!udf_tag_ok (data + p, TAGID_FID) || p + length > got)
        break;
      step = 4 * ((length + 3) / 4);

      if (characteristics & (UDF_FILE_PARENT | UDF_FILE_DELETED) || fid->i_file_id < 2)
        continue;
      if (!_sp_block_device_read (self->device, fe_block, 1, (guint8 *) &entry.fe, NULL) ||
          !udf_tag_ok ((const guint8 *) &entry.fe, TAGID_FILE_ENTRY))
        continue;

      /* The name as libudf gives it, for lookups: 8-bit as it is, 16-bit
       * in UTF-8 (info_from_udf_dirent() decodes both for display). */
      if (id[0] == 8)
        raw = g_strndup ((const char *) id + 1, fid->i_file_id - 1);
      else if (id[0] == 16)
        raw = g_convert ((const char *) id + 1, (fid->i_file_id - 1) & ~1u, "UTF-8", "UTF-16BE",
                         NULL, NULL, NULL);
      if (raw == NULL || raw[0] == '\0')
        continue;

      entry.psz_name = raw;
      entry.b_dir = (characteristics & UDF_FILE_DIRECTORY) != 0;
      entry.p_udf = self->udf;
      entry.i_part_start = self->udf_root->i_part_start;
      entry.fid = (udf_fileid_desc_t *) fid;
      info = info_from_udf_dirent (self, &entry, sp_file_info_get_path (directory), lookup, error);
      if (info == NULL)
        return NULL;
      g_list_store_append (store, info);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* ---- Video CD ---- */

static SpFileInfo *
find_child (GListModel *list,
            const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SpFileInfo) info = g_list_model_get_item (list, i);

      if (g_ascii_strcasecmp (sp_file_info_get_name (info), name) == 0)
        return g_steal_pointer (&info);
    }
  return NULL;
}

static gboolean
read_first_block (SpFilesystem *self,
                  SpFileInfo   *file,
                  guint8        block[BLOCK])
{
  gsize got = 0;

  return sp_file_info_get_size (file) >= 32 &&
         read_file (self, file, 0, block, BLOCK, &got, NULL) && got >= 32;
}

/* INFO.VCD / INFO.SVD and ENTRIES.VCD / ENTRIES.SVD (the Video CD 2.0 and
 * Super Video CD 1.0 specifications, as vcdimager writes them). */
static void
read_video_cd (SpFilesystem *self)
{
  g_autoptr(GListModel) root = NULL;
  g_autoptr(GListModel) folder = NULL;
  g_autoptr(SpFileInfo) dir = NULL;
  g_autoptr(SpFileInfo) info = NULL;
  g_autoptr(SpFileInfo) entries = NULL;
  guint8 block[BLOCK];
  gboolean svcd = FALSE;

  root = sp_filesystem_list (self, self->root, NULL, NULL);
  if (root == NULL)
    return;
  dir = find_child (root, "VCD");
  if (dir == NULL)
    {
      dir = find_child (root, "SVCD");
      svcd = TRUE;
    }
  if (dir == NULL || !sp_file_info_is_directory (dir))
    return;
  folder = sp_filesystem_list (self, dir, NULL, NULL);
  if (folder == NULL)
    return;
  info = find_child (folder, svcd ? "INFO.SVD" : "INFO.VCD");
  entries = find_child (folder, svcd ? "ENTRIES.SVD" : "ENTRIES.VCD");
  if (info == NULL || !read_first_block (self, info, block))
    return;

  if (memcmp (block, "VIDEO_CD", 8) == 0)
    {
      if (block[8] == 1 && block[9] == 0)
        self->vcd_type = g_strdup ("VCD 1.0");
      else if (block[8] == 1 && block[9] == 1)
        self->vcd_type = g_strdup ("VCD 1.1");
      else if (block[8] == 2 && block[9] == 0)
        self->vcd_type = g_strdup ("VCD 2.0");
      else
        self->vcd_type = g_strdup_printf ("VCD (version %u, profile %u)", block[8], block[9]);
    }
  else if (memcmp (block, "SUPERVCD", 8) == 0)
    self->vcd_type = g_strdup ("SVCD");
  else if (memcmp (block, "HQ-VCD  ", 8) == 0)
    self->vcd_type = g_strdup ("HQVCD");
  else
    return;

  self->vcd_album = fixed_string (block + 10, 16);
  self->vcd_volume_count = be16 (block + 26);
  self->vcd_volume_number = be16 (block + 28);

  if (entries && read_first_block (self, entries, block) &&
      (memcmp (block, "ENTRYVCD", 8) == 0 || memcmp (block, "ENTRYSVD", 8) == 0))
    self->vcd_entries = MIN (be16 (block + 10), 500);
}

/* ---- Opening ---- */

/**
 * sp_filesystem_open:
 * @track: (nullable): the data track; %NULL for the image's first
 * @type: %SP_FILESYSTEM_TYPE_ISO9660, %SP_FILESYSTEM_TYPE_UDF, or
 *   %SP_FILESYSTEM_TYPE_AUTO for ISO 9660 if there is one, else UDF
 *
 * Reads the volume descriptors and the root directory of @track's file
 * system. Blocks the calling thread for a few sector reads.
 *
 * Returns: (transfer full): the file system, or %NULL with @error set
 *   (%SP_IMAGE_ERROR_UNSUPPORTED when there is none)
 */
SpFilesystem *
sp_filesystem_open (SpImage           *image,
                    SpTrack           *track,
                    SpFilesystemType   type,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_autoptr(SpFilesystem) self = NULL;
  SpFilesystemType present;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);
  g_return_val_if_fail (track == NULL || SP_IS_TRACK (track), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (track == NULL)
    track = first_data_track (image);
  if (track == NULL)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "the image has no data track");
      return NULL;
    }
  if (sp_track_is_audio (track))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "track %02u is an audio track: it has no file system", sp_track_get_number (track));
      return NULL;
    }

  self = g_object_new (SP_TYPE_FILESYSTEM, NULL);
  self->image = g_object_ref (image);
  self->track = g_object_ref (track);

  if (type == SP_FILESYSTEM_TYPE_AUTO)
    {
      present = sp_filesystem_probe (image, track);
      if (present & SP_FILESYSTEM_TYPE_ISO9660)
        type = SP_FILESYSTEM_TYPE_ISO9660;
      else if (present & SP_FILESYSTEM_TYPE_UDF)
        type = SP_FILESYSTEM_TYPE_UDF;
      else
        {
          g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                       "track %02u holds no ISO 9660 or UDF file system", sp_track_get_number (track));
          return NULL;
        }
    }

  if (type == SP_FILESYSTEM_TYPE_ISO9660)
    {
      if (!open_iso9660 (self, error))
        return NULL;
      read_video_cd (self);
    }
  else if (type == SP_FILESYSTEM_TYPE_UDF)
    {
      if (!open_udf (self, error))
        return NULL;
    }
  else
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "give one file system type to open");
      return NULL;
    }

  return g_steal_pointer (&self);
}

typedef struct
{
  SpImage *image;
  SpTrack *track;
  SpFilesystemType type;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->image);
  g_clear_object (&data->track);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  SpFilesystem *fs = sp_filesystem_open (data->image, data->track, data->type, cancellable, &error);

  if (fs)
    g_task_return_pointer (task, fs, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
sp_filesystem_open_async (SpImage             *image,
                          SpTrack             *track,
                          SpFilesystemType     type,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (SP_IS_IMAGE (image));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_filesystem_open_async);
  data = g_new0 (OpenData, 1);
  data->image = g_object_ref (image);
  data->track = track ? g_object_ref (track) : NULL;
  data->type = type;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * sp_filesystem_open_finish:
 *
 * Returns: (transfer full): the file system, or %NULL with @error set
 */
SpFilesystem *
sp_filesystem_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Listing ---- */

/**
 * sp_filesystem_get_root:
 *
 * Returns: (transfer none): the root folder
 */
SpFileInfo *
sp_filesystem_get_root (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->root;
}

/**
 * sp_filesystem_list:
 * @directory: (nullable): a folder of this file system; %NULL for the root
 *
 * Reads a folder. Thread-safe.
 *
 * Returns: (transfer full): a #GListModel of #SpFileInfo in the order the
 *   folder records them, without "." and ".."
 */
GListModel *
sp_filesystem_list (SpFilesystem  *self,
                    SpFileInfo    *directory,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  g_return_val_if_fail (directory == NULL || SP_IS_FILE_INFO (directory), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (directory == NULL)
    directory = self->root;
  if (!sp_file_info_is_directory (directory))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   "“%s” is not a folder", sp_file_info_get_path (directory));
      return NULL;
    }

  if (sp_file_info_get_size (directory) > MAX_DIRECTORY_SIZE)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_TOO_LARGE,
                   "“%s” is a folder of %" G_GUINT64_FORMAT " bytes; Spindle reads folders of at most %u MiB",
                   sp_file_info_get_path (directory), sp_file_info_get_size (directory),
                   MAX_DIRECTORY_SIZE / (1024 * 1024));
      return NULL;
    }

  if (self->type == SP_FILESYSTEM_TYPE_UDF)
    return list_udf (self, directory, error);
  return list_iso9660 (self, directory, error);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *list = sp_filesystem_list (source_object, task_data, cancellable, &error);

  if (list)
    g_task_return_pointer (task, list, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
sp_filesystem_list_async (SpFilesystem        *self,
                          SpFileInfo          *directory,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SP_IS_FILESYSTEM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_filesystem_list_async);
  g_task_set_task_data (task, g_object_ref (directory ? directory : self->root), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

/**
 * sp_filesystem_list_finish:
 *
 * Returns: (transfer full): a #GListModel of #SpFileInfo
 */
GListModel *
sp_filesystem_list_finish (SpFilesystem  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sp_filesystem_lookup:
 * @path: a path of display names from the root ("/DOCS/DATA.BIN"); "/"
 *   or "" for the root
 *
 * Returns: (transfer full): the file, or %NULL with %G_IO_ERROR_NOT_FOUND
 */
SpFileInfo *
sp_filesystem_lookup (SpFilesystem  *self,
                      const char    *path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(SpFileInfo) current = NULL;

  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  current = g_object_ref (self->root);
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_autoptr(GListModel) list = NULL;
      SpFileInfo *next = NULL;

      if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (!sp_file_info_is_directory (current))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                       "“%s” is not a folder", sp_file_info_get_path (current));
          return NULL;
        }
      list = sp_filesystem_list (self, current, cancellable, error);
      if (list == NULL)
        return NULL;

      /* Exact first; then, for names without Rock Ridge or UDF case,
       * case-insensitively (ISO 9660 names are upper case). */
      for (guint pass = 0; pass < 2 && next == NULL; pass++)
        for (guint j = 0; j < g_list_model_get_n_items (list) && next == NULL; j++)
          {
            g_autoptr(SpFileInfo) info = g_list_model_get_item (list, j);
            const char *name = sp_file_info_get_display_name (info);

            if (pass == 0 ? strcmp (name, parts[i]) == 0 : g_ascii_strcasecmp (name, parts[i]) == 0)
              next = g_steal_pointer (&info);
          }
      if (next == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "no “%s” in “%s”", parts[i], sp_file_info_get_path (current));
          return NULL;
        }
      g_set_object (&current, next);
      g_object_unref (next);
    }
  return g_steal_pointer (&current);
}

/**
 * sp_filesystem_create_child_model:
 * @item: (type SpFileInfo): a file info
 * @user_data: (type SpFilesystem): the file system
 *
 * A GtkTreeListModelCreateModelFunc: the listing of @item when it is a
 * folder, %NULL otherwise (and when the folder cannot be read: that is
 * logged with g_message()).
 *
 * Returns: (transfer full) (nullable): a #GListModel of #SpFileInfo
 */
GListModel *
sp_filesystem_create_child_model (gpointer item,
                                  gpointer user_data)
{
  SpFilesystem *self = SP_FILESYSTEM (user_data);
  g_autoptr(GError) error = NULL;
  GListModel *list;

  if (!SP_IS_FILE_INFO (item) || !sp_file_info_is_directory (item))
    return NULL;
  list = sp_filesystem_list (self, item, NULL, &error);
  if (list == NULL)
    g_message ("%s", error->message);
  return list;
}

/* ---- Reading ---- */

static gboolean
read_file (SpFilesystem  *self,
           SpFileInfo    *file,
           guint64        offset,
           guint8        *buffer,
           gsize          count,
           gsize         *n_read,
           GError       **error)
{
  GBytes *inline_data = _sp_file_info_get_inline_data (file);
  gboolean form2 = sp_file_info_is_form2 (file);
  guint unit = form2 ? SP_FORM2_DATA_SIZE : BLOCK;
  guint64 total = sp_file_info_get_data_size (file);
  guint64 extent_start = 0;
  g_autofree guint8 *scratch = NULL;
  gsize done = 0;

  *n_read = 0;
  if (offset >= total)
    return TRUE;
  count = (gsize) MIN ((guint64) count, total - offset);

  if (inline_data)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (inline_data, &size);

      if (offset < size)
        {
          gsize n = (gsize) MIN ((guint64) count, size - offset);
          memcpy (buffer, data + offset, n);
          done = n;
        }
      if (done < count)
        memset (buffer + done, 0, count - done);
      *n_read = count;
      return TRUE;
    }

  for (guint e = 0; e < _sp_file_info_get_n_extents (file) && done < count; e++)
    {
      const SpFileExtent *extent = _sp_file_info_get_extent (file, e);
      guint64 blocks = (extent->length + BLOCK - 1) / BLOCK;
      guint64 length = form2 ? blocks * unit : extent->length;
      guint64 pos = offset + done;

      if (pos >= extent_start + length)
        {
          extent_start += length;
          continue;
        }

      while (done < count && pos < extent_start + length)
        {
          guint64 within = pos - extent_start;
          guint64 block = within / unit;
          guint skip = (guint) (within % unit);
          guint64 left_in_extent = extent_start + length - pos;
          gsize want = (gsize) MIN ((guint64) (count - done), left_in_extent);
          guint n = (guint) MIN ((guint64) READ_CHUNK_BLOCKS, (skip + want + unit - 1) / unit);
          gsize take = MIN (want, (gsize) n * unit - skip);

          if (!extent->recorded)
            memset (buffer + done, 0, take);
          else
            {
              gboolean ok;

              if (scratch == NULL)
                scratch = g_malloc ((gsize) READ_CHUNK_BLOCKS * unit);
              ok = form2 ? _sp_block_device_read_form2 (self->device, extent->block + block, n, scratch, error)
                         : _sp_block_device_read (self->device, extent->block + block, n, scratch, error);
              if (!ok)
                {
                  *n_read = done;
                  return FALSE;
                }
              memcpy (buffer + done, scratch + skip, take);
            }
          done += take;
          pos += take;
        }
      extent_start += length;
    }

  /* Extents shorter than the size the record gives: the rest is zeros. */
  if (done < count)
    memset (buffer + done, 0, count - done);
  *n_read = count;
  return TRUE;
}

/**
 * sp_filesystem_read:
 * @file: a file of this file system
 * @offset: where to start, in bytes of the file's data
 *
 * Reads a file's data: its bytes, or for a Form 2 file (a Video CD's
 * MPEG) the 2324 bytes of each sector (see sp_file_info_get_data_size()).
 * Thread-safe, and without libcdio's lock: any number of threads may read.
 *
 * Returns: the bytes read (short only at the end of the data), or -1
 */
gssize
sp_filesystem_read (SpFilesystem  *self,
                    SpFileInfo    *file,
                    guint64        offset,
                    void          *buffer,
                    gsize          count,
                    GError       **error)
{
  gsize got = 0;

  g_return_val_if_fail (SP_IS_FILESYSTEM (self), -1);
  g_return_val_if_fail (SP_IS_FILE_INFO (file), -1);

  if (sp_file_info_get_file_type (file) != SP_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   "“%s” is not a regular file", sp_file_info_get_path (file));
      return -1;
    }
  if (!read_file (self, file, offset, buffer, MIN (count, (gsize) G_MAXSSIZE), &got, error))
    {
      g_prefix_error (error, "“%s”: ", sp_file_info_get_path (file));
      return -1;
    }
  return (gssize) got;
}

/* ---- Getters ---- */

/**
 * sp_filesystem_get_image:
 *
 * Returns: (transfer none): the image
 */
SpImage *
sp_filesystem_get_image (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->image;
}

/**
 * sp_filesystem_get_track:
 *
 * Returns: (transfer none): the track the file system is on
 */
SpTrack *
sp_filesystem_get_track (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->track;
}

SpFilesystemType
sp_filesystem_get_filesystem_type (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), 0);
  return self->type;
}

SpFilesystemNames
sp_filesystem_get_names (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), SP_FILESYSTEM_NAMES_ISO9660);
  return self->names;
}

guint
sp_filesystem_get_joliet_level (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), 0);
  return self->joliet_level;
}

const char *
sp_filesystem_get_volume_id (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->volume_id;
}

const char *
sp_filesystem_get_volume_set_id (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->volume_set_id;
}

const char *
sp_filesystem_get_publisher_id (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->publisher_id;
}

const char *
sp_filesystem_get_preparer_id (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->preparer_id;
}

const char *
sp_filesystem_get_application_id (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->application_id;
}

const char *
sp_filesystem_get_system_id (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->system_id;
}

/**
 * sp_filesystem_get_creation_time:
 *
 * Returns: (transfer none) (nullable): the volume's creation date
 */
GDateTime *
sp_filesystem_get_creation_time (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->creation_time;
}

/**
 * sp_filesystem_get_modification_time:
 *
 * Returns: (transfer none) (nullable): the volume's modification date
 */
GDateTime *
sp_filesystem_get_modification_time (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->modification_time;
}

/**
 * sp_filesystem_get_expiration_time:
 *
 * Returns: (transfer none) (nullable): the volume's expiration date
 */
GDateTime *
sp_filesystem_get_expiration_time (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->expiration_time;
}

/**
 * sp_filesystem_get_effective_time:
 *
 * Returns: (transfer none) (nullable): the volume's effective date
 */
GDateTime *
sp_filesystem_get_effective_time (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->effective_time;
}

/* The volume space size the primary descriptor gives, in blocks. */
guint64
sp_filesystem_get_n_blocks (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), 0);
  return self->n_blocks;
}

/* The El Torito boot catalog's block, or -1 when the disc has none. */
gint64
sp_filesystem_get_boot_catalog_lba (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), -1);
  return self->boot_catalog;
}

guint
sp_filesystem_get_n_boot_entries (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), 0);
  return self->boot_entries->len;
}

const SpBootEntry *
sp_filesystem_get_boot_entry (SpFilesystem *self,
                              guint         i)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  g_return_val_if_fail (i < self->boot_entries->len, NULL);
  return &g_array_index (self->boot_entries, SpBootEntry, i);
}

/* "VCD 2.0", "SVCD", ... or %NULL when the disc is no Video CD. */
const char *
sp_filesystem_get_video_cd_type (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->vcd_type;
}

const char *
sp_filesystem_get_video_cd_album_id (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), NULL);
  return self->vcd_album;
}

guint
sp_filesystem_get_video_cd_volume_count (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), 0);
  return self->vcd_volume_count;
}

guint
sp_filesystem_get_video_cd_volume_number (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), 0);
  return self->vcd_volume_number;
}

/* Entry points (chapters) ENTRIES.VCD lists. */
guint
sp_filesystem_get_video_cd_n_entries (SpFilesystem *self)
{
  g_return_val_if_fail (SP_IS_FILESYSTEM (self), 0);
  return self->vcd_entries;
}

const char *
sp_filesystem_names_to_string (SpFilesystemNames names)
{
  switch (names)
    {
    case SP_FILESYSTEM_NAMES_ISO9660:    return "iso9660";
    case SP_FILESYSTEM_NAMES_JOLIET:     return "joliet";
    case SP_FILESYSTEM_NAMES_ROCK_RIDGE: return "rock-ridge";
    case SP_FILESYSTEM_NAMES_UDF:        return "udf";
    default:                             return "?";
    }
}

const char *
sp_boot_emulation_to_string (SpBootEmulation emulation)
{
  switch (emulation)
    {
    case SP_BOOT_EMULATION_NONE:         return "none";
    case SP_BOOT_EMULATION_FLOPPY_1_2M:  return "floppy-1.2M";
    case SP_BOOT_EMULATION_FLOPPY_1_44M: return "floppy-1.44M";
    case SP_BOOT_EMULATION_FLOPPY_2_88M: return "floppy-2.88M";
    case SP_BOOT_EMULATION_HARD_DISK:    return "hard-disk";
    default:                             return "unknown";
    }
}
