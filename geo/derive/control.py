"""Areas of control estimated from who held each place, and the front lines between them.

Method (stated in the data and on the map): each place whose controller is known on the day is
given the land nearer to it than to any other such place (its Voronoi cell, computed in a metric
CRS chosen from the data), clipped to the study area; cells are merged by controller. Front
lines are where areas of different controllers meet. This is an estimate: real lines follow
terrain and roads, not perpendicular bisectors between towns.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from geo.derive.crs import crs_name, metric_crs, to_degrees
from geo.schema import CONFIDENCE, CONTESTED
from geo.values import period_start

# The most trusted report of the latest date wins: confirmed > reported > claimed > estimated.
_RANK = {c: len(CONFIDENCE) - i for i, c in enumerate(CONFIDENCE)}


def estimate_note(crs: CRS, reach_km: float | None = None, polygons: bool = False) -> str:
    reach = (f", within the reports' extent (their concave hull grown by {reach_km:g} km; beyond it, at the "
             f"outer edge, nothing is known: drawn as unknown; land inside it over {reach_km:g} km from every "
             "report is inferred, outlined dotted)" if reach_km else "")
    given = (" Where a dated, digitised area of control is given for the day it is used as it is "
             "and the estimate fills only the rest." if polygons else "")
    return ("Estimate: each place whose controller is known on this day gets the land nearer to "
            f"it than to any other such place (Voronoi cells, {crs_name(crs)}), clipped to the "
            f"study area (land, within the border){reach}, and merged by controller; the lines where "
            f"the sides meet are smoothed (Chaikin's corner cutting, never past a reported place).{given} "
            "Real lines follow terrain and roads; a place with no report takes the side of the "
            "area it lies in (inferred).")


def ordered_reports(control: pd.DataFrame) -> pd.DataFrame:
    """The reports in the order they take effect: by start day, then confidence, then row.

    Applying them in this order, the last one applied to a place is the one in force: the latest
    date wins, then the most trusted, then the later row.
    """
    return control.assign(_start=[period_start(d) for d in control["date"]],
                          _rank=[_RANK[c] for c in control["confidence"]],
                          _row=range(len(control))).sort_values(["_start", "_rank", "_row"], kind="stable")


def settled(control: pd.DataFrame) -> list[tuple[dt.date, str, str]]:
    """(day, place, holder) in the order they take effect: for each place and day, the side its
    most trusted reports of that day agree on, or CONTESTED where they disagree. A later report,
    or a more trusted one of the same day, settles it."""
    table = ordered_reports(control)
    by_day: dict[tuple[dt.date, str], tuple[int, set[str]]] = {}
    for start, place, holder, rank in zip(table["_start"], table["place_id"], table["controller"], table["_rank"]):
        best, holders = by_day.get((start, place), (rank, set()))
        if rank > best:
            best, holders = rank, set()
        if rank == best:
            holders = holders | {holder}
        by_day[(start, place)] = (best, holders)
    return [(start, place, next(iter(holders)) if len(holders) == 1 else CONTESTED)
            for (start, place), (_, holders) in sorted(by_day.items(), key=lambda item: item[0][0])]


def assignments(control: pd.DataFrame, days: list[dt.date]) -> list[dict[str, str]]:
    """Who held each place on each of ``days`` (sorted; CONTESTED where the day's reports
    disagree): one pass over the settled reports."""
    reports = settled(control)
    held: dict[str, str] = {}
    out, at = [], 0
    for day in days:
        while at < len(reports) and reports[at][0] <= day:
            held[reports[at][1]] = reports[at][2]
            at += 1
        out.append(dict(held))
    return out


def report_days(control: pd.DataFrame, day: dt.date) -> dict[str, dt.date]:
    """For each place, the first day of the report in force on ``day``."""
    table = ordered_reports(control)
    table = table[table["_start"] <= day]
    return dict(zip(table["place_id"], table["_start"]))  # the last one applied to each place wins


@dataclass(frozen=True)
class Voronoi:
    """The Voronoi cells of a set of points within a region: one unclipped cell per distinct
    position (they tile the plane edge to edge: a valid coverage, merged fast and exactly), the
    cell of each point, and the region (``clip``) they are cut to."""

    raw: np.ndarray  # (distinct positions,) polygons, unclipped
    back: np.ndarray  # (points,) each point's cell in ``raw``
    clip: BaseGeometry

    def cells(self, memo: dict[bytes, BaseGeometry] | None = None) -> np.ndarray:
        """Each point's cell cut to ``clip``, in input order; only the cells that cross its edge are
        cut. ``memo`` (raw cell's WKB: cut cell), kept by the caller for one ``clip``: the diagrams
        of sets of places that differ in a few places share most cells, and each is cut once."""
        shapely.prepare(self.clip)
        cells = self.raw.copy()
        cut = np.flatnonzero(~shapely.contains_properly(self.clip, cells))
        if memo is None:
            cells[cut] = shapely.intersection(cells[cut], self.clip)
            return cells[self.back]
        keys = [cell.wkb for cell in cells[cut]]
        new = [n for n, key in enumerate(keys) if key not in memo]
        for n, piece in zip(new, shapely.intersection(cells[cut[new]], self.clip)):
            memo[keys[n]] = piece
        for at, key in zip(cut, keys):
            cells[at] = memo[key]
        return cells[self.back]

    def land(self, mask: np.ndarray, minus: BaseGeometry | None = None) -> BaseGeometry:
        """The cells of the points in ``mask`` as one geometry, cut to ``clip`` (less ``minus``):
        the cells merged before they are cut, which is the same land as merging the cut cells."""
        merged = shapely.coverage_union_all(self.raw[np.unique(self.back[mask])])
        land = shapely.intersection(merged, self.clip)
        return shapely.difference(land, minus) if minus is not None else land


def voronoi(points: np.ndarray, area: BaseGeometry) -> Voronoi:
    """The Voronoi cells of ``points`` (metric) within ``area``; points at one position share a cell."""
    xy = shapely.get_coordinates(points)
    unique, back = np.unique(xy, axis=0, return_inverse=True)
    if len(unique) == 1:
        return Voronoi(np.array([area], dtype=object), np.zeros(len(points), dtype=np.int64), area)
    raw = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(unique), extend_to=area, ordered=True))
    return Voronoi(raw, back.ravel(), area)


def evidence_extent(points: np.ndarray, area: BaseGeometry | None, reach_m: float) -> BaseGeometry:
    """Where the reports say anything: their extent (a concave hull of the reporting places) grown
    by ``reach_m``, within the study area. Gaps between reports inside it are filled by the
    nearest report (inferred); only land beyond it, at the outer edge, stays unknown."""
    hull = shapely.concave_hull(shapely.multipoints(points), ratio=HULL_RATIO)
    extent = shapely.buffer(hull, reach_m, quad_segs=8)
    return extent if area is None else shapely.intersection(area, extent)


HULL_RATIO = 0.3  # 0: the tightest hull, 1: the convex hull; between, bays deeper than the reach stay out
SMOOTHING_ROUNDS = 3  # Chaikin's corner cutting: straight bisectors become curves


def chaikin(xy: np.ndarray, rounds: int = SMOOTHING_ROUNDS) -> np.ndarray:
    """A line's corners cut ``rounds`` times (Chaikin), its two ends kept where they are."""
    for _ in range(rounds):
        if len(xy) < 3:
            return xy
        a, b = xy[:-1], xy[1:]
        cut = np.empty((2 * len(a), xy.shape[1]))
        cut[0::2], cut[1::2] = 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b
        xy = np.vstack([xy[:1], cut[1:-1], xy[-1:]])
    return xy


def _shares(faces: np.ndarray, geoms: list[BaseGeometry], lines: list[BaseGeometry]) -> np.ndarray:
    """sides × faces: the area of each face that each side holds. The faces' and the sides' lines
    (``lines``) cut the land into atoms, each within one face and one side: summing the atoms'
    areas is the same as intersecting every face with every side, and much cheaper."""
    atoms = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines))))
    probes, km2 = shapely.point_on_surface(atoms), shapely.area(atoms)
    face_at, side_at = np.full(len(atoms), -1), np.full(len(atoms), -1)
    rows, found = shapely.STRtree(faces).query(probes, predicate="within")
    face_at[rows] = found
    rows, found = shapely.STRtree(np.array(geoms, dtype=object)).query(probes, predicate="within")
    side_at[rows] = found
    share = np.zeros((len(geoms), len(faces)))
    ok = (face_at >= 0) & (side_at >= 0)
    np.add.at(share, (side_at[ok], face_at[ok]), km2[ok])
    return share


