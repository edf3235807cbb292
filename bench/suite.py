#!/usr/bin/env python3
"""docent's benchmark suite: measured figures, side by side with the tools people would use
instead, in the same run. It measures; it never fails because a machine is slow.

Cases (each writes RESULTS/<case>.json):
  open      time from exec to first frame and peak RSS: docent vs `f3d --output`, per gallery
  walk      frame time p50/p95/max at 1280x720 along a camera path through the demo gallery,
            without video and with a 1080p30 guide panel playing
  video     the guide video path: CPU s per video minute (docent vs `ffmpeg -f null`, the floor)
            and frames presented per second untimed (docent vs `mpv --vo=gpu --untimed`)
  realtime  the demo tour in real time at 1280x720 (and a 1080p30 broadcast): video frames
            dropped or repeated, A/V offset, decoded-to-on-screen delay, frame times
  cues      frames between each cue's pts and the frame on screen when it fired
  callgrind instructions executed in docent's own code in a fixed headless run (callgrind; the
            software rasteriser's JIT code is left out)

Peers run alternately with docent (A B A B) after one untimed warm-up, so that drift of the
machine falls on both. Each figure keeps its runs, median, min and max. A peer that is not
installed is reported as such (`make bench` installs them: scripts/install-deps.sh bench).

Usage: suite.py [--smoke] [--cases open,walk,...] [--runs N] [--bin DIR] [--work DIR]
                [--results DIR] [--gltf-ref DIR] [--stress-triangles N] [--stress-textures N]
                [--walk-frames N] [--video-seconds S] [--realtime-seconds S]
  --smoke: short inputs and one run each (CI); the results go to the work folder.
  The last three shorten the walk (default: the whole path), the video clip (default 60 s) and
  the real-time runs (default: the whole tour); the results say what was run.
"""
import argparse
import datetime
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = (1280, 720)
WALK_SPEED = 1.4  # m/s: a visitor's walking pace
WALK_TURN = 90.0  # degrees per second at most while walking
WALK_FPS = 30
SCAN_STEP = 0.28  # metres between frames walking the stress gallery: 1.4 m/s at 5 fps


# ---- measuring a process ------------------------------------------------------------------


class Measured:
    """What one run of a command cost: wall and CPU seconds, peak RSS, exit status."""

    def __init__(self, start, wall, cpu, rss_mb, rc, stderr):
        self.start = start  # CLOCK_MONOTONIC seconds just before the fork
        self.wall = wall
        self.cpu = cpu
        self.rss_mb = rss_mb
        self.rc = rc
        self.stderr = stderr


def measure(command, env=None, timeout=3600, stdout=None):
    """Runs command; its own rusage (os.wait4) gives CPU and peak RSS, so nothing else counts."""
    with tempfile.TemporaryFile() as err:
        out = stdout if stdout is not None else subprocess.DEVNULL
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.002)
        wall = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return Measured(start, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0,
                    process.returncode, tail)


def summary(values):
    """Median, min, max and the runs themselves (None when nothing was measured)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": round(statistics.median(values), 4), "min": round(min(values), 4),
            "max": round(max(values), 4), "runs": [round(v, 4) for v in values]}


def percentile(values, p):
    """Nearest rank, as docent's own --stats."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def histogram(values, bin_ms=1.0):
    counts = {}
    for v in values:
        b = int(v // bin_ms)
        counts[b] = counts.get(b, 0) + 1
    if not counts:
        return {"bin_ms": bin_ms, "first": 0, "counts": []}
    first, last = min(counts), max(counts)
    return {"bin_ms": bin_ms, "first": first * bin_ms,
            "counts": [counts.get(b, 0) for b in range(first, last + 1)]}


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def note(text):
    print(text, flush=True)


# ---- the machine, the tools -------------------------------------------------------------------


def tool_version(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.strip().splitlines()[0] if out.strip() else None


def machine_info(ctx):
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory_gib, 1),
        "kernel": platform.release(), "os": debian_version(),
        "docent": tool_version([os.path.join(ctx.bin, "docent"), "--version"]),
        "f3d": tool_version(["f3d", "--version"]) if shutil.which("f3d") else None,
        "mpv": tool_version(["mpv", "--version"]) if shutil.which("mpv") else None,
        "ffmpeg": tool_version(["ffmpeg", "-version"]),
        "valgrind": tool_version(["valgrind", "--version"]) if shutil.which("valgrind") else None,
    }


def debian_version():
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


