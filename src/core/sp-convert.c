/* sp-convert.c
 *
 * What each format writes:
 *
 *  - ISO: the 2048 bytes of user data of each sector of a data track
 *    (Mode 1, or Mode 2 Form 1; of a Form 2 sector its first 2048 bytes,
 *    as bchunk does, with a warning), from INDEX 01 to the end of the
 *    track's data (its generated postgap, if any, left out). A track kept
 *    as 2048-byte sectors is copied byte for byte.
 *  - WAVE, FLAC: one file per audio track, 16-bit stereo 44.1 kHz, from
 *    the track's INDEX 01 to the next track's INDEX 01 (the next track's
 *    pregap goes with this one, as EAC's default and bchunk do), or to the
 *    end of the track before a data track or the disc's end. Frames no
 *    file holds are silence. WAVE data is the sectors' bytes as they are
 *    (MOTOROLA audio swapped to little-endian), FLAC through libsndfile.
 *  - BIN: every track's stored bytes, in disc order, in one BINARY file,
 *    with a cue sheet: for BINARY files the bytes exactly (bit-exact:
 *    merging a one-file-per-track sheet gives the files concatenated);
 *    MOTOROLA audio is swapped, WAVE and compressed audio are written as
 *    their PCM. A generated pregap or postgap stays a PREGAP or POSTGAP;
 *    generated frames within a track (a TOC SILENCE) are written out.
 *  - SPLIT: the same, one BINARY file per track (from its first stored
 *    frame: a stored pregap goes with its track), which BIN merges back
 *    into the same bytes.
 *  - CUE, TOC: a sheet for the image's own files (a lone BIN or ISO, or a
 *    TOC as a cue and a cue as a TOC), naming them by their path relative
 *    to the sheet; what the other format cannot say is an error.
 *
 * Every file is written under a temporary name in its folder and renamed
 * into place only when all of them are complete; on error or cancel the
 * temporaries are removed and nothing is left. An existing output is
 * never replaced without sp_convert_set_overwrite(), and never when it is
 * one of the image's own files.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sndfile.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-convert.h"
#include "sp-core-enums.h"
#include "sp-error.h"
#include "sp-image-private.h"
#include "sp-msf.h"
#include "sp-sheet-writer.h"
#include "sp-sheet-writer-private.h"
#include "sp-user-data-private.h"

#define COPY_CHUNK (256 * 1024)
#define AUDIO_CHUNK_SECTORS 128
#define ISO_CHUNK_SECTORS 128

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

typedef struct
{
  char *path;           /* where it goes */
  char *temporary;      /* while it is written */
  int fd;
  gboolean placed;      /* renamed into place by this run */
  guint64 planned;      /* bytes laid out in it so far (BIN, SPLIT) */
  guint track;          /* WAVE, FLAC: the track's index */
} Output;

struct _SpConvert
{
  GObject parent_instance;

  SpImage *image;
  SpConvertFormat format;
  GFile *output;
  guint track;
  gboolean overwrite;
  SpJob *job;

  /* During a run. */
  GPtrArray *outputs;   /* Output */
  char *made_folder;

  GMutex lock;
  GPtrArray *warnings;
  guint64 n_form2;
};

G_DEFINE_FINAL_TYPE (SpConvert, sp_convert, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_FORMAT,
  PROP_OUTPUT,
  PROP_TRACK,
  PROP_OVERWRITE,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
output_free (gpointer data)
{
  Output *output = data;

  if (output->fd >= 0)
    close (output->fd);
  g_free (output->path);
  g_free (output->temporary);
  g_free (output);
}

static void
sp_convert_finalize (GObject *object)
{
  SpConvert *self = SP_CONVERT (object);

  g_clear_object (&self->image);
  g_clear_object (&self->output);
  g_clear_object (&self->job);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self->made_folder);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sp_convert_parent_class)->finalize (object);
}

