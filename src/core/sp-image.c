/* sp-image.c
 *
 * An image is built by one reader (cue, TOC, ISO, lone BIN), which adds
 * sources and tracks made of extents, then finished here: tracks are laid
 * end to end from position 0 (the first frame of the first file), which
 * gives every track and index its position and the disc its leadout.
 * After that the image never changes, so any thread may read it.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sp-core-enums.h"
#include "sp-error.h"
#include "sp-image-private.h"
#include "sp-probe.h"
#include "sp-sector.h"
#include "sp-text.h"

struct _SpImage
{
  GObject parent_instance;

  GFile *file;
  GFile *folder;
  char *sheet_name;
  SpImageFormat format;
  SpDiscType disc_type;
  gboolean disc_type_set;

  char *catalog;
  char *cdtext_file;
  SpCdText *cdtext;
  GHashTable *rem;

  GListStore *tracks;
  GListStore *sessions;
  GListStore *sources;
  GListStore *diagnostics;
  guint dropped_warnings;   /* beyond SP_IMAGE_MAX_DIAGNOSTICS */
  guint dropped_errors;

  /* Every track's extents in disc order, for O(log n) position lookups.
   * Points into the tracks' arrays, which no longer change once finished. */
  GPtrArray *extents;
  gint64 leadout;
};

G_DEFINE_FINAL_TYPE (SpImage, sp_image, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_DISPLAY_NAME,
  PROP_FORMAT,
  PROP_DISC_TYPE,
  PROP_CATALOG,
  PROP_CDTEXT,
  PROP_LEADOUT,
  PROP_TRACKS,
  PROP_SESSIONS,
  PROP_SOURCES,
  PROP_DIAGNOSTICS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_image_finalize (GObject *object)
{
  SpImage *self = SP_IMAGE (object);

  g_clear_pointer (&self->extents, g_ptr_array_unref);
  g_clear_object (&self->tracks);
  g_clear_object (&self->sessions);
  g_clear_object (&self->sources);
  g_clear_object (&self->diagnostics);
  g_clear_pointer (&self->cdtext, sp_cdtext_unref);
  g_clear_pointer (&self->rem, g_hash_table_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->folder);
  g_free (self->sheet_name);
  g_free (self->catalog);
  g_free (self->cdtext_file);

  G_OBJECT_CLASS (sp_image_parent_class)->finalize (object);
}

static void
sp_image_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SpImage *self = SP_IMAGE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->sheet_name);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_DISC_TYPE:
      g_value_set_enum (value, self->disc_type);
      break;
    case PROP_CATALOG:
      g_value_set_string (value, self->catalog);
      break;
    case PROP_CDTEXT:
      g_value_set_boxed (value, self->cdtext);
      break;
    case PROP_LEADOUT:
      g_value_set_int64 (value, self->leadout);
      break;
    case PROP_TRACKS:
      g_value_set_object (value, self->tracks);
      break;
    case PROP_SESSIONS:
      g_value_set_object (value, self->sessions);
      break;
    case PROP_SOURCES:
      g_value_set_object (value, self->sources);
      break;
    case PROP_DIAGNOSTICS:
      g_value_set_object (value, self->diagnostics);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_image_class_init (SpImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_image_finalize;
  object_class->get_property = sp_image_get_property;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, SP_TYPE_IMAGE_FORMAT, SP_IMAGE_FORMAT_CUE, ro);
  properties[PROP_DISC_TYPE] =
    g_param_spec_enum ("disc-type", NULL, NULL, SP_TYPE_DISC_TYPE, SP_DISC_TYPE_CD_DA, ro);
  properties[PROP_CATALOG] = g_param_spec_string ("catalog", NULL, NULL, NULL, ro);
  properties[PROP_CDTEXT] = g_param_spec_boxed ("cdtext", NULL, NULL, SP_TYPE_CDTEXT, ro);
  properties[PROP_LEADOUT] = g_param_spec_int64 ("leadout", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TRACKS] =
    g_param_spec_object ("tracks", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_SESSIONS] =
    g_param_spec_object ("sessions", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_SOURCES] =
    g_param_spec_object ("sources", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_DIAGNOSTICS] =
    g_param_spec_object ("diagnostics", NULL, NULL, G_TYPE_LIST_MODEL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_image_init (SpImage *self)
{
  self->tracks = g_list_store_new (SP_TYPE_TRACK);
  self->sessions = g_list_store_new (SP_TYPE_SESSION);
  self->sources = g_list_store_new (SP_TYPE_SOURCE);
  self->diagnostics = g_list_store_new (SP_TYPE_DIAGNOSTIC);
  self->cdtext = sp_cdtext_new ();
  self->rem = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->extents = g_ptr_array_new ();
}

SpImage *
_sp_image_new (GFile         *file,
               SpImageFormat  format)
{
  SpImage *self = g_object_new (SP_TYPE_IMAGE, NULL);

  self->file = g_object_ref (file);
  self->folder = g_file_get_parent (file);
  if (self->folder == NULL)
    self->folder = g_object_ref (file);
  self->sheet_name = g_file_get_basename (file);
  self->format = format;
  return self;
}

/* The name diagnostics give the image's own file: its base name, as the
 * user sees it in the file manager. */
const char *
_sp_image_get_sheet_name (SpImage *self)
{
  return self->sheet_name;
}

GFile *
_sp_image_get_folder (SpImage *self)
{
  return self->folder;
}

/* A message quotes what the sheet says, and a sheet line can be 1 MiB
 * long (a FILE name, an unknown keyword): a label of a megabyte is no use
 * to anyone and slow to lay out. Longer messages keep their start and end
 * (what is wrong is said after the quote) around an ellipsis. */
static char *
bound_message (char *message)
{
  gsize length;
  const char *head_end, *tail_start;
  char *bounded;

  /* What is quoted may be any bytes (a TOC string's octal escapes, a sheet
   * in no known encoding): a message is UTF-8 whatever it quotes, as GLib
   * and GTK require of every string they show. */
  if (!g_utf8_validate (message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (message, -1);

      g_free (message);
      message = valid;
    }
  length = strlen (message);

  if (length <= SP_IMAGE_MAX_MESSAGE)
    return message;
  head_end = g_utf8_find_prev_char (message, message + SP_IMAGE_MAX_MESSAGE * 2 / 3 + 1);
  tail_start = g_utf8_find_next_char (message + length - SP_IMAGE_MAX_MESSAGE / 3 - 1, NULL);
  if (head_end == NULL || tail_start == NULL)
    return message;
  bounded = g_strdup_printf ("%.*s…%s", (int) (head_end - message), message, tail_start);
  g_free (message);
  return bounded;
}

static void
add_diagnostic_valist (SpImage    *self,
                       SpSeverity  severity,
                       const char *file,
                       guint       line,
                       const char *format,
                       va_list     args)
{
  g_autofree char *message = NULL;
  g_autoptr(SpDiagnostic) diagnostic = NULL;

  /* A hostile sheet of 1 MiB can hold 200 000 tolerated mistakes (an
   * unknown FLAGS word repeated): listing each took 290 MB and most of a
   * second. Past the bound they are only counted (see _sp_image_finish()). */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->diagnostics)) >= SP_IMAGE_MAX_DIAGNOSTICS)
    {
      if (severity == SP_SEVERITY_ERROR)
        self->dropped_errors++;
      else
        self->dropped_warnings++;
      return;
    }

  message = bound_message (g_strdup_vprintf (format, args));
  diagnostic = sp_diagnostic_new (severity, file, line, message);
  g_list_store_append (self->diagnostics, diagnostic);
}