class XServer:
    """One Xvfb for every windowed run (f3d, mpv, docent's window), on Mesa like EGL."""

    def __init__(self):
        self.display = None
        self.process = None

    def start(self):
        if os.environ.get("DISPLAY"):
            self.display = os.environ["DISPLAY"]
            return True
        if not shutil.which("Xvfb"):
            return False
        for number in range(90, 140):
            if os.path.exists("/tmp/.X11-unix/X%d" % number) or \
                    os.path.exists("/tmp/.X%d-lock" % number):
                continue
            self.process = subprocess.Popen(
                ["Xvfb", ":%d" % number, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                if os.path.exists("/tmp/.X11-unix/X%d" % number):
                    self.display = ":%d" % number
                    return True
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
            self.stop()
        return False

    def env(self):
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        return env

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None


def headless_env():
    """docent's own runs: EGL without a display, the same Mesa as under Xvfb."""
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["XDG_CONFIG_HOME"] = os.path.join(CTX.work, "config")  # no visitor settings
    env["XDG_STATE_HOME"] = os.path.join(CTX.work, "state")
    env.setdefault("LANG", "C.UTF-8")
    return env


# ---- inputs made at bench time ----------------------------------------------------------------


def make_clip(seconds):
    """A 1080p30 H.264 + AAC MPEG-TS clip (2 s GOPs, like a broadcast)."""
    path = os.path.join(CTX.work, "clip-1080p30-%ds.ts" % seconds)
    if not os.path.exists(path):
        partial = path + ".partial.ts"
        subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error",
                        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                        "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-g", "60",
                        "-pix_fmt", "yuv420p", "-c:a", "aac", partial], check=True)
        os.replace(partial, path)
    return path


def make_stress_gallery():
    """The scans issue's stress gallery, made once per size and kept in the work folder."""
    if CTX.smoke:
        rooms, triangles, textures, size = 2, 20000, 4, 256
    else:
        rooms, triangles, textures, size = 6, CTX.stress_triangles, CTX.stress_textures, 2048
    path = os.path.join(CTX.work, "stress-%d-%d-%d-%d.glb" % (rooms, triangles, textures, size))
    if not os.path.exists(path):
        note("  making the stress gallery (%d triangles, %d textures of %dx%d, %d rooms)..." %
             (triangles, textures, size, size, rooms))
        subprocess.run([os.path.join(CTX.bin, "docent-make-stress-gallery"), "--out", path,
                        "--rooms", str(rooms), "--triangles", str(triangles),
                        "--textures", str(textures), "--texture-size", str(size)],
                       check=True, stdout=subprocess.DEVNULL)
    return path, {"rooms": rooms, "triangles": triangles, "textures": textures,
                  "texture_size": size}


