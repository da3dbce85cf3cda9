"""Stable element ids: folium names every element with a random id; we number them in tree order.

Only the map's own tree is numbered, not the header/html/script parts a render fills in: those
are keyed by the elements' names, so a second render (Jupyter shows a map, then it is saved)
replaces the first one's pieces instead of adding a copy beside them.
"""
from __future__ import annotations

from branca.element import Element


def _walk(element: Element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def stabilise_ids(root: Element, after: list[Element] = ()) -> None:
    """Give every element under ``root`` an id from its position in the tree, then those of
    ``after`` (a map's controls, rendered after it)."""
    for number, element in enumerate([*_walk(root), *(e for a in after for e in _walk(a))]):
        element._id = f"{number:04x}"
