/* sp-burn-library.c
 *
 * libburn's global state behind one lock, its message queue turned into a
 * log that several consumers can read, and the few things jobs and the
 * drive list share.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-burn-private.h"

#define LOG_KEEP 512

static GRecMutex burn_lock;

static GMutex log_lock;
static GPtrArray *log_messages;    /* SpBurnMessage, oldest first */
static guint64 log_seq;

static GMutex held_lock;
static GHashTable *held_addresses;

static gboolean debug_messages;

static void
message_free (gpointer data)
{
  SpBurnMessage *message = data;

  g_free (message->severity_name);
  g_free (message->text);
  g_free (message);
}

static SpBurnMessage *
message_copy (const SpBurnMessage *message)
{
  SpBurnMessage *copy = g_memdup2 (message, sizeof *message);

  copy->severity_name = g_strdup (message->severity_name);
  copy->text = g_strdup (message->text);
  return copy;
}

static gpointer
init_once (gpointer data)
{
  if (!burn_initialize ())
    return GINT_TO_POINTER (FALSE);

  debug_messages = g_getenv ("SPINDLE_BURN_DEBUG") != NULL;

  /* Queue everything (a DEBUG message is the only sign that a write thread
   * has ended, see sp-burn-libburn.c), print nothing: the messages reach
   * the user as errors, in words of ours (sp_burn_messages_set_error). */
  burn_msgs_set_severities ((char *) "ALL", (char *) "NEVER", (char *) "spindle: ");
  log_messages = g_ptr_array_new_with_free_func (message_free);
  held_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return GINT_TO_POINTER (TRUE);
}

/**
 * sp_burn_library_ensure:
 *
 * Starts libburn once per process.
 */
gboolean
sp_burn_library_ensure (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_once, NULL);
  if (!GPOINTER_TO_INT (once.retval))
    {
      g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_FAILED,
                           _("libburn could not be started (no SCSI transport for optical drives)"));
      return FALSE;
    }
  return TRUE;
}

void
sp_burn_lock (void)
{
  g_rec_mutex_lock (&burn_lock);
}

gboolean
sp_burn_trylock (void)
{
  return g_rec_mutex_trylock (&burn_lock);
}

void
sp_burn_unlock (void)
{
  g_rec_mutex_unlock (&burn_lock);
}

int
sp_burn_severity (const char *name)
{
  int rank = 0;

  if (name == NULL || burn_text_to_sev ((char *) name, &rank, 0) <= 0)
    return 0;
  return rank;
}

/* Moves what libburn has queued into our log. Any thread. */
static void
drain (void)
{
  char text[BURN_MSGS_MESSAGE_LEN];
  char severity[80];
  int code, os_errno;

  g_mutex_lock (&log_lock);
  while (burn_msgs_obtain ((char *) "ALL", &code, text, &os_errno, severity) > 0)
    {
      SpBurnMessage *message = g_new0 (SpBurnMessage, 1);

      message->seq = ++log_seq;
      message->code = code;
      message->os_errno = os_errno;
      message->severity_name = g_strdup (severity);
      message->severity = sp_burn_severity (severity);
      message->text = g_strdup (text);
      if (debug_messages)
        g_debug ("libburn %s 0x%08x: %s", severity, (guint) code, text);
      g_ptr_array_add (log_messages, message);
    }
  if (log_messages->len > LOG_KEEP)
    g_ptr_array_remove_range (log_messages, 0, log_messages->len - LOG_KEEP);
  g_mutex_unlock (&log_lock);
}

/* The sequence number of the newest message: what a consumer has seen. */
guint64
sp_burn_messages_mark (void)
{
  guint64 seq;

  drain ();
  g_mutex_lock (&log_lock);
  seq = log_seq;
  g_mutex_unlock (&log_lock);
  return seq;
}

/**
 * sp_burn_messages_since:
 *
 * Returns: (transfer full) (element-type SpBurnMessage): copies of the
 *   messages newer than @mark, oldest first
 */
GPtrArray *
sp_burn_messages_since (guint64 mark)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (message_free);

  drain ();
  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_messages->len; i++)
    {
      const SpBurnMessage *message = g_ptr_array_index (log_messages, i);

      if (message->seq > mark)
        g_ptr_array_add (result, message_copy (message));
    }
  g_mutex_unlock (&log_lock);
  return result;
}

