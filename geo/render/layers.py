"""One data layer on the map: a folium Layer that renders a validated GeoDataFrame.

The browser receives only what it draws: geometry, a symbol or style key, and the escaped
tooltip and popup HTML made in Python. The drawing code is ``static/geo.js``.
"""
from __future__ import annotations

from html import escape

import numpy as np
import shapely
from folium.map import Layer as FoliumLayer

from geo.derive.symbols import SYMBOL_COLUMNS
from geo.layer import Layer
from geo.render import milsymbols, style
from geo.render.assets import add_geo_assets
from geo.render.columnar import ColumnarLayer
from geo.render.counts import CountsLayer
from geo.render.popups import popup_html, tooltip_html
from geo.render.verbatim import Template, VerbatimRender, writable

COORDINATE_DECIMALS = 6  # ~0.1 m: far finer than any shipped precision, and keeps the HTML small
Span = tuple[list, list]  # first and last day each feature is shown (None: unbounded)


def _rounded(geom, decimals: int = COORDINATE_DECIMALS):
    return shapely.geometry.mapping(shapely.transform(geom, lambda xy: np.round(xy, decimals)))


class FeatureLayer(VerbatimRender, FoliumLayer):
    """A toggleable layer of one kind, with tooltips, popups and its legend entries.

    ``spans`` (from the timeline) says on which days each feature is shown; without it every
    feature is always shown.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoFeatureLayer({{ this.payload|tojson }});
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        {% endmacro %}
        """)

    def __init__(self, layer: Layer, spans: Span | None = None):
        super().__init__(name=escape(writable(layer.name)), overlay=True, control=True, show=layer.show)
        self._name = "FeatureLayer"
        self.layer = layer
        self.kind = layer.kind
        self.title = layer.name
        self.frame = layer.frame
        self._legend: dict[str, tuple[tuple, str, str]] = {}
        self.status_symbols: dict[str, str] = {}  # a post symbol with each status's amplifier, for the key
        self.payload = self._payload(spans)

    def render(self, **kwargs) -> None:
        add_geo_assets(self.get_root())  # so that it also draws on a plain folium.Map
        super().render(**kwargs)

    @property
    def legend(self) -> list[tuple[str, str] | tuple[str, str, str]]:
        """(symbol SVG, escaped label[, escaped group]) for each look used, in the schema's order
        of categories; military symbols grouped by party (their side, and what it is to the view)."""
        return [entry[1:] for entry in sorted(self._legend.values())]

    def _add_legend(self, key: str, category: str, svg: str, label: str) -> None:
        self._legend.setdefault(key, (("", self.kind.categories.index(category), label), svg, label))

    def _payload(self, spans: Span | None) -> dict:
        frame, kind = self.frame, self.kind
        extra = [c for c in frame.columns
                 if c not in kind.field_names and c != frame.geometry.name and c not in SYMBOL_COLUMNS]
        colours = style.party_colours(list(frame[kind.party])) if kind.party else {}
        symbols, styles, features = {}, {}, []
        starts, ends = spans or ([None] * len(frame), [None] * len(frame))
        for row, start, end in zip(frame.to_dict("records"), starts, ends):
            geom = row.pop(frame.geometry.name)
            category = row[kind.category]
            props = {"id": row["id"], "tooltip": tooltip_html(row, kind),
                     "popup": popup_html(row, kind, extra),
                     # as text, for the search box (which sets it as text)
                     "names": [row["name"], *[a for a in (row.get("aliases") or []) if a != row["name"]]]}
            if start:
                props["from"] = start.isoformat()
            if end:
                props["to"] = end.isoformat()
            if kind.is_point and row.get("symbol_code"):
                key = self._military_symbol(row, category, symbols)
                props["symbol"] = key
                if category in kind.labelled:
                    props["label"] = escape(row["name"])
                if style.PRECISION_CIRCLE_MIN_M <= (row.get("precision_m") or 0) <= style.PRECISION_CIRCLE_MAX_M:
                    props["precision"] = row["precision_m"]
            elif kind.is_point:
                key, symbol, label = self._point_symbol(row, category, colours)
                if key not in symbols:
                    symbols[key] = {"html": symbol.svg(), "size": symbol.size,
                                    "className": f"geo-kind-{kind.name}"}
                    self._add_legend(key, category, symbol.svg(), label)
                props["symbol"] = key
                if category in kind.labelled:
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
                    self._add_legend(key, category, _swatch(styles[key], area="Polygon" in kind.geometry_types), label)
                props["style"] = key
            features.append({"type": "Feature", "geometry": _rounded(geom), "properties": props})
        return {"kind": kind.name, "hasStatus": "status" in kind.derived,
                "hasControl": "controller" in kind.derived, "symbols": symbols,
                "styles": styles, "precisionStyle": style.PRECISION_STYLE,
                "geojson": {"type": "FeatureCollection", "features": features}}

    def _military_symbol(self, row: dict, category: str, symbols: dict) -> str:
        """The key of the feature's military symbol, drawn (with its status variants) once per
        distinct code and fill; its legend entry goes under its party."""
        code, fill = row["symbol_code"], row.get("symbol_fill")
        key = f"ms|{code}|{fill or ''}"
        if key in symbols:
            return key
        size = milsymbols.SIZES.get(self.kind.name, milsymbols.SIZES["default"])
        drawn = milsymbols.draw(milsymbols.SymbolSpec(code, size, fill))
        entry = _icon(drawn, f"geo-kind-{self.kind.name} geo-milsymbol")
        if "status" in self.kind.derived:  # the amplifiers of a post's status on the day
            variants = {status: milsymbols.draw(milsymbols.SymbolSpec(code, size, fill, info))
                        for status, info in milsymbols.STATUS_AMPLIFIERS.items()}
            entry["variants"] = {status: _icon(drawn, "") for status, drawn in variants.items()}
            self.status_symbols = self.status_symbols or {status: d.svg for status, d in variants.items()}
        symbols[key] = entry
        party = row.get(self.kind.party) if self.kind.party else None
        words = milsymbols.words(code)
        label = category.capitalize() if self.kind.name == "post" else words.capitalize()
        if code[6] == "1":
            label += ", unconfirmed (dashed frame)"
        group = f"{party} ({row.get('affiliation')})" if party else str(row.get("affiliation") or "")
        self._legend.setdefault(key, ((group, self.kind.categories.index(category), label), drawn.svg,
                                      escape(label), escape(group)))
        return key

    def _point_symbol(self, row: dict, category: str, colours: dict) -> tuple[str, style.Symbol, str]:
        if self.kind.party:
            party = row[self.kind.party]
            symbol = style.point_symbol(self.kind.name, category, colours[party])
            return f"{category}|{party}", symbol, escape(f"{category.capitalize()} ({party})")
        return category, style.point_symbol(self.kind.name, category), escape(category.capitalize())

    def _get_self_bounds(self):
        west, south, east, north = self.frame.total_bounds
        return [[float(south), float(west)], [float(north), float(east)]]


