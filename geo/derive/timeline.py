"""The situation on every day, derived once: areas, fronts, post status, since when, km to the front.

``derive_timeline`` (also ``Timeline.derive``) takes the validated layers and control table and
computes, in one pass over the days on which anything changes, every state the map, ``geo
status``, the exports and the notebook read: Voronoi cells once per set of reporting places,
areas and fronts once per distinct assignment of places to sides (geo.derive.states), and post
statuses and distances as arrays (days × posts). It returns a frozen ``Timeline``: asking it for a
day (``on``, ``areas``, ``status_table``...) only looks these up, and nothing changes it afterwards.
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
from geo.derive.control import assignments, report_days
from geo.derive.crs import to_metric
from geo.derive.posts import NEAR_M, NONE, STATUSES, held_still, history_texts, spells, status_codes
from geo.derive.states import (
    AreaState,
    GivenArea,
    Margins,
    Points,
    StatesInput,
    derive_states,
    frozen,
    given_areas,
    points_of,
)
from geo.derive.time import Day, Span, as_day, lifespan, shown, shown_span
from geo.derive.tracks import Tracks, derive_tracks
from geo.errors import InputError
from geo.layer import Layer
from geo.schema import Kind
from geo.values import period_start

__all__ = ["STATUS_COLUMNS", "AreaState", "Margins", "Points", "Situation", "Timeline", "change_days", "derive_timeline"]

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


@dataclass(frozen=True)
class Timeline:
    """Every derived state of a dated scenario, for each day on which anything changes: the frozen
    result of one derivation (``Timeline.derive``), and the queries that look a day up in it.

    Per change day (``change_days``, sorted): who held each place (``held``), which area state
    holds (``state_of``), every post's status (``codes``) and the spell it is in (``spell_at``).
    Per distinct area state (``area_states``): areas, fronts, margins, km to the front. Arrays are
    read-only.
    """

    layers: list[Layer]
    start: Day
    end: Day
    event_days: int
    crs: CRS  # the metric CRS areas and distances are measured in
    control: pd.DataFrame | None  # the control table (place_id, date, controller, confidence, sources...)
    reach_km: float | None  # areas reach this far from a reporting place (None: the whole study area)
    change_days: tuple[Day, ...]  # the start, then every day within the range on which something may change
    spans: Mapping[str, Span] = field(repr=False)  # layer name: each feature's first and last day shown
    tracks: Tracks = field(repr=False)  # units' reports as tracks (geo.derive.tracks)
    posts: Points = field(repr=False)  # every post (layers whose kind derives a status), together
    places: Points = field(repr=False)  # every place (layers whose kind derives a controller), together
    held: tuple[dict[str, str], ...] = field(repr=False)  # per change day: place id: side reported
    area_states: tuple[AreaState, ...] = field(repr=False)  # each distinct state of the areas once
    state_of: np.ndarray = field(repr=False)  # (change days,) int: index into area_states
    codes: np.ndarray = field(repr=False)  # (change days × posts) int8: STATUSES index, NONE: no status
    spells: pd.DataFrame = field(repr=False)  # posts.spells: one row per post and spell ("since")
    spell_at: np.ndarray = field(repr=False)  # (change days × posts) int: row in spells, -1: no status
    # per post, its spells: [since, since as text, the spell as text] (posts.history_texts)
    histories: dict[str, list[list[str]]] = field(repr=False)

    @classmethod
    def derive(cls, layers: list[Layer], start: str, end: str, crs: CRS, *, event_days: int = 7,
               control: pd.DataFrame | None = None, study_area: BaseGeometry | None = None,
               hostile: Mapping[str, tuple[str, ...]] | None = None,
               reach_km: float | None = None) -> Timeline:
        """Derive every state between ``start`` and ``end`` (ISO days) at once."""
        return derive_timeline(layers, start, end, crs, event_days=event_days, control=control,
                               study_area=study_area, hostile=hostile, reach_km=reach_km)

    # -- days ---------------------------------------------------------------------------------
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
        return int(self.state_of[day_index])

    @property
    def states(self) -> list[tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]]:
        """The distinct (areas of control, front lines) pairs, each once."""
        return [(state.areas, state.fronts) for state in self.area_states]

    @property
    def margins(self) -> list[Margins]:
        """For each of ``states``: the land each side holds by inference (over ``reach_km`` from any
        report, inside the reports' extent) and the study area beyond the evidence (EPSG:4326)."""
        return [state.margins for state in self.area_states]

    def held_land(self) -> list[dict[str, BaseGeometry]]:
        """For each of ``states``: the land each side holds (side: geometry in the metric CRS ``crs``)."""
        return [dict(zip(state.sides.controllers, state.sides.geoms)) for state in self.area_states]

    def _with(self, derived: str) -> list[Layer]:
        return _with(self.layers, derived)

    # -- asking for a day -------------------------------------------------------------------------
    def change(self, since: Day | str, until: Day | str) -> Change:
        """What changed between ``since`` and ``until``: land that changed hands (km² per side, in
        the timeline's metric CRS), places whose holder changed and posts whose status changed."""
        one, two = (self.check_day(as_day(d).isoformat()) for d in (since, until))
        if one > two:
            raise InputError(f"the change runs forward: {one} is after {two}")
        names = dict(zip(self.places.frame["id"], self.places.frame["name"]))
        return Change(one, two, land_changes(self.areas(one)[0], self.areas(two)[0], self.crs),
                      place_changes(names, self.control_on(one), self.control_on(two), self.control, one, two),
                      post_changes(self.status_table(one), self.status_table(two)))

    def areas(self, day: Day | str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """Estimated areas of control and front lines on ``day``."""
        state = self.area_states[self.state_of[self.day_index(day)]]
        return state.areas, state.fronts

    def controllers(self, day: Day | str) -> dict[str, str]:
        """Who held each reported place on ``day``."""
        return self.held[self.day_index(day)]

    def control_on(self, day: Day | str) -> dict[str, tuple[str, bool]]:
        """Every place with a side on ``day``: (side, inferred): reported, else the side whose
        estimated area it lies in (inferred)."""
        at = self.day_index(day)
        reported = {place: (side, False) for place, side in self.held[at].items()}
        inferred = {place: (side, True) for place, side in self.area_states[self.state_of[at]].inferred.items()}
        return {**inferred, **reported}

    @property
    def status_history(self) -> pd.DataFrame:
        """One row per post and status spell: id, name, status, since, until, since_or_before
        (``posts.spells``, where "since" is defined)."""
        return self.spells.copy()

    def history(self, post: str) -> str:
        """A post's spells over the whole range, as one line: 'surrounded 22–23 Dec 2019; possibly
        surrounded 24 Dec 2019 – 25 Jan 2020; surrounded since 26 Jan 2020' (its popup lists them)."""
        return "; ".join(text for _, _, text in self.histories.get(post, []))

    def on(self, day: Day | str) -> Situation:
        """The situation on ``day``: the features shown then, with the columns derived for them."""
        day = as_day(day)
        at = self.day_index(day)
        state = self.area_states[self.state_of[at]]
        layers, kinds = {}, {}
        for layer in self.layers:
            mask = np.array(shown(self.spans[layer.name], day), dtype=bool)
            current = layer.frame[mask].copy()
            if "front_distance_km" in layer.kind.derived:
                posts = "status" in layer.kind.derived
                points = self.posts if posts else self.places
                km = state.post_km if posts else state.place_km
                current["front_distance_km"] = km[self._rows(points, layer, mask)]
            if "status" in layer.kind.derived:
                rows = self._rows(self.posts, layer, mask)
                current["status"] = [STATUSES[c] if c != NONE else None for c in self.codes[at, rows]]
                current["status_since"] = self._since_days(at, rows)[0]
                current["status_history"] = [self.history(post) for post in current["id"]]
                # Placed less precisely than its distance to the front: it may lie on either side.
                current["status_certain"] = current["front_distance_km"] * 1000 > current["precision_m"]
            if "controller" in layer.kind.derived and self.control is not None:
                control = self.control_on(day)
                current["controller"] = [control.get(place, (None, False))[0] for place in current["id"]]
                current["controller_inferred"] = [control.get(place, (None, False))[1] for place in current["id"]]
            layers[layer.name], kinds[layer.name] = current, layer.kind
        return Situation(day, layers, kinds, state.areas, state.fronts)

    def _since_days(self, at: int, rows: np.ndarray) -> tuple[list[Day | None], list[bool]]:
        """Since when each post's status on change day ``at`` holds, and whether it may have begun
        earlier still: the first day of the spell it is in (``posts.spells``; None: no status)."""
        spell = self.spell_at[at, rows].tolist() if len(rows) else []
        since, or_before = self.spells["since"].tolist(), self.spells["since_or_before"].tolist()
        return ([since[s] if s >= 0 else None for s in spell],
                [bool(or_before[s]) if s >= 0 else False for s in spell])

    @staticmethod
    def _rows(points: Points, layer: Layer, mask: np.ndarray) -> np.ndarray:
        return points.offsets[layer.name] + np.flatnonzero(mask)

    def status_table(self, day: Day | str) -> pd.DataFrame:
        """Posts shown on ``day`` with status, since when, whether the status is certain given the
        post's precision, km to the front and the post's history of spells: what `geo status`
        prints."""
        at = self.day_index(day)
        posts = self.posts.frame
        if not len(posts):
            return pd.DataFrame(columns=STATUS_COLUMNS)
        present = np.zeros(len(posts), dtype=bool)
        for layer in self._with("status"):
            offset = self.posts.offsets[layer.name]
            present[offset:offset + len(layer.frame)] = shown(self.spans[layer.name], as_day(day))
        rows = np.flatnonzero(present)
        km = self.area_states[self.state_of[at]].post_km[rows]
        since, or_before = self._since_days(at, rows)
        precision = posts["precision_m"].to_numpy(dtype=float)[rows]
        return pd.DataFrame({
            "id": posts["id"].to_numpy()[rows], "name": posts["name"].to_numpy()[rows],
            "status": [STATUSES[c] if c != NONE else None for c in self.codes[at, rows]],
            "since": [d.isoformat() if d is not None else None for d in since],
            # the status already held on the first day derived: it may have begun earlier
            "since_or_before": or_before,
            "certain": km * 1000 > precision, "front_km": km, "precision_km": precision / 1000,
            # every spell over the range, the current one included: the same text the popup lists
            "history": [self.history(post) for post in posts["id"].to_numpy()[rows]]})


def _with(layers: list[Layer], derived: str) -> list[Layer]:
    """The layers whose kind has ``derived`` among what the derive step adds to it."""
    return [layer for layer in layers if derived in layer.kind.derived]


def derive_timeline(layers: list[Layer], start: str, end: str, crs: CRS, *, event_days: int = 7,
                    control: pd.DataFrame | None = None, study_area: BaseGeometry | None = None,
                    hostile: Mapping[str, tuple[str, ...]] | None = None,
                    reach_km: float | None = None) -> Timeline:
    """Every state between ``start`` and ``end`` (ISO days), derived at once: the change days, the
    distinct area states (geo.derive.states), then the posts' statuses and their spells."""
    first, last = as_day(start), as_day(end)
    spans = {layer.name: shown_span(layer.frame, layer.kind, event_days) for layer in layers}
    # units that move: a tracked report is shown until the unit's next one (geo.derive.tracks)
    tracks, spans = derive_tracks(layers, spans)
    days = change_days(layers, control, first, last)
    posts = points_of(_with(layers, "status"), crs)  # posts: their status follows the areas
    places = points_of(_with(layers, "controller"), crs)  # places: their control draws the areas
    held = tuple(assignments(control, days) if control is not None else [{} for _ in days])
    area = to_metric(study_area, crs) if study_area is not None else None
    given = given_areas(layers, area, crs)
    found = derive_states(days, held, StatesInput(crs, reach_km, area, posts, places, hostile or {}, given))
    kind = next((layer.kind for layer in _with(layers, "status")), None)
    starts, ends = lifespan(posts.frame, kind) if kind else ([], [])
    codes = [status_codes(day, starts, ends, found.states[found.state_of[i]].hostile_share)
             for i, day in enumerate(days)]
    codes = np.array(codes, dtype=np.int8).reshape(len(days), len(posts.frame))
    said = reported_by(control)
    changed = _changes_near(days, posts, places, held, given, found.given_on, said)
    codes = held_still(codes, np.array([[bool(c) for c in day] for day in changed], dtype=bool).reshape(codes.shape))
    reported = report_days(control, first) if control is not None else {}
    before = _held_since(starts, ends, codes[0] if len(codes) else [], found.first_cells, reported)
    if len(changed):  # a status held from the first day: the report that dates it
        names = dict(zip(places.frame["id"], places.frame["name"]))
        for post, (place, since) in enumerate(zip(found.first_cells, before)):
            if place is not None and since is not None and reported.get(place) == since:
                who = said.get((place, since))
                changed[0][post] = f"{names[place]}: {held[0].get(place)}" + (f" per {', '.join(who)}" if who else "")
    table, spell_at = spells(list(posts.frame["id"]), list(posts.frame["name"]), days, codes, before,
                             lambda day, post: changed[day][post])
    return Timeline(layers, first, last, event_days, crs, control, reach_km, tuple(days), spans, tracks,
                    posts, places, held, found.states, found.state_of, frozen(codes), table, frozen(spell_at),
                    history_texts(table))


def change_days(layers: list[Layer], control: pd.DataFrame | None, start: Day, end: Day) -> list[Day]:
    """Every day within the range on which something may change.

    Derivations start at the range's first day: the control table need only be complete from
    then on. A status found on that day dates from the report that explains it, where there is
    one, else it is 'on or before' that day.
    """
    days: set[Day] = set()
    for layer in layers:
        if layer.kind.lingers:  # events change no derived state: the browser filters them by day
            continue
        starts, ends = lifespan(layer.frame, layer.kind)
        days.update(d for d in starts if d)
        days.update(d + dt.timedelta(days=1) for d in ends if d)
    if control is not None:
        days.update(period_start(d) for d in control["date"])
    return sorted({start} | {d for d in days if start < d <= end})


def reported_by(control: pd.DataFrame | None) -> dict[tuple[str, Day], list[str]]:
    """(place, day): the publishers that reported its change that day, in order."""
    said: dict[tuple[str, Day], list[str]] = {}
    if control is None:
        return said
    for place, date, sources in zip(control["place_id"], control["date"], control["sources"]):
        for source in sources or []:
            publisher = str(source.get("publisher") or "no publisher")
            if publisher not in said.setdefault((place, period_start(date)), []):
                said[(place, period_start(date))].append(publisher)
    return said


def _changes_near(days: list[Day], posts: Points, places: Points, held: tuple[dict[str, str], ...],
                  given: list[GivenArea], given_on: tuple[tuple[int, ...], ...],
                  said: dict[tuple[str, Day], list[str]]) -> list[list[str]]:
    """For each change day and post, what changed hands near it that day ('' for nothing):
    the reported places within its precision circle grown by posts.NEAR_M, with their new
    side and who reported it ('al-Ghadfa: government per SOHR'), and the given areas of
    control that came or went there."""
    out = [[""] * len(posts.frame) for _ in days]
    if not len(posts.frame) or not len(places.frame):
        return out
    reach = posts.frame["precision_m"].fillna(0).to_numpy(dtype=float) + NEAR_M
    near = shapely.distance(posts.metric[:, None], places.metric[None, :]) <= reach[:, None]
    names, ids = list(places.frame["name"]), places.ids
    circles = shapely.buffer(posts.metric, reach)
    for day in range(1, len(days)):
        before, now = held[day - 1], held[day]
        moved = [i for i, place in enumerate(ids) if now.get(place) != before.get(place)]
        changed = [given[i] for i in sorted(set(given_on[day]) ^ set(given_on[day - 1]))]  # given areas that came or went
        if not moved and not changed:
            continue
        texts = [f"{names[i]}: {now.get(ids[i]) or 'no longer reported'}"
                 + (f" per {', '.join(said[(ids[i], days[day])])}" if (ids[i], days[day]) in said else "")
                 for i in moved]
        hit = shapely.intersects(circles[:, None], np.array([g.geometry for g in changed], dtype=object)[None, :]) \
            if changed else np.zeros((len(posts.frame), 0), dtype=bool)
        for post in range(len(posts.frame)):
            hits = [text for i, text in zip(moved, texts) if near[post, i]]
            hits += [f"{g.name}: given area of {g.side}" for g, h in zip(changed, hit[post]) if h]
            out[day][post] = ", ".join(hits)
    return out


def _held_since(starts: list[Day | None], ends: list[Day | None], first: np.ndarray, cells: list[str | None],
                reported: dict[str, Day]) -> list[Day | None]:
    """For each post's status on the first day, since when the evidence says it held. Surrounded
    or operating: the latest of the post's own start and the report in force for the place whose
    cell it stands in (Morek's post: surrounded since the town was reported taken in Aug 2019);
    withdrawn: the day after its withdrawal. None when nothing dates it: 'possibly surrounded'
    (where the front ran before the first day is not known), or no report of its place."""
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
