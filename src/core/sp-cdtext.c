/* sp-cdtext.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-cdtext.h"
#include "sp-subchannel.h"

struct _SpCdText
{
  char *fields[SP_CDTEXT_N_FIELDS];
};

G_DEFINE_BOXED_TYPE (SpCdText, sp_cdtext, sp_cdtext_ref, sp_cdtext_unref)

static const struct {
  const char *keyword;   /* as a cue sheet (and cdrdao's TOC) writes it */
  const char *json_key;
} field_names[SP_CDTEXT_N_FIELDS] = {
  [SP_CDTEXT_TITLE]      = { "TITLE",      "title" },
  [SP_CDTEXT_PERFORMER]  = { "PERFORMER",  "performer" },
  [SP_CDTEXT_SONGWRITER] = { "SONGWRITER", "songwriter" },
  [SP_CDTEXT_COMPOSER]   = { "COMPOSER",   "composer" },
  [SP_CDTEXT_ARRANGER]   = { "ARRANGER",   "arranger" },
  [SP_CDTEXT_MESSAGE]    = { "MESSAGE",    "message" },
  [SP_CDTEXT_DISC_ID]    = { "DISC_ID",    "disc_id" },
  [SP_CDTEXT_GENRE]      = { "GENRE",      "genre" },
  [SP_CDTEXT_TOC_INFO1]  = { "TOC_INFO1",  "toc_info1" },
  [SP_CDTEXT_TOC_INFO2]  = { "TOC_INFO2",  "toc_info2" },
  [SP_CDTEXT_UPC_EAN]    = { "UPC_EAN",    "upc_ean" },
  [SP_CDTEXT_SIZE_INFO]  = { "SIZE_INFO",  "size_info" },
};

SpCdText *
sp_cdtext_new (void)
{
  return g_atomic_rc_box_new0 (SpCdText);
}

SpCdText *
sp_cdtext_ref (SpCdText *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
sp_cdtext_clear (SpCdText *self)
{
  for (guint i = 0; i < SP_CDTEXT_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);
}

void
sp_cdtext_unref (SpCdText *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) sp_cdtext_clear);
}

/**
 * sp_cdtext_get:
 *
 * Returns: (nullable): the field's text in UTF-8, or %NULL when not set
 */
const char *
sp_cdtext_get (const SpCdText *self,
               SpCdTextField   field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < SP_CDTEXT_N_FIELDS, NULL);
  return self->fields[field];
}

/* An empty string unsets the field: CD-TEXT has no way to say "empty". */
void
sp_cdtext_set (SpCdText      *self,
               SpCdTextField  field,
               const char    *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (field < SP_CDTEXT_N_FIELDS);

  g_free (self->fields[field]);
  self->fields[field] = (value && *value) ? g_strdup (value) : NULL;
}

gboolean
sp_cdtext_is_empty (const SpCdText *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint i = 0; i < SP_CDTEXT_N_FIELDS; i++)
    if (self->fields[i])
      return FALSE;
  return TRUE;
}

/* Fills the fields @self lacks from @other: what the sheet itself says wins
 * over a CDTEXTFILE. */
void
sp_cdtext_merge_missing (SpCdText       *self,
                         const SpCdText *other)
{
  g_return_if_fail (self != NULL);
  if (other == NULL)
    return;

  for (guint i = 0; i < SP_CDTEXT_N_FIELDS; i++)
    if (self->fields[i] == NULL && other->fields[i] != NULL)
      self->fields[i] = g_strdup (other->fields[i]);
}

const char *
sp_cdtext_field_to_keyword (SpCdTextField field)
{
  g_return_val_if_fail (field < SP_CDTEXT_N_FIELDS, NULL);
  return field_names[field].keyword;
}

const char *
sp_cdtext_field_to_json_key (SpCdTextField field)
{
  g_return_val_if_fail (field < SP_CDTEXT_N_FIELDS, NULL);
  return field_names[field].json_key;
}

