#pragma once
// The bridge between streaming and engine, which never include each other: a decoded frame as
// the engine's video panel takes it (the same planes, no copy; valid while the frame lives).

#include "engine/VideoPanel.h"
#include "streaming/MediaSource.h"

namespace docent::app {

engine::VideoImage toVideoImage(const streaming::VideoFrame& frame);

} // namespace docent::app
