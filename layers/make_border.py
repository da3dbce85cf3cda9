"""Derive the Turkey–Syria border line, and Syria's outline as the study area, from Natural Earth.

Source: Natural Earth 1:10m admin-0 countries, v4.1, as packaged in the npm package
world-atlas@2.0.2 (TopoJSON, countries-10m.json). In TopoJSON, neighbouring countries share
arcs; the border is every arc used by both Syria (ISO 3166 numeric 760) and Turkey (792),
merged into one line. Run from the repository root:

    python layers/make_border.py                       # fetches the package with `npm pack`
    python layers/make_border.py path/to/countries-10m.json

and commit the rewritten layers/idlib-2020/border.geojson and study_area.geojson. The study area
(Syria's land within and around the scenario's view) bounds the estimated areas of control: it keeps them
off Turkish soil and out of the sea.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

from shapely.geometry import LineString, MultiLineString, Polygon, box, mapping
from shapely.ops import linemerge, unary_union

PACKAGE = "world-atlas@2.0.2"
MARGIN = 0.5  # degrees
SYRIA, TURKEY = "760", "792"
FOLDER = Path(__file__).parent / "idlib-2020"
OUT = FOLDER / "border.geojson"
STUDY_AREA = FOLDER / "study_area.geojson"
SOURCE = {
    "publisher": "Natural Earth (public domain), via the world-atlas npm package 2.0.2",
    "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/",
    "date": "2018-05",
    "title": "Admin 0 – Countries, 1:10m, version 4.1.0",
}


def fetch_topology() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        archive = next(Path(tmp).glob("world-atlas-*.tgz"))
        with tarfile.open(archive) as tar:
            return json.load(tar.extractfile("package/countries-10m.json"))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc (TopoJSON arcs are delta-encoded and quantised)."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale[0] + translate[0], 6), round(y * scale[1] + translate[1], 6)))
        arcs.append(points)
    return arcs


def arc_indexes(geometry: dict) -> set[int]:
    """Every arc a (Multi)Polygon uses; a negative index ~i means arc i reversed."""
    rings = geometry["arcs"] if geometry["type"] == "Polygon" else [r for p in geometry["arcs"] for r in p]
    return {i if i >= 0 else ~i for ring in rings for i in ring}


def ring(arc_ids: list[int], arcs: list) -> list:
    points: list = []
    for i in arc_ids:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def country(topology: dict, code: str):
    """A country's (Multi)Polygon from its TopoJSON geometry."""
    geometry = next(g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == code)
    arcs = decode_arcs(topology)
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return unary_union([Polygon(ring(p[0], arcs), [ring(h, arcs) for h in p[1:]]) for p in polygons])


def border(topology: dict) -> LineString | MultiLineString:
    countries = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"] if "id" in g}
    shared = sorted(arc_indexes(countries[SYRIA]) & arc_indexes(countries[TURKEY]))
    arcs = decode_arcs(topology)
    return linemerge([LineString(arcs[i]) for i in shared])


def main(argv: list[str]) -> None:
    topology = json.loads(Path(argv[0]).read_text()) if argv else fetch_topology()
    line = border(topology)
    west, south, east, north = tomllib.loads((FOLDER / "scenario.toml").read_text())["view"]["bounds"]
    # A margin around the view: the areas end where the evidence does (reach_km), not at its edge.
    area = country(topology, SYRIA).intersection(box(west - MARGIN, south - MARGIN, east + MARGIN, north + MARGIN))
    STUDY_AREA.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": mapping(area), "properties": {
            "name": "Study area: Syria around the scenario's view",
            "basis_note": f"Natural Earth 1:10m outline of Syria clipped to the view bounds of "
                          f"scenario.toml and {MARGIN} degrees around them; made by layers/make_border.py.",
            "sources": [SOURCE]}}]}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    feature = {
        "type": "Feature",
        "properties": {
            "kind": "route",
            "id": "border-turkey-syria",
            "name": "Turkey–Syria border",
            "description": "International border between Turkey and Syria, for context.",
            "route_type": "boundary",
            "confidence": "confirmed",
            "precision_m": 500,
            "location_note": "Natural Earth 1:10m generalisation (vertices every few hundred metres); "
                             "derived by layers/make_border.py from the arcs Syria and Turkey share.",
            "sources": [SOURCE],
        },
        "geometry": mapping(line),
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    OUT.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({line.geom_type}, {len(line.coords) if hasattr(line, 'coords') else '?'} points)")


if __name__ == "__main__":
    main(sys.argv[1:])
