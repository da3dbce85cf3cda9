"""The researcher's API: each function composes the steps read → validate → derive → render → write.

``build_model`` reads, validates and derives a scenario once; ``build_map`` draws it; the
exports write what was built (a map, or its model) and never build it again.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import folium
import geopandas as gpd
import shapely

from geo import tiles as tile_providers
from geo.derive import Situation, Timeline, Viewpoint, derive_layers, derive_symbols, metric_crs, shown_span
from geo.errors import GeoError, InputError, Problem, ValidationError
from geo.layer import Layer, kind_of
from geo.model import MapModel
from geo.read import Region
from geo.read.basemap import read_basemap
from geo.render import SituationMap, add_layer, render_map, style, to_html, writable
from geo.render.report import tile_layers
from geo.scenario import Scenario, load_scenario, with_viewpoint
from geo.schema import Kind
from geo.validate import (
    LayerReport,
    RejectedFeaturesWarning,
    layer_name,
    raise_rejects,
    read_checked,
    read_control,
    read_record,
    validate,
    warn_rejects,
)
from geo.write import data as data_export
from geo.write import image
from geo.write.atomic import write_atomic

ScenarioSource = Scenario | str | Path
MapSource = SituationMap | MapModel | Scenario | str | Path


def as_scenario(source: ScenarioSource | None) -> Scenario:
    """A Scenario, from itself or its .toml path (None: the shipped Idlib case study)."""
    return source if isinstance(source, Scenario) else load_scenario(source)


# -- read and validate ------------------------------------------------------------------------------
def read_scenario(scenario: ScenarioSource, swap_latlon: bool = False):
    """Every layer of the scenario and its control table, checked: (layers, control table, study
    area, reports). Rejected features and rows are left out and named in the reports."""
    scenario = as_scenario(scenario)
    layers, reports = scenario.read_checked(swap_latlon)
    control = study_area = None
    if scenario.control is not None:
        spec = scenario.control
        place_ids = {i for layer in layers if "controller" in layer.kind.derived for i in layer.frame["id"]}
        control, study_area, report = read_control(spec.path, spec.study_area, place_ids,
                                                   {side.id for side in spec.sides})
        reports.append(report)
    return layers, control, study_area, reports


def read_files_checked(paths: Iterable[str | Path], crs: str | None = None, encoding: str | None = None,
                       region: Region | None = None, swap_latlon: bool = False,
                       ) -> tuple[list[Layer], list[LayerReport]]:
    """Several layer files (kinds from their declaration or name): what can be drawn, and a report
    per file. Swapped coordinates are judged against ``region``, else each layer's own extent."""
    layers, reports = [], []
    for path in paths:
        layer, report = read_checked(path, crs=crs, encoding=encoding, region=region, swap_latlon=swap_latlon)
        layers.append(layer)
        reports.append(report)
    return distinct_names(layers), reports


def distinct_names(layers: list[Layer]) -> list[Layer]:
    """Layers whose names repeat (places.geojson and places.csv are both 'Places') named by their
    files too, 'Places (places.csv)', so that each stays a layer of its own."""
    names = [layer.name for layer in layers]
    out = []
    for layer in layers:
        if names.count(layer.name) > 1:
            layer = layer.renamed(f"{layer.name} ({layer.source})")
        out.append(layer)
    taken: dict[str, int] = {}
    for i, layer in enumerate(out):  # the same file name in two folders: number them
        taken[layer.name] = taken.get(layer.name, 0) + 1
        if taken[layer.name] > 1:
            out[i] = layer.renamed(f"{layer.name} {taken[layer.name]}")
    return out


def read_files(paths: Iterable[str | Path], crs: str | None = None, **options) -> dict[str, gpd.GeoDataFrame]:
    """Several layer files as validated GeoDataFrames by layer name; ValidationError lists every reject."""
    layers, reports = read_files_checked(paths, crs=crs, **options)
    raise_rejects(reports)
    return {layer.name: layer.frame for layer in layers}


