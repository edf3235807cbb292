#pragma once
// Decodes a scene's pending images (loaded with GltfLimits::decodeImages off) on worker threads,
// in the order the caller asks for (nearest first), so that the first frame need not wait for
// them. Each decoded image comes with a preview an eighth of its size a side, so the renderer
// can show every texture blurred early and sharpen them one by one within a per-frame budget.
//
// Thread: construct, call take() and destroy on one thread (the render thread); the workers
// only touch the encoded bytes they were given and the streamer's own queue. Destruction stops
// the workers (each finishes the image it is decoding) and joins them.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/Image.h"
#include "engine/SceneAsset.h"

namespace docent::engine {

struct DecodedImage {
    int index = -1;    // into SceneAsset::images
    Image image;       // empty when decoding failed
    Image preview;     // `image` halved three times (each side at least 1)
    std::string error; // why decoding failed, for a warning
};

class TextureStreamer {
public:
    static constexpr int kPreviewLevels = 3; // halvings of DecodedImage::preview

    // Starts decoding every pending image of `asset`, those listed in `order` first (image
    // indices; the rest follow in index order), on up to `workers` threads. Copies what it
    // needs: the asset may change or go away meanwhile. With a `backlog` above 0 the workers
    // pause while that many decoded images wait to be taken, so that decoding far ahead of a
    // slow uploader cannot hold every image of a large scan in memory at once.
    TextureStreamer(const SceneAsset& asset, const std::vector<int>& order, unsigned workers,
                    const ImageLimits& limits, std::size_t backlog = 0);
    ~TextureStreamer();
    TextureStreamer(const TextureStreamer&) = delete;
    TextureStreamer& operator=(const TextureStreamer&) = delete;

    // The images decoded since the last call, in the order they finished; at most `most`.
    std::vector<DecodedImage> take(std::size_t most = SIZE_MAX);
    // Blocks until at least one image is decoded (or all are), then returns what take() would.
    std::vector<DecodedImage> waitForSome();
    // Blocks until every image is decoded and returns those not taken yet (holding them all:
    // for tests and small scenes; an uploader loops over waitForSome()).
    std::vector<DecodedImage> waitForAll();
    std::size_t total() const { return m_jobs.size(); }
    // Images handed out by take()/waitForAll() so far.
    std::size_t delivered() const { return m_delivered; }

private:
    struct Job {
        int index = -1;
        std::shared_ptr<const std::vector<std::uint8_t>> encoded;
    };
    void work();

    std::vector<Job> m_jobs;
    ImageLimits m_limits;
    std::size_t m_backlog = 0;
    std::atomic<std::size_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<DecodedImage> m_done; // guarded by m_mutex
    std::size_t m_finished = 0;       // guarded by m_mutex
    std::size_t m_delivered = 0;      // the owner's thread only
    std::vector<std::thread> m_workers;
};

} // namespace docent::engine
