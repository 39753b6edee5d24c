/* sp-track-mode.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-msf.h"
#include "sp-track-mode.h"

static const struct {
  const char *name;
  guint sector_size;
  guint sector_mode;   /* 0 audio, 1, 2 */
} modes[] = {
  [SP_TRACK_MODE_AUDIO]      = { "AUDIO",      2352, 0 },
  [SP_TRACK_MODE_CDG]        = { "CDG",        2448, 0 },
  [SP_TRACK_MODE_MODE1_2048] = { "MODE1/2048", 2048, 1 },
  [SP_TRACK_MODE_MODE1_2352] = { "MODE1/2352", 2352, 1 },
  [SP_TRACK_MODE_MODE2_2048] = { "MODE2/2048", 2048, 2 },
  [SP_TRACK_MODE_MODE2_2324] = { "MODE2/2324", 2324, 2 },
  [SP_TRACK_MODE_MODE2_2336] = { "MODE2/2336", 2336, 2 },
  [SP_TRACK_MODE_MODE2_2352] = { "MODE2/2352", 2352, 2 },
  [SP_TRACK_MODE_CDI_2336]   = { "CDI/2336",   2336, 2 },
  [SP_TRACK_MODE_CDI_2352]   = { "CDI/2352",   2352, 2 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (modes) == SP_TRACK_MODE_LAST + 1);

/**
 * sp_track_mode_to_string:
 *
 * Returns: the mode as a cue sheet writes it ("MODE2/2352")
 */
const char *
sp_track_mode_to_string (SpTrackMode mode)
{
  g_return_val_if_fail (mode <= SP_TRACK_MODE_LAST, "?");
  return modes[mode].name;
}

/**
 * sp_track_mode_from_string:
 * @text: a cue sheet TRACK mode, in any case
 */
gboolean
sp_track_mode_from_string (const char  *text,
                           SpTrackMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      if (g_ascii_strcasecmp (text, modes[i].name) == 0)
        {
          *mode = (SpTrackMode) i;
          return TRUE;
        }
    }
  return FALSE;
}

guint
sp_track_mode_get_sector_size (SpTrackMode mode)
{
  g_return_val_if_fail (mode <= SP_TRACK_MODE_LAST, SP_RAW_SECTOR_SIZE);
  return modes[mode].sector_size;
}

gboolean
sp_track_mode_is_audio (SpTrackMode mode)
{
  return mode == SP_TRACK_MODE_AUDIO || mode == SP_TRACK_MODE_CDG;
}

/* Whether the file holds whole 2352-byte sectors (sync and header included). */
gboolean
sp_track_mode_is_raw (SpTrackMode mode)
{
  return modes[mode].sector_size >= 2352;
}

/**
 * sp_track_mode_get_sector_mode:
 *
 * Returns: the mode byte the sectors' headers carry: 0 for audio, 1 or 2
 */
guint
sp_track_mode_get_sector_mode (SpTrackMode mode)
{
  g_return_val_if_fail (mode <= SP_TRACK_MODE_LAST, 0);
  return modes[mode].sector_mode;
}

/**
 * sp_track_flags_to_string:
 *
 * Returns: the flags as a cue FLAGS line lists them ("DCP PRE"), or ""
 */
char *
sp_track_flags_to_string (SpTrackFlags flags)
{
  GString *s = g_string_new (NULL);

  if (flags & SP_TRACK_FLAG_DCP)
    g_string_append (s, "DCP ");
  if (flags & SP_TRACK_FLAG_4CH)
    g_string_append (s, "4CH ");
  if (flags & SP_TRACK_FLAG_PRE)
    g_string_append (s, "PRE ");
  if (flags & SP_TRACK_FLAG_SCMS)
    g_string_append (s, "SCMS ");
  if (s->len > 0)
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}
