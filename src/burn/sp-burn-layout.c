/* sp-burn-layout.c
 *
 * The disc is one stream of sectors, read through the sector engine in
 * disc order, and one libburn FIFO in front of it; each track takes its
 * part of the stream through an offset source (burn_offst_source_new), the
 * way libburn's own cue sheet reader feeds tracks from one file
 * (structure.c:1825). Data sectors go to libburn as their 2048 bytes of
 * user data (BURN_MODE1: the drive writes sync, header, EDC and ECC), audio
 * as 2352 bytes little-endian, the byte order libburn.h asks for at
 * BURN_AUDIO ("Big-endian audio data causes static"). sp_image_read_sectors()
 * already gives every audio source little-endian (it swaps MOTOROLA files),
 * so no burn_track_set_byte_swap() is needed.
 *
 * Each track's source starts at its first frame, pregap included, with
 * index 0 at 0 and index 1 where the pregap ends, as libburn's cue reader
 * does (structure.c:1795); libburn generates no pregap of its own except
 * the 150 frames before track 1 (write.c:619), which lie before the first
 * frame of any image. Postgaps are frames of the track in the image and go
 * through the stream too: libburn's own post-gap would start an index of
 * its own (write.c:656), which the image does not have.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sp-burn-layout.h"
#include "sp-burn-private.h"

#define BATCH_SECTORS 32
/* libburn's FIFO thread sleeps 50 ms whenever its ring is full, and its
 * reader 50 ms whenever it is empty (file.c, fifo_sleep), so a ring of N
 * bytes passes at most about N / 50 ms: 4 MiB is 80 MB/s (measured: 79 MB/s
 * to a stdio: file, tests/bench/burn.sh), ten times a 52x CD but near a 12x
 * BD (54 MB/s). DVD and BD get 16 MiB; an image file none (see below). */
#define FIFO_BYTES_CD (4 * 1024 * 1024)
#define FIFO_BYTES_DISC (16 * 1024 * 1024)

typedef struct
{
  gint64 first;
  gint64 end;
  guint size;          /* bytes per sector sent: 2048 or 2352 */
  gboolean check;      /* MODE1/2352: each sector must re-encode exactly */
} StreamRange;

typedef struct
{
  SpImage *image;
  GArray *ranges;      /* StreamRange, in disc order */
  guint range;         /* the range of @next */
  gint64 next;         /* next position to read */
  guint8 *raw;         /* BATCH_SECTORS raw sectors */
  guint8 *out;         /* what is handed out */
  gsize out_len;
  gsize out_pos;
  guint64 total;

  gint cancelled;
  guint64 bytes_read;  /* under @lock */
  struct burn_drive *drive;  /* atomic */
  GMutex lock;
  GError *error;
} Stream;

struct _SpBurnLayout
{
  SpImage *image;
  SpBurnTarget target;
  struct burn_disc *disc;
  struct burn_session *session;
  struct burn_source *fifo;
  struct burn_source *unbuffered;   /* the stream, when there is no FIFO */
  Stream *stream;      /* owned by the stream source */
  GArray *track_sectors;
  char *catalog;
};

/* ---- The stream source ------------------------------------------------ */

static void
stream_fail (Stream *stream,
             GError *error)
{
  struct burn_drive *drive;

  g_mutex_lock (&stream->lock);
  if (stream->error == NULL)
    stream->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&stream->lock);

  /* In SAO, libburn pads a track whose source ends early with zeros
   * (sector.c:226, get_bytes): a read error must stop the burn instead.
   * burn_drive_cancel() only sets a flag (drive.c:1227), so it is safe
   * from libburn's FIFO thread, which is where we are. */
  drive = g_atomic_pointer_get (&stream->drive);
  if (drive)
    burn_drive_cancel (drive);
}

