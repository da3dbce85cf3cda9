"""The shipped Idlib layers: complete, sourced, and the derived ones reproducible."""
from __future__ import annotations

import importlib.util
import json
import re

import pytest
import shapely

from tests.conftest import ROOT

FOLDER = ROOT / "layers" / "idlib-2020"


@pytest.fixture(scope="module")
def layers(idlib_model):
    return idlib_model.frames


@pytest.fixture(scope="module")
def kinds(idlib_model):
    return {layer.name: layer.kind.name for layer in idlib_model.layers}


def test_the_scenario_has_the_layers_the_case_study_needs(layers):
    posts, places = layers["Turkish military posts"], layers["Places"]
    assert len(posts) >= 12 and len(places) >= 25
    zones = set(layers["Zones (approximate)"]["zone_type"])
    assert zones == {"de-escalation zone", "buffer zone"}
    assert set(layers["M4 and M5 (approximate)"]["id"]) == {"m4", "m5"}
    assert list(layers["Turkey–Syria border"]["route_type"]) == ["boundary"]


def test_every_place_of_the_research_notes_is_shipped_with_its_aliases(layers):
    names = {n.lower() for row in layers["Places"].itertuples() for n in [row.name, *row.aliases]}
    for expected in ("saraqeb", "saraqib", "maarat al-numan", "khan shaykhun", "morek", "kafr nabl",
                     "al-eis", "anadan", "atarib", "idlib", "idleb", "binnish", "ariha", "jisr al-shughur",
                     "sarmin", "taftanaz", "hama", "aleppo", "latakia", "bab al-hawa crossing",
                     "reyhanlı", "antakya", "kilis", "tal tuqan", "ishtabraq", "ad-dana"):
        assert expected in names, expected


def test_official_numbers_and_build_order_are_both_kept(layers):
    posts = layers["Turkish military posts"].set_index("id")
    assert (posts.loc["op-anadan", "official_number"], posts.loc["op-anadan", "build_order"]) == (4, 7)
    assert (posts.loc["op-surman", "official_number"], posts.loc["op-surman", "build_order"]) == (8, 6)


def test_approximate_features_say_so(layers, kinds):
    for name, frame in layers.items():
        for row in frame.itertuples():
            if kinds[name] == "zone" and row.basis != "computed":
                assert row.basis == "digitised approximation" and "No official boundary" in row.basis_note
            if kinds[name] in ("post", "place"):
                assert row.location_note, row.id
    posts = layers["Turkish military posts"]
    placed_by_reference = posts[posts["location_note"].str.startswith("Placed at")]
    assert (placed_by_reference["precision_m"] >= 3000).all()


def test_every_source_url_is_listed_in_SOURCES_md(idlib_model):
    listed = (FOLDER / "SOURCES.md").read_text(encoding="utf-8")
    all_sources = [s for frame in idlib_model.frames.values() for sources in frame["sources"] for s in sources]
    all_sources += [s for sources in idlib_model.timeline.control["sources"] for s in sources]
    for source in all_sources:
        assert source["url"] in listed, source["url"]


def test_derived_routes_and_zones_match_derive_py():
    spec = importlib.util.spec_from_file_location("derive", FOLDER / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    for layer, features in derive.derive().items():
        shipped = json.loads((FOLDER / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]
        assert [f["properties"] for f in shipped] == [f["properties"] for f in features]
        for ours, theirs in zip(shipped, features):
            a, b = shapely.geometry.shape(ours["geometry"]), shapely.geometry.shape(theirs["geometry"])
            assert a.equals_exact(b, tolerance=1e-6)


def test_the_zone_areas_stated_in_the_data_are_measured(layers):
    zones = layers["Zones (approximate)"]
    areas = zones.to_crs("EPSG:32637").area / 1e6
    for note, area in zip(zones["basis_note"], areas):
        stated = float(re.search(r"about ([\d,]+) km²", note).group(1).replace(",", ""))
        assert stated == pytest.approx(area, rel=0.01)


def test_posts_located_in_words_are_where_their_sources_put_them():
    """Posts a source places only in words ("about 3 km east of the town of Morek") are where
    place_posts.py computes them from those words, with the precision they leave."""
    spec = importlib.util.spec_from_file_location("place_posts", FOLDER / "place_posts.py")
    place_posts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(place_posts)
    shipped = json.loads((FOLDER / "posts.geojson").read_text(encoding="utf-8"))["features"]
    assert place_posts.placed(shipped) == shipped
    by_id = {f["properties"]["id"]: f for f in shipped}
    for post_id, (words, source) in place_posts.SITES.items():
        props = by_id[post_id]["properties"]
        said = words.split(" of ")[0]
        assert props["location_note"].startswith(f"Placed {said}" if " of " in words or "between" in words
                                                 else f"Near the village of {words}")
        assert source["url"] in {s["url"] for s in props["sources"]}


def test_no_place_is_shipped_twice_under_two_spellings(layers):
    """A village the module places where the map already has it, under any of its names, is the
    map's place, not a second one (issue 24: 'Deir Sharqi' and 'Deir al-Sharqi' were both drawn)."""
    spec = importlib.util.spec_from_file_location("place_villages", FOLDER / "place_villages.py")
    place_villages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(place_villages)
    places = layers["Places"].to_crs(3857)
    seen: dict[str, tuple[str, object]] = {}
    twice = []
    for row in places.itertuples():
        for name in {place_villages.key(n) for n in [row.name, *row.aliases]}:
            other = seen.setdefault(name, (row.id, row.geometry))
            if other[0] != row.id and other[1].distance(row.geometry) < 3000:
                twice.append((name, other[0], row.id))
    assert twice == []


# Pages that list articles rather than being one: a tag, category, author, search, a month's archive,
# a paging of a list, or a site's front page.
NOT_AN_ARTICLE = re.compile(r"/(tags?|category|categories|author|topics?|search|page/\d+)(/|$)"
                            r"|/archives?/?$|/archives?/(?!\d)"  # /archives/324333 is an article's permalink
                            r"|[?&](s|q|tag|cat)=|/\d{4}/\d{1,2}/?$|^https?://[^/]+/?$", re.IGNORECASE)
COPY_WORDS = ("copy", "republish", "mirror", "via ", "rewritten", "archive", "original not found", "secondary")


def _sources_of(idlib_model):
    for frame in idlib_model.frames.values():
        if "sources" in frame.columns:
            for row in frame.itertuples():
                for source in row.sources or []:
                    yield f"{getattr(row, 'id', '?')}", source
    for row in idlib_model.timeline.control.itertuples():
        for source in row.sources or []:
            yield row.place_id, source


def test_every_source_the_data_calls_original_is_an_article(idlib_model):
    """A source whose note does not say it is a copy (republished, a mirror, via another outlet)
    stands for the original report: its URL is an article, never a tag, category, archive or
    front page."""
    wrong = sorted({(where, source["url"]) for where, source in _sources_of(idlib_model)
                    if source.get("url") and NOT_AN_ARTICLE.search(source["url"])
                    and not any(w in (str(source.get("note") or "") + " " + str(source.get("publisher") or "")).lower()
                                for w in COPY_WORDS)})
    assert wrong == [], f"{len(wrong)} sources given as originals are not articles: {wrong[:8]}"