void
_sp_image_add_diagnostic (SpImage    *self,
                          SpSeverity  severity,
                          const char *file,
                          guint       line,
                          const char *format,
                          ...)
{
  va_list args;

  va_start (args, format);
  add_diagnostic_valist (self, severity, file, line, format, args);
  va_end (args);
}

void
_sp_image_warn (SpImage    *self,
                guint       line,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  add_diagnostic_valist (self, SP_SEVERITY_WARNING, self->sheet_name, line, format, args);
  va_end (args);
}

void
_sp_image_error (SpImage    *self,
                 guint       line,
                 const char *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  add_diagnostic_valist (self, SP_SEVERITY_ERROR, self->sheet_name, line, format, args);
  va_end (args);
}

/**
 * _sp_image_fail:
 *
 * Sets @error for a problem that stops the image from opening, with the
 * message "SHEET:LINE: message", and returns %FALSE for the caller to
 * return.
 */
gboolean
_sp_image_fail (SpImage    *self,
                GError    **error,
                guint       line,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = bound_message (g_strdup_vprintf (format, args));
  va_end (args);

  if (line > 0)
    g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_PARSE, "%s:%u: %s",
                 self->sheet_name, line, message);
  else
    g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_PARSE, "%s: %s",
                 self->sheet_name, message);
  return FALSE;
}

void
_sp_image_set_catalog (SpImage    *self,
                       const char *catalog)
{
  g_free (self->catalog);
  self->catalog = g_strdup (catalog);
}

void
_sp_image_set_rem (SpImage    *self,
                   const char *key,
                   const char *value)
{
  g_hash_table_replace (self->rem, g_strdup (key), g_strdup (value));
}

void
_sp_image_set_cdtext_file (SpImage    *self,
                           const char *name)
{
  g_free (self->cdtext_file);
  self->cdtext_file = g_strdup (name);
}

void
_sp_image_set_disc_type (SpImage    *self,
                         SpDiscType  type)
{
  self->disc_type = type;
  self->disc_type_set = TRUE;
}

