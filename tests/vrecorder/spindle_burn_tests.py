#!/usr/bin/python3
# spindle_burn_tests.py: Spindle's own burning (spindle-cli burn, the burn
# layer, libburn) onto the virtual CD recorder.
#
# The virtual recorder is an emulator, a test double at the hardware
# boundary (README.md): preloaded into the real spindle-cli, it makes a
# /dev/srN path without a real drive answer as an MMC CD-R/RW recorder, so
# that libburn finds it by its ordinary scan and burns to it through
# ioctl(SG_IO).  Each case makes its source images with standard tools
# (sox, genisoimage, cdrdao), burns them with `spindle-cli burn`, and lets
# vrec_verify.py compare the recording with the source sector by sector:
# track starts, pregaps, indices, ISRC, MCN, CD-TEXT and every byte.
# Usage: spindle_burn_tests.py CASE (run by `meson test --suite vrecorder`).
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import vrec_tests as T  # noqa: E402
import vrec_verify as V  # noqa: E402
from vrec_tests import Failure, check, need  # noqa: E402

CLI = os.environ.get('SPINDLE_CLI')
SKIP = 77


def free_device():
    """/dev/srN for an N no real drive has: libburn's scan lists it."""
    for n in range(7, 100):
        if not os.path.exists('/dev/sr%d' % n):
            return '/dev/sr%d' % n
    raise Failure('no free /dev/srN name')


def real_drives():
    return [p for p in Path('/dev').glob('sr[0-9]*') if p.exists()]


class Drive(T.Drive):
    def __init__(self, name):
        super().__init__(name)
        self.device = free_device()

    def burn(self, image, *options, expect=0, **extra):
        argv = [CLI, 'burn', '--drive', self.device] + list(options) + [str(image)]
        p = self.run(argv, expect=expect, **extra)
        print(p.stdout.strip()[-1500:])
        return p

    def blocks(self):
        path = self.state / 'blocks.idx'
        return path.stat().st_size // 24 if path.exists() else 0

    def commands(self, name):
        """How many times the drive got a command of that name."""
        return len(re.findall(r'^\d+ [\d.]+ pid \d+ %s:' % re.escape(name), self.log(), re.M))

    def assert_untouched(self, what):
        st = self.status()
        check('status blank' in st and 'blocks_written 0' in st,
              '%s: the disc is no longer blank:\n%s' % (what, st))
        for cmd in ('SEND CUE SHEET', 'WRITE(10)', 'WRITE(12)', 'CLOSE TRACK/SESSION', 'BLANK'):
            check(self.commands(cmd) == 0, '%s: %s was sent to the drive' % (what, cmd))


def verified(p):
    check('Verified: every sector reads back as the image has it.' in p.stdout,
          'spindle-cli did not report a successful verify:\n' + p.stdout)


def burned_line(p, mode, sectors):
    m = re.search(r'Burned .* to \S+ \((\w+), (\d+) sectors\) in ([\d.]+) s', p.stdout)
    check(m is not None, 'no result line:\n' + p.stdout)
    check(m.group(1) == mode and int(m.group(2)) == sectors,
          'burned as %s, %s sectors; expected %s, %d' % (m.group(1), m.group(2), mode, sectors))
    print('burn time: %s s for %d sectors' % (m.group(3), sectors))


def read_back_commands(drv, sectors, command):
    """Spindle's verify read the disc through the drive: every sector of
    the image, after the session was closed."""
    log = drv.log()
    sync = log.rfind('SYNCHRONIZE CACHE:')
    check(sync >= 0, 'no SYNCHRONIZE CACHE')
    total = 0
    for m in re.finditer(r'^\d+ [\d.]+ pid \d+ %s: ([0-9a-f ]+)\[in (\d+)\]' % re.escape(command),
                         log[sync:], re.M):
        cdb = bytes.fromhex(m.group(1))
        total += int.from_bytes(cdb[7:9], 'big') if command == 'READ(10)' \
            else int.from_bytes(cdb[6:9], 'big')
    check(total >= sectors, 'verify read %d sectors with %s, the image has %d'
          % (total, command, sectors))
    print('verify read back %d sectors with %s' % (total, command))


# ---- fixtures -----------------------------------------------------------------

