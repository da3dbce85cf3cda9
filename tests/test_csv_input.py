"""read_csv on richer input (DMS, pair columns, MGRS, place names) and the offline gazetteer."""
from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geo.errors import InputError
from geo.read import gazetteer as gaz
from geo.read import read_raw
from geo.read import read_table_file as read_table
from geo.read.coords import parse_latitude, parse_longitude, parse_mgrs
from geo.read.gazetteer import AmbiguousPlace, Gazetteer, GeoNamesIndex, ShippedIndex, UnknownPlace, normalise
from geo.read.raw import ReadOptions

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "layers" / "idlib-2020" / "places.geojson"
SMALL = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_csv(path, encoding=None, region=None):
    """The CSV reader's RawRead (frame, problems, crs_hint)."""
    return read_raw(Path(path), ReadOptions(encoding=encoding, region=region))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def shipped_place(name: str) -> dict:
    features = json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]
    return next(f for f in features if f["properties"]["name"] == name)


def geonames_city(name: str) -> dict:
    return next(c for c in gaz._geonames_cities() if c["name"] == name)


def point(frame: gpd.GeoDataFrame, row: int) -> tuple[float, float]:
    geom = frame.geometry.iloc[row]
    return geom.y, geom.x


# --- coordinate columns -----------------------------------------------------------------------

def test_dms_columns_are_read_dropped_and_hint_wgs84(tmp_path):
    path = write(tmp_path / "posts.csv", "id,lat,lon\na,35°51′41″N,36°48′21″E\nb,35 51 41 S,W36 48 21\n")
    read = read_csv(path)
    frame = read.frame
    assert list(frame.columns) == ["id", "geometry"] and frame.crs is None
    assert point(frame, 0) == (pytest.approx(parse_latitude("35°51′41″N")), pytest.approx(parse_longitude("36°48′21″E")))
    assert point(frame, 1) == (pytest.approx(-parse_latitude("35°51′41″N")), pytest.approx(-parse_longitude("36°48′21″E")))
    assert (read.problems, read.crs_hint) == ({}, "EPSG:4326")


def test_bare_decimals_give_no_crs_hint(tmp_path):
    read = read_csv(write(tmp_path / "posts.csv", "id,y,x\na,35.8,36.8\nb,35°51′41″N,36.8\n"))
    frame = read.frame
    assert read.crs_hint is None and frame.geometry.notna().all()


@pytest.mark.parametrize("column", ["coordinates", "Coords", "position", "location", "latlon", "lat_lon"])
def test_a_pair_column_holds_both(tmp_path, column):
    text = f'id,{column}\na,"35°51′41″N 36°48′21″E"\nb,"36°48′21″E 35°51′41″N"\nc,"N35 51 41 E36 48 21"\n'
    read = read_csv(write(tmp_path / "posts.csv", text))
    frame = read.frame
    assert column not in frame.columns and read.crs_hint == "EPSG:4326"
    assert point(frame, 0) == point(frame, 1) == point(frame, 2)


def test_mgrs_sets_the_precision_the_row_left_empty(tmp_path):
    text = "id,mgrs,precision_m\na,37SCV0188170798,\nb,37SCV07,\nc,37SCV07,250\n"
    read = read_csv(write(tmp_path / "posts.csv", text))
    frame = read.frame
    assert list(frame["precision_m"]) == ["1", "10000", "250"]
    lat, lon, _ = parse_mgrs("37SCV07")
    assert point(frame, 1) == (pytest.approx(lat), pytest.approx(lon))
    assert read.crs_hint == "EPSG:4326"


def test_mgrs_adds_a_precision_column_when_there_is_none(tmp_path):
    read = read_csv(write(tmp_path / "posts.csv", "id,MGRS\na,37SCV0170\nb,\n"))
    frame = read.frame
    assert list(frame["precision_m"]) == ["1000", ""]
    assert read.problems == {1: [("MGRS", "coordinates", "''")]}


