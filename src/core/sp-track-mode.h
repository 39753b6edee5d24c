/* sp-track-mode.h: what kind of sectors a track holds and how they are stored
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Named as cue sheets name them: the part after the slash is the number of
 * bytes a sector takes in the file, not what the disc holds (always 2352). */
typedef enum
{
  SP_TRACK_MODE_AUDIO,
  SP_TRACK_MODE_CDG,          /* audio with 96 bytes of R-W subchannel: 2448 */
  SP_TRACK_MODE_MODE1_2048,   /* Mode 1 user data only (an ISO) */
  SP_TRACK_MODE_MODE1_2352,   /* raw Mode 1 sectors */
  SP_TRACK_MODE_MODE2_2048,   /* Mode 2 Form 1 user data only */
  SP_TRACK_MODE_MODE2_2324,   /* Mode 2 Form 2 user data only */
  SP_TRACK_MODE_MODE2_2336,   /* Mode 2 after the header: subheader, data, EDC/ECC */
  SP_TRACK_MODE_MODE2_2352,   /* raw Mode 2 (XA) sectors: Video CD, PlayStation */
  SP_TRACK_MODE_CDI_2336,     /* CD-i, stored like MODE2/2336 */
  SP_TRACK_MODE_CDI_2352,     /* CD-i, stored like MODE2/2352 */
} SpTrackMode;

#define SP_TRACK_MODE_LAST SP_TRACK_MODE_CDI_2352

/* The control nibble flags of the Q subchannel (and of a cue FLAGS line). */
typedef enum /*< flags >*/
{
  SP_TRACK_FLAG_NONE = 0,
  SP_TRACK_FLAG_DCP = 1 << 0,    /* digital copy permitted */
  SP_TRACK_FLAG_4CH = 1 << 1,    /* four-channel audio */
  SP_TRACK_FLAG_PRE = 1 << 2,    /* pre-emphasis */
  SP_TRACK_FLAG_SCMS = 1 << 3,   /* serial copy management (alternating DCP) */
} SpTrackFlags;

const char *sp_track_mode_to_string       (SpTrackMode   mode);
gboolean    sp_track_mode_from_string     (const char   *text,
                                           SpTrackMode  *mode);
guint       sp_track_mode_get_sector_size (SpTrackMode   mode);
gboolean    sp_track_mode_is_audio        (SpTrackMode   mode);
gboolean    sp_track_mode_is_raw          (SpTrackMode   mode);
guint       sp_track_mode_get_sector_mode (SpTrackMode   mode);

char       *sp_track_flags_to_string      (SpTrackFlags  flags);

G_END_DECLS
