/* sp-sheet-writer.c
 *
 * Writes a layout (which bytes of which files make each track) as a cue
 * sheet or as a cdrdao TOC file, with everything else the image knows:
 * catalog, CD-TEXT, flags, ISRCs, indices, pregaps and postgaps, REM
 * lines, sessions (cue only).
 *
 * Each writer produces what Spindle's own parsers read back into the same
 * image; what a format cannot say is an error, never a silent change:
 *
 *  - a cue sheet's FILEs are read one after the other from their first
 *    byte, so every file must be used from byte 0, contiguously, and not
 *    come back after another; frames no file holds can only be a PREGAP
 *    (before a track's first stored frame) or a POSTGAP (after its last);
 *  - a TOC has one session, and its AUDIOFILE counts 2352-byte frames, so
 *    CD+G tracks (2448) cannot be said; nor can audio a decoder must read
 *    (FLAC, MP3...), which cdrdao does not.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-sheet-writer.h"
#include "sp-sheet-writer-private.h"
#include "sp-source.h"
#include "sp-track-private.h"

static void
sheet_file_free (gpointer data)
{
  SpSheetFile *file = data;

  g_free (file->name);
  g_free (file);
}

SpLayout *
_sp_layout_new (SpImage *image)
{
  SpLayout *layout = g_new0 (SpLayout, 1);

  layout->image = g_object_ref (image);
  layout->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    g_ptr_array_add (layout->tracks, g_array_new (FALSE, FALSE, sizeof (SpPiece)));
  layout->files = g_hash_table_new_full (NULL, NULL, NULL, sheet_file_free);
  return layout;
}

void
_sp_layout_free (SpLayout *layout)
{
  if (layout == NULL)
    return;
  g_clear_object (&layout->image);
  g_ptr_array_unref (layout->tracks);
  g_hash_table_unref (layout->files);
  g_free (layout);
}

void
_sp_layout_add_file (SpLayout     *layout,
                     gpointer      file,
                     const char   *name,
                     SpSourceType  type)
{
  SpSheetFile *entry = g_new0 (SpSheetFile, 1);

  entry->name = g_strdup (name);
  entry->type = type;
  g_hash_table_replace (layout->files, file, entry);
}

/* Appends frames to track @track (an index); merges with the previous
 * piece when they continue each other. */
void
_sp_layout_add_piece (SpLayout *layout,
                      guint     track,
                      gpointer  file,
                      guint64   offset,
                      gint64    frames,
                      guint     sector_size)
{
  GArray *pieces = g_ptr_array_index (layout->tracks, track);
  SpPiece piece = { file, offset, frames, sector_size };

  if (frames <= 0)
    return;
  if (pieces->len > 0)
    {
      SpPiece *last = &g_array_index (pieces, SpPiece, pieces->len - 1);

      if (last->file == file && last->sector_size == sector_size &&
          (file == NULL || last->offset + (guint64) last->frames * last->sector_size == offset))
        {
          last->frames += frames;
          return;
        }
    }
  g_array_append_val (pieces, piece);
}

static char *
msf (gint64 frames)
{
  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                          frames / (60 * 75), (frames / 75) % 60, frames % 75);
}

static gboolean
cue_quotable (const char  *text,
              GError     **error)
{
  if (strchr (text, '"') || strchr (text, '\n') || strchr (text, '\r'))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "“%s” holds a quote or a line break, which a cue sheet cannot write", text);
      return FALSE;
    }
  return TRUE;
}

static const char *
cue_file_type (const SpSheetFile *file)
{
  const char *dot;

  switch (file->type)
    {
    case SP_SOURCE_BINARY:   return "BINARY";
    case SP_SOURCE_MOTOROLA: return "MOTOROLA";
    case SP_SOURCE_WAVE:     return "WAVE";
    case SP_SOURCE_DECODED:
    default:
      dot = strrchr (file->name, '.');
      if (dot && (g_ascii_strcasecmp (dot, ".flac") == 0))
        return "FLAC";
      if (dot && (g_ascii_strcasecmp (dot, ".mp3") == 0))
        return "MP3";
      if (dot && (g_ascii_strcasecmp (dot, ".aif") == 0 || g_ascii_strcasecmp (dot, ".aiff") == 0))
        return "AIFF";
      return "WAVE";
    }
}

