/* sp-fs-cdio.c: libiso9660 and libudf reading from the sector engine
 *
 * libiso9660 (iso9660_t) and libudf (udf_t) read an image through a
 * libcdio "data source" (CdioDataSource_t): a small table of open, seek,
 * read, stat, close and free functions. libcdio 2.1 has no public way to
 * give them a data source of our own: iso9660_open_ext() and udf_open()
 * take a file name and build a stdio source for it, and cdio_stream_new()
 * is not exported. The other door, a CdIo_t with driver functions, needs
 * three private structures (CdIo_t, cdio_funcs_t with its forty function
 * pointers, and generic_img_private_t, which libiso9660's CdIo_t functions
 * reach into), so it is the more fragile of the two.
 *
 * What is done here instead:
 *
 *  1. the few blocks that iso9660_open_ext() or udf_open() read while
 *     opening (the volume descriptors; for UDF the anchor at block 256 and
 *     the main volume descriptor sequence) are read from the sector engine
 *     and put at their offsets in a sparse memfd, which the library opens
 *     by its /proc/self/fd path as it would open an .iso file;
 *  2. once open, the stdio source the library made is destroyed and
 *     replaced by one whose functions read 2048-byte blocks from the sector
 *     engine (_sp_image_read_user_data()), so every later read (directories,
 *     path tables, Rock Ridge areas, UDF file entries) comes from the image,
 *     whatever its layout: Mode 1 or Mode 2 Form 1, raw or cooked, in one
 *     BIN, in several files, or a plain ISO.
 *
 * This depends on three private layouts of libcdio 2.x, mirrored below and
 * checked at run time before anything is written through them: the data
 * source (unchanged since libcdio 0.7x), the stdio source's user data
 * (its first field is the path it was opened with, which must be ours),
 * and the first fields of iso9660_t (the source pointer) and of udf_t
 * (b_stream, i_position, the source pointer). A libcdio whose layout
 * differs fails the check and browsing reports it as unsupported instead
 * of reading through a wrong pointer; the major version is also checked at
 * build time.
 *
 * Every function here runs with sp_cdio_lock() held, as all libcdio calls
 * must; the block device itself is thread-safe.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <cdio/ecma_167.h>
#include <cdio/version.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sp-error.h"
#include "sp-fs-cdio-private.h"
#include "sp-user-data-private.h"

#if LIBCDIO_VERSION_NUM < 20000 || LIBCDIO_VERSION_NUM >= 30000
#error "sp-fs-cdio.c mirrors private structures of libcdio 2.x; check them against this libcdio"
#endif

#define BLOCK 2048

/* The volume descriptors that open reads: at most this many after the PVD. */
#define MAX_VOLUME_DESCRIPTORS 64
/* A UDF main volume descriptor sequence longer than this is refused: ECMA-167
 * asks for at least 16 blocks, every writer seen uses 16 or 32. */
#define MAX_UDF_VDS_BLOCKS 256
#define UDF_ANCHOR_BLOCK 256

/* ---- libcdio 2.x private layouts (lib/driver/_cdio_stream.c, _cdio_stdio.c,
 *      lib/iso9660/iso9660_fs.c, lib/udf/udf_private.h) ---- */

typedef struct
{
  int (*open) (void *user_data);
  int (*seek) (void *user_data, off_t offset, int whence);
  off_t (*stat) (void *user_data);
  ssize_t (*read) (void *user_data, void *buf, size_t count);
  int (*close) (void *user_data);
  void (*free) (void *user_data);
} MirrorStreamFunctions;

typedef struct
{
  void *user_data;
  MirrorStreamFunctions op;
  int is_open;
  off_t position;
} MirrorStream;

typedef struct
{
  char *pathname;
  FILE *fd;
  char *fd_buf;
  off_t st_size;
} MirrorStdioData;

typedef struct
{
  MirrorStream *stream;
} MirrorIso9660;

/* Exported by libcdio (lib/driver/libcdio.sym) but declared in no public
 * header: frees a stdio source, closing its file. */
