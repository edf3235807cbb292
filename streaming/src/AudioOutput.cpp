#include "streaming/AudioOutput.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <AL/al.h>
#include <AL/alc.h>
#include <AL/alext.h>

namespace docent::streaming {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kInt16Scale = 32767.0f; // float [-1, 1] to signed 16-bit

std::string alcErrorText(ALCdevice* device) {
    const ALCenum code = alcGetError(device);
    const ALCchar* text = alcGetString(device, code);
    return text != nullptr ? std::string(text) : "ALC error " + std::to_string(code);
}

ALCdevice* asDevice(void* device) {
    return static_cast<ALCdevice*>(device);
}
ALCcontext* asContext(void* context) {
    return static_cast<ALCcontext*>(context);
}

} // namespace

AudioOutput::~AudioOutput() {
    close();
}

std::vector<std::string> AudioOutput::playbackDevices() {
    std::vector<std::string> names;
    const bool all = alcIsExtensionPresent(nullptr, "ALC_ENUMERATE_ALL_EXT") == ALC_TRUE;
    const ALCchar* list =
        alcGetString(nullptr, all ? ALC_ALL_DEVICES_SPECIFIER : ALC_DEVICE_SPECIFIER);
    // A list of names, each ended by a NUL, the list by a second NUL.
    for (const ALCchar* p = list; p != nullptr && *p != '\0'; p += std::strlen(p) + 1) {
        names.emplace_back(p);
    }
    return names;
}

bool AudioOutput::openDevice(std::string& error, const std::string& deviceName) {
    close();
    if (!deviceName.empty()) {
        const auto known = playbackDevices();
        if (std::find(known.begin(), known.end(), deviceName) == known.end()) {
            std::string list;
            for (const auto& n : known) {
                list += (list.empty() ? "" : ", ") + ("'" + n + "'");
            }
            error = "no audio output device named '" + deviceName +
                    "' (there are: " + (list.empty() ? std::string("none") : list) + ")";
            return false;
        }
    }
    const ALCchar* name = deviceName.empty() ? alcGetString(nullptr, ALC_DEFAULT_DEVICE_SPECIFIER)
                                             : deviceName.c_str();
    ALCdevice* device = alcOpenDevice(deviceName.empty() ? nullptr : deviceName.c_str());
    if (device == nullptr) {
        error = std::string("no audio output device: OpenAL could not open") +
                (name != nullptr && *name != '\0' ? std::string(" '") + name + "'"
                                                  : std::string(" the default device"));
        return false;
    }
    m_device = device;
    m_loopback = false;
    return finishOpen(nullptr, error);
}

bool AudioOutput::openLoopback(std::string& error) {
    close();
    if (alcIsExtensionPresent(nullptr, "ALC_SOFT_loopback") != ALC_TRUE) {
        error = "OpenAL loopback device unavailable: ALC_SOFT_loopback is missing (OpenAL Soft "
                "required)";
        return false;
    }
    auto openLoopbackDevice = reinterpret_cast<LPALCLOOPBACKOPENDEVICESOFT>(
        alcGetProcAddress(nullptr, "alcLoopbackOpenDeviceSOFT"));
    auto isRenderFormatSupported = reinterpret_cast<LPALCISRENDERFORMATSUPPORTEDSOFT>(
        alcGetProcAddress(nullptr, "alcIsRenderFormatSupportedSOFT"));
    auto renderSamples = reinterpret_cast<LPALCRENDERSAMPLESSOFT>(
        alcGetProcAddress(nullptr, "alcRenderSamplesSOFT"));
    if (openLoopbackDevice == nullptr || isRenderFormatSupported == nullptr ||
        renderSamples == nullptr) {
        error = "OpenAL loopback device unavailable: ALC_SOFT_loopback functions not found";
        return false;
    }
    ALCdevice* device = openLoopbackDevice(nullptr);
    if (device == nullptr) {
        error = "OpenAL loopback device unavailable: alcLoopbackOpenDeviceSOFT failed";
        return false;
    }
    if (isRenderFormatSupported(device, kAudioSampleRate, ALC_STEREO_SOFT, ALC_FLOAT_SOFT) !=
        ALC_TRUE) {
        alcCloseDevice(device);
        error = "OpenAL loopback device refuses " + std::to_string(kAudioSampleRate) +
                " Hz stereo float output";
        return false;
    }
    m_device = device;
    m_loopback = true;
    m_renderSamples = reinterpret_cast<void*>(renderSamples);
    // HRTF and the output limiter off: what is rendered is the plain pan of the source, with no
    // look-ahead delay, so the rendered frames and the source offset stay in step.
    const ALCint attributes[] = {ALC_FORMAT_CHANNELS_SOFT,
                                 ALC_STEREO_SOFT,
                                 ALC_FORMAT_TYPE_SOFT,
                                 ALC_FLOAT_SOFT,
                                 ALC_FREQUENCY,
                                 kAudioSampleRate,
                                 ALC_HRTF_SOFT,
                                 ALC_FALSE,
                                 ALC_OUTPUT_LIMITER_SOFT,
                                 ALC_FALSE,
                                 0};
    return finishOpen(attributes, error);
}

