/* sp-burn-libburn.c
 *
 * The libburn backend: what libburn 1.5.4 writes exactly, and writing it.
 *
 * What libburn writes exactly (all of it read from libburn's source):
 *
 *  - data in Mode 1, one track, on CD (SAO or TAO), DVD, BD or an image
 *    file: libburn takes 2048 bytes of user data per sector and the drive
 *    makes sync, header, EDC and ECC. A MODE1/2352 image is exact only if
 *    every sector is what the drive will make of its user data, which the
 *    job checks sector by sector before writing (sp_sector_encode_mode1);
 *  - audio-only CDs in SAO, with pregaps, indices 0-99 in sequence, ISRC,
 *    MCN, the pre-emphasis, copy, four-channel and SCMS flags, and CD-TEXT
 *    in ISO-8859-1;
 *  - a one-track audio CD in TAO, and audio CDs without pregaps, extra
 *    indices or CD-TEXT in RAW (see below).
 *
 * What it cannot write exactly, and why:
 *
 *  - Mode 2 (MODE2/2336, MODE2/2352, XA Form 1/2: Video CD, PlayStation)
 *    and CD-i: type_to_form() gives Mode 2 no data form (write.c:154), so
 *    burn_track_define_data() refuses the mode (structure.c:338) and the
 *    track stays Mode 1; libburn.h at burn_track_set_cdxa_conv: "libburn
 *    currently writes data only in CD mode 1". The disc type of the TOC is
 *    always CD-DA/CD-ROM: the session format in mode page 05 is never set
 *    (mmc.c:4722), so XA and CD-i discs are out too;
 *  - RAW writing of data (the research question of issue 7): a
 *    BURN_MODE_RAW track with 2352-byte sectors is accepted by
 *    burn_track_define_data() (write.c:158 gives it form 0), but
 *    burn_disc_write() runs burn_precheck_write() (async.c:705), whose
 *    burn_disc_write_is_ok() (write.c:1302) wants sector_headers_is_ok()
 *    (sector.c:789) to say 1 for every track; in RAW it says 1 only for
 *    BURN_AUDIO, 2 for BURN_MODE1 (write.c:1310 rejects anything but 1) and
 *    0 for BURN_MODE_RAW and BURN_MODE2. Were the check skipped, sector_data()
 *    would still fail in sector_headers() (sector.c:821/871) for the same
 *    reason. Even the one data mode that RAW sector code can build, Mode 1
 *    (sector.c:833-860, which scrambles with burn_ecma130_scramble), is
 *    rejected by the check. And a data track declared as audio to get
 *    through would be written with an audio control nibble in the Q
 *    subchannel and the TOC (type_to_ctrl(), write.c:99) and unscrambled:
 *    a disc that does not read back. So no: RAW96R cannot write Mode 2
 *    images (nor Mode 1 ones) with libburn 1.5.4; BURNING.md's "data
 *    tracks fail the precheck in RAW96R (sector.c:789)" is confirmed;
 *  - a BURN_MODE_RAW track in SAO: type_to_ctrl() returns -1 for it
 *    (write.c:99-121), which type_to_form() turns into a control nibble of
 *    0xF and data form 0 (CD-DA) in the cue sheet: the drive would write
 *    the sectors as audio with a nonsense control nibble;
 *  - data and audio in one session: SAO refuses "tracks of different modes
 *    mixed" (options.c:386); TAO lets the drive write its own gaps, so
 *    pregaps and indices are lost;
 *  - more than one session: a disc of two sessions makes libburn demand
 *    appending (drive.c:3157), which SAO lacks (options.c:379);
 *  - CD+G: libburn writes no subchannel from an image except in RAW with a
 *    read_sub source, which libburn.h advises against;
 *  - a track shorter than 4 seconds (300 sectors): libburn pads it
 *    (write.c:633);
 *  - index numbers with gaps: burn_create_toc_entries() stops at the first
 *    missing one (write.c:691);
 *  - CD-TEXT on a disc with data: libburn's precheck allows CD-TEXT only on
 *    pure audio CDs (write.c:1456), and only in SAO (options.c:414).
 *
 * RAW: libburn makes the subchannel itself in RAW; sector_data() writes
 * index 1 for every frame of a track (sector.c:746), the lead-in gets no
 * CD-TEXT (burn_write_leadin(), write.c:857, writes TOC frames only), and
 * pregaps are libburn's zeros with index 0. Its own Q frames for the MCN
 * and the ISRC are wrong: the MCN digits go in as ASCII rather than BCD
 * (sector.c:643, the catalog is kept as ASCII, libburn.h at
 * burn_write_opts_set_mediacatalog), and the ISRC serial's digit pairs come
 * last first (sector.c:680); the emulated recorder's libburn-raw96r test
 * shows both. So RAW is exact for audio-only discs without pregaps after
 * track 1, indices beyond 1, CD-TEXT, MCN or ISRC. It
 * needs the drive's raw block types, which read as 0 until
 * burn_drive_probe_cd_write_modes() (drive.c:1372), and
 * burn_write_opts_set_force() (options.c:471).
 *
 * Writing: libburn writes, erases and formats in threads of its own and
 * returns at once (async.c); we poll burn_drive_get_status() and the FIFO
 * from a main-loop timeout, turn the messages into errors, and cancel with
 * burn_drive_cancel(). Blocking calls (grab, release, re-assess, starting
 * the write) run in GTask threads with the burn lock held.
 *
 * An image file is written through libburn's stdio: pseudo-drive into a
 * temporary file beside the target, renamed over the target when the write
 * succeeded and deleted otherwise: a cancelled or failed burn leaves no
 * partial file, and a simulation leaves no file at all.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-burn-job-private.h"
#include "sp-burn-layout.h"
#include "sp-burn-libburn.h"
#include "sp-burn-plan-private.h"
#include "sp-drive-private.h"

#define POLL_MS 200
#define MIN_TRACK_SECTORS 300

struct _SpBurnLibburn
{
  GObject parent_instance;
};

static void backend_iface_init (SpBurnBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpBurnLibburn, sp_burn_libburn, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SP_TYPE_BURN_BACKEND, backend_iface_init))

static void
sp_burn_libburn_class_init (SpBurnLibburnClass *klass)
{
}

static void
sp_burn_libburn_init (SpBurnLibburn *self)
{
}

SpBurnBackend *
sp_burn_libburn_new (void)
{
  return g_object_new (SP_TYPE_BURN_LIBBURN, NULL);
}

static SpBurnBackendKind
libburn_get_kind (SpBurnBackend *backend)
{
  return SP_BURN_BACKEND_LIBBURN;
}

/* ---- Checking --------------------------------------------------------- */