def bench_scene():
    """The demo gallery without its replay: the same scene, no video unless --stream."""
    folder = os.path.join(CTX.work, "demo-novideo")
    os.makedirs(folder, exist_ok=True)
    demo = CTX.demo
    manifest = read_json(os.path.join(demo, "scene.json"))
    manifest.pop("replay", None)
    with open(os.path.join(folder, "scene.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
    for name in ("hotspots.json", manifest["model"]):
        target = os.path.join(folder, name)
        if os.path.exists(target):
            os.remove(target)
        shutil.copyfile(os.path.join(demo, name), target)
    return folder


def walk_path(frames_wanted=None):
    """The camera path through the demo gallery: three seconds facing the guide's panel from
    the entrance, then the ring of rooms through their doorways (hall, Gallery A, B, C, hall) at
    walking pace, turning at most WALK_TURN degrees a second. Returns (frame, x, y, z, yaw)."""
    eye = 1.6
    corners = [(0.0, 12.0), (-5.0, 6.05), (-13.25, 6.05), (-13.25, -2.0), (-13.25, -9.25),
               (-7.0, -9.25), (2.0, -9.25), (5.5, -5.0), (5.5, 4.0), (0.0, 11.0)]
    step = WALK_SPEED / WALK_FPS
    points = []
    for _ in range(3 * WALK_FPS):
        points.append((corners[0][0], corners[0][1], 0.0))
    yaw = 0.0
    for (x0, z0), (x1, z1) in zip(corners, corners[1:]):
        length = math.hypot(x1 - x0, z1 - z0)
        # yaw 0 looks along -z, yaw 90 along -x
        heading = math.degrees(math.atan2(-(x1 - x0), -(z1 - z0)))
        for k in range(int(length / step)):
            turn = (heading - yaw + 180.0) % 360.0 - 180.0
            limit = WALK_TURN / WALK_FPS
            yaw += max(-limit, min(limit, turn))
            points.append((x0 + (x1 - x0) * k * step / length,
                           z0 + (z1 - z0) * k * step / length, yaw))
    if frames_wanted:
        points = points[:frames_wanted]
    return [(i, x, eye, z, y) for i, (x, z, y) in enumerate(points)]


def write_walk_script(frames_wanted=None):
    path = os.path.join(CTX.work, "walk.input")
    rows = walk_path(frames_wanted)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# docent bench: the walk through the demo gallery (bench/suite.py walk_path)\n")
        for frame, x, y, z, yaw in rows:
            f.write("%d camera %.3f %.3f %.3f %.2f -2\n" % (frame, x, y, z, yaw))
    return path, len(rows)


# ---- cases ------------------------------------------------------------------------------------


def docent_cmd(*args):
    return [os.path.join(CTX.bin, "docent")] + [str(a) for a in args]


def run_docent(args, label, timeout=3600):
    """Runs docent headless with --stats (and --frame-times); returns (Measured, stats, times)."""
    stats_path = os.path.join(CTX.work, label + ".stats.json")
    times_path = os.path.join(CTX.work, label + ".frames.txt")
    for path in (stats_path, times_path):
        if os.path.exists(path):
            os.remove(path)
    m = measure(docent_cmd(*args, "--stats", stats_path, "--frame-times", times_path),
                env=headless_env(), timeout=timeout)
    stats = read_json(stats_path)
    times = []
    if os.path.exists(times_path):
        with open(times_path, encoding="utf-8") as f:
            times = [float(line) for line in f if line.strip()]
    if m.rc != 0:
        note("  docent %s exited %d: %s" % (label, m.rc, m.stderr.strip().splitlines()[-1:]))
    return m, stats, times


def case_open():
    galleries = []
    ref = CTX.gltf_ref
    for name, rel in (("CubeRoom (interior)", "interior/CubeRoom/cube-room.gltf"),
                      ("zdm2 (interior)", "interior/zdm2/zdm2.glb"),
                      ("DamagedHelmet", "models/DamagedHelmet/glTF-Binary/DamagedHelmet.glb")):
        path = os.path.join(ref, rel) if ref else None
        if path and not os.path.exists(path):
            # the interior's file name is not fixed: take the folder's glTF
            folder = os.path.dirname(path)
            found = [f for f in sorted(os.listdir(folder)) if f.endswith((".gltf", ".glb"))] \
                if os.path.isdir(folder) else []
            path = os.path.join(folder, found[0]) if found else None
        if path:
            galleries.append((name, path, None))
        else:
            note("  %s: skipped, no reference models at %s" % (name, ref))
    galleries.append(("demo gallery", os.path.join(CTX.demo, "gallery.glb"), None))
    stress, params = make_stress_gallery()
    galleries.append(("stress gallery", stress, params))

    have_f3d = shutil.which("f3d") is not None and CTX.x.display is not None
    result = {"size": "%dx%d" % SIZE, "galleries": [],
              "f3d": "f3d --output FILE.png --resolution 1280,720 MODEL, under Xvfb"
              if have_f3d else None,
              "skipped": None if have_f3d else "f3d or Xvfb not installed"}
    runs = CTX.runs
    for name, path, params in galleries:
        note("open: %s" % name)
        timeout = 1800
        rows = {"docent_full": [], "docent_progressive": [], "f3d": []}

        def docent_full():
            m, stats, _ = run_docent([path, "--headless", "--frames", 1, "--size",
                                      "%dx%d" % SIZE, "--no-ui", "--screenshot",
                                      os.path.join(CTX.work, "open-docent.png")], "open-full",
                                     timeout)
            first = stats["load_ms"].get("first_frame_monotonic_s") if stats else None
            return {"wall_s": m.wall, "rss_mb": m.rss_mb, "ok": m.rc == 0,
                    "first_frame_s": first - m.start if first else None}

        def docent_progressive():
            m, stats, _ = run_docent([path, "--headless", "--progressive", "--frames", 2,
                                      "--size", "%dx%d" % SIZE, "--no-ui"], "open-progressive",
                                     timeout)
            first = stats["load_ms"].get("first_frame_monotonic_s") if stats else None
            textures = stats.get("textures", {}) if stats else {}
            return {"wall_s": m.wall, "rss_mb": m.rss_mb, "ok": m.rc == 0,
                    "first_frame_s": first - m.start if first else None,
                    "waiting_at_first_frame": textures.get("waiting_at_first_frame"),
                    "all_in_s": textures.get("all_in_ms", -1) / 1000.0
                    if textures.get("all_in_ms", -1) >= 0 else None}

        def f3d():
            out = os.path.join(CTX.work, "open-f3d.png")
            m = measure(["f3d", "--output", out, "--resolution", "%d,%d" % SIZE, path],
                        env=CTX.x.env(), timeout=timeout)
            return {"wall_s": m.wall, "rss_mb": m.rss_mb, "ok": m.rc == 0 and
                    os.path.exists(out)}

        order = [("docent_full", docent_full), ("f3d", f3d),
                 ("docent_progressive", docent_progressive)]
        if not have_f3d:
            order = [o for o in order if o[0] != "f3d"]
        if not CTX.smoke:
            for _, fn in order:  # warm-up: the file in the page cache for everyone
                fn()
        for _ in range(runs):
            for key, fn in order:
                rows[key].append(fn())
        entry = {"name": name, "file": shown_path(path),
                 "bytes": input_bytes(path), "generated": params}
        full, prog, peer = rows["docent_full"], rows["docent_progressive"], rows["f3d"]
        entry["docent_full"] = {
            "first_frame_s": summary([r["first_frame_s"] for r in full]),
            "wall_s": summary([r["wall_s"] for r in full]),
            "peak_rss_mb": summary([r["rss_mb"] for r in full]),
            "failures": sum(1 for r in full if not r["ok"])}
        entry["docent_progressive"] = {
            "first_frame_s": summary([r["first_frame_s"] for r in prog]),
            "all_textures_in_s": summary([r["all_in_s"] for r in prog]),
            "waiting_at_first_frame": prog[-1]["waiting_at_first_frame"] if prog else None,
            "wall_s": summary([r["wall_s"] for r in prog]),
            "peak_rss_mb": summary([r["rss_mb"] for r in prog]),
            "failures": sum(1 for r in prog if not r["ok"])}
        if peer:
            entry["f3d"] = {"wall_s": summary([r["wall_s"] for r in peer]),
                            "peak_rss_mb": summary([r["rss_mb"] for r in peer]),
                            "failures": sum(1 for r in peer if not r["ok"])}
            f3d_wall = entry["f3d"]["wall_s"]["median"]
            entry["ratios"] = {
                "first_frame_progressive_over_f3d": ratio(
                    entry["docent_progressive"]["first_frame_s"], f3d_wall),
                "first_frame_full_over_f3d": ratio(entry["docent_full"]["first_frame_s"],
                                                   f3d_wall),
                "wall_full_over_f3d": ratio(entry["docent_full"]["wall_s"], f3d_wall),
                "peak_rss_full_over_f3d": ratio(entry["docent_full"]["peak_rss_mb"],
                                                entry["f3d"]["peak_rss_mb"]["median"]),
                "peak_rss_progressive_over_f3d": ratio(
                    entry["docent_progressive"]["peak_rss_mb"],
                    entry["f3d"]["peak_rss_mb"]["median"]),
            }
        result["galleries"].append(entry)
        show_open(entry)
    return result


def shown_path(path):
    """A path as the results show it: from the repository, or from the reference models."""
    if CTX.gltf_ref and path.startswith(CTX.gltf_ref + os.sep):
        return "gltf-ref/" + os.path.relpath(path, CTX.gltf_ref)
    return os.path.relpath(path, CTX.root) if path.startswith(CTX.root) else path


def input_bytes(path):
    """A .glb's size, or a .gltf's with the files beside it (its buffers and images)."""
    if not path.endswith(".gltf"):
        return os.path.getsize(path)
    folder = os.path.dirname(path)
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)
               if os.path.isfile(os.path.join(folder, f)))


