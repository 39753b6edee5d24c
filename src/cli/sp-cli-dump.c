/* sp-cli-dump.c: spindle-cli dump, raw sectors with their fields decoded
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sp-cli.h"

#define MAX_COUNT 10000

static gboolean opt_json;
static int opt_count = 1;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "count", 'n', 0, G_OPTION_ARG_INT, &opt_count, N_("How many sectors (default 1)"), N_("N") },
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the sectors as JSON"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE POSITION") },
  { NULL }
};

const SpCliCommand sp_cli_dump_command = {
  "dump", N_("IMAGE POSITION"), N_("Show raw sectors in hex with their fields decoded and checked"),
  sp_cli_dump,
};

static const char *submode_names[8] = {
  "EOR", "VIDEO", "AUDIO", "DATA", "TRIGGER", "FORM2", "REALTIME", "EOF"
};

static guint
index_at (SpTrack *track,
          gint64   position)
{
  guint number = 0;

  for (guint i = 0; i < sp_track_get_n_indices (track); i++)
    {
      const SpIndex *index = sp_track_get_index (track, i);

      if (index->position <= position)
        number = index->number;
    }
  return number;
}

static gboolean
field_ok (const SpSectorInfo *info,
          SpFieldType         type)
{
  switch (type)
    {
    case SP_FIELD_SYNC:   return info->sync_ok;
    case SP_FIELD_HEADER: return info->header_ok;
    case SP_FIELD_SUBHEADER: return info->subheader_copies_match;
    case SP_FIELD_EDC:    return info->edc != SP_CHECK_BAD;
    case SP_FIELD_ZERO:   return info->zero != SP_CHECK_BAD;
    case SP_FIELD_ECC_P:  return info->ecc_p != SP_CHECK_BAD;
    case SP_FIELD_ECC_Q:  return info->ecc_q != SP_CHECK_BAD;
    default:              return TRUE;
    }
}

static char *
submode_text (guint8 submode)
{
  GString *s = g_string_new (NULL);

  for (guint bit = 8; bit-- > 0;)
    if (submode & (1u << bit))
      g_string_append_printf (s, "%s%s", s->len ? " " : "", submode_names[bit]);
  return g_string_free (s, FALSE);
}

static void
add_subq_json (JsonBuilder *builder,
               const SpSubQ *q)
{
  json_builder_set_member_name (builder, "subchannel_q");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "control");
  json_builder_add_int_value (builder, q->control);
  json_builder_set_member_name (builder, "adr");
  json_builder_add_int_value (builder, q->adr);
  json_builder_set_member_name (builder, "crc_ok");
  json_builder_add_boolean_value (builder, q->crc_ok);
  if (q->adr == 1 && q->bcd_ok)
    {
      json_builder_set_member_name (builder, "track");
      json_builder_add_int_value (builder, q->track);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, q->index);
      json_builder_set_member_name (builder, "relative");
      json_builder_add_int_value (builder, q->relative);
      json_builder_set_member_name (builder, "absolute_lba");
      json_builder_add_int_value (builder, q->absolute_lba);
    }
  else if (q->adr == 2)
    {
      json_builder_set_member_name (builder, "mcn");
      json_builder_add_string_value (builder, q->mcn);
    }
  else if (q->adr == 3)
    {
      json_builder_set_member_name (builder, "isrc");
      json_builder_add_string_value (builder, q->isrc);
    }
  json_builder_end_object (builder);
}

static void
sector_to_json (JsonBuilder        *builder,
                SpImage            *image,
                gint64              position,
                const guint8       *raw,
                const SpSectorInfo *info,
                const SpSubQ       *subq)
{
  SpTrack *track = sp_image_find_track (image, position);
  guint n_fields;
  const SpSectorField *fields = sp_sector_get_fields (info->kind, &n_fields);
  g_autofree char *hex = g_malloc (2 * SP_RAW_SECTOR_SIZE + 1);
  char msf[SP_MSF_STRING_SIZE];

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, position);
  json_builder_set_member_name (builder, "msf");
  json_builder_add_string_value (builder, sp_msf_format (position, msf));
  json_builder_set_member_name (builder, "address");
  json_builder_add_int_value (builder, info->lba);
  json_builder_set_member_name (builder, "track");
  json_builder_add_int_value (builder, sp_track_get_number (track));
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, index_at (track, position));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, sp_sector_kind_to_string (info->kind));

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  if (info->errors & SP_SECTOR_ERROR_SYNC)
    json_builder_add_string_value (builder, "sync");
  if (info->errors & SP_SECTOR_ERROR_HEADER)
    json_builder_add_string_value (builder, "header");
  if (info->errors & SP_SECTOR_ERROR_EDC)
    json_builder_add_string_value (builder, "edc");
  if (info->errors & SP_SECTOR_ERROR_ECC)
    json_builder_add_string_value (builder, "ecc");
  json_builder_end_array (builder);

  if (info->kind == SP_SECTOR_KIND_AUDIO)
    {
      json_builder_set_member_name (builder, "peak_left");
      json_builder_add_int_value (builder, info->peak_left);
      json_builder_set_member_name (builder, "peak_right");
      json_builder_add_int_value (builder, info->peak_right);
    }
  else
    {
      json_builder_set_member_name (builder, "sync_ok");
      json_builder_add_boolean_value (builder, info->sync_ok);

      json_builder_set_member_name (builder, "header");
      json_builder_begin_object (builder);
      {
        char bytes[9];

        g_snprintf (bytes, sizeof bytes, "%02x%02x%02x%02x", info->header[0], info->header[1],
                    info->header[2], info->header[3]);
        json_builder_set_member_name (builder, "bytes");
        json_builder_add_string_value (builder, bytes);
      }
      json_builder_set_member_name (builder, "mode");
      json_builder_add_int_value (builder, info->header[3]);
      json_builder_set_member_name (builder, "lba");
      if (info->header_bcd_ok)
        json_builder_add_int_value (builder, info->header_lba);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, info->header_ok);
      json_builder_end_object (builder);

      if (info->kind == SP_SECTOR_KIND_MODE2_FORM1 || info->kind == SP_SECTOR_KIND_MODE2_FORM2)
        {
          json_builder_set_member_name (builder, "subheader");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "file");
          json_builder_add_int_value (builder, info->subheader[0]);
          json_builder_set_member_name (builder, "channel");
          json_builder_add_int_value (builder, info->subheader[1]);
          json_builder_set_member_name (builder, "submode");
          json_builder_add_int_value (builder, info->subheader[2]);
          json_builder_set_member_name (builder, "submode_flags");
          json_builder_begin_array (builder);
          for (guint bit = 0; bit < 8; bit++)
            if (info->subheader[2] & (1u << bit))
              json_builder_add_string_value (builder, submode_names[bit]);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "coding");
          json_builder_add_int_value (builder, info->subheader[3]);
          json_builder_set_member_name (builder, "copies_match");
          json_builder_add_boolean_value (builder, info->subheader_copies_match);
          json_builder_end_object (builder);
        }

      json_builder_set_member_name (builder, "edc");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, sp_check_to_string (info->edc));
      if (info->edc != SP_CHECK_NONE)
        {
          char text[16];

          g_snprintf (text, sizeof text, "%08x", info->edc_stored);
          json_builder_set_member_name (builder, "stored");
          json_builder_add_string_value (builder, text);
          g_snprintf (text, sizeof text, "%08x", info->edc_computed);
          json_builder_set_member_name (builder, "computed");
          json_builder_add_string_value (builder, text);
        }
      json_builder_end_object (builder);

      json_builder_set_member_name (builder, "ecc_p");
      json_builder_add_string_value (builder, sp_check_to_string (info->ecc_p));
      json_builder_set_member_name (builder, "ecc_q");
      json_builder_add_string_value (builder, sp_check_to_string (info->ecc_q));
      json_builder_set_member_name (builder, "zero");
      json_builder_add_string_value (builder, sp_check_to_string (info->zero));
    }

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_fields; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, sp_field_type_to_string (fields[i].type));
      json_builder_set_member_name (builder, "offset");
      json_builder_add_int_value (builder, fields[i].offset);
      json_builder_set_member_name (builder, "length");
      json_builder_add_int_value (builder, fields[i].length);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, field_ok (info, fields[i].type));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (subq)
    add_subq_json (builder, subq);

  for (guint i = 0; i < SP_RAW_SECTOR_SIZE; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", raw[i]);
  json_builder_set_member_name (builder, "hex");
  json_builder_add_string_value (builder, hex);

  json_builder_end_object (builder);
}

static const char *
check_text (SpCheck check)
{
  switch (check)
    {
    case SP_CHECK_OK:     return _("ok");
    case SP_CHECK_BAD:    return _("WRONG");
    case SP_CHECK_ABSENT: return _("none written (Form 2 allows it)");
    case SP_CHECK_NONE:
    default:              return _("not applicable");
    }
}

static void
print_sector (SpImage            *image,
              gint64              position,
              const guint8       *raw,
              const SpSectorInfo *info,
              const SpSubQ       *subq)
{
  SpTrack *track = sp_image_find_track (image, position);
  guint n_fields;
  const SpSectorField *fields = sp_sector_get_fields (info->kind, &n_fields);
  g_autofree char *where = sp_cli_format_position (position);

  printf ("%s %s, %s %02u %s, %s %02u\n", _("Sector"), where, _("track"), sp_track_get_number (track),
          sp_track_mode_to_string (sp_track_get_mode (track)), _("index"), index_at (track, position));
  printf ("  %-12s%s\n", _("Kind:"), sp_sector_kind_to_string (info->kind));

  if (info->kind == SP_SECTOR_KIND_AUDIO)
    printf ("  %-12s%s %u, %s %u (%s 32767)\n", _("Peak:"), _("left"), info->peak_left, _("right"),
            info->peak_right, _("of"));
  else
    {
      printf ("  %-12s%s\n", _("Sync:"), info->sync_ok ? _("ok") : _("WRONG"));
      printf ("  %-12s%02x %02x %02x %02x", _("Header:"), info->header[0], info->header[1],
              info->header[2], info->header[3]);
      if (info->header_bcd_ok)
        printf (" = %02x:%02x:%02x, %s %" G_GINT64_FORMAT ", %s %u", info->header[0], info->header[1],
                info->header[2], _("LBA"), info->header_lba, _("mode"), info->header[3]);
      printf (" (%s)\n", info->header_ok ? _("ok") : _("WRONG: not this sector's address"));

      if (info->kind == SP_SECTOR_KIND_MODE2_FORM1 || info->kind == SP_SECTOR_KIND_MODE2_FORM2)
        {
          g_autofree char *flags = submode_text (info->subheader[2]);

          printf ("  %-12s%s %u, %s %u, %s 0x%02x (%s), %s 0x%02x; %s\n", _("Subheader:"),
                  _("file"), info->subheader[0], _("channel"), info->subheader[1],
                  _("submode"), info->subheader[2], flags, _("coding"), info->subheader[3],
                  info->subheader_copies_match ? _("both copies match") : _("the two copies DIFFER"));
        }
      if (info->edc != SP_CHECK_NONE)
        printf ("  %-12s%s %08x, %s %08x: %s\n", _("EDC:"), _("stored"), info->edc_stored,
                _("computed"), info->edc_computed, check_text (info->edc));
      if (info->zero != SP_CHECK_NONE)
        printf ("  %-12s%s\n", _("Zero bytes:"), check_text (info->zero));
      if (info->ecc_p != SP_CHECK_NONE)
        printf ("  %-12s%s\n", _("ECC P:"), check_text (info->ecc_p));
      if (info->ecc_q != SP_CHECK_NONE)
        printf ("  %-12s%s\n", _("ECC Q:"), check_text (info->ecc_q));
    }

  if (subq)
    {
      printf ("  %-12s%s, ADR %u, %s 0x%x", _("Subchannel Q:"), subq->crc_ok ? _("CRC ok") : _("CRC WRONG"),
              subq->adr, _("control"), subq->control);
      if (subq->adr == 1 && subq->bcd_ok)
        printf (", %s %02u %s %02u, %s %" G_GINT64_FORMAT, _("track"), subq->track, _("index"), subq->index,
                _("absolute"), subq->absolute_lba);
      else if (subq->adr == 2)
        printf (", MCN %s", subq->mcn);
      else if (subq->adr == 3)
        printf (", ISRC %s", subq->isrc);
      printf ("\n");
    }

  printf ("\n");
  for (guint off = 0; off < SP_RAW_SECTOR_SIZE; off += 16)
    {
      GString *names = g_string_new (NULL);

      printf ("  %04x ", off);
      for (guint i = 0; i < 16; i++)
        printf ("%s%02x", i == 8 ? "  " : " ", raw[off + i]);
      printf ("  ");
      for (guint i = 0; i < 16; i++)
        putchar (g_ascii_isprint (raw[off + i]) ? raw[off + i] : '.');

      for (guint f = 0; f < n_fields; f++)
        if (fields[f].offset >= off && fields[f].offset < off + 16)
          g_string_append_printf (names, "%s%s@%u%s", names->len ? ", " : "  ← ",
                                  sp_field_type_to_string (fields[f].type), fields[f].offset,
                                  field_ok (info, fields[f].type) ? "" : " (BAD)");
      printf ("%s\n", names->str);
      g_string_free (names, TRUE);
    }
  printf ("\n");
}

int
sp_cli_dump (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_dump_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree guint8 *buffer = NULL;
  gint64 position;
  guint got = 0;
  int status = SP_CLI_EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("POSITION is a sector number or MM:SS:FF, counted from the start of the first file, "
      "as “spindle-cli info” lists them.\n\n"
      "Exit status: 0 success, 1 the sectors cannot be read, 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL || opt_args[1] == NULL)
    return sp_cli_usage_error (context, "%s", _("give an image and a position"));
  if (opt_args[2] != NULL)
    return sp_cli_usage_error (context, "%s", _("too many arguments"));
  if (opt_count < 1 || opt_count > MAX_COUNT)
    return sp_cli_usage_error (context, _("--count must be 1–%d"), MAX_COUNT);

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;

  if (!sp_cli_parse_position (image, opt_args[1], &position, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (position + opt_count > sp_image_get_leadout (image))
    opt_count = (int) (sp_image_get_leadout (image) - position);

  buffer = g_malloc ((gsize) opt_count * SP_RAW_SECTOR_SIZE);
  if (!sp_image_read_sectors (image, position, (guint) opt_count, buffer, &got, &error))
    {
      sp_cli_print_error ("%s: %s", sp_image_get_display_name (image), error->message);
      status = SP_CLI_EXIT_FAILURE;
    }

  if (opt_json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  for (guint i = 0; i < got; i++)
    {
      gint64 p = position + i;
      SpTrack *track = sp_image_find_track (image, p);
      const guint8 *raw = buffer + (gsize) i * SP_RAW_SECTOR_SIZE;
      SpSectorInfo info;
      SpSubQ subq;
      gboolean have_subq = FALSE;

      sp_sector_decode (raw, p + sp_track_get_address_offset (track), sp_track_is_audio (track), &info);
      if (sp_image_has_subchannel (image, p))
        {
          guint8 pw[96], q[12];

          if (sp_image_read_subchannel (image, p, pw, NULL))
            {
              sp_subchannel_q_from_raw (pw, q);
              sp_subq_decode (q, &subq);
              have_subq = TRUE;
            }
        }

      if (opt_json)
        sector_to_json (builder, image, p, raw, &info, have_subq ? &subq : NULL);
      else
        print_sector (image, p, raw, &info, have_subq ? &subq : NULL);
    }

  if (opt_json)
    {
      g_autoptr(JsonNode) node = NULL;

      json_builder_end_array (builder);
      node = json_builder_get_root (builder);
      sp_cli_print_json (node);
    }

  return status;
}
