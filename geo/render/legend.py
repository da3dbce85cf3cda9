"""The legend: one section per data layer on the map, built from the layers' own symbols."""
from __future__ import annotations

from html import escape

from folium.elements import MacroElement
from folium.template import Template

from geo.render.verbatim import VerbatimRender


class Legend(VerbatimRender, MacroElement):
    """A Leaflet control listing, per layer, each symbol and what it stands for.

    Its HTML is assembled at render time from the layers (anything with a title and legend
    entries) then on the map, so layers
    added later (``explore(m=...)``) appear too. Labels arrive escaped from the layers.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        geoLegend({{ this._parent.get_name() }}, {{ this.html()|tojson }});
        {% endmacro %}
        """)

    def __init__(self):
        super().__init__()
        self._name = "Legend"

    def html(self) -> str:
        sections = []
        for layer in self._parent._children.values():
            if not getattr(layer, "legend", None) or not isinstance(getattr(layer, "title", None), str):
                continue
            items = "".join(f'<li><span class="geo-legend-symbol">{symbol}</span>{label}</li>'
                            for symbol, label in layer.legend)
            sections.append(f'<section><h4>{escape(layer.title)}</h4><ul>{items}</ul></section>')
        if not sections:
            return ""
        return '<details open><summary>Legend</summary>' + "".join(sections) + "</details>"
