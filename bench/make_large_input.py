"""Write a large GeoJSON of posts (default 100 MB) to measure read time and peak memory.

    python bench/make_large_input.py /tmp/large.geojson 100
    /usr/bin/time -v python -c "from pathlib import Path; from geo.read.vector import read_vector; \
        print(len(read_vector(Path('/tmp/large.geojson'))))"
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path


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


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "large.geojson")
    size = float(sys.argv[2]) if len(sys.argv) > 2 else 100
    print(f"{target}: {make_large_geojson(target, size)} features")
