#!/usr/bin/env bash
# The video path benchmark: for a 1080p30 H.264 clip,
#   - CPU seconds per minute of video: docent's video path (decode + upload + draw the panel)
#     versus `ffmpeg -i clip -f null -` (decode alone: the floor);
#   - video frames presented per second, untimed, with nothing else drawn: docent versus
#     `mpv --vo=gpu --gpu-context=x11egl --untimed --no-audio`, both under the same Xvfb and Mesa.
# Prints a table and writes OUT/video.json. Measures only: it never fails on a slow machine.
# Usage: video_path.sh [--smoke] [--out DIR]   (--smoke: a 2 s clip, for CI)
# Needs DOCENT_BIN (the build's bin folder); mpv and xvfb-run are optional (their rows are
# reported as n/a without them).
set -euo pipefail

seconds=60
out=build/bench
args=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
    --smoke) seconds=2 ;;
    --out) out="$2"; shift ;;
    *) echo "usage: $0 [--smoke] [--out DIR]" >&2; exit 2 ;;
    esac
    shift
done
bin="${DOCENT_BIN:-build/bin}"
# One X server for docent and mpv alike (Xvfb on Mesa when there is no display).
if [ -z "${DISPLAY:-}" ] && [ -z "${DOCENT_BENCH_UNDER_X:-}" ] && command -v xvfb-run >/dev/null; then
    export DOCENT_BENCH_UNDER_X=1
    exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "${args[@]}"
fi
mkdir -p "$out"
clip="$out/clip-1080p30-${seconds}s.ts"
if [ ! -f "$clip" ]; then
    ffmpeg -nostdin -y -loglevel error -f lavfi -i "testsrc2=size=1920x1080:rate=30" \
        -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" \
        -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "$clip.partial.ts"
    mv "$clip.partial.ts" "$clip"
fi
frames=$((seconds * 30))

# CPU seconds (user + system) of a command: the children's times of this (sub)shell.
cpu_of() {
    local me=$BASHPID start end
    start=$(awk '{print $16 + $17}' "/proc/$me/stat")
    "$@" >/dev/null 2>&1 || true
    end=$(awk '{print $16 + $17}' "/proc/$me/stat")
    awk -v a="$start" -v b="$end" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", (b - a) / hz}'
}

# Wall-clock seconds of a command; nothing when it fails.
wall_of() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || return 0
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}'
}

# docent: headless EGL for the CPU figure, under X for the presentation rate (as mpv).
docent_headless=$(env -u DISPLAY "$bin/docent-bench-video" "$clip")
docent_x='{}'
if [ -n "${DISPLAY:-}" ]; then
    docent_x=$("$bin/docent-bench-video" "$clip" 2>/dev/null || echo '{}')
fi
ffmpeg_cpu=$(cpu_of ffmpeg -nostdin -i "$clip" -an -f null -)
mpv_wall=""
if [ -n "${DISPLAY:-}" ] && command -v mpv >/dev/null; then
    # x11egl: Mesa's EGL on the X server (mpv's default probing looks for DRM/KMS first).
    mpv_wall=$(wall_of mpv --no-config --vo=gpu --gpu-context=x11egl --untimed --no-audio \
        --really-quiet "$clip")
fi

python3 - "$out/video.json" "$seconds" "$frames" "$docent_headless" "$docent_x" "$ffmpeg_cpu" \
    "$mpv_wall" <<'EOF'
import json, sys
path, seconds, frames = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
headless, underx = json.loads(sys.argv[4]), json.loads(sys.argv[5] or "{}")
ffmpeg_cpu = float(sys.argv[6])
mpv_wall = float(sys.argv[7]) if sys.argv[7].strip() else None
ffmpeg_per_min = ffmpeg_cpu / seconds * 60
mpv_fps = frames / mpv_wall if mpv_wall else None
result = {
    "clip": {"size": "1920x1080", "fps": 30, "seconds": seconds, "codec": "h264"},
    "cpu_s_per_video_minute": {"docent": headless["cpu_s_per_video_minute"],
                               "ffmpeg_decode_only": round(ffmpeg_per_min, 3)},
    "presented_fps": {"docent_headless": headless["presented_fps"],
                      "docent_xvfb": underx.get("presented_fps"), "mpv_xvfb": mpv_fps},
}
result["ratios"] = {
    "cpu_docent_over_ffmpeg": round(headless["cpu_s_per_video_minute"] / ffmpeg_per_min, 2)
    if ffmpeg_per_min > 0 else None,
    "fps_docent_over_mpv": round(underx["presented_fps"] / mpv_fps, 2)
    if mpv_fps and underx.get("presented_fps") else None,
}
json.dump(result, open(path, "w"), indent=2)
print(f"1080p30 H.264, {seconds:.0f} s")
print(f"  CPU s per video minute   docent {headless['cpu_s_per_video_minute']:.2f}"
      f"   ffmpeg -f null {ffmpeg_per_min:.2f}   ratio {result['ratios']['cpu_docent_over_ffmpeg']}")
fmt = lambda v: f"{v:.1f}" if v else "n/a"
print(f"  frames presented per s   docent (EGL) {fmt(headless['presented_fps'])}"
      f"   docent (Xvfb) {fmt(underx.get('presented_fps'))}   mpv --vo=gpu (Xvfb) {fmt(mpv_fps)}"
      f"   ratio {result['ratios']['fps_docent_over_mpv']}")
print(f"  written to {path}")
EOF
