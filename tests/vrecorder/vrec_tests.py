#!/usr/bin/python3
# vrec_tests.py: burn tests on the virtual CD recorder.
#
# The virtual recorder is an emulator, a test double at the hardware
# boundary (README.md): libspindle-vrecorder.so, preloaded into unmodified
# cdrskin, xorriso and cdrdao, makes one path behave as an MMC CD-R/RW
# recorder and records what a real disc would hold.  Each test makes its
# source images with standard tools (sox, genisoimage, ffmpeg + vcdimager)
# in a fresh folder under the build tree, burns them with the real tools,
# and lets vrec_verify.py compare the recording with the source sector by
# sector.  Usage: vrec_tests.py CASE (run by `meson test --suite vrecorder`).
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import ctypes
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import vrec_verify as V  # noqa: E402

PRELOAD = os.environ.get('VREC_PRELOAD')
TOOL = os.environ.get('VREC_TOOL')
WORK = Path(os.environ.get('VREC_WORK', tempfile.gettempdir()))
SKIP = 77


class Failure(Exception):
    pass


def need(*tools):
    for t in tools:
        if shutil.which(t) is None:
            print('SKIP: %s is not installed' % t)
            sys.exit(SKIP)


def check(cond, msg):
    if not cond:
        raise Failure(msg)


# ---- one emulated drive per test -------------------------------------------

class Drive:
    def __init__(self, name):
        WORK.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=name + '-', dir=WORK))
        self.device = self.dir / 'sr0'
        self.state = self.dir / 'state'

    def env(self, **extra):
        env = dict(os.environ, LC_ALL='C', LANG='C', LD_PRELOAD=PRELOAD,
                   SPINDLE_VRECORDER_DEVICE=str(self.device),
                   SPINDLE_VRECORDER_DIR=str(self.state))
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def init(self, medium='cdr', capacity=None):
        argv = [TOOL, 'init', str(self.state), medium]
        if capacity:
            argv.append(str(capacity))
        subprocess.run(argv, check=True)

    def run(self, argv, expect=0, timeout=50, cwd=None, **extra):
        t0 = time.monotonic()
        p = subprocess.run(argv, env=self.env(**extra), cwd=cwd or self.dir, timeout=timeout,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors='replace')
        print('$ %s  (%.1f s, exit %d)' % (' '.join(map(str, argv)), time.monotonic() - t0,
                                           p.returncode))
        if expect == 0 and p.returncode != 0 or expect == 'fail' and p.returncode == 0:
            print(p.stdout[-4000:])
            raise Failure('%s exited with %d' % (argv[0], p.returncode))
        return p

    def recording(self):
        return V.Recording(self.state, TOOL)

    def verify(self, source, write_type=V.WRITE_SAO, partial=False, out=True, allow_padding=False):
        src = source.layout(V.WRITE_TAO if write_type == V.WRITE_TAO else V.WRITE_SAO)
        report = V.Verifier(self.recording(), src, write_type,
                            self.dir / 'image' if out else None, partial, allow_padding).run()
        print('verify: %d sectors compared, %d data sectors EDC/ECC-checked, %d CD-TEXT packs'
              % (report.get('sectors_compared', 0), report.get('data_sectors_edc_checked', 0),
                 report.get('cdtext_packs', 0)))
        if not report['ok']:
            for e in report['errors']:
                print('  MISMATCH:', e)
            raise Failure('the recording differs from the source')
        return report

    def log(self):
        return (self.state / 'commands.log').read_text(errors='replace')

    def status(self):
        return subprocess.run([TOOL, 'status', str(self.state)], capture_output=True, text=True,
                              check=True).stdout

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


# ---- fixtures, made at test time by tools no one here wrote ----------------

def sox_tone(path, seconds, freq):
    subprocess.run(['sox', '-n', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed-integer',
                    '-L', '-t', 'raw', str(path), 'synth', str(seconds), 'sine', str(freq),
                    'vol', '0.5'], check=True)


AUDIO_CUE = '''CATALOG 0123456789012
PERFORMER "Spindle Test Band"
TITLE "Virtual Disc"
FILE "audio.bin" BINARY
  TRACK 01 AUDIO
    TITLE "First Light"
    PERFORMER "Alice"
    ISRC USXYZ2600001
    INDEX 01 00:00:00
    INDEX 02 00:04:00
  TRACK 02 AUDIO
    TITLE "Second Wind"
    PERFORMER "Bob"
    ISRC USXYZ2600002
    INDEX 00 00:08:00
    INDEX 01 00:10:00
    INDEX 02 00:15:30
    INDEX 03 00:18:00
  TRACK 03 AUDIO
    TITLE "Third Time"
    PERFORMER "Carol"
    PREGAP 00:01:30
    INDEX 01 00:22:00
'''


def make_audio(d):
    """Three tracks: INDEX 02/03, a pregap inside the file (INDEX 00), a
    generated PREGAP, ISRC, MCN and CD-TEXT for the disc and each track."""
    parts = []
    for n, (secs, freq) in enumerate(((10, 440), (12, 660), (9, 550)), 1):
        p = d / ('t%d.raw' % n)
        sox_tone(p, secs, freq)
        parts.append(p.read_bytes())
    (d / 'audio.bin').write_bytes(b''.join(parts))
    (d / 'audio.cue').write_text(AUDIO_CUE)
    return d / 'audio.cue'


def make_iso(d, name, megabytes, seed):
    tree = d / (name + '-tree')
    tree.mkdir()
    rnd = random.Random(seed)
    for i in range(3):
        (tree / ('file%d.bin' % i)).write_bytes(rnd.randbytes(int(megabytes * 1e6 / 3)))
    (tree / 'README.TXT').write_text('Spindle virtual recorder test %s\n' % name)
    iso = d / (name + '.iso')
    subprocess.run(['genisoimage', '-quiet', '-R', '-J', '-V', name.upper(), '-o', str(iso),
                    str(tree)], check=True)
    shutil.rmtree(tree)
    return iso


