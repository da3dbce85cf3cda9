"""Seconds per frame of a clip: `geo export --mp4` (and --gif) of the case study, stepped in one page.

    python bench/clip.py [--from 2019-12-01] [--to 2020-03-10] [--gif] [--size 1280x720] [--scale 1]

Prints, for one clip of the days asked (default: the whole range, 101 days):
- per frame, steady state: setting the day in the page, waiting for it to settle and the screenshot
  (median and 90th percentile), and with decoding and encoding added;
- the whole clip: from starting Chromium to the file renamed into place, in all and per frame;
- the command as a user runs it (a new ``python -m geo`` process: reading and deriving included).
Written to build/bench/ (ignored by git).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "layers" / "idlib-2020" / "scenario.toml"
OUT = ROOT / "build" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", default=None)
    parser.add_argument("--to", dest="end", default=None)
    parser.add_argument("--gif", action="store_true", help="a GIF as well as the MP4")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import geo
    from geo.write import clip

    OUT.mkdir(parents=True, exist_ok=True)
    size = tuple(int(v) for v in args.size.split("x"))
    model = geo.build_model(SCENARIO, warn=False)
    drawn = geo.build_map(model, tiles="none")
    days = clip.clip_days(drawn.time_control.config, model.timeline, args.start, args.end)
    outputs = {"mp4": OUT / "clip.mp4"} | ({"gif": OUT / "clip.gif"} if args.gif else {})
    stats = clip.write_clips(outputs, geo.to_html(drawn), days, size=size, scale=args.scale)
    steady = sorted(stats.timings[1:] or stats.timings)
    print(f"{len(days)} frames ({days[0]} – {days[-1]}), {stats.pixels[0]}×{stats.pixels[1]} px, "
          f"{', '.join(outputs)}")
    print(f"per frame, step + settle + screenshot: median {statistics.median(stats.shots):.3f} s")
    print(f"per frame, with decoding and encoding: median {statistics.median(steady):.3f} s, "
          f"90th percentile {steady[int(0.9 * (len(steady) - 1))]:.3f} s")
    print(f"whole clip (Chromium start to file): {stats.seconds:.1f} s, {stats.per_frame:.3f} s per frame")
    command = [sys.executable, "-m", "geo", "export", str(SCENARIO), "--mp4", str(OUT / "cli.mp4"),
               "--size", args.size, "--scale", str(args.scale)]
    for option, value in (("--from", args.start), ("--to", args.end)):
        command += [option, value] if value else []
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    took = time.perf_counter() - started
    print(f"`{' '.join(['python -m geo', *command[3:]])}`: {took:.1f} s, {took / len(days):.3f} s per frame")


if __name__ == "__main__":
    main()
