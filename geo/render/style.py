"""How each kind looks, kept as data: point symbols (inline SVG), line and area styles.

A feature's look follows from its kind and its category field (a post's type, a place's type, a
zone's type...), and for kinds with a party (a post's operator) the colour from that; the legend
is built from the same tables.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from geo.symbology import UNIT_TYPES

# Operators are open-ended data: they take colours from this palette in order of appearance.
OPERATOR_PALETTE = ("#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#4e342e")


@dataclass(frozen=True)
class Symbol:
    """A point marker: an SVG shape of one size and colour."""

    shape: str  # square | circle | diamond | triangle | triangle-down | pentagon | hexagon | star | cross | x
    fill: str
    size: int
    stroke: str = "#ffffff"

    def _points(self, corners: int, turn: float = 0.0, inner: float | None = None) -> str:
        """A regular polygon (or star, with ``inner`` radius) inside the symbol's box."""
        half, r = self.size / 2, self.size / 2 - 1.5
        points = []
        for i in range(corners * (2 if inner else 1)):
            radius = inner * r if inner and i % 2 else r
            angle = math.pi * (2 * i / (corners * (2 if inner else 1)) - 0.5) + turn
            points.append(f"{half + radius * math.cos(angle):.1f},{half + radius * math.sin(angle):.1f}")
        return f'<polygon points="{" ".join(points)}"/>'

    def svg(self) -> str:
        s, half, inset = self.size, self.size / 2, 1.5
        arm = s / 6
        if self.shape in ("pentagon", "hexagon", "star", "triangle-down"):
            body = {"pentagon": lambda: self._points(5), "hexagon": lambda: self._points(6, math.pi / 6),
                    "star": lambda: self._points(5, inner=0.45),
                    "triangle-down": lambda: self._points(3, math.pi)}[self.shape]()
        elif self.shape in ("cross", "x"):
            plus = (f'<polygon points="{half - arm:g},{inset:g} {half + arm:g},{inset:g} {half + arm:g},{half - arm:g} '
                    f'{s - inset:g},{half - arm:g} {s - inset:g},{half + arm:g} {half + arm:g},{half + arm:g} '
                    f'{half + arm:g},{s - inset:g} {half - arm:g},{s - inset:g} {half - arm:g},{half + arm:g} '
                    f'{inset:g},{half + arm:g} {inset:g},{half - arm:g} {half - arm:g},{half - arm:g}"/>')
            body = plus if self.shape == "cross" else f'<g transform="rotate(45 {half:g} {half:g})">{plus}</g>'
        elif self.shape == "circle":
            body = f'<circle cx="{half:g}" cy="{half:g}" r="{half - inset:g}"/>'
        elif self.shape == "diamond":
            body = (f'<polygon points="{half:g},{inset:g} {s - inset:g},{half:g} '
                    f'{half:g},{s - inset:g} {inset:g},{half:g}"/>')
        elif self.shape == "triangle":
            body = f'<polygon points="{half:g},{inset:g} {s - inset:g},{s - inset:g} {inset:g},{s - inset:g}"/>'
        else:
            body = f'<rect x="{inset:g}" y="{inset:g}" width="{s - 2 * inset:g}" height="{s - 2 * inset:g}"/>'
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" '
                f'viewBox="0 0 {s} {s}" fill="{self.fill}" stroke="{self.stroke}" '
                f'stroke-width="1.5" aria-hidden="true">{body}</svg>')


