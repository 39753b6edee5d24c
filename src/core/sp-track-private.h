/* sp-track-private.h: how parsers build tracks
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-track.h"

G_BEGIN_DECLS

/* A run of consecutive frames of a track, all from one place: a file at a
 * byte offset with a fixed number of bytes per frame, or generated (a
 * PREGAP, POSTGAP, SILENCE or ZERO that no file holds). */
typedef struct
{
  gint64 start;          /* disc position of the first frame, set by the image */
  gint64 length;         /* in frames */
  SpSource *source;      /* NULL when generated */
  guint64 offset;        /* byte offset into the source's data */
  guint sector_size;     /* bytes per frame in the source */
  SpTrack *track;        /* not owned */
  guint swap : 1;        /* audio stored big-endian */
} SpExtent;

SpTrack  *_sp_track_new              (guint          number,
                                      SpTrackMode    mode,
                                      guint          line);
void      _sp_track_set_session      (SpTrack       *self,
                                      guint          session);
void      _sp_track_set_mode         (SpTrack       *self,
                                      SpTrackMode    mode,
                                      guint          sector_size);
void      _sp_track_set_flags        (SpTrack       *self,
                                      SpTrackFlags   flags);
void      _sp_track_set_isrc         (SpTrack       *self,
                                      const char    *isrc);
void      _sp_track_set_rem          (SpTrack       *self,
                                      const char    *key,
                                      const char    *value);
void      _sp_track_set_postgap      (SpTrack       *self,
                                      gint64         frames);

/* Appends frames to the track: from @source at @offset, or generated. */
void      _sp_track_add_extent       (SpTrack       *self,
                                      SpSource      *source,
                                      guint64        offset,
                                      guint          sector_size,
                                      gint64         frames,
                                      gboolean       swap);
/* @relative: frames from the track's first frame (its pregap included). */
void      _sp_track_add_index        (SpTrack       *self,
                                      guint          number,
                                      gint64         relative);

gint64    _sp_track_get_total_frames (SpTrack       *self);
gint64    _sp_track_get_index_relative (SpTrack     *self,
                                      guint          number);
GArray   *_sp_track_get_extents      (SpTrack       *self);

void      _sp_track_set_address_offset (SpTrack     *self,
                                      gint64         offset);

/* The file a track's INDEX 01 is in, for a track none of whose frames a
 * file holds (its file is missing or empty). */
void      _sp_track_set_source_hint  (SpTrack       *self,
                                      SpSource      *source);

/* Called by the image once every track is in place. */
void      _sp_track_place            (SpTrack       *self,
                                      gint64         first,
                                      gint64         length_to_next);

G_END_DECLS