void
_sp_image_add_source (SpImage  *self,
                      SpSource *source)
{
  g_list_store_append (self->sources, source);
}

void
_sp_image_add_track (SpImage *self,
                     SpTrack *track)
{
  g_list_store_append (self->tracks, track);
}

static SpDiscType
guess_disc_type (SpImage *self)
{
  gboolean mode1 = FALSE, mode2 = FALSE, cdi = FALSE;

  for (guint i = 0; i < sp_image_get_n_tracks (self); i++)
    {
      SpTrackMode mode = sp_track_get_mode (sp_image_get_track (self, i));

      if (mode == SP_TRACK_MODE_CDI_2336 || mode == SP_TRACK_MODE_CDI_2352)
        cdi = TRUE;
      else if (sp_track_mode_get_sector_mode (mode) == 2)
        mode2 = TRUE;
      else if (sp_track_mode_get_sector_mode (mode) == 1)
        mode1 = TRUE;
    }

  if (cdi)
    return SP_DISC_TYPE_CD_I;
  if (mode2)
    return SP_DISC_TYPE_CD_ROM_XA;
  if (mode1)
    return SP_DISC_TYPE_CD_ROM;
  return SP_DISC_TYPE_CD_DA;
}

/* The user data of the stored sector at @relative frames into @track, read
 * straight from its file (the image is not laid out yet). */
static gboolean
read_user_data (SpTrack *track,
                gint64   relative,
                guint8   data[2048])
{
  GArray *extents = _sp_track_get_extents (track);
  gint64 rel = 0;

  for (guint i = 0; i < extents->len; i++)
    {
      const SpExtent *extent = &g_array_index (extents, SpExtent, i);
      guint8 raw[SP_RAW_SECTOR_SIZE];
      guint skip;

      if (relative >= rel + extent->length)
        {
          rel += extent->length;
          continue;
        }
      if (extent->source == NULL || extent->sector_size < 2048)
        return FALSE;

      if (sp_source_read (extent->source, extent->offset + (guint64) (relative - rel) * extent->sector_size,
                          raw, MIN (extent->sector_size, (guint) sizeof raw), NULL) < 2048)
        return FALSE;

      switch (extent->sector_size)
        {
        case 2048: skip = 0; break;
        case 2336: skip = 8; break;
        default:   skip = raw[15] == 2 ? 24 : 16; break;
        }
      if (skip + 2048 > extent->sector_size)
        return FALSE;
      memcpy (data, raw + skip, 2048);
      return TRUE;
    }
  return FALSE;
}

/* A file cut short loses the end of its last track, and a sheet cannot say
 * how long that track was. An ISO 9660 file system can: its primary volume
 * descriptor (sector 16) gives the volume's size in sectors. When a data
 * track's file ends before that, the track is extended to the size the file
 * system says, so that the lost sectors are reported missing. */
static void
check_filesystem_size (SpImage *self,
                       SpTrack *track)
{
  GArray *extents = _sp_track_get_extents (track);
  SpExtent *last = NULL;
  gint64 rel01 = _sp_track_get_index_relative (track, 1);
  gint64 have = 0, missing;
  guint8 pvd[2048];
  guint32 volume;

  if (sp_track_is_audio (track) || rel01 < 0)
    return;
  if (!read_user_data (track, rel01 + 16, pvd) || pvd[0] != 1 || memcmp (pvd + 1, "CD001", 5) != 0)
    return;
  volume = GUINT32_FROM_LE (*(guint32 *) (pvd + 80));

  for (guint i = 0; i < extents->len; i++)
    {
      SpExtent *extent = &g_array_index (extents, SpExtent, i);

      if (extent->source)
        last = extent;
    }
  if (last == NULL || sp_source_get_status (last->source) != SP_SOURCE_STATUS_OK)
    return;

  /* Only when this track's data runs to the end of its file. */
  if (last->offset + (guint64) last->length * last->sector_size + last->sector_size <= sp_source_get_data_size (last->source))
    return;

  /* Stored sectors from INDEX 01 (where the file system starts) on. */
  {
    gint64 rel = 0;

    for (guint i = 0; i < extents->len; i++)
      {
        SpExtent *extent = &g_array_index (extents, SpExtent, i);

        if (extent->source)
          have += MAX (0, rel + extent->length - MAX (rel, rel01));
        rel += extent->length;
        if (extent == last)
          break;
      }
  }
  missing = (gint64) volume - have;
  if (missing <= 0)
    return;

  _sp_image_add_diagnostic (self, SP_SEVERITY_ERROR, sp_source_get_display_name (last->source), 0,
                            "track %02u's ISO 9660 file system spans %u sectors, but the file holds %" G_GINT64_FORMAT
                            " of them: it is truncated, %" G_GINT64_FORMAT " sectors are missing",
                            sp_track_get_number (track), volume, have, missing);
  last->length += missing;
}

