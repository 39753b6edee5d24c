#!/usr/bin/env python3
# The bash completion for spindle-cli, checked three ways:
#
#  1. its tables against the program: the commands "spindle-cli --help"
#     lists, each command's options and which of them take a value, as
#     "spindle-cli COMMAND --help" prints them;
#  2. completions for a set of command lines, in a folder of sample files,
#     with COMP_WORDS split the way bash splits them (blanks, and "=" and
#     ":" as words of their own);
#  3. two of them typed with Tab into an interactive bash on a terminal,
#     to check that the result reads the same as bash really completes it.
#
# Usage: test-completion.py COMPLETION_FILE SPINDLE_CLI

import os
import pty
import re
import select
import shlex
import subprocess
import sys
import tempfile
import time

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def run(argv, **kwargs):
    env = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8")
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, **kwargs)


# ---- 1. the tables against --help ------------------------------------------

def cli_commands(cli):
    out = run([cli, "--help"]).stdout
    part = out.split("Commands:", 1)[-1]
    return [m.group(1) for m in re.finditer(r"^  ([a-z][a-z0-9-]*)\s{2,}\S", part, re.M)]


def cli_options(cli, command):
    """{option: takes a value} from COMMAND --help, help options left out."""
    options = {}
    section = None
    for line in run([cli, command, "--help"]).stdout.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line
            continue
        if section is None or section.startswith("Help Options"):
            continue
        match = re.match(r"^  (?:(-\w), )?(--[a-z0-9][a-z0-9-]*)(=\S+)?", line)
        if match:
            takes_value = match.group(3) is not None
            options[match.group(2)] = takes_value
            if match.group(1):
                options[match.group(1)] = takes_value
    return options


def bash(completion, script, cwd=None):
    full = f"source {shlex.quote(completion)}\n{script}"
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", full],
                            capture_output=True, text=True, timeout=60, cwd=cwd)
    if result.returncode != 0 or result.stderr.strip():
        fail(f"bash failed ({result.returncode}): {result.stderr.strip()}\nscript: {script}")
    return result.stdout


def check_tables(completion, cli):
    commands = cli_commands(cli)
    if not commands:
        fail("spindle-cli --help lists no commands")
    ours = bash(completion, 'echo "$_spindle_cli_commands"').split()
    if sorted(ours) != sorted(commands):
        fail(f"commands: the completion has {ours}, spindle-cli --help lists {commands}")
    for command in commands:
        options = cli_options(cli, command)
        listed = set(bash(completion, f"_spindle_cli_options {command}").split())
        valued = set(bash(completion, f"_spindle_cli_values {command}").split())
        if listed != set(options):
            fail(f"{command}: the completion offers {sorted(listed)}, --help lists {sorted(options)}")
        expected_valued = {o for o, v in options.items() if v}
        if valued != expected_valued:
            fail(f"{command}: options with a value are {sorted(valued)} in the completion, "
                 f"{sorted(expected_valued)} in --help")
    return commands


# ---- 2. completions for command lines --------------------------------------

def comp_words(line):
    """COMP_WORDS and COMP_CWORD for LINE with the cursor at its end, split
    as bash splits them with the default COMP_WORDBREAKS (for the "=" and
    ":" that spindle-cli's arguments use)."""
    words = []
    for chunk in line.split():
        words.extend(re.findall(r"[=:]+|[^=:]+", chunk))
    if not line or line[-1].isspace():
        words.append("")
    return words, len(words) - 1


def complete(completion, line, cwd):
    words, cword = comp_words(line)
    script = "\n".join([
        "COMP_WORDBREAKS=$' \\t\\n\"\\'><=;|&(:'",
        "COMP_WORDS=(" + " ".join(shlex.quote(w) for w in words) + ")",
        f"COMP_CWORD={cword}",
        f"COMP_LINE={shlex.quote(line)}",
        f"COMP_POINT={len(line)}",
        "_spindle_cli spindle-cli",
        'printf "%s\\n" "${COMPREPLY[@]}"',
    ])
    return sorted(w for w in bash(completion, script, cwd).splitlines() if w)


IMAGES = ["GAME2.CUE", "disc.iso", "game.cue", "other.img", "sub", "track.bin", "tracks.toc"]

