#include "support/NginxServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "support/TestPaths.h"

namespace docent::test {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(10);

bool accepts(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
}

fs::path nginxBinary() {
    for (const char* candidate : {"/usr/sbin/nginx", "/usr/local/sbin/nginx"}) {
        if (fs::exists(candidate)) {
            return candidate;
        }
    }
    return {};
}

} // namespace

NginxServer::NginxServer(const fs::path& root, Scheme scheme) : m_scheme(scheme) {
    m_prefix = outputDir("nginx-" + std::to_string(::getpid()));
    fs::create_directories(m_prefix / "temp");
    m_port = freeTcpPort();
    std::string tls;
    if (scheme == Scheme::HttpsSelfSigned) {
        const fs::path key = m_prefix / "server.key";
        const fs::path cert = m_prefix / "server.crt";
        const std::string command =
            "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
            "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
            key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
        INFO("openssl comes from Debian's openssl package (scripts/install-deps.sh)");
        REQUIRE(std::system(command.c_str()) == 0);
        tls = " ssl;\n        ssl_certificate " + cert.string() +
              ";\n        ssl_certificate_key " + key.string();
    }
    const fs::path config = m_prefix / "nginx.conf";
    const fs::path errorLog = m_prefix / "error.log";
    const std::string temp = (m_prefix / "temp").string();
    {
        std::ofstream out(config);
        out << "daemon off;\nmaster_process off;\nworker_processes 1;\n"
            << "error_log " << errorLog.string() << " warn;\n"
            << "pid " << (m_prefix / "nginx.pid").string() << ";\n"
            << "events { worker_connections 64; }\n"
            << "http {\n"
            << "    access_log off;\n"
            << "    client_body_temp_path " << temp << "/body;\n"
            << "    proxy_temp_path " << temp << "/proxy;\n"
            << "    fastcgi_temp_path " << temp << "/fastcgi;\n"
            << "    uwsgi_temp_path " << temp << "/uwsgi;\n"
            << "    scgi_temp_path " << temp << "/scgi;\n"
            << "    types {\n"
            << "        application/vnd.apple.mpegurl m3u8;\n"
            << "        video/mp2t ts;\n"
            << "    }\n"
            << "    default_type application/octet-stream;\n"
            << "    server {\n"
            << "        listen 127.0.0.1:" << m_port << tls << ";\n"
            << "        root " << fs::absolute(root).string() << ";\n"
            << "    }\n"
            << "}\n";
    }
    start(config, errorLog);
}

NginxServer::NginxServer(const fs::path& config, int port, const fs::path& prefix)
    : m_prefix(prefix), m_port(port) {
    start(config, prefix / "error.log");
}

void NginxServer::start(const fs::path& config, const fs::path& errorLog) {
    const fs::path binary = nginxBinary();
    INFO("nginx comes from Debian's nginx package (scripts/install-deps.sh installs it)");
    REQUIRE_FALSE(binary.empty());
    m_process = std::make_unique<ChildProcess>(std::vector<std::string>{
        binary.string(), "-p", m_prefix.string(), "-e", errorLog.string(), "-c", config.string()});
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (!accepts(m_port)) {
        if (m_process->exited() || std::chrono::steady_clock::now() > deadline) {
            INFO("nginx did not start; its error log: " << readBytes(errorLog));
            REQUIRE(false);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

NginxServer::~NginxServer() {
    m_process.reset(); // SIGKILL and reap: nothing of it outlives the test
}

std::string NginxServer::url(const std::string& path) const {
    return std::string(m_scheme == Scheme::Http ? "http" : "https") +
           "://127.0.0.1:" + std::to_string(m_port) + "/" + path;
}

} // namespace docent::test