bool AudioOutput::finishOpen(const int* attributes, std::string& error) {
    m_context = alcCreateContext(asDevice(m_device), attributes);
    if (m_context == nullptr) {
        error = "OpenAL could not create a context: " + alcErrorText(asDevice(m_device));
        close();
        return false;
    }
    if (alcMakeContextCurrent(asContext(m_context)) != ALC_TRUE) {
        error = "OpenAL could not make its context current: " + alcErrorText(asDevice(m_device));
        close();
        return false;
    }
    alGetError(); // clear
    ALuint source = 0;
    alGenSources(1, &source);
    if (alGetError() != AL_NO_ERROR) {
        error = "OpenAL could not create a source";
        close();
        return false;
    }
    m_source = source;
    alSourcei(m_source, AL_LOOPING, AL_FALSE);
    alSourcef(m_source, AL_REFERENCE_DISTANCE, kReferenceDistance);
    m_floatBuffers = alIsExtensionPresent("AL_EXT_FLOAT32") == AL_TRUE;
    m_sourceLatency = alIsExtensionPresent("AL_SOFT_source_latency") == AL_TRUE;
    if (m_sourceLatency) {
        m_getSourcedv = alGetProcAddress("alGetSourcedvSOFT");
        m_sourceLatency = m_getSourcedv != nullptr;
    }
    applyGain();
    return true;
}

void AudioOutput::close() {
    if (m_device == nullptr) {
        return;
    }
    if (m_context != nullptr) {
        makeCurrent();
        if (m_source != 0) {
            alSourceStop(m_source);
            alSourcei(m_source, AL_BUFFER, 0);
            alDeleteSources(1, &m_source);
        }
        if (!m_buffers.empty()) {
            alDeleteBuffers(static_cast<ALsizei>(m_buffers.size()), m_buffers.data());
        }
        alcMakeContextCurrent(nullptr);
        alcDestroyContext(asContext(m_context));
    }
    alcCloseDevice(asDevice(m_device));
    m_device = nullptr;
    m_context = nullptr;
    m_source = 0;
    m_loopback = false;
    m_floatBuffers = false;
    m_sourceLatency = false;
    m_renderSamples = nullptr;
    m_getSourcedv = nullptr;
    m_buffers.clear();
    m_free.clear();
    m_queued.clear();
    m_playing = false;
    m_haveTime = false;
    m_lastEndSeconds = 0.0;
    m_lastSerial = 0;
}

void AudioOutput::makeCurrent() const {
    if (alcGetCurrentContext() != m_context) {
        alcMakeContextCurrent(asContext(m_context));
    }
}

void AudioOutput::reclaimProcessed() {
    ALint processed = 0;
    alGetSourcei(m_source, AL_BUFFERS_PROCESSED, &processed);
    reclaim(static_cast<std::size_t>(std::max(processed, 0)));
}

void AudioOutput::reclaim(std::size_t count) {
    count = std::min(count, m_queued.size());
    for (std::size_t i = 0; i < count; ++i) {
        const QueuedBuffer& done = m_queued.front();
        ALuint id = done.id;
        alSourceUnqueueBuffers(m_source, 1, &id);
        m_lastEndSeconds =
            done.ptsSeconds + static_cast<double>(done.frames) / double(kAudioSampleRate);
        m_lastSerial = done.serial;
        m_free.push_back(done.id);
        m_queued.pop_front();
    }
}

