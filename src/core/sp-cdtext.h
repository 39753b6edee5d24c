/* sp-cdtext.h: the CD-TEXT of a disc or of one track
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The text fields of a CD-TEXT block (MMC-3 Annex J pack types 0x80-0x8f),
 * as cue sheets name them. */
typedef enum
{
  SP_CDTEXT_TITLE,
  SP_CDTEXT_PERFORMER,
  SP_CDTEXT_SONGWRITER,
  SP_CDTEXT_COMPOSER,
  SP_CDTEXT_ARRANGER,
  SP_CDTEXT_MESSAGE,
  SP_CDTEXT_DISC_ID,
  SP_CDTEXT_GENRE,
  SP_CDTEXT_TOC_INFO1,
  SP_CDTEXT_TOC_INFO2,
  SP_CDTEXT_UPC_EAN,   /* disc: UPC/EAN; track: the ISRC as CD-TEXT carries it */
  SP_CDTEXT_SIZE_INFO,
  SP_CDTEXT_N_FIELDS
} SpCdTextField;

typedef struct _SpCdText SpCdText;

#define SP_TYPE_CDTEXT (sp_cdtext_get_type ())

GType          sp_cdtext_get_type           (void) G_GNUC_CONST;
SpCdText      *sp_cdtext_new                (void);
SpCdText      *sp_cdtext_ref                (SpCdText      *self);
void           sp_cdtext_unref              (SpCdText      *self);
const char    *sp_cdtext_get                (const SpCdText *self,
                                             SpCdTextField  field);
void           sp_cdtext_set                (SpCdText      *self,
                                             SpCdTextField  field,
                                             const char    *value);
gboolean       sp_cdtext_is_empty           (const SpCdText *self);
void           sp_cdtext_merge_missing      (SpCdText      *self,
                                             const SpCdText *other);

const char    *sp_cdtext_field_to_keyword   (SpCdTextField  field);
gboolean       sp_cdtext_field_from_keyword (const char    *keyword,
                                             SpCdTextField *field);
const char    *sp_cdtext_field_to_json_key  (SpCdTextField  field);

SpCdText     **sp_cdtext_decode_packs       (const guint8  *packs,
                                             gsize          length,
                                             guint         *n_tracks,
                                             GPtrArray     *messages);
void           sp_cdtext_array_free         (SpCdText     **array);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCdText, sp_cdtext_unref)

G_END_DECLS
