#include "Options.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include <CLI/CLI.hpp>

#include "TimeText.h"
#include "streaming/AudioOutput.h"

namespace docent::app {

const char* versionString() {
    return DOCENT_VERSION;
}

namespace {

bool parseSize(const std::string& text, int& width, int& height) {
    int w = 0;
    int h = 0;
    char x = 0;
    std::istringstream in(text);
    if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || !in.eof()) {
        return false;
    }
    constexpr int kMaxSide = 16384; // beyond any framebuffer a GL 4.1 driver offers
    if (w < 16 || h < 16 || w > kMaxSide || h > kMaxSide) {
        return false;
    }
    width = w;
    height = h;
    return true;
}

bool parseCamera(const std::string& text, CameraPose& pose) {
    float v[5] = {};
    char comma = 0;
    std::istringstream in(text);
    for (int i = 0; i < 5; ++i) {
        if (!(in >> v[i])) {
            return false;
        }
        if (i < 4 && (!(in >> comma) || comma != ',')) {
            return false;
        }
    }
    if (!in.eof()) {
        std::string rest;
        in >> rest;
        if (!rest.empty()) {
            return false;
        }
    }
    pose = {v[0], v[1], v[2], v[3], v[4]};
    return true;
}

} // namespace

ParseResult parseOptions(int argc, char** argv) {
    CLI::App cli{"docent: a museum's live guided tour inside a 3D reconstruction of the museum.\n"
                 "Opens SCENE (a scene folder, its scene.json, or a .gltf/.glb model; default: "
                 "the bundled demo gallery).",
                 "docent"};
    Options o;
    std::string size;
    std::string camera;
    bool version = false;
    cli.add_option("SCENE", o.scene, "Scene folder, scene.json, or .gltf/.glb model");
    cli.add_option("--mode", o.mode,
                   "visitor (default); kiosk: fullscreen, unattended, with an attract loop, "
                   "idle reset and the tour schedule (needs --config; docs/KIOSK.md); curator: "
                   "place hotspots, write their texts and retime the replay's cues "
                   "(docs/CURATOR.md)")
        ->check(CLI::IsMember({"visitor", "kiosk", "curator"}));
    cli.add_option("--out", o.outFolder,
                   "Curator mode: save into this folder (a complete scene folder) instead of "
                   "the one opened");
    cli.add_option("--autosave", o.autosaveSeconds,
                   "Curator mode: seconds between autosaves of unsaved edits to the recovery "
                   "file (default 30)")
        ->check(CLI::Range(0.1, 3600.0));
    cli.add_option("--control", o.control,
                   "Curator mode: the producer console, a button per artwork that fires its cue "
                   "into a docent-broadcast running with --control at this udp://127.0.0.1:PORT");
    cli.add_option("--config", o.kioskConfig, "Kiosk mode: the venue's kiosk.json");
    cli.add_flag("--headless", o.headless,
                 "Render without a window (EGL); default when there "
                 "is no display");
    cli.add_option("--size", size, "Frame size WxH (default 1280x720)");
    cli.add_option("--frames", o.frames, "Number of frames to render, then exit")
        ->check(CLI::Range(1, 1000000));
    cli.add_option("--duration", o.durationSeconds, "Seconds of scene time to render, then exit")
        ->check(CLI::Range(0.001, 86400.0));
    cli.add_option("--fps", o.fps,
                   "Time step of headless runs, frames per second (default 30; 0.01 to 240)")
        ->check(CLI::Range(0.01, 240.0));
    cli.add_option("--msaa", o.msaa, "Multisample anti-aliasing samples (default 4)")
        ->check(CLI::IsMember({1, 2, 4, 8}));
    cli.add_option("--quality", o.quality,
                   "Picture quality: auto (default: lowered and raised to hold the frame rate in "
                   "windows and --realtime runs; high in fixed-step runs), or fixed at high, "
                   "medium (3/4 resolution), low (1/2) or lowest (about 1/3); the UI always "
                   "draws at full resolution")
        ->check(CLI::IsMember({"auto", "high", "medium", "low", "lowest"}));
    cli.add_option("--gpu-budget", o.gpuBudgetMb,
                   "GPU memory for the scene's geometry and textures, MiB; large textures are "
                   "lowered a mip level at a time to fit (default: from the GPU, or a quarter of "
                   "the RAM, at most 4096, on a software renderer)")
        ->check(CLI::Range(1.0, 1048576.0));
    cli.add_option("--screenshot", o.screenshotPath, "Write the last frame as PNG");
    cli.add_option("--stats", o.statsPath, "Write run statistics as JSON (also on failure)");
    cli.add_option("--frame-times", o.frameTimesPath,
                   "Write every frame's time in milliseconds to FILE, one per line");
    cli.add_option("--camera", camera, "Eye pose x,y,z,yaw,pitch (metres, degrees)");
    cli.add_option("--viewpoint", o.viewpoint, "Start at a named viewpoint of the scene");
    cli.add_option("--stream", o.stream,
                   "Play the guide's broadcast from URL (a media file, http(s), srt://, udp://, "
                   "rtmp://) on the panel");
    cli.add_flag("--progressive", o.progressive,
                 "Headless runs: show the first frame once the geometry is in and stream the "
                 "textures in after it, as windows and --realtime runs do (the last frame waits "
                 "for them all)");
    cli.add_flag("--realtime", o.realtime,
                 "Headless runs: follow the wall clock and play audio on the device instead of "
                 "the fixed virtual step");
    cli.add_option("--latency-target", o.latencyTargetMs,
                   "Live streams: milliseconds of media buffered before presentation (default "
                   "1500)")
        ->check(CLI::Range(0, 30000));
    cli.add_option("--record", o.recordPath,
                   "Headless runs: write the rendered view and the guide's audio to a video file "
                   "(H.264 + AAC, .mp4 or .mkv)");
    cli.add_option("--volume", o.volume, "The guide's voice, 0 to 1 (default 1)")
        ->check(CLI::Range(0.0, 1.0));
    cli.add_flag("--mute", o.mute, "Start with the guide's voice muted");
    cli.add_option("--audio-device", o.audioDevice,
                   "Play the guide's voice on this output device (names: --list-audio-devices)");
    cli.add_flag("--list-audio-devices", o.listAudioDevices,
                 "Print the audio output devices and exit");
    cli.add_flag("--pip", o.pip,
                 "Also show the guide's video as a picture-in-picture in the corner (P toggles)");
    cli.add_option("--lang", o.language,
                   "Language of the UI, commentary and captions: en, fr or zh (default: the saved "
                   "setting, else the system locale)")
        ->check(CLI::IsMember({"en", "fr", "zh"}));
    cli.add_option("--ui-scale", o.uiScale, "Size of the UI, 1 to 2.5 (100 to 250 %)")
        ->check(CLI::Range(1.0, 2.5));
    cli.add_flag("--high-contrast", o.highContrast, "White on black UI with a yellow focus frame");
    cli.add_flag("--reduced-motion", o.reducedMotion,
                 "Cut instead of flying the camera; no pulsing marker");
    cli.add_flag("--touch", o.touchPad,
                 "Show on-screen buttons to walk, turn and zoom (touch screens; T toggles)");
    cli.add_option("--now", o.now,
                   "The time the UI shows and schedules from (RFC 3339, e.g. "
                   "2026-12-05T10:00:00+01:00; default: the clock)");
    cli.add_option("--input", o.inputScript,
                   "Headless runs: replay a visitor's input from FILE, one 'FRAME key NAME', "
                   "'FRAME click X Y', 'FRAME click @CONTROL', 'FRAME tap X Y' or "
                   "'FRAME type TEXT' per line");
    cli.add_flag("--wander", o.wander,
                 "Walk freely instead of following the guide from artwork to artwork (F toggles)");
    cli.add_flag("--no-ui", o.noUi, "Leave the user interface out of screenshots");
    cli.add_option("--log-level", o.logLevel,
                   "Messages shown: error, warning, info (default) or debug (FFmpeg's too)")
        ->check(CLI::IsMember({"error", "warning", "info", "debug"}));
    cli.add_option("--log-file", o.logFile,
                   "Also log to FILE (default: $XDG_STATE_HOME/docent/docent.log, else "
                   "~/.local/state/docent/docent.log; 'none': no file)");
    cli.add_flag("--version", version, "Print the version and exit");
    CLI::App* validate = cli.add_subcommand(
        "validate",
        "Check a scene folder (default: the demo) and print every problem with its file "
        "and place; exit 1 on errors, 0 when only warnings remain");
    validate->add_option("SCENE", o.scene, "Scene folder, scene.json, or .gltf/.glb model");
    CLI::App* import = cli.add_subcommand(
        "import",
        "Optimise a scan once into a scene folder: levels of detail for its meshes, textures "
        "fitted to a GPU budget, one .glb beside a scene.json; the scan is never modified");
    import->add_option("SCAN", o.importScan, "The scan: a .gltf or .glb file")->required();
    import->add_option("--out", o.importOut, "The scene folder to write (created if missing)")
        ->required();
    import
        ->add_option("--gpu-budget", o.importBudgetMb,
                     "Shrink textures (halving the largest first) until the scene fits in MB "
                     "of GPU memory (default: textures keep their size)")
        ->check(CLI::Range(1.0, 1048576.0));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return {std::nullopt, code == 0 ? kExitOk : kExitUsage};
    }
    o.validate = validate->parsed();
    o.import = import->parsed();
    if (version) {
        std::printf("docent %s\n", versionString());
        return {std::nullopt, kExitOk};
    }
    if (o.listAudioDevices) {
        for (const std::string& name : streaming::AudioOutput::playbackDevices()) {
            std::printf("%s\n", name.c_str());
        }
        return {std::nullopt, kExitOk};
    }
    if (!size.empty()) {
        if (!parseSize(size, o.width, o.height)) {
            std::fprintf(stderr, "docent: --size '%s' is not WxH with sides of 16 to 16384\n",
                         size.c_str());
            return {std::nullopt, kExitUsage};
        }
        o.sizeGiven = true;
    }
    if (!camera.empty()) {
        CameraPose pose;
        if (!parseCamera(camera, pose)) {
            std::fprintf(stderr, "docent: --camera '%s' is not x,y,z,yaw,pitch\n", camera.c_str());
            return {std::nullopt, kExitUsage};
        }
        o.camera = pose;
    }
    if (!o.recordPath.empty() && (!o.headless || o.realtime)) {
        std::fprintf(stderr, "docent: --record needs --headless (and the fixed step, not "
                             "--realtime): it writes every step's picture and sound\n");
        return {std::nullopt, kExitUsage};
    }
    if (!o.recordPath.empty() && o.fps != std::round(o.fps)) {
        std::fprintf(stderr,
                     "docent: --record needs a whole number of frames per second "
                     "(--fps %g)\n",
                     o.fps);
        return {std::nullopt, kExitUsage};
    }
    if (!o.now.empty() && !parseRfc3339(o.now)) {
        std::fprintf(stderr,
                     "docent: --now '%s' is not an RFC 3339 time such as "
                     "2026-12-05T10:00:00+01:00\n",
                     o.now.c_str());
        return {std::nullopt, kExitUsage};
    }
    if (!o.inputScript.empty() && !o.headless) {
        std::fprintf(stderr, "docent: --input replays a visitor in --headless runs\n");
        return {std::nullopt, kExitUsage};
    }
    if (o.frames && o.durationSeconds) {
        std::fprintf(stderr, "docent: give --frames or --duration, not both\n");
        return {std::nullopt, kExitUsage};
    }
    return {o, kExitOk};
}

} // namespace docent::app
