#!/usr/bin/env bash
# The benchmark suite's smoke run (ctest label bench): every case on short inputs, once, and the
# report from its results. It checks that each case ran and measured what it says (not how fast:
# figures never fail a test), and that the replay fires every cue on its own frame.
# Usage: smoke.sh BIN_DIR WORK_DIR [GLTF_REF_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"
work="$2"
ref="${3:-}"
rm -rf "$work"
mkdir -p "$work"
"$here/suite.py" --smoke --bin "$bin" --work "$work" --results "$work/results" \
    ${ref:+--gltf-ref "$ref"}
"$here/report.py" --results "$work/results" --out "$work/PERFORMANCE.md" --images "$work/images"
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
load = lambda name: json.load(open(os.path.join(work, "results", name + ".json")))
problems = []
def check(ok, what):
    if not ok:
        problems.append(what)

opened = load("open")
names = [g["name"] for g in opened["galleries"]]
check("demo gallery" in names and "stress gallery" in names, "open: galleries %s" % names)
for g in opened["galleries"]:
    for mode in ("docent_full", "docent_progressive"):
        check(g[mode]["failures"] == 0, "open: docent %s failed on %s" % (mode, g["name"]))
        check(g[mode]["first_frame_s"] and g[mode]["first_frame_s"]["median"] > 0,
              "open: no first frame for %s %s" % (mode, g["name"]))
        check(g[mode]["peak_rss_mb"]["median"] > 0, "open: no peak RSS for %s" % g["name"])
walk = load("walk")
for key in ("no_video", "video_1080p30"):
    check(walk[key]["frames_per_run"] == walk["frames"], "walk %s: frames" % key)
    check(walk[key]["p95_ms"]["median"] >= walk[key]["p50_ms"]["median"] > 0,
          "walk %s: percentiles" % key)
check(walk["video_1080p30"]["video_presented"] > 0, "walk: the 1080p30 panel showed nothing")
check(not walk["no_video"]["video_presented"], "walk: video where there was none")
scan = load("scanwalk")
for key in ("scan", "imported"):
    check(scan[key]["frames_per_run"] == scan["frames"] - 1, "scanwalk %s: frames" % key)
    check(scan[key]["p95_ms"]["median"] >= scan[key]["p50_ms"]["median"] > 0,
          "scanwalk %s: percentiles" % key)
check(scan["imported"]["gpu_geometry_mb"] > scan["scan"]["gpu_geometry_mb"],
      "scanwalk: the import added no levels of detail")
video = load("video")
check(video["cpu_s_per_video_minute"]["docent"]["median"] > 0, "video: no docent CPU figure")
check(video["cpu_s_per_video_minute"]["ffmpeg_decode_only"]["median"] > 0, "video: no ffmpeg")
realtime = load("realtime")
for key in ("demo_tour", "broadcast_1080p30"):
    run = realtime[key]["runs"][0]
    check(run["presented"] and run["presented"] > 0, "realtime %s: nothing presented" % key)
    check(run["decoded_to_screen_ms"]["p50"] is not None, "realtime %s: no delays" % key)
cues = load("cues")
fixed = [r for r in cues["runs"] if r["mode"] == "fixed_step"][0]
check(fixed["cues"] >= 1, "cues: none fired in the replay's first seconds")
check(fixed["max_abs_frames"] == 0, "cues: off by %s frames at fixed step" % fixed["max_abs_frames"])
callgrind = load("callgrind")
check(callgrind.get("skipped") or callgrind["docent_per_frame"] > 0, "callgrind: nothing")
report = open(os.path.join(work, "PERFORMANCE.md"), encoding="utf-8").read()
for heading in ("## Targets", "## Opening a gallery", "## Walking", "## Walking a scan",
                "## The guide's video path",
                "## Real time", "## Cue accuracy", "## Instruction counts"):
    check(heading in report, "report: no '%s'" % heading)
for p in problems:
    print("smoke: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo "bench smoke: every case ran; report at $work/PERFORMANCE.md"