/**
 * _sp_image_finish:
 *
 * Lays the tracks out and checks what only the whole disc shows.
 */
gboolean
_sp_image_finish (SpImage  *self,
                  GError  **error)
{
  guint n_tracks = sp_image_get_n_tracks (self);
  g_autoptr(SpSession) session = NULL;
  gint64 pos = 0;
  gint64 address_offset = 0;

  if (n_tracks == 0)
    return _sp_image_fail (self, error, 0, "there is no track in it");

  for (guint i = 0; i < n_tracks; i++)
    check_filesystem_size (self, sp_image_get_track (self, i));

  for (guint i = 0; i < n_tracks; i++)
    {
      SpTrack *track = sp_image_get_track (self, i);
      gint64 span = _sp_track_get_total_frames (track);
      GArray *extents;

      _sp_track_place (track, pos, span);
      pos += span;

      extents = _sp_track_get_extents (track);
      for (guint j = 0; j < extents->len; j++)
        g_ptr_array_add (self->extents, &g_array_index (extents, SpExtent, j));

      if (session == NULL || sp_session_get_number (session) != sp_track_get_session (track))
        {
          /* Lead-out, lead-in and first pregap between sessions on disc. */
          if (session != NULL)
            address_offset += g_list_model_get_n_items (G_LIST_MODEL (self->sessions)) == 1 ? 11400 : 6900;
          g_clear_object (&session);
          session = sp_session_new (sp_track_get_session (track));
          g_list_store_append (self->sessions, session);
        }
      sp_session_add_track (session, track);
      _sp_track_set_address_offset (track, address_offset);
    }
  self->leadout = pos;

  if (!self->disc_type_set)
    self->disc_type = guess_disc_type (self);

  if (self->dropped_errors + self->dropped_warnings > 0)
    {
      g_autofree char *message =
        g_strdup_printf ("%u more problems are not listed (%u errors, %u warnings)",
                         self->dropped_errors + self->dropped_warnings,
                         self->dropped_errors, self->dropped_warnings);
      g_autoptr(SpDiagnostic) diagnostic =
        sp_diagnostic_new (self->dropped_errors ? SP_SEVERITY_ERROR : SP_SEVERITY_WARNING,
                           self->sheet_name, 0, message);

      g_list_store_append (self->diagnostics, diagnostic);
    }

  return TRUE;
}

static gboolean
read_sheet_bytes (GFile         *file,
                  goffset        size,
                  const char    *kind,
                  char         **contents,
                  gsize         *length,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *size_text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (size > SP_SHEET_MAX_SIZE)
    {
      size_text = g_format_size ((guint64) size);
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_TOO_LARGE,
                   "%s: %s is too large for a %s (at most 1 MiB)", name, size_text, kind);
      return FALSE;
    }

  if (!g_file_load_contents (file, cancellable, contents, length, NULL, &local_error))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_IO, "%s: %s", name, local_error->message);
      return FALSE;
    }
  /* The file may have grown since we looked at its size. */
  if (*length > SP_SHEET_MAX_SIZE)
    {
      g_clear_pointer (contents, g_free);
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_TOO_LARGE,
                   "%s: too large for a %s (at most 1 MiB)", name, kind);
      return FALSE;
    }
  return TRUE;
}

/**
 * _sp_image_load_sheet:
 * @self: a new image of format %SP_IMAGE_FORMAT_CUE or %SP_IMAGE_FORMAT_TOC
 * @contents: the bytes of the sheet, as read from @self's file
 *
 * Decodes the text of a cue sheet or TOC file and reads it into @self
 * (which still has to be finished). Everything the sheet says comes in
 * through here and not through the file: sp_image_open() calls it after
 * reading the file, and the fuzz targets call it with bytes from memory.
 * The files the sheet names are still looked up beside @self's file.
 */
gboolean
_sp_image_load_sheet (SpImage       *self,
                      const guint8  *contents,
                      gsize          length,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *encoding = NULL;
  gsize text_length = 0;

  g_return_val_if_fail (self->format == SP_IMAGE_FORMAT_CUE || self->format == SP_IMAGE_FORMAT_TOC, FALSE);

  if (!sp_text_decode (contents, length, &text, &text_length, &encoding, &local_error))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_PARSE, "%s:%s", self->sheet_name,
                   local_error->message);
      return FALSE;
    }

  if (encoding != NULL)
    _sp_image_warn (self, 0, "the sheet is not UTF-8; it was read as %s", encoding);

  if (self->format == SP_IMAGE_FORMAT_CUE)
    return _sp_cue_load (self, text, text_length, cancellable, error);
  return _sp_toc_load (self, text, text_length, cancellable, error);
}

