"""The scenario file's keys, declared as data: each table's keys with the type of value it takes.

A scenario is input as much as a layer file is, and may come from someone else: every value is
checked here before anything uses it (colours as CSS colours, numbers finite and in range, tables
where tables go), an unknown key is named with the nearest known one, and each problem is one
line naming the file, the key, what was expected and what was found.
"""
from __future__ import annotations

import codecs
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geo.errors import InputError
from geo.values import BadValue, short_repr, to_date

# CSS colours a scenario may give: #rgb, #rrggbb, or a name (CSS Color Module Level 4's).
CSS_COLOUR_NAMES = frozenset("""
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan
darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid
darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet
deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro
ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow
lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine
mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen
mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace
olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred
papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue
saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey
snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
yellowgreen""".split())
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def css_colour(value: Any) -> str:
    """A colour as CSS and SVG take it, as ``#rrggbb`` (names as given, lower-cased)."""
    if isinstance(value, str):
        text = value.strip()
        if _HEX.fullmatch(text):
            return "#" + "".join(c * 2 for c in text[1:]).lower() if len(text) == 4 else text.lower()
        if text.lower() in CSS_COLOUR_NAMES:
            return text.lower()
    raise BadValue("a CSS colour: #rgb, #rrggbb or a colour name such as teal", short_repr(value))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue("text", short_repr(value))
    return value


