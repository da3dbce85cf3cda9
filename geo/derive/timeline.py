"""The situation on every day, derived once: areas, fronts, post status, since when, km to the front.

``Timeline.derive`` takes the validated layers and control table and computes, in one pass over
the days on which anything changes, every state the map, ``geo status``, the exports and the
notebook read: Voronoi cells once per set of reporting places, areas and fronts once per distinct
assignment of places to sides, and post statuses and distances as arrays (days × posts). Asking
for a day afterwards only looks these up.
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from geo.derive.change import Change, land_changes, place_changes, post_changes
from geo.derive.control import (
    assignments,
    estimate_note,
    evidence_extent,
    front_lines,
    merge_cells,
    report_days,
    voronoi_cells,
)
from geo.derive.crs import to_metric
from geo.derive.posts import NEAR_M, NONE, STATUSES, held_still, history_texts, hostile_sides, spells, status_codes
from geo.derive.time import Day, Span, as_day, lifespan, shown, shown_span
from geo.derive.tracks import Tracks, derive_tracks
from geo.errors import InputError
from geo.layer import Layer, concat
from geo.schema import Kind
from geo.values import period_start

STATUS_COLUMNS = ["id", "name", "status", "since", "since_or_before", "certain", "front_km",
                  "precision_km", "history"]


@dataclass
class Situation:
    """Everything on the map on one day, as GeoDataFrames (EPSG:4326), by layer name."""

    day: dt.date
    layers: dict[str, gpd.GeoDataFrame]
    kinds: dict[str, Kind]
    control_areas: gpd.GeoDataFrame
    front_lines: gpd.GeoDataFrame

    @property
    def posts(self) -> gpd.GeoDataFrame:
        """Every layer with a status (posts) on this day, together, with status, status_since,
        status_history, front_distance_km."""
        frames = [f for name, f in self.layers.items() if "status" in self.kinds[name].derived]
        return pd.concat(frames, ignore_index=True) if frames else gpd.GeoDataFrame()


@dataclass
class _Points:
    """One kind's point layers together (posts, or places), and where each layer's rows start."""

    frame: gpd.GeoDataFrame
    offsets: dict[str, int]
    metric: np.ndarray  # shapely points in the metric CRS


@dataclass(frozen=True)
class Margins:
    """What a state's areas leave to inference or to nobody: the land each side holds by inference
    (side id: geometry) and the study area beyond the evidence (None: none), in EPSG:4326."""

    inferred: dict[str, BaseGeometry]
    unknown: BaseGeometry | None


@dataclass(frozen=True)
class _Cells:
    """The Voronoi cells of one set of reporting places (metric), the part of each beyond reach of
    every report, and the study area beyond their extent (EPSG:4326): derived once per set."""

    cells: np.ndarray
    beyond: np.ndarray | None = None
    unknown: BaseGeometry | None = None


SLIVER_M2 = 5e6  # pieces of inferred or unknown land under 5 km²: the seams of polygons, not land to mark


def _without_slivers(geom: BaseGeometry) -> BaseGeometry:
    parts = shapely.get_parts(geom)
    return shapely.union_all(parts[shapely.area(parts) >= SLIVER_M2]) if len(parts) else geom


@dataclass
class Timeline:
    """Every derived state of a dated scenario, for each day on which anything changes."""

    layers: list[Layer]
    start: Day
    end: Day
    event_days: int
    crs: CRS
    control: pd.DataFrame | None = None
    reach_km: float | None = None  # areas reach this far from a reporting place (None: the whole study area)
    change_days: list[Day] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict, repr=False)
    tracks: Tracks = field(default_factory=Tracks, repr=False)  # units' reports as tracks (geo.derive.tracks)
    _areas: list[tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]] = field(default_factory=list, repr=False)
    _margins: list[Margins] = field(default_factory=list, repr=False)  # per state: inferred and unknown land
    _given_on: list[tuple[list, tuple[int, ...]]] = field(default_factory=list, repr=False)  # per day: given areas in force
    _state_of: list[int] = field(default_factory=list, repr=False)  # per change day: index in _areas
    _held: list[dict[str, str]] = field(default_factory=list, repr=False)  # per change day
    _posts: _Points | None = field(default=None, repr=False)
    _places: _Points | None = field(default=None, repr=False)
    _codes: np.ndarray = field(default=None, repr=False)  # change days × posts: STATUSES index
    _before: list[Day | None] = field(default_factory=list, repr=False)  # first day's status: since
    _spells: pd.DataFrame = field(default=None, repr=False)  # posts.spells: what "since" means
    _spell_at: np.ndarray = field(default=None, repr=False)  # change days × posts: row in _spells
    # per post, its spells: [since, since as text, the spell as text] (posts.history_texts)
    histories: dict[str, list[list[str]]] = field(default_factory=dict, repr=False)
    _post_share: list[np.ndarray] = field(default_factory=list, repr=False)  # per state: hostile share
    _post_cell: list[list[str | None]] = field(default_factory=list, repr=False)  # first day: the cell's place
    _inferred: list[dict[str, str]] = field(default_factory=list, repr=False)  # per state: unreported places
    _post_km: np.ndarray = field(default=None, repr=False)  # states × posts
    _place_km: np.ndarray = field(default=None, repr=False)  # states × places

    @classmethod
    def derive(cls, layers: list[Layer], start: str, end: str, crs: CRS, *, event_days: int = 7,
               control: pd.DataFrame | None = None, study_area: BaseGeometry | None = None,
               hostile: Mapping[str, tuple[str, ...]] | None = None,
               reach_km: float | None = None) -> Timeline:
        """Derive every state between ``start`` and ``end`` (ISO days) at once."""
        timeline = cls(layers, as_day(start), as_day(end), event_days, crs, control, reach_km)
        timeline.spans = {layer.name: shown_span(layer.frame, layer.kind, event_days) for layer in layers}
        # units that move: a tracked report is shown until the unit's next one (geo.derive.tracks)
        timeline.tracks, timeline.spans = derive_tracks(layers, timeline.spans)
        timeline.change_days = timeline._find_change_days()
        timeline._posts = timeline._points("status")  # posts: their status follows the areas
        timeline._places = timeline._points("controller")  # places: their control draws the areas
        timeline._derive_areas(study_area, hostile or {})
        timeline._derive_statuses()
        return timeline

    # -- days ---------------------------------------------------------------------------------
    def _find_change_days(self) -> list[Day]:
        """Every day within the range on which something may change.

        Derivations start at the range's first day: the control table need only be complete from
        then on. A status found on that day dates from the report that explains it, where there is
        one, else it is 'on or before' that day.
        """
        days: set[Day] = set()
        for layer in self.layers:
            if layer.kind.lingers:  # events change no derived state: the browser filters them by day
                continue
            starts, ends = lifespan(layer.frame, layer.kind)
            days.update(d for d in starts if d)
            days.update(d + dt.timedelta(days=1) for d in ends if d)
        if self.control is not None:
            days.update(period_start(d) for d in self.control["date"])
        return sorted({self.start} | {d for d in days if self.start < d <= self.end})

    def check_day(self, day: str) -> str:
        """``day`` (ISO) if it lies in the timeline's range, else InputError."""
        if not self.start <= as_day(day) <= self.end:
            raise InputError(f"date {day} is outside the scenario's range {self.start} – {self.end}")
        return day

    def day_index(self, day: Day | str) -> int:
        """The index of the last change day on or before ``day`` (the state is the same until the next)."""
        return max(bisect.bisect_right(self.change_days, as_day(day)) - 1, 0)

    def state_index(self, day_index: int) -> int:
        """Which distinct areas-and-fronts state holds on the change day ``day_index``."""
        return self._state_of[day_index]

    @property
    def states(self) -> list[tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]]:
        """The distinct (areas of control, front lines) pairs, each once."""
        return self._areas

    @property
    def margins(self) -> list[Margins]:
        """For each of ``states``: the land each side holds by inference (over ``reach_km`` from any
        report, inside the reports' extent) and the study area beyond the evidence (EPSG:4326)."""
        return self._margins

    # -- the one pass ---------------------------------------------------------------------------
    def _with(self, derived: str) -> list[Layer]:
        """The layers whose kind has ``derived`` among what the derive step adds to it."""
        return [layer for layer in self.layers if derived in layer.kind.derived]

    def _points(self, derived: str) -> _Points:
        layers = self._with(derived)
        offsets, at = {}, 0
        for layer in layers:
            offsets[layer.name] = at
            at += len(layer.frame)
        frame = concat(layers, ["id", "name", "operator", "precision_m"])
        metric = np.asarray(frame.geometry.to_crs(self.crs)) if len(frame) else np.array([], dtype=object)
        return _Points(frame, offsets, metric)

    def _derive_areas(self, study_area: BaseGeometry | None, hostile: Mapping[str, tuple[str, ...]]) -> None:
        """Areas and fronts for each distinct assignment of places to sides, distances, and how much
        of each post's precision circle is held by sides hostile to it."""
        days = self.change_days
        self._held = assignments(self.control, days) if self.control is not None else [{} for _ in days]
        places = self._places.frame
        area = (to_metric(study_area, self.crs)
                if study_area is not None else None)
        inside = (shapely.within(self._places.metric, area) if area is not None and len(places)
                  else np.zeros(len(places), dtype=bool))
        ids = list(places["id"])
        posts = self._posts.frame
        operators = list(posts["operator"]) if len(posts) else []
        enemies = hostile_sides(operators, hostile)
        radius = posts["precision_m"].fillna(0).to_numpy(dtype=float) if len(posts) else np.zeros(0)
        circles = shapely.buffer(self._posts.metric, np.maximum(radius, 1.0))
        if area is not None and len(circles):
            circles = shapely.intersection(circles, area)
        given = self._given_areas(area)
        cells_for: dict[tuple[str, ...], _Cells] = {}
        index: dict[tuple, int] = {}
        post_km, place_km = [], []
        for day, held in zip(days, self._held):
            active = tuple(i for i, (start, end, *_) in enumerate(given)
                           if (start is None or start <= day) and (end is None or day <= end))
            self._given_on.append((given, active))
            key = (tuple(sorted(held.items())), active)
            if key not in index:
                covered = shapely.union_all([given[i][2] for i in active]) if active else None
                known = [i for i, place in enumerate(ids) if place in held and inside[i]
                         and (covered is None or not covered.contains(self._places.metric[i]))]
                names = tuple(ids[i] for i in known)
                if names and names not in cells_for:
                    cells_for[names] = self._cells(self._places.metric[known], area)
                found = cells_for.get(names, _Cells(np.array([], dtype=object)))
                cells = found.cells
                if covered is not None and len(cells):
                    cells = shapely.difference(cells, covered)
                holders = [held[p] for p in names]
                evidence = [(given[i][2], given[i][3], given[i][4]) for i in active]
                areas = merge_cells(cells, list(names), holders, self.crs, evidence,
                                    points=self._places.metric[[ids.index(p) for p in names]], smooth=True)
                areas["method"] = estimate_note(self.crs, self.reach_km, bool(given))
                self._margins.append(self._mark_inferred(areas, found, holders, area if active else None))
                fronts = front_lines(areas, self.crs)
                index[key] = len(self._areas)
                self._areas.append((areas, fronts))
                self._post_share.append(self._hostile_share(areas, circles, operators, enemies))
                pieces = np.concatenate([cells, np.array([g for g, _, _ in evidence], dtype=object)])
                sides = holders + [side for _, side, _ in evidence]
                self._inferred.append(self._inferred_holders(pieces, sides, inside, held))
                if not self._post_cell:  # the first day's: what a status held from then dates from
                    self._post_cell.append(self._cell_places(cells, list(names)))
                line = shapely.union_all(np.asarray(fronts.to_crs(self.crs).geometry)) if len(fronts) else None
                post_km.append(self._km(self._posts.metric, line))
                place_km.append(self._km(self._places.metric, line))
            self._state_of.append(index[key])
        self._post_km, self._place_km = np.vstack(post_km), np.vstack(place_km)

    def _cells(self, points: np.ndarray, area: BaseGeometry | None) -> _Cells:
        """The reporting places' Voronoi cells within the study area and the reports' extent
        (``reach_km`` beyond their hull: past it, at the outer edge, nothing is known); the part of
        each cell over ``reach_km`` from every report (filled by inference); the study area beyond
        the extent (unknown, EPSG:4326)."""
        if not self.reach_km:
            return _Cells(voronoi_cells(points, area))
        reach = self.reach_km * 1000
        extent = evidence_extent(points, area, reach)
        near = shapely.union_all(shapely.buffer(points, reach, quad_segs=4))
        cells = voronoi_cells(points, extent)
        beyond = shapely.intersection(cells, shapely.difference(extent, near))
        rest = _without_slivers(shapely.difference(area, extent)) if area is not None else None
        return _Cells(cells, beyond, self._to_degrees(rest) if rest is not None and rest.area > 0 else None)

    def _mark_inferred(self, areas: gpd.GeoDataFrame, found: _Cells, holders: list[str],
                       covered: BaseGeometry | None) -> Margins:
        """Each side's share of the land drawn by inference (over ``reach_km`` from any report,
        inside the reports' extent) as ``inferred_km2``; that land by side, and the study area
        beyond the evidence, for drawing (with given areas in force (``covered``: the study area),
        what they leave of it)."""
        areas["inferred_km2"] = 0.0
        inferred: dict[str, BaseGeometry] = {}
        if found.beyond is None or not len(areas):
            return Margins(inferred, None)
        for i, side in enumerate(areas["controller"]):
            mask = np.array([h == side for h in holders], dtype=bool)
            part = _without_slivers(shapely.union_all(found.beyond[mask])) if mask.any() else shapely.Polygon()
            areas.loc[areas.index[i], "inferred_km2"] = round(part.area / 1e6, 1)
            if part.area > 0:
                inferred[side] = self._to_degrees(part)
        unknown = found.unknown
        if covered is not None:  # given areas fill part of what the reports leave unknown
            metric = areas.to_crs(self.crs)
            rest = _without_slivers(shapely.difference(covered, shapely.union_all(np.asarray(metric.geometry))))
            unknown = self._to_degrees(rest) if rest.area > 0 else None
        return Margins(inferred, unknown)

    def _to_degrees(self, geom: BaseGeometry) -> BaseGeometry:
        return gpd.GeoSeries([geom], crs=self.crs).to_crs(4326).iloc[0]

    def _given_areas(self, area: BaseGeometry | None) -> list[tuple[Day | None, Day | None, BaseGeometry, str, str]]:
        """Dated areas of control given as polygons (start, end, metric geometry within the study
        area, side, name): evidence that takes precedence over the point reports."""
        out = []
        for layer in self.layers:
            if "controller" not in layer.kind.field_names or "controller" not in layer.frame.columns:
                continue
            frame = layer.frame
            starts, ends = lifespan(frame, layer.kind)
            metric = np.asarray(frame.geometry.to_crs(self.crs))
            if area is not None:
                metric = shapely.intersection(metric, area)
            for start, end, geom, side, name in zip(starts, ends, metric, frame["controller"], frame["name"]):
                if side and not geom.is_empty:
                    out.append((start, end, geom, side, f"{name} ({layer.name})"))
        return out

    def _hostile_share(self, areas: gpd.GeoDataFrame, circles: np.ndarray, operators: list[str],
                       enemies: dict[str, set[str]]) -> np.ndarray:
        """Per post, the share of its precision circle (within the study area) held by sides
        hostile to its operator."""
        share = np.zeros(len(circles))
        if not len(circles) or areas.empty:
            return share
        metric = areas.to_crs(self.crs)
        whole = shapely.area(circles)
        for operator, sides in enemies.items():
            held = metric[metric["controller"].isin(sides)]
            if held.empty:
                continue
            mine = np.array([op == operator for op in operators])
            union = shapely.union_all(np.asarray(held.geometry))
            part = shapely.area(shapely.intersection(circles[mine], union))
            share[mine] = np.divide(part, whole[mine], out=np.zeros(int(mine.sum())), where=whole[mine] > 0)
        return share

    def _inferred_holders(self, cells: np.ndarray, holders: list[str], inside: np.ndarray,
                          held: dict[str, str]) -> dict[str, str]:
        """Places no report names on the day, with the side whose estimated area they lie in."""
        ids = list(self._places.frame["id"])
        unreported = [i for i, place in enumerate(ids) if place not in held and inside[i]]
        if not len(cells) or not unreported:
            return {}
        rows, found = shapely.STRtree(cells).query(self._places.metric[unreported], predicate="within")
        out: dict[str, str] = {}
        for row, cell in zip(rows.tolist(), found.tolist()):
            out.setdefault(ids[unreported[row]], holders[cell])
        return out

    def _cell_places(self, cells: np.ndarray, names: list[str]) -> list[str | None]:
        """The place whose cell each post stands in (None outside every cell)."""
        out: list[str | None] = [None] * len(self._posts.frame)
        if not len(cells) or not len(out):
            return out
        post_rows, cell_rows = shapely.STRtree(cells).query(self._posts.metric, predicate="within")
        for post, cell in zip(post_rows.tolist(), cell_rows.tolist()):
            if out[post] is None:
                out[post] = names[cell]
        return out

    @staticmethod
    def _km(points: np.ndarray, line: BaseGeometry | None) -> np.ndarray:
        if line is None or not len(points):
            return np.full(len(points), np.nan)
        return np.round(shapely.distance(points, line) / 1000, 1)

    def _derive_statuses(self) -> None:
        posts = self._posts.frame
        kind = next((layer.kind for layer in self._with("status")), None)
        starts, ends = lifespan(posts, kind) if kind else ([], [])
        codes = [status_codes(day, starts, ends, self._post_share[self._state_of[i]])
                 for i, day in enumerate(self.change_days)]
        codes = np.array(codes, dtype=np.int8).reshape(len(self.change_days), len(posts))
        changed = self._changes_near()
        self._codes = held_still(codes, np.array([[bool(c) for c in day] for day in changed], dtype=bool).reshape(codes.shape))
        self._before = self._held_since(starts, ends, self._codes[0] if len(self._codes) else [])
        if len(changed):  # a status held from the first day: the report that dates it
            cells = self._post_cell[0] if self._post_cell else []
            held = {place: side for place, side in self._held[0].items()}
            names = dict(zip(self._places.frame["id"], self._places.frame["name"]))
            reported = report_days(self.control, self.start) if self.control is not None else {}
            for post, (place, since) in enumerate(zip(cells, self._before)):
                if place is not None and since is not None and reported.get(place) == since:
                    who = self._said.get((place, since))
                    changed[0][post] = f"{names[place]}: {held.get(place)}" + (f" per {', '.join(who)}" if who else "")
        self._spells, self._spell_at = spells(list(posts["id"]), list(posts["name"]), self.change_days,
                                              self._codes, self._before, lambda day, post: changed[day][post])
        self.histories = history_texts(self._spells)

    def _changes_near(self) -> list[list[str]]:
        """For each change day and post, what changed hands near it that day ('' for nothing):
        the reported places within its precision circle grown by posts.NEAR_M, with their new
        side and who reported it ('al-Ghadfa: government per SOHR'), and the given areas of
        control that came or went there."""
        posts, places = self._posts.frame, self._places.frame
        out = [[""] * len(posts) for _ in self.change_days]
        self._said: dict[tuple[str, Day], list[str]] = {}
        if not len(posts) or not len(places):
            return out
        reach = posts["precision_m"].fillna(0).to_numpy(dtype=float) + NEAR_M
        near = shapely.distance(self._posts.metric[:, None], self._places.metric[None, :]) <= reach[:, None]
        names, ids = list(places["name"]), list(places["id"])
        circles = shapely.buffer(self._posts.metric, reach)
        said = self._said = {}  # (place, day): who reported its change that day
        if self.control is not None:
            for place, date, sources in zip(self.control["place_id"], self.control["date"], self.control["sources"]):
                for source in sources or []:
                    publisher = str(source.get("publisher") or "no publisher")
                    if publisher not in said.setdefault((place, period_start(date)), []):
                        said[(place, period_start(date))].append(publisher)
        for day in range(1, len(self.change_days)):
            before, now = self._held[day - 1], self._held[day]
            moved = [i for i, place in enumerate(ids) if now.get(place) != before.get(place)]
            given, active = self._given_on[day]
            was = self._given_on[day - 1][1]
            changed = [given[i] for i in sorted(set(active) ^ set(was))]  # given areas that came or went
            for post in range(len(posts)):
                hits = [f"{names[i]}: {now.get(ids[i]) or 'no longer reported'}"
                        + (f" per {', '.join(said[(ids[i], self.change_days[day])])}"
                           if (ids[i], self.change_days[day]) in said else "")
                        for i in moved if near[post, i]]
                hits += [f"{name}: given area of {side}" for _, _, geom, side, name in changed
                         if shapely.intersects(circles[post], geom)]
                out[day][post] = ", ".join(hits)
        return out

    def _held_since(self, starts: list[Day | None], ends: list[Day | None], first: np.ndarray) -> list[Day | None]:
        """For each post's status on the first day, since when the evidence says it held. Surrounded
        or operating: the latest of the post's own start and the report in force for the place whose
        cell it stands in (Morek's post: surrounded since the town was reported taken in Aug 2019);
        withdrawn: the day after its withdrawal. None when nothing dates it: 'possibly surrounded'
        (where the front ran before the first day is not known), or no report of its place."""
        if not len(self._posts.frame):
            return []
        reported = report_days(self.control, self.start) if self.control is not None else {}
        cells = self._post_cell[0] if self._post_cell else [None] * len(self._posts.frame)
        decided = {STATUSES.index("surrounded"), STATUSES.index("operating")}
        out: list[Day | None] = []
        for start, end, place, code in zip(starts, ends, cells, first):
            if code == STATUSES.index("withdrawn") and end is not None:
                out.append(end + dt.timedelta(days=1))
            elif code in decided and place in reported:
                out.append(max(d for d in (start, reported[place]) if d is not None))
            else:
                out.append(None)
        return out

    # -- asking for a day -------------------------------------------------------------------------
    def change(self, since: Day | str, until: Day | str) -> Change:
        """What changed between ``since`` and ``until``: land that changed hands (km² per side, in
        the timeline's metric CRS), places whose holder changed and posts whose status changed."""
        one, two = (self.check_day(as_day(d).isoformat()) for d in (since, until))
        if one > two:
            raise InputError(f"the change runs forward: {one} is after {two}")
        names = dict(zip(self._places.frame["id"], self._places.frame["name"]))
        return Change(one, two, land_changes(self.areas(one)[0], self.areas(two)[0], self.crs),
                      place_changes(names, self.control_on(one), self.control_on(two), self.control, one, two),
                      post_changes(self.status_table(one), self.status_table(two)))


    def areas(self, day: Day | str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """Estimated areas of control and front lines on ``day``."""
        return self._areas[self._state_of[self.day_index(day)]]

    def controllers(self, day: Day | str) -> dict[str, str]:
        """Who held each reported place on ``day``."""
        return self._held[self.day_index(day)]

    def control_on(self, day: Day | str) -> dict[str, tuple[str, bool]]:
        """Every place with a side on ``day``: (side, inferred): reported, else the side whose
        estimated area it lies in (inferred)."""
        at = self.day_index(day)
        reported = {place: (side, False) for place, side in self._held[at].items()}
        inferred = {place: (side, True) for place, side in self._inferred[self._state_of[at]].items()}
        return {**inferred, **reported}

    @property
    def status_history(self) -> pd.DataFrame:
        """One row per post and status spell: id, name, status, since, until, since_or_before
        (``posts.spells``, where "since" is defined)."""
        return self._spells.copy()

    def history(self, post: str) -> str:
        """A post's spells over the whole range, as one line: 'surrounded 22–23 Dec 2019; possibly
        surrounded 24 Dec 2019 – 25 Jan 2020; surrounded since 26 Jan 2020' (its popup lists them)."""
        return "; ".join(text for _, _, text in self.histories.get(post, []))

    def on(self, day: Day | str) -> Situation:
        """The situation on ``day``: the features shown then, with the columns derived for them."""
        day = as_day(day)
        at = self.day_index(day)
        state = self._state_of[at]
        layers, kinds = {}, {}
        for layer in self.layers:
            mask = np.array(shown(self.spans[layer.name], day), dtype=bool)
            current = layer.frame[mask].copy()
            if "front_distance_km" in layer.kind.derived:
                posts = "status" in layer.kind.derived
                points = self._posts if posts else self._places
                km = self._post_km if posts else self._place_km
                rows = self._rows(points, layer, mask)
                current["front_distance_km"] = km[state, rows] if len(km) else np.nan
            if "status" in layer.kind.derived:
                rows = self._rows(self._posts, layer, mask)
                current["status"] = [STATUSES[c] if c != NONE else None for c in self._codes[at, rows]]
                current["status_since"] = self._since_days(at, rows)[0]
                current["status_history"] = [self.history(post) for post in current["id"]]
                # Placed less precisely than its distance to the front: it may lie on either side.
                current["status_certain"] = current["front_distance_km"] * 1000 > current["precision_m"]
            if "controller" in layer.kind.derived and self.control is not None:
                control = self.control_on(day)
                current["controller"] = [control.get(place, (None, False))[0] for place in current["id"]]
                current["controller_inferred"] = [control.get(place, (None, False))[1] for place in current["id"]]
            layers[layer.name], kinds[layer.name] = current, layer.kind
        areas, fronts = self._areas[state]
        return Situation(day, layers, kinds, areas, fronts)

    def _since_days(self, at: int, rows: np.ndarray) -> tuple[list[Day | None], list[bool]]:
        """Since when each post's status on change day ``at`` holds, and whether it may have begun
        earlier still: the first day of the spell it is in (``posts.spells``; None: no status)."""
        spell = self._spell_at[at, rows].tolist() if len(rows) else []
        since, or_before = self._spells["since"].tolist(), self._spells["since_or_before"].tolist()
        return ([since[s] if s >= 0 else None for s in spell],
                [bool(or_before[s]) if s >= 0 else False for s in spell])

    @staticmethod
    def _rows(points: _Points, layer: Layer, mask: np.ndarray) -> np.ndarray:
        return points.offsets[layer.name] + np.flatnonzero(mask)

    def status_table(self, day: Day | str) -> pd.DataFrame:
        """Posts shown on ``day`` with status, since when, whether the status is certain given the
        post's precision, km to the front and the post's history of spells: what `geo status`
        prints."""
        at = self.day_index(day)
        posts = self._posts.frame
        if not len(posts):
            return pd.DataFrame(columns=STATUS_COLUMNS)
        present = np.zeros(len(posts), dtype=bool)
        for layer in self._with("status"):
            offset = self._posts.offsets[layer.name]
            present[offset:offset + len(layer.frame)] = shown(self.spans[layer.name], as_day(day))
        rows = np.flatnonzero(present)
        km = self._post_km[self._state_of[at], rows] if len(self._post_km) else np.full(len(rows), np.nan)
        since, or_before = self._since_days(at, rows)
        precision = posts["precision_m"].to_numpy(dtype=float)[rows]
        return pd.DataFrame({
            "id": posts["id"].to_numpy()[rows], "name": posts["name"].to_numpy()[rows],
            "status": [STATUSES[c] if c != NONE else None for c in self._codes[at, rows]],
            "since": [d.isoformat() if d is not None else None for d in since],
            # the status already held on the first day derived: it may have begun earlier
            "since_or_before": or_before,
            "certain": km * 1000 > precision, "front_km": km, "precision_km": precision / 1000,
            # every spell over the range, the current one included: the same text the popup lists
            "history": [self.history(post) for post in posts["id"].to_numpy()[rows]]})
