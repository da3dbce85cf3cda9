"""The contract between the renderer and the page: every payload Python writes into the page, and
which function of geo/render/static/ it is handed to, declared once.

The page's JSDoc types (``static/contract.js``) are generated from these declarations
(``python -m geo.render.contract``; tests/test_contract.py fails while the file is stale); ESLint
(js-tests/eslint-contract.mjs) checks that the page's code reads only the keys declared here, and
tests/test_contract.py that every payload the renderer emits has exactly these keys and types.
Keys are the JavaScript names (``hasStatus``, ``controlChanges``), as the page reads them.
"""
import sys
import types
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict, Union, get_args, get_origin, get_type_hints, is_typeddict


class Script:
    """An argument that is JavaScript, not data: the map, a layer, a list of layers."""


Number = int | float


class Geometry(TypedDict):
    """A GeoJSON geometry, coordinates rounded (a GeometryCollection's parts in ``geometries``)."""
    type: str
    coordinates: NotRequired[list[Any]]
    geometries: NotRequired[list[Any]]


class PathStyle(TypedDict, total=False):
    """Leaflet's path options, as style.py writes them."""
    color: str
    weight: Number
    opacity: Number
    fill: bool
    fillColor: str
    fillOpacity: Number
    dashArray: str
    className: str


class Symbol(TypedDict):
    """A point's marker: SVG (escaped by milsymbols/style), its size in px ([w, h] for a military
    symbol, whose point is ``anchor``), and its look with each status (a post's amplifiers)."""
    html: str
    size: Number | list[Number]
    className: str
    anchor: NotRequired[list[Number]]
    variants: NotRequired[dict[str, "Symbol"]]


LayerProps = TypedDict("LayerProps", {
    "id": str | int,
    "tooltip": str,  # escaped HTML (popups.py)
    "popup": str,  # escaped HTML, with an empty div.geo-now the day's state is written into
    "names": list[str],  # the name and aliases, as text: what the search box folds
    "from": NotRequired[str],  # first day shown (ISO)
    "to": NotRequired[str],  # last day shown (ISO)
    "symbol": NotRequired[str],  # a key of FeatureLayerData.symbols
    "style": NotRequired[str],  # a key of FeatureLayerData.styles
    "label": NotRequired[str],  # its name on the map, as text
    "rank": NotRequired[int],  # who gets the room when labels collide (lower first)
    "precision": NotRequired[Number],  # metres: a dashed circle of this radius
})


class LayerFeature(TypedDict):
    type: Literal["Feature"]
    geometry: Geometry
    properties: LayerProps


class LayerCollection(TypedDict):
    type: Literal["FeatureCollection"]
    features: list[LayerFeature]


class FeatureLayerData(TypedDict):
    """A layer of features drawn one by one (geo/render/layers.py → geoFeatureLayer)."""
    kind: str
    hasStatus: bool  # its features take a status on the chosen day (posts)
    hasControl: bool  # its features are held by a side on the chosen day (places)
    symbols: dict[str, Symbol]
    styles: dict[str, PathStyle]
    precisionStyle: PathStyle
    geojson: LayerCollection


class Flot(TypedDict):
    """A front drawn as a forward line of own troops: semicircles bulging to ``toward``."""
    toward: Literal["left", "right"]


class StateProps(TypedDict):
    style: PathStyle
    tooltip: str
    popup: int  # an index into TimelineConfig.shapes.popup
    flot: NotRequired[Flot]


class StateFeature(TypedDict):
    type: Literal["Feature"]
    geometry: int  # an index into TimelineConfig.shapes.geometry
    properties: StateProps


class StateCollection(TypedDict):
    type: Literal["FeatureCollection"]
    features: list[StateFeature]


class Shapes(TypedDict):
    """Each distinct geometry and popup of the area and front states once (timebar.shared_shapes)."""
    geometry: list[Geometry]
    popup: list[str]


