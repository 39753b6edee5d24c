#!/bin/sh
# Installs Spindle into a temporary prefix, updates the desktop and MIME
# databases there, and checks that the desktop sees Spindle as the
# application for cue sheets, and recognises a raw CD image by its sync
# pattern rather than its name.
set -eu
build=$SPINDLE_BUILD_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

DESTDIR="$tmp/root" meson install -C "$build" --no-rebuild --quiet
prefix=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
share="$tmp/root$prefix/share"

update-desktop-database "$share/applications"
update-mime-database "$share/mime"

# GIO ignores an entry whose Exec program is not on PATH.
export PATH="$tmp/root$prefix/bin:$PATH"
export XDG_DATA_DIRS="$share:/usr/share"
export XDG_DATA_HOME="$tmp/home-data" XDG_CONFIG_HOME="$tmp/home-config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

out=$(gio mime application/x-cue)
echo "$out"
echo "$out" | grep -q 'io.github.spindle.Spindle.desktop' || { echo "Spindle is not an application for application/x-cue"; exit 1; }

out=$(gio mime application/x-raw-cd-image)
echo "$out" | grep -q 'io.github.spindle.Spindle.desktop' || { echo "Spindle is not an application for raw CD images"; exit 1; }

# A .bin with the sync pattern is a raw CD image; one without it is not.
printf '\000\377\377\377\377\377\377\377\377\377\377\000\000\002\000\001' > "$tmp/disc.bin"
head -c 2336 /dev/zero >> "$tmp/disc.bin"
head -c 2352 /dev/zero > "$tmp/firmware.bin"
type=$(gio info -a standard::content-type "$tmp/disc.bin" | sed -n 's/.*standard::content-type: //p')
echo "disc.bin: $type"
[ "$type" = "application/x-raw-cd-image" ] || { echo "disc.bin not recognised by its sync pattern"; exit 1; }
type=$(gio info -a standard::content-type "$tmp/firmware.bin" | sed -n 's/.*standard::content-type: //p')
echo "firmware.bin: $type"
[ "$type" != "application/x-raw-cd-image" ] || { echo "firmware.bin wrongly taken for a raw CD image"; exit 1; }
echo ok