gboolean
sp_cdtext_field_from_keyword (const char    *keyword,
                              SpCdTextField *field)
{
  for (guint i = 0; i < SP_CDTEXT_N_FIELDS; i++)
    {
      if (g_ascii_strcasecmp (keyword, field_names[i].keyword) == 0)
        {
          *field = (SpCdTextField) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- Packs ------------------------------------------------------------
 *
 * CD-TEXT as a disc's lead-in carries it (MMC-3 Annex J): packs of 18
 * bytes, type (0x80 title ... 0x8f size information), track number, sequence
 * number, block (language) and character position, 12 bytes of text, and a
 * CRC-16 (the Q subchannel's, inverted). The texts of one type run across
 * packs as NUL-terminated strings, one per track from the pack's track
 * number on; a lone TAB means "the same as the previous track".
 *
 * libcdio 2.1's decoder mis-assigns the strings that follow an empty one
 * (a disc-level field left empty shifts every track's text by one), so
 * Spindle reads packs itself.
 */

#define PACK_SIZE 18
#define MAX_TRACK 99

void
sp_cdtext_array_free (SpCdText **array)
{
  if (array == NULL)
    return;
  for (guint i = 0; i <= MAX_TRACK; i++)
    if (array[i])
      sp_cdtext_unref (array[i]);
  g_free (array);
}

static gboolean
field_for_pack_type (guint8         type,
                     SpCdTextField *field)
{
  switch (type)
    {
    case 0x80: *field = SP_CDTEXT_TITLE; return TRUE;
    case 0x81: *field = SP_CDTEXT_PERFORMER; return TRUE;
    case 0x82: *field = SP_CDTEXT_SONGWRITER; return TRUE;
    case 0x83: *field = SP_CDTEXT_COMPOSER; return TRUE;
    case 0x84: *field = SP_CDTEXT_ARRANGER; return TRUE;
    case 0x85: *field = SP_CDTEXT_MESSAGE; return TRUE;
    case 0x86: *field = SP_CDTEXT_DISC_ID; return TRUE;
    case 0x87: *field = SP_CDTEXT_GENRE; return TRUE;
    case 0x8E: *field = SP_CDTEXT_UPC_EAN; return TRUE;   /* UPC/EAN for the disc, ISRC for tracks */
    default:   return FALSE;                               /* TOC info, closed info, size info */
    }
}

static char *
to_utf8 (const char *text,
         gsize       length,
         guint8      charset)
{
  /* 0x00 is ISO-8859-1, 0x01 ASCII (a subset); Latin-1 reads both. */
  if (charset == 0x00 || charset == 0x01)
    return g_convert (text, (gssize) length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  return NULL;
}

/**
 * sp_cdtext_decode_packs:
 * @packs: whole packs, without the 4-byte header of READ TOC format 5
 * @n_tracks: (out): the highest track number that has text
 * @messages: (nullable) (element-type utf8): what was wrong with the packs
 *
 * Decodes the first language block (block 0).
 *
 * Returns: (transfer full) (nullable): 100 entries, [0] the disc, [N] track
 *   N, %NULL where there is no text; %NULL if nothing could be decoded
 */
SpCdText **
sp_cdtext_decode_packs (const guint8 *packs,
                        gsize         length,
                        guint        *n_tracks,
                        GPtrArray    *messages)
{
  GString *texts[16] = { NULL };
  guint first_track[16] = { 0 };
  guint8 charset = 0x00;
  guint bad_crc = 0, other_blocks = 0;
  SpCdText **result;
  gboolean any = FALSE;

  *n_tracks = 0;
  if (length < PACK_SIZE || length % PACK_SIZE != 0)
    {
      if (messages)
        g_ptr_array_add (messages, g_strdup_printf ("%" G_GSIZE_FORMAT " bytes are not a whole number of 18-byte CD-TEXT packs", length));
      return NULL;
    }

  for (gsize off = 0; off < length; off += PACK_SIZE)
    {
      const guint8 *pack = packs + off;
      guint8 type = pack[0];
      guint block = (pack[3] >> 4) & 0x07;
      guint16 stored = (guint16) ((pack[16] << 8) | pack[17]);
      guint16 computed = sp_subq_crc (pack, 16) ^ 0xFFFF;
      guint index;

      if (type < 0x80 || type > 0x8F)
        continue;

      /* Some writers leave the CRC zero; otherwise a bad one spoils the pack. */
      if (stored != 0 && stored != computed)
        {
          bad_crc++;
          continue;
        }
      if (block != 0)
        {
          other_blocks++;
          continue;
        }

      index = type - 0x80;
      if (type == 0x8F)
        {
          /* Size information, first pack: byte 0 is the character code. */
          if (pack[1] == 0)
            charset = pack[4];
          continue;
        }
      if (pack[3] & 0x80)
        continue;   /* double-byte (MS-JIS) text: not read */

      if (texts[index] == NULL)
        {
          texts[index] = g_string_new (NULL);
          first_track[index] = pack[1] & 0x7F;
        }
      g_string_append_len (texts[index], (const char *) pack + 4, 12);
    }

  if (bad_crc && messages)
    g_ptr_array_add (messages, g_strdup_printf ("%u CD-TEXT packs have a wrong CRC and were skipped", bad_crc));
  if (other_blocks && messages)
    g_ptr_array_add (messages, g_strdup ("only the first CD-TEXT language is read"));
  if (charset > 0x01 && messages)
    g_ptr_array_add (messages, g_strdup_printf ("CD-TEXT character code 0x%02x is not read (only ISO-8859-1 and ASCII)", charset));

  result = g_new0 (SpCdText *, MAX_TRACK + 1);
  for (guint index = 0; index < 16; index++)
    {
      SpCdTextField field;
      const char *p, *end;
      guint track;
      g_autofree char *previous = NULL;

      if (texts[index] == NULL || !field_for_pack_type ((guint8) (0x80 + index), &field))
        continue;

      p = texts[index]->str;
      end = p + texts[index]->len;
      track = first_track[index];

      /* The genre pack starts with a 2-byte genre code before its text. */
      if (0x80 + index == 0x87 && end - p >= 2)
        p += 2;

      while (p < end && track <= MAX_TRACK)
        {
          const char *nul = memchr (p, '\0', (gsize) (end - p));
          gsize n = nul ? (gsize) (nul - p) : (gsize) (end - p);
          g_autofree char *value = NULL;

          if (n == 1 && p[0] == '\t')
            value = g_strdup (previous);
          else
            value = to_utf8 (p, n, charset);

          if (value && *value)
            {
              if (result[track] == NULL)
                result[track] = sp_cdtext_new ();
              sp_cdtext_set (result[track], field, value);
              *n_tracks = MAX (*n_tracks, track);
              any = TRUE;
            }

          g_free (previous);
          previous = g_steal_pointer (&value);
          if (nul == NULL)
            break;
          p = nul + 1;
          track++;

          /* The last pack is padded with NULs: they name no more tracks. */
          {
            const char *q = p;

            while (q < end && *q == '\0')
              q++;
            if (q == end)
              break;
          }
        }
    }

  for (guint index = 0; index < 16; index++)
    if (texts[index])
      g_string_free (texts[index], TRUE);

  if (!any)
    {
      sp_cdtext_array_free (result);
      return NULL;
    }
  return result;
}
