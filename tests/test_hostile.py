"""Hostile text never runs, and shows as the text given (issue "Hostile and broken input", part 4).

Every corpus string (tests/hostile.py) lands in every text field of every layer kind, in layer
names, the title, description, attribution, legend entries (control sides' labels) and file
names. The maps are built the way a user builds them (`geo build`), opened in Chromium, and every
feature's tooltip and popup is opened; a sample gets real hovers and clicks, and every link in it
is clicked. Nothing may run, navigate, open a page other than a real source link, or fetch
anything; the text must read exactly as given.
"""
from __future__ import annotations

import copy
import csv
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

from geo import cli
from geo.render.timebar import UNKNOWN_TEXT
from geo.schema import KINDS
from geo.values import is_web_url
from tests.conftest import MAP_JS, PROPERTIES, feature, write_geojson
from tests.hostile import HOSTILE, HOSTILE_URLS

N = len(HOSTILE)
KIND_NAMES = list(KINDS)  # post, place, zone, route, event, unit, feature (a layer that says no kind)
TYPED_KINDS = [k for k in KIND_NAMES if not KINDS[k].plain]  # the scenario's: a plain layer is swept from files
SOURCE_TEXT = ("publisher", "title", "note")
# Every text field of every kind, from the schema, plus a source's text.
# A zone's controller must be one of the scenario's sides (hostile side ids are tested as sides).
TEXT_FIELDS = {kind.name: [f.name for f in kind.fields if f.type in ("text", "list")
                           and not (kind.name == "zone" and f.name == "controller")]
               + [f"sources.{key}" for key in SOURCE_TEXT] for kind in KINDS.values()}
WEB_URLS = [u for u in HOSTILE_URLS if is_web_url(u)] + ["https://example.org/report"]
BAD_URLS = [u for u in HOSTILE_URLS if not is_web_url(u)]
SIDES = 8
LAYERS_PER_KIND = 4
START, END = "2019-12-01", "2020-03-10"
CHANGE_DAYS = ("2020-01-15", "2020-02-20")

# Tags our own markup uses where data is shown; anything else there came from data.
OUR_TAGS = {"div", "h1", "h3", "h4", "p", "table", "tbody", "tr", "th", "td", "b", "i", "span", "ol",
            "ul", "li", "a", "br", "label", "input", "svg", "rect", "line", "circle", "polygon", "path",
            "g", "polyline", "text"}  # text: a military symbol's icon letters and amplifiers (fixed words)
DATA_PLACES = (".leaflet-popup-content, .leaflet-tooltip, .geo-title, .geo-legend section, "
               ".leaflet-control-layers-overlays, .leaflet-control-attribution")


# -- what the reader does to a string, and how the browser normalises whitespace ----------------

def _no_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def from_geojson(text: str) -> str:
    """The value as read from a GeoJSON file: GDAL ends it at a NUL; validation trims it."""
    return _no_surrogates(text.split("\x00")[0]).strip()


def in_toml(text: str) -> str:
    """TOML carries any Unicode scalar value (NUL too), not lone surrogates."""
    return _no_surrogates(text)


def shown(text: str) -> str:
    """Text as a page shows it: HTML parsing drops NULs; runs of white space become one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", _no_surrogates(text).replace("\x00", "")).strip()


def toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif (ord(ch) < 0x20 and ch != "\t") or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# -- the hostile layers --------------------------------------------------------------------------

def string_for(i: int, k: int) -> str:
    """Feature i's k-th text field: over N features, every string lands in every field once."""
    return HOSTILE[(i + k) % N]