def test_two_ways_that_agree_place_the_row_and_two_that_disagree_are_reported(tmp_path):
    text = ("id,latitude,longitude,mgrs\n"
            "a,35.861397,36.805803,37SCV0188170798\n"
            "b,35.861397,36.805803,37SBV12\n")
    read = read_csv(write(tmp_path / "posts.csv", text))
    frame = read.frame
    assert frame.geometry.iloc[0] is not None and frame.geometry.iloc[1] is None
    (field, expected, found), = read.problems[1]
    assert (field, expected) == ("coordinates", "one position")
    assert found.startswith("latitude/longitude gives 35.86140, 36.80580; mgrs gives ") and found.endswith("km apart")


def test_cells_that_are_not_coordinates_say_what_was_expected(tmp_path):
    text = ("id,latitude,longitude\n"
            "a,35°61′N,36.8\n"
            "b,36,8,36.8\n"
            "c,35.8,\n"
            "d,35.8N,36.8N\n"
            "e,,\n")
    path = write(tmp_path / "posts.csv", text.replace("b,36,8,36.8", 'b,"36,8",36.8'))
    problems = read_csv(path).problems
    assert problems[0] == [("latitude/longitude", parse_error_expected("latitude"),
                            "'35°61′N', '36.8' (minutes must be below 60)")]
    assert problems[1][0][2] == ("'36,8', '36.8' (a decimal comma is ambiguous (one number, or two?): "
                                 "write the decimal with a point)")
    assert problems[2] == [("latitude/longitude", "both a latitude and a longitude",
                            "'35.8', '' (one of them is empty)")]
    assert problems[3][0][1].startswith("a longitude such as")
    assert problems[3][0][2] == "'35.8N', '36.8N' (hemisphere N is for a latitude, not a longitude)"
    assert problems[4] == [("latitude/longitude", "coordinates", "'', ''")]


def parse_error_expected(axis: str) -> str:
    with pytest.raises(ValueError) as error:
        (parse_latitude if axis == "latitude" else parse_longitude)("?")
    return error.value.expected


def test_a_long_cell_is_cut_in_the_problem(tmp_path):
    read = read_csv(write(tmp_path / "posts.csv", f"id,coordinates\na,{'9 ' * 200}\n"))
    found = read.problems[0][0][2]
    assert found.startswith("'9 9 9") and len(found) < 200


def test_out_of_range_numbers_are_returned_for_the_validator(tmp_path):
    read = read_csv(write(tmp_path / "posts.csv", "id,lat,lon\na,120°N,36.8\n"))
    frame = read.frame
    assert point(frame, 0) == (120.0, 36.8) and read.problems == {}


# --- file-level problems ---------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("id,name\na,A\n", "posts.csv: needs coordinate columns: latitude and longitude (or lat/lon, y/x), one "
                       "'coordinates' column holding both, an 'mgrs' column, or a 'place' column"),
    ("id,latitude\na,35\n", "posts.csv: has a latitude column (latitude) but no longitude column"),
    ("", "posts.csv: is empty"),
    ("<!DOCTYPE html><html></html>", "posts.csv: is not CSV: it looks like an HTML page"),
    ('id,lat,lon\na,"35,36\n', "posts.csv: cannot be read as CSV"),
])
def test_file_level_problems_start_with_the_file_name(tmp_path, text, message):
    with pytest.raises(InputError) as error:
        read_csv(write(tmp_path / "posts.csv", text))
    assert str(error.value).startswith(message)


def test_encoding_is_checked_and_used(tmp_path):
    path = write(tmp_path / "posts.csv", "id,name,lat,lon\na,Sarāqib Ḩ,35,36\n".replace("ā", "é").replace(" Ḩ", ""),
                 encoding="cp1252")
    with pytest.raises(InputError, match=r"^posts.csv: is not UTF-8 text: byte 0xE9 at offset \d+ \(line 2\)"):
        read_csv(path)
    assert read_csv(path, encoding="cp1252").frame["name"].iloc[0] == "Saréqib"
    assert read_table(path, encoding="cp1252")["lat"].iloc[0] == "35"
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "missing.csv")


# --- place names -----------------------------------------------------------------------------

