// Runs the real `docent` executable the way users, kiosks and benchmarks do, and checks what
// they rely on: exit codes, messages that name the problem, the screenshot and the --stats file.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/Image.h"
#include "support/Programs.h"
#include "support/TestPaths.h"

namespace fs = std::filesystem;

namespace {

using docent::test::readJson;
using docent::test::runDocent;
const auto& quote = docent::test::shellQuote;

using docent::test::readBytes;

} // namespace

TEST_CASE("docent --help and --version work and exit 0", "[app][cli]") {
    const auto help = runDocent("--help");
    CHECK(help.exitCode == 0);
    CHECK(help.output.find("--screenshot") != std::string::npos);
    CHECK(help.output.find("--camera") != std::string::npos);
    const auto version = runDocent("--version");
    CHECK(version.exitCode == 0);
    CHECK(version.output.rfind("docent ", 0) == 0);
}

TEST_CASE("usage errors exit 2 and say what is wrong", "[app][cli]") {
    CHECK(runDocent("--no-such-flag").exitCode == 2);
    const auto size = runDocent("--headless --size 12x");
    CHECK(size.exitCode == 2);
    CHECK(size.output.find("--size") != std::string::npos);
    const auto camera = runDocent("--headless --camera 1,2,3");
    CHECK(camera.exitCode == 2);
    CHECK(camera.output.find("--camera") != std::string::npos);
    CHECK(runDocent("--headless --frames 0").exitCode == 2);
    CHECK(runDocent("--headless --frames 1 --fps 0").exitCode == 2);
    // A recording needs whole frames a second; long fractional steps are for soaks.
    const auto record = runDocent("--headless --frames 1 --fps 0.5 --record /tmp/x.mp4");
    CHECK(record.exitCode == 2);
    CHECK(record.output.find("whole number of frames per second") != std::string::npos);
    CHECK(runDocent("--headless --size 64x36 --frames 2 --fps 0.5").exitCode == 0);
}

TEST_CASE("a missing scene is bad input: exit 1, named, and the stats file says so", "[app][cli]") {
    const fs::path dir = docent::test::outputDir("cli-missing");
    const fs::path stats = dir / "stats.json";
    fs::remove(stats);
    const auto run = runDocent("--headless /no/such/gallery.glb --stats " + quote(stats.string()));
    CHECK(run.exitCode == 1);
    CHECK(run.output.find("/no/such/gallery.glb") != std::string::npos);
    const auto doc = readJson(stats);
    REQUIRE(doc["error"].is_string());
    CHECK(doc["error"].get<std::string>().find("/no/such/gallery.glb") != std::string::npos);
    CHECK(doc["frames"] == 0);
}

TEST_CASE("a broken glTF is bad input with a one-line reason", "[app][cli]") {
    const fs::path dir = docent::test::outputDir("cli-broken");
    const fs::path model = dir / "broken.gltf";
    std::ofstream(model)
        << R"({"asset":{"version":"2.0"},"buffers":[{"uri":"../../secret.bin","byteLength":4}]})";
    const auto run = runDocent("--headless " + quote(model.string()));
    CHECK(run.exitCode == 1);
    CHECK(run.output.find(model.string()) != std::string::npos);
    CHECK(run.output.find("leaves the asset's folder") != std::string::npos);
}

TEST_CASE("a required extension docent lacks is refused as unsupported", "[app][cli]") {
    // KTX2 textures: Debian 12 has no BasisU decoder.
    const fs::path model = docent::test::outputDir("cli-basisu") / "ktx2-only.gltf";
    std::ofstream(model) << R"({"asset": {"version": "2.0"},
        "extensionsUsed": ["KHR_texture_basisu"], "extensionsRequired": ["KHR_texture_basisu"]})";
    const auto run = runDocent("--headless " + quote(model.string()));
    CHECK(run.exitCode == 1);
    CHECK(run.output.find(model.string()) != std::string::npos);
    CHECK(run.output.find("unsupported extension KHR_texture_basisu") != std::string::npos);
}