# Each kind's look, by the values of its category field (a test holds every table to its kind's
# choices). A point symbol with no fill takes its colour from the feature's party (a post's
# operator), from OPERATOR_PALETTE.
POINT_SYMBOLS: dict[str, dict[str, Symbol]] = {
    "post": {
        "observation post": Symbol("square", "", 16, stroke="#1a1a1a"),
        "base": Symbol("square", "", 20, stroke="#1a1a1a"),
        "checkpoint": Symbol("triangle", "", 16, stroke="#1a1a1a"),
        "position": Symbol("diamond", "", 14, stroke="#1a1a1a"),
    },
    "place": {
        "city": Symbol("circle", "#212121", 13),
        "town": Symbol("circle", "#424242", 10),
        "village": Symbol("circle", "#757575", 8),
        "crossing": Symbol("diamond", "#00695c", 13),
    },
    "event": {
        "shelling": Symbol("triangle", "#ef6c00", 15, stroke="#1a1a1a"),
        "air strike": Symbol("triangle-down", "#6d0000", 16, stroke="#ffffff"),
        "capture": Symbol("diamond", "#7b1fa2", 14, stroke="#ffffff"),
        "convoy": Symbol("square", "#0277bd", 11, stroke="#ffffff"),
        "post established": Symbol("hexagon", "#ff8a80", 13, stroke="#1a1a1a"),
        "ceasefire": Symbol("circle", "#00897b", 14, stroke="#ffffff"),
        "agreement": Symbol("pentagon", "#00897b", 14, stroke="#ffffff"),
        "displacement": Symbol("cross", "#5c6bc0", 14, stroke="#ffffff"),
        "military operation": Symbol("star", "#b71c1c", 17, stroke="#ffffff"),
        "aircraft downed": Symbol("x", "#37474f", 15, stroke="#ffffff"),
        # ACLED's event types
        "battles": Symbol("star", "#cc3311", 13, stroke="#ffffff"),
        "explosions/remote violence": Symbol("triangle", "#ee7733", 13, stroke="#1a1a1a"),
        "violence against civilians": Symbol("x", "#882255", 13, stroke="#ffffff"),
        "protests": Symbol("circle", "#0077bb", 10, stroke="#ffffff"),
        "riots": Symbol("cross", "#33bbee", 12, stroke="#1a1a1a"),
        "strategic developments": Symbol("diamond", "#555555", 11, stroke="#ffffff"),
        # UCDP GED's types of violence
        "state-based violence": Symbol("star", "#cc3311", 12, stroke="#ffffff"),
        "non-state violence": Symbol("triangle", "#ee7733", 12, stroke="#1a1a1a"),
        "one-sided violence": Symbol("x", "#882255", 12, stroke="#ffffff"),
    },
}

# A unit is drawn as its military symbol; these (in its side's colour, a shape and size per type)
# stand in where a unit reaches a map without its symbol derived.
_SHAPES = ("square", "circle", "diamond", "triangle", "triangle-down", "pentagon", "hexagon", "star", "cross", "x")
POINT_SYMBOLS["unit"] = {unit_type: Symbol(_SHAPES[n % len(_SHAPES)], "", 13 + 4 * (n // len(_SHAPES)),
                                           stroke="#1a1a1a") for n, unit_type in enumerate(UNIT_TYPES)}

# Zones are outlines, never fills: a de-escalation or buffer zone says where an agreement applies,
# not who holds the land, so it must not tint the sides' areas under it (issue 23's mixed tints).
PATH_STYLES: dict[str, dict[str, dict]] = {
    "zone": {
        "de-escalation zone": {"color": "#0d47a1", "weight": 3, "opacity": 0.95, "fill": False, "dashArray": "14 6"},
        "buffer zone": {"color": "#b07d00", "weight": 2.5, "opacity": 0.95, "fill": False, "dashArray": "3 5"},
        "security corridor": {"color": "#6a1b9a", "weight": 2.5, "opacity": 0.95, "fill": False, "dashArray": "10 4 2 4"},
        "area of control": {"color": "#2e7d32", "fillColor": "#43a047", "fillOpacity": 0.35, "weight": 1},
    },
    "route": {
        "highway": {"color": "#e65100", "weight": 4, "opacity": 0.9},
        "road": {"color": "#8d6e63", "weight": 2, "opacity": 0.9},
        "boundary": {"color": "#37474f", "weight": 2.5, "opacity": 0.9, "dashArray": "10 4 2 4"},
        "front line": {"color": "#b71c1c", "weight": 3, "opacity": 0.9},
    },
}
APPROXIMATE_DASH = "6 4"

# Colours for the values of any column a large layer is coloured by (Paul Tol's bright and muted
# schemes: told apart with the common colour-vision deficiencies), and the density ramp for a
# large layer zoomed out (Tol's YlOrBr, light to dark).
CATEGORY_PALETTE = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#332288",
                    "#ddcc77", "#117733", "#882255")
