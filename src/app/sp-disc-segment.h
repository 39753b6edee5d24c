/* sp-disc-segment.h: one track drawn to scale: pregap, data, postgap
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_DISC_SEGMENT (sp_disc_segment_get_type ())

G_DECLARE_FINAL_TYPE (SpDiscSegment, sp_disc_segment, SP, DISC_SEGMENT, GtkWidget)

GtkWidget *sp_disc_segment_new       (SpTrack       *track);
SpTrack   *sp_disc_segment_get_track (SpDiscSegment *self);

G_END_DECLS
