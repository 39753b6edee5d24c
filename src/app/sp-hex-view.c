/* sp-hex-view.c
 *
 * The disc is one long run of rows: each sector gets a header row (its
 * position, track, kind and checks) and 147 rows of 16 bytes. Only the rows
 * in view are ever read or drawn, from a small cache of sectors, so a
 * 25 GB image scrolls like a 1 MB one and memory stays flat.
 *
 * Offsets (cursor, selection) count bytes of raw 2352-byte sectors from
 * position 0, as sp-search does.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "sp-hex-view.h"

#define BYTES_PER_ROW 16
#define DATA_ROWS (SP_RAW_SECTOR_SIZE / BYTES_PER_ROW)    /* 147 */
#define ROWS_PER_SECTOR (DATA_ROWS + 1)
#define CACHE_SIZE 24
#define MARGIN 12

/* Columns, in characters. The offset column is as wide as the disc's
 * last sector number needs, so COL_HEX and what follows depend on the view. */
#define COL_OFFSET 0
#define COL_HEX (self->offset_digits + 6)
#define COL_ASCII (COL_HEX + BYTES_PER_ROW * 3 + 1 + 2)
#define N_COLUMNS (COL_ASCII + BYTES_PER_ROW + 1)
#define MAX_COLUMNS (20 + 6 + BYTES_PER_ROW * 3 + 3 + BYTES_PER_ROW + 1)

typedef struct
{
  gint64 position;
  gboolean used;
  gboolean missing;
  guint8 raw[SP_RAW_SECTOR_SIZE];
  SpSectorInfo info;
  guint n_fields;
  const SpSectorField *fields;
} CachedSector;

typedef enum
{
  COLOR_FG,
  COLOR_DIM,
  COLOR_BAD,
  COLOR_BAD_BG,
  COLOR_SELECTION,
  COLOR_CURSOR,
  COLOR_SEPARATOR,
  COLOR_HEADER_BG,
  COLOR_FIELD_SYNC,
  COLOR_FIELD_HEADER,
  COLOR_FIELD_SUBHEADER,
  COLOR_FIELD_EDC,
  COLOR_FIELD_ZERO,
  COLOR_FIELD_ECC_P,
  COLOR_FIELD_ECC_Q,
  N_COLORS
} ColorIndex;

struct _SpHexView
{
  GtkWidget parent_instance;

  SpImage *image;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;

  int char_width;
  int row_height;
  int offset_digits;

  gint64 cursor;
  gint64 anchor;            /* the other end of the selection, or -1 */
  gboolean dragging;

  CachedSector cache[CACHE_SIZE];
  guint cache_next;

  GdkRGBA colors[N_COLORS];
};

static void sp_hex_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpHexView, sp_hex_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, sp_hex_view_scrollable_init))

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_POSITION,
  PROP_CURSOR,
  N_PROPS,

  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

/* ---- Sectors --------------------------------------------------------- */

static const CachedSector *
get_sector (SpHexView *self,
            gint64     position)
{
  CachedSector *entry;
  SpTrack *track;

  for (guint i = 0; i < CACHE_SIZE; i++)
    if (self->cache[i].used && self->cache[i].position == position)
      return &self->cache[i];

  entry = &self->cache[self->cache_next];
  self->cache_next = (self->cache_next + 1) % CACHE_SIZE;

  entry->used = TRUE;
  entry->position = position;
  entry->missing = !sp_image_read_sectors (self->image, position, 1, entry->raw, NULL, NULL);
  track = sp_image_find_track (self->image, position);

  if (entry->missing)
    {
      memset (entry->raw, 0, sizeof entry->raw);
      memset (&entry->info, 0, sizeof entry->info);
      entry->info.kind = SP_SECTOR_KIND_UNKNOWN;
      entry->info.errors = SP_SECTOR_ERROR_MISSING;
    }
  else
    sp_sector_decode (entry->raw, position + (track ? sp_track_get_address_offset (track) : 0),
                      track && sp_track_is_audio (track), &entry->info);

  entry->fields = sp_sector_get_fields (entry->info.kind, &entry->n_fields);
  return entry;
}