DENSITY_RAMP = ("#fee391", "#fec44f", "#fb9a29", "#ec7014", "#cc4c02", "#993404", "#662506")

# Lines drawn for a party (a forward line of own troops), in the standard's dark colour of what
# the party is to the point of view (MIL-STD-2525D's dark friend, hostile, neutral, unknown).
AFFILIATION_LINE_COLOURS = {"friend": "#006b8c", "hostile": "#c80000", "neutral": "#00a000", "unknown": "#e1dc00"}

PRECISION_STYLE = {"color": "#555555", "weight": 1, "dashArray": "3 3", "fill": True,
                   "fillOpacity": 0.04, "opacity": 0.6}
# Points placed this loosely or worse get a dashed circle showing where they may really be.
PRECISION_CIRCLE_MIN_M = 5000.0
# Beyond this a point stands for a whole region (a displacement figure): a circle would mislead.
PRECISION_CIRCLE_MAX_M = 25000.0


def party_colours(parties: list[str]) -> dict[str, str]:
    """A stable colour per party (a post's operator), in order of first appearance."""
    colours: dict[str, str] = {}
    for party in parties:
        if party not in colours:
            colours[party] = OPERATOR_PALETTE[len(colours) % len(OPERATOR_PALETTE)]
    return colours


# The look of a feature whose type is not given (a user's layer drawn as it came).
UNTYPED_SYMBOL = Symbol("circle", "", 10, stroke="#1a1a1a")
UNTYPED_FILL = "#9e9e9e"
UNTYPED_PATH = {"color": "#616161", "fillColor": "#9e9e9e", "fillOpacity": 0.2, "weight": 2, "opacity": 0.9}


def point_symbol(kind: str, category: str | None, colour: str = "") -> Symbol:
    """The symbol of a point of this kind and category, in ``colour`` when it takes its party's."""
    symbol = POINT_SYMBOLS[kind].get(category) if category else None
    if symbol is None:
        return Symbol(UNTYPED_SYMBOL.shape, colour or UNTYPED_FILL, UNTYPED_SYMBOL.size, UNTYPED_SYMBOL.stroke)
    return Symbol(symbol.shape, colour, symbol.size, symbol.stroke) if not symbol.fill else symbol


def path_style(kind: str, category: str | None, approximate: bool = False) -> dict:
    """Leaflet path options for a line or area of this kind and category."""
    style = dict(PATH_STYLES[kind].get(category, UNTYPED_PATH) if category else UNTYPED_PATH)
    if approximate and "dashArray" not in style:
        style["dashArray"] = APPROXIMATE_DASH
    return style


def plain_style(colour: str, options: dict | None = None) -> dict:
    """Leaflet path options for a plain layer's line or area in ``colour`` (``options``, as
    ``explore``'s style_kwds, override them)."""
    return {"color": colour, "weight": 2, "opacity": 0.9, "fillColor": colour, "fillOpacity": 0.35, **(options or {})}


# Sides' areas differ by their outline's pattern as well as colour (the first side solid), so that
# they can be told apart without colour vision.
SIDE_DASHES = ("", "7 4", "2 4", "10 4 2 4")
# The sides' fills are the map's strongest colour (an analyst's map reads as who holds what first),
# translucent enough for the relief and rivers to show through.
SIDE_FILL_OPACITY = 0.4


def side_style(index: int, colour: str) -> dict:
    """The path style of the areas of the ``index``-th side of a scenario."""
    dash = SIDE_DASHES[index % len(SIDE_DASHES)]
    out = {"color": colour, "fillColor": colour, "fillOpacity": SIDE_FILL_OPACITY, "weight": 1.5, "opacity": 0.9}
    return {**out, "dashArray": dash} if dash else out
