#!/usr/bin/python3
# test_cdrdao_burn.py: what libburn cannot write, burnt by spindle-cli through
# cdrdao onto the virtual recorder (tests/vrecorder, an emulator loaded with
# LD_PRELOAD into spindle-cli and the cdrdao it runs), and compared sector by
# sector with the image by vrec_verify.py.  Also the planner's choices, seen
# through `spindle-cli burn --dry-run --json`.
#
# Usage: test_cdrdao_burn.py CASE (run by `meson test --suite burn`).
# Fixtures are made at test time by vcdimager, ffmpeg, sox, genisoimage and
# cdrskin; a missing tool skips the case (exit 77).
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / 'vrecorder'))
import vrec_tests as T  # noqa: E402
import vrec_verify as V  # noqa: E402
from vrec_tests import check, need  # noqa: E402

CLI = os.environ.get('SPINDLE_CLI')
XA_FORMAT = 0x20          # session format of a CD-ROM XA disc in the TOC


def burn(drv, image, *args, expect=0, **env):
    p = drv.run([CLI, 'burn', '--drive', str(drv.device), *args, str(image)], expect=expect, **env)
    print(p.stdout[-3000:])
    return p


def dry_run(drv, image, *args, expect=0, **env):
    p = burn(drv, image, '--dry-run', '--json', *args, expect=expect, **env)
    return json.loads(p.stdout) if expect == 0 else p.stdout


def session_format(drv):
    return drv.recording().sessions[0]['format']


def tracks_of(plan):
    return [t for s in plan['sessions'] for t in s['tracks']]


# ---- fixtures -------------------------------------------------------------

def make_svcd(d):
    subprocess.run(['ffmpeg', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=480x480:rate=29.97',
                    '-f', 'lavfi', '-i', 'sine=frequency=523:sample_rate=44100', '-t', '5',
                    '-target', 'ntsc-svcd', '-y', str(d / 'svideo.mpg')], check=True)
    subprocess.run(['vcdimager', '-q', '-t', 'svcd', '-c', str(d / 'svcd.cue'), '-b',
                    str(d / 'svcd.bin'), str(d / 'svideo.mpg')], check=True, cwd=d,
                   stdout=subprocess.DEVNULL)
    return d / 'svcd.cue'


def make_mode1_raw(drv, frames_mb=1):
    """MODE1/2352 sectors that no code of ours encoded: an ISO burnt by
    cdrskin onto a second emulated drive and read back raw (the drive's
    encoder is checked against vcdimager's and cdrdao's by the vrecorder
    test 'encoder')."""
    iso = T.make_iso(drv.dir, 'data', frames_mb, 17)
    other = T.Drive('m1src')
    try:
        other.init('cdr')
        other.run(['cdrskin', 'dev=%s' % other.device, '-sao', str(iso)])
        n = iso.stat().st_size // 2048
        out = subprocess.run([T.TOOL, 'read', str(other.state), '0', str(n), 'force'],
                             check=True, capture_output=True).stdout
        raw = b''.join(out[i * V.RECORD:i * V.RECORD + V.FRAME] for i in range(n))
    finally:
        other.cleanup()
    (drv.dir / 'game (Track 1).bin').write_bytes(raw)
    return n


def make_redump_mixed(drv):
    """A Redump-style sheet: Mode 1 data in its own BIN, then audio tracks,
    one BIN each: a generated PREGAP before the first, an INDEX 00 in the
    file of the second."""
    make_mode1_raw(drv)
    T.sox_tone(drv.dir / 'game (Track 2).bin', 6, 440)
    T.sox_tone(drv.dir / 'game (Track 3).bin', 7, 660)
    cue = drv.dir / 'game.cue'
    cue.write_text('''CATALOG 4006381333931
FILE "game (Track 1).bin" BINARY
  TRACK 01 MODE1/2352
    INDEX 01 00:00:00
FILE "game (Track 2).bin" BINARY
  TRACK 02 AUDIO
    ISRC DEABC2600011
    PREGAP 00:02:00
    INDEX 01 00:00:00
FILE "game (Track 3).bin" BINARY
  TRACK 03 AUDIO
    INDEX 00 00:00:00
    INDEX 01 00:02:00
''')
    return cue