static void
clear_cache (SpHexView *self)
{
  for (guint i = 0; i < CACHE_SIZE; i++)
    self->cache[i].used = FALSE;
}

static gint64
n_sectors (SpHexView *self)
{
  return self->image ? sp_image_get_leadout (self->image) : 0;
}

static gint64
total_bytes (SpHexView *self)
{
  return n_sectors (self) * SP_RAW_SECTOR_SIZE;
}

/* ---- Colours and metrics --------------------------------------------- */

static void
load_colors (SpHexView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  static const char *names[N_COLORS] = {
    [COLOR_FG] = NULL,
    [COLOR_DIM] = NULL,
    [COLOR_BAD] = "error_color",
    [COLOR_BAD_BG] = "sp_field_bad",
    [COLOR_SELECTION] = "sp_hex_selection",
    [COLOR_CURSOR] = "accent_color",
    [COLOR_SEPARATOR] = "borders",
    [COLOR_HEADER_BG] = "sp_hex_header",
    [COLOR_FIELD_SYNC] = "sp_field_sync",
    [COLOR_FIELD_HEADER] = "sp_field_header",
    [COLOR_FIELD_SUBHEADER] = "sp_field_subheader",
    [COLOR_FIELD_EDC] = "sp_field_edc",
    [COLOR_FIELD_ZERO] = "sp_field_zero",
    [COLOR_FIELD_ECC_P] = "sp_field_ecc_p",
    [COLOR_FIELD_ECC_Q] = "sp_field_ecc_q",
  };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &self->colors[COLOR_FG]);
  for (guint i = 0; i < N_COLORS; i++)
    if (names[i] && !gtk_style_context_lookup_color (context, names[i], &self->colors[i]))
      self->colors[i] = (GdkRGBA) { 0.5, 0.5, 0.5, 0.2 };
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* Offsets and the dots of unprintable bytes are dimmed, but not so far
   * that high contrast loses them (the theme switch re-runs this). */
  self->colors[COLOR_DIM] = self->colors[COLOR_FG];
  self->colors[COLOR_DIM].alpha *= adw_style_manager_get_high_contrast (adw_style_manager_get_default ()) ? 0.85 : 0.55;
}

static void
measure_font (SpHexView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

  self->char_width = MAX (1, PANGO_PIXELS (pango_font_metrics_get_approximate_digit_width (metrics)));
  self->row_height = MAX (1, PANGO_PIXELS (pango_font_metrics_get_height (metrics)) + 2);
  pango_font_metrics_unref (metrics);
}

static ColorIndex
field_color (SpFieldType type)
{
  switch (type)
    {
    case SP_FIELD_SYNC:      return COLOR_FIELD_SYNC;
    case SP_FIELD_HEADER:    return COLOR_FIELD_HEADER;
    case SP_FIELD_SUBHEADER: return COLOR_FIELD_SUBHEADER;
    case SP_FIELD_EDC:       return COLOR_FIELD_EDC;
    case SP_FIELD_ZERO:      return COLOR_FIELD_ZERO;
    case SP_FIELD_ECC_P:     return COLOR_FIELD_ECC_P;
    case SP_FIELD_ECC_Q:     return COLOR_FIELD_ECC_Q;
    default:                 return N_COLORS;   /* user data, audio: no colour */
    }
}

static gboolean
field_is_bad (const SpSectorInfo *info,
              SpFieldType         type)
{
  switch (type)
    {
    case SP_FIELD_SYNC:      return !info->sync_ok && info->kind != SP_SECTOR_KIND_AUDIO;
    case SP_FIELD_HEADER:    return !info->header_ok && info->kind != SP_SECTOR_KIND_AUDIO;
    case SP_FIELD_SUBHEADER: return !info->subheader_copies_match;
    case SP_FIELD_EDC:       return info->edc == SP_CHECK_BAD;
    case SP_FIELD_ZERO:      return info->zero == SP_CHECK_BAD;
    case SP_FIELD_ECC_P:     return info->ecc_p == SP_CHECK_BAD;
    case SP_FIELD_ECC_Q:     return info->ecc_q == SP_CHECK_BAD;
    default:                 return FALSE;
    }
}