def hostile_feature(kind: str, i: int) -> dict:
    props = {}
    for k, name in enumerate(TEXT_FIELDS[kind]):
        text = string_for(i, k)
        if name == "id":
            props["id"] = f"{kind}{i:03d}:{text}"  # unique even when a NUL cuts the rest off
        elif name.startswith("sources."):
            props.setdefault("sources", [{"url": WEB_URLS[i % len(WEB_URLS)], "date": "2020-01"}])
            props["sources"][0][name.split(".")[1]] = text
        elif KINDS[kind].field(name).type == "list":
            props[name] = [text, string_for(i, k + 1)]
        else:
            props[name] = text
    extra = {"post": dict(post_type=("observation post", "base", "checkpoint", "position")[i % 4],
                          precision_m=6000 if i % 10 == 0 else 500),
             "place": dict(place_type="town" if i % 4 == 0 else "village", precision_m=800),
             "zone": dict(basis="digitised approximation" if i % 2 else "treaty text"),
             "event": dict(event_type=KINDS["event"].field("event_type").choices[i % 8],
                           date=START, precision_m=1000, killed=i),
             "unit": dict(unit_type=KINDS["unit"].field("unit_type").choices[i % 16],
                          echelon=KINDS["unit"].field("echelon").choices[i % 11], date_from=START,
                          precision_m=6000 if i % 10 == 0 else 700),
             "route": {}, "feature": {}}[kind]
    col, row = i % 12, i // 12
    x, y = 36.0 + col * 0.08, 35.5 + row * 0.08
    geometry = {
        "post": {"type": "Point", "coordinates": [x + 0.015, y + 0.015]},
        "place": {"type": "Point", "coordinates": [x + 0.04, y + 0.015]},
        "event": {"type": "Point", "coordinates": [x + 0.065, y + 0.015]},
        "unit": {"type": "Point", "coordinates": [x + 0.02, y + 0.07]},
        "route": {"type": "LineString", "coordinates": [[x + 0.005, y + 0.035], [x + 0.075, y + 0.035]]},
        "feature": {"type": "Point", "coordinates": [x + 0.04, y + 0.06]},  # a plain layer's point
        "zone": {"type": "Polygon", "coordinates": [[[x + 0.01, y + 0.045], [x + 0.07, y + 0.045],
                                                     [x + 0.07, y + 0.075], [x + 0.01, y + 0.045]]]},
    }[kind]
    base = copy.deepcopy(PROPERTIES.get(kind, {}))
    return {"type": "Feature", "geometry": geometry,
            "properties": {"confidence": "reported", **base, **extra, **props}}


def hostile_features(kind: str) -> list[dict]:
    return [hostile_feature(kind, i) for i in range(N)]


def expected_texts(feat: dict) -> list[str]:
    """Every text value of a feature, as its popup must show it."""
    props, out = feat["properties"], []
    for name in TEXT_FIELDS[props_kind(props)]:
        if name.startswith("sources."):
            out.append(from_geojson(props["sources"][0][name.split(".")[1]]))
        elif isinstance(props[name], list):
            out.extend(from_geojson(v) for v in props[name])
        else:
            out.append(from_geojson(props[name]))
    return out


def props_kind(props: dict) -> str:
    return next(k for k in KIND_NAMES if props["id"].startswith(k))


def layer_name_chunks(count: int) -> list[str]:
    """``count`` names that together hold every corpus string."""
    return [" ".join(HOSTILE[j::count]) for j in range(count)]


# -- building -----------------------------------------------------------------------------------

def build(args: list[str], capsys) -> Path:
    code = cli.main(["build", *args])
    err = capsys.readouterr().err
    assert code == 0, err
    return Path(args[args.index("-o") + 1])


