"""The researcher's API: what the README promises is there, composes, and builds once."""
from __future__ import annotations

import warnings

import pytest

import geo
from tests.conftest import SCENARIO, feature, write_geojson


def test_the_names_the_readme_uses_are_exported():
    for name in ("RejectedFeaturesWarning", "rejects_table", "build_model", "build_map", "explore", "read_layer",
                 "save_html", "situation", "to_png", "to_pdf", "to_gpkg", "to_geojson", "iframe_snippet",
                 "examples", "MapModel", "Layer"):
        assert hasattr(geo, name), name
    assert geo.examples.idlib_2020().is_file()


def test_rejected_features_warn_and_are_in_the_reports(tmp_path):
    path = write_geojson(tmp_path / "places.geojson", [feature("place", 1, name=None), feature("place", 2)])
    model = geo.api.model_of_layers([geo.read_checked(path)[0]])
    assert len(model.layers[0].frame) == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layers, reports = geo.read_files_checked([path])
        geo.api.warn_rejects(reports)
    assert any(issubclass(w.category, geo.RejectedFeaturesWarning) for w in caught)
    table = geo.rejects_table(reports)
    assert list(table["outcome"]) == ["rejected"] and list(table["field"]) == ["name"]


@pytest.mark.slow
def test_a_model_is_drawn_on_any_day_without_deriving_again(idlib_model, monkeypatch):
    def no_derivation(*args, **kwargs):
        raise AssertionError("derived again")

    monkeypatch.setattr(geo.derive.Timeline, "derive", no_derivation)
    m = geo.build_map(idlib_model, tiles="none", day="2020-03-06")
    assert m.model.day == "2020-03-06" and m.model.timeline is idlib_model.timeline
    assert '"initial":"2020-03-06"' in geo.to_html(m)
    with pytest.raises(geo.InputError, match="outside the scenario's range"):
        geo.build_map(idlib_model, day="2021-01-01")


def test_status_table_reads_the_states_derived_once(idlib_model):
    timeline = idlib_model.timeline
    # the whole table for every change day comes from arrays computed when the model was built
    for day in timeline.change_days[:5]:
        table = timeline.status_table(day)
        assert set(table["status"]) <= {"operating", "possibly surrounded", "surrounded", "withdrawn"}
    assert len(timeline.states) < len(timeline.change_days)  # identical areas are derived once


def test_explore_takes_the_kind_from_the_columns(tmp_path):
    events = geo.read_layer(SCENARIO.parent / "events.geojson")
    m = geo.explore(events, tiles="none")
    assert [layer.kind.name for layer in geo.render.feature_layers(m)] == ["event"]
    # columns that say no kind: drawn as plain features, as GeoDataFrame.explore draws them
    plain = geo.explore(events.drop(columns=["event_type"]), tiles="none")
    assert [layer.kind.name for layer in geo.render.feature_layers(plain)] == ["feature"]
