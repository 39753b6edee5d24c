/* sp-extract-provider.c
 *
 * A file manager takes dropped or pasted files as a list of URIs, so
 * the files must exist before the list is given. They are extracted, only
 * when the other program asks (on drop or paste, not when a drag merely
 * starts), into a private folder under the user's cache, by the same
 * SpExtract the Extract… button uses: the same name sanitising, the same
 * links-only-inside rule. The receiving program then copies them from
 * there. Folders from earlier sessions are removed a day later, since a
 * copy may still be running when Spindle quits.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sp-extract-provider.h"

#define URI_LIST "text/uri-list"
#define GNOME_COPIED_FILES "x-special/gnome-copied-files"

/* How long an extracted folder is kept for the program it was given to. */
#define STALE_AFTER_SECONDS (24 * 60 * 60)

struct _SpExtractProvider
{
  GdkContentProvider parent_instance;

  SpFilesystem *filesystem;
  GPtrArray *items;            /* SpFileInfo */
  char *folder;                /* NULL until extracted */
  SpExtract *extract;          /* while extracting */
  GCancellable *cancellable;
  GPtrArray *waiting;          /* GTask, requests made while extracting */
};

G_DEFINE_FINAL_TYPE (SpExtractProvider, sp_extract_provider, GDK_TYPE_CONTENT_PROVIDER)

enum {
  STARTED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *mime_type;
  GOutputStream *stream;
  int io_priority;
  char *text;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->mime_type);
  g_clear_object (&request->stream);
  g_free (request->text);
  g_free (request);
}

static char *
extracts_folder (void)
{
  return g_build_filename (g_get_user_cache_dir (), "spindle", "extracted", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* g_remove() neither follows a link nor removes a full folder; only
   * folders are entered, so a link in the extracted tree is removed, not
   * what it points to. */
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && (dir = g_dir_open (path, 0, NULL)))
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

/**
 * sp_extract_provider_remove_stale:
 *
 * Removes extracted folders given to other programs more than a day ago.
 */
void
sp_extract_provider_remove_stale (void)
{
  g_autofree char *base = extracts_folder ();
  g_autoptr(GDir) dir = g_dir_open (base, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (base, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode) && now - st.st_mtime > STALE_AFTER_SECONDS)
        remove_tree (path);
    }
}

/* The list a file manager reads: one URI per item, in the destination
 * under the name extraction gave it. */
