"""`geo aggregate` on 10M synthetic dated point events: seconds, rows/s and peak memory by scheduler.

    python bench/aggregate.py [--data /tmp/geo-bench/events10m] [--cells 0.1,h3:7] [--workers 1,2] [--runs 1]

Generates the dataset once (cached in --data: 20 GeoParquet files of 500,000 points over Syria,
lon 35.5–42.5, lat 32.3–37.3, two thirds clustered around towns, dated 2019-12-01..2020-03-10 UTC,
with an event type), then, for each cell spec, counts per (cell, day) in a fresh process per
configuration: dask's synchronous scheduler (the baseline: one process, one core) and a
LocalCluster of each number of --workers (single-threaded processes). For a cluster, the start-up
(cluster, and workers importing geo) and the counting are timed apart: the sum is what
`geo aggregate` costs. rows/s is of the counting alone. Peak memory is the highest sum of RSS over
the process and all its children (the workers), sampled every 50 ms. The machine may be shared:
each run also gives the CPU seconds its own processes used (workers included) and how many cores
other processes kept busy meanwhile, on average; a speed-up is only worth its name when that is ~0.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BOX = (35.5, 32.3, 42.5, 37.3)  # W S E N
TOWNS = [  # lon, lat, spread in degrees, weight
    (36.63, 35.93, 0.15, 5), (36.80, 35.86, 0.05, 3), (37.16, 36.20, 0.10, 4), (36.29, 33.51, 0.12, 3),
    (36.72, 34.73, 0.08, 2), (40.14, 35.33, 0.10, 2), (39.01, 35.95, 0.08, 2), (36.57, 35.45, 0.20, 3),
    (37.05, 36.58, 0.10, 1), (38.00, 34.55, 0.30, 1), (41.00, 37.05, 0.15, 1), (36.16, 35.52, 0.06, 1),
]
FIRST_DAY, DAYS = np.datetime64("2019-12-01", "s"), 101  # through 2020-03-10
EVENT_TYPES = np.array(["shelling", "air strike", "clash", "protest", "ied"])


def make_partition(rows: int, seed: int):
    """One partition of events: clustered points, UTC timestamps and an event type."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    rng = np.random.default_rng(seed)
    west, south, east, north = BOX
    clustered = rng.random(rows) < 2 / 3
    weights = np.array([t[3] for t in TOWNS], dtype=float)
    town = rng.choice(len(TOWNS), rows, p=weights / weights.sum())
    centre = np.array([t[:3] for t in TOWNS])[town]
    lon = np.where(clustered, rng.normal(centre[:, 0], centre[:, 2]), rng.uniform(west, east, rows))
    lat = np.where(clustered, rng.normal(centre[:, 1], centre[:, 2]), rng.uniform(south, north, rows))
    lon, lat = np.clip(lon, west, east), np.clip(lat, south, north)
    seconds = rng.integers(0, DAYS * 86400, rows)
    stamps = pd.to_datetime(FIRST_DAY + seconds.astype("timedelta64[s]")).tz_localize("UTC")
    return gpd.GeoDataFrame({"event_date": stamps, "event_type": rng.choice(EVENT_TYPES, rows)},
                            geometry=shapely.points(np.round(lon, 5), np.round(lat, 5)), crs=4326)


def ensure_dataset(path: Path, rows: int, partitions: int, seed: int = 1) -> Path:
    """The dataset at ``path``, generated unless one of the same shape is there (its _meta.json)."""
    meta = {"rows": rows, "partitions": partitions, "seed": seed, "box": BOX, "days": DAYS}
    marker = path / "_meta.json"
    if marker.exists() and json.loads(marker.read_text()) == json.loads(json.dumps(meta)):
        return path
    started = time.perf_counter()
    part = path.with_name(path.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(parents=True)
    for i, size in enumerate(np.diff(np.linspace(0, rows, partitions + 1).astype(int))):
        make_partition(int(size), seed * 1000 + i).to_parquet(part / f"part-{i:03d}.parquet")
    (part / "_meta.json").write_text(json.dumps(meta))
    shutil.rmtree(path, ignore_errors=True)
    part.rename(path)
    size = sum(f.stat().st_size for f in path.iterdir()) / 1e6
    print(f"generated {path}: {rows:,} rows in {partitions} files, {size:,.0f} MB, "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


class PeakMemory:
    """The highest total RSS of this process and its children, sampled in a thread."""

    def __init__(self, every: float = 0.05):
        import psutil

        self.process, self.every, self.peak = psutil.Process(), every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _total(self) -> int:
        import psutil

        total = 0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:  # a child that has just ended
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._total())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._total())


def cells_of(spec: str):
    from geo.derive.aggregate import H3Grid, SquareGrid

    return H3Grid(int(spec[3:])) if spec.startswith("h3:") else SquareGrid(float(spec))