# [status, since, since or before, certain, km to the front]
PostStatus = tuple[str, str | None, bool, bool, Number | None]
# [side id, inferred]; null: no longer known
Control = tuple[str, bool]


class State(TypedDict):
    """One change day: which area and front state holds, every post's status, and the places whose
    side changed since the day before (geo.js unfolds them into ``control`` at load)."""
    date: str
    areas: int
    status: dict[str, PostStatus]
    controlChanges: dict[str, Control | None]


class CompareConfig(TypedDict):
    """geo/render/compare.py: the holders, and per holder the km² × 10 gained between change days,
    packed (compare.pack) as a triangle."""
    holders: list[str]
    labels: list[str]
    colours: list[str]
    held: list[list[int]]  # per area state, the position of each holder's feature (-1: none)
    gained: list[str]


class TimelineConfig(TypedDict):
    """The date bar and everything that follows the day (geo/render/timebar.py → geoTimeline)."""
    start: str
    end: str
    initial: str
    sides: dict[str, str]  # id: label
    shapes: Shapes
    areas: list[StateCollection]
    fronts: list[StateCollection]
    states: list[State]
    history: dict[str, list[tuple[str, str, str]]]  # post id: [since, since as text, the spell as text]
    activity: list[tuple[str, int, int]]  # [day, places that changed hands, events]
    months: list[str]
    compare: NotRequired[CompareConfig]


class DictBlock(TypedDict):
    dict: str  # JSON: the distinct values
    codes: str  # each row's value, as packed integers


class PackedDictBlock(TypedDict):
    zdict: str  # gzip'd JSON of the distinct values (a dictionary too large to write as it is)
    codes: str  # each row's value, as packed integers


class IntsBlock(TypedDict):
    prefix: str
    ints: str  # each row's number, delta coded


class RowsBlock(TypedDict):
    rows: str  # gzip'd JSON of every row's value


TextBlock = DictBlock | PackedDictBlock | IntsBlock | RowsBlock


class ColourKey(TypedDict):
    field: str
    label: str
    values: list[str]
    colours: list[str]


class ColumnarData(TypedDict):
    """A large point layer as compressed columns (geo/render/columnar.py → geoColumnarLayer)."""
    name: str
    kind: str
    count: int
    quantum: Number
    origin: tuple[int, int]
    day0: int  # days since 1970-01-01 of the first start
    dated: bool
    layout: list[tuple[str, bool]]  # [column, delta coded]
    columns: str
    colour: ColourKey
    fields: list[tuple[str, str, str]]  # [name, label, type]
    category: str | None
    text: dict[str, TextBlock]
    ramp: list[str]  # the density grid's colours, light to dark (style.DENSITY_RAMP)
    popup: str  # popups.popup_template: the layout, with slots the page fills (geoFillPopup)


class CountsData(TypedDict):
    """Cells filled by their count on the day (geo/render/counts.py → geoCountsLayer)."""
    name: str
    rows: int
    cells: int
    quantum: Number
    day0: int
    ids: list[str]
    method: str
    top: int
    ramp: list[str]
    sizes: str
    rings: str
    vertices: int
    columns: str


class BasemapFeature(TypedDict):
    type: Literal["Feature"]
    geometry: Geometry
    properties: dict[str, Any]  # kind, name: what geoBasemap styles and labels by


class BasemapCollection(TypedDict):
    type: Literal["FeatureCollection"]
    features: list[BasemapFeature]
    name: NotRequired[str]
    source: NotRequired[str]
    attribution: NotRequired[str]
    licence: NotRequired[str]
    dropped_lakes: NotRequired[list[Any]]


class BasemapData(TypedDict):
    """The offline basemap (geo/render/basemap.py → geoBasemap)."""
    image: str  # a data: URI
    bounds: list[list[Number]]
    water: BasemapCollection
    boundaries: BasemapCollection
    coast: BasemapCollection
    names: list[tuple[Number, Number, str, int]]  # [lat, lon, name, rank]
    attribution: str  # escaped HTML


