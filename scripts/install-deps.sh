#!/usr/bin/env bash
# Installs the Debian 12 packages docent builds, runs and tests with.
# Idempotent: asks apt only for what dpkg does not already report as installed,
# so a second run costs a few dpkg queries and nothing else.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake pkg-config python3 clang-format
    # window, GL, loader generator
    libglfw3-dev libegl-dev libgl-dev libegl-mesa0 libgl1-mesa-dri python3-glad
    # UI: Latin and Chinese fonts
    libimgui-dev libstb-dev libfontconfig-dev fonts-dejavu-core fonts-noto-cjk
    # JSON (glTF, scenes), maths, command line
    nlohmann-json3-dev libglm-dev libcli11-dev
    # image decoders used instead of tinygltf's bundled stb_image
    libpng-dev libjpeg62-turbo-dev libwebp-dev
    # compressed geometry: KHR_draco_mesh_compression, EXT_meshopt_compression; gltfpack makes
    # the compressed twins the tests compare with
    libdraco-dev libmeshoptimizer-dev gltfpack
    # tests
    catch2
    # streaming: demux, decode, resample, encode; capture devices and generated video for the
    # producer (libavdevice); the ffmpeg CLI makes test clips
    libavformat-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev
    libavdevice-dev ffmpeg
    # audio out: OpenAL Soft (its loopback device renders audio under a virtual clock)
    libopenal-dev
    # tests: the web server in front of HLS folders (openssl makes its test certificate);
    # systemd-analyze checks the kiosk unit
    nginx openssl systemd
    # the demo broadcast: the guide's Chinese lines spoken (tools/make_tour.py)
    espeak-ng
)

# `install-deps.sh bench`: also the peers the benchmarks compare with, an X server for them, and
# an HTTP load generator.
if [ "${1:-}" = "bench" ]; then
    # f3d: the glTF viewer opened side by side; valgrind: instruction counts (callgrind);
    # matplotlib: the plots of docs/PERFORMANCE.md; wrk: the request rate one nginx holds
    packages+=(f3d mpv xvfb xauth valgrind python3-matplotlib wrk)
fi

# `install-deps.sh fuzz`: clang and its libFuzzer and sanitizer runtimes (make fuzz).
if [ "${1:-}" = "fuzz" ]; then
    packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
