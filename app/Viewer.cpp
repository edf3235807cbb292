#include "Viewer.h"

#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <glad/gl.h>
#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "CueControl.h"
#include "Curator.h"
#include "CuratorFiles.h"
#include "Gamepad.h"
#include "InputScript.h"
#include "Kiosk.h"
#include "KioskConfig.h"
#include "Log.h"
#include "Quality.h"
#include "RunStats.h"
#include "Settings.h"
#include "StopSignal.h"
#include "TimeText.h"
#include "UiText.h"
#include "VideoImage.h"
#include "VisitorUi.h"
#include "Watchdog.h"
#include "engine/Bvh.h"
#include "engine/Camera.h"
#include "engine/GlContext.h"
#include "engine/GltfLoader.h"
#include "engine/GpuBudget.h"
#include "engine/Navigation.h"
#include "engine/Renderer.h"
#include "engine/TextureStreamer.h"
#include "engine/UiLayer.h"
#include "engine/VideoPanel.h"
#include "hotspots/Captions.h"
#include "hotspots/SceneFolder.h"
#include "hotspots/UrlAllowlist.h"
#include "streaming/AudioEnvelope.h"
#include "streaming/CueScan.h"
#include "streaming/Playback.h"
#include "streaming/Recorder.h"
#include "streaming/UrlPolicy.h"

namespace docent::app {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// The scene's model as the loading worker hands it over: the asset and its picking hierarchy.
struct LoadedModel {
    engine::LoadResult loaded;
    engine::Bvh bvh;
};

constexpr float kMouseLookDegreesPerPixel = 0.15f;
constexpr float kFlyToSeconds = 1.2f;
constexpr float kViewpointDistance = 2.2f;   // metres from a clicked surface
constexpr float kHotspotViewDistance = 3.5f; // metres from an artwork the guide reaches
constexpr float kGuidePanelWidth = 1.4f;     // metres: the panel beside an artwork
constexpr float kGuidePanelGapMetres = 0.3f; // between the artwork and the panel
constexpr float kGuidePanelStandOff = 0.08f; // metres in front of the wall
constexpr double kDoubleClickSeconds = 0.35;
constexpr float kPickRangeMetres = 1000.0f;
constexpr double kWaveformBucketSeconds = 0.05; // the curator's timeline: a peak per 50 ms

constexpr float kDefaultPanelDistance = 4.0f;               // metres in front of the start view
constexpr float kDefaultPanelWidth = 3.2f;                  // metres (16:9)
constexpr std::chrono::milliseconds kLiveReadTimeout{2000}; // udp/srt: the sender is gone
// Progressive loading: what full-size texture uploads a frame may spend (at least one is made).
constexpr double kUploadBudgetMs = 6.0;
// Decoded images taken from the decoders ahead of their upload (the decoders keep a few more).
constexpr std::size_t kUploadBacklog = 2;
constexpr float kLostStreamBrightness = 0.4f; // the last frame, dimmed, while the stream is down
constexpr int kMaxStreamFrames = 30 * 60 * 60 * 6; // a headless run of a stream: at most 6 h
constexpr float kMarkerClearanceMetres = 0.05f;    // a wall nearer than the marker by this hides it
constexpr float kMarkerRangeMetres = 18.0f;        // markers farther than this are left out
constexpr float kMarkerFullSizeMetres = 4.0f;      // nearer than this a marker has its full size
constexpr float kMarkerTapPixels = 28.0f;          // a tap this near a marker opens it (at 100 %)
constexpr double kTapSlopPixels = 6.0;             // a press and release this close is a tap
constexpr float kTouchTurnDegreesPerSecond = 60.0f; // the touch pad's turn buttons
constexpr float kTouchZoomDegreesPerSecond = 20.0f; // its zoom buttons, on the field of view
constexpr float kMinFovDegrees = 25.0f;             // zoomed in
constexpr float kMaxFovDegrees = 75.0f;             // zoomed out

// The user's pictures folder (F12): XDG_PICTURES_DIR, else ~/Pictures, else the home folder.
fs::path picturesFolder() {
    if (const char* pictures = std::getenv("XDG_PICTURES_DIR"); pictures && *pictures == '/') {
        return pictures;
    }
    const char* home = std::getenv("HOME");
    const fs::path base = home && *home ? fs::path(home) : fs::current_path();
    std::error_code ec;
    return fs::is_directory(base / "Pictures", ec) ? base / "Pictures" : base;
}

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Now on CLOCK_MONOTONIC, in seconds: the clock a benchmark that starts docent reads too.
double monotonicSeconds() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

std::string executablePath(const std::string& argv0) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        return self.string();
    }
    return fs::absolute(argv0, ec).string();
}

// The state a run carries between frames and that every exit path reports through --stats.
class Run {
public:
    Run(const Options& options, std::string argv0)
        : m_options(options), m_argv0(std::move(argv0)) {}

    int execute() {
        const int code = executeInner();
        if (!m_options.statsPath.empty()) {
            std::string error;
            if (!m_stats.write(m_options.statsPath, error)) {
                log::error("%s\n", error.c_str());
                return code == kExitOk ? kExitBadInput : code;
            }
        }
        if (!m_options.frameTimesPath.empty()) {
            std::string error;
            if (!m_stats.writeFrameTimes(m_options.frameTimesPath, error)) {
                log::error("%s\n", error.c_str());
                return code == kExitOk ? kExitBadInput : code;
            }
        }
        return code;
    }

private:
    int failWith(int code, const std::string& message) {
        log::error("%s\n", message.c_str());
        m_stats.setError(message);
        return code;
    }

    int executeInner() {
        const auto start = Clock::now();
        m_runStart = start;
        if (m_options.mode == "kiosk") {
            if (const int code = loadKioskConfiguration(); code != kExitOk) {
                return code;
            }
        }
        std::string scene =
            m_options.scene.empty() && m_kioskMode ? m_kioskConfig.scene : m_options.scene;
        if (scene.empty()) {
            scene = defaultScenePath(m_argv0);
            if (scene.empty()) {
                return failWith(kExitBadInput,
                                "the default scene is missing (looked for scenes/demo beside the "
                                "executable); build it with `make build` or name a SCENE");
            }
        }
        m_scene = hotspots::openSceneFolder(scene);
        if (m_scene.hasErrors()) {
            for (const auto& problem : m_scene.problems) {
                if (problem.severity == hotspots::Severity::Error) {
                    log::error("%s\n", problem.toString().c_str());
                }
            }
            const auto first = std::find_if(
                m_scene.problems.begin(), m_scene.problems.end(),
                [](const hotspots::Problem& p) { return p.severity == hotspots::Severity::Error; });
            m_stats.setError(first->toString());
            return kExitBadInput;
        }
        if (m_kioskMode) {
            startKiosk();
        }
        applySettings();
        m_title = hotspots::textIn(m_scene.manifest.title, m_language);
        if (!m_options.now.empty()) {
            m_fixedNow = parseRfc3339(m_options.now);
        }
        if (!m_options.inputScript.empty()) {
            std::ifstream in(m_options.inputScript);
            if (!in) {
                return failWith(kExitBadInput,
                                m_options.inputScript + ": cannot read the input script");
            }
            std::ostringstream text;
            text << in.rdbuf();
            std::string problem;
            if (!parseInputScript(text.str(), m_options.inputScript, m_script, problem)) {
                return failWith(kExitBadInput, problem);
            }
        }
        if (!m_options.viewpoint.empty()) {
            m_viewpoint = m_scene.findViewpoint(m_options.viewpoint);
            if (!m_viewpoint) {
                std::string known;
                for (const auto& v : m_scene.manifest.viewpoints) {
                    known += (known.empty() ? "" : ", ") + v.id;
                }
                return failWith(
                    kExitBadInput,
                    "--viewpoint '" + m_options.viewpoint + "' is not a viewpoint of " + scene +
                        (known.empty() ? " (it has none)" : " (it has: " + known + ")"));
            }
        }

        m_headless = m_options.headless;
        if (!m_headless && !engine::displayAvailable()) {
            log::warning("no display found; rendering headless\n");
            m_headless = true;
        }
        m_realtime = !m_headless || m_options.realtime;
        if (m_headless && m_realtime) {
            // Nobody listens to a headless run: OpenAL Soft's null backend keeps the device
            // clock (in real time) without a sound card. ALSOFT_DRIVERS, when set, wins.
            setenv("ALSOFT_DRIVERS", "null", 0);
        }
        // Progressive where a person watches (a window, --realtime) or when asked: the first
        // frame needs the geometry only; textures stream in after it.
        m_progressive = !m_headless || m_options.realtime || m_options.progressive;
        // The model loads on a worker while the stream opens and the GL context and shaders are
        // made: the first frame waits for the slower of the two, not for their sum.
        const auto loadStart = Clock::now();
        std::future<LoadedModel> modelLoad =
            std::async(std::launch::async, [path = m_scene.modelPath, progressive = m_progressive] {
                engine::GltfLimits limits;
                limits.decodeImages = !progressive;
                LoadedModel model{engine::loadGltf(path, limits), {}};
                if (model.loaded.ok()) {
                    model.bvh = engine::buildSceneBvh(model.loaded.asset);
                }
                return model;
            });
        // --stream, else the scene's replay when its recording is there.
        std::string stream = m_options.stream;
        std::string recording;
        if (m_scene.manifest.replay && !m_scene.manifest.replay->recording.empty()) {
            recording = (fs::path(m_scene.folder) / m_scene.manifest.replay->recording).string();
        }
        m_recording = recording;
        std::error_code ec;
        if (stream.empty() && !recording.empty()) {
            if (fs::is_regular_file(recording, ec)) {
                stream = recording;
            } else {
                log::warning("the scene's replay %s is not there; the guide's "
                             "panel stays dark\n",
                             recording.c_str());
            }
        }
        if (!stream.empty()) {
            const int code = openStream(stream);
            if (code != kExitOk) {
                return code;
            }
            if (!recording.empty() && fs::exists(stream, ec) &&
                fs::equivalent(stream, recording, ec)) {
                startReplayExtras(stream);
            }
        }
        if (m_options.mode == "curator") {
            if (const int code = startCurator(); code != kExitOk) {
                return code;
            }
        }
        std::string error;
        m_context = m_headless ? engine::GlContext::createHeadless(error)
                               : engine::GlContext::createWindow(m_options.width, m_options.height,
                                                                 "docent — " + m_title, error);
        if (!m_context) {
            return failWith(kExitRuntime, "no OpenGL 4.1 context: " + error);
        }
        m_stats.setRenderer(m_context->rendererName());
        if (!m_renderer.init(error)) {
            return failWith(kExitRuntime, error);
        }

        LoadedModel model = modelLoad.get();
        if (!model.loaded.ok()) {
            return failWith(kExitBadInput, model.loaded.error);
        }
        m_asset = std::move(model.loaded.asset);
        constexpr std::size_t kWarningsShown = 12; // the rest are counted, not listed
        for (std::size_t i = 0; i < m_asset.warnings.size() && i < kWarningsShown; ++i) {
            log::warning("%s\n", m_asset.warnings[i].c_str());
        }
        if (m_asset.warnings.size() > kWarningsShown) {
            log::warning("... and %zu more warnings\n", m_asset.warnings.size() - kWarningsShown);
        }
        m_bvh = std::move(model.bvh);
        m_stats.setSceneLoadMs(msSince(loadStart));
        m_stats.setScene(m_scene.modelPath, m_asset.triangleCount(), m_asset.instances.size());
        m_gpuBudget = m_options.gpuBudgetMb
                          ? static_cast<std::size_t>(*m_options.gpuBudgetMb * 1048576.0)
                          : engine::Renderer::defaultGpuBudget();
        if (!m_renderer.setScene(m_asset, m_gpuBudget, error)) {
            recordGpuMemory();
            return failWith(kExitBadInput, m_scene.modelPath + ": " + error);
        }
        if (m_renderer.texturesReduced() > 0) {
            log::info("%d of the scene's textures lowered by %d mip levels in all to fit the GPU "
                      "budget of %s\n",
                      m_renderer.texturesReduced(), m_renderer.textureLevelsDropped(),
                      engine::formatMebibytes(m_gpuBudget).c_str());
        }
        recordGpuMemory();
        placeCamera();
        startTextureStreaming();
        findRooms();
        setUpPanel();
        setUpKioskWindow();
        initQuality();
        const int code = m_headless ? runHeadless(start) : runWindow(start);
        recordGpuMemory(); // the render targets now have their size
        recordQuality();
        recordUiState();
        recordKioskState();
        m_stats.setWatchdogPings(m_watchdog.pings());
        m_watchdog.stopping();
        finishCurator();
        if (!m_kioskStarts.empty() && code == kExitOk) {
            clearKioskStarts(m_kioskStarts); // a clean exit is not a crash
        }
        return finishStream(code);
    }

    // The replay's extras: the curator's cue sheet (authoritative for the replay it names), its
    // captions, and its chapters (from the sheet, else read from its own cue track meanwhile).
    void startReplayExtras(const std::string& stream) {
        if (m_scene.cueSheet) {
            std::vector<streaming::ScriptedCue> sheet;
            for (const auto& cue : m_scene.cueSheet->cues) {
                sheet.push_back({cue.time, cue.hotspot, {}});
            }
            m_playback->useCueSheet(std::move(sheet));
        }
        m_streamIsReplay = true;
        loadCaptions();
        if (m_scene.cueSheet) {
            for (const auto& cue : m_scene.cueSheet->cues) {
                m_chapterCues.push_back({cue.time, cue.hotspot, {}});
            }
        } else {
            m_chapterScan = std::async(std::launch::async, [stream] {
                std::vector<streaming::ScriptedCue> changes;
                std::string problem;
                if (!streaming::scanCueTrack(stream, changes, problem)) {
                    log::warning("no chapters: %s\n", problem.c_str());
                }
                return changes;
            });
        }
    }

    static std::string userAgent() {
        return std::string("docent/") + versionString() + " (viewer " + std::to_string(::getpid()) +
               ")";
    }

    // --- kiosk mode ----------------------------------------------------------------------------

    // --mode kiosk: the venue's config, read before anything else; a broken or missing one stops
    // the kiosk here (exit 1) rather than letting it start unlocked. The crash-loop breaker
    // counts this start.
    int loadKioskConfiguration() {
        m_kioskMode = true;
        if (m_options.kioskConfig.empty()) {
            return failWith(kExitBadInput,
                            "kiosk mode needs --config FILE (a kiosk.json: see docs/KIOSK.md)");
        }
        std::vector<std::string> errors;
        if (!loadKioskConfig(m_options.kioskConfig, m_kioskConfig, errors)) {
            for (std::size_t i = 0; i + 1 < errors.size(); ++i) {
                log::error("%s", errors[i].c_str());
            }
            return failWith(kExitBadInput,
                            errors.back() + " (the kiosk does not start with a broken config)");
        }
        const fs::path logFile = log::defaultLogFile();
        if (!logFile.empty()) {
            m_kioskStarts = logFile.parent_path() / "kiosk-starts";
            m_safeMode = noteKioskStart(m_kioskStarts, std::time(nullptr));
            if (m_safeMode) {
                log::warning("docent was started %d times within %.0f s: this run keeps off the "
                             "live stream (crash-loop breaker; it clears after a healthy minute)",
                             kMaxQuickStarts, kQuickStartSeconds);
            }
        }
        return kExitOk;
    }

    // After the scene opened: the schedule and the live stream (the config's, else the scene's,
    // which must be on the scene's allowlist), and the controller.
    void startKiosk() {
        if (m_kioskConfig.tours.empty()) {
            for (const auto& slot : m_scene.manifest.schedule) {
                if (const auto start = parseRfc3339(slot.start)) {
                    m_kioskConfig.tours.push_back({*start, slot.durationMinutes});
                }
            }
        }
        m_liveUrl = m_kioskConfig.liveUrl;
        if (m_liveUrl.empty() && !m_scene.manifest.liveUrl.empty()) {
            if (hotspots::urlAllowedBy(m_scene.manifest.liveUrl,
                                       hotspots::streamAllowlist(m_scene.manifest))) {
                m_liveUrl = m_scene.manifest.liveUrl;
                m_liveUrlFromScene = true;
            } else {
                log::error("%s: the live URL %s is not on the scene's allowlist; the kiosk "
                           "stays with the replay",
                           m_scene.folder.c_str(), m_scene.manifest.liveUrl.c_str());
            }
        }
        m_kiosk.emplace(m_kioskConfig, m_safeMode);
    }

