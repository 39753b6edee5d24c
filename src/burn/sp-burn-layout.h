/* sp-burn-layout.h: an SpImage as libburn's disc, session and tracks
 *
 * Not part of the burn layer's API (it exposes libburn's types); the libburn
 * backend and the tests use it.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libburn/libburn.h>

#include "sp-core.h"

G_BEGIN_DECLS

typedef enum
{
  SP_BURN_TARGET_CD,        /* CD-R/RW: tracks, indices, ISRC, MCN, CD-TEXT */
  SP_BURN_TARGET_DISC,      /* DVD or BD: one data track */
  SP_BURN_TARGET_FILE,      /* libburn's stdio: pseudo-drive: one data track */
} SpBurnTarget;

typedef struct _SpBurnLayout SpBurnLayout;

SpBurnLayout       *sp_burn_layout_new            (SpImage            *image,
                                                   SpBurnTarget        target,
                                                   GError            **error);
void                sp_burn_layout_free           (SpBurnLayout       *layout);

struct burn_disc   *sp_burn_layout_get_disc       (SpBurnLayout       *layout);
struct burn_session *sp_burn_layout_get_session   (SpBurnLayout       *layout);
struct burn_source *sp_burn_layout_get_fifo       (SpBurnLayout       *layout);
gint64              sp_burn_layout_get_sectors    (SpBurnLayout       *layout);
guint64             sp_burn_layout_get_bytes      (SpBurnLayout       *layout);
gint64              sp_burn_layout_get_track_sectors (SpBurnLayout    *layout,
                                                   guint               i);
const char         *sp_burn_layout_get_catalog    (SpBurnLayout       *layout);
int                 sp_burn_layout_get_track_mode (SpTrack            *track);

void                sp_burn_layout_apply          (SpBurnLayout       *layout,
                                                   struct burn_write_opts *opts);
void                sp_burn_layout_set_drive      (SpBurnLayout       *layout,
                                                   struct burn_drive  *drive);
void                sp_burn_layout_cancel         (SpBurnLayout       *layout);
guint64             sp_burn_layout_get_bytes_read (SpBurnLayout       *layout);
gboolean            sp_burn_layout_take_error     (SpBurnLayout       *layout,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpBurnLayout, sp_burn_layout_free)

G_END_DECLS
