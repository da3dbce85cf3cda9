"""Stable element ids: folium names every element with a random id; we number them in tree order.

The same map built twice then renders to the same bytes.
"""
from __future__ import annotations

from branca.element import Element, Figure


def _walk(element: Element):
    yield element
    if isinstance(element, Figure):
        for part in (element.header, element.html, element.script):
            yield from _walk(part)
    for child in element._children.values():
        yield from _walk(child)


def stabilise_ids(root: Element) -> None:
    """Give every element under ``root`` an id from its position in the tree."""
    for number, element in enumerate(_walk(root)):
        element._id = f"{number:04x}"