def make_psx_like(drv):
    """A PlayStation-like layout: one MODE2/2352 XA track (Form 1 and Form 2
    sectors, from vcdimager) and audio tracks with INDEX 00 in their files."""
    T.make_vcd(drv.dir)
    os.rename(drv.dir / 'vcd.bin', drv.dir / 'psx (Track 1).bin')
    T.sox_tone(drv.dir / 'psx (Track 2).bin', 8, 330)
    cue = drv.dir / 'psx.cue'
    cue.write_text('''FILE "psx (Track 1).bin" BINARY
  TRACK 01 MODE2/2352
    INDEX 01 00:00:00
FILE "psx (Track 2).bin" BINARY
  TRACK 02 AUDIO
    INDEX 00 00:00:00
    INDEX 01 00:02:00
''')
    return cue


# ---- the cases -------------------------------------------------------------

def burn_and_verify(drv, cue, xa):
    drv.init('cdr')
    plan = dry_run(drv, cue)
    check(plan['backend'] == 'cdrdao', 'planned for %s' % plan['backend'])
    check(not plan['other_backend_exact'] and plan['other_backend_reason'], 'libburn said exact')
    p = burn(drv, cue, '--verify')
    check('Burned' in p.stdout, 'no result line')
    # Read back by Spindle itself (READ CD through libcdio for Mode 2).
    check('Verified: every sector reads back' in p.stdout, 'not verified:\n' + p.stdout)
    rep = drv.verify(V.Source.from_cue(cue))
    fmt = session_format(drv)
    check(fmt == (XA_FORMAT if xa else 0), 'disc type in the TOC: %#x' % fmt)
    return plan, rep


def case_vcd(drv):
    need('cdrdao', 'ffmpeg', 'vcdimager')
    T.make_vcd(drv.dir)
    plan, rep = burn_and_verify(drv, drv.dir / 'vcd.cue', True)
    check(plan['disc_type'] == 'CD_ROM_XA', 'disc type %s' % plan['disc_type'])
    check([t['sent_as'] for t in tracks_of(plan)] == ['MODE2_RAW', 'MODE2_RAW'], 'modes sent')
    i0, i1 = T.vcd_track2(drv.dir)
    t2 = tracks_of(plan)[1]
    check([(i['number'], i['position']) for i in t2['indices']] == [(0, i0), (1, i1)],
          'indices of track 2: %s' % t2['indices'])


def case_svcd(drv):
    need('cdrdao', 'ffmpeg', 'vcdimager')
    burn_and_verify(drv, make_svcd(drv.dir), True)


def case_mixed(drv):
    need('cdrdao', 'cdrskin', 'genisoimage', 'sox')
    cue = make_redump_mixed(drv)
    plan, rep = burn_and_verify(drv, cue, False)
    check(plan['needs_check'], 'raw Mode 1 sectors were not to be checked')
    check([t['sent_as'] for t in tracks_of(plan)] == ['MODE1_RAW', 'AUDIO', 'AUDIO'], 'modes sent')
    check(rep['isrc'] == {2: ['DEABC2600011']}, 'ISRC: %s' % rep['isrc'])
    check(rep['mcn'] == ['4006381333931'], 'MCN: %s' % rep['mcn'])
    # Saved as a TOC and a clean cue, as the dialog will.
    toc = subprocess.run([CLI, 'convert', '--to', 'toc', '-o', str(drv.dir / 'saved.toc'), str(cue)],
                         check=True, capture_output=True, text=True)
    text = (drv.dir / 'saved.toc').read_text()
    for s in ('TRACK MODE1_RAW', 'SWAP', 'SILENCE 00:02:00', 'START 00:02:00', 'ISRC "DEABC2600011"'):
        check(s in text, 'TOC lacks %s:\n%s' % (s, text))
    del toc


def case_psx(drv):
    need('cdrdao', 'ffmpeg', 'vcdimager', 'sox')
    cue = make_psx_like(drv)
    plan, rep = burn_and_verify(drv, cue, True)
    check([t['sent_as'] for t in tracks_of(plan)] == ['MODE2_RAW', 'AUDIO'], 'modes sent')


