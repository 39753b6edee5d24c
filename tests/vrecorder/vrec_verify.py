#!/usr/bin/python3
# vrec_verify.py: turn a recording of the virtual CD recorder into a disc
# image and compare it, sector by sector, with the source image.
#
# The virtual recorder is an emulator (a test double at the hardware
# boundary, see README.md).  It records every block the host wrote, exactly
# as sent, in a journal; this verifier reads that journal itself, so a burn
# is checked on the bytes libburn or cdrdao really sent:
#   - raw (write type RAW) data sectors are descrambled here (ECMA-130
#     Annex B) and their Q sub-channel decoded and CRC-checked;
#   - sectors the drive completes itself (Mode 1 / XA user data: the drive
#     adds sync, header, EDC and ECC) come from `vrec-tool read`, the drive's
#     own encoder, and we check that the host's bytes are inside them;
#   - the layout (track starts, pregaps, indices, ISRC, MCN) is decoded from
#     the Q sub-channel a reader would get, with CRC check, and compared with
#     the drive's TOC and with the source cue sheet;
#   - CD-TEXT packs recovered from the lead-in are CRC-checked and compared
#     with the cue sheet's CD-TEXT (and pack for pack with a CDTEXTFILE);
#   - EDC/ECC of every data sector is checked with `vrec-tool check-edc`;
#     where the source holds raw sectors (vcdimager, cdrdao) the disc must
#     equal them byte for byte, which checks the drive's encoder against an
#     independent one.
# It writes the disc as BIN + cue (+ raw P-W sub-channel, + CD-TEXT packs).
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import binascii
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

FRAME = 2352
RECORD = 2452           # vrec-tool read: main + sub + result + kind + pad
SYNC = b'\x00' + b'\xff' * 10 + b'\x00'
WRITE_TAO, WRITE_SAO, WRITE_RAW = 1, 2, 3
IDX = struct.Struct('<iBBHHBBIQ')


# ---- ECMA-130 helpers that are not EDC/ECC ---------------------------------

def _scramble_table():
    """Annex B: x^15 + x + 1, preset 1, LSB first, over bytes 12..2351."""
    reg, out = 1, bytearray()
    for _ in range(FRAME - 12):
        byte = 0
        for bit in range(8):
            byte |= (reg & 1) << bit
            fb = (reg ^ (reg >> 1)) & 1
            reg = (reg >> 1) | (fb << 14)
        out.append(byte)
    return int.from_bytes(out, 'big')


SCRAMBLE = _scramble_table()


def descramble(sector):
    body = int.from_bytes(sector[12:], 'big') ^ SCRAMBLE
    return sector[:12] + body.to_bytes(FRAME - 12, 'big')


def bcd(v):
    return (v >> 4) * 10 + (v & 15)


def lba_to_msf(lba):
    a = lba + 150
    if a < 0:
        a += 450000
    return a // 4500, (a // 75) % 60, a % 75