def make_vcd(d):
    subprocess.run(['ffmpeg', '-v', 'error', '-f', 'lavfi', '-i',
                    'testsrc=size=352x240:rate=29.97', '-f', 'lavfi', '-i',
                    'sine=frequency=440:sample_rate=44100', '-t', '2', '-target', 'ntsc-vcd',
                    '-y', str(d / 'video.mpg')], check=True)
    subprocess.run(['vcdimager', '-q', '-t', 'vcd2', '-c', str(d / 'vcd.cue'), '-b',
                    str(d / 'vcd.bin'), str(d / 'video.mpg')], check=True, cwd=d,
                   stdout=subprocess.DEVNULL)
    return d / 'vcd.bin'


def vcd_track2(d):
    """(index 00, index 01) of vcdimager's second track, in frames."""
    idx = {}
    for line in (d / 'vcd.cue').read_text().splitlines():
        w = line.split()
        if w and w[0] == 'TRACK':
            track = int(w[1])
        elif w and w[0] == 'INDEX' and track == 2:
            idx[int(w[1])] = V.parse_msf(w[2])
    return idx[0], idx[1]


def make_mixed(d):
    """A Video CD's two MODE2/2352 tracks followed by an audio track with a
    generated pregap, INDEX 02, ISRC and an MCN: a cdrdao TOC to burn and
    the cue sheet describing the same disc for the verifier."""
    vcd = make_vcd(d)
    sox_tone(d / 'a.raw', 10, 330)
    vcd_frames = vcd.stat().st_size // V.FRAME
    (d / 'mixed.bin').write_bytes(vcd.read_bytes() + (d / 'a.raw').read_bytes())
    i0, i1 = vcd_track2(d)
    toc = '''CD_ROM_XA
CATALOG "1234567890128"

TRACK MODE2_RAW
COPY
DATAFILE "mixed.bin" #0 {t1len}

TRACK MODE2_RAW
COPY
DATAFILE "mixed.bin" #{i0off} {gap}
START
DATAFILE "mixed.bin" #{i1off} {t2len}

TRACK AUDIO
ISRC "DEABC2600007"
ZERO 00:02:00
START
DATAFILE "mixed.bin" #{aoff} 00:10:00
INDEX 00:05:00
'''.format(t1len=V.msf_str(i0), i0off=i0 * V.FRAME, gap=V.msf_str(i1 - i0),
           i1off=i1 * V.FRAME, t2len=V.msf_str(vcd_frames - i1), aoff=vcd_frames * V.FRAME)
    cue = '''CATALOG 1234567890128
FILE "mixed.bin" BINARY
  TRACK 01 MODE2/2352
    FLAGS DCP
    INDEX 01 00:00:00
  TRACK 02 MODE2/2352
    FLAGS DCP
    INDEX 00 {i0}
    INDEX 01 {i1}
  TRACK 03 AUDIO
    ISRC DEABC2600007
    PREGAP 00:02:00
    INDEX 01 {a1}
    INDEX 02 {a2}
'''.format(i0=V.msf_str(i0), i1=V.msf_str(i1), a1=V.msf_str(vcd_frames),
           a2=V.msf_str(vcd_frames + 375))
    (d / 'mixed.toc').write_text(toc)
    (d / 'mixed.cue').write_text(cue)
    return d / 'mixed.toc', d / 'mixed.cue', vcd_frames


# ---- the cases --------------------------------------------------------------

def case_encoder(drv):
    """The drive's own ECMA-130 encoder (it completes sectors sent as user
    data) against independent encoders: vcdimager's Mode 2 Form 1 and Form 2
    sectors, and the Mode 1 sectors cdrdao's raw writer builds itself."""
    need('ffmpeg', 'vcdimager', 'genisoimage', 'cdrdao')
    vcd = make_vcd(drv.dir)
    out = subprocess.run([TOOL, 'check-edc', str(vcd)], capture_output=True, text=True)
    print(out.stdout.strip().splitlines()[-1])
    check(out.returncode == 0, 'the drive encoder disagrees with vcdimager:\n' + out.stdout)
    n = vcd.stat().st_size // V.FRAME
    check(out.stdout.strip().endswith('sectors %d data %d bad 0' % (n, n)),
          'vcdimager sectors were not all checked')
    # The check must be able to fail: one flipped bit in user data.
    bad = drv.dir / 'bad.bin'
    data = bytearray(vcd.read_bytes())
    data[V.FRAME * 10 + 100] ^= 0x10
    bad.write_bytes(data)
    out = subprocess.run([TOOL, 'check-edc', str(bad)], capture_output=True, text=True)
    check(out.returncode != 0 and 'bad 10 ' in out.stdout, 'a corrupted sector passed')

    iso = make_iso(drv.dir, 'raw', 1.5, 3)
    (drv.dir / 'm1.toc').write_text('CD_ROM\nTRACK MODE1\nDATAFILE "%s"\n' % iso.name)
    drv.init('cdr')
    drv.run(['cdrdao', 'write', '--device', drv.device, '--driver', 'generic-mmc-raw', '-n',
             'm1.toc'])
    log = drv.log()
    check('MODE SELECT' in log and 'WRITE(10)' in log, 'cdrdao did not burn through SCSI')
    rep = drv.verify(V.Source.from_iso([iso]), V.WRITE_RAW)
    check(rep['data_sectors_edc_checked'] >= iso.stat().st_size // 2048,
          'not every cdrdao-made sector was checked')


