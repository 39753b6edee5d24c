/* sp-cdtext.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-cdtext.h"

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
