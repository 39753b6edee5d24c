/* sp-drive.h: an optical drive (or an image file as target) and its medium
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-burn-options.h"

G_BEGIN_DECLS

typedef enum
{
  SP_MEDIA_STATUS_UNKNOWN,      /* not inquired, or the drive could not be opened */
  SP_MEDIA_STATUS_NONE,         /* no disc in the drive */
  SP_MEDIA_STATUS_BLANK,        /* ready to be written from the start */
  SP_MEDIA_STATUS_APPENDABLE,   /* holds sessions, another one may follow */
  SP_MEDIA_STATUS_CLOSED,       /* full, finalized, or read-only */
  SP_MEDIA_STATUS_UNSUITABLE,   /* a disc this drive can neither read nor write */
} SpMediaStatus;

/* The kind of medium, from its MMC profile. */
typedef enum
{
  SP_MEDIA_KIND_NONE,
  SP_MEDIA_KIND_FILE,           /* an image file written through libburn's stdio: drive */
  SP_MEDIA_KIND_CD_ROM,
  SP_MEDIA_KIND_CD_R,
  SP_MEDIA_KIND_CD_RW,
  SP_MEDIA_KIND_DVD_ROM,
  SP_MEDIA_KIND_DVD_R,
  SP_MEDIA_KIND_DVD_RW,
  SP_MEDIA_KIND_DVD_PLUS_R,
  SP_MEDIA_KIND_DVD_PLUS_RW,
  SP_MEDIA_KIND_DVD_RAM,
  SP_MEDIA_KIND_BD_ROM,
  SP_MEDIA_KIND_BD_R,
  SP_MEDIA_KIND_BD_RE,
  SP_MEDIA_KIND_OTHER,
} SpMediaKind;

#define SP_TYPE_DRIVE (sp_drive_get_type ())

G_DECLARE_FINAL_TYPE (SpDrive, sp_drive, SP, DRIVE, GObject)

SpDrive          *sp_drive_inquire               (const char          *address,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
void              sp_drive_inquire_async         (const char          *address,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
SpDrive          *sp_drive_inquire_finish        (GAsyncResult        *result,
                                                  GError             **error);

const char       *sp_drive_get_address           (SpDrive             *self);
const char       *sp_drive_get_vendor            (SpDrive             *self);
const char       *sp_drive_get_model             (SpDrive             *self);
const char       *sp_drive_get_revision          (SpDrive             *self);
const char       *sp_drive_get_display_name      (SpDrive             *self);
gboolean          sp_drive_is_file               (SpDrive             *self);
const char       *sp_drive_get_error             (SpDrive             *self);

SpMediaStatus     sp_drive_get_media_status      (SpDrive             *self);
SpMediaKind       sp_drive_get_media_kind        (SpDrive             *self);
int               sp_drive_get_profile           (SpDrive             *self);
const char       *sp_drive_get_profile_name      (SpDrive             *self);
char             *sp_drive_dup_media_description (SpDrive             *self);
guint64           sp_drive_get_free_bytes        (SpDrive             *self);
gint64            sp_drive_get_free_sectors      (SpDrive             *self);
gboolean          sp_drive_is_erasable           (SpDrive             *self);

const int        *sp_drive_get_write_speeds      (SpDrive             *self,
                                                  guint               *n_speeds);
int               sp_drive_get_max_write_speed   (SpDrive             *self);
SpWriteModeFlags  sp_drive_get_write_modes       (SpDrive             *self);
gboolean          sp_drive_can_simulate          (SpDrive             *self);
gboolean          sp_drive_can_burnfree          (SpDrive             *self);

gboolean          sp_drive_same_medium           (SpDrive             *self,
                                                  SpDrive             *other);

const char       *sp_media_status_to_string      (SpMediaStatus        status);
const char       *sp_media_kind_to_string        (SpMediaKind          kind);
gboolean          sp_media_kind_is_cd            (SpMediaKind          kind);
double            sp_media_kind_get_speed_unit   (SpMediaKind          kind);

G_END_DECLS
