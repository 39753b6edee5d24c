/* sp-cdio.h: the one door to libcdio
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sp-cdtext.h"

G_BEGIN_DECLS

void      sp_cdio_lock          (GPtrArray       *messages);
void      sp_cdio_unlock        (void);

SpCdText **sp_cdio_decode_cdtext (const guint8   *packs,
                                  gsize           len,
                                  guint          *n_tracks,
                                  GPtrArray      *messages);
void       sp_cdtext_array_free  (SpCdText      **array);

G_END_DECLS
