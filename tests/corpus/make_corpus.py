"""The broken-input corpus: one small file per way input goes wrong, and what geo must say of it.

    python tests/corpus/make_corpus.py      # rewrites the files below and tests/corpus/README.md

Each case names a file, the `geo validate` options to read it with, the exit code, a message
that must appear (a regular expression), and — for files that can be read — how many features
are read, drawn, repaired and rejected. tests/test_corpus.py checks every case. The features
are made-up test data around Idlib, not facts.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3  # noqa: F401  (GeoPackages are written through pyogrio)
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.conftest import feature  # noqa: E402

SOURCE = '"[{""publisher"": ""Example Wire"", ""url"": ""https://example.org/r"", ""date"": ""2020-02-07""}]"'


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    message: str  # a regular expression that `geo validate` must print (stdout or stderr)
    exit: int = 1
    counts: tuple[int, int, int, int] | None = None  # read, drawn, repaired, rejected
    args: tuple[str, ...] = ()
    files: dict = field(default_factory=dict, compare=False, hash=False)  # extra files: name → bytes
    # Made where the test runs instead of kept here (too large, or not a plain file git keeps).
    make: Callable[[Path], None] | None = field(default=None, compare=False, hash=False)


def event(number: int, **changes) -> dict:
    """A valid event feature (the conftest helper knows posts, places, zones and routes)."""
    made = feature("place", number, **changes)
    made["properties"].update(id=f"event-{number}", event_type="shelling", date="2020-02-03")
    for key in ("place_type", "aliases"):
        made["properties"].pop(key)
    return made


def fc(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, indent=1).encode()


def csv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


PLACES_HEADER = "id,name,place_type,confidence,precision_m,sources,latitude,longitude"
BOWTIE = {"type": "Polygon", "coordinates": [[[36.5, 35.8], [36.9, 36.1], [36.9, 35.8], [36.5, 36.1], [36.5, 35.8]]]}
POINT3D = {"type": "Point", "coordinates": [36.8, 35.86, 412.0]}
LINE = {"type": "LineString", "coordinates": [[36.5, 35.8], [36.9, 36.1]]}
SQUARE = {"type": "Polygon", "coordinates": [[[36.5, 35.8], [36.9, 35.8], [36.9, 36.1], [36.5, 36.1], [36.5, 35.8]]]}
# A made-up theatre far from the equator's diagonal, where a swap lands somewhere else entirely.
TOWNS = [(49.98, 36.25), (49.21, 37.26), (49.71, 37.61), (49.46, 36.86), (49.60, 36.90), (49.35, 37.05)]


def _towns(swapped_last: bool) -> bytes:
    rows = [f"t{i},Town {i},town,reported,2000,{SOURCE},{lat},{lon}" for i, (lat, lon) in enumerate(TOWNS)]
    rows.append(f"t9,Town 9,town,reported,2000,{SOURCE},37.40,49.40" if swapped_last
                else f"t9,Town 9,town,reported,2000,{SOURCE},49.40,37.40")
    return csv(PLACES_HEADER, *rows)


HOSTILE_COLOUR = '#cc3311\\"></style><img src=x onerror=window.__pwn=1>'
# (what is wrong, the scenario's lines after its layer, the message, exit, extra files: name → bytes)
SCENARIO_CASES = [
    ("a side's colour that would run script", f'[control]\n[[control.sides]]\nid = "a"\nlabel = "A"\n'
     f'colour = "{HOSTILE_COLOUR}"\n', r"scenario.toml: \[control\] sides\[1\]: field 'colour': expected a CSS "
     r"colour: #rgb, #rrggbb or a colour name such as teal, found '#cc3311", 1, {}),
    ("a colour with a backslash", '[[parties]]\nid = "a"\nlabel = "A"\ncolour = "#c\\\\1"\n',
     r"scenario.toml: parties\[1\]: field 'colour': expected a CSS colour", 1, {}),
    ("view given as text", 'view = "world"\n', r"scenario.toml: field 'view': expected a table of key = value, "
     r"found 'world'", 1, {}),
    ("time given as text", 'time = "2020"\n', r"scenario.toml: field 'time': expected a table", 1, {}),
    ("control given as text", 'control = "x"\n', r"scenario.toml: field 'control': expected a table", 1, {}),
    ("corridors given as text", 'corridors = "x"\n', r"scenario.toml: field 'corridors': expected a list of "
     r"tables", 1, {}),
    ("bounds of nan and inf", '[view]\nbounds = [nan, 0, inf, 1]\n', r"scenario.toml: \[view\]: field "
     r"'bounds': expected \[west, south, east, north\] in degrees", 1, {}),
    ("bounds east to west", '[view]\nbounds = [37.3, 35.05, 35.75, 36.75]\n', r"field 'bounds': expected "
     r"\[west, south, east, north\].*\(east before west\?\)", 1, {}),
    ("an encoding that is a number", '', r"scenario.toml: layers\[1\]: field 'encoding': expected a text "
     r"encoding such as utf-8", 1, {"layer": 'encoding = 8\n'}),
    ("event_days of 10**15", '[time]\nstart = "2020-01-01"\nend = "2020-02-01"\nevent_days = 1000000000000000\n',
     r"scenario.toml: \[time\]: field 'event_days': expected a whole number from 0 to 3660", 1, {}),
    ("event_days as text", '[time]\nstart = "2020-01-01"\nend = "2020-02-01"\nevent_days = "x"\n',
     r"field 'event_days': expected a whole number from 0 to 3660, found 'x'", 1, {}),
    ("reach_km of inf", '[control]\nreach_km = inf\n[[control.sides]]\nid = "a"\nlabel = "A"\ncolour = "red"\n',
     r"scenario.toml: \[control\]: field 'reach_km': expected a number of km from 0.001 to 20000", 1, {}),
    ("a study area with no features", '[time]\nstart = "2020-01-01"\nend = "2020-02-01"\n[control]\n'
     'study_area = "area.geojson"\n[[control.sides]]\nid = "a"\nlabel = "A"\ncolour = "red"\n',
     r"area.geojson: study area: expected one or more polygons, found no features", 1,
     {"area.geojson": b'{"type": "FeatureCollection", "features": []}'}),
    ("a study area shaped like a bow-tie (made valid)", '[time]\nstart = "2020-01-01"\nend = "2020-02-01"\n'
     '[control]\nstudy_area = "area.geojson"\n[[control.sides]]\nid = "a"\nlabel = "A"\ncolour = "red"\n',
     r"scenario.toml: ok", 0, {"counts": (1, 1, 0, 0), "area.geojson": fc({"type": "Feature", "properties": {}, "geometry": {
         "type": "Polygon", "coordinates": [[[35, 35], [37, 37], [37, 35], [35, 37], [35, 35]]]}})}),
    ("a study area whose file name has a ';'", '[time]\nstart = "2020-01-01"\nend = "2020-02-01"\n[control]\n'
     'study_area = "area;1.geojson"\n[[control.sides]]\nid = "a"\nlabel = "A"\ncolour = "red"\n',
     r"scenario.toml: ok", 0, {"counts": (1, 1, 0, 0), "area;1.geojson": fc({"type": "Feature", "properties": {}, "geometry": SQUARE})}),
    ("a layer whose features are null", '', r"null.geojson: field 'features': expected a list of features, "
     r"found null", 1, {"layer": 'name = "N"\n', "file": "null.geojson",
                        "null.geojson": b'{"type": "FeatureCollection", "features": null}'}),
    ("a basemap folder that is a file", '[view]\nbasemap = "basemap"\n', r"basemap: expected a basemap folder "
     r"\(made by layers/make_basemap.py.*found a file", 1, {"basemap": b"not a folder"}),
    ("a misspelt [layers.default]", '', r"scenario.toml: layers\[1\]: unknown key 'default' \(did you mean "
     r"'defaults'\?\)", 1, {"layer": '[layers.default]\nconfidence = "reported"\n'}),
    ("a tracker folder with given areas and no [control] (sides from the data)", '', r"scenario.toml: ok", 0,
     {"counts": (2, 2, 0, 0), "layer": 'kind = "zone"\n[layers.defaults]\nzone_type = "area of control"\ncontroller = "russia"\n'
      'name = "Occupied"\nconfidence = "reported"\nbasis = "digitised approximation"\nbasis_note = "as drawn"\n'
      'sources = [{ publisher = "T", url = "https://example.org", date = "2022-03" }]\n', "file": "tracker",
      "tracker/2022-03-01.geojson": fc({"type": "Feature", "properties": {}, "geometry": SQUARE}),
      "tracker/2022-03-02.geojson": fc({"type": "Feature", "properties": {}, "geometry": SQUARE})}),
]


def _scenario(toml: str, extra: dict) -> Callable[[Path], None]:
    """Writes a scenario of one posts layer (its ``layer`` lines and ``file`` in ``extra``), then
    ``toml``, and the extra files beside it."""
    def make(path: Path) -> None:
        folder = path.parent
        layer_file = extra.get("file", "posts.geojson")
        (folder / "posts.geojson").write_bytes(fc(feature("post", 1)))
        for name, data in extra.items():
            if name not in ("layer", "file", "counts"):
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
        layer = extra.get("layer", "")
        name = '' if layer.startswith('name') else 'name = "Posts"\n'
        lines = toml.splitlines(keepends=True)
        first_table = next((i for i, line in enumerate(lines) if line.startswith("[")), len(lines))
        top, tables = "".join(lines[:first_table]), "".join(lines[first_table:])  # top-level keys go first
        path.write_text(f'title = "A scenario"\n{top}[[layers]]\n{name}file = "{layer_file}"\n{layer}{tables}',
                        encoding="utf-8")
    return make


def _parquet(broken: str) -> Callable[[Path], None]:
    """Writes a GeoParquet file of one post whose geometry column and 'geo' metadata disagree."""
    def make(path: Path) -> None:
        import geopandas as gpd
        import pyarrow as pa
        import pyarrow.parquet as pq

        gpd.GeoDataFrame.from_features(json.loads(fc(feature("post", 1)))["features"], crs=4326).to_parquet(path)
        table = pq.read_table(path)
        meta = json.loads(table.schema.metadata[b"geo"])
        at = table.schema.get_field_index("geometry")
        if broken == "wkt":
            table = table.set_column(at, "geometry", pa.array(["POINT (36.6 35.9)"]))
        elif broken == "point":
            meta["columns"]["geometry"]["encoding"] = "point"
        elif broken == "garbage":
            table = table.set_column(at, "geometry", pa.array([b"garbage"], pa.binary()))
        geo = b"{not json" if broken == "metadata" else json.dumps(meta).encode()
        pq.write_table(table.replace_schema_metadata({b"geo": geo}), path)
    return make


CASES = [
    Case("invalid polygon (self-intersection)", "invalid-polygon/zones.geojson",
         r"feature 'zone-1': field 'geometry': expected a valid polygon, found Self-intersection.*"
         r"repaired: made valid \(shapely make_valid\)", exit=0, counts=(2, 2, 1, 0),
         files={"invalid-polygon/zones.geojson": fc(feature("zone", 1, geometry=BOWTIE), feature("zone", 2))}),
    Case("null and empty geometry", "empty-geometry/posts.geojson",
         r"feature 'post-1': field 'geometry': expected Point, found no geometry", counts=(3, 1, 0, 2),
         files={"empty-geometry/posts.geojson": fc(
             feature("post", 1, geometry=None),
             feature("post", 2, geometry={"type": "Point", "coordinates": []}),
             feature("post", 3))}),
    Case("NaN and infinite coordinates", "nan-coordinates/places.csv",
         r"feature 'b': field 'latitude/longitude'", args=("--crs", "EPSG:4326"), counts=(3, 1, 0, 2),
         files={"nan-coordinates/places.csv": csv(
             PLACES_HEADER, f"a,A,town,reported,1500,{SOURCE},35.8,36.8",
             f"b,B,town,reported,1500,{SOURCE},nan,36.8", f"c,C,town,reported,1500,{SOURCE},35.8,inf")}),
    Case("latitude and longitude swapped (rejected)", "swapped/places.csv",
         r"feature 't9': field 'geometry': expected longitude, latitude in that order, found \(49.4, 37.4\): "
         r"lies far outside the region.*swap-latlon", args=("--crs", "EPSG:4326"), counts=(7, 6, 0, 1),
         files={"swapped/places.csv": _towns(swapped_last=True)}),
    Case("latitude and longitude swapped (swapped when asked)", "swapped/places.csv",
         r"repaired: swapped latitude and longitude, as asked", exit=0, counts=(7, 7, 1, 0),
         args=("--crs", "EPSG:4326", "--swap-latlon")),
    Case("latitude beyond ±90", "latitude-beyond-90/places.csv",
         r"feature 'far': field 'geometry': expected longitude, latitude in that order, found \(35.86, 136.8\): "
         r"latitude 136.8 is beyond ±90", args=("--crs", "EPSG:4326"), counts=(2, 1, 0, 1),
         files={"latitude-beyond-90/places.csv": csv(
             PLACES_HEADER, f"a,A,town,reported,1500,{SOURCE},35.8,36.8",
             f"far,Far,town,reported,1500,{SOURCE},136.8,35.86")}),
    Case("out-of-range values", "out-of-range/events.geojson",
         r"feature 'event-1': field 'killed': expected a number >= 0, found -3", counts=(3, 1, 0, 2),
         args=("--strict",),
         files={"out-of-range/events.geojson": fc(event(1, killed=-3), event(2, precision_m=-100), event(3))}),
    Case("duplicate ids", "duplicate-ids/places.geojson",
         r"feature 'place-1': field 'id': expected an id unique in the layer, found 'place-1', already the id "
         r"of feature #1 \(which is kept\)", counts=(3, 2, 0, 1), args=("--strict",),
         files={"duplicate-ids/places.geojson": fc(feature("place", 1), feature("place", 2), feature("place", 1))}),
    Case("duplicate ids in a user's map (not strict)", "duplicate-ids/places.geojson",
         r"drawn as given: 1 with ID repeated", counts=(3, 3, 0, 0), exit=0),
    Case("wrong geometry type for the kind", "wrong-geometry/posts.geojson",
         r"feature 'post-2': field 'geometry': expected Point, found LineString", counts=(2, 1, 0, 1),
         files={"wrong-geometry/posts.geojson": fc(feature("post", 1), feature("post", 2, geometry=LINE))}),
    Case("impossible date", "impossible-date/posts.geojson",
         r"feature 'post-1': field 'established': expected a real calendar date, found '2020-02-30'",
         counts=(2, 1, 0, 1),
         files={"impossible-date/posts.geojson": fc(feature("post", 1, established="2020-02-30"), feature("post", 2))}),
    Case("end before start", "end-before-start/posts.geojson",
         r"feature 'post-1': field 'withdrawn': expected a date on or after established \(2020-02\), "
         r"found '2019-12-01'", counts=(2, 1, 0, 1),
         files={"end-before-start/posts.geojson": fc(
             feature("post", 1, established="2020-02", withdrawn="2019-12-01"), feature("post", 2))}),
    Case("missing sources", "missing-sources/places.geojson",
         r"feature 'place-1': field 'sources': expected at least one source \{publisher, url, date\}, found nothing",
         counts=(3, 1, 0, 2), args=("--strict",),
         files={"missing-sources/places.geojson": fc(
             feature("place", 1, sources=None),
             feature("place", 2, sources=[{"publisher": "Example Wire", "date": "2020-02"}]),
             feature("place", 3))}),
    Case("missing sources in a user's map (not strict)", "missing-sources/places.geojson",
         r"drawn as given: 1 with no source given, 1 with sources not usable", counts=(3, 3, 0, 0), exit=0),
    Case("out-of-range values in a user's map (not strict)", "out-of-range/events.geojson",
         r"drawn as given: 1 with location precision not usable", counts=(3, 2, 0, 1)),
    Case("unknown kind", "unknown-kind/bunkers.geojson",
         r"bunkers.geojson: field 'kind': unknown layer kind 'bunker'; known kinds: post, place, zone, route, event",
         files={"unknown-kind/bunkers.geojson": fc(feature("post", 1, kind="bunker"))}),
    Case("a file that is not UTF-8", "not-utf8/places.csv",
         r"places.csv: is not UTF-8 text: byte 0xE2 at offset \d+ \(line 2\) does not decode; .*--encoding cp1252",
         args=("--crs", "EPSG:4326"),
         files={"not-utf8/places.csv": csv(PLACES_HEADER, f"a,Sar\u00e2qib,town,reported,1500,{SOURCE},35.8,36.8")
                .replace("\u00e2".encode(), "\u00e2".encode("cp1252"))}),
    Case("a file that is not UTF-8, read with --encoding", "not-utf8/places.csv",
         r"places.csv: 1 read, 1 drawn", exit=0, counts=(1, 1, 0, 0),
         args=("--crs", "EPSG:4326", "--encoding", "cp1252")),
    Case("truncated JSON", "truncated/posts.geojson", r"posts.geojson: is not complete JSON",
         files={"truncated/posts.geojson": fc(feature("post", 1), feature("post", 2))[:-120]}),
    Case("a GeoPackage with several layers", "several-layers/theatre.gpkg",
         r"theatre.gpkg: holds 2 layers \(places, posts\); name the one to read"),
    Case("a shapefile without its .prj", "no-prj/routes.shp",
         r"routes.shp: declares no coordinate reference system.*put e.g. EPSG:4326 in routes.prj"),
    Case("3D coordinates", "3d/posts.geojson",
         r"feature 'post-1': field 'geometry': expected 2D coordinates \(longitude, latitude\), found 3D "
         r"coordinates; repaired: dropped the Z \(height\) coordinate", exit=0, counts=(2, 2, 1, 0),
         files={"3d/posts.geojson": fc(feature("post", 1, geometry=POINT3D), feature("post", 2))}),
    Case("mixed geometry types", "mixed-geometry/routes.geojson",
         r"feature 'route-2': field 'geometry': expected LineString or MultiLineString, found Point",
         counts=(3, 1, 0, 2),
         files={"mixed-geometry/routes.geojson": fc(
             feature("route", 1), feature("route", 2, geometry={"type": "Point", "coordinates": [36.8, 35.86]}),
             feature("route", 3, geometry=SQUARE))}),
    Case("a file that is not what its name says", "wrong-format/posts.geojson",
         r"posts.geojson: is not GeoJSON: it looks like a ZIP archive"),
    Case("European spreadsheet CSV (';', decimal commas, cp1252)", "european-csv/places.csv",
         r"note: read as ';'-separated \(the header line is\), with decimal commas in latitude, longitude",
         exit=0, counts=(2, 2, 0, 0), args=("--encoding", "cp1252", "--crs", "EPSG:4326"),
         files={"european-csv/places.csv": csv(
             PLACES_HEADER.replace(",", ";"),
             f"a;Saraqeb;town;reported;1500;{SOURCE};35,86447;36,80591",
             f"b;Maarat an-Nu'man (café);town;reported;1500;{SOURCE};35,6483;36,67693").replace(
                 b"caf\xc3\xa9", "café".encode("cp1252"))}),
    Case("a value of 10 MB", "huge-value/places.geojson",
         r"note: read with Python's JSON parser, as GDAL's could not read it", exit=0, counts=(2, 2, 0, 0),
         make=lambda path: path.write_bytes(fc(feature("place", 1, description="x" * 10_000_000),
                                               feature("place", 2)))),
    Case("a geometry that is an empty object", "geometry-object-empty/places.geojson",
         r"feature 'place-1': field 'geometry': expected Point, found no geometry", counts=(2, 1, 0, 1),
         files={"geometry-object-empty/places.geojson": fc(feature("place", 1, geometry={}), feature("place", 2))}),
    Case("a FeatureCollection inside a Feature", "nested-collection/places.geojson",
         r"feature 'place-1': field 'geometry': expected Point, found no geometry", counts=(2, 1, 0, 1),
         files={"nested-collection/places.geojson": fc(
             feature("place", 1, geometry={"type": "FeatureCollection", "features": [feature("place", 3)]}),
             feature("place", 2))}),
    Case("JSON nested 200,000 levels deep", "deep-nesting/places.geojson",
         r"places.geojson: is not GeoJSON that can be read: its JSON nests arrays or objects thousands of "
         r"levels deep", make=lambda path: path.write_text("[" * 200_000 + "]" * 200_000)),
    Case("a coordinate of 1e999", "infinite-coordinate/places.geojson",
         r"feature 'place-1': field 'geometry': expected finite coordinates, found \[inf, 35.8\]", counts=(2, 1, 0, 1),
         files={"infinite-coordinate/places.geojson": fc(
             feature("place", 1, geometry={"type": "Point", "coordinates": [36.5, 35.8]}),
             feature("place", 2)).replace(b"36.5,\n", b"1e999,\n", 1)}),
    Case("a CSV with only its header", "header-only/places.csv",
         r"places.csv: 0 read, 0 drawn \(0 repaired\), 0 rejected\n    note: no rows: the file has only its "
         r"header line", exit=0, counts=(0, 0, 0, 0), files={"header-only/places.csv": csv(PLACES_HEADER)}),
    Case("a scenario naming two layers alike", "repeated-names/scenario.toml",
         r"scenario.toml: layers\[2\]: field 'name': expected a name of its own, found 'Places', already the "
         r"name of layers\[1\]",
         files={"repeated-names/scenario.toml": b'title = "Two layers, one name"\n'
                b'[[layers]]\nname = "Places"\nfile = "places.geojson"\n'
                b'[[layers]]\nname = "Places"\nfile = "more-places.geojson"\n',
                "repeated-names/places.geojson": fc(feature("place", 1)),
                "repeated-names/more-places.geojson": fc(feature("place", 2))}),
    Case("a folder named like a layer file", "folder/places.geojson",
         r"folder/places.geojson: is a folder with no layer files", make=lambda path: path.mkdir()),
    Case("a symbolic link that loops", "symlink-loop/places.geojson",
         r"symlink-loop/places.geojson: is a symbolic link that loops back on itself",
         make=lambda path: os.symlink(path.name, path)),
    *(Case(f"scenario: {name}", f"scenario-{n}/scenario.toml", message, exit=exit, make=_scenario(toml, extra),
           counts=extra.get("counts"))
      for n, (name, toml, message, exit, extra) in enumerate(SCENARIO_CASES, start=1)),
    *(Case(f"GeoParquet: {name}", f"parquet-{n}/posts.parquet", message, make=_parquet(broken))
      for n, (name, broken, message) in enumerate((
          ("'geo' metadata saying WKB over a column of WKT", "wkt",
           r"posts.parquet: is GeoParquet whose geometry cannot be read: its 'geo' metadata does not match"),
          ("'geo' metadata saying point encoding over WKB", "point",
           r"posts.parquet: is GeoParquet whose geometry cannot be read"),
          ("garbage bytes as its geometry", "garbage", r"posts.parquet: is GeoParquet whose geometry cannot be read"),
          ("malformed 'geo' metadata", "metadata",
           r"posts.parquet: field 'geo' \(the GeoParquet metadata\): expected JSON naming the geometry columns"),
      ), start=1)),
]


def _several_layers(path: Path) -> None:
    import geopandas as gpd

    for kind in ("places", "posts"):
        frame = gpd.GeoDataFrame.from_features([feature(kind[:-1])], crs="EPSG:4326")
        frame["sources"] = [json.dumps(v) for v in frame["sources"]]
        if "aliases" in frame:
            frame["aliases"] = [json.dumps(v) for v in frame["aliases"]]
        frame.to_file(path, layer=kind, engine="pyogrio")


def _no_prj(path: Path) -> None:
    import geopandas as gpd

    frame = gpd.GeoDataFrame.from_features([feature("route")], crs="EPSG:4326")
    frame["sources"] = [json.dumps(v) for v in frame["sources"]]
    frame.to_file(path, engine="pyogrio")
    path.with_suffix(".prj").unlink()


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("doc.kml", "<kml/>")
        archive.writestr("x.txt", "not GeoJSON")


@dataclass(frozen=True)
class Build:
    """`geo build FILES [options]`: every file's summary (read, drawn, repaired, rejected) and a message."""

    name: str
    files: tuple[str, ...]
    message: str
    counts: tuple[tuple[int, int, int, int], ...]
    args: tuple[str, ...] = ()
    data: dict = field(default_factory=dict, compare=False, hash=False)