def smoothed_sides(geoms: list[BaseGeometry], points: np.ndarray | None = None,
                   holders: list[int] | None = None) -> list[BaseGeometry]:
    """The sides' areas with the lines where they meet smoothed (Chaikin), the outer edge kept:
    the land between the old and the new line goes to the side that held most of each piece.
    Unchanged when a reporting place (``points``, its side's index in ``holders``) would fall
    on the other side of the new line: a report outweighs a smoother drawing."""
    if len(geoms) < 2:
        return geoms
    shared = [part for i in range(len(geoms)) for j in range(i + 1, len(geoms))
              for part in shapely.get_parts(shapely.intersection(geoms[i].boundary, geoms[j].boundary))
              if part.geom_type == "LineString"]
    if not shared:
        return geoms
    lines = shapely.get_parts(shapely.line_merge(shapely.union_all(shared)))
    smooth = [shapely.linestrings(chaikin(np.asarray(line.coords))) for line in lines]
    whole = shapely.union_all(geoms)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all([whole.boundary, *smooth]))))
    share = _shares(faces, geoms, [whole.boundary, *lines, *smooth])
    inside = share.sum(axis=0) > 0.5 * shapely.area(faces)  # the faces within the sides' land
    faces, share = faces[inside], share[:, inside]
    owner = share.argmax(axis=0)
    out = [shapely.union_all(faces[owner == i]) for i in range(len(geoms))]
    if points is not None and holders is not None and len(points):
        if not shapely.covers(np.array(out, dtype=object)[np.asarray(holders, dtype=int)], points).all():
            return geoms
    return out


