"""The report layout: what a printed or exported map carries besides the map itself.

Printing the page (Ctrl+P) or exporting it (geo export) switches the page to a layout with a
title bar (title, subtitle, the date shown), the map, the legend beside it, Leaflet's scale bar,
a north arrow, and a footer naming the data's publishers and the base map's credit. The header
and footer are in the page's HTML, hidden on screen; every text from data is escaped here.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from html import escape

import folium
import numpy as np
from folium.elements import MacroElement

from geo.render.basemap import BasemapLayer
from geo.render.layers import data_layers
from geo.render.verbatim import Template, VerbatimRender

MAX_PUBLISHERS = 30  # beyond this the footer says how many more (each feature names its own)

NORTH_ARROW_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="26" height="40" viewBox="0 0 26 40" '
    'role="img" aria-label="North arrow: north is up">'
    '<text x="13" y="11" text-anchor="middle" font-family="system-ui, sans-serif" '
    'font-size="11" font-weight="700" fill="#1a1a1a">N</text>'
    '<polygon points="13,14 21,37 13,31" fill="#1a1a1a"/>'
    '<polygon points="13,14 5,37 13,31" fill="#fff" stroke="#1a1a1a" stroke-width="1.2" '
    'stroke-linejoin="round"/></svg>')


class NorthArrow(VerbatimRender, MacroElement):
    """A small north arrow (Web Mercator: north is always up), top left under the zoom buttons."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        geoNorthArrow({{ this._parent.get_name() }}, {{ this.svg|tojson }});
        {% endmacro %}
        """)

    def __init__(self):
        super().__init__()
        self._name = "NorthArrow"
        self.svg = NORTH_ARROW_SVG


def publishers(frames: Iterable, extra_sources: Iterable[Iterable[Mapping]] = ()) -> list[str]:
    """Every publisher cited, each once: the most cited first, then by name (deterministic)."""
    counts: Counter[str] = Counter()
    # rows share one list where their text was the same (the validator's): each list read once, times its rows
    lists: list[tuple[object, int]] = [(sources, 1) for sources in extra_sources]
    for frame in frames:
        if "sources" in frame.columns:
            column = frame["sources"].to_numpy(dtype=object)
            _, first, times = np.unique(np.fromiter(map(id, column), dtype=np.uint64, count=len(column)),
                                        return_index=True, return_counts=True)
            lists += zip(column[first], times.tolist())
    for sources, times in lists:
        for source in sources if isinstance(sources, (list, tuple)) else ():
            name = str(source.get("publisher", "")).strip()
            if name:
                counts[name] += times
    return [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0].lower(), item[0]))]


def tile_layers(m: folium.Map) -> list[folium.TileLayer]:
    """The online base maps on a map (none: it loads nothing from the network)."""
    return [child for child in m._children.values() if isinstance(child, folium.TileLayer)]


class ReportLayout(VerbatimRender, MacroElement):
    """Header, legend panel and footer of the print/export layout, and the switch into it."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        {{ this.page_html() }}
        {% endmacro %}
        {% macro script(this, kwargs) %}
        geoReportSetup({{ this._parent.get_name() }}, {{ this.view()|tojson }});
        {% endmacro %}
        """)

    def __init__(self):
        super().__init__()
        self._name = "ReportLayout"
        self.extra_sources: list[list[Mapping]] = []  # e.g. the control table's sources
        self.parts: list = []  # what the map draws (the map gives it when it renders)

    def view(self) -> list[float] | None:
        bounds = self._parent.view_bounds
        return [float(b) for b in bounds] if bounds else None

    def credits(self) -> list[str]:
        """Attribution lines: the map's own, then each online base map's."""
        m = self._parent
        lines = [m.attribution] if m.attribution else []
        for layer in (p for p in self.parts if isinstance(p, folium.TileLayer)):  # one added by hand has no credit of ours
            lines.append(getattr(layer, "credit", f"Base map: {layer.layer_name}"))
        basemap = next((p for p in self.parts if isinstance(p, BasemapLayer)), None)
        if basemap is not None:  # the offline basemap: each source's credit, and the licence they ask for
            lines.append("Basemap: " + " · ".join(basemap.basemap.credits))
        return lines

    def page_html(self) -> str:
        m = self._parent
        title, subtitle = m.title, m.subtitle
        dated = m.time_control is not None
        names = publishers([layer.frame for layer in data_layers(self.parts)], self.extra_sources)
        shown = names[:MAX_PUBLISHERS]
        more = len(names) - len(shown)
        source_line = " · ".join(escape(n) for n in shown) + (
            f" · and {more} more (each feature's popup names its sources)" if more > 0 else "")
        notes = [escape(line) for line in self.credits()]
        if dated and m.model is not None and m.model.timeline is not None and m.model.sides:  # only a map that draws areas says so
            notes.append("Areas of control and front lines are estimates derived from dated reports "
                         "of who held each place; positions are approximate (see each feature's precision).")
        elif data_layers(self.parts):
            notes.append("Positions are approximate (see each feature's precision).")
        when = ('<div class="geo-report-when"><span>Situation on</span>'
                '<strong class="geo-report-date"></strong></div>') if dated else ""
        head = (f'<header class="geo-report-head"><div><h1>{escape(title)}</h1>'
                + (f"<p>{escape(subtitle)}</p>" if subtitle else "") + f"</div>{when}</header>")
        foot = ('<footer class="geo-report-foot">'
                + (f'<p><b>Sources:</b> {source_line}</p>' if shown else "")
                + "".join(f"<p>{note}</p>" for note in notes) + "</footer>")
        return f'{head}<aside class="geo-report-side" aria-label="Legend"></aside>{foot}'
