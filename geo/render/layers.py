"""One data layer on the map: a folium Layer that renders a validated GeoDataFrame.

The browser receives only what it draws: geometry, a symbol or style key, and the escaped
tooltip and popup HTML made in Python. The drawing code is ``static/geo.js``.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np
import shapely
from folium.map import Layer as FoliumLayer

from geo.derive.symbols import SYMBOL_COLUMNS
from geo.layer import Layer
from geo.render import milsymbols, style
from geo.render.assets import add_geo_assets
from geo.render.colouring import Colouring, colouring
from geo.render.columnar import ColumnarLayer, dot_swatch
from geo.render.counts import CountsLayer
from geo.render.popups import popup_html, tooltip_html
from geo.render.verbatim import Template, VerbatimRender, writable
from geo.scenario import Side
from geo.schema import GAPS_COLUMN
from geo.validate.load import gap_counts
from geo.values import is_missing

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

    def __init__(self, layer: Layer, spans: Span | None = None, sides: Sequence[Side] = ()):
        super().__init__(name=escape(writable(layer.name)), overlay=True, control=True, show=layer.show)
        self._name = "FeatureLayer"
        self.layer = layer
        self.sides = {side.id: (n, side) for n, side in enumerate(sides)}  # an area of control's colours
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

    def _add_legend(self, key: str, category: str | None, svg: str, label: str) -> None:
        order = self.kind.categories.index(category) if category in self.kind.categories else len(self.kind.categories)
        self._legend.setdefault(key, (("", order, label), svg, label))

    def _payload(self, spans: Span | None) -> dict:
        frame, kind = self.frame, self.kind
        extra = self._popup_columns()
        colours = style.party_colours(list(frame[kind.party])) if kind.party else {}
        # a plain layer, or a line or area layer coloured by a column (--color-by), as explore() colours
        plain = self._plain_colours() if kind.plain or (self.layer.color_by and not kind.is_point) else None
        symbols, styles, features = {}, {}, []
        starts, ends = spans or ([None] * len(frame), [None] * len(frame))
        tips = self._tooltip_columns(extra)
        for n, (row, start, end) in enumerate(zip(frame.to_dict("records"), starts, ends)):
            geom = row.pop(frame.geometry.name)
            category = row.get(kind.category) if kind.category else None
            props = self._shown_properties(row, tips, extra, start, end)
            if plain is not None:
                props.update(self._plain_look(plain.colours[n], geom, symbols, styles))
            elif kind.is_point:
                props.update(self._point_look(row, category, colours, symbols))
            elif row.get("controller") in self.sides:  # an area of control given for a side: its colours
                props["style"] = self._side_style(row["controller"], styles)
            else:
                props["style"] = self._path_style(row, category, styles)
            features.append({"type": "Feature", "geometry": _rounded(geom), "properties": props})
        if plain is not None:
            self._plain_legend(plain, styles, symbols)
        self._gaps_legend()
        return {"kind": kind.name, "hasStatus": "status" in kind.derived,
                "hasControl": "controller" in kind.derived, "symbols": symbols,
                "styles": styles, "precisionStyle": style.PRECISION_STYLE,
                "geojson": {"type": "FeatureCollection", "features": features}}

    def _popup_columns(self) -> list[str]:
        """The columns a popup lists beyond the kind's fields: those asked for on a plain layer,
        else every column the schema does not know."""
        frame, kind = self.frame, self.kind
        if kind.plain and self.layer.look.popup is not None:
            return [c for c in self.layer.look.popup if c in frame.columns]
        return [c for c in frame.columns if c not in kind.field_names and c != frame.geometry.name
                and c not in SYMBOL_COLUMNS and c != GAPS_COLUMN]

    def _shown_properties(self, row: dict, tips: tuple[str, ...], extra: list[str], start, end) -> dict:
        """What every feature carries: id, tooltip and popup (escaped HTML), the names the search
        box finds it by (text), and the days it is shown."""
        name = row.get("name")
        props = {"id": row["id"], "tooltip": tooltip_html(row, self.kind, tips),
                 "popup": popup_html(row, self.kind, extra),
                 # as text, for the search box (which sets it as text)
                 "names": [name if not is_missing(name) else str(row["id"]),
                           *[a for a in (row.get("aliases") or []) if a != name]]}
        if start:
            props["from"] = start.isoformat()
        if end:
            props["to"] = end.isoformat()
        return props

    def _plain_look(self, colour: str, geom, symbols: dict, styles: dict) -> dict:
        """A plain layer's feature: a circle or a path in its colour (one symbol or style per colour)."""
        key = f"plain|{colour}"
        if geom.geom_type in ("Point", "MultiPoint"):
            if key not in symbols:
                symbol = style.Symbol("circle", colour, 12, stroke="#1a1a1a")
                symbols[key] = {"html": symbol.svg(), "size": symbol.size, "className": "geo-kind-feature"}
            return {"symbol": key}
        if key not in styles:
            styles[key] = dict(style.plain_style(colour, dict(self.layer.look.style)), className="geo-kind-feature")
        return {"style": key}

    def _point_look(self, row: dict, category: str | None, colours: dict, symbols: dict) -> dict:
        """A point of a known kind: its military symbol (or the kind's symbol), its label and rank
        when its category is labelled, and its precision circle when that is worth drawing."""
        kind = self.kind
        if row.get("symbol_code"):
            props = {"symbol": self._military_symbol(row, category, symbols)}
        else:
            key, symbol, label = self._point_symbol(row, category, colours)
            if key not in symbols:
                symbols[key] = {"html": symbol.svg(), "size": symbol.size, "className": f"geo-kind-{kind.name}"}
                self._add_legend(key, category, symbol.svg(), label)
            props = {"symbol": key}
        if category in kind.labelled:  # set as text in the page; its rank decides who gets the room
            props["label"], props["rank"] = str(row["name"]), kind.labelled.index(category)
        if style.PRECISION_CIRCLE_MIN_M <= (row.get("precision_m") or 0) <= style.PRECISION_CIRCLE_MAX_M:
            props["precision"] = row["precision_m"]
        return props

    def _side_style(self, controller: str, styles: dict) -> str:
        """An area of control given for a side: the side's colours, and 'Held by' it in the legend."""
        n, side = self.sides[controller]
        key = f"side|{side.id}"
        if key not in styles:
            styles[key] = dict(style.side_style(n, side.colour), className=f"geo-kind-{self.kind.name}")
            self._legend.setdefault(key, (("", -len(self.sides) + n, ""),
                                          _swatch(styles[key], area=True), escape(f"Held by {side.label}")))
        return key

    def _path_style(self, row: dict, category: str | None, styles: dict) -> str:
        """A line or area of a known kind: its category's style, dashed where it is approximate."""
        kind = self.kind
        approximate = row.get("basis") == "digitised approximation" or row["confidence"] == "estimated"
        key = f"{category}|{'approx' if approximate else 'exact'}"
        if key not in styles:
            styles[key] = dict(style.path_style(kind.name, category, approximate), className=f"geo-kind-{kind.name}")
            words = category.capitalize() if category else "Type not given"
            label = escape(words + (" (approximate)" if approximate else ""))
            self._add_legend(key, category, _swatch(styles[key], area="Polygon" in kind.geometry_types), label)
        return key

    def _plain_colours(self) -> Colouring:
        look, frame, column = self.layer.look, self.frame, self.layer.color_by
        cmap = look.cmap
        if cmap is None and column == "style" and "style_colour" in frame.columns:  # a KML's own colours
            cmap = dict(zip(frame["style"].astype(str), frame["style_colour"].astype(str)))
        return colouring(frame, column, cmap=cmap, colour=look.colour,
                         categorical=look.categorical, vmin=look.vmin, vmax=look.vmax, label=self.layer.name)

    def _plain_legend(self, plain: Colouring, styles: dict, symbols: dict) -> None:
        """A plain layer's legend: one entry per colour (the column's values, or the layer)."""
        area = any(t in ("Polygon", "MultiPolygon") for t in self.frame.geom_type)
        dots = bool(symbols) and not styles
        for n, (colour, label) in enumerate(plain.legend):
            path = style.plain_style(colour, dict(self.layer.look.style))
            svg = dot_swatch(colour) if dots else _swatch(path, area=area)
            words = f"{plain.column}: {label}" if plain.column and n == 0 else label
            self._legend.setdefault(f"plain|{n}", (("", n, ""), svg, escape(words)))

    def _gaps_legend(self) -> None:
        """One line counting the features drawn lacking something ('no source given: 3 of 4')."""
        if GAPS_COLUMN not in self.frame.columns:
            return
        counts = gap_counts(self.frame)
        if counts:
            words = "; ".join(f"{text}: {n} of {len(self.frame)}" for text, n in counts.items())
            self._legend.setdefault("gaps", (("~", 0, ""), GAP_SWATCH, escape(f"Drawn as given — {words}")))

    def _tooltip_columns(self, extra: list[str]) -> tuple[str, ...]:
        """The columns a plain layer's tooltip shows: those asked for, else its name, else a few."""
        if not self.kind.plain:
            return ()
        if self.layer.look.tooltip is not None:
            return tuple(c for c in self.layer.look.tooltip if c in self.frame.columns)
        if "name" in self.frame.columns and self.frame["name"].notna().any():
            return ()
        return tuple(extra[:3])

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
        if "status" in self.kind.derived:  # a post's status on the day: its amplifier, legible
            entry["variants"] = {status: {**_icon(drawn, ""), "html": drawn.svg + milsymbols.status_chip(status)}
                                 for status in milsymbols.STATUS_AMPLIFIERS}
            self.status_symbols = self.status_symbols or {
                status: f'<span class="geo-status-sample geo-status-{status.replace(" ", "-")}">'
                        f'{drawn.svg}{milsymbols.status_chip(status)}</span>'
                for status in milsymbols.STATUS_AMPLIFIERS}
        symbols[key] = entry
        party = row.get(self.kind.party) if self.kind.party else None
        words = milsymbols.words(code)
        label = (category or "post").capitalize() if self.kind.name == "post" else words.capitalize()
        if code[6] == "1":
            label += ", unconfirmed (dashed frame)"
        group = f"{party} ({row.get('affiliation')})" if party else str(row.get("affiliation") or "")
        order = self.kind.categories.index(category) if category in self.kind.categories else len(self.kind.categories)
        self._legend.setdefault(key, ((group, order, label), drawn.svg,
                                      escape(label), escape(group)))
        return key

    def _point_symbol(self, row: dict, category: str | None, colours: dict) -> tuple[str, style.Symbol, str]:
        words = category.capitalize() if category else "Type not given"
        if self.kind.party:
            party = row[self.kind.party]
            symbol = style.point_symbol(self.kind.name, category, colours[party])
            return f"{category}|{party}", symbol, escape(f"{words} ({party})")
        return str(category), style.point_symbol(self.kind.name, category), escape(words)

    def _get_self_bounds(self):
        west, south, east, north = self.frame.total_bounds
        return [[float(south), float(west)], [float(north), float(east)]]