/* ---- Geometry -------------------------------------------------------- */

static double
content_height (SpHexView *self)
{
  return (double) n_sectors (self) * ROWS_PER_SECTOR * self->row_height;
}

static int
content_width (SpHexView *self)
{
  return 2 * MARGIN + N_COLUMNS * self->char_width;
}

static int
hex_column (SpHexView *self,
            guint      byte)
{
  return COL_HEX + (int) byte * 3 + (byte >= 8 ? 1 : 0);
}

static double
row_y (SpHexView *self,
       gint64     row)
{
  return (double) row * self->row_height - gtk_adjustment_get_value (self->vadjustment);
}

static gint64
row_of_offset (gint64 offset)
{
  gint64 position = offset / SP_RAW_SECTOR_SIZE;
  int in_sector = (int) (offset % SP_RAW_SECTOR_SIZE);

  return position * ROWS_PER_SECTOR + 1 + in_sector / BYTES_PER_ROW;
}

/* The byte under a point of the widget, or -1. */
static gint64
offset_at (SpHexView *self,
           double     x,
           double     y)
{
  double scroll_x = self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
  gint64 row = (gint64) ((y + gtk_adjustment_get_value (self->vadjustment)) / self->row_height);
  gint64 position = row / ROWS_PER_SECTOR;
  int r = (int) (row % ROWS_PER_SECTOR);
  int col = (int) ((x + scroll_x - MARGIN) / self->char_width);
  int byte;

  if (position < 0 || position >= n_sectors (self))
    return -1;

  if (r == 0)
    return position * SP_RAW_SECTOR_SIZE;   /* the header row: the sector's first byte */

  if (col >= COL_ASCII && col < COL_ASCII + BYTES_PER_ROW)
    byte = col - COL_ASCII;
  else if (col >= COL_HEX && col < COL_HEX + BYTES_PER_ROW * 3 + 1)
    {
      int c = col - COL_HEX;

      if (c >= 8 * 3)
        c -= 1;
      byte = CLAMP (c / 3, 0, BYTES_PER_ROW - 1);
    }
  else if (col < COL_HEX)
    byte = 0;
  else
    byte = BYTES_PER_ROW - 1;

  return position * SP_RAW_SECTOR_SIZE + (r - 1) * BYTES_PER_ROW + byte;
}

/* ---- Cursor and selection -------------------------------------------- */

static char *describe_sector (SpHexView          *self,
                              const CachedSector *sector);

static void
update_accessible (SpHexView *self)
{
  g_autofree char *sector_text = NULL;
  g_autofree char *text = NULL;
  const CachedSector *sector;
  guint byte;

  if (self->image == NULL || n_sectors (self) == 0)
    return;

  /* GTK 4.8 has no accessible text interface for a custom widget: the
   * description carries what a sighted user reads at the cursor. */
  sector = get_sector (self, sp_hex_view_get_position (self));
  sector_text = describe_sector (self, sector);
  byte = (guint) (self->cursor % SP_RAW_SECTOR_SIZE);
  /* Translators: what a screen reader says at the hex view's cursor: the
   * sector (as its header row reads), the byte's place in it and its value */
  text = g_strdup_printf (_("%s; byte %u: 0x%02x"), sector_text, byte, sector->raw[byte]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
scroll_to_cursor (SpHexView *self)
{
  gint64 row = row_of_offset (self->cursor);
  double y = (double) row * self->row_height;
  double top = gtk_adjustment_get_value (self->vadjustment);
  double page = gtk_adjustment_get_page_size (self->vadjustment);

  /* A step of a row stays a step; a jump lands a third down the view. */
  if (y < top - self->row_height || y > top + page)
    gtk_adjustment_set_value (self->vadjustment, y - page / 3);
  else if (y < top)
    gtk_adjustment_set_value (self->vadjustment, y - self->row_height);
  else if (y + self->row_height > top + page)
    gtk_adjustment_set_value (self->vadjustment, y + self->row_height - page);
}

/**
 * sp_hex_view_set_cursor:
 * @extend: keep the selection's other end (Shift)
 */
void
sp_hex_view_set_cursor (SpHexView *self,
                        gint64     offset,
                        gboolean   extend)
{
  gint64 old_position;

  g_return_if_fail (SP_IS_HEX_VIEW (self));

  if (self->image == NULL)
    return;

  old_position = sp_hex_view_get_position (self);
  offset = CLAMP (offset, 0, MAX (0, total_bytes (self) - 1));

  if (extend && self->anchor < 0)
    self->anchor = self->cursor;
  else if (!extend)
    self->anchor = -1;

  self->cursor = offset;
  scroll_to_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
  if (sp_hex_view_get_position (self) != old_position)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gint64
sp_hex_view_get_cursor (SpHexView *self)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), 0);
  return self->cursor;
}

