/* sp-cue-parser.c: cue sheets, as CDRWIN defined them and as people write them
 *
 * The layout rule (what every INDEX time means): all FILEs of a sheet,
 * concatenated in order, are the disc's data; an INDEX time counts frames
 * from the start of the FILE it appears under; PREGAP and POSTGAP add frames
 * that no file holds, before the track's first index and after its data. A
 * track runs from its first index (INDEX 00 or 01, or its PREGAP) to the
 * next track's first index, across file boundaries if need be: EAC's
 * "gaps appended to the previous track" sheets put INDEX 00 in one file and
 * INDEX 01 in the next.
 *
 * Parsing is one pass over the lines into CueTrack/CueFile records, then a
 * layout pass once the files are found and their sizes known.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-image-private.h"
#include "sp-msf.h"
#include "sp-text.h"

typedef struct
{
  guint number;
  gint64 frame;       /* in its file */
  guint file;         /* index into CueSheet.files */
  guint line;
  gint64 stream;      /* position in the concatenated files, set by layout */
} CueIndex;

typedef struct
{
  SpTrack *track;
  guint number;
  SpTrackMode mode;
  guint line;
  guint file;         /* the FILE current at the TRACK line */
  gint64 pregap;
  guint pregap_line;
  gint64 postgap;
  guint postgap_line;
  gboolean have_flags;
  GArray *indices;    /* CueIndex */
} CueTrack;

typedef struct
{
  SpSource *source;
  guint line;
  gint64 frames;      /* frames this file contributes to the disc */
  gint64 base;        /* stream position of its first frame */
  GArray *segments;   /* CueSegment: which track's sector size covers which frames */
} CueFile;

typedef struct
{
  gint64 frame;       /* first frame of the segment in the file */
  guint sector_size;
  gboolean audio;
} CueSegment;

typedef struct
{
  SpImage *image;
  GPtrArray *files;   /* CueFile */
  GPtrArray *tracks;  /* CueTrack */
  guint session;
  guint session_line;
  char *cdtext_file;
  guint cdtext_file_line;
  gboolean catalog_seen;
  const CueIndex *last_index_seen;  /* valid until the next INDEX line */
  CueIndex last_index;
} CueSheet;

static void
cue_track_free (CueTrack *track)
{
  g_clear_object (&track->track);
  g_array_unref (track->indices);
  g_free (track);
}

static void
cue_file_free (CueFile *file)
{
  g_clear_object (&file->source);
  g_array_unref (file->segments);
  g_free (file);
}

static inline CueTrack *
current_track (CueSheet *sheet)
{
  return sheet->tracks->len ? g_ptr_array_index (sheet->tracks, sheet->tracks->len - 1) : NULL;
}

static const CueIndex *
find_index (const CueTrack *track,
            guint           number)
{
  for (guint i = 0; i < track->indices->len; i++)
    {
      const CueIndex *index = &g_array_index (track->indices, CueIndex, i);

      if (index->number == number)
        return index;
    }
  return NULL;
}

/* The track's first index: INDEX 00 if written, else INDEX 01. */
static const CueIndex *
first_index (const CueTrack *track)
{
  return track->indices->len ? &g_array_index (track->indices, CueIndex, 0) : NULL;
}

/* ---- Tokens ---------------------------------------------------------- */

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static const char *
skip_blanks (const char *p)
{
  while (*p && is_blank (*p))
    p++;
  return p;
}

/* Splits off the next blank-separated (or double-quoted) word. */
static char *
next_word (const char **pp)
{
  const char *p = skip_blanks (*pp);
  const char *start;

  if (*p == '\0')
    {
      *pp = p;
      return NULL;
    }

  if (*p == '"')
    {
      const char *close = strchr (p + 1, '"');

      start = p + 1;
      if (close == NULL)
        close = start + strlen (start);
      *pp = *close ? close + 1 : close;
      return g_strndup (start, (gsize) (close - start));
    }

  start = p;
  while (*p && !is_blank (*p))
    p++;
  *pp = p;
  return g_strndup (start, (gsize) (p - start));
}

/* The text argument of TITLE and the like: a quoted string (up to the last
 * quote on the line, so that a title with a quote in it survives), or the
 * rest of the line when unquoted. */
static char *
text_argument (const char *rest,
               gboolean   *unterminated)
{
  const char *p = skip_blanks (rest);
  const char *last;
  g_autofree char *value = NULL;

  *unterminated = FALSE;
  if (*p != '"')
    return g_strchomp (g_strdup (p));

  last = strrchr (p + 1, '"');
  if (last == NULL)
    {
      *unterminated = TRUE;
      return g_strchomp (g_strdup (p + 1));
    }
  return g_strndup (p + 1, (gsize) (last - p - 1));
}

/* ---- Commands -------------------------------------------------------- */