TEST_CASE("a Draco-compressed scan opens like any other model", "[app][cli][gl]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const fs::path stats = docent::test::outputDir("cli-draco") / "stats.json";
    const auto run =
        runDocent("--headless --size 160x90 --frames 1 --stats " + quote(stats.string()) + " " +
                  quote((ref / "models/Duck/glTF-Draco/Duck.gltf").string()));
    INFO(run.output);
    CHECK(run.exitCode == 0);
    CHECK(readJson(stats)["render"]["triangles"].get<int>() > 4000);
}

TEST_CASE("a progressive run shows the geometry first and ends on the fully textured picture",
          "[app][cli][gl][progressive]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const std::string helmet = (ref / "models/DamagedHelmet/glTF/DamagedHelmet.gltf").string();
    const fs::path dir = docent::test::outputDir("cli-progressive");
    const auto shoot = [&](const std::string& name, const std::string& flags) {
        const fs::path shot = dir / (name + ".png");
        const fs::path stats = dir / (name + ".json");
        fs::remove(shot);
        const auto run = runDocent("--headless --size 320x180 --frames 4 --no-ui " + flags +
                                   " --screenshot " + quote(shot.string()) + " --stats " +
                                   quote(stats.string()) + " " + quote(helmet));
        INFO(run.output);
        REQUIRE(run.exitCode == 0);
        const auto image = docent::engine::readImageFile(shot.string());
        REQUIRE(image.ok());
        return std::make_pair(image.image, readJson(stats));
    };
    const auto [whole, wholeStats] = shoot("whole", "");
    const auto [progressive, progressiveStats] = shoot("progressive", "--progressive");
    CHECK_FALSE(wholeStats["textures"]["progressive"].get<bool>());
    CHECK(wholeStats["textures"]["images"] == 0);
    const auto textures = progressiveStats["textures"];
    CHECK(textures["progressive"].get<bool>());
    CHECK(textures["images"] == 5);
    // Five 2048x2048 JPEGs take far longer to decode than the first frame does to come, and a
    // frame uploads one full-size texture (more only while they take under 6 ms).
    CHECK(textures["waiting_at_first_frame"].get<int>() >= 1);
    CHECK(textures["all_in_ms"].get<double>() > 0.0);
    CHECK(textures["longest_frame_ms"].get<double>() > 0.0);
    CHECK(whole.pixels == progressive.pixels);
}

TEST_CASE("a GPU budget (--gpu-budget) lowers texture mips to fit, or refuses too much geometry",
          "[app][cli][gl]") {
    DOCENT_REQUIRE_GLTF_REF(ref);
    const std::string helmet = (ref / "models/DamagedHelmet/glTF/DamagedHelmet.gltf").string();
    const fs::path stats = docent::test::outputDir("cli-gpu-budget") / "stats.json";
    fs::remove(stats);
    const auto fits = runDocent("--headless --size 160x90 --frames 1 --gpu-budget 20 --stats " +
                                quote(stats.string()) + " " + quote(helmet));
    INFO(fits.output);
    CHECK(fits.exitCode == 0);
    CHECK(fits.output.find("to fit the GPU budget of 20.0 MiB") != std::string::npos);
    const auto render = readJson(stats)["render"];
    CHECK(render["gpu_budget_mb"].get<double>() == Approx(20.0));
    // Five 2048x2048 maps with mips would take 107 MiB.
    CHECK(render["gpu_texture_mb"].get<double>() + render["gpu_geometry_mb"].get<double>() <= 20.0);
    CHECK(render["textures_reduced"].get<int>() == 5);

    fs::remove(stats);
    const auto tooSmall = runDocent("--headless --size 160x90 --frames 1 --gpu-budget 1 --stats " +
                                    quote(stats.string()) + " " + quote(helmet));
    CHECK(tooSmall.exitCode == 1);
    CHECK(tooSmall.output.find(helmet + ": the scene's geometry needs 1.2 MiB of GPU memory, "
                                        "more than the budget of 1.0 MiB") != std::string::npos);
    CHECK_FALSE(readJson(stats)["error"].is_null());
}

