"""read_vector on KML/KMZ, files that are not what their name says, encodings, broken JSON, 3D."""
from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo.errors import InputError
from geo.read import read_raw
from geo.read.raw import ReadOptions

POINT = {"type": "Point", "coordinates": [36.8, 35.86]}
SOURCES = '[{"publisher": "Example Wire", "url": "https://example.org/r", "date": "2020-02-07"}]'


def read_raw_of(path, layer=None, encoding=None):
    return read_raw(Path(path), ReadOptions(layer=layer, encoding=encoding))


def read_vector(path, layer=None, encoding=None):
    """The features of a file as its reader gives them (unvalidated)."""
    return read_raw_of(path, layer, encoding).frame


def feature(number: int, geometry=POINT, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry,
            "properties": {"id": f"post-{number}", "name": f"Post {number}", **properties}}


def write_geojson(path: Path, *features, encoding: str = "utf-8") -> Path:
    text = json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False)
    path.write_bytes(text.encode(encoding))
    return path


def placemark(name: str, coordinates: str, data: dict[str, str] | None = None, extra: str = "") -> str:
    fields = "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in (data or {}).items())
    return (f"<Placemark><name>{name}</name>{extra}"
            f"{f'<ExtendedData>{fields}</ExtendedData>' if fields else ''}"
            f"<Point><coordinates>{coordinates}</coordinates></Point></Placemark>")