static const SpCdTextField cue_text_fields[] = {
  SP_CDTEXT_TITLE, SP_CDTEXT_PERFORMER, SP_CDTEXT_SONGWRITER,
  SP_CDTEXT_COMPOSER, SP_CDTEXT_ARRANGER, SP_CDTEXT_MESSAGE,
};

static gboolean
cue_cdtext (GString   *out,
            SpCdText  *cdtext,
            const char *indent,
            GError   **error)
{
  if (cdtext == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (cue_text_fields); i++)
    {
      const char *value = sp_cdtext_get (cdtext, cue_text_fields[i]);

      if (value == NULL)
        continue;
      if (!cue_quotable (value, error))
        return FALSE;
      g_string_append_printf (out, "%s%s \"%s\"\n", indent, sp_cdtext_field_to_keyword (cue_text_fields[i]), value);
    }
  return TRUE;
}

static void
cue_rem (GString    *out,
         GHashTable *rem,
         const char *indent)
{
  g_autoptr(GList) keys = NULL;

  if (rem == NULL)
    return;
  keys = g_list_sort (g_hash_table_get_keys (rem), (GCompareFunc) strcmp);
  for (GList *l = keys; l; l = l->next)
    {
      const char *value = g_hash_table_lookup (rem, l->data);
      gboolean quote = value && (strchr (value, ' ') != NULL || *value == '\0');

      g_string_append_printf (out, "%sREM %s %s%s%s\n", indent, (const char *) l->data,
                              quote ? "\"" : "", value ? value : "", quote ? "\"" : "");
    }
}

typedef struct
{
  gint64 frames;        /* frames of this file used so far */
  guint64 bytes;
} FileUse;

/* The generated frames before a track's first stored piece, and after its
 * last. Returns FALSE when a generated piece sits between stored ones. */
static gboolean
gap_frames (GArray  *pieces,
            gint64  *leading,
            gint64  *trailing)
{
  guint first = pieces->len, last = 0;
  gboolean any = FALSE;

  *leading = 0;
  *trailing = 0;
  for (guint i = 0; i < pieces->len; i++)
    if (g_array_index (pieces, SpPiece, i).file)
      {
        if (!any)
          first = i;
        last = i;
        any = TRUE;
      }
  for (guint i = 0; i < pieces->len; i++)
    {
      const SpPiece *piece = &g_array_index (pieces, SpPiece, i);

      if (piece->file)
        continue;
      if (!any || i < first)
        *leading += piece->frames;
      else if (i > last)
        *trailing += piece->frames;
      else
        return FALSE;
    }
  return TRUE;
}

/* Names @file in a FILE line: it must be new, or the one still current. */
static gboolean
cue_begin_file (GString     *out,
                SpLayout    *layout,
                GHashTable  *use,
                gpointer    *current,
                gpointer     key,
                GError     **error)
{
  const SpSheetFile *file = g_hash_table_lookup (layout->files, key);
  FileUse *file_use = g_hash_table_lookup (use, key);

  if (file_use)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "“%s” is used again after another file, which a cue sheet cannot say", file->name);
      return FALSE;
    }
  if (!cue_quotable (file->name, error))
    return FALSE;
  g_string_append_printf (out, "FILE \"%s\" %s\n", file->name, cue_file_type (file));
  g_hash_table_insert (use, key, g_new0 (FileUse, 1));
  *current = key;
  return TRUE;
}

/**
 * _sp_sheet_write_cue:
 *
 * Returns: (transfer full): the cue sheet's text, or %NULL with @error
 *   set (%SP_IMAGE_ERROR_UNSUPPORTED) when the layout cannot be a cue
 */