def test_a_shipped_alias_resolves_to_the_shipped_point(tmp_path):
    place = shipped_place("Maarat al-Numan")
    read = read_csv(write(tmp_path / "places.csv", "id,place,precision_m\na,Maarat an-Nu'man,\nb,Ma`arrat an Nu`man,800\n"))
    frame = read.frame
    lon, lat = place["geometry"]["coordinates"]
    assert point(frame, 0) == point(frame, 1) == (pytest.approx(lat), pytest.approx(lon))
    assert list(frame["place"]) == ["Maarat an-Nu'man", "Ma`arrat an Nu`man"]
    assert list(frame["precision_m"]) == [f"{place['properties']['precision_m']:g}", "800"]
    assert frame["location_note"].iloc[0] == ("placed at the shipped place 'Maarat al-Numan' "
                                              "(layers/idlib-2020/places.geojson)")
    assert (read.problems, read.crs_hint) == ({}, "EPSG:4326")


def test_place_is_used_only_for_rows_without_coordinates(tmp_path):
    read = read_csv(write(tmp_path / "places.csv", "id,lat,lon,place\na,35.1,36.1,Saraqeb\n"))
    frame = read.frame
    assert point(frame, 0) == (35.1, 36.1) and "location_note" not in frame.columns


@pytest.mark.parametrize("names", [
    ("Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarat al Numan", "Ma‘arrat an Nu‘mān", "MAARAT-AL-NUMAN"),
    ("Jisr al-Shughur", "Jisr ash-Shughur", "Jisr Ash Shughūr"),
    ("Al-Atarib", "Atarib", "al Atārib"),
    ("Tall al", "Tal  al"),
])
def test_spellings_of_one_name_share_a_key(names):
    assert len({normalise(n) for n in names}) == 1


def test_different_names_keep_different_keys():
    assert normalise("Idlib") != normalise("Ariha") and normalise("Al") == "al" and normalise("-'’") == ""