static void
sp_convert_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpConvert *self = SP_CONVERT (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    case PROP_TRACK:
      g_value_set_uint (value, self->track);
      break;
    case PROP_OVERWRITE:
      g_value_set_boolean (value, self->overwrite);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_convert_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SpConvert *self = SP_CONVERT (object);

  switch (prop_id)
    {
    case PROP_TRACK:
      sp_convert_set_track (self, g_value_get_uint (value));
      break;
    case PROP_OVERWRITE:
      sp_convert_set_overwrite (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_convert_class_init (SpConvertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sp_convert_finalize;
  object_class->get_property = sp_convert_get_property;
  object_class->set_property = sp_convert_set_property;

  properties[PROP_IMAGE] = g_param_spec_object ("image", NULL, NULL, SP_TYPE_IMAGE, ro);
  properties[PROP_FORMAT] = g_param_spec_enum ("format", NULL, NULL, SP_TYPE_CONVERT_FORMAT,
                                               SP_CONVERT_FORMAT_ISO, ro);
  properties[PROP_OUTPUT] = g_param_spec_object ("output", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_TRACK] = g_param_spec_uint ("track", NULL, NULL, 0, 99, 0, rw);
  properties[PROP_OVERWRITE] = g_param_spec_boolean ("overwrite", NULL, NULL, FALSE, rw);
  properties[PROP_JOB] = g_param_spec_object ("job", NULL, NULL, SP_TYPE_JOB, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_convert_init (SpConvert *self)
{
  g_mutex_init (&self->lock);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

/**
 * sp_convert_new:
 * @output: for ISO, CUE, TOC: the file to write; for BIN and SPLIT: the
 *   cue sheet to write (the BIN files go beside it, named after it: "x.bin",
 *   or "x (Track 01).bin"...); for WAVE and FLAC: the file to write when a
 *   track is set, else the folder to write "Track 01.wav"... into (made if
 *   missing)
 *
 * Returns: (transfer full): a conversion, not started
 */
SpConvert *
sp_convert_new (SpImage         *image,
                SpConvertFormat  format,
                GFile           *output)
{
  SpConvert *self;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  self = g_object_new (SP_TYPE_CONVERT, NULL);
  self->image = g_object_ref (image);
  self->format = format;
  self->output = g_object_ref (output);
  self->job = sp_job_new ("Convert");
  return self;
}

/**
 * sp_convert_get_image:
 *
 * Returns: (transfer none): the image
 */
SpImage *
sp_convert_get_image (SpConvert *self)
{
  g_return_val_if_fail (SP_IS_CONVERT (self), NULL);
  return self->image;
}

SpConvertFormat
sp_convert_get_format (SpConvert *self)
{
  g_return_val_if_fail (SP_IS_CONVERT (self), SP_CONVERT_FORMAT_ISO);
  return self->format;
}

/**
 * sp_convert_get_output:
 *
 * Returns: (transfer none): the output given to sp_convert_new()
 */
GFile *
sp_convert_get_output (SpConvert *self)
{
  g_return_val_if_fail (SP_IS_CONVERT (self), NULL);
  return self->output;
}

/**
 * sp_convert_set_track:
 * @number: a track number; 0 for the default: the first data track (ISO),
 *   every audio track (WAVE, FLAC); the other formats take every track
 */
void
sp_convert_set_track (SpConvert *self,
                      guint      number)
{
  g_return_if_fail (SP_IS_CONVERT (self));

  if (self->track != number)
    {
      self->track = number;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACK]);
    }
}

guint
sp_convert_get_track (SpConvert *self)
{
  g_return_val_if_fail (SP_IS_CONVERT (self), 0);
  return self->track;
}

/* Whether files already there may be replaced (never the image's own). */
void
sp_convert_set_overwrite (SpConvert *self,
                          gboolean   overwrite)
{
  g_return_if_fail (SP_IS_CONVERT (self));

  overwrite = !!overwrite;
  if (self->overwrite != overwrite)
    {
      self->overwrite = overwrite;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERWRITE]);
    }
}

gboolean
sp_convert_get_overwrite (SpConvert *self)
{
  g_return_val_if_fail (SP_IS_CONVERT (self), FALSE);
  return self->overwrite;
}

/**
 * sp_convert_get_job:
 *
 * Returns: (transfer none): the progress of a run
 */
SpJob *
sp_convert_get_job (SpConvert *self)
{
  g_return_val_if_fail (SP_IS_CONVERT (self), NULL);
  return self->job;
}

static void
warn (SpConvert  *self,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (SpConvert  *self,
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

/* ---- Which tracks, which files ---- */

static SpTrack *
find_track (SpConvert  *self,
            GError    **error)
{
  for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
    {
      SpTrack *track = sp_image_get_track (self->image, i);

      if (sp_track_get_number (track) == self->track)
        return track;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the image has no track %u", self->track);
  return NULL;
}

static SpTrack *
iso_track (SpConvert  *self,
           GError    **error)
{
  SpTrack *track;

  if (self->track != 0)
    {
      track = find_track (self, error);
      if (track && sp_track_is_audio (track))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "track %02u is an audio track; an ISO holds a data track", self->track);
          return NULL;
        }
      return track;
    }
  for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
    {
      track = sp_image_get_track (self->image, i);
      if (!sp_track_is_audio (track))
        return track;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the image has no data track to write as an ISO");
  return NULL;
}

static const char *
audio_extension (SpConvertFormat format)
{
  return format == SP_CONVERT_FORMAT_FLAC ? "flac" : "wav";
}

/* "dir/name.cue" or "dir/name.bin" → "dir/name". */
static char *
sheet_stem (const char *path)
{
  if (g_str_has_suffix (path, ".cue") || g_str_has_suffix (path, ".bin") ||
      g_str_has_suffix (path, ".CUE") || g_str_has_suffix (path, ".BIN"))
    return g_strndup (path, strlen (path) - 4);
  return g_strdup (path);
}

static Output *
output_new (const char *path,
            guint       track)
{
  Output *output = g_new0 (Output, 1);

  output->path = g_strdup (path);
  output->fd = -1;
  output->track = track;
  return output;
}

/* The files a run writes: for BIN and SPLIT the cue sheet comes first. */
static GPtrArray *
plan_outputs (SpConvert  *self,
              GError    **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (output_free);
  g_autofree char *path = g_file_get_path (self->output);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "the output must be a local file");
      return NULL;
    }

  switch (self->format)
    {
    case SP_CONVERT_FORMAT_ISO:
      if (iso_track (self, error) == NULL)
        return NULL;
      g_ptr_array_add (outputs, output_new (path, 0));
      break;

    case SP_CONVERT_FORMAT_CUE:
    case SP_CONVERT_FORMAT_TOC:
      g_ptr_array_add (outputs, output_new (path, 0));
      break;

    case SP_CONVERT_FORMAT_WAVE:
    case SP_CONVERT_FORMAT_FLAC:
      if (self->track != 0)
        {
          SpTrack *track = find_track (self, error);

          if (track == NULL)
            return NULL;
          if (!sp_track_is_audio (track))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "track %02u is a data track, not audio", self->track);
              return NULL;
            }
          for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
            if (sp_image_get_track (self->image, i) == track)
              g_ptr_array_add (outputs, output_new (path, i));
        }
      else
        {
          for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
            {
              SpTrack *track = sp_image_get_track (self->image, i);
              g_autofree char *name = NULL;
              g_autofree char *file = NULL;

              if (!sp_track_is_audio (track))
                continue;
              name = g_strdup_printf ("Track %02u.%s", sp_track_get_number (track), audio_extension (self->format));
              file = g_build_filename (path, name, NULL);
              g_ptr_array_add (outputs, output_new (file, i));
            }
          if (outputs->len == 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the image has no audio track");
              return NULL;
            }
        }
      break;

    case SP_CONVERT_FORMAT_BIN:
    case SP_CONVERT_FORMAT_SPLIT:
      {
        g_autofree char *stem = sheet_stem (path);
        g_autofree char *cue = g_strconcat (stem, ".cue", NULL);

        g_ptr_array_add (outputs, output_new (cue, 0));
        if (self->format == SP_CONVERT_FORMAT_BIN)
          {
            g_autofree char *bin = g_strconcat (stem, ".bin", NULL);
            g_ptr_array_add (outputs, output_new (bin, 0));
          }
        else
          for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
            {
              g_autofree char *bin = g_strdup_printf ("%s (Track %02u).bin", stem,
                                                      sp_track_get_number (sp_image_get_track (self->image, i)));
              g_ptr_array_add (outputs, output_new (bin, i));
            }
      }
      break;

    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown format");
      return NULL;
    }

  return g_steal_pointer (&outputs);
}

