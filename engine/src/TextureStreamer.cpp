#include "engine/TextureStreamer.h"

#include <algorithm>

#include "engine/GpuBudget.h"

namespace docent::engine {

TextureStreamer::TextureStreamer(const SceneAsset& asset, const std::vector<int>& order,
                                 unsigned workers, const ImageLimits& limits)
    : m_limits(limits) {
    std::vector<bool> queued(asset.images.size(), false);
    const auto enqueue = [&](int index) {
        if (index < 0 || static_cast<std::size_t>(index) >= asset.images.size() ||
            queued[static_cast<std::size_t>(index)] ||
            !asset.images[static_cast<std::size_t>(index)].pending()) {
            return;
        }
        queued[static_cast<std::size_t>(index)] = true;
        m_jobs.push_back({index, asset.images[static_cast<std::size_t>(index)].encoded});
    };
    for (const int index : order) {
        enqueue(index);
    }
    for (std::size_t i = 0; i < asset.images.size(); ++i) {
        enqueue(static_cast<int>(i));
    }
    const unsigned count =
        std::min<unsigned>(std::max(1u, workers), static_cast<unsigned>(m_jobs.size()));
    for (unsigned w = 0; w < count; ++w) {
        m_workers.emplace_back([this] { work(); });
    }
}

TextureStreamer::~TextureStreamer() {
    m_stop = true;
    for (auto& worker : m_workers) {
        worker.join();
    }
}

void TextureStreamer::work() {
    for (std::size_t i = m_next++; i < m_jobs.size() && !m_stop; i = m_next++) {
        const Job& job = m_jobs[i];
        DecodedImage result;
        result.index = job.index;
        DecodeResult decoded = decodeImage(*job.encoded, m_limits);
        if (decoded.ok()) {
            result.image = std::move(decoded.image);
            result.preview = halveImage(result.image);
            for (int level = 1; level < kPreviewLevels; ++level) {
                result.preview = halveImage(result.preview);
            }
        } else {
            result.error = decoded.error;
        }
        const std::lock_guard lock(m_mutex);
        m_done.push_back(std::move(result));
        ++m_finished;
        m_changed.notify_all();
    }
}

std::vector<DecodedImage> TextureStreamer::take() {
    std::vector<DecodedImage> out;
    {
        const std::lock_guard lock(m_mutex);
        out.swap(m_done);
    }
    m_delivered += out.size();
    return out;
}

std::vector<DecodedImage> TextureStreamer::waitForAll() {
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_finished == m_jobs.size(); });
    }
    return take();
}

} // namespace docent::engine