def case_cdrskin_sao_audio(drv):
    need('sox', 'cdrskin')
    cue = make_audio(drv.dir)
    drv.init('cdr')
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-text', 'cuefile=%s' % cue])
    rep = drv.verify(V.Source.from_cue(cue))
    check(rep['mcn'] == ['0123456789012'], 'MCN not on the disc')
    check(rep['isrc'] == {1: ['USXYZ2600001'], 2: ['USXYZ2600002']}, 'ISRC: %s' % rep['isrc'])
    check(rep['cdtext_packs'] > 0, 'no CD-TEXT in the lead-in')
    sent = rep['cue_sheet_sent']
    check(any('form 41' in e for e in sent), 'lead-in not announced with CD-TEXT (form 41h)')
    # An independent reader sees the same through the emulated drive.
    if shutil.which('cd-info'):
        info = drv.run(['cd-info', '--no-header', '--no-device-info', '--no-cddb',
                        drv.device]).stdout
        for text in ('Media Catalog Number (MCN): 0123456789012', 'TRACK  2 ISRC: USXYZ2600002',
                     'TITLE: Second Wind', 'PERFORMER: Carol', '170: 00:34:30  002430'):
            check(text in info, 'cd-info does not show %r' % text)


def case_cdrskin_sao_data(drv):
    need('genisoimage', 'cdrskin')
    iso = make_iso(drv.dir, 'sao', 3, 1)
    drv.init('cdr')
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', iso])
    drv.verify(V.Source.from_iso([iso]))
    # Read back as a block device: the emulated node gives 2048-byte sectors.
    pre = subprocess.run(['dd', 'if=%s' % drv.device, 'bs=2048', 'status=none'],
                         env=drv.env(), capture_output=True, check=True).stdout
    check(pre == iso.read_bytes(), 'block device read-back differs from the ISO')
    if shutil.which('cd-info'):
        info = drv.run(['cd-info', '--no-header', '--no-device-info', drv.device]).stdout
        check("label `SAO" in info and 'ISO 9660' in info, 'cd-info does not find the ISO 9660')


def case_cdrskin_tao_data(drv):
    need('genisoimage', 'cdrskin')
    a = make_iso(drv.dir, 'taoa', 2, 11)
    b = make_iso(drv.dir, 'taob', 1, 12)
    drv.init('cdr')
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-tao', a, b])
    check('CLOSE TRACK/SESSION: 5b 01 02' in drv.log(), 'TAO session was not closed')
    drv.verify(V.Source.from_iso([a, b]), V.WRITE_TAO)
    toc = drv.run(['cdrskin', 'dev=%s' % drv.device, '-toc']).stdout
    check('track:   2 lba:' in toc, 'cdrskin -toc does not see track 2:\n' + toc)


def case_xorriso_data(drv):
    need('genisoimage', 'xorriso')
    iso = make_iso(drv.dir, 'xorriso', 2, 21)
    drv.init('cdr')
    drv.run(['xorriso', '-as', 'cdrecord', '-v', 'dev=mmc:%s' % drv.device, '-sao', '-nopad',
             iso])
    drv.verify(V.Source.from_iso([iso]))
    out = drv.run(['xorriso', '-outdev', 'mmc:%s' % drv.device, '-toc']).stdout
    check('is written , is closed' in out, 'xorriso does not see a closed disc:\n' + out)
    # libburn's read path (READ(10)) over the whole disc, and one file.
    blocks = iso.stat().st_size // 2048
    out = drv.run(['xorriso', '-indev', 'mmc:%s' % drv.device, '-check_media', '--']).stdout
    check('%11d , + good' % blocks in out, 'xorriso -check_media:\n' + out)
    drv.run(['xorriso', '-indev', 'mmc:%s' % drv.device, '-osirrox', 'on', '-extract',
             '/README.TXT', str(drv.dir / 'readme.out')])
    check((drv.dir / 'readme.out').read_text() == 'Spindle virtual recorder test xorriso\n',
          'extracted file differs')


def case_libburn_raw96r(drv):
    """libburn's RAW96R writing (2448-byte blocks, sub-channel made by
    libburn, lead-in to lead-out) through its public API."""
    need('sox')
    burner = os.environ.get('VREC_BURN_RAW')
    if not burner:
        print('SKIP: built without libburn headers')
        sys.exit(SKIP)
    lines = []
    for n, (secs, freq) in enumerate(((6, 440), (5, 660), (4, 550)), 1):
        sox_tone(drv.dir / ('r%d.raw' % n), secs, freq)
        lines += ['FILE "r%d.raw" BINARY' % n, '  TRACK %02d AUDIO' % n, '    INDEX 01 00:00:00']
    (drv.dir / 'raw.cue').write_text('\n'.join(lines) + '\n')
    drv.init('cdr')
    drv.run([burner, drv.device, '-', 'r1.raw', 'r2.raw', 'r3.raw'])
    check('blocks 13 bytes 31824' in drv.log(), 'libburn did not send 2448-byte blocks')
    rep = drv.verify(V.Source.from_cue(drv.dir / 'raw.cue'), V.WRITE_RAW)
    check(rep['sectors_compared'] == 150 + 15 * 75, 'sectors compared: %s'
          % rep['sectors_compared'])
    # With MCN and ISRC, libburn 1.5.4 writes them wrongly into Q in raw
    # modes (MCN digits taken from ASCII, ISRC serial in reversed digit
    # pairs, sector.c subcode_user()); the verifier must say exactly that.
    d2 = Drive('raw96r-isrc')
    try:
        d2.init('cdr')
        d2.run([burner, d2.device, '0123456789012', 'r1.raw:USXYZ2612345', 'r2.raw'],
               cwd=drv.dir)
        text = '\n'.join(lines[:6]).replace('AUDIO\n', 'AUDIO\n    ISRC USXYZ2612345\n', 1)
        (drv.dir / 'raw2.cue').write_text('CATALOG 0123456789012\n' + text + '\n')
        rep = V.Verifier(d2.recording(), V.Source.from_cue(drv.dir / 'raw2.cue')
                         .layout(V.WRITE_SAO), V.WRITE_RAW).run()
        for e in rep['errors']:
            print('  known libburn raw-mode bug:', e)
        unexpected = [e for e in rep['errors'] if not e.startswith(('MCN ', 'track 1: ISRC'))]
        check(not unexpected, 'unexpected differences: %s' % unexpected)
        if not rep['errors']:
            print('  libburn now writes MCN and ISRC correctly in raw mode')
    finally:
        d2.cleanup()


