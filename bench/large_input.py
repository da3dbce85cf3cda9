"""Reading a large GeoJSON: time and peak memory of geo's reader against geopandas' own.

    python bench/large_input.py [MEGABYTES]      # default 100; the file goes in build/bench/

Writes a GeoJSON of post-like features (every tenth a small polygon), then reads it in fresh
processes, each reporting its time and peak RSS: the imports alone, ``geopandas.read_file``
(the baseline), geo's raw read (``geo.read.read_raw``) and the whole check
(``geo.validate.read_checked``: read, type, validate every field). Memory is given beyond the
imports, as a multiple of the file size; time as a ratio to geopandas.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """
import resource, sys, time
from pathlib import Path
{imports}
path = Path(sys.argv[1])
started = time.perf_counter()
{work}
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""
CASES = {
    "imports only": ("import geopandas, geo.read", "pass"),
    "geopandas.read_file": ("import geopandas, geo.read", "geopandas.read_file(path)"),
    "geo read_raw": ("import geopandas, geo.read; from geo.read import read_raw",
                     "read_raw(path)"),
    "geo read_checked": ("import geopandas, geo.validate", "geo.validate.read_checked(path, 'post')"),
}


def feature(number: int, rng: random.Random) -> dict:
    """One post-like feature: a point (every tenth a small polygon) with realistic properties."""
    lon, lat = 36.0 + rng.random(), 35.5 + rng.random()
    if number % 10:
        geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    else:
        ring = [[round(lon + dx, 6), round(lat + dy, 6)]
                for dx, dy in ((0, 0), (0.01, 0), (0.01, 0.01), (0, 0.01), (0, 0))]
        geometry = {"type": "Polygon", "coordinates": [ring]}
    properties = {
        "id": f"post-{number}", "name": f"Observation post {number}",
        "post_type": "observation post", "operator": "Turkish Armed Forces",
        "confidence": "reported", "precision_m": rng.choice([100, 500, 3000]),
        "sources": json.dumps([{"publisher": "Example Wire", "url": f"https://example.org/{number}",
                                "date": "2020-02-07"}]),
        "description": "Ḥayyāt Taḥrīr al-Shām area — " + "x" * rng.randint(0, 80),
    }
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def make_large_geojson(path: Path, megabytes: float = 100, seed: int = 1) -> int:
    """Write features until the file reaches ``megabytes``; the number of features written."""
    rng = random.Random(seed)
    limit, count = int(megabytes * 1_000_000), 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
                  '{"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": [\n')
        while out.tell() < limit:
            out.write((",\n" if count else "") + json.dumps(feature(count + 1, rng), ensure_ascii=False))
            count += 1
        out.write("\n]}\n")
    return count


def measure(imports: str, work: str, path: Path) -> tuple[float, int]:
    """Seconds and peak bytes of one fresh process doing ``work`` on ``path``."""
    code = MEASURE.format(imports=imports, work=work)
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    seconds, peak = done.stdout.split()[-2:]
    return float(seconds), int(peak)


def main(megabytes: float) -> None:
    path = ROOT / "build" / "bench" / "posts.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    count = make_large_geojson(path, megabytes)
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT)}: {size / 1e6:.0f} MB, {count:,} features")
    results = {name: measure(imports, work, path) for name, (imports, work) in CASES.items()}
    base_memory = results["imports only"][1]
    base_time = results["geopandas.read_file"][0]
    for name, (seconds, peak) in results.items():
        beyond = (peak - base_memory) / size
        print(f"{name:22} {seconds:6.1f} s ({seconds / base_time:4.2f}× geopandas)  "
              f"peak {peak / 1e6:5.0f} MB ({beyond:3.1f}× the file beyond the imports)")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 100)
