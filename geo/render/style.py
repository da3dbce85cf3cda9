"""How each kind looks, kept as data: point symbols (inline SVG), line and area styles.

A feature's look follows from its kind and one category field (a post's operator, a place's
type, a zone's type, a route's type); the legend is built from the same tables.
"""
from __future__ import annotations

from dataclasses import dataclass

# Operators are open-ended data: they take colours from this palette in order of appearance.
OPERATOR_PALETTE = ("#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#4e342e")


@dataclass(frozen=True)
class Symbol:
    """A point marker: an SVG shape of one size and colour."""

    shape: str  # square | circle | diamond | triangle
    fill: str
    size: int
    stroke: str = "#ffffff"

    def svg(self) -> str:
        s, half, inset = self.size, self.size / 2, 1.5
        if self.shape == "circle":
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


POST_SHAPES = {"observation post": "square", "base": "square", "checkpoint": "triangle",
               "position": "diamond"}
POST_SIZES = {"observation post": 16, "base": 20, "checkpoint": 16, "position": 14}

PLACE_SYMBOLS = {
    "city": Symbol("circle", "#212121", 13),
    "town": Symbol("circle", "#424242", 10),
    "village": Symbol("circle", "#757575", 8),
    "crossing": Symbol("diamond", "#00695c", 13),
}

EVENT_SYMBOLS = {
    "shelling": Symbol("triangle", "#ef6c00", 15, stroke="#1a1a1a"),
    "air strike": Symbol("triangle", "#6d0000", 16, stroke="#ffffff"),
    "capture": Symbol("diamond", "#7b1fa2", 14, stroke="#ffffff"),
    "convoy": Symbol("square", "#0277bd", 11, stroke="#ffffff"),
    "post established": Symbol("square", "#ff8a80", 11, stroke="#1a1a1a"),
    "ceasefire": Symbol("circle", "#00897b", 14, stroke="#ffffff"),
    "agreement": Symbol("circle", "#00897b", 14, stroke="#ffffff"),
    "displacement": Symbol("circle", "#5c6bc0", 14, stroke="#ffffff"),
}

# Places of these types carry a permanent name label; the others show their name on hover.
LABELLED_PLACE_TYPES = ("city", "town", "crossing")

ZONE_STYLES = {
    "de-escalation zone": {"color": "#1565c0", "fillColor": "#1565c0", "fillOpacity": 0.10, "weight": 2},
    "buffer zone": {"color": "#f9a825", "fillColor": "#fbc02d", "fillOpacity": 0.22, "weight": 2},
    "security corridor": {"color": "#6a1b9a", "fillColor": "#8e24aa", "fillOpacity": 0.18, "weight": 2},
    "area of control": {"color": "#2e7d32", "fillColor": "#43a047", "fillOpacity": 0.18, "weight": 1},
}
APPROXIMATE_DASH = "6 4"

ROUTE_STYLES = {
    "highway": {"color": "#e65100", "weight": 4, "opacity": 0.9},
    "road": {"color": "#8d6e63", "weight": 2, "opacity": 0.9},
    "boundary": {"color": "#37474f", "weight": 2.5, "opacity": 0.9, "dashArray": "10 4 2 4"},
    "front line": {"color": "#b71c1c", "weight": 3, "opacity": 0.9},
}

PRECISION_STYLE = {"color": "#555555", "weight": 1, "dashArray": "3 3", "fill": True,
                   "fillOpacity": 0.04, "opacity": 0.6}
# Points placed this loosely or worse get a dashed circle showing where they may really be.
PRECISION_CIRCLE_MIN_M = 5000.0
# Beyond this a point stands for a whole region (a displacement figure): a circle would mislead.
PRECISION_CIRCLE_MAX_M = 25000.0


def operator_colours(operators: list[str]) -> dict[str, str]:
    """A stable colour per operator, in order of first appearance."""
    colours: dict[str, str] = {}
    for operator in operators:
        if operator not in colours:
            colours[operator] = OPERATOR_PALETTE[len(colours) % len(OPERATOR_PALETTE)]
    return colours


def post_symbol(post_type: str, colour: str) -> Symbol:
    return Symbol(POST_SHAPES.get(post_type, "square"), colour, POST_SIZES.get(post_type, 16),
                  stroke="#1a1a1a")


def path_style(kind: str, category: str, approximate: bool = False) -> dict:
    """Leaflet path options for a zone or route of this category."""
    table = ZONE_STYLES if kind == "zone" else ROUTE_STYLES
    style = dict(table[category])
    if approximate and "dashArray" not in style:
        style["dashArray"] = APPROXIMATE_DASH
    return style
