#!/usr/bin/env bash
# The kiosk's real-time soak: docent --mode kiosk runs headless in real time for SECONDS during
# one long scheduled tour whose live broadcast (docent-broadcast's test pattern over UDP on
# loopback) goes away and comes back again and again -- every loss shorter than the kiosk's grace
# period, so each must end in a reconnect. At the end: losses caused, reconnects seen, and the
# process's memory, file descriptors and threads sampled every 10 s (warm-up vs. end).
# Usage: bench/kiosk_soak.sh [SECONDS] [OUT_DIR]   (default 7200 s; figures in OUT_DIR/soak.json)
# Needs DOCENT_BIN (the build's bin folder). Measures only: prints, never fails on figures.
# DOCENT_SOAK_ON="MIN MAX" and DOCENT_SOAK_OFF="MIN MAX" set the seconds on and off air
# (default "60 180" and "5 45").
set -euo pipefail

seconds="${1:-7200}"
out="${2:-build/bench/kiosk-soak}"
bin="${DOCENT_BIN:-build/bin}"
mkdir -p "$out"
port=$((30000 + RANDOM % 20000))
start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
minutes=$(((seconds + 600) / 60))
cat >"$out/kiosk.json" <<JSON
{"admin_pin": "2468", "idle_seconds": 60, "countdown_seconds": 10, "grace_seconds": 90,
 "live_url": "udp://127.0.0.1:$port", "tours": [{"start": "$start", "minutes": $minutes}]}
JSON
export XDG_STATE_HOME="$out/state" XDG_CONFIG_HOME="$out/config"

"$bin/docent" --mode kiosk --config "$out/kiosk.json" --headless --realtime --size 160x90 \
    --fps 10 --duration "$seconds" --stats "$out/stats.json" --log-file "$out/docent.log" \
    >"$out/docent.out" 2>&1 &
viewer=$!

read -r on_min on_max <<<"${DOCENT_SOAK_ON:-60 180}"
read -r off_min off_max <<<"${DOCENT_SOAK_OFF:-5 45}"
losses=0
end=$((SECONDS + seconds - 30))
while [ "$SECONDS" -lt "$end" ] && kill -0 "$viewer" 2>/dev/null; do
    "$bin/docent-broadcast" --test-pattern 160x90 --out "udp://127.0.0.1:$port" \
        --log-file none >/dev/null 2>&1 &
    sender=$!
    sleep $((on_min + RANDOM % (on_max - on_min + 1)))
    kill "$sender" 2>/dev/null || true
    wait "$sender" 2>/dev/null || true
    [ "$SECONDS" -lt "$end" ] || break
    losses=$((losses + 1))
    sleep $((off_min + RANDOM % (off_max - off_min + 1))) # under the 90 s grace period
done
"$bin/docent-broadcast" --test-pattern 160x90 --out "udp://127.0.0.1:$port" --log-file none \
    >/dev/null 2>&1 &
sender=$!
wait "$viewer" || true
kill "$sender" 2>/dev/null || true
wait "$sender" 2>/dev/null || true

python3 - "$out/stats.json" "$losses" "$seconds" <<'PY' | tee "$out/soak.txt"
import json, sys
stats = json.load(open(sys.argv[1]))
losses, seconds = int(sys.argv[2]), float(sys.argv[3])
r = stats["resources"]
warm = next((s for s in r if s["seconds"] >= 300), r[0])
last = r[-1]
streams = stats["kiosk"]["streams"]
print(f"kiosk real-time soak: {seconds:.0f} s, stream losses caused: {losses}, "
      f"seen: {streams['losses']}, reconnects: {streams['reconnects']}, "
      f"of them restarts of a wedged stream: {streams['restarts']}, "
      f"live joins: {stats['kiosk']['live_joins']}, kiosk history: {stats['kiosk']['history']}")
print(f"  video frames presented: {streams['presented']}, dropped: {streams['dropped']}")
for key in ("rss_mb", "heap_mb", "fds", "threads"):
    print(f"  {key}: warm-up (t={warm['seconds']:.0f} s) {warm[key]}, end {last[key]}, "
          f"max after warm-up {max(s[key] for s in r if s['seconds'] >= warm['seconds'])}")
json.dump({"seconds": seconds, "losses": losses, "losses_seen": streams["losses"],
           "reconnects": streams["reconnects"], "restarts": streams["restarts"],
           "warm": warm, "end": last}, open(sys.argv[1].replace("stats.json", "soak.json"), "w"))
PY
