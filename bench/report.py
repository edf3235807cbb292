#!/usr/bin/python3
"""Writes docs/PERFORMANCE.md (tables) and its plots (PNG) from the suite's results.

Usage: report.py [--results DIR] [--out FILE.md] [--images DIR]
Defaults: bench/results/, docs/PERFORMANCE.md, docs/images/. Run by Debian's python3, whose
python3-matplotlib (`make bench` installs it) draws the plots; without it the tables are written
and the plots are left out.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))


def load(results):
    found = {}
    for name in ("open", "walk", "scanwalk", "video", "realtime", "cues", "callgrind"):
        path = os.path.join(results, name + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                found[name] = json.load(f)
    return found


def med(s, digits=2, scale=1.0):
    if not s:
        return "n/a"
    return "%.*f" % (digits, s["median"] * scale)


def spread(s, digits=2, scale=1.0):
    """median (min–max)"""
    if not s:
        return "n/a"
    if len(s["runs"]) < 2:
        return "%.*f" % (digits, s["median"] * scale)
    return "%.*f (%.*f–%.*f)" % (digits, s["median"] * scale, digits, s["min"] * scale, digits,
                                 s["max"] * scale)


def x(value, digits=2):
    return "n/a" if value is None else "%.*f×" % (digits, value)


def verdict(ok):
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def plots(found, images):
    """Writes the PNGs; returns {name: relative path} of those written."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return {}
    os.makedirs(images, exist_ok=True)
    written = {}

    def hist_line(ax, h, label, colour):
        """A step line of the histogram, its 1 ms bins merged to about 60 over its range."""
        if not h or not h["counts"]:
            return
        merge = max(1, round(len(h["counts"]) / 60))
        counts = [sum(h["counts"][i:i + merge]) for i in range(0, len(h["counts"]), merge)]
        width = h["bin_ms"] * merge
        xs, ys = [], []
        for i, c in enumerate(counts):
            left = h["first"] + i * width
            xs += [left, left + width]
            ys += [c, c]
        total = sum(counts)
        ax.plot(xs, [y * 100.0 / total for y in ys], label=label, color=colour, linewidth=1.4)

    walk = found.get("walk")
    if walk:
        fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
        hist_line(ax, walk["no_video"]["histogram"], "gallery only", "#2a6fb0")
        hist_line(ax, walk["video_1080p30"]["histogram"], "with the 1080p30 guide panel",
                  "#c0392b")
        ax.axvline(1000.0 / 30, color="#555", linestyle="--", linewidth=1)
        ax.text(1000.0 / 30, ax.get_ylim()[1] * 0.92, " 33.3 ms (30 fps)", color="#555",
                fontsize=8)
        ax.set_xlabel("frame time (ms)")
        ax.set_ylabel("% of frames")
        ax.set_title("Walking the demo gallery at %s (%d frames x %d runs)" % (
            walk["size"], walk["frames"], walk["repeats"]), fontsize=10)
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = os.path.join(images, "perf-walk.png")
        fig.savefig(path)
        plt.close(fig)
        written["walk"] = path

    realtime = found.get("realtime")
    if realtime:
        fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
        colours = {"demo_tour": "#2a6fb0", "broadcast_1080p30": "#c0392b"}
        for key in ("demo_tour", "broadcast_1080p30"):
            if key in realtime and realtime[key]["runs"]:
                hist_line(ax, realtime[key]["runs"][0]["histogram"], realtime[key]["what"],
                          colours[key])
        ax.set_xlabel("frame time (ms)")
        ax.set_ylabel("% of frames")
        ax.set_title("Real time at %s, first run of each" % realtime["size"], fontsize=10)
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = os.path.join(images, "perf-realtime.png")
        fig.savefig(path)
        plt.close(fig)
        written["realtime"] = path

    opened = found.get("open")
    if opened and opened["galleries"]:
        rows = opened["galleries"]
        fig, ax = plt.subplots(figsize=(8, 0.7 + 0.75 * len(rows)), dpi=100)
        series = [("docent, first frame (progressive)", "docent_progressive", "first_frame_s",
                   "#2a6fb0"),
                  ("docent, first frame (full load)", "docent_full", "first_frame_s", "#7fb3e0"),
                  ("f3d, image written", "f3d", "wall_s", "#c0392b")]
        height = 0.26
        for k, (label, tool, field, colour) in enumerate(series):
            values = [((r.get(tool) or {}).get(field) or {}).get("median") for r in rows]
            ys = [i + (k - 1) * height for i in range(len(rows))]
            ax.barh([y for y, v in zip(ys, values) if v], [v for v in values if v],
                    height=height, color=colour, label=label)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([r["name"] for r in rows], fontsize=8)
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel("seconds from exec (log scale), medians")
        ax.legend(fontsize=7, loc="upper right")
        ax.set_title("Opening a gallery at %s" % opened["size"], fontsize=10)
        fig.tight_layout()
        path = os.path.join(images, "perf-open.png")
        fig.savefig(path)
        plt.close(fig)
        written["open"] = path
    return written