def make_mode1_raw(drv, name, megabytes, seed):
    """A MODE1/2352 image whose sync, headers, EDC and ECC were made by
    cdrdao's raw writer (generic-mmc-raw encodes Mode 1 itself and sends
    scrambled 2352-byte sectors): an ISO burnt that way on a second emulated
    drive and read back raw.  Neither Spindle nor the drive encoded them."""
    need('cdrdao', 'genisoimage')
    iso = T.make_iso(drv.dir, name, megabytes, seed)
    helper = T.Drive(name + '-maker')
    try:
        (helper.dir / 'm1.toc').write_text('CD_ROM\nTRACK MODE1\nDATAFILE "%s"\n' % iso)
        helper.init('cdr')
        helper.run(['cdrdao', 'write', '--device', helper.device, '--driver',
                    'generic-mmc-raw', '-n', 'm1.toc'])
        n = iso.stat().st_size // 2048
        rec = helper.recording()
        check(rec.records and all(r[1] == V.WRITE_RAW for r in rec.records),
              'cdrdao did not write raw')
        sectors = list(rec.read(0, n))
        check(all(result == 0 for _, _, _, result, _ in sectors),
              'the cdrdao raw burn does not read back')
        raw = b''.join(main for _, main, _, _, _ in sectors)
    finally:
        helper.cleanup()
    binary = drv.dir / (name + '.bin')
    binary.write_bytes(raw)
    user = iso.read_bytes()
    for i in range(n):     # the ISO's user data, at every sector
        check(raw[i * 2352 + 16:i * 2352 + 2064] == user[i * 2048:(i + 1) * 2048],
              'cdrdao-made sector %d does not hold the ISO' % i)
    cue = drv.dir / (name + '.cue')
    cue.write_text('FILE "%s" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n'
                   % binary.name)
    return cue, binary, n


def make_libcdio_m1(drv):
    """libcdio's published MODE1/2352 image (tests/burn/data), with its
    catalog number."""
    need('xz')
    data = HERE.parent / 'burn' / 'data'
    raw = subprocess.run(['xz', '-dc', str(data / 'libcdio-isofs-m1.bin.xz')], check=True,
                         capture_output=True).stdout
    (drv.dir / 'ISOFS-M1.BIN').write_bytes(raw)
    shutil.copy(data / 'libcdio-isofs-m1.cue', drv.dir / 'isofs-m1.cue')
    return drv.dir / 'isofs-m1.cue', len(raw) // 2352


# ---- the cases -------------------------------------------------------------------

def case_audio_sao(drv):
    """Three audio tracks: INDEX 02/03, a pregap in the file and a generated
    one, ISRC, MCN, CD-TEXT; SAO, verified by Spindle and by the verifier."""
    need('sox')
    cue = T.make_audio(drv.dir)
    drv.init('cdr')
    out = drv.run([CLI, 'drives']).stdout
    print(out.strip())
    check(drv.device in out and 'SPINDLE VIRTUAL CD-RW' in out,
          'spindle-cli drives does not list the emulated recorder')
    check('blank CD-R, 359849 sectors free' in out, 'medium and capacity not shown:\n' + out)
    if real_drives():
        p = drv.burn(cue, '--mode', 'sao', '--verify')
    else:
        # With no other drive, spindle-cli finds the only one by itself.
        p = drv.run([CLI, 'burn', '--verify', str(cue)])
        print(p.stdout.strip())
    burned_line(p, 'SAO', 2430)
    verified(p)
    read_back_commands(drv, 2430, 'READ CD')
    rep = drv.verify(V.Source.from_cue(cue))
    check(rep['sectors_compared'] == 150 + 2430, 'sectors compared: %s' % rep['sectors_compared'])
    check(rep['mcn'] == ['0123456789012'], 'MCN: %s' % rep['mcn'])
    check(rep['isrc'] == {1: ['USXYZ2600001'], 2: ['USXYZ2600002']}, 'ISRC: %s' % rep['isrc'])
    check(rep['leadout'] == 2430, 'lead-out at %s' % rep['leadout'])
    layout = {t['track']: t['decoded'] for t in rep['layout']}
    check(layout == {1: {0: -150, 1: 0, 2: 300}, 2: {0: 600, 1: 750, 2: 1155, 3: 1350},
                     3: {0: 1650, 1: 1755}}, 'indices: %s' % layout)
    check(rep['cdtext'].get('80/2') == 'Second Wind' and rep['cdtext'].get('81/3') == 'Carol',
          'CD-TEXT: %s' % rep['cdtext'])
    check(any('form 41' in e for e in rep['cue_sheet_sent']),
          'lead-in not announced with CD-TEXT (form 41h)')
    # An independent reader sees the same through the emulated drive.
    if shutil.which('cd-info'):
        info = drv.run(['cd-info', '--no-header', '--no-device-info', '--no-cddb',
                        drv.device]).stdout
        for text in ('Media Catalog Number (MCN): 0123456789012', 'TRACK  1 ISRC: USXYZ2600001',
                     'TITLE: Virtual Disc', 'TITLE: First Light', 'PERFORMER: Bob'):
            check(text in info, 'cd-info does not show %r' % text)