/**
 * sp_convert_dup_outputs:
 *
 * Returns: (transfer full): the paths a run would write (or wrote), for
 *   showing and for asking before replacing; %NULL with @error when the
 *   conversion cannot be done (no such track...)
 */
char **
sp_convert_dup_outputs (SpConvert  *self,
                        GError    **error)
{
  g_autoptr(GPtrArray) outputs = NULL;
  char **paths;

  g_return_val_if_fail (SP_IS_CONVERT (self), NULL);

  outputs = plan_outputs (self, error);
  if (outputs == NULL)
    return NULL;
  paths = g_new0 (char *, outputs->len + 1);
  for (guint i = 0; i < outputs->len; i++)
    paths[i] = g_strdup (((Output *) g_ptr_array_index (outputs, i))->path);
  return paths;
}

/**
 * sp_convert_find_conflicts:
 *
 * Returns: (transfer full): the outputs that exist already (a run fails
 *   with %G_IO_ERROR_EXISTS on them unless overwriting), or %NULL with
 *   @error
 */
char **
sp_convert_find_conflicts (SpConvert  *self,
                           GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = sp_convert_dup_outputs (self, error);

  if (paths == NULL)
    return NULL;
  for (guint i = 0; paths[i]; i++)
    if (g_file_test (paths[i], G_FILE_TEST_EXISTS) || g_file_test (paths[i], G_FILE_TEST_IS_SYMLINK))
      g_strv_builder_add (builder, paths[i]);
  return g_strv_builder_end (builder);
}