def case_nonstandard(drv):
    """A raw Mode 2 sector with a broken EDC: session at once would let the
    drive repair it, so the image is written raw, exactly."""
    need('cdrdao', 'ffmpeg', 'vcdimager')
    T.make_vcd(drv.dir)
    data = bytearray((drv.dir / 'vcd.bin').read_bytes())
    data[200 * V.FRAME + 2100] ^= 0x10
    (drv.dir / 'vcd.bin').write_bytes(bytes(data))
    drv.init('cdr')
    p = burn(drv, drv.dir / 'vcd.cue', '--dry-run')
    check('generic-mmc-raw' in p.stdout and 'Sector 200' in p.stdout, 'not planned raw')
    burn(drv, drv.dir / 'vcd.cue')
    # The verifier compares every byte, and also checks EDC/ECC: the one
    # sector whose EDC the image breaks is the one it may complain of.
    rep = V.Verifier(drv.recording(), V.Source.from_cue(drv.dir / 'vcd.cue').layout(V.WRITE_SAO),
                     V.WRITE_RAW, None, False, False).run()
    print(rep['errors'])
    check(rep['errors'] and all(e.startswith('LBA 200: EDC/ECC wrong') for e in rep['errors']),
          'the recording differs: %s' % rep['errors'])
    check(rep['sectors_compared'] > 800, 'sectors compared: %s' % rep.get('sectors_compared'))
    # Named, libburn is not used where it is not exact.
    drv.init('cdr')
    out = dry_run(drv, drv.dir / 'vcd.cue', '--backend', 'libburn', expect='fail')
    check('Mode 2' in out, 'no reason given:\n' + out)

    # Mode 1 too: a broken ECC byte sends the disc raw through cdrdao, and
    # the read-back compares the Mode 1 sectors whole by READ CD (their ECC
    # included), not their user data alone through libburn.
    drv.init('cdr')
    cue = make_redump_mixed(drv)
    track1 = drv.dir / 'game (Track 1).bin'
    data = bytearray(track1.read_bytes())
    data[30 * V.FRAME + 2100] ^= 0x10   # ECC P
    track1.write_bytes(bytes(data))
    p = burn(drv, cue, '--dry-run')
    check('generic-mmc-raw' in p.stdout and 'Sector 30' in p.stdout, 'Mode 1 not planned raw:\n' + p.stdout)
    p = burn(drv, cue, '--verify')
    check('Verified: every sector reads back' in p.stdout, 'not verified:\n' + p.stdout)
    # READ CD of LBA 0 (the Mode 1 track) asking for sync, headers, user
    # data and EDC/ECC (byte 9 = f8), as libcdio's raw read does.
    log = (drv.state / 'commands.log').read_text(errors='replace')
    check(re.search(r'READ CD: be [0-9a-f]{2} 00 00 00 00 [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} f8', log),
          'the Mode 1 track was not read back whole')