/* What libburn's messages mean, for people who have never heard of SCSI. */
static const char *
explain_code (int code)
{
  switch (code)
    {
    case 0x00020001:
    case 0x00020008:
    case 0x0002015a:
      return _("the drive is in use by another program");
    case 0x0002014b:
    case 0x00020189:
      return _("the drive is already in use by Spindle");
    case 0x00020003:
    case 0x0002016f:
      return _("the drive could not be opened");
    case 0x00020005:
    case 0x000201a1:
      return _("the target could not be opened for writing");
    case 0x00020009:
      return _("the folder of the image file does not exist");
    case 0x0002013a:
      return _("there is no writable disc in the drive");
    case 0x0002011e:
      return _("the disc in the drive cannot be written");
    case 0x00020168:
      return _("the disc has to be formatted before it can be written");
    case 0x00020130:
      return _("the disc cannot be blanked in this state");
    case 0x0002012b:
    case 0x00020139:
      return _("the drive and disc do not accept this write job");
    case 0x0002010c:
      return _("the drive did not accept a command");
    case 0x0002011d:
      return _("the drive reported an error while writing");
    case 0x00020122:
      return _("the drive reported an error while formatting");
    case 0x00020144:
      return _("the drive could not read the disc");
    case 0x00020148:
    case 0x000201a2:
      return _("writing to the target failed (is its file system full?)");
    case 0x00020153:
    case 0x00020180:
      return _("the image could not be read to the end");
    case 0x0002018b:
    case 0x0002018e:
      return _("the CD-TEXT is too long for a disc");
    case 0x000201a6:
    case 0x000201a7:
    case 0x000201a8:
      return _("the connection to the drive was lost");
    case 0x0002017f:
      return _("the drive could not finish writing its cache");
    case 0x0002017e:
      return _("the drive could not close the track or session");
    default:
      return NULL;
    }
}

/* Messages that only say that something else went wrong before. */
static gboolean
is_consequence (int code)
{
  return code == 0x0002010b     /* Burn run failed */
      || code == 0x00020154;    /* Forwarded input error ends output */
}

static const SpBurnMessage *
worst_message (GPtrArray *messages)
{
  const SpBurnMessage *worst = NULL;
  int sorry = sp_burn_severity ("SORRY");

  for (guint i = 0; messages && i < messages->len; i++)
    {
      const SpBurnMessage *message = g_ptr_array_index (messages, i);

      if (message->severity < sorry)
        continue;
      /* The first serious message names the cause; later ones follow from it. */
      if (worst == NULL || (is_consequence (worst->code) && !is_consequence (message->code)))
        worst = message;
    }
  return worst;
}

/**
 * sp_burn_messages_explain:
 *
 * Returns: (nullable): the cause among @messages, in words a user
 *   understands, with libburn's own words in parentheses; %NULL when no
 *   message is serious
 */
char *
sp_burn_messages_explain (GPtrArray *messages)
{
  const SpBurnMessage *worst = worst_message (messages);
  const char *explained;
  g_autofree char *text = NULL;

  if (worst == NULL)
    return NULL;

  text = g_strstrip (g_strdup (worst->text));
  explained = explain_code (worst->code);
  if (worst->os_errno != 0)
    {
      g_autofree char *with_errno = g_strdup_printf ("%s: %s", text, g_strerror (worst->os_errno));
      g_free (text);
      text = g_steal_pointer (&with_errno);
    }
  if (explained)
    /* Translators: an explanation, then libburn's own message */
    return g_strdup_printf (_("%s (libburn: %s)"), explained, text);
  /* Translators: libburn's own message, when Spindle has no words of its own for it */
  return g_strdup_printf (_("libburn: %s"), text);
}

/**
 * sp_burn_messages_set_error:
 * @what: what failed, e.g. "Writing failed"
 *
 * Sets @error to "WHAT: CAUSE" from the most telling message, or just
 * @what when there is none.
 *
 * Returns: %FALSE, for the caller to return
 */
gboolean
sp_burn_messages_set_error (GPtrArray   *messages,
                            GError     **error,
                            SpBurnError  code,
                            const char  *what)
{
  g_autofree char *cause = sp_burn_messages_explain (messages);
  const SpBurnMessage *worst = worst_message (messages);

  if (worst && (worst->code == 0x00020001 || worst->code == 0x00020008 ||
                worst->code == 0x0002015a || worst->code == 0x0002014b ||
                worst->code == 0x00020189))
    code = SP_BURN_ERROR_BUSY;
  else if (worst && (worst->code == 0x0002013a))
    code = SP_BURN_ERROR_NO_MEDIUM;

  if (cause)
    g_set_error (error, SP_BURN_ERROR, code, "%s: %s", what, cause);
  else
    g_set_error_literal (error, SP_BURN_ERROR, code, what);
  return FALSE;
}

void
sp_burn_hold_address (const char *address,
                      gboolean    held)
{
  g_mutex_lock (&held_lock);
  if (held_addresses == NULL)
    held_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (held)
    g_hash_table_add (held_addresses, g_strdup (address));
  else
    g_hash_table_remove (held_addresses, address);
  g_mutex_unlock (&held_lock);
}