/* Whether @path is the image's sheet or one of its files. */
static gboolean
is_image_file (SpConvert  *self,
               const char *path)
{
  GListModel *sources = sp_image_get_sources (self->image);
  struct stat out;

  if (stat (path, &out) != 0)
    return FALSE;
  for (guint i = 0; i <= g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpSource) source = i < g_list_model_get_n_items (sources) ? g_list_model_get_item (sources, i) : NULL;
      GFile *file = source ? sp_source_get_file (source) : sp_image_get_file (self->image);
      g_autofree char *other = file ? g_file_get_path (file) : NULL;
      struct stat st;

      if (other && stat (other, &st) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino)
        return TRUE;
    }
  return FALSE;
}

/* ---- Writing files: temporaries, then all renamed at once ---- */

static gboolean
open_outputs (SpConvert  *self,
              GError    **error)
{
  for (guint i = 0; i < self->outputs->len; i++)
    {
      Output *output = g_ptr_array_index (self->outputs, i);
      g_autofree char *folder = g_path_get_dirname (output->path);

      if (is_image_file (self, output->path))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "“%s” is one of the image's own files; it is never written", output->path);
          return FALSE;
        }
      if (!self->overwrite && (g_file_test (output->path, G_FILE_TEST_EXISTS) ||
                               g_file_test (output->path, G_FILE_TEST_IS_SYMLINK)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "“%s” already exists", output->path);
          return FALSE;
        }
      if (g_file_test (output->path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "“%s” is a folder", output->path);
          return FALSE;
        }

      /* The folder of WAVE and FLAC files when no track is given. */
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR) &&
          (self->format == SP_CONVERT_FORMAT_WAVE || self->format == SP_CONVERT_FORMAT_FLAC) &&
          self->track == 0 && self->made_folder == NULL)
        {
          if (g_mkdir (folder, 0777) != 0)
            return set_errno_error (error, errno, "cannot make the folder “%s”", folder);
          self->made_folder = g_strdup (folder);
        }

      output->temporary = g_build_filename (folder, ".spindle-XXXXXX", NULL);
      output->fd = g_mkstemp_full (output->temporary, O_RDWR | O_CLOEXEC, 0666);
      if (output->fd < 0)
        {
          int saved = errno;

          g_clear_pointer (&output->temporary, g_free);
          return set_errno_error (error, saved, "cannot create a file in “%s”", folder);
        }
    }
  return TRUE;
}

/* Removes the temporaries and whatever this run renamed into place. */
static void
discard_outputs (SpConvert *self)
{
  for (guint i = 0; i < self->outputs->len; i++)
    {
      Output *output = g_ptr_array_index (self->outputs, i);

      if (output->fd >= 0)
        {
          close (output->fd);
          output->fd = -1;
        }
      if (output->temporary)
        g_unlink (output->temporary);
      if (output->placed)
        g_unlink (output->path);
      output->placed = FALSE;
    }
  if (self->made_folder)
    g_rmdir (self->made_folder);
}

static gboolean
place_outputs (SpConvert  *self,
               GError    **error)
{
  for (guint i = 0; i < self->outputs->len; i++)
    {
      Output *output = g_ptr_array_index (self->outputs, i);

      if (output->fd >= 0)
        {
          int fd = output->fd;

          output->fd = -1;
          if (close (fd) != 0)
            return set_errno_error (error, errno, "cannot write “%s”", output->path);
        }
    }
  for (guint i = 0; i < self->outputs->len; i++)
    {
      Output *output = g_ptr_array_index (self->outputs, i);
      int r;

      if (self->overwrite)
        r = rename (output->temporary, output->path);
      else
        r = renameat2 (AT_FDCWD, output->temporary, AT_FDCWD, output->path, RENAME_NOREPLACE);
      if (r != 0 && !self->overwrite && (errno == EINVAL || errno == ENOSYS))
        {
          r = link (output->temporary, output->path);
          if (r == 0)
            g_unlink (output->temporary);
        }
      if (r != 0)
        {
          if (errno == EEXIST)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "“%s” already exists", output->path);
              return FALSE;
            }
          return set_errno_error (error, errno, "cannot rename the finished file to “%s”", output->path);
        }
      g_clear_pointer (&output->temporary, g_free);
      output->placed = TRUE;
    }
  return TRUE;
}