def iso_case(drv, mode):
    need('genisoimage')
    iso = T.make_iso(drv.dir, mode, 3, 1 if mode == 'sao' else 2)
    n = iso.stat().st_size // 2048
    drv.init('cdr')
    p = drv.burn(iso, '--mode', mode, '--verify')
    burned_line(p, mode.upper(), n)
    verified(p)
    read_back_commands(drv, n, 'READ(10)')
    rep = drv.verify(V.Source.from_iso([iso]), V.WRITE_TAO if mode == 'tao' else V.WRITE_SAO)
    check(rep['data_sectors_edc_checked'] >= n, 'not every data sector checked')
    log = drv.log()
    if mode == 'tao':
        check(drv.commands('SEND CUE SHEET') == 0, 'a cue sheet was sent in TAO')
        check('CLOSE TRACK/SESSION: 5b 01 02' in log, 'the TAO session was not closed')
    else:
        check(drv.commands('SEND CUE SHEET') == 1, 'no cue sheet in SAO')
    # The disc reads back as the ISO through the block device as well.
    back = subprocess.run(['dd', 'if=%s' % drv.device, 'bs=2048', 'count=%d' % n, 'status=none'],
                          env=drv.env(), capture_output=True, check=True).stdout
    check(back == iso.read_bytes(), 'block device read-back differs')


def case_iso_sao(drv):
    iso_case(drv, 'sao')


def case_iso_tao(drv):
    iso_case(drv, 'tao')