def feature_layers(m) -> list[FeatureLayer | ColumnarLayer | CountsLayer]:
    """The data layers on a map (drawn as features, as columns, or as counts per cell), in the
    order they were added."""
    return [child for child in m._children.values()
            if isinstance(child, (FeatureLayer, ColumnarLayer, CountsLayer))]


def _icon(drawn: milsymbols.Drawn, class_name: str) -> dict:
    """What geo.js makes a marker icon of: the SVG, its size and its anchor (where the point is)."""
    return {"html": drawn.svg, "size": [drawn.width, drawn.height], "anchor": list(drawn.anchor),
            "className": class_name}


def _swatch(path_style: dict, area: bool) -> str:
    """A small SVG sample of a line or area style for the legend.

    Colours can come from data (a scenario's control sides), so they are escaped as attributes.
    """
    colour = escape(path_style["color"], quote=True)
    dash = f' stroke-dasharray="{escape(path_style["dashArray"], quote=True)}"' if "dashArray" in path_style else ""
    if area:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
                f'<rect x="1" y="1" width="20" height="12" fill="{escape(path_style["fillColor"], quote=True)}" '
                f'fill-opacity="{max(path_style["fillOpacity"] * 2.5, 0.3):.2f}" stroke="{colour}" '
                f'stroke-width="1.5"{dash}/></svg>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
            f'<line x1="1" y1="7" x2="21" y2="7" stroke="{colour}" '
            f'stroke-width="{min(path_style["weight"], 4)}"{dash}/></svg>')