def build_from_hostile_file_names(folder: Path, capsys) -> tuple[Path, dict[str, str], dict]:
    """`geo build` on one file per kind, each file named with hostile text; the title too."""
    folder.mkdir()
    fits = [t for t in HOSTILE if "/" not in t and "\x00" not in t and len(t.encode("utf-8", "replace")) < 150]
    names = dict(zip(KIND_NAMES, fits[::len(fits) // len(KIND_NAMES)]))
    files, features = [], {}
    for kind, text in names.items():
        path = folder / f"{KINDS[kind].file_stems[0]}_{text}.geojson"
        assert "/" not in text and len(path.name.encode()) < 255
        feats = hostile_features(kind)
        features.update({from_geojson(f["properties"]["id"]): f for f in feats})
        files.append(str(write_geojson(path, feats)))
    title = " ".join(HOSTILE)
    out = build([*files, "--tiles", "none", "--title", title, "-o", str(folder / "map.html")], capsys)
    layer_names = {kind: Path(f).stem.replace("_", " ").replace("-", " ").capitalize()
                   for kind, f in zip(names, files)}
    return out, layer_names, features


def build_scenario(folder: Path, capsys) -> tuple[Path, dict, dict]:
    """A scenario with [time] and [control]: sides, layers, title and description all hostile."""
    folder.mkdir()
    features, layer_specs = {}, []
    names = iter(layer_name_chunks(len(TYPED_KINDS) * LAYERS_PER_KIND))
    for kind in TYPED_KINDS:
        feats = hostile_features(kind)
        features.update({from_geojson(f["properties"]["id"]): f for f in feats})
        for part in range(LAYERS_PER_KIND):
            path = write_geojson(folder / f"{kind}s-{part}.geojson", feats[part::LAYERS_PER_KIND])
            layer_specs.append((in_toml(next(names)), path.name, kind))
    labels = [in_toml(text) for text in layer_name_chunks(SIDES)]
    ids = [f"side{j}:{from_geojson(HOSTILE[j])}" for j in range(SIDES)]
    operators = sorted({from_geojson(f["properties"]["operator"]) for f in features.values()
                        if props_kind(f["properties"]) == "post"})
    # Colours must be CSS colours (a hostile one is refused: tests/corpus, "a side's colour that would run script").
    colours = ["#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#4e342e", "teal"]
    places = [from_geojson(f["properties"]["id"]) for f in features.values()
              if props_kind(f["properties"]) == "place"]
    # File names from the scenario are hostile too (what a file system takes: no '/', no NUL).
    safe = [t for t in HOSTILE if "/" not in t and "\x00" not in t and "\\" not in t
            and 0 < len(t.encode("utf-8", "replace")) < 120 and t == t.strip()]
    control_file, study_file, record_file = (f"control {safe[0]}.csv", f"area {safe[1]}.geojson",
                                             f"record {safe[2]}.csv")
    with open(folder / control_file, "w", newline="", encoding="utf-8") as out:
        table = csv.writer(out, quoting=csv.QUOTE_ALL)
        table.writerow(["place_id", "date", "controller", "confidence", "source_publisher",
                        "source_url", "source_date", "note"])
        for i, place in enumerate(places):
            table.writerow([place, START, ids[i % SIDES], "reported", from_geojson(HOSTILE[i]),
                            "https://example.org/control", "2020", from_geojson(HOSTILE[-i])])
            for n, day in enumerate(CHANGE_DAYS, start=1):
                if i % 3 == n:
                    table.writerow([place, day, ids[(i + n) % SIDES], "claimed", "Example",
                                    "https://example.org/control", day, ""])
    posts = [from_geojson(f["properties"]["id"]) for f in features.values() if props_kind(f["properties"]) == "post"]
    with open(folder / record_file, "w", newline="", encoding="utf-8") as out:
        table = csv.writer(out, quoting=csv.QUOTE_ALL)
        table.writerow(["post_id", "event", "date", "confidence", "sources", "note"])
        # the post's own source URL: the record's sources join the post's popup, one link a URL
        source = {"publisher": from_geojson(HOSTILE[3]), "date": "2020",
                  "url": features[posts[0]]["properties"]["sources"][0]["url"]}
        table.writerow([posts[0], "surrounded", CHANGE_DAYS[0], "reported", json.dumps([source]),
                        from_geojson(HOSTILE[4])])
    routes = [from_geojson(f["properties"]["id"]) for f in features.values() if props_kind(f["properties"]) == "route"]
    write_geojson(folder / study_file, [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[35.9, 35.4], [37.1, 35.4], [37.1, 36.6], [35.9, 36.6], [35.9, 35.4]]]}}])
    title, description, attribution = (in_toml(" ".join(HOSTILE)), in_toml("\n".join(reversed(HOSTILE))),
                                       in_toml(" | ".join(HOSTILE[::-2])))
    party = {"id": f"party:{in_toml(HOSTILE[5])}", "label": in_toml(" ".join(HOSTILE[5::7])),
             "aliases": [in_toml(HOSTILE[6])]}
    corridor = {"id": f"corridor:{in_toml(HOSTILE[7])}", "name": in_toml(" ".join(HOSTILE[8::9])),
                "description": in_toml(" ".join(HOSTILE[9::11])), "publisher": in_toml(HOSTILE[10])}
    lines = [f"title = {toml_string(title)}", f"description = {toml_string(description)}",
             f"attribution = {toml_string(attribution)}", f"record = {toml_string(record_file)}",
             f"viewpoint = {toml_string(party['id'])}", "", "[view]", 'tiles = "none"', ""]
    for name, file, kind in layer_specs:
        lines += ["[[layers]]", f"name = {toml_string(name)}", f"file = {toml_string(file)}",
                  f'kind = "{kind}"', ""]
    lines += ["[time]", f'start = "{START}"', f'end = "{END}"', f'default = "{CHANGE_DAYS[0]}"',
              "event_days = 400", "", "[control]", f"file = {toml_string(control_file)}",
              f"study_area = {toml_string(study_file)}", ""]
    for j in range(SIDES):
        hostile_to = ", ".join(toml_string(o) for o in operators) if j == 0 else ""
        lines += ["[[control.sides]]", f"id = {toml_string(ids[j])}", f"label = {toml_string(labels[j])}",
                  f"colour = {toml_string(colours[j])}", f"hostile_to = [{hostile_to}]",
                  f"allied_to = [{toml_string(ids[(j + 1) % SIDES])}]",
                  f"aliases = [{toml_string(in_toml(HOSTILE[-1 - j]))}]", ""]
    lines += ["[[parties]]", f"id = {toml_string(party['id'])}", f"label = {toml_string(party['label'])}",
              'colour = "#888888"', f"aliases = [{toml_string(party['aliases'][0])}]",
              f"allied_to = [{toml_string(ids[0])}]", f"hostile_to = [{toml_string(ids[1])}]", ""]
    lines += ["[[corridors]]", f"id = {toml_string(corridor['id'])}", f"name = {toml_string(corridor['name'])}",
              f"route = {toml_string(routes[0])}", "width_km = 2", f'in_force_from = "{START}"',
              f"description = {toml_string(corridor['description'])}",
              f"sources = [{{ publisher = {toml_string(corridor['publisher'])}, url = {toml_string(WEB_URLS[-1])}, "
              'date = "2020" }]', ""]
    # A story step: hostile title, caption and source; it names every layer, so going to it hides none.
    story = {"title": in_toml(" ".join(HOSTILE[11::13])), "caption": in_toml(" ".join(HOSTILE[12::7])),
             "publisher": in_toml(HOSTILE[13])}
    lines += ["[[story]]", f'date = "{CHANGE_DAYS[0]}"', f"title = {toml_string(story['title'])}",
              f"caption = {toml_string(story['caption'])}",
              "layers = [" + ", ".join(toml_string(name) for name, _, _ in layer_specs) + "]",
              f"sources = [{{ publisher = {toml_string(story['publisher'])}, url = {toml_string(WEB_URLS[0])}, "
              'date = "2020" }]', ""]
    scenario = folder / "scenario.toml"
    scenario.write_text("\n".join(lines), encoding="utf-8")
    out = build([str(scenario), "-o", str(folder / "scenario.html")], capsys)
    return out, {"title": title, "description": description, "attribution": attribution,
                 "layers": [name for name, _, _ in layer_specs], "labels": labels, "party": party,
                 "corridor": corridor, "story": story}, features


