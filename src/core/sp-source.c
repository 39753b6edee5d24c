/* sp-source.c
 *
 * A source is opened once, read-only, when the image is opened, and keeps
 * its descriptor: every later read sees the file the user opened, even if
 * it is renamed or replaced meanwhile. Reads use pread(), never mmap():
 * a file that shrinks under us gives short reads (reported as missing
 * sectors), not SIGBUS.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-core-enums.h"
#include "sp-error.h"
#include "sp-source.h"

/* A RIFF file has few chunks before "data"; stop looking after this many so
 * a hostile header cannot keep us walking. */
#define MAX_RIFF_CHUNKS 256

struct _SpSource
{
  GObject parent_instance;

  char *name;
  char *display_name;
  GFile *file;
  SpSourceType type;
  SpSourceStatus status;
  char *status_reason;
  SpSourceResolution resolution;
  guint line;

  int fd;
  guint64 file_size;
  guint64 data_offset;
  guint64 data_size;

  /* libsndfile reads through the descriptor's file position, so decoded
   * sources have their own descriptor and one reader at a time. */
  GMutex sndfile_lock;
  SNDFILE *sndfile;
  int sndfile_fd;
  sf_count_t sndfile_frames;
};

G_DEFINE_FINAL_TYPE (SpSource, sp_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_FILE,
  PROP_SOURCE_TYPE,
  PROP_STATUS,
  PROP_STATUS_REASON,
  PROP_RESOLUTION,
  PROP_LINE,
  PROP_FILE_SIZE,
  PROP_DATA_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_source_finalize (GObject *object)
{
  SpSource *self = SP_SOURCE (object);

  if (self->sndfile)
    sf_close (self->sndfile);
  if (self->sndfile_fd >= 0)
    close (self->sndfile_fd);
  if (self->fd >= 0)
    close (self->fd);
  g_mutex_clear (&self->sndfile_lock);

  g_free (self->name);
  g_free (self->display_name);
  g_free (self->status_reason);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (sp_source_parent_class)->finalize (object);
}

static void
sp_source_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpSource *self = SP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, sp_source_get_display_name (self));
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_SOURCE_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_REASON:
      g_value_set_string (value, self->status_reason);
      break;
    case PROP_RESOLUTION:
      g_value_set_enum (value, self->resolution);
      break;
    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;
    case PROP_FILE_SIZE:
      g_value_set_uint64 (value, self->file_size);
      break;
    case PROP_DATA_SIZE:
      g_value_set_uint64 (value, self->data_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_source_class_init (SpSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_source_finalize;
  object_class->get_property = sp_source_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_TYPE] =
    g_param_spec_enum ("source-type", NULL, NULL, SP_TYPE_SOURCE_TYPE, SP_SOURCE_BINARY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SP_TYPE_SOURCE_STATUS, SP_SOURCE_STATUS_MISSING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_REASON] =
    g_param_spec_string ("status-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOLUTION] =
    g_param_spec_enum ("resolution", NULL, NULL, SP_TYPE_SOURCE_RESOLUTION,
                       SP_SOURCE_RESOLVED_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE_SIZE] =
    g_param_spec_uint64 ("file-size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_SIZE] =
    g_param_spec_uint64 ("data-size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_source_init (SpSource *self)
{
  self->fd = -1;
  self->sndfile_fd = -1;
  self->status = SP_SOURCE_STATUS_MISSING;
  self->resolution = SP_SOURCE_RESOLVED_NONE;
  g_mutex_init (&self->sndfile_lock);
}

/**
 * sp_source_new:
 * @name: the file name as the sheet writes it (UTF-8)
 * @type: what the sheet says the file is
 * @line: the sheet line of the FILE statement, or 0
 */
SpSource *
sp_source_new (const char   *name,
               SpSourceType  type,
               guint         line)
{
  SpSource *self = g_object_new (SP_TYPE_SOURCE, NULL);

  self->name = g_strdup (name);
  self->type = type;
  self->line = line;
  return self;
}

static gboolean
pread_all (int      fd,
           void    *buf,
           gsize    count,
           guint64  offset,
           gsize   *n_read,
           GError **error)
{
  gsize done = 0;

  while (done < count)
    {
      gssize r = pread (fd, (guint8 *) buf + done, count - done, (off_t) (offset + done));

      if (r < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_IO,
                       "%s", g_strerror (saved_errno));
          return FALSE;
        }
      if (r == 0)
        break;
      done += (gsize) r;
    }

  *n_read = done;
  return TRUE;
}

/* Finds the PCM data of a RIFF WAVE file. Returns FALSE if the file is not
 * RIFF WAVE at all; sets *is_cd_pcm when the data can be read as is. */
static gboolean
parse_riff_wave (SpSource  *self,
                 gboolean  *is_cd_pcm,
                 GPtrArray *warnings)
{
  guint8 header[12];
  guint64 pos = 12;
  gboolean have_fmt = FALSE;
  gsize n = 0;

  *is_cd_pcm = FALSE;

  if (!pread_all (self->fd, header, sizeof header, 0, &n, NULL) || n < sizeof header)
    return FALSE;
  if (memcmp (header, "RIFF", 4) != 0 || memcmp (header + 8, "WAVE", 4) != 0)
    return FALSE;

  for (guint i = 0; i < MAX_RIFF_CHUNKS && pos + 8 <= self->file_size; i++)
    {
      guint8 chunk[8];
      guint64 chunk_size;

      if (!pread_all (self->fd, chunk, sizeof chunk, pos, &n, NULL) || n < sizeof chunk)
        return TRUE;

      chunk_size = GUINT32_FROM_LE (*(guint32 *) (chunk + 4));

      if (memcmp (chunk, "fmt ", 4) == 0 && chunk_size >= 16)
        {
          guint8 fmt[40] = { 0 };
          guint16 format, channels, bits;
          guint32 rate;

          if (!pread_all (self->fd, fmt, MIN (chunk_size, sizeof fmt), pos + 8, &n, NULL) || n < 16)
            return TRUE;

          format = GUINT16_FROM_LE (*(guint16 *) (fmt + 0));
          channels = GUINT16_FROM_LE (*(guint16 *) (fmt + 2));
          rate = GUINT32_FROM_LE (*(guint32 *) (fmt + 4));
          bits = GUINT16_FROM_LE (*(guint16 *) (fmt + 14));

          /* WAVE_FORMAT_EXTENSIBLE with the PCM sub-format GUID is plain PCM too. */
          if (format == 0xFFFE && chunk_size >= 40 && fmt[24] == 1 && fmt[25] == 0)
            format = 1;

          *is_cd_pcm = (format == 1 && channels == 2 && rate == 44100 && bits == 16);
          have_fmt = TRUE;
        }
      else if (memcmp (chunk, "data", 4) == 0)
        {
          guint64 available = self->file_size - MIN (self->file_size, pos + 8);

          self->data_offset = pos + 8;
          self->data_size = chunk_size;

          /* Streaming writers leave 0 or 0xFFFFFFFF here; others lie. */
          if (chunk_size > available || chunk_size == 0 || chunk_size == 0xFFFFFFFF)
            {
              if (chunk_size != available && warnings)
                g_ptr_array_add (warnings,
                                 g_strdup_printf ("its WAVE data chunk claims %" G_GUINT64_FORMAT
                                                  " bytes, but the file holds %" G_GUINT64_FORMAT
                                                  " after its header; reading those",
                                                  chunk_size, available));
              self->data_size = available;
            }
          if (!have_fmt)
            *is_cd_pcm = FALSE;
          return TRUE;
        }

      /* Chunks are padded to an even size. */
      pos += 8 + chunk_size + (chunk_size & 1);
    }

  /* RIFF WAVE without a data chunk: no audio. */
  self->data_offset = 0;
  self->data_size = 0;
  *is_cd_pcm = FALSE;
  return TRUE;
}

static void
close_decoded (SpSource *self)
{
  g_clear_pointer (&self->sndfile, sf_close);
  if (self->sndfile_fd >= 0)
    {
      close (self->sndfile_fd);
      self->sndfile_fd = -1;
    }
}

static gboolean
open_decoded (SpSource  *self,
              GPtrArray *warnings,
              GError   **error)
{
  SF_INFO info = { 0 };
  int fd;

  fd = dup (self->fd);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_IO, "%s", g_strerror (saved_errno));
      return FALSE;
    }
  lseek (fd, 0, SEEK_SET);

  self->sndfile = sf_open_fd (fd, SFM_READ, &info, FALSE);
  if (self->sndfile == NULL)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "cannot decode it as audio (%s)", sf_strerror (NULL));
      close (fd);
      return FALSE;
    }
  self->sndfile_fd = fd;

  if (info.samplerate != 44100 || info.channels != 2)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "its audio is %d Hz with %d channels; CD audio is 44100 Hz stereo",
                   info.samplerate, info.channels);
      close_decoded (self);
      return FALSE;
    }

  if ((info.format & SF_FORMAT_SUBMASK) != SF_FORMAT_PCM_16 &&
      (info.format & SF_FORMAT_SUBMASK) != SF_FORMAT_PCM_S8 &&
      (info.format & SF_FORMAT_SUBMASK) != SF_FORMAT_PCM_U8 && warnings)
    g_ptr_array_add (warnings, g_strdup ("its samples are converted to the 16 bits of CD audio"));

  self->type = SP_SOURCE_DECODED;
  self->sndfile_frames = info.frames;
  self->data_offset = 0;
  self->data_size = (guint64) info.frames * 4;
  return TRUE;
}