static gboolean
write_all (Output        *output,
           const guint8  *data,
           gsize          count,
           GError       **error)
{
  while (count > 0)
    {
      gssize n = write (output->fd, data, count);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return set_errno_error (error, n == 0 ? ENOSPC : errno, "cannot write “%s”", output->path);
      data += n;
      count -= (gsize) n;
    }
  return TRUE;
}

/* ---- ISO ---- */

static gboolean
write_iso (SpConvert     *self,
           GCancellable  *cancellable,
           GError       **error)
{
  Output *output = g_ptr_array_index (self->outputs, 0);
  SpTrack *track = iso_track (self, error);
  g_autofree guint8 *buffer = NULL;
  gint64 from, to;
  guint form2 = 0;

  if (track == NULL)
    return FALSE;
  from = sp_track_get_start (track);
  to = sp_track_get_end (track) - sp_track_get_postgap (track);
  sp_job_set_total (self->job, (guint64) MAX (0, to - from) * SP_USER_DATA_SIZE);

  buffer = g_malloc ((gsize) ISO_CHUNK_SECTORS * SP_USER_DATA_SIZE);
  for (gint64 pos = from; pos < to;)
    {
      guint n = (guint) MIN ((gint64) ISO_CHUNK_SECTORS, to - pos);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!_sp_image_read_user_data (self->image, pos, n, SP_USER_DATA_SIZE, buffer, NULL, &form2, error))
        return FALSE;
      if (!write_all (output, buffer, (gsize) n * SP_USER_DATA_SIZE, error))
        return FALSE;
      pos += n;
      sp_job_add_done (self->job, (guint64) n * SP_USER_DATA_SIZE);
    }

  self->n_form2 = form2;
  if (form2 > 0)
    warn (self, "%u sectors of track %02u are Mode 2 Form 2: the first 2048 of their 2324 bytes were written",
          form2, sp_track_get_number (track));
  return TRUE;
}

/* ---- WAVE, FLAC ---- */

/* The frames of audio track @index: to the next track's INDEX 01. */
static void
audio_range (SpConvert *self,
             guint      index,
             gint64    *from,
             gint64    *to)
{
  SpTrack *track = sp_image_get_track (self->image, index);
  SpTrack *next = index + 1 < sp_image_get_n_tracks (self->image) ? sp_image_get_track (self->image, index + 1) : NULL;

  *from = sp_track_get_start (track);
  if (next && sp_track_is_audio (next) && sp_track_get_session (next) == sp_track_get_session (track))
    *to = sp_track_get_start (next);
  else
    *to = sp_track_get_end (track);
}

static gboolean
write_audio_track (SpConvert     *self,
                   Output        *output,
                   guint8        *buffer,
                   GCancellable  *cancellable,
                   GError       **error)
{
  SF_INFO info = { 0 };
  SNDFILE *sf;
  gint64 from, to;
  gboolean flac = self->format == SP_CONVERT_FORMAT_FLAC;
  gboolean ok = TRUE;

  audio_range (self, output->track, &from, &to);
  info.samplerate = 44100;
  info.channels = 2;
  info.format = (flac ? SF_FORMAT_FLAC : SF_FORMAT_WAV) | SF_FORMAT_PCM_16;

  sf = sf_open_fd (output->fd, SFM_WRITE, &info, FALSE);
  if (sf == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write “%s”: %s", output->path, sf_strerror (NULL));
      return FALSE;
    }

  for (gint64 pos = from; pos < to && ok;)
    {
      guint n = (guint) MIN ((gint64) AUDIO_CHUNK_SECTORS, to - pos);
      gsize bytes = (gsize) n * SP_RAW_SECTOR_SIZE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !sp_image_read_sectors (self->image, pos, n, buffer, NULL, error))
        {
          ok = FALSE;
          break;
        }

      if (flac)
        {
          gint16 *samples = (gint16 *) buffer;

          for (gsize i = 0; i < bytes / 2; i++)
            samples[i] = GINT16_FROM_LE (samples[i]);
          if (sf_writef_short (sf, samples, (sf_count_t) (bytes / 4)) != (sf_count_t) (bytes / 4))
            ok = FALSE;
        }
      /* WAVE's data is little-endian 16-bit, as a BIN's: written as is. */
      else if (sf_write_raw (sf, buffer, (sf_count_t) bytes) != (sf_count_t) bytes)
        ok = FALSE;

      if (!ok)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write “%s”: %s", output->path, sf_strerror (sf));
      pos += n;
      sp_job_add_done (self->job, bytes);
    }

  if (sf_close (sf) != 0 && ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write “%s”", output->path);
      ok = FALSE;
    }
  return ok;
}