/* The sector the cursor is in: the one the side panel decodes. */
gint64
sp_hex_view_get_position (SpHexView *self)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), 0);
  return self->cursor / SP_RAW_SECTOR_SIZE;
}

/**
 * sp_hex_view_go_to:
 *
 * Shows sector @position at the top of the view, the cursor on its first byte.
 */
void
sp_hex_view_go_to (SpHexView *self,
                   gint64     position)
{
  g_return_if_fail (SP_IS_HEX_VIEW (self));

  if (self->image == NULL)
    return;
  position = CLAMP (position, 0, MAX (0, n_sectors (self) - 1));
  gtk_adjustment_set_value (self->vadjustment, (double) position * ROWS_PER_SECTOR * self->row_height);
  sp_hex_view_set_cursor (self, position * SP_RAW_SECTOR_SIZE, FALSE);
}

/* @end is exclusive. */
void
sp_hex_view_select (SpHexView *self,
                    gint64     start,
                    gint64     end)
{
  g_return_if_fail (SP_IS_HEX_VIEW (self));

  if (end <= start)
    return;
  self->anchor = -1;
  sp_hex_view_set_cursor (self, start, FALSE);
  sp_hex_view_set_cursor (self, end - 1, TRUE);
}

/**
 * sp_hex_view_get_selection:
 * @start: (out): the first byte
 * @end: (out): one past the last byte
 *
 * Returns: whether bytes are selected; without a selection, the byte at the
 *   cursor is given
 */
gboolean
sp_hex_view_get_selection (SpHexView *self,
                           gint64    *start,
                           gint64    *end)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), FALSE);

  if (self->anchor < 0)
    {
      *start = self->cursor;
      *end = self->cursor + 1;
      return FALSE;
    }
  *start = MIN (self->anchor, self->cursor);
  *end = MAX (self->anchor, self->cursor) + 1;
  return TRUE;
}

/* Bytes copied at most, so that a stray Ctrl+A, Ctrl+C stays sane. */
#define MAX_COPY (16 * 1024 * 1024)

static guint8 *
read_selection (SpHexView *self,
                gsize     *length)
{
  gint64 start, end;
  gint64 first, last;
  g_autofree guint8 *sectors = NULL;
  guint8 *out;

  sp_hex_view_get_selection (self, &start, &end);
  end = MIN (end, start + MAX_COPY);
  first = start / SP_RAW_SECTOR_SIZE;
  last = (end - 1) / SP_RAW_SECTOR_SIZE;
  sectors = g_malloc ((gsize) (last - first + 1) * SP_RAW_SECTOR_SIZE);
  if (!sp_image_read_sectors (self->image, first, (guint) (last - first + 1), sectors, NULL, NULL))
    return NULL;

  *length = (gsize) (end - start);
  out = g_malloc (*length);
  memcpy (out, sectors + (start - first * SP_RAW_SECTOR_SIZE), *length);
  return out;
}