    // The kiosk's defaults (the config's, never the saved settings: a kiosk forgets visitors).
    void applyKioskDefaults() {
        m_language =
            !m_options.language.empty() ? m_options.language : m_kioskConfig.languages.front();
        m_volume = m_kioskConfig.volume;
        m_muted = false;
        m_follow = true;
        m_captionsOn = true;
        m_uiScale = m_kioskConfig.uiScale;
        m_highContrast = false;
        m_reducedMotion = m_options.reducedMotion;
        m_touchPad = m_kioskConfig.touchPad;
        m_pip = false;
    }

    // The next visitor finds the kiosk as the first one did.
    void resetForNextVisitor() {
        const std::string language = m_language;
        const float scale = m_uiScale;
        const bool contrast = m_highContrast;
        applyKioskDefaults();
        if (m_language != language) {
            const std::string chosen = m_language;
            m_language = language;
            setLanguage(chosen);
        }
        if (m_uiScale != scale || m_highContrast != contrast) {
            m_ui.setAppearance(effectiveUiScale(), m_highContrast);
        }
        if (m_playback) {
            m_playback->setVolume(m_volume);
            m_playback->setMuted(m_muted);
            m_playback->setPaused(false);
        }
        m_cardHotspot = m_guideHotspot;
        m_listOpen = false;
        m_settingsOpen = false;
        m_pinOpen = false;
        giveUiKeyboard(false);
        m_flyTo.cancel();
        m_camera.verticalFovDegrees = engine::Camera{}.verticalFovDegrees;
        placeCamera();
        if (m_guideHotspot) {
            flyToHotspot(*m_guideHotspot);
        }
        log::info("kiosk: reset for the next visitor");
    }

    // Plays url on the panel instead of what played (the kiosk's live tour and attract loop).
    void switchStream(const std::string& url, bool replay, double seconds) {
        if (m_chapterScan.valid()) {
            m_chapterScan.wait();
            m_chapterScan = {};
        }
        if (m_playback) {
            addStreamTotals(m_closedStreams, m_playback->stats());
        }
        m_playback.reset();
        m_loggedStreamState.clear();
#ifdef __GLIBC__
        malloc_trim(0); // the closed stream's decoder buffers go back to the system
#endif
        m_guideHotspot = nullptr;
        m_seenCueChanges = 0;
        m_chapterCues.clear();
        m_captions.clear();
        m_streamIsReplay = false;
        m_streamEpoch = seconds;
        if (url.empty() || openStream(url, !replay && m_liveUrlFromScene) != kExitOk) {
            return;
        }
        log::info("kiosk: playing %s%s", url.c_str(), replay ? " (the attract loop)" : " (live)");
        if (replay) {
            startReplayExtras(url);
        }
        const glm::vec3 c = m_panelPlacement.centre;
        m_playback->setSourcePosition({c.x, c.y, c.z});
    }

    // Once per frame in kiosk mode, before drawing: the controller's clock and its commands;
    // and every kResourceSampleSeconds a sample of what the process holds (--stats "resources").
    void updateKiosk(double seconds) {
        if (seconds >= m_nextResourceSample) {
            m_stats.addResourceSample(sampleResources(seconds));
            m_nextResourceSample = seconds + kResourceSampleSeconds;
        }
        if (!m_kiosk) {
            return;
        }
        m_runSeconds = seconds;
        KioskInputs in;
        in.seconds = seconds;
        in.wall = now();
        in.touched = m_inputSeen;
        m_inputSeen = false;
        in.following = m_follow;
        in.stream = !m_playback              ? KioskStream::None
                    : m_playback->finished() ? KioskStream::Ended
                    : m_playback->lost()     ? KioskStream::Lost
                                             : KioskStream::Playing;
        const KioskCommands c = m_kiosk->update(in);
        if (c.playLive) {
            if (m_liveUrl.empty()) {
                log::warning("kiosk: a tour is on, but there is no live URL (config live_url "
                             "or the scene's)");
            }
            switchStream(m_liveUrl, false, seconds);
        } else if (c.playReplay && !(m_streamIsReplay && m_playback && !m_playback->finished())) {
            switchStream(m_recording, true, seconds);
        } else if (!m_kiosk->live() && m_streamIsReplay && m_playback && m_playback->finished()) {
            switchStream(m_recording, true, seconds); // the attract loop loops
        }
        if (c.resetVisitor) {
            resetForNextVisitor();
        }
        if (m_pinOpen && seconds - m_pinOpenedAt > kPinTimeoutSeconds) {
            m_pinOpen = false;
        }
        if (!m_kioskStarts.empty() && seconds > kHealthySeconds) {
            clearKioskStarts(m_kioskStarts); // a healthy minute: not a crash loop
            m_kioskStarts.clear();
        }
    }

    // The admin gesture: five taps in the top-left corner within five seconds open the PIN pad.
    bool adminTap(glm::vec2 at) {
        const float corner = kAdminCornerPixels * effectiveUiScale();
        if (!m_kiosk || at.x > corner || at.y > corner) {
            return false;
        }
        m_cornerTaps.push_back(m_runSeconds);
        while (!m_cornerTaps.empty() && m_runSeconds - m_cornerTaps.front() > kAdminTapSeconds) {
            m_cornerTaps.erase(m_cornerTaps.begin());
        }
        if (static_cast<int>(m_cornerTaps.size()) >= kAdminTaps) {
            m_cornerTaps.clear();
            m_pinOpen = true;
            m_pinEntered.clear();
            m_pinWrong = false;
            m_pinOpenedAt = m_runSeconds;
        }
        return true;
    }

    // A key of the PIN pad: a digit, 'C' cancel, 'K' OK. The right PIN ends the kiosk.
    void pinKey(char key) {
        m_pinOpenedAt = m_runSeconds;
        if (key >= '0' && key <= '9') {
            if (m_pinEntered.size() < 12) {
                m_pinEntered.push_back(key);
            }
            m_pinWrong = false;
        } else if (key == 'C') {
            m_pinOpen = false;
        } else if (key == 'K') {
            if (m_pinEntered == m_kioskConfig.adminPin) {
                log::info("kiosk: closed by staff with the PIN");
                m_kioskExit = "admin";
                m_quit = true;
            } else {
                log::warning("kiosk: a wrong PIN was entered");
                m_pinWrong = true;
            }
            m_pinEntered.clear();
        }
    }

    void recordKioskState() {
        if (!m_kiosk) {
            return;
        }
        RunStats::Kiosk k;
        k.state = kioskStateName(m_kiosk->state());
        k.history = m_kiosk->history();
        k.resets = m_kiosk->resets();
        k.liveJoins = m_kiosk->liveJoins();
        k.live = m_kiosk->live();
        k.safeMode = m_safeMode;
        k.pinPad = m_pinOpen;
        k.exit = m_kioskExit;
        k.streams = m_closedStreams;
        if (m_playback) {
            addStreamTotals(k.streams, m_playback->stats());
        }
        m_stats.setKiosk(std::move(k));
    }

    static void addStreamTotals(RunStats::StreamTotals& totals,
                                const streaming::PlaybackStats& stats) {
        ++totals.opened;
        // A loss is a stream that played going to reconnecting; the retries of one loss that
        // fail again (reconnecting, connecting, reconnecting) are not more losses.
        bool played = false;
        for (const std::string& state : stats.states) {
            if (state == "playing") {
                played = true;
            } else if (state == "reconnecting" && played) {
                ++totals.losses;
                played = false;
            }
        }
        totals.reconnects += stats.reconnects;
        totals.restarts += stats.restarts;
        totals.presented += stats.presented;
        totals.dropped += stats.dropped;
    }

