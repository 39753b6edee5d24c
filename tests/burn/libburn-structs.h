/* libburn-structs.h: libburn 1.5.4's private track and session structures,
 * for the tests only
 *
 * libburn has no getters for what a track holds besides its mode and size
 * (no indices, pregap, ISRC). To assert the layout libburn holds, the burn
 * tests read its structures through these copies of struct isrc, struct
 * burn_cdtext, struct burn_track and struct burn_session from libburn
 * 1.5.4's libburn/structure.h (lines 11-138, GPL-2.0-or-later, Derek
 * Foreman, Ben Jansens, Thomas Schmitt). They are valid for that version
 * only: the tests check burn_version() and cross-check the copies against
 * libburn's public getters before trusting them.
 */

#pragma once

#include <libburn/libburn.h>
#include <sys/types.h>

#define MIRROR_PACK_TYPES 0x10

struct mirror_isrc
{
  int has_isrc;
  char country[2];
  char owner[3];
  unsigned char year;
  unsigned int serial;
};

struct mirror_cdtext
{
  unsigned char *(payload[MIRROR_PACK_TYPES]);
  int length[MIRROR_PACK_TYPES];
  int flags;
};

struct mirror_track
{
  int refcnt;
  struct burn_toc_entry *entry;
  unsigned char indices;
  int index[100];
  int offset;
  int offsetcount;
  int tail;
  int tailcount;
  int pad;
  int fill_up_media;
  off_t default_size;
  struct burn_source *source;
  int eos;
  off_t sourcecount;
  off_t writecount;
  off_t written_sectors;
  int open_ended;
  int track_data_done;
  int end_on_premature_eoi;
  int mode;
  int pregap1;
  int pregap2;
  int pregap2_size;
  int postgap;
  int postgap_size;
  struct mirror_isrc isrc;
  int swap_source_bytes;
  int cdxa_conversion;
  struct mirror_cdtext *cdtext[8];
};

struct mirror_session
{
  unsigned char firsttrack;
  unsigned char lasttrack;
  int hidefirst;
  unsigned char start_m;
  unsigned char start_s;
  unsigned char start_f;
  struct burn_toc_entry *leadout_entry;
  int tracks;
  struct burn_track **track;
  int refcnt;
  struct mirror_cdtext *cdtext[8];
  unsigned char cdtext_char_code[8];
  unsigned char cdtext_copyright[8];
  unsigned char cdtext_language[8];
  unsigned char mediacatalog[14];
};

#define MIRROR_TRACK(t) ((struct mirror_track *) (void *) (t))
#define MIRROR_SESSION(s) ((struct mirror_session *) (void *) (s))
