#!/usr/bin/env bash
# Screenshots of the real app for README: runs the release binary under Xvfb once per view (each
# with a fresh settings folder and its start-up options) and captures the window with ImageMagick.
# Usage: bash scripts/screenshots.sh [OUT_DIR]
# CROSSWALK_BIN names another binary; CROSSWALK_SHOT_DELAY (seconds, default 4) waits longer for the
# first frames of a slow build (a debug binary on a busy machine) before each capture.
# CROSSWALK_SHOTS=exports renders only the exports (screenshots/export-*.png), which need the command
# line but no window; CROSSWALK_SHOTS=window only the window's views; the default is both.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-screenshots}"
mkdir -p "$out"
binary="${CROSSWALK_BIN:-target/release/crosswalk}"
[ -x "$binary" ] || cargo build --release --locked

# shot NAME [crosswalk options…]; with HOVER_AT="X Y" the pointer rests there before the capture (a tooltip).
shot() {
    local name="$1"; shift
    local home; home="$(mktemp -d)"
    mkdir -p "$home/run"; chmod 700 "$home/run"
    # A busy machine sometimes starts Xvfb too slowly for the first connection: try a view three times.
    local attempt
    for attempt in 1 2 3; do
        XDG_RUNTIME_DIR="$home/run" XDG_CACHE_HOME="$home/cache" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
        xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
            set -euo pipefail
            unset WAYLAND_DISPLAY
            out="$1"; shift; binary="$1"; shift; delay="$1"; shift
            "$binary" "$@" & app=$!
            trap "kill $app 2>/dev/null || true" EXIT
            window=""
            for _ in $(seq 1 60); do
                window="$(xdotool search --name "^Crosswalk" 2>/dev/null | head -1 || true)"
                [ -n "$window" ] && break
                sleep 0.5
            done
            [ -n "$window" ] || { echo "screenshots: the window did not appear" >&2; exit 1; }
            xdotool windowsize "$window" 1360 860
            xdotool windowmove "$window" 0 0
            # The pointer rests on empty space at the end of the search row, so no tooltip opens.
            xdotool mousemove 1350 62
            sleep "$delay"
            if [ -n "${HOVER_AT:-}" ]; then
                # Arrive next to the words, then on them, as a hand would, and let the tooltip open.
                read -r x y <<< "$HOVER_AT"
                xdotool mousemove "$((x - 6))" "$y"; sleep 0.5
                xdotool mousemove "$x" "$y"; sleep 2
            fi
            import -window "$window" "$out"
        ' _ "$out/$name.png" "$binary" "${CROSSWALK_SHOT_DELAY:-4}" "$@" && break
        [ "$attempt" -lt 3 ] || { rm -rf "$home"; return 1; }
        sleep 2
    done
    rm -rf "$home"
    echo "screenshots: $out/$name.png"
}

shots="${CROSSWALK_SHOTS:-all}"
if [ "$shots" != exports ]; then
shot reader --open uncc:art_24
shot search --open uncc:art_2 --search "service provider"
shot pairs --open uncc:art_7__para_2 --inline
shot evidence --open uncc:art_28__para_4
shot annotations --open uncc:art_24__para_1 --annotations tests/data/good/teacher.ron
shot matrix --matrix
# The pointer on "Articles 14 and 15" in Budapest Art. 16(4), then on "electronic data" in UN Art. 25(1).
HOVER_AT="${REFERENCE_AT:-1095 339}" shot reference --open bc:art_16__para_4
HOVER_AT="${DEFINITION_AT:-667 445}" shot definition --open bc:art_16__para_4
shot presentation --lesson texts/lessons/safeguards-and-cooperation.ron --stop 3 --present
shot questions --question q-compelled-assistance --open uncc:art_28__para_4
# "Compare a national law": the example bill imported as `xl`, shown in the right pane beside the UN
# Convention with the review layer's notes and links, its section 4 selected, word by word inline.
bill_dir="$(mktemp -d)"
"$binary" import tests/data/instruments/cybercrime-bill.txt --id xl --title "Cybercrime Bill, 2026" \
    -o "$bill_dir/xl.md" >/dev/null
shot national-law --instrument "$bill_dir/xl.md" --right xl --open xl:sec_4 \
    --annotations tests/data/instruments/bill-review.ron --inline
rm -rf "$bill_dir"
fi
[ "$shots" != window ] || exit 0

