#pragma once
// What a run measured, written as the --stats JSON of DESIGN.md's run contract. The file is
// written even when the run fails (error then holds the one-line reason).
// Render thread only.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace docent::app {

struct Percentiles {
    double p50 = 0;
    double p95 = 0;
    double max = 0;
};

// Nearest-rank percentiles of a sample; all zero for an empty sample.
Percentiles percentiles(std::vector<double> values);

// Peak resident set size of this process so far, in MiB.
double peakRssMb();

// What the process holds at one moment (Linux /proc; zeros elsewhere): for soak runs, where
// memory, file descriptors and threads must stay flat.
struct ResourceSample {
    double seconds = 0.0; // the run's clock
    double rssMb = 0.0;   // resident now (not the peak)
    int fds = 0;
    int threads = 0;
    double heapMb = -1.0; // allocated through malloc and not freed (glibc), -1: unknown
};
ResourceSample sampleResources(double seconds);

class RunStats {
public:
    void addFrameMs(double ms) { m_frameMs.push_back(ms); }
    // Real-time runs: frames not drawn because the renderer was behind the wall clock.
    void addSkippedFrames(int frames) { m_skippedFrames += frames; }
    void setSceneLoadMs(double ms) { m_sceneLoadMs = ms; }
    // The first frame: ms since the run started, and the moment on CLOCK_MONOTONIC (seconds) so
    // that a benchmark that started the process can tell the time from exec to first frame.
    void setFirstFrameMs(double ms, double monotonicSeconds) {
        m_firstFrameMs = ms;
        m_firstFrameMonotonic = monotonicSeconds;
    }
    void setError(const std::string& error) { m_error = error; }
    void setRenderer(const std::string& renderer) { m_renderer = renderer; }
    void setScene(const std::string& model, std::size_t triangles, std::size_t instances) {
        m_model = model;
        m_triangles = triangles;
        m_instances = instances;
    }
    // docent's own count of the GPU memory it asked for, and the budget the scene was fitted to.
    struct GpuMemory {
        std::size_t textureBytes = 0;
        std::size_t geometryBytes = 0;
        std::size_t targetBytes = 0;
        std::size_t budgetBytes = 0;
        int texturesReduced = 0;
        int textureLevelsDropped = 0;
    };
    void setGpuMemory(const GpuMemory& memory) { m_gpu = memory; }
    // Progressive loading: textures streamed in after the first frame.
    struct TextureStreaming {
        bool progressive = false;
        int images = 0;              // decoded after the first frame was possible
        int waitingAtFirstFrame = 0; // textures drawn white on the first frame
        double allInMs = -1.0;       // from the start until the last was uploaded; -1: not yet
        double longestFrameMs = 0.0; // the longest frame while they came in
    };
    void setTextureStreaming(const TextureStreaming& streaming) { m_streaming = streaming; }
    // The picture quality: fixed, or chosen by the governor from frame times.
    struct Quality {
        bool automatic = false;
        std::string level;
        float renderScale = 1.0f;
        int msaa = 1;
        double targetMs = 0.0; // the governor's frame-time target (automatic only)
        int changes = 0;
        std::vector<std::pair<std::string, double>> secondsAt; // per level (automatic only)
    };
    void setQuality(Quality quality) { m_quality = std::move(quality); }
    // The last frame's draw calls, triangles drawn, and draws at a coarser level of detail.
    void setDrawStats(std::size_t drawCalls, std::size_t triangles, std::size_t coarser) {
        m_drawCalls = drawCalls;
        m_trianglesDrawn = triangles;
        m_coarserDraws = coarser;
    }
    void setSize(int width, int height) {
        m_width = width;
        m_height = height;
    }
    std::size_t frames() const { return m_frameMs.size(); }

    // The guide's video as presented (no stream: the idle defaults).
    struct Video {
        int decoded = 0;
        int presented = 0;
        int dropped = 0;
        int repeated = 0;
        int stalls = 0;
        int reconnects = 0;
        int restarts = 0;                // a wedged live stream started again
        int rejectedCues = 0;            // malformed cue packets skipped
        std::vector<double> avOffsetsMs; // per presented frame with audio
        std::string error;               // the last stream error (one line naming the URL)
        std::string state = "none";
        std::string userAgent; // what HTTP servers saw
        std::vector<std::string> states{"none"};
    };
    void setVideo(const Video& video) { m_video = video; }
    // From a video frame leaving the decoder to the end of the frame that showed it on screen.
    void addDecodedToScreenMs(double ms) { m_decodedToScreenMs.push_back(ms); }