/**
 * sp_source_open:
 * @file: the file the resolver picked for this source
 * @resolution: how it was found
 * @warnings: (element-type utf8): where to add what was tolerated, in
 *   words that follow the file's name ("its WAVE data chunk claims ...")
 *
 * Opens @file read-only and learns how much sector data it holds. Only
 * regular files are accepted: a FIFO, a device such as /dev/zero or a
 * directory would hang or never end.
 */
gboolean
sp_source_open (SpSource           *self,
                GFile              *file,
                SpSourceResolution  resolution,
                GPtrArray          *warnings,
                GError            **error)
{
  g_autofree char *path = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (SP_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->fd < 0, FALSE);

  g_set_object (&self->file, file);
  self->resolution = resolution;
  path = g_file_get_path (file);

  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      int saved_errno = errno;

      self->status = SP_SOURCE_STATUS_UNREADABLE;
      g_set_error (error, SP_IMAGE_ERROR,
                   saved_errno == ENOENT ? SP_IMAGE_ERROR_NOT_FOUND : SP_IMAGE_ERROR_IO,
                   "%s", g_strerror (saved_errno));
      g_free (self->status_reason);
      self->status_reason = g_strdup (g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      self->status = SP_SOURCE_STATUS_UNREADABLE;
      g_free (self->status_reason);
      self->status_reason = g_strdup (S_ISDIR (st.st_mode) ? "it is a folder" : "it is not a regular file");
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED, "%s", self->status_reason);
      return FALSE;
    }

  /* Back to blocking reads, as a regular file has no other kind. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  self->fd = fd;
  self->file_size = (guint64) st.st_size;
  self->data_offset = 0;
  self->data_size = self->file_size;

  switch (self->type)
    {
    case SP_SOURCE_BINARY:
    case SP_SOURCE_MOTOROLA:
      {
        gboolean is_cd_pcm;

        /* A WAVE file declared BINARY would put its header into the audio. */
        if (self->type == SP_SOURCE_BINARY && parse_riff_wave (self, &is_cd_pcm, NULL))
          {
            if (is_cd_pcm)
              {
                if (warnings)
                  g_ptr_array_add (warnings, g_strdup ("the sheet says BINARY, but it is a WAVE file; reading its audio data without the header"));
                self->type = SP_SOURCE_WAVE;
              }
            else
              {
                self->data_offset = 0;
                self->data_size = self->file_size;
                if (!open_decoded (self, warnings, error))
                  goto fail;
                if (warnings)
                  g_ptr_array_add (warnings, g_strdup ("the sheet says BINARY, but it is a WAVE file; decoding it"));
              }
          }
      }
      break;

    case SP_SOURCE_WAVE:
      {
        gboolean is_cd_pcm;

        if (!parse_riff_wave (self, &is_cd_pcm, warnings))
          {
            /* Not RIFF at all: most often raw audio renamed to .wav. */
            if (open_decoded (self, NULL, NULL))
              {
                if (warnings)
                  g_ptr_array_add (warnings, g_strdup ("the sheet says WAVE, but it is another audio format; decoding it"));
                break;
              }
            if (warnings)
              g_ptr_array_add (warnings, g_strdup ("the sheet says WAVE, but it has no RIFF WAVE header; reading it as raw little-endian audio"));
            self->type = SP_SOURCE_BINARY;
            self->data_offset = 0;
            self->data_size = self->file_size;
          }
        else if (!is_cd_pcm)
          {
            self->data_offset = 0;
            self->data_size = self->file_size;
            if (!open_decoded (self, warnings, error))
              goto fail;
          }
      }
      break;

    case SP_SOURCE_DECODED:
      if (!open_decoded (self, warnings, error))
        goto fail;
      break;

    default:
      g_assert_not_reached ();
    }

  self->status = SP_SOURCE_STATUS_OK;
  g_clear_pointer (&self->status_reason, g_free);
  return TRUE;