def case_cdrdao_mixed(drv):
    need('cdrdao', 'sox', 'ffmpeg', 'vcdimager')
    toc, cue, vcd_frames = make_mixed(drv.dir)
    drv.init('cdr')
    # cdrdao takes raw audio in DATAFILEs as big-endian; the BIN holds the
    # little-endian samples a cue sheet means, hence --swap.
    drv.run(['cdrdao', 'write', '--device', drv.device, '--driver', 'generic-mmc', '--swap',
             '-n', toc.name])
    rep = drv.verify(V.Source.from_cue(cue))
    check(rep['isrc'] == {3: ['DEABC2600007']}, 'ISRC: %s' % rep['isrc'])
    check(rep['mcn'] == ['1234567890128'], 'MCN: %s' % rep['mcn'])
    # cdrdao reads the disc back through the same drive (TOC, Q scan for
    # indices, ISRC, MCN, raw sectors).
    drv.run(['cdrdao', 'read-cd', '--device', drv.device, '--driver', 'generic-mmc',
             '--read-raw', '--datafile', 'back.bin', 'back.toc'])
    back = (drv.dir / 'back.bin').read_bytes()
    src = (drv.dir / 'mixed.bin').read_bytes()
    n = vcd_frames * V.FRAME
    check(back[:n] == src[:n], 'cdrdao read-cd: data tracks differ')
    swapped = bytearray(back[n:])
    swapped[0::2], swapped[1::2] = back[n + 1::2], back[n::2]
    check(bytes(swapped) == src[n:], 'cdrdao read-cd: audio differs')
    text = (drv.dir / 'back.toc').read_text()
    for s in ('CATALOG "1234567890128"', 'ISRC "DEABC2600007"', 'INDEX 00:05:00'):
        check(s in text, 'cdrdao read-cd TOC lacks %s' % s)


def case_cdrdao_audio_cdtext(drv):
    """cdrdao's own cue sheet and CD-TEXT encoder (driver option 0x10):
    two audio files, INDEX 02, a generated pregap, ISRC, MCN, CD-TEXT; the
    source for the verifier is the same disc as a two-FILE cue sheet."""
    need('cdrdao', 'sox')
    sox_tone(drv.dir / 'a1.raw', 9, 523)
    sox_tone(drv.dir / 'a2.raw', 7, 392)
    (drv.dir / 'cdt.toc').write_text('''CD_DA
CATALOG "4006381333931"
CD_TEXT {
  LANGUAGE_MAP { 0 : EN }
  LANGUAGE 0 { TITLE "Quiet Tones" PERFORMER "Spindle" }
}
TRACK AUDIO
ISRC "GBAYE2600101"
CD_TEXT { LANGUAGE 0 { TITLE "Do" PERFORMER "Sine" } }
FILE "a1.raw" 0
INDEX 00:04:00
TRACK AUDIO
CD_TEXT { LANGUAGE 0 { TITLE "Sol" PERFORMER "Sine" } }
PREGAP 00:02:00
FILE "a2.raw" 0
''')
    cue = drv.dir / 'cdt.cue'
    cue.write_text('''CATALOG 4006381333931
TITLE "Quiet Tones"
PERFORMER "Spindle"
FILE "a1.raw" BINARY
  TRACK 01 AUDIO
    TITLE "Do"
    PERFORMER "Sine"
    ISRC GBAYE2600101
    INDEX 01 00:00:00
    INDEX 02 00:04:00
FILE "a2.raw" BINARY
  TRACK 02 AUDIO
    TITLE "Sol"
    PERFORMER "Sine"
    PREGAP 00:02:00
    INDEX 01 00:00:00
''')
    drv.init('cdr')
    drv.run(['cdrdao', 'write', '--device', drv.device, '--driver', 'generic-mmc:0x10',
             '--swap', '-n', 'cdt.toc'])
    rep = drv.verify(V.Source.from_cue(cue))
    check(rep['cdtext_packs'] > 0, 'cdrdao wrote no CD-TEXT')
    check(rep['isrc'] == {1: ['GBAYE2600101']} and rep['mcn'] == ['4006381333931'],
          'ISRC/MCN: %s %s' % (rep['isrc'], rep['mcn']))


def case_blank_cdrw(drv):
    need('genisoimage', 'cdrskin')
    drv.init('cdrw-written')
    check('status complete' in drv.status(), 'the CD-RW does not start written')
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, 'blank=fast'])
    st = drv.status()
    check('status blank' in st and 'blocks_written 0' in st, 'not blank after BLANK:\n' + st)
    check('BLANK: a1 11' in drv.log(), 'no minimal BLANK with Immed was sent')
    iso = make_iso(drv.dir, 'rw', 1, 31)
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', iso])
    drv.verify(V.Source.from_iso([iso]))
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, 'blank=all'])
    check('BLANK: a1 10' in drv.log(), 'no full BLANK was sent')
    check('status blank' in drv.status(), 'not blank after a full BLANK')
    # A CD-R cannot be blanked: libburn refuses, and so would the drive.
    cdr = Drive('blank-cdr')
    try:
        cdr.init('cdr')
        cdr.run(['cdrskin', '-v', 'dev=%s' % cdr.device, '-sao', iso])
        cdr.run(['cdrskin', '-v', 'dev=%s' % cdr.device, 'blank=fast'], expect='fail')
        check('status complete' in cdr.status(), 'the CD-R changed')
    finally:
        cdr.cleanup()