def write(found, out, images):
    pictures = plots(found, images)
    rel = lambda p: os.path.relpath(p, os.path.dirname(os.path.abspath(out)))
    any_result = next(iter(found.values()), None)
    lines = ["# Performance", "",
             "Generated by `bench/report.py` from `bench/results/*.json`, which `make bench` "
             "writes (`bench/suite.py`: every case, peers alternating with docent after a "
             "warm-up, three runs each unless stated; medians, with min–max in brackets). "
             "Figures, not tests: nothing here fails on a slow machine.", ""]
    if any_result:
        m = any_result["machine"]
        lines += ["## The machine", "",
                  "| | |", "|---|---|",
                  "| CPU | %s, %s cores |" % (m["cpu"], m["cores"]),
                  "| memory | %s GiB |" % m["memory_gib"],
                  "| system | %s, Linux %s |" % (m["os"], m["kernel"]),
                  "| GPU | none: Mesa's llvmpipe (headless through EGL; peers under Xvfb) |",
                  "| docent | %s |" % m["docent"],
                  "| f3d | %s |" % (m["f3d"] or "not installed"),
                  "| mpv | %s |" % (m["mpv"] or "not installed"),
                  "| ffmpeg | %s |" % m["ffmpeg"],
                  "| valgrind | %s |" % (m["valgrind"] or "not installed"),
                  "| measured | %s |" % ", ".join(sorted({r["date"][:10] for r in
                                                           found.values()})), ""]
    lines += targets(found)
    lines += section_open(found.get("open"), pictures)
    lines += section_walk(found.get("walk"), pictures)
    lines += section_scanwalk(found.get("scanwalk"))
    lines += section_video(found.get("video"))
    lines += section_realtime(found.get("realtime"), pictures)
    lines += section_cues(found.get("cues"))
    lines += section_callgrind(found.get("callgrind"))
    text = "\n".join(lines)
    for name, path in pictures.items():
        text = text.replace("{%s}" % name, rel(path))
    with open(out, "w", encoding="utf-8") as f:
        f.write(text.rstrip() + "\n")
    return out


