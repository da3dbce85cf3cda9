"""The distinct area states of a timeline: for each assignment of places to sides (and given areas
in force), the areas of control, the fronts, what is left to inference, and what the posts and
places need from them (hostile share of each post's circle, km to the front).

``derive_states`` walks the change days once and derives each distinct state once: Voronoi cells
once per set of reporting places, areas and fronts once per assignment. ``Timeline`` (the only
caller) keeps the result; nothing here is recomputed when a day is asked for.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from geo.derive.control import (
    HULL_RATIO,
    Sides,
    Voronoi,
    estimate_note,
    evidence_extent,
    fronts_frame,
    merge_sides,
    metric_fronts,
    voronoi,
)
from geo.derive.crs import to_degrees
from geo.derive.posts import hostile_sides
from geo.derive.time import Day, lifespan
from geo.layer import Layer, concat

SLIVER_M2 = 5e6  # pieces of inferred or unknown land under 5 km²: the seams of polygons, not land to mark


def frozen(array: np.ndarray) -> np.ndarray:
    """``array``, read-only: a derived result is looked up, never written to."""
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class Points:
    """One kind's point layers together (posts, or places), and where each layer's rows start."""

    frame: gpd.GeoDataFrame  # columns id, name, operator, precision_m, geometry (EPSG:4326)
    offsets: Mapping[str, int]  # layer name: its first row in ``frame``
    metric: np.ndarray  # (rows,) shapely points in the metric CRS

    @property
    def ids(self) -> list[str]:
        return list(self.frame["id"])


def points_of(layers: Sequence[Layer], crs: CRS) -> Points:
    """``layers`` as one ``Points``, in order."""
    offsets, at = {}, 0
    for layer in layers:
        offsets[layer.name] = at
        at += len(layer.frame)
    frame = concat(list(layers), ["id", "name", "operator", "precision_m"])
    metric = np.asarray(frame.geometry.to_crs(crs)) if len(frame) else np.array([], dtype=object)
    return Points(frame, offsets, frozen(metric))


@dataclass(frozen=True)
class Margins:
    """What a state's areas leave to inference or to nobody: the land each side holds by inference
    (side id: geometry) and the study area beyond the evidence (None: none), in EPSG:4326."""

    inferred: dict[str, BaseGeometry]
    unknown: BaseGeometry | None


@dataclass(frozen=True)
class AreaState:
    """One distinct state of the areas: what holds on every change day that maps to it."""

    areas: gpd.GeoDataFrame  # one row per side: controller, area_km2, places, evidence, method, inferred_km2 (EPSG:4326)
    fronts: gpd.GeoDataFrame  # one row per pair of sides that meet: side_a, side_b, between, length_km (EPSG:4326)
    margins: Margins  # inferred land by side, and the unknown study area
    hostile_share: np.ndarray  # (posts,) share of each post's precision circle held by sides hostile to it
    inferred: Mapping[str, str]  # place: side, for places no report names, from the area they lie in
    post_km: np.ndarray  # (posts,) km to the nearest front (NaN: no front)
    place_km: np.ndarray  # (places,) km to the nearest front
    sides: Sides = field(repr=False)  # the same areas in the metric CRS (what km² are measured on)


class GivenArea(NamedTuple):
    """A dated area of control given as a polygon: evidence that takes precedence over point reports."""

    start: Day | None
    end: Day | None
    geometry: BaseGeometry  # metric, within the study area
    side: str
    name: str  # 'name (layer)'

    def in_force(self, day: Day) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def given_areas(layers: Sequence[Layer], area: BaseGeometry | None, crs: CRS) -> list[GivenArea]:
    """Dated areas of control given as polygons, from every layer with a ``controller`` field."""
    out = []
    for layer in layers:
        if "controller" not in layer.kind.field_names or "controller" not in layer.frame.columns:
            continue
        frame = layer.frame
        starts, ends = lifespan(frame, layer.kind)
        metric = np.asarray(frame.geometry.to_crs(crs))
        if area is not None:
            metric = shapely.intersection(metric, area)
        for start, end, geom, side, name in zip(starts, ends, metric, frame["controller"], frame["name"]):
            if side and not geom.is_empty:
                out.append(GivenArea(start, end, geom, side, f"{name} ({layer.name})"))
    return out


@dataclass(frozen=True)
class Cells:
    """The Voronoi cells of one set of reporting places (metric), the part of each beyond reach of
    every report, and the study area beyond their extent (EPSG:4326): derived once per set."""

    cells: np.ndarray
    beyond: np.ndarray | None = None
    unknown: BaseGeometry | None = None
    diagram: Voronoi | None = None  # what ``cells`` were cut from (merged faster from it)


@dataclass(frozen=True)
class StatesInput:
    """What every state is derived from (metric CRS ``crs``)."""

    crs: CRS
    reach_km: float | None  # areas reach this far from a reporting place (None: the whole study area)
    area: BaseGeometry | None  # the study area, metric
    posts: Points
    places: Points
    hostile: Mapping[str, tuple[str, ...]]  # side: the operators it is hostile to
    given: list[GivenArea]


@dataclass(frozen=True)
class States:
    """``derive_states``' result: the distinct states and which one holds on each change day."""

    states: tuple[AreaState, ...]
    state_of: np.ndarray  # (change days,) index into ``states``
    given_on: tuple[tuple[int, ...], ...]  # per change day: the given areas in force (indices)
    first_cells: list[str | None]  # per post: the place whose cell it stands in on the first day