@dataclass(frozen=True)
class Sides:
    """The land each side holds on a day, in the metric CRS: one entry per side, sorted by side."""

    controllers: list[str]
    geoms: list[BaseGeometry]  # metric
    places: list[str]  # per side: the places its land was drawn from, ', '-joined
    evidence: list[str]  # per side: the given areas of control in it, ', '-joined

    def frame(self, crs: CRS) -> gpd.GeoDataFrame:
        """As a GeoDataFrame (EPSG:4326) with area_km2."""
        if not self.controllers:
            return gpd.GeoDataFrame({"controller": [], "area_km2": [], "places": [], "evidence": []},
                                    geometry=[], crs=4326)
        # the geometry among the columns (not geometry=): the same frame, built in half the time
        return gpd.GeoDataFrame({"controller": self.controllers,
                                 "area_km2": [round(g.area / 1e6, 1) for g in self.geoms],
                                 "places": self.places, "evidence": self.evidence,
                                 "geometry": gpd.array.from_shapely(to_degrees(self.geoms, crs), crs=4326)},
                                geometry="geometry", crs=4326)


def merge_sides(cells: np.ndarray, place_ids: list[str], holders: list[str],
                evidence: list[tuple[BaseGeometry, str, str]] = (), points: np.ndarray | None = None,
                smooth: bool = False, cut: tuple[Voronoi, BaseGeometry | None] | None = None) -> Sides:
    """Cells merged by controller (metric), with the places each was drawn from and the given areas
    of control (``evidence``: metric geometry, controller, name) in it. ``smooth``: the lines where
    the sides meet are smoothed (``points``: the places, metric). ``cut``: the Voronoi diagram
    ``cells`` were cut from and the land taken out of them (or None), to merge them faster."""
    controllers = sorted(set(holders) | {side for _, side, _ in evidence})
    geoms = []
    for controller in controllers:
        mask = np.array([h == controller for h in holders], dtype=bool)
        given = np.array([g for g, side, _ in evidence if side == controller], dtype=object)
        if cut is not None and mask.any():
            land = cut[0].land(mask, cut[1])
            geoms.append(shapely.union_all(np.concatenate([[land], given])) if len(given) else land)
        else:
            geoms.append(shapely.union_all(np.concatenate([cells[mask] if len(cells) else np.array([], dtype=object),
                                                           given])))
    if smooth and not evidence:
        geoms = smoothed_sides(geoms, points, [controllers.index(h) for h in holders])
    kept = [i for i, geom in enumerate(geoms) if not geom.is_empty]
    return Sides([controllers[i] for i in kept], [geoms[i] for i in kept],
                 [", ".join(sorted(p for p, h in zip(place_ids, holders) if h == controllers[i])) for i in kept],
                 [", ".join(sorted({name for _, side, name in evidence if side == controllers[i]})) for i in kept])