gboolean
sp_burn_address_is_held (const char *address)
{
  gboolean held;

  g_mutex_lock (&held_lock);
  held = held_addresses != NULL && g_hash_table_contains (held_addresses, address);
  g_mutex_unlock (&held_lock);
  return held;
}

/* ---- The monitor ------------------------------------------------------ */

#define SP_TYPE_BURN_MONITOR (sp_burn_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SpBurnMonitor, sp_burn_monitor, SP, BURN_MONITOR, GObject)

struct _SpBurnMonitor
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (SpBurnMonitor, sp_burn_monitor, G_TYPE_OBJECT)

enum {
  DRIVE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sp_burn_monitor_class_init (SpBurnMonitorClass *klass)
{
  signals[DRIVE_CHANGED] =
    g_signal_new ("drive-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sp_burn_monitor_init (SpBurnMonitor *self)
{
}

/**
 * sp_burn_monitor_get:
 *
 * Returns: (transfer none): the process-wide monitor
 */
GObject *
sp_burn_monitor_get (void)
{
  static gsize monitor;

  if (g_once_init_enter (&monitor))
    g_once_init_leave (&monitor, (gsize) g_object_new (SP_TYPE_BURN_MONITOR, NULL));
  return G_OBJECT ((gpointer) monitor);
}

/* Main context. */
void
sp_burn_monitor_drive_changed (const char *address)
{
  GObject *monitor = sp_burn_monitor_get ();   /* before signals[] is read: it makes the class */

  g_signal_emit (monitor, signals[DRIVE_CHANGED], 0, address);
}

/* ---- Opening drives --------------------------------------------------- */

gboolean
sp_burn_address_is_file (const char *address)
{
  return address != NULL && g_str_has_prefix (address, "stdio:");
}

static gboolean
is_busy_code (int code)
{
  return code == 0x00020001 || code == 0x00020008 || code == 0x0002015a ||
         code == 0x0002014b || code == 0x00020189;
}

/**
 * sp_burn_drive_open:
 * @address: "/dev/sr0", or "stdio:/path/to/file" for an image file
 * @load: close the tray first
 *
 * Grabs one drive, and only that one (burn_drive_scan_and_grab() whitelists
 * exactly @address, drive.c:1933). The lock must be held.
 */
gboolean
sp_burn_drive_open (const char              *address,
                    gboolean                 load,
                    struct burn_drive_info **info,
                    GError                 **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  guint64 mark;
  int ret;

  *info = NULL;
  if (!sp_burn_library_ensure (error))
    return FALSE;

  if (sp_burn_address_is_file (address))
    {
      g_autofree char *path = g_strdup (address + strlen ("stdio:"));
      g_autofree char *folder = NULL;

      if (*path == '\0')
        {
          g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_DRIVE,
                               _("No image file was given"));
          return FALSE;
        }
      folder = g_path_get_dirname (path);
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_DRIVE,
                       _("Cannot write “%s”: the folder “%s” does not exist"), path, folder);
          return FALSE;
        }
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_DRIVE,
                       _("Cannot write “%s”: it is a folder"), path);
          return FALSE;
        }
    }

  mark = sp_burn_messages_mark ();
  ret = burn_drive_scan_and_grab (info, (char *) address, load ? 1 : 0);
  messages = sp_burn_messages_since (mark);

  if (ret == 1)
    return TRUE;

  *info = NULL;
  for (guint i = 0; i < messages->len; i++)
    {
      const SpBurnMessage *message = g_ptr_array_index (messages, i);

      if (is_busy_code (message->code))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_BUSY,
                       _("The drive %s is in use by another program"), address);
          return FALSE;
        }
    }
  if (ret == 0)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_DRIVE,
                   _("There is no optical drive at %s"), address);
      return FALSE;
    }
  {
    g_autofree char *what = g_strdup_printf (_("The drive %s could not be opened"), address);
    return sp_burn_messages_set_error (messages, error, SP_BURN_ERROR_NO_DRIVE, what);
  }
}

/* Releases what sp_burn_drive_open() grabbed. The lock must be held. */
void
sp_burn_drive_close (struct burn_drive_info *info,
                     gboolean                eject)
{
  if (info == NULL)
    return;
  burn_drive_release (info[0].drive, eject ? 1 : 0);
  burn_drive_info_free (info);
}

/**
 * sp_burn_shutdown:
 *
 * Ends libburn, when a program is done with all drives (no job running).
 */
void
sp_burn_shutdown (void)
{
  sp_burn_lock ();
  if (log_messages != NULL)
    {
      burn_finish ();
      g_mutex_lock (&log_lock);
      g_ptr_array_set_size (log_messages, 0);
      g_mutex_unlock (&log_lock);
    }
  sp_burn_unlock ();
}