static gboolean
parse_msf_argument (CueSheet    *sheet,
                    const char  *command,
                    const char  *text,
                    guint        line,
                    gint64      *frames,
                    GError     **error)
{
  if (text == NULL)
    return _sp_image_fail (sheet->image, error, line, "%s needs a time (MM:SS:FF)", command);
  if (!sp_msf_parse (text, frames))
    return _sp_image_fail (sheet->image, error, line,
                           "“%s” is not a valid time for %s: MM:SS:FF with seconds below 60 and frames below 75",
                           text, command);
  return TRUE;
}

static SpSourceType
file_type_from_word (CueSheet   *sheet,
                     const char *word,
                     const char *name,
                     guint       line)
{
  static const char *decoded_types[] = { "AIFF", "MP3", "FLAC", "OGG", "VORBIS", "OPUS", "WV", "APE", NULL };

  if (word == NULL)
    {
      /* A FILE without a type: go by the name, as most players do. */
      if (g_str_has_suffix (name, ".wav") || g_str_has_suffix (name, ".WAV"))
        {
          _sp_image_warn (sheet->image, line, "FILE has no type; “%s” is read as WAVE", name);
          return SP_SOURCE_WAVE;
        }
      _sp_image_warn (sheet->image, line, "FILE has no type; “%s” is read as BINARY", name);
      return SP_SOURCE_BINARY;
    }

  if (g_ascii_strcasecmp (word, "BINARY") == 0)
    return SP_SOURCE_BINARY;
  if (g_ascii_strcasecmp (word, "MOTOROLA") == 0)
    return SP_SOURCE_MOTOROLA;
  if (g_ascii_strcasecmp (word, "WAVE") == 0)
    return SP_SOURCE_WAVE;
  for (guint i = 0; decoded_types[i]; i++)
    if (g_ascii_strcasecmp (word, decoded_types[i]) == 0)
      return SP_SOURCE_DECODED;

  _sp_image_warn (sheet->image, line, "unknown FILE type “%s”; “%s” is decoded as audio if it is audio",
                  word, name);
  return SP_SOURCE_DECODED;
}

static gboolean
cmd_file (CueSheet    *sheet,
          const char  *rest,
          guint        line,
          GError     **error)
{
  const char *p = skip_blanks (rest);
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  CueFile *file;

  if (*p == '\0')
    return _sp_image_fail (sheet->image, error, line, "FILE needs a file name and a type");

  if (*p == '"')
    {
      const char *close = strrchr (p + 1, '"');

      if (close == NULL)
        return _sp_image_fail (sheet->image, error, line, "the file name has no closing quote");
      const char *after = close + 1;

      name = g_strndup (p + 1, (gsize) (close - p - 1));
      type = next_word (&after);
    }
  else
    {
      /* Unquoted, possibly with spaces: the last word is the type. */
      g_autofree char *trimmed = g_strchomp (g_strdup (p));
      char *space = strrchr (trimmed, ' ');
      char *tab = strrchr (trimmed, '\t');

      if (tab > space)
        space = tab;
      if (space)
        {
          *space = '\0';
          name = g_strchomp (g_strdup (trimmed));
          type = g_strdup (space + 1);
        }
      else
        name = g_steal_pointer (&trimmed);
    }

  if (name[0] == '\0')
    return _sp_image_fail (sheet->image, error, line, "FILE has an empty file name");

  if (sheet->files->len >= SP_SHEET_MAX_FILES)
    return _sp_image_fail (sheet->image, error, line, "more than %d FILE lines", SP_SHEET_MAX_FILES);

  file = g_new0 (CueFile, 1);
  file->line = line;
  file->segments = g_array_new (FALSE, FALSE, sizeof (CueSegment));
  file->source = sp_source_new (name, file_type_from_word (sheet, type, name, line), line);
  g_ptr_array_add (sheet->files, file);
  _sp_image_add_source (sheet->image, file->source);
  return TRUE;
}

