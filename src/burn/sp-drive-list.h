/* sp-drive-list.h: the optical drives of this computer, as a GListModel
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-drive.h"

G_BEGIN_DECLS

#define SP_TYPE_DRIVE_LIST (sp_drive_list_get_type ())

G_DECLARE_FINAL_TYPE (SpDriveList, sp_drive_list, SP, DRIVE_LIST, GObject)

SpDriveList *sp_drive_list_new               (void);

void         sp_drive_list_add_address       (SpDriveList         *self,
                                              const char          *address);
void         sp_drive_list_scan_async        (SpDriveList         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     sp_drive_list_scan_finish       (SpDriveList         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void         sp_drive_list_refresh           (SpDriveList         *self);
gboolean     sp_drive_list_get_scanning      (SpDriveList         *self);

void         sp_drive_list_set_poll_interval (SpDriveList         *self,
                                              guint                seconds);
guint        sp_drive_list_get_poll_interval (SpDriveList         *self);

SpDrive     *sp_drive_list_find              (SpDriveList         *self,
                                              const char          *address);

G_END_DECLS