def _warm(_: int) -> bool:
    """Run on each worker: import what the counting needs, so start-up is timed apart."""
    import dask_geopandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import geo.derive.aggregate  # noqa: F401
    return True


def own_cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the cluster's workers)."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (not idle, not waiting for the disk)."""
    import psutil

    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def run_one(data: Path, spec: str, workers: int) -> dict:
    """One configuration, in this (fresh) process: workers 0 is the synchronous scheduler."""
    from geo.derive.aggregate import count_cells, dask_scheduler
    from geo.read.dataset import open_dataset

    cpu, busy, wall = own_cpu(), machine_busy(), time.perf_counter()
    with PeakMemory() as memory:
        started = time.perf_counter()
        dataset = open_dataset(data)
        if workers == 0:
            startup = 0.0
            counts = count_cells(dataset.frame, cells_of(spec), dataset.date_column, scheduler="synchronous")
        else:
            with dask_scheduler(None, workers) as client:
                client.gather(client.map(_warm, range(workers)))
                startup = time.perf_counter() - started
                counts = count_cells(dataset.frame, cells_of(spec), dataset.date_column,
                                     scheduler=client.scheduler.address)
    cpu, busy, wall = own_cpu() - cpu, machine_busy() - busy, time.perf_counter() - wall
    return {"spec": spec, "workers": workers, "startup": startup, "count": counts.seconds,
            "rows": counts.rows, "cells": counts.cells, "days": counts.days, "counts": len(counts.frame),
            "peak": memory.peak, "cpu": cpu, "others": max(busy - cpu, 0.0) / wall}


def measure(data: Path, spec: str, workers: int) -> dict:
    """run_one in a fresh process, so that its memory and imports are its own."""
    done = subprocess.run([sys.executable, __file__, "--data", str(data), "--one", spec, str(workers)],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def table(results: list[dict]) -> str:
    """The Markdown table of the results, with the speed-up over one worker."""
    lines = ["| cells | scheduler | start-up s | counting s | total s | rows/s (counting) | speed-up vs 1 worker "
             "| peak RSS, all processes | CPU s, own processes | cores busy with others | cells × days (counts) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    one = {r["spec"]: r["count"] for r in results if r["workers"] == 1}
    for r in results:
        name = "synchronous (1 process)" if r["workers"] == 0 else f"LocalCluster, {r['workers']} worker{'s' if r['workers'] > 1 else ''}"
        cells = f"H3 res {r['spec'][3:]}" if r["spec"].startswith("h3:") else f"{r['spec']}° squares"
        speed = f"{one[r['spec']] / r['count']:.2f}×" if r["spec"] in one and r["workers"] else "—"
        lines.append(f"| {cells} | {name} | {r['startup']:.1f} | {r['count']:.1f} | {r['startup'] + r['count']:.1f} "
                     f"| {r['rows'] / r['count']:,.0f} | {speed} | {r['peak'] / 2**30:.2f} GiB | {r['cpu']:.1f} "
                     f"| {r['others']:.1f} | {r['cells']:,} × {r['days']} ({r['counts']:,}) |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/geo-bench/events10m"),
                        help="where the dataset is cached (default /tmp/geo-bench/events10m)")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--partitions", type=int, default=20)
    parser.add_argument("--cells", default="0.1,h3:7", help="cell specs: degrees or h3:RES (default 0.1,h3:7)")
    parser.add_argument("--workers", default="1,2", help="LocalCluster sizes (default 1,2)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each configuration; the median is shown")
    parser.add_argument("--one", nargs=2, metavar=("SPEC", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.data, args.one[0], int(args.one[1]))))
        return
    data = ensure_dataset(args.data, args.rows, args.partitions)
    configs = [(spec, n) for spec in args.cells.split(",") for n in [0, *map(int, args.workers.split(","))]]
    results = []
    for spec, workers in configs:
        runs = [measure(data, spec, workers) for _ in range(args.runs)]
        best = sorted(runs, key=lambda r: r["startup"] + r["count"])[len(runs) // 2]
        best["count"] = statistics.median(r["count"] for r in runs)
        best["startup"] = statistics.median(r["startup"] for r in runs)
        best["others"] = statistics.mean(r["others"] for r in runs)
        results.append(best)
        print(f"{spec} workers={workers}: " + "; ".join(f"{r['startup']:.1f} + {r['count']:.1f} s, {r['cpu']:.1f} "
              f"CPU s, others {r['others']:.1f} cores" for r in runs), file=sys.stderr)
    print(f"{results[0]['rows']:,} rows in {args.partitions} GeoParquet files ({data}); "
          f"{os.cpu_count()} CPUs; median of {args.runs} run{'s' if args.runs > 1 else ''}\n")
    print(table(results))


if __name__ == "__main__":
    main()
