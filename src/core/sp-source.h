/* sp-source.h: one file behind a disc image (a FILE line of a sheet)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SP_SOURCE_BINARY,     /* raw bytes; audio in them is little-endian */
  SP_SOURCE_MOTOROLA,   /* raw bytes; audio in them is big-endian */
  SP_SOURCE_WAVE,       /* RIFF WAVE of 16-bit stereo 44.1 kHz PCM: the data chunk is read as is */
  SP_SOURCE_DECODED,    /* any other audio file, decoded by libsndfile to 16-bit stereo */
} SpSourceType;

typedef enum
{
  SP_SOURCE_STATUS_OK,
  SP_SOURCE_STATUS_MISSING,      /* no file by that name, even after the fallbacks */
  SP_SOURCE_STATUS_UNREADABLE,   /* there, but cannot be opened or decoded */
} SpSourceStatus;

typedef enum
{
  SP_SOURCE_RESOLVED_EXACT,
  SP_SOURCE_RESOLVED_CASE,       /* the same name in another letter case */
  SP_SOURCE_RESOLVED_BASENAME,   /* the sheet named another folder; found beside the sheet */
  SP_SOURCE_RESOLVED_LONE_BIN,   /* the only unreferenced .bin beside the sheet */
  SP_SOURCE_RESOLVED_NONE,
} SpSourceResolution;

#define SP_TYPE_SOURCE (sp_source_get_type ())

G_DECLARE_FINAL_TYPE (SpSource, sp_source, SP, SOURCE, GObject)

SpSource           *sp_source_new            (const char     *name,
                                              SpSourceType    type,
                                              guint           line);
gboolean            sp_source_open           (SpSource       *self,
                                              GFile          *file,
                                              SpSourceResolution resolution,
                                              GPtrArray      *warnings,
                                              GError        **error);
void                sp_source_set_missing    (SpSource       *self,
                                              SpSourceStatus  status,
                                              const char     *reason);
void                sp_source_set_display_name (SpSource     *self,
                                              const char     *display_name);

const char         *sp_source_get_name       (SpSource       *self);
const char         *sp_source_get_display_name (SpSource     *self);
GFile              *sp_source_get_file       (SpSource       *self);
SpSourceType        sp_source_get_source_type (SpSource      *self);
SpSourceStatus      sp_source_get_status     (SpSource       *self);
const char         *sp_source_get_status_reason (SpSource    *self);
SpSourceResolution  sp_source_get_resolution (SpSource       *self);
guint               sp_source_get_line       (SpSource       *self);
guint64             sp_source_get_file_size  (SpSource       *self);
guint64             sp_source_get_data_offset (SpSource      *self);
guint64             sp_source_get_data_size  (SpSource       *self);
gboolean            sp_source_is_audio_file  (SpSource       *self);
guint64             sp_source_query_available (SpSource      *self);

gssize              sp_source_read           (SpSource       *self,
                                              guint64         offset,
                                              void           *buffer,
                                              gsize           count,
                                              GError        **error);

const char         *sp_source_type_to_string (SpSourceType    type);

G_END_DECLS