def targets(found):
    rows = ["## Targets", "",
            "| target | measured | |", "|---|---|---|"]
    opened = found.get("open")
    if opened:
        for g in opened["galleries"]:
            r = g.get("ratios")
            if not r:
                continue
            rows.append("| first frame ≤ 0.5 × f3d's: %s | progressive %s, full load %s |"
                        " %s |" % (g["name"], x(r["first_frame_progressive_over_f3d"]),
                                   x(r["first_frame_full_over_f3d"]),
                                   verdict(r["first_frame_progressive_over_f3d"] <= 0.5
                                           if r["first_frame_progressive_over_f3d"] else None)))
            rows.append("| peak RSS ≤ f3d's: %s | full %s, progressive %s | %s |" % (
                g["name"], x(r["peak_rss_full_over_f3d"]),
                x(r["peak_rss_progressive_over_f3d"]),
                verdict(r["peak_rss_full_over_f3d"] <= 1.0
                        if r["peak_rss_full_over_f3d"] else None)))
    video = found.get("video")
    if video:
        r = video["ratios"]
        rows.append("| video path CPU ≤ 2 × decode alone | %s | %s |" % (
            x(r["cpu_docent_over_ffmpeg"]), verdict(r["cpu_docent_over_ffmpeg"] <= 2.0
                                                    if r["cpu_docent_over_ffmpeg"] else None)))
        rows.append("| presented frames/s untimed ≥ 1.5 × mpv's | %s | %s |" % (
            x(r["fps_docent_over_mpv"]), verdict(r["fps_docent_over_mpv"] >= 1.5
                                                 if r["fps_docent_over_mpv"] else None)))
    realtime = found.get("realtime")
    if realtime:
        for key in ("demo_tour", "broadcast_1080p30"):
            if key not in realtime:
                continue
            runs = realtime[key]["runs"]
            dropped = sum(r["dropped"] or 0 for r in runs)
            av = max(((r["av_offset_ms"] or {}).get("p95") or 0) for r in runs)
            p95 = max(r["frame_ms"]["p95"] or 0 for r in runs)
            interval = runs[0]["video_interval_ms"]
            rows.append("| real time, %s: no video frame dropped | %d dropped in %d runs | %s |"
                        % (key.replace("_", " "), dropped, len(runs), verdict(dropped == 0)))
            rows.append("| real time, %s: A/V offset within ±20 ms p95 | %.1f ms | %s |" % (
                key.replace("_", " "), av, verdict(av <= 20.0)))
            rows.append("| real time, %s: frame time p95 under the video's frame interval "
                        "(%.1f ms) | %.1f ms | %s |" % (key.replace("_", " "), interval, p95,
                                                        verdict(p95 < interval)))
    # Every cue that fired in any run: the cue case's and the real-time case's.
    offsets = []
    for run in (found.get("cues") or {}).get("runs", []):
        offsets += run["offsets_frames"]
    for key in ("demo_tour", "broadcast_1080p30"):
        for run in (realtime or {}).get(key, {}).get("runs", []):
            offsets += run["cue_offsets_frames"]
    if offsets:
        worst = max(abs(o) for o in offsets)
        rows.append("| cue accuracy 0 frames in every run | %d of %d cues off, by at most %d "
                    "frames | %s |" % (sum(1 for o in offsets if o), len(offsets), worst,
                                       verdict(worst == 0)))
    return rows + [""]


def section_open(o, pictures):
    if not o:
        return []
    lines = ["## Opening a gallery", "",
             "Seconds from exec until the first frame, at %s. docent's first frame comes from "
             "its `--stats` (`load_ms.first_frame_monotonic_s` against the moment the suite "
             "started it); progressive is how a window and `--realtime` open (geometry first, "
             "textures streamed in after), full load is the headless default that decodes "
             "every texture first. f3d's figure is its whole run until its image is written "
             "(`%s`), so docent's whole full-load run writing its screenshot is given too. "
             "Peak RSS is each process's own `ru_maxrss`." % (o["size"], o["f3d"] or "f3d"), "",
             "| gallery | docent first frame: progressive | full load | docent full run, image"
             " written | f3d, image written | all textures in (progressive) | peak RSS MB: "
             "docent full / progressive / f3d |",
             "|---|---|---|---|---|---|---|"]
    for g in o["galleries"]:
        f3d = g.get("f3d") or {}
        lines.append("| %s (%.1f MB) | %s | %s | %s | %s | %s | %s / %s / %s |" % (
            g["name"], g["bytes"] / 1e6, spread(g["docent_progressive"]["first_frame_s"], 3),
            spread(g["docent_full"]["first_frame_s"], 3), spread(g["docent_full"]["wall_s"], 3),
            spread(f3d.get("wall_s"), 3), med(g["docent_progressive"]["all_textures_in_s"], 2),
            med(g["docent_full"]["peak_rss_mb"], 0), med(g["docent_progressive"]["peak_rss_mb"],
                                                         0),
            med(f3d.get("peak_rss_mb"), 0)))
    generated = [g for g in o["galleries"] if g.get("generated")]
    for g in generated:
        p = g["generated"]
        lines += ["", "The stress gallery is made at bench time by `docent-make-stress-gallery "
                  "--rooms %d --triangles %d --textures %d --texture-size %d`." % (
                      p["rooms"], p["triangles"], p["textures"], p["texture_size"])]
    if o.get("skipped"):
        lines += ["", "f3d: %s." % o["skipped"]]
    if "open" in pictures:
        lines += ["", "![Opening a gallery]({open})"]
    return lines + [""]