static gboolean
stream_fill (Stream *stream)
{
  const StreamRange *range;
  g_autoptr(GError) error = NULL;
  guint count, got = 0;

  while (stream->range < stream->ranges->len &&
         stream->next >= g_array_index (stream->ranges, StreamRange, stream->range).end)
    stream->range++;
  if (stream->range >= stream->ranges->len)
    return FALSE;

  range = &g_array_index (stream->ranges, StreamRange, stream->range);
  count = (guint) MIN ((gint64) BATCH_SECTORS, range->end - stream->next);

  if (!sp_image_read_sectors (stream->image, stream->next, count, stream->raw, &got, &error))
    {
      stream_fail (stream, g_error_new (SP_BURN_ERROR, SP_BURN_ERROR_IMAGE,
                                        _("The image could not be read: %s"), error->message));
      return FALSE;
    }

  for (guint i = 0; i < count; i++)
    {
      guint8 *raw = stream->raw + (gsize) i * 2352;
      gint64 position = stream->next + i;

      if (range->check)
        {
          guint8 fresh[2352];

          sp_sector_encode_mode1 (fresh, sp_image_get_address (stream->image, position), raw + 16);
          if (memcmp (fresh, raw, sizeof fresh) != 0)
            {
              stream_fail (stream, g_error_new (SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                                                _("Sector %" PRId64 " changed since it was checked: it "
                                                  "is no longer a standard Mode 1 sector"), position));
              return FALSE;
            }
        }
      if (range->size == 2048)
        memcpy (stream->out + (gsize) i * 2048, raw + 16, 2048);
      else
        memcpy (stream->out + (gsize) i * 2352, raw, 2352);
    }

  stream->out_len = (gsize) count * range->size;
  stream->out_pos = 0;
  stream->next += count;
  return TRUE;
}

static int
stream_read (struct burn_source *source,
             unsigned char      *buffer,
             int                 size)
{
  Stream *stream = source->data;
  int copied = 0;

  if (g_atomic_int_get (&stream->cancelled))
    return -1;

  while (copied < size)
    {
      gsize n;

      if (stream->out_pos == stream->out_len)
        {
          g_mutex_lock (&stream->lock);
          if (stream->error)
            {
              g_mutex_unlock (&stream->lock);
              return -1;
            }
          g_mutex_unlock (&stream->lock);

          if (!stream_fill (stream))
            {
              gboolean failed;

              g_mutex_lock (&stream->lock);
              failed = stream->error != NULL;
              g_mutex_unlock (&stream->lock);
              if (failed)
                return -1;
              break;   /* the end of the disc */
            }
        }
      n = MIN (stream->out_len - stream->out_pos, (gsize) (size - copied));
      memcpy (buffer + copied, stream->out + stream->out_pos, n);
      stream->out_pos += n;
      copied += (int) n;
    }
  g_mutex_lock (&stream->lock);
  stream->bytes_read += (guint64) copied;
  g_mutex_unlock (&stream->lock);
  return copied;
}

static off_t
stream_get_size (struct burn_source *source)
{
  Stream *stream = source->data;

  return (off_t) stream->total;
}

static int
stream_set_size (struct burn_source *source,
                 off_t               size)
{
  /* The size is the image's; libburn pads or truncates itself (libburn.h,
   * struct burn_source, set_size). */
  return 1;
}

static int
stream_cancel (struct burn_source *source)
{
  Stream *stream = source->data;

  g_atomic_int_set (&stream->cancelled, 1);
  return 1;
}

static void
stream_free_data (struct burn_source *source)
{
  Stream *stream = source->data;

  g_object_unref (stream->image);
  g_array_unref (stream->ranges);
  g_free (stream->raw);
  g_free (stream->out);
  g_clear_error (&stream->error);
  g_mutex_clear (&stream->lock);
  g_free (stream);
}

/* libburn frees the struct with free() (source.c:25), so it is calloc'ed. */
static struct burn_source *
stream_source_new (SpImage *image,
                   GArray  *ranges,
                   Stream **out_stream)
{
  struct burn_source *source = calloc (1, sizeof (struct burn_source));
  Stream *stream = g_new0 (Stream, 1);

  stream->image = g_object_ref (image);
  stream->ranges = g_array_ref (ranges);
  stream->next = ranges->len > 0 ? g_array_index (ranges, StreamRange, 0).first : 0;
  stream->raw = g_malloc ((gsize) BATCH_SECTORS * 2352);
  stream->out = g_malloc ((gsize) BATCH_SECTORS * 2352);
  g_mutex_init (&stream->lock);
  for (guint i = 0; i < ranges->len; i++)
    {
      const StreamRange *range = &g_array_index (ranges, StreamRange, i);

      stream->total += (guint64) (range->end - range->first) * range->size;
    }

  source->refcount = 1;
  source->read = NULL;
  source->read_sub = NULL;
  source->get_size = stream_get_size;
  source->set_size = stream_set_size;
  source->free_data = stream_free_data;
  source->next = NULL;
  source->data = stream;
  source->version = 1;
  source->read_xt = stream_read;
  source->cancel = stream_cancel;

  *out_stream = stream;
  return source;
}