fail:
  self->status = SP_SOURCE_STATUS_UNREADABLE;
  g_free (self->status_reason);
  self->status_reason = g_strdup (error && *error ? (*error)->message : "unreadable");
  return FALSE;
}

void
sp_source_set_missing (SpSource       *self,
                       SpSourceStatus  status,
                       const char     *reason)
{
  g_return_if_fail (SP_IS_SOURCE (self));

  self->status = status;
  g_free (self->status_reason);
  self->status_reason = g_strdup (reason);
}

/* Called by the resolver once it knows where the file was found. */
void
sp_source_set_display_name (SpSource   *self,
                            const char *display_name)
{
  g_return_if_fail (SP_IS_SOURCE (self));
  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
}

static gssize
read_decoded (SpSource *self,
              guint64   offset,
              void     *buffer,
              gsize     count,
              GError  **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->sndfile_lock);
  guint8 *out = buffer;
  gsize done = 0;
  sf_count_t frame = (sf_count_t) (offset / 4);
  guint skip = offset % 4;

  if (frame >= self->sndfile_frames)
    return 0;

  if (sf_seek (self->sndfile, frame, SEEK_SET) < 0)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_IO,
                   "cannot seek in the audio: %s", sf_strerror (self->sndfile));
      return -1;
    }

  while (done < count)
    {
      short samples[2 * 1024];
      sf_count_t want = MIN ((sf_count_t) 1024, (sf_count_t) ((count - done + skip + 3) / 4));
      sf_count_t got = sf_readf_short (self->sndfile, samples, want);
      gsize bytes;

      if (got <= 0)
        break;

      for (sf_count_t i = 0; i < got * 2; i++)
        samples[i] = (short) GINT16_TO_LE (samples[i]);

      bytes = MIN ((gsize) got * 4 - skip, count - done);
      memcpy (out + done, (guint8 *) samples + skip, bytes);
      done += bytes;
      skip = 0;
    }

  return (gssize) done;
}

