/* sp-cdio.c: libcdio behind a lock, with its logging turned into messages
 *
 * libcdio 2.1's default log handler calls exit(1) on an ERROR message and
 * abort() on ASSERT, and a hostile image can make it log either. Its logging
 * state is also process-global and not thread-safe. So every libcdio call in
 * Spindle runs between sp_cdio_lock() and sp_cdio_unlock(), and what libcdio
 * logs meanwhile lands in the caller's message array instead of ending the
 * process.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <cdio/logging.h>

#include "sp-cdio.h"

static GMutex cdio_mutex;
static GPtrArray *cdio_messages;   /* guarded by cdio_mutex */

static void
sp_cdio_log_handler (cdio_log_level_t level,
                     const char       message[])
{
  g_autofree char *text = NULL;

  if (level < CDIO_LOG_WARN)
    return;

  text = g_strchomp (g_strdup (message));
  if (cdio_messages)
    g_ptr_array_add (cdio_messages, g_steal_pointer (&text));
  else
    g_debug ("libcdio: %s", text);
}

/**
 * sp_cdio_lock:
 * @messages: (nullable) (element-type utf8): where libcdio's warnings and
 *   errors go until sp_cdio_unlock()
 */
void
sp_cdio_lock (GPtrArray *messages)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      cdio_log_set_handler (sp_cdio_log_handler);
      g_once_init_leave (&initialized, 1);
    }

  g_mutex_lock (&cdio_mutex);
  cdio_messages = messages;
}

void
sp_cdio_unlock (void)
{
  cdio_messages = NULL;
  g_mutex_unlock (&cdio_mutex);
}