static gboolean
cmd_track (CueSheet    *sheet,
           const char  *rest,
           guint        line,
           GError     **error)
{
  const char *p = rest;
  g_autofree char *number_text = next_word (&p);
  g_autofree char *mode_text = next_word (&p);
  g_autofree char *extra = next_word (&p);
  CueTrack *previous = current_track (sheet);
  CueTrack *track;
  SpTrackMode mode;
  guint64 number;

  if (sheet->files->len == 0)
    return _sp_image_fail (sheet->image, error, line, "TRACK before any FILE line");
  if (number_text == NULL || mode_text == NULL)
    return _sp_image_fail (sheet->image, error, line, "TRACK needs a number and a mode");
  if (!g_ascii_string_to_unsigned (number_text, 10, 1, 99, &number, NULL))
    return _sp_image_fail (sheet->image, error, line,
                           "“%s” is not a track number (1–99)", number_text);
  if (!sp_track_mode_from_string (mode_text, &mode))
    return _sp_image_fail (sheet->image, error, line,
                           "unknown track mode “%s”", mode_text);
  if (extra)
    _sp_image_warn (sheet->image, line, "“%s” after the track mode is ignored", extra);

  if (previous)
    {
      if (find_index (previous, 1) == NULL)
        return _sp_image_fail (sheet->image, error, previous->line,
                               "TRACK %02u has no INDEX 01", previous->number);
      if (number <= previous->number)
        return _sp_image_fail (sheet->image, error, line,
                               "TRACK %02u follows TRACK %02u; track numbers must increase",
                               (guint) number, previous->number);
      if (number != previous->number + 1)
        _sp_image_warn (sheet->image, line,
                        "TRACK %02u follows TRACK %02u; a disc numbers its tracks without gaps",
                        (guint) number, previous->number);
    }
  else if (number != 1)
    _sp_image_warn (sheet->image, line, "the first track is numbered %02u, not 01", (guint) number);

  track = g_new0 (CueTrack, 1);
  track->number = (guint) number;
  track->mode = mode;
  track->line = line;
  track->file = sheet->files->len - 1;
  track->indices = g_array_new (FALSE, FALSE, sizeof (CueIndex));
  track->track = _sp_track_new ((guint) number, mode, line);
  _sp_track_set_session (track->track, sheet->session);
  g_ptr_array_add (sheet->tracks, track);
  return TRUE;
}

static gboolean
cmd_index (CueSheet    *sheet,
           const char  *rest,
           guint        line,
           GError     **error)
{
  const char *p = rest;
  g_autofree char *number_text = next_word (&p);
  g_autofree char *time_text = next_word (&p);
  CueTrack *track = current_track (sheet);
  CueIndex index = { 0 };
  guint64 number;

  if (track == NULL)
    return _sp_image_fail (sheet->image, error, line, "INDEX before any TRACK line");
  if (number_text == NULL || time_text == NULL)
    return _sp_image_fail (sheet->image, error, line, "INDEX needs a number and a time");
  if (!g_ascii_string_to_unsigned (number_text, 10, 0, 99, &number, NULL))
    return _sp_image_fail (sheet->image, error, line,
                           "“%s” is not an index number (00–99)", number_text);
  if (!parse_msf_argument (sheet, "INDEX", time_text, line, &index.frame, error))
    return FALSE;

  if (find_index (track, (guint) number))
    return _sp_image_fail (sheet->image, error, line,
                           "INDEX %02u appears twice in TRACK %02u", (guint) number, track->number);
  if (track->indices->len > 0)
    {
      const CueIndex *last = &g_array_index (track->indices, CueIndex, track->indices->len - 1);

      if (number < last->number)
        return _sp_image_fail (sheet->image, error, line,
                               "INDEX %02u follows INDEX %02u; index numbers must increase",
                               (guint) number, last->number);
      if (number != last->number + 1)
        _sp_image_warn (sheet->image, line, "INDEX %02u follows INDEX %02u; index numbers skip",
                        (guint) number, last->number);
    }
  else if (number > 1)
    return _sp_image_fail (sheet->image, error, line,
                           "TRACK %02u starts with INDEX %02u; its first index must be 00 or 01",
                           track->number, (guint) number);

  /* Within one file, time must move forward. */
  if (sheet->last_index_seen && sheet->last_index.file == sheet->files->len - 1 &&
      index.frame <= sheet->last_index.frame)
    {
      char a[SP_MSF_STRING_SIZE], b[SP_MSF_STRING_SIZE];

      return _sp_image_fail (sheet->image, error, line,
                             "INDEX %02u at %s is not after the previous INDEX at %s (line %u)",
                             (guint) number, sp_msf_format (index.frame, a),
                             sp_msf_format (sheet->last_index.frame, b), sheet->last_index.line);
    }

  if (track->postgap_line)
    _sp_image_warn (sheet->image, line, "INDEX after POSTGAP; the postgap still comes after the track's data");

  index.number = (guint) number;
  index.file = sheet->files->len - 1;
  index.line = line;
  g_array_append_val (track->indices, index);
  sheet->last_index = index;
  sheet->last_index_seen = &sheet->last_index;
  return TRUE;
}

