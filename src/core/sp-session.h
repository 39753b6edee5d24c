/* sp-session.h: one session of a disc image and its tracks
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-track.h"

G_BEGIN_DECLS

#define SP_TYPE_SESSION (sp_session_get_type ())

G_DECLARE_FINAL_TYPE (SpSession, sp_session, SP, SESSION, GObject)

SpSession  *sp_session_new           (guint      number);
guint       sp_session_get_number    (SpSession *self);
GListModel *sp_session_get_tracks    (SpSession *self);
gint64      sp_session_get_first     (SpSession *self);
gint64      sp_session_get_end       (SpSession *self);
void        sp_session_add_track     (SpSession *self,
                                      SpTrack   *track);

G_END_DECLS
