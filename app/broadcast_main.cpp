// docent-broadcast: the producer's tool. It sends the guide's video and voice -- an encoded
// recording, any file FFmpeg decodes, a camera (libavdevice) or a generated test pattern -- with
// the tour's cues muxed in (a timed-ID3 stream, docs/CUE_FORMAT.md) to one or more of: a .ts file,
// UDP, SRT, an HLS folder; and reports every cue it sent. H.264 + AAC sources are copied, others
// re-encoded. While it runs, typing a hotspot id and Enter on standard input (--keys) fires that
// cue live ("-" for none), and so does the producer console through --control (CueControl.h).
//
// Exit codes as docent: 0 done, 1 bad input (the source, the script or an output), 2 usage.

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "CueControl.h"
#include "Log.h"
#include "Options.h"
#include "streaming/Broadcaster.h"
#include "streaming/CueScan.h"

namespace {

docent::streaming::Broadcaster* g_broadcaster = nullptr;

void onSignal(int) {
    if (g_broadcaster) {
        g_broadcaster->stop();
    }
}

constexpr int kTestPatternFps = 25; // frames per second of --test-pattern

} // namespace

int main(int argc, char** argv) {
    using namespace docent;
    CLI::App cli{"Sends the guide's broadcast with its cues (timed ID3 in MPEG-TS).",
                 "docent-broadcast"};
    streaming::BroadcastOptions options;
    std::string script;
    std::string camera;
    std::string testPattern;
    bool keys = false;
    std::string control;
    cli.add_option("SOURCE", options.source,
                   "The guide's video and voice: a recording (H.264 + AAC is sent as it is, "
                   "anything else FFmpeg decodes is re-encoded), or a device with --format");
    cli.add_option("--format", options.inputFormat,
                   "Read SOURCE with this FFmpeg input format or capture device (v4l2, alsa, "
                   "pulse, lavfi, ...)");
    cli.add_option("--camera", camera, "Capture from a camera (Video4Linux2), e.g. /dev/video0");
    cli.add_option("--test-pattern", testPattern,
                   "Send generated test video (moving pattern, frame counter) and a 440 Hz tone "
                   "of this size, e.g. 1280x720")
        ->check([](const std::string& size) {
            int w = 0;
            int h = 0;
            char x = 0;
            std::istringstream in(size);
            return (in >> w >> x >> h) && x == 'x' && w >= 16 && h >= 16 && w <= 7680 &&
                           h <= 4320 && in.peek() == EOF
                       ? std::string()
                       : "expected WIDTHxHEIGHT, e.g. 1280x720";
        });
    cli.add_option("--out", options.outputs,
                   "Where to send (repeat for several): FILE.ts, udp://HOST:PORT, "
                   "srt://HOST:PORT[?mode=listener], hls:FOLDER")
        ->required();
    cli.add_option("--cues", script,
                   "Cue script: one 'SECONDS HOTSPOT-ID' per line, '-' for none (default: the "
                   "cues a recording carries, if any)");
    cli.add_flag("--encode", options.encode, "Re-encode as H.264 + AAC even what already is");
    cli.add_option("--duration", options.durationSeconds,
                   "Stop after SECONDS of media (a camera or test pattern runs until stopped)")
        ->check(CLI::PositiveNumber);
    cli.add_flag("--realtime", options.realtime,
                 "Send at the media's own pace (always for udp:// and srt://)");
    std::string logLevel = "info";
    std::string logFile = "none";
    cli.add_option("--log-level", logLevel, "Messages shown: error, warning, info (default), debug")
        ->check(CLI::IsMember({"error", "warning", "info", "debug"}));
    cli.add_option("--log-file", logFile, "Also log to FILE (default: none)");
    cli.add_flag("--keys", keys, "Fire cues typed on standard input (a hotspot id per line)");
    cli.add_option("--control", control,
                   "Fire cues sent by docent's producer console to udp://127.0.0.1:PORT (this "
                   "machine only)");
    cli.add_option("--repeat", options.repeatSeconds,
                   "Repeat the current cue every SECONDS for late joiners (default 2)")
        ->check(CLI::Range(0.1, 60.0));
    try {
        cli.parse(argc, argv);
        const int sources =
            !options.source.empty() + !camera.empty() + static_cast<int>(!testPattern.empty());
        if (sources != 1) {
            throw CLI::ValidationError("SOURCE",
                                       "give exactly one of SOURCE, --camera, --test-pattern");
        }
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? app::kExitOk : app::kExitUsage;
    }
    app::log::start(logLevel, logFile, "docent-broadcast");
    if (!camera.empty()) {
        options.source = camera;
        options.inputFormat = "v4l2";
    } else if (!testPattern.empty()) {
        const auto x = testPattern.find('x');
        options.source =
            streaming::testPatternGraph(std::stoi(testPattern.substr(0, x)),
                                        std::stoi(testPattern.substr(x + 1)), kTestPatternFps);
        options.inputFormat = "lavfi";
    }
    if (!script.empty()) {
        std::ifstream in(script);
        if (!in) {
            app::log::error("%s: cannot read the cue script\n", script.c_str());
            return app::kExitBadInput;
        }
        std::ostringstream text;
        text << in.rdbuf();
        std::string error;
        if (!streaming::parseCueScript(text.str(), script, options.cues, error)) {
            app::log::error("%s\n", error.c_str());
            return app::kExitBadInput;
        }
    } else if (!keys && control.empty() && options.inputFormat.empty()) {
        // A recording that carries its own cue track (a replay of a tour) is sent with its cues,
        // re-timed and repeated as live ones.
        std::string problem;
        if (streaming::scanCueTrack(options.source, options.cues, problem) &&
            !options.cues.empty()) {
            app::log::info("sending the %zu cue changes recorded in %s", options.cues.size(),
                           options.source.c_str());
        } else {
            options.cues.clear();
        }
    }

    streaming::Broadcaster broadcaster(options);
    broadcaster.onSent = [](const streaming::ScriptedCue& cue) {
        app::log::info("cue at %.3f s: %s\n", cue.seconds,
                       cue.hotspot ? cue.hotspot->c_str() : "(none)");
        std::fflush(stdout);
    };
    g_broadcaster = &broadcaster;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    if (keys) {
        std::thread([&broadcaster] {
            std::string line;
            while (std::getline(std::cin, line)) {
                if (!line.empty()) {
                    broadcaster.fire(line == "-" ? std::nullopt : std::optional<std::string>(line));
                }
            }
        }).detach();
    }
    app::CueControlServer controlServer;
    std::thread controlThread;
    if (!control.empty()) {
        std::string problem;
        if (!controlServer.open(control, problem)) {
            app::log::error("%s\n", problem.c_str());
            return app::kExitBadInput;
        }
        app::log::info("taking cues from the producer console on %s\n", control.c_str());
        controlThread = std::thread([&] {
            controlServer.serve(
                [&](const std::optional<std::string>& hotspot) { broadcaster.fire(hotspot); });
        });
    }
    streaming::BroadcastReport report;
    std::string error;
    const bool sent = broadcaster.run(report, error);
    if (controlThread.joinable()) {
        controlServer.stop();
        controlThread.join();
    }
    for (const std::string& lost : report.lostOutputs) {
        app::log::warning("output dropped: %s\n", lost.c_str());
    }
    if (!sent) {
        app::log::error("%s\n", error.c_str());
        return app::kExitBadInput;
    }
    std::string destinations;
    for (const std::string& out : options.outputs) {
        destinations += (destinations.empty() ? "" : ", ") + out;
    }
    app::log::info("sent %.1f s of media (%s) to %s: %d video, %d audio and %d "
                   "cue packets (%zu cue changes)\n",
                   report.mediaSeconds, report.encoded ? "re-encoded as H.264 + AAC" : "copied",
                   destinations.c_str(), report.videoPackets, report.audioPackets,
                   report.cuePackets, report.sent.size());
    return app::kExitOk;
}
