"""What changed between two days (issue 25, part 1): land that changed hands, in km² per side,
checked against a geopandas overlay of the two days' areas; places and posts that changed."""
from __future__ import annotations

import json

import geopandas as gpd
import pytest

from geo.errors import InputError
from tests.conftest import SCENARIO, run_cli


def test_land_that_changed_hands_matches_an_overlay_of_the_two_days(idlib_model):
    change = idlib_model.change("2019-12-01", "2020-03-06")
    crs = idlib_model.crs
    one = idlib_model.timeline.areas("2019-12-01")[0].to_crs(crs)[["controller", "geometry"]]
    two = idlib_model.timeline.areas("2020-03-06")[0].to_crs(crs)[["controller", "geometry"]]
    overlay = gpd.overlay(one, two, how="intersection", keep_geom_type=True)
    moved = overlay[overlay["controller_1"] != overlay["controller_2"]]
    theirs = moved.assign(km2=moved.geometry.area / 1e6).groupby("controller_2")["km2"].sum()
    sides = change.by_side().set_index("side")
    for side in ("government", "opposition"):
        assert sides.loc[side, "gained_km2"] == pytest.approx(theirs.get(side, 0.0), rel=0.001, abs=0.1)
    assert sides.loc["government", "net_km2"] > 1500  # the offensive's gain, 2,100 km² on the shipped data
    assert sides["net_km2"].sum() == pytest.approx(0, abs=0.5)  # what one side gains the other loses
    places = change.places.set_index("id")
    assert places.loc["maarat-al-numan", "after"] == "government" and places.loc["saraqeb", "after"] == "government"
    assert "per" in places.loc["maarat-al-numan", "reports"]  # with the reports that changed it
    posts = change.posts.set_index("id")
    assert posts.loc["op-tal-tuqan", "before"] == "operating" and posts.loc["op-tal-tuqan", "after"] == "surrounded"


def test_a_change_runs_forward_within_the_range(idlib_model):
    with pytest.raises(InputError, match="runs forward"):
        idlib_model.change("2020-03-06", "2019-12-01")
    with pytest.raises(InputError, match="outside"):
        idlib_model.change("2019-01-01", "2020-01-01")


@pytest.mark.slow
def test_geo_change_prints_km2_per_side_and_writes_the_land(tmp_path, capsys):
    out = tmp_path / "changed.geojson"
    code, stdout, _ = run_cli(capsys, "change", "2020-01-24", "2020-02-11", str(SCENARIO), "--format", "json",
                              "--geojson", str(out))
    assert code == 0
    printed = json.loads(stdout)
    sides = {row["side"]: row for row in printed["sides"]}
    assert sides["government"]["gained_km2"] > 500 and printed["since"] == "2020-01-24"
    written = gpd.read_file(out)
    assert set(written.columns) >= {"from_side", "to_side", "area_km2"}
    assert written["area_km2"].sum() == pytest.approx(sum(r["area_km2"] for r in printed["areas"]), rel=1e-6)


def test_the_date_bar_shows_where_time_is_and_jumps_over_quiet_days(idlib_files, idlib_model, browser):
    """The histogram has a bar for each day with changes of control or events (the counts Python
    derived), and the previous/next-change buttons and Page Up/Down land on those days only."""
    from geo.render.timebar import timeline_config

    busy = timeline_config(idlib_model.timeline, "2020-02-07", idlib_model.sides, idlib_model.viewpoint)["activity"]
    assert any(changes for _, changes, _ in busy) and any(events for _, _, events in busy)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(idlib_files["offline"].as_uri() + "#date=2020-02-07")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-02-07'")
        bars = page.evaluate("""() => ({changes: document.querySelectorAll('.geo-track-changes').length,
                                        events: document.querySelectorAll('.geo-track-events').length})""")
        assert bars == {"changes": sum(1 for _, c, _ in busy if c), "events": sum(1 for _, _, e in busy if e)}
        days = [day for day, _, _ in busy]
        after = min(d for d in days if d > "2020-02-07")
        page.get_by_role("button", name="Next change (Page Up)").click()
        page.wait_for_function(f"document.querySelector('.folium-map').dataset.geoDate === '{after}'")
        page.locator(".geo-slider").focus()
        page.keyboard.press("PageDown")
        before = max(d for d in days if d < after)
        page.wait_for_function(f"document.querySelector('.folium-map').dataset.geoDate === '{before}'")
        assert page.get_by_role("combobox", name="Play speed").is_visible()
    finally:
        context.close()