static SpBurnTarget
target_for (SpDrive *drive)
{
  SpMediaKind kind = sp_drive_get_media_kind (drive);

  if (sp_drive_is_file (drive))
    return SP_BURN_TARGET_FILE;
  if (sp_media_kind_is_cd (kind) || kind == SP_MEDIA_KIND_NONE || kind == SP_MEDIA_KIND_OTHER)
    return SP_BURN_TARGET_CD;
  return SP_BURN_TARGET_DISC;
}

static gboolean
has_cdtext (SpImage *image)
{
  if (!sp_cdtext_is_empty (sp_image_get_cdtext (image)))
    return TRUE;
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    if (!sp_cdtext_is_empty (sp_track_get_cdtext (sp_image_get_track (image, i))))
      return TRUE;
  return FALSE;
}

static guint
highest_index (SpTrack *track)
{
  guint highest = 0;

  for (guint j = 0; j < sp_track_get_n_indices (track); j++)
    highest = MAX (highest, sp_track_get_index (track, j)->number);
  return highest;
}

/* What libburn cannot write exactly onto any target. */
static gboolean
check_content (SpImage       *image,
               SpBurnTarget   target,
               GError       **error)
{
  guint n_tracks = sp_image_get_n_tracks (image);
  guint n_sessions = g_list_model_get_n_items (sp_image_get_sessions (image));
  SpTrack *first_audio = NULL, *first_data = NULL;

  for (guint i = 0; i < n_tracks; i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      SpTrackMode mode = sp_track_get_mode (track);

      switch (mode)
        {
        case SP_TRACK_MODE_MODE2_2048:
        case SP_TRACK_MODE_MODE2_2324:
        case SP_TRACK_MODE_MODE2_2336:
        case SP_TRACK_MODE_MODE2_2352:
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                       _("Track %02u is %s, a Mode 2 track (as on Video CDs and PlayStation discs): libburn "
                         "writes data tracks only in Mode 1, so it cannot burn this image exactly."),
                       sp_track_get_number (track), sp_track_mode_to_string (mode));
          return FALSE;
        case SP_TRACK_MODE_CDI_2336:
        case SP_TRACK_MODE_CDI_2352:
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                       _("Track %02u is %s, a CD-i track: libburn writes data tracks only in Mode 1 and "
                         "cannot mark a disc as CD-i, so it cannot burn this image exactly."),
                       sp_track_get_number (track), sp_track_mode_to_string (mode));
          return FALSE;
        case SP_TRACK_MODE_CDG:
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                       _("Track %02u is CDG (audio with CD+G graphics in the subchannel): libburn does not "
                         "write subchannel data from an image, so the graphics would be lost."),
                       sp_track_get_number (track));
          return FALSE;
        default:
          break;
        }

      if (sp_track_is_audio (track))
        first_audio = first_audio ? first_audio : track;
      else
        first_data = first_data ? first_data : track;
    }

  if (sp_image_get_disc_type (image) == SP_DISC_TYPE_CD_ROM_XA ||
      sp_image_get_disc_type (image) == SP_DISC_TYPE_CD_I)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                   _("The image describes a %s disc: libburn always writes the disc type CD-DA/CD-ROM "
                     "into the table of contents, so it cannot burn this image exactly."),
                   sp_image_get_disc_type (image) == SP_DISC_TYPE_CD_I ? "CD-i" : "CD-ROM XA");
      return FALSE;
    }

  if (n_sessions > 1)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                   _("The image has %u sessions: libburn writes one session at once and cannot add a "
                     "session to a disc in that mode, so it cannot burn this image exactly."),
                   n_sessions);
      return FALSE;
    }

  if (first_audio && first_data)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                   _("Track %02u is data and track %02u is audio: libburn cannot write data and audio "
                     "tracks in one session at once (SAO), and writing track at once (TAO) would let the "
                     "drive choose the gaps between them, losing the image's pregaps and indices."),
                   sp_track_get_number (first_data), sp_track_get_number (first_audio));
      return FALSE;
    }

  for (guint i = 0; i < n_tracks; i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      guint expected = 1;

      for (guint j = 0; j < sp_track_get_n_indices (track); j++)
        {
          guint number = sp_track_get_index (track, j)->number;

          if (number == 0)
            continue;
          if (number != expected)
            {
              g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("Track %02u has INDEX %02u but no INDEX %02u: libburn writes index "
                             "numbers only in sequence."),
                           sp_track_get_number (track), number, expected);
              return FALSE;
            }
          expected++;
        }

      if (target == SP_BURN_TARGET_CD && sp_track_get_span (track) < MIN_TRACK_SECTORS)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                       _("Track %02u is %" PRId64 " sectors long: a CD track lasts at least "
                         "4 seconds (300 sectors), and libburn would pad it, so the disc would differ "
                         "from the image."),
                       sp_track_get_number (track), sp_track_get_span (track));
          return FALSE;
        }
    }

  if (first_data && target == SP_BURN_TARGET_CD && has_cdtext (image))
    {
      g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("The image has CD-TEXT and a data track: libburn writes CD-TEXT only on "
                             "audio CDs, so the CD-TEXT would be lost."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_target (SpImage       *image,
              SpDrive       *drive,
              SpBurnTarget   target,
              GError       **error)
{
  guint n_tracks = sp_image_get_n_tracks (image);
  SpTrack *track = sp_image_get_track (image, 0);

  if (target == SP_BURN_TARGET_CD)
    return TRUE;

  if (n_tracks != 1 || sp_track_is_audio (track))
    {
      g_autofree char *what = n_tracks != 1
        ? g_strdup_printf (ngettext ("this image has %u track", "this image has %u tracks", n_tracks), n_tracks)
        : g_strdup (_("the track of this image is audio"));

      if (target == SP_BURN_TARGET_FILE)
        g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                     _("An image file takes exactly one data track (libburn writes it as 2048-byte "
                       "sectors of user data); %s."), what);
      else
        g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                     _("A %s takes exactly one data track; %s: tracks and audio need a CD."),
                     sp_media_kind_to_string (sp_drive_get_media_kind (drive)), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_medium (SpDrive              *drive,
              SpBurnTarget          target,
              const SpBurnOptions  *options,
              gboolean             *needs_blank,
              GError              **error)
{
  const char *address = sp_drive_get_address (drive);
  SpMediaKind kind = sp_drive_get_media_kind (drive);
  const char *kind_name = sp_media_kind_to_string (kind);

  *needs_blank = FALSE;
  if (target == SP_BURN_TARGET_FILE)
    return TRUE;

  switch (sp_drive_get_media_status (drive))
    {
    case SP_MEDIA_STATUS_NONE:
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM, _("There is no disc in %s"), address);
      return FALSE;
    case SP_MEDIA_STATUS_UNKNOWN:
    case SP_MEDIA_STATUS_UNSUITABLE:
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
                   _("The disc in %s cannot be written (%s)"), address,
                   *sp_drive_get_profile_name (drive) ? sp_drive_get_profile_name (drive) : _("unknown medium"));
      return FALSE;
    default:
      break;
    }

  if (kind == SP_MEDIA_KIND_CD_ROM || kind == SP_MEDIA_KIND_DVD_ROM || kind == SP_MEDIA_KIND_BD_ROM)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
                   _("The disc in %s is a %s, which cannot be written"), address, kind_name);
      return FALSE;
    }

  if (sp_drive_get_media_status (drive) == SP_MEDIA_STATUS_BLANK)
    return TRUE;

  if (sp_drive_is_erasable (drive))
    {
      if (options->blank == SP_BLANK_NONE)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
                       _("The %s in %s holds data: blank it first (a fast blank is enough)"),
                       kind_name, address);
          return FALSE;
        }
      *needs_blank = TRUE;
      return TRUE;
    }

  if (sp_drive_get_media_status (drive) == SP_MEDIA_STATUS_CLOSED)
    g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
                 _("The %s in %s is closed: it holds data and cannot be written any more"), kind_name, address);
  else
    g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
                 _("The %s in %s already holds data: Spindle burns images onto blank discs only (the "
                   "sectors of an image are placed from the start of a disc)"), kind_name, address);
  return FALSE;
}