# -- build: read, validate, derive once -------------------------------------------------------------
def _extent(layers: Sequence[Layer]) -> tuple[float, float, float, float]:
    boxes = [layer.frame.total_bounds for layer in layers if len(layer.frame)]
    if not boxes:
        return (-1.0, -1.0, 1.0, 1.0)
    return tuple(shapely.total_bounds(shapely.box(*zip(*boxes))).tolist())


def build_model(scenario: ScenarioSource | None = None, *, day: str | None = None, strict: bool = False,
                swap_latlon: bool = False, warn: bool = True, viewpoint: str | None = None) -> MapModel:
    """Read, validate and derive the scenario once: everything its map, exports and status show.

    A scenario with a [time] section gets every state derived (areas of control, fronts, post
    statuses) and opens on ``day`` (default: its default date). Features that cannot be drawn
    are left out with a RejectedFeaturesWarning (``warn``) and named in ``reports``;
    ``strict=True`` makes any reject a ValidationError instead. ``viewpoint`` (a side or party,
    or 'neutral') overrides whose point of view the scenario's military symbols take.
    """
    scenario = as_scenario(scenario)
    if viewpoint is not None:
        scenario = with_viewpoint(scenario, viewpoint)
    where = scenario.path.name if scenario.path else "scenario"
    if scenario.time is None and day is not None:
        raise InputError(f"{where}: has no [time] section, so --date cannot be used")
    layers, control, study_area, reports = read_scenario(scenario, swap_latlon)
    if strict:
        raise_rejects(reports)
    if warn:
        warn_rejects(reports)
    bounds = study_area.bounds if study_area is not None else scenario.bounds or _extent(layers)
    crs = metric_crs(bounds, scenario.metric_crs)
    record = read_record(scenario.record) if scenario.record is not None else None
    view = Viewpoint.of(scenario.control.sides if scenario.control else (), scenario.parties, scenario.viewpoint)
    layers = derive_layers(layers, crs, scenario.corridors, where, record, view)
    timeline = None
    if scenario.time is not None:
        spec = scenario.time
        timeline = Timeline.derive(layers, spec.start, spec.end, crs, event_days=spec.event_days,
                                   control=control, study_area=study_area,
                                   hostile=scenario.control.hostile if scenario.control else {},
                                   reach_km=scenario.control.reach_km if scenario.control else None)
        day = timeline.check_day(day or spec.default)
    return MapModel(title=scenario.title, layers=layers, crs=crs, subtitle=scenario.description,
                    attribution=scenario.attribution, bounds=scenario.bounds, tiles=scenario.tiles,
                    reports=reports, timeline=timeline, day=day,
                    sides=scenario.control.sides if scenario.control else (), scenario=scenario, viewpoint=view,
                    basemap=read_basemap(scenario.basemap) if scenario.basemap else None)


def model_of_layers(layers: Sequence[Layer], *, title: str = "", subtitle: str = "", attribution: str = "",
                    tiles: str | None = "openstreetmap", bounds=None,
                    reports: Sequence[LayerReport] = ()) -> MapModel:
    """A model of layers already read and validated (zone areas derived). When events among them
    have dates, the map gets a date control over their days (each event shown on its own days)."""
    crs = metric_crs(bounds or _extent(layers))
    view = Viewpoint.of_names([n for layer in layers if layer.kind.party and layer.kind.party in layer.frame.columns
                               for n in layer.frame[layer.kind.party]], style.OPERATOR_PALETTE)
    layers = derive_layers(list(layers), crs, view=view)
    timeline = day = None
    spans = [shown_span(layer.frame, layer.kind) for layer in layers if layer.kind.lingers]
    starts = [d for first, _ in spans for d in first if d]
    if starts:  # from the first event to the last day one is shown; it opens on the latest event's day
        last = max([d for _, ends in spans for d in ends if d], default=max(starts))
        timeline = Timeline.derive(layers, min(starts).isoformat(), last.isoformat(), crs, event_days=1)
        day = max(starts).isoformat()
    return MapModel(title=title, layers=layers, crs=crs, subtitle=subtitle,
                    attribution=attribution, bounds=bounds, tiles=tiles or tile_providers.NONE,
                    reports=list(reports), timeline=timeline, day=day, viewpoint=view)


