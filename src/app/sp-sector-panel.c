/* sp-sector-panel.c
 *
 * One row per field: its name, and its value with the verdict of its
 * check. Rows that do not apply to a sector's kind are hidden, so an audio
 * sector shows its position and peak level and nothing that would suggest
 * it has a header.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "sp-detail-row.h"
#include "sp-sector-panel.h"

typedef enum
{
  ROW_POSITION,
  ROW_ADDRESS,
  ROW_TRACK,
  ROW_KIND,
  ROW_STORED,
  ROW_SYNC,
  ROW_HEADER,
  ROW_SUBHEADER,
  ROW_SUBMODE,
  ROW_CODING,
  ROW_EDC,
  ROW_ZERO,
  ROW_ECC_P,
  ROW_ECC_Q,
  ROW_PEAK,
  ROW_SUBQ,
  N_ROWS
} RowIndex;

struct _SpSectorPanel
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *rows[N_ROWS];
  GtkWidget *values[N_ROWS];
  GtkWidget *peak_bar;
};

G_DEFINE_FINAL_TYPE (SpSectorPanel, sp_sector_panel, GTK_TYPE_WIDGET)

static const char *
row_title (RowIndex row)
{
  switch (row)
    {
    case ROW_POSITION:  return _("Position");
    case ROW_ADDRESS:   return _("Address on disc");
    case ROW_TRACK:     return _("Track and index");
    case ROW_KIND:      return _("Mode");
    case ROW_STORED:    return _("In the image");
    case ROW_SYNC:      return _("Sync");
    case ROW_HEADER:    return _("Header");
    case ROW_SUBHEADER: return _("Subheader");
    case ROW_SUBMODE:   return _("Submode");
    case ROW_CODING:    return _("Coding");
    case ROW_EDC:       return _("EDC");
    case ROW_ZERO:      return _("Zero bytes");
    case ROW_ECC_P:     return _("ECC P");
    case ROW_ECC_Q:     return _("ECC Q");
    case ROW_PEAK:      return _("Peak level");
    case ROW_SUBQ:      return _("Subchannel Q");
    default:            return "";
    }
}

static void
set_row (SpSectorPanel *self,
         RowIndex       row,
         const char    *value,
         gboolean       bad)
{
  GtkWidget *label = self->values[row];

  gtk_widget_set_visible (self->rows[row], value != NULL);
  if (value == NULL)
    return;
  gtk_label_set_label (GTK_LABEL (label), value);
  if (bad)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static const char *
check_word (SpCheck check)
{
  switch (check)
    {
    case SP_CHECK_OK:     return _("correct");
    case SP_CHECK_BAD:    return _("WRONG");
    case SP_CHECK_ABSENT: return _("not written (allowed in Form 2)");
    default:              return NULL;
    }
}

static const char *
kind_name (SpSectorKind kind)
{
  switch (kind)
    {
    case SP_SECTOR_KIND_AUDIO:       return _("Audio");
    case SP_SECTOR_KIND_MODE0:       return _("Mode 0 (empty)");
    case SP_SECTOR_KIND_MODE1:       return _("Mode 1");
    case SP_SECTOR_KIND_MODE2:       return _("Mode 2 formless");
    case SP_SECTOR_KIND_MODE2_FORM1: return _("Mode 2 Form 1");
    case SP_SECTOR_KIND_MODE2_FORM2: return _("Mode 2 Form 2");
    default:                         return _("Not a valid data sector");
    }
}

static char *
submode_names (guint8 submode)
{
  static const char *names[8] = {
    N_("End of record"), N_("Video"), N_("Audio"), N_("Data"),
    N_("Trigger"), N_("Form 2"), N_("Real-time"), N_("End of file")
  };
  GString *s = g_string_new (NULL);

  for (guint bit = 0; bit < 8; bit++)
    if (submode & (1u << bit))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", _(names[bit]));
  if (s->len == 0)
    g_string_append (s, _("none"));
  return g_string_free (s, FALSE);
}

/* How much of a sector the image's files hold. A cooked track (ISO,
 * MODE1/2048) keeps user data only and a PREGAP or POSTGAP nothing: the
 * rest is made by the sector engine, so its checks would only check
 * Spindle, and the panel says so instead of "correct". */