def case_too_small(drv):
    need('sox', 'cdrskin')
    cue = make_audio(drv.dir)
    drv.init('small', 2000)         # the audio disc needs 2430 sectors
    p = drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-text', 'cuefile=%s' % cue],
                expect='fail')
    check('does not fit' in p.stdout, 'cdrskin did not name the size problem:\n' + p.stdout)
    check('WRITE(10)' not in drv.log(), 'something was written to a too small disc')
    # Forced past libburn's check, the drive itself refuses the cue sheet.
    p = drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-text', '-force',
                 'cuefile=%s' % cue], expect='fail')
    check('[5 21 00]' in p.stdout, 'the drive did not refuse the cue sheet:\n' + p.stdout)
    check('WRITE(10)' not in drv.log(), 'something was written to a too small disc')
    check('status blank' in drv.status(), 'the disc is no longer blank')


def case_write_error(drv):
    need('sox', 'cdrskin')
    cue = make_audio(drv.dir)
    drv.init('cdr')
    p = drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-text', 'cuefile=%s' % cue],
                expect='fail', SPINDLE_VRECORDER_FAIL_WRITE_AT=1000)
    check('[3 0C 00]' in p.stdout, 'no write error reported:\n' + p.stdout[-2000:])
    check('CHECK CONDITION 3/0c/00' in drv.log(), 'the drive did not fail the write')
    rep = drv.verify(V.Source.from_cue(cue), partial=True)
    check(rep['last_written_lba'] == 999, 'last written LBA %s' % rep['last_written_lba'])
    st = drv.status()
    check('status incomplete damaged 1' in st, 'disc not left unfinished:\n' + st)
    # Nothing more can be written to that disc.
    p = drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-text', 'cuefile=%s' % cue],
                expect='fail')


def case_cancel(drv):
    need('genisoimage', 'cdrskin')
    iso = make_iso(drv.dir, 'cancel', 3, 41)
    drv.init('cdr')
    proc = subprocess.Popen(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', str(iso)],
                            env=drv.env(SPINDLE_VRECORDER_WRITE_DELAY_US=3000), cwd=drv.dir,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    idx = drv.state / 'blocks.idx'
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and proc.poll() is None:
        if idx.exists() and idx.stat().st_size // 24 >= 400:
            break
        time.sleep(0.05)
    check(proc.poll() is None, 'the burn ended before it could be cancelled')
    os.kill(proc.pid, signal.SIGINT)     # what a user's Ctrl+C does to cdrskin
    out, _ = proc.communicate(timeout=40)
    print(out[-1500:])
    check(proc.returncode != 0, 'a cancelled burn reported success')
    rep = drv.verify(V.Source.from_iso([iso]), partial=True)
    total = iso.stat().st_size // 2048
    check(0 < rep['last_written_lba'] < total - 1, 'cancel did not stop the burn early')
    st = drv.status()
    check('status incomplete damaged 1' in st, 'disc not left unfinished:\n' + st)
    check('SAO session stopped before its lead-out' in drv.log(), 'no SYNC CACHE after cancel')


def case_medium_removed(drv):
    need('sox', 'cdrskin')
    cue = make_audio(drv.dir)
    drv.init('cdr')
    p = drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-text', 'cuefile=%s' % cue],
                expect='fail', SPINDLE_VRECORDER_REMOVE_AT=1200)
    check('[2 3A 00]' in p.stdout, 'no "medium not present" reported:\n' + p.stdout[-2000:])
    check('present 0' in drv.status(), 'the medium is still there')
    subprocess.run([TOOL, 'insert', str(drv.state)], check=True)
    rep = drv.verify(V.Source.from_cue(cue), partial=True)
    check(rep['last_written_lba'] == 1199, 'last written LBA %s' % rep['last_written_lba'])


def case_simulate(drv):
    need('genisoimage', 'cdrskin')
    iso = make_iso(drv.dir, 'dummy', 1, 51)
    drv.init('cdr')
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-dummy', iso])
    check('WRITE(10)' in drv.log(), 'the simulation did not send the data')
    st = drv.status()
    check('status blank' in st and 'blocks_written 0' in st, 'a simulation wrote:\n' + st)