static gboolean
write_audio (SpConvert     *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree guint8 *buffer = g_malloc ((gsize) AUDIO_CHUNK_SECTORS * SP_RAW_SECTOR_SIZE);
  guint64 total = 0;

  for (guint i = 0; i < self->outputs->len; i++)
    {
      Output *output = g_ptr_array_index (self->outputs, i);
      gint64 from, to;

      audio_range (self, output->track, &from, &to);
      total += (guint64) MAX (0, to - from) * SP_RAW_SECTOR_SIZE;
    }
  sp_job_set_total (self->job, total);

  for (guint i = 0; i < self->outputs->len; i++)
    {
      Output *output = g_ptr_array_index (self->outputs, i);

      sp_job_set_message (self->job, output->path);
      if (!write_audio_track (self, output, buffer, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- BIN, SPLIT ---- */

typedef enum
{
  PART_LEAD,      /* generated, before the track's first stored frame: PREGAP */
  PART_BODY,      /* written to the BIN */
  PART_TRAIL,     /* generated, in the postgap after the last stored frame: POSTGAP */
} PartKind;

typedef struct
{
  PartKind kind;
  const SpExtent *extent;
  gint64 skip;            /* frames of the extent before this part */
  gint64 frames;
} Part;

/* Cuts a track's extents into what goes in the file and what stays a
 * PREGAP or POSTGAP. */
static GArray *
track_parts (SpTrack *track)
{
  GArray *extents = _sp_track_get_extents (track);
  GArray *parts = g_array_new (FALSE, FALSE, sizeof (Part));
  gint64 start = sp_track_get_start (track);
  gint64 trail_from = sp_track_get_end (track) - sp_track_get_postgap (track);
  gint first_stored = -1, last_stored = -1;

  for (guint e = 0; e < extents->len; e++)
    if (g_array_index (extents, SpExtent, e).source)
      {
        if (first_stored < 0)
          first_stored = (gint) e;
        last_stored = (gint) e;
      }

  for (guint e = 0; e < extents->len; e++)
    {
      const SpExtent *extent = &g_array_index (extents, SpExtent, e);
      gint64 a = extent->start, b = extent->start + extent->length;

      if (extent->source == NULL && (first_stored < 0 || (gint) e < first_stored))
        {
          gint64 lead_end = MIN (b, start);

          if (lead_end > a)
            {
              Part part = { PART_LEAD, extent, 0, lead_end - a };
              g_array_append_val (parts, part);
              a = lead_end;
            }
        }
      if (extent->source == NULL && (gint) e > last_stored)
        {
          gint64 trail_start = MAX (a, trail_from);

          if (trail_start > a)
            {
              Part part = { PART_BODY, extent, a - extent->start, trail_start - a };
              g_array_append_val (parts, part);
            }
          if (b > trail_start)
            {
              Part part = { PART_TRAIL, extent, trail_start - extent->start, b - trail_start };
              g_array_append_val (parts, part);
            }
          continue;
        }
      if (b > a)
        {
          Part part = { PART_BODY, extent, a - extent->start, b - a };
          g_array_append_val (parts, part);
        }
    }
  return parts;
}

static guint
part_sector_size (SpTrack    *track,
                  const Part *part)
{
  return part->extent->source ? part->extent->sector_size : sp_track_get_sector_size (track);
}

static gboolean
write_stored (SpConvert      *self,
              Output         *output,
              const SpExtent *extent,
              gint64          skip,
              gint64          frames,
              guint8         *buffer,
              GCancellable   *cancellable,
              GError        **error)
{
  guint64 offset = extent->offset + (guint64) skip * extent->sector_size;
  guint64 length = (guint64) frames * extent->sector_size;
  guint64 done = 0;

  while (done < length)
    {
      gsize want = (gsize) MIN ((guint64) COPY_CHUNK, length - done);
      gssize got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      got = sp_source_read (extent->source, offset + done, buffer, want, error);
      if (got < 0)
        return FALSE;
      if ((gsize) got < want)
        {
          /* The partial last frame of an audio file is padded with
           * silence, as everywhere else; other missing bytes are an error. */
          if (!sp_source_is_audio_file (extent->source) || length - done - (guint64) got >= extent->sector_size)
            {
              g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA,
                           "“%s” ends before the data track %02u needs",
                           sp_source_get_display_name (extent->source), sp_track_get_number (extent->track));
              return FALSE;
            }
          memset (buffer + got, 0, want - (gsize) got);
        }
      if (extent->swap)
        for (gsize i = 0; i + 1 < want; i += 2)
          {
            guint8 t = buffer[i];
            buffer[i] = buffer[i + 1];
            buffer[i + 1] = t;
          }
      if (!write_all (output, buffer, want, error))
        return FALSE;
      done += want;
      sp_job_add_done (self->job, want);
    }
  return TRUE;
}

/* Frames no file holds but that a BIN must: silence, or empty data
 * sectors (raw ones with their header, as a drive would write them). */
static gboolean
write_generated (SpConvert      *self,
                 Output         *output,
                 SpTrack        *track,
                 gint64          position,
                 gint64          frames,
                 guint8         *buffer,
                 GCancellable   *cancellable,
                 GError        **error)
{
  guint size = sp_track_get_sector_size (track);
  guint per_chunk = COPY_CHUNK / MAX (size, SP_RAW_SECTOR_SIZE);

  for (gint64 done = 0; done < frames;)
    {
      guint n = (guint) MIN ((gint64) per_chunk, frames - done);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (size == SP_RAW_SECTOR_SIZE)
        {
          if (!sp_image_read_sectors (self->image, position + done, n, buffer, NULL, error))
            return FALSE;
        }
      else
        memset (buffer, 0, (gsize) n * size);
      if (!write_all (output, buffer, (gsize) n * size, error))
        return FALSE;
      done += n;
      sp_job_add_done (self->job, (guint64) n * size);
    }
  return TRUE;
}

static gboolean
write_bins (SpConvert     *self,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(SpLayout) layout = _sp_layout_new (self->image);
  g_autoptr(GPtrArray) all_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK);
  g_autofree char *cue = NULL;
  gboolean split = self->format == SP_CONVERT_FORMAT_SPLIT;
  guint64 total = 0;

  for (guint i = 1; i < self->outputs->len; i++)
    {
      Output *output = g_ptr_array_index (self->outputs, i);
      g_autofree char *name = g_path_get_basename (output->path);

      _sp_layout_add_file (layout, output, name, SP_SOURCE_BINARY);
    }

  /* Lay out first, so the cue sheet's errors come before any writing. */
  for (guint t = 0; t < sp_image_get_n_tracks (self->image); t++)
    {
      SpTrack *track = sp_image_get_track (self->image, t);
      Output *output = g_ptr_array_index (self->outputs, split ? t + 1 : 1);
      GArray *parts = track_parts (track);

      for (guint p = 0; p < parts->len; p++)
        {
          const Part *part = &g_array_index (parts, Part, p);
          guint size = part_sector_size (track, part);

          if (part->kind == PART_BODY)
            {
              _sp_layout_add_piece (layout, t, output, output->planned, part->frames, size);
              output->planned += (guint64) part->frames * size;
              total += (guint64) part->frames * size;
            }
          else
            _sp_layout_add_piece (layout, t, NULL, 0, part->frames, size);
        }
      g_ptr_array_add (all_parts, parts);
    }

  cue = _sp_sheet_write_cue (layout, error);
  if (cue == NULL)
    return FALSE;
  sp_job_set_total (self->job, total);

  for (guint t = 0; t < sp_image_get_n_tracks (self->image); t++)
    {
      SpTrack *track = sp_image_get_track (self->image, t);
      Output *output = g_ptr_array_index (self->outputs, split ? t + 1 : 1);
      GArray *parts = g_ptr_array_index (all_parts, t);

      for (guint p = 0; p < parts->len; p++)
        {
          const Part *part = &g_array_index (parts, Part, p);
          gboolean ok;

          if (part->kind != PART_BODY)
            continue;
          if (part->extent->source)
            ok = write_stored (self, output, part->extent, part->skip, part->frames, buffer, cancellable, error);
          else
            ok = write_generated (self, output, track, part->extent->start + part->skip, part->frames,
                                  buffer, cancellable, error);
          if (!ok)
            return FALSE;
        }
    }

  return write_all (g_ptr_array_index (self->outputs, 0), (const guint8 *) cue, strlen (cue), error);
}

/* ---- CUE, TOC for the image's own files ---- */

static gboolean
write_sheet (SpConvert  *self,
             GError    **error)
{
  Output *output = g_ptr_array_index (self->outputs, 0);
  g_autofree char *folder = g_path_get_dirname (output->path);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  text = sp_image_write_sheet (self->image,
                               self->format == SP_CONVERT_FORMAT_CUE ? SP_SHEET_FORMAT_CUE : SP_SHEET_FORMAT_TOC,
                               folder, warnings, error);
  for (guint i = 0; i < warnings->len; i++)
    warn (self, "%s", (const char *) g_ptr_array_index (warnings, i));
  if (text == NULL)
    return FALSE;
  return write_all (output, (const guint8 *) text, strlen (text), error);
}

/* ---- Running ---- */

/**
 * sp_convert_run:
 *
 * Converts, blocking the calling thread. Fails with %G_IO_ERROR_EXISTS
 * when an output exists and overwriting was not allowed, with
 * %SP_IMAGE_ERROR_UNSUPPORTED when the format cannot express the image;
 * on any error or cancel no output is left.
 */
gboolean
sp_convert_run (SpConvert     *self,
                GCancellable  *cancellable,
                GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (SP_IS_CONVERT (self), FALSE);

  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->warnings, 0);
  g_mutex_unlock (&self->lock);
  self->n_form2 = 0;
  g_clear_pointer (&self->made_folder, g_free);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);

  self->outputs = plan_outputs (self, error);
  if (self->outputs == NULL)
    return FALSE;

  ok = open_outputs (self, error);
  if (ok)
    switch (self->format)
      {
      case SP_CONVERT_FORMAT_ISO:
        ok = write_iso (self, cancellable, error);
        break;
      case SP_CONVERT_FORMAT_WAVE:
      case SP_CONVERT_FORMAT_FLAC:
        ok = write_audio (self, cancellable, error);
        break;
      case SP_CONVERT_FORMAT_BIN:
      case SP_CONVERT_FORMAT_SPLIT:
        ok = write_bins (self, cancellable, error);
        break;
      case SP_CONVERT_FORMAT_CUE:
      case SP_CONVERT_FORMAT_TOC:
      default:
        ok = write_sheet (self, error);
        break;
      }

  if (ok)
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) && place_outputs (self, error);
  if (!ok)
    discard_outputs (self);
  g_clear_pointer (&self->made_folder, g_free);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (sp_convert_run (SP_CONVERT (source_object), cancellable, &error))
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
  SpConvert *self = SP_CONVERT (object);
  GError *error = NULL;

  sp_job_stop (self->job);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