    // Kiosk windows: fullscreen on the configured monitor, no cursor, and no way to close them
    // but the PIN.
    void setUpKioskWindow() {
        if (!m_kiosk || m_headless) {
            return;
        }
        GLFWwindow* window = m_context->window();
        int count = 0;
        GLFWmonitor** monitors = glfwGetMonitors(&count);
        if (count > 0) {
            if (m_kioskConfig.monitor >= count) {
                log::warning("kiosk: monitor %d is not connected (%d found); using the primary",
                             m_kioskConfig.monitor, count);
            }
            GLFWmonitor* monitor =
                monitors[m_kioskConfig.monitor < count ? m_kioskConfig.monitor : 0];
            if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
                glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height,
                                     mode->refreshRate);
                m_fullscreen = true;
            }
        }
        glfwSetInputMode(window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        glfwSetWindowCloseCallback(window,
                                   [](GLFWwindow* w) { glfwSetWindowShouldClose(w, GLFW_FALSE); });
    }

    // Near and far planes for an eye anywhere in the scene, so that small objects and large
    // halls both render without clipping (the fitted camera's planes suit a view from outside).
    void planesForAnEyeInside() {
        const float aspect =
            static_cast<float>(m_options.width) / static_cast<float>(m_options.height);
        const engine::Camera fitted = engine::Camera::fitToBounds(m_asset.bounds, aspect);
        m_camera.farPlane = std::max(fitted.farPlane, glm::length(m_asset.bounds.size()) * 4.0f);
        m_camera.nearPlane = std::min(0.05f, fitted.nearPlane);
    }

    // The start pose: --camera, else --viewpoint, else the scene's spawn point, else a view
    // that frames the whole model from outside.
    void placeCamera() {
        const float aspect =
            static_cast<float>(m_options.width) / static_cast<float>(m_options.height);
        const engine::Camera fitted = engine::Camera::fitToBounds(m_asset.bounds, aspect);
        std::optional<hotspots::Pose> pose;
        if (m_options.camera) {
            const auto& c = *m_options.camera;
            pose = hotspots::Pose{{c.x, c.y, c.z}, c.yawDegrees, c.pitchDegrees};
        } else if (m_viewpoint) {
            pose = m_viewpoint->pose;
        } else if (m_scene.manifest.spawn) {
            pose = m_scene.manifest.spawn;
        }
        m_walking = m_scene.manifest.spawn.has_value();
        m_orbit.setPivot(m_asset.bounds.center());
        if (!pose) {
            m_camera = fitted;
            return;
        }
        m_camera = engine::Camera{};
        m_camera.position = {static_cast<float>(pose->position[0]),
                             static_cast<float>(pose->position[1]),
                             static_cast<float>(pose->position[2])};
        m_camera.yawDegrees = static_cast<float>(pose->yawDegrees);
        m_camera.pitchDegrees = static_cast<float>(pose->pitchDegrees);
        planesForAnEyeInside();
        if (m_walking && !m_options.camera && !m_viewpoint) {
            // The spawn names the eye; stand it on the floor below so walking starts grounded.
            m_walker.placeOnGround(m_camera, m_bvh);
        }
    }

    // Starts decoding the guide's broadcast (while the gallery loads). A local file that does
    // not exist is bad input; a network source that does not answer is a lost stream.
    // heldToScene: everything the stream opens must be on the scene's allowlist (a stream the
    // scene names); false for a URL the user or the venue gave.
    int openStream(const std::string& url, bool heldToScene = false) {
        const streaming::SourcePolicy policy = streaming::sourcePolicyFor(url);
        const std::string& protocols = policy.protocols;
        if (protocols.empty()) {
            return failWith(kExitBadInput, "--stream '" + url +
                                               "': docent plays files, http(s), srt, udp and "
                                               "rtmp URLs");
        }
        m_streamIsLocal = !policy.network;
        if (m_streamIsLocal) {
            std::error_code ec;
            const std::string path = url.rfind("file://", 0) == 0 ? url.substr(7) : url;
            if (!fs::is_regular_file(path, ec)) {
                return failWith(kExitBadInput, path + ": no such media file");
            }
        }
        streaming::PlaybackOptions options;
        options.source.protocolWhitelist = protocols;
        options.source.formatWhitelist = policy.formats;
        if (heldToScene) {
            options.source.allowUrl =
                [allowed = hotspots::streamAllowlist(m_scene.manifest)](const std::string& nested) {
                    return hotspots::urlAllowedBy(nested, allowed);
                };
        }
        options.mode =
            m_realtime ? streaming::PlaybackMode::Realtime : streaming::PlaybackMode::FixedStep;
        options.reconnect = policy.network;
        if (url.rfind("udp://", 0) == 0 || url.rfind("srt://", 0) == 0) {
            // Packets of a live UDP or SRT stream come continuously: silence this long means the
            // sender is gone. (HLS reads may wait a whole segment, so they keep the default.)
            options.source.readTimeout = kLiveReadTimeout;
        }
        options.latencyTarget = std::chrono::milliseconds(m_options.latencyTargetMs);
        options.audioDevice = m_options.audioDevice;
        // Servers' logs tell docent viewers apart (and one viewer's requests from another's).
        options.source.userAgent = userAgent();
        // The panel samples one RGBA texture instead of three planes: the decoder's thread
        // converts each frame once, instead of every pixel of the panel converting it on every
        // frame drawn.
        options.source.rgba = true;
        m_playback = std::make_unique<streaming::Playback>(url, options);
        if (!m_playback->audioWarning().empty()) {
            log::warning("%s\n", m_playback->audioWarning().c_str());
        }
        m_pip = m_options.pip;
        m_playback->setVolume(m_volume);
        m_playback->setMuted(m_muted);
        return kExitOk;
    }

    void setUpPanel() {
        if (!m_playback && !m_kiosk) {
            return;
        }
        std::string error;
        if (!m_panel.init(error)) {
            log::warning("the video panel: %s\n", error.c_str());
            return;
        }
        if (m_scene.manifest.panel) {
            const auto& p = *m_scene.manifest.panel;
            m_panelPlacement.centre = {static_cast<float>(p.centre[0]),
                                       static_cast<float>(p.centre[1]),
                                       static_cast<float>(p.centre[2])};
            m_panelPlacement.yawDegrees = static_cast<float>(p.yawDegrees);
            m_panelPlacement.widthMetres = static_cast<float>(p.widthMetres);
        } else {
            // A bare model: the panel stands in front of the start view, facing it.
            const glm::vec3 ahead =
                glm::normalize(glm::vec3(m_camera.forward().x, 0.0f, m_camera.forward().z) +
                               glm::vec3(0, 0, 1e-6f));
            m_panelPlacement.centre = m_camera.position + ahead * kDefaultPanelDistance;
            m_panelPlacement.yawDegrees = m_camera.yawDegrees;
            m_panelPlacement.widthMetres = kDefaultPanelWidth;
        }
        const glm::vec3 c = m_panelPlacement.centre;
        if (m_playback) {
            m_playback->setSourcePosition({c.x, c.y, c.z}); // the voice comes from the panel
        }
        m_renderer.setSceneHook([this](const glm::mat4& viewProjection) {
            m_panel.draw(viewProjection, m_panelPlacement,
                         !m_playback || m_playback->lost() ? kLostStreamBrightness : 1.0f);
        });
    }

    // Presents the frame due now on the panel: at virtual time nowSeconds in fixed-step runs
    // (rendering the step's audio), on the master clock otherwise. The listener is the camera.
    void advanceStream(double nowSeconds, double stepSeconds) {
        if (!m_playback) {
            return;
        }
        const glm::vec3 eye = m_camera.position;
        const glm::vec3 forward = m_camera.forward();
        m_playback->setListener({eye.x, eye.y, eye.z}, {forward.x, forward.y, forward.z},
                                {0.0f, 1.0f, 0.0f});
        const bool presented =
            m_realtime ? m_playback->update() : m_playback->step(nowSeconds, stepSeconds);
        if (presented && m_playback->current()) {
            m_panel.upload(toVideoImage(*m_playback->current()));
            m_presentedDecodedAt = m_playback->current()->decodedAt;
        }
        // The stream's ups and downs go to the log: what a venue reads after a bad day.
        const std::string& state = m_playback->state();
        if (state != m_loggedStreamState) {
            if (state == "reconnecting" || state == "error") {
                log::warning("the guide's stream is %s: %s", state.c_str(),
                             m_playback->stats().error.c_str());
#ifdef __GLIBC__
                // The lost session's demuxer and decoders were just freed: give their pages
                // back, or a kiosk that loses its stream all day keeps them (bench: kiosk soak).
                malloc_trim(0);
#endif
            } else if (state == "stalled") {
                log::warning("the guide's stream stalled: no new picture for a second");
            } else if (state == "playing" && (m_loggedStreamState == "reconnecting" ||
                                              m_loggedStreamState == "stalled")) {
                log::info("the guide's stream is back");
            } else {
                log::debug("the guide's stream is %s", state.c_str());
            }
            m_loggedStreamState = state;
        }
    }

    // Ends the run's stream bookkeeping: stats, and the exit code of a local file that failed.
    int finishStream(int code) {
        if (!m_playback) {
            return code;
        }
        const streaming::PlaybackStats& p = m_playback->stats();
        RunStats::Video video;
        video.reconnects = p.reconnects;
        video.restarts = p.restarts;
        video.rejectedCues = p.rejectedCues;
        video.error = p.error;
        std::vector<RunStats::FiredCue> cues;
        for (const auto& cue : p.cues) {
            cues.push_back({cue.hotspot.value_or(""), cue.cueSeconds, cue.frameSeconds});
        }
        m_stats.setCues(std::move(cues), p.latencyMs);
        for (const double ms : p.avOffsetsMs) {
            video.avOffsetsMs.push_back(std::abs(ms)); // how far apart, either way
        }
        video.decoded = p.decoded;
        video.presented = p.presented;
        video.dropped = p.dropped;
        video.repeated = p.repeated;
        video.stalls = p.stalls;
        video.state = m_playback->state();
        video.states = p.states;
        video.userAgent = userAgent();
        m_stats.setVideo(video);
        if (m_playback->failed()) {
            // A lost network stream is part of a normal run; a broken local file is bad input.
            if (m_streamIsLocal && code == kExitOk) {
                return failWith(kExitBadInput, p.error);
            }
            log::error("the stream was lost: %s\n", p.error.c_str());
        }
        return code;
    }

    // Every string the UI may show, for the font atlas: the UI's own in every language, the
    // scene's texts in every language, and the captions.
    std::string textToShow() const {
        std::string all = allUiText() + m_title + "中文Français English0123456789:/%-+ s";
        const auto add = [&](const hotspots::Text& text) {
            for (const auto& [language, value] : text) {
                all += value;
            }
        };
        add(m_scene.manifest.title);
        add(m_scene.manifest.guideName);
        for (const auto& slot : m_scene.manifest.schedule) {
            add(slot.title);
        }
        for (const auto& v : m_scene.manifest.viewpoints) {
            add(v.title);
        }
        for (const auto& h : m_scene.hotspots) {
            add(h.title);
            add(h.artist);
            add(h.date);
            add(h.medium);
            add(h.commentary);
            if (m_curator) {
                add(h.guide);
            }
        }
        if (m_curator) {
            all += Curator::uiCharacters();
        }
        for (const auto& c : m_captions) {
            all += c.text;
        }
        return all;
    }

    // The replay's subtitles in the visitor's language (captions.<lang>.vtt beside it), if any.
    void loadCaptions() {
        m_captions.clear();
        const fs::path path = fs::path(m_scene.folder) / ("captions." + m_language + ".vtt");
        std::ifstream in(path);
        if (!in) {
            return;
        }
        std::ostringstream text;
        text << in.rdbuf();
        std::string error;
        if (!hotspots::parseWebVtt(text.str(), m_captions, error)) {
            m_captions.clear();
            log::warning("%s: %s; no captions\n", path.c_str(), error.c_str());
        }
    }

    // The visitor's UI scale on this screen: their setting times the monitor's content scale
    // (2 on a HiDPI laptop), so that 100 % is the same physical size everywhere. Headless: 1.
    float effectiveUiScale() const {
        return m_uiScale * m_contentScale;
    }

    void updateContentScale() {
        if (m_headless) {
            return;
        }
        float x = 1.0f;
        float y = 1.0f;
        glfwGetWindowContentScale(m_context->window(), &x, &y);
        const float scale = std::clamp(std::max(x, y), 0.5f, 4.0f);
        if (scale != m_contentScale) {
            m_contentScale = scale;
            if (m_ui.active()) {
                m_ui.setAppearance(effectiveUiScale(), m_highContrast);
            }
        }
    }

    void initUi() {
        updateContentScale();
        std::string error;
        if (!m_options.noUi && !m_ui.init(m_context->window(), error, textToShow(),
                                          effectiveUiScale(), m_highContrast)) {
            // The gallery is still worth showing without its overlay.
            log::warning("%s; continuing without the UI\n", error.c_str());
        }
        for (const std::string& warning : m_ui.warnings()) {
            log::warning("%s", warning.c_str());
        }
        if (!m_ui.missingGlyphs().empty()) {
            std::string list;
            for (std::size_t k = 0; k < m_ui.missingGlyphs().size() && k < 12; ++k) {
                char code[12];
                std::snprintf(code, sizeof code, " U+%04X", m_ui.missingGlyphs()[k]);
                list += code;
            }
            log::warning("%zu characters have no glyph in the UI fonts:%s\n",
                         m_ui.missingGlyphs().size(), list.c_str());
        }
    }

    void renderFrame(glm::ivec2 size, float dtSeconds) {
        pumpTextures();
        std::string error;
        const auto& quality = kQualityLevels[static_cast<std::size_t>(m_qualityLevel)];
        if (!m_renderer.resize(size, qualityMsaa(m_qualityLevel, m_options.msaa),
                               quality.renderScale, error)) {
            log::error("%s\n", error.c_str());
        }
        m_renderer.setSimpleShading(quality.simpleShading);
        const engine::DrawStats draw = m_renderer.render(m_camera, m_lighting);
        m_stats.setDrawStats(draw.drawCalls, draw.triangles, draw.coarserDraws);
        if (m_pip && m_playback && m_panel.hasFrame()) {
            constexpr float kPipWidth = 0.28f; // of the view's width
            m_renderer.bindResolvedFramebuffer();
            m_panel.drawPictureInPicture(size, kPipWidth,
                                         m_playback->lost() ? kLostStreamBrightness : 1.0f);
        }
        if (m_ui.active()) {
            if (!m_pendingGlyphs.empty()) {
                m_ui.addText(m_pendingGlyphs); // a curator typed characters new to the atlas
                m_pendingGlyphs.clear();
            }
            if (!m_uiWarm) {
                m_ui.beginFrame(size, dtSeconds);
                drawOverlay();
                m_ui.discardFrame();
                m_uiWarm = true;
            }
            m_ui.beginFrame(size, dtSeconds);
            drawOverlay();
            m_renderer.bindResolvedFramebuffer();
            m_ui.draw();
            applyActions();
        }
        // A tap that the UI did not take: on a marker it opens the artwork's card.
        if (m_pendingTap) {
            m_inputSeen = true;
            if (m_curator) {
                if (!m_ui.wantsMouse()) {
                    curatorClick(*m_pendingTap, size);
                }
            } else if (!adminTap(*m_pendingTap) && !m_ui.wantsMouse()) {
                tapMarker(*m_pendingTap);
            }
            m_pendingTap.reset();
        }
        m_uiClock += dtSeconds;
        autosaveCurator();
        if (m_wantPicture) {
            m_wantPicture = false;
            screenshotToPictures();
        }
    }

    // --- curator mode --------------------------------------------------------------------------

    // The editor over the scene. The document starts from the scene's files and, without a cue
    // sheet, from the replay's own cues; an autosave that a session left behind is offered.
    int startCurator() {
        // A new scene (a bare model) gets its replay from --stream when the recording is in its
        // folder: the timeline then marks cues on it, and saving names it in scene.json.
        std::error_code ec;
        if (!m_scene.manifest.replay && !m_options.stream.empty() &&
            fs::is_regular_file(m_options.stream, ec)) {
            const fs::path relative = fs::absolute(m_options.stream, ec)
                                          .lexically_normal()
                                          .lexically_relative(m_scene.folder);
            if (!relative.empty() && *relative.begin() != "..") {
                m_scene.manifest.replay = hotspots::Replay{relative.string(), {}};
                m_recording = fs::absolute(m_options.stream, ec).lexically_normal().string();
                m_streamIsReplay = true;
            }
        }
        if (!m_options.control.empty()) {
            std::string problem;
            if (!m_control.open(m_options.control, problem)) {
                return failWith(kExitBadInput, "--control " + problem);
            }
            m_controlStatus = "ready";
        }
        CuratorDocument document;
        document.manifest = m_scene.manifest;
        document.hotspots = m_scene.hotspots;
        if (m_scene.cueSheet) {
            document.cues = m_scene.cueSheet->cues;
            document.hasCueSheet = true;
        } else if (m_streamIsReplay) {
            std::vector<streaming::ScriptedCue> changes;
            std::string problem;
            if (streaming::scanCueTrack(m_recording, changes, problem)) {
                for (const auto& c : changes) {
                    document.cues.push_back({c.seconds, c.hotspot});
                }
            } else {
                log::warning("the replay's own cues cannot be read: %s\n", problem.c_str());
            }
        }
        m_saveFolder = m_options.outFolder.empty()
                           ? m_scene.folder
                           : fs::absolute(m_options.outFolder, ec).lexically_normal().string();
        m_saveAsFirst = !m_options.outFolder.empty();
        m_follow = false; // the curator moves the camera; cues only light markers
        if (m_streamIsReplay) {
            // The timeline's waveform, decoded while the curator starts working.
            m_waveformTask = std::async(std::launch::async, [path = m_recording] {
                std::vector<float> peaks;
                std::string problem;
                if (!streaming::audioEnvelope(path, kWaveformBucketSeconds, peaks, problem)) {
                    log::warning("no waveform: %s\n", problem.c_str());
                }
                return peaks;
            });
        }
        m_savedDocument = document;
        m_previewCues = document.cues;
        m_previewSheet = document.hasCueSheet;
        m_curator = std::make_unique<Curator>(document, m_scene.manifest.languages);
        m_recoveryFolder = recoveryFolder(m_scene.folder);
        if (const int swept = sweepStaleSaves(m_scene.folder); swept > 0) {
            log::info("removed %d unfinished save%s left by a docent that was stopped while "
                      "saving\n",
                      swept, swept == 1 ? "" : "s");
        }
        std::string when;
        std::string error;
        if (auto recovered = readRecovery(m_recoveryFolder, document, when, error)) {
            m_recoveryOffer = when;
            m_recoveredDocument = std::move(*recovered);
            log::warning("unsaved edits of %s from %s were found in %s\n", m_scene.folder.c_str(),
                         when.c_str(), m_recoveryFolder.c_str());
        } else if (!error.empty()) {
            log::warning("%s\n", error.c_str());
        }
        log::info("curator mode: %zu hotspots, %zu cues; saving into %s\n",
                  document.hotspots.size(), document.cues.size(), m_saveFolder.c_str());
        return kExitOk;
    }

    CuratorView curatorView() {
        CuratorView v;
        if (m_playback && m_streamIsReplay) {
            v.hasReplay = true;
            v.position = m_playback->positionSeconds();
            v.duration = m_playback->durationSeconds();
            v.paused = m_playback->paused();
            const double rate = m_playback->frameRate();
            v.frameInterval = rate > 0.0 ? 1.0 / rate : 0.04;
            v.firedHotspot = m_playback->activeHotspot();
            if (m_waveformTask.valid() &&
                m_waveformTask.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
                m_waveform = m_waveformTask.get();
            }
            v.waveform = &m_waveform;
            v.waveformBucket = kWaveformBucketSeconds;
        }
        v.markers = curatorMarkers();
        v.sceneFolder = m_saveFolder;
        v.recoveryOffer = m_recoveryOffer;
        v.window = !m_headless;
        if (!m_options.control.empty()) {
            v.controlUrl = m_options.control;
            while (const auto answer = m_control.poll()) {
                m_controlError = answer->rfind("ok ", 0) != 0;
                m_controlStatus =
                    m_controlError ? *answer
                                   : "on air: " + answer->substr(3) + " (the broadcaster took it)";
                log::info("producer console: %s\n", answer->c_str());
                m_curatorStats.answers.push_back(*answer);
            }
            v.controlStatus = m_controlStatus;
            v.controlError = m_controlError;
        }
        return v;
    }

    // Every hotspot's marker on screen (not only the tour's, and at any distance).
    std::vector<CuratorMarker> curatorMarkers() const {
        std::vector<CuratorMarker> out;
        const ImGuiIO& io = ImGui::GetIO();
        const glm::mat4 viewProjection =
            m_camera.projection(io.DisplaySize.x / std::max(io.DisplaySize.y, 1.0f)) *
            m_camera.view();
        for (const hotspots::Hotspot& h : m_scene.hotspots) {
            glm::vec3 point;
            glm::vec3 normal;
            if (!anchorInWorld(h, point, normal)) {
                continue;
            }
            const glm::vec4 clip = viewProjection * glm::vec4(point, 1.0f);
            if (clip.w <= 0.0f) {
                continue;
            }
            const glm::vec2 ndc = glm::vec2(clip) / clip.w;
            if (std::abs(ndc.x) > 1.0f || std::abs(ndc.y) > 1.0f) {
                continue;
            }
            const glm::vec3 towards = point - m_camera.position;
            const float distance = glm::length(towards);
            const engine::Ray ray{m_camera.position, towards / std::max(distance, 1e-6f)};
            const auto hit = m_bvh.intersect(ray, distance);
            out.push_back({h.id,
                           glm::vec2((ndc.x * 0.5f + 0.5f) * io.DisplaySize.x,
                                     (0.5f - ndc.y * 0.5f) * io.DisplaySize.y),
                           hit && hit->distance < distance - kMarkerClearanceMetres});
        }
        return out;
    }

    // The scene the visitor's machinery reads (markers, the guide's hotspot) follows the document.
    void syncCuratorScene() {
        const CuratorDocument& document = m_curator->document();
        if (document.hotspots != m_scene.hotspots ||
            document.manifest.tour != m_scene.manifest.tour) {
            const std::optional<std::string> guide =
                m_guideHotspot ? std::optional<std::string>(m_guideHotspot->id) : std::nullopt;
            m_scene.hotspots = document.hotspots;
            m_scene.manifest.tour = document.manifest.tour;
            m_cardHotspot = nullptr; // pointed into the old list
            m_guideHotspot = guide ? findHotspot(*guide) : nullptr;
            std::string text;
            for (const auto& h : document.hotspots) {
                for (const hotspots::Text* t :
                     {&h.title, &h.artist, &h.date, &h.medium, &h.commentary, &h.guide}) {
                    for (const auto& [language, value] : *t) {
                        text += value;
                    }
                }
            }
            m_pendingGlyphs = std::move(text); // the atlas grows before the next frame
        }
        // The preview fires cues exactly as a visitor's view would: from the sheet being edited.
        if (m_playback && m_streamIsReplay &&
            (document.cues != m_previewCues || document.hasCueSheet != m_previewSheet)) {
            m_previewCues = document.cues;
            m_previewSheet = document.hasCueSheet;
            std::vector<streaming::ScriptedCue> sheet;
            for (const auto& cue : document.cues) {
                sheet.push_back({cue.time, cue.hotspot, {}});
            }
            m_playback->useCueSheet(std::move(sheet));
        }
    }

    void drawCurator() {
        syncCuratorScene();
        m_curator->draw(curatorView(), m_curatorActions);
    }

    // What the editor asked of the app: the replay's transport, saving, the recovery.
    void applyCuratorActions() {
        const CuratorActions a = m_curatorActions;
        m_curatorActions = {};
        if (m_playback && m_streamIsReplay) {
            if (a.togglePause) {
                m_playback->setPaused(!m_playback->paused());
            }
            if (a.seekTo) {
                // Into the frame, not onto its edge: a seek shows the frame whose time the
                // target falls in, and a frame's time in floating point may sit a hair above.
                const double rate = m_playback->frameRate();
                m_playback->seek(*a.seekTo + (rate > 0.0 ? 0.25 / rate : 0.0));
            }
        }
        if (a.fire) {
            std::string problem;
            if (m_control.send(*a.fire, problem)) {
                m_controlStatus = "sent " + a.fire->value_or("(no artwork)") + "...";
                m_controlError = false;
                m_curatorStats.fired.push_back(a.fire->value_or("-"));
            } else {
                m_controlStatus = problem;
                m_controlError = true;
            }
        }
        if (a.recover && m_recoveredDocument) {
            m_curator->replaceDocument(*m_recoveredDocument, "recover the autosaved edits");
            m_curator->setStatus("recovered the edits autosaved " + m_recoveryOffer.value_or(""),
                                 false);
            m_recoveredDocument.reset();
            m_recoveryOffer.reset();
        }
        if (a.discardRecovery) {
            removeRecovery(m_recoveryFolder);
            m_recoveredDocument.reset();
            m_recoveryOffer.reset();
        }
        if (a.save) {
            saveCurator(m_saveFolder, m_saveAsFirst);
        }
        if (a.saveAs) {
            std::error_code ec;
            saveCurator(fs::absolute(*a.saveAs, ec).lexically_normal().string(), true);
        }
        syncCuratorScene();
    }

    // Saves the document; on success the folder is where later saves go.
    void saveCurator(const std::string& folder, bool newFolder) {
        if (m_recoveryOffer) {
            m_curator->setStatus("recover or discard the autosaved edits first", true);
            return;
        }
        std::string error;
        const CuratorDocument& document = m_curator->document();
        if (!saveCuratorDocument(m_scene, document, folder, newFolder, error)) {
            log::error("%s\n", error.c_str());
            m_curator->setStatus(error, true);
            ++m_curatorStats.failedSaves;
            m_curatorStats.lastError = error;
            writeAutosave(); // what is not saved is at least in the recovery file
            return;
        }
        removeRecovery(m_recoveryFolder); // what it held is saved now
        if (folder != m_scene.folder) {
            // Save As: the new folder is the scene from now on (later saves go there).
            const hotspots::SceneFolder reopened = hotspots::openSceneFolder(folder);
            m_scene.folder = reopened.folder;
            m_scene.manifestPath = reopened.manifestPath;
            m_scene.modelPath = reopened.modelPath;
            m_recoveryFolder = recoveryFolder(m_scene.folder);
        }
        m_saveFolder = folder;
        m_saveAsFirst = false;
        m_savedDocument = document;
        removeRecovery(m_recoveryFolder);
        // What `docent validate` would say of the folder just written.
        hotspots::SceneFolder check = hotspots::openSceneFolder(folder);
        std::vector<std::string> names;
        for (const auto& node : m_asset.nodes) {
            names.push_back(node.name);
        }
        hotspots::checkAnchors(check, names);
        int errors = 0;
        int warnings = 0;
        for (const auto& problem : check.problems) {
            (problem.severity == hotspots::Severity::Error ? errors : warnings) += 1;
        }
        const std::string message = "saved " + folder + " (validate: " + std::to_string(errors) +
                                    " errors, " + std::to_string(warnings) + " warnings)";
        log::info("%s\n", message.c_str());
        m_curator->setStatus(message, errors > 0);
        ++m_curatorStats.saves;
        m_curatorStats.savedFolder = folder;
    }

    // Unsaved edits go to the recovery file every --autosave seconds (and when the run ends).
    void autosaveCurator() {
        if (!m_curator || m_uiClock - m_lastAutosave < m_options.autosaveSeconds) {
            return;
        }
        m_lastAutosave = m_uiClock;
        writeAutosave();
    }

    void writeAutosave() {
        const CuratorDocument& document = m_curator->document();
        if (m_recoveryOffer || m_recoveryFolder.empty() || document == m_autosavedDocument) {
            return;
        }
        if (document == m_savedDocument) {
            removeRecovery(m_recoveryFolder);
            m_autosavedDocument = document;
            return;
        }
        std::string error;
        if (writeRecovery(m_recoveryFolder, m_scene.folder, document, error)) {
            m_autosavedDocument = document;
            ++m_curatorStats.autosaves;
        } else {
            log::warning("%s\n", error.c_str());
        }
    }

    void finishCurator() {
        if (!m_curator) {
            return;
        }
        writeAutosave();
        const CuratorDocument& document = m_curator->document();
        m_curatorStats.hotspots = static_cast<int>(document.hotspots.size());
        m_curatorStats.cues = static_cast<int>(document.cues.size());
        m_curatorStats.undoSteps = static_cast<int>(m_curator->history().steps());
        m_curatorStats.unsaved = document != m_savedDocument;
        m_curatorStats.selected = m_curator->selected();
        if (m_waveformTask.valid()) {
            m_waveform = m_waveformTask.get(); // (an async future waits for it anyway)
        }
        m_curatorStats.waveformPeaks = static_cast<int>(m_waveform.size());
        m_curatorStats.waveformMax =
            m_waveform.empty() ? 0.0f : *std::max_element(m_waveform.begin(), m_waveform.end());
        m_stats.setCurator(m_curatorStats);
    }

    // A click on the scene: places or moves a marker, or selects the one clicked.
    // The anchor under a point of the view (pixels of `space`: the framebuffer headless, the
    // window's size in a window, as pointer positions come): the surface a ray meets, in the
    // space of the nearest named node up the tree. nullopt with why when there is none.
    std::optional<hotspots::Anchor> anchorAt(glm::vec2 at, glm::vec2 space,
                                             std::string& problem) const {
        const glm::vec2 ndc(2.0f * at.x / space.x - 1.0f, 1.0f - 2.0f * at.y / space.y);
        const engine::Ray ray = m_camera.rayThrough(ndc, space.x / std::max(space.y, 1.0f));
        const auto hit = m_bvh.intersect(ray, kPickRangeMetres);
        if (!hit) {
            problem = "nothing of the gallery there: the marker was not placed";
            return std::nullopt;
        }
        int node = static_cast<int>(hit->tag);
        while (node >= 0 && m_asset.nodes[static_cast<std::size_t>(node)].name.empty()) {
            node = m_asset.nodes[static_cast<std::size_t>(node)].parent;
        }
        if (node < 0) {
            problem = "the surface there belongs to no named node of the model: a marker anchors "
                      "to a node by its name";
            return std::nullopt;
        }
        const engine::NodeData& anchorNode = m_asset.nodes[static_cast<std::size_t>(node)];
        const glm::vec3 local =
            glm::vec3(glm::inverse(anchorNode.world) * glm::vec4(hit->point, 1.0f));
        const glm::vec3 localNormal =
            glm::normalize(glm::inverse(glm::mat3(anchorNode.world)) * hit->normal);
        hotspots::Anchor anchor;
        anchor.node = anchorNode.name;
        // Millimetres and thousandths: what a curator's file needs, and it reads back the same.
        const auto round3 = [](float v) {
            return std::round(static_cast<double>(v) * 1000.0) / 1000.0;
        };
        anchor.point = {round3(local.x), round3(local.y), round3(local.z)};
        anchor.normal = {round3(localNormal.x), round3(localNormal.y), round3(localNormal.z)};
        return anchor;
    }

    // Pointer positions come in the window's coordinates, which differ from the framebuffer's
    // on a HiDPI screen.
    glm::vec2 pointerSpace(glm::ivec2 framebuffer) const {
        if (m_headless) {
            return glm::vec2(framebuffer);
        }
        int w = 0;
        int h = 0;
        glfwGetWindowSize(m_context->window(), &w, &h);
        return glm::vec2(static_cast<float>(std::max(w, 1)), static_cast<float>(std::max(h, 1)));
    }

    // The marker under a point, if any.
    std::optional<std::string> markerAt(glm::vec2 at) const {
        for (const CuratorMarker& m : curatorMarkers()) {
            if (glm::length(m.at - at) <= ImGui::GetFontSize()) {
                return m.id;
            }
        }
        return std::nullopt;
    }

    // A click on the scene: places or moves a marker, or selects the one clicked.
    void curatorClick(glm::vec2 at, glm::ivec2 size) {
        if (!m_curator->placing()) {
            if (const auto id = markerAt(at)) {
                m_curator->selectHotspot(*id);
            }
            return;
        }
        std::string problem;
        m_curator->placeAt(anchorAt(at, pointerSpace(size), problem), problem);
    }

    // Dragging a marker: it slides along the surfaces under the pointer, live, and the whole
    // drag is one step of the history. Begin returns whether a marker was taken.
    enum class DragPhase { Begin, Move, End };
    bool dragMarker(glm::vec2 at, DragPhase phase) {
        if (!m_curator) {
            return false;
        }
        if (phase == DragPhase::Begin) {
            m_markerDrag = m_ui.wantsMouse() || m_curator->placing() ? std::nullopt : markerAt(at);
            if (m_markerDrag) {
                m_curator->selectHotspot(*m_markerDrag);
            }
            return m_markerDrag.has_value();
        }
        if (!m_markerDrag) {
            return false;
        }
        std::string problem;
        if (const auto anchor = anchorAt(at, pointerSpace(m_renderer.size()), problem)) {
            m_curator->dragMarker(*m_markerDrag, *anchor);
        }
        if (phase == DragPhase::End) {
            m_curator->endDrag();
            m_markerDrag.reset();
        }
        return true;
    }

    // --- settings ----------------------------------------------------------------------------

    // The saved settings, under this run's command-line flags (which are not saved).
    void applySettings() {
        m_settingsPath = settingsPath();
        std::string warning;
        loadSettings(m_settingsPath, m_settings, warning);
        if (!warning.empty()) {
            log::warning("%s\n", warning.c_str());
            saveSettingsNow(); // the corrupt file is replaced by the defaults
        }
        m_language = !m_options.language.empty()    ? m_options.language
                     : !m_settings.language.empty() ? m_settings.language
                                                    : localeLanguage();
        m_volume = m_options.volume.value_or(m_settings.volume);
        m_muted = m_options.mute || m_settings.muted;
        m_follow = !m_options.wander && m_settings.follow;
        m_captionsOn = m_settings.captions;
        m_uiScale = m_options.uiScale.value_or(m_settings.uiScale);
        m_highContrast = m_options.highContrast || m_settings.highContrast;
        m_reducedMotion = m_options.reducedMotion || m_settings.reducedMotion;
        m_touchPad = m_options.touchPad || m_settings.touchPad;
        if (m_kiosk) {
            applyKioskDefaults();
        }
    }

    void saveSettingsNow() {
        if (m_kiosk) {
            return; // a kiosk forgets its visitors' choices
        }
        std::string error;
        if (!saveSettings(m_settingsPath, m_settings, error)) {
            log::warning("%s\n", error.c_str());
        }
    }

    void setLanguage(const std::string& language) {
        if (language == m_language) {
            return;
        }
        m_language = language;
        m_settings.language = language;
        saveSettingsNow();
        m_title = hotspots::textIn(m_scene.manifest.title, m_language);
        if (m_streamIsReplay) {
            loadCaptions();
        }
        if (!m_headless) {
            glfwSetWindowTitle(m_context->window(), ("docent — " + m_title).c_str());
        }
    }

    // --- the visitor's UI ----------------------------------------------------------------------

    // The time the UI shows (--now, else the clock), as a UTC time_t.
    std::time_t now() const {
        if (m_fixedNow) {
            return *m_fixedNow + static_cast<std::time_t>(m_uiClock); // --now, then run time
        }
        return std::time(nullptr);
    }

    Broadcast broadcastState() const {
        if (!m_playback) {
            return Broadcast::OffAir;
        }
        const std::string& state = m_playback->state();
        if (state == "connecting") {
            return Broadcast::Connecting;
        }
        if (state == "reconnecting") {
            return Broadcast::Reconnecting;
        }
        if (state == "ended") {
            return m_playback->durationSeconds() > 0.0 ? Broadcast::Ended : Broadcast::OffAir;
        }
        if (state == "failed") {
            return Broadcast::Failed;
        }
        return m_playback->durationSeconds() > 0.0 ? Broadcast::Replay : Broadcast::Live;
    }

    // The next scheduled tour that has not ended, in the visitor's time zone and language.
    std::string nextTourText() const {
        const std::time_t t = now();
        std::optional<std::time_t> best;
        const hotspots::TourSlot* slot = nullptr;
        for (const auto& s : m_scene.manifest.schedule) {
            const auto start = parseRfc3339(s.start);
            if (!start || *start + static_cast<std::time_t>(s.durationMinutes * 60.0) < t) {
                continue;
            }
            if (!best || *start < *best) {
                best = start;
                slot = &s;
            }
        }
        if (!best) {
            return {};
        }
        const std::string title = hotspots::textIn(slot->title, m_language);
        return localTimeText(*best, m_language) + (title.empty() ? "" : " — " + title);
    }

    VisitorView buildView() {
        VisitorView v;
        v.language = m_language;
        v.title = m_title;
        v.texturesTotal = m_streaming.images;
        v.texturesLoaded =
            m_textureStreamer
                ? static_cast<int>(m_textureStreamer->delivered() - m_fullUploads.size())
                : m_streaming.images;
        v.window = !m_headless && !m_kiosk;
        v.keyHints = !m_kiosk;
        v.reducedMotion = m_reducedMotion;
        if (m_kiosk) {
            v.attract = m_kiosk->state() == KioskState::Attract;
            v.attractCall =
                uiText("Touch the screen to explore the museum", m_kiosk->callLanguage());
            v.countdown =
                m_kiosk->state() == KioskState::Countdown ? m_kiosk->countdownLeft() : -1.0;
            v.pinPad = m_pinOpen;
            v.pinDigits = static_cast<int>(m_pinEntered.size());
            v.pinWrong = m_pinWrong;
        }
        v.timeSeconds = m_uiClock;
        v.broadcast = broadcastState();
        v.guideName = hotspots::textIn(m_scene.manifest.guideName, m_language);
        if (v.broadcast == Broadcast::OffAir || v.broadcast == Broadcast::Ended) {
            v.nextTour = nextTourText();
        }
        if (m_playback) {
            v.position = m_playback->positionSeconds();
            v.duration = m_playback->durationSeconds();
            v.paused = m_playback->paused();
            v.hasAudio = m_playback->hasAudio();
            if (m_chapterScan.valid() &&
                m_chapterScan.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
                m_chapterCues = m_chapterScan.get();
            }
            for (const auto& cue : m_chapterCues) {
                if (cue.hotspot) {
                    const hotspots::Hotspot* h = findHotspot(*cue.hotspot);
                    v.chapters.push_back(
                        {cue.seconds, h ? hotspots::textIn(h->title, m_language) : *cue.hotspot});
                }
            }
            if (m_captionsOn && !m_captions.empty() && m_playback->current()) {
                if (const hotspots::Caption* c =
                        hotspots::captionAt(m_captions, m_playback->positionSeconds())) {
                    v.caption = c->text;
                }
            }
        }
        v.volume = m_volume;
        v.muted = m_muted;
        v.pip = m_pip;
        v.hasCaptions = !m_captions.empty();
        v.captionsOn = m_captionsOn;
        v.follow = m_follow;
        v.guideKnown = m_guideHotspot != nullptr;
        for (const hotspots::Hotspot* h : tourHotspots()) {
            ArtworkRow row;
            row.id = h->id;
            row.title = hotspots::textIn(h->title, m_language);
            row.byline = byline(*h);
            row.moon = std::find(h->threads.begin(), h->threads.end(), "moon") != h->threads.end();
            row.guideHere = h == m_guideHotspot;
            glm::vec3 point;
            glm::vec3 normal;
            if (anchorInWorld(*h, point, normal)) {
                row.mapPosition = glm::vec2(point.x, point.z);
            }
            v.artworks.push_back(std::move(row));
        }
        v.listOpen = m_listOpen;
        v.listSelection = m_listSelection;
        const hotspots::Hotspot* card = m_cardHotspot;
        if (card) {
            v.cardOpen = true;
            v.cardIsGuide = card == m_guideHotspot;
            v.cardTitle = hotspots::textIn(card->title, m_language);
            v.cardByline = byline(*card);
            v.cardMedium = hotspots::textIn(card->medium, m_language);
            v.cardCommentary = hotspots::textIn(card->commentary, m_language);
        }
        v.markers = projectMarkers(ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y);
        m_markers = v.markers;
        if (m_guideHotspot) {
            glm::vec3 point;
            glm::vec3 normal;
            if (anchorInWorld(*m_guideHotspot, point, normal)) {
                v.guide = glm::vec2(point.x, point.z);
            }
        }
        v.touchPad = m_touchPad;
        v.settingsOpen = m_settingsOpen;
        v.uiScale = m_uiScale;
        v.highContrast = m_highContrast;
        v.rooms = m_rooms;
        v.visitor = glm::vec2(m_camera.position.x, m_camera.position.z);
        v.visitorYawDegrees = m_camera.yawDegrees;
        return v;
    }

    // The hotspots in front of the camera and near enough, on screen; behind a wall they are
    // marked hidden (a ray from the eye meets the gallery first).
    std::vector<Marker> projectMarkers(float width, float height) const {
        std::vector<Marker> out;
        const glm::mat4 viewProjection =
            m_camera.projection(width / std::max(height, 1.0f)) * m_camera.view();
        for (const hotspots::Hotspot* h : tourHotspots()) {
            glm::vec3 point;
            glm::vec3 normal;
            if (!anchorInWorld(*h, point, normal)) {
                continue;
            }
            const glm::vec3 towards = point - m_camera.position;
            const float distance = glm::length(towards);
            const glm::vec4 clip = viewProjection * glm::vec4(point, 1.0f);
            const bool active = h == m_guideHotspot;
            if (clip.w <= 0.0f || (distance > kMarkerRangeMetres && !active)) {
                continue;
            }
            const glm::vec2 ndc = glm::vec2(clip) / clip.w;
            if (std::abs(ndc.x) > 1.1f || std::abs(ndc.y) > 1.1f) {
                continue;
            }
            Marker m;
            m.id = h->id;
            m.at = glm::vec2((ndc.x * 0.5f + 0.5f) * width, (0.5f - ndc.y * 0.5f) * height);
            m.size = std::clamp(kMarkerFullSizeMetres / std::max(distance, 0.1f), 0.45f, 1.0f);
            m.active = active;
            m.moon = std::find(h->threads.begin(), h->threads.end(), "moon") != h->threads.end();
            const engine::Ray ray{m_camera.position, towards / std::max(distance, 1e-6f)};
            const auto hit = m_bvh.intersect(ray, distance);
            m.hidden = hit && hit->distance < distance - kMarkerClearanceMetres;
            out.push_back(std::move(m));
        }
        return out;
    }

    // A click or tap on the scene: on a visible marker it opens that artwork's card.
    bool tapMarker(glm::vec2 at) {
        const float reach = kMarkerTapPixels * effectiveUiScale();
        for (const Marker& m : m_markers) {
            if (!m.hidden && glm::length(m.at - at) <= reach) {
                m_cardHotspot = findHotspot(m.id);
                return true;
            }
        }
        return false;
    }

    // "Artist, date" in the visitor's language (either may be missing).
    std::string byline(const hotspots::Hotspot& h) const {
        const std::string artist = hotspots::textIn(h.artist, m_language);
        const std::string date = hotspots::textIn(h.date, m_language);
        return artist + (!artist.empty() && !date.empty() ? ", " : "") + date;
    }

    // The tour's hotspots in the guide's order (the manifest's tour, else the file's order).
    std::vector<const hotspots::Hotspot*> tourHotspots() const {
        std::vector<const hotspots::Hotspot*> out;
        for (const auto& id : m_scene.manifest.tour) {
            if (const hotspots::Hotspot* h = findHotspot(id)) {
                out.push_back(h);
            }
        }
        if (out.empty()) {
            for (const auto& h : m_scene.hotspots) {
                out.push_back(&h);
            }
        }
        return out;
    }

    // The rooms of the minimap: the floors the model names ("ROOM.floor"), else its bounds.
    void findRooms() {
        m_rooms.clear();
        for (const auto& instance : m_asset.instances) {
            const std::string& name = m_asset.nodes[static_cast<std::size_t>(instance.node)].name;
            constexpr std::string_view kFloor = ".floor";
            if (name.size() > kFloor.size() &&
                name.compare(name.size() - kFloor.size(), kFloor.size(), kFloor) == 0) {
                const engine::Aabb& b = instance.worldBounds;
                m_rooms.push_back({glm::vec2(b.min.x, b.min.z), glm::vec2(b.max.x, b.max.z)});
            }
        }
        if (m_rooms.empty() && m_walking && !m_asset.instances.empty()) {
            const engine::Aabb& b = m_asset.bounds;
            m_rooms.push_back({glm::vec2(b.min.x, b.min.z), glm::vec2(b.max.x, b.max.z)});
        }
    }

    void drawOverlay() {
        if (m_curator) {
            drawCurator();
            return;
        }
        VisitorView view = buildView();
        view.focusControls = m_focusControls;
        m_focusControls = false;
        view.focusSettings = m_focusSettings;
        m_focusSettings = false;
        view.focusStep = m_focusStep;
        m_focusStep = 0;
        view.activateFocus = m_activateFocus;
        m_activateFocus = false;
        VisitorActions actions;
        m_visitorUi.draw(view, actions);
        m_pendingActions = actions;
    }

    // What the visitor asked for in the UI, after the frame that showed it.
    void applyActions() {
        if (m_curator) {
            applyCuratorActions();
            return;
        }
        const VisitorActions a = m_pendingActions;
        m_pendingActions = {};
        m_touch = {a.moveForward, a.moveRight, a.turnLeft, a.zoomIn};
        if (a.pinKey) {
            pinKey(*a.pinKey);
        }
        if (a.pressed() || m_touch != glm::vec4(0.0f)) {
            m_inputSeen = true;
        }
        if (a.toggleSettings) {
            m_settingsOpen = !m_settingsOpen;
        }
        if (a.uiScale || a.toggleContrast) {
            m_uiScale = a.uiScale.value_or(m_uiScale);
            m_highContrast = a.toggleContrast ? !m_highContrast : m_highContrast;
            m_settings.uiScale = m_uiScale;
            m_settings.highContrast = m_highContrast;
            saveSettingsNow();
            m_ui.setAppearance(effectiveUiScale(), m_highContrast);
        }
        if (a.toggleMotion) {
            m_reducedMotion = !m_reducedMotion;
            m_settings.reducedMotion = m_reducedMotion;
            saveSettingsNow();
        }
        if (a.toggleTouchPad) {
            toggleTouchPad();
        }
        if (a.language) {
            setLanguage(*a.language);
        }
        if (a.toggleList) {
            toggleList();
        }
        if (a.goTo) {
            goToArtwork(*a.goTo);
        }
        if (a.closeCard) {
            m_cardHotspot = nullptr;
        }
        if (a.toggleCaptions) {
            toggleCaptions();
        }
        if (a.toggleFollow) {
            toggleFollow();
        }
        if (a.goToGuide && m_guideHotspot) {
            flyToHotspot(*m_guideHotspot);
        }
        if (a.togglePip) {
            m_pip = !m_pip;
        }
        if (m_playback) {
            if (a.toggleMute) {
                setMuted(!m_muted);
            }
            if (a.volume) {
                setVolume(*a.volume);
            }
            if (a.togglePause) {
                m_playback->setPaused(!m_playback->paused());
            }
            if (a.seekTo) {
                m_playback->seek(std::clamp(*a.seekTo, 0.0, m_playback->durationSeconds()));
            }
        }
        if (a.pressed() && !m_uiKeyboard) {
            // A click leaves the keyboard with the scene (WASD keeps walking).
            ImGui::SetWindowFocus(nullptr);
        }
    }

    // The touch pad's held buttons, added to this frame's walking input; zoom narrows the view.
    // A gamepad's frame: its buttons as keys, its sticks and triggers kept for the next move.
    void applyGamepad(const PadState& pad, float dt) {
        m_gamepadSeen = true;
        m_pad = m_padMapper.update(pad, m_uiKeyboard, dt);
        m_inputSeen = m_inputSeen || m_pad.any();
        for (const KeyPress& press : m_pad.keys) {
            onKey(press.key, press.mods);
        }
    }

    void addGamepad(engine::MoveInput& input, float dt) {
        input.forward = std::clamp(input.forward + m_pad.forward, -1.0f, 1.0f);
        input.strafe = std::clamp(input.strafe + m_pad.strafe, -1.0f, 1.0f);
        input.run = input.run || m_pad.run;
        input.lookYawDegrees += m_pad.yawDegrees;
        input.lookPitchDegrees += m_pad.pitchDegrees;
        if (m_pad.zoom != 0.0f) {
            m_camera.verticalFovDegrees = std::clamp(
                m_camera.verticalFovDegrees - m_pad.zoom * kTouchZoomDegreesPerSecond * dt,
                kMinFovDegrees, kMaxFovDegrees);
        }
        if (m_pad.any()) {
            m_flyTo.cancel();
        }
        m_pad = {};
    }

    void addTouch(engine::MoveInput& input, float dt) {
        input.forward = std::clamp(input.forward + m_touch.x, -1.0f, 1.0f);
        input.strafe = std::clamp(input.strafe + m_touch.y, -1.0f, 1.0f);
        input.lookYawDegrees += m_touch.z * kTouchTurnDegreesPerSecond * dt;
        if (m_touch.w != 0.0f) {
            m_camera.verticalFovDegrees = std::clamp(
                m_camera.verticalFovDegrees - m_touch.w * kTouchZoomDegreesPerSecond * dt,
                kMinFovDegrees, kMaxFovDegrees);
        }
        if (m_touch != glm::vec4(0.0f)) {
            m_flyTo.cancel();
        }
    }

    void toggleTouchPad() {
        m_touchPad = !m_touchPad;
        m_settings.touchPad = m_touchPad;
        saveSettingsNow();
    }

    void toggleList() {
        m_listOpen = !m_listOpen;
        const auto tour = tourHotspots();
        m_listSelection = -1;
        for (std::size_t i = 0; i < tour.size(); ++i) {
            if (tour[i] == (m_cardHotspot ? m_cardHotspot : m_guideHotspot)) {
                m_listSelection = static_cast<int>(i);
            }
        }
    }

    // "Go there": the camera goes to the artwork, its card opens; the visitor wanders off.
    void goToArtwork(const std::string& id) {
        const hotspots::Hotspot* h = findHotspot(id);
        if (!h) {
            return;
        }
        m_cardHotspot = h;
        const auto tour = tourHotspots();
        const auto at = std::find(tour.begin(), tour.end(), h);
        m_listSelection = at == tour.end() ? -1 : static_cast<int>(at - tour.begin());
        if (h != m_guideHotspot && m_follow) {
            m_follow = false; // going elsewhere than the guide is wandering
        }
        flyToHotspot(*h);
    }

    void toggleCaptions() {
        m_captionsOn = !m_captionsOn;
        m_settings.captions = m_captionsOn;
        saveSettingsNow();
    }

    void toggleFollow() {
        m_follow = !m_follow;
        m_settings.follow = m_follow;
        saveSettingsNow();
        if (m_follow && m_guideHotspot) {
            m_cardHotspot = m_guideHotspot;
            flyToHotspot(*m_guideHotspot);
        }
    }

    void setMuted(bool muted) {
        m_muted = muted;
        m_settings.muted = muted;
        saveSettingsNow();
        if (m_playback) {
            m_playback->setMuted(m_muted);
        }
    }

    void setVolume(float volume) {
        m_volume = std::clamp(volume, 0.0f, 1.0f);
        m_settings.volume = m_volume;
        saveSettingsNow();
        if (m_playback) {
            m_playback->setVolume(m_volume);
        }
    }

    void cycleLanguage() {
        static const char* const kOrder[] = {"zh", "fr", "en"};
        std::size_t at = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            if (m_language == kOrder[i]) {
                at = i;
            }
        }
        setLanguage(kOrder[(at + 1) % 3]);
    }

    // F12: the view as it is (with the UI) into the pictures folder.
    void screenshotToPictures() {
        const engine::Image image = m_renderer.readPixels();
        char name[64];
        const std::time_t t = std::time(nullptr);
        std::tm local{};
        localtime_r(&t, &local);
        std::strftime(name, sizeof name, "docent-%Y%m%d-%H%M%S.png", &local);
        const fs::path folder = picturesFolder();
        std::error_code ec;
        fs::create_directories(folder, ec);
        const fs::path path = folder / name;
        std::string error;
        if (engine::writePng(path.string(), image, &error)) {
            log::info("screenshot written to %s\n", path.c_str());
            m_lastPicture = path.string();
        } else {
            log::error("%s\n", error.c_str());
        }
    }

    // Progressive loading: decoders start on the scene's images, nearest to the eye first.
    void startTextureStreaming() {
        m_streaming = {};
        m_streaming.progressive = m_progressive;
        std::vector<float> distance(m_asset.images.size(), std::numeric_limits<float>::max());
        bool any = false;
        for (const auto& image : m_asset.images) {
            any = any || image.pending();
        }
        if (!any) {
            return;
        }
        for (const auto& instance : m_asset.instances) {
            const float d = glm::length(instance.worldBounds.center() - m_camera.position);
            for (const auto& p :
                 m_asset.meshes[static_cast<std::size_t>(instance.mesh)].primitives) {
                if (p.material < 0) {
                    continue;
                }
                const auto& m = m_asset.materials[static_cast<std::size_t>(p.material)];
                for (const engine::TextureSlot* slot :
                     {&m.baseColor, &m.metallicRoughness, &m.normal, &m.occlusion, &m.emissive}) {
                    if (!slot->present()) {
                        continue;
                    }
                    const int image =
                        m_asset.textures[static_cast<std::size_t>(slot->texture)].image;
                    if (image >= 0) {
                        distance[static_cast<std::size_t>(image)] =
                            std::min(distance[static_cast<std::size_t>(image)], d);
                    }
                }
            }
        }
        std::vector<int> order(m_asset.images.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = static_cast<int>(i);
        }
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return distance[static_cast<std::size_t>(a)] < distance[static_cast<std::size_t>(b)];
        });
        // One core stays with the render thread.
        const unsigned workers = std::max(1u, std::thread::hardware_concurrency() - 1);
        // A few decoded images wait at most: a slow uploader must not make the decoders hold a
        // whole scan's images in memory (150 of 2048x2048 are 2.4 GB).
        m_textureStreamer = std::make_unique<engine::TextureStreamer>(
            m_asset, order, workers, engine::ImageLimits{}, workers + 1);
        m_streaming.images = static_cast<int>(m_textureStreamer->total());
    }

    // Uploads what the decoders have finished: every preview at once (an eighth of the size a
    // side, cheap), then full images while this frame's upload budget lasts, at least one.
    void pumpTextures() {
        if (!m_textureStreamer) {
            return;
        }
        m_streamingFrame = true;
        const std::size_t room =
            m_fullUploads.size() < kUploadBacklog ? kUploadBacklog - m_fullUploads.size() : 0;
        for (engine::DecodedImage& decoded : m_textureStreamer->take(room)) {
            if (!decoded.error.empty()) {
                log::warning("%s: image %d (%s) cannot be decoded: %s; it is drawn white\n",
                             m_scene.modelPath.c_str(), decoded.index,
                             m_asset.images[static_cast<std::size_t>(decoded.index)].name.c_str(),
                             decoded.error.c_str());
                continue;
            }
            m_renderer.uploadImage(decoded.index, decoded.preview,
                                   engine::TextureStreamer::kPreviewLevels);
            m_fullUploads.push_back(std::move(decoded));
        }
        const auto start = Clock::now();
        while (!m_fullUploads.empty()) {
            const engine::DecodedImage& next = m_fullUploads.front();
            m_renderer.uploadImage(next.index, next.image, 0);
            m_asset.images[static_cast<std::size_t>(next.index)].encoded.reset(); // on the GPU now
            m_fullUploads.pop_front();
            if (msSince(start) >= kUploadBudgetMs) {
                break;
            }
        }
        if (m_stats.frames() == 0) {
            m_streaming.waitingAtFirstFrame = m_renderer.texturesWaiting();
        }
        if (m_fullUploads.empty() && m_textureStreamer->delivered() == m_textureStreamer->total()) {
            m_streaming.allInMs = msSince(m_runStart);
            m_textureStreamer.reset();
            recordGpuMemory();
        }
        m_stats.setTextureStreaming(m_streaming);
    }

    // Waits for every image and uploads it: the last frame of a headless run.
    void finishTextures() {
        if (!m_textureStreamer) {
            return;
        }
        // Upload as they come: holding them all first would hold a whole scan in memory.
        const auto upload = [this](const engine::DecodedImage& image) {
            if (!image.error.empty()) {
                log::warning("%s: image %d cannot be decoded: %s; it is drawn white\n",
                             m_scene.modelPath.c_str(), image.index, image.error.c_str());
            } else {
                m_renderer.uploadImage(image.index, image.image, 0);
                m_asset.images[static_cast<std::size_t>(image.index)].encoded.reset();
            }
        };
        for (const engine::DecodedImage& next : m_fullUploads) {
            upload(next);
        }
        m_fullUploads.clear();
        while (m_textureStreamer->delivered() < m_textureStreamer->total()) {
            for (const engine::DecodedImage& next : m_textureStreamer->waitForSome()) {
                upload(next);
            }
        }
        m_streaming.allInMs = msSince(m_runStart);
        m_textureStreamer.reset();
        recordGpuMemory();
        m_stats.setTextureStreaming(m_streaming);
    }

    // --- picture quality -------------------------------------------------------------------

    // Automatic where a person watches at the wall clock's pace (a window, --realtime), aiming
    // at the display's refresh interval (a headless run: its time step); fixed otherwise, so
    // that fixed-step pictures stay reproducible.
    void initQuality() {
        const bool automatic = m_options.quality == "auto" && m_realtime;
        m_qualityLevel = qualityLevelByName(m_options.quality).value_or(0);
        if (automatic) {
            double targetMs = 1000.0 / m_options.fps;
            if (!m_headless) {
                GLFWmonitor* monitor = glfwGetWindowMonitor(m_context->window());
                if (!monitor) {
                    monitor = glfwGetPrimaryMonitor();
                }
                const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
                targetMs = 1000.0 / (mode && mode->refreshRate > 0 ? mode->refreshRate : 60);
            }
            m_governor.emplace(targetMs, m_options.msaa, m_qualityLevel);
            log::debug("quality: automatic, frames of at most %.1f ms\n", targetMs);
        }
        recordQuality();
    }

    // A frame's work is done: the governor may choose another level for the next.
    void noteFrameWork(double busyMs) {
        if (!m_governor || !m_governor->addFrame(busyMs, monotonicSeconds())) {
            return;
        }
        const int from = m_qualityLevel;
        m_qualityLevel = m_governor->level();
        log::info("quality %s -> %s: frames of %.0f ms against a target of %.0f ms\n",
                  kQualityLevels[static_cast<std::size_t>(from)].name,
                  kQualityLevels[static_cast<std::size_t>(m_qualityLevel)].name, busyMs,
                  m_governor->targetMs());
        recordQuality();
    }

    void recordQuality() {
        RunStats::Quality quality;
        const auto& level = kQualityLevels[static_cast<std::size_t>(m_qualityLevel)];
        quality.automatic = m_governor.has_value();
        quality.level = level.name;
        quality.renderScale = level.renderScale;
        quality.msaa = qualityMsaa(m_qualityLevel, m_options.msaa);
        if (m_governor) {
            quality.targetMs = m_governor->targetMs();
            quality.changes = m_governor->changes();
            for (std::size_t k = 0; k < kQualityLevels.size(); ++k) {
                quality.secondsAt.emplace_back(kQualityLevels[k].name, m_governor->secondsAt()[k]);
            }
        }
        m_stats.setQuality(std::move(quality));
    }

    // The longest frame among those that streamed textures in.
    // The frame just finished showed a new video frame: how long it took from decoder to screen.
    void notePresentedFrame() {
        if (m_presentedDecodedAt) {
            m_stats.addDecodedToScreenMs(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                          *m_presentedDecodedAt)
                    .count());
            m_presentedDecodedAt.reset();
        }
    }

    void noteStreamingFrame(double ms) {
        if (m_streamingFrame) {
            m_streamingFrame = false;
            m_streaming.longestFrameMs = std::max(m_streaming.longestFrameMs, ms);
            m_stats.setTextureStreaming(m_streaming);
        }
    }

    void recordGpuMemory() {
        RunStats::GpuMemory memory;
        memory.textureBytes = m_renderer.gpuTextureBytes();
        memory.geometryBytes = m_renderer.gpuGeometryBytes();
        memory.targetBytes = m_renderer.gpuTargetBytes();
        memory.budgetBytes = m_gpuBudget;
        memory.texturesReduced = m_renderer.texturesReduced();
        memory.textureLevelsDropped = m_renderer.textureLevelsDropped();
        m_stats.setGpuMemory(memory);
    }

    void recordUiState() {
        RunStats::Ui ui;
        ui.language = m_language;
        if (m_ui.active()) {
            ui.text = m_visitorUi.shownText();
            std::string all;
            for (const auto& t : ui.text) {
                all += t;
            }
            for (const std::uint32_t c : m_ui.missingGlyphsIn(all)) {
                char code[12];
                std::snprintf(code, sizeof code, "U+%04X", c);
                ui.missingGlyphs.push_back(code);
            }
            for (const auto& [id, r] : m_visitorUi.controls()) {
                ui.controls[id] = {r.x, r.y, r.width, r.height};
            }
            if (m_curator) {
                for (const auto& [id, r] : m_curator->controls()) {
                    ui.controls[id] = {r.x, r.y, r.width, r.height};
                }
            }
        }
        ui.card = m_cardHotspot ? m_cardHotspot->id : "";
        ui.listOpen = m_listOpen;
        ui.captions = m_captionsOn;
        ui.follow = m_follow;
        ui.volume = m_volume;
        ui.muted = m_muted;
        ui.scale = m_uiScale;
        ui.highContrast = m_highContrast;
        ui.reducedMotion = m_reducedMotion;
        ui.picture = m_lastPicture;
        ui.camera = {m_camera.position.x, m_camera.position.y,   m_camera.position.z,
                     m_camera.yawDegrees, m_camera.pitchDegrees, m_camera.verticalFovDegrees};
        ui.touchPad = m_touchPad;
        ui.keyboard = m_uiKeyboard;
        ui.focus = m_uiKeyboard ? m_visitorUi.focused() : "";
        ui.gamepad = m_gamepadSeen;
        ui.uiScaleEffective = effectiveUiScale();
        m_stats.setUi(std::move(ui));
    }

    // --- the guide's hotspot ---------------------------------------------------------------

    const hotspots::Hotspot* findHotspot(const std::string& id) const {
        for (const auto& h : m_scene.hotspots) {
            if (h.id == id) {
                return &h;
            }
        }
        return nullptr;
    }

    // The hotspot's marker in the world: its anchor node's transform applied to its point and
    // normal. False when the model has no node of that name.
    bool anchorInWorld(const hotspots::Hotspot& hotspot, glm::vec3& point,
                       glm::vec3& normal) const {
        for (const auto& node : m_asset.nodes) {
            if (node.name == hotspot.anchor.node) {
                const auto& p = hotspot.anchor.point;
                const auto& n = hotspot.anchor.normal;
                point = glm::vec3(node.world * glm::vec4(static_cast<float>(p[0]),
                                                         static_cast<float>(p[1]),
                                                         static_cast<float>(p[2]), 1.0f));
                normal =
                    glm::normalize(glm::mat3(node.world) * glm::vec3(static_cast<float>(n[0]),
                                                                     static_cast<float>(n[1]),
                                                                     static_cast<float>(n[2])));
                return true;
            }
        }
        return false;
    }

    // Goes to the scene's viewpoint of the same id when the curator placed one, else to where
    // one stands to look at the artwork.
    void flyToHotspot(const hotspots::Hotspot& hotspot) {
        engine::Camera target;
        if (const hotspots::Viewpoint* viewpoint = m_scene.findViewpoint(hotspot.id)) {
            const auto& p = viewpoint->pose;
            target.position = {static_cast<float>(p.position[0]), static_cast<float>(p.position[1]),
                               static_cast<float>(p.position[2])};
            target.yawDegrees = static_cast<float>(p.yawDegrees);
            target.pitchDegrees = static_cast<float>(p.pitchDegrees);
        } else {
            glm::vec3 point;
            glm::vec3 normal;
            if (!anchorInWorld(hotspot, point, normal)) {
                return;
            }
            target = m_walking ? engine::viewpointFacing(point, normal, kHotspotViewDistance,
                                                         m_camera.position.y - engine::kEyeHeight)
                               : engine::viewpointFacing(point, normal, kHotspotViewDistance);
        }
        target.nearPlane = m_camera.nearPlane;
        target.farPlane = m_camera.farPlane;
        target.verticalFovDegrees = m_camera.verticalFovDegrees;
        moveCameraTo(target);
    }

    // A camera flight, or a cut when motion is reduced.
    void moveCameraTo(const engine::Camera& target) {
        if (m_reducedMotion) {
            m_flyTo.cancel();
            m_camera = target;
        } else {
            m_flyTo.start(m_camera, target, kFlyToSeconds);
        }
    }

    // The guide's panel stands beside the artwork she talks about, facing the same way, so her
    // picture and her voice come from there.
    void placePanelBeside(const hotspots::Hotspot& hotspot) {
        glm::vec3 point;
        glm::vec3 normal;
        if (!anchorInWorld(hotspot, point, normal)) {
            return;
        }
        glm::vec3 facing(normal.x, 0.0f, normal.z);
        if (glm::length(facing) < 1e-3f) {
            return; // a horizontal artwork: no wall to stand along
        }
        facing = glm::normalize(facing);
        const glm::vec3 along = glm::normalize(glm::cross(glm::vec3(0.0f, 1.0f, 0.0f), facing));
        // How far the artwork reaches along the wall: the bounds of its node's meshes.
        int artwork = -1;
        for (std::size_t i = 0; i < m_asset.nodes.size(); ++i) {
            if (m_asset.nodes[i].name == hotspot.anchor.node) {
                artwork = static_cast<int>(i);
            }
        }
        float reach = kGuidePanelGapMetres;
        for (const auto& instance : m_asset.instances) {
            int node = instance.node;
            while (node >= 0 && node != artwork) {
                node = m_asset.nodes[static_cast<std::size_t>(node)].parent;
            }
            if (node != artwork) {
                continue;
            }
            const engine::Aabb& b = instance.worldBounds;
            for (int corner = 0; corner < 8; ++corner) {
                const glm::vec3 c((corner & 1) ? b.max.x : b.min.x,
                                  (corner & 2) ? b.max.y : b.min.y,
                                  (corner & 4) ? b.max.z : b.min.z);
                reach = std::max(reach, glm::dot(c - point, along));
            }
        }
        const float height = kGuidePanelWidth / engine::VideoPanel::kScreenAspect;
        glm::vec3 centre = point +
                           along * (reach + kGuidePanelGapMetres + kGuidePanelWidth / 2.0f) +
                           facing * kGuidePanelStandOff;
        centre.y = std::max(centre.y, height / 2.0f + kGuidePanelGapMetres);
        m_panelPlacement.centre = centre;
        m_panelPlacement.yawDegrees = glm::degrees(std::atan2(facing.x, facing.z));
        m_panelPlacement.widthMetres = kGuidePanelWidth;
        if (m_playback) {
            m_playback->setSourcePosition({centre.x, centre.y, centre.z});
        }
    }

    // Follows the cues of the guide's stream: the hotspot the guide is at lights up, its card
    // opens, the panel moves beside it, and in "follow the guide" mode the camera goes there.
    void followGuide() {
        if (!m_playback || m_playback->cueChanges() == m_seenCueChanges) {
            return;
        }
        m_seenCueChanges = m_playback->cueChanges();
        const hotspots::Hotspot* previous = m_guideHotspot;
        const auto& id = m_playback->activeHotspot();
        m_guideHotspot = id ? findHotspot(*id) : nullptr;
        if (id && !m_guideHotspot) {
            log::warning("the guide's cue names hotspot '%s', which %s "
                         "does not have\n",
                         id->c_str(), m_title.c_str());
        }
        if (m_guideHotspot) {
            placePanelBeside(*m_guideHotspot);
        }
        // The guide's card opens with each artwork she reaches (unless the visitor is reading
        // another one while wandering); between artworks hers closes.
        if (m_follow || !m_cardHotspot || m_cardHotspot == previous) {
            m_cardHotspot = m_guideHotspot;
        }
        if (m_guideHotspot && m_follow) {
            flyToHotspot(*m_guideHotspot);
        }
    }

    // --input: this frame's scripted keys and clicks. A key goes to the UI (ImGui sees it held
    // for the frame) and to the app's key handling, as in a window; a click presses on this
    // frame and releases on the next, over the point or the named control.
    void replayInput(int frame) {
        if (m_script.empty()) {
            return;
        }
        engine::UiLayer::HeadlessInput input;
        input.pointer = m_pointer;
        std::vector<KeyPress> keys;
        while (m_nextEvent < m_script.size() && m_script[m_nextEvent].frame <= frame) {
            const InputEvent& e = m_script[m_nextEvent++];
            if (e.kind == InputEvent::Kind::PadButton) {
                m_scriptPad.buttons[static_cast<std::size_t>(e.pad)] = true;
                m_scriptPadUsed = true;
                continue;
            }
            if (e.kind == InputEvent::Kind::PadAxis) {
                m_scriptPad.axes[static_cast<std::size_t>(e.pad)] = e.value;
                m_scriptPadUsed = true;
                continue;
            }
            if (e.kind == InputEvent::Kind::Key) {
                input.keysDown.push_back(e.key);
                input.ctrl = input.ctrl || e.ctrl;
                input.shift = input.shift || e.shift;
                keys.push_back(
                    {e.key, (e.ctrl ? GLFW_MOD_CONTROL : 0) | (e.shift ? GLFW_MOD_SHIFT : 0)});
                continue;
            }
            glm::vec2 at(e.x, e.y);
            if (e.kind == InputEvent::Kind::Type) {
                input.characters += e.text;
                continue;
            }
            if (e.kind == InputEvent::Kind::Drag) {
                m_scriptDrag = ScriptDrag{{e.x, e.y}, {e.x2, e.y2}, frame, e.frames};
                continue;
            }
            if (e.kind == InputEvent::Kind::Camera) {
                m_flyTo.cancel();
                m_camera.position = glm::vec3(e.pose[0], e.pose[1], e.pose[2]);
                m_camera.yawDegrees = e.pose[3];
                m_camera.pitchDegrees = e.pose[4];
                planesForAnEyeInside();
                continue;
            }
            if (!e.control.empty()) {
                std::optional<glm::vec4> rect;
                if (m_curator) {
                    const auto it = m_curator->controls().find(e.control);
                    if (it != m_curator->controls().end()) {
                        rect = glm::vec4(it->second.x, it->second.y, it->second.width,
                                         it->second.height);
                    }
                } else if (const auto it = m_visitorUi.controls().find(e.control);
                           it != m_visitorUi.controls().end()) {
                    rect =
                        glm::vec4(it->second.x, it->second.y, it->second.width, it->second.height);
                }
                if (!rect) {
                    log::warning("%s: frame %d: no control '%s' on screen\n",
                                 m_options.inputScript.c_str(), frame, e.control.c_str());
                    continue;
                }
                at = {(*rect)[0] + (*rect)[2] / 2, (*rect)[1] + (*rect)[3] / 2};
            }
            m_pointer = at;
            input.pointer = at;
            input.pointerDown = true;
            m_pendingTap = at;
        }
        if (m_scriptDrag) {
            // A scripted drag: pressed on its first frame, moving, released on its last.
            const int step = frame - m_scriptDrag->start;
            const float along =
                std::min(1.0f, static_cast<float>(step) / static_cast<float>(m_scriptDrag->frames));
            const glm::vec2 at = glm::mix(m_scriptDrag->from, m_scriptDrag->to, along);
            m_pointer = at;
            input.pointer = at;
            input.pointerDown = step < m_scriptDrag->frames;
            dragMarker(at, step == 0                      ? DragPhase::Begin
                           : step >= m_scriptDrag->frames ? DragPhase::End
                                                          : DragPhase::Move);
            if (step >= m_scriptDrag->frames) {
                m_scriptDrag.reset();
            }
        }
        m_ui.setHeadlessInput(input);
        for (const KeyPress& press : keys) {
            onKey(press.key, press.mods);
        }
        if (m_scriptPadUsed) {
            // The scripted pad as GLFW would report it; its buttons come up on the next frame.
            applyGamepad(m_scriptPad, 1.0f / static_cast<float>(m_options.fps));
            m_scriptPad.buttons.fill(false);
        }
    }

    int frameBudget() const {
        if (m_options.frames) {
            return *m_options.frames;
        }
        if (m_playback && !m_options.stream.empty() && !m_options.durationSeconds && m_headless) {
            return kMaxStreamFrames; // --stream: until the stream ends
        }
        if (m_options.durationSeconds) {
            return std::max(
                1, static_cast<int>(std::lround(*m_options.durationSeconds * m_options.fps)));
        }
        return m_headless ? 1 : 0; // 0: until the window closes
    }

    // A stop signal ends the run like the visitor closing the window.
    void checkStopSignal() {
        if (const int signal = stopSignal(); signal != 0 && !m_quit) {
            log::info("stopping: %s\n", signal == SIGTERM  ? "SIGTERM"
                                        : signal == SIGINT ? "SIGINT"
                                                           : "SIGHUP");
            m_stats.setStopSignal(signal);
            m_quit = true;
        }
    }

    int runHeadless(Clock::time_point start) {
        const glm::ivec2 size(m_options.width, m_options.height);
        m_stats.setSize(size.x, size.y);
        const int frames = frameBudget();
        initUi();
        const double step = 1.0 / m_options.fps;
        const auto runStart = Clock::now();
        if (!m_options.recordPath.empty() &&
            !m_recorder.open(m_options.recordPath, size.x, size.y,
                             static_cast<int>(std::lround(m_options.fps)))) {
            return failWith(kExitBadInput, m_recorder.error());
        }
        double dt = step; // seconds since the frame before: one step, more after skipped frames
        for (int i = 0; i < frames; ++i) {
            if (m_realtime) {
                // --realtime: frame i is drawn at i / fps on the wall clock (or late, when the
                // renderer cannot keep up).
                std::this_thread::sleep_until(runStart +
                                              std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(i * step)));
            }
            if (m_playback) {
                // Without --frames or --duration the run lasts as long as the stream: it ends
                // after the step that showed the last frame.
                if (m_playback->finished() && !m_options.frames && !m_options.durationSeconds &&
                    !m_options.stream.empty()) {
                    break;
                }
                // Fixed step: frame i shows what is due at the virtual time i / fps, waiting for
                // it if need be, and renders the step's audio.
                advanceStream(static_cast<double>(i) * step - m_streamEpoch, step);
            }
            followGuide();
            replayInput(i);
            updateKiosk(static_cast<double>(i) * step);
            checkStopSignal();
            if (m_quit) {
                break;
            }
            if (m_flyTo.active()) {
                m_flyTo.update(m_camera, static_cast<float>(dt));
            }
            if (i == frames - 1) {
                finishTextures(); // the last frame, the screenshot, shows the whole scene
            }
            const auto frameStart = Clock::now();
            renderFrame(size, static_cast<float>(dt));
            if (m_touch != glm::vec4(0.0f) || m_pad.any()) {
                // The touch pad's buttons and the gamepad's sticks held on this frame move the
                // visitor for the next.
                engine::MoveInput input;
                addTouch(input, static_cast<float>(dt));
                addGamepad(input, static_cast<float>(dt));
                if (m_walking) {
                    m_walker.update(m_camera, input, static_cast<float>(dt), m_bvh);
                }
            }
            // The software renderer works synchronously on the CPU; glFinish makes the figure
            // the real cost of the frame rather than the cost of queuing it.
            glFinish();
            m_watchdog.frame(true, m_uiClock);
            m_stats.addFrameMs(msSince(frameStart));
            noteStreamingFrame(msSince(frameStart));
            noteFrameWork(msSince(frameStart));
            notePresentedFrame();
            if (i == 0) {
                m_stats.setFirstFrameMs(msSince(start), monotonicSeconds());
            }
            if (!m_options.recordPath.empty() && !recordStep(i * step, step)) {
                return failWith(kExitBadInput, m_recorder.error());
            }
            dt = step;
            if (m_realtime && m_options.recordPath.empty()) {
                // Real time: when the renderer cannot keep up, the frames already due are
                // skipped (as a window misses vsyncs), so the run lasts its duration on the wall
                // clock. Input due on a skipped frame comes with the next one drawn; the last
                // frame is always drawn.
                const double elapsed =
                    std::chrono::duration<double>(Clock::now() - runStart).count();
                const int due = std::min(static_cast<int>(elapsed / step), frames - 1);
                if (due > i + 1) {
                    dt = static_cast<double>(due - i) * step;
                    m_stats.addSkippedFrames(due - i - 1);
                    i = due - 1;
                }
            }
        }
        if (!m_options.recordPath.empty()) {
            if (!m_recorder.finish()) {
                return failWith(kExitBadInput, m_recorder.error());
            }
            log::info("recording written to %s (%lld frames)\n", m_options.recordPath.c_str(),
                      static_cast<long long>(m_recorder.videoFrames()));
        }
        return writeScreenshot();
    }

    // Appends the step just rendered (the picture, with the UI) and its sound to --record.
    bool recordStep(double nowSeconds, double stepSeconds) {
        const engine::Image image = m_renderer.readPixels();
        if (!m_recorder.addVideoFrame(image.pixels.data(), image.width * 4)) {
            return false;
        }
        if (m_playback) {
            const auto& audio = m_playback->stepAudio();
            return m_recorder.addAudio(audio.data(),
                                       static_cast<int>(audio.size() / streaming::kAudioChannels));
        }
        const long long frames =
            std::llround((nowSeconds + stepSeconds) * streaming::kAudioSampleRate) -
            std::llround(nowSeconds * streaming::kAudioSampleRate);
        m_silence.assign(static_cast<std::size_t>(frames) * streaming::kAudioChannels, 0.0f);
        return m_recorder.addAudio(m_silence.data(), static_cast<int>(frames));
    }

    int writeScreenshot() {
        if (m_options.screenshotPath.empty()) {
            return kExitOk;
        }
        const engine::Image image = m_renderer.readPixels();
        std::string error;
        if (!engine::writePng(m_options.screenshotPath, image, &error)) {
            return failWith(kExitBadInput, error);
        }
        log::info("screenshot written to %s (%dx%d)\n", m_options.screenshotPath.c_str(),
                  image.width, image.height);
        return kExitOk;
    }

    // --- windowed -------------------------------------------------------------------------

    static Run* self(GLFWwindow* window) {
        return static_cast<Run*>(glfwGetWindowUserPointer(window));
    }

    void pickAndFly(double x, double y) {
        GLFWwindow* window = m_context->window();
        int w = 0;
        int h = 0;
        glfwGetWindowSize(window, &w, &h);
        if (w <= 0 || h <= 0) {
            return;
        }
        const glm::vec2 ndc(static_cast<float>(2.0 * x / w - 1.0),
                            static_cast<float>(1.0 - 2.0 * y / h));
        const engine::Ray ray =
            m_camera.rayThrough(ndc, static_cast<float>(w) / static_cast<float>(h));
        const auto hit = m_bvh.intersect(ray, kPickRangeMetres);
        if (!hit) {
            return;
        }
        const std::string& name = m_asset.nodes[hit->tag].name;
        log::info("picked %s at (%.2f, %.2f, %.2f)\n",
                  name.empty() ? ("node " + std::to_string(hit->tag)).c_str() : name.c_str(),
                  hit->point.x, hit->point.y, hit->point.z);
        m_orbit.setPivot(hit->point);
        engine::Camera target =
            m_walking ? engine::viewpointFacing(hit->point, hit->normal, kViewpointDistance,
                                                m_camera.position.y - 1.6f)
                      : engine::viewpointFacing(hit->point, hit->normal, kViewpointDistance);
        target.nearPlane = m_camera.nearPlane;
        target.farPlane = m_camera.farPlane;
        target.verticalFovDegrees = m_camera.verticalFovDegrees;
        moveCameraTo(target);
    }

    void installCallbacks() {
        GLFWwindow* window = m_context->window();
        glfwSetWindowUserPointer(window, this);
        glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int button, int action, int) {
            Run* run = self(w);
            run->m_inputSeen = true;
            double x = 0;
            double y = 0;
            glfwGetCursorPos(w, &x, &y);
            // A press on the UI is the UI's: no look, no pick.
            if (action == GLFW_PRESS && run->m_ui.wantsMouse()) {
                return;
            }
            if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_PRESS &&
                run->dragMarker(glm::vec2(static_cast<float>(x), static_cast<float>(y)),
                                DragPhase::Begin)) {
                return; // the marker follows the pointer; the view stays
            }
            if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_RELEASE && run->m_markerDrag) {
                run->dragMarker(glm::vec2(static_cast<float>(x), static_cast<float>(y)),
                                DragPhase::End);
                return;
            }
            if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_PRESS) {
                const double now = glfwGetTime();
                if (now - run->m_lastClick < kDoubleClickSeconds) {
                    run->pickAndFly(x, y);
                }
                run->m_lastClick = now;
                run->m_pressAt = {x, y};
            }
            if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_RELEASE &&
                glm::length(glm::dvec2(x, y) - run->m_pressAt) < kTapSlopPixels) {
                run->m_pendingTap = glm::vec2(static_cast<float>(x), static_cast<float>(y));
            }
            run->m_dragging[button == GLFW_MOUSE_BUTTON_LEFT ? 0 : 1] =
                action == GLFW_PRESS &&
                (button == GLFW_MOUSE_BUTTON_LEFT || button == GLFW_MOUSE_BUTTON_RIGHT);
            run->m_lastCursor = {x, y};
        });
        glfwSetCursorPosCallback(window, [](GLFWwindow* w, double x, double y) {
            Run* run = self(w);
            const glm::dvec2 delta = glm::dvec2(x, y) - run->m_lastCursor;
            run->m_lastCursor = {x, y};
            if (run->m_markerDrag) {
                run->dragMarker(glm::vec2(static_cast<float>(x), static_cast<float>(y)),
                                DragPhase::Move);
                return;
            }
            if (run->m_dragging[0]) {
                // Drag to look: the scene follows the hand, as on a touch screen.
                run->m_pendingLook +=
                    glm::vec2(static_cast<float>(delta.x), static_cast<float>(delta.y)) *
                    kMouseLookDegreesPerPixel;
                run->m_flyTo.cancel();
            } else if (run->m_dragging[1]) {
                run->m_pendingOrbit +=
                    glm::vec2(static_cast<float>(-delta.x), static_cast<float>(delta.y)) *
                    kMouseLookDegreesPerPixel;
                run->m_flyTo.cancel();
            }
        });
        // Moved to a monitor of another density: the UI keeps its physical size.
        glfwSetWindowContentScaleCallback(
            window, [](GLFWwindow* w, float, float) { self(w)->updateContentScale(); });
        glfwSetScrollCallback(window, [](GLFWwindow* w, double, double dy) {
            Run* run = self(w);
            run->m_inputSeen = true;
            run->m_pendingZoom += static_cast<float>(-dy);
            run->m_flyTo.cancel();
        });
        glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int mods) {
            if (action != GLFW_PRESS) {
                return;
            }
            self(w)->onKey(key, mods);
        });
    }

    // The UI's controls take the keyboard (Tab, F6, O) or give it back to the scene (Esc).
    void giveUiKeyboard(bool on) {
        m_uiKeyboard = on;
        m_ui.setKeyboardNavigation(on);
    }

    // Every action from the keyboard (window, gamepad and scripted runs alike). While the UI
    // has the keyboard (Tab or F6, until Esc or F6) its controls take the keys: Tab and
    // Shift+Tab step through them all, arrows move within a panel, Space and Enter press.
    void onKey(int key, int mods = 0) {
        m_inputSeen = true;
        if (m_curator) {
            const bool typing = m_ui.wantsKeyboard();
            if (m_curator->onKey(key, mods, typing, m_curatorActions, curatorView()) || typing) {
                applyCuratorActions();
                return;
            }
        }
        if (m_pinOpen) {
            // The PIN pad has the keyboard: digits, Enter, Esc.
            if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) {
                pinKey(static_cast<char>('0' + (key - GLFW_KEY_0)));
            } else if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) {
                pinKey('K');
            } else if (key == GLFW_KEY_ESCAPE || key == GLFW_KEY_BACKSPACE) {
                pinKey('C');
            }
            return;
        }
        const bool enter = key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER;
        // Tab, or Enter in the scene with no list open: the controls take the keyboard.
        if (key == GLFW_KEY_TAB || (enter && !m_uiKeyboard && !m_listOpen)) {
            m_focusStep = (mods & GLFW_MOD_SHIFT) ? -1 : 1;
            if (!m_uiKeyboard) {
                giveUiKeyboard(true);
            }
            return;
        }
        if (m_uiKeyboard) {
            if (enter) {
                m_activateFocus = true;
                return;
            }
            if (key == GLFW_KEY_ESCAPE || key == GLFW_KEY_F6 || key == GLFW_KEY_BACKSPACE) {
                giveUiKeyboard(false);
                m_settingsOpen = false;
                return;
            }
            // Arrows and Space are the controls' own; the letter shortcuts still work.
            if (key == GLFW_KEY_SPACE || key == GLFW_KEY_UP || key == GLFW_KEY_DOWN ||
                key == GLFW_KEY_LEFT || key == GLFW_KEY_RIGHT) {
                return;
            }
        }
        if (m_listOpen && (key == GLFW_KEY_UP || key == GLFW_KEY_DOWN || key == GLFW_KEY_ENTER ||
                           key == GLFW_KEY_KP_ENTER)) {
            const auto tour = tourHotspots();
            const int count = static_cast<int>(tour.size());
            if (count == 0) {
                return;
            }
            if (key == GLFW_KEY_UP) {
                m_listSelection = m_listSelection <= 0 ? count - 1 : m_listSelection - 1;
            } else if (key == GLFW_KEY_DOWN) {
                m_listSelection = (m_listSelection + 1) % count;
            } else if (m_listSelection >= 0) {
                goToArtwork(tour[static_cast<std::size_t>(m_listSelection)]->id);
            }
            return;
        }
        switch (key) {
        case GLFW_KEY_ESCAPE:
        case GLFW_KEY_BACKSPACE:
            // Esc closes what is open, the list first; with nothing open it quits. Backspace
            // (a gamepad's B) only goes back.
            if (m_settingsOpen) {
                m_settingsOpen = false;
            } else if (m_listOpen) {
                m_listOpen = false;
            } else if (m_cardHotspot) {
                m_cardHotspot = nullptr;
            } else if (!m_headless && key == GLFW_KEY_ESCAPE && !m_kiosk) {
                glfwSetWindowShouldClose(m_context->window(), GLFW_TRUE);
            }
            return;
        case GLFW_KEY_V:
            m_walking = !m_walking;
            log::info("%s\n", m_walking ? "walking" : "orbiting");
            return;
        case GLFW_KEY_HOME:
            m_flyTo.cancel();
            placeCamera();
            return;
        case GLFW_KEY_L:
            toggleList();
            return;
        case GLFW_KEY_K:
            cycleLanguage();
            return;
        case GLFW_KEY_C:
            toggleCaptions();
            return;
        case GLFW_KEY_F:
            toggleFollow();
            return;
        case GLFW_KEY_G:
            if (m_guideHotspot) {
                m_cardHotspot = m_guideHotspot;
                flyToHotspot(*m_guideHotspot); // back to the guide, without following
            }
            return;
        case GLFW_KEY_P:
            m_pip = !m_pip;
            return;
        case GLFW_KEY_T:
            toggleTouchPad();
            return;
        case GLFW_KEY_O:
            // The settings, with the keyboard on them (Esc gives it back).
            m_settingsOpen = true;
            m_focusSettings = true;
            giveUiKeyboard(true);
            return;
        case GLFW_KEY_F6:
            m_focusControls = true;
            giveUiKeyboard(true);
            return;
        case GLFW_KEY_F11:
            if (!m_kiosk) {
                toggleFullscreen();
            }
            return;
        case GLFW_KEY_F12:
            m_wantPicture = true;
            return;
        default:
            streamKey(key);
        }
    }

    // F11: full screen on the window's monitor and back.
    void toggleFullscreen() {
        if (m_headless) {
            return;
        }
        GLFWwindow* window = m_context->window();
        if (!m_fullscreen) {
            glfwGetWindowPos(window, &m_windowedRect.x, &m_windowedRect.y);
            glfwGetWindowSize(window, &m_windowedRect.z, &m_windowedRect.w);
            GLFWmonitor* monitor = glfwGetPrimaryMonitor();
            const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
            if (!mode) {
                return;
            }
            glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height,
                                 mode->refreshRate);
        } else {
            glfwSetWindowMonitor(window, nullptr, m_windowedRect.x, m_windowedRect.y,
                                 m_windowedRect.z, m_windowedRect.w, GLFW_DONT_CARE);
        }
        m_fullscreen = !m_fullscreen;
    }

    // The guide's stream from the keyboard: M mute, - and = volume, Space pause, [ and ] seek
    // 10 s (replays).
    void streamKey(int key) {
        if (!m_playback) {
            return;
        }
        constexpr float kVolumeStep = 0.1f; // of full volume
        constexpr double kSeekStep = 10.0;  // seconds
        if (key == GLFW_KEY_M) {
            setMuted(!m_muted);
        } else if (key == GLFW_KEY_MINUS || key == GLFW_KEY_EQUAL) {
            setVolume(m_volume + (key == GLFW_KEY_MINUS ? -kVolumeStep : kVolumeStep));
        } else if (m_playback->durationSeconds() > 0.0) {
            // Pause and seek make sense for a replay, not for the live tour.
            if (key == GLFW_KEY_SPACE) {
                m_playback->setPaused(!m_playback->paused());
            } else if (key == GLFW_KEY_LEFT_BRACKET || key == GLFW_KEY_RIGHT_BRACKET) {
                const double to = m_playback->positionSeconds() +
                                  (key == GLFW_KEY_LEFT_BRACKET ? -kSeekStep : kSeekStep);
                m_playback->seek(std::clamp(to, 0.0, m_playback->durationSeconds()));
            }
        }
    }

    void applyInput(float dt) {
        GLFWwindow* window = m_context->window();
        // While the UI has the keyboard, keys are its own; the open list takes the arrows.
        const auto down = [&](int key) {
            const bool arrow = key == GLFW_KEY_UP || key == GLFW_KEY_DOWN || key == GLFW_KEY_LEFT ||
                               key == GLFW_KEY_RIGHT;
            return !m_uiKeyboard && !(arrow && m_listOpen) && glfwGetKey(window, key) == GLFW_PRESS;
        };
        engine::MoveInput input;
        input.forward = static_cast<float>((down(GLFW_KEY_W) || down(GLFW_KEY_UP)) -
                                           (down(GLFW_KEY_S) || down(GLFW_KEY_DOWN)));
        input.strafe = static_cast<float>((down(GLFW_KEY_D) || down(GLFW_KEY_RIGHT)) -
                                          (down(GLFW_KEY_A) || down(GLFW_KEY_LEFT)));
        input.run = down(GLFW_KEY_LEFT_SHIFT) || down(GLFW_KEY_RIGHT_SHIFT);
        input.lookYawDegrees = m_pendingLook.x;
        input.lookPitchDegrees = m_pendingLook.y;
        addTouch(input, dt);
        if (PadState pad; pollGamepad(pad)) {
            applyGamepad(pad, dt);
            addGamepad(input, dt);
        }
        m_pendingLook = glm::vec2(0.0f);
        if (input.forward != 0.0f || input.strafe != 0.0f) {
            m_flyTo.cancel();
        }
        if (m_flyTo.active()) {
            m_flyTo.update(m_camera, dt);
        } else if (m_walking) {
            m_walker.update(m_camera, input, dt, m_bvh);
        } else {
            m_camera.yawDegrees += input.lookYawDegrees;
            m_camera.pitchDegrees =
                std::clamp(m_camera.pitchDegrees + input.lookPitchDegrees,
                           -engine::Camera::kMaxPitchDegrees, engine::Camera::kMaxPitchDegrees);
            // Free flight for objects: move along the view direction.
            const float speed = std::max(0.5f, glm::length(m_asset.bounds.size()) * 0.3f);
            m_camera.position +=
                (m_camera.forward() * input.forward + m_camera.right() * input.strafe) * speed * dt;
        }
        if (m_pendingOrbit != glm::vec2(0.0f) || m_pendingZoom != 0.0f) {
            m_orbit.update(m_camera, m_pendingOrbit.x, m_pendingOrbit.y, m_pendingZoom);
            m_pendingOrbit = glm::vec2(0.0f);
            m_pendingZoom = 0.0f;
        }
    }

    int runWindow(Clock::time_point start) {
        installCallbacks();
        m_streamStart = Clock::now();
        initUi(); // after our callbacks: ImGui's GLFW backend chains to them
        // In a window --frames counts frames and --duration wall-clock seconds.
        const int budget = m_options.frames ? *m_options.frames : 0;
        const auto until = m_options.durationSeconds
                               ? std::optional<Clock::time_point>(
                                     m_streamStart +
                                     std::chrono::duration_cast<Clock::duration>(
                                         std::chrono::duration<double>(*m_options.durationSeconds)))
                               : std::nullopt;
        int frame = 0;
        auto last = Clock::now();
        double titleTimer = 0.0;
        GLFWwindow* window = m_context->window();
        while (!glfwWindowShouldClose(window) && !m_quit && (budget == 0 || frame < budget) &&
               (!until || Clock::now() < *until)) {
            glfwPollEvents();
            const auto now = Clock::now();
            const float dt = std::chrono::duration<float>(now - last).count();
            last = now;
            applyInput(dt);
            updateKiosk(std::chrono::duration<double>(now - m_streamStart).count());
            checkStopSignal();
            if (m_playback) {
                advanceStream(
                    std::chrono::duration<double>(now - m_streamStart).count() - m_streamEpoch, dt);
                followGuide();
            }
            const auto frameStart = Clock::now();
            const glm::ivec2 size = m_context->framebufferSize();
            if (size.x > 0 && size.y > 0) {
                renderFrame(size, dt);
                m_renderer.presentToWindow(size);
                m_stats.setSize(size.x, size.y);
            }
            if (m_governor) {
                // The governor weighs the frame's work, not the wait for the display: finish it
                // before the swap, which may block until the vertical blank.
                glFinish();
            }
            m_stats.addFrameMs(msSince(frameStart));
            noteStreamingFrame(msSince(frameStart));
            noteFrameWork(msSince(frameStart));
            if (frame == 0) {
                m_stats.setFirstFrameMs(msSince(start), monotonicSeconds());
            }
            titleTimer += dt;
            if (titleTimer > 1.0) {
                titleTimer = 0.0;
                char title[256];
                std::snprintf(title, sizeof title, "docent — %s — %.1f ms", m_title.c_str(),
                              msSince(frameStart));
                glfwSetWindowTitle(window, title);
            }
            m_context->swapBuffers();
            notePresentedFrame();
            m_watchdog.frame(true, m_uiClock);
            ++frame;
        }
        return writeScreenshot();
    }

    const Options& m_options;
    std::string m_argv0;
    RunStats m_stats;
    hotspots::SceneFolder m_scene;
    const hotspots::Viewpoint* m_viewpoint = nullptr; // points into m_scene
    std::string m_title;
    bool m_headless = false;
    std::unique_ptr<engine::GlContext> m_context;
    engine::SceneAsset m_asset;
    engine::Bvh m_bvh;
    engine::Renderer m_renderer;
    std::size_t m_gpuBudget = 0; // bytes for the scene's geometry and textures
    bool m_progressive = false;  // textures stream in after the first frame
    Clock::time_point m_runStart;
    bool m_streamingFrame = false; // this frame uploaded streamed textures
    std::unique_ptr<engine::TextureStreamer> m_textureStreamer;
    std::deque<engine::DecodedImage> m_fullUploads; // decoded, waiting for an upload budget
    RunStats::TextureStreaming m_streaming;
    bool m_uiWarm = false;
    bool m_realtime = false; // wall clock and audio device (window runs, --realtime)
    int m_qualityLevel = 0;  // of kQualityLevels: what the next frame draws at
    std::optional<QualityGovernor> m_governor; // automatic quality
    std::unique_ptr<streaming::Playback> m_playback;
    float m_volume = 1.0f;
    bool m_muted = false;
    bool m_pip = false;   // the picture-in-picture overlay
    bool m_follow = true; // follow the guide from artwork to artwork (else wander)
    // The decoder's hand-over time of the video frame uploaded for the frame being drawn.
    std::optional<std::chrono::steady_clock::time_point> m_presentedDecodedAt;
    std::vector<hotspots::Caption> m_captions; // the replay's, in the visitor's language
    bool m_captionsOn = true;
    int m_seenCueChanges = 0;
    const hotspots::Hotspot* m_guideHotspot = nullptr; // where the guide is; points into m_scene
    streaming::Recorder m_recorder;                    // --record
    std::vector<float> m_silence;                      // --record without a stream
    bool m_streamIsLocal = false;
    Clock::time_point m_streamStart;
    engine::VideoPanel m_panel;
    engine::PanelPlacement m_panelPlacement;
    engine::UiLayer m_ui; // after the renderer: torn down first, with the context still there
    engine::LightingSettings m_lighting;
    engine::Camera m_camera;
    engine::WalkController m_walker;
    engine::OrbitController m_orbit;
    engine::FlyTo m_flyTo;
    bool m_walking = false;

    // The visitor's settings and UI.
    Settings m_settings;
    std::string m_settingsPath;
    std::string m_language = "en";
    float m_uiScale = 1.0f;
    float m_contentScale = 1.0f; // the monitor's (HiDPI), from GLFW
    // Kiosk mode.
    static constexpr double kPinTimeoutSeconds = 30.0; // an untouched PIN pad closes
    static constexpr double kHealthySeconds = 60.0;    // running this long: not a crash loop
    static constexpr float kAdminCornerPixels = 80.0f; // the admin gesture's corner, at 100 %
    static constexpr double kAdminTapSeconds = 5.0;
    static constexpr int kAdminTaps = 5;
    static constexpr double kResourceSampleSeconds = 10.0;
    double m_nextResourceSample = 0.0;
    bool m_kioskMode = false;
    KioskConfig m_kioskConfig;
    std::optional<KioskController> m_kiosk;
    bool m_safeMode = false;
    fs::path m_kioskStarts; // the crash-loop breaker's file; cleared after a healthy minute
    std::string m_liveUrl;
    bool m_liveUrlFromScene = false; // held to the scene's allowlist, nested URLs included
    std::string m_recording;         // the scene's replay (the attract loop)
    double m_streamEpoch = 0.0;      // run seconds when the stream on the panel was opened
    std::string m_loggedStreamState; // the stream state last written to the log
    double m_runSeconds = 0.0;
    bool m_inputSeen = false; // any input since the last kiosk update
    std::vector<double> m_cornerTaps;
    bool m_pinOpen = false;
    std::string m_pinEntered;
    bool m_pinWrong = false;
    double m_pinOpenedAt = 0.0;
    bool m_quit = false;
    std::string m_kioskExit;
    RunStats::StreamTotals m_closedStreams; // the kiosk's streams closed so far
    Watchdog m_watchdog;
    bool m_highContrast = false;
    bool m_reducedMotion = false;
    std::optional<std::time_t> m_fixedNow; // --now
    VisitorUi m_visitorUi;
    VisitorActions m_pendingActions;
    std::vector<MapRoom> m_rooms;
    std::vector<Marker> m_markers; // as drawn on the last frame
    bool m_listOpen = false;
    int m_listSelection = -1;
    const hotspots::Hotspot* m_cardHotspot = nullptr; // the open card; points into m_scene
    bool m_streamIsReplay = false;
    std::future<std::vector<streaming::ScriptedCue>> m_chapterScan; // the replay's cue track
    std::vector<streaming::ScriptedCue> m_chapterCues;
    double m_uiClock = 0.0;
    bool m_focusControls = false; // F6: the keyboard goes to the UI on the next frame
    bool m_uiKeyboard = false;    // the keyboard is with the UI (after F6, until Esc)
    bool m_wantPicture = false;   // F12, after the next frame
    std::string m_lastPicture;
    std::vector<InputEvent> m_script; // --input
    std::size_t m_nextEvent = 0;
    bool m_fullscreen = false;
    bool m_touchPad = false;
    bool m_settingsOpen = false;
    bool m_focusSettings = false; // O: the settings panel takes the keyboard on the next frame
    int m_focusStep = 0;          // Tab (+1) / Shift+Tab (-1) on the next frame
    GamepadMapper m_padMapper;
    PadOutput m_pad;      // this frame's gamepad movement
    PadState m_scriptPad; // --input's gamepad
    bool m_scriptPadUsed = false;
    bool m_gamepadSeen = false;
    bool m_activateFocus = false; // Enter: press the focused control on the next frame
    glm::vec4 m_touch{0.0f};      // the touch pad held: forward, right, turn left, zoom in
    glm::vec2 m_pointer{-1.0f};   // --input: where the scripted pointer is
    glm::ivec4 m_windowedRect{0}; // x, y, width, height before full screen

    // Input gathered by GLFW callbacks during glfwPollEvents, consumed by applyInput().
    glm::dvec2 m_lastCursor{0.0};
    bool m_dragging[2] = {false, false};
    glm::vec2 m_pendingLook{0.0f};
    glm::vec2 m_pendingOrbit{0.0f};
    float m_pendingZoom = 0.0f;
    double m_lastClick = -1.0;
    glm::dvec2 m_pressAt{0.0};
    std::optional<glm::vec2> m_pendingTap; // a click or tap, handled after the next frame
    // Curator mode.
    std::unique_ptr<Curator> m_curator;
    CuratorActions m_curatorActions;
    CuratorDocument m_savedDocument;     // as last saved (or opened)
    CuratorDocument m_autosavedDocument; // as last written to the recovery folder
    std::optional<CuratorDocument> m_recoveredDocument;
    std::optional<std::string> m_recoveryOffer; // when the recovered edits were autosaved
    fs::path m_recoveryFolder;
    std::string m_saveFolder;
    bool m_saveAsFirst = false; // --out: the first save makes a new scene folder there
    double m_lastAutosave = 0.0;
    std::vector<hotspots::Cue> m_previewCues; // what the playback's cue sheet holds
    bool m_previewSheet = false;
    std::string m_pendingGlyphs;
    std::optional<std::string> m_markerDrag; // the hotspot whose marker is being dragged
    struct ScriptDrag {
        glm::vec2 from{0.0f};
        glm::vec2 to{0.0f};
        int start = 0;
        int frames = 1;
    };
    std::optional<ScriptDrag> m_scriptDrag;
    RunStats::Curator m_curatorStats;
    CueControlClient m_control; // the producer console's channel to docent-broadcast
    std::future<std::vector<float>> m_waveformTask;
    std::vector<float> m_waveform; // the replay's voice, peaks per kWaveformBucketSeconds
    std::string m_controlStatus;
    bool m_controlError = false;
};

} // namespace

std::string defaultScenePath(const std::string& argv0) {
    const fs::path bin = fs::path(executablePath(argv0)).parent_path();
    for (const fs::path& candidate :
         {bin / ".." / "scenes" / "demo", bin / ".." / "share" / "docent" / "scenes" / "demo"}) {
        std::error_code ec;
        if (fs::is_directory(candidate, ec)) {
            return fs::canonical(candidate, ec).string();
        }
    }
    return {};
}

int runViewer(const Options& options, const std::string& argv0) {
    // The context, renderer and GL handles must be gone before the process exits, in order.
    auto run = std::make_unique<Run>(options, argv0);
    return run->execute();
}

} // namespace docent::app
