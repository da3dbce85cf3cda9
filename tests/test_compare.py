"""Compare two days on the map (issue 25, part 1, the HTML and export half): the land that changed
hands hatched in the gainer's colour, the km² each side gained (the model's figures, not the
page's), kept by the permalink, cleared; and `geo export --since` drawing the same view."""
from __future__ import annotations

import re

import pytest

from geo.render.compare import compare_config, pack, pair_index, unpack
from tests.conftest import SCENARIO, run_cli

PAIRS = [("2019-12-01", "2020-03-06"), ("2020-01-24", "2020-02-11"), ("2020-02-07", "2020-02-08"),
         ("2019-12-19", "2020-02-29")]


def test_pack_reads_back_what_it_wrote():
    values = [0, 1, 31, 32, 1023, 1024, 31807, 2 ** 31]
    assert unpack(pack(values)) == values
    assert pack([5, 40]) == "5E1"  # 40 = 8 + 32·1: 8 flagged as continued (DIGITS[40]), then 1
    with pytest.raises(ValueError, match="non-negative"):
        pack([-1])


@pytest.mark.parametrize("since, until", PAIRS)
def test_the_pages_km2_are_model_change(idlib_model, since, until):
    """The figures the page shows for a pair of days are `model.change(d1, d2)`'s, side by side."""
    config = compare_config(idlib_model.timeline, idlib_model.sides)
    timeline = idlib_model.timeline
    p, q = timeline.day_index(since), timeline.day_index(until)
    assert p < q
    shown = {h: unpack(packed)[pair_index(p, q)] / 10 for h, packed in zip(config["holders"], config["gained"])}
    by_side = idlib_model.change(since, until).by_side().set_index("side")["gained_km2"]
    for holder, km2 in shown.items():
        assert km2 == pytest.approx(by_side.get(holder, 0.0), abs=0.051), holder  # both to 0.1 km²
    assert shown["government"] > 0


def test_a_days_km2_with_itself_are_nothing_and_colours_are_the_sides(idlib_model):
    config = compare_config(idlib_model.timeline, idlib_model.sides)
    colours = dict(zip(config["holders"], config["colours"]))
    for side in idlib_model.sides:
        assert colours[side.id] == side.colour
    n = len(idlib_model.timeline.change_days)
    assert all(len(unpack(packed)) == n * (n - 1) // 2 for packed in config["gained"])


def _legend(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.geo-compare li'),
                                                       li => [li.dataset.geoHolder, li.textContent]))""")


def _hatches(page) -> list[dict]:
    """Each hatched path: its side, its pattern's stripe colour and its size on screen."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('path.geo-compare-hatch'), p => {
        const id = /url\\(#([^)]+)\\)/.exec(p.getAttribute('fill'))[1], box = p.getBoundingClientRect();
        return {holder: p.dataset.geoHolder, stripe: document.getElementById(id).querySelector('.geo-compare-stripe')
                .getAttribute('fill'), masked: !!p.getAttribute('mask'), w: box.width, h: box.height};
    })""")


@pytest.mark.parametrize("size", [(1280, 800), (375, 667)])
def test_compare_with_a_day_hatches_the_land_and_keeps_it_in_the_permalink(idlib_files, idlib_model, browser, size):
    change = idlib_model.change("2019-12-01", "2020-03-06").by_side().set_index("side")
    colours = {side.id: side.colour for side in idlib_model.sides}
    labels = {side.id: side.label for side in idlib_model.sides}
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(idlib_files["offline"].as_uri() + "#date=2020-03-06")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-03-06'")
        assert page.locator("path.geo-compare-hatch").count() == 0
        page.get_by_role("button", name="Compare with another day").click()
        field = page.get_by_label("Compare with day")
        assert field.is_visible()
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= size[0]  # usable on a phone
        field.fill("2019-12-01")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoCompare === '2019-12-01'")
        hatches = _hatches(page)
        assert {h["holder"] for h in hatches} >= {"government"}
        for h in hatches:
            assert h["masked"] and h["w"] > 0 and h["h"] > 0
            if h["holder"] in colours:
                assert h["stripe"] == colours[h["holder"]]
        legend = _legend(page)
        for side in ("government", "opposition"):
            assert legend[side] == f"{labels[side]} gained {change.loc[side, 'gained_km2']:,.1f} km²"
        assert "compare=2019-12-01" in page.evaluate("location.hash")
        # the permalink reopens the comparison
        link = page.evaluate("location.href")
        again = context.new_page()
        again.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        again.goto(link)
        again.wait_for_function("document.querySelector('.folium-map').dataset.geoCompare === '2019-12-01'")
        assert _legend(again) == legend and len(_hatches(again)) == len(hatches)
        assert again.get_by_label("Compare with day").is_visible()
        # moving the day shown recomputes nothing in the page: the figures for the new pair are Python's
        again.evaluate("location.hash = location.hash.replace('date=2020-03-06', 'date=2020-02-11')")
        again.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-02-11'")
        later = idlib_model.change("2019-12-01", "2020-02-11").by_side().set_index("side")
        assert _legend(again)["government"].endswith(f"gained {later.loc['government', 'gained_km2']:,.1f} km²")
        # clearing returns to normal
        page.get_by_role("button", name="Clear the comparison").click()
        page.wait_for_function("!('geoCompare' in document.querySelector('.folium-map').dataset)")
        assert page.locator("path.geo-compare-hatch").count() == 0 and _legend(page) == {}
        assert "compare=" not in page.evaluate("location.hash")
        assert not page.get_by_label("Compare with day").is_visible()
    finally:
        context.close()


def test_geo_export_since_draws_the_compare_view_with_its_legend(tmp_path, capsys, idlib_files, idlib_model, browser):
    from geo.write.browser import open_report

    out = tmp_path / "compare.png"
    code, _, err = run_cli(capsys, "export", str(SCENARIO), "--since", "2019-12-01", "--date", "2020-03-06",
                           "--png", str(out), "--size", "1000x700", "--scale", "1")
    assert code == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the page as the export shows it: the report's legend leads with the comparison, whole on the page
    shown = open_report(browser, idlib_files["offline"], (1000, 700), day="2020-03-06", since="2019-12-01")
    try:
        entries = shown.evaluate("""() => Array.from(document.querySelectorAll('.geo-legend .geo-compare-section li'),
            li => { const b = li.getBoundingClientRect(); return {text: li.textContent, inside: b.width > 0 &&
                    b.right <= innerWidth && b.bottom <= innerHeight}; })""")
        gained = idlib_model.change("2019-12-01", "2020-03-06").by_side().set_index("side")["gained_km2"]
        government = next(e for e in entries if e["text"].startswith(idlib_model.sides[0].label))
        assert government["inside"] and f"{gained['government']:,.1f} km²" in government["text"]
        assert shown.locator("path.geo-compare-hatch").count() > 0
    finally:
        shown.context.close()


@pytest.mark.slow
def test_geo_export_since_must_come_before_the_day(tmp_path, capsys):
    code, _, err = run_cli(capsys, "export", str(SCENARIO), "--since", "2020-03-06", "--date", "2020-01-01",
                           "--png", str(tmp_path / "x.png"))
    assert code == 1 and re.search("runs forward", err)
