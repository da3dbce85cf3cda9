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
from geo.errors import GeoError, InputError
from geo.layer import Layer, Look, kind_of
from geo.model import MapModel
from geo.read import Region
from geo.read.basemap import read_basemap
from geo.render import SituationMap, add_layer, render_map, style, to_html, writable
from geo.render.report import tile_layers
from geo.scenario import Scenario, load_scenario, scenario_of, sides_of, with_viewpoint
from geo.schema import Kind
from geo.validate import (
    LayerReport,
    RejectedFeaturesWarning,
    check_frame,
    layer_name,
    raise_rejects,
    read_control,
    read_record,
    warn_rejects,
)
from geo.write import data as data_export
from geo.write import image
from geo.write.atomic import write_atomic

LayerInput = str | Path | gpd.GeoDataFrame
ScenarioSource = Scenario | str | Path | gpd.GeoDataFrame | Sequence[LayerInput] | Mapping[str, gpd.GeoDataFrame]
MapSource = SituationMap | MapModel | Scenario | str | Path


def as_scenario(source: ScenarioSource | None = None, **inputs) -> Scenario:
    """A Scenario: itself, its .toml path (None: the shipped Idlib case study), or one made of
    layer files, folders of snapshots or GeoDataFrames (``inputs``: see ``scenario_of``)."""
    if isinstance(source, Scenario):
        return source
    if source is None or (isinstance(source, (str, Path)) and str(source).lower().endswith(".toml")):
        if inputs:
            raise TypeError(f"{', '.join(inputs)}: only for layer files and GeoDataFrames; a scenario "
                            "file says them for each of its layers")
        return load_scenario(source)
    if isinstance(source, (str, Path, gpd.GeoDataFrame)):
        source = [source]
    return scenario_of(source, **inputs)


# -- read and validate ------------------------------------------------------------------------------
def read_scenario(scenario: ScenarioSource, swap_latlon: bool = False, strict: bool = False):
    """Every layer of the scenario and its control table, checked: (layers, control table, study
    area, reports). Rejected features and rows are left out and named in the reports."""
    scenario = as_scenario(scenario)
    layers, reports = scenario.read_checked(swap_latlon, strict)
    control = study_area = None
    if scenario.control is not None:
        spec = scenario.control
        place_ids = {i for layer in layers if "controller" in layer.kind.derived for i in layer.frame["id"]}
        control, study_area, report = read_control(spec.path, spec.study_area, place_ids,
                                                   {side.id for side in spec.sides})
        reports += [report] if report is not None else []
    return layers, control, study_area, reports


def read_files_checked(paths: Iterable[str | Path], crs: str | None = None, encoding: str | None = None,
                       region: Region | None = None, swap_latlon: bool = False, **inputs,
                       ) -> tuple[list[Layer], list[LayerReport]]:
    """Several layer files (kinds from their declaration, name or columns): what can be drawn,
    and a report per file. Swapped coordinates are judged against ``region``, else each layer's
    own extent."""
    scenario = scenario_of(list(paths), crs=crs, encoding=encoding, bounds=region, **inputs)
    return scenario.read_checked(swap_latlon, inputs.get("strict", False))


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


def build_model(source: ScenarioSource | None = None, *, day: str | None = None, strict: bool = False,
                swap_latlon: bool = False, warn: bool = True, viewpoint: str | None = None,
                **inputs) -> MapModel:
    """Read, validate and derive once: everything a map, its exports and ``geo status`` show.

    ``source`` is a scenario (a .toml path or a Scenario; None: the shipped case study), or
    layer files, folders of dated snapshots and GeoDataFrames (one or a list; ``inputs`` as
    ``geo.scenario.scenario_of`` takes them: kind, columns, defaults, side, title...). All go the
    same way. A scenario with a [time] section (or inputs with dates) gets every state derived
    (areas of control, fronts, post statuses) and opens on ``day``. Features that cannot be
    drawn are left out with a RejectedFeaturesWarning (``warn``) and named in ``reports``;
    ``strict=True`` applies publication rules (a source, confidence and precision for every
    feature) and makes any reject a ValidationError. ``viewpoint`` (a side or party, or
    'neutral') overrides whose point of view the military symbols take.
    """
    scenario = as_scenario(source, **inputs)
    if viewpoint is not None:
        scenario = with_viewpoint(scenario, viewpoint)
    layers, control, study_area, reports = read_scenario(scenario, swap_latlon, strict)
    if strict:
        raise_rejects(reports)
    if warn:
        warn_rejects(reports)
    return derive_model(scenario, layers, reports, control, study_area, day)


