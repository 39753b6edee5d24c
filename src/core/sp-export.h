/* sp-export.h: raw sectors of an image saved to a file
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-image.h"

G_BEGIN_DECLS

gboolean sp_export_sectors        (SpImage             *image,
                                   gint64               first,
                                   gint64               count,
                                   GFile               *destination,
                                   GCancellable        *cancellable,
                                   GError             **error);
void     sp_export_sectors_async  (SpImage             *image,
                                   gint64               first,
                                   gint64               count,
                                   GFile               *destination,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean sp_export_sectors_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
