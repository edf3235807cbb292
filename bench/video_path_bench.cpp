// docent-bench-video: docent's video path alone, as fast as it goes. It decodes a clip with
// MediaSource (frame-threaded, no audio), uploads every frame to the VideoPanel and draws the
// panel filling the view with nothing else in the scene, untimed (no clock, no vsync), then
// prints what it measured as one JSON object:
//   frames, wall_s, presented_fps (frames presented per wall-clock second),
//   cpu_s (user + system of the whole process), cpu_s_per_video_minute, video_s.
// In a window when a display is there (the same Xvfb/Mesa as a peer player), else headless EGL.
// Benchmarks measure; they never fail on a slow machine. Exit 1 when the clip cannot be played.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <glad/gl.h>

#include "VideoImage.h"
#include "engine/Camera.h"
#include "engine/GlContext.h"
#include "engine/Renderer.h"
#include "engine/SceneAsset.h"
#include "engine/VideoPanel.h"
#include "streaming/MediaSource.h"

using namespace docent;

namespace {

constexpr int kWidth = 1280; // pixels: the view the panel fills
constexpr int kHeight = 720;

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: docent-bench-video CLIP\n");
        return 2;
    }
    const std::string clip = argv[1];
    std::string error;
    const bool window = engine::displayAvailable();
    auto context = window ? engine::GlContext::createWindow(kWidth, kHeight, "docent bench", error)
                          : engine::GlContext::createHeadless(error);
    if (!context) {
        std::fprintf(stderr, "docent-bench-video: no OpenGL context: %s\n", error.c_str());
        return 3;
    }
    engine::Renderer renderer;
    engine::VideoPanel panel;
    static const engine::SceneAsset kEmpty;
    if (!renderer.init(error) || !panel.init(error) ||
        !renderer.resize({kWidth, kHeight}, 1, error)) {
        std::fprintf(stderr, "docent-bench-video: %s\n", error.c_str());
        return 3;
    }
    renderer.setScene(kEmpty);
    // The panel's 16:9 picture exactly fills the view of a 60 degree camera at this distance.
    engine::PanelPlacement placement;
    placement.widthMetres = 2.0f;
    engine::Camera camera;
    camera.verticalFovDegrees = 60.0f;
    camera.position = {
        0.0f, 0.0f, (placement.widthMetres / engine::VideoPanel::kScreenAspect) / 2.0f / 0.57735f};
    renderer.setSceneHook(
        [&](const glm::mat4& viewProjection) { panel.draw(viewProjection, placement, 1.0f); });
    engine::LightingSettings lighting;

    streaming::MediaSourceOptions options;
    options.enableAudio = false;
    options.rgba = true; // as the viewer decodes for its panel
    const double cpuStart = cpuSeconds();
    const auto wallStart = std::chrono::steady_clock::now();
    streaming::MediaSource source(clip, options);
    int frames = 0;
    double firstPts = 0.0;
    double lastPts = 0.0;
    double frameSeconds = 0.0;
    streaming::VideoFrame frame;
    const auto forever = std::chrono::steady_clock::now() + std::chrono::hours(1);
    while (source.popVideoFrame(frame, forever) == streaming::MediaSource::PopResult::Frame) {
        if (frames == 0) {
            firstPts = frame.ptsSeconds;
            const double rate = source.info().frameRate;
            frameSeconds = rate > 0.0 ? 1.0 / rate : 0.0;
        }
        lastPts = frame.ptsSeconds;
        panel.upload(app::toVideoImage(frame));
        renderer.render(camera, lighting);
        if (window) {
            renderer.presentToWindow(context->framebufferSize());
            context->swapBuffers();
        } else {
            glFinish();
        }
        ++frames;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    const double cpu = cpuSeconds() - cpuStart;
    if (source.state() == streaming::MediaSource::State::Error || frames == 0) {
        std::fprintf(stderr, "docent-bench-video: %s\n",
                     frames == 0 && source.error().empty() ? (clip + ": no video frames").c_str()
                                                           : source.error().c_str());
        return 1;
    }
    const double video = lastPts - firstPts + frameSeconds;
    std::printf("{\"frames\": %d, \"wall_s\": %.3f, \"presented_fps\": %.2f, \"cpu_s\": %.3f, "
                "\"video_s\": %.3f, \"cpu_s_per_video_minute\": %.3f, \"window\": %s}\n",
                frames, wall, frames / wall, cpu, video, cpu / video * 60.0,
                window ? "true" : "false");
    return 0;
}
