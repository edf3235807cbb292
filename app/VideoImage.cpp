#include "VideoImage.h"

namespace docent::app {

engine::VideoImage toVideoImage(const streaming::VideoFrame& frame) {
    engine::VideoImage image;
    image.layout = frame.layout == streaming::PixelLayout::Nv12   ? engine::YuvLayout::Nv12
                   : frame.layout == streaming::PixelLayout::Rgba ? engine::YuvLayout::Rgba
                                                                  : engine::YuvLayout::I420;
    image.width = frame.width;
    image.height = frame.height;
    image.matrix = frame.matrix == streaming::ColorMatrix::Bt601    ? engine::YuvMatrix::Bt601
                   : frame.matrix == streaming::ColorMatrix::Bt2020 ? engine::YuvMatrix::Bt2020
                                                                    : engine::YuvMatrix::Bt709;
    image.fullRange = frame.range == streaming::ColorRange::Full;
    image.planeCount = frame.planeCount;
    // The decoder counts a row's bytes; the panel counts its samples (an NV12 UV pair, an RGBA
    // pixel).
    for (int i = 0; i < frame.planeCount && i < 3; ++i) {
        const int bytesPerSample = frame.layout == streaming::PixelLayout::Rgba             ? 4
                                   : frame.layout == streaming::PixelLayout::Nv12 && i == 1 ? 2
                                                                                            : 1;
        image.planes[i] = {frame.planes[i].data, frame.planes[i].stride,
                           frame.planes[i].width / bytesPerSample, frame.planes[i].height};
    }
    return image;
}

} // namespace docent::app