_SIDE_PROBE_M = 50.0  # how far beside a front its sides' areas are looked for


def _oriented(lines, area_a, area_b):
    """Each part of a front turned so that side A's area lies on its left (B's on its right):
    what a line drawn for one of the sides (a forward line of own troops) faces the other with."""
    parts = []
    for part in shapely.get_parts(lines):
        xy = np.asarray(part.coords)
        (x0, y0), (x1, y1) = xy[0], xy[1]
        length = float(np.hypot(x1 - x0, y1 - y0)) or 1.0
        left = shapely.Point((x0 + x1) / 2 - (y1 - y0) / length * _SIDE_PROBE_M,
                             (y0 + y1) / 2 + (x1 - x0) / length * _SIDE_PROBE_M)
        wrong = not area_a.contains(left) and area_b.contains(left)
        parts.append(shapely.reverse(part) if wrong else part)
    return parts[0] if len(parts) == 1 else shapely.MultiLineString(parts)


def front_lines(areas: gpd.GeoDataFrame, crs: CRS | None = None) -> gpd.GeoDataFrame:
    """Lines where two controllers' areas meet (EPSG:4326), with their length in km; each part
    runs with side A's area on its left."""
    crs = crs or (metric_crs(tuple(areas.total_bounds)) if len(areas) else CRS.from_epsg(4326))
    metric = areas.to_crs(crs)
    return fronts_frame(metric_fronts(list(metric["controller"]), list(metric.geometry)), crs)


def metric_fronts(controllers: list[str], geoms: list[BaseGeometry]) -> list[dict]:
    """The fronts between sides (``geoms``: each side's land, metric) as rows: side_a, side_b,
    between, length_km and the metric geometry, side A's land on each part's left."""
    rows = []
    boundaries = shapely.boundary(np.array(geoms, dtype=object))
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            if CONTESTED in (controllers[i], controllers[j]):
                continue  # a front runs between sides; contested ground is drawn as such
            shared = shapely.intersection(boundaries[i], boundaries[j])
            lines = shapely.line_merge(shapely.union_all(
                [g for g in shapely.get_parts(shared) if g.geom_type in ("LineString", "MultiLineString")]))
            if lines.is_empty:
                continue
            a, b = controllers[i], controllers[j]
            lines = _oriented(lines, geoms[i], geoms[j])
            rows.append({"side_a": a, "side_b": b, "between": f"{a} / {b}",
                         "length_km": round(lines.length / 1000, 1), "geometry": lines})
    return rows


def fronts_frame(rows: list[dict], crs: CRS) -> gpd.GeoDataFrame:
    """``metric_fronts``' rows as a GeoDataFrame (EPSG:4326)."""
    columns = {k: [r[k] for r in rows] for k in ("side_a", "side_b", "between", "length_km")}
    columns["geometry"] = gpd.array.from_shapely(to_degrees([r["geometry"] for r in rows], crs), crs=4326)
    return gpd.GeoDataFrame(columns, geometry="geometry", crs=4326)