static gboolean
cmd_gap (CueSheet    *sheet,
         const char  *command,
         const char  *rest,
         guint        line,
         GError     **error)
{
  const char *p = rest;
  g_autofree char *time_text = next_word (&p);
  CueTrack *track = current_track (sheet);
  gboolean is_pregap = strcmp (command, "PREGAP") == 0;
  gint64 frames;

  if (track == NULL)
    {
      _sp_image_warn (sheet->image, line, "%s outside a track is ignored", command);
      return TRUE;
    }
  if (!parse_msf_argument (sheet, command, time_text, line, &frames, error))
    return FALSE;

  if (is_pregap)
    {
      if (track->pregap_line)
        {
          _sp_image_warn (sheet->image, line, "a second PREGAP in TRACK %02u is ignored", track->number);
          return TRUE;
        }
      if (track->indices->len > 0)
        _sp_image_warn (sheet->image, line, "PREGAP after INDEX; the pregap still comes before the track's first index");
      track->pregap = frames;
      track->pregap_line = line;
    }
  else
    {
      if (track->postgap_line)
        {
          _sp_image_warn (sheet->image, line, "a second POSTGAP in TRACK %02u is ignored", track->number);
          return TRUE;
        }
      track->postgap = frames;
      track->postgap_line = line;
    }
  return TRUE;
}

static void
cmd_flags (CueSheet   *sheet,
           const char *rest,
           guint       line)
{
  CueTrack *track = current_track (sheet);
  SpTrackFlags flags = SP_TRACK_FLAG_NONE;
  const char *p = rest;
  char *word;

  if (track == NULL)
    {
      _sp_image_warn (sheet->image, line, "FLAGS outside a track is ignored");
      return;
    }
  if (track->have_flags)
    _sp_image_warn (sheet->image, line, "a second FLAGS line in TRACK %02u; its flags are added", track->number);

  flags = sp_track_get_flags (track->track);
  while ((word = next_word (&p)) != NULL)
    {
      if (g_ascii_strcasecmp (word, "DCP") == 0)
        flags |= SP_TRACK_FLAG_DCP;
      else if (g_ascii_strcasecmp (word, "4CH") == 0)
        flags |= SP_TRACK_FLAG_4CH;
      else if (g_ascii_strcasecmp (word, "PRE") == 0)
        flags |= SP_TRACK_FLAG_PRE;
      else if (g_ascii_strcasecmp (word, "SCMS") == 0)
        flags |= SP_TRACK_FLAG_SCMS;
      else if (g_ascii_strcasecmp (word, "DATA") == 0)
        ; /* CloneCD writes it; the mode already says so */
      else
        _sp_image_warn (sheet->image, line, "unknown flag “%s” is ignored", word);
      g_free (word);
    }
  track->have_flags = TRUE;
  _sp_track_set_flags (track->track, flags);
}

/* ISRC: CC-OOO-YY-NNNNN, country and owner alphanumeric, year and number
 * digits (ISO 3901). Dashes, which some tools write, are dropped. */
static gboolean
normalize_isrc (const char *text,
                char        out[13])
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    {
      if (*p == '-')
        continue;
      if (n >= 12)
        return FALSE;
      out[n++] = g_ascii_toupper (*p);
    }
  out[n] = '\0';
  if (n != 12)
    return FALSE;
  for (guint i = 0; i < 12; i++)
    {
      if (i < 5 ? !g_ascii_isalnum (out[i]) : !g_ascii_isdigit (out[i]))
        return FALSE;
    }
  return TRUE;
}

static void
cmd_isrc (CueSheet   *sheet,
          const char *rest,
          guint       line)
{
  CueTrack *track = current_track (sheet);
  const char *p = rest;
  g_autofree char *value = next_word (&p);
  char isrc[13];

  if (track == NULL)
    {
      _sp_image_warn (sheet->image, line, "ISRC outside a track is ignored");
      return;
    }
  if (value == NULL || !normalize_isrc (value, isrc))
    {
      _sp_image_warn (sheet->image, line,
                      "ISRC “%s” is not 12 letters and digits (CCOOOYYNNNNN); it is ignored",
                      value ? value : "");
      return;
    }
  if (sp_track_get_isrc (track->track))
    _sp_image_warn (sheet->image, line, "a second ISRC in TRACK %02u replaces the first", track->number);
  _sp_track_set_isrc (track->track, isrc);
}

static void
cmd_catalog (CueSheet   *sheet,
             const char *rest,
             guint       line)
{
  const char *p = rest;
  g_autofree char *value = next_word (&p);
  gboolean digits = value != NULL && strlen (value) == 13;

  for (guint i = 0; digits && i < 13; i++)
    digits = g_ascii_isdigit (value[i]);

  if (!digits)
    {
      _sp_image_warn (sheet->image, line, "CATALOG “%s” is not 13 digits; it is ignored",
                      value ? value : "");
      return;
    }
  if (sheet->catalog_seen)
    _sp_image_warn (sheet->image, line, "a second CATALOG replaces the first");
  sheet->catalog_seen = TRUE;
  _sp_image_set_catalog (sheet->image, value);
}

