"""Rendering that never compiles data as a template.

branca's MacroElement.render wraps each macro's output in ``Element(text)``, and Element compiles
its text as a Jinja template: data inside a folium script (a name like ``{{ ... }}``) would run
as Python at build time. Our elements add their macro output as ``Verbatim`` text instead.
"""
from __future__ import annotations

import json
import re

import folium
import folium.template
from branca.element import Element, Figure, MacroElement
from markupsafe import Markup


def writable(text: str) -> str:
    """Text that can be written as UTF-8: a lone surrogate (e.g. from a command line in a broken
    encoding) becomes U+FFFD, as a browser shows it, instead of failing the whole build."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def script_json(value) -> Markup:
    """``value`` as JSON to place inside a <script>: compact, UTF-8, keys sorted (the same bytes
    on every build), with every ``<`` escaped so that nothing in it can close the script or open
    a comment. Jinja's own ``tojson`` also escapes ``>``, ``&`` and quotes, which script data
    never needs: six bytes for each in every popup and symbol."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


class _Environment(folium.template.Environment):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["tojson"] = script_json


class Template(folium.template.Template):
    """folium's Template, whose ``tojson`` is ``script_json``."""

    environment_class = _Environment


class Verbatim(Element):
    """Text placed in the page exactly as given."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def render_verbatim(element: MacroElement, **kwargs) -> None:
    """MacroElement.render, with each macro's output added verbatim."""
    figure = element.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    module = element._template.module.__dict__
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = module.get(part)
        if macro is not None:
            target.add_child(Verbatim(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class VerbatimRender:
    """Mixin for MacroElements whose macros carry data."""

    def render(self, **kwargs) -> None:
        render_verbatim(self, **kwargs)


class LayerControl(folium.LayerControl):
    """folium's layer control, rendered verbatim: layer names come from data. It lists the layers
    among ``parts`` (what the map draws, which the map gives it when it renders)."""

    parts: list = []

    def render(self, **kwargs) -> None:
        self.reset()
        for item in self.parts:
            if isinstance(item, folium.map.Layer) and item.control:
                target = self.overlays if item.overlay else self.base_layers
                target[item.layer_name] = item.get_name()
        render_verbatim(self, **kwargs)