def _layers(tmp_path: Path, places: list[tuple[str, float, float]]) -> Path:
    """A layers folder with one case study whose places are (name, lat, lon)."""
    folder = tmp_path / "layers" / "case"
    folder.mkdir(parents=True)
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                 "properties": {"name": name, "aliases": [f"{name} alias"], "precision_m": 100}}
                for name, lat, lon in places]
    (folder / "places.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return folder.parent


def test_a_name_of_places_far_apart_is_ambiguous_and_region_narrows_it(tmp_path):
    gazetteer = Gazetteer([ShippedIndex(_layers(tmp_path, [("Twin", 10.0, 10.0), ("Twin", 50.0, 50.0),
                                                          ("Near", 20.0, 20.0), ("Near", 20.01, 20.01)]))])
    with pytest.raises(AmbiguousPlace) as error:
        gazetteer.lookup("twin")
    assert [(c.lat, c.lon) for c in error.value.candidates] == [(10.0, 10.0), (50.0, 50.0)]
    assert gazetteer.lookup("Twin alias", region=(48.5, 48.5, 49.5, 49.5)).lat == 50.0  # grown by 1°
    assert gazetteer.lookup("Near").lat == 20.0  # ~1.5 km apart: one place
    with pytest.raises(UnknownPlace):
        gazetteer.lookup("Elsewhere")


def test_aliases_written_as_text_are_names_not_letters(tmp_path):
    folder = _layers(tmp_path, [("Saraqib", 35.86, 36.8)])
    path = folder / "case" / "places.geojson"
    collection = json.loads(path.read_text())
    collection["features"][0]["properties"]["aliases"] = "Saraqeb; Sarakib"  # as flat formats give them
    path.write_text(json.dumps(collection))
    gazetteer = Gazetteer([ShippedIndex(folder)])
    assert gazetteer.lookup("Sarakib").name == "Saraqib"
    with pytest.raises(UnknownPlace):
        gazetteer.lookup("S")


def test_a_row_longer_than_the_header_is_an_error_naming_its_line(tmp_path):
    path = tmp_path / "places.csv"
    # First data row longer: pandas would take its first cells as the index, shifting every column.
    path.write_text("id,name,latitude,longitude\nb,B,35.9,36.6,extra,more\na,A,35.9,36.6\n", encoding="utf-8")
    with pytest.raises(InputError, match="places.csv: line 2: expected at most 4 cells, as the header has, found 6"):
        read_table(path)
    path.write_text("id,name,latitude,longitude\na,A,35.9,36.6\nb,B,35.9,36.6,extra,more\n", encoding="utf-8")
    with pytest.raises(InputError, match="places.csv: cannot be read as CSV .*Expected 4 fields in line 3, saw 6"):
        read_table(path)


def test_no_shipped_folder_is_skipped_silently(tmp_path):
    gazetteer = Gazetteer([ShippedIndex(tmp_path / "nowhere")])
    with pytest.raises(UnknownPlace, match="'Saraqeb': is in neither"):
        gazetteer.lookup("Saraqeb")


@pytest.fixture(scope="module")
def geonames():
    """The default gazetteer with GeoNames loaded once for this module (it takes seconds)."""
    gazetteer = Gazetteer.default()
    gazetteer.lookup("Kafr Takharim")
    return gazetteer


def test_a_geonames_town_near_idlib_resolves(tmp_path, geonames):
    """Dayr Hafir, east of Aleppo: a GeoNames town the shipped places do not have."""
    city = geonames_city("Dayr Ḩāfir")
    read = read_csv(write(tmp_path / "places.csv", "id,place_name\na,Dayr Hafir\n"))
    frame = read.frame
    assert point(frame, 0) == (pytest.approx(city["latitude"]), pytest.approx(city["longitude"]))
    assert frame["precision_m"].iloc[0] == "5000"
    assert frame["location_note"].iloc[0] == (f"placed at GeoNames' point for 'Dayr Ḩāfir' (geonameid "
                                              f"{city['geonameid']}; town centre, ±5 km)")


def test_an_ambiguous_geonames_name_is_reported_with_its_candidates(tmp_path, geonames):
    read = read_csv(write(tmp_path / "places.csv", "id,place\na,Tripoli\nb,Nowhereville Qqq\n"))
    frame = read.frame
    assert frame.geometry.isna().all()
    (field, expected, found), = read.problems[0]
    assert (field, expected) == ("place", "a place name that names one place (or give coordinates)")
    assert found.startswith("'Tripoli', which names ") and "km apart: " in found
    for country in ("LB", "LY"):
        city = next(c for c in gaz._geonames_cities() if c["name"] == "Tripoli" and c["countrycode"] == country)
        assert f"Tripoli ({country}, {city['latitude']:.5f}, {city['longitude']:.5f})" in found
    assert read.problems[1] == [
        ("place", "a place name in the shipped places or GeoNames (or give coordinates)",
         "'Nowhereville Qqq' (is in neither the shipped places nor GeoNames)")]


def test_region_picks_the_place_of_that_name_inside_it(tmp_path, geonames):
    lebanon = next(c for c in gaz._geonames_cities() if c["name"] == "Tripoli" and c["countrycode"] == "LB")
    region = (lebanon["longitude"] - 0.5, lebanon["latitude"] - 0.5, lebanon["longitude"] + 0.5,
              lebanon["latitude"] + 0.5)
    match = geonames.lookup("Tripoli", region=region)
    assert (match.country, match.lat, match.lon) == ("LB", lebanon["latitude"], lebanon["longitude"])
    read = read_csv(write(tmp_path / "places.csv", "id,place\na,Tripoli\n"), region=region)
    frame = read.frame
    assert point(frame, 0) == (pytest.approx(match.lat), pytest.approx(match.lon))


def test_the_case_study_region_picks_the_syrian_al_rai(tmp_path, geonames):
    """Ar Rai names places in six countries; the case study's region picks al-Rai, north of Aleppo."""
    with pytest.raises(AmbiguousPlace) as error:
        geonames.lookup("Ar Rai")
    assert {c.country for c in error.value.candidates} >= {"SY", "FR"} and len(error.value.candidates) > 1
    region = tuple(gpd.read_file(SHIPPED).total_bounds)
    read = read_csv(write(tmp_path / "places.csv", "id,place\na,Ar Rai\n"), region=region)
    frame = read.frame
    city = geonames_city("Ar Rā‘ī")
    assert point(frame, 0) == (pytest.approx(city["latitude"]), pytest.approx(city["longitude"]))


def test_geonames_index_matches_alternate_names(geonames):
    index = next(i for i in geonames.indexes if isinstance(i, GeoNamesIndex))
    city = geonames_city("Kafr Takhārīm")
    assert [m.lat for m in index.find("kafr takharim")] == [city["latitude"]]


# --- properties ------------------------------------------------------------------------------

CELL = st.text(st.sampled_from(list("0123456789.,-+ °′″'\"NSEWdms:;x\"\n\r\t\x00é")), max_size=12)
HEADER = st.lists(st.sampled_from(["id", "lat", "lon", "latitude", "longitude", "x", "y", "coordinates",
                                   "mgrs", "precision_m", "location_note", "name", ""]), min_size=1, max_size=5)


@st.composite
def csv_bytes(draw) -> bytes:
    """Small CSV files: arbitrary bytes, or a header of real column names over hostile cells."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=200))
    header = draw(HEADER)
    rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=4))
    text = "\n".join(",".join(row) for row in [header, *rows])
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16"])), "surrogatepass")


@SMALL
@given(data=csv_bytes())
@example(data=b"id,id,id,id,coordinates\n,,,,,,\n,,,,")  # more cells than the header: found once
def test_any_small_csv_is_read_or_refused_with_an_input_error(tmp_path, data):
    path = tmp_path / "posts.csv"
    path.write_bytes(data)
    try:
        read = read_csv(path)
        frame = read.frame
    except InputError as error:
        assert str(error).startswith("posts.csv: ")
        return
    assert isinstance(frame, gpd.GeoDataFrame)
    assert all(g is None or math.isfinite(g.x) and math.isfinite(g.y) for g in frame.geometry)
    assert set(read.problems) <= set(range(len(frame)))


def test_a_place_given_relative_to_another_is_computed_on_the_ellipsoid(tmp_path):
    from pyproj import Geod

    read = read_csv(write(tmp_path / "posts.csv", "id,place\na,about 17 km east of Maarat al-Numan\n"
                                                  "b,2.7 kilometers (1.7 miles) south of the town of Taftanaz\n"))
    frame = read.frame
    anchor = shipped_place("Maarat al-Numan")
    lon, lat = anchor["geometry"]["coordinates"]
    azimuth, _, metres = Geod(ellps="WGS84").inv(lon, lat, frame.geometry.iloc[0].x, frame.geometry.iloc[0].y)
    assert metres == pytest.approx(17_000, abs=1) and azimuth == pytest.approx(90, abs=0.01)
    precision = float(frame["precision_m"].iloc[0])
    assert precision > 17_000 * 0.38  # the 45° sector of "east" alone
    assert "about 17 km east of 'Maarat al-Numan'" in frame["location_note"].iloc[0]
    assert frame.geometry.iloc[1] is not None and not read.problems


@pytest.mark.slow  # an unknown name is looked for in GeoNames too, which takes seconds to load
def test_a_place_given_relative_to_an_unknown_one_is_a_problem(tmp_path):
    read = read_csv(write(tmp_path / "posts.csv", "id,place\nc,12 km north-east of Nowhereville Qqq\n"))
    assert read.frame.geometry.iloc[0] is None
    (field, _, found), = read.problems[0]
    assert field == "place" and "Nowhereville" in found


def test_a_place_midway_between_two_others_is_their_geodesic_midpoint(tmp_path):
    from pyproj import Geod

    read = read_csv(write(tmp_path / "posts.csv", "id,place\na,midway along the road between Maarat al-Numan and Saraqeb\n"))
    point = read.frame.geometry.iloc[0]
    ends = [shipped_place(name)["geometry"]["coordinates"] for name in ("Maarat al-Numan", "Saraqeb")]
    geod = Geod(ellps="WGS84")
    (_, _, one), (_, _, two) = (geod.inv(lon, lat, point.x, point.y) for lon, lat in ends)
    _, _, apart = geod.inv(*ends[0], *ends[1])
    assert one == pytest.approx(two, abs=1) and one == pytest.approx(apart / 2, abs=1)
    assert float(read.frame["precision_m"].iloc[0]) >= apart * 0.1  # the way is not straight
    assert "midway between 'Maarat al-Numan' and 'Saraqeb'" in read.frame["location_note"].iloc[0]
