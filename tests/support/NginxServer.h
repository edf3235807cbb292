#pragma once
// nginx, from Debian's package, serving a folder over HTTP on 127.0.0.1: the web server a venue
// would put in front of an HLS folder. Started by the test that needs it (a private config,
// prefix and logs under build/test-output/nginx-PID, one process, no root needed) and stopped
// by the destructor. Construct and destroy on the test thread; failure to start fails the test
// (Catch REQUIRE) with nginx's own error log.

#include <filesystem>
#include <memory>
#include <string>

#include "support/Programs.h"

namespace docent::test {

class NginxServer {
public:
    // Plain HTTP, or HTTPS with a certificate made for the test (self-signed for 127.0.0.1,
    // which no client that verifies certificates accepts).
    enum class Scheme { Http, HttpsSelfSigned };
    explicit NginxServer(const std::filesystem::path& root, Scheme scheme = Scheme::Http);
    // nginx with a configuration of the test's own (which listens on 127.0.0.1:port, runs in the
    // foreground as one process and keeps its pid and logs under prefix).
    NginxServer(const std::filesystem::path& config, int port, const std::filesystem::path& prefix);
    ~NginxServer();
    NginxServer(const NginxServer&) = delete;
    NginxServer& operator=(const NginxServer&) = delete;

    std::string url(const std::string& path) const; // http(s)://127.0.0.1:PORT/path

private:
    void start(const std::filesystem::path& config, const std::filesystem::path& errorLog);

    std::filesystem::path m_prefix;
    int m_port = 0;
    Scheme m_scheme = Scheme::Http;
    std::unique_ptr<ChildProcess> m_process;
};

} // namespace docent::test
