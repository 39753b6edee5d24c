/* sp-track.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-core-enums.h"
#include "sp-track-private.h"

struct _SpTrack
{
  GObject parent_instance;

  guint number;
  guint session;
  SpTrackMode mode;
  guint sector_size;
  SpTrackFlags flags;
  char *isrc;
  SpCdText *cdtext;
  GHashTable *rem;
  guint line;

  GArray *extents;     /* SpExtent, in disc order */
  GArray *indices;     /* SpIndex; positions relative until placed, then absolute */

  gint64 first;        /* disc position of the first frame (pregap included) */
  gint64 start;        /* disc position of INDEX 01 */
  gint64 length;       /* INDEX 01 to the next track's first frame */
  gint64 span;         /* first frame to the next track's first frame */
  gint64 pregap;
  gint64 stored_pregap;
  gint64 postgap;

  gint64 address_offset; /* disc address minus image position (later sessions) */

  SpSource *source;    /* the file INDEX 01 is in */
  SpSource *source_hint;
  gint64 file_offset;  /* byte offset of INDEX 01 in it, or -1 */
};

G_DEFINE_FINAL_TYPE (SpTrack, sp_track, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_SESSION,
  PROP_MODE,
  PROP_SECTOR_SIZE,
  PROP_FLAGS,
  PROP_ISRC,
  PROP_CDTEXT,
  PROP_TITLE,
  PROP_PERFORMER,
  PROP_FIRST,
  PROP_START,
  PROP_LENGTH,
  PROP_PREGAP,
  PROP_POSTGAP,
  PROP_SOURCE,
  PROP_FILE_OFFSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_extent (gpointer data)
{
  SpExtent *extent = data;

  g_clear_object (&extent->source);
}

static void
sp_track_finalize (GObject *object)
{
  SpTrack *self = SP_TRACK (object);

  g_clear_pointer (&self->extents, g_array_unref);
  g_clear_pointer (&self->indices, g_array_unref);
  g_clear_pointer (&self->cdtext, sp_cdtext_unref);
  g_clear_pointer (&self->rem, g_hash_table_unref);
  g_clear_object (&self->source);
  g_clear_object (&self->source_hint);
  g_free (self->isrc);

  G_OBJECT_CLASS (sp_track_parent_class)->finalize (object);
}

static void
sp_track_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SpTrack *self = SP_TRACK (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_SESSION:
      g_value_set_uint (value, self->session);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_SECTOR_SIZE:
      g_value_set_uint (value, self->sector_size);
      break;
    case PROP_FLAGS:
      g_value_set_flags (value, self->flags);
      break;
    case PROP_ISRC:
      g_value_set_string (value, self->isrc);
      break;
    case PROP_CDTEXT:
      g_value_set_boxed (value, self->cdtext);
      break;
    case PROP_TITLE:
      g_value_set_string (value, sp_track_get_title (self));
      break;
    case PROP_PERFORMER:
      g_value_set_string (value, sp_track_get_performer (self));
      break;
    case PROP_FIRST:
      g_value_set_int64 (value, self->first);
      break;
    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;
    case PROP_LENGTH:
      g_value_set_int64 (value, self->length);
      break;
    case PROP_PREGAP:
      g_value_set_int64 (value, self->pregap);
      break;
    case PROP_POSTGAP:
      g_value_set_int64 (value, self->postgap);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_FILE_OFFSET:
      g_value_set_int64 (value, self->file_offset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_track_class_init (SpTrackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_track_finalize;
  object_class->get_property = sp_track_get_property;

  properties[PROP_NUMBER] = g_param_spec_uint ("number", NULL, NULL, 0, 99, 0, ro);
  properties[PROP_SESSION] = g_param_spec_uint ("session", NULL, NULL, 0, 99, 1, ro);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, SP_TYPE_TRACK_MODE, SP_TRACK_MODE_AUDIO, ro);
  properties[PROP_SECTOR_SIZE] =
    g_param_spec_uint ("sector-size", NULL, NULL, 0, G_MAXUINT, 2352, ro);
  properties[PROP_FLAGS] =
    g_param_spec_flags ("flags", NULL, NULL, SP_TYPE_TRACK_FLAGS, 0, ro);
  properties[PROP_ISRC] = g_param_spec_string ("isrc", NULL, NULL, NULL, ro);
  properties[PROP_CDTEXT] = g_param_spec_boxed ("cdtext", NULL, NULL, SP_TYPE_CDTEXT, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_PERFORMER] = g_param_spec_string ("performer", NULL, NULL, NULL, ro);
  properties[PROP_FIRST] =
    g_param_spec_int64 ("first", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_START] =
    g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_LENGTH] = g_param_spec_int64 ("length", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PREGAP] = g_param_spec_int64 ("pregap", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_POSTGAP] = g_param_spec_int64 ("postgap", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, SP_TYPE_SOURCE, ro);
  properties[PROP_FILE_OFFSET] =
    g_param_spec_int64 ("file-offset", NULL, NULL, -1, G_MAXINT64, -1, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_track_init (SpTrack *self)
{
  self->session = 1;
  self->extents = g_array_new (FALSE, TRUE, sizeof (SpExtent));
  g_array_set_clear_func (self->extents, clear_extent);
  self->indices = g_array_new (FALSE, TRUE, sizeof (SpIndex));
  self->cdtext = sp_cdtext_new ();
  self->rem = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->file_offset = -1;
}

SpTrack *
_sp_track_new (guint       number,
               SpTrackMode mode,
               guint       line)
{
  SpTrack *self = g_object_new (SP_TYPE_TRACK, NULL);

  self->number = number;
  self->mode = mode;
  self->sector_size = sp_track_mode_get_sector_size (mode);
  self->line = line;
  return self;
}

void
_sp_track_set_session (SpTrack *self,
                       guint    session)
{
  self->session = session;
}

void
_sp_track_set_mode (SpTrack     *self,
                    SpTrackMode  mode,
                    guint        sector_size)
{
  self->mode = mode;
  self->sector_size = sector_size;
}

void
_sp_track_set_flags (SpTrack      *self,
                     SpTrackFlags  flags)
{
  self->flags = flags;
}

void
_sp_track_set_isrc (SpTrack    *self,
                    const char *isrc)
{
  g_free (self->isrc);
  self->isrc = g_strdup (isrc);
}

void
_sp_track_set_rem (SpTrack    *self,
                   const char *key,
                   const char *value)
{
  g_hash_table_replace (self->rem, g_strdup (key), g_strdup (value));
}

void
_sp_track_set_postgap (SpTrack *self,
                       gint64   frames)
{
  self->postgap = frames;
}

void
_sp_track_add_extent (SpTrack  *self,
                      SpSource *source,
                      guint64   offset,
                      guint     sector_size,
                      gint64    frames,
                      gboolean  swap)
{
  SpExtent extent = { 0 };

  if (frames <= 0)
    return;

  /* Merge with the previous extent when this one simply continues it. */
  if (self->extents->len > 0)
    {
      SpExtent *last = &g_array_index (self->extents, SpExtent, self->extents->len - 1);

      if (last->source == source && last->sector_size == sector_size && last->swap == (guint) swap &&
          (source == NULL || last->offset + (guint64) last->length * sector_size == offset))
        {
          last->length += frames;
          return;
        }
    }

  extent.length = frames;
  extent.source = source ? g_object_ref (source) : NULL;
  extent.offset = offset;
  extent.sector_size = sector_size;
  extent.track = self;
  extent.swap = swap ? 1 : 0;
  g_array_append_val (self->extents, extent);
}

void
_sp_track_add_index (SpTrack *self,
                     guint    number,
                     gint64   relative)
{
  SpIndex index = { number, relative };

  g_array_append_val (self->indices, index);
}

gint64
_sp_track_get_total_frames (SpTrack *self)
{
  gint64 total = 0;

  for (guint i = 0; i < self->extents->len; i++)
    total += g_array_index (self->extents, SpExtent, i).length;
  return total;
}

/* Before placing: the relative position of index @number, or -1. */
gint64
_sp_track_get_index_relative (SpTrack *self,
                              guint    number)
{
  for (guint i = 0; i < self->indices->len; i++)
    {
      const SpIndex *index = &g_array_index (self->indices, SpIndex, i);

      if (index->number == number)
        return index->position;
    }
  return -1;
}

GArray *
_sp_track_get_extents (SpTrack *self)
{
  return self->extents;
}

static gint
compare_index (gconstpointer a,
               gconstpointer b)
{
  const SpIndex *ia = a, *ib = b;

  return (ia->number > ib->number) - (ia->number < ib->number);
}

/**
 * _sp_track_place:
 * @first: disc position of the track's first frame
 * @span: frames from @first to the next track's first frame (or the leadout)
 *
 * Turns relative index positions into disc positions and works out the
 * numbers a listing shows. The disc has an index 0 wherever a track has a
 * pregap, whether the sheet wrote INDEX 00 or PREGAP, so one is added.
 */
void
_sp_track_place (SpTrack *self,
                 gint64   first,
                 gint64   span)
{
  gint64 rel01 = _sp_track_get_index_relative (self, 1);
  gint64 pos = first;

  g_assert (rel01 >= 0);

  if (rel01 > 0 && _sp_track_get_index_relative (self, 0) < 0)
    _sp_track_add_index (self, 0, 0);
  g_array_sort (self->indices, compare_index);

  for (guint i = 0; i < self->indices->len; i++)
    g_array_index (self->indices, SpIndex, i).position += first;

  self->first = first;
  self->start = first + rel01;
  self->pregap = rel01;
  self->length = MAX (0, span - rel01);
  self->span = span;
  self->stored_pregap = 0;
  g_clear_object (&self->source);
  self->file_offset = -1;

  for (guint i = 0; i < self->extents->len; i++)
    {
      SpExtent *extent = &g_array_index (self->extents, SpExtent, i);
      gint64 rel = pos - first;

      extent->start = pos;

      /* How much of the pregap the files hold (INDEX 00 to 01 in a file). */
      if (extent->source && rel < rel01)
        self->stored_pregap += MIN (extent->length, rel01 - rel);

      /* The file INDEX 01 is in; if it falls in a generated gap, the first
       * file after it. */
      if (self->source == NULL && extent->source && rel + extent->length > rel01)
        {
          gint64 into = MAX (0, rel01 - rel);

          self->source = g_object_ref (extent->source);
          self->file_offset = (gint64) (extent->offset + (guint64) into * extent->sector_size);
        }

      pos += extent->length;
    }

  if (self->source == NULL && self->source_hint)
    self->source = g_object_ref (self->source_hint);
}

void
_sp_track_set_source_hint (SpTrack  *self,
                           SpSource *source)
{
  g_set_object (&self->source_hint, source);
}

guint
sp_track_get_number (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->number;
}

guint
sp_track_get_session (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->session;
}

SpTrackMode
sp_track_get_mode (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), SP_TRACK_MODE_AUDIO);
  return self->mode;
}

/**
 * sp_track_get_sector_size:
 *
 * Returns: bytes per sector in the track's file (2352 for raw sectors,
 *   2048 for an ISO, 2448 with subchannel data)
 */
guint
sp_track_get_sector_size (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->sector_size;
}

gboolean
sp_track_is_audio (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), FALSE);
  return sp_track_mode_is_audio (self->mode);
}

