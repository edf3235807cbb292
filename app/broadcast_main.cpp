// docent-broadcast: the producer's tool. It sends an encoded recording or encoder output (H.264 +
// AAC) with the tour's cues muxed in (a timed-ID3 stream, docs/CUE_FORMAT.md) to a .ts file, UDP,
// SRT or an HLS folder, and reports every cue it sent. While it runs, typing a hotspot id and
// Enter on standard input fires that cue live ("-" for none).
//
// Exit codes as docent: 0 done, 1 bad input (the source, the script or the output), 2 usage.

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "Options.h"
#include "streaming/Broadcaster.h"

namespace {

docent::streaming::Broadcaster* g_broadcaster = nullptr;

void onSignal(int) {
    if (g_broadcaster) {
        g_broadcaster->stop();
    }
}

} // namespace

int main(int argc, char** argv) {
    using namespace docent;
    CLI::App cli{"Sends the guide's broadcast with its cues (timed ID3 in MPEG-TS).",
                 "docent-broadcast"};
    streaming::BroadcastOptions options;
    std::string script;
    bool keys = false;
    cli.add_option("SOURCE", options.source, "An encoded recording (H.264 video, AAC audio)")
        ->required();
    cli.add_option("--out", options.output,
                   "Where to send: FILE.ts, udp://HOST:PORT, srt://HOST:PORT[?mode=listener], "
                   "hls:FOLDER")
        ->required();
    cli.add_option("--cues", script, "Cue script: one 'SECONDS HOTSPOT-ID' per line, '-' for none");
    cli.add_flag("--realtime", options.realtime,
                 "Send at the media's own pace (always for udp:// and srt://)");
    cli.add_flag("--keys", keys, "Fire cues typed on standard input (a hotspot id per line)");
    cli.add_option("--repeat", options.repeatSeconds,
                   "Repeat the current cue every SECONDS for late joiners (default 2)")
        ->check(CLI::Range(0.1, 60.0));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? app::kExitOk : app::kExitUsage;
    }
    if (!script.empty()) {
        std::ifstream in(script);
        if (!in) {
            std::fprintf(stderr, "docent-broadcast: %s: cannot read the cue script\n",
                         script.c_str());
            return app::kExitBadInput;
        }
        std::ostringstream text;
        text << in.rdbuf();
        std::string error;
        if (!streaming::parseCueScript(text.str(), script, options.cues, error)) {
            std::fprintf(stderr, "docent-broadcast: %s\n", error.c_str());
            return app::kExitBadInput;
        }
    }

    streaming::Broadcaster broadcaster(options);
    broadcaster.onSent = [](const streaming::ScriptedCue& cue) {
        std::printf("docent-broadcast: cue at %.3f s: %s\n", cue.seconds,
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
    streaming::BroadcastReport report;
    std::string error;
    if (!broadcaster.run(report, error)) {
        std::fprintf(stderr, "docent-broadcast: %s\n", error.c_str());
        return app::kExitBadInput;
    }
    std::printf("docent-broadcast: sent %.1f s of media to %s: %d video, %d audio and %d cue "
                "packets (%zu cue changes)\n",
                report.mediaSeconds, options.output.c_str(), report.videoPackets,
                report.audioPackets, report.cuePackets, report.sent.size());
    return app::kExitOk;
}