/* Track at once writes no cue sheet: the drive makes a 2-second pregap
 * before each track itself and writes no index beyond 1 and no CD-TEXT
 * (options.c:414). Only a one-track image without a pregap comes out as it
 * is. */
static gboolean
tao_is_exact (SpImage *image)
{
  SpTrack *track = sp_image_get_track (image, 0);

  return sp_image_get_n_tracks (image) == 1 && sp_track_get_pregap (track) == 0 &&
         highest_index (track) <= 1 && !has_cdtext (image);
}

/* See the comment at the top about RAW. */
static gboolean
raw_is_exact (SpImage *image)
{
  const char *catalog = sp_image_get_catalog (image);

  if (has_cdtext (image) || (catalog && *catalog))
    return FALSE;
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      const char *isrc = sp_track_get_isrc (track);

      if (!sp_track_is_audio (track) || sp_track_get_pregap (track) > 0 || highest_index (track) > 1 ||
          (isrc && *isrc))
        return FALSE;
    }
  return TRUE;
}

static gboolean
choose_write_mode (SpImage              *image,
                   SpDrive              *drive,
                   SpBurnTarget          target,
                   const SpBurnOptions  *options,
                   gboolean              needs_blank,
                   SpWriteMode          *mode,
                   GError              **error)
{
  SpWriteModeFlags offered = sp_drive_get_write_modes (drive);
  g_autofree char *offered_text = NULL;
  const char *name = sp_drive_get_display_name (drive);
  const char *kind = sp_media_kind_to_string (sp_drive_get_media_kind (drive));

  if (target == SP_BURN_TARGET_FILE)
    {
      /* TAO: a stdio track that ends early is an error then, not padding
       * (write.c:2845, end_on_premature_eoi). */
      *mode = SP_WRITE_MODE_TAO;
      return TRUE;
    }

  if (target == SP_BURN_TARGET_DISC)
    {
      if (options->write_mode == SP_WRITE_MODE_RAW)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                       _("RAW writing is for CDs; the disc in %s is a %s"), sp_drive_get_address (drive), kind);
          return FALSE;
        }
      *mode = options->write_mode == SP_WRITE_MODE_SAO ? SP_WRITE_MODE_SAO : SP_WRITE_MODE_TAO;
      return TRUE;
    }

  /* The modes a rewritable disc offers are known only once it is blank. */
  if (needs_blank)
    offered = SP_WRITE_MODE_FLAG_SAO | SP_WRITE_MODE_FLAG_TAO | (offered & SP_WRITE_MODE_FLAG_RAW);
  offered_text = sp_write_mode_flags_to_string (offered);

  switch (options->write_mode)
    {
    case SP_WRITE_MODE_AUTO:
      if (offered & SP_WRITE_MODE_FLAG_SAO)
        *mode = SP_WRITE_MODE_SAO;
      else if ((offered & SP_WRITE_MODE_FLAG_TAO) && tao_is_exact (image))
        *mode = SP_WRITE_MODE_TAO;
      else
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                       _("%s offers no write mode that writes this image exactly onto this %s "
                         "(it offers: %s; the image needs SAO)"), name, kind, offered_text);
          return FALSE;
        }
      return TRUE;

    case SP_WRITE_MODE_SAO:
      if (!(offered & SP_WRITE_MODE_FLAG_SAO))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                       _("%s does not offer SAO (session at once) for this %s (it offers: %s)"),
                       name, kind, offered_text);
          return FALSE;
        }
      *mode = SP_WRITE_MODE_SAO;
      return TRUE;

    case SP_WRITE_MODE_TAO:
      if (!tao_is_exact (image))
        {
          g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                               _("Track at once (TAO) cannot write this image exactly: the drive makes its "
                                 "own gaps between tracks and writes no pregap, index or CD-TEXT from the "
                                 "image. Use SAO."));
          return FALSE;
        }
      if (!(offered & SP_WRITE_MODE_FLAG_TAO))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                       _("%s does not offer TAO (track at once) for this %s (it offers: %s)"),
                       name, kind, offered_text);
          return FALSE;
        }
      *mode = SP_WRITE_MODE_TAO;
      return TRUE;

    case SP_WRITE_MODE_RAW:
      for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
        if (!sp_track_is_audio (sp_image_get_track (image, i)))
          {
            g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                         _("RAW writing cannot write track %02u: libburn writes only audio tracks in RAW "
                           "mode, so data tracks (Mode 1 or Mode 2) cannot be written that way."),
                         sp_track_get_number (sp_image_get_track (image, i)));
            return FALSE;
          }
      if (!raw_is_exact (image))
        {
          g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                               _("RAW writing cannot write this image exactly: libburn makes the subchannel "
                                 "itself in RAW mode, writes no CD-TEXT, no index beyond 1 and no pregap from "
                                 "the image, and encodes catalog numbers and ISRCs wrongly. Use SAO."));
          return FALSE;
        }
      if (!(offered & SP_WRITE_MODE_FLAG_RAW))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                       _("%s does not offer RAW writing (raw 96-byte subchannel) for this %s "
                         "(it offers: %s)"), name, kind, offered_text);
          return FALSE;
        }
      *mode = SP_WRITE_MODE_RAW;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static guint64