def ratio(s, denominator):
    if not s or not denominator:
        return None
    return round(s["median"] / denominator, 3)


def show_open(e):
    f = lambda s, unit="s": ("%.3f %s" % (s["median"], unit)) if s else "n/a"
    note("  docent first frame: %s progressive, %s full (%s to the image written);"
         " f3d %s; peak RSS docent %s / f3d %s" % (
             f(e["docent_progressive"]["first_frame_s"]), f(e["docent_full"]["first_frame_s"]),
             f(e["docent_full"]["wall_s"]), f(e.get("f3d", {}).get("wall_s")),
             f(e["docent_full"]["peak_rss_mb"], "MB"), f(e.get("f3d", {}).get("peak_rss_mb"),
                                                         "MB")))


def frame_figures(runs_times):
    """Per-run percentiles of frame times, summarised over the runs, and a pooled histogram."""
    pooled = [t for times in runs_times for t in times]
    return {
        "frames_per_run": len(runs_times[0]) if runs_times else 0,
        "p50_ms": summary([percentile(t, 50) for t in runs_times]),
        "p95_ms": summary([percentile(t, 95) for t in runs_times]),
        "max_ms": summary([max(t) if t else None for t in runs_times]),
        "histogram": histogram(pooled, 1.0),
    }


def walk_figures(key, runs_times, runs_stats, fields):
    """Frame-time figures of one configuration, plus `fields` ((name, stats section, key))
    from its last run's --stats; noted on the console."""
    figures = frame_figures(runs_times)
    last = runs_stats[-1] or {}
    for name, section, field in fields:
        figures[name] = last.get(section, {}).get(field)
    note("  %-14s frame time p50 %s  p95 %s  max %s ms" % (
        key, figures["p50_ms"]["median"] if figures["p50_ms"] else "n/a",
        figures["p95_ms"]["median"] if figures["p95_ms"] else "n/a",
        figures["max_ms"]["median"] if figures["max_ms"] else "n/a"))
    return figures