def derive_states(days: Sequence[Day], held: Sequence[dict[str, str]], given: StatesInput) -> States:
    """Each distinct (assignment of places, given areas in force) among ``days`` derived once."""
    places, posts, area = given.places, given.posts, given.area
    ids = places.ids
    where = {place: i for i, place in enumerate(ids)}
    inside = (shapely.within(places.metric, area) if area is not None and len(ids)
              else np.zeros(len(ids), dtype=bool))
    operators = list(posts.frame["operator"]) if len(posts.frame) else []
    enemies = hostile_sides(operators, given.hostile)
    radius = posts.frame["precision_m"].fillna(0).to_numpy(dtype=float) if len(posts.frame) else np.zeros(0)
    circles = shapely.buffer(posts.metric, np.maximum(radius, 1.0))
    if area is not None and len(circles):
        circles = shapely.intersection(circles, area)
    cells_for: dict[tuple[str, ...], Cells] = {}
    memo = _CellMemo()
    index: dict[tuple, int] = {}
    states: list[AreaState] = []
    state_of, given_on, first_cells = [], [], None
    for day, now in zip(days, held):
        active = tuple(i for i, g in enumerate(given.given) if g.in_force(day))
        given_on.append(active)
        key = (tuple(sorted(now.items())), active)
        if key not in index:
            covered = shapely.union_all([given.given[i].geometry for i in active]) if active else None
            known = [i for i, place in enumerate(ids) if place in now and inside[i]
                     and (covered is None or not covered.contains(places.metric[i]))]
            names = tuple(ids[i] for i in known)
            if names and names not in cells_for:
                cells_for[names] = _cells(places.metric[known], area, given.reach_km, given.crs, memo)
            found = cells_for.get(names, Cells(np.array([], dtype=object)))
            cells = found.cells
            if covered is not None and len(cells):
                cells = shapely.difference(cells, covered)
            holders = [now[p] for p in names]
            evidence = [(given.given[i].geometry, given.given[i].side, given.given[i].name) for i in active]
            sides = merge_sides(cells, list(names), holders, evidence,
                                points=places.metric[[where[p] for p in names]], smooth=True,
                                cut=(found.diagram, covered) if found.diagram is not None else None)
            areas = sides.frame(given.crs)
            areas["method"] = estimate_note(given.crs, given.reach_km, bool(given.given))
            margins = _mark_inferred(areas, sides, found, holders, area if active else None, given.crs, memo)
            rows = metric_fronts(sides.controllers, sides.geoms)
            line = shapely.union_all([row["geometry"] for row in rows]) if rows else None
            pieces = np.concatenate([cells, np.array([g for g, _, _ in evidence], dtype=object)])
            index[key] = len(states)
            states.append(AreaState(
                areas, fronts_frame(rows, given.crs), margins,
                frozen(_hostile_share(sides, circles, operators, enemies)),
                _inferred_holders(pieces, holders + [side for _, side, _ in evidence], places, inside, now),
                frozen(km_to(posts.metric, line)), frozen(km_to(places.metric, line)), sides))
            if first_cells is None:  # the first day's: what a status held from then dates from
                first_cells = _cell_places(cells, list(names), posts)
        state_of.append(index[key])
    return States(tuple(states), frozen(np.array(state_of, dtype=np.int64)), tuple(given_on),
                  first_cells or [None] * len(posts.frame))


