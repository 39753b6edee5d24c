/* sp-fs-cdio-private.h: libiso9660 and libudf reading from the sector engine
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cdio/iso9660.h>
#include <cdio/udf.h>

#include "sp-image.h"

G_BEGIN_DECLS

/* 2048-byte blocks of a file system: block B is the user data of the
 * sector at image position @base + B. Thread-safe; refcounted. */
typedef struct _SpBlockDevice SpBlockDevice;

SpBlockDevice *_sp_block_device_new        (SpImage        *image,
                                            gint64          base);
SpBlockDevice *_sp_block_device_ref        (SpBlockDevice  *self);
void           _sp_block_device_unref      (SpBlockDevice  *self);
gint64         _sp_block_device_get_base   (SpBlockDevice  *self);
guint64        _sp_block_device_get_n_blocks (SpBlockDevice *self);
gboolean       _sp_block_device_read       (SpBlockDevice  *self,
                                            guint64         block,
                                            guint           count,
                                            guint8         *out,
                                            GError        **error);
gboolean       _sp_block_device_read_form2 (SpBlockDevice  *self,
                                            guint64         block,
                                            guint           count,
                                            guint8         *out,
                                            GError        **error);
GError        *_sp_block_device_take_error (SpBlockDevice  *self);

void           _sp_cdio_read_failed        (SpBlockDevice  *device,
                                            GError        **error,
                                            const char     *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpBlockDevice, _sp_block_device_unref)

/* Both with sp_cdio_lock() held, and the handle used and closed under it. */
iso9660_t     *_sp_cdio_open_iso9660       (SpBlockDevice  *device,
                                            gint64          pvd_block,
                                            iso_extension_mask_t mask,
                                            GError        **error);
udf_t         *_sp_cdio_open_udf           (SpBlockDevice  *device,
                                            gint64          anchor_block,
                                            GError        **error);

G_END_DECLS
