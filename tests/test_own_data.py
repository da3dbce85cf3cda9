"""Your own data, as it comes: the real-world-shaped inputs of tests/inputs (modelled on public
exports: ACLED of two vintages, UCDP GED, a tracker folder, styled KML, an auto-geocoded GeoJSON,
Natural Earth as a shapefile and a ZIP) each map with one command, no edits; and plain
GeoDataFrames map with geo.explore as GeoDataFrame.explore maps them."""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

import geo
from geo.cli import main

INPUTS = Path(__file__).parent / "inputs"
SUMMARY = re.compile(r"^(\S+): (\d+) read, (\d+) drawn \((\d+) repaired\), (\d+) rejected(.*)$", re.M)


def build(capsys, tmp_path, *args) -> tuple[int, str, str]:
    out = tmp_path / "map.html"
    code = main(["build", *args, "-o", str(out), "--tiles", "none"])
    err = capsys.readouterr().err
    return code, err, out.read_text(encoding="utf-8") if out.exists() else ""


def counts(err: str) -> list[tuple[int, int, int, int]]:
    return [tuple(int(n) for n in match[1:5]) for match in SUMMARY.findall(err)]


# (input, read/drawn/repaired/rejected, what the build must say, what the map must hold)
CASES = [
    ("points-plain.geojson", (3, 3, 0, 0), "drawn as given: 3 with no source given", "Drawn as given: no source given"),
    ("acled-current.csv", (40, 40, 0, 0), "read as an ACLED export", "explosions/remote violence"),
    ("acled-2016.csv", (20, 20, 0, 0), "mapped the event types of ACLED's pre-2019 format", "Remote violence"),
    ("ucdp-ged.csv", (20, 20, 0, 0), "read as a UCDP GED table", "named by UCDP GED"),
    ("strikes-geocoded.geojson", (30, 30, 0, 0), "3 with suspected geocoding error", "suspected geocoding error"),
    ("front-line.kml", (1, 1, 0, 0), "dropped the height (Z) of 1 feature: the map is 2D", "Front line"),
    ("front-line.kmz", (1, 1, 0, 0), "dropped the height (Z) of 1 feature", "Front line"),
    ("countries/ne_countries.shp", (6, 6, 1, 0), "found longitude 180.00000000000006 at vertex", "Russia"),
    ("countries/ne_countries.zip", (6, 6, 1, 0), "read ne_countries.shp (a shapefile) from the ZIP archive", "Russia"),
    ("zones-styled.kml", (4, 4, 0, 0), "dropped the height (Z) of 4 features", "Zones styled"),
]


@pytest.mark.parametrize("name, expected, said, shown", CASES, ids=[c[0] for c in CASES])
def test_each_input_maps_with_one_command(name, expected, said, shown, capsys, tmp_path):
    code, err, html = build(capsys, tmp_path, str(INPUTS / name))
    assert code == 0, err
    assert counts(err) == [expected], err
    assert said in err and shown in html
    assert "Traceback" not in err and "internal error" not in err


def test_an_acled_export_saved_by_a_spreadsheet_keeps_its_dates(tmp_path):
    layer, report = geo.read_checked(INPUTS / "acled-current.csv")
    raw = list(csv.DictReader((INPUTS / "acled-current.csv").open(encoding="utf-8")))
    assert raw[0]["event_date"].count("-") == 2 and not raw[0]["event_date"][:4].isdigit()  # e.g. 7-Feb-20
    assert layer.frame["date"].str.fullmatch(r"2020-0[1-3](-\d\d)?").all() and report.rejected == 0


def test_the_2016_acled_format_is_recognised_and_its_place_column_is_no_coordinate():
    layer, report = geo.read_checked(INPUTS / "acled-2016.csv")
    assert layer.kind.name == "event" and report.rejected == 0
    assert set(layer.frame["event_type"]) <= set(geo.KINDS["event"].categories)
    assert "location" in layer.frame.columns or layer.frame["name"].notna().all()  # the place name, as text
    assert not any("location" in p.field for p in report.problems)


def test_ucdp_citations_become_one_source_each():
    layer, _ = geo.read_checked(INPUTS / "ucdp-ged.csv")
    many = [s for s in layer.frame["sources"] if len(s) > 1]
    assert many, "every row became one source"
    first = many[0][0]
    assert first["via"] == "UCDP GED" and re.fullmatch(r"\d{4}-\d\d-\d\d", first["date"]) and first["title"]


def test_geocoding_errors_are_flagged_named_and_rejected_when_strict(capsys, tmp_path):
    layer, report = geo.read_checked(INPUTS / "strikes-geocoded.geojson")
    flagged = layer.frame[[any("geocoding" in g for g in gaps) for gaps in layer.frame["gaps"]]]
    assert sorted(flagged["place"]) == ["Alexandra", "Hope", "Pokrovsk"]
    assert report.gaps["suspected geocoding error"] == 3
    sourced = {"sources": '[{"publisher": "Test", "url": "https://example.org", "date": "2022"}]',
               "confidence": "reported"}
    _, strict = geo.read_checked(INPUTS / "strikes-geocoded.geojson", strict=True, defaults=sourced)
    far = [p for p in strict.rejects if p.field == "geometry"]
    assert len(far) == 3 and all("km from the bulk of the layer" in p.found for p in far)


