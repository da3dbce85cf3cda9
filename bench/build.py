"""The default build: geo against geopandas' ``explore()`` of the same layer files, in one run.

    pip install -e ".[bench]"; python bench/build.py [--runs 5] [--against DIR]

Times, as medians of ``--runs``:
- geo in-process: ``build_model`` (read, validate, derive every day) + ``build_map`` + the HTML;
- ``geo build`` as a user runs it (a new ``python -m geo`` process: imports included);
- geopandas: ``read_file`` of each layer file and ``explore(m=...)`` of each onto one map, + HTML;
- both again as a user runs them: a new process each (imports included), the issue's comparison;
- with ``--against DIR`` (a checkout of another revision, e.g. ``git worktree add ../old HEAD~1``),
  that checkout's ``geo build`` and ``geo.build_map(scenario)`` in the same run, for a
  before/after figure (the same call in both revisions).
Prints a table and the ratios. Written to build/bench/ (ignored by git).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "layers" / "idlib-2020" / "scenario.toml"
OUT = ROOT / "build" / "bench"


def median_time(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def geo_in_process() -> None:
    import geo

    html = geo.to_html(geo.build_map(geo.build_model(SCENARIO, warn=False)))
    (OUT / "geo.html").write_text(html, encoding="utf-8")


def explore_in_process() -> None:
    import geopandas as gpd

    import geo

    m = None
    for spec in geo.load_scenario(SCENARIO).layers:
        frame = gpd.read_file(spec.path)
        m = frame.explore(m=m, name=spec.name)
    m.save(OUT / "explore.html")


# the scenario's layer files read from its TOML (importing geo would time geo's imports too)
EXPLORE = """
import sys, tomllib
from pathlib import Path
import geopandas as gpd
scenario = Path(sys.argv[1])
m = None
for spec in tomllib.loads(scenario.read_text(encoding="utf-8"))["layers"]:
    m = gpd.read_file(scenario.parent / spec["file"]).explore(m=m, name=spec["name"])
m.save(sys.argv[2])
"""


def explore_cli(runs: int) -> float:
    """geopandas' read_file + explore() + save in a new process, as a user's script runs it."""
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "explore.html")
        return median_time(lambda: subprocess.run([sys.executable, "-c", EXPLORE, str(SCENARIO), out], cwd=ROOT,
                                                  check=True, capture_output=True), runs)


def cli(checkout: Path, runs: int) -> float:
    code = (f"import sys; sys.path.insert(0, {str(checkout)!r}); from geo.cli import main; "
            f"sys.exit(main(['build', {str(checkout / 'layers/idlib-2020/scenario.toml')!r}, '-o', sys.argv[1]]))")
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "map.html")
        return median_time(lambda: subprocess.run([sys.executable, "-c", code, out], cwd=checkout, check=True,
                                                  capture_output=True), runs)


WARM = """
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
import geo
scenario = sys.argv[1] + "/layers/idlib-2020/scenario.toml"
geo.to_html(geo.build_map(scenario))
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    geo.to_html(geo.build_map(scenario))
    times.append(time.perf_counter() - started)
print(statistics.median(times))
"""


def warm(checkout: Path, runs: int) -> float:
    """``geo.build_map(scenario)`` + HTML in a warm process of ``checkout``'s code (the same call
    in every revision, so that two revisions compare)."""
    done = subprocess.run([sys.executable, "-c", WARM, str(checkout), str(runs)], cwd=checkout, check=True,
                          capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout whose `geo build` to time too")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    geo_in_process()  # imports, caches warmed: both sides are timed warm
    explore_in_process()
    rows = [("geo: build_model + build_map + HTML (in-process)", median_time(geo_in_process, args.runs)),
            ("geopandas: read_file + explore() + HTML (in-process)", median_time(explore_in_process, args.runs)),
            ("geo build (new process, imports included)", cli(ROOT, args.runs)),
            ("geopandas explore() script (new process, imports included)", explore_cli(args.runs))]
    if args.against:
        rows.append((f"geo build of {args.against} (new process)", cli(args.against.resolve(), args.runs)))
        rows.append(("build_map + HTML, warm process, this checkout", warm(ROOT, args.runs)))
        rows.append((f"build_map + HTML, warm process, {args.against}", warm(args.against.resolve(), args.runs)))
    print(f"load average (1, 5, 15 min) after: {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name.ljust(width)}  {seconds:6.2f} s")
    print(f"geo / explore() in-process: {rows[0][1] / rows[1][1]:.2f}")
    print(f"geo build / explore() script, new processes: {rows[2][1] / rows[3][1]:.2f}")
    if args.against:
        print(f"geo build, this checkout / {args.against}: {rows[2][1] / rows[4][1]:.2f}")
        print(f"build_map + HTML, this checkout / {args.against}: {rows[5][1] / rows[6][1]:.2f}")
    sizes = {name: (OUT / name).stat().st_size for name in ("geo.html", "explore.html")}
    print("HTML: " + ", ".join(f"{name} {size / 1024:,.0f} KB" for name, size in sizes.items()))


if __name__ == "__main__":
    main()