def situation(scenario: ScenarioSource, day: str) -> Situation:
    """The situation on ``day``: layers as GeoDataFrames with derived columns, areas of control
    and front lines. For several days, build the model once and call ``model.situation(day)``."""
    return build_model(scenario, strict=True).situation(day)


# -- render ------------------------------------------------------------------------------------------
def build_map(source: ScenarioSource | MapModel | None = None, tiles: str | None = None,
              day: str | None = None, strict: bool = False, swap_latlon: bool = False,
              viewpoint: str | None = None) -> SituationMap:
    """The map of a scenario (or of a model already built); ``tiles`` overrides the scenario's
    choice ('none' leaves tiles out), ``day`` the day it opens on. See ``build_model``."""
    if isinstance(source, MapModel):
        model = source
        if day is not None and model.timeline is not None:
            model = dataclasses.replace(model, day=model.timeline.check_day(day))
        if viewpoint is not None:  # the symbols seen from elsewhere: derived again, nothing else
            view = model.viewpoint.seen_by(viewpoint)
            model = dataclasses.replace(model, layers=derive_symbols(model.layers, view), viewpoint=view)
    else:
        model = build_model(source, day=day, strict=strict, swap_latlon=swap_latlon, viewpoint=viewpoint)
    return render_map(model, tiles=tiles)


def situation_map(layers: Mapping[str, gpd.GeoDataFrame], title: str = "", subtitle: str = "",
                  tiles: str | None = "openstreetmap", bounds=None, attribution: str = "") -> SituationMap:
    """A map with one toggleable layer per (name → validated GeoDataFrame; kind from its columns)."""
    drawn = [Layer(name, kind_of(frame, what=f"layer {name!r}"), frame) for name, frame in layers.items()]
    return render_map(model_of_layers(drawn, title=title, subtitle=subtitle, attribution=attribution,
                                      tiles=tiles, bounds=bounds))


def explore(frame: gpd.GeoDataFrame, kind: str | Kind | None = None, *, m: folium.Map | None = None,
            name: str | None = None, tiles: str | None = "openstreetmap", title: str = "",
            show: bool = True) -> folium.Map:
    """Show one layer, like ``GeoDataFrame.explore``: on a new map, or added to ``m``.

    The frame is validated against its kind (``kind``, else what its columns say) and reprojected
    to EPSG:4326 if needed. Returns the map, so calls chain.
    """
    kind = kind_of(frame, kind)
    label = name or kind.plural
    if frame.crs is None:
        raise ValidationError([Problem(label, "", "crs", "a CRS (set_crs)", "none")])
    if not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    frame = validate(frame, kind, source=label)
    if m is None:
        return render_map(model_of_layers([Layer(label, kind, frame, label, show)], title=title,
                                          tiles=tiles)).fit_to()
    add_layer_frame(m, frame, label, kind, show)
    return m


# -- write -------------------------------------------------------------------------------------------
def save_html(m: folium.Map, path: str | Path) -> Path:
    """Save a map built by geo as one self-contained HTML file, atomically."""
    if not isinstance(m, SituationMap):
        raise GeoError("only maps made by geo (geo.build_map / geo.situation_map / geo.explore) can be "
                       "saved self-contained; a plain folium.Map links its scripts from a CDN")
    return write_atomic(path, to_html(m).encode("utf-8"))


def add_layer_frame(m: folium.Map, frame: gpd.GeoDataFrame, name: str, kind: str | Kind | None = None,
                    show: bool = True):
    """Add a validated GeoDataFrame to a map (ours or any folium.Map) as a layer; returns the layer."""
    model = getattr(m, "model", None)
    timeline = model.timeline if model is not None else None
    layer = Layer(name, kind_of(frame, kind, f"layer {name!r}"), frame, name, show)
    party = layer.kind.party
    view = model.viewpoint if model is not None else Viewpoint.of_names(
        list(frame[party]) if party and party in frame.columns else [], style.OPERATOR_PALETTE)
    layer = derive_symbols([layer], view)[0]
    spans = shown_span(layer.frame, layer.kind, timeline.event_days) if timeline is not None else None
    return add_layer(m, layer, spans)