def _dated_span(layers: Sequence[Layer]) -> tuple[str, str, str] | None:
    """(first day, last day, the day to open on: the latest start) of the features' own dates,
    for a map whose scenario gives no [time]; None when nothing is dated."""
    spans = [shown_span(layer.frame, layer.kind) for layer in layers]
    starts = [d for first, _ in spans for d in first if d]
    if not starts:
        return None
    last = max([d for _, ends in spans for d in ends if d], default=max(starts))
    return min(starts).isoformat(), max(last, max(starts)).isoformat(), max(starts).isoformat()


def derive_model(scenario: Scenario, layers: Sequence[Layer], reports: Sequence[LayerReport] = (),
                 control=None, study_area=None, day: str | None = None) -> MapModel:
    """The model of a scenario's checked layers: what holds every day and, when it has dates (its
    [time], else its features' own), every derived state. The one derive every input goes through."""
    where = scenario.path.name if scenario.path else "scenario"
    layers = list(layers)
    bounds = study_area.bounds if study_area is not None else scenario.bounds or _extent(layers)
    crs = metric_crs(bounds, scenario.metric_crs)
    record = read_record(scenario.record) if scenario.record is not None else None
    # no [control] to name the sides: the sides the given areas of control name, a colour each
    sides = scenario.control.sides if scenario.control else sides_of(
        [c for layer in layers if "controller" in layer.kind.field_names and "controller" in layer.frame.columns
         for c in layer.frame["controller"] if isinstance(c, str)])
    if sides or scenario.parties:
        view = Viewpoint.of(sides, scenario.parties, scenario.viewpoint)
    else:  # no scenario to say who is whose: each party the data names, a colour of its own
        view = Viewpoint.of_names([n for layer in layers if layer.kind.party and layer.kind.party in layer.frame.columns
                                   for n in layer.frame[layer.kind.party]], style.OPERATOR_PALETTE)
    layers = derive_layers(layers, crs, scenario.corridors, where, record, view)
    timeline = None
    span = ((scenario.time.start, scenario.time.end, scenario.time.default) if scenario.time is not None
            else _dated_span(layers))
    if span is None and day is not None:
        raise InputError(f"{where}: has no dates (no [time] section, no dated features), so --date cannot be used")
    if span is not None:
        start, end, default = span
        if scenario.time is None and day is not None:  # the features' own dates: any day may be asked for
            start, end = min(start, day), max(end, day)
        timeline = Timeline.derive(layers, start, end, crs,
                                   event_days=scenario.time.event_days if scenario.time else 1,
                                   control=control, study_area=study_area,
                                   hostile=scenario.control.hostile if scenario.control else {},
                                   reach_km=scenario.control.reach_km if scenario.control else None)
        day = timeline.check_day(day or default)
    return MapModel(title=scenario.title, layers=layers, crs=crs, subtitle=scenario.description,
                    attribution=scenario.attribution, bounds=scenario.bounds, tiles=scenario.tiles,
                    reports=list(reports), timeline=timeline, day=day, sides=sides, scenario=scenario,
                    viewpoint=view, basemap=read_basemap(scenario.basemap) if scenario.basemap else None,
                    story=scenario.story if timeline is not None else ())


