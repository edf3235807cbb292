#!/usr/bin/env python3
"""Makes the demo broadcast: a guided tour of the demo gallery as the guide would have streamed it.

For each hotspot in hotspots.json order, the guide's Chinese line is spoken by espeak-ng (voice
cmn) and a cue fires at the start of its segment. The picture is docent's own headless recording
of a visitor following those cues from artwork to artwork; the sound is the guide. Output, in the
scene folder: tour.ts (H.264 + AAC + the docent cue stream), tour-cues.txt (the cue script) and
captions.<lang>.vtt for zh, fr and en with the same timing.

Usage: make_tour.py SCENE_DIR BIN_DIR WORK_DIR
Runs once: the build calls it only when the scene's texts change (the output is cached).
"""
import json
import os
import subprocess
import sys
import wave

FPS = 15                  # frames per second of the recording (cheap on 2 cores)
SIZE = "960x540"          # pixels
RATE = 48000              # Hz, the broadcast's audio
INTRO = 2.0               # seconds in the hall before the first artwork
AFTER_LINE = 1.5          # seconds of quiet after each line
MIN_SEGMENT = 6.0         # seconds: long enough to walk to the next artwork
LANGUAGES = ("zh", "fr", "en")


def run(*command, **kwargs):
    subprocess.run(command, check=True, **kwargs)


def frames_of(seconds):
    """Rounds a time up to the recording's frame grid, so cues fall on frames."""
    return -(-round(seconds * FPS * 1000) // 1000)


def vtt_time(seconds):
    ms = round(seconds * 1000)
    return "%02d:%02d:%02d.%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)


def main():
    scene, bin_dir, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(scene, "hotspots.json"), encoding="utf-8") as f:
        hotspots = json.load(f)["hotspots"]

    # The guide's voice, one line per artwork, and the timeline it gives.
    pcm = bytearray()
    segments = []  # (start seconds, spoken seconds, hotspot)
    t = INTRO
    pcm += bytes(2 * round(INTRO * RATE))
    for h in hotspots:
        line = h.get("guide", {}).get("zh", "")
        wav = os.path.join(work, h["id"] + ".wav")
        raw = os.path.join(work, h["id"] + ".raw")
        run("espeak-ng", "-v", "cmn", "-w", wav, line)
        run("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", wav, "-ar", str(RATE),
            "-ac", "1", "-f", "s16le", raw)
        with open(raw, "rb") as f:
            voice = f.read()
        spoken = len(voice) / 2 / RATE
        length = frames_of(max(spoken + AFTER_LINE, MIN_SEGMENT)) / FPS
        pcm += voice + bytes(2 * round(length * RATE) - len(voice))
        segments.append((t, spoken, h))
        t += length
    total = t
    voice_raw = os.path.join(work, "guide.raw")
    with open(voice_raw, "wb") as f:
        f.write(pcm)

    cues = os.path.join(work, "tour-cues.txt")
    with open(cues, "w", encoding="utf-8") as f:
        f.write("# seconds hotspot: the guide reaches each artwork\n")
        for start, _, h in segments:
            f.write("%.6f %s\n" % (start, h["id"]))  # on the frame grid, exactly

    # A driver stream (black picture, the guide's voice, the cues) that docent follows while it
    # records what a visitor following the guide sees and hears.
    plain = os.path.join(work, "driver-plain.ts")
    driver = os.path.join(work, "driver.ts")
    run("ffmpeg", "-nostdin", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", "color=black:size=160x90:rate=%d" % FPS,
        "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", voice_raw,
        "-t", "%.3f" % total, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ac", "2", plain)
    run(os.path.join(bin_dir, "docent-broadcast"), plain, "--cues", cues, "--out", driver,
        stdout=subprocess.DEVNULL)
    recording = os.path.join(work, "walk.mp4")
    # The builder's own saved settings (wandering, say) must not change the walk.
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "config"), LANG="C.UTF-8")
    env.pop("LC_ALL", None)
    run(os.path.join(bin_dir, "docent"), scene, "--headless", "--size", SIZE, "--fps", str(FPS),
        "--no-ui", "--stream", driver, "--record", recording, stdout=subprocess.DEVNULL, env=env)

    # The broadcast: the recorded walk with the guide's own voice (as her microphone heard it, not
    # as a visitor in the gallery hears it) and the same cues.
    walk = os.path.join(work, "walk-voice.mp4")
    run("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", recording,
        "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", voice_raw,
        "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-ac", "2", "-shortest", walk)
    partial = os.path.join(work, "tour.partial.ts")
    run(os.path.join(bin_dir, "docent-broadcast"), walk, "--cues", cues, "--out", partial,
        stdout=subprocess.DEVNULL)
    for lang in LANGUAGES:
        with open(os.path.join(scene, "captions.%s.vtt" % lang), "w", encoding="utf-8") as f:
            f.write("WEBVTT\n\n")
            for i, (start, spoken, h) in enumerate(segments, 1):
                text = h.get("guide", {}).get(lang, "")
                if text:
                    f.write("%d\n%s --> %s\n%s\n\n" % (i, vtt_time(start),
                                                        vtt_time(start + spoken), text))
    os.replace(cues, os.path.join(scene, "tour-cues.txt"))
    os.replace(partial, os.path.join(scene, "tour.ts"))
    print("make_tour: %s: %.0f s, %d artworks" % (os.path.join(scene, "tour.ts"), total,
                                                 len(segments)))


if __name__ == "__main__":
    main()
