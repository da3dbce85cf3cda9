"""Units that move: a unit's dated reports, in order, as one track; derived once per map.

A unit layer holds one feature per report ("the 25th Division at Saraqeb on 6 Feb"). Reports of
the same unit — the same ``unit_id`` (ORBAT Mapper's unit id, as a column), else, when a layer has
no such column or a row leaves it empty, the same ``name`` — ordered by their start date form a
track. On each day a track shows the positions reported up to that day (its line, drawn with
direction), and its symbol only at the latest one, fading as that report ages (``opacity``).

So that the map, ``geo status``-like tables and the exports agree, the derive step also cuts each
tracked report's shown span: it is shown from its own start until the day before the unit's next
report, and the last report until its own end or ``STALE_DAYS`` after it, whichever is later.
A group with a single report is no track: it is drawn as any unit report.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.derive.time import Day, Span, as_day, lifespan
from geo.layer import Layer
from geo.values import is_missing

IDENTITY_COLUMN = "unit_id"  # the schema's explicit unit identity; else the name
FULL_DAYS = 3  # a report this many days old or fresher is drawn at full opacity
STALE_DAYS = 30  # ... and from then on at FLOOR_OPACITY; a last report is kept at least this long
FLOOR_OPACITY = 0.3
OPACITY_RULE = (f"A unit's symbol is drawn at its latest reported position: at full strength for {FULL_DAYS} "
                f"days after that report, then fading to {FLOOR_OPACITY:.0%} at {STALE_DAYS} days and after.")


def opacity(age_days: np.ndarray | int) -> np.ndarray:
    """The opacity of a symbol whose latest report is ``age_days`` old: 1 up to FULL_DAYS, falling
    linearly to FLOOR_OPACITY at STALE_DAYS, FLOOR_OPACITY beyond (so an old position still shows)."""
    age = np.asarray(age_days, dtype=float)
    fall = (age - FULL_DAYS) / (STALE_DAYS - FULL_DAYS)
    return np.round(1 - (1 - FLOOR_OPACITY) * np.clip(fall, 0, 1), 3)


@dataclass(frozen=True)
class TrackDay:
    """One track on one day: how many positions are reported by then, the latest one, its age."""

    reports: int  # positions reported up to the day (vertices of the line drawn)
    latest: str  # the id of the latest report (the one whose symbol is shown)
    position: tuple[float, float]  # its lon, lat (EPSG:4326)
    age_days: int  # days since the latest report's start
    opacity: float


@dataclass(frozen=True)
class Track:
    """One unit's reports in date order, and the days on which its track is shown."""

    layer: str
    unit: str  # the identity the reports share
    by: str  # what says they are one unit: 'unit_id' or 'name'
    name: str  # the first report's name
    side: str | None
    ids: tuple[str, ...]  # the reports' ids, in order
    rows: tuple[int, ...]  # their rows in the layer's frame
    days: tuple[Day, ...]  # each report's start
    coords: np.ndarray  # (reports, 2): lon, lat
    first: Day  # the track is shown from its first report ...
    last: Day  # ... to this day (the end of its last report's cut span)

    def on(self, day: Day | str) -> TrackDay | None:
        """The track on ``day`` (None: not shown that day)."""
        table = self.table(day, day)
        return table[0] if table else None

    def table(self, start: Day | str, end: Day | str) -> list[TrackDay | None]:
        """The track on every day from ``start`` to ``end``, as arrays: a searchsorted of the days
        over the reports' starts gives the vertices, and the age follows from the latest start."""
        first, last = as_day(start), as_day(end)
        days = np.arange(np.datetime64(first), np.datetime64(last) + 1, dtype="datetime64[D]")
        starts = np.array(self.days, dtype="datetime64[D]")
        count = np.searchsorted(starts, days, side="right")
        shown = (count > 0) & (days >= np.datetime64(self.first)) & (days <= np.datetime64(self.last))
        latest = np.maximum(count - 1, 0)
        age = (days - starts[latest]).astype(int)
        alpha = opacity(age)
        return [TrackDay(int(n), self.ids[i], (float(self.coords[i, 0]), float(self.coords[i, 1])), int(a), float(o))
                if ok else None
                for ok, n, i, a, o in zip(shown.tolist(), count.tolist(), latest.tolist(), age.tolist(), alpha.tolist())]

    def line(self, day: Day | str | None = None) -> shapely.LineString | shapely.Point | None:
        """The positions reported up to ``day`` (default: all) as a line (a point if only one)."""
        at = self.on(day) if day is not None else None
        if day is not None and at is None:
            return None
        n = at.reports if at is not None else len(self.ids)
        return shapely.linestrings(self.coords[:n]) if n > 1 else shapely.points(self.coords[0])