def _without_slivers(geom: BaseGeometry) -> BaseGeometry:
    parts = shapely.get_parts(geom)
    return shapely.union_all(parts[shapely.area(parts) >= SLIVER_M2]) if len(parts) else geom


def _to_degrees(geom: BaseGeometry, crs: CRS) -> BaseGeometry:
    return to_degrees([geom], crs)[0]


@dataclass
class _CellMemo:
    """What one derivation's sets of reporting places share, derived once: the sets differ by a
    few places, so their hulls are mostly one (extent and unknown land by the hull's WKB) and
    their diagrams share most cells (each cut to the extent once, and less its circle once)."""

    extents: dict[bytes, tuple[BaseGeometry, BaseGeometry | None, dict[bytes, BaseGeometry]]] = field(
        default_factory=dict)
    beyond: dict[bytes, BaseGeometry] = field(default_factory=dict)
    # the inferred land of a side, by the pieces merged (their ids: the pieces are ``beyond``'s,
    # one object per distinct piece; kept alive beside the result): its km² and lon/lat geometry
    inferred: dict[tuple[int, ...], tuple[np.ndarray, float, BaseGeometry | None]] = field(default_factory=dict)


def _cells(points: np.ndarray, area: BaseGeometry | None, reach_km: float | None, crs: CRS,
           memo: _CellMemo | None = None) -> Cells:
    """The reporting places' Voronoi cells within the study area and the reports' extent
    (``reach_km`` beyond their hull: past it, at the outer edge, nothing is known); the part of
    each cell over ``reach_km`` from every report (filled by inference); the study area beyond
    the extent (unknown, EPSG:4326)."""
    if not reach_km:
        diagram = voronoi(points, area)
        return Cells(diagram.cells(), diagram=diagram)
    reach = reach_km * 1000
    memo = memo or _CellMemo()
    hull = shapely.concave_hull(shapely.multipoints(points), ratio=HULL_RATIO).wkb
    if hull not in memo.extents:
        extent = evidence_extent(points, area, reach)
        rest = _without_slivers(shapely.difference(area, extent)) if area is not None else None
        memo.extents[hull] = (extent, _to_degrees(rest, crs) if rest is not None and rest.area > 0 else None, {})
    extent, unknown, cut = memo.extents[hull]
    diagram = voronoi(points, extent)
    cells = diagram.cells(cut)
    # A cell's nearest report is its own place: the part of it beyond reach of every report is
    # the part beyond reach of that place.
    beyond = _beyond(cells, points, reach, memo.beyond)
    return Cells(cells, beyond, unknown, diagram)


def _beyond(cells: np.ndarray, points: np.ndarray, reach: float, memo: dict[bytes, BaseGeometry]) -> np.ndarray:
    """Each cell less its place's circle of ``reach``: most cells lie wholly inside it (nothing is
    left: telling so is much cheaper than the overlay), and most others were cut for an earlier
    set of places (``memo``: by the cell's and place's WKB)."""
    circles = shapely.buffer(points, reach, quad_segs=4)
    out = np.full(len(cells), shapely.Polygon(), dtype=object)
    cut = np.flatnonzero(~shapely.contains_properly(circles, cells))
    keys = [cells[at].wkb + points[at].wkb for at in cut]
    new = [n for n, key in enumerate(keys) if key not in memo]
    for n, piece in zip(new, shapely.difference(cells[cut[new]], circles[cut[new]])):
        memo[keys[n]] = piece
    for at, key in zip(cut, keys):
        out[at] = memo[key]
    return out


