/* sp-filesystem.h: the file system of a data track (ISO 9660, UDF)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-file-info.h"
#include "sp-image.h"

G_BEGIN_DECLS

typedef enum /*< flags >*/
{
  SP_FILESYSTEM_TYPE_AUTO = 0,          /* for opening: ISO 9660 if there is one, else UDF */
  SP_FILESYSTEM_TYPE_ISO9660 = 1 << 0,
  SP_FILESYSTEM_TYPE_UDF = 1 << 1,
} SpFilesystemType;

/* Which names a listing shows. */
typedef enum
{
  SP_FILESYSTEM_NAMES_ISO9660,      /* plain ISO 9660, version suffix (";1") dropped */
  SP_FILESYSTEM_NAMES_JOLIET,
  SP_FILESYSTEM_NAMES_ROCK_RIDGE,
  SP_FILESYSTEM_NAMES_UDF,
} SpFilesystemNames;

typedef enum
{
  SP_BOOT_EMULATION_NONE,
  SP_BOOT_EMULATION_FLOPPY_1_2M,
  SP_BOOT_EMULATION_FLOPPY_1_44M,
  SP_BOOT_EMULATION_FLOPPY_2_88M,
  SP_BOOT_EMULATION_HARD_DISK,
  SP_BOOT_EMULATION_UNKNOWN,
} SpBootEmulation;

/* One boot image of an El Torito boot catalog. */
typedef struct
{
  guint8 platform;            /* 0 x86, 1 PowerPC, 2 Mac, 0xEF EFI */
  gboolean bootable;
  SpBootEmulation emulation;
  guint16 load_segment;
  guint8 system_type;
  guint16 sector_count;       /* 512-byte virtual sectors loaded */
  guint32 load_lba;           /* where the boot image starts */
} SpBootEntry;

#define SP_TYPE_FILESYSTEM (sp_filesystem_get_type ())

G_DECLARE_FINAL_TYPE (SpFilesystem, sp_filesystem, SP, FILESYSTEM, GObject)

SpFilesystemType   sp_filesystem_probe            (SpImage             *image,
                                                   SpTrack             *track);
SpFilesystem      *sp_filesystem_open             (SpImage             *image,
                                                   SpTrack             *track,
                                                   SpFilesystemType     type,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
void               sp_filesystem_open_async       (SpImage             *image,
                                                   SpTrack             *track,
                                                   SpFilesystemType     type,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SpFilesystem      *sp_filesystem_open_finish      (GAsyncResult        *result,
                                                   GError             **error);

SpImage           *sp_filesystem_get_image        (SpFilesystem        *self);
SpTrack           *sp_filesystem_get_track        (SpFilesystem        *self);
SpFilesystemType   sp_filesystem_get_filesystem_type (SpFilesystem     *self);
SpFilesystemNames  sp_filesystem_get_names        (SpFilesystem        *self);
guint              sp_filesystem_get_joliet_level (SpFilesystem        *self);

/* The volume descriptor. */
const char        *sp_filesystem_get_volume_id    (SpFilesystem        *self);
const char        *sp_filesystem_get_volume_set_id (SpFilesystem       *self);
const char        *sp_filesystem_get_publisher_id (SpFilesystem        *self);
const char        *sp_filesystem_get_preparer_id  (SpFilesystem        *self);
const char        *sp_filesystem_get_application_id (SpFilesystem      *self);
const char        *sp_filesystem_get_system_id    (SpFilesystem        *self);
GDateTime         *sp_filesystem_get_creation_time (SpFilesystem       *self);
GDateTime         *sp_filesystem_get_modification_time (SpFilesystem   *self);
GDateTime         *sp_filesystem_get_expiration_time (SpFilesystem     *self);
GDateTime         *sp_filesystem_get_effective_time (SpFilesystem      *self);
guint64            sp_filesystem_get_n_blocks     (SpFilesystem        *self);

/* El Torito. */
gint64             sp_filesystem_get_boot_catalog_lba (SpFilesystem    *self);
guint              sp_filesystem_get_n_boot_entries (SpFilesystem      *self);
const SpBootEntry *sp_filesystem_get_boot_entry   (SpFilesystem        *self,
                                                   guint                i);

/* Video CD, Super Video CD. */
const char        *sp_filesystem_get_video_cd_type (SpFilesystem       *self);
const char        *sp_filesystem_get_video_cd_album_id (SpFilesystem   *self);
guint              sp_filesystem_get_video_cd_volume_count (SpFilesystem *self);
guint              sp_filesystem_get_video_cd_volume_number (SpFilesystem *self);
guint              sp_filesystem_get_video_cd_n_entries (SpFilesystem  *self);

/* Browsing. */
SpFileInfo        *sp_filesystem_get_root         (SpFilesystem        *self);
GListModel        *sp_filesystem_list             (SpFilesystem        *self,
                                                   SpFileInfo          *directory,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
void               sp_filesystem_list_async       (SpFilesystem        *self,
                                                   SpFileInfo          *directory,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GListModel        *sp_filesystem_list_finish      (SpFilesystem        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
SpFileInfo        *sp_filesystem_lookup           (SpFilesystem        *self,
                                                   const char          *path,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
GListModel        *sp_filesystem_create_child_model (gpointer           item,
                                                   gpointer             user_data);

gssize             sp_filesystem_read             (SpFilesystem        *self,
                                                   SpFileInfo          *file,
                                                   guint64              offset,
                                                   void                *buffer,
                                                   gsize                count,
                                                   GError             **error);

const char        *sp_filesystem_names_to_string  (SpFilesystemNames    names);
const char        *sp_boot_emulation_to_string    (SpBootEmulation      emulation);

G_END_DECLS