def model_of_layers(layers: Sequence[Layer], *, title: str = "", subtitle: str = "", attribution: str = "",
                    tiles: str | None = "openstreetmap", bounds=None,
                    reports: Sequence[LayerReport] = ()) -> MapModel:
    """A model of layers already read and validated, derived as any input is (``derive_model``).
    When features among them have dates, the map gets a date control over their days."""
    scenario = Scenario(title=title, layers=(), description=subtitle, bounds=bounds,
                        tiles=tiles or tile_providers.NONE, attribution=attribution)
    return derive_model(scenario, layers, reports)


def situation(scenario: ScenarioSource, day: str) -> Situation:
    """The situation on ``day``: layers as GeoDataFrames with derived columns, areas of control
    and front lines. For several days, build the model once and call ``model.situation(day)``."""
    return build_model(scenario, strict=True).situation(day)


# -- render ------------------------------------------------------------------------------------------
def build_map(source: ScenarioSource | MapModel | None = None, tiles: str | None = None,
              day: str | None = None, strict: bool = False, swap_latlon: bool = False,
              viewpoint: str | None = None, **inputs) -> SituationMap:
    """The map of a scenario, of layer files or GeoDataFrames (or of a model already built);
    ``tiles`` overrides the scenario's choice ('none' leaves tiles out), ``day`` the day it
    opens on. See ``build_model``."""
    if isinstance(source, MapModel):
        model = source
        if day is not None and model.timeline is not None:
            model = dataclasses.replace(model, day=model.timeline.check_day(day))
        if viewpoint is not None:  # the symbols seen from elsewhere: derived again, nothing else
            view = model.viewpoint.seen_by(viewpoint)
            model = dataclasses.replace(model, layers=derive_symbols(model.layers, view), viewpoint=view)
    else:
        model = build_model(source, day=day, strict=strict, swap_latlon=swap_latlon, viewpoint=viewpoint,
                            **inputs)
    return render_map(model, tiles=tiles)


def situation_map(layers: Mapping[str, gpd.GeoDataFrame], title: str = "", subtitle: str = "",
                  tiles: str | None = "openstreetmap", bounds=None, attribution: str = "") -> SituationMap:
    """A map with one toggleable layer per (name → GeoDataFrame; kind from its columns)."""
    model = build_model(dict(layers), title=title, bounds=bounds, tiles=tiles or tile_providers.NONE, warn=True)
    model = dataclasses.replace(model, subtitle=subtitle, attribution=attribution)
    return render_map(model)


