#!/usr/bin/env python3
# Checks the Flatpak manifest as far as a machine without network can:
#
#  - the comments are block comments without a slash (json-glib 1.6, which
#    flatpak-builder uses on Debian 12, ends a comment at the first slash);
#  - without them it is valid JSON with the keys and the policy we want:
#    the GNOME runtime, finish-args limited to what Spindle needs, every
#    downloaded source pinned by an https URL and a sha256, Spindle last;
#  - flatpak-builder --show-manifest parses it without a warning (an unknown
#    or misspelt property only gives a warning) and reads back exactly what
#    we wrote, so no property was dropped.
#
# Usage: check-manifest.py MANIFEST [FLATPAK_BUILDER]
# Exit status 0 when every check passes, 1 otherwise (each failure printed).

import json
import os
import re
import subprocess
import sys
import tempfile

failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}")


def strip_comments(text):
    """Returns (text without /* */ comments, list of comment bodies).

    A small scanner rather than a regular expression, so "/*" inside a JSON
    string is left alone."""
    out = []
    comments = []
    i = 0
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                fail("a comment is not closed")
                return "".join(out), comments
            comments.append(text[i + 2:end])
            out.append(" ")
            i = end + 2
        elif text.startswith("//", i):
            fail(f"line {text.count(chr(10), 0, i) + 1}: a // comment "
                 "(json-glib only skips /* */ comments)")
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        else:
            out.append(c)
            i += 1
    return "".join(out), comments


def check_structure(manifest):
    app_id = manifest.get("id", manifest.get("app-id"))
    if app_id != "io.github.spindle.Spindle":
        fail(f"id is {app_id!r}, not io.github.spindle.Spindle")
    if manifest.get("runtime") != "org.gnome.Platform":
        fail("runtime is not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        fail("sdk is not org.gnome.Sdk")
    version = manifest.get("runtime-version")
    # GNOME 43 is the first runtime with GTK 4.8 and libadwaita 1.2.
    if not isinstance(version, str) or not version.isdigit() or int(version) < 43:
        fail(f"runtime-version {version!r} is not a GNOME release >= 43 (GTK 4.8, libadwaita 1.2)")
    if manifest.get("command") != "spindle":
        fail("command is not spindle")

    args = manifest.get("finish-args")
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        fail("finish-args is not a list of strings")
        args = []
    if len(set(args)) != len(args):
        fail("finish-args has duplicates")
    for needed in ("--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=all"):
        if needed not in args:
            fail(f"finish-args lacks {needed}")
    allowed_prefixes = ("--share=ipc", "--socket=wayland", "--socket=fallback-x11",
                        "--device=all", "--filesystem=")
    for arg in args:
        if not arg.startswith(allowed_prefixes):
            fail(f"finish-args: {arg} is not something Spindle needs")
        if arg.startswith("--filesystem="):
            place = arg[len("--filesystem="):]
            if not place.endswith(":ro"):
                fail(f"finish-args: {arg} is not read-only")
            if place.split(":")[0] in ("home", "host", "host-os", "host-etc", "~", "/"):
                fail(f"finish-args: {arg} opens the whole home or host: use the portals")

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        fail("no modules")
        return
    names = [m.get("name") if isinstance(m, dict) else None for m in modules]
    for needed in ("libburn", "libcdio", "cdrdao"):
        if needed not in names:
            fail(f"no {needed} module")
    for library in ("json-glib", "libsndfile", "glib", "gtk", "libadwaita"):
        if library in names:
            fail(f"{library} is in the runtime; it should not be built")
    if names[-1] != "spindle":
        fail("the last module is not spindle")

    expected_urls = {
        "libburn": r"^https://files\.libburnia-project\.org/releases/libburn-1\.5\.\d+\.tar\.gz$",
        "libcdio": r"^https://ftp\.gnu\.org/gnu/libcdio/libcdio-2\.1\.\d+\.tar\.(bz2|gz)$",
        "cdrdao": r"^https://downloads\.sourceforge\.net/cdrdao/cdrdao-1\.2\.\d+\.tar\.bz2$",
    }
    for module in modules:
        if not isinstance(module, dict):
            fail("a module is not an object")
            continue
        name = module.get("name")
        sources = module.get("sources")
        if not isinstance(sources, list) or not sources:
            fail(f"module {name}: no sources")
            continue
        for source in sources:
            kind = source.get("type")
            if kind in ("archive", "file"):
                url = source.get("url", "")
                if not url.startswith("https://"):
                    fail(f"module {name}: {url!r} is not an https URL")
                if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                    fail(f"module {name}: no sha256 for {url}")
                if name in expected_urls and not re.match(expected_urls[name], url):
                    fail(f"module {name}: {url} is not the release tarball we expect")
            elif kind == "dir":
                if name != "spindle":
                    fail(f"module {name}: only Spindle itself comes from a local folder")
            else:
                fail(f"module {name}: source type {kind!r} (expected archive, or dir for spindle)")

    spindle = modules[-1]
    if spindle.get("buildsystem") != "meson":
        fail("spindle does not build with meson")
    if "-Dapp=enabled" not in spindle.get("config-opts", []):
        fail("spindle is not configured with -Dapp=enabled")
    if spindle.get("run-tests"):
        fail("spindle's tests need tools the SDK lacks; run-tests must stay off")
    if [s.get("path") for s in spindle.get("sources", [])] != [".."]:
        fail("spindle is not built from this checkout (a dir source with path ..)")


def check_flatpak_builder(path, builder, manifest):
    # --show-manifest still makes its state folder (.flatpak-builder) in the
    # current one: keep it out of the source and build trees.
    with tempfile.TemporaryDirectory(prefix="spindle-flatpak-") as state:
        result = subprocess.run([builder, "--show-manifest", os.path.abspath(path)],
                                capture_output=True, text=True, timeout=120, cwd=state)
    if result.returncode != 0:
        fail(f"flatpak-builder --show-manifest exited {result.returncode}: {result.stderr.strip()}")
        return
    if result.stderr.strip():
        fail(f"flatpak-builder --show-manifest warned: {result.stderr.strip()}")
    try:
        shown = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        fail(f"flatpak-builder --show-manifest printed no JSON: {error}")
        return
    ours = dict(manifest)
    if "app-id" in ours:
        ours["id"] = ours.pop("app-id")
    if shown != ours:
        fail("flatpak-builder read back a different manifest (a property it does not know was dropped)")


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__ or "usage: check-manifest.py MANIFEST [FLATPAK_BUILDER]", file=sys.stderr)
        return 2
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        text = f.read()

    stripped, comments = strip_comments(text)
    for body in comments:
        if "/" in body:
            line = next(l for l in body.splitlines() if "/" in l)
            fail(f"a comment has a slash, which ends it early for json-glib 1.6: {line.strip()!r}")
    try:
        manifest = json.loads(stripped)
    except json.JSONDecodeError as error:
        fail(f"not valid JSON once comments are removed: {error}")
        return 1
    if not isinstance(manifest, dict):
        fail("the manifest is not a JSON object")
        return 1
    check_structure(manifest)

    if len(sys.argv) == 3:
        check_flatpak_builder(path, sys.argv[2], manifest)
    else:
        print("SKIP: flatpak-builder not found; structure checked only")

    if failures:
        print(f"{len(failures)} problem(s) in {path}")
        return 1
    print(f"ok: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
