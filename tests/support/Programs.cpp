#include "support/Programs.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>

#include <catch2/catch.hpp>

#include "support/TestPaths.h"

extern char** environ;

namespace docent::test {

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

Outcome runDocent(const std::string& arguments, const std::string& environment) {
    return runProgram("docent", arguments, environment);
}

Outcome runProgram(const std::string& name, const std::string& arguments,
                   const std::string& environment) {
    // Every run starts like a first run in English: its own empty config folder (no saved
    // settings of the developer's) and a neutral locale. A test's own assignments come after
    // these, so they win.
    const std::string isolation =
        "LC_ALL= LC_MESSAGES= LANG=C.UTF-8 XDG_CONFIG_HOME=" +
        shellQuote(outputDir("config-" + std::to_string(::getpid())).string()) +
        " XDG_STATE_HOME=" + shellQuote(outputDir("state-" + std::to_string(::getpid())).string()) +
        " ";
    const std::string command = isolation + environment + " " +
                                shellQuote((binaryDir() / "bin" / name).string()) + " " +
                                arguments + " 2>&1";
    Outcome outcome;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        outcome.output.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
}

nlohmann::json readJson(const std::filesystem::path& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

std::string readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const int rc = posix_spawnp(&m_pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
}

ChildProcess::~ChildProcess() {
    kill();
}

void ChildProcess::kill() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_pid = -1;
    }
}

int ChildProcess::stop(int signal, std::chrono::milliseconds patience) {
    if (m_pid <= 0) {
        return -1;
    }
    ::kill(m_pid, signal);
    const auto until = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill();
    return -1;
}

bool ChildProcess::exited() {
    if (m_pid <= 0) {
        return true;
    }
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return true;
    }
    return false;
}

namespace {

int freePort(int type) {
    const int fd = socket(AF_INET, type, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    close(fd);
    return ntohs(address.sin_port);
}

} // namespace

int freeUdpPort() {
    return freePort(SOCK_DGRAM);
}

int freeTcpPort() {
    return freePort(SOCK_STREAM);
}

} // namespace docent::test
