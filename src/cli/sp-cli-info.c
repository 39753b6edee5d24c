/* sp-cli-info.c: spindle-cli info, the track listing
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "sp-cli.h"

static gboolean opt_json;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the listing as JSON"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE") },
  { NULL }
};

const SpCliCommand sp_cli_info_command = {
  "info", N_("IMAGE"), N_("List an image's sessions, tracks, indices, CD-TEXT and files"), sp_cli_info,
};

/* ---- JSON ------------------------------------------------------------ */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *key,
                    const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_cdtext (JsonBuilder *builder,
            SpCdText    *cdtext)
{
  json_builder_set_member_name (builder, "cdtext");
  json_builder_begin_object (builder);
  for (guint f = 0; f < SP_CDTEXT_N_FIELDS; f++)
    {
      const char *value = sp_cdtext_get (cdtext, f);

      if (value)
        {
          json_builder_set_member_name (builder, sp_cdtext_field_to_json_key (f));
          json_builder_add_string_value (builder, value);
        }
    }
  json_builder_end_object (builder);
}

static void
add_rem (JsonBuilder *builder,
         GHashTable  *rem)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (rem), (GCompareFunc) g_strcmp0);

  json_builder_set_member_name (builder, "rem");
  json_builder_begin_object (builder);
  for (GList *l = keys; l; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (rem, l->data));
    }
  json_builder_end_object (builder);
}

static void
add_flags (JsonBuilder  *builder,
           SpTrackFlags  flags)
{
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  if (flags & SP_TRACK_FLAG_DCP)
    json_builder_add_string_value (builder, "DCP");
  if (flags & SP_TRACK_FLAG_4CH)
    json_builder_add_string_value (builder, "4CH");
  if (flags & SP_TRACK_FLAG_PRE)
    json_builder_add_string_value (builder, "PRE");
  if (flags & SP_TRACK_FLAG_SCMS)
    json_builder_add_string_value (builder, "SCMS");
  json_builder_end_array (builder);
}

static void
add_track (JsonBuilder *builder,
           SpTrack     *track)
{
  SpSource *source = sp_track_get_source (track);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, sp_track_get_number (track));
  json_builder_set_member_name (builder, "session");
  json_builder_add_int_value (builder, sp_track_get_session (track));
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, sp_track_mode_to_string (sp_track_get_mode (track)));
  json_builder_set_member_name (builder, "sector_size");
  json_builder_add_int_value (builder, sp_track_get_sector_size (track));
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, sp_track_get_start (track));
  json_builder_set_member_name (builder, "length");
  json_builder_add_int_value (builder, sp_track_get_length (track));
  json_builder_set_member_name (builder, "pregap");
  json_builder_add_int_value (builder, sp_track_get_pregap (track));
  json_builder_set_member_name (builder, "stored_pregap");
  json_builder_add_int_value (builder, sp_track_get_stored_pregap (track));
  json_builder_set_member_name (builder, "postgap");
  json_builder_add_int_value (builder, sp_track_get_postgap (track));

  json_builder_set_member_name (builder, "indices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sp_track_get_n_indices (track); i++)
    {
      const SpIndex *index = sp_track_get_index (track, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, index->number);
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, index->position);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_flags (builder, sp_track_get_flags (track));
  add_string_or_null (builder, "isrc", sp_track_get_isrc (track));
  add_string_or_null (builder, "title", sp_track_get_title (track));
  add_string_or_null (builder, "performer", sp_track_get_performer (track));
  add_cdtext (builder, sp_track_get_cdtext (track));
  add_rem (builder, sp_track_get_rem (track));
  add_string_or_null (builder, "file", source ? sp_source_get_display_name (source) : NULL);
  json_builder_set_member_name (builder, "file_offset");
  if (sp_track_get_file_offset (track) >= 0)
    json_builder_add_int_value (builder, sp_track_get_file_offset (track));
  else
    json_builder_add_null_value (builder);

  json_builder_end_object (builder);
}

