/* sp-toc-parser.c: cdrdao TOC files
 *
 * The grammar follows cdrdao's own (trackdb/TocParser.g): a header of
 * CATALOG, disc type and CD_TEXT, then TRACKs, each a sequence of sub-tracks
 * (AUDIOFILE/FILE, DATAFILE, SILENCE, ZERO) concatenated in order, with
 * START marking INDEX 01 (the end of the pregap), END the start of a
 * postgap, and INDEX increments relative to START. Keywords are accepted in
 * any letter case, where cdrdao wants upper case.
 *
 * Byte order, as cdrdao defines it: audio in a raw AUDIOFILE is big-endian,
 * in a ".wav" file little-endian, and SWAP reverses either.
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

typedef enum
{
  TOK_EOF,
  TOK_WORD,      /* keyword or identifier */
  TOK_STRING,
  TOK_INTEGER,
  TOK_MSF,
  TOK_PUNCT,     /* { } , : # */
} TokType;

typedef struct
{
  TokType type;
  char *text;
  guint64 value;    /* integers; MSF in frames */
  guint line;
} Token;

typedef enum
{
  PART_FILE,        /* AUDIOFILE / FILE */
  PART_DATAFILE,
  PART_SILENCE,     /* SILENCE, ZERO, PREGAP */
} PartKind;

typedef struct
{
  PartKind kind;
  SpSource *source;
  guint64 offset;       /* bytes: '#' offset plus start */
  guint64 length;       /* bytes; 0 for "to the end of the file" */
  gboolean to_end;
  gboolean swap;
  guint line;
} Part;

typedef struct
{
  SpTrack *track;
  guint block_size;     /* bytes per frame of its data */
  gboolean audio;
  GArray *parts;        /* Part */
  gint64 start;         /* START, in frames from the track's first frame; -1 unset */
  gboolean start_at_end;
  guint start_line;
  gint64 end;           /* END (start of postgap); -1 unset */
  gboolean end_at_end;
  guint end_line;
  GArray *index_increments;  /* gint64 frames relative to START */
  guint line;
} TocTrack;

typedef struct
{
  SpImage *image;
  const char *pos;
  const char *end;
  guint line;
  Token tok;            /* current token */
  GPtrArray *tracks;    /* TocTrack */
  GHashTable *sources;  /* "name\x1ftype" -> SpSource */
} TocParser;

/* ---- Lexer ----------------------------------------------------------- */

static void
token_clear (Token *tok)
{
  g_clear_pointer (&tok->text, g_free);
}

