"""Coordinates as people write them: decimal degrees, degrees-minutes-seconds, pairs, MGRS.

Spreadsheets and scraped reports give ``35°51′41″N``, ``35 51 41 N``, ``N35 51 41``,
``35°51.683'N`` or ``35.8614``; each parser here returns degrees (negative south and west) or raises
CoordinateError saying what was expected and what was found. Nothing here checks ranges: a latitude
of 135 is returned as is, for the validator (and the swapped-latitude/longitude check) to judge.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo.values import short_repr

LATITUDE, LONGITUDE = "latitude", "longitude"
HEMISPHERES = {LATITUDE: "NS", LONGITUDE: "EW"}
EXAMPLES = {
    LATITUDE: "a latitude such as 35.8614, -35.8614, 35°51′41″N, 35 51 41 N, N35 51 41 or 35°51.683'N",
    LONGITUDE: "a longitude such as 36.8058, -36.8058, 36°48′21″E, 36 48 21 E, E36 48 21 or 36°48.35'E",
}
PAIR_EXAMPLE = ("latitude and longitude such as '35.8614, 36.8058', '35.8614 36.8058' or "
                "'35°51′41″N 36°48′21″E'")
MGRS_EXAMPLE = "an MGRS reference such as 37SBV 12345 67890 (zone, band, square, digits)"

# A plain decimal number, as a spreadsheet writes it: the only form that says nothing of its CRS.
PLAIN_DECIMAL = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN = re.compile(rf"\s*{PLAIN_DECIMAL}\s*")
_DECIMAL_COMMA = re.compile(r"\s*[+-]?[0-9]+,[0-9]+\s*")

# Variants of the degree, minute and second signs, and of the minus sign, folded to ASCII.
_FOLD = str.maketrans({
    "º": "°", "˚": "°", "′": "'", "’": "'", "‘": "'", "´": "'", "`": "'", "ʹ": "'",
    "″": '"', "“": '"', "”": '"', "ʺ": '"', "−": "-", "–": "-",
})
_UNITS = {"°": 0, "d": 0, "D": 0, "'": 1, "m": 1, "M": 1, '"': 2, "''": 2, "s": 2}
_PART_NAMES = ("degrees", "minutes", "seconds")
_TOKEN = re.compile(r"""
    (?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?P<unit>\s*(?:''|[°'"])|[dDmMs](?![a-zA-Z]{2}))?
  | (?P<hemisphere>[NSEWnsew])
  | (?P<space>[\s:]+)
""", re.VERBOSE)


class CoordinateError(ValueError):
    """A coordinate that cannot be read: what was expected, what was found, and why not."""

    def __init__(self, expected: str, found: str, reason: str):
        self.expected, self.found, self.reason = expected, found, reason
        super().__init__(f"expected {expected}, found {short_repr(found)}: {reason}")


@dataclass(frozen=True)
class _Part:
    """One number of a coordinate, with the unit written after it (0 °, 1 ′, 2 ″; None if none)."""

    text: str
    unit: int | None


@dataclass(frozen=True)
class _Group:
    """The tokens of one coordinate: its numbers and its hemisphere letter, if any."""

    parts: tuple[_Part, ...]
    hemisphere: str | None


def is_plain_decimal(text: str) -> bool:
    """Whether ``text`` is a bare decimal number, which could be degrees or metres of any CRS."""
    return _PLAIN.fullmatch(text) is not None


def _fail(axis: str, text: str, reason: str) -> CoordinateError:
    return CoordinateError(EXAMPLES.get(axis, PAIR_EXAMPLE), text, reason)


def _finite(value: float, axis: str, text: str) -> float:
    if not math.isfinite(value):
        raise _fail(axis, text, "the number is too large")
    return value


def _tokens(text: str, axis: str) -> list[tuple[str, str, str | None]]:
    """(kind, text, unit) of each token; CoordinateError naming the first character not understood."""
    folded, out, at = text.translate(_FOLD), [], 0
    while at < len(folded):
        match = _TOKEN.match(folded, at)
        if match is None:
            raise _fail(axis, text, f"{folded[at]!r} is not part of a coordinate")
        kind = match.lastgroup if match.lastgroup != "unit" else "number"
        if kind != "space":
            unit = (match.group("unit") or "").strip() or None
            out.append((kind, match.group("number") or match.group("hemisphere"), unit))
        at = match.end()
    return out


def _groups(tokens: list[tuple[str, str, str | None]], axis: str, text: str) -> list[_Group]:
    """Tokens split into coordinates: at hemisphere letters, or where degrees start again."""
    groups: list[_Group] = []
    parts: list[_Part] = []
    hemisphere: str | None = None
    prefix = bool(tokens) and tokens[0][0] == "hemisphere"

    def close() -> None:
        nonlocal parts, hemisphere
        if parts or hemisphere:
            groups.append(_Group(tuple(parts), hemisphere))
        parts, hemisphere = [], None

    for kind, value, unit in tokens:
        if kind == "hemisphere":
            if prefix:
                close()
            hemisphere = value.upper()
            if not prefix:
                close()
            continue
        rank = _UNITS[unit] if unit else None
        if rank == 0 and parts and not prefix:
            close()
        parts.append(_Part(value, rank))
    close()
    return groups


def _degrees(group: _Group, axis: str, text: str) -> float:
    """The signed degrees of one coordinate's numbers and hemisphere letter."""
    if not group.parts:
        raise _fail(axis, text, "there is no number")
    if len(group.parts) > 3:
        raise _fail(axis, text, "more than three numbers (degrees, minutes, seconds)")
    values = [0.0, 0.0, 0.0]
    rank = -1
    for index, part in enumerate(group.parts):
        place = rank + 1 if part.unit is None else part.unit
        if place <= rank or place > 2:
            raise _fail(axis, text, "degrees, minutes and seconds are out of order")
        if place > 0 and part.text[0] in "+-":
            raise _fail(axis, text, f"{_PART_NAMES[place]} cannot have a sign")
        if "." in part.text and index < len(group.parts) - 1:
            raise _fail(axis, text, f"only the last number may have decimals, not the {_PART_NAMES[place]}")
        values[place] = _finite(float(part.text), axis, text)
        rank = place
    if group.parts[0].unit not in (None, 0):
        raise _fail(axis, text, "there are no degrees")
    for place in (1, 2):
        if values[place] >= 60:
            raise _fail(axis, text, f"{_PART_NAMES[place]} must be below 60")
    negative = group.parts[0].text.startswith("-")
    size = abs(values[0]) + values[1] / 60 + values[2] / 3600
    if group.hemisphere is not None:
        if negative:
            raise _fail(axis, text, f"both a minus sign and a hemisphere letter ({group.hemisphere})")
        negative = group.hemisphere in "SW"
    return _finite(-size if negative else size, axis, text)


def _axis_of(group: _Group) -> str | None:
    """The axis a group's hemisphere letter names, or None when it has none."""
    if group.hemisphere is None:
        return None
    return LATITUDE if group.hemisphere in HEMISPHERES[LATITUDE] else LONGITUDE


def _parse_axis(text: str, axis: str) -> float:
    """One coordinate on ``axis``, in any accepted form."""
    if not isinstance(text, str):
        raise _fail(axis, repr(text), "it is not text")
    if is_plain_decimal(text):
        return _finite(float(text.strip()), axis, text)
    if _DECIMAL_COMMA.fullmatch(text):
        raise _fail(axis, text, "a decimal comma is ambiguous (one number, or two?): "
                                "write the decimal with a point")
    groups = _groups(_tokens(text, axis), axis, text)
    if len(groups) != 1:
        raise _fail(axis, text, "it holds more than one coordinate" if groups else "it is empty")
    found = _axis_of(groups[0])
    if found not in (None, axis):
        raise _fail(axis, text, f"hemisphere {groups[0].hemisphere} is for a {found}, not a {axis}")
    return _degrees(groups[0], axis, text)


def parse_latitude(text: str) -> float:
    """Latitude in degrees (south negative) from decimal or degrees-minutes-seconds text."""
    return _parse_axis(text, LATITUDE)


def parse_longitude(text: str) -> float:
    """Longitude in degrees (west negative) from decimal or degrees-minutes-seconds text."""
    return _parse_axis(text, LONGITUDE)


def _split_pair(text: str) -> list[str] | None:
    """The two halves of a pair written with a separator (comma, semicolon, slash), else None."""
    for separator in (";", "/"):
        if separator in text:
            halves = text.split(separator)
            if len(halves) != 2:
                raise _fail("pair", text, f"more than one {separator!r}")
            return halves
    commas = text.count(",")
    if commas == 0:
        return None
    if commas != 1:
        raise _fail("pair", text, "more than one comma: decimal commas are ambiguous, write decimal points")
    if re.search(r"[0-9],[0-9]", text) and "." not in text:
        raise _fail("pair", text, "a comma between digits is ambiguous (one number, or two?): "
                                  "write decimal points, and a space after the comma")
    return text.split(",")


def _plain(word: str) -> _Group:
    return _Group((_Part(word.strip(), None),), None)


def _count(groups: int) -> str:
    return {0: "no coordinate", 1: "one coordinate"}.get(groups, f"{groups} coordinates")


def _pair_groups(text: str) -> list[_Group]:
    """The two coordinates of a pair, as groups of tokens."""
    halves, words = _split_pair(text), text.split()
    if halves is not None:
        groups = [g for half in halves
                  for g in ([_plain(half)] if is_plain_decimal(half) else _groups(_tokens(half, "pair"), "pair", text))]
    elif len(words) == 2 and all(map(is_plain_decimal, words)):
        groups = [_plain(word) for word in words]
    else:
        groups = _groups(_tokens(text, "pair"), "pair", text)
    if len(groups) != 2:
        reason = ("without hemisphere letters, degree signs or a comma, it cannot be told where the "
                  "latitude ends" if len(groups) == 1 and halves is None
                  else f"it holds {_count(len(groups))}, not two")
        raise _fail("pair", text, reason)
    return groups


def parse_pair(text: str) -> tuple[float, float]:
    """(latitude, longitude) from one cell holding both; hemisphere letters may reverse the order."""
    if not isinstance(text, str):
        raise _fail("pair", repr(text), "it is not text")
    first, second = _pair_groups(text)
    axes = [_axis_of(first), _axis_of(second)]
    if axes[0] is not None and axes[0] == axes[1]:
        raise _fail("pair", text, f"both coordinates are {axes[0]}s ({first.hemisphere}, {second.hemisphere})")
    if axes == [LONGITUDE, None] or axes == [None, LATITUDE] or axes == [LONGITUDE, LATITUDE]:
        first, second = second, first
    return _degrees(first, "pair", text), _degrees(second, "pair", text)


_MGRS = re.compile(r"\s*([0-9]{1,2})\s*([C-HJ-NP-X])\s*([A-HJ-NP-Z][A-HJ-NP-V])\s*([0-9]{0,10})\s*([0-9]{0,5})\s*",
                   re.IGNORECASE)


def _mgrs_digits(text: str, match: re.Match) -> tuple[str, str]:
    """Easting and northing digits, written together (1234567890) or apart (12345 67890)."""
    first, second = match.group(4), match.group(5)
    if second:
        if len(first) != len(second):
            raise CoordinateError(MGRS_EXAMPLE, text, "easting and northing have different numbers of digits")
        return first, second
    if len(first) % 2:
        raise CoordinateError(MGRS_EXAMPLE, text, f"an odd number of digits ({len(first)})")
    half = len(first) // 2
    return first[:half], first[half:]


def parse_mgrs(text: str) -> tuple[float, float, float]:
    """(latitude, longitude, precision_m) of an MGRS square; its size is the precision.

    The point is the square's centre, as the mgrs package gives it for a square larger than 1 m.

    10 digits name a 1 m square, 8 a 10 m one ... 0 the 100 km square.
    """
    match = _MGRS.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise CoordinateError(MGRS_EXAMPLE, text if isinstance(text, str) else repr(text),
                              "it is not zone, latitude band, 100 km square and digits")
    zone = int(match.group(1))
    if not 1 <= zone <= 60:
        raise CoordinateError(MGRS_EXAMPLE, text, f"zone {zone} is not between 1 and 60")
    easting, northing = _mgrs_digits(text, match)
    precision = 10.0 ** (5 - len(easting))
    reference = f"{zone:02d}{match.group(2)}{match.group(3)}{easting}{northing}".upper()
    try:
        import mgrs  # imported when an MGRS reference is read: most data has none

        lat, lon = mgrs.MGRS().toLatLon(reference)
    except Exception as exc:  # the mgrs package raises its own MGRSError, not exported stably
        raise CoordinateError(MGRS_EXAMPLE, text, f"the mgrs package cannot convert it ({exc})") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise CoordinateError(MGRS_EXAMPLE, text, "the mgrs package cannot convert it")
    return float(lat), float(lon), precision


# -- a position given relative to a named place: "about 17 km east of Maarat al-Numan" ----------
BEARINGS = {"north": 0, "north-east": 45, "east": 90, "south-east": 135, "south": 180, "south-west": 225,
            "west": 270, "north-west": 315}
_SHORT = {"n": "north", "ne": "north-east", "e": "east", "se": "south-east", "s": "south", "sw": "south-west",
          "w": "west", "nw": "north-west"}
SECTOR_DEG = 45.0  # an eight-point direction stands for this sector
_RELATIVE = re.compile(r"""
    ^\s*(?P<about>about|around|some|approximately|roughly|~)?\s*
    (?P<distance>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>km|kms|kilomet(?:er|re)s?|m|met(?:er|re)s?)\b
    (?:\s*\([^)]*\))?\s*                                   # "2.7 kilometers (1.7 miles)"
    (?:to\s+the\s+)?
    (?P<direction>north[\s-]?east|north[\s-]?west|south[\s-]?east|south[\s-]?west|north|south|east|west
                  |ne|nw|se|sw|n|s|e|w)\s+
    (?:of|from)\s+
    (?:the\s+(?:northwestern\s+Syrian\s+)?(?:city|town|village)\s+of\s+)?
    (?P<place>.+?)
    (?:(?:'s|’s)?\s+(?:city\s+)?cent(?:er|re))?\s*$
""", re.VERBOSE | re.IGNORECASE)


@dataclass(frozen=True)
class Relative:
    """A position said relative to a place: ``distance_m`` in ``direction`` (bearing, degrees)."""

    distance_m: float
    bearing: float
    direction: str
    place: str
    approximate: bool  # "about 17 km"


_BETWEEN = re.compile(r"""
    ^\s*(?:midway|half[\s-]?way)\s+(?:along\s+the\s+road\s+)?between\s+(?P<one>.+?)\s+and\s+(?P<two>.+?)\s*$
""", re.VERBOSE | re.IGNORECASE)


def parse_between(text: str) -> tuple[str, str] | None:
    """'midway between Maarat al-Numan and Sinjar' → ('Maarat al-Numan', 'Sinjar'); None otherwise."""
    found = _BETWEEN.match(text or "")
    return (found["one"].strip(), found["two"].strip()) if found else None


def parse_relative(text: str) -> Relative | None:
    """'about 17 km east of Maarat al-Numan' → Relative(17000, 90, 'east', 'Maarat al-Numan', True);
    None when the text is not of that form (it may be a plain place name)."""
    found = _RELATIVE.match(text or "")
    if not found:
        return None
    direction = re.sub(r"[\s-]+", "-", found["direction"].lower())
    direction = _SHORT.get(direction, direction)
    metres = float(found["distance"]) * (1 if found["unit"].lower().startswith("m") else 1000)
    return Relative(metres, float(BEARINGS[direction]), direction, found["place"].strip(), bool(found["about"]))
