"""Input as it really comes: zipped shapefiles and other archives, Google Earth's 3D and styled
KML/KMZ, Natural Earth's vertices a rounding error past 180°, CSVs with place-name 'location'
columns and saved indexes, ACLED exports of every vintage, UCDP GED's cited articles, and
tracker folders behind symbolic links or named YY_MM_DD."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.errors import InputError
from geo.read import read_raw, split_layer
from geo.read.kml import css_colour
from geo.read.known import acled_type, ged_articles
from geo.read.raw import ReadOptions
from geo.read.vector import flatten_z
from geo.schema import EVENT, ZONE
from geo.validate import read_checked
from geo.validate.repair import clamp_rounding, first_bad_vertex, repair_all
from tests.conftest import feature, write_geojson


def read(path, layer=None):
    return read_raw(Path(path), ReadOptions(layer=layer))


def countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["Syria", "Turkey"], "iso_a3": ["SYR", "TUR"]},
                            geometry=[shapely.box(35.7, 32.3, 42.4, 37.3), shapely.box(26.0, 36.0, 44.8, 42.1)],
                            crs="EPSG:4326")


def zip_folder(folder: Path, archive: Path, under: str = "") -> Path:
    """Every file of ``folder`` into ``archive``, inside the folder ``under``."""
    with zipfile.ZipFile(archive, "w") as out:
        for file in sorted(folder.iterdir()):
            out.write(file, f"{under}{file.name}")
    return archive


def shapefile_zip(tmp_path: Path, name: str = "countries", under: str = "") -> Path:
    folder = tmp_path / f"{name}-files"
    folder.mkdir()
    countries().to_file(folder / f"{name}.shp")
    return zip_folder(folder, tmp_path / f"{name}.zip", under)


# --- 1. ZIP archives ------------------------------------------------------------------------------

def test_a_zipped_shapefile_in_a_subfolder_is_read_like_the_shapefile(tmp_path):
    path = shapefile_zip(tmp_path, under="ne_110m_admin_0_countries/")
    with zipfile.ZipFile(path, "a") as archive:  # what Natural Earth and macOS add
        archive.writestr("ne_110m_admin_0_countries/README.html", "<html></html>")
        archive.writestr("__MACOSX/ne_110m_admin_0_countries/._countries.shp", "junk")
    got = read(path)
    assert list(got.frame["name"]) == ["Syria", "Turkey"] and got.frame.crs.to_epsg() == 4326
    assert got.notes[0] == "read ne_110m_admin_0_countries/countries.shp (a shapefile) from the ZIP archive"


def test_a_zip_of_several_layers_is_refused_listing_them_or_read_by_name(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    countries().to_file(folder / "admin0.shp")
    countries().iloc[:1].to_file(folder / "admin1.shp")
    path = zip_folder(folder, tmp_path / "natural-earth.zip")
    with pytest.raises(InputError, match=r"^natural-earth\.zip: holds 2 layer files \(admin0\.shp, admin1\.shp\); "
                                         r"name the one to read \('natural-earth\.zip:admin0'"):
        read(path)
    assert list(read(path, "admin1").frame["name"]) == ["Syria"]
    assert len(read(path, "admin0.shp").frame) == 2
    with pytest.raises(InputError, match=r"^natural-earth\.zip: has no layer file 'admin2' inside; "
                                         r"it holds: admin0\.shp, admin1\.shp"):
        read(path, "admin2")


def test_zip_layer_specs_on_the_command_line_and_gdal_vsizip(tmp_path, monkeypatch):
    path = shapefile_zip(tmp_path, under="data/")
    assert split_layer(f"{path}:countries") == (path, "countries")
    assert split_layer(f"{path}:data/countries.shp") == (path, "data/countries.shp")
    assert split_layer(f"/vsizip/{path}/data/countries.shp") == (path, "data/countries.shp")  # GDAL: //abs
    assert split_layer(f"/vsizip/{str(path).lstrip('/')}/data/countries.shp") == (path, "data/countries.shp")
    assert split_layer(f"/vsizip/{path}") == (path, None)
    monkeypatch.chdir(tmp_path)
    assert split_layer("/vsizip/countries.zip/data/countries.shp") == (Path("countries.zip"), "data/countries.shp")
    archive, layer = split_layer(f"/vsizip/{path}/data/countries.shp")
    assert len(read(archive, layer).frame) == 2
    assert split_layer("theatre.gpkg:posts") == (Path("theatre.gpkg"), "posts")  # as before


@pytest.mark.parametrize("inner", ["places.geojson", "places.kml", "places.gpkg", "places.csv", "places.kmz"])
def test_a_zip_holding_another_format_is_read_by_that_format(tmp_path, inner):
    frame = gpd.GeoDataFrame({"name": ["Saraqib"]}, geometry=[shapely.Point(36.8, 35.86)], crs="EPSG:4326")
    source = tmp_path / inner
    if inner.endswith(".csv"):
        source.write_text("name,latitude,longitude\nSaraqib,35.86,36.8\n", encoding="utf-8")
    elif inner.endswith(".kmz"):
        with zipfile.ZipFile(source, "w") as kmz:
            kmz.writestr("doc.kml", kml(placemark("Saraqib", "36.8,35.86")))
    elif inner.endswith(".kml"):
        source.write_text(kml(placemark("Saraqib", "36.8,35.86")), encoding="utf-8")
    else:
        frame.to_file(source)
    with zipfile.ZipFile(tmp_path / "places.zip", "w") as archive:
        archive.write(source, f"export/{inner}")
    got = read(tmp_path / "places.zip")
    assert list(got.frame["name"]) == ["Saraqib"]
    assert got.frame.geometry.iloc[0].equals_exact(shapely.Point(36.8, 35.86), 1e-9)


def test_a_zipped_layer_reaches_the_map_through_the_validator(tmp_path):
    write_geojson(tmp_path / "places.geojson", [feature("place", 1), feature("place", 2)])
    with zipfile.ZipFile(tmp_path / "places.zip", "w") as archive:
        archive.write(tmp_path / "places.geojson", "places.geojson")
    layer, report = read_checked(tmp_path / "places.zip")
    assert layer.kind.name == "place" and len(layer.frame) == 2 and not report.rejects
    assert any("from the ZIP archive" in note for note in report.notes)


def test_what_is_wrong_inside_a_zip_is_named(tmp_path):
    empty = tmp_path / "docs.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("README.txt", "no data")
    with pytest.raises(InputError, match=r"^docs\.zip: expected a layer file \(.*\.shp.*\) inside the ZIP archive, "
                                         r"found README\.txt$"):
        read(empty)
    path = shapefile_zip(tmp_path)
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(tmp_path / "broken.zip", "w") as out:
        for item in archive.infolist():
            if not item.filename.endswith(".shx"):
                out.writestr(item, archive.read(item))
    with pytest.raises(InputError, match=r"^broken\.zip: countries\.shp: its index file countries\.shx is missing"):
        read(tmp_path / "broken.zip")
    (tmp_path / "text.zip").write_text("name,lat\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^text\.zip: is not a ZIP archive: it looks like text"):
        read(tmp_path / "text.zip")
    (tmp_path / "cut.zip").write_bytes(path.read_bytes()[:200])
    with pytest.raises(InputError, match=r"^cut\.zip: is not a complete ZIP archive"):
        read(tmp_path / "cut.zip")
    zipfile.ZipFile(tmp_path / "nothing.zip", "w").close()
    with pytest.raises(InputError, match=r"^nothing\.zip: expected a layer file .* inside the ZIP archive, found nothing"):
        read(tmp_path / "nothing.zip")


def test_a_layer_that_would_unpack_too_large_is_refused(tmp_path, monkeypatch):
    from geo.read import formats

    monkeypatch.setattr(formats, "MAX_UNPACKED", 1000)
    with pytest.raises(InputError, match=r"^countries\.zip: expected a layer of at most 1000 bytes unpacked, "
                                         r"found countries\.shp of \d+(\.\d+)? KiB; unpack it yourself"):
        read(shapefile_zip(tmp_path))


def test_a_member_named_to_escape_the_folder_is_extracted_under_its_own_name_only(tmp_path):
    write_geojson(tmp_path / "p.geojson", [feature("place", 1)])
    inside = tmp_path / "inside"
    inside.mkdir()
    with zipfile.ZipFile(inside / "places.zip", "w") as archive:
        archive.write(tmp_path / "p.geojson", "../../escaped.geojson")
    assert len(read(inside / "places.zip").frame) == 1
    assert not (tmp_path / "escaped.geojson").exists() and not (tmp_path.parent / "escaped.geojson").exists()


# --- 2. heights dropped once per file -------------------------------------------------------------

def placemark(name: str, coordinates: str, extra: str = "", geometry: str = "Point") -> str:
    return (f"<Placemark><name>{name}</name>{extra}<{geometry}><coordinates>{coordinates}</coordinates>"
            f"</{geometry}></Placemark>")


def kml(*parts: str, head: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f'<name>Idlib</name>{head}{"".join(parts)}</Document></kml>')


def test_google_earth_heights_are_dropped_with_one_note_for_the_file(tmp_path):
    text = kml(*(placemark(f"P{i}", f"36.{i},35.8,0") for i in range(5)), placemark("Flat", "36.9,35.9"))
    (tmp_path / "places.kml").write_text(text, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "places.kmz", "w") as archive:
        archive.writestr("doc.kml", text)
    for name in ("places.kml", "places.kmz"):
        got = read(tmp_path / name)
        assert not got.frame.geometry.has_z.any()
        assert got.notes == ("dropped the height (Z) of 5 features: the map is 2D",)
    layer, report = read_checked(tmp_path / "places.kml")
    assert not [p for p in report.problems if "Z (height)" in (p.repair or "")]
    assert "dropped the height (Z) of 5 features: the map is 2D" in report.notes


def test_a_file_whose_every_feature_is_3d_is_flattened_once_and_a_mixed_one_is_repaired_per_feature(tmp_path):
    frame = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[shapely.Point(36.8, 35.8, 120), shapely.Point(36.7, 35.9, 90)],
                             crs="EPSG:4326")
    frame.to_file(tmp_path / "posts.shp")
    got = read(tmp_path / "posts.shp")
    assert not got.frame.geometry.has_z.any() and got.notes == ("dropped the height (Z) of 2 features: the map is 2D",)
    mixed = write_geojson(tmp_path / "posts.geojson", [
        feature("post", 1, {"type": "Point", "coordinates": [36.8, 35.8, 120]}), feature("post", 2)])
    assert read(mixed).frame.geometry.iloc[0].has_z and not read(mixed).notes


def test_flatten_z_keeps_missing_geometries_and_the_crs():
    frame = gpd.GeoDataFrame({"a": [1, 2, 3]}, geometry=[shapely.Point(1, 2, 3), None, shapely.Point(4, 5)],
                             crs="EPSG:4326")
    flat, count = flatten_z(frame)
    assert count == 1 and flat.crs == frame.crs and flat.geometry.iloc[1] is None
    assert not flat.geometry.has_z.any() and flat.geometry.iloc[0].equals(shapely.Point(1, 2))


# --- 3. KML styles ----------------------------------------------------------------------------------

STYLES = ('<Style id="ru"><LineStyle><color>ff00ff00</color></LineStyle><PolyStyle><color>7f0000ff</color>'
          '</PolyStyle></Style>'
          '<Style id="ua"><LineStyle><color>ffff0000</color></LineStyle></Style>'
          '<Style id="ua-hl"><LineStyle><color>ffffffff</color></LineStyle></Style>'
          '<StyleMap id="ua-map"><Pair><key>normal</key><styleUrl>#ua</styleUrl></Pair>'
          '<Pair><key>highlight</key><styleUrl>#ua-hl</styleUrl></Pair></StyleMap>')
AREA = "36.5,35.8,0 36.9,35.8,0 36.9,36.1,0 36.5,35.8,0"


def area(name: str, style: str) -> str:
    return (f"<Placemark><name>{name}</name><styleUrl>{style}</styleUrl><Polygon><outerBoundaryIs><LinearRing>"
            f"<coordinates>{AREA}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>")


def folder(name: str, *parts: str) -> str:
    return f"<Folder><name>{name}</name>{''.join(parts)}</Folder>"


STYLED = kml(
    area("Held by Russia", "#ru"),
    folder("Front", area("Ukrainian line", "#ua-map"),
           folder("Inner", area("Ukrainian pocket", "#ua")),
           placemark("Checkpoint", "36.7,35.9", extra="<Style><IconStyle><color>ff00ffff</color></IconStyle></Style>")),
    placemark("Unstyled", "36.6,35.9"), head=STYLES)


@pytest.mark.parametrize("name", ["zones.kml", "zones.kmz"])
def test_kml_styles_become_a_style_column_and_a_css_colour(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".kmz"):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("doc.kml", STYLED)
    else:
        path.write_text(STYLED, encoding="utf-8")
    frame = read(path).frame.set_index("name")
    assert frame.loc["Held by Russia", "style"] == "ru"
    assert frame.loc["Held by Russia", "style_colour"] == "#ff0000"  # PolyStyle before LineStyle
    assert frame.loc["Ukrainian line", "style"] == "ua-map"  # a StyleMap: its own id, its normal colour
    assert frame.loc["Ukrainian line", "style_colour"] == "#0000ff"
    assert frame.loc["Ukrainian pocket", "style"] == "ua" and frame.loc["Ukrainian pocket", "folder"] == "Inner"
    assert pd.isna(frame.loc["Checkpoint", "style"]) and frame.loc["Checkpoint", "style_colour"] == "#ffff00"
    assert pd.isna(frame.loc["Unstyled", "style"]) and pd.isna(frame.loc["Unstyled", "style_colour"])
    front = read(path, layer="Front").frame  # one folder: its Placemarks matched all the same
    assert list(front["style"].fillna("")) == ["ua-map", ""] and list(front["style_colour"]) == ["#0000ff", "#ffff00"]


def test_a_style_is_kept_when_it_is_the_only_meaning_and_dropped_when_it_says_nothing(tmp_path):
    only = kml(*(f'<Placemark><styleUrl>#ru</styleUrl><Point><coordinates>36.{i},35.8</coordinates></Point>'
                 '</Placemark>' for i in range(3)), head=STYLES)
    (tmp_path / "only.kml").write_text(only, encoding="utf-8")
    assert list(read(tmp_path / "only.kml").frame["style"]) == ["ru"] * 3
    same = kml(*(area(f"Zone {i}", "#ru") for i in range(3)), head=STYLES)
    (tmp_path / "same.kml").write_text(same, encoding="utf-8")
    assert {"style", "style_colour"}.isdisjoint(read(tmp_path / "same.kml").frame.columns)
    varied = kml(area("A", "#ru"), area("B", "#ua"), head=STYLES)
    (tmp_path / "varied.kml").write_text(varied, encoding="utf-8")
    assert list(read(tmp_path / "varied.kml").frame["style_colour"]) == ["#ff0000", "#0000ff"]


def test_kml_colours_are_aabbggrr():
    assert css_colour("ff0000ff") == "#ff0000" and css_colour("7fff0000") == "#0000ff"
    assert css_colour(" FF00FF00 ") == "#00ff00" and css_colour("red") is None and css_colour(None) is None


def test_a_kml_declaring_entities_is_refused_before_any_is_expanded(tmp_path):
    path = tmp_path / "places.kml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                    '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&b;</name>'
                    '<Point><coordinates>36.8,35.8</coordinates></Point></Placemark></kml>', encoding="utf-8")
    with pytest.raises(InputError, match=r"^places\.kml: is not KML that can be read: it declares a DOCTYPE"):
        read(path)


# --- 4. coordinates a rounding error past ±180 / ±90 ----------------------------------------------

def russia_like(east: float = 180.00000000000006) -> shapely.Polygon:
    ring = [(170.0 + i * 0.01, 65.0) for i in range(10)] + [(east, 65.0), (east, 70.0), (170.0, 70.0), (170.0, 65.0)]
    return shapely.Polygon(ring)


def test_a_vertex_a_rounding_error_past_180_is_clamped_and_the_vertex_named():
    fixed, fix = clamp_rounding(russia_like())
    assert fix.found == "longitude 180.00000000000006 at vertex 11 (and 1 more past the limit by less than 1e-09°)"
    assert fix.repair.startswith("clamped to ±180/±90") and shapely.get_coordinates(fixed)[:, 0].max() == 180.0
    assert clamp_rounding(russia_like(180.5)) == (russia_like(180.5), None)  # really out of range: rejected
    reports = []
    out = repair_all([russia_like(), shapely.Point(180.0000000000001, 89.0), shapely.Point(36.8, 35.8)], ZONE,
                     None, False, lambda row, fix: reports.append((row, fix.found)))
    assert [row for row, _ in reports] == [0, 1] and reports[1][1] == "longitude 180.0000000000001 at vertex 1"
    assert out[1].x == 180.0


def test_natural_earth_russia_is_drawn_repaired_not_rejected(tmp_path):
    path = write_geojson(tmp_path / "zones.geojson", [
        feature("zone", 1, shapely.geometry.mapping(russia_like())),
        feature("zone", 2, shapely.geometry.mapping(russia_like(181.5)))])
    layer, report = read_checked(path)
    repaired = [p for p in report.problems if p.repair and p.field == "geometry"]
    assert [p.feature for p in repaired] == ["'zone-1'"] and "vertex 11" in repaired[0].found
    assert "'zone-1'" not in {p.feature for p in report.rejects}
    assert "'zone-2'" in {p.feature for p in report.rejects}


def test_first_bad_vertex_names_the_vertex_not_the_first_one():
    coords = shapely.get_coordinates(russia_like(181.5))
    assert first_bad_vertex(coords) == "longitude 181.5 at vertex 11 (and 1 more vertex out of range)"
    assert first_bad_vertex(np.array([[36.8, 35.8], [36.8, -95.25], [36.9, 35.8]])) == "latitude -95.25 at vertex 2"
    assert first_bad_vertex([[36.8, 35.8]]) == ""


# --- 5. CSV coordinate columns --------------------------------------------------------------------

def test_a_location_column_is_a_name_when_latitude_and_longitude_are_given(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("id,latitude,longitude,location,position\na,35.86,36.8,Saraqib,OP 7\n"
                    "b,35.93,36.63,Idlib,\n", encoding="utf-8")
    got = read(path)
    assert not got.problems and list(got.frame["location"]) == ["Saraqib", "Idlib"]
    assert list(got.frame["position"]) == ["OP 7", ""]
    alone = tmp_path / "alone.csv"
    alone.write_text("id,location\na,\"35.86, 36.8\"\n", encoding="utf-8")  # no lat/lon: a pair as before
    assert read(alone).frame.geometry.iloc[0].equals(shapely.Point(36.8, 35.86))


@pytest.mark.parametrize("header", [",id,latitude,longitude", '"",id,latitude,longitude',
                                    "Unnamed: 0,id,latitude,longitude"])
def test_a_saved_index_column_is_left_out(tmp_path, header):
    path = tmp_path / "places.csv"
    path.write_text(f"{header}\n0,a,35.86,36.8\n1,b,35.93,36.63\n", encoding="utf-8")
    got = read(path)
    assert list(got.frame.columns) == ["id", "geometry"] and not got.problems
    assert any("no header and holds row numbers" in note for note in got.notes)
    named = tmp_path / "named.csv"
    named.write_text(",id,latitude,longitude\nx,a,35.86,36.8\n", encoding="utf-8")  # not row numbers: kept
    assert "Unnamed: 0" in read(named).frame.columns


# --- 6. ACLED, every vintage ----------------------------------------------------------------------

ACLED_2016 = ["GWNO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION", "EVENT_TYPE",
              "ACTOR1", "ALLY_ACTOR_1", "INTER1", "ACTOR2", "ALLY_ACTOR_2", "INTER2", "INTERACTION", "COUNTRY",
              "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION", "SOURCE", "NOTES",
              "FATALITIES"]
OLD_TYPES = {
    "Battle-No change of territory": ("battles", "No change of territory"),
    "Battle-Government regains territory": ("battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": ("battles", "Non-state actor overtakes territory"),
    "Remote violence": ("explosions/remote violence", "Remote violence"),
    "Violence against civilians": ("violence against civilians", ""),
    "Riots/Protests": ("protests", "Riots/Protests"),
    "Strategic development": ("strategic developments", "Strategic development"),
    "Non-violent transfer of territory": ("strategic developments", "Non-violent transfer of territory"),
    "Headquarters or base established": ("strategic developments", "Headquarters or base established"),
}


def acled_2016(tmp_path: Path) -> Path:
    rows = []
    for i, old in enumerate(OLD_TYPES):
        row = dict.fromkeys(ACLED_2016, "")
        row.update(GWNO="652", EVENT_ID_CNTY=f"SYR{i + 1}", EVENT_ID_NO_CNTY=str(i + 1),
                   EVENT_DATE=["07/02/2016", "25/02/2016", "2016-02-07"][i % 3], YEAR="2016", TIME_PRECISION="1",
                   EVENT_TYPE=old, ACTOR1="Military Forces of Syria (2000-)", ALLY_ACTOR_1="Hezbollah",
                   ACTOR2="Jabhat al Nusra", COUNTRY="Syria", ADMIN1="Idlib", LOCATION="Saraqib",
                   LATITUDE="35.86", LONGITUDE="36.8", GEO_PRECISION="1", SOURCE="SOHR", NOTES="Made-up note.",
                   FATALITIES=str(i))
        rows.append(row)
    path = tmp_path / "acled-2016.csv"
    pd.DataFrame(rows, columns=ACLED_2016).to_csv(path, index=False)
    return path


def test_an_acled_export_of_2016_is_recognised_and_its_types_mapped(tmp_path):
    got = read(acled_2016(tmp_path))
    frame = got.frame.set_index("id")
    assert any("ACLED export" in note for note in got.notes)
    assert any("pre-2019 format" in note for note in got.notes)
    for i, expected in enumerate(OLD_TYPES.values()):
        row = frame.loc[f"SYR{i + 1}"]
        assert (row["event_type"].lower(), row["sub_event_type"]) == expected
    assert frame.loc["SYR1", "date"] == "2016-02-07" and frame.loc["SYR2", "date"] == "2016-02-25"
    assert frame.loc["SYR3", "date"] == "2016-02-07"
    assert frame.loc["SYR1", "actors"] == "Military Forces of Syria (2000-);Hezbollah;Jabhat al Nusra;"
    assert {"gwno", "event_id_no_cnty", "interaction"} <= set(frame.columns)
    assert "ally_actor_1" not in frame.columns and "location" not in frame.columns
    layer, report = read_checked(tmp_path / "acled-2016.csv")
    assert layer.kind is EVENT and len(layer.frame) == len(OLD_TYPES) and not report.rejects
    assert set(layer.frame["event_type"]) <= set(EVENT.categories)


def test_acled_types_old_and_new():
    assert acled_type("Battles") is None and acled_type("Explosions/Remote violence") is None
    assert acled_type("Battle-Government regains territory") == ("battles", "Government regains territory")
    assert acled_type("Riots/Protests") == ("protests", "Riots/Protests")
    assert acled_type("Shelling") is None  # no ACLED type: the validator judges it


def test_the_acled_api_export_and_website_dates(tmp_path):
    columns = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
               "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
               "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
               "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
               "fatalities", "tags", "timestamp"]
    dates = ["2020-02-07", "09 May 2020", "9-May-20"]
    rows = [dict(dict.fromkeys(columns, ""), event_id_cnty=f"SYR{i}", event_date=day, year="2020",
                 time_precision="1", disorder_type="Political violence", event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Syria (2000-)",
                 iso="760", country="Syria", admin1="Idlib", location="Saraqib", latitude="35.86",
                 longitude="36.8", geo_precision="1", source="SOHR", fatalities="0",
                 civilian_targeting="", tags="", timestamp="1581033600")
            for i, day in enumerate(dates)]
    path = tmp_path / "acled-api.csv"
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    frame = read(path).frame
    assert list(frame["date"]) == ["2020-02-07", "2020-05-09", "2020-05-09"]
    assert list(frame["sub_event_type"]) == ["Shelling/artillery/missile attack"] * 3
    assert {"timestamp", "iso", "tags", "disorder_type", "civilian_targeting"} <= set(frame.columns)
    layer, report = read_checked(path)
    assert layer.kind is EVENT and len(layer.frame) == 3 and not report.rejects


# --- 7. UCDP GED's cited articles -----------------------------------------------------------------

GED_ARTICLES = ('"Agence France Presse,2017-08-01,Attackers target Shiite mosque in Afghanistan\'s Herat";'
                '"Agence France Presse,2017-08-01,At least 20 killed; many hurt";'
                '"Pajhwok News,2017-07-31,Assailants among 6 killed in Iraq Embassy attack"')


def test_ged_source_article_is_one_source_per_article():
    assert ged_articles(GED_ARTICLES) == [
        {"publisher": "Agence France Presse", "date": "2017-08-01",
         "title": "Attackers target Shiite mosque in Afghanistan's Herat", "via": "UCDP GED"},
        {"publisher": "Agence France Presse", "date": "2017-08-01", "title": "At least 20 killed; many hurt",
         "via": "UCDP GED"},
        {"publisher": "Pajhwok News", "date": "2017-07-31", "title": "Assailants among 6 killed in Iraq Embassy attack",
         "via": "UCDP GED"}]
    unquoted = "Xinhua General News Service,2020-02-07,Syrian troops enter Saraqeb;SOHR,2020-02-08,"
    assert ged_articles(unquoted) == [
        {"publisher": "Xinhua General News Service", "date": "2020-02-07", "title": "Syrian troops enter Saraqeb",
         "via": "UCDP GED"}, {"publisher": "SOHR", "date": "2020-02-08", "via": "UCDP GED"}]
    old = 'The Times 13 Jan 1989 "Missiles and tea breaks for rebels;Afghanistan'  # GED's 1989 entries
    assert ged_articles(old) == [{"publisher": old, "via": "UCDP GED"}]
    assert ged_articles("Reuters,2020-02-30,No such day") == [
        {"publisher": "Reuters,2020-02-30,No such day", "via": "UCDP GED"}]


def test_a_ged_table_gives_each_event_its_articles(tmp_path):
    from tests.synthetic import ucdp_table

    table = ucdp_table(3)
    table.loc[0, "source_article"] = GED_ARTICLES
    table.to_csv(tmp_path / "ged.csv", index=False)
    layer, report = read_checked(tmp_path / "ged.csv")
    assert not report.rejects
    sources = layer.frame.set_index("id").loc["400000", "sources"]
    assert [s["publisher"] for s in sources] == ["Agence France Presse", "Agence France Presse", "Pajhwok News"]
    assert sources[2]["date"] == "2017-07-31" and sources[2]["title"].startswith("Assailants")


# --- 8. tracker folders ---------------------------------------------------------------------------

def snapshot(path: Path, x: float) -> Path:
    return write_geojson(path, [{"type": "Feature", "properties": {},
                                 "geometry": shapely.geometry.mapping(shapely.box(x, 35.5, x + 0.2, 35.8))}])


def test_a_symlinked_tracker_folder_with_symlinked_files_is_read_as_a_folder(tmp_path):
    real = tmp_path / "downloads"
    real.mkdir()
    snapshot(real / "a.geojson", 36.2)
    snapshot(real / "b.geojson", 36.4)
    tracker = tmp_path / "tracker-real"
    tracker.mkdir()
    os.symlink(real / "a.geojson", tracker / "2020-02-07.geojson")
    os.symlink(real / "b.geojson", tracker / "2020-02-08.geojson")
    link = tmp_path / "tracker"
    os.symlink(tracker, link, target_is_directory=True)
    got = read(link)
    assert list(got.frame["snapshot_date"]) == ["2020-02-07", "2020-02-08"]
    os.symlink(tmp_path / "nowhere.geojson", tracker / "2020-02-09.geojson")
    with pytest.raises(InputError, match=r"2020-02-09\.geojson: is a symbolic link to .*nowhere\.geojson, "
                                         r"which does not exist"):
        read(link)
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    with pytest.raises(InputError, match=r"loop: is a symbolic link that loops back on itself"):
        read(loop)


@pytest.mark.parametrize("names, dates", [
    (["20200207.geojson", "20200208.geojson"], ["2020-02-07", "2020-02-08"]),
    (["2020_02_07.geojson", "2020_02_08.geojson"], ["2020-02-07", "2020-02-08"]),
    (["control-2020-02-07.geojson", "control-2020-02-08.geojson"], ["2020-02-07", "2020-02-08"]),
    (["20_02_07.geojson", "20_02_08.geojson"], ["2020-02-07", "2020-02-08"]),
])
def test_dates_in_snapshot_names(tmp_path, names, dates):
    (tmp_path / "tracker").mkdir()
    for i, name in enumerate(names):
        snapshot(tmp_path / "tracker" / name, 36.2 + i / 10)
    got = read(tmp_path / "tracker")
    assert sorted(set(got.frame["snapshot_date"])) == dates
    assert any("YY_MM_DD" in note for note in got.notes) == names[0].startswith("20_")


def test_yy_mm_dd_is_read_only_when_every_name_is_written_so(tmp_path):
    (tmp_path / "tracker").mkdir()
    snapshot(tmp_path / "tracker" / "2020-02-07.geojson", 36.2)
    snapshot(tmp_path / "tracker" / "20_02_08.geojson", 36.4)
    with pytest.raises(InputError, match=r"found none in 20_02_08\.geojson; a YY_MM_DD name \(20_02_07\) is read "
                                         r"only when every file is named so"):
        read(tmp_path / "tracker")