int AudioOutput::settleStopped() {
    const ALint state = sourceState();
    if (state != AL_STOPPED) {
        return state;
    }
    // A stopped source (stop() or a dry queue) counts every queued buffer as processed, even
    // one queued after it stopped, and would replay its queue from the head: reclaim what was
    // heard and rewind to AL_INITIAL so that buffers queued from now on wait to be played.
    reclaimProcessed();
    alSourceRewind(m_source);
    return AL_INITIAL;
}

int AudioOutput::sourceState() const {
    ALint state = AL_INITIAL;
    alGetSourcei(m_source, AL_SOURCE_STATE, &state);
    return state;
}

bool AudioOutput::queue(const AudioChunk& chunk) {
    if (!isOpen()) {
        return false;
    }
    const std::size_t frames = chunk.frames();
    if (frames == 0) {
        return true;
    }
    makeCurrent();
    settleStopped();
    reclaimProcessed();

    ALuint id = 0;
    if (!m_free.empty()) {
        id = m_free.back();
        m_free.pop_back();
    } else if (m_buffers.size() < kMaxBuffers) {
        alGetError();
        alGenBuffers(1, &id);
        if (alGetError() != AL_NO_ERROR) {
            return false;
        }
        m_buffers.push_back(id);
    } else {
        return false; // every buffer is still to be heard
    }

    // Mono: OpenAL pans only mono buffers (see the header).
    const float* in = chunk.samples.data();
    alGetError();
    if (m_floatBuffers) {
        m_convertFloat.resize(frames);
        for (std::size_t i = 0; i < frames; ++i) {
            m_convertFloat[i] = 0.5f * (in[2 * i] + in[2 * i + 1]);
        }
        alBufferData(id, AL_FORMAT_MONO_FLOAT32, m_convertFloat.data(),
                     static_cast<ALsizei>(frames * sizeof(float)), kAudioSampleRate);
    } else {
        m_convertShort.resize(frames);
        for (std::size_t i = 0; i < frames; ++i) {
            const float mono = std::clamp(0.5f * (in[2 * i] + in[2 * i + 1]), -1.0f, 1.0f);
            m_convertShort[i] = static_cast<short>(std::lround(mono * kInt16Scale));
        }
        alBufferData(id, AL_FORMAT_MONO16, m_convertShort.data(),
                     static_cast<ALsizei>(frames * sizeof(short)), kAudioSampleRate);
    }
    if (alGetError() != AL_NO_ERROR) {
        m_free.push_back(id);
        return false;
    }
    alSourceQueueBuffers(m_source, 1, &id);
    if (alGetError() != AL_NO_ERROR) {
        m_free.push_back(id);
        return false;
    }
    m_queued.push_back({id, chunk.ptsSeconds, frames, chunk.serial});
    m_haveTime = true;
    restartIfStarved();
    return true;
}

void AudioOutput::restartIfStarved() {
    if (!m_playing || m_queued.empty()) {
        return;
    }
    const ALint state = sourceState();
    if (state == AL_PLAYING) {
        return;
    }
    if (state == AL_STOPPED) {
        // OpenAL stopped the source when its queue ran dry (possibly just before the newest
        // buffer was queued). A stopped source counts every buffer as processed and would replay
        // its queue from the head, so drop all but the newest, which has not been heard.
        reclaim(m_queued.size() - 1);
    }
    alSourcePlay(m_source);
}

void AudioOutput::play() {
    if (!isOpen()) {
        return;
    }
    makeCurrent();
    m_playing = true;
    const ALint state = settleStopped();
    if (state == AL_PAUSED || (state == AL_INITIAL && !m_queued.empty())) {
        alSourcePlay(m_source); // resumes where it paused, or starts at the queue's head
    }
}

void AudioOutput::pause() {
    if (!isOpen()) {
        return;
    }
    makeCurrent();
    m_playing = false;
    if (sourceState() == AL_PLAYING) {
        alSourcePause(m_source);
    }
}

void AudioOutput::stop() {
    if (!isOpen()) {
        return;
    }
    makeCurrent();
    m_playing = false;
    alSourceStop(m_source);
    alSourcei(m_source, AL_BUFFER, 0); // detaches the whole queue
    alSourceRewind(m_source);          // AL_INITIAL: buffers queued next are not "processed"
    for (const QueuedBuffer& queued : m_queued) {
        m_free.push_back(queued.id);
    }
    m_queued.clear();
    m_haveTime = false;
    m_lastEndSeconds = 0.0;
    m_lastSerial = 0;
}

