#!/usr/bin/env bash
# Regenerates the golden exports in tests/golden/ on purpose: runs the golden test (which never writes
# tests/golden itself; it leaves what it printed in $GOLDEN_OUT), then copies those files over and runs
# the test again. Review `git diff --stat tests/golden` and the exports themselves before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
GOLDEN_OUT="$(mktemp -d)"
export GOLDEN_OUT
trap 'rm -rf "$GOLDEN_OUT"' EXIT
cargo test --locked --test export golden_exports_of_a_fixed_selection || true
if [ -z "$(ls -A "$GOLDEN_OUT")" ]; then
    echo "update-goldens: every golden file is up to date"
    exit 0
fi
cp -v "$GOLDEN_OUT"/* tests/golden/
cargo test --locked --test export golden_exports_of_a_fixed_selection
