"""The map: a folium.Map that carries its own assets, title, legend and stable ids."""
from __future__ import annotations

from html import escape
from typing import Mapping

import folium
import geopandas as gpd
from folium.elements import MacroElement
from folium.template import Template

from geo.render.assets import InlineAssets
from geo.render.ids import stabilise_ids
from geo.render.layers import FeatureLayer
from geo.render.legend import Legend
from geo.render.report import NorthArrow, ReportLayout
from geo.render.verbatim import LayerControl, VerbatimRender, writable

# Online base maps: folium's TileLayer options, and the credit a printed map names in its footer
# (Leaflet shows the linked form on screen).
TILES = {
    "openstreetmap": dict(tiles="OpenStreetMap", name="OpenStreetMap (online tiles)",
                          credit="Base map © OpenStreetMap contributors (ODbL)"),
}


class Title(VerbatimRender, MacroElement):
    """The map's title and subtitle, set as text (never parsed as HTML)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        geoTitle({{ this._parent.get_name() }}, {{ this.title|tojson }}, {{ this.subtitle|tojson }});
        {% endmacro %}
        """)

    def __init__(self, title: str, subtitle: str = ""):
        super().__init__()
        self._name = "Title"
        self.title, self.subtitle = title, subtitle


class DataAttribution(VerbatimRender, MacroElement):
    """A credit line for the data, added to Leaflet's attribution control as escaped text."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});
        {% endmacro %}
        """)

    def __init__(self, text: str):
        super().__init__()
        self._name = "DataAttribution"
        self.html = escape(text)


class SituationMap(folium.Map):
    """A folium.Map whose HTML is self-contained and the same on every render.

    Leaflet, its CSS and our own drawing code are inlined; no CDN link is added. Element ids are
    renumbered in tree order just before rendering.
    """

    default_js: list = []
    default_css: list = []

    def __init__(self, title: str = "", subtitle: str = "", tiles: str | None = "openstreetmap",
                 attribution: str = "", **kwargs):
        super().__init__(tiles=None, control_scale=True, zoom_start=8, location=[0, 0], **kwargs)
        self._name = "Map"
        title, subtitle, attribution = (writable(t) for t in (title, subtitle, attribution))
        self.title, self.subtitle, self.attribution = title, subtitle, attribution
        self.view_bounds = None  # (west, south, east, north) once fitted: the report's view
        self.get_root().header.add_child(InlineAssets(), name="geo_assets")
        if title:
            self.get_root().title = escape(title)
            self.add_child(Title(title, subtitle), name="title")
        if tiles and tiles != "none":
            try:
                options = dict(TILES[tiles.lower()])
            except KeyError:
                raise ValueError(f"unknown tiles {tiles!r}; use one of: {', '.join(TILES)}, none") from None
            credit = options.pop("credit")
            folium.TileLayer(**options, overlay=True, control=True).add_to(self).credit = credit
        if attribution:
            self.add_child(DataAttribution(attribution), name="data_attribution")
        self.legend = Legend()
        self.layer_control = LayerControl(collapsed=False, position="topright")
        self.time_control = None  # a TimeControl, for scenarios with dates
        self.north_arrow, self.report_layout = NorthArrow(), ReportLayout()  # print/export layout
        self.reports: list = []  # what was read, repaired and rejected per input (geo.report)
        # Set by geo.build_map, for exports of the layers as data on a day (m.to_gpkg):
        self.scenario = self.timeline = self.day = None

    def render(self, **kwargs):
        # These go last so they see every layer added before rendering (explore(m=...) included).
        for name, element in (("time_control", self.time_control), ("legend", self.legend),
                              ("north_arrow", self.north_arrow), ("report_layout", self.report_layout),
                              ("layer_control", self.layer_control)):
            self._children.pop(name, None)
            if element is not None:
                self.add_child(element, name=name)
        stabilise_ids(self.get_root())
        super().render(**kwargs)

    def fit_to(self, bounds: tuple[float, float, float, float] | None = None) -> "SituationMap":
        """Fit the view to (west, south, east, north), or to the data layers when None."""
        self._children.pop("fit_bounds", None)
        if bounds is None:
            (south, west), (north, east) = self.get_bounds()
            if south is None:
                return self
        else:
            west, south, east, north = bounds
        self.view_bounds = (west, south, east, north)
        self.location = [(south + north) / 2, (west + east) / 2]
        self.fit_bounds([[south, west], [north, east]])
        return self

    # -- maps in reports: thin delegates to geo.export (rendering itself writes no file) ------
    def to_png(self, path, **options):
        """A print-ready PNG of this map (title, date, legend, scale bar, north arrow, sources);
        ``options`` as ``geo.to_png``: date, size, scale, bounds."""
        from geo.export import to_png
        return to_png(self, path, **options)

    def to_pdf(self, path, **options):
        """A one-page PDF of this map in the same layout; ``options`` as ``geo.to_pdf``."""
        from geo.export import to_pdf
        return to_pdf(self, path, **options)

    def to_gpkg(self, path, **options):
        """The map's layers as a GeoPackage (on its day, with derived columns, when dated)."""
        from geo.export import to_gpkg
        return to_gpkg(self, path, **options)

    def to_geojson(self, folder, **options):
        """The map's layers as one GeoJSON file each."""
        from geo.export import to_geojson
        return to_geojson(self, folder, **options)


def tile_layers(m: folium.Map) -> list[folium.TileLayer]:
    """The online base maps on a map (none: it loads nothing from the network)."""
    return [child for child in m._children.values() if isinstance(child, folium.TileLayer)]


def feature_layers(m: folium.Map) -> list[FeatureLayer]:
    """The data layers on a map, in the order they were added."""
    return [child for child in m._children.values() if isinstance(child, FeatureLayer)]


def add_layer(m: folium.Map, frame: gpd.GeoDataFrame, name: str, kind: str | None = None,
              show: bool = True, event_days: int = 1) -> FeatureLayer:
    """Add a validated layer to a map (ours or any folium.Map) and return the layer."""
    layer = FeatureLayer(frame, name, kind, show=show, event_days=event_days)
    layer.add_to(m)
    return layer


def situation_map(layers: Mapping[str, gpd.GeoDataFrame], title: str = "", subtitle: str = "",
                  tiles: str | None = "openstreetmap",
                  bounds: tuple[float, float, float, float] | None = None,
                  attribution: str = "", event_days: int = 1) -> SituationMap:
    """A map with one toggleable layer per (name → validated GeoDataFrame), fitted to ``bounds``."""
    m = SituationMap(title=title, subtitle=subtitle, tiles=tiles, attribution=attribution)
    for name, frame in layers.items():
        add_layer(m, frame, name, show=frame.attrs.get("show", True), event_days=event_days)
    return m.fit_to(bounds)
