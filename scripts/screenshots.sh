#!/usr/bin/env bash
# Screenshots of the real app for README: runs the release binary under Xvfb, drives it with
# xdotool, and captures the window with ImageMagick. Usage: bash scripts/screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-screenshots}"
mkdir -p "$out"
binary="${CROSSWALK_BIN:-target/release/crosswalk}"
[ -x "$binary" ] || cargo build --release --locked
title="Crosswalk"

export XDG_RUNTIME_DIR="$(mktemp -d)" XDG_CACHE_HOME="$(mktemp -d)" XDG_DATA_HOME="$(mktemp -d)" XDG_CONFIG_HOME="$(mktemp -d)"
chmod 700 "$XDG_RUNTIME_DIR"
export CROSSWALK_OUT="$out" CROSSWALK_BIN_PATH="$binary" CROSSWALK_TITLE="$title"

xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
set -euo pipefail
unset WAYLAND_DISPLAY
"$CROSSWALK_BIN_PATH" & app=$!
trap "kill $app 2>/dev/null || true" EXIT
window=""
for _ in $(seq 1 60); do
    window="$(xdotool search --name "^${CROSSWALK_TITLE}" 2>/dev/null | head -1 || true)"
    [ -n "$window" ] && break
    sleep 0.5
done
[ -n "$window" ] || { echo "screenshots: the window did not appear" >&2; exit 1; }
xdotool windowsize "$window" 1360 860; xdotool windowmove "$window" 0 0
# No window manager runs under Xvfb: give the window keyboard focus explicitly.
xdotool windowfocus "$window" 2>/dev/null || true
sleep 3
shot() { sleep 1.5; import -window "$window" "$CROSSWALK_OUT/$1.png"; echo "screenshots: $CROSSWALK_OUT/$1.png"; }
click() { xdotool mousemove --window "$window" "$1" "$2" click 1; sleep 0.6; }
# 1. Both treaties, outline open on Chapter IV, Article 24 selected.
click 150 152   # "Chapter IV – Procedural measures and law enforcement" in the outline
click 150 198   # "Art. 24 Conditions and safeguards"
shot reader
# 2. A search in progress: click the search box, type, step to the third match.
xdotool key ctrl+f; sleep 0.5
xdotool type --delay 40 "service provider"; sleep 0.5
xdotool key Return; sleep 0.3; xdotool key Return; sleep 0.3; xdotool key Return
shot search
'