class Folding(TypedDict):
    """geo.read.gazetteer.FOLDING: the one folding rule of names, as data."""
    form: str
    steps: list[tuple[str, str]]


class ToolsOptions(TypedDict):
    """geo/render/tools.py → geoTools."""
    bounds: list[Number] | None
    fold: Folding


class StorySource(TypedDict):
    publisher: str
    url: str
    date: str
    title: str


class StoryStep(TypedDict):
    number: int
    date: str
    since: str | None
    title: str
    caption: str
    sources: list[StorySource]
    bounds: list[Number] | None
    center: list[Number] | None
    zoom: Number | None
    layers: list[int]  # positions in the list of layers geoStory is given


class StoryConfig(TypedDict):
    """geo/render/story.py → geoStory."""
    steps: list[StoryStep]


class Track(TypedDict):
    unit: str
    ids: list[str]
    colour: str
    first: str
    coords: list[tuple[Number, Number]]  # [lat, lon]
    steps: list[tuple[int, Number]]  # per day from ``first``: [positions so far, opacity]


class TracksData(TypedDict):
    """geo/render/tracks.py → geoTracks."""
    tracks: list[Track]
    popups: dict[str, str]  # report id: escaped HTML
    style: PathStyle
    casing: PathStyle


# Names the page's JSDoc gives these unions and lists too (GeoTextBlock...).
ALIASES: dict[str, Any] = {"TextBlock": TextBlock, "PostStatus": PostStatus, "Control": Control}

# What the page's inline scripts call, and with what: each argument's declaration, Script where
# it is JavaScript (the map, a layer).
ENTRIES: dict[str, tuple] = {
    "geoFeatureLayer": (FeatureLayerData,),
    "geoColumnarLayer": (ColumnarData,),
    "geoCountsLayer": (CountsData,),
    "geoTimeline": (Script, TimelineConfig, Script, Script, Script),
    "geoBasemap": (Script, BasemapData, bool),
    "geoTools": (Script, ToolsOptions),
    "geoStory": (Script, StoryConfig, Script),
    "geoTracks": (Script, TracksData, Script),
    "geoTitle": (Script, str, str),
    "geoNorthArrow": (Script, str),
    "geoReportSetup": (Script, list[Number] | None),
    "geoLegend": (Script, Script, Script, str),
}


# -- checking a payload ------------------------------------------------------------------------

