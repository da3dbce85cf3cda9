"""The schema: what a valid feature is, and what every error message says."""
from __future__ import annotations

import geopandas as gpd
import pytest

import geo
from geo.schema import KINDS
from tests.conftest import GEOMETRIES, feature


def frame(features: list[dict]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")


def problems(features: list[dict], kind: str) -> list[geo.Problem]:
    return geo.check(frame(features), KINDS[kind], "test.geojson")[1]


@pytest.mark.parametrize("kind", list(GEOMETRIES))
def test_a_valid_feature_of_each_kind_passes_and_keeps_its_values(kind):
    out = geo.validate_frame(frame([feature(kind)]), KINDS[kind], "test.geojson")
    assert geo.schema.infer_kind(out) is KINDS[kind]  # its columns say its kind; no attrs needed
    assert not out.attrs
    assert out["sources"].iloc[0] == [{"publisher": "Example Wire", "url": "https://example.org/report",
                                       "date": "2020-02-07"}]
    assert list(out.columns[: len(KINDS[kind].fields)]) == list(KINDS[kind].field_names)


def test_every_problem_is_reported_at_once_naming_file_feature_field_expected_and_found():
    features = [
        feature("post", 1, name=None, confidence="rumoured"),
        feature("post", 2, precision_m=-5, established="2020-02-30"),
        feature("post", 3, sources=[{"publisher": "X", "url": "javascript:alert(1)", "date": "2020"}]),
    ]
    found = [str(p) for p in problems(features, "post")]
    assert sorted(found) == sorted([
        "test.geojson: feature 'post-1': field 'name': expected a value (name), found nothing",
        "test.geojson: feature 'post-1': field 'confidence': expected one of confirmed, reported, "
        "claimed, estimated, found 'rumoured'",
        "test.geojson: feature 'post-2': field 'precision_m': expected a number >= 0, found -5",
        "test.geojson: feature 'post-3': field 'sources[1].url': expected an http:// or https:// URL, "
        "found 'javascript:alert(1)'",
        "test.geojson: feature 'post-2': field 'established': expected a real calendar date, found '2020-02-30'",
    ])


@pytest.mark.parametrize("changes, field, expected, found_text", [
    ({"id": None}, "id", "a value (id)", "nothing"),
    ({"sources": []}, "sources", "at least one source", "nothing"),
    ({"sources": [{"publisher": "X", "date": "2020-01-01"}]}, "sources[1].url", "a value", "nothing"),
    ({"sources": [{"publisher": "X", "url": "https://x.org", "date": "Feb 2020"}]}, "sources[1].date",
     "a date as YYYY-MM-DD", "'Feb 2020'"),
    ({"sources": ["just text"]}, "sources[1]", "an object with publisher, url and date", "'just text'"),
    ({"sources": [dict(publisher="X", url="https://x.org", date="2020", author="Y")]}, "sources[1]",
     "only publisher, url, date, accessed, title, note", "also author"),
    ({"post_type": "bunker"}, "post_type", "one of observation post, base", "'bunker'"),
    ({"operator": None}, "operator", "a value (operator)", "nothing"),
    ({"official_number": 2.5}, "official_number", "a whole number", "2.5"),
    ({"official_number": "four"}, "official_number", "a number", "'four'"),
    ({"precision_m": None}, "precision_m", "a value", "nothing"),
    ({"established": "2018-13"}, "established", "a real calendar date", "'2018-13'"),
    ({"geometry": None}, "geometry", "Point", "no geometry"),
    ({"geometry": GEOMETRIES["route"]}, "geometry", "Point", "LineString"),
    ({"geometry": {"type": "Point", "coordinates": [200.0, 35.0]}}, "geometry",
     "longitude in [-180, 180]", "longitude 200.0 at vertex 1"),
    ({"kind": "zone"}, "kind", "'post'", "'zone'"),
])
def test_each_post_problem_has_its_own_message(changes, field, expected, found_text):
    (problem,) = problems([feature("post", **changes)], "post")
    assert problem.source == "test.geojson"
    assert problem.field == field
    assert expected in problem.expected
    assert found_text in problem.found


def test_features_without_an_id_are_named_by_position():
    (problem,) = problems([feature("place"), feature("place", 2, id=None)], "place")
    assert problem.feature == "#2" and problem.field == "id"


def test_a_duplicate_id_rejects_the_later_feature_and_names_the_first():
    found = problems([feature("place", 1), feature("place", 2), feature("place", 1)], "place")
    assert [(p.feature, p.field, p.row) for p in found] == [("'place-1'", "id", 2)]
    assert found[0].found == "'place-1', already the id of feature #1 (which is kept)"


def test_an_invalid_polygon_is_reported_with_the_reason():
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    (problem,) = problems([feature("zone", geometry=bowtie)], "zone")
    assert problem.field == "geometry" and "Self-intersection" in problem.found


def test_zone_needs_its_basis_stated():
    (problem,) = problems([feature("zone", basis_note=None)], "zone")
    assert problem.field == "basis_note"


def test_lists_and_sources_arrive_as_json_text_or_separated_text():
    text = feature("place", aliases="Saraqib; Saraqab",
                   sources='[{"publisher": "X", "url": "https://x.org", "date": "2020-02"}]')
    out = geo.validate_frame(frame([text]), KINDS["place"])
    assert out["aliases"].iloc[0] == ["Saraqib", "Saraqab"]
    assert out["sources"].iloc[0][0]["date"] == "2020-02"


def test_broken_json_in_sources_is_a_problem_not_a_crash():
    (problem,) = problems([feature("place", sources='[{"publisher": ')], "place")
    assert problem.field == "sources" and "invalid JSON" in problem.found


def test_validation_error_lists_every_problem_in_its_message():
    with pytest.raises(geo.ValidationError) as info:
        geo.validate_frame(frame([feature("route", name=None), feature("route", 2, route_type="canal")]),
                     KINDS["route"], "routes.geojson")
    text = str(info.value)
    assert text.startswith("2 problems found")
    assert "feature 'route-1': field 'name'" in text and "feature 'route-2': field 'route_type'" in text


def test_extra_columns_are_kept():
    out = geo.validate_frame(frame([feature("post", garrison="about 100")]), KINDS["post"])
    assert out["garrison"].iloc[0] == "about 100"


def test_kinds_are_found_by_singular_or_plural_name():
    assert geo.get_kind("posts") is KINDS["post"]
    with pytest.raises(KeyError, match="known kinds: post, place, zone, route"):
        geo.get_kind("bunkers")


def test_every_style_table_covers_exactly_its_kinds_choices():
    from geo.render.style import PATH_STYLES, POINT_SYMBOLS

    typed = [kind for kind in KINDS.values() if not kind.plain]
    for kind in typed:
        table = (POINT_SYMBOLS if kind.is_point else PATH_STYLES)[kind.name]
        assert set(table) == set(kind.categories), kind.name
    # the plain kind (a layer that says none) is coloured by its data: no table of its own
    assert set(POINT_SYMBOLS) | set(PATH_STYLES) == {kind.name for kind in typed}
    assert [kind.name for kind in KINDS.values() if kind.plain] == ["feature"]


def test_every_kind_declares_what_sits_in_no_branch():
    from geo.derive import DERIVED_COLUMNS

    for kind in KINDS.values():
        assert kind.plural and kind.label and (kind.plain or kind.category in kind.field_names)
        assert set(kind.derived) <= set(DERIVED_COLUMNS), kind.name
        assert set(kind.labelled) <= set(kind.categories)
        assert kind.party is None or kind.party in kind.field_names
        assert all(f in kind.field_names for f in kind.lifespan if f)


def test_a_new_kind_needs_one_entry_and_its_styles(monkeypatch, tmp_path):
    """A kind added to the schema (with its style table) is read, validated and drawn."""
    import dataclasses

    from geo.render import style
    from geo.schema import Field

    base = KINDS["place"]
    fields = tuple(f for f in base.fields if f.name != "place_type") + (
        Field("well_type", "choice", "Type", required=True, choices=("spring", "borehole")),)
    wells = dataclasses.replace(base, name="well", label="Well", plural="Wells", category="well_type",
                                fields=fields, file_stems=("wells", "well"), labelled=(), derived=())
    monkeypatch.setitem(KINDS, "well", wells)
    monkeypatch.setitem(style.POINT_SYMBOLS, "well", {"spring": style.Symbol("circle", "#0277bd", 10),
                                                      "borehole": style.Symbol("square", "#01579b", 10)})
    feat = feature("place", 1, place_type=None, well_type="spring")
    from tests.conftest import write_geojson

    path = write_geojson(tmp_path / "wells.geojson", [feat])
    frame = geo.read_layer(path)
    html = geo.to_html(geo.explore(frame, tiles="none"))
    assert "geo-kind-well" in html and "Wells" in html and "Spring" in html


def test_a_source_has_a_publication_date_or_the_day_it_was_read():
    undated = {"publisher": "Wikipedia", "url": "https://en.wikipedia.org/wiki/Saraqib", "accessed": "2025-03-01"}
    assert problems([feature("place", sources=[undated])], "place") == []
    neither = {"publisher": "X", "url": "https://x.org"}
    (problem,) = problems([feature("place", sources=[neither])], "place")
    assert (problem.field, problem.found) == ("sources[1].date", "nothing")
    assert "'accessed'" in problem.expected
    from geo.render.popups import popup_html

    html = popup_html({"name": "S", "sources": [undated, {**undated, "date": "2020-02"}]}, KINDS["place"])
    assert "(undated; accessed 2025-03-01)" in html and "(2020-02; accessed 2025-03-01)" in html