existing_file_size (SpDrive *drive)
{
  const char *address = sp_drive_get_address (drive);
  struct stat st;

  if (sp_burn_address_is_file (address) && g_stat (address + strlen ("stdio:"), &st) == 0 && S_ISREG (st.st_mode))
    return (guint64) st.st_size;
  return 0;
}

static gboolean
check_capacity (SpImage       *image,
                SpDrive       *drive,
                SpBurnTarget   target,
                gboolean       needs_blank,
                gint64         sectors,
                guint64        bytes,
                GError       **error)
{
  char need_msf[SP_MSF_STRING_SIZE], free_msf[SP_MSF_STRING_SIZE];
  gint64 free_sectors = sp_drive_get_free_sectors (drive);

  if (needs_blank)
    return TRUE;   /* checked again once the disc is blank */

  if (target == SP_BURN_TARGET_CD)
    {
      if (sectors <= free_sectors)
        return TRUE;
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_TOO_BIG,
                   _("The image does not fit: it needs %" PRId64 " sectors (%s) and the %s in %s "
                     "has room for %" PRId64 " (%s)"),
                   sectors, sp_msf_format (sectors, need_msf),
                   sp_media_kind_to_string (sp_drive_get_media_kind (drive)), sp_drive_get_address (drive),
                   free_sectors, sp_msf_format (free_sectors, free_msf));
      return FALSE;
    }

  {
    guint64 room = sp_drive_get_free_bytes (drive) + existing_file_size (drive);
    g_autofree char *need_text = NULL, *room_text = NULL;

    if (bytes <= room)
      return TRUE;
    need_text = g_format_size_full (bytes, G_FORMAT_SIZE_LONG_FORMAT);
    room_text = g_format_size_full (room, G_FORMAT_SIZE_LONG_FORMAT);
    if (target == SP_BURN_TARGET_FILE)
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_TOO_BIG,
                   _("The image does not fit: it needs %s and the file system of %s has %s free"),
                   need_text, sp_drive_get_address (drive) + strlen ("stdio:"), room_text);
    else
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_TOO_BIG,
                   _("The image does not fit: it needs %s and the %s in %s has %s free"),
                   need_text, sp_media_kind_to_string (sp_drive_get_media_kind (drive)),
                   sp_drive_get_address (drive), room_text);
    return FALSE;
  }
}

static gboolean
libburn_check (SpBurnBackend        *backend,
               SpImage              *image,
               SpDrive              *drive,
               const SpBurnOptions  *options,
               SpBurnPlan           *plan,
               GError              **error)
{
  SpBurnTarget target = target_for (drive);
  g_autoptr(SpBurnLayout) layout = NULL;
  gboolean needs_blank = FALSE, needs_check = FALSE;
  SpWriteMode mode;

  if (!check_content (image, target, error) ||
      !check_target (image, drive, target, error) ||
      !check_medium (drive, target, options, &needs_blank, error) ||
      !choose_write_mode (image, drive, target, options, needs_blank, &mode, error))
    return FALSE;

  /* What libburn will hold: refuses what it cannot take (ISRC, catalog
   * number, CD-TEXT characters and size). Reads nothing. */
  layout = sp_burn_layout_new (image, target, error);
  if (layout == NULL)
    return FALSE;

  if (!check_capacity (image, drive, target, needs_blank, sp_burn_layout_get_sectors (layout),
                       sp_burn_layout_get_bytes (layout), error))
    return FALSE;

  if (options->simulate && !needs_blank && !sp_drive_can_simulate (drive))
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                   _("%s cannot simulate writing on this %s"), sp_drive_get_display_name (drive),
                   sp_media_kind_to_string (sp_drive_get_media_kind (drive)));
      return FALSE;
    }
  if (options->copies > 1 && target == SP_BURN_TARGET_FILE)
    {
      g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                           _("An image file is written once: more copies need discs"));
      return FALSE;
    }

  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    if (sp_track_get_mode (sp_image_get_track (image, i)) == SP_TRACK_MODE_MODE1_2352)
      needs_check = TRUE;

  _sp_burn_plan_set_backend (plan, SP_BURN_BACKEND_LIBBURN);
  _sp_burn_plan_set_write_mode (plan, mode);
  _sp_burn_plan_set_size (plan, sp_burn_layout_get_sectors (layout), sp_burn_layout_get_bytes (layout));
  _sp_burn_plan_set_needs_check (plan, needs_check);
  _sp_burn_plan_set_needs_blank (plan, needs_blank);
  if (target == SP_BURN_TARGET_FILE)
    _sp_burn_plan_add_note (plan, _("The file receives the data track's 2048-byte user data sectors"));
  else if (target == SP_BURN_TARGET_CD)
    {
      gboolean data = !sp_track_is_audio (sp_image_get_track (image, 0));

      _sp_burn_plan_add_note (plan, data ? _("Data is sent as 2048-byte Mode 1 user data; the drive "
                                             "writes sync, header, EDC and ECC")
                                         : _("Audio is sent as 2352-byte little-endian frames"));
    }
  return TRUE;
}

/* ---- Writing ---------------------------------------------------------- */

typedef enum
{
  STAGE_BLANK,
  STAGE_FORMAT,
  STAGE_WRITE,
} Stage;

