/* sp-checksum.h: CRC32, MD5 and SHA-1 of each track and of the whole image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-image.h"
#include "sp-job.h"

G_BEGIN_DECLS

typedef struct
{
  guint track;          /* track number; 0 for the whole image */
  guint64 size;         /* bytes checksummed */
  guint32 crc32;
  char crc32_hex[9];    /* lower-case hex, as the others */
  char md5[33];
  char sha1[41];
} SpChecksumResult;

#define SP_TYPE_CHECKSUM (sp_checksum_get_type ())

G_DECLARE_FINAL_TYPE (SpChecksum, sp_checksum, SP, CHECKSUM, GObject)

SpChecksum             *sp_checksum_new         (SpImage             *image);
SpImage                *sp_checksum_get_image   (SpChecksum          *self);
SpJob                  *sp_checksum_get_job     (SpChecksum          *self);
void                    sp_checksum_set_threads (SpChecksum          *self,
                                                 guint                n_threads);

gboolean                sp_checksum_run         (SpChecksum          *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void                    sp_checksum_run_async   (SpChecksum          *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean                sp_checksum_run_finish  (SpChecksum          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

guint                   sp_checksum_get_n_tracks (SpChecksum         *self);
const SpChecksumResult *sp_checksum_get_track   (SpChecksum          *self,
                                                 guint                i);
const SpChecksumResult *sp_checksum_get_image_result (SpChecksum     *self);

G_END_DECLS
