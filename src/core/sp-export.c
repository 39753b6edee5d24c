/* sp-export.c
 *
 * g_file_replace() writes to a temporary file beside the destination and
 * renames it into place when closed: a cancelled or failed export leaves
 * nothing behind, and never a half-written file under the chosen name.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-error.h"
#include "sp-export.h"
#include "sp-msf.h"

#define CHUNK_SECTORS 256

/**
 * sp_export_sectors:
 *
 * Writes @count raw 2352-byte sectors from @first to @destination.
 */
gboolean
sp_export_sectors (SpImage       *image,
                   gint64         first,
                   gint64         count,
                   GFile         *destination,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree guint8 *buffer = g_malloc ((gsize) CHUNK_SECTORS * SP_RAW_SECTOR_SIZE);
  g_autoptr(GCancellable) abort = g_cancellable_new ();

  g_return_val_if_fail (SP_IS_IMAGE (image), FALSE);

  if (first < 0 || count <= 0 || first + count > sp_image_get_leadout (image))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_OUT_OF_RANGE,
                   "sectors %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " are not all on the disc",
                   first, first + count - 1);
      return FALSE;
    }

  out = g_file_replace (destination, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (out == NULL)
    return FALSE;

  for (gint64 done = 0; done < count;)
    {
      guint n = (guint) MIN ((gint64) CHUNK_SECTORS, count - done);

      if (!sp_image_read_sectors (image, first + done, n, buffer, NULL, error) ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer, (gsize) n * SP_RAW_SECTOR_SIZE,
                                      NULL, cancellable, error))
        {
          /* Closing a cancelled replace drops the temporary file. */
          g_cancellable_cancel (abort);
          g_output_stream_close (G_OUTPUT_STREAM (out), abort, NULL);
          return FALSE;
        }
      done += n;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
}

typedef struct
{
  SpImage *image;
  gint64 first;
  gint64 count;
  GFile *destination;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->image);
  g_object_unref (data->destination);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (sp_export_sectors (data->image, data->first, data->count, data->destination, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sp_export_sectors_async (SpImage             *image,
                         gint64               first,
                         gint64               count,
                         GFile               *destination,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportData *data = g_new0 (ExportData, 1);

  data->image = g_object_ref (image);
  data->first = first;
  data->count = count;
  data->destination = g_object_ref (destination);
  g_task_set_source_tag (task, sp_export_sectors_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sp_export_sectors_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