@dataclass(frozen=True)
class Tracks:
    """Every track of a map's unit layers."""

    tracks: tuple[Track, ...] = ()

    def __len__(self) -> int:
        return len(self.tracks)

    def __iter__(self):
        return iter(self.tracks)

    def of(self, layer: str) -> list[Track]:
        return [t for t in self.tracks if t.layer == layer]

    def on(self, day: Day | str) -> pd.DataFrame:
        """Every track shown on ``day``: layer, unit, latest report, its position, age, opacity and
        how many positions are reported by then."""
        rows = [(t.layer, t.unit, t.name, t.side, at.latest, at.position[0], at.position[1], at.reports,
                 at.age_days, at.opacity)
                for t in self.tracks if (at := t.on(day)) is not None]
        return pd.DataFrame(rows, columns=["layer", "unit", "name", "side", "latest", "lon", "lat", "reports",
                                           "age_days", "opacity"])

    def lines_on(self, day: Day | str) -> gpd.GeoDataFrame:
        """The tracks shown on ``day`` that have moved by then (two positions or more), each as a
        LineString of its positions so far, with its latest report, age and opacity: what the map
        draws that day, for the exports (``geo export --geojson``: unit_tracks.geojson)."""
        rows = [(t, at) for t in self.tracks if (at := t.on(day)) is not None and at.reports > 1]
        return gpd.GeoDataFrame({
            "date": [as_day(day).isoformat()] * len(rows), "layer": [t.layer for t, _ in rows],
            "unit": [t.unit for t, _ in rows], "name": [t.name for t, _ in rows], "side": [t.side for t, _ in rows],
            "reports": [at.reports for _, at in rows], "latest": [at.latest for _, at in rows],
            "latest_date": [t.days[at.reports - 1].isoformat() for t, at in rows],
            "age_days": [at.age_days for _, at in rows], "opacity": [at.opacity for _, at in rows]},
            geometry=[shapely.linestrings(t.coords[:at.reports]) for t, at in rows], crs=4326)

    def frame(self) -> gpd.GeoDataFrame:
        """One LineString per track (every report, in order), with its dates: for GeoJSON and
        GeoPackage exports, and for anyone asking in Python."""
        return gpd.GeoDataFrame({
            "layer": [t.layer for t in self.tracks], "unit": [t.unit for t in self.tracks],
            "identity_from": [t.by for t in self.tracks], "name": [t.name for t in self.tracks],
            "side": [t.side for t in self.tracks], "reports": [len(t.ids) for t in self.tracks],
            "report_ids": [", ".join(t.ids) for t in self.tracks],
            "report_days": [", ".join(d.isoformat() for d in t.days) for t in self.tracks],
            "date_from": [t.first.isoformat() for t in self.tracks],
            "date_to": [t.last.isoformat() for t in self.tracks]},
            geometry=[t.line() for t in self.tracks], crs=4326)


def identities(frame: pd.DataFrame) -> tuple[list[str | None], list[str]]:
    """Each row's unit identity and what gave it: its ``unit_id`` where the column exists and the
    row has one, else its name (None: neither)."""
    given = frame[IDENTITY_COLUMN].tolist() if IDENTITY_COLUMN in frame.columns else [None] * len(frame)
    names = frame["name"].tolist() if "name" in frame.columns else [None] * len(frame)
    keys, by = [], []
    for unit, name in zip(given, names):
        if not is_missing(unit) and str(unit).strip():
            keys.append(str(unit).strip())
            by.append(IDENTITY_COLUMN)
        elif not is_missing(name) and str(name).strip():
            keys.append(str(name).strip())
            by.append("name")
        else:
            keys.append(None)
            by.append("")
    return keys, by


def layer_tracks(layer: Layer, span: Span) -> tuple[list[Track], Span]:
    """The tracks of one unit layer, and the layer's shown span with each tracked report cut
    (module docstring). ``span``: the layer's shown span as the timeline made it."""
    frame = layer.frame
    starts, _ = lifespan(frame, layer.kind)
    new_starts, new_ends = list(span[0]), list(span[1])
    keys, by = identities(frame)
    order = pd.DataFrame({"key": keys, "start": starts, "id": frame["id"].astype(str).tolist(),
                          "row": np.arange(len(frame))})
    order = order[order["key"].notna() & order["start"].notna()]
    coords = shapely.get_coordinates(frame.geometry.values)  # points: one coordinate per row
    has_point = np.asarray(frame.geometry.geom_type == "Point") & ~np.asarray(frame.geometry.is_empty)
    order = order[has_point[order["row"].to_numpy(dtype=int)]] if len(order) else order
    tracks = []
    for key, group in order.sort_values(["key", "start", "id"], kind="stable").groupby("key", sort=True):
        if len(group) < 2:
            continue
        rows = group["row"].tolist()
        days = group["start"].tolist()
        for i, row in enumerate(rows):  # shown until the next report, the last one for STALE_DAYS at least
            if i + 1 < len(rows):
                end = days[i + 1] - dt.timedelta(days=1)
            else:
                end = max(new_ends[row] or days[i], days[i] + dt.timedelta(days=STALE_DAYS))
            new_starts[row], new_ends[row] = days[i], end
        last = rows[-1]
        side = frame["side"].iloc[last] if "side" in frame.columns else None
        point_rows = np.cumsum(has_point) - 1  # a Point row's index into coords
        tracks.append(Track(
            layer=layer.name, unit=str(key), by=by[rows[0]], name=str(frame["name"].iloc[rows[0]]),
            side=None if is_missing(side) else str(side), ids=tuple(group["id"]), rows=tuple(rows),
            days=tuple(days), coords=coords[point_rows[rows]], first=days[0], last=new_ends[last]))
    return tracks, (new_starts, new_ends)


def derive_tracks(layers: Sequence[Layer], spans: dict[str, Span]) -> tuple[Tracks, dict[str, Span]]:
    """The tracks of every unit layer, and the timeline's spans with the tracked reports cut."""
    out, cut = [], dict(spans)
    for layer in layers:
        if layer.kind.name != "unit" or not len(layer.frame) or layer.name not in spans:
            continue
        found, span = layer_tracks(layer, spans[layer.name])
        if found:
            out.extend(found)
            cut[layer.name] = span
    return Tracks(tuple(out)), cut