/**
 * sp_image_open:
 * @file: a cue sheet, cdrdao TOC file, ISO image or lone BIN
 *
 * Reads the sheet, finds the files it names and lays the disc out. No
 * sector data is read beyond a few headers, so opening takes the same time
 * for any size of image. Problems that still let the image open are in
 * sp_image_get_diagnostics(); those that do not are in @error, whose
 * message names the file (and line).
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
SpImage *
sp_image_open (GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SpImage) self = NULL;
  g_autofree char *name = NULL;
  g_autofree guint8 *head = NULL;
  gsize head_length = 0;
  SpImageFormat format;
  goffset size;
  gboolean ok = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, SP_IMAGE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? SP_IMAGE_ERROR_NOT_FOUND : SP_IMAGE_ERROR_IO,
                   "%s: %s", name, local_error->message);
      return NULL;
    }

  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_REGULAR:
      break;
    case G_FILE_TYPE_DIRECTORY:
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "%s: it is a folder, not a disc image", name);
      return NULL;
    case G_FILE_TYPE_SYMBOLIC_LINK:
      /* Left as a link after following it: a loop, or a missing target. */
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_NOT_FOUND,
                   "%s: it is a symbolic link that leads nowhere (a loop, or its target is missing)", name);
      return NULL;
    default:
      /* FIFOs, devices (/dev/zero) and sockets would block or never end. */
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "%s: it is not a regular file", name);
      return NULL;
    }

  size = g_file_info_get_size (info);
  if (size == 0)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "%s: the file is empty", name);
      return NULL;
    }

  if (!sp_probe_read_head (file, &head, &head_length, cancellable, &local_error))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_IO, "%s: %s", name, local_error->message);
      return NULL;
    }

  if (!sp_probe_format (name, head, head_length, (guint64) size, &format))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "%s: not a disc image Spindle can read (a cue sheet, cdrdao TOC file, "
                   "ISO image or BIN file)", name);
      return NULL;
    }

  self = _sp_image_new (file, format);

  switch (format)
    {
    case SP_IMAGE_FORMAT_CUE:
    case SP_IMAGE_FORMAT_TOC:
      {
        g_autofree char *contents = NULL;
        gsize length = 0;

        if (!read_sheet_bytes (file, size, format == SP_IMAGE_FORMAT_CUE ? "cue sheet" : "TOC file",
                               &contents, &length, cancellable, error))
          return NULL;

        ok = _sp_image_load_sheet (self, (const guint8 *) contents, length, cancellable, error);
      }
      break;

    case SP_IMAGE_FORMAT_ISO:
      ok = _sp_probe_load_iso (self, error);
      break;

    case SP_IMAGE_FORMAT_BIN:
      ok = _sp_probe_load_bin (self, error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok || !_sp_image_finish (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  SpImage *image = sp_image_open (task_data, cancellable, &error);

  if (image)
    g_task_return_pointer (task, image, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * sp_image_open_async:
 *
 * Opens @file in a worker thread: a sheet on a slow network share must not
 * freeze a window.
 */
void
sp_image_open_async (GFile               *file,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_image_open_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, open_thread);
}

SpImage *
sp_image_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
sp_image_get_file (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return self->file;
}

const char *
sp_image_get_display_name (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return self->sheet_name;
}

SpImageFormat
sp_image_get_format (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), SP_IMAGE_FORMAT_CUE);
  return self->format;
}

SpDiscType
sp_image_get_disc_type (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), SP_DISC_TYPE_CD_DA);
  return self->disc_type;
}

/* The Media Catalog Number (UPC/EAN, 13 digits), or %NULL. */
const char *
sp_image_get_catalog (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return self->catalog;
}

/**
 * sp_image_get_cdtext:
 *
 * Returns: (transfer none): the disc's CD-TEXT, possibly empty
 */
SpCdText *
sp_image_get_cdtext (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return self->cdtext;
}

/**
 * sp_image_get_rem:
 *
 * Returns: (transfer none) (element-type utf8 utf8): REM fields the sheet
 *   carries at disc level (GENRE, DATE, DISCID, COMMENT, REPLAYGAIN_ALBUM_*)
 */
GHashTable *
sp_image_get_rem (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return self->rem;
}

const char *
sp_image_get_cdtext_file (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return self->cdtext_file;
}

/**
 * sp_image_get_tracks:
 *
 * Returns: (transfer none): the #SpTrack list of the whole disc
 */
GListModel *
sp_image_get_tracks (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return G_LIST_MODEL (self->tracks);
}

guint
sp_image_get_n_tracks (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->tracks));
}

/**
 * sp_image_get_track:
 * @i: 0-based position in the track list (not the track number)
 *
 * Returns: (transfer none): the track
 */
SpTrack *
sp_image_get_track (SpImage *self,
                    guint    i)
{
  SpTrack *track;

  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);

  /* The store holds a reference for as long as the image lives. */
  track = g_list_model_get_item (G_LIST_MODEL (self->tracks), i);
  if (track)
    g_object_unref (track);
  return track;
}