static const char *
source_status_to_string (SpSourceStatus status)
{
  switch (status)
    {
    case SP_SOURCE_STATUS_OK:         return "ok";
    case SP_SOURCE_STATUS_MISSING:    return "missing";
    case SP_SOURCE_STATUS_UNREADABLE: return "unreadable";
    default:                          return "?";
    }
}

static JsonNode *
image_to_json (SpImage *image)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *sources = sp_image_get_sources (image);
  GListModel *diagnostics = sp_image_get_diagnostics (image);
  SpCdText *cdtext = sp_image_get_cdtext (image);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, sp_image_format_to_string (sp_image_get_format (image)));
  json_builder_set_member_name (builder, "disc_type");
  json_builder_add_string_value (builder, sp_disc_type_to_string (sp_image_get_disc_type (image)));
  add_string_or_null (builder, "catalog", sp_image_get_catalog (image));
  add_string_or_null (builder, "title", sp_cdtext_get (cdtext, SP_CDTEXT_TITLE));
  add_string_or_null (builder, "performer", sp_cdtext_get (cdtext, SP_CDTEXT_PERFORMER));
  add_cdtext (builder, cdtext);
  add_string_or_null (builder, "cdtext_file", sp_image_get_cdtext_file (image));
  add_rem (builder, sp_image_get_rem (image));
  json_builder_set_member_name (builder, "sessions");
  json_builder_add_int_value (builder, g_list_model_get_n_items (sp_image_get_sessions (image)));
  json_builder_set_member_name (builder, "leadout");
  json_builder_add_int_value (builder, sp_image_get_leadout (image));

  json_builder_set_member_name (builder, "tracks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    add_track (builder, sp_image_get_track (image, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (sources, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "name", sp_source_get_name (source));
      add_string_or_null (builder, "file", sp_source_get_display_name (source));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, sp_source_type_to_string (sp_source_get_source_type (source)));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, source_status_to_string (sp_source_get_status (source)));
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) sp_source_get_file_size (source));
      json_builder_set_member_name (builder, "data_offset");
      json_builder_add_int_value (builder, (gint64) sp_source_get_data_offset (source));
      json_builder_set_member_name (builder, "data_size");
      json_builder_add_int_value (builder, (gint64) sp_source_get_data_size (source));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SpDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, sp_severity_to_string (sp_diagnostic_get_severity (diagnostic)));
      add_string_or_null (builder, "file", sp_diagnostic_get_file (diagnostic));
      json_builder_set_member_name (builder, "line");
      if (sp_diagnostic_get_line (diagnostic) > 0)
        json_builder_add_int_value (builder, sp_diagnostic_get_line (diagnostic));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, sp_diagnostic_get_message (diagnostic));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- Text ------------------------------------------------------------ */

static const char *
format_name (SpImageFormat format)
{
  switch (format)
    {
    case SP_IMAGE_FORMAT_CUE: return _("cue sheet");
    case SP_IMAGE_FORMAT_ISO: return _("ISO image");
    case SP_IMAGE_FORMAT_BIN: return _("BIN image without a sheet");
    case SP_IMAGE_FORMAT_TOC: return _("cdrdao TOC file");
    default:                  return "?";
    }
}

static const char *
disc_type_name (SpDiscType type)
{
  switch (type)
    {
    case SP_DISC_TYPE_CD_DA:     return _("audio CD (CD-DA)");
    case SP_DISC_TYPE_CD_ROM:    return _("CD-ROM (CD_ROM)");
    case SP_DISC_TYPE_CD_ROM_XA: return _("CD-ROM XA (CD_ROM_XA)");
    case SP_DISC_TYPE_CD_I:      return _("CD-i (CD_I)");
    default:                     return "?";
    }
}