def feature_layers(m) -> list[FeatureLayer | ColumnarLayer | CountsLayer]:
    """The data layers on a map (drawn as features, as columns, or as counts per cell), in the
    order they were added."""
    return data_layers(m._children.values())


def data_layers(parts) -> list[FeatureLayer | ColumnarLayer | CountsLayer]:
    """The data layers among what a map draws (``parts``), in their order."""
    return [part for part in parts if isinstance(part, (FeatureLayer, ColumnarLayer, CountsLayer))]


def _icon(drawn: milsymbols.Drawn, class_name: str) -> dict:
    """What geo.js makes a marker icon of: the SVG, its size and its anchor (where the point is)."""
    return {"html": drawn.svg, "size": [drawn.width, drawn.height], "anchor": list(drawn.anchor),
            "className": class_name}


GAP_SWATCH = ('<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" aria-hidden="true">'
              '<circle cx="7" cy="7" r="6" fill="#ffffff" stroke="#8a6d00" stroke-width="1.5"/>'
              '<text x="7" y="11" font-size="10" font-weight="bold" text-anchor="middle" fill="#8a6d00">!</text></svg>')


def _swatch(path_style: dict, area: bool) -> str:
    """A small SVG sample of a line or area style for the legend.

    Colours can come from data (a scenario's control sides), so they are escaped as attributes.
    """
    colour = escape(path_style["color"], quote=True)
    dash = f' stroke-dasharray="{escape(path_style["dashArray"], quote=True)}"' if "dashArray" in path_style else ""
    if area:  # filled as the map fills it (an outline-only zone: no fill), so the swatch is the map's colour
        filled = path_style.get("fill", True) and "fillColor" in path_style
        fill = (f'fill="{escape(path_style["fillColor"], quote=True)}" fill-opacity="{path_style["fillOpacity"]:.2f}"'
                if filled else 'fill="none"')
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
                f'<rect x="1.5" y="1.5" width="19" height="11" {fill} stroke="{colour}" '
                f'stroke-width="{min(path_style.get("weight", 1.5), 3)}"{dash}/></svg>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
            f'<line x1="1" y1="7" x2="21" y2="7" stroke="{colour}" '
            f'stroke-width="{min(path_style["weight"], 4)}"{dash}/></svg>')