static gboolean
lex_string (TocParser  *p,
            GError    **error)
{
  GString *s = g_string_new (NULL);
  guint line = p->line;

  p->pos++;  /* opening quote */
  while (p->pos < p->end && *p->pos != '"')
    {
      if (*p->pos == '\n')
        {
          g_string_free (s, TRUE);
          return _sp_image_fail (p->image, error, line, "a string has no closing quote");
        }
      if (*p->pos == '\\' && p->pos + 1 < p->end)
        {
          if (p->pos[1] == '"')
            {
              g_string_append_c (s, '"');
              p->pos += 2;
              continue;
            }
          if (p->pos + 3 < p->end && g_ascii_isdigit (p->pos[1]) && g_ascii_isdigit (p->pos[2]) &&
              g_ascii_isdigit (p->pos[3]))
            {
              guint v = (guint) (p->pos[1] - '0') * 64 + (guint) (p->pos[2] - '0') * 8 + (guint) (p->pos[3] - '0');

              /* A NUL would cut the string short; nothing legitimate needs it. */
              if (v > 0 && v < 256)
                g_string_append_c (s, (char) v);
              p->pos += 4;
              continue;
            }
        }
      g_string_append_c (s, *p->pos);
      p->pos++;
    }

  if (p->pos >= p->end)
    {
      g_string_free (s, TRUE);
      return _sp_image_fail (p->image, error, line, "a string has no closing quote");
    }
  p->pos++;

  p->tok.type = TOK_STRING;
  /* Octal escapes give bytes, and cdrdao writes CD-TEXT in ISO 8859-1:
   * a string that is not UTF-8 is read as Latin-1, so that titles, file
   * names and the messages quoting them are text (a name of raw bytes made
   * "“...” is missing" invalid UTF-8: fuzz-toc). */
  if (!g_utf8_validate (s->str, (gssize) s->len, NULL))
    {
      p->tok.text = g_convert (s->str, (gssize) s->len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      g_string_free (s, TRUE);
      if (p->tok.text == NULL)
        p->tok.text = g_strdup ("");
    }
  else
    p->tok.text = g_string_free (s, FALSE);
  p->tok.line = line;
  return TRUE;
}

static gboolean
next_token (TocParser  *p,
            GError    **error)
{
  token_clear (&p->tok);

  for (;;)
    {
      while (p->pos < p->end && (*p->pos == ' ' || *p->pos == '\t' || *p->pos == '\r' || *p->pos == '\n'))
        {
          /* A lone CR ends a line too. */
          if (*p->pos == '\n' || (*p->pos == '\r' && (p->pos + 1 >= p->end || p->pos[1] != '\n')))
            p->line++;
          p->pos++;
        }
      if (p->pos + 1 < p->end && p->pos[0] == '/' && p->pos[1] == '/')
        {
          while (p->pos < p->end && *p->pos != '\n' && *p->pos != '\r')
            p->pos++;
          continue;
        }
      break;
    }

  p->tok.line = p->line;
  if (p->pos >= p->end)
    {
      p->tok.type = TOK_EOF;
      return TRUE;
    }

  if (*p->pos == '"')
    return lex_string (p, error);

  if (strchr ("{},:#", *p->pos))
    {
      p->tok.type = TOK_PUNCT;
      p->tok.text = g_strndup (p->pos, 1);
      p->pos++;
      return TRUE;
    }

  if (g_ascii_isdigit (*p->pos))
    {
      const char *start = p->pos;
      guint64 v = 0;

      while (p->pos < p->end && g_ascii_isdigit (*p->pos))
        {
          if (v > G_MAXUINT64 / 10 - 10)
            return _sp_image_fail (p->image, error, p->line, "a number is too large");
          v = v * 10 + (guint64) (*p->pos - '0');
          p->pos++;
        }

      /* MM:SS:FF is one token for us; cdrdao's lexer splits it at the colons. */
      if (p->pos < p->end && *p->pos == ':')
        {
          const char *q = p->pos;
          g_autofree char *text = NULL;
          gint64 frames;

          while (q < p->end && (g_ascii_isdigit (*q) || *q == ':'))
            q++;
          text = g_strndup (start, (gsize) (q - start));
          if (!sp_msf_parse (text, &frames))
            return _sp_image_fail (p->image, error, p->line,
                                   "“%s” is not a valid time: MM:SS:FF with seconds below 60 and frames below 75",
                                   text);
          p->pos = q;
          p->tok.type = TOK_MSF;
          p->tok.value = (guint64) frames;
          p->tok.text = g_steal_pointer (&text);
          return TRUE;
        }

      p->tok.type = TOK_INTEGER;
      p->tok.value = v;
      p->tok.text = g_strndup (start, (gsize) (p->pos - start));
      return TRUE;
    }

  if (g_ascii_isalpha (*p->pos) || *p->pos == '_')
    {
      const char *start = p->pos;

      while (p->pos < p->end && (g_ascii_isalnum (*p->pos) || *p->pos == '_'))
        p->pos++;
      p->tok.type = TOK_WORD;
      p->tok.text = g_ascii_strup (start, p->pos - start);
      return TRUE;
    }

  {
    char bad[8] = { 0 };
    gsize n = (gsize) g_utf8_skip[*(const guchar *) p->pos];

    memcpy (bad, p->pos, MIN (n, (gsize) (p->end - p->pos)));
    return _sp_image_fail (p->image, error, p->line, "unexpected “%s”", bad);
  }
}

static gboolean
is_word (TocParser  *p,
         const char *word)
{
  return p->tok.type == TOK_WORD && strcmp (p->tok.text, word) == 0;
}

static gboolean
is_punct (TocParser *p,
          char       c)
{
  return p->tok.type == TOK_PUNCT && p->tok.text[0] == c;
}

static const char *
token_description (TocParser *p)
{
  return p->tok.type == TOK_EOF ? "the end of the file" : p->tok.text;
}

static gboolean
expect_punct (TocParser  *p,
              char        c,
              GError    **error)
{
  if (!is_punct (p, c))
    return _sp_image_fail (p->image, error, p->tok.line, "expected “%c”, found “%s”", c,
                           token_description (p));
  return next_token (p, error);
}

static gboolean
take_string (TocParser   *p,
             const char  *what,
             char       **out,
             GError     **error)
{
  if (p->tok.type != TOK_STRING)
    return _sp_image_fail (p->image, error, p->tok.line, "%s needs a quoted string, found “%s”",
                           what, token_description (p));
  *out = g_steal_pointer (&p->tok.text);
  return next_token (p, error);
}

/* A length or position: MM:SS:FF in frames of @block bytes, or an integer
 * in units of @unit bytes (4 for audio samples, 1 for data bytes). */
static gboolean
take_amount (TocParser   *p,
             const char  *what,
             guint        block,
             guint        unit,
             guint64     *bytes,
             GError     **error)
{
  if (p->tok.type == TOK_MSF)
    *bytes = p->tok.value * block;
  else if (p->tok.type == TOK_INTEGER)
    {
      if (p->tok.value > G_MAXUINT64 / 8)
        return _sp_image_fail (p->image, error, p->tok.line, "%s is too large", what);
      *bytes = p->tok.value * unit;
    }
  else
    return _sp_image_fail (p->image, error, p->tok.line, "%s needs a length, found “%s”",
                           what, token_description (p));
  return next_token (p, error);
}

static gboolean
take_msf (TocParser   *p,
          const char  *what,
          gint64      *frames,
          GError     **error)
{
  if (p->tok.type != TOK_MSF)
    return _sp_image_fail (p->image, error, p->tok.line, "%s needs a time (MM:SS:FF), found “%s”",
                           what, token_description (p));
  *frames = (gint64) p->tok.value;
  return next_token (p, error);
}

/* ---- CD-TEXT --------------------------------------------------------- */

static gboolean
skip_binary (TocParser  *p,
             GError    **error)
{
  if (!expect_punct (p, '{', error))
    return FALSE;
  while (!is_punct (p, '}'))
    {
      if (p->tok.type == TOK_EOF)
        return _sp_image_fail (p->image, error, p->tok.line, "binary CD-TEXT data has no closing “}”");
      if (!next_token (p, error))
        return FALSE;
    }
  return next_token (p, error);
}

static gboolean
parse_cdtext_block (TocParser  *p,
                    SpCdText   *cdtext,
                    gboolean    is_track,
                    GError    **error)
{
  gboolean first_block = TRUE;

  /* CD_TEXT already taken */
  if (!expect_punct (p, '{', error))
    return FALSE;

  while (!is_punct (p, '}'))
    {
      if (is_word (p, "LANGUAGE_MAP"))
        {
          if (!next_token (p, error) || !expect_punct (p, '{', error))
            return FALSE;
          while (!is_punct (p, '}'))
            {
              if (p->tok.type == TOK_EOF)
                return _sp_image_fail (p->image, error, p->tok.line, "LANGUAGE_MAP has no closing “}”");
              if (!next_token (p, error))
                return FALSE;
            }
          if (!next_token (p, error))
            return FALSE;
        }
      else if (is_word (p, "LANGUAGE"))
        {
          gboolean keep = first_block;
          guint block_line = p->tok.line;

          if (!next_token (p, error))
            return FALSE;
          if (p->tok.type != TOK_INTEGER || p->tok.value > 7)
            return _sp_image_fail (p->image, error, p->tok.line, "LANGUAGE needs a block number 0–7");
          if (!next_token (p, error) || !expect_punct (p, '{', error))
            return FALSE;

          if (!first_block)
            _sp_image_warn (p->image, block_line, "only the first CD-TEXT language is read");
          first_block = FALSE;

          while (!is_punct (p, '}'))
            {
              SpCdTextField field;
              g_autofree char *item = NULL;
              guint item_line = p->tok.line;

              if (p->tok.type != TOK_WORD)
                return _sp_image_fail (p->image, error, p->tok.line, "expected a CD-TEXT item, found “%s”",
                                       token_description (p));
              item = g_strdup (p->tok.text);
              if (!next_token (p, error))
                return FALSE;

              if (is_punct (p, '{'))
                {
                  if (!skip_binary (p, error))
                    return FALSE;
                  continue;
                }
              if (p->tok.type != TOK_STRING)
                return _sp_image_fail (p->image, error, p->tok.line, "CD-TEXT %s needs a string", item);

              if (strcmp (item, "ISRC") == 0 && is_track)
                field = SP_CDTEXT_UPC_EAN;
              else if (!sp_cdtext_field_from_keyword (item, &field))
                {
                  _sp_image_warn (p->image, item_line, "unknown CD-TEXT item “%s” is ignored", item);
                  if (!next_token (p, error))
                    return FALSE;
                  continue;
                }

              if (keep)
                sp_cdtext_set (cdtext, field, p->tok.text);
              if (!next_token (p, error))
                return FALSE;
            }
          if (!next_token (p, error))
            return FALSE;
        }
      else
        return _sp_image_fail (p->image, error, p->tok.line, "expected LANGUAGE or LANGUAGE_MAP, found “%s”",
                               token_description (p));
    }
  return next_token (p, error);
}

/* ---- Tracks ---------------------------------------------------------- */

static void
toc_track_free (TocTrack *track)
{
  for (guint i = 0; i < track->parts->len; i++)
    g_clear_object (&g_array_index (track->parts, Part, i).source);
  g_array_unref (track->parts);
  g_array_unref (track->index_increments);
  g_clear_object (&track->track);
  g_free (track);
}

static SpSource *
source_for (TocParser    *p,
            const char   *name,
            SpSourceType  type,
            guint         line)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%d", name, type);
  SpSource *source = g_hash_table_lookup (p->sources, key);

  if (source == NULL)
    {
      source = sp_source_new (name, type, line);
      g_hash_table_insert (p->sources, g_steal_pointer (&key), source);
      _sp_image_add_source (p->image, source);
    }
  return g_object_ref (source);
}

