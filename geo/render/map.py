"""The map: a folium.Map drawn from a MapModel, carrying its own assets, title, legend and stable ids."""
from __future__ import annotations

from html import escape

import folium
import numpy as np
import shapely
from folium.elements import MacroElement
from folium.map import FitBounds

from geo import tiles as tile_providers
from geo.derive.symbols import Viewpoint
from geo.layer import Layer
from geo.model import MapModel
from geo.render import milsymbols
from geo.render.assets import ASSETS, InlineAssets
from geo.render.basemap import BasemapLayer
from geo.render.columnar import ColumnarLayer, is_columnar
from geo.render.compare import compare_config
from geo.render.counts import CountsLayer
from geo.render.ids import stabilise_ids
from geo.render.layers import FeatureLayer, Span, feature_layers
from geo.render.legend import Legend, SymbolKey
from geo.render.report import NorthArrow, ReportLayout
from geo.render.story import StoryControl
from geo.render.timebar import StateLayer, TimeControl, control_legend, dates_config, front_legend, timeline_config
from geo.render.tools import Tools
from geo.render.tracks import TracksLayer
from geo.render.verbatim import LayerControl, Template, VerbatimRender, writable
from geo.schema import CONTESTED


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
        self.get_root().header.add_child(InlineAssets(), name=ASSETS)
        if title:
            self.get_root().title = escape(title)
            self.add_child(Title(title, subtitle), name="title")
        provider = tile_providers.provider(tiles)
        if provider is not None:
            layer = folium.TileLayer(tiles=provider, name=tile_providers.label(tiles), overlay=True, control=True)
            layer.credit, layer.tiles_name = tile_providers.credit(tiles), tiles.lower()
            layer.add_to(self)
        if attribution:
            self.add_child(DataAttribution(attribution), name="data_attribution")
        self.legend = Legend()
        self.layer_control = LayerControl(collapsed=False, position="topright")
        self.time_control = None  # a TimeControl, for scenarios with dates
        self.north_arrow, self.report_layout = NorthArrow(), ReportLayout()  # print/export layout
        self.tools = Tools()  # search, full screen, measure, coordinates, overview, permalink
        self.story: StoryControl | None = None  # a briefing in dated steps (the scenario's [[story]])
        self.model: MapModel | None = None  # what it was drawn from (render_map): exports read it

    def parts(self) -> list:
        """What is drawn on the map, in the order it was added (tiles, the basemap, areas, data
        layers, tracks, the symbol key; explore(m=...) adds more later)."""
        return list(self._children.values())

    def controls(self) -> list:
        """The controls, each given what the map draws (``parts``), in the order the page runs
        them: the legend's entries go into the layer control's panel, so it follows the control."""
        parts = self.parts()
        self.legend.control = self.layer_control
        self.legend.parts = [*parts, self.time_control]  # its key to the post statuses, after the layers
        for control in (self.time_control, self.report_layout, self.layer_control, self.story):
            if control is not None:  # the layers it steps, lists, credits or shows
                control.parts = parts
        return [control for control in (self.time_control, self.north_arrow, self.report_layout, self.layer_control,
                                        self.legend, self.tools, self.story) if control is not None]

    def render(self, **kwargs):
        # The controls are not children: each renders after everything drawn (their scripts
        # follow the layers' in the page), from what controls() gives it.
        controls = self.controls()
        for control in controls:
            control._parent = self
        stabilise_ids(self.get_root(), after=controls)
        super().render(**kwargs)
        for control in controls:
            control.render(**kwargs)

    def fit_to(self, bounds: tuple[float, float, float, float] | None = None) -> SituationMap:
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
        fit = FitBounds([[south, west], [north, east]])
        # At once, not animated: a view restored from a permalink is not undone when an animation ends.
        fit.options["animate"] = False
        self.add_child(fit, name="fit_bounds")
        return self

    @property
    def reports(self) -> list:
        """What was read, repaired and rejected per input (empty for a map not built from files)."""
        return self.model.reports if self.model is not None else []


def add_layer(m: folium.Map, layer: Layer, spans: Span | None = None, sides=()) -> FeatureLayer | ColumnarLayer:
    """Add a validated layer to a map (ours or any folium.Map) and return the drawn layer: as
    compressed columns on a canvas when it is a large point layer (or asks to be), else as features
    (areas of control of ``sides`` in their colours)."""
    drawn = ColumnarLayer(layer, spans) if is_columnar(layer) else FeatureLayer(layer, spans, sides)
    drawn.add_to(m)
    return drawn


def given_areas_only(layer: Layer) -> bool:
    """Whether every feature of the layer is a given area of control of a side (a tracker's
    snapshots): the areas layer draws them, so they are not drawn twice."""
    frame = layer.frame
    return ("controller" in frame.columns and len(frame) > 0 and bool(frame["controller"].notna().all())
            and bool((frame["zone_type"] == "area of control").all()))