BUILDS = [
    Build("two files that would both be 'Places'", ("same-name/places.geojson", "same-name/places.csv"),
          r"2 Places \(places.geojson\), 3 Places \(places.csv\)", ((2, 2, 0, 0), (3, 3, 0, 0)),
          args=("--crs", "EPSG:4326"),
          data={"same-name/places.geojson": fc(feature("place", 1), feature("place", 2)),
                "same-name/places.csv": csv(PLACES_HEADER, *(f"c{i},C{i},town,reported,1000,{SOURCE},35.8,36.{i}"
                                                           for i in range(3)))}),
]

MADE = {"several-layers/theatre.gpkg": _several_layers, "no-prj/routes.shp": _no_prj,
        "wrong-format/posts.geojson": _zip}


def readme() -> str:
    lines = ["# The broken-input corpus", "",
             "Made by `make_corpus.py`; checked by `tests/test_corpus.py`. One case per way input goes wrong:",
             "what `geo validate FILE [options]` prints (a regular expression), its exit code, and the counts",
             "(read / drawn / repaired / rejected; `drawn + rejected == read` always).", "",
             "| case | file | options | exit | counts | message |", "|---|---|---|---|---|---|"]
    for case in CASES:
        counts = " / ".join(map(str, case.counts)) if case.counts else "file not read"
        if case.make is not None:
            counts += " (made by the test)"
        message = case.message.replace("|", "\\|")
        lines.append(f"| {case.name} | `{case.file}` | {' '.join(case.args)} | {case.exit} | {counts} | `{message}` |")
    lines += ["", "Builds of several files (`geo build FILE... [options]`), each file's counts in order:", "",
              "| case | files | options | counts | message |", "|---|---|---|---|---|"]
    for build in BUILDS:
        counts = "; ".join(" / ".join(map(str, c)) for c in build.counts)
        files = ", ".join(f"`{f}`" for f in build.files)
        lines.append(f"| {build.name} | {files} | {' '.join(build.args)} | {counts} | `{build.message}` |")
    return "\n".join(lines) + "\n"


def main() -> None:
    files = [item for case in CASES for item in case.files.items()]
    files += [item for build in BUILDS for item in build.data.items()]
    for name, data in files:
        target = HERE / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for name, make in MADE.items():
        target = HERE / name
        if target.parent.exists():
            shutil.rmtree(target.parent)
        target.parent.mkdir(parents=True)
        make(target)
    (HERE / "README.md").write_text(readme(), encoding="utf-8")


if __name__ == "__main__":
    main()