static gboolean
parse_track_mode (TocParser    *p,
                  SpTrackMode  *mode,
                  GError      **error)
{
  static const struct { const char *word; SpTrackMode mode; } modes[] = {
    { "AUDIO", SP_TRACK_MODE_AUDIO },
    { "MODE1", SP_TRACK_MODE_MODE1_2048 },
    { "MODE1_RAW", SP_TRACK_MODE_MODE1_2352 },
    { "MODE2", SP_TRACK_MODE_MODE2_2336 },
    { "MODE2_FORM1", SP_TRACK_MODE_MODE2_2048 },
    { "MODE2_FORM2", SP_TRACK_MODE_MODE2_2324 },
    { "MODE2_FORM_MIX", SP_TRACK_MODE_MODE2_2336 },
    { "MODE2_RAW", SP_TRACK_MODE_MODE2_2352 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (is_word (p, modes[i].word))
      {
        *mode = modes[i].mode;
        return next_token (p, error);
      }
  return _sp_image_fail (p->image, error, p->tok.line, "unknown track mode “%s”", token_description (p));
}

static gboolean
parse_part (TocParser  *p,
            TocTrack   *track,
            GError    **error)
{
  Part part = { 0 };

  part.line = p->tok.line;

  if (is_word (p, "AUDIOFILE") || is_word (p, "FILE"))
    {
      g_autofree char *name = NULL;
      guint64 offset = 0, start = 0;
      gboolean is_wav;

      if (!track->audio)
        return _sp_image_fail (p->image, error, part.line, "%s is only allowed in audio tracks", p->tok.text);
      if (!next_token (p, error) || !take_string (p, "AUDIOFILE", &name, error))
        return FALSE;
      if (is_word (p, "SWAP"))
        {
          part.swap = TRUE;
          if (!next_token (p, error))
            return FALSE;
        }
      if (is_punct (p, '#'))
        {
          if (!next_token (p, error))
            return FALSE;
          if (p->tok.type != TOK_INTEGER)
            return _sp_image_fail (p->image, error, p->tok.line, "“#” needs a byte offset");
          offset = p->tok.value;
          if (!next_token (p, error))
            return FALSE;
        }
      if (!take_amount (p, "AUDIOFILE", SP_RAW_SECTOR_SIZE, 4, &start, error))
        return FALSE;
      part.to_end = TRUE;
      if (p->tok.type == TOK_MSF || p->tok.type == TOK_INTEGER)
        {
          if (!take_amount (p, "AUDIOFILE", SP_RAW_SECTOR_SIZE, 4, &part.length, error))
            return FALSE;
          part.to_end = part.length == 0;
        }

      is_wav = g_str_has_suffix (name, ".wav") || g_str_has_suffix (name, ".WAV");
      part.kind = PART_FILE;
      part.offset = offset + start;
      /* Raw audio is big-endian for cdrdao; our canonical form is little-endian. */
      part.source = source_for (p, name, is_wav ? SP_SOURCE_WAVE : SP_SOURCE_BINARY, part.line);
      part.swap = is_wav ? part.swap : !part.swap;
    }
  else if (is_word (p, "DATAFILE"))
    {
      g_autofree char *name = NULL;

      if (!next_token (p, error) || !take_string (p, "DATAFILE", &name, error))
        return FALSE;
      if (is_punct (p, '#'))
        {
          if (!next_token (p, error))
            return FALSE;
          if (p->tok.type != TOK_INTEGER)
            return _sp_image_fail (p->image, error, p->tok.line, "“#” needs a byte offset");
          part.offset = p->tok.value;
          if (!next_token (p, error))
            return FALSE;
        }
      part.to_end = TRUE;
      if (p->tok.type == TOK_MSF || p->tok.type == TOK_INTEGER)
        {
          if (!take_amount (p, "DATAFILE", track->block_size, 1, &part.length, error))
            return FALSE;
          part.to_end = part.length == 0;
        }
      part.kind = PART_DATAFILE;
      part.source = source_for (p, name, SP_SOURCE_BINARY, part.line);
      /* Audio in a DATAFILE is raw audio, big-endian like AUDIOFILE's. */
      part.swap = track->audio;
    }
  else if (is_word (p, "SILENCE"))
    {
      if (!next_token (p, error) || !take_amount (p, "SILENCE", SP_RAW_SECTOR_SIZE, 4, &part.length, error))
        return FALSE;
      part.kind = PART_SILENCE;
    }
  else if (is_word (p, "ZERO"))
    {
      guint block = track->block_size;

      if (!next_token (p, error))
        return FALSE;
      /* An optional data mode and sub-channel mode name the block size. */
      if (p->tok.type == TOK_WORD && !is_word (p, "RW") && !is_word (p, "RW_RAW"))
        {
          SpTrackMode mode;

          if (is_word (p, "MODE0"))
            {
              block = 2336;
              if (!next_token (p, error))
                return FALSE;
            }
          else
            {
              if (!parse_track_mode (p, &mode, error))
                return FALSE;
              block = sp_track_mode_get_sector_size (mode);
            }
        }
      if (is_word (p, "RW") || is_word (p, "RW_RAW"))
        {
          block += SP_SUBCHANNEL_SIZE;
          if (!next_token (p, error))
            return FALSE;
        }
      if (!take_amount (p, "ZERO", block, 1, &part.length, error))
        return FALSE;
      /* Express the length in this track's blocks. */
      part.length = (part.length + block - 1) / block * track->block_size;
      part.kind = PART_SILENCE;
    }
  else if (is_word (p, "FIFO"))
    return _sp_image_fail (p->image, error, part.line, "FIFO sources cannot be read from an image");
  else
    g_assert_not_reached ();

  g_array_append_val (track->parts, part);
  return TRUE;
}

static gboolean
parse_track (TocParser  *p,
             GError    **error)
{
  TocTrack *track = g_new0 (TocTrack, 1);
  SpTrackMode mode;
  SpTrackFlags flags = SP_TRACK_FLAG_NONE;
  guint sector_size;
  gboolean have_data = FALSE;

  track->line = p->tok.line;
  track->start = -1;
  track->end = -1;
  track->parts = g_array_new (FALSE, TRUE, sizeof (Part));
  track->index_increments = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_ptr_array_add (p->tracks, track);

  if (p->tracks->len > 99)
    return _sp_image_fail (p->image, error, track->line, "more than 99 tracks");

  if (!next_token (p, error) || !parse_track_mode (p, &mode, error))
    return FALSE;
  sector_size = sp_track_mode_get_sector_size (mode);
  if (is_word (p, "RW") || is_word (p, "RW_RAW"))
    {
      if (mode == SP_TRACK_MODE_AUDIO)
        mode = SP_TRACK_MODE_CDG;
      sector_size += SP_SUBCHANNEL_SIZE;
      if (!next_token (p, error))
        return FALSE;
    }

  track->track = _sp_track_new (p->tracks->len, mode, track->line);
  _sp_track_set_mode (track->track, mode, sector_size);
  track->block_size = sector_size;
  track->audio = sp_track_mode_is_audio (mode);

  /* Flags, ISRC and CD-TEXT, in any order. */
  for (;;)
    {
      gboolean no = FALSE;

      if (is_word (p, "NO"))
        {
          no = TRUE;
          if (!next_token (p, error))
            return FALSE;
        }
      if (is_word (p, "COPY"))
        flags = no ? flags & ~SP_TRACK_FLAG_DCP : flags | SP_TRACK_FLAG_DCP;
      else if (is_word (p, "PRE_EMPHASIS"))
        flags = no ? flags & ~SP_TRACK_FLAG_PRE : flags | SP_TRACK_FLAG_PRE;
      else if (!no && is_word (p, "TWO_CHANNEL_AUDIO"))
        flags &= ~SP_TRACK_FLAG_4CH;
      else if (!no && is_word (p, "FOUR_CHANNEL_AUDIO"))
        flags |= SP_TRACK_FLAG_4CH;
      else if (!no && is_word (p, "ISRC"))
        {
          g_autofree char *isrc = NULL;
          guint line = p->tok.line;

          if (!next_token (p, error) || !take_string (p, "ISRC", &isrc, error))
            return FALSE;
          if (strlen (isrc) == 12)
            _sp_track_set_isrc (track->track, isrc);
          else
            _sp_image_warn (p->image, line, "ISRC “%s” is not 12 characters; it is ignored", isrc);
          continue;
        }
      else if (!no && is_word (p, "CD_TEXT"))
        {
          if (!next_token (p, error) ||
              !parse_cdtext_block (p, sp_track_get_cdtext (track->track), TRUE, error))
            return FALSE;
          continue;
        }
      else if (no)
        return _sp_image_fail (p->image, error, p->tok.line, "NO must be followed by COPY or PRE_EMPHASIS");
      else
        break;

      if (!next_token (p, error))
        return FALSE;
    }
  _sp_track_set_flags (track->track, flags);

  if (is_word (p, "PREGAP"))
    {
      gint64 frames;
      Part part = { .kind = PART_SILENCE, .line = p->tok.line };

      if (!next_token (p, error) || !take_msf (p, "PREGAP", &frames, error))
        return FALSE;
      part.length = (guint64) frames * track->block_size;
      g_array_append_val (track->parts, part);
      track->start = frames;
      track->start_line = part.line;
      have_data = TRUE;
    }

  for (;;)
    {
      if (is_word (p, "AUDIOFILE") || is_word (p, "FILE") || is_word (p, "DATAFILE") ||
          is_word (p, "SILENCE") || is_word (p, "ZERO") || is_word (p, "FIFO"))
        {
          if (!parse_part (p, track, error))
            return FALSE;
          have_data = TRUE;
        }
      else if (is_word (p, "START") || is_word (p, "END"))
        {
          gboolean is_start = is_word (p, "START");
          guint line = p->tok.line;
          gint64 frames = -1;

          if (!next_token (p, error))
            return FALSE;
          if (p->tok.type == TOK_MSF && !take_msf (p, is_start ? "START" : "END", &frames, error))
            return FALSE;

          if (is_start)
            {
              if (track->start_line)
                return _sp_image_fail (p->image, error, line, "the track's start (end of pregap) is already set on line %u",
                                       track->start_line);
              track->start_line = line;
              track->start = frames;
              /* START with no time: here, after what came so far. */
              track->start_at_end = frames < 0;
              if (frames < 0)
                track->start = (gint64) track->parts->len;  /* resolved in layout */
            }
          else
            {
              if (track->end_line)
                return _sp_image_fail (p->image, error, line, "the track's end (start of postgap) is already set on line %u",
                                       track->end_line);
              track->end_line = line;
              track->end = frames;
              track->end_at_end = frames < 0;
              if (frames < 0)
                track->end = (gint64) track->parts->len;
            }
        }
      else
        break;
    }

  if (!have_data)
    return _sp_image_fail (p->image, error, track->line, "the track has no data (AUDIOFILE, DATAFILE, SILENCE or ZERO)");

  while (is_word (p, "INDEX"))
    {
      gint64 frames;
      guint line = p->tok.line;

      if (!next_token (p, error) || !take_msf (p, "INDEX", &frames, error))
        return FALSE;
      if (frames == 0)
        return _sp_image_fail (p->image, error, line, "INDEX at the start of the track");
      if (track->index_increments->len >= 98)
        return _sp_image_fail (p->image, error, line, "more than 98 INDEX increments");
      if (track->index_increments->len > 0 &&
          frames <= g_array_index (track->index_increments, gint64, track->index_increments->len - 1))
        return _sp_image_fail (p->image, error, line, "INDEX is not after the previous INDEX");
      g_array_append_val (track->index_increments, frames);
    }

  return TRUE;
}

/* ---- Layout ---------------------------------------------------------- */

static gint64
frames_of (guint64 bytes,
           guint   block)
{
  return (gint64) ((bytes + block - 1) / block);
}

static gboolean
layout_track (TocParser  *p,
              TocTrack   *track,
              GError    **error)
{
  gint64 total = 0;
  gint64 start_frames = -1, end_frames = -1;
  SpTrack *t = track->track;

  for (guint i = 0; i <= track->parts->len; i++)
    {
      Part *part;
      gint64 frames;

      /* START/END without a time mark the position before part i. */
      if (track->start_at_end && track->start == (gint64) i)
        start_frames = total;
      if (track->end_at_end && track->end == (gint64) i)
        end_frames = total;
      if (i == track->parts->len)
        break;

      part = &g_array_index (track->parts, Part, i);
      if (part->kind == PART_SILENCE)
        {
          frames = frames_of (part->length, track->block_size);
          _sp_track_add_extent (t, NULL, 0, track->block_size, frames, FALSE);
        }
      else
        {
          guint block = part->kind == PART_FILE ? SP_RAW_SECTOR_SIZE : track->block_size;
          guint64 length = part->length;
          guint64 available = sp_source_get_data_size (part->source);
          gboolean ok = sp_source_get_status (part->source) == SP_SOURCE_STATUS_OK;

          if (part->to_end)
            length = available > part->offset ? available - part->offset : 0;
          else if (ok && part->offset + length > available)
            _sp_image_error (p->image, part->line,
                             "“%s” is too short: %" G_GUINT64_FORMAT " bytes from offset %" G_GUINT64_FORMAT
                             " are needed, but it holds %" G_GUINT64_FORMAT,
                             sp_source_get_display_name (part->source), length, part->offset, available);

          if (ok && part->to_end && part->offset > available)
            _sp_image_error (p->image, part->line, "“%s” is shorter than its offset %" G_GUINT64_FORMAT,
                             sp_source_get_display_name (part->source), part->offset);

          if (length % block != 0 && i + 1 < track->parts->len)
            _sp_image_warn (p->image, part->line,
                            "this part is not a whole number of %u-byte blocks; it is padded", block);
          frames = frames_of (length, block);
          _sp_track_add_extent (t, part->source, part->offset, block, frames, part->swap);
        }
      total += frames;
    }

  if (total == 0)
    {
      /* A missing file (already reported) leaves its track empty. */
      for (guint i = 0; i < track->parts->len; i++)
        {
          Part *part = &g_array_index (track->parts, Part, i);

          if (part->source && sp_source_get_status (part->source) != SP_SOURCE_STATUS_OK)
            {
              _sp_track_set_source_hint (t, part->source);
              _sp_track_add_index (t, 1, 0);
              return TRUE;
            }
        }
      return _sp_image_fail (p->image, error, track->line, "the track is empty");
    }

  if (!track->start_at_end)
    start_frames = track->start >= 0 ? track->start : 0;
  if (!track->end_at_end)
    end_frames = track->end;

  if (start_frames >= total)
    return _sp_image_fail (p->image, error, track->start_line ? track->start_line : track->line,
                           "START is at or after the end of the track");
  if (start_frames > 0 && p->tracks->len > 0 && track == g_ptr_array_index (p->tracks, 0))
    _sp_image_warn (p->image, track->start_line,
                    "the first track has a pregap; cdrdao refuses this, as the disc's first 2 seconds are implicit");

  _sp_track_add_index (t, 1, start_frames);
  for (guint i = 0; i < track->index_increments->len; i++)
    {
      gint64 rel = start_frames + g_array_index (track->index_increments, gint64, i);

      if (rel >= total)
        return _sp_image_fail (p->image, error, track->line, "INDEX %02u is beyond the track's end", i + 2);
      _sp_track_add_index (t, i + 2, rel);
    }

  if (end_frames >= 0)
    {
      if (end_frames <= start_frames || end_frames >= total)
        return _sp_image_fail (p->image, error, track->end_line, "END is not between the track's start and end");
      _sp_track_set_postgap (t, total - end_frames);
    }

  return TRUE;
}

gboolean
_sp_toc_load (SpImage       *image,
              const char    *text,
              gsize          length,
              GCancellable  *cancellable,
              GError       **error)
{
  TocParser p = {
    .image = image,
    .pos = text,
    .end = text + length,
    .line = 1,
    .tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) toc_track_free),
    /* Owns the reference source_for() creates: without it every source of
     * a TOC file (its descriptor included) outlived the image. Found by
     * the TOC fuzz target, which ran out of file descriptors. */
    .sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref),
  };
  gboolean ok = FALSE;

  if (!next_token (&p, error))
    goto out;

  /* Header */
  for (;;)
    {
      if (is_word (&p, "CATALOG"))
        {
          g_autofree char *catalog = NULL;
          guint line = p.tok.line;
          gboolean digits;

          if (!next_token (&p, error) || !take_string (&p, "CATALOG", &catalog, error))
            goto out;
          digits = strlen (catalog) == 13;
          for (guint i = 0; digits && i < 13; i++)
            digits = g_ascii_isdigit (catalog[i]);
          if (digits)
            _sp_image_set_catalog (image, catalog);
          else
            _sp_image_warn (image, line, "CATALOG “%s” is not 13 digits; it is ignored", catalog);
        }
      else if (is_word (&p, "CD_DA") || is_word (&p, "CD_ROM") || is_word (&p, "CD_ROM_XA") ||
               is_word (&p, "CD_I"))
        {
          SpDiscType type = is_word (&p, "CD_DA") ? SP_DISC_TYPE_CD_DA
                          : is_word (&p, "CD_ROM") ? SP_DISC_TYPE_CD_ROM
                          : is_word (&p, "CD_ROM_XA") ? SP_DISC_TYPE_CD_ROM_XA
                          : SP_DISC_TYPE_CD_I;

          _sp_image_set_disc_type (image, type);
          if (!next_token (&p, error))
            goto out;
        }
      else if (is_word (&p, "CD_TEXT"))
        {
          if (!next_token (&p, error) ||
              !parse_cdtext_block (&p, sp_image_get_cdtext (image), FALSE, error))
            goto out;
        }
      else
        break;
    }

  while (is_word (&p, "TRACK"))
    if (!parse_track (&p, error))
      goto out;

  if (p.tok.type != TOK_EOF)
    {
      _sp_image_fail (image, error, p.tok.line,
                      p.tracks->len == 0 ? "not a TOC file: expected TRACK, found “%s”"
                                         : "expected TRACK or INDEX, found “%s”",
                      token_description (&p));
      goto out;
    }
  if (p.tracks->len == 0)
    {
      _sp_image_fail (image, error, 0, "there is no TRACK in it");
      goto out;
    }

  _sp_resolve_sources (image, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  for (guint i = 0; i < p.tracks->len; i++)
    {
      TocTrack *track = g_ptr_array_index (p.tracks, i);

      if (!layout_track (&p, track, error))
        goto out;
      _sp_image_add_track (image, track->track);
    }

  ok = TRUE;

out:
  token_clear (&p.tok);
  g_ptr_array_unref (p.tracks);
  g_hash_table_unref (p.sources);
  return ok;
}