# Every free-text key of a scenario file (geo.settings.SCENARIO) that the hostile scenario fills
# with hostile text, and those it does not, with why: a key added to the schema fails the test
# below until it is in one of the two.
HOSTILE_SCENARIO_KEYS = {("", "title"), ("", "description"), ("", "attribution"), ("", "record"), ("", "viewpoint"),
                         ("layers", "name"), ("control", "file"), ("control", "study_area"), ("party", "id"),
                         ("party", "label"), ("party", "hostile_to"), ("party", "allied_to"), ("party", "aliases"),
                         ("corridors", "id"), ("corridors", "name"), ("corridors", "route"),
                         ("corridors", "description"), ("story", "title"), ("story", "caption"), ("story", "layers")}
NOT_HOSTILE_HERE = {
    ("layers", "file"): "layer file names are hostile in the first map (geo build FILE...)",
    ("view", "basemap"): "a folder of files layers/make_basemap.py writes: its name reaches no page",
    ("layers", "color_by"): "must name a column of the layer; column names from data are hostile in tests/test_browser",
    ("layers", "tooltip"): "names columns of a plain layer, as color_by",
}


def test_every_free_text_scenario_key_is_made_hostile():
    from geo.settings import SCENARIO, TEXT_CHECKS

    text_keys = {(section, key) for section, keys in SCENARIO.items() for key, spec in keys.items()
                 if spec.check in TEXT_CHECKS}
    assert text_keys == HOSTILE_SCENARIO_KEYS | set(NOT_HOSTILE_HERE), \
        "a scenario key takes text: put hostile text in it in build_scenario, or say why not in NOT_HOSTILE_HERE"


# -- the browser ---------------------------------------------------------------------------------

class Watch:
    """Everything that leaves the page: navigations, new pages, requests beyond file: and data:."""

    def __init__(self, opened):
        self.opened, self.page = opened, opened.page
        self.url = self.page.url
        self.navigations: list[str] = []
        self.new_pages: list = []
        self.requests: list[str] = []
        self.page.on("framenavigated", lambda f: f == self.page.main_frame and self.navigations.append(f.url))
        self.page.context.on("page", lambda p: self.new_pages.append(p))
        self.page.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if not url.startswith(("file:", "data:")):
            self.requests.append(url)
            route.abort()
        else:
            route.continue_()

    def executions(self) -> int:
        return (self.page.evaluate("window.__pwned || 0") + len(self.opened.dialogs)
                + sum(p.evaluate("window.__pwned || 0") if not p.is_closed() else 0 for p in self.new_pages))

    def assert_nothing_left_the_page(self, allowed_links: set[str]) -> None:
        assert self.executions() == 0
        assert self.opened.dialogs == []
        assert {u.split("#")[0] for u in self.navigations} <= {self.url.split("#")[0]}
        assert self.page.url.split("#")[0] == self.url.split("#")[0]
        # The only pages opened are real source links the test clicked, and nothing else is fetched.
        # (a tab whose request was blocked shows Chromium's error page)
        assert {p.url for p in self.new_pages} <= allowed_links | {"about:blank", "chrome-error://chromewebdata/"}
        # Requests carry the URL as the browser normalises it: percent-encoded, without '#...'.
        fetched = set(self.page.evaluate(
            "urls => urls.map(u => { const x = new URL(u); x.hash = ''; return x.href; })", sorted(allowed_links)))
        assert set(self.requests) | set(self.opened.blocked) <= fetched
        assert not [e for e in self.opened.console_errors if "SyntaxError" in e or "pwned" in e]