/**
 * sp_convert_run_async:
 *
 * Runs sp_convert_run() in a worker thread; the job's properties refresh
 * on the calling thread's main context meanwhile.
 */
void
sp_convert_run_async (SpConvert           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (SP_IS_CONVERT (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, sp_convert_run_async);
  sp_job_start (self->job);
  inner = g_task_new (self, cancellable, run_done, outer);
  g_task_run_in_thread (inner, run_thread);
}

gboolean
sp_convert_run_finish (SpConvert     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ISO: sectors of the last run that were Form 2 (cut to 2048 bytes). */
guint64
sp_convert_get_n_form2_sectors (SpConvert *self)
{
  g_return_val_if_fail (SP_IS_CONVERT (self), 0);
  return self->n_form2;
}

/**
 * sp_convert_dup_warnings:
 *
 * Returns: (transfer full): what the last run did not write as the image
 *   has it, one line each
 */
char **
sp_convert_dup_warnings (SpConvert *self)
{
  char **copy;

  g_return_val_if_fail (SP_IS_CONVERT (self), NULL);
  g_mutex_lock (&self->lock);
  copy = g_new0 (char *, self->warnings->len + 1);
  for (guint i = 0; i < self->warnings->len; i++)
    copy[i] = g_strdup (g_ptr_array_index (self->warnings, i));
  g_mutex_unlock (&self->lock);
  return copy;
}

static const char *format_names[] = { "iso", "wav", "flac", "bin", "split", "cue", "toc" };

const char *
sp_convert_format_to_string (SpConvertFormat format)
{
  if ((guint) format < G_N_ELEMENTS (format_names))
    return format_names[format];
  return "?";
}

gboolean
sp_convert_format_from_string (const char      *text,
                               SpConvertFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        *format = (SpConvertFormat) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "wave") == 0)
    {
      *format = SP_CONVERT_FORMAT_WAVE;
      return TRUE;
    }
  return FALSE;
}
