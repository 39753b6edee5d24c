#!/usr/bin/env python3
# spindle-cli's help and its manual page, checked against each other:
#
#  - "spindle-cli --help" lists the commands; "spindle-cli COMMAND --help"
#    exits 0 and prints its usage and options for every one of them;
#  - the manual page (when scdoc built it) renders without a warning, has a
#    section for every command, documents every option the command's --help
#    prints, and documents no option the command does not have;
#  - spindle(1) renders without a warning.
#
# Usage: test-man.py SPINDLE_CLI [--page spindle-cli.1] [--app-page spindle.1]

import argparse
import os
import re
import shutil
import subprocess
import sys

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def run(argv, **kwargs):
    # The help is compared with an English manual.
    env = dict(os.environ, LANGUAGE="C", LC_ALL="C.UTF-8")
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, **kwargs)


def list_commands(cli):
    result = run([cli, "--help"])
    if result.returncode != 0 or not result.stdout.strip():
        fail(f"spindle-cli --help exited {result.returncode} with {len(result.stdout)} bytes of output")
        return []
    commands = []
    in_commands = False
    for line in result.stdout.splitlines():
        if line.strip() == "Commands:":
            in_commands = True
        elif in_commands:
            match = re.match(r"^  ([a-z][a-z0-9-]*)\s{2,}\S", line)
            if match:
                commands.append(match.group(1))
            elif line.strip():
                in_commands = False
    if not commands:
        fail("spindle-cli --help lists no commands")
    return commands


def command_options(cli, command):
    """Runs COMMAND --help; returns the set of options it prints ("--json", "-j")."""
    result = run([cli, command, "--help"])
    if result.returncode != 0:
        fail(f"spindle-cli {command} --help exited {result.returncode}: {result.stderr.strip()}")
    if not result.stdout.strip():
        fail(f"spindle-cli {command} --help printed nothing")
        return set()
    if "Usage:" not in result.stdout:
        fail(f"spindle-cli {command} --help has no usage line")
    if result.stderr.strip():
        fail(f"spindle-cli {command} --help wrote to stderr: {result.stderr.strip()}")

    options = set()
    section = None
    for line in result.stdout.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line
            continue
        if section is None or section.startswith("Help Options"):
            continue
        match = re.match(r"^  (?:(-\w), )?(--[a-z0-9][a-z0-9-]*)", line)
        if match:
            options.add(match.group(2))
            if match.group(1):
                options.add(match.group(1))
    return options


def render(page):
    """The page as text, wide enough that no option is broken across lines."""
    man = shutil.which("man")
    if man is None:
        print("SKIP: no man command to render the pages")
        return None
    env = dict(os.environ, MANWIDTH="2000", MANPAGER="cat", PAGER="cat",
               LANGUAGE="C", LC_ALL="C.UTF-8")
    result = subprocess.run([man, "--warnings", "-l", page], capture_output=True,
                            text=True, timeout=60, env=env)
    if result.returncode != 0:
        fail(f"man -l {page} exited {result.returncode}: {result.stderr.strip()}")
    if result.stderr.strip():
        fail(f"{os.path.basename(page)} renders with warnings: {result.stderr.strip()}")
    # Overstrikes, in case a man configuration keeps them.
    return re.sub(r".\x08", "", result.stdout)


def manual_sections(text):
    """The COMMANDS section of the rendered page, split by its subsections."""
    sections = {}
    current = None
    in_commands = False
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Z ]+$", line):
            in_commands = line.strip() == "COMMANDS"
            current = None
            continue
        if not in_commands:
            continue
        match = re.match(r"^ {3}(\S+)$", line)
        if match:
            current = match.group(1)
            sections[current] = []
        elif current:
            sections[current].append(line)
    return {name: "\n".join(lines) for name, lines in sections.items()}


def documented_options(section):
    """Options the page defines for a command: its tagged paragraphs."""
    options = set()
    for line in section.splitlines():
        if re.match(r"^ {7}-", line):
            options.update(re.findall(r"(?<![\w-])(--[a-z0-9][a-z0-9-]*|-\w)(?![\w-])", line))
    return options


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("--page")
    parser.add_argument("--app-page")
    args = parser.parse_args()

    commands = list_commands(args.cli)
    options = {command: command_options(args.cli, command) for command in commands}
    print(f"commands: {', '.join(commands)}")

    if args.page:
        text = render(args.page)
        if text is not None:
            sections = manual_sections(text)
            for command in commands:
                section = sections.get(command)
                if section is None:
                    fail(f"spindle-cli.1 has no section for “{command}”")
                    continue
                if f"spindle-cli {command}" not in section:
                    fail(f"spindle-cli.1: the “{command}” section has no synopsis")
                for option in sorted(options[command]):
                    if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section):
                        fail(f"spindle-cli.1 does not document {command} {option}")
                for option in sorted(documented_options(section) - options[command]):
                    fail(f"spindle-cli.1 documents {command} {option}, which --help does not list")
            for name in sections:
                if name not in commands:
                    fail(f"spindle-cli.1 documents a command “{name}” that spindle-cli --help does not list")
    else:
        print("SKIP: spindle-cli.1 was not built (no scdoc)")

    if args.app_page:
        render(args.app_page)

    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