def case_walk():
    scene = bench_scene()
    frames = 60 if CTX.smoke else CTX.walk_frames
    script, frames = write_walk_script(frames)
    clip = make_clip(4 if CTX.smoke else CTX.video_seconds)
    common = [scene, "--headless", "--wander", "--size", "%dx%d" % SIZE, "--fps", WALK_FPS,
              "--frames", frames, "--input", script]
    configs = [("no_video", common), ("video_1080p30", common + ["--stream", clip])]
    times = {key: [] for key, _ in configs}
    extra = {key: [] for key, _ in configs}
    note("walk: %d frames at %dx%d through the demo gallery" % (frames, SIZE[0], SIZE[1]))
    if not CTX.smoke:
        for key, args in configs:
            run_docent(args, "walk-" + key)
    for _ in range(CTX.runs):
        for key, args in configs:
            m, stats, t = run_docent(args, "walk-" + key)
            times[key].append(t)
            extra[key].append(stats)
    result = {"size": "%dx%d" % SIZE, "frames": frames, "fps": WALK_FPS,
              "path": "bench/suite.py walk_path: the entrance, then the ring of rooms at %.1f m/s"
              % WALK_SPEED}
    for key, _ in configs:
        result[key] = walk_figures(key, times[key], extra[key], [
            ("draw_calls", "render", "draw_calls"), ("triangles", "render", "triangles"),
            ("video_presented", "video", "presented")])
    return result


def case_scanwalk():
    """Walking the stress gallery at 1280x720, as the scan and after `docent import`."""
    stress, params = make_stress_gallery()
    imported = os.path.join(CTX.work, "stress-imported")
    if os.path.exists(imported):
        shutil.rmtree(imported)
    started = time.monotonic()
    subprocess.run(docent_cmd("import", stress, "--out", imported), check=True,
                   stdout=subprocess.DEVNULL)
    import_s = time.monotonic() - started
    # Down the middle of the row of rooms at walking pace, one frame each SCAN_STEP metres.
    step = 1.4 if CTX.smoke else SCAN_STEP
    length = params["rooms"] * 14.0 - 3.0
    path = os.path.join(CTX.work, "scanwalk.input")
    count = int(length / step)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# docent bench: down the stress gallery's row of rooms\n")
        for frame in range(count):
            f.write("%d camera %.3f 1.7 0 -90 -3\n" % (frame, 1.5 + frame * step))
    configs = [("scan", stress), ("imported", imported)]
    common = ["--headless", "--size", "%dx%d" % SIZE, "--frames", count, "--input", path,
              "--no-ui", "--msaa", 1]
    times = {key: [] for key, _ in configs}
    extra = {key: [] for key, _ in configs}
    note("scanwalk: %d frames, every %.2f m along the stress gallery (import took %.1f s)" %
         (count, step, import_s))
    for _ in range(CTX.runs):
        for key, scene in configs:
            m, stats, t = run_docent([scene] + common, "scanwalk-" + key)
            times[key].append(t[1:])  # the first frame waits for the whole load
            extra[key].append(stats)
    result = {"size": "%dx%d" % SIZE, "frames": count, "step_m": step, "gallery": params,
              "import_s": round(import_s, 1)}
    for key, _ in configs:
        figures = walk_figures(key, times[key], extra[key], [
            ("triangles", "render", "triangles"),
            ("last_frame_triangles_drawn", "render", "triangles_drawn"),
            ("gpu_geometry_mb", "render", "gpu_geometry_mb")])
        figures["first_frame_s"] = summary([
            (s or {}).get("load_ms", {}).get("first_frame", 0) / 1000.0 or None
            for s in extra[key]])
        result[key] = figures
    return result