def explore(frame: gpd.GeoDataFrame, column: str | None = None, cmap: str | Sequence[str] | None = None,
            color: str | None = None, m: folium.Map | None = None, tiles: str | None = "openstreetmap",
            attr: str | None = None, tooltip: bool | str | Sequence[str] = True,
            popup: bool | str | Sequence[str] = True, highlight: bool = True, categorical: bool = False,
            legend: bool = True, scheme: str | None = None, k: int = 5, vmin: float | None = None,
            vmax: float | None = None, width: str | int = "100%", height: str | int = "100%",
            categories: Sequence | None = None, classification_kwds: dict | None = None,
            control_scale: bool = True, marker_type: str | None = None, marker_kwds: dict | None = None,
            style_kwds: dict | None = None, highlight_kwds: dict | None = None,
            missing_kwds: dict | None = None, tooltip_kwds: dict | None = None,
            popup_kwds: dict | None = None, legend_kwds: dict | None = None, map_kwds: dict | None = None,
            *, kind: str | Kind | None = None, name: str | None = None, title: str = "", show: bool = True,
            columns: Mapping[str, str] | None = None, defaults: Mapping[str, object] | None = None,
            strict: bool = False, **kwargs) -> folium.Map:
    """Show any GeoDataFrame, as ``GeoDataFrame.explore`` does (same arguments): on a new map, or
    added to ``m``. Returns the map, so calls chain.

    A frame whose columns say no kind is drawn as it comes: points, lines and areas coloured by
    ``column`` (``cmap``, ``categorical``, ``vmin``/``vmax``), every column in its popup, the
    ``tooltip`` columns in its tooltip. Its columns may say a kind (post_type, place_type...),
    or ``kind=`` says it: then it is drawn as that kind (military symbols, areas by type...).
    Features lacking a source, confidence or precision are drawn and marked so in their popups
    and the legend; ``strict=True`` rejects them instead. ``columns`` maps fields to the frame's
    columns ({"name": "place"}), ``defaults`` gives every feature a value it lacks. Options of
    ``explore`` about drawing detail (scheme, marker and highlight styles, sizes) are accepted
    and have no effect here, except ``style_kwds`` (line and area options).
    """
    if kwargs:
        raise TypeError(f"explore() got unexpected keyword arguments: {', '.join(sorted(kwargs))}")
    if scheme is not None:
        raise InputError(f"scheme={scheme!r}: classification schemes (mapclassify) are not supported; "
                         "give vmin and vmax, or a column of classes with categorical=True")
    label = name or kind_of(frame, kind).plural
    look = Look(cmap=tuple(cmap) if isinstance(cmap, (list, tuple)) else cmap, colour=color,
                categorical=True if categorical or categories is not None else None, vmin=vmin, vmax=vmax,
                tooltip=_columns_of(tooltip), popup=_columns_of(popup),
                style=tuple(sorted((k_, v) for k_, v in (style_kwds or {}).items()
                                   if k_ in ("color", "weight", "opacity", "fillOpacity", "fillColor", "dashArray"))))
    scenario = scenario_of({label: frame}, title=title, kind=str(kind.name if isinstance(kind, Kind) else kind)
                           if kind is not None else None, columns=columns, defaults=defaults, color_by=column,
                           look=look, strict=strict, tiles=tiles or tile_providers.NONE)
    scenario = dataclasses.replace(scenario, layers=tuple(dataclasses.replace(spec, show=show)
                                                          for spec in scenario.layers))
    if m is None:
        model = build_model(scenario, strict=strict)
        return render_map(model).fit_to()
    layers, reports = scenario.read_checked(strict=strict)
    if strict:
        raise_rejects(reports)
    warn_rejects(reports)
    add_layer_frame(m, layers[0].frame, label, layers[0].kind, show, layer=layers[0])
    return m


def _columns_of(value: bool | str | Sequence[str] | None) -> tuple[str, ...] | None:
    """explore's tooltip/popup argument as the columns to show (None: the default choice)."""
    if value is True or value is None:
        return None
    if value is False:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


# -- write -------------------------------------------------------------------------------------------
def save_html(m: folium.Map, path: str | Path) -> Path:
    """Save a map built by geo as one self-contained HTML file, atomically."""
    if not isinstance(m, SituationMap):
        raise GeoError("only maps made by geo (geo.build_map / geo.situation_map / geo.explore) can be "
                       "saved self-contained; a plain folium.Map links its scripts from a CDN")
    return write_atomic(path, to_html(m).encode("utf-8"))


def add_layer_frame(m: folium.Map, frame: gpd.GeoDataFrame, name: str, kind: str | Kind | None = None,
                    show: bool = True, layer: Layer | None = None):
    """Add a GeoDataFrame (checked if ``layer`` does not give it already) to a map (ours or any
    folium.Map) as a layer; returns the layer drawn."""
    if layer is None:
        layer, report = check_frame(frame, kind, name=name, show=show)
        warn_rejects([report])
    model = getattr(m, "model", None)
    timeline = model.timeline if model is not None else None
    party = layer.kind.party
    view = model.viewpoint if model is not None else Viewpoint.of_names(
        list(layer.frame[party]) if party and party in layer.frame.columns else [], style.OPERATOR_PALETTE)
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


__all__ = ["RejectedFeaturesWarning", "add_layer_frame", "as_scenario", "build_map", "build_model", "derive_model",
           "explore", "layer_name",
           "model_of_layers", "read_files", "read_files_checked", "read_scenario", "save_html", "situation",
           "situation_map", "to_geojson", "to_gpkg", "to_parquet", "to_pdf", "to_png", "writable"]