/* ---- Tracks ----------------------------------------------------------- */

/**
 * sp_burn_layout_get_track_mode:
 *
 * Returns: the libburn track mode (BURN_AUDIO, BURN_MODE1 with flags) for
 *   @track, or 0 when libburn has none for it (Mode 2, CD-i, CD+G)
 */
int
sp_burn_layout_get_track_mode (SpTrack *track)
{
  SpTrackFlags flags = sp_track_get_flags (track);
  int mode;

  switch (sp_track_get_mode (track))
    {
    case SP_TRACK_MODE_AUDIO:
      mode = BURN_AUDIO;
      if (flags & SP_TRACK_FLAG_PRE)
        mode |= BURN_PREEMPHASIS;
      if (flags & SP_TRACK_FLAG_4CH)
        mode |= BURN_4CH;
      break;
    case SP_TRACK_MODE_MODE1_2048:
    case SP_TRACK_MODE_MODE1_2352:
      mode = BURN_MODE1;
      break;
    default:
      return 0;
    }
  if (flags & SP_TRACK_FLAG_DCP)
    mode |= BURN_COPY;
  if (flags & SP_TRACK_FLAG_SCMS)
    mode |= BURN_SCMS;
  return mode;
}

static const struct {
  SpCdTextField field;
  int pack_type;
  gboolean disc_only;
} cdtext_packs[] = {
  { SP_CDTEXT_TITLE,      0x80, FALSE },
  { SP_CDTEXT_PERFORMER,  0x81, FALSE },
  { SP_CDTEXT_SONGWRITER, 0x82, FALSE },
  { SP_CDTEXT_COMPOSER,   0x83, FALSE },
  { SP_CDTEXT_ARRANGER,   0x84, FALSE },
  { SP_CDTEXT_MESSAGE,    0x85, FALSE },
  { SP_CDTEXT_DISC_ID,    0x86, TRUE },
  { SP_CDTEXT_GENRE,      0x87, TRUE },
  { SP_CDTEXT_UPC_EAN,    0x8e, FALSE },
};

/* libburn's genre names (libburn.h, BURN_CDTEXT_GENRE_LIST): a genre pack
 * starts with the code of the name (0x0001 "Not Defined" otherwise). */
static guint16
genre_code (const char *text)
{
  static const char *genres[] = { BURN_CDTEXT_GENRE_LIST };

  for (guint i = 0; i < G_N_ELEMENTS (genres); i++)
    if (g_ascii_strcasecmp (text, genres[i]) == 0)
      return (guint16) i;
  return 1;
}

static char *
describe_owner (guint track_number)
{
  if (track_number == 0)
    return g_strdup (_("the disc"));
  return g_strdup_printf (_("track %02u"), track_number);
}

/* The payload of one CD-TEXT field: ISO-8859-1 text and its NUL, the
 * character code of block 0 (libburn.h, burn_session_set_cdtext_par). */
static guint8 *
cdtext_payload (SpCdTextField   field,
                const char     *text,
                guint           track_number,
                int            *length,
                GError        **error)
{
  g_autofree char *latin1 = NULL;
  gsize latin1_length = 0;
  guint8 *payload;
  gsize offset = 0;

  if (text == NULL)
    text = "";

  latin1 = g_convert (text, -1, "ISO-8859-1", "UTF-8", NULL, &latin1_length, NULL);
  if (latin1 == NULL)
    {
      g_autofree char *owner = describe_owner (track_number);

      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                   /* Translators: CD-TEXT FIELD of OWNER (“TEXT”) ... */
                   _("The CD-TEXT %s of %s (“%s”) has characters that CD-TEXT cannot hold: "
                     "a disc carries ISO-8859-1 (Latin-1) text only"),
                   sp_cdtext_field_to_keyword (field), owner, text);
      return NULL;
    }

  payload = g_malloc0 (latin1_length + 3);
  if (field == SP_CDTEXT_GENRE)
    {
      guint16 code = genre_code (text);

      payload[0] = code >> 8;
      payload[1] = code & 0xff;
      offset = 2;
    }
  memcpy (payload + offset, latin1, latin1_length);
  *length = (int) (offset + latin1_length + 1);
  return payload;
}