def case_video():
    seconds = 4 if CTX.smoke else CTX.video_seconds
    clip = make_clip(seconds)
    frames = seconds * 30
    bench = os.path.join(CTX.bin, "docent-bench-video")
    have_mpv = shutil.which("mpv") is not None and CTX.x.display is not None
    rows = {"docent_cpu": [], "ffmpeg_cpu": [], "docent_fps_egl": [], "docent_fps_x": [],
            "mpv_fps": []}
    note("video: %d s of 1080p30 H.264" % seconds)

    def docent_headless():
        with tempfile.TemporaryFile() as out:
            m = measure([bench, clip], env=headless_env(), stdout=out)
            out.seek(0)
            report = json.loads(out.read() or b"{}")
        rows["docent_cpu"].append(m.cpu / seconds * 60 if m.rc == 0 else None)
        rows["docent_fps_egl"].append(report.get("presented_fps"))

    def ffmpeg_null():
        m = measure(["ffmpeg", "-nostdin", "-i", clip, "-an", "-f", "null", "-"])
        rows["ffmpeg_cpu"].append(m.cpu / seconds * 60 if m.rc == 0 else None)

    def docent_x():
        with tempfile.TemporaryFile() as out:
            m = measure([bench, clip], env=CTX.x.env(), stdout=out)
            out.seek(0)
            report = json.loads(out.read() or b"{}")
        rows["docent_fps_x"].append(report.get("presented_fps") if m.rc == 0 else None)

    def mpv():
        m = measure(["mpv", "--no-config", "--vo=gpu", "--gpu-context=x11egl", "--untimed",
                     "--no-audio", "--really-quiet", clip], env=CTX.x.env())
        rows["mpv_fps"].append(frames / m.wall if m.rc == 0 else None)

    order = [docent_headless, ffmpeg_null]
    if have_mpv:
        order += [docent_x, mpv]
    if not CTX.smoke:
        for fn in order:
            fn()
        for r in rows.values():
            r.clear()
    for _ in range(CTX.runs):
        for fn in order:
            fn()
    result = {
        "clip": {"size": "1920x1080", "fps": 30, "seconds": seconds, "codec": "h264",
                 "view": "%dx%d" % SIZE},
        "cpu_s_per_video_minute": {"docent": summary(rows["docent_cpu"]),
                                   "ffmpeg_decode_only": summary(rows["ffmpeg_cpu"])},
        "presented_fps": {"docent_egl": summary(rows["docent_fps_egl"]),
                          "docent_xvfb": summary(rows["docent_fps_x"]),
                          "mpv_xvfb": summary(rows["mpv_fps"])},
        "mpv": "mpv --no-config --vo=gpu --gpu-context=x11egl --untimed --no-audio, under Xvfb"
        if have_mpv else None,
    }
    cpu = result["cpu_s_per_video_minute"]
    fps = result["presented_fps"]
    result["ratios"] = {
        "cpu_docent_over_ffmpeg": ratio(cpu["docent"], cpu["ffmpeg_decode_only"]["median"])
        if cpu["ffmpeg_decode_only"] else None,
        "fps_docent_over_mpv": ratio(fps["docent_xvfb"], fps["mpv_xvfb"]["median"])
        if fps["mpv_xvfb"] else None,
    }
    note("  CPU s per video minute: docent %s, ffmpeg -f null %s; frames/s untimed: docent %s"
         " (EGL) %s (Xvfb), mpv %s" % (
             med(cpu["docent"]), med(cpu["ffmpeg_decode_only"]), med(fps["docent_egl"]),
             med(fps["docent_xvfb"]), med(fps["mpv_xvfb"])))
    return result


def med(s):
    return "%.2f" % s["median"] if s else "n/a"


def stream_info(path):
    """(frames per second, seconds) of a recording's video, from ffprobe."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=avg_frame_rate:format=duration", "-of", "json", path],
                         capture_output=True, text=True).stdout
    info = json.loads(out or "{}")
    num, _, den = info["streams"][0]["avg_frame_rate"].partition("/")
    return float(num) / float(den or 1), float(info["format"]["duration"])


def cue_offsets(stats, fps):
    """Frames between each cue's pts and the pts of the frame on screen when it fired."""
    return [round((c["frame_pts"] - c["cue_pts"]) * fps) for c in (stats or {}).get("cues", [])]


def realtime_figures(stats, times, fps):
    video = (stats or {}).get("video", {})
    return {
        "frames": len(times),
        "frames_skipped": (stats or {}).get("frames_skipped"),
        "frame_ms": {"p50": percentile(times, 50), "p95": percentile(times, 95),
                     "max": max(times) if times else None},
        "video_interval_ms": round(1000.0 / fps, 3),
        "decoded": video.get("decoded"), "presented": video.get("presented"),
        "dropped": video.get("dropped"), "repeated": video.get("repeated"),
        "stalls": video.get("stalls"),
        "av_offset_ms": video.get("av_offset_ms"),
        "decoded_to_screen_ms": video.get("decoded_to_screen_ms"),
        "cue_offsets_frames": cue_offsets(stats, fps),
        "quality": (stats or {}).get("quality"),
        "histogram": histogram(times, 1.0),
    }


def case_realtime():
    tour = os.path.join(CTX.demo, "tour.ts")
    tour_fps, tour_seconds = stream_info(tour)
    clip = make_clip(4 if CTX.smoke else CTX.video_seconds)
    clip_fps, clip_seconds = stream_info(clip)
    duration = 5 if CTX.smoke else math.floor(min(tour_seconds, CTX.realtime_seconds))
    runs = 1 if CTX.smoke else 2
    configs = [
        ("demo_tour", [CTX.demo, "--duration", duration], tour_fps,
         "the demo scene and its tour (%d of its %.0f s, %.0f fps)" % (duration, tour_seconds,
                                                                       tour_fps)),
        ("broadcast_1080p30", [bench_scene(), "--stream", clip, "--duration",
                               min(duration, math.floor(clip_seconds))], clip_fps,
         "the demo gallery with a 1080p30 broadcast on the panel (%d s)" % min(
             duration, math.floor(clip_seconds))),
    ]
    result = {"size": "%dx%d" % SIZE}
    for key, args, fps, what in configs:
        note("realtime: %s" % what)
        runs_figures = []
        for _ in range(runs):
            m, stats, times = run_docent(
                args + ["--headless", "--realtime", "--size", "%dx%d" % SIZE, "--fps", 30],
                "realtime-" + key, timeout=duration * 3 + 120)
            runs_figures.append(realtime_figures(stats, times, fps))
        result[key] = {"what": what, "runs": runs_figures}
        for r in runs_figures:
            note("  dropped %s, repeated %s, A/V offset p95 %s ms, decoded-to-screen p95 %s ms,"
                 " frame p95 %s ms (video interval %s ms), cues off by %s frames" % (
                     r["dropped"], r["repeated"], (r["av_offset_ms"] or {}).get("p95"),
                     (r["decoded_to_screen_ms"] or {}).get("p95"), r["frame_ms"]["p95"],
                     r["video_interval_ms"],
                     max((abs(o) for o in r["cue_offsets_frames"]), default="no cues")))
    return result