def section_walk(w, pictures):
    if not w:
        return []
    lines = ["## Walking", "",
             "Frame time (render thread, ended by `glFinish`) at %s along %s, %d frames at "
             "%d fps, fixed step; with the video, a 1080p30 H.264 broadcast plays on the guide's "
             "panel (decode, upload and drawing included)." % (w["size"], w["path"], w["frames"],
                                                               w["fps"]), "",
             "| | p50 ms | p95 ms | max ms | draw calls | triangles |", "|---|---|---|---|---|---|"]
    for key, label in (("no_video", "gallery only"), ("video_1080p30", "with the 1080p30 panel")):
        f = w[key]
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            label, spread(f["p50_ms"], 1), spread(f["p95_ms"], 1), spread(f["max_ms"], 1),
            f["draw_calls"], f["triangles"]))
    if "walk" in pictures:
        lines += ["", "![Frame times while walking]({walk})"]
    return lines + [""]


def section_scanwalk(w):
    if not w:
        return []
    g = w["gallery"]
    lines = ["## Walking a scan, with and without `docent import`", "",
             "Frame time (render thread, ended by `glFinish`) at %s down the stress gallery's row "
             "of %d rooms (%d triangles, %d textures of %d²), a frame every %.2f m, fixed step, "
             "no UI, one sample; the first frame (the load) left out. `docent import` (levels of "
             "detail) took %.1f s." % (w["size"], g["rooms"], g["triangles"], g["textures"],
                                       g["texture_size"], w["step_m"], w["import_s"]), "",
             "| | first frame s | p50 ms | p95 ms | max ms | triangles drawn (last frame) | "
             "GPU geometry MB |", "|---|---|---|---|---|---|---|"]
    for key, label in (("scan", "the scan as it is"), ("imported", "after `docent import`")):
        f = w[key]
        lines.append("| %s | %s | %s | %s | %s | %s of %s | %s |" % (
            label, spread(f.get("first_frame_s"), 2), spread(f["p50_ms"], 1),
            spread(f["p95_ms"], 1), spread(f["max_ms"], 1),
            f["last_frame_triangles_drawn"], f["triangles"], f["gpu_geometry_mb"]))
    return lines + [""]


def section_video(v):
    if not v:
        return []
    c, f = v["cpu_s_per_video_minute"], v["presented_fps"]
    return ["## The guide's video path", "",
            "%s s of %s %s fps H.264. docent's path is `docent-bench-video`: decode "
            "(frame-threaded), upload and draw the panel filling a %s view, nothing else, "
            "untimed. The floor is `ffmpeg -i CLIP -an -f null -` (decode alone); the player is "
            "%s." % (v["clip"]["seconds"], v["clip"]["size"], v["clip"]["fps"], v["clip"]["view"],
                     v["mpv"] or "mpv (not installed)"), "",
            "| | docent | peer | ratio |", "|---|---|---|---|",
            "| CPU s per video minute (vs ffmpeg decode alone) | %s | %s | %s |" % (
                spread(c["docent"]), spread(c["ffmpeg_decode_only"]),
                x(v["ratios"]["cpu_docent_over_ffmpeg"])),
            "| frames presented per s, untimed, under Xvfb (vs mpv) | %s | %s | %s |" % (
                spread(f["docent_xvfb"], 1), spread(f["mpv_xvfb"], 1),
                x(v["ratios"]["fps_docent_over_mpv"])),
            "| frames presented per s, untimed, headless EGL | %s | | |" % spread(
                f["docent_egl"], 1), ""]


def quality_text(q):
    """Where the governor settled, and the seconds at each level it used."""
    if not q:
        return "high (fixed)"
    if q.get("mode") != "auto":
        return "%s (fixed)" % q.get("level")
    used = ", ".join("%s %.0f s" % (level, seconds)
                     for level, seconds in q.get("seconds_at", {}).items() if seconds >= 0.5)
    return "%s; %s" % (q.get("level"), used)