SWEEP_JS = """([sample, every, only]) => {
    const map = %s;
    const out = [];
    let n = 0, seen = 0;
    map.eachLayer(layer => {
        if (!layer.feature || !layer.getPopup || !layer.getPopup()) { return; }
        const id = layer.feature.properties.id;
        if (only && id !== undefined && !String(id).startsWith(only)) { return; }
        if (seen++ %% every !== 0) { return; }
        layer.fire('mouseover'); layer.fire('mousemove', {latlng: map.getCenter()});
        layer.openTooltip();
        const tip = layer.getTooltip() && layer.getTooltip().getElement();
        layer.fire('mouseout');
        layer.getPopup().options.autoPan = false;  // no panning animation per popup
        layer.openPopup();
        const content = layer.getPopup().getElement().querySelector('.leaflet-popup-content');
        const links = Array.from(content.querySelectorAll('a')).map(a => ({
            href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel'),
            attributes: Array.from(a.attributes).map(x => x.name).sort().join(' ')}));
        out.push({id: layer.feature.properties.id === undefined ? null : String(layer.feature.properties.id),
                  popup: content.textContent, tooltip: tip ? tip.textContent : '',
                  text: n %% sample === 0 ? content.innerText : null, links: links});
        layer.closePopup(); layer.closeTooltip();
        n += 1;
    });
    map.eachLayer(layer => layer.feature && layer.closePopup && layer.closePopup());
    map.closePopup();
    return out;
}""" % MAP_JS

FOREIGN_JS = """([places, ours]) => {
    const foreign = [];
    document.querySelectorAll(places).forEach(box => box.querySelectorAll('*').forEach(el => {
        if (!ours.includes(el.tagName.toLowerCase())) { foreign.push(el.tagName); }
    }));
    document.querySelectorAll('*').forEach(el => Array.from(el.attributes).forEach(a => {
        // a URL scheme matters where a URL is read, not in text attributes (a marker's aria-label is its name)
        if (a.name.startsWith('on') || /^\\s*(javascript|vbscript|data):/i.test(a.value) &&
            !['src', 'aria-label', 'title'].includes(a.name)) {
            foreign.push(el.tagName + '[' + a.name + ']');
        }
    }));
    return foreign;
}"""


def sweep(page, sample: int = 15, every: int = 1, only: str = "") -> list[dict]:
    """Hover, open the tooltip and the popup of every ``every``-th feature on the map (only ids
    starting with ``only``, and the areas and fronts), through Leaflet; ``innerText`` of 1 in ``sample``."""
    return page.evaluate(SWEEP_JS, [sample, every, only])


def check_popups(results: list[dict], features: dict, computed: dict | None = None) -> int:
    """Each feature's popup shows each of its texts exactly; links go only to http(s) sources.
    ``computed``: features the scenario makes (a corridor), by id: the texts their popups show."""
    checked = 0
    for result in results:
        if result["id"] is None:  # an area of control or a front line: checked by the caller
            continue
        if computed and result["id"] in computed:
            assert all(shown(text) in shown(result["popup"]) for text in computed[result["id"]])
            assert all(link["href"] in WEB_URLS for link in result["links"])
            checked += 1
            continue
        feat = features[result["id"]]
        popup = shown(result["popup"])
        for text in expected_texts(feat):
            assert shown(text) in popup, (result["id"][:40], text[:60])
        name = shown(from_geojson(feat["properties"]["name"]))
        assert name in shown(result["tooltip"])
        if result["text"] is not None:  # what a reader sees, after the browser's own layout
            assert name in shown(result["text"])
            if "description" in feat["properties"]:
                assert shown(from_geojson(feat["properties"]["description"])) in shown(result["text"])
        for link in result["links"]:
            assert link["href"] in WEB_URLS
            assert link["attributes"] == "href rel target" and link["rel"] == "noopener noreferrer"
        assert len(result["links"]) == 1  # the one source, an http(s) URL
        checked += 1
    return checked


