"""One data layer on the map: a folium Layer that renders a validated GeoDataFrame.

The browser receives only what it draws: geometry, a symbol or style key, and the escaped
tooltip and popup HTML made in Python. The drawing code is ``static/geo.js``.
"""
from __future__ import annotations

from html import escape

import geopandas as gpd
import numpy as np
import shapely
from folium.map import Layer
from folium.template import Template

from geo.derive.time import shown_span
from geo.render import style
from geo.render.popups import popup_html, tooltip_html
from geo.render.verbatim import VerbatimRender, writable
from geo.schema import Kind, get_kind

COORDINATE_DECIMALS = 6  # ~0.1 m: far finer than any shipped precision, and keeps the HTML small


def _rounded(geom):
    return shapely.geometry.mapping(
        shapely.transform(geom, lambda xy: np.round(xy, COORDINATE_DECIMALS)))


class FeatureLayer(VerbatimRender, Layer):
    """A toggleable layer of one kind, with tooltips, popups and its legend entries."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoFeatureLayer({{ this.payload|tojson }});
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        {% endmacro %}
        """)

    def __init__(self, frame: gpd.GeoDataFrame, name: str, kind: Kind | str | None = None,
                 show: bool = True, event_days: int = 1):
        kind = get_kind(kind) if isinstance(kind, str) else kind or get_kind(frame.attrs["kind"])
        super().__init__(name=escape(writable(name)), overlay=True, control=True, show=show)
        self._name = "FeatureLayer"
        self.kind = kind
        self.title = name
        self.frame = frame
        self._legend: dict[str, tuple[tuple, str, str]] = {}
        self.event_days = event_days
        self.payload = self._payload()

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(symbol SVG, escaped label) for each look used, in the schema's order of categories."""
        return [(svg, label) for _, svg, label in sorted(self._legend.values())]

    def _add_legend(self, key: str, category: str, svg: str, label: str) -> None:
        choices = self.kind.field(self.kind.category).choices
        self._legend.setdefault(key, ((choices.index(category), label), svg, label))

    def _payload(self) -> dict:
        frame, kind = self.frame, self.kind
        extra = [c for c in frame.columns if c not in kind.field_names and c != frame.geometry.name]
        category_field = kind.category
        colours = style.operator_colours(list(frame["operator"])) if kind.name == "post" else {}
        symbols, styles, features = {}, {}, []
        starts, ends = shown_span(frame, self.event_days, kind.name)
        for row, start, end in zip(frame.to_dict("records"), starts, ends):
            geom = row.pop(frame.geometry.name)
            category = row[category_field]
            props = {"id": row["id"], "tooltip": tooltip_html(row, kind),
                     "popup": popup_html(row, kind, extra)}
            if start:
                props["from"] = start.isoformat()
            if end:
                props["to"] = end.isoformat()
            if kind.is_point:
                key, symbol, label = self._point_symbol(row, category, colours)
                if key not in symbols:
                    symbols[key] = {"html": symbol.svg(), "size": symbol.size,
                                    "className": f"geo-kind-{kind.name}"}
                    self._add_legend(key, category, symbol.svg(), label)
                props["symbol"] = key
                if kind.name == "place" and category in style.LABELLED_PLACE_TYPES:
                    props["label"] = escape(row["name"])
                if style.PRECISION_CIRCLE_MIN_M <= (row.get("precision_m") or 0) <= style.PRECISION_CIRCLE_MAX_M:
                    props["precision"] = row["precision_m"]
            else:
                approximate = row.get("basis") == "digitised approximation" or row["confidence"] == "estimated"
                key = f"{category}|{'approx' if approximate else 'exact'}"
                if key not in styles:
                    styles[key] = dict(style.path_style(kind.name, category, approximate),
                                       className=f"geo-kind-{kind.name}")
                    label = escape(category.capitalize() + (" (approximate)" if approximate else ""))
                    self._add_legend(key, category, _swatch(styles[key], kind.name), label)
                props["style"] = key
            features.append({"type": "Feature", "geometry": _rounded(geom), "properties": props})
        return {"kind": kind.name, "symbols": symbols, "styles": styles,
                "precisionStyle": style.PRECISION_STYLE,
                "geojson": {"type": "FeatureCollection", "features": features}}

    def _point_symbol(self, row: dict, category: str, colours: dict) -> tuple[str, style.Symbol, str]:
        if self.kind.name == "post":
            operator = row["operator"]
            label = f"{category.capitalize()} ({operator})"
            return f"{category}|{operator}", style.post_symbol(category, colours[operator]), escape(label)
        table = style.EVENT_SYMBOLS if self.kind.name == "event" else style.PLACE_SYMBOLS
        return category, table[category], escape(category.capitalize())

    def _get_self_bounds(self):
        west, south, east, north = self.frame.total_bounds
        return [[float(south), float(west)], [float(north), float(east)]]


def _swatch(path_style: dict, kind: str) -> str:
    """A small SVG sample of a line or area style for the legend.

    Colours can come from data (a scenario's control sides), so they are escaped as attributes.
    """
    colour = escape(path_style["color"], quote=True)
    dash = f' stroke-dasharray="{escape(path_style["dashArray"], quote=True)}"' if "dashArray" in path_style else ""
    if kind == "zone":
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
                f'<rect x="1" y="1" width="20" height="12" fill="{escape(path_style["fillColor"], quote=True)}" '
                f'fill-opacity="{max(path_style["fillOpacity"] * 2.5, 0.3):.2f}" stroke="{colour}" '
                f'stroke-width="1.5"{dash}/></svg>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
            f'<line x1="1" y1="7" x2="21" y2="7" stroke="{colour}" '
            f'stroke-width="{min(path_style["weight"], 4)}"{dash}/></svg>')