char *
_sp_sheet_write_cue (SpLayout  *layout,
                     GError   **error)
{
  SpImage *image = layout->image;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) use = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gpointer current = NULL;
  guint session = 1;
  gboolean sessions = g_list_model_get_n_items (sp_image_get_sessions (image)) > 1;

  cue_rem (out, sp_image_get_rem (image), "");
  if (sp_image_get_catalog (image))
    g_string_append_printf (out, "CATALOG %s\n", sp_image_get_catalog (image));
  if (sp_image_get_cdtext_file (image))
    {
      if (!cue_quotable (sp_image_get_cdtext_file (image), error))
        return NULL;
      g_string_append_printf (out, "CDTEXTFILE \"%s\"\n", sp_image_get_cdtext_file (image));
    }
  if (!cue_cdtext (out, sp_image_get_cdtext (image), "", error))
    return NULL;

  for (guint t = 0; t < layout->tracks->len; t++)
    {
      SpTrack *track = sp_image_get_track (image, t);
      GArray *pieces = g_ptr_array_index (layout->tracks, t);
      gint64 first = sp_track_get_first (track);
      gint64 leading, trailing, pos;
      SpTrackFlags flags = sp_track_get_flags (track);
      guint next_index = 0;

      if (!gap_frames (pieces, &leading, &trailing) || trailing != sp_track_get_postgap (track) ||
          leading > sp_track_get_start (track) - first)
        {
          g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                       "track %02u has frames no file holds within it (a TOC SILENCE or ZERO), which a cue sheet cannot say",
                       sp_track_get_number (track));
          return NULL;
        }

      if (sessions && sp_track_get_session (track) != session)
        {
          session = sp_track_get_session (track);
          g_string_append_printf (out, "REM SESSION %02u\n", session);
        }
      else if (sessions && t == 0)
        g_string_append_printf (out, "REM SESSION %02u\n", session);

      /* The file the track's first stored frame is in is named before
       * the TRACK line when it is a new one. */
      {
        const SpPiece *first_stored = NULL;

        for (guint i = 0; i < pieces->len && first_stored == NULL; i++)
          if (g_array_index (pieces, SpPiece, i).file)
            first_stored = &g_array_index (pieces, SpPiece, i);
        if (first_stored == NULL)
          {
            g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                         "track %02u holds no frame of any file, which a cue sheet cannot say",
                         sp_track_get_number (track));
            return NULL;
          }
        if (first_stored->file != current && !cue_begin_file (out, layout, use, &current, first_stored->file, error))
          return NULL;
      }

      g_string_append_printf (out, "  TRACK %02u %s\n", sp_track_get_number (track),
                              sp_track_mode_to_string (sp_track_get_mode (track)));
      if (flags & (SP_TRACK_FLAG_DCP | SP_TRACK_FLAG_4CH | SP_TRACK_FLAG_PRE | SP_TRACK_FLAG_SCMS))
        {
          g_autofree char *names = sp_track_flags_to_string (flags);
          g_string_append_printf (out, "    FLAGS %s\n", names);
        }
      if (sp_track_get_isrc (track))
        g_string_append_printf (out, "    ISRC %s\n", sp_track_get_isrc (track));
      if (!cue_cdtext (out, sp_track_get_cdtext (track), "    ", error))
        return NULL;
      cue_rem (out, sp_track_get_rem (track), "    ");
      if (leading > 0)
        {
          g_autofree char *time = msf (leading);
          g_string_append_printf (out, "    PREGAP %s\n", time);
        }

      pos = first;
      for (guint i = 0; i < pieces->len; i++)
        {
          const SpPiece *piece = &g_array_index (pieces, SpPiece, i);
          FileUse *file_use;

          if (piece->file == NULL)
            {
              pos += piece->frames;
              continue;
            }
          if (piece->file != current && !cue_begin_file (out, layout, use, &current, piece->file, error))
            return NULL;

          file_use = g_hash_table_lookup (use, piece->file);
          if (piece->offset != file_use->bytes)
            {
              const SpSheetFile *file = g_hash_table_lookup (layout->files, piece->file);

              g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                           "track %02u starts at byte %" G_GUINT64_FORMAT " of “%s” where a cue sheet would read byte %" G_GUINT64_FORMAT,
                           sp_track_get_number (track), piece->offset, file->name, file_use->bytes);
              return NULL;
            }

          /* The indices in this piece. Index 0 is where the stored pregap
           * starts: after any PREGAP; without a stored pregap, none. */
          while (next_index < sp_track_get_n_indices (track))
            {
              const SpIndex *index = sp_track_get_index (track, next_index);
              gint64 at = index->position;

              if (index->number == 0)
                {
                  if (sp_track_get_stored_pregap (track) == 0)
                    {
                      next_index++;
                      continue;
                    }
                  at = MAX (at, first + leading);
                }
              if (at >= pos + piece->frames)
                break;
              {
                g_autofree char *time = msf (file_use->frames + (at - pos));
                g_string_append_printf (out, "    INDEX %02u %s\n", index->number, time);
              }
              next_index++;
            }

          file_use->frames += piece->frames;
          file_use->bytes += (guint64) piece->frames * piece->sector_size;
          pos += piece->frames;
        }

      if (next_index < sp_track_get_n_indices (track))
        {
          g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                       "INDEX %02u of track %02u is on a frame no file holds",
                       sp_track_get_index (track, next_index)->number, sp_track_get_number (track));
          return NULL;
        }
      if (trailing > 0)
        {
          g_autofree char *text = msf (trailing);
          g_string_append_printf (out, "    POSTGAP %s\n", text);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- cdrdao TOC ---- */

static void
toc_string (GString    *out,
            const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static const SpCdTextField toc_text_fields[] = {
  SP_CDTEXT_TITLE, SP_CDTEXT_PERFORMER, SP_CDTEXT_SONGWRITER, SP_CDTEXT_COMPOSER,
  SP_CDTEXT_ARRANGER, SP_CDTEXT_MESSAGE, SP_CDTEXT_DISC_ID, SP_CDTEXT_GENRE, SP_CDTEXT_UPC_EAN,
};

static void
toc_cdtext (GString    *out,
            SpCdText   *cdtext,
            gboolean    is_track,
            const char *indent)
{
  g_string_append_printf (out, "%sCD_TEXT {\n", indent);
  if (!is_track)
    g_string_append_printf (out, "%s  LANGUAGE_MAP {\n%s    0 : EN\n%s  }\n", indent, indent, indent);
  g_string_append_printf (out, "%s  LANGUAGE 0 {\n", indent);
  for (guint i = 0; cdtext && i < G_N_ELEMENTS (toc_text_fields); i++)
    {
      const char *value = sp_cdtext_get (cdtext, toc_text_fields[i]);
      const char *keyword = sp_cdtext_field_to_keyword (toc_text_fields[i]);

      if (value == NULL)
        continue;
      /* Per track, that pack type carries the ISRC. */
      if (is_track && toc_text_fields[i] == SP_CDTEXT_UPC_EAN)
        keyword = "ISRC";
      g_string_append_printf (out, "%s    %s ", indent, keyword);
      toc_string (out, value);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "%s  }\n%s}\n", indent, indent);
}

/* The TOC keyword of a track mode, or NULL where a TOC has none (CD+G). */
const char *
sp_track_mode_to_toc_keyword (SpTrackMode mode)
{
  switch (mode)
    {
    case SP_TRACK_MODE_AUDIO:      return "AUDIO";
    case SP_TRACK_MODE_MODE1_2048: return "MODE1";
    case SP_TRACK_MODE_MODE1_2352: return "MODE1_RAW";
    case SP_TRACK_MODE_MODE2_2048: return "MODE2_FORM1";
    case SP_TRACK_MODE_MODE2_2324: return "MODE2_FORM2";
    case SP_TRACK_MODE_MODE2_2336: return "MODE2";
    case SP_TRACK_MODE_MODE2_2352: return "MODE2_RAW";
    case SP_TRACK_MODE_CDI_2336:   return "MODE2_FORM_MIX";
    case SP_TRACK_MODE_CDI_2352:   return "MODE2_RAW";
    case SP_TRACK_MODE_CDG:
    default:                       return NULL;
    }
}

static gboolean
any_cdtext (SpImage *image)
{
  if (sp_image_get_cdtext (image) && !sp_cdtext_is_empty (sp_image_get_cdtext (image)))
    return TRUE;
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpCdText *cdtext = sp_track_get_cdtext (sp_image_get_track (image, i));

      if (cdtext && !sp_cdtext_is_empty (cdtext))
        return TRUE;
    }
  return FALSE;
}

/**
 * _sp_sheet_write_toc:
 *
 * Returns: (transfer full): the TOC file's text, or %NULL with @error set
 *   (%SP_IMAGE_ERROR_UNSUPPORTED) when the layout cannot be a TOC
 */
char *
_sp_sheet_write_toc (SpLayout  *layout,
                     GError   **error)
{
  SpImage *image = layout->image;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean text = any_cdtext (image);

  if (g_list_model_get_n_items (sp_image_get_sessions (image)) > 1)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "the image has %u sessions; a cdrdao TOC file holds one",
                   g_list_model_get_n_items (sp_image_get_sessions (image)));
      return NULL;
    }

  g_string_append_printf (out, "%s\n", sp_disc_type_to_string (sp_image_get_disc_type (image)));
  if (sp_image_get_catalog (image))
    g_string_append_printf (out, "CATALOG \"%s\"\n", sp_image_get_catalog (image));
  if (text)
    toc_cdtext (out, sp_image_get_cdtext (image), FALSE, "");

  for (guint t = 0; t < layout->tracks->len; t++)
    {
      SpTrack *track = sp_image_get_track (image, t);
      GArray *pieces = g_ptr_array_index (layout->tracks, t);
      SpTrackMode mode = sp_track_get_mode (track);
      SpTrackFlags flags = sp_track_get_flags (track);
      const char *mode_name = sp_track_mode_to_toc_keyword (mode);
      gboolean audio = sp_track_is_audio (track);
      gint64 first = sp_track_get_first (track);
      gint64 start = sp_track_get_start (track);

      if (mode_name == NULL)
        {
          g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                       "track %02u is %s, which a cdrdao TOC file cannot hold as a file",
                       sp_track_get_number (track), sp_track_mode_to_string (mode));
          return NULL;
        }

      g_string_append_printf (out, "\n// Track %u\nTRACK %s%s\n", sp_track_get_number (track), mode_name,
                              sp_track_get_sector_size (track) > sp_track_mode_get_sector_size (mode) ? " RW_RAW" : "");
      g_string_append (out, (flags & SP_TRACK_FLAG_DCP) ? "COPY\n" : "NO COPY\n");
      if (audio)
        {
          g_string_append (out, (flags & SP_TRACK_FLAG_PRE) ? "PRE_EMPHASIS\n" : "NO PRE_EMPHASIS\n");
          g_string_append (out, (flags & SP_TRACK_FLAG_4CH) ? "FOUR_CHANNEL_AUDIO\n" : "TWO_CHANNEL_AUDIO\n");
        }
      if (sp_track_get_isrc (track))
        g_string_append_printf (out, "ISRC \"%s\"\n", sp_track_get_isrc (track));
      if (text && sp_track_get_cdtext (track) && !sp_cdtext_is_empty (sp_track_get_cdtext (track)))
        toc_cdtext (out, sp_track_get_cdtext (track), TRUE, "");

      for (guint i = 0; i < pieces->len; i++)
        {
          const SpPiece *piece = &g_array_index (pieces, SpPiece, i);
          g_autofree char *length = msf (piece->frames);

          if (piece->file == NULL)
            {
              g_string_append_printf (out, "%s %s\n", audio ? "SILENCE" : "ZERO", length);
              continue;
            }
          {
            const SpSheetFile *file = g_hash_table_lookup (layout->files, piece->file);

            if (audio)
              {
                if (file->type == SP_SOURCE_DECODED)
                  {
                    g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                                 "“%s” is compressed audio, which cdrdao cannot read", file->name);
                    return NULL;
                  }
                g_string_append (out, "AUDIOFILE ");
                toc_string (out, file->name);
                /* cdrdao takes raw audio as big-endian: ours is little. */
                if (file->type == SP_SOURCE_BINARY)
                  g_string_append (out, " SWAP");
                g_string_append_printf (out, " #%" G_GUINT64_FORMAT " 0 %s\n", piece->offset, length);
              }
            else
              {
                g_string_append (out, "DATAFILE ");
                toc_string (out, file->name);
                g_string_append_printf (out, " #%" G_GUINT64_FORMAT " %s\n", piece->offset, length);
              }
          }
        }

      if (start > first)
        {
          g_autofree char *at = msf (start - first);
          g_string_append_printf (out, "START %s\n", at);
        }
      if (sp_track_get_postgap (track) > 0)
        {
          g_autofree char *at = msf (sp_track_get_end (track) - sp_track_get_postgap (track) - first);
          g_string_append_printf (out, "END %s\n", at);
        }
      for (guint i = 0; i < sp_track_get_n_indices (track); i++)
        {
          const SpIndex *index = sp_track_get_index (track, i);

          if (index->number >= 2)
            {
              g_autofree char *at = msf (index->position - start);
              g_string_append_printf (out, "INDEX %s\n", at);
            }
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- A sheet for the image's own files ---- */

/* @target relative to the folder @from (both absolute). */
static char *
relative_path (const char *from,
               const char *target)
{
  g_autofree char *a = g_canonicalize_filename (from, NULL);
  g_autofree char *b = g_canonicalize_filename (target, NULL);
  g_auto(GStrv) pa = g_strsplit (a, "/", -1);
  g_auto(GStrv) pb = g_strsplit (b, "/", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint common = 0;

  while (pa[common] && pb[common] && strcmp (pa[common], pb[common]) == 0)
    common++;
  for (guint i = common; pa[i]; i++)
    if (*pa[i])
      g_string_append (out, "../");
  for (guint i = common; pb[i]; i++)
    {
      g_string_append (out, pb[i]);
      if (pb[i + 1])
        g_string_append_c (out, '/');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * sp_image_write_sheet:
 * @folder: (nullable): where the sheet will be, to name the files relative
 *   to it; %NULL names them by absolute path (a sheet for a program to
 *   read, such as the one cdrdao burns from)
 * @warnings: (nullable) (element-type utf8): receives what the sheet
 *   names only as the image did (a file that was not found)
 *
 * The same sheet `spindle-cli convert --to cue|toc` writes and the burn
 * layer hands to cdrdao: one piece of code, so that what a user saves is
 * what gets burned.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 *   (%SP_IMAGE_ERROR_UNSUPPORTED) when the format cannot say the image
 */
char *
sp_image_write_sheet (SpImage        *image,
                      SpSheetFormat   format,
                      const char     *folder,
                      GPtrArray      *warnings,
                      GError        **error)
{
  g_autoptr(SpLayout) layout = NULL;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);

  layout = _sp_layout_new (image);
  for (guint t = 0; t < sp_image_get_n_tracks (image); t++)
    {
      SpTrack *track = sp_image_get_track (image, t);
      GArray *extents = _sp_track_get_extents (track);

      for (guint e = 0; e < extents->len; e++)
        {
          const SpExtent *extent = &g_array_index (extents, SpExtent, e);

          if (extent->source && !g_hash_table_contains (layout->files, extent->source))
            {
              GFile *file = sp_source_get_file (extent->source);
              g_autofree char *path = file ? g_file_get_path (file) : NULL;
              g_autofree char *name = NULL;
              SpSourceType type = sp_source_get_source_type (extent->source);

              if (path == NULL)
                {
                  name = g_strdup (sp_source_get_name (extent->source));
                  if (warnings)
                    g_ptr_array_add (warnings, g_strdup_printf ("“%s” was not found; the sheet names it as the image does",
                                                                sp_source_get_name (extent->source)));
                }
              else
                name = folder ? relative_path (folder, path) : g_steal_pointer (&path);
              /* Big-endian audio in a file read as BINARY (a TOC's raw audio). */
              if (type == SP_SOURCE_BINARY && extent->swap)
                type = SP_SOURCE_MOTOROLA;
              _sp_layout_add_file (layout, extent->source, name, type);
            }
          _sp_layout_add_piece (layout, t, extent->source, extent->offset, extent->length, extent->sector_size);
        }
    }

  return format == SP_SHEET_FORMAT_CUE ? _sp_sheet_write_cue (layout, error) : _sp_sheet_write_toc (layout, error);
}
