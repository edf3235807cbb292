#include "Viewer.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <glad/gl.h>
#include <imgui.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "RunStats.h"
#include "UiText.h"
#include "VideoImage.h"
#include "engine/Bvh.h"
#include "engine/Camera.h"
#include "engine/GlContext.h"
#include "engine/GltfLoader.h"
#include "engine/Navigation.h"
#include "engine/Renderer.h"
#include "engine/UiLayer.h"
#include "engine/VideoPanel.h"
#include "hotspots/Captions.h"
#include "hotspots/SceneFolder.h"
#include "streaming/Playback.h"
#include "streaming/Recorder.h"

namespace docent::app {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr float kMouseLookDegreesPerPixel = 0.15f;
constexpr float kFlyToSeconds = 1.2f;
constexpr float kViewpointDistance = 2.2f;   // metres from a clicked surface
constexpr float kHotspotViewDistance = 3.5f; // metres from an artwork the guide reaches
constexpr float kGuidePanelWidth = 1.4f;     // metres: the panel beside an artwork
constexpr float kGuidePanelGapMetres = 0.3f; // between the artwork and the panel
constexpr float kGuidePanelStandOff = 0.08f; // metres in front of the wall
constexpr double kDoubleClickSeconds = 0.35;
constexpr float kPickRangeMetres = 1000.0f;

constexpr float kDefaultPanelDistance = 4.0f;               // metres in front of the start view
constexpr float kDefaultPanelWidth = 3.2f;                  // metres (16:9)
constexpr std::chrono::milliseconds kLiveReadTimeout{2000}; // udp/srt: the sender is gone
// The UI's overlays over the scene: no title bar, no input of their own, nothing saved.
constexpr ImGuiWindowFlags kOverlayFlags =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings |
    ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
constexpr float kLostStreamBrightness = 0.4f; // the last frame, dimmed, while the stream is down
constexpr int kMaxStreamFrames = 30 * 60 * 60 * 6; // a headless run of a stream: at most 6 h

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string executablePath(const std::string& argv0) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        return self.string();
    }
    return fs::absolute(argv0, ec).string();
}

engine::Bvh buildBvh(const engine::SceneAsset& asset) {
    std::vector<glm::vec3> positions;
    std::vector<std::uint32_t> tags;
    positions.reserve(asset.triangleCount() * 3);
    tags.reserve(asset.triangleCount());
    for (const auto& inst : asset.instances) {
        for (const auto& p : asset.meshes[static_cast<std::size_t>(inst.mesh)].primitives) {
            for (std::size_t i = 0; i + 2 < p.indices.size(); i += 3) {
                for (int k = 0; k < 3; ++k) {
                    positions.emplace_back(
                        inst.world *
                        glm::vec4(p.positions[p.indices[i + static_cast<std::size_t>(k)]], 1.0f));
                }
                tags.push_back(static_cast<std::uint32_t>(inst.node));
            }
        }
    }
    engine::Bvh bvh;
    bvh.build(std::move(positions), std::move(tags));
    return bvh;
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
                std::fprintf(stderr, "docent: %s\n", error.c_str());
                return code == kExitOk ? kExitBadInput : code;
            }
        }
        return code;
    }