def kml_document(*parts: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (f'{declaration}\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Idlib</name>'
            f'{"".join(parts)}</Document></kml>')


def folder(name: str, *placemarks: str) -> str:
    return f"<Folder><name>{name}</name>{''.join(placemarks)}</Folder>"


TWO_FOLDERS = kml_document(
    folder("Turkish posts",
           placemark("OP 7", "36.8,35.86", {"id": "post-7", "sources": SOURCES, "confidence": "reported",
                                            "precision_m": "3000", "post_type": "observation post"},
                     extra="<description>Near Morek</description>"
                           "<TimeStamp><when>2020-02-01</when></TimeStamp>")),
    folder("Russian posts",
           placemark("RP 1", "36.6,35.9", {"id": "post-8", "name": "Russian post 1"},
                     extra="<TimeSpan><begin>2020-01-01</begin><end>2020-03-01</end></TimeSpan>")))


# --- KML and KMZ ---------------------------------------------------------------------------------

def test_kml_folders_extended_data_and_time(tmp_path):
    path = tmp_path / "posts.kml"
    path.write_text(TWO_FOLDERS, encoding="utf-8")
    frame = read_vector(path)
    assert list(frame["folder"]) == ["Turkish posts", "Russian posts"]
    assert list(frame["id"]) == ["post-7", "post-8"]
    assert json.loads(frame["sources"].iloc[0])[0]["publisher"] == "Example Wire"
    assert frame["precision_m"].iloc[0] == "3000" and frame["post_type"].iloc[0] == "observation post"
    assert frame["description"].iloc[0] == "Near Morek"
    # ExtendedData 'name' wins over <name>; <name> is kept, not lost.
    assert frame.loc[1, "name"] == "Russian post 1" and frame.loc[1, "kml_name"] == "RP 1"
    assert frame.loc[0, "name"] == "OP 7"  # no ExtendedData name there: <name> fills the gap
    assert {"timestamp", "begin", "end"} <= set(frame.columns)
    assert str(frame.loc[0, "timestamp"]).startswith("2020-02-01")
    assert str(frame.loc[1, "begin"]).startswith("2020-01-01")
    for styling in ("altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet"):
        assert styling not in frame.columns and f"kml_{styling}" not in frame.columns
    assert str(frame.crs) == "EPSG:4326"


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_kml_bad_ring_is_reported_at_its_row(tmp_path):
    ring = ("<Placemark><name>Zone</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
            "36.5,35.8 36.9,35.8</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>")
    path = tmp_path / "zones.kml"
    path.write_text(kml_document(folder("A", placemark("P", "36.8,35.86")), folder("B", ring)), encoding="utf-8")
    frame = read_vector(path)
    assert list(frame["name"]) == ["P", "Zone"] and frame.geometry.iloc[1] is None
    assert list(read_raw_of(path).problems) == [1]


def test_kml_one_folder_by_name(tmp_path):
    path = tmp_path / "posts.kml"
    path.write_text(TWO_FOLDERS, encoding="utf-8")
    frame = read_vector(path, layer="Russian posts")
    assert list(frame["id"]) == ["post-8"]
    with pytest.raises(InputError, match=r"posts\.kml: has no layer 'Nope'; its layers are: Turkish posts"):
        read_vector(path, layer="Nope")


def test_kml_without_placemarks_is_empty(tmp_path):
    path = tmp_path / "posts.kml"
    path.write_text(kml_document(folder("Nothing yet")), encoding="utf-8")
    frame = read_vector(path)
    assert len(frame) == 0 and str(frame.crs) == "EPSG:4326"


def test_kmz_made_with_zipfile(tmp_path):
    path = tmp_path / "posts.kmz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("files/readme.txt", "icons would go here")
        archive.writestr("doc.kml", TWO_FOLDERS)
    frame = read_vector(path)
    assert list(frame["id"]) == ["post-7", "post-8"]


def test_kmz_without_kml_inside(tmp_path):
    path = tmp_path / "posts.kmz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "nothing")
    with pytest.raises(InputError, match=r"^posts\.kmz: is a ZIP archive with no \.kml document"):
        read_vector(path)


def test_google_my_maps_kml_name_and_description_only(tmp_path):
    path = tmp_path / "places.kml"
    path.write_text(kml_document(folder(
        "Towns",
        placemark("Saraqib", "36.8,35.86", extra="<description>Crossroads of M4 and M5</description>"),
        placemark("Maarat al-Numan", "36.67,35.64"))), encoding="utf-8")
    frame = read_vector(path)
    assert list(frame["name"]) == ["Saraqib", "Maarat al-Numan"]
    assert frame["description"].iloc[0] == "Crossroads of M4 and M5"
    assert set(frame.columns) == {"name", "description", "geometry"}


def test_kml_declared_latin1_is_read(tmp_path):
    path = tmp_path / "places.kml"
    text = kml_document(placemark("Ma'arrat — é", "36.67,35.64").replace("—", "-"),
                        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>')
    path.write_bytes(text.encode("latin-1"))
    assert read_vector(path)["name"].iloc[0] == "Ma'arrat - é"


# --- files that are not what their name says ---------------------------------------------------

@pytest.mark.parametrize("name, content, found", [
    ("posts.geojson", b"PK\x03\x04" + b"\x00" * 40, "a ZIP archive"),
    ("posts.geojson", b"<!DOCTYPE html><html><body>Sign in</body></html>", "an HTML page"),
    ("posts.geojson", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "a PNG image"),
    ("posts.gpkg", b"id,name\n1,Post\n", "text"),
    ("posts.kml", b'{"type": "FeatureCollection"}', "JSON text"),
    ("posts.kmz", b"<kml></kml>", "a KML document"),
    ("posts.shp", b"hello", "text"),
], ids=["zip", "html", "png", "gpkg-text", "kml-json", "kmz-kml", "shp-text"])
def test_wrong_format(tmp_path, name, content, found):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{name.replace('.', '[.]')}: is not .*: it looks like {found}[ ;]"):
        read_vector(path)


def test_empty_file(tmp_path):
    path = tmp_path / "posts.geojson"
    path.write_bytes(b"  \n")
    with pytest.raises(InputError, match=r"^posts\.geojson: is empty"):
        read_vector(path)


# --- encodings ----------------------------------------------------------------------------------

def test_non_utf8_geojson(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", feature(1, name="Ma'arrat an-Nu'man café"),
                         encoding="cp1252")
    with pytest.raises(InputError, match=r"^posts\.geojson: is not UTF-8 text: byte 0xE9 at offset \d+ "
                                         r"\(line 1\) does not decode; .*--encoding cp1252"):
        read_vector(path)
    assert read_vector(path, encoding="cp1252")["name"].iloc[0] == "Ma'arrat an-Nu'man café"


def test_utf16_geojson_with_encoding(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", feature(1, name="Sarāqib"), encoding="utf-16")
    with pytest.raises(InputError, match=r"^posts\.geojson: is not UTF-8 text: byte 0xFF at offset 0"):
        read_vector(path)
    assert read_vector(path, encoding="utf-16")["name"].iloc[0] == "Sarāqib"


def test_unknown_encoding(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", feature(1))
    with pytest.raises(InputError, match=r"^posts\.geojson: unknown text encoding 'klingon'"):
        read_vector(path, encoding="klingon")


def test_utf8_bom_geojson(tmp_path):
    path = tmp_path / "posts.geojson"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"type": "FeatureCollection",
                                                    "features": [feature(1)]}).encode())
    assert list(read_vector(path)["id"]) == ["post-1"]


def test_shapefile_encoding_passed_to_gdal(tmp_path):
    frame = gpd.GeoDataFrame({"id": ["p1"], "name": ["Kafr Nabl é"]}, geometry=[shapely.Point(36.5, 35.6)],
                             crs="EPSG:4326")
    frame.to_file(tmp_path / "posts.shp", encoding="cp1252")
    (tmp_path / "posts.cpg").unlink()
    assert read_vector(tmp_path / "posts.shp", encoding="cp1252")["name"].iloc[0] == "Kafr Nabl é"


# --- truncated or broken JSON -------------------------------------------------------------------

def test_truncated_json(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", *[feature(i) for i in range(20)])
    path.write_bytes(path.read_bytes()[:1234])
    with pytest.raises(InputError) as info:
        read_vector(path)
    assert str(info.value) == ("posts.geojson: is not complete JSON: it ends at byte 1234 in the middle "
                               "of a value (truncated download?)")


def test_invalid_json_says_where(tmp_path):
    path = tmp_path / "posts.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [\n {"type": "Feature" "x": 1}]}')
    with pytest.raises(InputError, match=r"^posts\.geojson: is not valid JSON: invalid JSON at line 3, "
                                         r"column 21 \(Expecting ',' delimiter\)$"):
        read_vector(path)


@pytest.mark.parametrize("text, found", [
    ('{"a": [1, 2, 3]}', "an object with keys a"),
    ("[1, 2]", "a JSON array"),
    ('{"type": "Topology", "objects": {}}', '"type": "Topology"'),
])
def test_json_but_not_geojson(tmp_path, text, found):
    path = tmp_path / "posts.geojson"
    path.write_text(text)
    with pytest.raises(InputError, match=rf'^posts\.geojson: is JSON but not GeoJSON: expected an object '
                                         rf'with "type": "FeatureCollection" \(or "Feature"\), found {found}'):
        read_vector(path)


def test_members_that_are_not_features_are_not_silently_lost(tmp_path):
    lowercase = {**feature(2), "type": "feature"}
    untyped = {k: v for k, v in feature(3).items() if k != "type"}
    path = write_geojson(tmp_path / "posts.geojson", feature(1), lowercase, untyped, feature(4))
    with pytest.raises(InputError, match=r'^posts\.geojson: 2 of the 4 members of "features" are not GeoJSON '
                                         r'Features and would be lost: #2 \("type": "feature"\), #3 \(no "type"\)'):
        read_vector(path)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("geometry", [
    {"type": "Point", "coordinates": ["a", "b"]},
    {"type": "Point", "coordinates": []},
    {"type": "Pointy", "coordinates": [1, 2]},
    None,
])
def test_geometry_gdal_cannot_read_comes_out_none(tmp_path, geometry):
    path = write_geojson(tmp_path / "posts.geojson", feature(1), feature(2, geometry), feature(3))
    frame = read_vector(path)
    assert list(frame["id"]) == ["post-1", "post-2", "post-3"]
    assert frame.geometry.iloc[1] is None


@pytest.mark.filterwarnings("ignore:Non closed ring detected")
@pytest.mark.parametrize("geometry, reason", [
    ({"type": "Polygon", "coordinates": [[[36, 35], [37, 36]]]}, "closed linestring"),
    ({"type": "Polygon", "coordinates": [[[36, 35], [37, 36], [37, 35], [36.5, 35.5]]]}, "closed linestring"),
    ({"type": "LineString", "coordinates": [[36, 35]]}, "0 or >1 elements"),
])
def test_geometry_geos_cannot_build_comes_out_none_with_reason(tmp_path, geometry, reason):
    path = write_geojson(tmp_path / "posts.geojson", feature(1), feature(2, geometry), feature(3))
    frame = read_vector(path)
    assert list(frame["id"]) == ["post-1", "post-2", "post-3"]
    assert frame.geometry.iloc[1] is None and frame.geometry.iloc[0] is not None
    [(field, _, found)] = read_raw_of(path).problems[1]
    assert field == "geometry" and reason in found


def test_nan_and_infinity_coordinates_are_kept_for_the_validator(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", feature(1),
                         feature(2, {"type": "Point", "coordinates": [float("nan"), 35.0]}),
                         feature(3, {"type": "Point", "coordinates": [float("inf"), 35.0]}))
    assert "NaN" in path.read_text() and "Infinity" in path.read_text()
    frame = read_vector(path)
    assert len(frame) == 3
    assert math.isnan(frame.geometry.iloc[1].x) and math.isinf(frame.geometry.iloc[2].x)


def test_3d_geojson_keeps_z(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", feature(1, {"type": "Point", "coordinates": [36.8, 35.8, 120]}),
                         feature(2))
    frame = read_vector(path)
    assert frame.geometry.iloc[0].has_z and frame.geometry.iloc[0].z == 120  # the validator drops it, reported
    assert not frame.geometry.iloc[1].has_z


# --- GeoPackage and shapefile -------------------------------------------------------------------

def _posts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": ["p1"], "name": ["Post 1"]}, geometry=[shapely.Point(36.5, 35.6)],
                            crs="EPSG:4326")


def test_geopackage_layers(tmp_path):
    path = tmp_path / "idlib.gpkg"
    _posts().to_file(path, layer="posts")
    _posts().to_file(path, layer="places")
    with pytest.raises(InputError, match=r"^idlib\.gpkg: holds 2 layers \(posts, places\); name the one"):
        read_vector(path)
    assert list(read_vector(path, "places")["id"]) == ["p1"]
    with pytest.raises(InputError, match=r"^idlib\.gpkg: has no layer 'zones'; its layers are: posts, places"):
        read_vector(path, "zones")


@pytest.mark.parametrize("sidecar, what", [(".shx", "index"), (".dbf", r"attribute table \(\.dbf\)")])
def test_shapefile_missing_sidecar(tmp_path, sidecar, what):
    _posts().to_file(tmp_path / "posts.shp")
    (tmp_path / "posts").with_suffix(sidecar).unlink()
    with pytest.raises(InputError, match=rf"^posts\.shp: its {what} file posts\{sidecar} is missing beside it"):
        read_vector(tmp_path / "posts.shp")


def test_shapefile_reads(tmp_path):
    _posts().to_file(tmp_path / "posts.shp")
    frame = read_vector(tmp_path / "posts.shp")
    assert list(frame["id"]) == ["p1"] and frame.crs.to_epsg() == 4326