/**
 * sp_source_read:
 * @offset: byte offset into the source's sector data (after any header)
 *
 * Reads up to @count bytes of the source's data. Audio comes out as CD
 * audio is stored in a BIN: 16-bit little-endian stereo; MOTOROLA
 * sources are returned as stored and swapped by the caller, who knows
 * which sectors are audio.
 *
 * Returns: the number of bytes read, short at the end of the data (or of
 *   a file that shrank), or -1 on error
 */
gssize
sp_source_read (SpSource *self,
                guint64   offset,
                void     *buffer,
                gsize     count,
                GError  **error)
{
  gsize n = 0;

  g_return_val_if_fail (SP_IS_SOURCE (self), -1);

  if (self->status != SP_SOURCE_STATUS_OK)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA,
                   "“%s” is %s", sp_source_get_display_name (self),
                   self->status == SP_SOURCE_STATUS_MISSING ? "missing" : "unreadable");
      return -1;
    }

  if (offset >= self->data_size)
    return 0;
  count = (gsize) MIN ((guint64) count, self->data_size - offset);

  if (self->sndfile)
    return read_decoded (self, offset, buffer, count, error);

  if (!pread_all (self->fd, buffer, count, self->data_offset + offset, &n, error))
    {
      g_prefix_error (error, "“%s”: ", sp_source_get_display_name (self));
      return -1;
    }
  return (gssize) n;
}