/* The selected bytes as "00 ff ff ...". */
char *
sp_hex_view_dup_selection_hex (SpHexView *self)
{
  gsize length = 0;
  g_autofree guint8 *bytes = NULL;
  GString *s;

  g_return_val_if_fail (SP_IS_HEX_VIEW (self), NULL);
  if (self->image == NULL || (bytes = read_selection (self, &length)) == NULL)
    return NULL;

  s = g_string_sized_new (length * 3);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (s, i ? " %02x" : "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

/* The selected bytes as text: printable ASCII kept, the rest as dots. */
char *
sp_hex_view_dup_selection_text (SpHexView *self)
{
  gsize length = 0;
  g_autofree guint8 *bytes = NULL;
  char *text;

  g_return_val_if_fail (SP_IS_HEX_VIEW (self), NULL);
  if (self->image == NULL || (bytes = read_selection (self, &length)) == NULL)
    return NULL;

  text = g_malloc (length + 1);
  for (gsize i = 0; i < length; i++)
    text[i] = g_ascii_isprint (bytes[i]) ? (char) bytes[i] : '.';
  text[length] = '\0';
  return text;
}

/* ---- Drawing --------------------------------------------------------- */

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         w,
             double         h)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT ((float) x, (float) y, (float) w, (float) h));
}

static void
draw_text (SpHexView     *self,
           GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y + 1));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static const char *
kind_label (SpSectorKind kind)
{
  switch (kind)
    {
    case SP_SECTOR_KIND_AUDIO:       return _("Audio");
    case SP_SECTOR_KIND_MODE0:       return _("Mode 0");
    case SP_SECTOR_KIND_MODE1:       return _("Mode 1");
    case SP_SECTOR_KIND_MODE2:       return _("Mode 2");
    case SP_SECTOR_KIND_MODE2_FORM1: return _("Mode 2 Form 1");
    case SP_SECTOR_KIND_MODE2_FORM2: return _("Mode 2 Form 2");
    default:                         return _("No valid data sector");
    }
}

/* The header row of a sector, which is also what screen readers read for
 * the sector the cursor is in: number, time, track, kind and check result. */
static char *
describe_sector (SpHexView          *self,
                 const CachedSector *sector)
{
  SpTrack *track = sp_image_find_track (self->image, sector->position);
  g_autofree char *msf = sp_msf_to_string (sector->position);
  g_autofree char *checks = NULL;
  gboolean bad = sector->info.errors != SP_SECTOR_ERROR_NONE;

  if (sector->missing)
    checks = g_strdup (_("not in the image's files"));
  else if (sector->info.kind == SP_SECTOR_KIND_AUDIO)
    checks = g_strdup ("");
  else if (!bad)
    checks = g_strdup (_("checks passed"));
  else
    {
      g_autofree char *what = sp_sector_error_to_string (sector->info.errors);
      /* Translators: %s is sync, header, edc or ecc */
      checks = g_strdup_printf (_("BAD: %s"), what);
    }

  /* Translators: the header row of a sector in the hex view */
  return g_strdup_printf (_("Sector %" PRId64 " · %s · Track %02u · %s · %s"),
                          sector->position, msf, track ? sp_track_get_number (track) : 0,
                          kind_label (sector->info.kind), checks);
}

static void
draw_header_row (SpHexView          *self,
                 GtkSnapshot        *snapshot,
                 const CachedSector *sector,
                 double              x,
                 double              y,
                 int                 width)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = describe_sector (self, sector);
  gboolean bad = sector->info.errors != SP_SECTOR_ERROR_NONE;

  append_rect (snapshot, &self->colors[COLOR_HEADER_BG], 0, y, width, self->row_height);
  append_rect (snapshot, &self->colors[COLOR_SEPARATOR], 0, y, width, 1);

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }
  draw_text (self, snapshot, layout, x, y, bad ? &self->colors[COLOR_BAD] : &self->colors[COLOR_FG]);
}