def case_verifier_detects(drv):
    """The verifier must fail on every kind of difference it claims to see."""
    need('sox', 'cdrskin', 'genisoimage')
    cue = make_audio(drv.dir)
    drv.init('cdr')
    drv.run(['cdrskin', '-v', 'dev=%s' % drv.device, '-sao', '-text', 'cuefile=%s' % cue])
    drv.verify(V.Source.from_cue(cue))
    good = cue.read_text()
    binary = (drv.dir / 'audio.bin').read_bytes()
    mutations = {
        'one audio sample': (good, 1000 * V.FRAME + 7),
        'ISRC': (good.replace('USXYZ2600002', 'USXYZ2600003'), None),
        'INDEX 02 by one frame': (good.replace('INDEX 02 00:15:30', 'INDEX 02 00:15:31'), None),
        'CD-TEXT title': (good.replace('Second Wind', 'Second Wine'), None),
        'MCN': (good.replace('CATALOG 0123456789012', 'CATALOG 0123456789013'), None),
        'generated pregap': (good.replace('    PREGAP 00:01:30\n', ''), None),
        'pregap inside the file': (good.replace('    INDEX 00 00:08:00\n', ''), None),
        'copy flag': (good.replace('  TRACK 03 AUDIO\n', '  TRACK 03 AUDIO\n    FLAGS DCP\n'),
                      None),
    }
    for name, (text, flip) in mutations.items():
        (drv.dir / 'mutant.cue').write_text(text.replace('"audio.bin"', '"mutant.bin"'))
        data = bytearray(binary)
        if flip is not None:
            data[flip] ^= 0x01
        (drv.dir / 'mutant.bin').write_bytes(data)
        src = V.Source.from_cue(drv.dir / 'mutant.cue').layout(V.WRITE_SAO)
        rep = V.Verifier(drv.recording(), src, V.WRITE_SAO).run()
        print('%-24s -> %s' % (name, rep['errors'][0] if rep['errors'] else 'NOT DETECTED'))
        check(not rep['ok'], 'the verifier missed a changed %s' % name)
    # A drive that recorded other bytes than the host sent must be caught too.
    iso = make_iso(drv.dir, 'tamper', 1, 61)
    d2 = Drive('tamper')
    try:
        d2.init('cdr')
        d2.run(['cdrskin', '-v', 'dev=%s' % d2.device, '-sao', iso])
        d2.verify(V.Source.from_iso([iso]))
        with open(d2.state / 'blocks.bin', 'r+b') as f:
            f.seek(2048 * 300 + 5)
            b = f.read(1)
            f.seek(2048 * 300 + 5)
            f.write(bytes([b[0] ^ 0x80]))
        rep = V.Verifier(d2.recording(), V.Source.from_iso([iso]).layout(V.WRITE_SAO),
                         V.WRITE_SAO).run()
        print('%-24s -> %s' % ('recorded byte', rep['errors'][0] if rep['errors'] else
                                 'NOT DETECTED'))
        check(not rep['ok'], 'the verifier missed a changed recorded byte')
    finally:
        d2.cleanup()


# ---- strictness: raw SCSI against the emulated drive -------------------------

class SgIoHdr(ctypes.Structure):
    _fields_ = [('interface_id', ctypes.c_int), ('dxfer_direction', ctypes.c_int),
                ('cmd_len', ctypes.c_ubyte), ('mx_sb_len', ctypes.c_ubyte),
                ('iovec_count', ctypes.c_ushort), ('dxfer_len', ctypes.c_uint),
                ('dxferp', ctypes.c_void_p), ('cmdp', ctypes.c_void_p),
                ('sbp', ctypes.c_void_p), ('timeout', ctypes.c_uint), ('flags', ctypes.c_uint),
                ('pack_id', ctypes.c_int), ('usr_ptr', ctypes.c_void_p),
                ('status', ctypes.c_ubyte), ('masked_status', ctypes.c_ubyte),
                ('msg_status', ctypes.c_ubyte), ('sb_len_wr', ctypes.c_ubyte),
                ('host_status', ctypes.c_ushort), ('driver_status', ctypes.c_ushort),
                ('resid', ctypes.c_int), ('duration', ctypes.c_uint), ('info', ctypes.c_uint)]


SG_IO = 0x2285


class Scsi:
    def __init__(self, path):
        self.libc = ctypes.CDLL(None, use_errno=True)   # finds the preloaded ioctl()
        self.fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)

    def cmd(self, cdb, data_out=None, data_in=0):
        cdb_buf = (ctypes.c_ubyte * len(cdb))(*cdb)
        sense = (ctypes.c_ubyte * 32)()
        h = SgIoHdr(interface_id=ord('S'), cmd_len=len(cdb), mx_sb_len=32,
                    cmdp=ctypes.addressof(cdb_buf), sbp=ctypes.addressof(sense), timeout=10000)
        if data_out is not None:
            buf = (ctypes.c_ubyte * len(data_out)).from_buffer_copy(bytes(data_out))
            h.dxfer_direction, h.dxfer_len, h.dxferp = -2, len(data_out), ctypes.addressof(buf)
        elif data_in:
            buf = (ctypes.c_ubyte * data_in)()
            h.dxfer_direction, h.dxfer_len, h.dxferp = -3, data_in, ctypes.addressof(buf)
        else:
            buf = None
            h.dxfer_direction = -1
        r = self.libc.ioctl(self.fd, ctypes.c_ulong(SG_IO), ctypes.byref(h))
        if r != 0:
            raise OSError(ctypes.get_errno(), 'SG_IO')
        key = (sense[2] & 15, sense[12], sense[13]) if h.status else (0, 0, 0)
        return key, bytes(buf) if data_in else b''


def page05(write_type, block_type, track_mode):
    p = bytearray(8 + 2 + 0x32)
    p[8], p[9] = 5, 0x32
    p[10], p[11], p[12] = 0x40 | write_type, track_mode, block_type
    p[23] = 150
    return bytes(p)


def mode_select(len_):
    return [0x55, 0x10, 0, 0, 0, 0, 0, len_ >> 8, len_ & 0xff, 0]


def cue_entry(ctladr, tno, index, form, lba):
    m, s, f = V.lba_to_msf(lba)
    return bytes([ctladr, tno, index, form, 0, m, s, f])


def write10(lba, n):
    lba &= 0xffffffff
    return [0x2a, 0, lba >> 24, (lba >> 16) & 255, (lba >> 8) & 255, lba & 255, 0, n >> 8,
            n & 255, 0]


def send_cue(sheet):
    n = len(sheet)
    return [0x5d, 0, 0, 0, 0, 0, n >> 16, (n >> 8) & 255, n & 255, 0]


