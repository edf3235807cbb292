#pragma once

// Running programs from tests: the real `docent` executable (as users, kiosks and benchmarks
// run it) and helper processes such as an ffmpeg loopback stream source.
// Test thread only; a failure to start a program fails the test (Catch REQUIRE).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docent::test {

struct Outcome {
    int exitCode = -1;  // -1 when killed by a signal
    std::string output; // stdout and stderr together
};

// Single-quotes s for the shell.
std::string shellQuote(const std::string& s);

// Runs build/bin/docent with arguments (shell syntax, already quoted) and environment
// assignments in front ("VAR=value ..."), waits for it and returns what it printed. Runs are
// isolated from the machine's user: LANG=C.UTF-8 and a config folder of the test process
// (XDG_CONFIG_HOME) unless environment says otherwise.
Outcome runDocent(const std::string& arguments, const std::string& environment = {});
// The same for another program of the build (build/bin/NAME).
Outcome runProgram(const std::string& name, const std::string& arguments,
                   const std::string& environment = {});

nlohmann::json readJson(const std::filesystem::path& path);
// A file's bytes ("" when it cannot be read).
std::string readBytes(const std::filesystem::path& path);

// A child process started from an argument vector (PATH searched), its output discarded.
// The destructor kills it (SIGKILL) and reaps it.
class ChildProcess {
public:
    explicit ChildProcess(const std::vector<std::string>& argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // SIGKILL and reap; idempotent.
    void kill();
    // Sends `signal` and waits up to `patience` for the process to end: its exit status, or -1
    // when a signal ended it or it was still running (then it is killed).
    int stop(int signal, std::chrono::milliseconds patience);
    bool running() const { return m_pid > 0; }
    // True once the process has ended by itself (reaped here; running() is then false).
    bool exited();

private:
    pid_t m_pid = -1;
};

// A UDP port on 127.0.0.1 that nothing was bound to a moment ago.
int freeUdpPort();
// The same for TCP.
int freeTcpPort();

} // namespace docent::test