SpTrackFlags
sp_track_get_flags (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->flags;
}

const char *
sp_track_get_isrc (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), NULL);
  return self->isrc;
}

/**
 * sp_track_get_cdtext:
 *
 * Returns: (transfer none): the track's CD-TEXT, possibly empty
 */
SpCdText *
sp_track_get_cdtext (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), NULL);
  return self->cdtext;
}

const char *
sp_track_get_title (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), NULL);
  return sp_cdtext_get (self->cdtext, SP_CDTEXT_TITLE);
}

const char *
sp_track_get_performer (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), NULL);
  return sp_cdtext_get (self->cdtext, SP_CDTEXT_PERFORMER);
}

/**
 * sp_track_get_rem:
 *
 * Returns: (transfer none) (element-type utf8 utf8): the REM fields kept
 *   for this track (REPLAYGAIN_TRACK_GAIN, ...)
 */
GHashTable *
sp_track_get_rem (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), NULL);
  return self->rem;
}

/* The position of the track's first frame: its pregap's start. */
gint64
sp_track_get_first (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->first;
}

/* The position of INDEX 01, in frames from the start of the first file. */
gint64
sp_track_get_start (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->start;
}

/* Frames from INDEX 01 to the next track's first frame (or the leadout). */
gint64
sp_track_get_length (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->length;
}