typedef struct
{
  SpBurnJob *job;
  SpBurnPlan *plan;
  SpImage *image;
  SpBurnOptions *options;
  SpBurnTarget target;

  char *address;             /* what the user chose */
  char *write_address;       /* what libburn writes: a temporary file for files */
  char *final_path;          /* the image file to rename the temporary one to */

  struct burn_drive_info *info;
  SpBurnLayout *layout;
  struct burn_write_opts *opts;

  Stage stage;
  gboolean started;          /* libburn was given a job that runs in its thread */
  guint idle_ticks;          /* polls that saw the drive IDLE */
  gboolean blanked;
  gboolean formatted;
  guint64 mark;
  guint poll_source;
  gulong cancel_handler;
  gint cancel_requested;     /* atomic */
  SpJob *progress;
  GError *error;
} WriteRun;

static void
write_run_free (gpointer data)
{
  WriteRun *run = data;

  g_assert (run->poll_source == 0);
  g_clear_object (&run->plan);
  g_clear_object (&run->image);
  g_clear_pointer (&run->options, sp_burn_options_free);
  g_free (run->address);
  g_free (run->write_address);
  g_free (run->final_path);
  g_clear_object (&run->progress);
  g_clear_error (&run->error);
  /* The drive, options and layout are closed by finish_thread. */
  g_assert (run->info == NULL && run->layout == NULL && run->opts == NULL);
  g_free (run);
}

static void start_stage (GTask *task, Stage stage);

/* A temporary file beside @path, so that the image file appears whole or
 * not at all. */
static char *
make_temporary (const char  *path,
                GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf ("%s/.%s.spindle-XXXXXX", folder, base);
  int fd = g_mkstemp_full (template, O_RDWR | O_CLOEXEC, 0666);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_WRITE, _("Cannot create a file in “%s”: %s"),
                   folder, g_strerror (saved));
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&template);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  WriteRun *run = task_data;
  g_autoptr(SpDrive) fresh = NULL;
  GError *error = NULL;

  if (run->target == SP_BURN_TARGET_FILE)
    {
      struct stat st;
      const char *path = run->address + strlen ("stdio:");

      /* A block device (a USB stick) is written in place; files go
       * through a temporary one. */
      if (g_stat (path, &st) != 0 || S_ISREG (st.st_mode))
        {
          g_autofree char *temporary = make_temporary (path, &error);

          if (temporary == NULL)
            {
              g_task_return_error (task, error);
              return;
            }
          run->final_path = g_strdup (path);
          run->write_address = g_strconcat ("stdio:", temporary, NULL);
        }
    }
  if (run->write_address == NULL)
    run->write_address = g_strdup (run->address);

  sp_burn_lock ();
  if (!sp_burn_drive_open (run->write_address, TRUE, &run->info, &error))
    {
      sp_burn_unlock ();
      g_task_return_error (task, error);
      return;
    }

  /* The medium as it is now, which may differ from the plan's snapshot
   * (for a file: the temporary one, on the target's file system, under the
   * name the user gave). */
  fresh = _sp_drive_new_from_burn (run->address, run->info,
                                   sp_burn_plan_get_write_mode (run->plan) == SP_WRITE_MODE_RAW);
  sp_burn_unlock ();

  {
    g_autoptr(SpBurnPlan) replanned = sp_burn_plan_new (run->image, fresh, run->options, NULL, &error);

    if (replanned == NULL)
      {
        g_task_return_error (task, error);
        return;
      }
    if (sp_burn_plan_get_write_mode (replanned) != sp_burn_plan_get_write_mode (run->plan) ||
        sp_burn_plan_get_backend (replanned) != SP_BURN_BACKEND_LIBBURN)
      {
        g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
                                 _("The disc in %s changed since the burn was planned"), run->address);
        return;
      }
    g_set_object (&run->plan, replanned);
  }

  run->layout = sp_burn_layout_new (run->image, run->target, &error);
  if (run->layout == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Closes everything, renames or removes the temporary file. Runs in a
 * thread: freeing the layout waits for libburn's FIFO thread. */
static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  WriteRun *run = task_data;
  gboolean ok = run->error == NULL;

  sp_burn_lock ();
  if (run->opts)
    {
      burn_write_opts_free (run->opts);
      run->opts = NULL;
    }
  if (run->info)
    {
      sp_burn_drive_close (run->info, FALSE);
      run->info = NULL;
    }
  g_clear_pointer (&run->layout, sp_burn_layout_free);
  sp_burn_unlock ();

  if (run->final_path && run->write_address && sp_burn_address_is_file (run->write_address))
    {
      const char *temporary = run->write_address + strlen ("stdio:");

      if (ok && !run->options->simulate)
        {
          if (g_rename (temporary, run->final_path) != 0)
            {
              int saved = errno;

              g_set_error (&run->error, SP_BURN_ERROR, SP_BURN_ERROR_WRITE,
                           _("The image file was written but could not be renamed to “%s”: %s"),
                           run->final_path, g_strerror (saved));
              g_unlink (temporary);
            }
        }
      else
        g_unlink (temporary);
    }

  if (run->error)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
finish_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
finish (GTask  *task,
        GError *error)
{
  WriteRun *run = g_task_get_task_data (task);
  g_autoptr(GTask) closer = NULL;

  g_clear_handle_id (&run->poll_source, g_source_remove);
  if (run->cancel_handler)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), run->cancel_handler);
      run->cancel_handler = 0;
    }
  if (run->progress)
    sp_job_stop (run->progress);
  if (error && run->error == NULL)
    run->error = error;
  else if (error)
    g_error_free (error);

  closer = g_task_new (NULL, NULL, finish_done, g_object_ref (task));
  g_task_set_source_tag (closer, finish);
  g_task_set_task_data (closer, run, NULL);
  g_task_run_in_thread (closer, finish_thread);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  WriteRun *run = user_data;

  /* Acted upon by the poll, on the main context, with the lock. */
  g_atomic_int_set (&run->cancel_requested, 1);
}

static SpBurnPhase
phase_for_status (enum burn_drive_status status)
{
  switch (status)
    {
    case BURN_DRIVE_WRITING_LEADIN:
      return SP_BURN_PHASE_WRITING_LEADIN;
    case BURN_DRIVE_WRITING_LEADOUT:
    case BURN_DRIVE_CLOSING_TRACK:
    case BURN_DRIVE_CLOSING_SESSION:
      return SP_BURN_PHASE_FIXATING;
    case BURN_DRIVE_ERASING:
      return SP_BURN_PHASE_BLANKING;
    case BURN_DRIVE_FORMATTING:
      return SP_BURN_PHASE_FORMATTING;
    default:
      return SP_BURN_PHASE_WRITING;
    }
}