def _as_model(source: MapSource) -> MapModel:
    if isinstance(source, MapModel):
        return source
    if isinstance(source, folium.Map):
        model = getattr(source, "model", None)
        if model is None:
            raise GeoError("only maps made by geo can be exported (a plain folium.Map has no model)")
        return model
    return build_model(source)


def _page(source: MapSource, date: str | None, tiles: str | None):
    """(the page or what makes it, the day to show, the tile hosts it may reach) for an image."""
    if isinstance(source, folium.Map):
        if not isinstance(source, SituationMap):
            raise GeoError("only maps made by geo can be exported (a plain folium.Map has no report layout)")
        hosts = tuple(h for layer in tile_layers(source)  # a base map added by hand has no name of ours
                      for h in tile_providers.allowed_hosts(getattr(layer, "tiles_name", None)))
        day = date or (source.model.day if source.model else None)
        return (lambda: to_html(source)), day, hosts
    if isinstance(source, MapModel):
        day = date or source.day
        return (lambda: to_html(build_map(source, tiles=tiles or "none"))), day, tile_providers.allowed_hosts(tiles)
    scenario = as_scenario(source)
    day = date or (scenario.time.default if scenario.time else None)
    return (lambda: to_html(build_map(scenario, tiles=tiles or "none", day=date))), day, \
        tile_providers.allowed_hosts(tiles)


def to_png(source: MapSource, path: str | Path, *, date: str | None = None, size: Sequence[int] = image.DEFAULT_SIZE,
           scale: float = 2, bounds: Sequence[float] | None = None, tiles: str | None = None) -> Path:
    """Write the map as a print-ready PNG of ``size`` CSS pixels × ``scale`` (default 3200×2000).

    ``source`` is a map made by geo, its model, or a scenario (built here, offline unless ``tiles``
    names a base map). The image shows the report layout on ``date`` (default: the map's own
    date), fitted to ``bounds`` (west, south, east, north; default: the scenario's view).
    """
    page, day, hosts = _page(source, date, tiles)
    return image.write_png(path, page, day=day, size=size, scale=scale, bounds=bounds, tile_hosts=hosts)


def to_pdf(source: MapSource, path: str | Path, *, date: str | None = None, paper: str = "A4",
           landscape: bool = True, bounds: Sequence[float] | None = None, tiles: str | None = None) -> Path:
    """Write the map as a one-page PDF of ``paper`` (A3, A4, A5, Letter, Legal), vector where it can."""
    page, day, hosts = _page(source, date, tiles)
    return image.write_pdf(path, page, day=day, paper=paper, landscape=landscape, bounds=bounds, tile_hosts=hosts)


def to_gpkg(source: MapSource, path: str | Path, *, date: str | None = None) -> Path:
    """Every layer on ``date`` (default: the map's day) with its derived columns, and the day's
    areas of control and front lines, as tables of a GeoPackage."""
    return data_export.to_gpkg(_as_model(source), path, date=date)


def to_geojson(source: MapSource, folder: str | Path, *, date: str | None = None) -> list[Path]:
    """The same as ``to_gpkg``, one GeoJSON file per table in ``folder``."""
    return data_export.to_geojson(_as_model(source), folder, date=date)


def to_parquet(source: MapSource, folder: str | Path, *, date: str | None = None) -> list[Path]:
    """The same as ``to_gpkg``, one GeoParquet file per table in ``folder``."""
    return data_export.to_parquet(_as_model(source), folder, date=date)


__all__ = ["RejectedFeaturesWarning", "add_layer_frame", "as_scenario", "build_map", "build_model", "explore", "layer_name",
           "model_of_layers", "read_files", "read_files_checked", "read_scenario", "save_html", "situation",
           "situation_map", "to_geojson", "to_gpkg", "to_parquet", "to_pdf", "to_png", "writable"]