typedef enum
{
  STORED_ALL,
  STORED_FROM_SUBHEADER, /* 2336: sync and header made */
  STORED_USER_DATA,      /* 2048, 2324: all but user data made */
  STORED_NOTHING,        /* a generated gap */
} Stored;

static Stored
stored_part (SpTrack *track,
             gint64   position)
{
  gint64 stored_from = sp_track_get_start (track) - sp_track_get_stored_pregap (track);
  gint64 stored_to = sp_track_get_end (track) - sp_track_get_postgap (track);

  if (position < stored_from || position >= stored_to)
    return STORED_NOTHING;
  switch (sp_track_get_sector_size (track))
    {
    case 2336: return STORED_FROM_SUBHEADER;
    case 2048:
    case 2324: return STORED_USER_DATA;
    default:   return STORED_ALL;
    }
}

static guint
index_at (SpTrack *track,
          gint64   position)
{
  guint number = 0;

  for (guint i = 0; i < sp_track_get_n_indices (track); i++)
    if (sp_track_get_index (track, i)->position <= position)
      number = sp_track_get_index (track, i)->number;
  return number;
}

/**
 * sp_sector_panel_show_sector:
 *
 * Reads and decodes sector @position of @image and shows its fields.
 */
void
sp_sector_panel_show_sector (SpSectorPanel *self,
                             SpImage       *image,
                             gint64         position)
{
  guint8 raw[SP_RAW_SECTOR_SIZE];
  SpSectorInfo info;
  SpTrack *track;
  gint64 address;
  gboolean missing;
  Stored stored;
  const char *made = _("made by Spindle");
  char msf[SP_MSF_STRING_SIZE];

  g_return_if_fail (SP_IS_SECTOR_PANEL (self));

  if (image == NULL || position < 0 || position >= sp_image_get_leadout (image))
    {
      for (guint r = 0; r < N_ROWS; r++)
        set_row (self, r, NULL, FALSE);
      return;
    }

  track = sp_image_find_track (image, position);
  address = position + sp_track_get_address_offset (track);
  missing = !sp_image_read_sectors (image, position, 1, raw, NULL, NULL);
  if (!missing)
    sp_sector_decode (raw, address, sp_track_is_audio (track), &info);

  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", position, sp_msf_format (position, msf));
    set_row (self, ROW_POSITION, text, FALSE);
  }
  {
    guint8 m, s, f;
    g_autofree char *text = NULL;

    sp_lba_to_msf (address, &m, &s, &f);
    /* Translators: a disc address as LBA and as the MSF a sector header carries */
    text = g_strdup_printf (_("LBA %" PRId64 ", MSF %02u:%02u:%02u"), address, m, s, f);
    set_row (self, ROW_ADDRESS, text, FALSE);
  }
  {
    g_autofree char *text = g_strdup_printf (_("Track %02u, index %02u (%s)"), sp_track_get_number (track),
                                             index_at (track, position),
                                             sp_track_mode_to_string (sp_track_get_mode (track)));
    set_row (self, ROW_TRACK, text, FALSE);
  }

  if (missing)
    {
      set_row (self, ROW_KIND, _("Missing: the image's files do not hold this sector"), TRUE);
      for (guint r = ROW_STORED; r < N_ROWS; r++)
        set_row (self, r, NULL, FALSE);
      return;
    }

  set_row (self, ROW_KIND, kind_name (info.kind), info.kind == SP_SECTOR_KIND_UNKNOWN);

  stored = stored_part (track, position);
  switch (stored)
    {
    case STORED_ALL:
      set_row (self, ROW_STORED, _("all 2352 bytes"), FALSE);
      break;
    case STORED_FROM_SUBHEADER:
      set_row (self, ROW_STORED, _("2336 bytes; Spindle makes the sync and header"), FALSE);
      break;
    case STORED_USER_DATA:
      {
        g_autofree char *text = g_strdup_printf (_("%u bytes of user data; Spindle makes the rest"),
                                                 sp_track_get_sector_size (track));
        set_row (self, ROW_STORED, text, FALSE);
      }
      break;
    case STORED_NOTHING:
    default:
      set_row (self, ROW_STORED, _("nothing: a gap Spindle makes"), FALSE);
      break;
    }

  if (info.kind == SP_SECTOR_KIND_AUDIO)
    {
      guint16 peak = MAX (info.peak_left, info.peak_right);
      double db = peak > 0 ? 20.0 * log10 (peak / 32767.0) : -INFINITY;
      g_autofree char *text = NULL;

      if (peak > 0)
        /* Translators: the loudest sample of an audio sector, per channel and in dB */
        text = g_strdup_printf (_("left %u, right %u (%.1f dBFS)"), info.peak_left, info.peak_right, db);
      else
        text = g_strdup (_("silence"));
      set_row (self, ROW_PEAK, text, FALSE);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (self->peak_bar), peak / 32767.0);
      for (guint r = ROW_SYNC; r < ROW_PEAK; r++)
        set_row (self, r, NULL, FALSE);
    }
  else
    {
      set_row (self, ROW_PEAK, NULL, FALSE);
      if (stored != STORED_ALL)
        set_row (self, ROW_SYNC, made, FALSE);
      else
        set_row (self, ROW_SYNC, info.sync_ok ? _("correct") : _("WRONG"), !info.sync_ok);

      {
        g_autofree char *text = NULL;

        if (stored != STORED_ALL)
          /* Translators: a sector header that the image does not store */
          text = g_strdup_printf (_("%02x:%02x:%02x, mode %u — made by Spindle"), info.header[0], info.header[1],
                                  info.header[2], info.header[3]);
        else if (info.header_bcd_ok)
          /* Translators: a sector header: its MSF address, its mode, and whether it is this sector's */
          text = g_strdup_printf (_("%02x:%02x:%02x, mode %u — %s"), info.header[0], info.header[1], info.header[2],
                                  info.header[3], info.header_ok ? _("correct") : _("WRONG, not this sector's address"));
        else
          text = g_strdup_printf (_("%02x %02x %02x %02x — WRONG, not a valid address"), info.header[0],
                                  info.header[1], info.header[2], info.header[3]);
        set_row (self, ROW_HEADER, text, !info.header_ok);
      }

      if (info.kind == SP_SECTOR_KIND_MODE2_FORM1 || info.kind == SP_SECTOR_KIND_MODE2_FORM2)
        {
          g_autofree char *sub = g_strdup_printf (_("file %u, channel %u — %s"), info.subheader[0], info.subheader[1],
                                                  info.subheader_copies_match ? _("both copies match")
                                                                              : _("the two copies DIFFER"));
          g_autofree char *modes = submode_names (info.subheader[2]);
          g_autofree char *submode = g_strdup_printf ("0x%02x: %s", info.subheader[2], modes);
          g_autofree char *coding = g_strdup_printf ("0x%02x", info.subheader[3]);

          set_row (self, ROW_SUBHEADER, sub, !info.subheader_copies_match);
          set_row (self, ROW_SUBMODE, submode, FALSE);
          set_row (self, ROW_CODING, coding, FALSE);
        }
      else
        {
          set_row (self, ROW_SUBHEADER, NULL, FALSE);
          set_row (self, ROW_SUBMODE, NULL, FALSE);
          set_row (self, ROW_CODING, NULL, FALSE);
        }

      if (info.edc != SP_CHECK_NONE && (stored == STORED_USER_DATA || stored == STORED_NOTHING))
        {
          g_autofree char *text = g_strdup_printf (_("%08x — made by Spindle"), info.edc_stored);
          set_row (self, ROW_EDC, text, FALSE);
        }
      else if (info.edc != SP_CHECK_NONE)
        {
          /* Translators: the stored and computed EDC of a sector, and the verdict */
          g_autofree char *text = g_strdup_printf (_("%s — stored %08x, computed %08x"), check_word (info.edc),
                                                   info.edc_stored, info.edc_computed);
          set_row (self, ROW_EDC, text, info.edc == SP_CHECK_BAD);
        }
      else
        set_row (self, ROW_EDC, NULL, FALSE);

      if (stored == STORED_USER_DATA || stored == STORED_NOTHING)
        {
          set_row (self, ROW_ZERO, info.zero != SP_CHECK_NONE ? made : NULL, FALSE);
          set_row (self, ROW_ECC_P, info.ecc_p != SP_CHECK_NONE ? made : NULL, FALSE);
          set_row (self, ROW_ECC_Q, info.ecc_q != SP_CHECK_NONE ? made : NULL, FALSE);
        }
      else
        {
          set_row (self, ROW_ZERO, check_word (info.zero), info.zero == SP_CHECK_BAD);
          set_row (self, ROW_ECC_P, check_word (info.ecc_p), info.ecc_p == SP_CHECK_BAD);
          set_row (self, ROW_ECC_Q, check_word (info.ecc_q), info.ecc_q == SP_CHECK_BAD);
        }
    }

  if (sp_image_has_subchannel (image, position))
    {
      guint8 pw[96], q[12];
      SpSubQ subq;
      g_autofree char *text = NULL;

      if (sp_image_read_subchannel (image, position, pw, NULL))
        {
          sp_subchannel_q_from_raw (pw, q);
          sp_subq_decode (q, &subq);
          if (subq.adr == 1 && subq.bcd_ok)
            text = g_strdup_printf (_("track %02u, index %02u, LBA %" PRId64 ", CRC %s"), subq.track, subq.index,
                                    subq.absolute_lba, subq.crc_ok ? _("correct") : _("WRONG"));
          else if (subq.adr == 2)
            text = g_strdup_printf (_("catalog %s, CRC %s"), subq.mcn, subq.crc_ok ? _("correct") : _("WRONG"));
          else if (subq.adr == 3)
            text = g_strdup_printf (_("ISRC %s, CRC %s"), subq.isrc, subq.crc_ok ? _("correct") : _("WRONG"));
          else
            text = g_strdup_printf (_("ADR %u, CRC %s"), subq.adr, subq.crc_ok ? _("correct") : _("WRONG"));
          set_row (self, ROW_SUBQ, text, !subq.crc_ok);
        }
    }
  else
    set_row (self, ROW_SUBQ, NULL, FALSE);
}

