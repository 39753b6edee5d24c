/* sp-file-info.h: one file or folder of a data track's file system
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SP_FILE_TYPE_REGULAR,
  SP_FILE_TYPE_DIRECTORY,
  SP_FILE_TYPE_SYMLINK,
} SpFileType;

#define SP_TYPE_FILE_INFO (sp_file_info_get_type ())

G_DECLARE_FINAL_TYPE (SpFileInfo, sp_file_info, SP, FILE_INFO, GObject)

const char *sp_file_info_get_name              (SpFileInfo *self);
const char *sp_file_info_get_display_name      (SpFileInfo *self);
const char *sp_file_info_get_path              (SpFileInfo *self);
SpFileType  sp_file_info_get_file_type         (SpFileInfo *self);
gboolean    sp_file_info_is_directory          (SpFileInfo *self);
guint64     sp_file_info_get_size              (SpFileInfo *self);
guint64     sp_file_info_get_data_size         (SpFileInfo *self);
gint64      sp_file_info_get_lba               (SpFileInfo *self);
gint64      sp_file_info_get_position          (SpFileInfo *self);
guint64     sp_file_info_get_n_blocks          (SpFileInfo *self);
GDateTime  *sp_file_info_get_modification_time (SpFileInfo *self);
guint       sp_file_info_get_mode              (SpFileInfo *self);
const char *sp_file_info_get_symlink_target    (SpFileInfo *self);
gboolean    sp_file_info_is_form2              (SpFileInfo *self);

const char *sp_file_type_to_string             (SpFileType  type);

G_END_DECLS
