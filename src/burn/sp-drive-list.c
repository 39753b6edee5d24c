/* sp-drive-list.c
 *
 * The list is filled by a bus scan (burn_drive_scan) in a worker thread:
 * each drive found is grabbed just long enough to read what it holds, then
 * released, so the list never keeps a drive from other programs.
 *
 * Media changes are noticed by polling. A libburn inquiry spins a drive up
 * and opens it exclusively, so the poll first asks the kernel, which is
 * cheap (CDROM_DRIVE_STATUS and CDROM_MEDIA_CHANGED on a non-exclusive
 * open), and inquires through libburn only the drives whose state changed.
 * Where the kernel cannot tell (a path that is no Linux CD-ROM device),
 * the drive is inquired every few polls instead. Drives a burn job holds
 * are left alone; when a job is done with a drive it says so through the
 * burn monitor and that drive is inquired at once.
 *
 * libburn refuses a bus scan while any drive of an earlier scan or grab is
 * still known to it (libburn.h, burn_drive_scan), so a scan waits while a
 * job holds a drive.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/cdrom.h>
#endif

#include "sp-drive-list.h"
#include "sp-drive-private.h"

#define DEFAULT_POLL_SECONDS 2
/* Where the kernel cannot report media changes: inquire every so many polls. */
#define BLIND_POLL_EVERY 5

struct _SpDriveList
{
  GObject parent_instance;

  GPtrArray *drives;          /* SpDrive */
  GPtrArray *extra;           /* char *: addresses no bus scan finds */
  GHashTable *kernel_state;   /* address -> GINT_TO_POINTER (state + 1) */
  GHashTable *pending;        /* addresses to inquire at the next poll */