static char *
format_list (SpExtractProvider *self,
             const char        *mime_type)
{
  GString *text = g_string_new (g_str_equal (mime_type, GNOME_COPIED_FILES) ? "copy" : NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      SpFileInfo *item = g_ptr_array_index (self->items, i);
      g_autofree char *name = sp_extract_sanitize_name (sp_file_info_get_name (item));
      g_autofree char *path = g_build_filename (self->folder, name, NULL);
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

      if (uri == NULL)
        continue;
      if (g_str_equal (mime_type, GNOME_COPIED_FILES))
        g_string_append_printf (text, "\n%s", uri);
      else
        g_string_append_printf (text, "%s\r\n", uri);
    }
  return g_string_free (text, FALSE);
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
answer (SpExtractProvider *self,
        GTask             *task)
{
  Request *request = g_task_get_task_data (task);

  request->text = format_list (self, request->mime_type);
  g_output_stream_write_all_async (request->stream, request->text, strlen (request->text), request->io_priority,
                                   g_task_get_cancellable (task), written, g_object_ref (task));
}

static void
extracted (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpExtractProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  if (sp_extract_run_finish (SP_EXTRACT (object), result, &error))
    self->folder = g_strdup (g_object_get_data (object, "sp-folder"));
  else
    /* The run removed what it wrote; the folder it wrote into goes too. */
    g_rmdir (g_object_get_data (object, "sp-folder"));
  g_clear_object (&self->extract);

  g_signal_emit (self, signals[FINISHED], 0, error);

  for (guint i = 0; waiting && i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (self->folder)
        answer (self, task);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
start_extract (SpExtractProvider *self)
{
  static gsize cleaned = 0;
  g_autofree char *base = extracts_folder ();
  g_autofree char *template = g_build_filename (base, "XXXXXX", NULL);
  g_autoptr(GFile) destination = NULL;
  g_autoptr(GError) error = NULL;

  if (g_once_init_enter (&cleaned))
    {
      sp_extract_provider_remove_stale ();
      g_once_init_leave (&cleaned, 1);
    }

  if (g_mkdir_with_parents (base, 0700) != 0 || g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved = errno;
      g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot make a folder in “%s”: %s"), base, g_strerror (saved));
      for (guint i = 0; i < waiting->len; i++)
        g_task_return_error (g_ptr_array_index (waiting, i), g_error_copy (error));
      g_signal_emit (self, signals[FINISHED], 0, error);
      return;
    }

  destination = g_file_new_for_path (template);
  self->extract = sp_extract_new (self->filesystem, destination);
  g_object_set_data_full (G_OBJECT (self->extract), "sp-folder", g_strdup (template), g_free);
  for (guint i = 0; i < self->items->len; i++)
    sp_extract_add (self->extract, g_ptr_array_index (self->items, i));

  g_signal_emit (self, signals[STARTED], 0, sp_extract_get_job (self->extract), self->cancellable);
  sp_extract_run_async (self->extract, self->cancellable, extracted, g_object_ref (self));
}

static GdkContentFormats *
sp_extract_provider_ref_formats (GdkContentProvider *provider)
{
  GdkContentFormatsBuilder *builder = gdk_content_formats_builder_new ();

  gdk_content_formats_builder_add_mime_type (builder, URI_LIST);
  gdk_content_formats_builder_add_mime_type (builder, GNOME_COPIED_FILES);
  return gdk_content_formats_builder_free_to_formats (builder);
}

static void
sp_extract_provider_write_mime_type_async (GdkContentProvider  *provider,
                                           const char          *mime_type,
                                           GOutputStream       *stream,
                                           int                  io_priority,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  SpExtractProvider *self = SP_EXTRACT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *request;

  g_task_set_source_tag (task, sp_extract_provider_write_mime_type_async);
  if (!g_str_equal (mime_type, URI_LIST) && !g_str_equal (mime_type, GNOME_COPIED_FILES))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Cannot give files as “%s”"), mime_type);
      return;
    }

  request = g_new0 (Request, 1);
  request->mime_type = g_strdup (mime_type);
  request->stream = g_object_ref (stream);
  request->io_priority = io_priority;
  g_task_set_task_data (task, request, request_free);

  if (self->folder)
    {
      answer (self, task);
      return;
    }
  if (self->waiting == NULL)
    self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  if (self->extract == NULL)
    start_extract (self);
}

static gboolean
sp_extract_provider_write_mime_type_finish (GdkContentProvider  *provider,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sp_extract_provider_dispose (GObject *object)
{
  SpExtractProvider *self = SP_EXTRACT_PROVIDER (object);

  /* Dropped or replaced on the clipboard before the files were asked
   * for: nothing is left half-written. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->filesystem);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_extract_provider_parent_class)->dispose (object);
}

static void
sp_extract_provider_finalize (GObject *object)
{
  SpExtractProvider *self = SP_EXTRACT_PROVIDER (object);

  g_clear_object (&self->cancellable);
  g_free (self->folder);

  G_OBJECT_CLASS (sp_extract_provider_parent_class)->finalize (object);
}

static void
sp_extract_provider_class_init (SpExtractProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  object_class->dispose = sp_extract_provider_dispose;
  object_class->finalize = sp_extract_provider_finalize;
  provider_class->ref_formats = sp_extract_provider_ref_formats;
  provider_class->write_mime_type_async = sp_extract_provider_write_mime_type_async;
  provider_class->write_mime_type_finish = sp_extract_provider_write_mime_type_finish;

  /**
   * SpExtractProvider::started:
   * @job: the extraction's progress
   * @cancellable: cancels it
   *
   * Another program asked for the files and they are being extracted.
   */
  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SP_TYPE_JOB, G_TYPE_CANCELLABLE);

  /**
   * SpExtractProvider::finished:
   * @error: (nullable): why the files could not be given
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sp_extract_provider_init (SpExtractProvider *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * sp_extract_provider_new:
 * @filesystem: where @items are
 * @items: (element-type SpFileInfo): the files and folders to give
 *
 * Returns: (transfer full): a provider of `text/uri-list` and
 *   `x-special/gnome-copied-files`
 */
GdkContentProvider *
sp_extract_provider_new (SpFilesystem *filesystem,
                         GPtrArray    *items)
{
  SpExtractProvider *self;

  g_return_val_if_fail (SP_IS_FILESYSTEM (filesystem), NULL);
  g_return_val_if_fail (items != NULL && items->len > 0, NULL);

  self = g_object_new (SP_TYPE_EXTRACT_PROVIDER, NULL);
  self->filesystem = g_object_ref (filesystem);
  self->items = g_ptr_array_ref (items);
  return GDK_CONTENT_PROVIDER (self);
}