static void
cmd_cdtext (CueSheet      *sheet,
            SpCdTextField  field,
            const char    *keyword,
            const char    *rest,
            guint          line)
{
  CueTrack *track = current_track (sheet);
  SpCdText *cdtext = track ? sp_track_get_cdtext (track->track) : sp_image_get_cdtext (sheet->image);
  gboolean unterminated;
  g_autofree char *value = text_argument (rest, &unterminated);

  if (unterminated)
    _sp_image_warn (sheet->image, line, "%s has no closing quote; the rest of the line is taken", keyword);
  if (sp_cdtext_get (cdtext, field))
    _sp_image_warn (sheet->image, line, "a second %s replaces the first", keyword);
  sp_cdtext_set (cdtext, field, value);
}

static gboolean
cmd_rem (CueSheet    *sheet,
         const char  *rest,
         guint        line,
         GError     **error)
{
  static const char *disc_keys[] = { "GENRE", "DATE", "DISCID", "COMMENT", "DISCNUMBER", "TOTALDISCS", NULL };
  const char *p = rest;
  g_autofree char *key = next_word (&p);
  CueTrack *track = current_track (sheet);
  gboolean unterminated;
  g_autofree char *value = NULL;
  g_autofree char *upper = NULL;

  if (key == NULL)
    return TRUE;
  upper = g_ascii_strup (key, -1);
  value = text_argument (p, &unterminated);

  if (strcmp (upper, "SESSION") == 0)
    {
      guint64 session;

      /* Redump's multi-session sheets: REM SESSION 02 before the second
       * session's first FILE or TRACK. */
      if (!g_ascii_string_to_unsigned (value, 10, 1, 99, &session, NULL))
        return _sp_image_fail (sheet->image, error, line, "“%s” is not a session number (1–99)", value);
      if (session < sheet->session)
        return _sp_image_fail (sheet->image, error, line,
                               "REM SESSION %02u follows session %02u; sessions must increase",
                               (guint) session, sheet->session);
      sheet->session = (guint) session;
      sheet->session_line = line;
      return TRUE;
    }

  if (g_str_has_prefix (upper, "REPLAYGAIN_TRACK_"))
    {
      if (track)
        _sp_track_set_rem (track->track, upper, value);
      else
        _sp_image_warn (sheet->image, line, "REM %s outside a track is ignored", upper);
      return TRUE;
    }

  if (g_str_has_prefix (upper, "REPLAYGAIN_ALBUM_"))
    {
      _sp_image_set_rem (sheet->image, upper, value);
      return TRUE;
    }

  for (guint i = 0; disc_keys[i]; i++)
    {
      if (strcmp (upper, disc_keys[i]) == 0)
        {
          if (track)
            _sp_track_set_rem (track->track, upper, value);
          else
            _sp_image_set_rem (sheet->image, upper, value);
          return TRUE;
        }
    }

  /* Any other REM is a comment. */
  return TRUE;
}

static gboolean
parse_line (CueSheet    *sheet,
            const char  *text,
            guint        line,
            GError     **error)
{
  const char *p = text;
  g_autofree char *keyword = next_word (&p);
  SpCdTextField field;

  if (keyword == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (keyword, "REM") == 0)
    return cmd_rem (sheet, p, line, error);
  if (g_ascii_strcasecmp (keyword, "FILE") == 0)
    return cmd_file (sheet, p, line, error);
  if (g_ascii_strcasecmp (keyword, "TRACK") == 0)
    return cmd_track (sheet, p, line, error);
  if (g_ascii_strcasecmp (keyword, "INDEX") == 0)
    return cmd_index (sheet, p, line, error);
  if (g_ascii_strcasecmp (keyword, "PREGAP") == 0)
    return cmd_gap (sheet, "PREGAP", p, line, error);
  if (g_ascii_strcasecmp (keyword, "POSTGAP") == 0)
    return cmd_gap (sheet, "POSTGAP", p, line, error);

  if (g_ascii_strcasecmp (keyword, "FLAGS") == 0)
    cmd_flags (sheet, p, line);
  else if (g_ascii_strcasecmp (keyword, "ISRC") == 0)
    cmd_isrc (sheet, p, line);
  else if (g_ascii_strcasecmp (keyword, "CATALOG") == 0)
    cmd_catalog (sheet, p, line);
  else if (g_ascii_strcasecmp (keyword, "CDTEXTFILE") == 0)
    {
      gboolean unterminated;

      g_free (sheet->cdtext_file);
      sheet->cdtext_file = text_argument (p, &unterminated);
      sheet->cdtext_file_line = line;
    }
  else if (sp_cdtext_field_from_keyword (keyword, &field))
    cmd_cdtext (sheet, field, sp_cdtext_field_to_keyword (field), p, line);
  else
    _sp_image_warn (sheet->image, line, "unknown command “%s” is ignored", keyword);

  return TRUE;
}

/* ---- Layout ---------------------------------------------------------- */