  GCancellable *cancellable;
  GPtrArray *scan_waiters;    /* GTask: completed when the running scan ends */
  GPtrArray *next_waiters;    /* GTask: completed when the next scan ends */
  gboolean scanning;
  gboolean scan_again;
  gboolean polling;
  guint poll_interval;
  guint poll_source;
  guint poll_count;
  gulong monitor_handler;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpDriveList, sp_drive_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SCANNING,
  PROP_POLL_INTERVAL,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_scan (SpDriveList *self, GTask *task);
static void restart_polling (SpDriveList *self);

/* ---- GListModel ------------------------------------------------------- */

static GType
list_get_item_type (GListModel *model)
{
  return SP_TYPE_DRIVE;
}

static guint
list_get_n_items (GListModel *model)
{
  return SP_DRIVE_LIST (model)->drives->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  SpDriveList *self = SP_DRIVE_LIST (model);

  if (position >= self->drives->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->drives, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* ---- Object ----------------------------------------------------------- */

static void
sp_drive_list_dispose (GObject *object)
{
  SpDriveList *self = SP_DRIVE_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->monitor_handler)
    {
      g_signal_handler_disconnect (sp_burn_monitor_get (), self->monitor_handler);
      self->monitor_handler = 0;
    }

  G_OBJECT_CLASS (sp_drive_list_parent_class)->dispose (object);
}

static void
sp_drive_list_finalize (GObject *object)
{
  SpDriveList *self = SP_DRIVE_LIST (object);

  g_ptr_array_unref (self->drives);
  g_ptr_array_unref (self->extra);
  g_hash_table_unref (self->kernel_state);
  g_hash_table_unref (self->pending);
  g_ptr_array_unref (self->scan_waiters);
  g_ptr_array_unref (self->next_waiters);
  g_object_unref (self->cancellable);

  G_OBJECT_CLASS (sp_drive_list_parent_class)->finalize (object);
}

static void
sp_drive_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpDriveList *self = SP_DRIVE_LIST (object);

  switch (prop_id)
    {
    case PROP_SCANNING:
      g_value_set_boolean (value, self->scanning);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->drives->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_drive_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpDriveList *self = SP_DRIVE_LIST (object);

  switch (prop_id)
    {
    case PROP_POLL_INTERVAL:
      sp_drive_list_set_poll_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_drive_list_class_init (SpDriveListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_drive_list_dispose;
  object_class->finalize = sp_drive_list_finalize;
  object_class->get_property = sp_drive_list_get_property;
  object_class->set_property = sp_drive_list_set_property;

  properties[PROP_SCANNING] =
    g_param_spec_boolean ("scanning", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 0, 3600, DEFAULT_POLL_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
on_drive_changed (GObject    *monitor,
                  const char *address,
                  gpointer    user_data)
{
  SpDriveList *self = user_data;

  if (sp_drive_list_find (self, address) == NULL)
    return;
  g_hash_table_add (self->pending, g_strdup (address));
  /* Poll now rather than at the next tick. */
  restart_polling (self);
}

static void
sp_drive_list_init (SpDriveList *self)
{
  self->drives = g_ptr_array_new_with_free_func (g_object_unref);
  self->extra = g_ptr_array_new_with_free_func (g_free);
  self->kernel_state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->scan_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->poll_interval = DEFAULT_POLL_SECONDS;
}

/**
 * sp_drive_list_new:
 *
 * Creates the list and starts a bus scan. Extra drive addresses (paths
 * that no bus scan enumerates) can be given in the environment variable
 * SPINDLE_BURN_DRIVES, separated by colons, or added with
 * sp_drive_list_add_address(). Media changes are polled every
 * #SpDriveList:poll-interval seconds on the thread-default main context.
 */
SpDriveList *
sp_drive_list_new (void)
{
  SpDriveList *self = g_object_new (SP_TYPE_DRIVE_LIST, NULL);
  const char *extra = g_getenv ("SPINDLE_BURN_DRIVES");

  if (extra && *extra)
    {
      g_auto(GStrv) addresses = g_strsplit (extra, ":", -1);

      for (guint i = 0; addresses[i]; i++)
        if (*addresses[i])
          g_ptr_array_add (self->extra, g_strdup (addresses[i]));
    }

  self->monitor_handler = g_signal_connect_object (sp_burn_monitor_get (), "drive-changed",
                                                   G_CALLBACK (on_drive_changed), self, 0);
  start_scan (self, NULL);
  restart_polling (self);
  return self;
}

/* ---- Scanning --------------------------------------------------------- */

typedef struct
{
  GStrv extra;
  GPtrArray *previous;    /* SpDrive: kept for drives a job holds */
  GPtrArray *found;       /* SpDrive */
} ScanData;

static void
scan_data_free (gpointer data)
{
  ScanData *scan = data;

  g_strfreev (scan->extra);
  g_clear_pointer (&scan->previous, g_ptr_array_unref);
  g_clear_pointer (&scan->found, g_ptr_array_unref);
  g_free (scan);
}

static SpDrive *
find_in (GPtrArray  *drives,
         const char *address)
{
  for (guint i = 0; drives && i < drives->len; i++)
    {
      SpDrive *drive = g_ptr_array_index (drives, i);

      if (g_strcmp0 (sp_drive_get_address (drive), address) == 0)
        return drive;
    }
  return NULL;
}

/* Inquires one drive by address. The lock is held. */
static SpDrive *
inquire_address (const char *address)
{
  struct burn_drive_info *info = NULL;
  g_autoptr(GError) error = NULL;
  SpDrive *drive;

  if (!sp_burn_drive_open (address, FALSE, &info, &error))
    {
      /* A path that is no drive at all is not listed. */
      if (g_error_matches (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_DRIVE))
        return NULL;
      return _sp_drive_new_unavailable (address, NULL, NULL, error->message);
    }
  drive = _sp_drive_new_from_burn (address, info, TRUE);
  sp_burn_drive_close (info, FALSE);
  return drive;
}

static gboolean
any_address_held (ScanData *scan)
{
  for (guint i = 0; scan->previous && i < scan->previous->len; i++)
    if (sp_burn_address_is_held (sp_drive_get_address (g_ptr_array_index (scan->previous, i))))
      return TRUE;
  for (guint i = 0; scan->extra && scan->extra[i]; i++)
    if (sp_burn_address_is_held (scan->extra[i]))
      return TRUE;
  return FALSE;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *scan = task_data;
  struct burn_drive_info *infos = NULL;
  unsigned int n_drives = 0;
  g_autoptr(GError) error = NULL;
  int ret;

  scan->found = g_ptr_array_new_with_free_func (g_object_unref);

  if (!sp_burn_library_ensure (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sp_burn_lock ();

  if (any_address_held (scan))
    {
      /* A bus scan now would fail: keep what we have. */
      for (guint i = 0; scan->previous && i < scan->previous->len; i++)
        g_ptr_array_add (scan->found, g_object_ref (g_ptr_array_index (scan->previous, i)));
      sp_burn_unlock ();
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* sp_burn_drive_open() leaves its address as the only whitelist entry. */
  burn_drive_clear_whitelist ();
  while ((ret = burn_drive_scan (&infos, &n_drives)) == 0)
    g_usleep (50 * 1000);

  if (ret > 0)
    {
      for (unsigned int i = 0; i < n_drives; i++)
        {
          char address[BURN_DRIVE_ADR_LEN] = "";
          g_autofree char *vendor = g_strstrip (g_strndup (infos[i].vendor, sizeof infos[i].vendor));
          g_autofree char *model = g_strstrip (g_strndup (infos[i].product, sizeof infos[i].product));
          guint64 mark;

          if (burn_drive_d_get_adr (infos[i].drive, address) <= 0)
            continue;
          mark = sp_burn_messages_mark ();
          if (burn_drive_grab (infos[i].drive, 0) == 1)
            {
              g_ptr_array_add (scan->found, _sp_drive_new_from_burn (address, &infos[i], TRUE));
              burn_drive_release (infos[i].drive, 0);
            }
          else
            {
              g_autoptr(GPtrArray) messages = sp_burn_messages_since (mark);
              g_autofree char *cause = sp_burn_messages_explain (messages);

              g_ptr_array_add (scan->found,
                               _sp_drive_new_unavailable (address, vendor, model,
                                                          cause ? cause : _("The drive could not be opened")));
            }
        }
      burn_drive_info_free (infos);
    }

  for (guint i = 0; scan->extra && scan->extra[i]; i++)
    {
      SpDrive *drive;

      if (find_in (scan->found, scan->extra[i]))
        continue;
      drive = inquire_address (scan->extra[i]);
      if (drive)
        g_ptr_array_add (scan->found, drive);
    }

  sp_burn_unlock ();
  g_task_return_boolean (task, TRUE);
}

/* Replaces the list's items, announcing only what changed. */
static void
replace_drives (SpDriveList *self,
                GPtrArray   *found)
{
  guint old_len = self->drives->len;
  gboolean same_addresses = old_len == found->len;

  for (guint i = 0; same_addresses && i < found->len; i++)
    same_addresses = g_strcmp0 (sp_drive_get_address (g_ptr_array_index (self->drives, i)),
                                sp_drive_get_address (g_ptr_array_index (found, i))) == 0;

  if (same_addresses)
    {
      for (guint i = 0; i < found->len; i++)
        {
          SpDrive *old = g_ptr_array_index (self->drives, i);
          SpDrive *new = g_ptr_array_index (found, i);

          if (old == new || sp_drive_same_medium (old, new))
            continue;
          g_ptr_array_index (self->drives, i) = g_object_ref (new);
          g_object_unref (old);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        }
      return;
    }

  g_ptr_array_set_size (self->drives, 0);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (self->drives, g_object_ref (g_ptr_array_index (found, i)));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, found->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SpDriveList *self = SP_DRIVE_LIST (object);
  ScanData *scan = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->scan_waiters);
  g_autoptr(GError) error = NULL;

  self->scan_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    replace_drives (self, scan->found);

  self->scanning = FALSE;
  if (self->scan_again)
    {
      self->scan_again = FALSE;
      start_scan (self, NULL);
    }
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
}

static void
start_scan (SpDriveList *self,
            GTask       *outer)
{
  g_autoptr(GTask) task = NULL;
  ScanData *scan;

  if (self->scanning)
    {
      /* Another scan follows the running one and answers this request. */
      self->scan_again = TRUE;
      if (outer)
        g_ptr_array_add (self->next_waiters, outer);
      return;
    }

  /* The requests that wait for this scan. */
  g_ptr_array_extend_and_steal (self->scan_waiters, g_steal_pointer (&self->next_waiters));
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  if (outer)
    g_ptr_array_add (self->scan_waiters, outer);

  scan = g_new0 (ScanData, 1);
  g_ptr_array_add (self->extra, NULL);
  scan->extra = g_strdupv ((char **) self->extra->pdata);
  g_ptr_array_remove_index (self->extra, self->extra->len - 1);
  scan->previous = g_ptr_array_copy (self->drives, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (scan->previous, g_object_unref);

  self->scanning = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);

  task = g_task_new (self, self->cancellable, scan_done, NULL);
  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, scan, scan_data_free);
  g_task_run_in_thread (task, scan_thread);
}

/**
 * sp_drive_list_scan_async:
 *
 * Scans the bus again (and the extra addresses); completes when the list
 * shows the result.
 */
void
sp_drive_list_scan_async (SpDriveList         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SP_IS_DRIVE_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_drive_list_scan_async);
  start_scan (self, task);
}

gboolean
sp_drive_list_scan_finish (SpDriveList   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Scans again, in the background. */
void
sp_drive_list_refresh (SpDriveList *self)
{
  g_return_if_fail (SP_IS_DRIVE_LIST (self));
  start_scan (self, NULL);
}

gboolean
sp_drive_list_get_scanning (SpDriveList *self)
{
  g_return_val_if_fail (SP_IS_DRIVE_LIST (self), FALSE);
  return self->scanning;
}

/**
 * sp_drive_list_add_address:
 * @address: a drive that no bus scan enumerates (a device node elsewhere
 *   than /dev/sr*), or "stdio:/path" to list an image file target
 *
 * Adds @address to every later scan and scans again.
 */
void
sp_drive_list_add_address (SpDriveList *self,
                           const char  *address)
{
  g_return_if_fail (SP_IS_DRIVE_LIST (self));
  g_return_if_fail (address != NULL);

  for (guint i = 0; i < self->extra->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->extra, i), address) == 0)
      return;
  g_ptr_array_add (self->extra, g_strdup (address));
  start_scan (self, NULL);
}

/**
 * sp_drive_list_find:
 *
 * Returns: (transfer none) (nullable): the listed drive at @address
 */
SpDrive *
sp_drive_list_find (SpDriveList *self,
                    const char  *address)
{
  g_return_val_if_fail (SP_IS_DRIVE_LIST (self), NULL);
  return find_in (self->drives, address);
}

/* ---- Polling ---------------------------------------------------------- */

/* What the kernel says about the medium: a small number that changes when
 * the medium does, or -1 when it cannot tell. */
static int
kernel_media_state (const char *address)
{
#ifdef __linux__
  int fd, status, changed;

  if (sp_burn_address_is_file (address))
    return -1;
  fd = open (address, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return -1;
  status = ioctl (fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
  changed = ioctl (fd, CDROM_MEDIA_CHANGED, CDSL_CURRENT);
  close (fd);
  if (status < 0)
    return -1;
  /* A changed medium reads as a state of its own, so that swapping discs
   * between two polls is seen too. */
  return changed > 0 ? 1000 + status : status;
#else
  return -1;
#endif
}

typedef struct
{
  GPtrArray *drives;        /* SpDrive: the current snapshots */
  GHashTable *states;       /* address -> state + 1, as last seen */
  GHashTable *pending;      /* addresses to inquire regardless */
  gboolean blind_turn;
  GPtrArray *updated;       /* SpDrive: new snapshots */
} PollData;

static void
poll_data_free (gpointer data)
{
  PollData *poll = data;

  g_ptr_array_unref (poll->drives);
  g_hash_table_unref (poll->states);
  g_hash_table_unref (poll->pending);
  g_clear_pointer (&poll->updated, g_ptr_array_unref);
  g_free (poll);
}

static void
poll_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PollData *poll = task_data;

  poll->updated = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < poll->drives->len; i++)
    {
      SpDrive *drive = g_ptr_array_index (poll->drives, i);
      const char *address = sp_drive_get_address (drive);
      gboolean inquire = g_hash_table_contains (poll->pending, address);
      gpointer old_state = NULL;
      int state;

      if (sp_burn_address_is_held (address) || g_cancellable_is_cancelled (cancellable))
        continue;

      state = kernel_media_state (address);
      if (!g_hash_table_lookup_extended (poll->states, address, NULL, &old_state) ||
          GPOINTER_TO_INT (old_state) != state + 1)
        inquire = TRUE;
      if (state < 0 && poll->blind_turn && !sp_drive_is_file (drive))
        inquire = TRUE;
      g_hash_table_replace (poll->states, g_strdup (address), GINT_TO_POINTER (state + 1));

      if (inquire)
        {
          SpDrive *fresh;

          sp_burn_lock ();
          fresh = inquire_address (address);
          sp_burn_unlock ();
          if (fresh)
            g_ptr_array_add (poll->updated, fresh);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
poll_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SpDriveList *self = SP_DRIVE_LIST (object);
  PollData *poll = g_task_get_task_data (G_TASK (result));
  GHashTableIter iter;
  gpointer key, value;

  self->polling = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  g_hash_table_iter_init (&iter, poll->states);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (self->kernel_state, g_strdup (key), value);

  for (guint i = 0; i < poll->updated->len; i++)
    {
      SpDrive *fresh = g_ptr_array_index (poll->updated, i);

      g_hash_table_remove (self->pending, sp_drive_get_address (fresh));
      for (guint j = 0; j < self->drives->len; j++)
        {
          SpDrive *old = g_ptr_array_index (self->drives, j);

          if (g_strcmp0 (sp_drive_get_address (old), sp_drive_get_address (fresh)) != 0)
            continue;
          if (!sp_drive_same_medium (old, fresh))
            {
              g_ptr_array_index (self->drives, j) = g_object_ref (fresh);
              g_object_unref (old);
              g_list_model_items_changed (G_LIST_MODEL (self), j, 1, 1);
            }
          break;
        }
    }
}

static gboolean
poll_tick (gpointer user_data)
{
  SpDriveList *self = user_data;
  g_autoptr(GTask) task = NULL;
  PollData *poll;

  if (self->scanning || self->polling || self->drives->len == 0)
    return G_SOURCE_CONTINUE;

  poll = g_new0 (PollData, 1);
  poll->drives = g_ptr_array_copy (self->drives, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (poll->drives, g_object_unref);
  poll->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->kernel_state);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (poll->states, g_strdup (key), value);
  }
  poll->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->pending);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_hash_table_add (poll->pending, g_strdup (key));
  }
  poll->blind_turn = (++self->poll_count % BLIND_POLL_EVERY) == 0;

  self->polling = TRUE;
  task = g_task_new (self, self->cancellable, poll_done, NULL);
  g_task_set_source_tag (task, poll_tick);
  g_task_set_task_data (task, poll, poll_data_free);
  g_task_run_in_thread (task, poll_thread);
  return G_SOURCE_CONTINUE;
}

static void
restart_polling (SpDriveList *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->poll_interval == 0)
    return;
  self->poll_source = g_timeout_add_seconds (self->poll_interval, poll_tick, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->poll_source),
                            "[spindle] drive media poll");
  if (g_hash_table_size (self->pending) > 0)
    poll_tick (self);
}

/* 0 stops polling. */
void
sp_drive_list_set_poll_interval (SpDriveList *self,
                                 guint        seconds)
{
  g_return_if_fail (SP_IS_DRIVE_LIST (self));

  if (self->poll_interval == seconds)
    return;
  self->poll_interval = seconds;
  restart_polling (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

guint
sp_drive_list_get_poll_interval (SpDriveList *self)
{
  g_return_val_if_fail (SP_IS_DRIVE_LIST (self), 0);
  return self->poll_interval;
}