def msf_str(frames):
    return '%02d:%02d:%02d' % (frames // 4500, (frames // 75) % 60, frames % 75)


def parse_msf(text):
    m, s, f = (int(x) for x in text.split(':'))
    return (m * 60 + s) * 75 + f


def crc16(data):
    """CRC-16 CCITT as Q sub-channel and CD-TEXT use it (stored inverted)."""
    return binascii.crc_hqx(bytes(data), 0) ^ 0xffff


def q_from_raw(sub):
    q = 0
    for i in range(96):
        q = (q << 1) | ((sub[i] >> 6) & 1)
    return q.to_bytes(12, 'big')


def isrc_from_q(q):
    bits = int.from_bytes(q[1:9], 'big')
    chars = []
    for i in range(5):
        c = (bits >> (58 - 6 * i)) & 0x3f
        chars.append(chr(ord('0') + c) if c < 10 else chr(ord('A') + c - 17))
    digits = ''.join('%d' % ((bits >> (28 - 4 * i)) & 15) for i in range(7))
    return ''.join(chars) + digits


def mcn_from_q(q):
    return ''.join('%d' % ((q[1 + i // 2] >> (4 if i % 2 == 0 else 0)) & 15) for i in range(13))


# ---- the recording ----------------------------------------------------------

class Recording:
    """What the emulated drive kept in its state directory."""

    def __init__(self, state_dir, tool):
        self.dir = Path(state_dir)
        self.tool = tool
        self.status = None
        self.damaged = False
        self.present = True
        self.mcn = ''
        self.sessions = []
        self.tracks = []
        self._parse_state()
        self.cdtext = (self.dir / 'cdtext.bin').read_bytes() if (self.dir / 'cdtext.bin').exists() else b''
        self.records = []
        self.latest = {}
        idx = self.dir / 'blocks.idx'
        if idx.exists():
            data = idx.read_bytes()
            for n in range(len(data) // IDX.size):
                rec = IDX.unpack_from(data, n * IDX.size)
                self.records.append(rec)
                self.latest[rec[0]] = rec
        self._bin = open(self.dir / 'blocks.bin', 'rb') if (self.dir / 'blocks.bin').exists() else None
        self.cue_sheet = (self.dir / 'cuesheet.bin').read_bytes() if (self.dir / 'cuesheet.bin').exists() else b''

    def _parse_state(self):
        text = (self.dir / 'state').read_text()
        for line in text.splitlines():
            w = line.split()
            if not w or w[0].startswith('#'):
                continue
            if w[0] == 'status':
                self.status = w[1]
            elif w[0] == 'damaged':
                self.damaged = w[1] == '1'
            elif w[0] == 'present':
                self.present = w[1] == '1'
            elif w[0] == 'mcn':
                self.mcn = '' if w[1] == '-' else w[1]
            elif w[0] == 'session':
                d = dict(zip(w[2::2], w[3::2]))
                self.sessions.append({k: int(v) for k, v in d.items()} | {'number': int(w[1])})
            elif w[0] == 'track':
                d = dict(zip(w[2::2], w[3::2]))
                t = {k: (v if k == 'isrc' else int(v)) for k, v in d.items()}
                t['number'] = int(w[1])
                t['isrc'] = '' if t['isrc'] == '-' else t['isrc']
                t['indices'] = {}
                self.tracks.append(t)
            elif w[0] == 'index':
                for t in self.tracks:
                    if t['number'] == int(w[1]):
                        t['indices'][int(w[2])] = int(w[3])

    def block(self, rec):
        self._bin.seek(rec[8])
        return self._bin.read(rec[3] + rec[4])

    def read(self, first, count):
        """The disc as the drive reads it back (forced: also unfinished)."""
        out = subprocess.run([self.tool, 'read', str(self.dir), str(first), str(count), 'force'],
                             check=True, capture_output=True).stdout
        for i in range(count):
            r = out[i * RECORD:(i + 1) * RECORD]
            yield first + i, r[:FRAME], r[FRAME:FRAME + 96], r[2448], r[2449]

    def decoded_cue_sheet(self):
        return ['ctl/adr %02x tno %02x index %02x form %02x scms %02x time %02d:%02d:%02d'
                % tuple(self.cue_sheet[off:off + 8]) for off in range(0, len(self.cue_sheet), 8)]


# ---- the source image --------------------------------------------------------

MODE_SIZES = {
    'AUDIO': 2352, 'MODE1/2048': 2048, 'MODE1/2352': 2352, 'MODE2/2352': 2352,
    'MODE2/2336': 2336, 'CDI/2352': 2352, 'CDI/2336': 2336,
}
CDTEXT_FIELDS = {'TITLE': 0x80, 'PERFORMER': 0x81, 'SONGWRITER': 0x82, 'COMPOSER': 0x83,
                 'ARRANGER': 0x84, 'MESSAGE': 0x85}


class SourceFile:
    def __init__(self, path, kind):
        self.path = path
        self.kind = kind
        self.offset = 0
        if kind == 'WAVE':
            with open(path, 'rb') as f:
                data = f.read(65536)
            pos = 12
            while pos + 8 <= len(data):
                cid, size = data[pos:pos + 4], struct.unpack_from('<I', data, pos + 4)[0]
                if cid == b'data':
                    self.offset = pos + 8
                    break
                pos += 8 + size + (size & 1)
        self.size = os.path.getsize(path) - self.offset
        self.f = open(path, 'rb')

    def read(self, offset, length):
        self.f.seek(self.offset + offset)
        data = self.f.read(length)
        if self.kind == 'MOTOROLA':
            b = bytearray(data)
            b[0::2], b[1::2] = data[1::2], data[0::2]
            data = bytes(b)
        return data


class SourceTrack:
    def __init__(self, number, mode):
        self.number = number
        self.mode = mode
        self.size = MODE_SIZES[mode]
        self.flags = set()
        self.isrc = ''
        self.pregap = 0          # generated (PREGAP)
        self.postgap = 0
        self.file = None
        self.file_index = {}     # index number -> frames from the file start
        self.cdtext = {}
        self.indices = {}        # disc LBAs, filled by layout()
        self.pieces = []         # (first lba, count, file or None, file offset)

    @property
    def is_audio(self):
        return self.mode == 'AUDIO'

    @property
    def ctl(self):
        c = 0 if self.is_audio else 4
        if 'DCP' in self.flags:
            c |= 2
        if 'PRE' in self.flags:
            c |= 1
        if '4CH' in self.flags:
            c |= 8
        return c


class Source:
    """A disc image described by a cue sheet (or a plain ISO)."""

    def __init__(self):
        self.tracks = []
        self.mcn = ''
        self.cdtext = {}
        self.cdtextfile = None
        self.leadout = 0

    @classmethod
    def from_cue(cls, path):
        src = cls()
        path = Path(path)
        cur_file = None
        track = None
        for raw in path.read_text(encoding='utf-8-sig').splitlines():
            line = raw.strip()
            if not line:
                continue
            words = re.findall(r'"[^"]*"|\S+', line)
            cmd = words[0].upper()
            args = [w.strip('"') for w in words[1:]]
            if cmd == 'FILE':
                cur_file = SourceFile(path.parent / args[0], args[1].upper())
            elif cmd == 'TRACK':
                track = SourceTrack(int(args[0]), args[1].upper())
                track.file = cur_file
                src.tracks.append(track)
            elif cmd == 'INDEX':
                track.file_index[int(args[0])] = parse_msf(args[1])
                track.file = cur_file
            elif cmd == 'PREGAP':
                track.pregap = parse_msf(args[0])
            elif cmd == 'POSTGAP':
                track.postgap = parse_msf(args[0])
            elif cmd == 'ISRC':
                track.isrc = args[0]
            elif cmd == 'CATALOG':
                src.mcn = args[0]
            elif cmd == 'FLAGS':
                track.flags = {a.upper() for a in args}
            elif cmd == 'CDTEXTFILE':
                src.cdtextfile = path.parent / args[0]
            elif cmd in CDTEXT_FIELDS:
                (track.cdtext if track else src.cdtext)[cmd] = args[0]
        return src

    @classmethod
    def from_iso(cls, paths):
        src = cls()
        for n, p in enumerate(paths, 1):
            t = SourceTrack(n, 'MODE1/2048')
            t.file = SourceFile(Path(p), 'BINARY')
            t.file_index = {1: 0}
            t.whole_file = True
            src.tracks.append(t)
        return src

    def layout(self, write_type):
        """Disc LBAs of every track, the way the burner lays the source out:
        SAO after the cue sheet, TAO with the drive's 150-sector pregap and
        2 run-out blocks around each track."""
        lba = -150
        for i, t in enumerate(self.tracks):
            nxt = self.tracks[i + 1] if i + 1 < len(self.tracks) else None
            first = t.file_index.get(0, t.file_index[1])
            if nxt is not None and nxt.file is t.file:
                end = nxt.file_index.get(0, nxt.file_index[1])
            else:
                end = t.file.size // t.size
            file_pregap = t.file_index[1] - first
            t.indices = {}
            t.pieces = []
            if write_type == WRITE_TAO:
                t.indices[0] = lba
                t.indices[1] = lba + 150
                lba += 150
                t.pieces.append((lba, end - first, t.file, first * t.size))
                lba += end - first
                t.end = lba
                t.readable_end = lba
                lba += 2
                t.end = lba
                continue
            generated = t.pregap
            if i == 0:
                generated = max(150, generated + file_pregap) - file_pregap
            t.indices[0] = lba
            if generated:
                t.pieces.append((lba, generated, None, 0))
                lba += generated
            t.pieces.append((lba, end - first, t.file, first * t.size))
            for n, frames in sorted(t.file_index.items()):
                if n >= 1:
                    t.indices[n] = lba + frames - first
            lba += end - first
            if t.postgap:
                t.pieces.append((lba, t.postgap, None, 0))
                lba += t.postgap
            t.end = lba
            t.readable_end = lba
            if t.indices[0] == t.indices[1]:
                del t.indices[0]
        self.leadout = self.tracks[-1].end
        return self

    def track_at(self, lba):
        for t in self.tracks:
            if t.indices.get(0, t.indices[1]) <= lba < t.end:
                return t
        return None

    def sector(self, lba):
        """(track, bytes) where bytes is what the source says the disc holds:
        2352 bytes for raw sources, 2048/2336 bytes of user data otherwise,
        None for a generated (silent / zero) sector or a run-out block."""
        t = self.track_at(lba)
        if t is None:
            return None, None
        for first, count, f, off in t.pieces:
            if first <= lba < first + count:
                if f is None:
                    return t, None
                return t, f.read(off + (lba - first) * t.size, t.size)
        return t, None


# ---- CD-TEXT ------------------------------------------------------------------

def cdtext_decode(packs):
    """Returns ({(type, track): text}, [problems]) from 18-byte packs."""
    problems, streams = [], {}
    for n in range(len(packs) // 18):
        p = packs[n * 18:(n + 1) * 18]
        if crc16(p[:16]) != (p[16] << 8 | p[17]):
            problems.append('CD-TEXT pack %d: CRC mismatch' % n)
        if p[3] & 0x70:
            continue            # only block 0 (the first language) is compared
        if p[0] in range(0x80, 0x86):
            streams.setdefault(p[0], [p[1] & 0x7f, b''])
            streams[p[0]][1] += p[4:16]
    texts = {}
    for kind, (track, data) in streams.items():
        prev = ''
        for s in data.split(b'\0'):
            if track > 99:
                break
            text = s.decode('latin-1')
            if text == '\t':
                text = prev
            if s:
                texts[(kind, track)] = text
            prev = text
            track += 1
    return texts, problems


def read_cdt(path):
    data = Path(path).read_bytes()
    if len(data) % 18 == 4 or (len(data) > 4 and len(data) % 18 == 5):
        data = data[4:]
    return data[:len(data) // 18 * 18]


# ---- verification -------------------------------------------------------------

class Verifier:
    def __init__(self, rec, src, write_type, out_dir=None, partial=False, allow_padding=False,
                 max_report=20):
        self.rec = rec
        self.src = src
        self.write_type = write_type
        self.out_dir = Path(out_dir) if out_dir else None
        self.partial = partial
        self.allow_padding = allow_padding
        self.errors = []
        self.notes = []
        self.max_report = max_report
        self.report = {'write_type': write_type, 'status': rec.status}

    def error(self, msg):
        self.errors.append(msg)

    def run(self):
        rec = self.rec
        if not self.partial:
            if rec.status not in ('complete', 'appendable') or rec.damaged:
                self.error('disc status is %s%s, not a finished session'
                           % (rec.status, ' (damaged)' if rec.damaged else ''))
                return self.finish()
        elif rec.status in ('complete', 'appendable') and not rec.damaged:
            self.error('the burn was expected to stop early but the disc was finalized')
        disc = self.read_disc()
        self.compare_layout(disc)
        self.compare_sectors(disc)
        self.compare_cdtext()
        self.check_edc(disc)
        if self.out_dir and not self.partial:
            self.write_image(disc)
        return self.finish()

    def finish(self):
        self.report['errors'] = self.errors
        self.report['notes'] = self.notes
        self.report['ok'] = not self.errors
        return self.report

    # -- reading the recording --

    def read_disc(self):
        """Per LBA: main channel, decoded Q, and where it came from."""
        rec, src = self.rec, self.src
        start = -150
        end = src.leadout
        if rec.sessions:
            end = max(end, rec.sessions[-1]['leadout'])
        if self.partial:
            written = [r[0] for r in rec.records if r[0] >= -150]
            end = max(written) + 1 if written else -150
            self.report['written_blocks'] = len(rec.records)
            self.report['last_written_lba'] = end - 1
        disc = {}
        bad_q = 0
        for lba, main, sub, result, kind in rec.read(start, max(0, end - start)):
            entry = {'main': main, 'sub': sub, 'result': result, 'q': None, 'sent': None}
            jr = rec.latest.get(lba)
            if jr is not None:
                entry['sent'] = rec.block(jr)
                entry['write_type'] = jr[1]
                entry['form'] = jr[2]
                if jr[1] == WRITE_RAW:
                    # Our own look at what the host sent: descramble data
                    # sectors (Q control data bit) and decode its Q.
                    raw_main, raw_sub = entry['sent'][:FRAME], entry['sent'][FRAME:]
                    if len(raw_sub) == 96:
                        q = q_from_raw(raw_sub)
                    else:   # P-Q 16: CRC sent not inverted
                        q = raw_sub[:10] + bytes(b ^ 0xff for b in raw_sub[10:12])
                    if (q[0] & 0x40) and raw_main[:12] == SYNC:
                        raw_main = descramble(raw_main)
                    if raw_main != main:
                        self.error('LBA %d: the drive reads back other bytes than the host '
                                   'wrote (after descrambling)' % lba)
            if result == 0:
                q = q_from_raw(sub)
                if crc16(q[:10]) != (q[10] << 8 | q[11]):
                    bad_q += 1
                    if bad_q <= self.max_report:
                        self.error('LBA %d: Q sub-channel CRC mismatch' % lba)
                else:
                    entry['q'] = q
            disc[lba] = entry
        self.report['q_crc_errors'] = bad_q
        return disc

    # -- layout --

    def decode_layout(self, disc):
        """Track and index starts from the Q position frames.  A mode 2/3
        frame has no position: it belongs to its neighbours when they agree;
        between two different positions it belongs to the next one (the
        only such case a drive produces is the program area's first frame)."""
        tracks, mcn, isrc = {}, set(), {}
        positions = {}
        for lba in sorted(disc):
            q = disc[lba]['q']
            if q is None:
                continue
            adr = q[0] & 15
            if adr == 1:
                if q[1] == 0xaa:
                    positions[lba] = None
                    continue
                tno, index = bcd(q[1]), bcd(q[2])
                absolute = (bcd(q[7]) * 60 + bcd(q[8])) * 75 + bcd(q[9]) - 150
                if absolute != lba:
                    self.error('LBA %d: Q absolute time says %d' % (lba, absolute))
                positions[lba] = (tno, index, q[0] >> 4)
            elif adr == 2:
                mcn.add(mcn_from_q(q))
            elif adr == 3:
                t = self.rec_track_at(lba)
                if t:
                    isrc.setdefault(t, set()).add(isrc_from_q(q))
        nxt = {}
        following = None
        for lba in sorted(disc, reverse=True):
            if lba in positions:
                following = positions[lba]
            nxt[lba] = following
        previous = None
        for lba in sorted(disc):
            if disc[lba]['q'] is None:
                continue
            pos = positions.get(lba, 'unplaced')
            if pos == 'unplaced':
                if previous is not None and previous == nxt[lba]:
                    pos = previous
                else:
                    pos = nxt[lba]
                    if previous is not None and pos is not None:
                        self.notes.append('LBA %d: mode 2/3 Q frame between two positions' % lba)
            else:
                previous = pos
            if pos is None:
                continue
            tno, index, ctl = pos
            t = tracks.setdefault(tno, {'ctl': ctl, 'indices': {}})
            t['indices'].setdefault(index, lba)
            t['last'] = lba
        return tracks, mcn, isrc

    def rec_track_at(self, lba):
        for t in self.rec.tracks:
            if t['pregap'] <= lba < t['end']:
                return t['number']
        return None

    def compare_layout(self, disc):
        rec, src = self.rec, self.src
        tracks, mcns, isrcs = self.decode_layout(disc)
        layout = []
        for t in src.tracks:
            got = tracks.get(t.number)
            entry = {'track': t.number, 'mode': t.mode, 'expected': t.indices,
                     'decoded': got['indices'] if got else None}
            layout.append(entry)
            if self.partial and got is None:
                continue
            if got is None:
                self.error('track %d: not on the disc' % t.number)
                continue
            for n, lba in t.indices.items():
                if self.partial and lba > max(disc):
                    continue
                if got['indices'].get(n) != lba:
                    self.error('track %d index %02d: disc has %s, source %d'
                               % (t.number, n, got['indices'].get(n), lba))
            extra = set(got['indices']) - set(t.indices)
            if extra:
                self.error('track %d: indices %s on the disc are not in the source'
                           % (t.number, sorted(extra)))
            if got['ctl'] != t.ctl:
                self.error('track %d: control %x on the disc, %x in the source'
                           % (t.number, got['ctl'], t.ctl))
            if not self.partial:
                rt = next((x for x in rec.tracks if x['number'] == t.number), None)
                if rt is None or rt['start'] != t.indices[1]:
                    self.error('track %d: the drive TOC starts it at %s, the source at %d'
                               % (t.number, rt and rt['start'], t.indices[1]))
                if rt is not None and rt['end'] != t.end:
                    pad = rt['end'] - t.end
                    if self.allow_padding and pad > 0:
                        self.notes.append('track %d padded with %d sectors' % (t.number, pad))
                    else:
                        self.error('track %d: ends at %d on the disc, %d in the source'
                                   % (t.number, rt['end'], t.end))
            want_isrc = t.isrc
            got_isrc = isrcs.get(t.number, set())
            if want_isrc and got_isrc != {want_isrc} and not self.partial:
                self.error('track %d: ISRC %s on the disc, %s in the source'
                           % (t.number, sorted(got_isrc) or '-', want_isrc))
            if not want_isrc and got_isrc:
                self.error('track %d: ISRC %s on the disc, none in the source'
                           % (t.number, sorted(got_isrc)))
        extra_tracks = set(tracks) - {t.number for t in src.tracks}
        if extra_tracks:
            self.error('tracks %s on the disc are not in the source' % sorted(extra_tracks))
        if src.mcn and mcns != {src.mcn} and not self.partial:
            self.error('MCN %s on the disc, %s in the source' % (sorted(mcns) or '-', src.mcn))
        if not src.mcn and mcns:
            self.error('MCN %s on the disc, none in the source' % sorted(mcns))
        if not self.partial and rec.sessions and rec.sessions[-1]['leadout'] != src.leadout:
            if not self.allow_padding:
                self.error('lead-out at %d on the disc, %d in the source'
                           % (rec.sessions[-1]['leadout'], src.leadout))
        self.report['layout'] = layout
        self.report['mcn'] = sorted(mcns)
        self.report['isrc'] = {k: sorted(v) for k, v in isrcs.items()}
        self.report['leadout'] = rec.sessions[-1]['leadout'] if rec.sessions else None

    # -- sector contents --

    def compare_sectors(self, disc):
        src = self.src
        compared = mismatched = 0
        for lba in sorted(disc):
            entry = disc[lba]
            t, want = src.sector(lba)
            if t is None:
                continue
            if self.partial and entry['sent'] is None and lba >= 0:
                continue
            if lba >= t.readable_end:
                if entry['result'] != 2 and self.write_type == WRITE_TAO:
                    self.error('LBA %d: run-out block is readable' % lba)
                continue
            if entry['result'] != 0:
                self.error('LBA %d: unreadable on the disc' % lba)
                mismatched += 1
                continue
            main = entry['main']
            problem = self.compare_sector(lba, t, main, want, entry)
            compared += 1
            if problem:
                mismatched += 1
                if mismatched <= self.max_report:
                    self.error('LBA %d (track %d): %s' % (lba, t.number, problem))
        if mismatched > self.max_report:
            self.error('%d sectors differ in all' % mismatched)
        self.report['sectors_compared'] = compared
        self.report['sectors_differing'] = mismatched

    def compare_sector(self, lba, t, main, want, entry):
        m, s, f = lba_to_msf(lba)
        if t.is_audio:
            if want is None:
                want = bytes(FRAME)
            if main != want:
                return 'audio differs (first byte %d)' % first_diff(main, want)
            return None
        if main[:12] != SYNC:
            return 'no sync pattern'
        header = main[12:16]
        if (bcd(header[0]), bcd(header[1]), bcd(header[2])) != (m, s, f):
            return 'header address %02x:%02x:%02x' % tuple(header[:3])
        if len(want or b'') == FRAME:
            if main != want:
                return 'raw sector differs at byte %d' % first_diff(main, want)
            return None
        mode = 1 if t.mode.startswith('MODE1') else 2
        if header[3] != mode:
            return 'mode byte %d, expected %d' % (header[3], mode)
        if mode == 1:
            user = main[16:2064]
            if want is None:
                want = bytes(2048)
            if user != want:
                return 'user data differs at byte %d' % first_diff(user, want)
            if main[2068:2076] != bytes(8):
                return 'Mode 1 reserved bytes are not zero'
        else:
            if want is None:
                if main[16:24] not in (bytes(8), b'\0\0\x20\0\0\0\x20\0'):
                    return 'generated Mode 2 sector has subheader %s' % main[16:24].hex()
                return None
            if main[16:16 + len(want)] != want[:FRAME - 16]:
                return 'Mode 2 data differs'
        return None

    # -- EDC/ECC --

    def check_edc(self, disc):
        """EDC/ECC through the drive's encoder (vrec-tool check-edc): every
        data sector on the disc must carry the code its data calls for."""
        fd, name = tempfile.mkstemp(prefix='vrec-edc-', dir=self.out_dir if self.out_dir and
                                    self.out_dir.is_dir() else None)
        os.close(fd)
        tmp = Path(name)
        lbas = [lba for lba in sorted(disc) if disc[lba]['result'] == 0
                and disc[lba]['main'][:12] == SYNC]
        with open(tmp, 'wb') as f:
            for lba in lbas:
                f.write(disc[lba]['main'])
        out = subprocess.run([self.rec.tool, 'check-edc', str(tmp)], capture_output=True,
                             text=True).stdout
        tmp.unlink()
        bad = [line for line in out.splitlines() if line.startswith('bad ')]
        for line in bad[:self.max_report]:
            n = int(line.split()[1])
            self.error('LBA %d: EDC/ECC wrong (%s)' % (lbas[n], line))
        self.report['data_sectors_edc_checked'] = len(lbas)

    # -- CD-TEXT --

    def compare_cdtext(self):
        src, rec = self.src, self.rec
        want = {}
        for name, code in CDTEXT_FIELDS.items():
            if name in src.cdtext:
                want[(code, 0)] = src.cdtext[name]
            for t in src.tracks:
                if name in t.cdtext:
                    want[(code, t.number)] = t.cdtext[name]
        got, problems = cdtext_decode(rec.cdtext)
        for p in problems:
            self.error(p)
        self.report['cdtext_packs'] = len(rec.cdtext) // 18
        self.report['cdtext'] = {'%02x/%d' % k: v for k, v in sorted(got.items())}
        if self.partial:
            return
        if src.cdtextfile:
            packs = read_cdt(src.cdtextfile)
            if packs != rec.cdtext:
                self.error('CD-TEXT packs differ from %s' % src.cdtextfile.name)
            return
        for key, text in want.items():
            if got.get(key) != text:
                self.error('CD-TEXT %02x track %d: disc has %r, source %r'
                           % (key[0], key[1], got.get(key), text))
        for key in set(got) - set(want):
            self.error('CD-TEXT %02x track %d: %r on the disc, not in the source'
                       % (key[0], key[1], got[key]))

    # -- disc image --

    def write_image(self, disc):
        out = self.out_dir
        out.mkdir(parents=True, exist_ok=True)
        tracks, mcns, isrcs = self.decode_layout(disc)
        with open(out / 'disc.bin', 'wb') as b, open(out / 'disc.sub', 'wb') as s:
            for lba in range(0, self.rec.sessions[-1]['leadout']):
                entry = disc.get(lba)
                ok = entry and entry['result'] == 0
                b.write(entry['main'] if ok else bytes(FRAME))
                s.write(entry['sub'] if ok else bytes(96))
        lines = []
        if mcns:
            lines.append('CATALOG %s' % sorted(mcns)[0])
        if self.rec.cdtext:
            (out / 'disc.cdt').write_bytes(self.rec.cdtext)
            lines.append('CDTEXTFILE "disc.cdt"')
        lines.append('FILE "disc.bin" BINARY')
        for tno in sorted(tracks):
            t = tracks[tno]
            first = disc.get(t['indices'].get(1, 0))
            if t['ctl'] & 4:
                mode = 'MODE%d/2352' % (first['main'][15] if first else 1)
            else:
                mode = 'AUDIO'
            lines.append('  TRACK %02d %s' % (tno, mode))
            flags = [n for bit, n in ((2, 'DCP'), (1, 'PRE'), (8, '4CH')) if t['ctl'] & bit]
            if flags and not (t['ctl'] & 4 and flags == ['PRE']):
                lines.append('    FLAGS %s' % ' '.join(flags))
            for i in isrcs.get(tno, ()):
                lines.append('    ISRC %s' % i)
            for n, lba in sorted(t['indices'].items()):
                if lba < 0:
                    continue
                lines.append('    INDEX %02d %s' % (n, msf_str(lba)))
        (out / 'disc.cue').write_text('\n'.join(lines) + '\n')
        self.report['image'] = str(out / 'disc.cue')
        self.report['cue_sheet_sent'] = self.rec.decoded_cue_sheet()


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def main(argv=None):
    ap = argparse.ArgumentParser(description='Compare a virtual CD recorder recording with '
                                 'its source image.')
    ap.add_argument('--state', required=True, help='state directory of the emulated drive')
    ap.add_argument('--tool', required=True, help='path to vrec-tool')
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument('--cue', help='source image (cue sheet)')
    g.add_argument('--iso', nargs='+', help='source: one Mode 1 track per ISO image')
    ap.add_argument('--write-type', choices=('sao', 'tao', 'raw'), default='sao')
    ap.add_argument('--partial', action='store_true',
                    help='the burn stopped early: check what was written, expect no lead-out')
    ap.add_argument('--allow-padding', action='store_true')
    ap.add_argument('--out', help='folder for disc.bin/disc.cue and the JSON report')
    args = ap.parse_args(argv)

    write_type = {'sao': WRITE_SAO, 'tao': WRITE_TAO, 'raw': WRITE_RAW}[args.write_type]
    src = Source.from_cue(args.cue) if args.cue else Source.from_iso(args.iso)
    src.layout(WRITE_TAO if write_type == WRITE_TAO else WRITE_SAO)
    rec = Recording(args.state, args.tool)
    report = Verifier(rec, src, write_type, args.out, args.partial, args.allow_padding).run()
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / 'report.json').write_text(json.dumps(report, indent=1, default=str))
    for e in report['errors']:
        print('MISMATCH:', e)
    for n in report['notes']:
        print('note:', n)
    print('%s: %d sectors compared, %d differ, %d data sectors EDC/ECC-checked, %d CD-TEXT packs'
          % ('OK' if report['ok'] else 'FAILED', report.get('sectors_compared', 0),
             report.get('sectors_differing', 0), report.get('data_sectors_edc_checked', 0),
             report.get('cdtext_packs', 0)))
    return 0 if report['ok'] else 1


if __name__ == '__main__':
    sys.exit(main())
