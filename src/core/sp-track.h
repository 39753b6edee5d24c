/* sp-track.h: one track of a disc image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sp-cdtext.h"
#include "sp-source.h"
#include "sp-track-mode.h"

G_BEGIN_DECLS

/* An index point: its number (0-99) and its position in frames, with the
 * same origin as the track's start. */
typedef struct
{
  guint number;
  gint64 position;
} SpIndex;

#define SP_TYPE_TRACK (sp_track_get_type ())

G_DECLARE_FINAL_TYPE (SpTrack, sp_track, SP, TRACK, GObject)

guint          sp_track_get_number      (SpTrack *self);
guint          sp_track_get_session     (SpTrack *self);
SpTrackMode    sp_track_get_mode        (SpTrack *self);
guint          sp_track_get_sector_size (SpTrack *self);
gboolean       sp_track_is_audio        (SpTrack *self);
SpTrackFlags   sp_track_get_flags       (SpTrack *self);
const char    *sp_track_get_isrc        (SpTrack *self);
SpCdText      *sp_track_get_cdtext      (SpTrack *self);
const char    *sp_track_get_title       (SpTrack *self);
const char    *sp_track_get_performer   (SpTrack *self);
GHashTable    *sp_track_get_rem         (SpTrack *self);

gint64         sp_track_get_first       (SpTrack *self);
gint64         sp_track_get_start       (SpTrack *self);
gint64         sp_track_get_length      (SpTrack *self);
gint64         sp_track_get_end         (SpTrack *self);
gint64         sp_track_get_span        (SpTrack *self);
gint64         sp_track_get_pregap      (SpTrack *self);
gint64         sp_track_get_postgap     (SpTrack *self);
gint64         sp_track_get_stored_pregap (SpTrack *self);

guint          sp_track_get_n_indices   (SpTrack *self);
const SpIndex *sp_track_get_index       (SpTrack *self,
                                         guint    i);

gint64         sp_track_get_address_offset (SpTrack *self);

SpSource      *sp_track_get_source      (SpTrack *self);
gint64         sp_track_get_file_offset (SpTrack *self);
guint          sp_track_get_line        (SpTrack *self);

G_END_DECLS