static gboolean
is_audio_source (CueFile *file)
{
  return sp_source_is_audio_file (file->source);
}

/* Byte offset in @file of its frame @frame, walking its segments. */
static guint64
file_byte_offset (CueFile *file,
                  gint64   frame)
{
  guint64 bytes = 0;

  for (guint i = 0; i < file->segments->len; i++)
    {
      const CueSegment *seg = &g_array_index (file->segments, CueSegment, i);
      gint64 end = i + 1 < file->segments->len
        ? g_array_index (file->segments, CueSegment, i + 1).frame : G_MAXINT64;

      if (frame <= end)
        return bytes + (guint64) (frame - seg->frame) * seg->sector_size;
      bytes += (guint64) (end - seg->frame) * seg->sector_size;
    }
  return bytes;
}

static void
append_segment (CueFile  *file,
                CueTrack *track,
                gint64    frame)
{
  CueSegment seg = {
    .frame = frame,
    .sector_size = is_audio_source (file) ? SP_RAW_SECTOR_SIZE
                                          : sp_track_mode_get_sector_size (track->mode),
    .audio = sp_track_mode_is_audio (track->mode),
  };

  if (file->segments->len > 0 &&
      g_array_index (file->segments, CueSegment, file->segments->len - 1).frame == frame)
    g_array_index (file->segments, CueSegment, file->segments->len - 1) = seg;
  else
    g_array_append_val (file->segments, seg);
}

/* Frames of a file before the first index in it, when that index belongs
 * to a track declared in this file, are that track's pregap: the author
 * stored a pregap without writing INDEX 00. (When the first index belongs
 * to a track declared in an earlier file, as in EAC's sheets, the frames
 * continue that earlier track instead.) cdrdao skips such frames; dropping
 * data silently is worse, so they are kept, with a warning. */
static void
claim_leading_frames (CueSheet *sheet)
{
  for (guint f = 0; f < sheet->files->len; f++)
    {
      CueFile *file = g_ptr_array_index (sheet->files, f);
      CueTrack *track = NULL;
      CueIndex *first = NULL;

      /* The first index written under this FILE, whoever's it is. */
      for (guint t = 0; t < sheet->tracks->len && first == NULL; t++)
        {
          CueTrack *candidate = g_ptr_array_index (sheet->tracks, t);

          for (guint i = 0; i < candidate->indices->len; i++)
            {
              CueIndex *index = &g_array_index (candidate->indices, CueIndex, i);

              if (index->file == f)
                {
                  track = candidate;
                  first = index;
                  break;
                }
            }
        }

      /* Claimed only by a track declared in this file whose first index it
       * is: otherwise the frames continue the track before (EAC). */
      if (first == NULL || first->frame == 0 || track->file != f ||
          first != &g_array_index (track->indices, CueIndex, 0))
        continue;

      {
        char msf[SP_MSF_STRING_SIZE];

        _sp_image_warn (sheet->image, first->line,
                        "TRACK %02u starts at %s in “%s”; the %" G_GINT64_FORMAT
                        " frames before it are taken as its pregap (INDEX 00)",
                        track->number, sp_msf_format (first->frame, msf),
                        sp_source_get_name (file->source), first->frame);
      }

      if (first->number == 0)
        first->frame = 0;
      else
        {
          CueIndex zero = *first;

          zero.number = 0;
          zero.frame = 0;
          g_array_prepend_val (track->indices, zero);
        }
    }
}

/* Which track's sector size covers which frames of each file: a file starts
 * with the track current at its first frame and switches at each track's
 * first index in it. */
static void
build_segments (CueSheet *sheet)
{
  guint owner = 0;
  guint t = 0;

  for (guint f = 0; f < sheet->files->len; f++)
    {
      CueFile *file = g_ptr_array_index (sheet->files, f);

      append_segment (file, g_ptr_array_index (sheet->tracks, owner), 0);

      for (; t < sheet->tracks->len; t++)
        {
          CueTrack *track = g_ptr_array_index (sheet->tracks, t);
          const CueIndex *first = first_index (track);

          if (first->file > f)
            break;
          append_segment (file, track, first->frame);
          owner = t;
        }
    }
}

