#!/usr/bin/env bash
# The visitor's main screens in each language, for judging the UI by eye: the live view (the demo
# tour sent live over SRT by docent-broadcast), the commentary card (an artwork opened from the
# list) and the replay view, each in Chinese, French and English, at 1280x720, into
# build/screenshots/; and a screen recording of the kiosk (kiosk.mp4): the attract loop, a visitor
# touching the screen and opening an artwork, walking away, the "still there?" countdown and the
# reset back to the attract loop.
# Usage: tools/ui-screenshots.sh [BUILD_DIR]   (make screenshots)
set -euo pipefail
build="${1:-build}"
bin="$build/bin"
out="$build/screenshots"
tour="$build/scenes/demo/tour.ts"
mkdir -p "$out"
# A fixed clock and zone, as in the UI tests: the next tour's time reads the same every run.
export TZ=CST-8 XDG_CONFIG_HOME="$out/config" XDG_STATE_HOME="$out/state"
common=(--headless --size 1280x720 --reduced-motion --now 2026-12-01T10:00:00+01:00)
port=$((20000 + RANDOM % 20000))

for lang in zh fr en; do
    # The replay, 4 s in: the guide at the dancer, her card and a caption showing.
    "$bin/docent" "${common[@]}" --lang "$lang" --frames 120 \
        --screenshot "$out/replay-$lang.png" >/dev/null
    # A card opened from the artwork list while wandering: the first moon.
    printf '10 click @artworks\n20 click @artwork:moon-harbour\n' >"$out/card.input"
    "$bin/docent" "${common[@]}" --lang "$lang" --frames 40 --wander --input "$out/card.input" \
        --screenshot "$out/card-$lang.png" >/dev/null
    # Live: the tour sent in real time, the viewer joining it.
    "$bin/docent-broadcast" "$tour" --duration 14 \
        --out "srt://127.0.0.1:$port?mode=listener" >/dev/null 2>&1 &
    sender=$!
    sleep 1
    "$bin/docent" "${common[@]}" --lang "$lang" --stream "srt://127.0.0.1:$port" --duration 6 \
        --screenshot "$out/live-$lang.png" >/dev/null || true
    kill "$sender" 2>/dev/null || true
    wait "$sender" 2>/dev/null || true
    port=$((port + 1))
done
# The kiosk, 15 frames a second: attract for 6 s, a touch, the artwork list and a card, then
# nobody: 15 s idle, the 8 s countdown, the reset, and the attract loop again.
cat >"$out/kiosk.json" <<'JSON'
{"admin_pin": "2468", "idle_seconds": 15, "countdown_seconds": 8, "tours": []}
JSON
printf '90 tap 640 400\n120 click @artworks\n150 click @artwork:moon-harbour\n' >"$out/kiosk.input"
"$bin/docent" --mode kiosk --config "$out/kiosk.json" --headless --size 1280x720 --fps 15 \
    --frames 720 --now 2026-12-01T10:00:00+01:00 --input "$out/kiosk.input" \
    --record "$out/kiosk.mp4" --stats "$out/kiosk.json.stats" >/dev/null
python3 -c 'import json, sys; print("kiosk:", json.load(open(sys.argv[1]))["kiosk"]["history"])' \
    "$out/kiosk.json.stats"
ls -1 "$out"/*.png "$out"/kiosk.mp4