def case_mode1_raw(drv):
    """MODE1/2352 images whose every sector re-encodes exactly are burnt as
    their user data; one non-standard sector makes Spindle refuse before
    anything reaches the drive, instead of letting the drive "repair" it."""
    need('cdrdao', 'genisoimage')
    cue, binary, n = make_mode1_raw(drv, 'raw', 2, 71)
    drv.init('cdr')
    p = drv.burn(cue, '--verify')
    burned_line(p, 'SAO', n)
    verified(p)
    rep = drv.verify(V.Source.from_cue(cue))
    check(rep['sectors_compared'] == 150 + n, 'sectors compared: %s' % rep['sectors_compared'])
    sent = rep['cue_sheet_sent']
    check(any('form 10' in e for e in sent), 'not sent as Mode 1 user data: %s' % sent)

    # libcdio's published image, with its catalog number.
    d2 = Drive('libcdio-m1')
    try:
        cue2, n2 = make_libcdio_m1(d2)
        d2.init('cdr')
        p = d2.burn(cue2, '--verify')
        burned_line(p, 'SAO', n2)
        verified(p)
        rep = d2.verify(V.Source.from_cue(cue2))
        check(rep['mcn'] == ['0000012101954'], 'MCN: %s' % rep['mcn'])
    finally:
        d2.cleanup()

    # Sectors the drive would write differently from the image.  libburn
    # sends user data only, so the libburn path must refuse them, naming
    # the sector, before anything reaches the drive.  Where Spindle has a
    # raw writer (cdrdao, spindle-cli burn --backend), the image may go
    # that way instead, and then the disc must hold the flawed sector
    # byte for byte: refused or exact, never "repaired".
    has_backends = '--backend' in drv.run([CLI, 'burn', '--help']).stdout
    libburn = ['--backend', 'libburn'] if has_backends else []
    data = binary.read_bytes()
    flaws = {
        'ECC byte': (100, 2340, 'its ECC is wrong'),
        'EDC byte': (250, 2064, 'its EDC and ECC are wrong'),
        'header address': (400, 14, 'its header does not give its own address'),
        'reserved byte': (555, 2070, 'or its reserved bytes are not zero'),
    }
    for name, (sector, offset, words) in flaws.items():
        d3 = Drive('flaw')
        try:
            bad = bytearray(data)
            bad[sector * 2352 + offset] ^= 0x01
            (d3.dir / 'flaw.bin').write_bytes(bad)
            flawed = d3.dir / 'flaw.cue'
            flawed.write_text(cue.read_text().replace(binary.name, 'flaw.bin'))
            d3.init('cdr')
            for mode in (['--mode', 'sao'], ['--mode', 'tao']):
                p = d3.burn(flawed, *libburn, *mode, expect='fail')
                check(p.returncode == 1, 'exit status %d' % p.returncode)
                check('Sector %d (' % sector in p.stdout and 'is not a standard Mode 1 sector'
                      in p.stdout and words in p.stdout,
                      '%s: the refusal does not name sector %d:\n%s' % (name, sector, p.stdout))
                d3.assert_untouched(name)
            if not has_backends:
                continue
            p = d3.burn(flawed, expect=None)
            if p.returncode != 0:
                check('Sector %d (' % sector in p.stdout, '%s: refused without naming sector %d'
                      % (name, sector))
                d3.assert_untouched(name)
                continue
            check('(RAW, %d sectors)' % n in p.stdout, '%s: not burnt raw:\n%s' % (name, p.stdout))
            rep = V.Verifier(d3.recording(), V.Source.from_cue(flawed).layout(V.WRITE_SAO),
                             V.WRITE_RAW).run()
            print('  %s burnt raw; verifier: %s' % (name, rep['errors']))
            check(rep['sectors_compared'] >= n and all('LBA %d' % sector in e or
                                                     'LBA %d:' % sector in e
                                                     for e in rep['errors']),
                  '%s: the raw burn differs elsewhere: %s' % (name, rep['errors']))
            _, main, _, result, _ = next(d3.recording().read(sector, 1))
            check(result == 0 and main == bytes(bad[sector * 2352:(sector + 1) * 2352]),
                  '%s: sector %d was "repaired" on the disc' % (name, sector))
        finally:
            d3.cleanup()


def case_simulate(drv):
    """--simulate: the whole burn goes to the drive as a test write (page
    05h bit 4); nothing is recorded and the disc stays blank."""
    need('sox')
    cue = T.make_audio(drv.dir)
    drv.init('cdr')
    p = drv.burn(cue, '--simulate')
    check(re.search(r'Simulated burning .* \(SAO, 2430 sectors\) .* nothing was written', p.stdout),
          'no simulation result line:\n' + p.stdout)
    log = drv.log()
    check(drv.commands('SEND CUE SHEET') == 1 and drv.commands('WRITE(10)') > 0,
          'the simulation did not send the burn to the drive')
    # The write parameters page in effect when the first WRITE came.
    pages = re.findall(r'MODE SELECT\(10\): [0-9a-f ]+\[out \d+\]\n  parameters \(\d+\): '
                       r'(?:[0-9a-f]{2} ){8}05 [0-9a-f]{2} ([0-9a-f]{2})',
                       log[:log.index('WRITE(10):')])
    check(pages and int(pages[-1], 16) & 0x10, 'written without the test write bit: %s' % pages)
    st = drv.status()
    check('status blank' in st and 'blocks_written 0' in st, 'the simulation wrote:\n' + st)
    # The real burn afterwards is exact: the simulation left nothing behind.
    p = drv.burn(cue)
    burned_line(p, 'SAO', 2430)
    drv.verify(V.Source.from_cue(cue))


def valgrind_argv():
    if not shutil.which('valgrind'):
        return [], None
    supp = Path('/usr/share/glib-2.0/valgrind/glib.supp')
    argv = ['valgrind', '--leak-check=full', '--errors-for-leak-kinds=definite,indirect',
            '--error-exitcode=99', '--log-file=%s' % 'valgrind.log']
    if supp.exists():
        argv.append('--suppressions=%s' % supp)
    return argv, 'valgrind.log'


