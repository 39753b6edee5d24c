/* sp-burn-private.h: what the files of libspindle-burn share (not API)
 *
 * libburn keeps global state (its drive array, whitelist and message queue)
 * and is not safe to call from several threads at once, so every call into
 * it is made with the burn lock held. Blocking calls (scan, grab, release,
 * media inquiry, reading a disc back) run in worker threads that hold the
 * lock; the periodic polls of a running burn (burn_drive_get_status and the
 * message queue) run on the main context and only try the lock, skipping a
 * tick rather than freezing a window.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libburn/libburn.h>

#include "sp-burn-error.h"

G_BEGIN_DECLS

gboolean   sp_burn_library_ensure        (GError      **error);
void       sp_burn_shutdown              (void);

void       sp_burn_lock                  (void);
gboolean   sp_burn_trylock               (void);
void       sp_burn_unlock                (void);

/* One message from libburn's queue. Severity ranks as burn_text_to_sev()
 * gives them: higher is worse. */
typedef struct
{
  guint64 seq;
  int code;
  int os_errno;
  int severity;
  char *severity_name;
  char *text;
} SpBurnMessage;

guint64    sp_burn_messages_mark         (void);
GPtrArray *sp_burn_messages_since        (guint64        mark);
int        sp_burn_severity              (const char    *name);
gboolean   sp_burn_messages_set_error    (GPtrArray     *messages,
                                          GError       **error,
                                          SpBurnError    code,
                                          const char    *what);
char      *sp_burn_messages_explain      (GPtrArray     *messages);

/* Addresses that a job holds, so that drive polling leaves them alone. */
void       sp_burn_hold_address          (const char    *address,
                                          gboolean       held);
gboolean   sp_burn_address_is_held       (const char    *address);

/* Emits "drive-changed" (with the address) on the main context after a job
 * has changed or released a medium. */
GObject   *sp_burn_monitor_get           (void);
void       sp_burn_monitor_drive_changed (const char    *address);

/* Grabs the drive at @address (a device path or "stdio:PATH"), with the
 * lock held. On success *info holds the one-element array to give to
 * sp_burn_drive_close(). */
gboolean   sp_burn_drive_open            (const char              *address,
                                          gboolean                 load,
                                          struct burn_drive_info **info,
                                          GError                 **error);
void       sp_burn_drive_close           (struct burn_drive_info  *info,
                                          gboolean                 eject);

gboolean   sp_burn_address_is_file       (const char    *address);

G_END_DECLS
