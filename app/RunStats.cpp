#include "RunStats.h"

#include <sys/resource.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace docent::app {

Percentiles percentiles(std::vector<double> values) {
    Percentiles p;
    if (values.empty()) {
        return p;
    }
    std::sort(values.begin(), values.end());
    const auto rank = [&](double q) {
        const auto index =
            static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
        return values[std::clamp<std::size_t>(index, 1, values.size()) - 1];
    };
    p.p50 = rank(0.50);
    p.p95 = rank(0.95);
    p.max = values.back();
    return p;
}

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // Linux reports KiB
}

ResourceSample sampleResources(double seconds) {
    ResourceSample sample;
    sample.seconds = seconds;
    {
        std::ifstream statm("/proc/self/statm");
        long long pages = 0;
        long long resident = 0;
        if (statm >> pages >> resident) {
            sample.rssMb = static_cast<double>(resident) *
                           static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
        }
    }
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++sample.fds;
    }
#ifdef __GLIBC__
    // In use, over all arenas and mmapped blocks: a leak grows this, fragmentation only RSS.
    const struct mallinfo2 heap = ::mallinfo2();
    sample.heapMb = static_cast<double>(heap.uordblks + heap.hblkhd) / (1024.0 * 1024.0);
#endif
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Threads:", 0) == 0) {
            sample.threads = std::atoi(line.c_str() + 8);
        }
    }
    return sample;
}

