/* sp-msf.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sp-msf.h"

/**
 * sp_msf_format:
 * @frames: a length or position in frames
 * @buf: where to write
 *
 * Formats @frames as MM:SS:FF. Minutes are not limited to two digits,
 * because DVD and BD images are far longer than 99 minutes of frames.
 *
 * Returns: @buf
 */
const char *
sp_msf_format (gint64 frames,
               char   buf[SP_MSF_STRING_SIZE])
{
  const char *sign = "";
  guint64 f;

  if (frames < 0)
    {
      sign = "-";
      f = (guint64) -(frames + 1) + 1;
    }
  else
    f = (guint64) frames;

  g_snprintf (buf, SP_MSF_STRING_SIZE, "%s%02" G_GUINT64_FORMAT ":%02u:%02u",
              sign,
              f / SP_FRAMES_PER_MINUTE,
              (guint) ((f / SP_FRAMES_PER_SECOND) % 60),
              (guint) (f % SP_FRAMES_PER_SECOND));
  return buf;
}

char *
sp_msf_to_string (gint64 frames)
{
  char buf[SP_MSF_STRING_SIZE];

  return g_strdup (sp_msf_format (frames, buf));
}

static gboolean
parse_number (const char **p,
              guint        max_digits,
              guint       *value)
{
  guint n = 0;
  guint digits = 0;

  while (g_ascii_isdigit (**p))
    {
      if (++digits > max_digits)
        return FALSE;
      n = n * 10 + (guint) (**p - '0');
      (*p)++;
    }
  if (digits == 0)
    return FALSE;
  *value = n;
  return TRUE;
}

/**
 * sp_msf_parse:
 * @text: "MM:SS:FF" as in a cue sheet or TOC file
 * @frames: (out): the position in frames
 *
 * Accepts 1–3 digit minutes (cue sheets stop at 99, TOC files at 999 for
 * long data tracks) and exactly the ranges SS < 60, FF < 75. Anything else,
 * including trailing junk, is rejected: a sheet that says "00:02:75" is
 * wrong and guessing would shift the disc.
 *
 * Returns: whether @text was a valid MSF
 */
gboolean
sp_msf_parse (const char *text,
              gint64     *frames)
{
  const char *p = text;
  guint m, s, f;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_number (&p, 3, &m) || *p++ != ':')
    return FALSE;
  if (!parse_number (&p, 2, &s) || *p++ != ':')
    return FALSE;
  if (!parse_number (&p, 2, &f) || *p != '\0')
    return FALSE;
  if (s >= 60 || f >= SP_FRAMES_PER_SECOND)
    return FALSE;

  if (frames)
    *frames = (gint64) m * SP_FRAMES_PER_MINUTE + s * SP_FRAMES_PER_SECOND + f;
  return TRUE;
}

/**
 * sp_position_parse:
 * @text: a sector number ("1234") or a time ("02:34:10"), as users type a
 *   place on the disc; spaces around it are ignored
 *
 * Returns: whether @text names a position (0 or more)
 */
gboolean
sp_position_parse (const char *text,
                   gint64     *frames)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint64 value;

  if (strchr (trimmed, ':'))
    return sp_msf_parse (trimmed, frames);
  if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *frames = (gint64) value;
  return TRUE;
}

/**
 * sp_lba_to_msf:
 *
 * The address a sector header carries for @lba (ECMA-130 §14.2: the
 * absolute time, 150 frames ahead of the logical block address).
 * Minutes wrap at 100 as they do on disc, so positions in the lead-in
 * (negative LBAs) come out as 99:59:74 and downwards.
 */
void
sp_lba_to_msf (gint64  lba,
               guint8 *m,
               guint8 *s,
               guint8 *f)
{
  gint64 abs_frames = lba + SP_LBA_TO_MSF_OFFSET;
  const gint64 wrap = 100 * SP_FRAMES_PER_MINUTE;

  abs_frames %= wrap;
  if (abs_frames < 0)
    abs_frames += wrap;

  *m = (guint8) (abs_frames / SP_FRAMES_PER_MINUTE);
  *s = (guint8) ((abs_frames / SP_FRAMES_PER_SECOND) % 60);
  *f = (guint8) (abs_frames % SP_FRAMES_PER_SECOND);
}

gint64
sp_msf_to_lba (guint8 m,
               guint8 s,
               guint8 f)
{
  return (gint64) m * SP_FRAMES_PER_MINUTE + s * SP_FRAMES_PER_SECOND + f - SP_LBA_TO_MSF_OFFSET;
}