static void stage_done (GTask *task);

static gboolean
poll_tick (gpointer user_data)
{
  GTask *task = user_data;
  WriteRun *run = g_task_get_task_data (task);
  struct burn_progress progress;
  enum burn_drive_status status;
  double drive_buffer = -1, fifo_fill = -1;
  gint64 done = 0, total;
  guint64 bytes_done = 0;

  if (g_atomic_int_get (&run->cancel_requested) && run->stage == STAGE_WRITE)
    {
      /* Only reading and writing can be cancelled (libburn.h,
       * burn_drive_cancel); blanking and formatting run to their end. */
      sp_burn_lock ();
      burn_drive_cancel (run->info->drive);
      sp_burn_layout_cancel (run->layout);
      sp_burn_unlock ();
    }

  if (!sp_burn_trylock ())
    return G_SOURCE_CONTINUE;
  memset (&progress, 0, sizeof progress);
  status = burn_drive_get_status (run->info->drive, &progress);
  if (run->stage == STAGE_WRITE)
    {
      int size = 0, free_bytes = 0;
      char *text = NULL;

      if (sp_burn_layout_get_fifo (run->layout) &&
          burn_fifo_inquire_status (sp_burn_layout_get_fifo (run->layout), &size, &free_bytes, &text) >= 0 && size > 0)
        fifo_fill = (double) (size - free_bytes) / size;
    }
  sp_burn_unlock ();

  if (run->stage == STAGE_WRITE)
    {
      total = sp_burn_layout_get_sectors (run->layout);
      if (progress.buffer_capacity > 0)
        drive_buffer = (double) (progress.buffer_capacity - progress.buffer_available) / progress.buffer_capacity;

      if (status == BURN_DRIVE_WRITING || status == BURN_DRIVE_WRITING_PREGAP ||
          status == BURN_DRIVE_WRITING_LEADOUT || status == BURN_DRIVE_CLOSING_TRACK ||
          status == BURN_DRIVE_CLOSING_SESSION)
        {
          guint track = (guint) MAX (progress.track, 0);
          guint n = sp_image_get_n_tracks (run->image);

          for (guint i = 0; i < track && i < n; i++)
            {
              gint64 sectors = sp_burn_layout_get_track_sectors (run->layout, i);

              done += sectors;
              bytes_done += (guint64) sectors * (sp_track_is_audio (sp_image_get_track (run->image, i)) ? 2352 : 2048);
            }
          if (status == BURN_DRIVE_WRITING && track < n)
            {
              gint64 sectors = MIN ((gint64) progress.sector, sp_burn_layout_get_track_sectors (run->layout, track));

              done += sectors;
              bytes_done += (guint64) sectors * (sp_track_is_audio (sp_image_get_track (run->image, track)) ? 2352 : 2048);
            }
          else if (status != BURN_DRIVE_WRITING_PREGAP)
            {
              done = total;
              bytes_done = sp_burn_layout_get_bytes (run->layout);
            }
        }
      _sp_burn_job_set_phase (run->job, phase_for_status (status));
      _sp_burn_job_update (run->job, done, total, bytes_done, drive_buffer, fifo_fill);
    }
  else if (status == BURN_DRIVE_ERASING || status == BURN_DRIVE_FORMATTING)
    {
      /* progress.sector runs from 0 to 0x10000 while blanking (libburn.h). */
      if (progress.sectors > 0)
        _sp_burn_job_update (run->job, progress.sector, progress.sectors,
                             (guint64) progress.sector, -1, -1);
    }

  /* burn_disc_write() and friends leave IDLE before they return
   * (async.c:199), so IDLE here means the operation has ended; but not
   * that libburn's thread has: a stdio: write sets IDLE when it re-grabs the
   * file (drive.c:467, from write.c:2960), and the thread then still sleeps
   * half a second on failure (write.c:3227) before it leaves the worker
   * list (async.c:622). Releasing the drive before that makes the next
   * burn_disc_write() on it fail ("A drive operation is still going on",
   * async.c:649). The thread's last message (0x00020178, async.c:617)
   * says it is gone. Erasing and formatting send no such message
   * (async.c:380, 479): a second of grace there. */
  if (status == BURN_DRIVE_IDLE)
    {
      gboolean ended = FALSE;

      run->idle_ticks++;
      if (run->stage == STAGE_WRITE && run->started)
        {
          g_autoptr(GPtrArray) messages = sp_burn_messages_since (run->mark);

          for (guint i = 0; i < messages->len; i++)
            if (((SpBurnMessage *) g_ptr_array_index (messages, i))->code == 0x00020178)
              ended = TRUE;
          ended = ended || run->idle_ticks * POLL_MS >= 10000;
        }
      else
        ended = run->idle_ticks * POLL_MS >= 1000;

      if (!ended)
        return G_SOURCE_CONTINUE;
      run->poll_source = 0;
      stage_done (g_object_ref (task));
      return G_SOURCE_REMOVE;
    }
  run->idle_ticks = 0;
  return G_SOURCE_CONTINUE;
}

