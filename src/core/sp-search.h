/* sp-search.h: find bytes in the raw sectors of an image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-image.h"
#include "sp-job.h"

G_BEGIN_DECLS

#define SP_TYPE_SEARCH (sp_search_get_type ())

G_DECLARE_FINAL_TYPE (SpSearch, sp_search, SP, SEARCH, GObject)

/* Byte offsets here count raw 2352-byte sectors from position 0:
 * offset = position × 2352 + byte in sector. */

SpSearch *sp_search_new          (SpImage             *image,
                                  GBytes              *pattern,
                                  gboolean             ignore_case);
SpJob    *sp_search_get_job      (SpSearch            *self);
gint64    sp_search_run          (SpSearch            *self,
                                  gint64               from,
                                  gboolean             backward,
                                  GCancellable        *cancellable,
                                  GError             **error);
void      sp_search_run_async    (SpSearch            *self,
                                  gint64               from,
                                  gboolean             backward,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gint64    sp_search_run_finish   (SpSearch            *self,
                                  GAsyncResult        *result,
                                  GError             **error);

GBytes   *sp_search_parse_hex    (const char          *text,
                                  GError             **error);

G_END_DECLS
