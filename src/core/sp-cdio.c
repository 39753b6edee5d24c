/* sp-cdio.c: libcdio behind a lock, with its logging turned into messages
 *
 * libcdio 2.1's default log handler calls exit(1) on an ERROR message and
 * abort() on ASSERT, and a hostile image can make it log either. Its logging
 * state is also process-global and not thread-safe. So every libcdio call in
 * Spindle runs between sp_cdio_lock() and sp_cdio_unlock(), and what libcdio
 * logs meanwhile lands in the caller's message array instead of ending the
 * process.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <cdio/cdtext.h>
#include <cdio/logging.h>

#include "sp-cdio.h"

static GMutex cdio_mutex;
static GPtrArray *cdio_messages;   /* guarded by cdio_mutex */

static void
sp_cdio_log_handler (cdio_log_level_t level,
                     const char       message[])
{
  g_autofree char *text = NULL;

  if (level < CDIO_LOG_WARN)
    return;

  text = g_strchomp (g_strdup (message));
  if (cdio_messages)
    g_ptr_array_add (cdio_messages, g_steal_pointer (&text));
  else
    g_debug ("libcdio: %s", text);
}

/**
 * sp_cdio_lock:
 * @messages: (nullable) (element-type utf8): where libcdio's warnings and
 *   errors go until sp_cdio_unlock()
 */
void
sp_cdio_lock (GPtrArray *messages)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      cdio_log_set_handler (sp_cdio_log_handler);
      g_once_init_leave (&initialized, 1);
    }

  g_mutex_lock (&cdio_mutex);
  cdio_messages = messages;
}

void
sp_cdio_unlock (void)
{
  cdio_messages = NULL;
  g_mutex_unlock (&cdio_mutex);
}

static const struct {
  cdtext_field_t cdio;
  SpCdTextField sp;
} cdio_fields[] = {
  { CDTEXT_FIELD_TITLE, SP_CDTEXT_TITLE },
  { CDTEXT_FIELD_PERFORMER, SP_CDTEXT_PERFORMER },
  { CDTEXT_FIELD_SONGWRITER, SP_CDTEXT_SONGWRITER },
  { CDTEXT_FIELD_COMPOSER, SP_CDTEXT_COMPOSER },
  { CDTEXT_FIELD_ARRANGER, SP_CDTEXT_ARRANGER },
  { CDTEXT_FIELD_MESSAGE, SP_CDTEXT_MESSAGE },
  { CDTEXT_FIELD_DISCID, SP_CDTEXT_DISC_ID },
  { CDTEXT_FIELD_GENRE, SP_CDTEXT_GENRE },
  { CDTEXT_FIELD_UPC_EAN, SP_CDTEXT_UPC_EAN },
};

void
sp_cdtext_array_free (SpCdText **array)
{
  if (array == NULL)
    return;
  for (guint i = 0; i < 100; i++)
    if (array[i])
      sp_cdtext_unref (array[i]);
  g_free (array);
}

/**
 * sp_cdio_decode_cdtext:
 * @packs: CD-TEXT packs, 18 bytes each, without the 4-byte header of READ TOC
 * @n_tracks: (out): the last track number the text names
 * @messages: (nullable): where problems go
 *
 * Decodes the first language block of CD-TEXT packs with libcdio (ISRC
 * packs excepted: the sheet's ISRC is the track's ISRC).
 *
 * Returns: (transfer full) (nullable): an array of 100 entries, [0] for the
 *   disc and [N] for track N, each %NULL when empty; %NULL if the packs do
 *   not decode
 */
SpCdText **
sp_cdio_decode_cdtext (const guint8 *packs,
                       gsize         len,
                       guint        *n_tracks,
                       GPtrArray    *messages)
{
  g_autofree guint8 *copy = NULL;
  SpCdText **result = NULL;
  cdtext_t *cdtext;
  guint first, last;

  *n_tracks = 0;
  if (len < 18 || len % 18 != 0)
    {
      if (messages)
        g_ptr_array_add (messages,
                         g_strdup_printf ("CD-TEXT data of %" G_GSIZE_FORMAT " bytes is not a whole number of 18-byte packs", len));
      return NULL;
    }

  /* cdtext_data_init() takes a non-const buffer. */
  copy = g_memdup2 (packs, len);

  sp_cdio_lock (messages);
  cdtext = cdtext_init ();
  if (cdtext_data_init (cdtext, copy, len) != 0)
    {
      cdtext_destroy (cdtext);
      sp_cdio_unlock ();
      if (messages)
        g_ptr_array_add (messages, g_strdup ("the CD-TEXT packs could not be decoded"));
      return NULL;
    }

  cdtext_set_language_index (cdtext, 0);
  first = cdtext_get_first_track (cdtext);
  last = cdtext_get_last_track (cdtext);
  if (last > 99)
    last = 99;

  result = g_new0 (SpCdText *, 100);
  for (guint t = 0; t <= last; t++)
    {
      SpCdText *text;

      if (t != 0 && t < first)
        continue;

      text = sp_cdtext_new ();
      for (guint i = 0; i < G_N_ELEMENTS (cdio_fields); i++)
        {
          const char *value = cdtext_get_const (cdtext, cdio_fields[i].cdio, (track_t) t);

          /* Only disc-level UPC: per track, that pack type holds the ISRC. */
          if (cdio_fields[i].cdio == CDTEXT_FIELD_UPC_EAN && t != 0)
            continue;
          if (value && g_utf8_validate (value, -1, NULL))
            sp_cdtext_set (text, cdio_fields[i].sp, value);
        }

      if (sp_cdtext_is_empty (text))
        sp_cdtext_unref (text);
      else
        result[t] = text;
    }

  cdtext_destroy (cdtext);
  sp_cdio_unlock ();

  *n_tracks = last;
  return result;
}