static void
start_polling (GTask *task)
{
  WriteRun *run = g_task_get_task_data (task);
  GSource *source = g_timeout_source_new (POLL_MS);

  g_source_set_callback (source, poll_tick, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[spindle] libburn status");
  run->poll_source = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

/* Starts the stage's libburn operation, which runs in libburn's thread. */
static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteRun *run = task_data;
  struct burn_drive *drive = run->info->drive;
  GError *error = NULL;

  sp_burn_lock ();
  run->mark = sp_burn_messages_mark ();

  switch (run->stage)
    {
    case STAGE_BLANK:
      /* Erasing cannot be cancelled (libburn.h, burn_disc_erase). */
      burn_disc_erase (drive, run->options->blank == SP_BLANK_FAST ? 1 : 0);
      break;

    case STAGE_FORMAT:
      /* Default size, no media certification (bit6). */
      burn_disc_format (drive, 0, (3 << 1) | (1 << 6));
      break;

    case STAGE_WRITE:
      {
        struct burn_write_opts *opts = burn_write_opts_new (drive);
        char reasons[BURN_REASONS_LEN] = "";
        SpWriteMode mode = sp_burn_plan_get_write_mode (run->plan);
        gboolean is_cd = run->target == SP_BURN_TARGET_CD;

        if (mode == SP_WRITE_MODE_SAO)
          burn_write_opts_set_write_type (opts, BURN_WRITE_SAO, BURN_BLOCK_SAO);
        else if (mode == SP_WRITE_MODE_RAW)
          {
            burn_write_opts_set_write_type (opts, BURN_WRITE_RAW, BURN_BLOCK_RAW96R);
            burn_write_opts_set_force (opts, 1);
          }
        else
          burn_write_opts_set_write_type (opts, BURN_WRITE_TAO, BURN_BLOCK_MODE1);

        burn_write_opts_set_simulate (opts, run->options->simulate ? 1 : 0);
        burn_write_opts_set_underrun_proof (opts, run->options->burnfree ? 1 : 0);
        burn_write_opts_set_perform_opc (opts, 1);
        burn_write_opts_set_multi (opts, 0);
        if (run->target == SP_BURN_TARGET_FILE)
          /* Progress and cancel stay prompt (no fsync every 16 MB). */
          burn_write_opts_set_stdio_fsync (opts, -1);
        sp_burn_layout_apply (run->layout, opts);
        if (is_cd || run->target == SP_BURN_TARGET_DISC)
          burn_drive_set_speed (drive, 0, run->options->speed);

        if (burn_precheck_write (opts, sp_burn_layout_get_disc (run->layout), reasons, 1) <= 0)
          {
            g_strchomp (reasons);
            g_set_error (&error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                         _("libburn refuses this write job: %s"), reasons);
            burn_write_opts_free (opts);
            break;
          }

        sp_burn_layout_set_drive (run->layout, drive);
        run->opts = opts;
        burn_disc_write (opts, sp_burn_layout_get_disc (run->layout));
      }
      break;
    }
  run->started = error == NULL;
  sp_burn_unlock ();

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish (task, error);
      g_object_unref (task);
      return;
    }
  start_polling (task);
  g_object_unref (task);
}

static void
start_stage (GTask *task,
             Stage  stage)
{
  WriteRun *run = g_task_get_task_data (task);
  g_autoptr(GTask) starter = NULL;

  run->stage = stage;
  run->idle_ticks = 0;
  g_clear_object (&run->progress);
  switch (stage)
    {
    case STAGE_BLANK:
      _sp_burn_job_set_phase (run->job, SP_BURN_PHASE_BLANKING);
      run->progress = g_object_ref (_sp_burn_job_new_progress (run->job, _("Blanking"), 0x10000));
      break;
    case STAGE_FORMAT:
      _sp_burn_job_set_phase (run->job, SP_BURN_PHASE_FORMATTING);
      run->progress = g_object_ref (_sp_burn_job_new_progress (run->job, _("Formatting"), 0x10000));
      break;
    case STAGE_WRITE:
      _sp_burn_job_set_phase (run->job, SP_BURN_PHASE_WRITING);
      run->progress = g_object_ref (_sp_burn_job_new_progress (run->job,
                                                               run->options->simulate ? _("Simulating") : _("Writing"),
                                                               sp_burn_layout_get_bytes (run->layout)));
      break;
    }

  starter = g_task_new (NULL, NULL, start_done, g_object_ref (task));
  g_task_set_source_tag (starter, start_stage);
  g_task_set_task_data (starter, run, NULL);
  g_task_run_in_thread (starter, start_thread);
}

/* After blanking or formatting: look at the medium again and check that the
 * image fits now. */
static void
reassess_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteRun *run = task_data;
  g_autoptr(SpDrive) fresh = NULL;
  g_autoptr(SpBurnOptions) options = sp_burn_options_copy (run->options);
  g_autoptr(SpBurnPlan) plan = NULL;
  GError *error = NULL;

  sp_burn_lock ();
  burn_drive_re_assess (run->info->drive, 0);
  fresh = _sp_drive_new_from_burn (run->address, run->info,
                                   sp_burn_plan_get_write_mode (run->plan) == SP_WRITE_MODE_RAW);
  sp_burn_unlock ();

  options->blank = SP_BLANK_NONE;
  plan = sp_burn_plan_new (run->image, fresh, options, NULL, &error);
  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
reassess_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    finish (task, error);
  else
    start_stage (task, STAGE_WRITE);
  g_object_unref (task);
}

/* Whether the medium must be formatted before libburn can write it:
 * unformatted BD-RE and DVD-RAM (async.c:717 refuses them). */
static gboolean
needs_format (WriteRun *run)
{
  int profile = 0, status = 0, num_formats = 0;
  char name[80];
  off_t size = 0;
  unsigned bl_sas = 0;
  gboolean result = FALSE;

  sp_burn_lock ();
  if (burn_disc_get_profile (run->info->drive, &profile, name) > 0 && (profile == 0x43 || profile == 0x12))
    result = burn_disc_get_formats (run->info->drive, &status, &size, &bl_sas, &num_formats) > 0 &&
             status == BURN_FORMAT_IS_UNFORMATTED;
  sp_burn_unlock ();
  return result;
}

/* Where a write failed, from libburn's message about the WRITE command the
 * drive refused: "SCSI error on write(START,COUNT): [3 0C 00] ..."
 * (mmc.c:1045). The drive names the exact sector only in the sense data's
 * information field, which libburn does not pass on, so the command's
 * range is what can be told. Returns "sector 990 to 1002 (00:13:15) of
 * track 02", or NULL. */