def problems(value: Any, declared: Any, where: str = "payload") -> list[str]:
    """What in ``value`` departs from ``declared``: missing or undeclared keys, wrong types;
    each as 'where: expected …, found …'."""
    if declared is Any or declared is Script:
        return []
    origin = get_origin(declared)
    if origin in (Union, types.UnionType):
        found = [problems(value, option, where) for option in get_args(declared)]
        return [] if any(not f for f in found) else min(found, key=len)
    if origin is Literal:
        return [] if value in get_args(declared) else [f"{where}: expected one of {get_args(declared)}, found {value!r}"]
    if declared is type(None):
        return [] if value is None else [f"{where}: expected null, found {value!r}"[:200]]
    if is_typeddict(declared):
        return _typeddict_problems(value, declared, where)
    if origin in (list, tuple, dict):
        return _container_problems(value, declared, origin, where)
    if declared is float or declared is int:
        ok = isinstance(value, (int, float) if declared is float else int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: expected {declared.__name__}, found {value!r}"[:200]]
    if declared in (str, bool):
        return [] if isinstance(value, declared) else [f"{where}: expected {declared.__name__}, found {value!r}"[:200]]
    raise TypeError(f"{where}: the contract declares {declared!r}, which problems() does not know")


def _container_problems(value: Any, declared: Any, origin: type, where: str) -> list[str]:
    """``problems`` of a list, a tuple (a list of so many parts) or a dict, item by item."""
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list, found {type(value).__name__}"]
        return [p for n, item in enumerate(value) for p in problems(item, get_args(declared)[0], f"{where}[{n}]")]
    if origin is tuple:
        parts = get_args(declared)
        if not isinstance(value, (list, tuple)) or len(value) != len(parts):
            return [f"{where}: expected a list of {len(parts)}, found {value!r}"[:200]]
        return [p for n, (item, part) in enumerate(zip(value, parts)) for p in problems(item, part, f"{where}[{n}]")]
    if not isinstance(value, dict):
        return [f"{where}: expected an object, found {type(value).__name__}"]
    return [p for key, item in value.items() for p in problems(item, get_args(declared)[1], f"{where}[{key!r}]")]


def _typeddict_problems(value: Any, declared: type, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: expected an object ({declared.__name__}), found {type(value).__name__}"]
    hints = get_type_hints(declared)
    out = [f"{where}: {declared.__name__} lacks {key!r}" for key in sorted(declared.__required_keys__ - value.keys())]
    out += [f"{where}: {key!r} is not declared in {declared.__name__}" for key in sorted(value.keys() - hints.keys())]
    for key in sorted(value.keys() & hints.keys()):
        out += problems(value[key], hints[key], f"{where}.{key}")
    return out


# -- the page's JSDoc ----------------------------------------------------------------------------

def _declarations() -> list[type]:
    """The TypedDicts of this module, in the order they are declared."""
    return [v for v in vars(sys.modules[__name__]).values() if is_typeddict(v) and v.__module__ == __name__]


def js_name(declared: type) -> str:
    return "Geo" + declared.__name__


def js_type(declared: Any) -> str:
    """``declared`` in JSDoc's type syntax (as TypeScript reads it)."""
    origin, args = get_origin(declared), get_args(declared)
    if declared is Any or declared is Script:
        return "*"
    if origin in (Union, types.UnionType):
        return "|".join(dict.fromkeys(js_type(a) for a in args))
    if origin is Literal:
        return "|".join(f"'{a}'" for a in args)
    if is_typeddict(declared):
        return js_name(declared)
    if origin is list:
        return f"Array<{js_type(args[0])}>"
    if origin is tuple:
        return "[" + ", ".join(js_type(a) for a in args) + "]"
    if origin is dict:
        return f"Object<string, {js_type(args[1])}>"
    simple = {str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}
    return simple[declared]


def jsdoc() -> str:
    """static/contract.js: a @typedef per declaration, and the entries Python calls."""
    out = ["// Generated by `python -m geo.render.contract` from geo/render/contract.py: do not edit.",
           "// The payloads Python writes into the page, as the page's code reads them (ESLint checks its",
           "// reads against these: js-tests/eslint-contract.mjs). Not part of the page.", ""]
    for declared in _declarations():
        hints = get_type_hints(declared)
        doc = [line.strip() for line in (declared.__doc__ or "").strip().splitlines()]
        out.append("/**")
        out += [f" * {line}".rstrip() for line in doc]
        out.append(f" * @typedef {{Object}} {js_name(declared)}")
        for key, hint in hints.items():
            name = key if key in declared.__required_keys__ else f"[{key}]"
            out.append(f" * @property {{{js_type(hint)}}} {name}")
        out += [" */", ""]
    for name, declared in ALIASES.items():
        out += [f"/** @typedef {{{js_type(declared)}}} Geo{name} */", ""]
    out += ["/**", " * The functions the page's inline scripts call, with what (`*`: JavaScript, not data).",
            " * @typedef {Object} GeoEntries"]
    for name, params in ENTRIES.items():
        out.append(f" * @property {{function({', '.join(js_type(p) for p in params)})}} {name}")
    out += [" */", ""]
    return "\n".join(out)


JS_PATH = Path(__file__).resolve().parent / "static" / "contract.js"

if __name__ == "__main__":
    JS_PATH.write_text(jsdoc(), encoding="utf-8")
    print(f"wrote {JS_PATH}")
