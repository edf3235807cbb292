#!/usr/bin/env bash
# The live chain with as many viewers as the machine holds: runs the scale test (nginx with the
# project's config, docent-broadcast live into it, N headless real-time docent viewers joining
# over 12 s) with DOCENT_SCALE_VIEWERS=N, then prints each viewer's live latency (p50/p95, from
# the producer's stamps in the cues) and what it dropped. The test itself checks that every
# viewer fired every cue on the same frames.
# Usage: bench/live_viewers.sh [N] [BUILD_DIR]   (default 16 viewers)
set -euo pipefail

viewers="${1:-16}"
build="$(cd "${2:-build}" && pwd)"
status=0
(cd "$build" && DOCENT_SCALE_VIEWERS="$viewers" ctest -L scale -R "live tour through nginx" \
    --output-on-failure >"$build/live_viewers.log" 2>&1) || status=$?
dir=$(find "$build/test-output" -maxdepth 1 -name 'scale-*' -printf '%T@ %p\n' | sort -n |
    tail -1 | cut -d' ' -f2-)
python3 - "$dir" "$viewers" "$status" <<'PY'
import glob, json, os, sys
folder, n, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print(f"{n} live viewers through nginx: cues on the same frames for all: "
      f"{'yes' if status == 0 else 'NO (see live_viewers.log)'}")
print(f"{'viewer':>7} {'latency p50 ms':>15} {'p95 ms':>8} {'presented':>10} {'dropped':>8} {'stalls':>7}")
for path in sorted(glob.glob(os.path.join(folder, "viewer-*.json")),
                   key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0])):
    v = json.load(open(path))["video"]
    name = os.path.basename(path)[7:-5]
    print(f"{name:>7} {v['latency_ms']['p50'] or 0:15.0f} {v['latency_ms']['p95'] or 0:8.0f} "
          f"{v['presented']:10d} {v['dropped']:8d} {v['stalls']:7d}")
PY
exit "$status"