static char *
describe_failed_write (GPtrArray *messages,
                       SpImage   *image)
{
  for (guint i = 0; messages && i < messages->len; i++)
    {
      const SpBurnMessage *message = g_ptr_array_index (messages, i);
      const char *at = message->code == 0x0002011d ? strstr (message->text, "SCSI error on write(") : NULL;
      char msf[SP_MSF_STRING_SIZE];
      gint64 start, count;
      char *end = NULL;
      SpTrack *track = NULL;

      if (at == NULL)
        continue;
      at += strlen ("SCSI error on write(");
      start = g_ascii_strtoll (at, &end, 10);
      if (end == at || *end != ',')
        continue;
      at = end + 1;
      count = g_ascii_strtoll (at, &end, 10);
      if (end == at || *end != ')' || count < 1)
        continue;

      for (guint t = 0; t < sp_image_get_n_tracks (image); t++)
        if (start >= sp_track_get_first (sp_image_get_track (image, t)))
          track = sp_image_get_track (image, t);
      /* The 2-second pregap before track 1 (from LBA -150) is the track's;
       * only the CD-TEXT lead-in lies before it. */
      if (track == NULL && start >= -150 && sp_image_get_n_tracks (image) > 0)
        track = sp_image_get_track (image, 0);
      if (track == NULL)
        /* Translators: where a write failed: first and last sector */
        return g_strdup_printf (_("sectors %" PRId64 " to %" PRId64 " (the lead-in)"),
                                start, start + count - 1);
      if (count == 1)
        /* Translators: where a write failed: sector, MM:SS:FF, track */
        return g_strdup_printf (_("sector %" PRId64 " (%s) of track %02u"),
                                start, sp_msf_format (start, msf), sp_track_get_number (track));
      /* Translators: where a write failed: first and last sector of the
       * drive's WRITE command, MM:SS:FF of the first, track */
      return g_strdup_printf (_("sectors %" PRId64 " to %" PRId64 " (%s) of track %02u"),
                              start, start + count - 1, sp_msf_format (start, msf),
                              sp_track_get_number (track));
    }
  return NULL;
}

static void
stage_done (GTask *task)
{
  WriteRun *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) messages = NULL;
  gboolean well;
  GError *error = NULL;

  sp_burn_lock ();
  well = burn_drive_wrote_well (run->info->drive);
  sp_burn_unlock ();
  messages = sp_burn_messages_since (run->mark);

  switch (run->stage)
    {
    case STAGE_BLANK:
    case STAGE_FORMAT:
      if (!well)
        {
          sp_burn_messages_set_error (messages, &error, SP_BURN_ERROR_WRITE,
                                      run->stage == STAGE_BLANK ? _("Blanking failed") : _("Formatting failed"));
          finish (task, error);
          g_object_unref (task);
          return;
        }
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             run->stage == STAGE_BLANK
                                               ? _("Cancelled after blanking (blanking cannot be stopped)")
                                               : _("Cancelled after formatting (formatting cannot be stopped)")));
          g_object_unref (task);
          return;
        }
      if (run->stage == STAGE_BLANK)
        run->blanked = TRUE;
      else
        run->formatted = TRUE;
      {
        g_autoptr(GTask) reassess = g_task_new (NULL, NULL, reassess_done, g_object_ref (task));

        g_task_set_task_data (reassess, run, NULL);
        g_task_run_in_thread (reassess, reassess_thread);
      }
      g_object_unref (task);
      return;

    case STAGE_WRITE:
      if (sp_burn_layout_take_error (run->layout, &error))
        ;
      else if (g_atomic_int_get (&run->cancel_requested))
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     run->target == SP_BURN_TARGET_FILE
                                       ? _("Writing the image file was cancelled; nothing was kept")
                                       : run->options->simulate
                                         ? _("The simulation was cancelled")
                                         : _("Writing was cancelled: the disc is incomplete and probably unusable"));
      else if (!well)
        {
          g_autofree char *where = run->target == SP_BURN_TARGET_FILE ? NULL
                                                                      : describe_failed_write (messages, run->image);
          g_autofree char *what = NULL;

          if (where)
            /* Translators: %s is where, e.g. "sectors 990 to 1002 (00:13:15) of track 02" */
            what = g_strdup_printf (run->options->simulate ? _("The simulated write failed at %s")
                                                           : _("Writing failed at %s"), where);
          else
            what = g_strdup (run->options->simulate ? _("The simulated write failed") : _("Writing failed"));
          sp_burn_messages_set_error (messages, &error, SP_BURN_ERROR_WRITE, what);
          if (where && !run->options->simulate)
            {
              /* A drive that failed a write does not take the rest of the
               * session: what it has written stays, unfinished. */
              char *message = g_strconcat (error->message, ". ",
                                           _("The disc is incomplete and probably unusable."), NULL);

              g_free (error->message);
              error->message = message;
            }
        }
      else
        {
          gint64 total = sp_burn_layout_get_sectors (run->layout);

          _sp_burn_job_update (run->job, total, total, sp_burn_layout_get_bytes (run->layout), -1, -1);
        }
      finish (task, error);
      g_object_unref (task);
      return;
    }
}

static void
step_after_prepare (GTask *task)
{
  WriteRun *run = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      finish (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled before writing")));
      return;
    }
  if (sp_burn_plan_get_needs_blank (run->plan) && !run->blanked)
    start_stage (task, STAGE_BLANK);
  else if (run->target == SP_BURN_TARGET_DISC && !run->formatted && needs_format (run))
    start_stage (task, STAGE_FORMAT);
  else
    start_stage (task, STAGE_WRITE);
}

static void
prepare_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    finish (task, error);
  else
    step_after_prepare (task);
}

static void
libburn_write_async (SpBurnBackend       *backend,
                     SpBurnJob           *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (backend, cancellable, callback, user_data);
  g_autoptr(GTask) preparer = NULL;
  WriteRun *run = g_new0 (WriteRun, 1);
  SpBurnPlan *plan = sp_burn_job_get_plan (job);

  run->job = job;
  run->plan = g_object_ref (plan);
  run->image = g_object_ref (sp_burn_job_get_image (job));
  run->options = sp_burn_options_copy (sp_burn_plan_get_options (plan));
  run->address = g_strdup (sp_burn_job_get_address (job));
  run->target = target_for (sp_burn_plan_get_drive (plan));
  g_task_set_source_tag (task, libburn_write_async);
  g_task_set_task_data (task, run, write_run_free);
  /* Our errors say what a cancel left behind; GTask's would not. */
  g_task_set_check_cancellable (task, FALSE);

  if (cancellable)
    run->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), run, NULL);

  _sp_burn_job_set_phase (job, SP_BURN_PHASE_PREPARING);
  preparer = g_task_new (NULL, NULL, prepare_done, g_object_ref (task));
  g_task_set_source_tag (preparer, libburn_write_async);
  g_task_set_task_data (preparer, run, NULL);
  g_task_run_in_thread (preparer, prepare_thread);
}

static gboolean
libburn_write_finish (SpBurnBackend  *backend,
                      GAsyncResult   *result,
                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, backend), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
backend_iface_init (SpBurnBackendInterface *iface)
{
  iface->get_kind = libburn_get_kind;
  iface->check = libburn_check;
  iface->write_async = libburn_write_async;
  iface->write_finish = libburn_write_finish;
}