def case_cues():
    """Every cue of the tour, played at fixed step (the replay) and in real time (a viewer)."""
    tour = os.path.join(CTX.demo, "tour.ts")
    fps, seconds = stream_info(tour)
    full = 12 if CTX.smoke else math.ceil(seconds) + 1
    live = 12 if CTX.smoke else math.ceil(min(seconds, CTX.realtime_seconds)) + 1
    result = {"tour_fps": fps, "tour_seconds": round(seconds, 3), "runs": []}
    note("cues: the demo tour, %.0f s at fixed step, %.0f s in real time" % (full, live))
    for mode, duration, extra in (("fixed_step", full, ["--fps", fps]),
                                  ("realtime", live, ["--realtime", "--fps", 30])):
        m, stats, _ = run_docent([CTX.demo, "--headless", "--size", "320x180", "--no-ui",
                                  "--duration", duration] + extra, "cues-" + mode,
                                 timeout=duration * 20 + 120)
        offsets = cue_offsets(stats, fps)
        result["runs"].append({"mode": mode, "seconds": duration, "cues": len(offsets),
                               "offsets_frames": offsets,
                               "max_abs_frames": max((abs(o) for o in offsets), default=None)})
        note("  %s: %d cues, off by at most %s frames" % (
            mode, len(offsets), max((abs(o) for o in offsets), default="n/a")))
    return result


def parse_callgrind(path):
    """Self cost (instructions) per object file, from a callgrind output file."""
    names = {"ob": {}, "fl": {}, "fn": {}}
    cost_by_object = {}
    current_object = None
    fn_object = None
    skip_next = False
    events = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("events:"):
                events = line.split()[1:]
                continue
            key, _, value = line.partition("=")
            if key in ("ob", "cob", "fl", "fi", "fe", "fn", "cfn", "cfi", "cfl") and _:
                kind = {"cob": "ob", "fi": "fl", "fe": "fl", "cfi": "fl", "cfl": "fl",
                        "cfn": "fn"}.get(key, key)
                value = value.strip()
                name = value
                if value.startswith("("):
                    ident, _, rest = value.partition(")")
                    rest = rest.strip()
                    if rest:
                        names[kind][ident] = rest
                    name = names[kind].get(ident, rest)
                if key == "ob":
                    current_object = name
                if key == "fn":
                    fn_object = current_object
                continue
            if key == "calls" and _:
                skip_next = True  # the next cost line is the call's inclusive cost
                continue
            if line[0].isdigit() or line[0] in "+-*":
                if skip_next:
                    skip_next = False
                    continue
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    cost_by_object[fn_object] = cost_by_object.get(fn_object, 0) + int(parts[1])
    return events, cost_by_object


def callgrind_run(frames):
    """Instructions per object file of one fixed headless run of the demo scene and its tour."""
    out = os.path.join(CTX.work, "callgrind-%d.out" % frames)
    env = headless_env()
    env["LP_NUM_THREADS"] = "0"  # llvmpipe rasterises on the calling thread: one fixed order
    # Every run compiles its shaders: with Mesa's disk cache the second run would find what the
    # first compiled, and the difference of the two would not be the cost of frames.
    env["MESA_SHADER_CACHE_DISABLE"] = "true"
    args = [CTX.demo, "--headless", "--frames", frames, "--fps", 15, "--size", "320x180"]
    m = measure(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                 "--smc-check=all-non-file", "--dump-instr=no", "--compress-pos=no"] +
                docent_cmd(*args), env=env, timeout=7200)
    if m.rc != 0 or not os.path.exists(out):
        note("  valgrind failed (%d): %s" % (m.rc, m.stderr[-400:]))
        return None, m
    _, by_object = parse_callgrind(out)
    return by_object, m


