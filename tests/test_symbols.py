"""Military symbols: codes, points of view, uncertainty in the frame, forward lines, and every
drawing geo ships held to milsymbol.js's own."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import shapely

import geo
from geo.derive import Viewpoint, derive_symbols
from geo.render import milsymbols, render_map
from geo.scenario import Side
from geo.symbology import ECHELONS, UNIT_TYPES, SidcError, parse_sidc, sidc_in_words
from geo.symbology.names import check_known
from tests.conftest import MAP_JS, SCENARIO, feature, run_cli, write_geojson

GOLDEN = Path(__file__).parent / "data" / "symbols"
MILSYMBOL_JS = "milsymbol@3.0.4"


def _key(spec: milsymbols.SymbolSpec) -> str:
    return f"{spec.code}|{spec.size}|{spec.fill or ''}|{spec.info}"


def _shipped_specs(model) -> list[milsymbols.SymbolSpec]:
    """Every drawing the default map makes, seen from each side and party and from none."""
    milsymbols._DRAWN.clear()
    for side in (None, *(p.id for p in model.viewpoint.parties)):
        view = model.viewpoint.seen_by(side)
        render_map(dataclasses.replace(model, layers=derive_symbols(model.layers, view), viewpoint=view))
    return milsymbols.drawn_specs()


def _make_golden(cases: dict) -> None:
    (GOLDEN / "cases.json").write_text(json.dumps(cases, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    prefix = Path.home() / ".cache" / "geo-milsymbol"
    if not (prefix / "node_modules" / "milsymbol").exists():
        subprocess.run(["npm", "install", "--silent", "--prefix", str(prefix), MILSYMBOL_JS], check=True)
    subprocess.run(["node", str(GOLDEN / "make_golden.cjs")], check=True,
                   env={**os.environ, "NODE_PATH": str(prefix / "node_modules")})


@pytest.mark.slow
def test_every_symbol_geo_ships_is_drawn_as_milsymbol_js_draws_it(idlib_model):
    specs = _shipped_specs(idlib_model)
    cases = {_key(s): {"code": s.code, "size": s.size, "fill": s.fill, "info": s.info} for s in specs}
    # posts and units from every point of view, dashed and not
    assert len(cases) >= 35 and any(s.code[6] == "1" for s in specs)  # status amplifiers: chips (status_chip)
    assert {s.code[3] for s in specs} >= {"3", "4", "6"}  # friend, neutral, hostile
    if os.environ.get("GEO_UPDATE_GOLDEN") and shutil.which("node"):
        _make_golden(cases)
    golden = json.loads((GOLDEN / "golden.json").read_text(encoding="utf-8"))
    missing = sorted(set(cases) - set(golden["symbols"]))
    assert not missing, (f"{len(missing)} symbols have no reference drawing (e.g. {missing[0]}): "
                         "run GEO_UPDATE_GOLDEN=1 pytest tests/test_symbols.py")
    for key in cases:
        ours, theirs = milsymbols.draw(next(s for s in specs if _key(s) == key)), golden["symbols"][key]
        assert theirs["valid"] and ours.svg == theirs["svg"], key
        assert np.allclose(ours.anchor, theirs["anchor"], atol=0.01) and np.allclose(
            (ours.width, ours.height), theirs["size"], atol=0.01), key


def test_codes_are_read_named_and_refused_with_reasons():
    sidc = parse_sidc("10 0 3 10 0 0 16 121100 00 00")  # spaces between the parts are allowed
    assert str(sidc) == "10031000161211000000" and sidc.affiliation == "friend"
    assert sidc_in_words(sidc).words == "infantry battalion (land unit)"
    assert sidc_in_words(parse_sidc("10062000001208020000")).words == "military base (land installation)"
    assert sidc_in_words(parse_sidc("10061000160000000000")).words == "battalion of unstated type (land unit)"
    assert sidc_in_words(parse_sidc("10061000001211000000")).words == "infantry, echelon not stated (land unit)"
    for bad, found in (("1003100016121100000", "19 digits"), ("10031000161211000X00", "other characters"),
                       ("99031000161211000000", "version"), ("10031000991211000000", "amplifier 99"),
                       ("10039900001211000000", "symbol set 99"), ("10031000169999990000", "entity 999999")):
        with pytest.raises(SidcError) as error:
            check_known(parse_sidc(bad))
        assert found in error.value.found and bad in error.value.found
    for symbol_set, entity in UNIT_TYPES.values():  # every choice names a drawable entity
        check_known(parse_sidc(f"1003{symbol_set}00{ECHELONS['company']}{entity}0000"))


def test_an_invalid_code_is_an_error_naming_the_file_feature_and_field(tmp_path, capsys):
    path = write_geojson(tmp_path / "units.geojson", [
        feature("unit", 1, sidc="10031000161211000000"), feature("unit", 2, sidc="10031000991211000000")])
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 1 and "1 drawn" in out + err
    assert ("units.geojson: feature 'unit-2': field 'sidc': expected known echelon or mobility digits "
            "(e.g. 16 battalion, 21 division), found '10031000991211000000' (amplifier 99)") in out + err
    # A code a reader took for a number has lost digits: said so, not guessed at.
    (tmp_path / "numbers").mkdir()
    numbers = write_geojson(tmp_path / "numbers" / "units.geojson", [feature("unit", 3, sidc=1.0031000161211e19)])
    code, out, err = run_cli(capsys, "validate", str(numbers))
    assert code == 1 and "feature 'unit-3': field 'sidc': expected a 20-digit symbol code" in out + err
    assert "loses digits: quote it" in out + err


def test_affiliation_follows_the_point_of_view():
    sides = (Side("government", "Government", "#cc3311", hostile_to=("Turkish Armed Forces",)),
             Side("opposition", "Opposition", "#009988"))
    turkey = Side("turkey", "Turkish Armed Forces", "#0077bb", allied_to=("opposition",))
    neutral = Viewpoint.of(sides, (turkey,))
    assert [neutral.relation(n) for n in ("government", "Opposition", "Turkish Armed Forces", "Kurds")] == [
        "neutral", "neutral", "neutral", "unknown"]
    assert neutral.fill("government") != neutral.fill("opposition")  # each side its colour
    seen = {side: neutral.seen_by(side) for side in ("government", "opposition", "turkey")}
    assert [seen["turkey"].relation(n) for n in ("government", "opposition", "turkey")] == [
        "hostile", "friend", "friend"]
    assert [seen["government"].relation(n) for n in ("opposition", "turkey")] == ["hostile", "hostile"]
    assert [seen["opposition"].relation(n) for n in ("government", "turkey")] == ["hostile", "friend"]
    assert seen["turkey"].fill("government") is None  # a partisan view: the standard's colours
    # the forward line drawn is one's own side's, or an ally's
    assert seen["turkey"].front_owner("government", "opposition") == "opposition"
    assert neutral.front_owner("opposition", "government") == "government"
    with pytest.raises(geo.InputError, match="'government', 'opposition', 'turkey'"):
        neutral.seen_by("Atlantis")


def test_units_and_posts_get_codes_from_type_echelon_side_and_confidence(idlib_model):
    model = geo.build_map(idlib_model, viewpoint="turkey").model
    units = model.frames["Units (as reported)"].set_index("id")
    posts = model.frames["Turkish military posts"].set_index("id")
    for row in units.itertuples():
        sidc = parse_sidc(row.symbol_code)
        assert sidc.affiliation == {"government": "hostile", "opposition": "friend",
                                    "Turkish Armed Forces": "friend"}[row.side]
        assert (sidc.status == "1") == (row.confidence != "confirmed")  # unconfirmed: a dashed frame
        assert sidc.entity == UNIT_TYPES[row.unit_type][1]
        assert sidc.amplifier == (ECHELONS[row.echelon] if isinstance(row.echelon, str) else "00")
    assert {parse_sidc(c).symbol_set for c in posts["symbol_code"]} == {"20"}  # installations
    assert set(posts["affiliation"]) == {"friend"}
    assert idlib_model.viewpoint.side is None and set(idlib_model.frames["Turkish military posts"]["affiliation"]) == {"neutral"}


def test_fronts_run_with_side_a_on_their_left(idlib_model):
    timeline = idlib_model.timeline
    checked = 0
    for areas, fronts in timeline.states:
        metric = areas.to_crs(idlib_model.crs).set_index("controller").geometry
        for row in fronts.to_crs(idlib_model.crs).itertuples():
            for part in shapely.get_parts(row.geometry):
                (x0, y0), (x1, y1) = np.asarray(part.coords)[:2]
                n = np.hypot(x1 - x0, y1 - y0)
                left = shapely.Point((x0 + x1) / 2 - (y1 - y0) / n * 50, (y0 + y1) / 2 + (x1 - x0) / n * 50)
                right = shapely.Point((x0 + x1) / 2 + (y1 - y0) / n * 50, (y0 + y1) / 2 - (x1 - x0) / n * 50)
                if metric[row.side_a].contains(right) and metric[row.side_b].contains(left):
                    pytest.fail(f"a front part runs with {row.side_a} on its right")
                checked += metric[row.side_a].contains(left)
    assert checked >= len(timeline.states)


@pytest.mark.slow
def test_viewpoint_on_the_command_line_and_in_the_legend(tmp_path, capsys):
    out = tmp_path / "seen.html"
    code, printed, err = run_cli(capsys, "build", str(SCENARIO), "--viewpoint", "Turkish Armed Forces",
                                 "--tiles", "none", "-o", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "Military symbols: seen from Turkish Armed Forces" in html
    assert "the forward line of Opposition armed groups (incl. HTS)" in html
    code, _, err = run_cli(capsys, "build", str(SCENARIO), "--viewpoint", "Atlantis", "-o", str(out))
    assert code != 0 and "expected 'neutral' or a side or party of the scenario" in err and "'turkey'" in err


def test_symbols_drawn_equal_the_data_and_popups_name_type_and_echelon(idlib_model, idlib_files, open_map):
    situation = idlib_model.situation()
    expected = {}
    for name in ("Turkish military posts", "Units (as reported)"):
        frame = situation.layers[name]
        for row in frame.itertuples():
            expected[row.id] = milsymbols.words(row.symbol_code)
    page = open_map(idlib_files["offline"]).page
    assert page.locator(".leaflet-marker-icon.geo-milsymbol").count() == len(expected) > 15
    popups = page.evaluate(f"""() => {{ const map = {MAP_JS}; const out = {{}};
        (window.geoAllLayers || []).forEach(g => (g.geoEntries || []).forEach(e => {{
          if (!map.hasLayer(e.layer) || !e.layer.geoSymbol || !/^ms[|]/.test(e.props.symbol)) return;
          e.layer.openPopup();
          out[e.props.id] = e.layer.getPopup().getElement().textContent; e.layer.closePopup(); }}));
        return out; }}""")
    assert set(popups) == set(expected)
    for ident, words in expected.items():
        assert words in popups[ident], ident
    units = situation.layers["Units (as reported)"]
    for row in units.itertuples():  # the echelon in words, or that it is not known
        assert (row.echelon if isinstance(row.echelon, str) else "of unstated type") in popups[row.id]
    assert units["echelon"].notna().any() and units["echelon"].isna().any()


def test_layer_files_keep_the_affiliation_their_data_states(tmp_path):
    path = write_geojson(tmp_path / "units.geojson", [
        feature("unit", 1, identity="friend"), feature("unit", 2, side="Red", sidc="10061000161205000000"),
        feature("unit", 3, side="Grey", confidence="confirmed")])
    frame = geo.situation_map({"Units": geo.read_layer(path)}).model.frames["Units"]
    assert list(frame["affiliation"]) == ["friend", "hostile", "neutral"]
    assert [c[3] for c in frame["symbol_code"]] == ["3", "6", "4"]
    assert frame["symbol_fill"].iloc[:2].isna().all() and frame["symbol_fill"].iloc[2]  # only the unstated is tinted


def test_hostile_text_as_a_code_is_refused_never_drawn():
    from geo.values import BadValue, to_sidc
    from tests.hostile import HOSTILE

    for text in HOSTILE:
        with pytest.raises(BadValue) as bad:
            to_sidc(text)
        assert bad.value.expected.startswith("a 20-digit symbol code") and len(bad.value.found) < 120


def test_a_drawing_kept_on_disk_is_the_drawing_itself(tmp_path, monkeypatch):
    """Symbols are kept between runs (geo.render.symbol_cache): a drawing read back from disk is
    the very text milsymbol gave, and a changed drawing module reads another file."""
    from geo.render.symbol_cache import SymbolCache

    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    spec = milsymbols.SymbolSpec("10061000001211000000", 16, "#d62728", "SURROUNDED")
    fresh = milsymbols._draw(spec)
    monkeypatch.setattr(milsymbols, "_DRAWN", {})
    monkeypatch.setattr(milsymbols, "_ON_DISK", SymbolCache(Path(milsymbols.__file__)))
    assert milsymbols.draw(spec) == fresh
    [kept] = list(tmp_path.glob("symbols-*.json"))
    assert len(json.loads(kept.read_text(encoding="utf-8"))) == 1
    monkeypatch.setattr(milsymbols, "_DRAWN", {})
    monkeypatch.setattr(milsymbols, "_ON_DISK", SymbolCache(Path(milsymbols.__file__)))
    monkeypatch.setattr(milsymbols, "_draw", lambda spec: pytest.fail("drawn again, not read from disk"))
    assert milsymbols.draw(spec) == fresh
    other = tmp_path / "changed.py"
    other.write_text("# another drawing\n", encoding="utf-8")
    SymbolCache(other).put("key", ["svg", 1, 1, [0, 0]])
    assert len(list(tmp_path.glob("symbols-*.json"))) == 2