/**
 * sp_image_find_track:
 * @position: a disc position in frames
 *
 * Returns: (transfer none) (nullable): the track whose frames (pregap
 *   included) hold @position
 */
SpTrack *
sp_image_find_track (SpImage *self,
                     gint64   position)
{
  guint lo = 0, hi;

  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);

  hi = sp_image_get_n_tracks (self);
  if (position < 0 || position >= self->leadout)
    return NULL;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (sp_track_get_first (sp_image_get_track (self, mid)) <= position)
        lo = mid;
      else
        hi = mid;
    }
  return sp_image_get_track (self, lo);
}

GListModel *
sp_image_get_sessions (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return G_LIST_MODEL (self->sessions);
}

/**
 * sp_image_get_sources:
 *
 * Returns: (transfer none): the #SpSource list, one per file the image uses
 */
GListModel *
sp_image_get_sources (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return G_LIST_MODEL (self->sources);
}

/* Is @file the file @target describes (the same inode, whatever the path)? */
static gboolean
same_file (GFile          *file,
           const GStatBuf *target)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  GStatBuf st;

  return path && g_stat (path, &st) == 0 && st.st_dev == target->st_dev && st.st_ino == target->st_ino;
}

/**
 * sp_image_uses_file:
 * @path: a file that may exist
 *
 * Whether @path is the image's sheet or one of the files it reads, by
 * inode (links and other spellings of the path included): what writes a
 * file asks first, so that the image is never written over.
 *
 * Returns: %TRUE if writing @path would change the image
 */
gboolean
sp_image_uses_file (SpImage    *self,
                    const char *path)
{
  GStatBuf target;

  g_return_val_if_fail (SP_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &target) != 0)
    return FALSE;
  if (same_file (self->file, &target))
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sources)); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (same_file (sp_source_get_file (source), &target))
        return TRUE;
    }
  return FALSE;
}

/**
 * sp_image_get_diagnostics:
 *
 * Returns: (transfer none): the #SpDiagnostic list: all that was tolerated
 */
GListModel *
sp_image_get_diagnostics (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), NULL);
  return G_LIST_MODEL (self->diagnostics);
}

guint
sp_image_count_diagnostics (SpImage    *self,
                            SpSeverity  severity)
{
  GListModel *model;
  guint count = 0;

  g_return_val_if_fail (SP_IS_IMAGE (self), 0);

  model = G_LIST_MODEL (self->diagnostics);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpDiagnostic) diagnostic = g_list_model_get_item (model, i);

      if (sp_diagnostic_get_severity (diagnostic) == severity)
        count++;
    }
  return count;
}

/* The end of the last track, in frames from the start of the first file. */
gint64
sp_image_get_leadout (SpImage *self)
{
  g_return_val_if_fail (SP_IS_IMAGE (self), 0);
  return self->leadout;
}

/* Bytes the image's files take on disk. */
guint64
sp_image_get_stored_size (SpImage *self)
{
  GListModel *model;
  guint64 total = 0;

  g_return_val_if_fail (SP_IS_IMAGE (self), 0);

  model = G_LIST_MODEL (self->sources);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (model, i);

      total += sp_source_get_file_size (source);
    }
  return total;
}

GPtrArray *
_sp_image_get_extents (SpImage *self)
{
  return self->extents;
}

/* The index of the extent holding @position (which must be on the disc). */
guint
_sp_image_find_extent (SpImage *self,
                       gint64   position)
{
  guint lo = 0, hi = self->extents->len;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      const SpExtent *extent = g_ptr_array_index (self->extents, mid);

      if (extent->start <= position)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/**
 * sp_image_get_address:
 *
 * Returns: the disc address (LBA) of @position: the same but in a later
 *   session, which the disc places after lead-out and lead-in areas
 */
gint64
sp_image_get_address (SpImage *self,
                      gint64   position)
{
  SpTrack *track = sp_image_find_track (self, position);

  return position + (track ? sp_track_get_address_offset (track) : 0);
}

static gboolean
missing_error (GError       **error,
               gint64         position,
               const SpExtent *extent)
{
  if (extent->source && sp_source_get_status (extent->source) != SP_SOURCE_STATUS_OK)
    g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA,
                 "sector %" G_GINT64_FORMAT " is in “%s”, which is %s", position,
                 sp_source_get_display_name (extent->source),
                 sp_source_get_status (extent->source) == SP_SOURCE_STATUS_MISSING ? "missing" : "unreadable");
  else
    g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA,
                 "sector %" G_GINT64_FORMAT " is not in “%s”: the file ends before it", position,
                 extent->source ? sp_source_get_display_name (extent->source) : "?");
  return FALSE;
}