def case_callgrind():
    """Two runs, short and long: their difference is the cost of the frames alone, the short
    run less its frames the cost of starting (loading, shader compiles, the first frame)."""
    if CTX.smoke:
        note("callgrind: left out of the smoke run (minutes under valgrind; make bench runs it)")
        return {"skipped": "left out of the smoke run: make bench runs it"}
    if not shutil.which("valgrind"):
        note("callgrind: skipped, valgrind is not installed")
        return {"skipped": "valgrind is not installed"}
    short, long = 2, 12
    note("callgrind: %d and %d frames of the demo scene and its tour at 320x180" % (short, long))
    docent_exe = os.path.realpath(os.path.join(CTX.bin, "docent"))
    runs = {}
    for frames in (short, long):
        by_object, m = callgrind_run(frames)
        if by_object is None:
            return {"skipped": "valgrind failed with %d" % m.rc}
        named = {}
        for obj, cost in by_object.items():
            if not obj or obj == "???":
                name = "JIT code (left out)"
            elif os.path.realpath(obj) == docent_exe:
                name = "docent"
            else:
                name = os.path.basename(obj)
            named[name] = named.get(name, 0) + cost
        runs[frames] = (named, m.wall)
    per_frame = {k: (runs[long][0].get(k, 0) - runs[short][0].get(k, 0)) / (long - short)
                 for k in set(runs[long][0]) | set(runs[short][0])}
    start = {k: runs[short][0].get(k, 0) - short * per_frame.get(k, 0) for k in runs[short][0]}
    # Largest first by what the long run spent; objects under a million instructions are left out.
    total = {k: start.get(k, 0) + long * per_frame[k] for k in per_frame}
    order = [k for k in sorted(total, key=lambda k: -total[k]) if total[k] >= 1e6]
    result = {"frames": [short, long], "size": "320x180", "fps": 15,
              "scene": "the demo scene with its tour",
              "docent_per_frame": round(per_frame.get("docent", 0)),
              "docent_start": round(start.get("docent", 0)),
              "objects": [{"object": k, "per_frame": round(per_frame[k]),
                           "start": round(start.get(k, 0))} for k in order],
              "wall_s": [round(runs[short][1], 1), round(runs[long][1], 1)]}
    note("  docent's own code: %.2f M instructions a frame, %.1f M to start" % (
        result["docent_per_frame"] / 1e6, result["docent_start"] / 1e6))
    return result


CASES = {"open": case_open, "walk": case_walk, "scanwalk": case_scanwalk, "video": case_video,
         "realtime": case_realtime, "cues": case_cues, "callgrind": case_callgrind}


class Context:
    pass


CTX = Context()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--bin", default=os.environ.get("DOCENT_BIN", "build/bin"))
    parser.add_argument("--work", default=None)
    parser.add_argument("--results", default=None)
    parser.add_argument("--gltf-ref", default=os.path.join(HERE, "..", "..", "shared",
                                                           "gltf-ref"))
    parser.add_argument("--stress-triangles", type=int, default=5000000)
    parser.add_argument("--stress-textures", type=int, default=150)
    parser.add_argument("--walk-frames", type=int, default=None)
    parser.add_argument("--video-seconds", type=int, default=60)
    parser.add_argument("--realtime-seconds", type=float, default=float("inf"))
    args = parser.parse_args()

    CTX.smoke = args.smoke
    CTX.runs = args.runs or (1 if args.smoke else 3)
    CTX.bin = os.path.abspath(args.bin)
    CTX.root = os.path.abspath(os.path.join(HERE, ".."))
    CTX.work = os.path.abspath(args.work or os.path.join(CTX.bin, "..", "bench"))
    CTX.results = os.path.abspath(args.results or (
        os.path.join(CTX.work, "results") if args.smoke else os.path.join(HERE, "results")))
    CTX.gltf_ref = os.path.abspath(args.gltf_ref) if os.path.isdir(args.gltf_ref) else None
    CTX.demo = os.path.abspath(os.path.join(CTX.bin, "..", "scenes", "demo"))
    CTX.stress_triangles = args.stress_triangles
    CTX.stress_textures = args.stress_textures
    CTX.walk_frames = args.walk_frames
    CTX.video_seconds = args.video_seconds
    CTX.realtime_seconds = args.realtime_seconds
    os.makedirs(CTX.work, exist_ok=True)
    os.makedirs(CTX.results, exist_ok=True)
    cases = [c for c in args.cases.split(",") if c]
    for c in cases:
        if c not in CASES:
            parser.error("unknown case %s (cases: %s)" % (c, ", ".join(CASES)))

    CTX.x = XServer()
    if not CTX.x.start():
        note("no X server (Xvfb not installed): the windowed peers are left out")
    try:
        machine = machine_info(CTX)
        for name in cases:
            started = time.monotonic()
            result = CASES[name]()
            result["case"] = name
            result["smoke"] = CTX.smoke
            result["repeats"] = CTX.runs
            result["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds")
            result["machine"] = machine
            result["seconds"] = round(time.monotonic() - started, 1)
            path = os.path.join(CTX.results, name + ".json")
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                json.dump(result, f, indent=1, ensure_ascii=False)
                f.write("\n")
            os.replace(path + ".tmp", path)
            note("  -> %s (%.0f s)" % (os.path.relpath(path), result["seconds"]))
    finally:
        CTX.x.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
