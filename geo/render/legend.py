"""The legend: each layer's symbols under its toggle in the one layer panel, and the whole legend
for the printed report, both built from the layers' own symbols."""
from __future__ import annotations

from html import escape

import folium
from folium.elements import MacroElement

from geo.render.verbatim import Template, VerbatimRender


def _toggled(layer) -> bool:
    """Whether the layer has a toggle in the layer control (a Leaflet layer, not e.g. the date bar)."""
    return isinstance(layer, folium.map.Layer) and layer.control


def _items(layer) -> str:
    """Each entry (symbol, label), under a heading per group where entries name one (a party)."""
    out, group = [], ""
    for symbol, label, *rest in layer.legend:
        if rest and rest[0] and rest[0] != group:
            group = rest[0]
            out.append(f'<li class="geo-legend-group">{group}</li>')
        out.append(f'<li><span class="geo-legend-symbol">{symbol}</span>{label}</li>')
    return "".join(out)


class Legend(VerbatimRender, MacroElement):
    """Each layer's legend entries, shown under its toggle in the layer panel (as QGIS and
    kepler.gl do), and the whole legend, which the report layout (print, ``geo export``) shows
    beside the map.

    Made from ``parts``, which the map gives it when it renders (anything with a title and legend
    entries), so layers added later (``explore(m=...)``) appear too. Labels arrive escaped from
    the layers; the panel is the map's layer control (``control``), rendered before this.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        geoLegend({{ this._parent.get_name() }}, {{ this.control.get_name() if this.control else 'null' }},
                  [{% for name, title, html in this.per_layer() %}[{{ name }}, {{ title|tojson }}, {{ html|tojson }}]{{ ',' if not loop.last }}{% endfor %}],
                  {{ this.other_sections()|tojson }});
        {% endmacro %}
        """)

    def __init__(self):
        super().__init__()
        self._name = "Legend"
        self.control = None  # the layer control the entries go into
        self.parts: list = []  # what the map draws and explains, in its order (the map gives it)

    def _layers(self) -> list:
        return [layer for layer in self.parts
                if getattr(layer, "legend", None) and isinstance(getattr(layer, "title", None), str)]

    def per_layer(self) -> list[tuple[str, str, str]]:
        """(the layer's JavaScript name, its title and its entries as HTML) for each toggleable
        layer with a legend; geo.js puts the entries under the layer's toggle and builds the
        report's whole legend from them, with ``other_sections`` last."""
        return [(layer.get_name(), escape(layer.title), f'<ul>{_items(layer)}</ul>')
                for layer in self._layers() if _toggled(layer)]

    def other_sections(self) -> str:
        """The legends of what has no toggle (post status on the chosen day), after the layers."""
        return "".join(f'<section><h4>{escape(layer.title)}</h4><ul>{_items(layer)}</ul></section>'
                       for layer in self._layers() if not _toggled(layer))


class SymbolKey(MacroElement):
    """What the military symbols' frames mean on this map: whose point of view they take, and a
    sample of each frame drawn (the same drawings as the layers'). It has no toggle: the legend
    lists it after the layers, and it draws nothing itself."""

    _template = Template("")

    def __init__(self, view_label: str, samples: list[tuple[str, str]], neutral: bool):
        super().__init__()
        self._name = "SymbolKey"
        self.title = f"Military symbols: seen from {view_label}" if not neutral else \
            "Military symbols: a neutral view (no side's point of view)"
        self.legend = samples
