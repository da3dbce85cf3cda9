"""The one contract between the renderer and the page (geo/render/contract.py), from Python's side:
every payload the renderer writes into a page has exactly the declared keys and types, for the
default map and for maps of large, counted, plain and hostile layers; the page's JSDoc
(static/contract.js) and the Node tests' fixtures are generated from the current code; each entry
the contract names is a function of the page's modules. (ESLint checks the other side: the page
reads only declared keys, js-tests/eslint-contract.mjs.)"""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely

import geo
from geo.render import contract
from geo.render.contract import ENTRIES, problems
from geo.validate import read_checked
from tests import js_fixtures
from tests.hostile import HOSTILE
from tests.synthetic import acled_table

STATIC = Path(contract.__file__).parent / "static"
_DECODER = json.JSONDecoder()


def _argument_end(text: str, at: int) -> int:
    """Where the argument starting at ``at`` ends: the top-level ',' or ')' (strings skipped)."""
    depth, quote = 0, None
    while True:
        char = text[at]
        if quote:
            if char == "\\":
                at += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if not depth:
                return at
            depth -= 1
        elif char == "," and not depth:
            return at
        at += 1


def entry_calls(html: str) -> list[tuple[str, list]]:
    """Each call of a contract entry in the page's inline scripts, with its arguments: decoded
    where they are JSON, else contract.Script (a JavaScript expression)."""
    out = []
    for match in re.finditer(r"(?<!function )\b(" + "|".join(ENTRIES) + r")\(", html):
        at, arguments = match.end(), []
        while html[at] != ")":
            while html[at] in " \n\t":
                at += 1
            end = _argument_end(html, at)
            raw = html[at:end].strip()
            try:
                value, used = _DECODER.raw_decode(raw)
                arguments.append(value if used == len(raw) else contract.Script)
            except ValueError:
                arguments.append(contract.Script)
            at = end + (html[end] == ",")
        out.append((match.group(1), arguments))
    return out


def contract_problems(html: str) -> tuple[list[str], set[str]]:
    found, called = [], set()
    for name, arguments in entry_calls(html):
        called.add(name)
        declared = ENTRIES[name]
        if len(arguments) != len(declared):
            found.append(f"{name}: expected {len(declared)} arguments, found {len(arguments)}")
            continue
        for n, (value, expected) in enumerate(zip(arguments, declared)):
            if expected is contract.Script:
                continue
            if value is contract.Script:
                found.append(f"{name} argument {n}: expected data ({expected}), found JavaScript")
            else:
                found += problems(value, expected, f"{name} argument {n}")
    return found, called


def test_the_default_map_keeps_the_contract(idlib_html, idlib_offline_html):
    for html in (idlib_html, idlib_offline_html):
        found, called = contract_problems(html)
        assert not found, found[:10]
        assert called == set(ENTRIES) - {"geoColumnarLayer", "geoCountsLayer"}


def test_large_counted_and_plain_layers_keep_the_contract(tmp_path):
    table = acled_table(400, seed=26)
    for i in range(6):
        table.loc[i, ["location", "notes", "source"]] = [HOSTILE[i], HOSTILE[i + 1], HOSTILE[i + 2]]
    table.to_csv(tmp_path / "acled.csv", index=False)
    layer, _ = read_checked(tmp_path / "acled.csv")
    events = geo.build_map(geo.api.model_of_layers([dataclasses.replace(layer, columnar=True)], tiles="none"))
    found, called = contract_problems(events.get_root().render())
    assert not found, found[:10]
    assert "geoColumnarLayer" in called and "geoTimeline" in called

    from geo.render.map import render_counts
    rows = [(f"c{ix}", day, ix + k + 1, shapely.box(ix * 0.1, 35, ix * 0.1 + 0.1, 35.1))
            for k, day in enumerate(["2020-01-01", "2020-01-03"]) for ix in range(3)]
    counts = gpd.GeoDataFrame(pd.DataFrame(rows, columns=["cell", "date", "count", "geometry"]), crs=4326)
    found, called = contract_problems(render_counts(counts, "Events per cell", "Counted.", tiles="none").get_root().render())
    assert not found, found[:10]
    assert "geoCountsLayer" in called

    plain = gpd.GeoDataFrame({"name": ["a", HOSTILE[0], None], "value": [1.5, 2, 3],
                              "geometry": [shapely.Point(36, 35), shapely.LineString([(36, 35), (36.1, 35.2)]),
                                           shapely.box(36, 35, 36.1, 35.1)]}, crs=4326)
    on_folium = geo.explore(plain, column="value", m=folium.Map())
    for m in (geo.explore(plain, column="value"), on_folium):
        found, called = contract_problems(m.get_root().render())
        assert not found, found[:10]
        assert "geoFeatureLayer" in called


