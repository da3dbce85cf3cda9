"""Each reader: what comes in, what comes out (validated, EPSG:4326), and its errors."""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest

import geo
from tests.conftest import feature, write_geojson


def flat(features: list[dict], crs="EPSG:4326") -> gpd.GeoDataFrame:
    """Features as a flat table: lists as JSON text, as GeoPackage/Shapefile/CSV hold them."""
    out = gpd.GeoDataFrame.from_features(features, crs=crs)
    for column in ("sources", "aliases"):
        if column in out:
            out[column] = [json.dumps(v) for v in out[column]]
    return out


def test_geojson_reads_as_validated_wgs84_with_kind_from_the_name(layer_files):
    layer, report = geo.read_checked(layer_files["post"])
    posts = layer.frame
    assert posts.crs.to_epsg() == 4326
    assert (layer.kind.name, layer.source, layer.name, report.summary()) == (
        "post", "posts.geojson", "Posts", "posts.geojson: 2 read, 2 drawn (0 repaired), 0 rejected")
    assert not posts.attrs
    assert list(posts["id"]) == ["post-1", "post-2"]
    assert posts["official_number"].iloc[0] == 7


def test_a_kind_field_in_the_file_wins_over_its_name(tmp_path):
    path = write_geojson(tmp_path / "border.geojson", [feature("route", kind="route")])
    assert geo.read_checked(path)[0].kind.name == "route"


def test_a_file_whose_name_says_no_kind_takes_it_from_its_columns_or_is_plain(tmp_path):
    path = write_geojson(tmp_path / "stuff.geojson", [feature("route")])
    assert geo.read_checked(path)[0].kind.name == "route"  # its route_type column says it
    plain = write_geojson(tmp_path / "things.geojson", [{"type": "Feature", "properties": {"label": "A"},
                                                         "geometry": {"type": "Point", "coordinates": [36, 35]}}])
    layer, report = geo.read_checked(plain)
    assert layer.kind.name == "feature" and list(layer.frame["name"]) == ["A"] and report.drawn == 1


def test_geopackage_with_sources_as_json_text(tmp_path):
    path = tmp_path / "places.gpkg"
    flat([feature("place", 1), feature("place", 2)]).to_file(path, layer="places", engine="pyogrio")
    places = geo.read_layer(path)
    assert places["aliases"].iloc[0] == ["Saraqib", "Saraqab"]
    assert places["sources"].iloc[1][0]["publisher"] == "Example Wire"


def test_geopackage_with_several_layers_needs_one_named(tmp_path):
    path = tmp_path / "theatre.gpkg"
    flat([feature("place")]).to_file(path, layer="places", engine="pyogrio")
    flat([feature("post")]).to_file(path, layer="posts", engine="pyogrio")
    with pytest.raises(geo.InputError, match="holds 2 layers .*name the one to read"):
        geo.read_layer(path)
    assert geo.read_checked(f"{path}:posts")[0].kind.name == "post"
    assert geo.read_checked(path, layer="places")[0].kind.name == "place"


def test_a_projected_file_is_reprojected_to_wgs84(tmp_path):
    path = tmp_path / "posts.gpkg"
    flat([feature("post")]).to_crs("EPSG:32637").to_file(path, engine="pyogrio")
    post = geo.read_layer(path)
    assert post.crs.to_epsg() == 4326
    assert post.geometry.iloc[0].x == pytest.approx(36.8, abs=1e-7)
    assert post.geometry.iloc[0].y == pytest.approx(35.86, abs=1e-7)


def test_shapefile_with_and_without_its_prj(tmp_path):
    path = tmp_path / "routes.shp"
    flat([feature("route")]).to_file(path, engine="pyogrio")
    assert geo.read_layer(path)["route_type"].iloc[0] == "highway"
    path.with_suffix(".prj").unlink()
    with pytest.raises(geo.InputError, match=r"routes.shp: declares no coordinate reference system.*"
                                             r"EPSG:4326 in routes.prj"):
        geo.read_layer(path)
    assert geo.read_layer(path, crs="EPSG:4326").crs.to_epsg() == 4326


def _csv(path: Path, rows: list[str]) -> Path:
    header = "id,name,place_type,confidence,precision_m,sources,latitude,longitude"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