private:
    int failWith(int code, const std::string& message) {
        std::fprintf(stderr, "docent: %s\n", message.c_str());
        m_stats.setError(message);
        return code;
    }

    int executeInner() {
        const auto start = Clock::now();
        std::string scene = m_options.scene;
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
                    std::fprintf(stderr, "docent: %s\n", problem.toString().c_str());
                }
            }
            const auto first = std::find_if(
                m_scene.problems.begin(), m_scene.problems.end(),
                [](const hotspots::Problem& p) { return p.severity == hotspots::Severity::Error; });
            m_stats.setError(first->toString());
            return kExitBadInput;
        }
        m_title = hotspots::textIn(m_scene.manifest.title, m_options.language);
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
            std::fprintf(stderr, "docent: no display found; rendering headless\n");
            m_headless = true;
        }
        m_realtime = !m_headless || m_options.realtime;
        if (m_headless && m_realtime) {
            // Nobody listens to a headless run: OpenAL Soft's null backend keeps the device
            // clock (in real time) without a sound card. ALSOFT_DRIVERS, when set, wins.
            setenv("ALSOFT_DRIVERS", "null", 0);
        }
        // --stream, else the scene's replay when its recording is there.
        std::string stream = m_options.stream;
        std::string recording;
        if (m_scene.manifest.replay && !m_scene.manifest.replay->recording.empty()) {
            recording = (fs::path(m_scene.folder) / m_scene.manifest.replay->recording).string();
        }
        std::error_code ec;
        if (stream.empty() && !recording.empty()) {
            if (fs::is_regular_file(recording, ec)) {
                stream = recording;
            } else {
                std::fprintf(stderr,
                             "docent: warning: the scene's replay %s is not there; the guide's "
                             "panel stays dark\n",
                             recording.c_str());
            }
        }
        if (!stream.empty()) {
            const int code = openStream(stream);
            if (code != kExitOk) {
                return code;
            }
            // The curator's cue sheet is authoritative for the replay it names.
            if (m_scene.cueSheet && !recording.empty() && fs::exists(stream, ec) &&
                fs::equivalent(stream, recording, ec)) {
                std::vector<streaming::ScriptedCue> sheet;
                for (const auto& cue : m_scene.cueSheet->cues) {
                    sheet.push_back({cue.time, cue.hotspot, {}});
                }
                m_playback->useCueSheet(std::move(sheet));
            }
            if (!recording.empty() && fs::exists(stream, ec) &&
                fs::equivalent(stream, recording, ec)) {
                loadCaptions();
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

        const auto loadStart = Clock::now();
        engine::LoadResult loaded = engine::loadGltf(m_scene.modelPath);
        if (!loaded.ok()) {
            return failWith(kExitBadInput, loaded.error);
        }
        m_asset = std::move(loaded.asset);
        constexpr std::size_t kWarningsShown = 12; // the rest are counted, not listed
        for (std::size_t i = 0; i < m_asset.warnings.size() && i < kWarningsShown; ++i) {
            std::fprintf(stderr, "docent: warning: %s\n", m_asset.warnings[i].c_str());
        }
        if (m_asset.warnings.size() > kWarningsShown) {
            std::fprintf(stderr, "docent: warning: ... and %zu more warnings\n",
                         m_asset.warnings.size() - kWarningsShown);
        }
        m_bvh = buildBvh(m_asset);
        m_stats.setSceneLoadMs(msSince(loadStart));
        m_stats.setScene(m_scene.modelPath, m_asset.triangleCount(), m_asset.instances.size());

        if (!m_renderer.init(error)) {
            return failWith(kExitRuntime, error);
        }
        m_renderer.setScene(m_asset);
        m_stats.setGpuBytes(m_renderer.gpuTextureBytes(), m_renderer.gpuGeometryBytes());
        placeCamera();
        setUpPanel();
        const int code = m_headless ? runHeadless(start) : runWindow(start);
        return finishStream(code);
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
        // Near and far planes follow the scene's size so that small objects and large halls
        // both render without clipping.
        m_camera.farPlane = std::max(fitted.farPlane, glm::length(m_asset.bounds.size()) * 4.0f);
        m_camera.nearPlane = std::min(0.05f, fitted.nearPlane);
        if (m_walking && !m_options.camera && !m_viewpoint) {
            // The spawn names the eye; stand it on the floor below so walking starts grounded.
            m_walker.placeOnGround(m_camera, m_bvh);
        }
    }

    // Starts decoding the guide's broadcast (while the gallery loads). A local file that does
    // not exist is bad input; a network source that does not answer is a lost stream.
    int openStream(const std::string& url) {
        const std::string protocols = streaming::protocolWhitelistFor(url);
        if (protocols.empty()) {
            return failWith(kExitBadInput, "--stream '" + url +
                                               "': docent plays files, http(s), srt, udp and "
                                               "rtmp URLs");
        }
        m_streamIsLocal = url.find("://") == std::string::npos || url.rfind("file://", 0) == 0;
        if (m_streamIsLocal) {
            std::error_code ec;
            const std::string path = url.rfind("file://", 0) == 0 ? url.substr(7) : url;
            if (!fs::is_regular_file(path, ec)) {
                return failWith(kExitBadInput, path + ": no such media file");
            }
        }
        streaming::PlaybackOptions options;
        options.source.protocolWhitelist = protocols;
        options.mode =
            m_realtime ? streaming::PlaybackMode::Realtime : streaming::PlaybackMode::FixedStep;
        options.reconnect = streaming::isNetworkUrl(url);
        if (url.rfind("udp://", 0) == 0 || url.rfind("srt://", 0) == 0) {
            // Packets of a live UDP or SRT stream come continuously: silence this long means the
            // sender is gone. (HLS reads may wait a whole segment, so they keep the default.)
            options.source.readTimeout = kLiveReadTimeout;
        }
        options.latencyTarget = std::chrono::milliseconds(m_options.latencyTargetMs);
        m_playback = std::make_unique<streaming::Playback>(url, options);
        if (!m_playback->audioWarning().empty()) {
            std::fprintf(stderr, "docent: warning: %s\n", m_playback->audioWarning().c_str());
        }
        m_volume = m_options.volume;
        m_muted = m_options.mute;
        m_pip = m_options.pip;
        m_follow = !m_options.wander;
        m_playback->setVolume(m_volume);
        m_playback->setMuted(m_muted);
        return kExitOk;
    }

    void setUpPanel() {
        if (!m_playback) {
            return;
        }
        std::string error;
        if (!m_panel.init(error)) {
            std::fprintf(stderr, "docent: warning: the video panel: %s\n", error.c_str());
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
        m_playback->setSourcePosition({c.x, c.y, c.z}); // the voice comes from the panel
        m_renderer.setSceneHook([this](const glm::mat4& viewProjection) {
            m_panel.draw(viewProjection, m_panelPlacement,
                         m_playback->lost() ? kLostStreamBrightness : 1.0f);
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
        m_stats.setVideo(video);
        if (m_playback->failed()) {
            // A lost network stream is part of a normal run; a broken local file is bad input.
            if (m_streamIsLocal && code == kExitOk) {
                return failWith(kExitBadInput, p.error);
            }
            std::fprintf(stderr, "docent: the stream was lost: %s\n", p.error.c_str());
        }
        return code;
    }

    // Every string the UI may show, for the font atlas: the UI's own in every language, the
    // scene's texts in every language, and the captions.
    std::string textToShow() const {
        std::string all = allUiText() + m_title;
        const auto add = [&](const hotspots::Text& text) {
            for (const auto& [language, value] : text) {
                all += value;
            }
        };
        add(m_scene.manifest.title);
        add(m_scene.manifest.guideName);
        for (const auto& v : m_scene.manifest.viewpoints) {
            add(v.title);
        }
        for (const auto& h : m_scene.hotspots) {
            add(h.title);
            add(h.artist);
            add(h.date);
            add(h.medium);
            add(h.commentary);
        }
        for (const auto& c : m_captions) {
            all += c.text;
        }
        return all;
    }

    // The replay's subtitles in the visitor's language (captions.<lang>.vtt beside it), if any.
    void loadCaptions() {
        const fs::path path =
            fs::path(m_scene.folder) / ("captions." + m_options.language + ".vtt");
        std::ifstream in(path);
        if (!in) {
            return;
        }
        std::ostringstream text;
        text << in.rdbuf();
        std::string error;
        if (!hotspots::parseWebVtt(text.str(), m_captions, error)) {
            m_captions.clear();
            std::fprintf(stderr, "docent: warning: %s: %s; no captions\n", path.c_str(),
                         error.c_str());
        }
    }

    // The guide's words under the picture, in sync with the frame on the panel.
    void drawCaption() {
        if (!m_playback || !m_captionsOn || m_captions.empty() || !m_playback->current()) {
            return;
        }
        const hotspots::Caption* caption =
            hotspots::captionAt(m_captions, m_playback->positionSeconds());
        if (!caption) {
            return;
        }
        const ImVec2 display = ImGui::GetIO().DisplaySize;
        constexpr float kBottom = 56.0f; // pixels above the bottom edge (the stream line is lower)
        const float width = std::min(display.x * 0.8f, 900.0f);
        ImGui::SetNextWindowPos(ImVec2(display.x / 2.0f, display.y - kBottom), 0,
                                ImVec2(0.5f, 1.0f));
        ImGui::SetNextWindowSize(ImVec2(width, 0.0f));
        ImGui::SetNextWindowBgAlpha(0.6f);
        const ImGuiWindowFlags flags = kOverlayFlags;
        if (ImGui::Begin("##caption", nullptr, flags)) {
            ImGui::TextWrapped("%s", caption->text.c_str());
        }
        ImGui::End();
    }

    void initUi() {
        std::string error;
        if (!m_options.noUi && !m_ui.init(m_context->window(), error, textToShow())) {
            // The gallery is still worth showing without its overlay.
            std::fprintf(stderr, "docent: warning: %s; continuing without the UI\n", error.c_str());
        }
        if (!m_ui.missingGlyphs().empty()) {
            std::string list;
            for (std::size_t k = 0; k < m_ui.missingGlyphs().size() && k < 12; ++k) {
                char code[12];
                std::snprintf(code, sizeof code, " U+%04X", m_ui.missingGlyphs()[k]);
                list += code;
            }
            std::fprintf(stderr,
                         "docent: warning: %zu characters have no glyph in the UI fonts:%s\n",
                         m_ui.missingGlyphs().size(), list.c_str());
        }
    }

    void renderFrame(glm::ivec2 size, float dtSeconds) {
        std::string error;
        if (!m_renderer.resize(size, m_options.msaa, error)) {
            std::fprintf(stderr, "docent: %s\n", error.c_str());
        }
        const engine::DrawStats draw = m_renderer.render(m_camera, m_lighting);
        m_stats.setDrawCalls(draw.drawCalls);
        if (m_pip && m_playback && m_panel.hasFrame()) {
            constexpr float kPipWidth = 0.28f; // of the view's width
            m_renderer.bindResolvedFramebuffer();
            m_panel.drawPictureInPicture(size, kPipWidth,
                                         m_playback->lost() ? kLostStreamBrightness : 1.0f);
        }
        if (m_ui.active()) {
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
        }
    }

    // The scene's name and how to move: the first thing a visitor needs.
    void drawOverlay() {
        constexpr float kMargin = 12.0f;     // pixels from the window's corner
        constexpr float kBackground = 0.55f; // alpha of the panel behind the text
        ImGui::SetNextWindowPos(ImVec2(kMargin, kMargin));
        ImGui::SetNextWindowBgAlpha(kBackground);
        const ImGuiWindowFlags flags = kOverlayFlags | ImGuiWindowFlags_AlwaysAutoResize;
        if (ImGui::Begin("##overlay", nullptr, flags)) {
            ImGui::TextUnformatted(m_title.c_str());
            if (!m_headless) {
                ImGui::TextDisabled(m_walking ? "Drag to look  -  WASD to walk  -  Double-click "
                                                "a surface to go there  -  Tab: orbit"
                                              : "Drag to look  -  Right-drag and wheel to orbit  "
                                                "-  Double-click to go there  -  Tab: walk");
            }
        }
        ImGui::End();
        drawStreamOverlay();
        drawGuideHotspot();
        drawCaption();
    }

    // The guide's stream: its state in words, the position of a replay, the voice's volume.
    void drawStreamOverlay() {
        if (!m_playback) {
            return;
        }
        constexpr float kMargin = 12.0f;
        constexpr float kBackground = 0.55f;
        const ImVec2 display = ImGui::GetIO().DisplaySize;
        ImGui::SetNextWindowPos(ImVec2(kMargin, display.y - kMargin), 0, ImVec2(0.0f, 1.0f));
        ImGui::SetNextWindowBgAlpha(kBackground);
        const ImGuiWindowFlags flags = kOverlayFlags | ImGuiWindowFlags_AlwaysAutoResize;
        if (ImGui::Begin("##stream", nullptr, flags)) {
            const std::string& state = m_playback->state();
            const std::string& lang = m_options.language;
            const std::string& words =
                uiText(state == "connecting"     ? "Connecting to the guide..."
                       : state == "playing"      ? "The guide"
                       : state == "paused"       ? "Paused"
                       : state == "stalled"      ? "Waiting for the guide's stream..."
                       : state == "reconnecting" ? "Stream lost - reconnecting..."
                       : state == "ended"        ? "The tour has ended"
                                                 : "The guide's stream failed",
                       lang);
            const auto clock = [](double seconds) {
                const int s = static_cast<int>(std::max(0.0, seconds));
                char text[32];
                std::snprintf(text, sizeof text, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
                return std::string(text);
            };
            std::string line = words;
            if (m_playback->durationSeconds() > 0.0 && m_playback->current()) {
                line += "  " + clock(m_playback->positionSeconds()) + " / " +
                        clock(m_playback->durationSeconds());
            }
            if (m_playback->hasAudio()) {
                line += m_muted ? "  -  " + uiText("muted", lang)
                                : "  -  " + uiText("volume", lang) + " " +
                                      std::to_string(std::lround(m_volume * 100)) + "%";
            }
            ImGui::TextUnformatted(line.c_str());
            if (!m_headless) {
                ImGui::TextDisabled(m_playback->durationSeconds() > 0.0
                                        ? "M mute  -  -/= volume  -  Space pause  -  [ ] 10 s  -  "
                                          "P picture-in-picture"
                                        : "M mute  -  -/= volume  -  P picture-in-picture");
            }
        }
        ImGui::End();
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
        m_flyTo.start(m_camera, target, kFlyToSeconds);
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
        const auto& id = m_playback->activeHotspot();
        m_guideHotspot = id ? findHotspot(*id) : nullptr;
        if (id && !m_guideHotspot) {
            std::fprintf(stderr,
                         "docent: warning: the guide's cue names hotspot '%s', which %s "
                         "does not have\n",
                         id->c_str(), m_title.c_str());
        }
        if (m_guideHotspot) {
            placePanelBeside(*m_guideHotspot);
        }
        if (m_guideHotspot && m_follow) {
            flyToHotspot(*m_guideHotspot);
        }
    }

    // The lit marker on the artwork the guide is at, and its card in the visitor's language.
    void drawGuideHotspot() {
        if (!m_guideHotspot) {
            return;
        }
        const hotspots::Hotspot& h = *m_guideHotspot;
        const ImVec2 display = ImGui::GetIO().DisplaySize;
        glm::vec3 point;
        glm::vec3 normal;
        if (anchorInWorld(h, point, normal)) {
            const glm::vec4 clip = m_camera.projection(display.x / std::max(display.y, 1.0f)) *
                                   m_camera.view() * glm::vec4(point, 1.0f);
            if (clip.w > 0.0f) {
                const glm::vec2 ndc = glm::vec2(clip) / clip.w;
                const ImVec2 at((ndc.x * 0.5f + 0.5f) * display.x,
                                (0.5f - ndc.y * 0.5f) * display.y);
                constexpr float kRing = 14.0f; // pixels
                ImDrawList* draw = ImGui::GetForegroundDrawList();
                draw->AddCircleFilled(at, kRing * 0.45f, IM_COL32(255, 214, 90, 230));
                draw->AddCircle(at, kRing, IM_COL32(255, 214, 90, 255), 32, 3.0f);
            }
        }
        constexpr float kMargin = 12.0f;
        constexpr float kCardWidth = 340.0f; // pixels
        ImGui::SetNextWindowPos(ImVec2(display.x - kMargin, kMargin), 0, ImVec2(1.0f, 0.0f));
        ImGui::SetNextWindowSize(ImVec2(kCardWidth, 0.0f));
        ImGui::SetNextWindowBgAlpha(0.7f);
        const ImGuiWindowFlags flags = kOverlayFlags | ImGuiWindowFlags_AlwaysAutoResize;
        if (ImGui::Begin("##guide-card", nullptr, flags)) {
            const std::string& lang = m_options.language;
            ImGui::TextDisabled("%s",
                                uiText(m_follow ? "The guide is here - following (F: wander)"
                                                : "The guide is here (G: go there, F: follow)",
                                       lang)
                                    .c_str());
            ImGui::TextWrapped("%s", hotspots::textIn(h.title, lang).c_str());
            const std::string byline = hotspots::textIn(h.artist, lang) +
                                       (h.date.empty() ? "" : ", ") +
                                       hotspots::textIn(h.date, lang);
            if (!byline.empty()) {
                ImGui::TextDisabled("%s", byline.c_str());
            }
            ImGui::Separator();
            ImGui::TextWrapped("%s", hotspots::textIn(h.commentary, lang).c_str());
        }
        ImGui::End();
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

    int runHeadless(Clock::time_point start) {
        const glm::ivec2 size(m_options.width, m_options.height);
        m_stats.setSize(size.x, size.y);
        const int frames = frameBudget();
        initUi();
        const double step = 1.0 / m_options.fps;
        const auto runStart = Clock::now();
        if (!m_options.recordPath.empty() &&
            !m_recorder.open(m_options.recordPath, size.x, size.y, m_options.fps)) {
            return failWith(kExitBadInput, m_recorder.error());
        }
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
                advanceStream(static_cast<double>(i) * step, step);
            }
            followGuide();
            if (m_flyTo.active()) {
                m_flyTo.update(m_camera, static_cast<float>(step));
            }
            const auto frameStart = Clock::now();
            renderFrame(size, static_cast<float>(step));
            // The software renderer works synchronously on the CPU; glFinish makes the figure
            // the real cost of the frame rather than the cost of queuing it.
            glFinish();
            m_stats.addFrameMs(msSince(frameStart));
            if (i == 0) {
                m_stats.setFirstFrameMs(msSince(start));
            }
            if (!m_options.recordPath.empty() && !recordStep(i * step, step)) {
                return failWith(kExitBadInput, m_recorder.error());
            }
        }
        if (!m_options.recordPath.empty()) {
            if (!m_recorder.finish()) {
                return failWith(kExitBadInput, m_recorder.error());
            }
            std::printf("docent: recording written to %s (%lld frames)\n",
                        m_options.recordPath.c_str(),
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
        std::printf("docent: screenshot written to %s (%dx%d)\n", m_options.screenshotPath.c_str(),
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
        std::printf("docent: picked %s at (%.2f, %.2f, %.2f)\n",
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
        m_flyTo.start(m_camera, target, kFlyToSeconds);
    }

    void installCallbacks() {
        GLFWwindow* window = m_context->window();
        glfwSetWindowUserPointer(window, this);
        glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int button, int action, int) {
            Run* run = self(w);
            double x = 0;
            double y = 0;
            glfwGetCursorPos(w, &x, &y);
            if (button == GLFW_MOUSE_BUTTON_LEFT && action == GLFW_PRESS) {
                const double now = glfwGetTime();
                if (now - run->m_lastClick < kDoubleClickSeconds) {
                    run->pickAndFly(x, y);
                }
                run->m_lastClick = now;
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
        glfwSetScrollCallback(window, [](GLFWwindow* w, double, double dy) {
            Run* run = self(w);
            run->m_pendingZoom += static_cast<float>(-dy);
            run->m_flyTo.cancel();
        });
        glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int) {
            if (action != GLFW_PRESS) {
                return;
            }
            Run* run = self(w);
            if (key == GLFW_KEY_ESCAPE) {
                glfwSetWindowShouldClose(w, GLFW_TRUE);
            } else if (key == GLFW_KEY_TAB) {
                run->m_walking = !run->m_walking;
                std::printf("docent: %s\n", run->m_walking ? "walking" : "orbiting");
            } else if (key == GLFW_KEY_HOME) {
                run->m_flyTo.cancel();
                run->placeCamera();
            } else {
                run->streamKey(key);
            }
        });
    }

    // The guide's stream from the keyboard: M mute, - and = volume, Space pause, [ and ] seek
    // 10 s (replays), P picture-in-picture.
    void streamKey(int key) {
        if (!m_playback) {
            return;
        }
        constexpr float kVolumeStep = 0.1f; // of full volume
        constexpr double kSeekStep = 10.0;  // seconds
        if (key == GLFW_KEY_M) {
            m_muted = !m_muted;
            m_playback->setMuted(m_muted);
        } else if (key == GLFW_KEY_MINUS || key == GLFW_KEY_EQUAL) {
            m_volume = std::clamp(m_volume + (key == GLFW_KEY_MINUS ? -kVolumeStep : kVolumeStep),
                                  0.0f, 1.0f);
            m_playback->setVolume(m_volume);
        } else if (key == GLFW_KEY_P) {
            m_pip = !m_pip;
        } else if (key == GLFW_KEY_C) {
            m_captionsOn = !m_captionsOn;
        } else if (key == GLFW_KEY_F) {
            m_follow = !m_follow;
            if (m_follow && m_guideHotspot) {
                flyToHotspot(*m_guideHotspot);
            }
        } else if (key == GLFW_KEY_G && m_guideHotspot) {
            flyToHotspot(*m_guideHotspot); // back to the guide, without following
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
        const auto down = [&](int key) { return glfwGetKey(window, key) == GLFW_PRESS; };
        engine::MoveInput input;
        input.forward = static_cast<float>((down(GLFW_KEY_W) || down(GLFW_KEY_UP)) -
                                           (down(GLFW_KEY_S) || down(GLFW_KEY_DOWN)));
        input.strafe = static_cast<float>((down(GLFW_KEY_D) || down(GLFW_KEY_RIGHT)) -
                                          (down(GLFW_KEY_A) || down(GLFW_KEY_LEFT)));
        input.run = down(GLFW_KEY_LEFT_SHIFT) || down(GLFW_KEY_RIGHT_SHIFT);
        input.lookYawDegrees = m_pendingLook.x;
        input.lookPitchDegrees = m_pendingLook.y;
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
        while (!glfwWindowShouldClose(window) && (budget == 0 || frame < budget) &&
               (!until || Clock::now() < *until)) {
            glfwPollEvents();
            const auto now = Clock::now();
            const float dt = std::chrono::duration<float>(now - last).count();
            last = now;
            applyInput(dt);
            if (m_playback) {
                advanceStream(std::chrono::duration<double>(now - m_streamStart).count(), dt);
                followGuide();
            }
            const auto frameStart = Clock::now();
            const glm::ivec2 size = m_context->framebufferSize();
            if (size.x > 0 && size.y > 0) {
                renderFrame(size, dt);
                m_renderer.presentToWindow(size);
                m_stats.setSize(size.x, size.y);
            }
            m_stats.addFrameMs(msSince(frameStart));
            if (frame == 0) {
                m_stats.setFirstFrameMs(msSince(start));
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
    bool m_uiWarm = false;
    bool m_realtime = false; // wall clock and audio device (window runs, --realtime)
    std::unique_ptr<streaming::Playback> m_playback;
    float m_volume = 1.0f;
    bool m_muted = false;
    bool m_pip = false;   // the picture-in-picture overlay
    bool m_follow = true; // follow the guide from artwork to artwork (else wander)
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

    // Input gathered by GLFW callbacks during glfwPollEvents, consumed by applyInput().
    glm::dvec2 m_lastCursor{0.0};
    bool m_dragging[2] = {false, false};
    glm::vec2 m_pendingLook{0.0f};
    glm::vec2 m_pendingOrbit{0.0f};
    float m_pendingZoom = 0.0f;
    double m_lastClick = -1.0;
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