/* Builds @count 2352-byte sectors in @out from @count stored sectors of
 * @sector_size bytes that sit at the end of the same buffer. */
static void
expand_sectors (guint8      *out,
                guint        count,
                guint        stored_size,
                SpTrackMode  mode,
                gint64       address)
{
  guint8 *stored = out + (gsize) count * SP_RAW_SECTOR_SIZE - (gsize) count * stored_size;

  for (guint i = 0; i < count; i++)
    {
      guint8 *raw = out + (gsize) i * SP_RAW_SECTOR_SIZE;
      const guint8 *data = stored + (gsize) i * stored_size;

      switch (mode)
        {
        case SP_TRACK_MODE_MODE1_2048:
          sp_sector_encode_mode1 (raw, address + i, data);
          break;
        case SP_TRACK_MODE_MODE2_2048:
          sp_sector_encode_form1 (raw, address + i, NULL, data);
          break;
        case SP_TRACK_MODE_MODE2_2324:
          sp_sector_encode_form2 (raw, address + i, NULL, data);
          break;
        case SP_TRACK_MODE_MODE2_2336:
        case SP_TRACK_MODE_CDI_2336:
          sp_sector_encode_mode2_2336 (raw, address + i, data);
          break;
        default:
          /* Raw sectors with subchannel: drop the 96 bytes after each. */
          memmove (raw, data, SP_RAW_SECTOR_SIZE);
          break;
        }
    }
}

static gboolean
read_extent (SpImage        *self,
             const SpExtent *extent,
             gint64          position,
             guint           count,
             guint8         *out,
             guint          *n_read,
             GError        **error)
{
  SpTrack *track = extent->track;
  SpTrackMode mode = sp_track_get_mode (track);
  gint64 address = position + sp_track_get_address_offset (track);
  guint64 offset = extent->offset + (guint64) (position - extent->start) * extent->sector_size;
  gsize want = (gsize) count * extent->sector_size;
  guint8 *dest;
  gssize got;
  guint whole;

  *n_read = 0;

  if (extent->source == NULL)
    {
      for (guint i = 0; i < count; i++)
        {
          guint8 *raw = out + (gsize) i * SP_RAW_SECTOR_SIZE;

          if (sp_track_mode_is_audio (mode))
            memset (raw, 0, SP_RAW_SECTOR_SIZE);
          else
            sp_sector_encode_empty (raw, address + i, sp_track_mode_get_sector_mode (mode));
        }
      *n_read = count;
      return TRUE;
    }

  /* Stored sectors go at the end of the output and are expanded forward;
   * a sector stored bigger than 2352 (with subchannel) cannot share the
   * buffer, so those are read one by one. */
  if (extent->sector_size > SP_RAW_SECTOR_SIZE)
    {
      for (guint i = 0; i < count; i++)
        {
          got = sp_source_read (extent->source, offset + (guint64) i * extent->sector_size,
                                out + (gsize) i * SP_RAW_SECTOR_SIZE, SP_RAW_SECTOR_SIZE, error);
          if (got < 0)
            return FALSE;
          if (got < SP_RAW_SECTOR_SIZE)
            {
              /* An audio file's last frame is padded with silence. */
              if (sp_source_is_audio_file (extent->source) && got > 0)
                memset (out + (gsize) i * SP_RAW_SECTOR_SIZE + got, 0, SP_RAW_SECTOR_SIZE - (gsize) got);
              else
                return missing_error (error, position + i, extent);
            }
          *n_read = i + 1;
        }
      return TRUE;
    }

  dest = out + (gsize) count * SP_RAW_SECTOR_SIZE - want;
  got = sp_source_read (extent->source, offset, dest, want, error);
  if (got < 0)
    return FALSE;

  whole = (guint) ((gsize) got / extent->sector_size);
  if ((gsize) got < want && (gsize) got % extent->sector_size != 0 &&
      (sp_source_is_audio_file (extent->source) || sp_track_mode_is_audio (mode)))
    {
      /* The partial last frame of an audio file is padded with silence. */
      memset (dest + got, 0, extent->sector_size - (gsize) got % extent->sector_size);
      whole++;
    }

  if (whole < count)
    {
      /* Move what we have so that expansion finds it where it expects. */
      gsize have = (gsize) whole * extent->sector_size;
      guint8 *short_dest = out + (gsize) whole * SP_RAW_SECTOR_SIZE - have;

      memmove (short_dest, dest, have);
      dest = short_dest;
    }

  if (extent->sector_size != SP_RAW_SECTOR_SIZE)
    expand_sectors (out, whole, extent->sector_size, mode, address);

  if (extent->swap)
    {
      for (gsize i = 0; i + 1 < (gsize) whole * SP_RAW_SECTOR_SIZE; i += 2)
        {
          guint8 t = out[i];
          out[i] = out[i + 1];
          out[i + 1] = t;
        }
    }

  *n_read = whole;
  if (whole < count)
    return missing_error (error, position + whole, extent);
  return TRUE;
}

