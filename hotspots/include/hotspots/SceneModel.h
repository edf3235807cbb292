#pragma once
// The tour's model as written in a scene folder (docs/SCENE_FORMAT.md, format version 1):
// the manifest (scene.json), the hotspots (hotspots.json) and the cue sheet (cues.json).
// Plain values: any thread may read them; they hold no reference back into the files.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace docent::hotspots {

// Text in several languages, keyed by language code ("zh", "fr", "en").
using Text = std::map<std::string, std::string>;

// The languages docent speaks, in the order the demo lists them.
inline const std::array<const char*, 3> kLanguages = {"zh", "fr", "en"};

// The text in `language`, else in the first of `fallbacks` present, else any; "" when empty.
std::string textIn(const Text& text, const std::string& language,
                   const std::vector<std::string>& fallbacks = {"en", "fr", "zh"});

using Vec3 = std::array<double, 3>;

// A camera pose: metres in glTF's +Y-up world, yaw and pitch in degrees (yaw 0 looks along -Z,
// positive yaw turns left, positive pitch looks up).
struct Pose {
    Vec3 position{0.0, 0.0, 0.0};
    double yawDegrees = 0.0;
    double pitchDegrees = 0.0;

    bool operator==(const Pose&) const = default;
};

struct Viewpoint {
    std::string id;
    Text title;
    Pose pose;

    bool operator==(const Viewpoint&) const = default;
};

struct TourSlot {
    std::string start; // RFC 3339 with offset, e.g. 2026-12-05T14:00:00+01:00
    double durationMinutes = 60.0;
    Text title;

    bool operator==(const TourSlot&) const = default;
};

// Where the guide's video panel stands: its centre, the way it faces (yaw as for a camera
// looking at it from the front, reversed), and its width in metres (16:9).
struct PanelPlacement {
    Vec3 centre{0.0, 1.8, 0.0};
    double yawDegrees = 0.0;
    double widthMetres = 3.2;

    bool operator==(const PanelPlacement&) const = default;
};

struct Replay {
    std::string recording; // path inside the scene folder, e.g. tour.ts
    std::string cues;      // cue sheet path inside the scene folder; empty: in-band cues

    bool operator==(const Replay&) const = default;
};

struct SceneManifest {
    int version = 1;
    Text title;
    Text guideName;
    std::vector<std::string> languages;
    std::vector<TourSlot> schedule;
    std::string model; // path inside the scene folder
    std::optional<Pose> spawn;
    std::vector<Viewpoint> viewpoints;
    std::vector<std::string> tour; // hotspot ids in the guide's order
    std::optional<PanelPlacement> panel;
    std::string liveUrl;
    std::optional<Replay> replay;
    std::vector<std::string> allowlist; // URL prefixes scene files may stream from

    bool operator==(const SceneManifest&) const = default;
};

// Where a hotspot's marker sits: a node of the gallery's glTF, and the marker's point and
// normal in that node's local space.
struct Anchor {
    std::string node;
    Vec3 point{0.0, 0.0, 0.0};
    Vec3 normal{0.0, 0.0, 1.0};

    bool operator==(const Anchor&) const = default;
};

struct Hotspot {
    std::string id;
    Anchor anchor;
    Text title;
    Text artist;
    Text date;
    Text medium;
    Text commentary;
    Text guide;                       // what the guide says on the broadcast when reaching the work
    std::vector<std::string> threads; // e.g. "moon"

    bool operator==(const Hotspot&) const = default;
};

struct Cue {
    double time = 0.0;                  // seconds since the recording's first video frame
    std::optional<std::string> hotspot; // empty: no hotspot active from then on

    bool operator==(const Cue&) const = default;
};

struct CueSheet {
    int version = 1;
    std::string recording;
    std::vector<Cue> cues; // in time order

    bool operator==(const CueSheet&) const = default;
};

} // namespace docent::hotspots
