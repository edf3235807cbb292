// Saving a file durably: old or new content after a kill, a full disk or a read-only folder,
// never a mix, never nothing. The disk cases mount a small tmpfs, which needs root (the test
// machines have it); elsewhere they say so and stop.

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>

#include <catch2/catch.hpp>

#include "hotspots/DurableFile.h"
#include "support/Programs.h"
#include "support/TestPaths.h"
#include "support/TmpfsMount.h"

namespace fs = std::filesystem;
using docent::hotspots::writeFileDurably;
using docent::test::TmpfsMount;

namespace {

constexpr int kKillRounds = 100;           // kill -9 mid-save this many times
constexpr int kMaxKillDelayMicros = 20000; // the child saves for 0-20 ms before it is killed
constexpr const char* kSmallDisk = "size=256k";

// A comparison that prints a verdict, not a few hundred KB, when it fails.
bool holds(const fs::path& path, const std::string& expected) {
    return docent::test::readBytes(path) == expected;
}

int leftoverTemporaries(const fs::path& dir) {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        count += entry.path().filename().string().find(".tmp-") != std::string::npos;
    }
    return count;
}

// A JSON text of about `bytes` bytes, each version recognisably different.
std::string jsonOfSize(std::size_t bytes, char fill) {
    return "{\"version\": 1, \"fill\": \"" + std::string(bytes, fill) + "\"}\n";
}

} // namespace

TEST_CASE("a durable save creates, replaces and keeps the previous version", "[durable]") {
    const fs::path dir = docent::test::freshOutputDir("durable-basic");
    const fs::path path = dir / "scene.json";
    const fs::path backup = dir / "scene.json.bak";
    std::string error;

    REQUIRE(writeFileDurably(path, "one", error));
    CHECK(docent::test::readBytes(path) == "one");
    CHECK_FALSE(fs::exists(backup)); // nothing to keep on the first save
    REQUIRE(writeFileDurably(path, "two", error));
    CHECK(docent::test::readBytes(path) == "two");
    CHECK(docent::test::readBytes(backup) == "one");
    REQUIRE(writeFileDurably(path, "three", error));
    CHECK(docent::test::readBytes(backup) == "two");
    REQUIRE(writeFileDurably(path, "four", error, false));
    CHECK(docent::test::readBytes(path) == "four");
    CHECK(docent::test::readBytes(backup) == "two"); // no backup asked for: the last one stays
    CHECK(leftoverTemporaries(dir) == 0);

    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK((st.st_mode & 0777) == (0644 & ~mask));
}

TEST_CASE("a durable save into a missing folder names the file and the reason", "[durable]") {
    const fs::path path =
        docent::test::freshOutputDir("durable-missing") / "no-such-folder" / "scene.json";
    std::string error;
    CHECK_FALSE(writeFileDurably(path, "{}", error));
    CHECK(error == path.string() + ": cannot save: No such file or directory");
    CHECK_FALSE(fs::exists(path.parent_path()));
}

TEST_CASE("a save killed at any moment leaves the old or the new file, never a mix", "[durable]") {
    const fs::path dir = docent::test::freshOutputDir("durable-kill");
    const fs::path path = dir / "hotspots.json";
    // Different sizes and contents: a torn file cannot pass for either.
    const std::string a = jsonOfSize(300 * 1024, 'a');
    const std::string b = jsonOfSize(450 * 1024, 'b');
    std::string error;
    REQUIRE(writeFileDurably(path, a, error));

    const unsigned seed = std::random_device{}();
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay(0, kMaxKillDelayMicros);
    INFO("seed " << seed);
    for (int round = 0; round < kKillRounds; ++round) {
        INFO("round " << round);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive a test runner that died
            std::string childError;
            for (unsigned n = 0;; ++n) {
                writeFileDurably(path, n % 2 == 0 ? b : a, childError);
            }
        }
        std::this_thread::sleep_for(std::chrono::microseconds(delay(random)));
        ::kill(child, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);

        const std::string now = docent::test::readBytes(path);
        INFO("the file holds " << now.size() << " bytes (a: " << a.size() << ", b: " << b.size()
                               << ")");
        REQUIRE(fs::exists(path));
        REQUIRE((now == a || now == b));
        if (fs::exists(dir / "hotspots.json.bak")) {
            const std::string backup = docent::test::readBytes(dir / "hotspots.json.bak");
            REQUIRE((backup == a || backup == b));
        }
        // A killed save leaves at most its own temporary file; the next one writes another
        // name (its own process id), so clear it to count each round alone.
        REQUIRE(leftoverTemporaries(dir) <= 1);
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
                fs::remove(entry.path());
            }
        }
    }
}

TEST_CASE("a save onto a full disk fails with the reason and keeps the old file", "[durable]") {
    TmpfsMount disk(docent::test::outputDir("durable-full-disk"), kSmallDisk);
    if (!disk.error().empty()) {
        DOCENT_SKIP("cannot mount a small tmpfs here (" << disk.error()
                                                        << "; needs root with CAP_SYS_ADMIN)");
    }
    const fs::path path = disk.path() / "hotspots.json";
    const std::string older = jsonOfSize(16 * 1024, 'o');
    const std::string old = jsonOfSize(48 * 1024, 'p');
    const std::string bigger = jsonOfSize(128 * 1024, 'q');
    std::string error;
    REQUIRE(writeFileDurably(path, older, error));
    REQUIRE(writeFileDurably(path, old, error));

    // Fill what is left with another file.
    const fs::path filler = disk.path() / "filler";
    {
        const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        REQUIRE(fd >= 0);
        const std::string block(4096, 'f');
        int blocks = 0;
        while (blocks < 1024 && ::write(fd, block.data(), block.size()) > 0) {
            ++blocks;
        }
        CHECK(errno == ENOSPC);
        ::close(fd);
    }

    CHECK_FALSE(writeFileDurably(path, bigger, error));
    CHECK(error == path.string() + ": cannot save: No space left on device");
    CHECK(holds(path, old));
    CHECK(holds(disk.path() / "hotspots.json.bak", older));
    CHECK(leftoverTemporaries(disk.path()) == 0);

    fs::remove(filler);
    CHECK(writeFileDurably(path, bigger, error));
    CHECK(holds(path, bigger));
    CHECK(holds(disk.path() / "hotspots.json.bak", old));
}

TEST_CASE("a save into a read-only folder fails with the reason and keeps the old file",
          "[durable]") {
    // Root writes through file modes, so the folder is made read-only by its mount.
    TmpfsMount disk(docent::test::outputDir("durable-read-only"), kSmallDisk);
    if (!disk.error().empty()) {
        DOCENT_SKIP("cannot mount a small tmpfs here (" << disk.error()
                                                        << "; needs root with CAP_SYS_ADMIN)");
    }
    const fs::path path = disk.path() / "scene.json";
    std::string error;
    REQUIRE(writeFileDurably(path, "{\"version\": 1}\n", error));
    REQUIRE(disk.remountReadOnly());

    CHECK_FALSE(writeFileDurably(path, "{\"version\": 2}\n", error));
    CHECK(error == path.string() + ": cannot save: Read-only file system");
    CHECK(docent::test::readBytes(path) == "{\"version\": 1}\n");

    const fs::path elsewhere =
        docent::test::freshOutputDir("durable-read-only-elsewhere") / "scene.json";
    CHECK(writeFileDurably(elsewhere, "{\"version\": 2}\n", error));
    CHECK(docent::test::readBytes(elsewhere) == "{\"version\": 2}\n");
}