static void
draw_data_row (SpHexView          *self,
               GtkSnapshot        *snapshot,
               const CachedSector *sector,
               int                 data_row,
               double              x,
               double              y,
               gint64              sel_start,
               gint64              sel_end,
               gboolean            focused)
{
  guint first = (guint) data_row * BYTES_PER_ROW;
  gint64 row_offset = sector->position * SP_RAW_SECTOR_SIZE + first;
  char line[MAX_COLUMNS + 1];
  g_autoptr(PangoLayout) layout = NULL;
  PangoAttrList *attrs;
  int cw = self->char_width, rh = self->row_height;

  memset (line, ' ', N_COLUMNS);
  line[N_COLUMNS] = '\0';
  {
    char offset[40];
    int n = g_snprintf (offset, sizeof offset, "%*" G_GINT64_FORMAT ":%03x", self->offset_digits,
                        sector->position, first);

    memcpy (line + COL_OFFSET, offset, MIN (n, COL_HEX - 1));
  }
  for (guint i = 0; i < BYTES_PER_ROW; i++)
    {
      guint8 b = sector->raw[first + i];
      static const char digits[] = "0123456789abcdef";

      line[hex_column (self, i)] = sector->missing ? '?' : digits[b >> 4];
      line[hex_column (self, i) + 1] = sector->missing ? '?' : digits[b & 15];
      line[COL_ASCII + i] = sector->missing ? ' ' : g_ascii_isprint (b) ? (char) b : '.';
    }

  attrs = pango_attr_list_new ();
  {
    PangoAttribute *dim = pango_attr_foreground_new ((guint16) (self->colors[COLOR_DIM].red * 65535),
                                                     (guint16) (self->colors[COLOR_DIM].green * 65535),
                                                     (guint16) (self->colors[COLOR_DIM].blue * 65535));
    PangoAttribute *alpha = pango_attr_foreground_alpha_new ((guint16) (self->colors[COLOR_DIM].alpha * 65535));

    dim->start_index = alpha->start_index = COL_OFFSET;
    dim->end_index = alpha->end_index = COL_HEX;
    pango_attr_list_insert (attrs, dim);
    pango_attr_list_insert (attrs, alpha);
  }

  /* Field backgrounds, and bad fields in the error colour. */
  for (guint f = 0; f < sector->n_fields; f++)
    {
      const SpSectorField *field = &sector->fields[f];
      guint from = MAX (field->offset, first);
      guint to = MIN (field->offset + field->length, first + BYTES_PER_ROW);
      ColorIndex bg;
      gboolean bad;

      if (from >= to)
        continue;
      bad = !sector->missing && field_is_bad (&sector->info, field->type);
      bg = bad ? COLOR_BAD_BG : field_color (field->type);

      if (bg != N_COLORS)
        {
          double x1 = x + hex_column (self, from - first) * cw;
          double x2 = x + (hex_column (self, to - 1 - first) + 2) * cw;

          append_rect (snapshot, &self->colors[bg], x1 - cw / 2.0, y, x2 - x1 + cw, rh);
          append_rect (snapshot, &self->colors[bg], x + (COL_ASCII + from - first) * cw, y, (to - from) * cw, rh);
        }

      if (bad)
        {
          PangoAttribute *red_hex = pango_attr_foreground_new ((guint16) (self->colors[COLOR_BAD].red * 65535),
                                                               (guint16) (self->colors[COLOR_BAD].green * 65535),
                                                               (guint16) (self->colors[COLOR_BAD].blue * 65535));
          PangoAttribute *red_ascii = pango_attribute_copy (red_hex);

          red_hex->start_index = (guint) hex_column (self, from - first);
          red_hex->end_index = (guint) hex_column (self, to - 1 - first) + 2;
          red_ascii->start_index = COL_ASCII + from - first;
          red_ascii->end_index = COL_ASCII + to - first;
          pango_attr_list_insert (attrs, red_hex);
          pango_attr_list_insert (attrs, red_ascii);
        }
    }

  /* Selection. */
  if (sel_end > row_offset && sel_start < row_offset + BYTES_PER_ROW)
    {
      guint from = (guint) (MAX (sel_start, row_offset) - row_offset);
      guint to = (guint) (MIN (sel_end, row_offset + BYTES_PER_ROW) - row_offset);
      double x1 = x + hex_column (self, from) * cw;
      double x2 = x + (hex_column (self, to - 1) + 2) * cw;

      append_rect (snapshot, &self->colors[COLOR_SELECTION], x1, y, x2 - x1, rh);
      append_rect (snapshot, &self->colors[COLOR_SELECTION], x + (COL_ASCII + from) * cw, y, (to - from) * cw, rh);
    }

  /* Cursor: a frame round the byte in both columns. */
  if (self->cursor >= row_offset && self->cursor < row_offset + BYTES_PER_ROW)
    {
      guint i = (guint) (self->cursor - row_offset);
      GdkRGBA color = self->colors[focused ? COLOR_CURSOR : COLOR_DIM];
      float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
      GdkRGBA colors[4] = { color, color, color, color };
      GskRoundedRect box;

      gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT ((float) (x + hex_column (self, i) * cw - 1), (float) y,
                                                                   (float) (2 * cw + 2), (float) rh), 2);
      gtk_snapshot_append_border (snapshot, &box, widths, colors);
      gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT ((float) (x + (COL_ASCII + i) * cw), (float) y,
                                                                   (float) cw, (float) rh), 2);
      gtk_snapshot_append_border (snapshot, &box, widths, colors);
    }

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), line);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  draw_text (self, snapshot, layout, x, y, &self->colors[COLOR_FG]);
}