def section_realtime(r, pictures):
    if not r:
        return []
    lines = ["## Real time", "",
             "`docent --headless --realtime` at %s: frames paced by the wall clock at 30 fps "
             "(a frame due while the one before was still drawn is skipped, as a window misses "
             "vsyncs), the voice through OpenAL Soft's null device, which keeps the audio clock. "
             "Decoded-to-screen is the time from a video frame leaving the decoder to the end "
             "of the frame that showed it. The picture quality is automatic (the default): "
             "the quality column says where the governor settled and the seconds spent at each "
             "level." % r["size"], "",
             "| run | frames drawn (skipped) | video presented | dropped | repeated | A/V offset "
             "ms p50 / p95 /"
             " max | decoded-to-screen ms p50 / p95 / max | frame ms p50 / p95 / max | "
             "video interval ms | quality |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    triple = lambda d: "n/a" if not d or d.get("p50") is None else "%.1f / %.1f / %.1f" % (
        d["p50"], d["p95"], d["max"])
    for key in ("demo_tour", "broadcast_1080p30"):
        if key not in r:
            continue
        for i, run in enumerate(r[key]["runs"]):
            lines.append("| %s, run %d | %d (%s) | %s | %s | %s | %s | %s | %s | %.1f | %s |" % (
                r[key]["what"], i + 1, run["frames"], run.get("frames_skipped", "n/a"),
                run["presented"], run["dropped"],
                run["repeated"], triple(run["av_offset_ms"]), triple(run["decoded_to_screen_ms"]),
                triple(run["frame_ms"]), run["video_interval_ms"], quality_text(run.get("quality"))))
    if "realtime" in pictures:
        lines += ["", "![Frame times in real time]({realtime})"]
    return lines + [""]


def section_cues(c):
    if not c:
        return []
    lines = ["## Cue accuracy", "",
             "The demo tour (%.0f s at %.0f fps), at 320x180: for each cue, the frames between "
             "its pts and the pts of the frame on screen when its hotspot lit." % (
                 c["tour_seconds"], c["tour_fps"]), "",
             "| run | seconds played | cues | frames off, each cue | worst |",
             "|---|---|---|---|---|"]
    for run in c["runs"]:
        lines.append("| %s | %s | %d | %s | %s |" % (run["mode"].replace("_", " "),
                                                     run.get("seconds", "all"), run["cues"],
                                               " ".join(str(o) for o in run["offsets_frames"]),
                                               run["max_abs_frames"]))
    return lines + [""]


def section_callgrind(c):
    if not c:
        return []
    if c.get("skipped"):
        return ["## Instruction counts", "", "Skipped: %s." % c["skipped"], ""]
    lines = ["## Instruction counts", "",
             "callgrind on %s at %s, %d fps fixed step, llvmpipe on one thread "
             "(`LP_NUM_THREADS=0`) and Mesa's shader cache off, run for %d and for %d frames: "
             "the difference is the cost of a frame, the short run less its frames the cost of "
             "starting. docent's own code is everything in the `docent` executable (engine, "
             "streaming, hotspots, app). The rasteriser's JIT code varies with the CPU and is "
             "left out; LLVM's figure is Mesa compiling shaders (a window or a later run finds "
             "many of them in Mesa's disk cache). For regression tracking: compare runs of one "
             "machine." % (
                 c["scene"], c["size"], c["fps"], c["frames"][0], c["frames"][1]), "",
             "| object | M instructions a frame | M instructions to start |", "|---|---|---|"]
    for o in c["objects"]:
        name = "**docent (its own code)**" if o["object"] == "docent" else o["object"]
        lines.append("| %s | %.2f | %.1f |" % (name, o["per_frame"] / 1e6, o["start"] / 1e6))
    return lines + [""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=os.path.join(HERE, "results"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "PERFORMANCE.md"))
    parser.add_argument("--images", default=os.path.join(ROOT, "docs", "images"))
    args = parser.parse_args()
    found = load(args.results)
    if not found:
        print("report.py: no results in %s (run bench/suite.py first)" % args.results,
              file=sys.stderr)
        return 1
    print("report.py: wrote %s" % write(found, args.out, args.images))
    return 0


if __name__ == "__main__":
    sys.exit(main())