extern void cdio_stdio_destroy (MirrorStream *stream);

typedef struct
{
  bool b_stream;
  off_t i_position;
  MirrorStream *stream;
  void *cdio;
} MirrorUdf;

/* ---- The block device ---- */

struct _SpBlockDevice
{
  gatomicrefcount ref;
  SpImage *image;
  gint64 base;
  guint64 n_blocks;

  /* Under sp_cdio_lock(): the position of the libcdio source, and the
   * error its last read ran into. */
  guint64 position;
  GError *error;
  gboolean udf;    /* libudf reads through it: see hide_unsafe_file_entries() */
};

SpBlockDevice *
_sp_block_device_new (SpImage *image,
                      gint64   base)
{
  SpBlockDevice *self = g_new0 (SpBlockDevice, 1);
  gint64 leadout = sp_image_get_leadout (image);

  g_atomic_ref_count_init (&self->ref);
  self->image = g_object_ref (image);
  self->base = base;
  self->n_blocks = leadout > base ? (guint64) (leadout - base) : 0;
  return self;
}

SpBlockDevice *
_sp_block_device_ref (SpBlockDevice *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
_sp_block_device_unref (SpBlockDevice *self)
{
  if (self && g_atomic_ref_count_dec (&self->ref))
    {
      g_clear_object (&self->image);
      g_clear_error (&self->error);
      g_free (self);
    }
}

gint64
_sp_block_device_get_base (SpBlockDevice *self)
{
  return self->base;
}

guint64
_sp_block_device_get_n_blocks (SpBlockDevice *self)
{
  return self->n_blocks;
}

static gboolean
check_range (SpBlockDevice  *self,
             guint64         block,
             guint           count,
             GError        **error)
{
  if (self->base + (gint64) block < 0 || block >= self->n_blocks || count > self->n_blocks - block)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_OUT_OF_RANGE,
                   "block %" G_GUINT64_FORMAT " of the file system is outside the disc", block + (count ? count - 1 : 0));
      return FALSE;
    }
  return TRUE;
}

/* Reads @count 2048-byte blocks. */
gboolean
_sp_block_device_read (SpBlockDevice  *self,
                       guint64         block,
                       guint           count,
                       guint8         *out,
                       GError        **error)
{
  if (!check_range (self, block, count, error))
    return FALSE;
  return _sp_image_read_user_data (self->image, self->base + (gint64) block, count,
                                   SP_USER_DATA_SIZE, out, NULL, NULL, error);
}

/* Reads the 2324 bytes of user data of @count Form 2 sectors. */
gboolean
_sp_block_device_read_form2 (SpBlockDevice  *self,
                             guint64         block,
                             guint           count,
                             guint8         *out,
                             GError        **error)
{
  if (!check_range (self, block, count, error))
    return FALSE;
  return _sp_image_read_user_data (self->image, self->base + (gint64) block, count,
                                   SP_FORM2_DATA_SIZE, out, NULL, NULL, error);
}

/* The error the last failed read through libcdio ran into, if any. */
GError *
_sp_block_device_take_error (SpBlockDevice *self)
{
  return g_steal_pointer (&self->error);
}

/* ---- The data source libcdio reads through ---- */

static int
stream_open (void *user_data)
{
  return 0;
}

static int
stream_seek (void *user_data,
             off_t offset,
             int   whence)
{
  SpBlockDevice *self = user_data;

  if (whence != SEEK_SET || offset < 0)
    return -1;
  self->position = (guint64) offset;
  return 0;
}

static off_t
stream_stat (void *user_data)
{
  SpBlockDevice *self = user_data;

  return (off_t) (self->n_blocks * BLOCK);
}

/* libudf 2.1 (udf_get_lba(), called on the root's file entry in
 * udf_get_root()) reads the first allocation descriptor at the offset the
 * entry's extended attribute length gives, up to 4 GiB past the 2048-byte
 * entry. A file entry whose descriptors do not fit in its block is given to
 * libudf with its tag cleared, so libudf takes it for no file entry at all
 * and the root is not found ("the UDF root directory cannot be found"). */
