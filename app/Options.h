#pragma once
// The command line of `docent` (DESIGN.md's run contract), parsed into plain values.

#include <optional>
#include <string>

namespace docent::app {

// Exit codes of every docent program.
enum ExitCode : int {
    kExitOk = 0,
    kExitBadInput = 1,
    kExitUsage = 2,
    kExitRuntime = 3,
};

struct CameraPose {
    float x = 0, y = 0, z = 0, yawDegrees = 0, pitchDegrees = 0;
};

struct Options {
    bool validate = false;         // `docent validate [SCENE]`
    bool import = false;           // `docent import SCAN --out DIR`
    std::string importScan;        // import: the scan's .gltf/.glb
    std::string importOut;         // import: the scene folder to write
    double importBudgetMb = 0.0;   // import: --gpu-budget, 0 = textures keep their size
    std::string scene;             // empty: the default scene
    std::string mode = "visitor";  // visitor, kiosk or curator
    std::string kioskConfig;       // --config: kiosk.json
    std::string outFolder;         // curator: --out DIR, where saves go
    double autosaveSeconds = 30.0; // curator: between autosaves to the recovery file
    std::string control;           // curator: the producer console's cue channel (udp://)
    bool headless = false;
    int width = 1280;
    int height = 720;
    bool sizeGiven = false;
    std::optional<int> frames;
    std::optional<double> durationSeconds;
    double fps = 30.0; // fractional for long fixed steps (soaks: --fps 0.05 is 20 s a step)
    int msaa = 4;
    // auto (the governor, in windows and --realtime runs; "high" in fixed-step runs), or a level
    // of Quality.h: high, medium, low, lowest.
    std::string quality = "auto";
    std::optional<double> gpuBudgetMb; // the scene's GPU memory; else the machine's default
    std::string screenshotPath;
    std::string statsPath;
    std::string frameTimesPath; // every frame's time in ms, one per line
    std::optional<CameraPose> camera;
    std::string viewpoint;       // a named viewpoint of the scene
    std::string stream;          // --stream URL: the guide's broadcast
    bool realtime = false;       // headless, but paced by the wall clock and the audio device
    bool progressive = false;    // headless fixed-step runs: stream textures in as in a window
    int latencyTargetMs = 1500;  // live streams: media kept buffered before presentation
    std::string recordPath;      // --record out.mp4: the rendered view and the guide's audio
    std::optional<float> volume; // the guide's voice, 0..1 (else the saved setting)
    bool mute = false;
    std::string audioDevice; // --audio-device: the playback device by name
    bool listAudioDevices = false;
    bool pip = false;     // the guide's video also as a 2D picture-in-picture
    std::string language; // en, fr or zh; empty: the saved setting, else the system locale
    bool wander = false;  // start free instead of following the guide
    bool noUi = false;
    std::optional<float> uiScale; // 1 .. 2.5 (else the saved setting)
    bool highContrast = false;
    bool reducedMotion = false;
    bool touchPad = false;         // on-screen walk, turn and zoom buttons
    std::string now;               // --now: the time the UI shows and schedules from (RFC 3339)
    std::string inputScript;       // --input: a scripted visitor's keys and clicks, frame by frame
    std::string logLevel = "info"; // error, warning, info or debug
    std::string logFile;           // empty: the state folder's docent.log; "none": no file
};

struct ParseResult {
    std::optional<Options> options; // empty when the program should exit now
    int exitCode = kExitOk;         // for --help / --version (0) or a usage error (2)
};

ParseResult parseOptions(int argc, char** argv);

const char* versionString();

} // namespace docent::app