def strict_child():
    """Runs under LD_PRELOAD: each command must end as a real drive's would."""
    s = Scsi(os.environ['SPINDLE_VRECORDER_DEVICE'])
    results = []

    def expect(name, got, want):
        results.append((name, got, want))

    key, data = s.cmd([0x12, 0, 0, 0, 36, 0], data_in=36)
    expect('INQUIRY', (key, data[0]), ((0, 0, 0), 5))
    expect('unknown opcode', s.cmd([0xff, 0, 0, 0, 0, 0])[0], (5, 0x20, 0))
    expect('READ(10) of a blank disc', s.cmd([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], data_in=2048)[0],
           (5, 0x21, 0))
    expect('BLANK of a CD-R', s.cmd([0xa1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])[0], (5, 0x30, 5))
    for name, pg in (('packet writing', page05(0, 8, 4)), ('raw block type in TAO', page05(1, 1, 4)),
                     ('track mode 15', page05(1, 8, 15)), ('reserved block type', page05(1, 5, 4))):
        expect('MODE SELECT ' + name, s.cmd(mode_select(len(pg)), data_out=pg)[0], (5, 0x26, 0))
    # SAO: no cue sheet yet
    pg = page05(2, 0, 0)
    expect('MODE SELECT SAO', s.cmd(mode_select(len(pg)), data_out=pg)[0], (0, 0, 0))
    expect('WRITE without cue sheet', s.cmd(write10(-150, 1), data_out=bytes(2352))[0],
           (5, 0x2c, 0))
    leadin = cue_entry(0x01, 0, 0, 0x01, -150)
    leadout = cue_entry(0x01, 0xaa, 1, 0x01, 600)
    good = leadin + cue_entry(0x01, 1, 0, 0x00, -150) + cue_entry(0x01, 1, 1, 0x00, 0) + leadout
    bad_sheets = {
        'cue sheet of odd length': good[:-3],
        'cue sheet without lead-out': good[:-8],
        'cue sheet whose track 1 starts late': leadin + cue_entry(0x01, 1, 1, 0x00, 0) + leadout,
        'cue sheet with a 2-second track': leadin + cue_entry(0x01, 1, 0, 0, -150)
        + cue_entry(0x01, 1, 1, 0, 0) + cue_entry(0x01, 0xaa, 1, 0x01, 150),
        'cue sheet skipping index 2': leadin + cue_entry(0x01, 1, 0, 0, -150)
        + cue_entry(0x01, 1, 1, 0, 0) + cue_entry(0x01, 1, 3, 0, 300) + leadout,
        'cue sheet with audio form in a data track': leadin + cue_entry(0x41, 1, 0, 0, -150)
        + cue_entry(0x41, 1, 1, 0, 0) + leadout,
        'cue sheet switching to Mode 1 in an audio track': leadin
        + cue_entry(0x01, 1, 0, 0x00, -150) + cue_entry(0x01, 1, 1, 0x10, 0) + leadout,
        'cue sheet with a 00h form for a data pregap': leadin
        + cue_entry(0x41, 1, 0, 0x00, -150) + cue_entry(0x41, 1, 1, 0x10, 0) + leadout,
        'cue sheet with a bad MCN': bytes([0x02, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
                                           0x02, 0x38, 0x39, 0x30, 0x41, 0x32, 0x33, 0])
        + good,
    }
    for name, sheet in bad_sheets.items():
        expect(name, s.cmd(send_cue(sheet), data_out=sheet)[0], (5, 0x26, 0))
    expect('valid cue sheet', s.cmd(send_cue(good), data_out=good)[0], (0, 0, 0))
    expect('SAO write at the wrong address', s.cmd(write10(-149, 1), data_out=bytes(2352))[0],
           (5, 0x21, 2))
    expect('SAO write with 2048-byte blocks', s.cmd(write10(-150, 2), data_out=bytes(4096))[0],
           (5, 0x64, 0))
    expect('SAO write', s.cmd(write10(-150, 2), data_out=bytes(4704))[0], (0, 0, 0))
    expect('SAO write skipping a block', s.cmd(write10(-147, 1), data_out=bytes(2352))[0],
           (5, 0x21, 2))
    # TAO on a second medium is set up by the parent; here: mode/size mismatch
    pg = page05(1, 8, 0)      # Mode 1 blocks for an audio track
    expect('MODE SELECT TAO', s.cmd(mode_select(len(pg)), data_out=pg)[0], (0, 0, 0))
    expect('TAO audio track with Mode 1 blocks', s.cmd(write10(0, 1), data_out=bytes(2048))[0],
           (5, 0x64, 0))
    print(json.dumps([[n, list(g) if isinstance(g, tuple) else g, w] for n, g, w in results],
                     default=list))


def tao_child():
    s = Scsi(os.environ['SPINDLE_VRECORDER_DEVICE'])
    results = []
    pg = page05(1, 8, 4)
    results.append(('MODE SELECT TAO Mode 1', s.cmd(mode_select(len(pg)), data_out=pg)[0],
                    (0, 0, 0)))
    key, info = s.cmd([0x52, 1, 0, 0, 0, 0xff, 0, 0, 36, 0], data_in=36)
    nwa = int.from_bytes(info[12:16], 'big')
    results.append(('READ TRACK INFORMATION NWA', (key, nwa, info[7] & 1), ((0, 0, 0), 0, 1)))
    results.append(('TAO write past the NWA', s.cmd(write10(1, 1), data_out=bytes(2048))[0],
                    (5, 0x21, 2)))
    results.append(('TAO write with 2352-byte blocks', s.cmd(write10(0, 1),
                                                             data_out=bytes(2352))[0],
                    (5, 0x64, 0)))
    results.append(('TAO write', s.cmd(write10(0, 16), data_out=bytes(2048 * 16))[0], (0, 0, 0)))
    key, info = s.cmd([0x52, 1, 0, 0, 0, 0xff, 0, 0, 36, 0], data_in=36)
    results.append(('NWA after 16 blocks', int.from_bytes(info[12:16], 'big'), 16))
    results.append(('WRITE of an unaligned transfer', s.cmd(write10(16, 2),
                                                            data_out=bytes(4000))[0],
                    (5, 0x64, 0)))
    print(json.dumps([[n, list(g) if isinstance(g, tuple) else g, list(w)
                       if isinstance(w, tuple) else w] for n, g, w in results], default=list))