gint64
sp_track_get_end (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->start + self->length;
}

/* Frames the track takes on the disc: from its first frame (the pregap
 * included) to the next track's first frame, or to the leadout. What a
 * burn writes and reads back of it. */
gint64
sp_track_get_span (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->span;
}

/* Frames before INDEX 01: generated (PREGAP) and stored (INDEX 00) alike. */
gint64
sp_track_get_pregap (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->pregap;
}

/* The part of the pregap that a file holds. */
gint64
sp_track_get_stored_pregap (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->stored_pregap;
}

gint64
sp_track_get_postgap (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->postgap;
}

guint
sp_track_get_n_indices (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->indices->len;
}

const SpIndex *
sp_track_get_index (SpTrack *self,
                    guint    i)
{
  g_return_val_if_fail (SP_IS_TRACK (self), NULL);
  g_return_val_if_fail (i < self->indices->len, NULL);
  return &g_array_index (self->indices, SpIndex, i);
}

void
_sp_track_set_address_offset (SpTrack *self,
                              gint64   offset)
{
  self->address_offset = offset;
}

/**
 * sp_track_get_address_offset:
 *
 * Images hold the sessions of a disc back to back, but on the disc each
 * session after the first starts after the previous one's lead-out and its
 * own lead-in: 11400 frames later for the second session, 6900 for each
 * further one (Red Book, Orange Book). Sector headers carry disc
 * addresses, so this is what to add to a position to get its address.
 *
 * Returns: frames to add to a position of this track to get its disc address
 */
gint64
sp_track_get_address_offset (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->address_offset;
}

/**
 * sp_track_get_source:
 *
 * Returns: (transfer none) (nullable): the file that holds INDEX 01
 */
SpSource *
sp_track_get_source (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), NULL);
  return self->source;
}

/* Byte offset of INDEX 01 in sp_track_get_source(), or -1. */
gint64
sp_track_get_file_offset (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), -1);
  return self->file_offset;
}

guint
sp_track_get_line (SpTrack *self)
{
  g_return_val_if_fail (SP_IS_TRACK (self), 0);
  return self->line;
}
