/* sp-extract.h: copy files out of a data track's file system
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-filesystem.h"
#include "sp-job.h"

G_BEGIN_DECLS

/* What to do when a file to write is already there. */
typedef enum
{
  SP_EXTRACT_CONFLICT_ERROR,       /* stop with G_IO_ERROR_EXISTS (the default: ask the user) */
  SP_EXTRACT_CONFLICT_OVERWRITE,   /* replace it (never a folder) */
  SP_EXTRACT_CONFLICT_SKIP,        /* keep it, do not write that file */
} SpExtractConflict;

#define SP_TYPE_EXTRACT (sp_extract_get_type ())

G_DECLARE_FINAL_TYPE (SpExtract, sp_extract, SP, EXTRACT, GObject)

SpExtract         *sp_extract_new               (SpFilesystem        *filesystem,
                                                 GFile               *destination);
void               sp_extract_add               (SpExtract           *self,
                                                 SpFileInfo          *item);
void               sp_extract_set_conflict      (SpExtract           *self,
                                                 SpExtractConflict    conflict);
SpExtractConflict  sp_extract_get_conflict      (SpExtract           *self);
SpJob             *sp_extract_get_job           (SpExtract           *self);

char             **sp_extract_find_conflicts    (SpExtract           *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

gboolean           sp_extract_run               (SpExtract           *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void               sp_extract_run_async         (SpExtract           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean           sp_extract_run_finish        (SpExtract           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

guint              sp_extract_get_n_written     (SpExtract           *self);
guint              sp_extract_get_n_skipped     (SpExtract           *self);
guint64            sp_extract_get_bytes_written (SpExtract           *self);
char             **sp_extract_dup_warnings      (SpExtract           *self);

char              *sp_extract_sanitize_name     (const char          *name);

G_END_DECLS
