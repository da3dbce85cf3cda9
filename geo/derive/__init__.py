"""Derive: what follows from geometry and dates, computed once from the validated layers.

``derive_layers`` adds what holds on every day (zone areas, computed corridors); ``Timeline``
everything that changes with the day (areas of control, fronts, post status, distances).
Areas and distances are in a metric CRS chosen from the data (``metric_crs``).
"""
from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from geo.derive.check import check_record
from geo.derive.control import estimate_note, front_lines
from geo.derive.corridor import corridor_around
from geo.derive.crs import metric_crs
from geo.derive.symbols import SYMBOL_COLUMNS, Viewpoint, derive_symbols
from geo.derive.time import exists_on, lifespan, shown_span
from geo.derive.timeline import STATUS_COLUMNS, Situation, Timeline
from geo.errors import InputError
from geo.layer import Layer, concat, of_kind
from geo.schema import KINDS
from geo.validate import validate_frame

__all__ = ["DERIVED_COLUMNS", "check_record", "STATUS_COLUMNS", "CORRIDOR_LAYER", "Situation", "Timeline",
           "corridor_around", "derive_layers", "estimate_note", "exists_on", "front_lines", "lifespan", "metric_crs",
           "shown_span", "SYMBOL_COLUMNS", "Viewpoint", "derive_symbols"]

CORRIDOR_LAYER = "Corridors (computed)"
# What a kind's ``derived`` may name, and what it adds.
DERIVED_COLUMNS = {
    "area_km2": "area_km2: the zone's area in km² (metric CRS)",
    "front_distance_km": "front_distance_km: km to the nearest estimated front line, on the day",
    "status": "status, status_since, status_certain, status_history: operating, surrounded or withdrawn, on the day; "
              "since the first day of that spell; every spell",
    "controller": "controller: the side that held the place, on the day (from the control table)",
    "symbol": "affiliation, symbol_code, symbol_fill: the military symbol drawn, from the map's point of view",
}


def derive_layers(layers: list[Layer], crs: CRS, corridors: Sequence = (), where: str = "",
                  record: pd.DataFrame | None = None, view: Viewpoint | None = None) -> list[Layer]:
    """The layers with what holds on every day: zone areas in km², each corridor (a buffer of a
    route, e.g. the M4 security corridor) as a zone layer of its own, and on each post what the
    record reports of it (``reported``, with the record's sources added to the post's), so that
    its popup shows where the derived status and the reports differ; and each point's military
    symbol as ``view`` sees it (default: neutral)."""
    out = []
    for layer in layers:
        if "area_km2" in layer.kind.derived:
            frame = layer.frame.copy()
            frame["area_km2"] = (frame.to_crs(crs).area / 1e6).round(0)
            layer = layer.with_frame(frame)
        if "status" in layer.kind.derived and record is not None and len(record):
            layer = layer.with_frame(_with_record(layer.frame, record))
        out.append(layer)
    if corridors:
        out.append(_corridor_layer(out, corridors, crs, where))
    return derive_symbols(out, view or Viewpoint())


def _with_record(frame: gpd.GeoDataFrame, record: pd.DataFrame) -> gpd.GeoDataFrame:
    """Each post with the record's reports of it: 'surrounded on 2019-12-23 (reported)' and their sources."""
    frame = frame.copy()
    reported, sources = [], []
    for post, own in zip(frame["id"], frame["sources"]):
        rows = record[record["post_id"] == post].sort_values("date", kind="stable")
        reported.append("; ".join(f"{r.event} on {r.date} ({r.confidence})" for r in rows.itertuples()) or None)
        urls = {s["url"] for s in own}
        extra = [{**s, "note": "; ".join(filter(None, [f"reports it {r.event} on {r.date}", s.get("note")]))}
                 for r in rows.itertuples() for s in r.sources if s["url"] not in urls]
        sources.append([*own, *extra])
    frame["reported"] = reported
    frame["sources"] = sources
    return frame


def _corridor_layer(layers: list[Layer], corridors: Sequence, crs: CRS, where: str) -> Layer:
    routes = concat(of_kind(layers, "route"), ["id"])
    rows = []
    for spec in corridors:
        line = routes.loc[routes["id"] == spec.route, "geometry"]
        if line.empty:
            raise InputError(f"{where}: corridor {spec.id!r}: no route with id {spec.route!r}")
        rows.append({
            "id": spec.id, "name": spec.name, "description": spec.description,
            "sources": list(spec.sources), "confidence": "estimated",
            "zone_type": "security corridor", "basis": "computed",
            "basis_note": f"Computed: the land within {spec.width_km:g} km either side of the "
                          f"route {spec.route!r} as drawn on this map (itself approximate).",
            "in_force_from": spec.in_force_from,
            "geometry": corridor_around(line.iloc[0], spec.width_km, crs)})
    zone = KINDS["zone"]
    frame = validate_frame(gpd.GeoDataFrame(rows, crs=4326), zone, source=f"{where} [corridors]")
    frame["area_km2"] = (frame.to_crs(crs).area / 1e6).round(0)
    return Layer(CORRIDOR_LAYER, zone, frame, f"{where} [corridors]")