static GtkWidget *
legend_item (const char *css_class,
             const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (swatch, "swatch");
  gtk_widget_add_css_class (swatch, css_class);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
build_legend (void)
{
  GtkWidget *flow = gtk_flow_box_new ();
  static const struct { const char *css; const char *text; } items[] = {
    { "sync", N_("Sync") }, { "header", N_("Header") }, { "subheader", N_("Subheader") },
    { "data", N_("User data") }, { "edc", N_("EDC") }, { "zero", N_("Zero") },
    { "ecc-p", N_("ECC P") }, { "ecc-q", N_("ECC Q") }, { "bad", N_("Failed check") },
  };

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_widget_add_css_class (flow, "field-legend");
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Field Colours"), -1);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    gtk_flow_box_append (GTK_FLOW_BOX (flow), legend_item (items[i].css, _(items[i].text)));
  return flow;
}

static void
sp_sector_panel_dispose (GObject *object)
{
  SpSectorPanel *self = SP_SECTOR_PANEL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (sp_sector_panel_parent_class)->dispose (object);
}

static void
sp_sector_panel_class_init (SpSectorPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_sector_panel_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sectorpanel");
}

static void
sp_sector_panel_init (SpSectorPanel *self)
{
  GtkWidget *list, *heading;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  heading = gtk_label_new (_("This Sector"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->box), heading);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sector Fields"), -1);

  for (guint r = 0; r < N_ROWS; r++)
    {
      GtkWidget *value;
      GtkWidget *row = sp_detail_row_new (row_title (r), NULL, &value);

      if (r == ROW_PEAK)
        {
          self->peak_bar = gtk_level_bar_new ();
          gtk_level_bar_set_mode (GTK_LEVEL_BAR (self->peak_bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->peak_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Peak level"), -1);
          gtk_box_append (GTK_BOX (row), self->peak_bar);
        }
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      self->rows[r] = gtk_widget_get_parent (row);
      self->values[r] = value;
      gtk_widget_set_visible (self->rows[r], FALSE);
    }
  gtk_box_append (GTK_BOX (self->box), list);

  heading = gtk_label_new (_("Colours"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->box), heading);
  gtk_box_append (GTK_BOX (self->box), build_legend ());
}

GtkWidget *
sp_sector_panel_new (void)
{
  return g_object_new (SP_TYPE_SECTOR_PANEL, NULL);
}