SRC = '"[{""publisher"": ""GeoNames"", ""url"": ""https://www.geonames.org/164816"", ""date"": ""2026-11""}]"'


def test_csv_degrees_are_wgs84_unless_declared_otherwise(tmp_path):
    path = _csv(tmp_path / "places.csv", [f"saraqeb,Saraqeb,town,confirmed,1500,{SRC},35.86447,36.80591"])
    layer, report = geo.read_checked(path)  # latitude and longitude in degrees: taken as WGS84, and said
    assert layer.frame.crs.to_epsg() == 4326 and any("read as WGS84 degrees" in n for n in report.notes)
    metres = _csv(tmp_path / "metres.csv", [f"saraqeb,Saraqeb,town,confirmed,1500,{SRC},3969000,285000"])
    with pytest.raises(geo.InputError, match="metres.csv: declares no coordinate reference system"):
        geo.read_layer(metres)
    assert geo.read_layer(path, crs="EPSG:4326").geometry.iloc[0].x == pytest.approx(36.80591)
    path.with_suffix(".prj").write_text("EPSG:4326\n")
    place = geo.read_layer(path)
    assert (place.geometry.iloc[0].y, place["precision_m"].iloc[0]) == (pytest.approx(35.86447), 1500.0)


def test_csv_rows_with_bad_coordinates_are_each_named(tmp_path):
    path = _csv(tmp_path / "places.csv", [f"a,A,town,confirmed,1500,{SRC},35.8,36.8",
                                          f"b,B,town,confirmed,1500,{SRC},north,36.8",
                                          f"c,C,town,confirmed,1500,{SRC},,"])
    layer, report = geo.read_checked(path, crs="EPSG:4326")
    places = layer.frame
    problems = report.problems
    assert list(places["id"]) == ["a"] and (report.read, report.drawn, report.rejected) == (3, 1, 2)
    coordinate_problems = [(p.feature, p.field) for p in problems if p.field == "latitude/longitude"]
    assert coordinate_problems == [("'b'", "latitude/longitude"), ("'c'", "latitude/longitude")]
    assert "'north', '36.8'" in str(problems[-2])


def test_csv_without_coordinate_columns(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("id,name\na,A\n")
    with pytest.raises(geo.InputError, match="needs coordinate columns: latitude and longitude"):
        geo.read_layer(path, crs="EPSG:4326")


def test_a_csv_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes("id,name,latitude,longitude\na,Sarāqib,35.8,36.8\n".encode("latin-1", "replace")
                     .replace(b"?", b"\xe2"))
    with pytest.raises(geo.InputError, match="places.csv: is not UTF-8"):
        geo.read_layer(path, crs="EPSG:4326")


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(geo.InputError, match="no such file"):
        geo.read_layer(tmp_path / "posts.geojson")
    (tmp_path / "posts.xlsx").write_text("x")
    with pytest.raises(geo.InputError, match=r"posts.xlsx: unknown format .xlsx; use one of"):
        geo.read_layer(tmp_path / "posts.xlsx")


def test_truncated_geojson_is_an_input_error(tmp_path):
    path = tmp_path / "posts.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat')
    with pytest.raises(geo.InputError, match="posts.geojson: is not complete JSON: it ends at byte 57 in the middle of a value"):
        geo.read_layer(path)


def test_reader_problems_name_the_file(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", [feature("post", confidence="maybe")])
    with pytest.raises(geo.ValidationError, match="posts.geojson: feature 'post-1': field 'confidence'"):
        geo.read_layer(path, strict=True)


def test_a_bad_byte_across_a_read_chunk_is_named_where_it_is(tmp_path):
    from geo.read.sniff import CHUNK

    path = tmp_path / "places.csv"
    head = b"id,name\n" + b"a" * (CHUNK - 9) + b"\n"  # ends one byte before the chunk boundary
    path.write_bytes(head[:-1] + b"\xe2\x28rest\n")  # 0xE2 is the chunk's last byte
    with pytest.raises(geo.InputError, match=rf"byte 0xE2 at offset {CHUNK - 1} \(line 2\)"):
        geo.read_layer(path, crs="EPSG:4326")