def _mark_inferred(areas: gpd.GeoDataFrame, sides: Sides, found: Cells, holders: list[str],
                   covered: BaseGeometry | None, crs: CRS, memo: _CellMemo | None = None) -> Margins:
    """Each side's share of the land drawn by inference (over ``reach_km`` from any report,
    inside the reports' extent) as ``inferred_km2``; that land by side, and the study area
    beyond the evidence, for drawing (with given areas in force (``covered``: the study area),
    what they leave of it)."""
    inferred: dict[str, BaseGeometry] = {}
    if found.beyond is None or not len(areas):
        areas["inferred_km2"] = 0.0
        return Margins(inferred, None)
    km2 = []  # the column set once: a frame's cell set one by one costs more than the geometry
    left = ~shapely.is_empty(found.beyond)  # most cells lie wholly within reach: nothing to merge
    merged = memo.inferred if memo is not None else {}  # a side's far land outlasts most changes
    for side in areas["controller"]:
        pieces = found.beyond[np.array([h == side for h in holders], dtype=bool) & left]
        key = tuple(map(id, pieces))
        if key not in merged:
            part = _without_slivers(shapely.union_all(pieces)) if len(pieces) else shapely.Polygon()
            merged[key] = (pieces, round(part.area / 1e6, 1), _to_degrees(part, crs) if part.area > 0 else None)
        _, side_km2, drawn = merged[key]
        km2.append(side_km2)
        if drawn is not None:
            inferred[side] = drawn
    areas["inferred_km2"] = np.array(km2, dtype=float)
    unknown = found.unknown
    if covered is not None:  # given areas fill part of what the reports leave unknown
        rest = _without_slivers(shapely.difference(covered, shapely.union_all(sides.geoms)))
        unknown = _to_degrees(rest, crs) if rest.area > 0 else None
    return Margins(inferred, unknown)


def _hostile_share(sides: Sides, circles: np.ndarray, operators: list[str],
                   enemies: dict[str, set[str]]) -> np.ndarray:
    """Per post, the share of its precision circle (within the study area) held by sides
    hostile to its operator."""
    share = np.zeros(len(circles))
    if not len(circles) or not sides.controllers:
        return share
    whole = shapely.area(circles)
    for operator, hostile in enemies.items():
        held = [geom for side, geom in zip(sides.controllers, sides.geoms) if side in hostile]
        if not held:
            continue
        mine = np.array([op == operator for op in operators])
        part = shapely.area(shapely.intersection(circles[mine], shapely.union_all(held)))
        share[mine] = np.divide(part, whole[mine], out=np.zeros(int(mine.sum())), where=whole[mine] > 0)
    return share


def _inferred_holders(cells: np.ndarray, holders: list[str], places: Points, inside: np.ndarray,
                      held: dict[str, str]) -> dict[str, str]:
    """Places no report names on the day, with the side whose estimated area they lie in."""
    ids = places.ids
    unreported = [i for i, place in enumerate(ids) if place not in held and inside[i]]
    if not len(cells) or not unreported:
        return {}
    rows, found = shapely.STRtree(cells).query(places.metric[unreported], predicate="within")
    out: dict[str, str] = {}
    for row, cell in zip(rows.tolist(), found.tolist()):
        out.setdefault(ids[unreported[row]], holders[cell])
    return out


def _cell_places(cells: np.ndarray, names: list[str], posts: Points) -> list[str | None]:
    """The place whose cell each post stands in (None outside every cell)."""
    out: list[str | None] = [None] * len(posts.frame)
    if not len(cells) or not len(out):
        return out
    post_rows, cell_rows = shapely.STRtree(cells).query(posts.metric, predicate="within")
    for post, cell in zip(post_rows.tolist(), cell_rows.tolist()):
        if out[post] is None:
            out[post] = names[cell]
    return out


def km_to(points: np.ndarray, line: BaseGeometry | None) -> np.ndarray:
    """km from each of ``points`` to ``line`` (both metric), to 0.1 km; NaN without a line."""
    if line is None or not len(points):
        return np.full(len(points), np.nan)
    return np.round(shapely.distance(points, line) / 1000, 1)