def test_a_payload_that_departs_from_the_contract_is_told_where_and_how():
    good = {"toward": "left"}
    assert problems(good, contract.Flot) == []
    assert problems({}, contract.Flot) == ["payload: Flot lacks 'toward'"]
    assert problems({"toward": "up"}, contract.Flot) == ["payload.toward: expected one of ('left', 'right'), found 'up'"]
    assert problems({"toward": "left", "side": 1}, contract.Flot) == ["payload: 'side' is not declared in Flot"]
    state = {"date": "2020-01-01", "areas": 0, "status": {"p": ["surrounded", None, True, "yes", 1.5]}, "controlChanges": {}}
    assert problems(state, contract.State) == ["payload.status['p'][3]: expected bool, found 'yes'"]
    assert problems({"bounds": [1, 2.5], "fold": {"form": "NFKD", "steps": [["a", "b", "c"]]}}, contract.ToolsOptions) \
        == ["payload.fold.steps[0]: expected a list of 2, found ['a', 'b', 'c']"]


def test_the_pages_jsdoc_is_generated_from_the_contract():
    assert (STATIC / "contract.js").read_text(encoding="utf-8") == contract.jsdoc(), \
        "static/contract.js is stale: run `python -m geo.render.contract`"
    assert "@typedef {Object} GeoFeatureLayerData" in contract.jsdoc()
    assert " * @property {Object<string, [string, boolean]|null>} controlChanges" in contract.jsdoc()


def test_the_node_tests_fixtures_are_current():
    assert js_fixtures.PATH.read_text(encoding="utf-8") == js_fixtures.text(), \
        "js-tests/fixtures.json is stale: run `python -m tests.js_fixtures`"


def test_every_entry_is_a_function_the_page_exports():
    sources = "".join(path.read_text(encoding="utf-8") for path in STATIC.glob("*.js"))
    for name in ENTRIES:
        assert re.search(rf"^export function {name}\(", sources, re.M), name


def test_a_large_layers_popups_are_pythons_layout_filled_in_by_the_page(browser, tmp_path):
    """One popup layout: the page fills popups.popup_template for a layer drawn as columns, and each
    reads, word for word, as popups.popup_html writes the same feature's popup for a small layer."""
    from geo.render.popups import popup_html

    table = acled_table(60, seed=27)
    table.loc[0, ["source", "notes", "fatalities"]] = ["SOHR; Syria Direct", HOSTILE[3], "0"]
    table.loc[1, ["geo_precision", "notes"]] = ["9", ""]  # no usable precision, no description
    table.to_csv(tmp_path / "acled.csv", index=False)
    layer, _ = read_checked(tmp_path / "acled.csv")
    html = tmp_path / "m.html"
    geo.save_html(geo.build_map(geo.api.model_of_layers([dataclasses.replace(layer, columnar=True)], tiles="none")), html)
    frame, kind = layer.frame, layer.kind
    extra = [c for c in frame.columns if c not in kind.field_names and c not in (frame.geometry.name, "gaps")]
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    expected = [popup_html(row, kind, extra) for row in records]
    page = browser.new_page()
    page.goto(html.as_uri())
    page.wait_for_function("document.documentElement.dataset.geoEventsReady === '1'")
    shown, written = page.evaluate("""([ids, pythons]) => {
        const layer = window.geoAllLayers.find(l => l.geoPopupById);
        const text = html => { const d = document.createElement('div'); d.innerHTML = html; return d.textContent; };
        return Promise.all(ids.map(id => layer.geoPopupById(id)))
          .then(els => [els.map(el => el.textContent), pythons.map(text)]); }""",
                                   [[str(r["id"]) for r in records], expected])
    page.close()
    for a, b in zip(shown, written):
        assert a == b, (a, b)
    assert "Sources: none given" not in shown[0] and "Location: ±" not in shown[1] and "Killed0" in shown[0].replace(" ", "")