void AudioOutput::setVolume(float volume) {
    m_volume = std::isfinite(volume) ? std::clamp(volume, 0.0f, 1.0f) : 0.0f;
    applyGain();
}

void AudioOutput::setMuted(bool muted) {
    m_muted = muted;
    applyGain();
}

void AudioOutput::applyGain() {
    if (!isOpen()) {
        return;
    }
    makeCurrent();
    alSourcef(m_source, AL_GAIN, m_muted ? 0.0f : m_volume);
}

void AudioOutput::setSourcePosition(float x, float y, float z) {
    if (!isOpen()) {
        return;
    }
    makeCurrent();
    alSource3f(m_source, AL_POSITION, x, y, z);
}

void AudioOutput::setListener(const Vec3& position, const Vec3& forward, const Vec3& up) {
    if (!isOpen()) {
        return;
    }
    makeCurrent();
    alListener3f(AL_POSITION, position.x, position.y, position.z);
    const ALfloat orientation[6] = {forward.x, forward.y, forward.z, up.x, up.y, up.z};
    alListenerfv(AL_ORIENTATION, orientation);
}

void AudioOutput::renderSamples(float* out, int frames) {
    if (frames <= 0 || out == nullptr) {
        return;
    }
    if (!isOpen() || !m_loopback || m_renderSamples == nullptr) {
        std::fill(out, out + static_cast<std::size_t>(frames) * kAudioChannels, 0.0f);
        return;
    }
    makeCurrent();
    reinterpret_cast<LPALCRENDERSAMPLESSOFT>(m_renderSamples)(asDevice(m_device), out, frames);
}

AudioOutput::HeardPosition AudioOutput::heard() {
    if (!isOpen() || !m_haveTime) {
        return {kNaN, 0};
    }
    makeCurrent();
    const ALint state = settleStopped(); // starved: all of the queue was heard
    if (state == AL_PLAYING || state == AL_PAUSED) {
        reclaimProcessed();
    }
    if (m_queued.empty()) {
        // The last sample heard is the end of the last buffer played.
        return {m_lastEndSeconds, m_lastSerial};
    }
    if (state == AL_INITIAL) {
        return {m_queued.front().ptsSeconds, m_queued.front().serial};
    }

    // Seconds into the queue (its head is the buffer being played, processed ones reclaimed).
    double offsetSeconds = 0.0;
    if (!m_loopback && m_sourceLatency && state == AL_PLAYING) {
        // [offset, device latency]: the sample heard now was mixed latency seconds ago.
        ALdouble values[2] = {0.0, 0.0};
        reinterpret_cast<LPALGETSOURCEDVSOFT>(m_getSourcedv)(m_source, AL_SEC_OFFSET_LATENCY_SOFT,
                                                             values);
        offsetSeconds = values[0] - values[1];
    } else {
        // Loopback: what renderSamples() returned is what is heard, no latency. Integer sample
        // offsets keep the clock exact.
        ALint sampleOffset = 0;
        alGetSourcei(m_source, AL_SAMPLE_OFFSET, &sampleOffset);
        offsetSeconds = static_cast<double>(sampleOffset) / double(kAudioSampleRate);
    }
    if (offsetSeconds < 0.0) {
        // The heard sample is in a buffer already reclaimed: count back from the head.
        return {m_queued.front().ptsSeconds + offsetSeconds, m_queued.front().serial};
    }
    for (const QueuedBuffer& queued : m_queued) {
        const double length = static_cast<double>(queued.frames) / double(kAudioSampleRate);
        if (offsetSeconds < length) {
            return {queued.ptsSeconds + offsetSeconds, queued.serial};
        }
        offsetSeconds -= length;
    }
    const QueuedBuffer& last = m_queued.back();
    return {last.ptsSeconds + static_cast<double>(last.frames) / double(kAudioSampleRate),
            last.serial};
}

double AudioOutput::playedSeconds() {
    return heard().seconds;
}

Serial AudioOutput::playedSerial() {
    return heard().serial;
}

} // namespace docent::streaming