def case_cancel(drv):
    """SIGINT to spindle-cli half-way through an SAO burn: the disc is left
    unfinished as a real drive leaves it, what was written matches the
    image, Spindle says so, exits 1, and leaks nothing (valgrind)."""
    need('genisoimage')
    iso = T.make_iso(drv.dir, 'cancel', 3, 41)
    n = iso.stat().st_size // 2048
    drv.init('cdr')
    vg, vglog = valgrind_argv()
    env = drv.env(SPINDLE_VRECORDER_WRITE_DELAY_US=3000, G_SLICE='always-malloc')
    proc = subprocess.Popen(vg + [CLI, 'burn', '--drive', drv.device, str(iso)], env=env,
                            cwd=drv.dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    t0 = time.monotonic()
    while drv.blocks() < 600:
        if proc.poll() is not None:
            raise Failure('spindle-cli ended before the cancel:\n' + proc.stdout.read())
        check(time.monotonic() - t0 < 60, 'the burn does not progress')
        time.sleep(0.05)
    at = drv.blocks()
    print('SIGINT at %d blocks, %.1f s into the burn' % (at, time.monotonic() - t0))
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    print(out.strip())
    print('ended with %d blocks written, exit status %d, %.1f s into the burn'
          % (drv.blocks(), proc.returncode, time.monotonic() - t0))
    check(proc.returncode == 1, 'exit status %d after cancel' % proc.returncode)
    check('Writing was cancelled: the disc is incomplete and probably unusable' in out,
          'spindle-cli does not say what the cancel left:\n' + out)
    written = drv.blocks()
    check(at <= written < 150 + n, 'blocks written: %d of %d' % (written, 150 + n))
    st = drv.status()
    check('status incomplete damaged 1' in st, 'the disc is not left unfinished:\n' + st)
    rep = drv.verify(V.Source.from_iso([iso]), partial=True)
    check(rep['last_written_lba'] == written - 151, 'last LBA %s' % rep['last_written_lba'])
    # The device was given back: every open has its close, and the drive
    # answers another program at once.
    log = drv.log()
    opens = len(re.findall(r'^- pid \d+ open\(.*-> fd', log, re.M))
    closes = len(re.findall(r'^- pid \d+ close\(fd', log, re.M))
    check(opens == closes, '%d opens of the device, %d closes' % (opens, closes))
    out = drv.run([CLI, 'drives']).stdout
    print(out.strip())
    check(drv.device in out, 'the drive is not found after the cancel')
    if vglog:
        text = (drv.dir / vglog).read_text()
        summary = [line.split('== ', 1)[-1] for line in text.splitlines()
                   if 'definitely lost' in line or 'indirectly lost' in line
                   or 'ERROR SUMMARY' in line]
        print('valgrind: ' + '; '.join(summary))
        check('definitely lost: 0 bytes' in text or 'All heap blocks were freed' in text,
              'valgrind found leaks:\n' + text[-3000:])
        check('ERROR SUMMARY: 0 errors' in text, 'valgrind found errors:\n' + text[-3000:])
    # Nothing can be burnt onto what the cancel left.
    p = drv.burn(iso, expect='fail')
    check(drv.blocks() == written, 'something was written onto the unfinished disc')


def case_blank(drv):
    """A written CD-RW: refused without --blank; --blank fast and --blank
    full erase it (BLANK sent) and the burn that follows is exact."""
    need('sox', 'genisoimage')
    cue = T.make_audio(drv.dir)
    drv.init('cdrw-written')
    st = drv.status()
    check('status complete' in st and 'blocks_written 0' not in st, 'not written:\n' + st)
    before = drv.blocks()
    p = drv.burn(cue, expect='fail')
    check('holds data: blank it first' in p.stdout, 'no reason given:\n' + p.stdout)
    check(drv.commands('BLANK') == 0 and drv.blocks() == before and 'status complete'
          in drv.status(), 'the CD-RW changed although it was refused')

    p = drv.burn(cue, '--blank', 'fast', '--verify')
    burned_line(p, 'SAO', 2430)
    verified(p)
    check(re.search(r'BLANK: a1 (01|11) ', drv.log()), 'no minimal BLANK sent')
    drv.verify(V.Source.from_cue(cue))

    iso = T.make_iso(drv.dir, 'rw', 1, 31)
    p = drv.burn(iso, '--blank', 'full', '--mode', 'tao', '--verify')
    verified(p)
    check(re.search(r'BLANK: a1 (00|10) ', drv.log()), 'no full BLANK sent')
    drv.verify(V.Source.from_iso([iso]), V.WRITE_TAO)

    # A CD-R cannot be blanked: refused before anything is sent.
    cdr = Drive('blank-cdr')
    try:
        cdr.init('cdr')
        cdr.burn(iso)
        n = cdr.blocks()
        p = cdr.burn(iso, '--blank', 'fast', expect='fail')
        check('CD-R' in p.stdout, 'no reason given:\n' + p.stdout)
        check(cdr.commands('BLANK') == 0 and cdr.blocks() == n, 'the CD-R was touched')
    finally:
        cdr.cleanup()


def case_too_small(drv):
    """An image longer than the disc: refused before anything is written,
    naming both sizes; exactly as long as the disc: burnt."""
    need('sox')
    cue = T.make_audio(drv.dir)          # 2430 sectors
    drv.init('small', 2429)
    p = drv.burn(cue, expect='fail')
    check('does not fit: it needs 2430 sectors (00:32:30)' in p.stdout
          and 'has room for 2429' in p.stdout, 'no clear size refusal:\n' + p.stdout)
    drv.assert_untouched('too small')
    d2 = Drive('just-fits')
    try:
        d2.init('small', 2430)
        d2.burn(cue)
        d2.verify(V.Source.from_cue(cue))
    finally:
        d2.cleanup()


def case_write_error(drv):
    """The drive fails the WRITE covering LBA 1000: Spindle names the
    sectors, says the disc is unusable, exits 1; the blocks before match."""
    need('sox')
    cue = T.make_audio(drv.dir)
    drv.init('cdr')
    p = drv.burn(cue, expect='fail', SPINDLE_VRECORDER_FAIL_WRITE_AT=1000)
    check(p.returncode == 1, 'exit status %d' % p.returncode)
    m = re.search(r'Writing failed at sectors (\d+) to (\d+) \(\d\d:\d\d:\d\d\) of track (\d+)',
                  p.stdout)
    check(m is not None, 'the failing sectors are not named:\n' + p.stdout)
    first, last, track = int(m.group(1)), int(m.group(2)), int(m.group(3))
    check(first <= 1000 <= last and track == 2, 'names sectors %d to %d of track %d'
          % (first, last, track))
    check('Medium error' in p.stdout and 'The disc is incomplete and probably unusable'
          in p.stdout, 'cause or consequence not said:\n' + p.stdout)
    rep = drv.verify(V.Source.from_cue(cue), partial=True)
    check(rep['last_written_lba'] == 999, 'last written LBA %s' % rep['last_written_lba'])
    check('status incomplete damaged 1' in drv.status(), 'disc not left unfinished')
    n = drv.blocks()
    drv.burn(cue, expect='fail')
    check(drv.blocks() == n, 'something was written after the failure')

    # In the pregap of track 1, and in the lead-in (the CD-TEXT blocks).
    for at, where in ((-100, r'of track 01'), (-5000, r'\(the lead-in\)')):
        d1 = Drive('write-error-%d' % -at)
        try:
            d1.init('cdr')
            p = d1.burn(cue, expect='fail', SPINDLE_VRECORDER_FAIL_WRITE_AT=at)
            m = re.search(r'Writing failed at sectors (-?\d+) to (-?\d+) .*?' + where, p.stdout)
            check(m and int(m.group(1)) <= at <= int(m.group(2)),
                  'a write error at %d is not named:\n%s' % (at, p.stdout))
            check('status incomplete damaged 1' in d1.status(), 'disc not left unfinished')
        finally:
            d1.cleanup()

    # The same in TAO, for a data track.
    need('genisoimage')
    d2 = Drive('write-error-tao')
    try:
        iso = T.make_iso(d2.dir, 'we', 2, 81)
        d2.init('cdr')
        p = d2.burn(iso, '--mode', 'tao', expect='fail', SPINDLE_VRECORDER_FAIL_WRITE_AT=500)
        m = re.search(r'Writing failed at sectors (\d+) to (\d+) .* of track 01', p.stdout)
        check(m and int(m.group(1)) <= 500 <= int(m.group(2)), 'TAO: sectors not named:\n'
              + p.stdout)
        rep = d2.verify(V.Source.from_iso([iso]), V.WRITE_TAO, partial=True)
        check(rep['last_written_lba'] == 499, 'last written LBA %s' % rep['last_written_lba'])
        # libburn closes the track and session after the failure: the
        # track ends after the 500 blocks the drive did write.
        st = d2.status()
        check('start 0 end 502 readable_end 500 closed 1' in st,
              'the closed track does not end after what was written:\n' + st)
    finally:
        d2.cleanup()


def case_verify_fails(drv):
    """--verify reads the disc back through the drive and must catch a disc
    that differs: a block the drive recorded with a flipped bit (the burn
    itself reports success), and a sector that cannot be read."""
    need('genisoimage', 'sox')
    iso = T.make_iso(drv.dir, 'vf', 3, 91)
    drv.init('cdr')
    p = drv.burn(iso, '--verify', expect='fail', SPINDLE_VRECORDER_CORRUPT_WRITE_AT=700)
    check(p.returncode == 1, 'exit status %d' % p.returncode)
    check('differs from the image in 1 sector' in p.stdout
          and 'sector 700 (00:09:25), track 01: differs from byte 1024' in p.stdout,
          'the changed sector is not reported:\n' + p.stdout)
    # The recording does differ there, and only there.
    rep = V.Verifier(drv.recording(), V.Source.from_iso([iso]).layout(V.WRITE_SAO),
                     V.WRITE_SAO).run()
    check(rep['errors'] == ['LBA 700 (track 1): user data differs at byte 1024'],
          'verifier: %s' % rep['errors'])

    # Without --verify the same burn "succeeds": only the read-back sees it.
    d2 = Drive('verify-off')
    try:
        d2.init('cdr')
        p = d2.burn(iso, SPINDLE_VRECORDER_CORRUPT_WRITE_AT=700)
        check('Verified' not in p.stdout, 'verified without --verify')
    finally:
        d2.cleanup()

    # An unreadable sector: the recording is right, reading it fails.
    d3 = Drive('verify-unreadable')
    try:
        d3.init('cdr')
        p = d3.burn(iso, '--verify', expect='fail', SPINDLE_VRECORDER_UNREADABLE_AT=1200)
        check('sector 1200 (00:16:00), track 01: unreadable' in p.stdout,
              'the unreadable sector is not reported:\n' + p.stdout)
        d3.verify(V.Source.from_iso([iso]))
    finally:
        d3.cleanup()

    # Audio: READ CD, frame by frame.
    d4 = Drive('verify-audio')
    try:
        cue = T.make_audio(d4.dir)
        d4.init('cdr')
        p = d4.burn(cue, '--verify', expect='fail', SPINDLE_VRECORDER_CORRUPT_WRITE_AT=1000)
        check('sector 1000 (00:13:25), track 02: differs from byte 1176' in p.stdout,
              'the changed audio frame is not reported:\n' + p.stdout)
    finally:
        d4.cleanup()


CASES = {
    'audio-sao': case_audio_sao,
    'iso-sao': case_iso_sao,
    'iso-tao': case_iso_tao,
    'mode1-raw': case_mode1_raw,
    'simulate': case_simulate,
    'cancel': case_cancel,
    'blank': case_blank,
    'too-small': case_too_small,
    'write-error': case_write_error,
    'verify-fails': case_verify_fails,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print('usage: spindle_burn_tests.py {%s}' % ','.join(CASES))
        return 2
    if not T.PRELOAD or not T.TOOL or not CLI:
        print('VREC_PRELOAD, VREC_TOOL and SPINDLE_CLI are not set: run through meson test')
        return 2
    name = sys.argv[1]
    drv = Drive('spindle-' + name)
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
