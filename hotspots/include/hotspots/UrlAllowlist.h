#pragma once
// Where the streams a scene names may come from: scene.json's "allowlist" of URL prefixes. Every
// URL a stream opens -- the one the scene names and each one its playlists name (variant
// playlists, segments, keys) -- must fall under one of them. A scene without an allowlist allows
// https, srt and udp anywhere; plain http only where a scene lists it.
//
// Pure functions; any thread.

#include <string>
#include <vector>

#include "hotspots/SceneModel.h"

namespace docent::hotspots {

// The prefixes allowed when a scene names none: https, srt and udp anywhere.
const std::vector<std::string>& defaultStreamAllowlist();

// The scene's allowlist, or the default when it has none.
const std::vector<std::string>& streamAllowlist(const SceneManifest& manifest);

// Whether url falls under one of prefixes, read as URLs rather than text: the same scheme; the
// same host (none in the prefix: any) and no user info ("https://museum.example@elsewhere" is
// elsewhere); the same port (a prefix ending in ':' allows any, none the default); a path that
// starts with the prefix's path and cannot climb out of it ("/..", encoded dots or slashes).
// Scheme and host are compared without case. A URL that cannot be read is not allowed.
bool urlAllowedBy(const std::string& url, const std::vector<std::string>& prefixes);

} // namespace docent::hotspots