def render_map(model: MapModel, tiles: str | None = None) -> SituationMap:
    """The map of ``model`` (``tiles`` overrides the model's: 'none' leaves them out).

    A dated model gets the date control and the derived areas of control and front lines; the
    timeline has derived every state already, so drawing only serialises them.
    """
    m = SituationMap(title=model.title, subtitle=model.subtitle, tiles=tiles or model.tiles,
                     attribution=model.attribution)
    m.model = model
    if model.basemap is not None:  # under everything; shown when no tiles are (the page adds it if tiles fail)
        named = [shapely.get_coordinates(layer.frame.geometry.values) for layer in model.layers
                 if layer.kind.labelled and len(layer.frame)]
        m.add_child(BasemapLayer(model.basemap, show=tile_providers.provider(tiles or model.tiles) is None,
                                 named=np.vstack(named) if named else None), name="basemap")
    timeline = model.timeline
    layers = list(model.layers)
    if timeline is not None and not model.sides:  # dated events only: a date bar, no areas
        m.time_control = TimeControl(timeline_config(timeline, model.day, model.sides, model.viewpoint), None, None,
                                     posts=any("status" in layer.kind.derived for layer in layers))
    elif timeline is not None:
        # The estimated areas lie under everything; the fronts over the areas the data starts with
        # (zones), under its lines and points. Without point reports the areas are the given
        # polygons themselves, drawn once (by the areas layer, stepping through their dates).
        estimate = timeline.control is not None
        if not estimate:
            layers = [layer for layer in layers if not given_areas_only(layer)]
        areas = StateLayer("Areas of control (estimate)" if estimate else "Areas of control (as given)",
                           control_legend(list(model.sides), estimate, bool(timeline.reach_km),
                                          any((a["controller"] == CONTESTED).any() for a, _ in timeline.states)))
        fronts = StateLayer("Front lines (estimate)" if estimate else "Front lines (where the given areas meet)",
                            front_legend(model.viewpoint, model.sides, estimate))
        m.add_child(areas, name="areas_of_control")
        while layers and "Polygon" in layers[0].kind.geometry_types:
            first = layers.pop(0)
            add_layer(m, first, timeline.spans.get(first.name), model.sides)
        m.add_child(fronts, name="front_lines")
        config = timeline_config(timeline, model.day, model.sides, model.viewpoint)
        config["compare"] = compare_config(timeline, model.sides)  # "compare with" a second day (compare.js)
        m.time_control = TimeControl(config, areas, fronts,
                                     posts=any("status" in layer.kind.derived for layer in model.layers))
        if timeline.control is not None:  # the printed footer credits who reported control, too
            m.report_layout.extra_sources = list(timeline.control["sources"])
    for layer in layers:
        drawn = add_layer(m, layer, timeline.spans.get(layer.name) if timeline is not None else None, model.sides)
        tracks = model.tracks.of(layer.name)
        if tracks and isinstance(drawn, FeatureLayer):  # units that move: their lines over the days
            m.add_child(TracksLayer(tracks, drawn, model.sides, show=layer.show))
    add_symbol_key(m, model.viewpoint)
    if model.story and m.time_control is not None:  # a story's steps are days of the date control
        m.story = StoryControl(model.story)
    if model.bounds is None and not feature_layers(m):  # only derived areas: fit to what they came from
        boxes = [layer.frame.total_bounds for layer in model.layers if len(layer.frame)]
        if boxes:
            return m.fit_to((min(b[0] for b in boxes), min(b[1] for b in boxes),
                             max(b[2] for b in boxes), max(b[3] for b in boxes)))
    return m.fit_to(model.bounds)


def add_symbol_key(m: SituationMap, view: Viewpoint) -> None:
    """When points are drawn as military symbols: the legend's key to their frames (whose view),
    and the post-status legend drawn with a post's own symbol and amplifiers."""
    drawn = [layer for layer in feature_layers(m) if isinstance(layer, FeatureLayer)]
    frames = [layer.frame for layer in drawn if "symbol_code" in layer.frame.columns]
    affiliations = {a for frame in frames for a in frame["affiliation"].dropna()}
    if not affiliations:
        return
    fills = [f for frame in frames for f in frame["symbol_fill"].dropna().unique()]
    m.add_child(SymbolKey(view.label, milsymbols.key_samples(sorted(affiliations), fills, view.side is None),
                          neutral=view.side is None), name="symbol_key")
    status_symbols = next((layer.status_symbols for layer in drawn if layer.status_symbols), None)
    if m.time_control is not None and status_symbols:
        m.time_control.use_symbols(status_symbols)


def render_counts(counts, title: str, method: str, tiles: str | None = "openstreetmap") -> SituationMap:
    """A map of counts per cell and day (``geo aggregate``): the cells under the date control."""
    m = SituationMap(title=title, subtitle=method, tiles=tiles)
    m.add_child(CountsLayer(counts, title, method), name="counts")
    if len(counts):
        days = sorted(counts["date"].unique())
        m.time_control = TimeControl(dates_config(days[0], days[-1], days[-1]), None, None, posts=False)
        m.fit_to(tuple(float(v) for v in counts.total_bounds))
    return m