def real_hover_and_click(page, count: int = 4) -> list[str]:
    """Real mouse hovers and clicks on markers and paths nothing covers; every link is clicked.

    Each target is found just before its click.
    """
    find = """() => {
        window.__tested = window.__tested || new WeakSet();
        // A point well inside the element: it and its neighbours 3 px away all hit it (an edge
        // or a gap in a dashed outline would make the click miss).
        const hits = (el, x, y) => [[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) => {
            const hit = document.elementFromPoint(x + dx, y + dy);
            return hit && (hit === el || el.contains(hit));
        });
        // What is on top, probed on a 12 px grid over the window (one probe a cell, however many
        // features the map holds, the scan going on where the last one stopped): the first
        // marker or path not yet tried, hit all round.
        const step = 12, columns = Math.floor(window.innerWidth / step), cells = columns * Math.floor(window.innerHeight / step);
        for (; (window.__cell || 0) < cells; window.__cell = (window.__cell || 0) + 1) {
            const x = 6 + step * (window.__cell % columns), y = 6 + step * Math.floor(window.__cell / columns);
            const top = document.elementFromPoint(x, y);
            const el = top && top.closest('.leaflet-marker-icon, path.leaflet-interactive');
            if (el && !window.__tested.has(el) && hits(el, x, y)) { window.__tested.add(el); return [x, y]; }
        }
        return null;
    }"""
    clicked, targets = [], 0
    page.evaluate(f"() => {{ {MAP_JS}.closePopup(); }}")  # returns nothing: the map would be serialised
    page.evaluate("window.__cell = 0")
    # Popups open where they are, without panning the map: moving a map of 1,370 features with
    # page-long labels back after each one takes seconds.
    page.evaluate(f"() => {{ {MAP_JS}.eachLayer(l => l.getPopup && l.getPopup() && (l.getPopup().options.autoPan = false)); }}")
    while targets < count and (spot := page.evaluate(find)) is not None:
        targets += 1
        x, y = spot
        page.mouse.move(x, y)
        page.mouse.move(x + 1, y + 1)
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup-content").last
        popup.wait_for()
        # Every link in it, clicked as a script would (the popup may open under the legend).
        clicked += popup.evaluate("el => Array.from(el.querySelectorAll('a'))"
                                  ".map(a => { a.click(); return a.getAttribute('href'); })")
        page.evaluate(f"() => {{ {MAP_JS}.closePopup(); }}")  # returns nothing: the map would be serialised
    assert targets >= count // 2
    return clicked