static gboolean
set_cdtext (SpImage              *image,
            struct burn_session  *session,
            struct burn_track   **tracks,
            GError              **error)
{
  SpCdText *disc = sp_image_get_cdtext (image);
  guint n_tracks = sp_image_get_n_tracks (image);
  int n_packs;

  for (guint p = 0; p < G_N_ELEMENTS (cdtext_packs); p++)
    {
      SpCdTextField field = cdtext_packs[p].field;
      gboolean used = sp_cdtext_get (disc, field) != NULL;
      g_autofree guint8 *payload = NULL;
      int length = 0;

      for (guint i = 0; !cdtext_packs[p].disc_only && i < n_tracks; i++)
        used |= sp_cdtext_get (sp_track_get_cdtext (sp_image_get_track (image, i)), field) != NULL;
      if (!used)
        continue;

      /* libburn makes packs of a type only when the session has that type,
       * even an empty one (cdtext.c:322), and gives tracks that lack it an
       * empty string (cdtext.c:263). */
      payload = cdtext_payload (field, sp_cdtext_get (disc, field), 0, &length, error);
      if (payload == NULL)
        return FALSE;
      if (burn_session_set_cdtext (session, 0, cdtext_packs[p].pack_type, NULL, payload, length, 0) <= 0)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_FAILED,
                       _("libburn did not take the disc's CD-TEXT %s"), sp_cdtext_field_to_keyword (field));
          return FALSE;
        }

      for (guint i = 0; !cdtext_packs[p].disc_only && i < n_tracks; i++)
        {
          SpTrack *track = sp_image_get_track (image, i);
          const char *text = sp_cdtext_get (sp_track_get_cdtext (track), field);
          g_autofree guint8 *track_payload = NULL;
          int track_length = 0;

          if (text == NULL)
            continue;
          track_payload = cdtext_payload (field, text, sp_track_get_number (track), &track_length, error);
          if (track_payload == NULL)
            return FALSE;
          if (burn_track_set_cdtext (tracks[i], 0, cdtext_packs[p].pack_type, NULL,
                                     track_payload, track_length, 0) <= 0)
            {
              g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_FAILED,
                           _("libburn did not take the CD-TEXT %s of track %02u"),
                           sp_cdtext_field_to_keyword (field), sp_track_get_number (track));
              return FALSE;
            }
        }
    }

  /* At most 253 packs per language block (libburn.h, burn_track_set_cdtext). */
  n_packs = burn_cdtext_from_session (session, NULL, NULL, 1);
  if (n_packs < 0)
    {
      g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("The image's CD-TEXT is too long to fit in the lead-in of a disc"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sp_burn_layout_new:
 *
 * Builds the disc libburn will write from @image: one session, a track per
 * image track with its mode and flags, indices, ISRC and CD-TEXT, and the
 * sources that feed them. Nothing is read yet. The planner (sp_burn_plan())
 * decides whether the result writes the image exactly; this only refuses
 * what libburn cannot hold at all.
 *
 * Returns: (transfer full): the layout, or %NULL with @error set
 */
SpBurnLayout *
sp_burn_layout_new (SpImage       *image,
                    SpBurnTarget   target,
                    GError       **error)
{
  g_autoptr(SpBurnLayout) layout = g_new0 (SpBurnLayout, 1);
  guint n_tracks = sp_image_get_n_tracks (image);
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (StreamRange));
  g_autofree struct burn_track **tracks = NULL;
  struct burn_source *stream_source, *input, *previous = NULL;
  guint64 offset = 0;
  int chunk_size;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);

  /* No drive is involved, but libburn's objects report through its
   * messenger, which exists only once libburn has started. */
  if (!sp_burn_library_ensure (error))
    return NULL;

  layout->image = g_object_ref (image);
  layout->target = target;
  layout->track_sectors = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (n_tracks == 0 || n_tracks > 99)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                   _("A disc holds 1 to 99 tracks; the image has %u"), n_tracks);
      return NULL;
    }

  for (guint i = 0; i < n_tracks; i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      StreamRange range = { 0 };

      if (sp_burn_layout_get_track_mode (track) == 0)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                       _("Track %02u is %s, which libburn cannot write"),
                       sp_track_get_number (track), sp_track_mode_to_string (sp_track_get_mode (track)));
          return NULL;
        }
      range.first = sp_track_get_first (track);
      range.end = range.first + sp_track_get_span (track);
      range.size = sp_track_is_audio (track) ? 2352 : 2048;
      range.check = sp_track_get_mode (track) == SP_TRACK_MODE_MODE1_2352;
      g_array_append_val (ranges, range);
    }

  stream_source = stream_source_new (image, ranges, &layout->stream);
  chunk_size = g_array_index (ranges, StreamRange, 0).size;
  for (guint i = 1; i < ranges->len; i++)
    if (g_array_index (ranges, StreamRange, i).size != (guint) chunk_size)
      chunk_size = 0;

  /* An image file has no drive buffer to keep from running empty, and the
   * FIFO's 50 ms sleeps would make it the slowest part of the copy: libburn
   * reads the stream itself (which reads the image in batches). */
  if (target == SP_BURN_TARGET_FILE)
    chunk_size = 0;

  if (chunk_size > 0)
    {
      int fifo_bytes = target == SP_BURN_TARGET_CD ? FIFO_BYTES_CD : FIFO_BYTES_DISC;

      /* One sector per read (flag 0). With flag bit0 the FIFO reads 32 KiB
       * at a time (file.c:570) but wraps around its ring only when its
       * writer is behind its reader (file.c:403-406): with 2352-byte chunks
       * a read then runs past the end of the ring, which garbled a sector of
       * an audio burn on the emulated recorder. */
      layout->fifo = burn_fifo_source_new (stream_source, chunk_size, fifo_bytes / chunk_size, 0);
      burn_source_free (stream_source);
      if (layout->fifo == NULL)
        {
          g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_FAILED, _("libburn could not make a FIFO"));
          return NULL;
        }
      input = layout->fifo;
    }
  else
    {
      /* An image file, or data and audio sectors mixed: libburn's FIFO
       * copies a read that crosses the end of its ring to the wrong place
       * (file.c:293), which only reads of the ring's own chunk size never
       * do. Such a disc (never burnt: see the planner) is fed without a
       * FIFO. */
      layout->unbuffered = stream_source;
      input = stream_source;
    }

  layout->disc = burn_disc_create ();
  layout->session = burn_session_create ();
  burn_disc_add_session (layout->disc, layout->session, BURN_POS_END);
  burn_session_free (layout->session);   /* the disc holds it */

  tracks = g_new0 (struct burn_track *, n_tracks);
  for (guint i = 0; i < n_tracks; i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      const StreamRange *range = &g_array_index (ranges, StreamRange, i);
      gint64 sectors = range->end - range->first;
      guint64 bytes = (guint64) sectors * range->size;
      struct burn_track *t = burn_track_create ();
      struct burn_source *source;
      const char *isrc = sp_track_get_isrc (track);

      tracks[i] = t;
      burn_track_define_data (t, 0, 0, 1, sp_burn_layout_get_track_mode (track));
      burn_session_add_track (layout->session, t, BURN_POS_END);
      burn_track_free (t);   /* the session holds it */

      /* Fixed sizes (flag bit0): the image says how long each track is. */
      source = burn_offst_source_new (input, previous, (off_t) offset, (off_t) bytes, 1);
      if (source == NULL)
        {
          g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_FAILED,
                               _("libburn could not make a track source"));
          return NULL;
        }
      burn_track_set_source (t, source);
      burn_source_free (source);
      previous = source;
      offset += bytes;
      g_array_append_val (layout->track_sectors, sectors);

      for (guint j = 0; j < sp_track_get_n_indices (track); j++)
        {
          const SpIndex *index = sp_track_get_index (track, j);

          if (index->number > 99 ||
              burn_track_set_index (t, (int) index->number,
                                    (unsigned int) (index->position - range->first), 0) <= 0)
            {
              g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("Track %02u has an index libburn cannot take (INDEX %02u)"),
                           sp_track_get_number (track), index->number);
              return NULL;
            }
        }

      if (isrc && *isrc)
        {
          char text[13] = { 0 };

          g_strlcpy (text, isrc, sizeof text);
          if (strlen (isrc) != 12 || burn_track_set_isrc_string (t, text, 0) <= 0)
            {
              g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("Track %02u has an ISRC (“%s”) that is not 12 letters and digits "
                             "as a disc carries them (CCOOOYYSSSSS)"),
                           sp_track_get_number (track), isrc);
              return NULL;
            }
        }
    }

  if (target == SP_BURN_TARGET_CD && !set_cdtext (image, layout->session, tracks, error))
    return NULL;

  if (sp_image_get_catalog (image) && *sp_image_get_catalog (image))
    {
      const char *catalog = sp_image_get_catalog (image);
      gboolean digits = strlen (catalog) == 13;

      for (guint i = 0; digits && i < 13; i++)
        digits = g_ascii_isdigit (catalog[i]);
      if (!digits)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                       _("The disc's catalog number (“%s”) is not 13 digits"), catalog);
          return NULL;
        }
      layout->catalog = g_strdup (catalog);
    }

  return g_steal_pointer (&layout);
}