@pytest.mark.parametrize("folder", ["tracker", "tracker-yy"])
def test_a_tracker_folder_with_a_side_steps_through_its_snapshots(folder, capsys, tmp_path):
    code, err, html = build(capsys, tmp_path, str(INPUTS / folder), "--side", "russia")
    assert code == 0, err
    assert counts(err) == [(5, 5, 0, 0)]
    assert "Areas of control (as given)" in html and "(estimate)" not in html
    assert '"start":"2022-03-01"' in html and '"end":"2022-03-05"' in html
    model = geo.build_model([INPUTS / folder], side="russia", warn=False)
    assert [d.isoformat() for d in model.timeline.change_days] == [f"2022-03-0{d}" for d in range(1, 6)]
    areas, _ = model.timeline.states[model.timeline.state_index(model.timeline.day_index("2022-03-03"))]
    assert list(areas["controller"]) == ["russia"] and areas["places"].iloc[0] == ""


def test_a_symlinked_tracker_folder_is_a_folder(capsys, tmp_path):
    (tmp_path / "linked").symlink_to(INPUTS / "tracker", target_is_directory=True)
    code, err, _ = build(capsys, tmp_path, str(tmp_path / "linked"), "--side", "russia")
    assert code == 0 and counts(err) == [(5, 5, 0, 0)], err


def test_kml_styles_become_sides_through_a_scenario(capsys, tmp_path):
    code, err, html = build(capsys, tmp_path, str(INPUTS / "zones-styled.toml"))
    assert code == 0, err
    assert "Held by Russian forces" in html and "Held by Ukrainian forces" in html
    layer = geo.build_model(INPUTS / "zones-styled.toml", warn=False).layers[0]
    assert sorted(layer.frame["controller"]) == ["russia", "russia", "russia", "ukraine"]


def test_a_build_that_draws_nothing_exits_1_with_one_line_per_cause(capsys, tmp_path):
    import pandas as pd

    table = pd.read_csv(INPUTS / "acled-current.csv", dtype=str, keep_default_na=False)
    table["event_date"] = "31-Feb-20"
    path = tmp_path / "acled.csv"
    table.to_csv(path, index=False)
    broken = [None] * (len(table) + 1)
    code, err, html = build(capsys, tmp_path, str(path))
    assert code == 1 and not html
    lines = [line for line in err.splitlines() if line.startswith("geo: rejected:")]
    assert len(lines) == 1 and f"{len(broken) - 1} features: field 'date'" in lines[0], err
    assert "'31-Feb-20'" in lines[0] and "nothing to draw" in err
    rejects = list(csv.DictReader((tmp_path / "map.rejects.csv").open(encoding="utf-8")))
    assert len(rejects) == len(broken) - 1  # every row still listed


def test_columns_mapped_and_values_set_on_the_command_line(capsys, tmp_path):
    path = tmp_path / "sightings.csv"
    path.write_text("where,latitude,longitude,what\nA,35.9,36.8,tank\nB,35.95,36.7,truck\n", encoding="utf-8")
    code, err, html = build(capsys, tmp_path, str(path), "--kind", "unit", "--column", "name=where",
                            "--set", "side=government", "--set", "unit_type=armour", "--set", "date_from=2020-02-07")
    assert code == 0, err
    assert counts(err) == [(2, 2, 0, 0)] and "government" in html
    assert main(["build", str(path), "--set", "nonsense"]) == 2


def test_info_validate_and_status_take_files_and_folders(capsys):
    assert main(["info", str(INPUTS / "tracker"), "--side", "russia"]) == 0
    out = capsys.readouterr().out
    assert "Tracker  zone" in out and "2022-03-01 – 2022-03-05" in out
    assert main(["validate", str(INPUTS / "points-plain.geojson")]) == 0
    assert main(["validate", "--strict", str(INPUTS / "points-plain.geojson")]) == 1
    capsys.readouterr()
    assert main(["status", str(INPUTS / "tracker"), "--side", "russia"]) == 0
    assert "no posts" in capsys.readouterr().out


def test_a_scenario_names_an_unknown_key_and_the_nearest_known_one(tmp_path):
    shutil.copy(INPUTS / "zones-styled.kml", tmp_path)
    text = (INPUTS / "zones-styled.toml").read_text(encoding="utf-8").replace("[layers.defaults]",
                                                                              "[layers.default]")
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    with pytest.raises(geo.InputError, match=r"s.toml: layers\[1\]: unknown key 'default' \(did you mean 'defaults'\?\)"):
        geo.load_scenario(tmp_path / "s.toml")