std::string RunStats::toJson() const {
    using nlohmann::json;
    const auto rounded = [](double v) { return std::round(v * 1000.0) / 1000.0; };
    const Percentiles f = percentiles(m_frameMs);
    json doc;
    doc["frames"] = m_frameMs.size();
    doc["frames_skipped"] = m_skippedFrames;
    doc["frame_ms"] = {{"p50", rounded(f.p50)}, {"p95", rounded(f.p95)}, {"max", rounded(f.max)}};
    doc["load_ms"] = {{"scene", rounded(m_sceneLoadMs)},
                      {"first_frame", rounded(m_firstFrameMs)},
                      {"first_frame_monotonic_s", std::round(m_firstFrameMonotonic * 1e6) / 1e6},
                      {"first_visible", rounded(m_firstFrameMs)}};
    doc["peak_rss_mb"] = rounded(peakRssMb());
    doc["error"] = m_error.empty() ? json(nullptr) : json(m_error);
    // The A/V offset: the audio clock minus the pts of each presented frame (null without audio);
    // the latency: wall clock at presentation minus the producer's stamp of each cue.
    const Percentiles av = percentiles(m_video.avOffsetsMs);
    const Percentiles lat = percentiles(m_latencyMs);
    const json latency = m_latencyMs.empty()
                             ? json{{"p50", nullptr}, {"p95", nullptr}}
                             : json{{"p50", rounded(lat.p50)}, {"p95", rounded(lat.p95)}};
    const json avOffset =
        m_video.avOffsetsMs.empty()
            ? json{{"p50", nullptr}, {"p95", nullptr}, {"max", nullptr}}
            : json{{"p50", rounded(av.p50)}, {"p95", rounded(av.p95)}, {"max", rounded(av.max)}};
    const Percentiles shown = percentiles(m_decodedToScreenMs);
    const json decodedToScreen = m_decodedToScreenMs.empty()
                                     ? json{{"p50", nullptr}, {"p95", nullptr}, {"max", nullptr}}
                                     : json{{"p50", rounded(shown.p50)},
                                            {"p95", rounded(shown.p95)},
                                            {"max", rounded(shown.max)}};
    doc["video"] = {{"decoded", m_video.decoded},
                    {"presented", m_video.presented},
                    {"dropped", m_video.dropped},
                    {"repeated", m_video.repeated},
                    {"av_offset_ms", avOffset},
                    {"decoded_to_screen_ms", decodedToScreen},
                    {"stalls", m_video.stalls},
                    {"reconnects", m_video.reconnects},
                    {"restarts", m_video.restarts},
                    {"rejected_cues", m_video.rejectedCues},
                    {"latency_ms", latency},
                    {"state", m_video.state},
                    {"error", m_video.error.empty() ? json(nullptr) : json(m_video.error)},
                    {"states", m_video.states},
                    {"user_agent", m_video.userAgent}};
    if (m_ui) {
        json controls = json::object();
        for (const auto& [id, r] : m_ui->controls) {
            controls[id] = {r[0], r[1], r[2], r[3]};
        }
        doc["ui"] = {{"language", m_ui->language},
                     {"text", m_ui->text},
                     {"controls", controls},
                     {"card", m_ui->card.empty() ? json(nullptr) : json(m_ui->card)},
                     {"list_open", m_ui->listOpen},
                     {"captions", m_ui->captions},
                     {"follow", m_ui->follow},
                     {"volume", m_ui->volume},
                     {"muted", m_ui->muted},
                     {"scale", m_ui->scale},
                     {"high_contrast", m_ui->highContrast},
                     {"reduced_motion", m_ui->reducedMotion},
                     {"picture", m_ui->picture.empty() ? json(nullptr) : json(m_ui->picture)},
                     {"missing_glyphs", m_ui->missingGlyphs},
                     {"camera", m_ui->camera},
                     {"touch_pad", m_ui->touchPad},
                     {"keyboard", m_ui->keyboard},
                     {"focus", m_ui->focus.empty() ? json(nullptr) : json(m_ui->focus)},
                     {"gamepad", m_ui->gamepad},
                     {"scale_effective", m_ui->uiScaleEffective}};
    }
    if (m_curator) {
        doc["curator"] = {{"hotspots", m_curator->hotspots},
                          {"cues", m_curator->cues},
                          {"undo_steps", m_curator->undoSteps},
                          {"saves", m_curator->saves},
                          {"failed_saves", m_curator->failedSaves},
                          {"autosaves", m_curator->autosaves},
                          {"unsaved", m_curator->unsaved},
                          {"saved_folder", m_curator->savedFolder},
                          {"last_error", m_curator->lastError},
                          {"selected", m_curator->selected},
                          {"fired", m_curator->fired},
                          {"answers", m_curator->answers},
                          {"waveform_peaks", m_curator->waveformPeaks},
                          {"waveform_max", m_curator->waveformMax}};
    }
    if (m_kiosk) {
        doc["kiosk"] = {{"state", m_kiosk->state},
                        {"history", m_kiosk->history},
                        {"resets", m_kiosk->resets},
                        {"live_joins", m_kiosk->liveJoins},
                        {"streams",
                         {{"opened", m_kiosk->streams.opened},
                          {"losses", m_kiosk->streams.losses},
                          {"reconnects", m_kiosk->streams.reconnects},
                          {"restarts", m_kiosk->streams.restarts},
                          {"presented", m_kiosk->streams.presented},
                          {"dropped", m_kiosk->streams.dropped}}},
                        {"live", m_kiosk->live},
                        {"safe_mode", m_kiosk->safeMode},
                        {"pin_pad", m_kiosk->pinPad},
                        {"exit", m_kiosk->exit.empty() ? json(nullptr) : json(m_kiosk->exit)}};
    }
    doc["watchdog_pings"] = m_watchdogPings;
    doc["stop_signal"] = m_stopSignal == 0 ? json(nullptr) : json(m_stopSignal);
    doc["resources"] = json::array();
    for (const ResourceSample& r : m_resources) {
        doc["resources"].push_back(
            {{"seconds", rounded(r.seconds)},
             {"rss_mb", rounded(r.rssMb)},
             {"fds", r.fds},
             {"threads", r.threads},
             {"heap_mb", r.heapMb < 0 ? json(nullptr) : json(rounded(r.heapMb))}});
    }
    doc["cues"] = json::array();
    for (const FiredCue& cue : m_cues) {
        doc["cues"].push_back({{"hotspot", cue.hotspot.empty() ? json(nullptr) : json(cue.hotspot)},
                               {"cue_pts", std::round(cue.cuePts * 1e6) / 1e6},
                               {"frame_pts", std::round(cue.framePts * 1e6) / 1e6}});
    }
    json quality = {{"mode", m_quality.automatic ? "auto" : "fixed"},
                    {"level", m_quality.level},
                    {"render_scale", rounded(m_quality.renderScale)},
                    {"msaa", m_quality.msaa}};
    if (m_quality.automatic) {
        quality["target_ms"] = rounded(m_quality.targetMs);
        quality["changes"] = m_quality.changes;
        json seconds = json::object();
        for (const auto& [level, s] : m_quality.secondsAt) {
            seconds[level] = rounded(s);
        }
        quality["seconds_at"] = std::move(seconds);
    }
    doc["quality"] = std::move(quality);
    doc["textures"] = {{"progressive", m_streaming.progressive},
                       {"images", m_streaming.images},
                       {"waiting_at_first_frame", m_streaming.waitingAtFirstFrame},
                       {"all_in_ms", rounded(m_streaming.allInMs)},
                       {"longest_frame_ms", rounded(m_streaming.longestFrameMs)}};
    doc["render"] = {
        {"renderer", m_renderer},
        {"width", m_width},
        {"height", m_height},
        {"model", m_model},
        {"triangles", m_triangles},
        {"instances", m_instances},
        {"draw_calls", m_drawCalls},
        {"triangles_drawn", m_trianglesDrawn},
        {"coarser_draws", m_coarserDraws},
        {"gpu_texture_mb", rounded(static_cast<double>(m_gpu.textureBytes) / 1048576.0)},
        {"gpu_geometry_mb", rounded(static_cast<double>(m_gpu.geometryBytes) / 1048576.0)},
        {"gpu_target_mb", rounded(static_cast<double>(m_gpu.targetBytes) / 1048576.0)},
        {"gpu_budget_mb", rounded(static_cast<double>(m_gpu.budgetBytes) / 1048576.0)},
        {"textures_reduced", m_gpu.texturesReduced},
        {"texture_levels_dropped", m_gpu.textureLevelsDropped}};
    return doc.dump(2) + "\n";
}

bool RunStats::write(const std::string& path, std::string& error) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        error = path + ": cannot write the stats file";
        return false;
    }
    out << toJson();
    out.close();
    if (!out) {
        error = path + ": writing the stats file failed";
        return false;
    }
    return true;
}

bool RunStats::writeFrameTimes(const std::string& path, std::string& error) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        error = path + ": cannot write the frame times";
        return false;
    }
    char line[32];
    for (const double ms : m_frameMs) {
        std::snprintf(line, sizeof line, "%.3f\n", ms);
        out << line;
    }
    out.close();
    if (!out) {
        error = path + ": writing the frame times failed";
        return false;
    }
    return true;
}

} // namespace docent::app
