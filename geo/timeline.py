"""The situation on any day: a scenario's layers plus what follows from them on that day.

Reads the control table and study area once, then derives, for a day: the features that exist,
the estimated areas of control and front lines, each post's status (and since when), distances
to the front, and corridors in force. The HTML's date control shows exactly these results,
precomputed for every day on which anything changes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import geopandas as gpd
import pandas as pd
import shapely

from geo.derive import (ESTIMATE_NOTE, control_areas, controllers_on, corridor, distance_to_front_km,
                        front_lines, lifespan, post_statuses, status_history)
from geo.derive.control import METRIC_CRS
from geo.derive.time import as_day, shown_on
from geo.errors import InputError, Problem
from geo.read.table import read_table
from geo.scenario import Scenario, load_scenario
from geo.report import LayerReport, raise_rejects
from geo.validate import check_control as check_control_table, validate, without_rejected
from geo.schema import KINDS
from geo.values import period_start

CORRIDOR_LAYER = "Corridors (computed)"
STATUS_COLUMNS = ["id", "name", "status", "since", "since_or_before", "certain", "front_km",
                  "precision_km"]


@dataclass
class Situation:
    """Everything on the map on one day, as GeoDataFrames (EPSG:4326)."""

    day: dt.date
    layers: dict[str, gpd.GeoDataFrame]
    control_areas: gpd.GeoDataFrame
    front_lines: gpd.GeoDataFrame

    @property
    def posts(self) -> gpd.GeoDataFrame:
        """Every post layer on this day, together, with status, status_since, front_distance_km."""
        frames = [f for f in self.layers.values() if f.attrs.get("kind") == "post"]
        return pd.concat(frames) if frames else gpd.GeoDataFrame()


@dataclass
class Timeline:
    """A scenario read once, able to give the situation on any day."""

    scenario: Scenario
    layers: dict[str, gpd.GeoDataFrame]
    control: pd.DataFrame | None = None
    study_area: object = None
    reports: list[LayerReport] = field(default_factory=list)
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, scenario: Scenario | str, strict: bool = True, swap_latlon: bool = False) -> "Timeline":
        """Read and check the scenario. Strict (the default): any rejected feature or control row
        is a ValidationError. Not strict: they are left out, and ``reports`` says which and why."""
        scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        layers, reports = scenario.read_checked(swap_latlon)
        control, study_area, control_report = checked_control(scenario, layers)
        if control_report is not None:
            reports.append(control_report)
        if strict:
            raise_rejects(reports)
        timeline = cls(scenario, layers, control, study_area, reports)
        corridors = timeline._corridors()
        if corridors is not None:
            timeline.layers[CORRIDOR_LAYER] = corridors
        for frame in timeline.layers.values():
            if frame.attrs["kind"] == "zone":
                frame["area_km2"] = (frame.to_crs(METRIC_CRS).area / 1e6).round(0)
        return timeline

    # -- days ---------------------------------------------------------------------------------
    @cached_property
    def change_days(self) -> list[dt.date]:
        """Every day within the scenario's range on which something may change.

        Derivations start at the range's first day: the control table need only be complete from
        then on. A status found on that day may have begun earlier ('on or before').
        """
        days: set[dt.date] = set()
        for frame in self.layers.values():
            starts, ends = lifespan(frame)
            days.update(d for d in starts if d)
            days.update(d + dt.timedelta(days=1) for d in ends if d)
        if self.control is not None:
            days.update(period_start(d) for d in self.control["date"])
        if self.scenario.time is None:
            return sorted(days)
        first, last = as_day(self.scenario.time.start), as_day(self.scenario.time.end)
        return sorted({first} | {d for d in days if first < d <= last})

    def state_day(self, day: dt.date | str) -> dt.date:
        """The last change day on or before ``day``: the derived state is the same until the next."""
        day = as_day(day)
        earlier = [d for d in self.change_days if d <= day]
        return earlier[-1] if earlier else day

    # -- derived, cached per change day --------------------------------------------------------
    def areas(self, day: dt.date | str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """Estimated areas of control and front lines on ``day``."""
        key = ("areas", self.state_day(day))
        if key not in self._cache:
            if self.control is None:
                empty = gpd.GeoDataFrame({"controller": []}, geometry=[], crs=4326)
                self._cache[key] = (empty, empty)
            else:
                held = controllers_on(self.control, key[1])["controller"].to_dict()
                areas = control_areas(self._places, held, self.study_area)
                areas["method"] = ESTIMATE_NOTE
                self._cache[key] = (areas, front_lines(areas))
        return self._cache[key]

    def statuses(self, day: dt.date | str, posts: gpd.GeoDataFrame | None = None) -> pd.Series:
        """Status on ``day`` of ``posts`` (default: every post layer, together)."""
        posts = self._posts if posts is None else posts
        hostile = self.scenario.control.hostile if self.scenario.control else {}
        return post_statuses(posts, self.areas(day)[0], as_day(day), hostile)

    @cached_property
    def status_history(self) -> pd.DataFrame:
        """One row per post and status spell: id, name, status, since, until."""
        return status_history(self._posts, self.change_days, self.statuses)

    def status_since(self, post_ids: pd.Series, day: dt.date) -> list[dt.date | None]:
        history = self.status_history
        out = []
        for post_id in post_ids:
            spells = history[(history["id"] == post_id) & (history["since"] <= day)]
            out.append(spells["since"].iloc[-1] if len(spells) else None)
        return out

    # -- the situation ---------------------------------------------------------------------------
    def on(self, day: dt.date | str) -> Situation:
        """The situation on ``day``: features that exist then, with derived columns."""
        day = as_day(day)
        areas, fronts = self.areas(day)
        layers = {}
        window = self.scenario.time.event_days if self.scenario.time else 1
        for name, frame in self.layers.items():
            kind = frame.attrs["kind"]
            present = shown_on(frame, day, window)
            current = frame[present].copy()
            current.attrs.update(frame.attrs)
            if kind in ("post", "place"):
                current["front_distance_km"] = distance_to_front_km(current, fronts)
            if kind == "post":
                current["status"] = list(self.statuses(day, current))
                current["status_since"] = self.status_since(current["id"], day)
                # Placed less precisely than its distance to the front: it may lie on either side.
                current["status_certain"] = current["front_distance_km"] * 1000 > current["precision_m"]
            if kind == "place" and self.control is not None:
                held = controllers_on(self.control, day)["controller"]
                current["controller"] = current["id"].map(held)
            layers[name] = current
        return Situation(day, layers, areas, fronts)

    def status_table(self, day: dt.date | str) -> pd.DataFrame:
        """Posts on ``day`` with status, since when, whether the status is certain given the post's
        precision, and km to the front: what `geo status` prints."""
        posts = self.on(day).posts
        if posts.empty:
            return pd.DataFrame(columns=STATUS_COLUMNS)
        first = self.change_days[0]
        table = pd.DataFrame({
            "id": posts["id"], "name": posts["name"], "status": posts["status"],
            "since": [d.isoformat() if d else None for d in posts["status_since"]],
            # the status already held on the first day derived: it may have begun earlier
            "since_or_before": [d == first for d in posts["status_since"]],
            "certain": posts["status_certain"], "front_km": posts["front_distance_km"],
            "precision_km": posts["precision_m"] / 1000})
        return table.reset_index(drop=True)

    # -- internals -----------------------------------------------------------------------------
    @cached_property
    def _posts(self) -> gpd.GeoDataFrame:
        frames = [f for f in self.layers.values() if f.attrs.get("kind") == "post"]
        return pd.concat(frames, ignore_index=True) if frames else gpd.GeoDataFrame(
            {"id": [], "name": [], "operator": [], "established": [], "withdrawn": []}, geometry=[], crs=4326)

    @cached_property
    def _places(self) -> gpd.GeoDataFrame:
        frames = [f for f in self.layers.values() if f.attrs.get("kind") == "place"]
        return pd.concat(frames, ignore_index=True)

    def _corridors(self) -> gpd.GeoDataFrame | None:
        if not self.scenario.corridors:
            return None
        routes = pd.concat([f for f in self.layers.values() if f.attrs.get("kind") == "route"])
        rows = []
        for spec in self.scenario.corridors:
            line = routes.loc[routes["id"] == spec.route, "geometry"]
            if line.empty:
                raise InputError(f"{self.scenario.path.name}: corridor {spec.id!r}: no route with id "
                                 f"{spec.route!r}")
            rows.append({
                "id": spec.id, "name": spec.name, "description": spec.description,
                "sources": list(spec.sources), "confidence": "estimated",
                "zone_type": "security corridor", "basis": "computed",
                "basis_note": f"Computed: the land within {spec.width_km:g} km either side of the "
                              f"route {spec.route!r} as drawn on this map (itself approximate).",
                "in_force_from": spec.in_force_from,
                "geometry": corridor(line.iloc[0], spec.width_km)})
        frame = gpd.GeoDataFrame(rows, crs=4326)
        return validate(frame, KINDS["zone"], source=f"{self.scenario.path.name} [corridors]")


def scenario_day(scenario: Scenario, day: str | None = None) -> str:
    """``day`` (default: the scenario's default date), or InputError when outside its [time] range."""
    day = day or scenario.time.default
    if not scenario.time.start <= day <= scenario.time.end:
        raise InputError(f"date {day} is outside the scenario's range "
                         f"{scenario.time.start} – {scenario.time.end}")
    return day


def check_control(scenario: Scenario, layers: dict) -> tuple[pd.DataFrame | None, object, list[Problem]]:
    """The scenario's control table and study area, with every problem in them (not raised)."""
    spec = scenario.control
    if spec is None:
        return None, None, []
    places = [f for f in layers.values() if f.attrs.get("kind") == "place"]
    place_ids = set(pd.concat(places)["id"]) if places else set()
    table, problems = check_control_table(read_table(spec.path), spec.path.name, place_ids)
    sides = {side.id for side in spec.sides}
    for row, controller in enumerate(table["controller"]):
        if controller and controller not in sides:
            problems.append(Problem(spec.path.name, f"row {row + 2}", "controller",
                                    "one of the scenario's sides: " + ", ".join(sorted(sides)),
                                    repr(controller), row=row))
    problems.sort(key=lambda p: p.row)
    try:
        study = gpd.read_file(spec.study_area)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputError(f"{spec.study_area.name}: cannot be read ({exc})") from None
    return table, shapely.union_all(list(study.to_crs(4326).geometry)), problems


def checked_control(scenario: Scenario, layers: dict) -> tuple[pd.DataFrame | None, object, LayerReport | None]:
    """The control table without its rejected rows, the study area, and the table's report."""
    control, study_area, problems = check_control(scenario, layers)
    if control is None:
        return None, None, None
    report = LayerReport(scenario.control.path.name, len(control), problems, kept="used")
    return without_rejected(control, problems), study_area, report
