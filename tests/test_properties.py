"""Property-based tests of the readers: any input becomes valid features or a clear error.

Whatever a file holds, ``read_checked`` either returns drawable features and a report in which
``drawn + rejected == read``, or raises a GeoError (one sentence naming the file) — never any
other exception.
"""
from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings

import geo
from geo.errors import GeoError
from tests.conftest import feature

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)
numbers = st.one_of(st.floats(-200, 200), st.sampled_from([math.nan, math.inf, -math.inf, 1e300]),
                    st.integers(-500, 500))
positions = st.lists(numbers, min_size=0, max_size=4)
geometries = st.one_of(
    st.none(),
    st.builds(lambda c: {"type": "Point", "coordinates": c}, positions),
    st.builds(lambda c: {"type": "LineString", "coordinates": c}, st.lists(positions, max_size=4)),
    st.builds(lambda c: {"type": "Polygon", "coordinates": [c]}, st.lists(positions, max_size=6)),
    st.builds(lambda t, c: {"type": t, "coordinates": c}, st.text(max_size=12), values),
)
KINDS = ["post", "place", "zone", "route"]


@st.composite
def features(draw) -> dict:
    """A feature that starts valid, then has some properties and maybe its geometry replaced."""
    made = feature(draw(st.sampled_from(KINDS)), draw(st.integers(1, 3)))
    for key in draw(st.lists(st.sampled_from(sorted(made["properties"]) + ["extra", "kind"]), max_size=4)):
        made["properties"][key] = draw(values)
    if draw(st.booleans()):
        made["geometry"] = draw(geometries)
    return made


def read(path: Path):
    try:
        frame, report = geo.read_checked(path, crs="EPSG:4326")
    except GeoError as error:
        assert str(error).strip(), "an error must say something"
        return None
    assert report.drawn + report.rejected == report.read
    assert len(frame) == report.drawn
    return frame


@SETTINGS
@given(st.lists(features(), max_size=5))
def test_any_geojson_features_become_features_or_a_clear_error(items):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "posts.geojson"
        text = json.dumps({"type": "FeatureCollection", "features": items}, allow_nan=True)
        path.write_text(text, encoding="utf-8")
        read(path)


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["posts.geojson", "places.csv", "zones.kml", "routes.gpkg"]))
def test_any_bytes_under_any_name_become_features_or_a_clear_error(data, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        read(path)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_as_geojson_becomes_features_or_a_clear_error(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "places.geojson"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        read(path)