def case_cancel(drv):
    need('cdrdao', 'ffmpeg', 'vcdimager')
    T.make_vcd(drv.dir)
    drv.init('cdr')
    proc = subprocess.Popen([CLI, 'burn', '--drive', str(drv.device), str(drv.dir / 'vcd.cue')],
                            env=drv.env(SPINDLE_VRECORDER_WRITE_DELAY_US=20000), cwd=drv.dir,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    idx = drv.state / 'blocks.idx'
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and proc.poll() is None:
        if idx.exists() and idx.stat().st_size // 24 >= 300:
            break
        time.sleep(0.05)
    check(proc.poll() is None, 'the burn ended before it could be cancelled')
    t0 = time.monotonic()
    os.kill(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    print(out[-2000:])
    check(proc.returncode == 1, 'exit %d after cancel' % proc.returncode)
    check(time.monotonic() - t0 < 20, 'cancel took %.1f s' % (time.monotonic() - t0))
    check('cancelled' in out and 'left unfinished' in out, 'the disc state is not reported')
    check('status incomplete' in drv.status(), 'disc not left unfinished:\n' + drv.status())
    drv.verify(V.Source.from_cue(drv.dir / 'vcd.cue'), partial=True)


def case_write_error(drv):
    need('cdrdao', 'ffmpeg', 'vcdimager')
    T.make_vcd(drv.dir)
    drv.init('cdr')
    p = burn(drv, drv.dir / 'vcd.cue', expect='fail', SPINDLE_VRECORDER_FAIL_WRITE_AT=500)
    check('cdrdao could not write the disc' in p.stdout, 'no write error reported')
    check('left unfinished' in p.stdout, 'the disc state is not reported')
    rep = drv.verify(V.Source.from_cue(drv.dir / 'vcd.cue'), partial=True)
    check(rep['last_written_lba'] < 500, 'last written LBA %s' % rep['last_written_lba'])


def case_verify_fails(drv):
    """A Mode 2 sector the drive records wrongly (the write itself
    succeeds) is found by --verify, reading the disc back whole."""
    need('cdrdao', 'ffmpeg', 'vcdimager')
    T.make_vcd(drv.dir)
    drv.init('cdr')
    p = burn(drv, drv.dir / 'vcd.cue', '--verify', expect='fail', SPINDLE_VRECORDER_CORRUPT_WRITE_AT=400)
    check('differs from the image in 1 sector' in p.stdout and 'sector 400 ' in p.stdout,
          'the corrupted sector is not reported:\n' + p.stdout)
    drv.init('cdr')
    p = burn(drv, drv.dir / 'vcd.cue', '--verify', expect='fail', SPINDLE_VRECORDER_UNREADABLE_AT=600)
    check('sector 600 ' in p.stdout and 'cannot be read' in p.stdout,
          'the unreadable sector is not reported:\n' + p.stdout)


def case_plans(drv):
    """Which backend the planner takes for each kind of image, and why not."""
    need('cdrdao', 'ffmpeg', 'vcdimager', 'genisoimage', 'sox')
    drv.init('cdr')
    iso = T.make_iso(drv.dir, 'plain', 1, 5)
    plan = dry_run(drv, iso)
    check(plan['backend'] == 'libburn' and plan['other_backend_exact'], 'ISO: %s' % plan)
    plan = dry_run(drv, iso, '--backend', 'cdrdao')
    check(plan['backend'] == 'cdrdao' and plan['driver'] == 'generic-mmc' and plan['other_backend_exact'],
          'ISO with --backend cdrdao: %s' % plan)
    audio = T.make_audio(drv.dir)
    plan = dry_run(drv, audio)
    check(plan['backend'] == 'libburn', 'audio: %s' % plan['backend'])
    check(tracks_of(plan)[0]['cdtext']['title'] == 'First Light', 'CD-TEXT per track')
    check(plan['catalog'] == '0123456789012', 'catalog')
    plan = dry_run(drv, audio, '--backend', 'cdrdao')
    check(plan['driver'] == 'generic-mmc:0x10', 'CD-TEXT driver option: %s' % plan['driver'])
    T.make_vcd(drv.dir)
    vcd = drv.dir / 'vcd.cue'
    plan = dry_run(drv, vcd)
    check(plan['backend'] == 'cdrdao' and plan['write_mode'] == 'sao', 'VCD: %s' % plan['backend'])
    # TAO cannot write it; a cdrdao that is not installed is named.
    out = dry_run(drv, vcd, '--mode', 'tao', expect='fail')
    check('TAO' in out, 'TAO refusal:\n' + out)
    out = dry_run(drv, vcd, expect='fail', PATH='/nonexistent')
    check('cdrdao' in out and 'not installed' in out, 'no "not installed":\n' + out)
    # Two sessions: no path writes them; both reasons are given.
    two = drv.dir / 'two.cue'
    two.write_text('''REM SESSION 01
FILE "audio.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
REM SESSION 02
  TRACK 02 AUDIO
    INDEX 01 00:15:00
''')
    out = dry_run(drv, two, expect='fail')
    check('sessions' in out and 'Nor can cdrdao' in out, 'two sessions:\n' + out)


CASES = {
    'vcd': case_vcd,
    'svcd': case_svcd,
    'mixed': case_mixed,
    'psx': case_psx,
    'nonstandard': case_nonstandard,
    'cancel': case_cancel,
    'write-error': case_write_error,
    'verify-fails': case_verify_fails,
    'plans': case_plans,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print('usage: test_cdrdao_burn.py {%s}' % ','.join(CASES))
        return 2
    if not T.PRELOAD or not T.TOOL or not CLI:
        print('VREC_PRELOAD, VREC_TOOL and SPINDLE_CLI are not set: run through meson test')
        return 2
    name = sys.argv[1]
    drv = T.Drive('cdrdao-' + name)
    t0 = time.monotonic()
    try:
        CASES[name](drv)
    except T.Failure as e:
        print('FAIL: %s\n(work folder kept: %s)' % (e, drv.dir))
        return 1
    print('PASS %s in %.1f s' % (name, time.monotonic() - t0))
    drv.cleanup()
    return 0


if __name__ == '__main__':
    sys.exit(main())