/* How many frames @file holds, from its size and segments. */
static gint64
count_file_frames (CueSheet *sheet,
                   CueFile  *file)
{
  guint64 available = sp_source_get_data_size (file->source);
  guint64 bytes = 0;

  if (sp_source_get_status (file->source) != SP_SOURCE_STATUS_OK)
    return 0;

  for (guint i = 0; i < file->segments->len; i++)
    {
      const CueSegment *seg = &g_array_index (file->segments, CueSegment, i);
      gboolean last = i + 1 == file->segments->len;
      gint64 span = last ? G_MAXINT64 : g_array_index (file->segments, CueSegment, i + 1).frame - seg->frame;
      guint64 left = available - bytes;

      if (!last && left >= (guint64) span * seg->sector_size)
        {
          bytes += (guint64) span * seg->sector_size;
          continue;
        }

      {
        gint64 frames = seg->frame + (gint64) (left / seg->sector_size);
        guint64 partial = left % seg->sector_size;

        if (partial == 0)
          return frames;

        /* A WAVE file's last frame is padded with silence: normal. */
        if (is_audio_source (file))
          return frames + 1;
        if (seg->audio)
          {
            _sp_image_warn (sheet->image, file->line,
                            "“%s” ends with a partial sector (%" G_GUINT64_FORMAT " of %u bytes); it is padded with silence",
                            sp_source_get_display_name (file->source), partial, seg->sector_size);
            return frames + 1;
          }
        _sp_image_warn (sheet->image, file->line,
                        "“%s” is not a whole number of %u-byte sectors; its last %" G_GUINT64_FORMAT " bytes are ignored",
                        sp_source_get_display_name (file->source), seg->sector_size, partial);
        return frames;
      }
    }
  return 0;
}

static gboolean
layout (CueSheet  *sheet,
        GError   **error)
{
  gint64 base = 0;
  gint64 stream_end;
  gint64 last_stream = -1;
  guint last_line = 0;
  gboolean last_missing = FALSE;

  claim_leading_frames (sheet);
  build_segments (sheet);

  for (guint f = 0; f < sheet->files->len; f++)
    {
      CueFile *file = g_ptr_array_index (sheet->files, f);
      gint64 actual = count_file_frames (sheet, file);
      gint64 needed = 0;
      const CueIndex *needing = NULL;
      const CueTrack *needing_track = NULL;

      for (guint t = 0; t < sheet->tracks->len; t++)
        {
          CueTrack *track = g_ptr_array_index (sheet->tracks, t);

          for (guint i = 0; i < track->indices->len; i++)
            {
              const CueIndex *index = &g_array_index (track->indices, CueIndex, i);

              if (index->file == f && index->frame >= needed)
                {
                  needed = index->frame;
                  needing = index;
                  needing_track = track;
                }
            }
        }

      if (sp_source_is_audio_file (file->source) && sp_source_get_status (file->source) == SP_SOURCE_STATUS_OK)
        {
          for (guint i = 0; i < file->segments->len; i++)
            {
              const CueSegment *seg = &g_array_index (file->segments, CueSegment, i);

              if (!seg->audio)
                return _sp_image_fail (sheet->image, error, file->line,
                                       "“%s” holds audio, but a data track is in it",
                                       sp_source_get_display_name (file->source));
            }
        }

      /* An index at the very end of a file is fine when the next file
       * continues the track; in the last file, nothing would follow it. */
      if (sp_source_get_status (file->source) == SP_SOURCE_STATUS_OK && needing &&
          (needed > actual || (needed == actual && f + 1 == sheet->files->len)))
        {
          char msf[SP_MSF_STRING_SIZE];
          guint64 need_bytes = file_byte_offset (file, needed + 1);

          _sp_image_error (sheet->image, needing->line,
                           "“%s” is too short: TRACK %02u INDEX %02u at %s needs at least %" G_GUINT64_FORMAT
                           " bytes, but it holds %" G_GUINT64_FORMAT,
                           sp_source_get_display_name (file->source), needing_track->number,
                           needing->number, sp_msf_format (needed, msf), need_bytes,
                           sp_source_get_data_size (file->source));
        }

      file->frames = MAX (actual, needed);
      file->base = base;
      base += file->frames;
    }
  stream_end = base;

  /* Every index in stream order must move forward. */
  for (guint t = 0; t < sheet->tracks->len; t++)
    {
      CueTrack *track = g_ptr_array_index (sheet->tracks, t);

      for (guint i = 0; i < track->indices->len; i++)
        {
          CueIndex *index = &g_array_index (track->indices, CueIndex, i);
          CueFile *file = g_ptr_array_index (sheet->files, index->file);

          index->stream = file->base + index->frame;
          /* Indices in a missing file all fall on one position; the file's
           * absence is the error to report, not their order. */
          if (index->stream <= last_stream && !(t == 0 && i == 0) &&
              !(index->stream == last_stream && last_missing))
            {
              if (i == 0)
                return _sp_image_fail (sheet->image, error, index->line,
                                       "TRACK %02u starts before the previous track's last index (line %u)",
                                       track->number, last_line);
              return _sp_image_fail (sheet->image, error, index->line,
                                     "INDEX %02u is not after the track's previous index (line %u)",
                                     index->number, last_line);
            }
          last_stream = index->stream;
          last_line = index->line;
          last_missing = sp_source_get_status (file->source) != SP_SOURCE_STATUS_OK;
        }
    }

  /* The disc starts with the first track: frames of earlier files that no
   * index claimed are its pregap. */
  {
    CueTrack *track = g_ptr_array_index (sheet->tracks, 0);
    CueIndex *first = &g_array_index (track->indices, CueIndex, 0);

    if (first->stream > 0)
      {
        _sp_image_warn (sheet->image, first->line,
                        "TRACK %02u starts %" G_GINT64_FORMAT " frames into the disc; they are taken as its pregap (INDEX 00)",
                        track->number, first->stream);
        if (first->number == 0)
          first->stream = 0;
        else
          {
            CueIndex zero = *first;

            zero.number = 0;
            zero.stream = 0;
            g_array_prepend_val (track->indices, zero);
          }
      }
  }

  for (guint t = 0; t < sheet->tracks->len; t++)
    {
      CueTrack *track = g_ptr_array_index (sheet->tracks, t);
      gint64 begin = g_array_index (track->indices, CueIndex, 0).stream;
      gint64 end = t + 1 < sheet->tracks->len
        ? g_array_index (((CueTrack *) g_ptr_array_index (sheet->tracks, t + 1))->indices, CueIndex, 0).stream
        : stream_end;
      gboolean audio = sp_track_mode_is_audio (track->mode);

      _sp_track_add_extent (track->track, NULL, 0, sp_track_mode_get_sector_size (track->mode),
                            track->pregap, FALSE);

      for (guint f = 0; f < sheet->files->len && begin < end; f++)
        {
          CueFile *file = g_ptr_array_index (sheet->files, f);
          gint64 from = MAX (begin, file->base);
          gint64 to = MIN (end, file->base + file->frames);
          guint sector_size = is_audio_source (file) ? SP_RAW_SECTOR_SIZE : sp_track_mode_get_sector_size (track->mode);

          if (from >= to)
            continue;
          _sp_track_add_extent (track->track, file->source,
                                file_byte_offset (file, from - file->base), sector_size, to - from,
                                audio && sp_source_get_source_type (file->source) == SP_SOURCE_MOTOROLA);
        }

      for (guint i = 0; i < track->indices->len; i++)
        {
          const CueIndex *index = &g_array_index (track->indices, CueIndex, i);

          /* Index 0 is the whole pregap: a PREGAP the sheet adds comes first. */
          _sp_track_add_index (track->track, index->number,
                               index->number == 0 ? 0 : track->pregap + index->stream - begin);
          if (index->number == 1)
            _sp_track_set_source_hint (track->track,
                                       ((CueFile *) g_ptr_array_index (sheet->files, index->file))->source);
        }

      _sp_track_add_extent (track->track, NULL, 0, sp_track_mode_get_sector_size (track->mode),
                            track->postgap, FALSE);
      _sp_track_set_postgap (track->track, track->postgap);

      _sp_image_add_track (sheet->image, track->track);
    }

  return TRUE;
}

