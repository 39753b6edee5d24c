/* sp-file-info-private.h: how a file system builds its file infos
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-file-info.h"

G_BEGIN_DECLS

/* Where a file's bytes are: @length bytes from file-system block @block,
 * or zeros when the extent is allocated but not recorded. */
typedef struct
{
  guint64 block;
  guint64 length;
  gboolean recorded;
} SpFileExtent;

SpFileInfo   *_sp_file_info_new           (const char   *name,
                                           const char   *parent_path,
                                           const char   *lookup_path,
                                           SpFileType    type);
void          _sp_file_info_set_size      (SpFileInfo   *self,
                                           guint64       size);
void          _sp_file_info_add_extent    (SpFileInfo   *self,
                                           guint64       block,
                                           guint64       length,
                                           gboolean      recorded);
void          _sp_file_info_set_location  (SpFileInfo   *self,
                                           gint64        lba,
                                           gint64        position);
void          _sp_file_info_set_modification_time (SpFileInfo *self,
                                           GDateTime    *time);
void          _sp_file_info_set_mode      (SpFileInfo   *self,
                                           guint         mode);
void          _sp_file_info_set_symlink_target (SpFileInfo *self,
                                           const char   *target);
void          _sp_file_info_set_form2     (SpFileInfo   *self,
                                           gboolean      form2);
void          _sp_file_info_set_inline_data (SpFileInfo *self,
                                           GBytes       *data);

const char   *_sp_file_info_get_lookup_path (SpFileInfo *self);
guint         _sp_file_info_get_n_extents (SpFileInfo   *self);
const SpFileExtent *_sp_file_info_get_extent (SpFileInfo *self,
                                           guint         i);
GBytes       *_sp_file_info_get_inline_data (SpFileInfo *self);

G_END_DECLS
