/* sp-user-data-private.h: the user data of data sectors, straight from the files
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-image.h"

G_BEGIN_DECLS

/* User data bytes per sector: Mode 1 and Mode 2 Form 1, and Mode 2 Form 2. */
#define SP_USER_DATA_SIZE  2048
#define SP_FORM2_DATA_SIZE 2324

gboolean _sp_image_read_user_data (SpImage  *image,
                                   gint64    position,
                                   guint     count,
                                   guint     block_size,
                                   guint8   *out,
                                   guint    *n_read,
                                   guint    *n_form2,
                                   GError  **error);

guint    _sp_user_data_offset     (SpTrackMode mode,
                                   guint       sector_size);

G_END_DECLS