# -- plain GeoDataFrames, as GeoDataFrame.explore() takes them -------------------------------------
def _points() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["Saraqeb", "Taftanaz", "Binnish"], "kind_of_place": ["town", "town", "city"],
                             "people": [30000, 12000, 25000]},
                            geometry=shapely.points([(36.80, 35.86), (36.78, 35.99), (36.71, 35.96)]), crs=4326)


def test_explore_draws_any_geodataframe_as_explore_does():
    m = geo.explore(_points())
    (layer,) = geo.render.feature_layers(m)
    assert layer.kind.name == "feature" and len(layer.frame) == 3
    assert list(layer.frame["id"]) == ["#1", "#2", "#3"]
    popup = layer.payload["geojson"]["features"][0]["properties"]["popup"]
    assert "Saraqeb" in popup and "kind_of_place" in popup and "30000" in popup
    assert "Drawn as given: no source given; no confidence given; no ID given (numbered by row)" in popup


def test_explore_colours_by_a_column_with_a_legend():
    m = geo.explore(_points(), column="kind_of_place", tooltip=["name", "people"])
    (layer,) = geo.render.feature_layers(m)
    colours = {f["properties"]["symbol"] for f in layer.payload["geojson"]["features"]}
    assert len(colours) == 2
    assert any("kind_of_place: city" in entry[1] for entry in layer.legend)
    tip = layer.payload["geojson"]["features"][0]["properties"]["tooltip"]
    assert "<b>people</b>: 30000" in tip
    numeric = geo.render.feature_layers(geo.explore(_points(), column="people", cmap="viridis"))[0]
    assert len({f["properties"]["symbol"] for f in numeric.payload["geojson"]["features"]}) == 3
    with pytest.raises(TypeError, match="frobnicate"):
        geo.explore(_points(), frobnicate=1)


def test_explore_draws_natural_earth_countries_and_adds_to_a_map():
    countries = gpd.read_file(INPUTS / "countries/ne_countries.shp")
    m = geo.explore(countries, column="CONTINENT", style_kwds={"weight": 1})
    geo.explore(_points(), m=m, name="Towns")
    names = [layer.title for layer in geo.render.feature_layers(m)]
    assert names == ["Features", "Towns"]
    html = geo.to_html(m)
    assert "Russia" in html and "Saraqeb" in html


def test_explore_strict_applies_publication_rules():
    with pytest.raises(geo.ValidationError, match="field 'sources'"):
        geo.explore(_points(), strict=True)


def test_build_model_takes_frames_files_and_folders_the_same_way():
    model = geo.build_model({"Towns": _points(), "Tracker": INPUTS / "tracker"}, warn=False)
    assert [layer.name for layer in model.layers] == ["Towns", "Tracker"]
    assert [layer.kind.name for layer in model.layers] == ["feature", "feature"]
    assert model.timeline is not None  # the snapshots' dates give the map its date control
    (report,) = [r for r in model.reports if r.source == "Towns"]
    assert report.gaps == {"no source given": 3, "no confidence given": 3, "no ID given": 3}


@pytest.mark.slow
def test_the_shipped_case_study_is_strict_and_fully_sourced():
    scenario = geo.load_scenario()
    assert scenario.strict
    model = geo.build_model(scenario, warn=False)
    assert all(not report.rejected and not report.gaps for report in model.reports)
    assert all("gaps" not in layer.frame.columns for layer in model.layers)


def test_the_inputs_are_what_their_script_makes(tmp_path):
    """tests/inputs is made by make_inputs.py, the same bytes every time."""
    import subprocess
    import sys

    copy = tmp_path / "inputs"
    shutil.copytree(INPUTS, copy)
    subprocess.run([sys.executable, str(copy / "make_inputs.py")], check=True, capture_output=True, timeout=120)
    for path in INPUTS.rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".md", ".toml"):
            assert (copy / path.relative_to(INPUTS)).read_bytes() == path.read_bytes(), path.name
    assert list(json.loads((INPUTS / "points-plain.geojson").read_text())["features"][0]["properties"]) == ["name"]


def test_a_scenario_of_given_areas_without_control_takes_its_sides_from_the_data(capsys, tmp_path):
    shutil.copytree(INPUTS / "tracker", tmp_path / "tracker")
    (tmp_path / "s.toml").write_text('title = "Occupied"\n[[layers]]\nname = "Occupied"\nfile = "tracker"\n'
                                     'kind = "zone"\n[layers.defaults]\nzone_type = "area of control"\n'
                                     'controller = "russia"\nname = "Occupied"\n', encoding="utf-8")
    code, err, html = build(capsys, tmp_path, str(tmp_path / "s.toml"))
    assert code == 0, err  # was: internal error: KeyError: 'russia'
    assert "Areas of control (as given)" in html and '"russia"' in html
