#!/usr/bin/env bash
# Runs docent's libFuzzer targets (fuzz/), each for SECONDS, on its seed corpus: the seeds in
# fuzz/corpus/TARGET, inputs gathered from the repository and ../shared/gltf-ref (test scenes,
# the example kiosk config, the validator's glTF files), and a tiny MPEG-TS made by ffmpeg.
# What a run finds new is kept in BUILD/corpus/TARGET for the next run; a crash leaves its input
# in BUILD/findings/ and fails the script. At the end: executions per second and coverage.
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]   (default: every target)
set -euo pipefail

build="$1"
seconds="$2"
shift 2
root="$(cd "$(dirname "$0")/.." && pwd)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(gltf scene webvtt cue demux kiosk_config settings)
fi
gltf_ref="${GLTF_REF_DIR:-$root/../shared/gltf-ref}"
sep=$'\n#docent-fuzz-file\n'

# Inputs made from what the repository (and the shared models, when present) already hold.
gathered="$build/gathered"
rm -rf "$gathered"
mkdir -p "$gathered"/{gltf,scene,kiosk_config,demux}
for folder in "$root"/tests/data/scenes/*/ "$root"/scenes/demo/; do
    name=$(basename "$folder")
    {
        cat "$folder/scene.json" 2>/dev/null || true
        printf '%s' "$sep"
        cat "$folder/hotspots.json" 2>/dev/null || true
    } >"$gathered/scene/$name.txt"
    for model in "$folder"/*.gltf; do
        [ -f "$model" ] && cp "$model" "$gathered/gltf/$name-$(basename "$model")"
    done
done
cp "$root/deploy/kiosk.example.json" "$gathered/kiosk_config/"
if [ -d "$gltf_ref" ]; then
    find "$gltf_ref" -type f \( -name '*.gltf' -o -name '*.glb' \) -size -256k -print0 |
        while IFS= read -r -d '' model; do
            cp "$model" "$gathered/gltf/$(echo "${model#"$gltf_ref"/}" | tr '/' '_')"
        done
else
    echo "fuzz: $gltf_ref is absent; the glTF target starts from the repository's seeds only"
fi
ffmpeg -nostdin -loglevel error -y -f lavfi -i testsrc2=size=64x36:rate=10 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 -t 0.5 -c:v libx264 -g 5 -pix_fmt yuv420p \
    -c:a aac -b:a 32k -f mpegts "$gathered/demux/tiny.ts"

status=0
summary="$build/fuzz-summary.txt"
: >"$summary"
mkdir -p "$build/findings"
for target in "${targets[@]}"; do
    program="$build/bin/fuzz_$target"
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    seeds=("$root/fuzz/corpus/$target")
    [ -d "$gathered/$target" ] && seeds+=("$gathered/$target")
    log="$build/fuzz-$target.log"
    echo "== fuzz_$target for ${seconds} s"
    if ! "$program" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=3072 -max_len=65536 \
        -print_final_stats=1 -dict="$root/fuzz/dict/$target.dict" \
        -artifact_prefix="$build/findings/$target-" "$corpus" "${seeds[@]}" >"$log" 2>&1; then
        echo "fuzz_$target FOUND A PROBLEM: $(grep -m1 -E 'ERROR|SUMMARY|deadly' "$log" || true)"
        tail -40 "$log"
        status=1
    fi
    runs=$(grep -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "$log" || echo 0)
    rate=$(grep -oP 'stat::average_exec_per_sec:\s*\K[0-9]+' "$log" || echo 0)
    cov=$(grep -oP '#[0-9]+\s+DONE\s+cov: \K[0-9]+' "$log" || grep -oP 'cov: \K[0-9]+' "$log" | tail -1 || echo 0)
    files=$(find "$corpus" -type f | wc -l)
    printf '%-14s %10s runs %8s/s  coverage %6s edges  corpus %5s inputs\n' \
        "$target" "$runs" "$rate" "$cov" "$files" | tee -a "$summary"
done
exit "$status"
