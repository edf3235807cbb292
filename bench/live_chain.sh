#!/usr/bin/env bash
# How many viewers one nginx edge serves: nginx from Debian with the project's configuration
# (deploy/nginx/, moved onto a loopback port) serves the demo tour as HLS (docent-broadcast,
# 2 s segments), and wrk measures the request rate and throughput it holds for the playlist and
# for a segment. From the demo's bitrate and one playlist poll per segment per viewer, the
# viewers one such edge serves follow. Prints a table and writes OUT/live_chain.json.
# Usage: bench/live_chain.sh [OUT_DIR]   (needs DOCENT_BIN and wrk: install-deps.sh bench)
# Measures only: it never fails on a slow machine.
set -euo pipefail

out="${1:-build/bench/live-chain}"
bin="${DOCENT_BIN:-build/bin}"
here="$(cd "$(dirname "$0")/.." && pwd)"
tour="$(dirname "$bin")/scenes/demo/tour.ts"
command -v wrk >/dev/null || { echo "live_chain: wrk is missing (scripts/install-deps.sh bench)" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out/www/live" "$out/nginx/temp"
out="$(cd "$out" && pwd)"

"$bin/docent-broadcast" "$tour" --out "hls:$out/www/live" --log-file none >/dev/null
bitrate=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 "$tour")

port=$((20000 + RANDOM % 20000))
sed -e "s|user www-data;|daemon off;\nmaster_process on;|" \
    -e "s|/run/docent-nginx.pid|$out/nginx/nginx.pid|" \
    -e "s|/var/log/nginx/|$out/nginx/|" \
    -e "s|http {|http {\n    client_body_temp_path $out/nginx/temp;|" \
    "$here/deploy/nginx/docent-nginx.conf" >"$out/nginx/docent-nginx.conf"
sed -e "s|listen 8080;|listen 127.0.0.1:$port;|" -e "/listen \[::\]:8080;/d" \
    -e "s|/var/www/docent|$out/www|" \
    "$here/deploy/nginx/docent-site.conf" >"$out/nginx/docent-site.conf"
# The access log would measure the disk: off for the load test.
sed -i "s|access_log $out/nginx/docent-access.log docent;|access_log off;|" "$out/nginx/docent-nginx.conf"
nginx -p "$out/nginx" -e "$out/nginx/error.log" -c "$out/nginx/docent-nginx.conf" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/live/index.m3u8" >/dev/null 2>&1 && break
    sleep 0.1
done

measure() { # URL -> "requests/s bytes/s"
    wrk -t2 -c64 -d10s --latency "$1" >"$out/wrk.txt"
    local rps bps
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/wrk.txt")
    bps=$(awk '/^Transfer\/sec:/ {v=$2; u=substr(v, length(v)-1); n=v+0;
        if (u=="GB") n*=1024*1024*1024; else if (u=="MB") n*=1024*1024; else if (u=="KB") n*=1024;
        print n}' "$out/wrk.txt")
    echo "$rps $bps"
}
read -r playlist_rps _ < <(measure "http://127.0.0.1:$port/live/index.m3u8")
segments=("$out"/www/live/*.ts)
segment=$(basename "${segments[4]}")
read -r segment_rps segment_bps < <(measure "http://127.0.0.1:$port/live/$segment")

python3 - "$out" "$bitrate" "$playlist_rps" "$segment_rps" "$segment_bps" <<'PY'
import json, os, platform, subprocess, sys
out, bitrate, p_rps, s_rps, s_bps = sys.argv[1], float(sys.argv[2]), *map(float, sys.argv[3:])
segment_seconds = 2.0
# A viewer reads the tour's bytes in real time and polls the playlist once per segment.
by_bytes = s_bps / (bitrate / 8.0)
by_playlist = p_rps * segment_seconds
viewers = min(by_bytes, by_playlist)
nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
result = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
          "nginx": nginx, "demo_bitrate_kbps": round(bitrate / 1000),
          "playlist_requests_per_s": p_rps, "segment_requests_per_s": s_rps,
          "segment_mib_per_s": round(s_bps / 1048576, 1),
          "viewers_by_throughput": int(by_bytes), "viewers_by_playlist_polls": int(by_playlist),
          "viewers_per_edge": int(viewers)}
json.dump(result, open(os.path.join(out, "live_chain.json"), "w"), indent=2)
print(f"live chain on loopback ({result['cpus']} CPUs, {nginx}, wrk -t2 -c64 -d10s)")
print(f"  demo tour bitrate          {result['demo_bitrate_kbps']} kbit/s")
print(f"  playlist                   {p_rps:.0f} requests/s")
print(f"  segment                    {s_rps:.0f} requests/s, {result['segment_mib_per_s']} MiB/s")
print(f"  viewers one edge serves    {result['viewers_per_edge']} "
      f"(throughput: {result['viewers_by_throughput']}, playlist polls: "
      f"{result['viewers_by_playlist_polls']})")
PY