def _name(value: Any) -> str:
    """Text that names something (a side, a layer, a file): not blank."""
    if not isinstance(value, str) or not value.strip():
        raise BadValue("a name (text, not blank)", short_repr(value))
    return value


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadValue("a list of names", short_repr(value))
    return tuple(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValue("true or false", short_repr(value))
    return value


def _number(low: float, high: float, whole: bool = False) -> Callable[[Any], float | int]:
    kind = "a whole number" if whole else "a number"

    def check(value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not low <= value <= high or (whole and value != int(value)):
            raise BadValue(f"{kind} from {low:g} to {high:g}", short_repr(value))
        return int(value) if whole else float(value)
    return check


def _reach(value: Any) -> float | None:
    if value is False:
        return None
    try:
        return _number(0.001, 20_000)(value)
    except BadValue:
        raise BadValue("a number of km from 0.001 to 20000, or false (the whole study area)", short_repr(value)) from None


def _date(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue("a date as YYYY-MM-DD", short_repr(value))
    return to_date(value)


def _bounds(value: Any) -> tuple[float, float, float, float]:
    expected = "[west, south, east, north] in degrees, west < east within ±180, south < north within ±90"
    if not isinstance(value, list) or len(value) != 4 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        raise BadValue(expected, short_repr(value))
    west, south, east, north = (float(v) for v in value)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        hint = " (east before west?)" if west > east else " (north before south?)" if south > north else ""
        raise BadValue(expected, short_repr(value) + hint)
    return west, south, east, north


def _center(value: Any) -> tuple[float, float]:
    expected = "[latitude, longitude] in degrees, latitude within ±90, longitude within ±180"
    if not isinstance(value, list) or len(value) != 2 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        raise BadValue(expected, short_repr(value))
    lat, lon = (float(v) for v in value)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        hint = " (longitude, latitude swapped?)" if abs(lat) > 90 and abs(lon) <= 90 else ""
        raise BadValue(expected, short_repr(value) + hint)
    return lat, lon


def _encoding(value: Any) -> str:
    try:
        codecs.lookup(_text(value))
        return value
    except (LookupError, BadValue):
        raise BadValue("a text encoding such as utf-8, cp1252 or latin-1", short_repr(value)) from None


def _crs(value: Any) -> str:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(_text(value))
    except (CRSError, BadValue):
        raise BadValue("a CRS such as EPSG:4326 or EPSG:32637", short_repr(value)) from None
    return value


def _strptime(value: Any) -> str:
    if not isinstance(value, str) or "%" not in value:
        raise BadValue("a strptime form such as '%m/%d/%Y'", short_repr(value))
    return value


def _cmap(value: Any) -> str | tuple[str, ...]:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        return tuple(css_colour(v) for v in value)
    raise BadValue("a colour map's name or a list of CSS colours", short_repr(value))


def _table(value: Any) -> dict:
    if not isinstance(value, dict):
        raise BadValue("a table of key = value", short_repr(value))
    return value


def _tables(value: Any) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BadValue("a list of tables ([[...]] entries)", short_repr(value))
    return value


def _text_table(value: Any) -> dict[str, str]:
    table = _table(value)
    for key, item in table.items():
        if not isinstance(item, str):
            raise BadValue(f"a table of field = column name (text), with {key!r} text", short_repr(item))
    return table


@dataclass(frozen=True)
class Key:
    """One key of a table: its check (value → clean value, or BadValue) and whether it must be there."""

    check: Callable[[Any], Any]
    required: bool = False


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value.strip().lower() not in options:
            raise BadValue("one of " + ", ".join(options), short_repr(value))
        return value.strip().lower()
    return check


def _kind(value: Any) -> str:
    from geo.schema import KINDS

    return _choice(tuple(KINDS))(value)


def _tiles(value: Any) -> str:
    from geo import tiles

    return _choice(tuple(tiles.choices()))(value)


# Each table of a scenario file and its keys ("" is the file's top level).
SCENARIO = {
    "": {"title": Key(_text, True), "description": Key(_text), "record": Key(_name), "viewpoint": Key(_text),
         "attribution": Key(_text), "strict": Key(_bool), "view": Key(_table), "layers": Key(_tables, True),
         "time": Key(_table), "control": Key(_table), "corridors": Key(_tables), "parties": Key(_tables),
         "story": Key(_tables)},
    "view": {"bounds": Key(_bounds), "tiles": Key(_tiles), "basemap": Key(_name), "metric_crs": Key(_crs)},
    "layers": {"name": Key(_name, True), "file": Key(_name, True), "kind": Key(_kind), "crs": Key(_crs),
               "encoding": Key(_encoding), "show": Key(_bool), "defaults": Key(_table),
               "columns": Key(_text_table), "color_by": Key(_name), "columnar": Key(_bool), "cmap": Key(_cmap),
               "tooltip": Key(_names), "date_format": Key(_strptime)},
    "time": {"start": Key(_date, True), "end": Key(_date, True), "default": Key(_date),
             "event_days": Key(_number(0, 3660, whole=True))},
    "control": {"file": Key(_name), "study_area": Key(_name), "reach_km": Key(_reach), "sides": Key(_tables, True)},
    "party": {"id": Key(_name, True), "label": Key(_name, True), "colour": Key(css_colour, True),
              "hostile_to": Key(_names), "allied_to": Key(_names), "aliases": Key(_names)},
    "corridors": {"id": Key(_name, True), "name": Key(_name, True), "route": Key(_name, True),
                  "width_km": Key(_number(0.001, 1000), True), "in_force_from": Key(_date, True),
                  "description": Key(_text), "sources": Key(lambda v: v)},
    # a briefing in dated steps (geo/story.py): each a day, a view, the layers shown, and what it means
    "story": {"date": Key(_date, True), "since": Key(_date), "title": Key(_text), "caption": Key(_text),
              "sources": Key(lambda v: v), "bounds": Key(_bounds), "center": Key(_center),
              "zoom": Key(_number(0, 22)), "layers": Key(_names)},
}
TEXT_CHECKS = (_text, _name, _names)  # the keys whose values are free text (the hostile-text test covers each)


def checked(table: Any, section: str, where: str) -> dict[str, Any]:
    """The table's values, each checked as ``SCENARIO[section]`` declares it (absent keys are left
    out); InputError naming the file and key for an unknown key, a missing one or a bad value."""
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table, found {short_repr(table)}")
    keys = SCENARIO[section]
    for key in table:
        if key not in keys:
            near = difflib.get_close_matches(str(key), list(keys), n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise InputError(f"{where}: unknown key {key!r}{hint}; expected one of {', '.join(keys)}")
    out = {}
    for key, spec in keys.items():
        if key not in table:
            if spec.required:
                raise InputError(f"{where}: field '{key}': expected a value, found nothing")
            continue
        try:
            out[key] = spec.check(table[key])
        except BadValue as bad:
            raise InputError(f"{where}: field '{key}': expected {bad.expected}, found {bad.found}") from None
    return out