/**
 * sp_image_read_sectors:
 * @position: the first sector, in frames from the start of the first file
 * @count: how many sectors
 * @buffer: room for @count × 2352 bytes
 * @n_read: (out) (optional): how many sectors were read, all of them
 *   unless an error stopped the read
 *
 * Reads raw 2352-byte sectors for any position of the disc: sectors stored
 * raw come as they are (MOTOROLA audio byte-swapped, WAVE data without its
 * header), user-data-only sectors (2048, 2324, 2336 bytes) are given their
 * sync, header, EDC and ECC as a drive would write them, and what no file
 * holds (PREGAP, POSTGAP, ZERO, SILENCE) is synthesized: silence for audio,
 * empty data sectors with the right header for data tracks.
 *
 * Returns: %TRUE if all @count sectors were read; %FALSE with
 *   %SP_IMAGE_ERROR_MISSING_DATA when a sector is not in its file (the
 *   sectors before it are in @buffer), or another error
 */
gboolean
sp_image_read_sectors (SpImage  *self,
                       gint64    position,
                       guint     count,
                       guint8   *buffer,
                       guint    *n_read,
                       GError  **error)
{
  guint done = 0;
  guint i;

  g_return_val_if_fail (SP_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (buffer != NULL || count == 0, FALSE);

  if (n_read)
    *n_read = 0;
  if (count == 0)
    return TRUE;
  if (position < 0 || position + count > self->leadout)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_OUT_OF_RANGE,
                   "sectors %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " are outside the disc (0–%" G_GINT64_FORMAT ")",
                   position, position + count - 1, self->leadout - 1);
      return FALSE;
    }

  i = _sp_image_find_extent (self, position);
  while (done < count)
    {
      const SpExtent *extent = g_ptr_array_index (self->extents, i);
      gint64 pos = position + done;
      guint n = (guint) MIN ((gint64) (count - done), extent->start + extent->length - pos);
      guint got = 0;
      gboolean ok;

      ok = read_extent (self, extent, pos, n, buffer + (gsize) done * SP_RAW_SECTOR_SIZE, &got, error);
      done += got;
      if (n_read)
        *n_read = done;
      if (!ok)
        return FALSE;
      i++;
    }
  return TRUE;
}

/* Whether the image stores subchannel data for @position (2448-byte sectors). */
gboolean
sp_image_has_subchannel (SpImage *self,
                         gint64   position)
{
  const SpExtent *extent;

  g_return_val_if_fail (SP_IS_IMAGE (self), FALSE);
  if (position < 0 || position >= self->leadout)
    return FALSE;
  extent = g_ptr_array_index (self->extents, _sp_image_find_extent (self, position));
  return extent->source != NULL && extent->sector_size == SP_RAW_SECTOR_SIZE + SP_SUBCHANNEL_SIZE;
}

/**
 * sp_image_read_subchannel:
 * @pw: the 96 bytes of raw P-W subchannel stored after the sector
 */
gboolean
sp_image_read_subchannel (SpImage  *self,
                          gint64    position,
                          guint8    pw[96],
                          GError  **error)
{
  const SpExtent *extent;
  gssize got;

  g_return_val_if_fail (SP_IS_IMAGE (self), FALSE);

  if (!sp_image_has_subchannel (self, position))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "the image holds no subchannel data for sector %" G_GINT64_FORMAT, position);
      return FALSE;
    }
  extent = g_ptr_array_index (self->extents, _sp_image_find_extent (self, position));
  got = sp_source_read (extent->source,
                        extent->offset + (guint64) (position - extent->start) * extent->sector_size + SP_RAW_SECTOR_SIZE,
                        pw, SP_SUBCHANNEL_SIZE, error);
  if (got < 0)
    return FALSE;
  if (got < SP_SUBCHANNEL_SIZE)
    return missing_error (error, position, extent);
  return TRUE;
}

const char *
sp_image_format_to_string (SpImageFormat format)
{
  switch (format)
    {
    case SP_IMAGE_FORMAT_CUE: return "cue";
    case SP_IMAGE_FORMAT_ISO: return "iso";
    case SP_IMAGE_FORMAT_BIN: return "bin";
    case SP_IMAGE_FORMAT_TOC: return "toc";
    default:                  return "?";
    }
}

const char *
sp_disc_type_to_string (SpDiscType type)
{
  switch (type)
    {
    case SP_DISC_TYPE_CD_DA:     return "CD_DA";
    case SP_DISC_TYPE_CD_ROM:    return "CD_ROM";
    case SP_DISC_TYPE_CD_ROM_XA: return "CD_ROM_XA";
    case SP_DISC_TYPE_CD_I:      return "CD_I";
    default:                     return "?";
    }
}