static void
sp_hex_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  SpHexView *self = SP_HEX_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double value, x;
  gint64 first_row, last_row, total_rows;
  gint64 sel_start = -1, sel_end = -1;
  gboolean focused = gtk_widget_has_focus (widget);

  if (self->image == NULL || self->row_height <= 0)
    return;

  value = gtk_adjustment_get_value (self->vadjustment);
  x = MARGIN - (self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0);
  total_rows = n_sectors (self) * ROWS_PER_SECTOR;
  first_row = (gint64) (value / self->row_height);
  last_row = MIN (total_rows - 1, (gint64) ((value + height) / self->row_height));

  if (self->anchor >= 0)
    sp_hex_view_get_selection (self, &sel_start, &sel_end);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));

  for (gint64 row = first_row; row <= last_row; row++)
    {
      const CachedSector *sector = get_sector (self, row / ROWS_PER_SECTOR);
      int r = (int) (row % ROWS_PER_SECTOR);
      double y = row_y (self, row);

      if (r == 0)
        draw_header_row (self, snapshot, sector, x, y, width);
      else
        draw_data_row (self, snapshot, sector, r - 1, x, y, sel_start, sel_end, focused);
    }

  gtk_snapshot_pop (snapshot);
}

/* ---- Scrolling ------------------------------------------------------- */

static void
configure_adjustments (SpHexView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->vadjustment)
    {
      double upper = MAX (content_height (self), height);

      gtk_adjustment_configure (self->vadjustment,
                                CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, MAX (0, upper - height)),
                                0, upper, self->row_height, self->row_height * (double) ROWS_PER_SECTOR,
                                height);
    }
  if (self->hadjustment)
    {
      double upper = MAX (content_width (self), width);

      gtk_adjustment_configure (self->hadjustment,
                                CLAMP (gtk_adjustment_get_value (self->hadjustment), 0, MAX (0, upper - width)),
                                0, upper, self->char_width, width * 0.9, width);
    }
}

static void
adjustment_changed (SpHexView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (SpHexView      *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;
  if (*slot)
    {
      g_signal_handlers_disconnect_by_data (*slot, self);
      g_object_unref (*slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_changed), self);
  configure_adjustments (self);
}

static void
sp_hex_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  configure_adjustments (SP_HEX_VIEW (widget));
}

static void
sp_hex_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SpHexView *self = SP_HEX_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 20 * self->char_width;
      *natural = content_width (self);
    }
  else
    {
      *minimum = 4 * self->row_height;
      *natural = 20 * self->row_height;
    }
}

static gboolean
sp_hex_view_get_border (GtkScrollable *scrollable,
                        GtkBorder     *border)
{
  return FALSE;
}

static void
sp_hex_view_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = sp_hex_view_get_border;
}