/* "MM:SS:FF (LBA)" with the LBA right-aligned so columns line up. */
static char *
position_text (gint64 frames)
{
  char msf[SP_MSF_STRING_SIZE];

  return g_strdup_printf ("%s %7" G_GINT64_FORMAT, sp_msf_format (frames, msf), frames);
}

static void
print_cdtext (SpCdText   *cdtext,
              const char *indent)
{
  for (guint f = 0; f < SP_CDTEXT_N_FIELDS; f++)
    {
      const char *value = sp_cdtext_get (cdtext, f);
      g_autofree char *label = NULL;

      if (value == NULL)
        continue;
      label = g_strdup_printf ("%s:", sp_cdtext_field_to_keyword (f));
      printf ("%s%-13s%s\n", indent, label, value);
    }
}

static void
print_rem (GHashTable *rem,
           const char *indent)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (rem), (GCompareFunc) g_strcmp0);

  for (GList *l = keys; l; l = l->next)
    {
      g_autofree char *label = g_strdup_printf ("REM %s:", (const char *) l->data);
      printf ("%s%-13s%s\n", indent, label, (const char *) g_hash_table_lookup (rem, l->data));
    }
}

static void
print_text (SpImage *image)
{
  GListModel *sources = sp_image_get_sources (image);
  GListModel *diagnostics = sp_image_get_diagnostics (image);
  guint n_tracks = sp_image_get_n_tracks (image);
  guint n_sessions = g_list_model_get_n_items (sp_image_get_sessions (image));
  gint64 leadout = sp_image_get_leadout (image);
  g_autofree char *size = g_format_size (sp_image_get_stored_size (image));
  char msf[SP_MSF_STRING_SIZE];

  printf ("%-13s%s (%s)\n", _("Image:"), sp_image_get_display_name (image),
          format_name (sp_image_get_format (image)));
  printf ("%-13s%s, ", _("Disc:"), disc_type_name (sp_image_get_disc_type (image)));
  /* Translators: the session and track counts of a disc, as in "1 session, 3 tracks" */
  printf (ngettext ("%u session", "%u sessions", n_sessions), n_sessions);
  printf (", ");
  printf (ngettext ("%u track", "%u tracks", n_tracks), n_tracks);
  printf ("\n");
  printf ("%-13s%s (%" G_GINT64_FORMAT " frames)\n", _("Length:"), sp_msf_format (leadout, msf), leadout);
  printf ("%-13s%s\n", _("Size:"), size);
  if (sp_image_get_catalog (image))
    printf ("%-13s%s\n", _("Catalog:"), sp_image_get_catalog (image));
  if (sp_image_get_cdtext_file (image))
    printf ("%-13s%s\n", _("CD-TEXT file:"), sp_image_get_cdtext_file (image));
  print_cdtext (sp_image_get_cdtext (image), "");
  print_rem (sp_image_get_rem (image), "");

  printf ("\n  %-5s %-11s %-21s %-21s %-10s %s\n", _("Track"), _("Mode"),
          _("Start (MSF, LBA)"), _("Length"), _("Pregap"), _("File"));

  for (guint i = 0; i < n_tracks; i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      SpSource *source = sp_track_get_source (track);
      g_autofree char *start = position_text (sp_track_get_start (track));
      g_autofree char *length = position_text (sp_track_get_length (track));
      g_autofree char *flags = sp_track_flags_to_string (sp_track_get_flags (track));
      g_autofree char *file = NULL;
      char pregap[SP_MSF_STRING_SIZE];

      if (source && sp_track_get_file_offset (track) >= 0)
        file = g_strdup_printf ("%s @ %" G_GINT64_FORMAT, sp_source_get_display_name (source),
                                sp_track_get_file_offset (track));
      else
        file = g_strdup ("—");

      char number[8];

      g_snprintf (number, sizeof number, "%02u", sp_track_get_number (track));
      printf ("  %-5s %-11s %-21s %-21s %-10s %s\n", number,
              sp_track_mode_to_string (sp_track_get_mode (track)), start, length,
              sp_track_get_pregap (track) ? sp_msf_format (sp_track_get_pregap (track), pregap) : "—",
              file);

      if (n_sessions > 1)
        printf ("          %-13s%u\n", _("Session:"), sp_track_get_session (track));
      if (sp_track_get_pregap (track) > 0)
        {
          gint64 stored = sp_track_get_stored_pregap (track);
          gint64 generated = sp_track_get_pregap (track) - stored;

          /* Translators: how much of a track's pregap is in its file and how much is added */
          printf ("          %-13s", _("Pregap:"));
          printf (_("%" PRId64 " frames (%" PRId64 " in the file, %" PRId64 " generated)"),
                  sp_track_get_pregap (track), stored, generated);
          printf ("\n");
        }
      if (sp_track_get_postgap (track) > 0)
        printf ("          %-13s%" G_GINT64_FORMAT " %s\n", _("Postgap:"), sp_track_get_postgap (track),
                _("frames (generated)"));
      for (guint j = 0; j < sp_track_get_n_indices (track); j++)
        {
          const SpIndex *index = sp_track_get_index (track, j);
          g_autofree char *label = g_strdup_printf ("%s %02u:", _("Index"), index->number);
          g_autofree char *position = position_text (index->position);

          printf ("          %-13s%s\n", label, position);
        }
      if (*flags)
        printf ("          %-13s%s\n", _("Flags:"), flags);
      if (sp_track_get_isrc (track))
        printf ("          %-13s%s\n", _("ISRC:"), sp_track_get_isrc (track));
      print_cdtext (sp_track_get_cdtext (track), "          ");
      print_rem (sp_track_get_rem (track), "          ");
    }

  printf ("\n  %s %s\n", _("Leadout:"), sp_msf_format (leadout, msf));

  printf ("\n%s\n", _("Files:"));
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (sources, i);
      g_autofree char *file_size = g_format_size_full (sp_source_get_file_size (source), G_FORMAT_SIZE_LONG_FORMAT);

      if (sp_source_get_status (source) == SP_SOURCE_STATUS_OK)
        printf ("  %s (%s, %s)\n", sp_source_get_display_name (source),
                sp_source_type_to_string (sp_source_get_source_type (source)), file_size);
      else
        printf ("  %s (%s: %s)\n", sp_source_get_display_name (source),
                sp_source_type_to_string (sp_source_get_source_type (source)),
                sp_source_get_status_reason (source));
    }

  if (g_list_model_get_n_items (diagnostics) > 0)
    {
      printf ("\n%s\n", _("Problems:"));
      for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
        {
          g_autoptr(SpDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);
          const char *file = sp_diagnostic_get_file (diagnostic);
          const char *severity = sp_diagnostic_get_severity (diagnostic) == SP_SEVERITY_ERROR
            ? _("error") : _("warning");

          if (sp_diagnostic_get_line (diagnostic) > 0)
            printf ("  %s:%u: %s: %s\n", file, sp_diagnostic_get_line (diagnostic), severity,
                    sp_diagnostic_get_message (diagnostic));
          else
            printf ("  %s: %s: %s\n", file, severity, sp_diagnostic_get_message (diagnostic));
        }
    }
}

int
sp_cli_info (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_info_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Exit status: 0 when the image opened without errors (warnings allowed), "
      "1 when it could not be opened or has errors (a missing or short file), "
      "2 on bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL)
    return sp_cli_usage_error (context, "%s", _("no image given"));
  if (opt_args[1] != NULL)
    return sp_cli_usage_error (context, "%s", _("give one image"));

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;

  if (opt_json)
    {
      g_autoptr(JsonNode) node = image_to_json (image);
      sp_cli_print_json (node);
    }
  else
    print_text (image);

  return sp_image_count_diagnostics (image, SP_SEVERITY_ERROR) > 0 ? SP_CLI_EXIT_FAILURE : SP_CLI_EXIT_OK;
}