CASES = [
    ("spindle-cli ", ["burn", "checksum", "convert", "drives", "dump", "extract", "info",
                      "ls", "verify", "--help", "--version"]),
    ("spindle-cli ve", ["verify"]),
    ("spindle-cli c", ["checksum", "convert"]),
    ("spindle-cli info ", IMAGES),
    ("spindle-cli info g", ["game.cue"]),
    ("spindle-cli info G", ["GAME2.CUE"]),
    ("spindle-cli info --j", ["--json"]),
    ("spindle-cli info game.cue ", []),
    ("spindle-cli verify --threads ", []),
    ("spindle-cli verify --threads 4 ", IMAGES),
    ("spindle-cli verify -t 4 t", ["track.bin", "tracks.toc"]),
    ("spindle-cli dump game.cue ", []),
    ("spindle-cli ls -f ", ["iso9660", "udf"]),
    ("spindle-cli ls --filesystem=u", ["udf"]),
    ("spindle-cli ls --filesystem=", ["iso9660", "udf"]),
    ("spindle-cli extract --to ", ["sub"]),
    ("spindle-cli extract --", ["--filesystem", "--help", "--overwrite", "--skip-existing",
                                "--to", "--track"]),
    ("spindle-cli convert game.cue --to ", ["bin", "cue", "flac", "iso", "split", "toc", "wav"]),
    ("spindle-cli convert game.cue --to=f", ["flac"]),
    ("spindle-cli convert game.cue --to flac -o ", sorted(IMAGES + ["db.xml", "notes.txt",
                                                                    "redump.dat"])),
    ("spindle-cli checksum --dat ", ["db.xml", "redump.dat", "sub"]),
    ("spindle-cli checksum -d redump.dat ", IMAGES),
    ("spindle-cli drives ", []),
    ("spindle-cli drives --drive=stdio:g", ["game.cue"]),
    ("spindle-cli burn --d", ["--drive", "--dry-run"]),
    ("spindle-cli burn --mode ", ["raw", "sao", "tao"]),
    ("spindle-cli burn -m t", ["tao"]),
    ("spindle-cli burn --blank=f", ["fast", "full"]),
    ("spindle-cli burn --drive st", ["stdio:"]),
    ("spindle-cli burn --drive stdio:tr", ["track.bin", "tracks.toc"]),
    ("spindle-cli burn --simulate --eject ", IMAGES),
    ("spindle-cli nosuchcommand ", []),
]


def make_folder(folder):
    for name in ["game.cue", "GAME2.CUE", "disc.iso", "track.bin", "tracks.toc", "other.img",
                 "notes.txt", "redump.dat", "db.xml"]:
        with open(os.path.join(folder, name), "w") as f:
            f.write("x")
    os.mkdir(os.path.join(folder, "sub"))


def check_lines(completion, folder):
    for line, expected in CASES:
        got = complete(completion, line, folder)
        if got != sorted(expected):
            fail(f"“{line}”: completed to {got}, expected {sorted(expected)}")


# ---- 3. on a terminal ---------------------------------------------------------

def on_terminal(completion, folder, typed, expected_line):
    """Types TYPED (with Tab) and Enter into an interactive bash that has the
    completion loaded and a spindle-cli function printing its arguments;
    returns whether the arguments came out as EXPECTED_LINE."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(folder)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "TERM": "dumb",
               "PS1": "$ ", "INPUTRC": "/dev/null", "LC_ALL": "C.UTF-8"}
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)

    def read_until(marker, timeout=10.0):
        out = b""
        end = time.time() + timeout
        while time.time() < end and marker not in out:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
        return out

    try:
        os.write(fd, f"source {shlex.quote(completion)}; "
                     "spindle-cli () { printf '<%s>' \"$@\"; echo '<''END>'; }; echo RE''ADY\n".encode())
        if b"READY" not in read_until(b"READY"):
            print("SKIP: no interactive bash on a terminal")
            return True
        os.write(fd, typed.encode() + b"\n")
        out = read_until(b"<END>").decode(errors="replace")
        match = re.search(r"((?:<[^>]*>)*)<END>", out)
        got = match.group(1) if match else repr(out)
        want = "".join(f"<{w}>" for w in expected_line.split()[1:])
        if got != want:
            fail(f"on a terminal, “{typed!r}” ran with {got!r}, expected {want!r}")
        return got == want
    finally:
        os.write(fd, b"exit\n")
        read_until(b"never", timeout=0.5)
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def main():
    if len(sys.argv) != 3:
        print("usage: test-completion.py COMPLETION_FILE SPINDLE_CLI", file=sys.stderr)
        return 2
    completion = os.path.abspath(sys.argv[1])
    cli = sys.argv[2]

    check_tables(completion, cli)
    with tempfile.TemporaryDirectory(prefix="spindle-completion-") as folder:
        make_folder(folder)
        check_lines(completion, folder)
        on_terminal(completion, folder, "spindle-cli conv\tgame.cue --to=fl\t-o out.flac\n",
                    "spindle-cli convert game.cue --to=flac -o out.flac")
        on_terminal(completion, folder, "spindle-cli burn --drive stdio:tr\t\t\n",
                    "spindle-cli burn --drive stdio:track")

    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    print(f"ok: {len(CASES)} command lines, 2 on a terminal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