TEST_CASE("no OpenGL context is a runtime failure: exit 3", "[app][cli]") {
    // An EGL vendor list naming nothing leaves glvnd without a driver.
    const auto run = runDocent("--headless", "__EGL_VENDOR_LIBRARY_FILENAMES=/nonexistent.json");
    CHECK(run.exitCode == 3);
    CHECK(run.output.find("OpenGL") != std::string::npos);

    // A driver that offers less than OpenGL 4.1 (here Mesa told to claim 3.3): the version
    // docent needs, named.
    const auto old = runDocent("--headless --frames 1", "MESA_GL_VERSION_OVERRIDE=3.3");
    CHECK(old.exitCode == 3);
    CHECK(old.output.find("no OpenGL 4.1 context") != std::string::npos);
}

TEST_CASE("headless run of the default scene writes the screenshot and full stats",
          "[app][cli][gl]") {
    const fs::path dir = docent::test::outputDir("cli-default");
    const fs::path shot = dir / "shot.png";
    const fs::path stats = dir / "stats.json";
    fs::remove(shot);
    fs::remove(stats);
    const auto run = runDocent("--headless --size 320x180 --frames 3 --screenshot " +
                               quote(shot.string()) + " --stats " + quote(stats.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    CHECK(run.output.find(shot.string()) != std::string::npos);

    const auto image = docent::engine::readImageFile(shot.string());
    REQUIRE(image.ok());
    CHECK(image.image.width == 320);
    CHECK(image.image.height == 180);

    const auto doc = readJson(stats);
    CHECK(doc["frames"] == 3);
    CHECK(doc["error"].is_null());
    for (const char* key : {"p50", "p95", "max"}) {
        CHECK(doc["frame_ms"][key].get<double>() > 0.0);
    }
    CHECK(doc["load_ms"]["scene"].get<double>() > 0.0);
    CHECK(doc["load_ms"]["first_frame"].get<double>() >= doc["load_ms"]["scene"].get<double>());
    CHECK(doc["peak_rss_mb"].get<double>() > 0.0);
    // The demo's replay (the recorded tour) plays on the panel by default.
    CHECK(doc["video"]["state"] == "playing");
    CHECK(doc["video"]["presented"].get<int>() >= 1);
    CHECK(doc["cues"].is_array());
    CHECK(doc["render"]["triangles"].get<int>() > 0);
}

TEST_CASE("the same headless command gives the same image", "[app][cli][gl]") {
    const fs::path dir = docent::test::outputDir("cli-determinism");
    const std::string common = "--headless --size 320x180 --frames 2 --camera 1,1.6,3,20,-5 ";
    REQUIRE(runDocent(common + "--screenshot " + quote((dir / "a.png").string())).exitCode == 0);
    REQUIRE(runDocent(common + "--screenshot " + quote((dir / "b.png").string())).exitCode == 0);
    const std::string a = readBytes(dir / "a.png");
    CHECK_FALSE(a.empty());
    CHECK(a == readBytes(dir / "b.png"));
}

TEST_CASE("fixed quality levels keep the picture's size, fixed-step runs never govern it",
          "[app][cli][gl][quality]") {
    const fs::path dir = docent::test::outputDir("cli-quality");
    const auto runAt = [&](const std::string& flags, const std::string& name) {
        const fs::path stats = dir / (name + ".json");
        fs::remove(stats);
        const auto run = runDocent("--headless --size 320x180 --frames 2 --no-ui " + flags +
                                   " --screenshot " + quote((dir / (name + ".png")).string()) +
                                   " --stats " + quote(stats.string()));
        INFO(run.output);
        CHECK(run.exitCode == 0);
        return readJson(stats)["quality"];
    };
    // A fixed-step run keeps the quality it is given: "auto" (the default) means high there, so
    // that the same command gives the same picture.
    const auto automatic = runAt("", "default");
    CHECK(automatic["mode"] == "fixed");
    CHECK(automatic["level"] == "high");
    CHECK(automatic["msaa"] == 4);
    CHECK(automatic["render_scale"] == 1.0);
    const auto low = runAt("--quality low", "low");
    CHECK(low["mode"] == "fixed");
    CHECK(low["level"] == "low");
    CHECK(low["msaa"] == 1);
    CHECK(low["render_scale"] == 0.75);
    const auto image = docent::engine::readImageFile((dir / "low.png").string());
    REQUIRE(image.ok());
    CHECK(image.image.width == 320); // the scene is scaled up to the output
    CHECK(image.image.height == 180);
    CHECK(readBytes(dir / "low.png") != readBytes(dir / "default.png"));

    const auto unknown = runDocent("--headless --frames 1 --quality ultra");
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.output.find("--quality") != std::string::npos);
}

TEST_CASE("a --realtime run governs its quality and reports it", "[app][cli][gl][quality]") {
    const fs::path dir = docent::test::outputDir("cli-quality-realtime");
    const fs::path stats = dir / "stats.json";
    fs::remove(stats);
    const auto run = runDocent("--headless --realtime --size 320x180 --duration 3 --fps 20 "
                               "--stats " +
                               quote(stats.string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto quality = readJson(stats)["quality"];
    CHECK(quality["mode"] == "auto");
    CHECK(quality["target_ms"] == 50.0); // the time step of a 20 fps run
    // Where it ends depends on the machine; it is one of the levels, and the time at each level
    // adds up to the run.
    REQUIRE(quality["level"].is_string());
    double seconds = 0.0;
    bool known = false;
    for (const auto& [level, at] : quality["seconds_at"].items()) {
        seconds += at.get<double>();
        known = known || level == quality["level"].get<std::string>();
    }
    CHECK(known);
    CHECK(seconds > 1.0);
    CHECK(seconds < 60.0);
}

TEST_CASE("an unwritable screenshot path is reported, not a crash", "[app][cli][gl]") {
    const auto run = runDocent("--headless --size 64x64 --screenshot /no/such/dir/shot.png");
    CHECK(run.exitCode == 1);
    CHECK(run.output.find("/no/such/dir/shot.png") != std::string::npos);
}

TEST_CASE("docent validate passes on the assembled demo scene", "[app][validate]") {
    const auto run = runDocent("validate");
    INFO(run.output);
    CHECK(run.exitCode == 0);
    // The build made the demo broadcast (tour.ts), so nothing is missing.
    CHECK(run.output.find(" 0 errors, 0 warnings (18 hotspots)") != std::string::npos);
}

TEST_CASE("docent validate names the file and place of each problem and sets the exit code",
          "[app][validate]") {
    const fs::path cases = docent::test::sourceDir() / "tests" / "data" / "scenes";
    // The anchor check needs the model: only the program (engine + hotspots) can make it.
    const auto anchor = runDocent("validate " + quote((cases / "anchor-no-node").string()));
    INFO(anchor.output);
    CHECK(anchor.exitCode == 1);
    CHECK(anchor.output.find("hotspots.json:") != std::string::npos);
    CHECK(anchor.output.find("error: names node 'artwork.c', which the model does not have "
                             "(at /hotspots/1/anchor/node)") != std::string::npos);

    const auto warning = runDocent("validate " + quote((cases / "missing-translation").string()));
    INFO(warning.output);
    CHECK(warning.exitCode == 0);
    CHECK(warning.output.find("warning: missing translation: no 'zh' title") != std::string::npos);

    const auto malformed = runDocent("validate " + quote((cases / "bad-json").string()));
    CHECK(malformed.exitCode == 1);
    CHECK(malformed.output.find("hotspots.json:4:16: error: malformed JSON") != std::string::npos);
}

TEST_CASE("a scene with errors does not open in the viewer: exit 1", "[app][validate]") {
    const fs::path cases = docent::test::sourceDir() / "tests" / "data" / "scenes";
    const auto run = runDocent("--headless " + quote((cases / "duplicate-id").string()));
    CHECK(run.exitCode == 1);
    CHECK(run.output.find("duplicate hotspot id 'a'") != std::string::npos);
}

TEST_CASE("screenshots include the UI overlay unless --no-ui", "[app][cli][gl]") {
    const fs::path dir = docent::test::outputDir("cli-ui");
    const std::string common = "--headless --size 960x540 --frames 2 --screenshot ";
    REQUIRE(runDocent(common + quote((dir / "ui.png").string())).exitCode == 0);
    REQUIRE(runDocent(common + quote((dir / "plain.png").string()) + " --no-ui").exitCode == 0);
    const auto ui = docent::engine::readImageFile((dir / "ui.png").string());
    const auto plain = docent::engine::readImageFile((dir / "plain.png").string());
    REQUIRE(ui.ok());
    REQUIRE(plain.ok());
    const auto differing = [&](int x0, int y0, int x1, int y1) {
        int count = 0;
        for (int y = y0; y < y1; ++y) {
            for (int x = x0; x < x1; ++x) {
                const std::size_t i = (static_cast<std::size_t>(y) * 960 + x) * 4;
                count += ui.image.pixels[i] != plain.image.pixels[i] ? 1 : 0;
            }
        }
        return count;
    };
    // The overlay: the scene's title in the top-left corner, the status bar of the guide's
    // stream (the demo's replay) along the bottom, the minimap of the rooms bottom right. Under
    // it the frame is the same: the UI is drawn over the scene.
    CHECK(differing(0, 0, 400, 40) > 1000);
    CHECK(differing(0, 470, 600, 530) > 5000);
    CHECK(differing(820, 300, 940, 440) > 3000);
    CHECK(differing(0, 0, 960, 540) < 960 * 540 / 4);
    CHECK(differing(20, 80, 120, 200) == 0); // gallery wall that nothing covers
}

namespace {

// A 2 s clip (25 fps test pattern) made by FFmpeg's lavfi sources: no committed media.
fs::path makeClip() {
    const fs::path clip = docent::test::outputDir("cli-stream") / "guide.ts";
    if (!fs::exists(clip)) {
        const fs::path partial = docent::test::partialFixturePath(clip);
        const std::string command = "ffmpeg -nostdin -loglevel error -y -f lavfi -i "
                                    "testsrc2=size=320x180:rate=25 -t 2 -c:v libx264 "
                                    "-pix_fmt yuv420p -g 25 " +
                                    quote(partial.string());
        REQUIRE(std::system(command.c_str()) == 0);
        docent::test::publishFixture(partial, clip);
    }
    return clip;
}

} // namespace

TEST_CASE("a headless run plays a stream on the panel until it ends", "[app][cli][stream]") {
    const fs::path clip = makeClip();
    const fs::path dir = docent::test::outputDir("cli-stream");
    const fs::path stats = dir / "stats.json";
    const auto run =
        runDocent("--headless --size 320x180 --stream " + quote(clip.string()) + " --stats " +
                  quote(stats.string()) + " --screenshot " + quote((dir / "with.png").string()));
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto doc = readJson(stats);
    // 2 s of 25 fps video at the default 30 fps step: every frame decoded and shown once.
    CHECK(doc["video"]["decoded"] == 50);
    CHECK(doc["video"]["presented"] == 50);
    CHECK(doc["video"]["dropped"] == 0);
    CHECK(doc["video"]["repeated"] == 0);
    CHECK(doc["video"]["state"] == "ended");
    CHECK(doc["video"]["states"] == nlohmann::json::array({"connecting", "playing", "ended"}));
    CHECK(doc["frames"].get<int>() >= 59);
    CHECK(doc["frames"].get<int>() <= 61);

    // The panel is in the picture: the same view without a stream looks different.
    REQUIRE(
        runDocent("--headless --size 320x180 --screenshot " + quote((dir / "without.png").string()))
            .exitCode == 0);
    CHECK(readBytes(dir / "with.png") != readBytes(dir / "without.png"));
}

TEST_CASE("a stream file that is missing or not media is bad input", "[app][cli][stream]") {
    const auto missing = runDocent("--headless --stream /no/such/guide.ts");
    CHECK(missing.exitCode == 1);
    CHECK(missing.output.find("/no/such/guide.ts") != std::string::npos);

    const fs::path bogus = docent::test::outputDir("cli-stream") / "not-media.ts";
    std::ofstream(bogus) << "this is not a transport stream\n";
    const auto broken = runDocent("--headless --stream " + quote(bogus.string()));
    CHECK(broken.exitCode == 1);
    CHECK(broken.output.find(bogus.string()) != std::string::npos);
}

TEST_CASE("the Chinese UI has a glyph for every character it shows", "[app][cli][i18n]") {
    const fs::path dir = docent::test::outputDir("cli-zh");
    const auto run = runDocent("--headless --lang zh --size 480x270 --duration 3 --screenshot " +
                               quote((dir / "zh.png").string()));
    INFO(run.output);
    CHECK(run.exitCode == 0);
    // Every character of the scene's texts, the UI's strings and the captions is in the atlas.
    CHECK(run.output.find("no glyph") == std::string::npos);
    CHECK(run.output.find("no Chinese font") == std::string::npos);

    // Without the font: a warning naming the package, and the gallery still opens.
    const auto missing =
        runDocent("--headless --lang zh --size 160x90 --frames 1", "DOCENT_CJK_FONT=/no/such.ttc");
    CHECK(missing.exitCode == 0);
    CHECK(missing.output.find("fonts-noto-cjk") != std::string::npos);
    CHECK(missing.output.find("no glyph") != std::string::npos);
}

TEST_CASE("messages go to the log file in the state folder, the terminal shows --log-level",
          "[app][cli][log]") {
    const fs::path state = docent::test::outputDir("log-state");
    fs::remove_all(state);
    // A missing scene is an error: on the terminal and in the log, with its level and time.
    const auto missing =
        runDocent("--headless /no/such/gallery.glb", "XDG_STATE_HOME=" + quote(state.string()));
    CHECK(missing.exitCode == 1);
    const std::string log = readBytes(state / "docent" / "docent.log");
    CHECK(log.find(" docent error ") != std::string::npos);
    CHECK(log.find("/no/such/gallery.glb") != std::string::npos);
    CHECK(log.find("Z docent") != std::string::npos); // a UTC time stamp leads each line

    // A warning (no Chinese font) hidden from the terminal by --log-level error, kept in the file.
    const fs::path file = state / "quiet.log";
    const auto quiet = runDocent("--headless --frames 2 --lang zh --log-level error --log-file " +
                                     quote(file.string()),
                                 "DOCENT_CJK_FONT=/no/such/font.ttc");
    CHECK(quiet.exitCode == 0);
    CHECK(quiet.output.find("no Chinese font") == std::string::npos);
    CHECK(readBytes(file).find("warning no Chinese font at /no/such/font.ttc") !=
          std::string::npos);
    // The same run at the default level says it on the terminal too.
    const auto loud = runDocent("--headless --frames 2 --lang zh --log-file none",
                                "DOCENT_CJK_FONT=/no/such/font.ttc");
    CHECK(loud.output.find("docent: warning: no Chinese font at /no/such/font.ttc") !=
          std::string::npos);
    CHECK(runDocent("--headless --frames 1 --log-level loud").exitCode == 2);
}