void
sp_burn_layout_free (SpBurnLayout *layout)
{
  if (layout == NULL)
    return;
  /* The tracks hold the offset sources, which hold the FIFO, which holds
   * the stream; the FIFO's own end waits for its thread (file.c:331). */
  if (layout->disc)
    burn_disc_free (layout->disc);
  if (layout->fifo)
    burn_source_free (layout->fifo);
  if (layout->unbuffered)
    burn_source_free (layout->unbuffered);
  g_clear_object (&layout->image);
  g_clear_pointer (&layout->track_sectors, g_array_unref);
  g_free (layout->catalog);
  g_free (layout);
}

struct burn_disc *
sp_burn_layout_get_disc (SpBurnLayout *layout)
{
  return layout->disc;
}

struct burn_session *
sp_burn_layout_get_session (SpBurnLayout *layout)
{
  return layout->session;
}

/* The FIFO in front of the image, for burn_fifo_inquire_status(); %NULL
 * for a disc of data and audio sectors mixed. */
struct burn_source *
sp_burn_layout_get_fifo (SpBurnLayout *layout)
{
  return layout->fifo;
}

/* Sectors from the first frame of the image to its end. */
gint64
sp_burn_layout_get_sectors (SpBurnLayout *layout)
{
  gint64 total = 0;

  for (guint i = 0; i < layout->track_sectors->len; i++)
    total += g_array_index (layout->track_sectors, gint64, i);
  return total;
}