/* ---- Input ----------------------------------------------------------- */

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            SpHexView       *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gint64 offset = offset_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (offset >= 0)
    sp_hex_view_set_cursor (self, offset, (state & GDK_SHIFT_MASK) != 0);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SpHexView      *self)
{
  self->dragging = TRUE;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SpHexView      *self)
{
  double x, y;
  gint64 offset;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  offset = offset_at (self, x + dx, y + dy);
  if (offset >= 0 && (dx * dx + dy * dy) > 9)
    sp_hex_view_set_cursor (self, offset, TRUE);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SpHexView      *self)
{
  self->dragging = FALSE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SpHexView             *self)
{
  gboolean extend = (state & GDK_SHIFT_MASK) != 0;
  gboolean control = (state & GDK_CONTROL_MASK) != 0;
  gint64 cursor = self->cursor;
  gint64 in_sector = cursor % SP_RAW_SECTOR_SIZE;

  if (self->image == NULL)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      cursor -= 1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      cursor += 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      cursor -= BYTES_PER_ROW;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      cursor += BYTES_PER_ROW;
      break;
    /* A page is a sector: what a reader of sectors steps through. */
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      if (cursor < SP_RAW_SECTOR_SIZE)
        return TRUE;
      sp_hex_view_set_cursor (self, cursor - SP_RAW_SECTOR_SIZE, extend);
      if (!extend)
        sp_hex_view_go_to (self, sp_hex_view_get_position (self));
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      if (cursor / SP_RAW_SECTOR_SIZE + 1 >= n_sectors (self))
        return TRUE;
      sp_hex_view_set_cursor (self, cursor + SP_RAW_SECTOR_SIZE, extend);
      if (!extend)
        sp_hex_view_go_to (self, sp_hex_view_get_position (self));
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      cursor = control ? 0 : cursor - in_sector;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      cursor = control ? total_bytes (self) - 1 : cursor - in_sector + SP_RAW_SECTOR_SIZE - 1;
      break;
    default:
      return FALSE;
    }

  sp_hex_view_set_cursor (self, cursor, extend);
  return TRUE;
}

static void
on_focus_changed (SpHexView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Boilerplate ----------------------------------------------------- */

void
sp_hex_view_set_image (SpHexView *self,
                       SpImage   *image)
{
  g_return_if_fail (SP_IS_HEX_VIEW (self));

  if (!g_set_object (&self->image, image))
    return;
  clear_cache (self);
  {
    gint64 last = MAX (1, n_sectors (self) - 1);

    self->offset_digits = 1;
    while (last >= 10 && self->offset_digits < 18)
      {
        last /= 10;
        self->offset_digits++;
      }
  }
  self->cursor = 0;
  self->anchor = -1;
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, 0);
  configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

SpImage *
sp_hex_view_get_image (SpHexView *self)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), NULL);
  return self->image;
}

static void
sp_hex_view_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  SpHexView *self = SP_HEX_VIEW (widget);

  GTK_WIDGET_CLASS (sp_hex_view_parent_class)->css_changed (widget, change);
  load_colors (self);
  measure_font (self);
  configure_adjustments (self);
  gtk_widget_queue_resize (widget);
}

static void
sp_hex_view_dispose (GObject *object)
{
  SpHexView *self = SP_HEX_VIEW (object);

  if (self->hadjustment)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (sp_hex_view_parent_class)->dispose (object);
}

static void
sp_hex_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpHexView *self = SP_HEX_VIEW (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, sp_hex_view_get_position (self));
      break;
    case PROP_CURSOR:
      g_value_set_int64 (value, self->cursor);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_hex_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpHexView *self = SP_HEX_VIEW (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      sp_hex_view_set_image (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_hex_view_class_init (SpHexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_hex_view_dispose;
  object_class->get_property = sp_hex_view_get_property;
  object_class->set_property = sp_hex_view_set_property;

  widget_class->snapshot = sp_hex_view_snapshot;
  widget_class->measure = sp_hex_view_measure;
  widget_class->size_allocate = sp_hex_view_size_allocate;
  widget_class->css_changed = sp_hex_view_css_changed;

  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL, SP_TYPE_IMAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CURSOR] =
    g_param_spec_int64 ("cursor", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "hexview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_hex_view_init (SpHexView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->anchor = -1;
  self->offset_digits = 6;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sector Bytes"), -1);

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_changed), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  measure_font (self);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
}

GtkWidget *
sp_hex_view_new (void)
{
  return g_object_new (SP_TYPE_HEX_VIEW, NULL);
}