const char *
sp_source_get_name (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), NULL);
  return self->name;
}

/**
 * sp_source_get_display_name:
 *
 * Returns: the file as the user should see it: its path relative to the
 *   sheet's folder when it is found, else the name the sheet gives
 */
const char *
sp_source_get_display_name (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), NULL);
  return self->display_name ? self->display_name : self->name;
}

GFile *
sp_source_get_file (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), NULL);
  return self->file;
}

SpSourceType
sp_source_get_source_type (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), SP_SOURCE_BINARY);
  return self->type;
}

SpSourceStatus
sp_source_get_status (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), SP_SOURCE_STATUS_MISSING);
  return self->status;
}

const char *
sp_source_get_status_reason (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), NULL);
  return self->status_reason;
}

SpSourceResolution
sp_source_get_resolution (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), SP_SOURCE_RESOLVED_NONE);
  return self->resolution;
}

guint
sp_source_get_line (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), 0);
  return self->line;
}

guint64
sp_source_get_file_size (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), 0);
  return self->file_size;
}

guint64
sp_source_get_data_offset (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), 0);
  return self->data_offset;
}

/**
 * sp_source_get_data_size:
 *
 * Returns: how many bytes of sector data the file holds (for a WAVE file,
 *   its data chunk; for decoded audio, 4 bytes per stereo sample)
 */
guint64
sp_source_get_data_size (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), 0);
  return self->data_size;
}

/* Whether the file is an audio container (its partial last frame is padded). */
gboolean
sp_source_is_audio_file (SpSource *self)
{
  g_return_val_if_fail (SP_IS_SOURCE (self), FALSE);
  return self->type == SP_SOURCE_WAVE || self->type == SP_SOURCE_DECODED;
}

/**
 * sp_source_query_available:
 *
 * Returns: how many bytes of data the file holds now; less than
 *   sp_source_get_data_size() if it shrank since it was opened
 */
guint64
sp_source_query_available (SpSource *self)
{
  struct stat st;

  g_return_val_if_fail (SP_IS_SOURCE (self), 0);

  if (self->status != SP_SOURCE_STATUS_OK)
    return 0;
  if (self->sndfile != NULL || fstat (self->fd, &st) != 0)
    return self->data_size;
  if ((guint64) st.st_size <= self->data_offset)
    return 0;
  return MIN (self->data_size, (guint64) st.st_size - self->data_offset);
}

const char *
sp_source_type_to_string (SpSourceType type)
{
  switch (type)
    {
    case SP_SOURCE_BINARY:   return "BINARY";
    case SP_SOURCE_MOTOROLA: return "MOTOROLA";
    case SP_SOURCE_WAVE:     return "WAVE";
    case SP_SOURCE_DECODED:  return "AUDIO";
    default:                 return "?";
    }
}