def check_built_html(path: Path) -> None:
    """No text from data can end a <script> or <style> element early, or open a comment in one."""
    class Blocks(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.tag, self.blocks = None, []

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.tag = tag
                self.blocks.append((tag, ""))

        def handle_endtag(self, tag):
            self.tag = None

        def handle_data(self, data):
            if self.tag:
                tag, text = self.blocks[-1]
                self.blocks[-1] = (tag, text + data)

    html = path.read_text(encoding="utf-8")
    parser = Blocks()
    parser.feed(html)
    lowered = html.lower()
    assert lowered.count("<script") == lowered.count("</script>") == sum(t == "script" for t, _ in parser.blocks)
    assert lowered.count("<style") == lowered.count("</style>") == sum(t == "style" for t, _ in parser.blocks)
    for _tag, text in parser.blocks:
        assert "</script" not in text.lower() and "</style" not in text.lower()
        assert "<!--" not in text and "<script" not in text.lower()
    assert "window.__pwned" in html  # the text is there, but only as data


# -- the tests -----------------------------------------------------------------------------------

def test_the_corpus_is_large_and_covers_every_trick():
    assert len(HOSTILE) >= 100 and len(set(HOSTILE)) == len(HOSTILE)
    joined = "\n".join(HOSTILE)
    for trick in ("onerror", "onload", "onmouseover", "onfocus", "autofocus", "ontoggle",
                  "onanimationstart", "</script>", "</style>", "</textarea>", "<!--", "CDATA", "${",
                  "`", "{{", "{%", "'", '"', "“", "\\", "\u2028", "\u2029", "javascript:", "JaVaScRiPt:",
                  "vbscript:", "data:", "&#106;avascript:", "<a href", "<iframe srcdoc", "<svg><script>",
                  "<math", "<form action", "http-equiv=\"refresh\"", "<base href", "expression(",
                  "url(javascript:", "\u202e", "\u200b", "＜script＞", "\x00", "\ud800", "&lt;script&gt;"):
        assert trick in joined, trick
    assert max(len(t) for t in HOSTILE) > 20_000
    # Each either runs the detector, calls alert (base64: alert(1)), fetches evil.example, or is
    # template, entity or backslash syntax whose evaluation would change the text shown.
    assert all(("__pwned" in t or "alert" in t or "base64" in t or "evil.example" in t or "{" in t
                or "&" in t or "msgbox" in t or "\\" in t) for t in HOSTILE)
    assert len(BAD_URLS) >= 10 and len(WEB_URLS) >= 4


def test_a_hostile_url_is_a_validation_problem_not_a_link(tmp_path, capsys, open_map):
    feats = [feature("post", i + 1, sources=[{"publisher": f"P{i}", "url": url, "date": "2020"}])
             for i, url in enumerate(BAD_URLS)] + [feature("post", 99, name="Fine")]
    path = write_geojson(tmp_path / "posts.geojson", feats)
    assert cli.main(["validate", "--strict", str(path)]) == 1  # publication rules: a link or nothing
    report = capsys.readouterr()
    assert (report.out + report.err).count("'sources[1].url'") == len(BAD_URLS)
    # Building either refuses the file or leaves the bad sources unlinked: never a link.
    out = tmp_path / "map.html"
    cli.main(["build", str(path), "-o", str(out), "--tiles", "none"])
    capsys.readouterr()
    if out.exists():
        page = open_map(out).page
        hrefs = page.evaluate(f"""() => {{ const hrefs = [];
            {MAP_JS}.eachLayer(l => {{ if (l.getPopup && l.getPopup()) {{ l.openPopup();
                l.getPopup().getElement().querySelectorAll('.leaflet-popup-content a').forEach(a => hrefs.push(a.getAttribute('href')));
            }} }}); return hrefs; }}""")
        assert hrefs and all(is_web_url(h) for h in hrefs)
        assert page.evaluate("window.__pwned || 0") == 0


def test_hostile_text_never_runs_and_shows_as_given(tmp_path, open_map, capsys):
    started = time.monotonic()
    allowed_links = set(WEB_URLS)
    report = {"features": 0, "popups": 0, "executions": 0}

    # 1. Layer files named with hostile text, built with `geo build`, a hostile --title.
    out, layer_names, features = build_from_hostile_file_names(tmp_path / "files", capsys)
    check_built_html(out)
    opened = open_map(out)
    page, watch = opened.page, Watch(opened)
    page.locator(".geo-panel-toggle").evaluate("el => el.click()")  # close the panel: it covers much of the map
    clicked = real_hover_and_click(page)
    page.locator(".geo-panel-toggle").evaluate("el => el.click()")
    # The scenario below opens every popup; here every third is enough.
    results = sweep(page, sample=5, every=3)
    assert len(results) == -(-len(KIND_NAMES) * N // 3)
    report["popups"] += check_popups(results, features)
    report["features"] += len(features)
    assert shown(page.locator(".geo-title h1").inner_text()) == shown(" ".join(HOSTILE))
    # <title> is RCDATA: the HTML parser turns a NUL there into U+FFFD; the tab's title leaves
    # out other control characters.
    controls = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f]")
    assert shown(controls.sub("", page.title())) == shown(controls.sub("", " ".join(HOSTILE).replace("\x00", "\ufffd")))
    overlays = shown(page.locator(".leaflet-control-layers-overlays").inner_text())
    legend = shown(page.locator(".geo-panel").inner_text())
    for kind, name in layer_names.items():
        assert shown(name) in overlays and shown(name) in legend, kind
    # Operators and units' sides head the legend's groups of military symbols.
    for feat in features.values():
        if props_kind(feat["properties"]) in ("post", "unit"):
            party = KINDS[props_kind(feat["properties"])].party
            assert shown(from_geojson(feat["properties"][party])) in legend
    assert page.evaluate(FOREIGN_JS, [DATA_PLACES, sorted(OUR_TAGS)]) == []
    watch.assert_nothing_left_the_page(allowed_links)
    report["executions"] += watch.executions()

    # 2. A scenario with dates and areas of control: hostile layer names, sides, title, description.
    out, texts, features = build_scenario(tmp_path / "scenario", capsys)
    check_built_html(out)
    opened = open_map(out)
    page, watch = opened.page, Watch(opened)
    assert shown(page.locator(".geo-title h1").text_content()) == shown(texts["title"])
    assert shown(page.locator(".geo-title p").text_content()) == shown(texts["description"])
    assert shown(texts["attribution"]) in shown(page.locator(".leaflet-control-attribution").inner_text())
    overlays = shown(page.locator(".leaflet-control-layers-overlays").inner_text())
    legend = shown(page.locator(".geo-panel").inner_text())
    for name in texts["layers"]:
        assert shown(name) in overlays and shown(name) in legend
    for label in texts["labels"]:
        assert shown(label) + " (estimate)" in legend
    assert shown(texts["corridor"]["name"]) in overlays or "Corridors (computed)" in overlays
    html = out.read_text(encoding="utf-8")
    assert "window.__pwned" in html and "onerror" in html  # the hostile values are there, as data
    # Real hovers and clicks with the legend folded; layers switch off and on with real clicks.
    # The layer control and attribution, page-long with hostile text, cover the map: set them
    # aside meanwhile.
    covers = page.locator(".leaflet-control-layers, .leaflet-control-attribution, .geo-story")
    page.locator(".geo-panel-toggle").evaluate("el => el.click()")
    covers.evaluate_all("els => els.forEach(el => el.style.display = 'none')")
    clicked += real_hover_and_click(page)
    covers.evaluate_all("els => els.forEach(el => el.style.display = '')")
    page.locator(".geo-panel-toggle").evaluate("el => el.click()")
    boxes = page.locator(".leaflet-control-layers-overlays input")
    boxes.first.dispatch_event("click")  # the attribution, page-long too, lies over the control
    boxes.first.dispatch_event("click")
    boxes.last.dispatch_event("click")
    boxes.last.dispatch_event("click")
    for day in (CHANGE_DAYS[0], START, END):
        page.locator(".geo-date-field").fill(day)
        page.wait_for_function(f"document.querySelector('.folium-map').dataset.geoDate === '{day}'")
        # Every feature on the opening day; then the areas, fronts and posts (their status) per day.
        results = sweep(page, sample=40, only="" if day == CHANGE_DAYS[0] else "post")
        corridor = texts["corridor"]
        report["popups"] += check_popups(results, features, {corridor["id"]: [
            corridor["name"], corridor["description"], corridor["publisher"]]})
        states = [shown(r["popup"]) for r in results if r["id"] is None]
        assert states, day  # areas of control and front lines, named by hostile side labels
        labels = [shown(label) for label in texts["labels"]]
        # every area and front names its sides; the land no report reaches says so instead
        assert all(any(label in state for label in labels) or UNKNOWN_TEXT in state for state in states)
    # The tools, on hostile names: the search lists them as text and opens one; full screen and
    # the coordinates' format switch on and off.
    search = page.locator(".geo-search-input")
    search.fill("onerror")
    page.locator(".geo-search-result").first.wait_for()
    assert "onerror" in page.locator(".geo-search-results").inner_text()
    search.press("Enter")
    page.locator(".leaflet-popup-content").last.wait_for()
    page.evaluate(f"() => {{ {MAP_JS}.closePopup(); }}")  # returns nothing: the map would be serialised
    search.fill("")
    for tool in (".geo-tool-button[aria-label='Full screen']", ".geo-coords-format"):
        page.locator(tool).evaluate("el => el.click()")
        page.locator(tool).evaluate("el => el.click()")
    page.locator(".geo-slider").focus()
    page.keyboard.press("ArrowLeft")
    page.get_by_role("button", name="One day earlier").click()
    page.get_by_role("button", name="One day later").click()
    # The story's step: its hostile title, caption and source shown as text, the source a link.
    page.locator(".geo-story-next").evaluate("el => el.click()")
    page.wait_for_function("document.querySelector('.folium-map').dataset.geoStep === '1'")
    assert shown(page.locator(".geo-story-title").text_content()) == shown(texts["story"]["title"])
    assert shown(page.locator(".geo-story-caption").text_content()) == shown(texts["story"]["caption"])
    assert shown(texts["story"]["publisher"]) in shown(page.locator(".geo-story-sources a").text_content())
    report["features"] += len(features)
    assert page.evaluate(FOREIGN_JS, [DATA_PLACES, sorted(OUR_TAGS)]) == []
    watch.assert_nothing_left_the_page(allowed_links)
    report["executions"] += watch.executions()

    assert set(clicked) <= allowed_links and clicked  # real clicks on real source links only
    fields = sum(len(f) for f in TEXT_FIELDS.values())
    with capsys.disabled():
        print(f"\nhostile: {N} strings × {len(KIND_NAMES)} kinds × {fields} fields "
              f"({report['features']} features, {report['popups']} popups read, "
              f"{len(clicked)} links clicked, {time.monotonic() - started:.0f} s); "
              f"{report['executions']} executions")
    assert report["executions"] == 0