# page_with PDF REGEX: the first page after the first with a line REGEX (grep -E) matches (the first
# page holds the summary of changes, which names every section too).
page_with() {
    local pages page
    pages="$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')"
    for page in $(seq 2 "$pages"); do
        if pdftotext -f "$page" -l "$page" "$1" - 2>/dev/null | sed 's/ *$//' | grep -E "$2" >/dev/null; then
            echo "$page"
            return
        fi
    done
    echo "screenshots: no page of $1 has a line matching $2" >&2
    return 1
}

# Exports of the same selection, rendered as people will see them: the HTML in headless Chromium,
# the DOCX through LibreOffice, the PDF directly. The selection has two pairs, a provision only in the
# UN Convention (Art. 20) and one only in the Budapest Convention (Art. 10), so the summary of
# changes (first pages) lists all four with their pages and a page shows a whole provision inserted.
work="$(mktemp -d)"
selection=pairs=uncc:art_7,uncc:art_20,uncc:art_24,bc:art_10
one_sided='^UN Art\. 20 \(only in the UN Convention\)$'
"$binary" export --format html --select "$selection" --annotations tests/data/good/teacher.ron -o "$work/export.html"
"$binary" export --format docx --select "$selection" --annotations tests/data/good/teacher.ron -o "$work/export.docx"
"$binary" export --format pdf --select "$selection" --annotations tests/data/good/teacher.ron -o "$work/export.pdf"
if command -v chromium >/dev/null; then
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run \
        --user-data-dir="$work/chromium" --window-size=1200,1500 --screenshot="$out/export-html.png" "file://$work/export.html" 2>/dev/null
    echo "screenshots: $out/export-html.png"
fi
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then
    soffice "-env:UserInstallation=file://$work/lo" --headless --convert-to pdf --outdir "$work/docx" "$work/export.docx" >/dev/null 2>&1
    pdftoppm -r 70 -f 1 -l 1 -png -singlefile "$work/docx/export.pdf" "$out/export-docx"
    echo "screenshots: $out/export-docx.png"
fi
if command -v pdftoppm >/dev/null; then
    pdftoppm -r 70 -f 1 -l 1 -png -singlefile "$work/export.pdf" "$out/export-pdf"
    echo "screenshots: $out/export-pdf.png"
    page="$(page_with "$work/export.pdf" "$one_sided")"
    pdftoppm -r 70 -f "$page" -l "$page" -png -singlefile "$work/export.pdf" "$out/export-pdf-one-sided"
    echo "screenshots: $out/export-pdf-one-sided.png"
fi
# The PDF with notes in Arabic (shaped, right to left), Chinese (a system CJK font) and Russian: the
# page of UN Art. 24 | Budapest Art. 15 where they are listed.
"$binary" export --format pdf --select pairs=uncc:art_24 --annotations scripts/data/multilingual-notes.ron -o "$work/multilingual.pdf"
if command -v pdftoppm >/dev/null; then
    page="$(page_with "$work/multilingual.pdf" '司法或其他独立审查')"
    pdftoppm -r 80 -f "$page" -l "$page" -png -singlefile "$work/multilingual.pdf" "$out/export-pdf-multilingual"
    echo "screenshots: $out/export-pdf-multilingual.png"
fi
# The redline DOCX (tracked changes by "Budapest Convention → UN Convention") as LibreOffice shows it:
# the page with the provisions without counterpart, one whole deletion and one whole insertion.
"$binary" export --format docx --layout redline --select "$selection" --annotations tests/data/good/teacher.ron -o "$work/redline.docx"
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then
    soffice "-env:UserInstallation=file://$work/lo" --headless --convert-to pdf --outdir "$work/redline" "$work/redline.docx" >/dev/null 2>&1
    page="$(page_with "$work/redline/redline.pdf" "$one_sided")"
    pdftoppm -r 70 -f "$page" -l "$page" -png -singlefile "$work/redline/redline.pdf" "$out/export-docx-redline"
    echo "screenshots: $out/export-docx-redline.png"
fi
# A brief of two shipped questions as a PDF: the page where the first question begins.
"$binary" export --format pdf --select questions=q-compelled-assistance,q-dual-criminality -o "$work/brief.pdf"
if command -v pdftoppm >/dev/null; then
    pdftoppm -r 70 -f 3 -l 3 -png -singlefile "$work/brief.pdf" "$out/export-brief-pdf"
    echo "screenshots: $out/export-brief-pdf.png"
fi
rm -rf "$work"