/**
 * _sp_cue_load:
 * @text: the sheet in UTF-8
 *
 * Reads a cue sheet into @image. Every keyword is accepted in any letter
 * case, lines may end in LF, CRLF or CR.
 */
gboolean
_sp_cue_load (SpImage       *image,
              const char    *text,
              gsize          length,
              GCancellable  *cancellable,
              GError       **error)
{
  CueSheet sheet = {
    .image = image,
    .files = g_ptr_array_new_with_free_func ((GDestroyNotify) cue_file_free),
    .tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) cue_track_free),
    .session = 1,
  };
  SpLineReader reader;
  const char *line;
  gsize line_length;
  gboolean ok = FALSE;

  sp_line_reader_init (&reader, text, length);
  while (sp_line_reader_next (&reader, &line, &line_length))
    {
      g_autofree char *copy = g_strndup (line, line_length);

      if (!parse_line (&sheet, copy, reader.line, error))
        goto out;
    }

  if (sheet.tracks->len == 0)
    {
      _sp_image_fail (image, error, 0,
                      sheet.files->len == 0 ? "not a cue sheet: it has no FILE and no TRACK line"
                                            : "there is no TRACK line in it");
      goto out;
    }
  {
    CueTrack *last = current_track (&sheet);

    if (find_index (last, 1) == NULL)
      {
        _sp_image_fail (image, error, last->line, "TRACK %02u has no INDEX 01", last->number);
        goto out;
      }
  }

  _sp_resolve_sources (image, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (!layout (&sheet, error))
    goto out;

  if (sheet.cdtext_file)
    _sp_load_cdtext_file (image, sheet.cdtext_file, sheet.cdtext_file_line);

  ok = TRUE;

out:
  g_ptr_array_unref (sheet.files);
  g_ptr_array_unref (sheet.tracks);
  g_free (sheet.cdtext_file);
  return ok;
}