static void
hide_unsafe_file_entries (guint8  *out,
                          size_t   length,
                          guint64  position)
{
  size_t first = (size_t) ((BLOCK - position % BLOCK) % BLOCK);

  for (size_t at = first; at + BLOCK <= length; at += BLOCK)
    {
      guint8 *fe = out + at;
      guint8 sum = 0;
      guint64 ea, ad;

      if (fe[0] != (TAGID_FILE_ENTRY & 0xFF) || fe[1] != TAGID_FILE_ENTRY >> 8)
        continue;
      for (guint i = 0; i < 16; i++)
        if (i != 4)
          sum = (guint8) (sum + fe[i]);
      if (sum != fe[4])
        continue;

      /* ECMA-167 4/14.9: extended attributes and allocation descriptors
       * follow the 176 bytes of the entry; an extended descriptor is 20. */
      ea = fe[168] | fe[169] << 8 | (guint32) fe[170] << 16 | (guint32) fe[171] << 24;
      ad = fe[172] | fe[173] << 8 | (guint32) fe[174] << 16 | (guint32) fe[175] << 24;
      if (ea + ad > BLOCK - 176 || (ad > 0 && ea + 20 > BLOCK - 176))
        fe[0] = 0;
    }
}

static ssize_t
stream_read_blocks (SpBlockDevice *self,
                    void          *buf,
                    size_t         count)
{
  guint8 *out = buf;
  size_t done = 0;
  guint8 block[BLOCK];

  while (done < count)
    {
      guint64 b = self->position / BLOCK;
      guint within = (guint) (self->position % BLOCK);
      g_autoptr(GError) error = NULL;

      if (within == 0 && count - done >= BLOCK)
        {
          /* Whole blocks straight into the caller's buffer. */
          guint n = (guint) MIN ((count - done) / BLOCK, (size_t) 256);

          if (b < self->n_blocks)
            n = (guint) MIN ((guint64) n, self->n_blocks - b);
          if (!_sp_block_device_read (self, b, n, out + done, &error))
            {
              g_clear_error (&self->error);
              self->error = g_steal_pointer (&error);
              break;
            }
          done += (size_t) n * BLOCK;
          self->position += (guint64) n * BLOCK;
        }
      else
        {
          size_t n = MIN ((size_t) (BLOCK - within), count - done);

          if (!_sp_block_device_read (self, b, 1, block, &error))
            {
              g_clear_error (&self->error);
              self->error = g_steal_pointer (&error);
              break;
            }
          memcpy (out + done, block + within, n);
          done += n;
          self->position += n;
        }
    }
  return (ssize_t) done;
}

static ssize_t
stream_read (void   *user_data,
             void   *buf,
             size_t  count)
{
  SpBlockDevice *self = user_data;
  guint64 start = self->position;
  ssize_t result = stream_read_blocks (self, buf, count);

  if (self->udf && result > 0)
    hide_unsafe_file_entries (buf, (size_t) result, start);
  return result;
}

static int
stream_close (void *user_data)
{
  return 0;
}

static void
stream_free (void *user_data)
{
  _sp_block_device_unref (user_data);
}

static MirrorStream *
stream_new (SpBlockDevice *device)
{
  /* libcdio frees it with free(): allocate it with calloc(). */
  MirrorStream *stream = calloc (1, sizeof (MirrorStream));

  if (stream == NULL)
    g_error ("out of memory");
  stream->user_data = _sp_block_device_ref (device);
  stream->op.open = stream_open;
  stream->op.seek = stream_seek;
  stream->op.stat = stream_stat;
  stream->op.read = stream_read;
  stream->op.close = stream_close;
  stream->op.free = stream_free;
  return stream;
}

/* ---- The blocks open reads, in a sparse memfd ---- */

typedef struct
{
  int fd;
  char *path;
  char *unlink_path;   /* when there is no memfd: a temporary file */
} BootFile;

