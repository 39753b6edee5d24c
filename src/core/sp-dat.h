/* sp-dat.h: a Redump / No-Intro style DAT (Logiqx XML), to name an image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-checksum.h"

G_BEGIN_DECLS

/* The game of a DAT that an image's checksums match best. */
typedef struct
{
  char *game;           /* its name, the title */
  char *description;    /* its description, often the same */
  guint n_tracks;       /* tracks of the image */
  guint n_matched;      /* of those, matching a file (rom) of the game */
  guint n_roms;         /* files the game lists, its cue sheet excepted */
  gboolean complete;    /* every track matched, and every file of the game */
  char **rom_names;     /* for each track, the file it matched, or NULL */
} SpDatMatch;

#define SP_TYPE_DAT_MATCH (sp_dat_match_get_type ())
GType       sp_dat_match_get_type (void) G_GNUC_CONST;
SpDatMatch *sp_dat_match_copy     (const SpDatMatch *match);
void        sp_dat_match_free     (SpDatMatch       *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpDatMatch, sp_dat_match_free)

#define SP_TYPE_DAT (sp_dat_get_type ())

G_DECLARE_FINAL_TYPE (SpDat, sp_dat, SP, DAT, GObject)

SpDat      *sp_dat_new_from_file   (GFile          *file,
                                    GCancellable   *cancellable,
                                    GError        **error);
void        sp_dat_new_from_file_async (GFile      *file,
                                    GCancellable   *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer        user_data);
SpDat      *sp_dat_new_from_file_finish (GAsyncResult *result,
                                    GError        **error);
SpDat      *sp_dat_new_from_data   (const char     *text,
                                    gsize           length,
                                    GError        **error);

const char *sp_dat_get_name        (SpDat          *self);
const char *sp_dat_get_description (SpDat          *self);
const char *sp_dat_get_version     (SpDat          *self);
guint       sp_dat_get_n_games     (SpDat          *self);
guint       sp_dat_get_n_roms      (SpDat          *self);

SpDatMatch *sp_dat_match           (SpDat          *self,
                                    SpChecksum     *checksum);

G_END_DECLS
