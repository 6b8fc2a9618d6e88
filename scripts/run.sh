#!/usr/bin/env bash
# Build and start Crosswalk on its embedded texts. On a Debian/Ubuntu machine without a desktop it first
# installs the run-time libraries the window needs (keyboard map, Vulkan/GL software drivers, fonts).
# Extra arguments go to the app: `bash scripts/run.sh show uncc:art_24`.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(libxkbcommon-x11-0 libvulkan1 mesa-vulkan-drivers libgl1-mesa-dri libegl1 libegl-mesa0 libfontconfig1 libdbus-1-3)
if command -v dpkg >/dev/null && command -v apt-get >/dev/null; then
    missing=()
    for package in "${packages[@]}"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
fi
exec cargo run --release --locked -- "$@"