/* Bytes libburn will take from the sources. */
guint64
sp_burn_layout_get_bytes (SpBurnLayout *layout)
{
  return layout->stream->total;
}

gint64
sp_burn_layout_get_track_sectors (SpBurnLayout *layout,
                                  guint         i)
{
  g_return_val_if_fail (i < layout->track_sectors->len, 0);
  return g_array_index (layout->track_sectors, gint64, i);
}

/* The Media Catalog Number the layout writes in the Q subchannel, or %NULL. */
const char *
sp_burn_layout_get_catalog (SpBurnLayout *layout)
{
  return layout->catalog;
}

/* Sets on @opts what belongs to the write options rather than the disc. */
void
sp_burn_layout_apply (SpBurnLayout           *layout,
                      struct burn_write_opts *opts)
{
  if (layout->catalog && layout->target == SP_BURN_TARGET_CD)
    {
      unsigned char catalog[13];

      memcpy (catalog, layout->catalog, 13);
      burn_write_opts_set_mediacatalog (opts, catalog);
      burn_write_opts_set_has_mediacatalog (opts, 1);
    }
}

/* The drive to stop when the image cannot be read. */
void
sp_burn_layout_set_drive (SpBurnLayout      *layout,
                          struct burn_drive *drive)
{
  g_atomic_pointer_set (&layout->stream->drive, drive);
}

/* Makes the stream end: its next read fails. */
void
sp_burn_layout_cancel (SpBurnLayout *layout)
{
  g_atomic_int_set (&layout->stream->cancelled, 1);
}

/* Bytes the sources have handed to libburn's FIFO so far. */
guint64
sp_burn_layout_get_bytes_read (SpBurnLayout *layout)
{
  guint64 bytes;

  g_mutex_lock (&layout->stream->lock);
  bytes = layout->stream->bytes_read;
  g_mutex_unlock (&layout->stream->lock);
  return bytes;
}

/* The error that stopped the stream, if any. */
gboolean
sp_burn_layout_take_error (SpBurnLayout  *layout,
                           GError       **error)
{
  GError *stream_error;

  g_mutex_lock (&layout->stream->lock);
  stream_error = g_steal_pointer (&layout->stream->error);
  g_mutex_unlock (&layout->stream->lock);
  if (stream_error == NULL)
    return FALSE;
  g_propagate_error (error, stream_error);
  return TRUE;
}