def fuzz_child():
    """Random commands, lengths, directions and data: the drive must answer
    every one (GOOD or CHECK CONDITION), never crash or hang."""
    s = Scsi(os.environ['SPINDLE_VRECORDER_DEVICE'])
    rnd = random.Random(int(os.environ.get('VREC_FUZZ_SEED', '7')))
    known = [0x00, 0x03, 0x12, 0x1a, 0x1b, 0x1e, 0x25, 0x28, 0x2a, 0x35, 0x42, 0x43, 0x46, 0x4a,
             0x51, 0x52, 0x54, 0x55, 0x5a, 0x5b, 0x5c, 0x5d, 0xa1, 0xa8, 0xaa, 0xac, 0xb9, 0xbb,
             0xbd, 0xbe]
    answered = checks = 0
    for i in range(int(os.environ.get('VREC_FUZZ_COUNT', '3000'))):
        op = rnd.choice(known) if rnd.random() < 0.9 else rnd.randrange(256)
        n = 6 if op < 0x20 else 12 if op >= 0xa0 else 10
        cdb = [op] + [rnd.choice((0, 0, 1, 2, 0xff, rnd.randrange(256))) for _ in range(n - 1)]
        length = rnd.choice((0, 1, 8, 36, 96, 2048, 2352, 4096, 65536))
        way = rnd.randrange(3)
        if way == 0:
            key, _ = s.cmd(cdb, data_out=rnd.randbytes(length)) if length else s.cmd(cdb)
        elif way == 1 and length:
            key, _ = s.cmd(cdb, data_in=length)
        else:
            key, _ = s.cmd(cdb)
        answered += 1
        checks += key != (0, 0, 0)
    print(json.dumps({'answered': answered, 'check_conditions': checks}))


def normalize(v):
    if isinstance(v, (list, tuple)):
        return [normalize(x) for x in v]
    return v


def case_strict(drv):
    """Commands a real drive refuses must be refused, with its sense."""
    failures = []
    for child, medium in (('strict-child', 'cdr'), ('tao-child', 'cdr')):
        d = Drive(child)
        try:
            d.init(medium)
            p = d.run([sys.executable, __file__, child], timeout=30)
            results = json.loads(p.stdout.strip().splitlines()[-1])
            for name, got, want in results:
                ok = normalize(got) == normalize(want)
                print('%-45s %s' % (name, 'ok' if ok else 'got %s, want %s' % (got, want)))
                if not ok:
                    failures.append(name)
        finally:
            d.cleanup()
    # Garbage in: every command answered, no crash, on a blank and a written disc.
    for medium in ('cdr', 'cdrw-written'):
        d = Drive('fuzz')
        try:
            d.init(medium)
            p = d.run([sys.executable, __file__, 'fuzz-child'], timeout=40)
            res = json.loads(p.stdout.strip().splitlines()[-1])
            print('fuzz (%s): %d commands answered, %d with CHECK CONDITION'
                  % (medium, res['answered'], res['check_conditions']))
        finally:
            d.cleanup()
    # No medium in the drive: not ready, medium not present.
    d = Drive('nomedium')
    try:
        d.init('none')
        p = d.run(['cdrskin', 'dev=%s' % d.device, '-atip'], expect='fail')
        check('CHECK CONDITION 2/3a/00' in d.log(), 'TEST UNIT READY without medium')
    finally:
        d.cleanup()
    check(not failures, 'the drive accepted what a real drive refuses: %s' % failures)


CASES = {
    'encoder': case_encoder,
    'cdrskin-sao-audio': case_cdrskin_sao_audio,
    'cdrskin-sao-data': case_cdrskin_sao_data,
    'cdrskin-tao-data': case_cdrskin_tao_data,
    'xorriso-data': case_xorriso_data,
    'libburn-raw96r': case_libburn_raw96r,
    'cdrdao-mixed': case_cdrdao_mixed,
    'cdrdao-audio-cdtext': case_cdrdao_audio_cdtext,
    'blank-cdrw': case_blank_cdrw,
    'too-small': case_too_small,
    'write-error': case_write_error,
    'cancel': case_cancel,
    'medium-removed': case_medium_removed,
    'simulate': case_simulate,
    'strict': case_strict,
    'verifier-detects': case_verifier_detects,
}


def main():
    if len(sys.argv) == 2 and sys.argv[1] == 'strict-child':
        strict_child()
        return 0
    if len(sys.argv) == 2 and sys.argv[1] == 'tao-child':
        tao_child()
        return 0
    if len(sys.argv) == 2 and sys.argv[1] == 'fuzz-child':
        fuzz_child()
        return 0
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print('usage: vrec_tests.py {%s}' % ','.join(CASES))
        return 2
    if not PRELOAD or not TOOL:
        print('VREC_PRELOAD and VREC_TOOL are not set: run through meson test')
        return 2
    name = sys.argv[1]
    drv = Drive(name)
    t0 = time.monotonic()
    try:
        CASES[name](drv)
    except Failure as e:
        print('FAIL: %s\n(work folder kept: %s)' % (e, drv.dir))
        return 1
    print('PASS %s in %.1f s' % (name, time.monotonic() - t0))
    drv.cleanup()
    return 0


if __name__ == '__main__':
    sys.exit(main())