    // What the visitor's UI showed on the last frame and the state the visitor left it in.
    struct Ui {
        std::string language;
        std::vector<std::string> text;                        // every string shown
        std::map<std::string, std::array<float, 4>> controls; // id: x, y, width, height
        std::string card;                                     // the open card's hotspot id
        bool listOpen = false;
        bool captions = false;
        bool follow = false;
        float volume = 1.0f;
        bool muted = false;
        float scale = 1.0f;
        bool highContrast = false;
        bool reducedMotion = false;
        std::array<float, 6> camera{}; // x, y, z (metres), yaw, pitch, vertical fov (degrees)
        bool touchPad = false;
        bool keyboard = false;                  // the UI's controls have the keyboard (Tab, F6)
        std::string focus;                      // the control with the keyboard focus
        bool gamepad = false;                   // a gamepad was connected (or scripted)
        float uiScaleEffective = 1.0f;          // the UI scale times the window's content scale
        std::string picture;                    // the last F12 screenshot
        std::vector<std::string> missingGlyphs; // "U+XXXX" of shown characters without a glyph
    };
    void setUi(Ui ui) { m_ui = std::move(ui); }

    // Totals over several streams (the kiosk's: the "video" block is the last stream's only).
    struct StreamTotals {
        int opened = 0;
        int losses = 0;     // times a live stream was lost
        int reconnects = 0; // times it came back
        int restarts = 0;   // of those losses, live streams restarted because they were wedged
        int presented = 0;
        int dropped = 0;
    };

    // Kiosk mode: where the kiosk ended up and how it got there.
    struct Kiosk {
        std::string state;                // attract, explore, countdown
        std::vector<std::string> history; // "SECONDS state" per change
        int resets = 0;
        int liveJoins = 0;
        StreamTotals streams; // over every stream the kiosk played this run
        bool live = false;
        bool safeMode = false; // the crash-loop breaker tripped
        bool pinPad = false;
        std::string exit; // "admin" when staff left with the PIN
    };
    void setKiosk(Kiosk kiosk) { m_kiosk = std::move(kiosk); }

    // Curator mode: what the document holds at the end and what was saved.
    struct Curator {
        int hotspots = 0;
        int cues = 0;
        int undoSteps = 0; // edits in the history at the end (after undos)
        int saves = 0;
        int failedSaves = 0;
        int autosaves = 0;
        bool unsaved = false; // edits not saved at the end (they are in the recovery folder)
        std::string savedFolder;
        std::string lastError;
        std::string selected;
        std::vector<std::string> fired;   // producer console: cues sent ("-": none)
        std::vector<std::string> answers; // and the broadcaster's answers
        int waveformPeaks = 0;            // the timeline's waveform: peaks (50 ms each)
        float waveformMax = 0.0f;         // and the loudest
    };
    void setCurator(Curator curator) { m_curator = std::move(curator); }
    void setWatchdogPings(int pings) { m_watchdogPings = pings; }
    void setStopSignal(int signal) { m_stopSignal = signal; }
    void addResourceSample(const ResourceSample& sample) { m_resources.push_back(sample); }

    // A cue that fired (DESIGN's "cues" list): times in seconds since the first video frame.
    struct FiredCue {
        std::string hotspot; // empty: none
        double cuePts = 0;
        double framePts = 0;
    };
    void setCues(std::vector<FiredCue> cues, std::vector<double> latencyMs) {
        m_cues = std::move(cues);
        m_latencyMs = std::move(latencyMs);
    }

    std::string toJson() const;
    // Writes the JSON to path; on failure returns false and sets error to a line naming path.
    bool write(const std::string& path, std::string& error) const;
    // Writes every frame's time in ms, one per line (--frame-times: for histograms).
    bool writeFrameTimes(const std::string& path, std::string& error) const;

private:
    std::vector<double> m_frameMs;
    double m_sceneLoadMs = 0;
    double m_firstFrameMs = 0;
    double m_firstFrameMonotonic = 0;
    int m_skippedFrames = 0;
    std::vector<double> m_decodedToScreenMs;
    std::string m_error;
    std::string m_renderer;
    std::string m_model;
    std::size_t m_triangles = 0;
    std::size_t m_instances = 0;
    GpuMemory m_gpu;
    TextureStreaming m_streaming;
    Quality m_quality;
    std::size_t m_drawCalls = 0;
    std::size_t m_trianglesDrawn = 0;
    std::size_t m_coarserDraws = 0;
    int m_width = 0;
    int m_height = 0;
    Video m_video;
    std::optional<Ui> m_ui;
    std::optional<Kiosk> m_kiosk;
    std::optional<Curator> m_curator;
    int m_watchdogPings = 0;
    int m_stopSignal = 0; // the signal that ended the run, 0: none
    std::vector<ResourceSample> m_resources;
    std::vector<FiredCue> m_cues;
    std::vector<double> m_latencyMs;
};

} // namespace docent::app
