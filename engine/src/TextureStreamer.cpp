#include "engine/TextureStreamer.h"

#include <algorithm>
#include <iterator>

#include "engine/GpuBudget.h"

namespace docent::engine {

TextureStreamer::TextureStreamer(const SceneAsset& asset, const std::vector<int>& order,
                                 unsigned workers, const ImageLimits& limits, std::size_t backlog)
    : m_limits(limits), m_backlog(backlog) {
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
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    for (auto& worker : m_workers) {
        worker.join();
    }
}

void TextureStreamer::work() {
    for (std::size_t i = m_next++; i < m_jobs.size() && !m_stop; i = m_next++) {
        if (m_backlog > 0) {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_stop || m_done.size() < m_backlog; });
            if (m_stop) {
                return;
            }
        }
        Job& job = m_jobs[i]; // this worker's alone once claimed
        DecodedImage result;
        result.index = job.index;
        DecodeResult decoded = decodeImage(*job.encoded, m_limits);
        job.encoded.reset(); // the streamer's copy of the file is not needed any more
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

std::vector<DecodedImage> TextureStreamer::take(std::size_t most) {
    std::vector<DecodedImage> out;
    {
        const std::lock_guard lock(m_mutex);
        const std::size_t count = std::min(most, m_done.size());
        out.assign(std::make_move_iterator(m_done.begin()),
                   std::make_move_iterator(m_done.begin() + static_cast<std::ptrdiff_t>(count)));
        m_done.erase(m_done.begin(), m_done.begin() + static_cast<std::ptrdiff_t>(count));
    }
    m_changed.notify_all(); // room in the backlog
    m_delivered += out.size();
    return out;
}

std::vector<DecodedImage> TextureStreamer::waitForSome() {
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_done.empty() || m_finished == m_jobs.size(); });
    }
    return take();
}

std::vector<DecodedImage> TextureStreamer::waitForAll() {
    std::vector<DecodedImage> all;
    while (m_delivered < m_jobs.size()) {
        for (DecodedImage& image : waitForSome()) {
            all.push_back(std::move(image));
        }
    }
    return all;
}

} // namespace docent::engine