static void
boot_file_clear (BootFile *boot)
{
  if (boot->fd >= 0)
    close (boot->fd);
  if (boot->unlink_path)
    g_unlink (boot->unlink_path);
  g_free (boot->unlink_path);
  g_free (boot->path);
  boot->fd = -1;
}

static gboolean
boot_file_init (BootFile  *boot,
                GError   **error)
{
  boot->fd = memfd_create ("spindle-fs", MFD_CLOEXEC);
  boot->unlink_path = NULL;
  if (boot->fd >= 0)
    {
      boot->path = g_strdup_printf ("/proc/self/fd/%d", boot->fd);
      return TRUE;
    }

  boot->fd = g_file_open_tmp ("spindle-fs-XXXXXX", &boot->unlink_path, error);
  if (boot->fd < 0)
    return FALSE;
  boot->path = g_strdup (boot->unlink_path);
  return TRUE;
}

static gboolean
boot_file_put (BootFile       *boot,
               guint64         block,
               const guint8   *data,
               guint           count,
               GError        **error)
{
  gsize want = (gsize) count * BLOCK;
  gsize done = 0;

  while (done < want)
    {
      gssize n = pwrite (boot->fd, data + done, want - done, (off_t) (block * BLOCK + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "cannot stage the volume descriptors: %s", g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

/* The stdio source that the library made for @path is ours, seen through
 * the mirrored layout: then the layout is the one mirrored. */
static gboolean
is_our_stdio_stream (MirrorStream *stream,
                     const char   *path)
{
  MirrorStdioData *data;

  if (stream == NULL || stream->user_data == NULL)
    return FALSE;
  data = stream->user_data;
  return data->pathname != NULL && strcmp (data->pathname, path) == 0;
}

static GError *
layout_error (void)
{
  return g_error_new (SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                      "this libcdio (%s) is laid out differently from libcdio 2.1: "
                      "Spindle cannot make it read file systems from images",
                      cdio_version_string);
}

/**
 * _sp_cdio_open_iso9660:
 * @pvd_block: the device block of the primary volume descriptor: 16, or
 *   in a later session its session's start + 16 (libiso9660 reads it at
 *   16 whatever the session, so it is staged there)
 * @mask: the ISO 9660 extensions to use (Joliet levels, Rock Ridge)
 *
 * Returns: (transfer full): an iso9660_t reading from @device, to be
 *   closed with iso9660_close() under the lock; %NULL if there is no ISO
 *   9660 volume descriptor at block 16
 */
iso9660_t *
_sp_cdio_open_iso9660 (SpBlockDevice         *device,
                       gint64                 pvd_block,
                       iso_extension_mask_t   mask,
                       GError               **error)
{
  BootFile boot = { -1, NULL, NULL };
  guint8 block[BLOCK];
  iso9660_t *iso;
  MirrorIso9660 *mirror;
  guint i;

  if (!boot_file_init (&boot, error))
    return NULL;

  /* The primary descriptor and those after it, to the terminator: what
   * iso9660_ifs_read_superblock() reads. */
  for (i = 0; i <= MAX_VOLUME_DESCRIPTORS; i++)
    {
      g_autoptr(GError) read_error = NULL;

      if (pvd_block < 0 || !_sp_block_device_read (device, (guint64) pvd_block + i, 1, block, &read_error))
        {
          if (i == 0)
            {
              if (read_error == NULL)
                read_error = g_error_new_literal (SP_IMAGE_ERROR, SP_IMAGE_ERROR_OUT_OF_RANGE, "outside the disc");
              g_propagate_prefixed_error (error, g_steal_pointer (&read_error),
                                          "cannot read the ISO 9660 volume descriptor: ");
              boot_file_clear (&boot);
              return NULL;
            }
          break;
        }
      if (!boot_file_put (&boot, ISO_PVD_SECTOR + i, block, 1, error))
        {
          boot_file_clear (&boot);
          return NULL;
        }
      if (block[0] == ISO_VD_END || memcmp (block + 1, "CD001", 5) != 0)
        break;
    }

  iso = iso9660_open_ext (boot.path, mask);
  if (iso == NULL)
    {
      boot_file_clear (&boot);
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "no ISO 9660 primary volume descriptor");
      return NULL;
    }

  mirror = (MirrorIso9660 *) iso;
  if (!is_our_stdio_stream (mirror->stream, boot.path))
    {
      iso9660_close (iso);
      boot_file_clear (&boot);
      g_propagate_error (error, layout_error ());
      return NULL;
    }

  cdio_stdio_destroy (mirror->stream);
  mirror->stream = stream_new (device);
  boot_file_clear (&boot);
  return iso;
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/**
 * _sp_cdio_open_udf:
 * @anchor_block: the device block of the anchor: 256, or in a later
 *   session its session's start + 256 (staged at 256 for udf_open())
 *
 * Returns: (transfer full): a udf_t reading from @device, to be closed
 *   with udf_close() under the lock; %NULL if there is no UDF anchor
 */
udf_t *
_sp_cdio_open_udf (SpBlockDevice  *device,
                   gint64          anchor_block,
                   GError        **error)
{
  BootFile boot = { -1, NULL, NULL };
  guint8 anchor[BLOCK];
  g_autofree guint8 *sequence = NULL;
  guint32 vds_length, vds_start, vds_blocks;
  udf_t *udf;
  MirrorUdf *mirror;

  if (anchor_block < 0 || !_sp_block_device_read (device, (guint64) anchor_block, 1, anchor, error))
    {
      if (error && *error == NULL)
        g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_OUT_OF_RANGE, "the UDF anchor is outside the disc");
      else
        g_prefix_error (error, "cannot read the UDF anchor: ");
      return NULL;
    }
  /* Descriptor tag 2: anchor volume descriptor pointer (ECMA-167 3/10.2). */
  if (anchor[0] != TAGID_ANCHOR || anchor[1] != 0)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED, "no UDF anchor at block 256");
      return NULL;
    }
  vds_length = le32 (anchor + 16);
  vds_start = le32 (anchor + 20);
  vds_blocks = (vds_length + BLOCK - 1) / BLOCK;
  if (vds_blocks == 0 || vds_blocks > MAX_UDF_VDS_BLOCKS)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "the UDF anchor gives a volume descriptor sequence of %u blocks (at most %u are read)",
                   vds_blocks, MAX_UDF_VDS_BLOCKS);
      return NULL;
    }

  sequence = g_malloc ((gsize) vds_blocks * BLOCK);
  if (!_sp_block_device_read (device, vds_start, vds_blocks, sequence, error))
    {
      g_prefix_error (error, "cannot read the UDF volume descriptors: ");
      return NULL;
    }

  if (!boot_file_init (&boot, error) ||
      !boot_file_put (&boot, UDF_ANCHOR_BLOCK, anchor, 1, error) ||
      !boot_file_put (&boot, vds_start, sequence, vds_blocks, error))
    {
      boot_file_clear (&boot);
      return NULL;
    }

  udf = udf_open (boot.path);
  if (udf == NULL)
    {
      boot_file_clear (&boot);
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "no UDF primary volume descriptor");
      return NULL;
    }

  mirror = (MirrorUdf *) udf;
  if (!mirror->b_stream || !is_our_stdio_stream (mirror->stream, boot.path))
    {
      udf_close (udf);
      boot_file_clear (&boot);
      g_propagate_error (error, layout_error ());
      return NULL;
    }

  cdio_stdio_destroy (mirror->stream);
  device->udf = TRUE;
  mirror->stream = stream_new (device);
  mirror->i_position = 0;
  boot_file_clear (&boot);
  return udf;
}

/* For the callers' messages when libcdio gives up: the read error behind
 * it if there was one. */
void
_sp_cdio_read_failed (SpBlockDevice  *device,
                      GError        **error,
                      const char     *what)
{
  g_autoptr(GError) read_error = _sp_block_device_take_error (device);

  if (read_error)
    g_set_error (error, read_error->domain, read_error->code, "%s: %s", what, read_error->message);
  else
    g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED, "%s", what);
}
