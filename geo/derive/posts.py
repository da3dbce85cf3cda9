"""Each post's status on a day, and the day each status began.

A post is 'withdrawn' after its withdrawn date; 'surrounded' while the circle of its location
precision lies wholly in land held by a side hostile to its operator; 'possibly surrounded' while
that circle straddles the front (part of where the post may be is hostile-held); 'operating'
otherwise. Before it was established it has no status (it is not on the map).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.derive.time import Day, Span, as_day, lifespan
from geo.schema import KINDS

STATUSES = ("operating", "surrounded", "withdrawn", "possibly surrounded")
NONE = -1  # not yet established: no status
WHOLLY, PARTLY = 0.999, 0.001  # shares of the precision circle that count as all of it, and some


def status_codes(day: Day, starts: Sequence[Day | None], ends: Sequence[Day | None],
                 hostile_share: np.ndarray) -> np.ndarray:
    """Every post's status on ``day`` as an index into STATUSES (NONE before it was established).

    ``hostile_share`` is, for each post, the share of its precision circle (of the part inside
    the study area) held that day by sides hostile to its operator: 1 surrounded, 0 not.
    """
    share = np.asarray(hostile_share, dtype=float)
    out = np.zeros(len(share), dtype=np.int8)
    out[share > PARTLY] = STATUSES.index("possibly surrounded")
    out[share >= WHOLLY] = STATUSES.index("surrounded")
    out[[e is not None and day > e for e in ends]] = STATUSES.index("withdrawn")
    out[[s is not None and day < s for s in starts]] = NONE
    return out


def hostile_sides(operators: Sequence[str], hostile: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """For each operator, the sides hostile to it."""
    return {op: {side for side, ops in hostile.items() if op in set(ops)} for op in set(operators)}


def post_statuses(posts: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, day: str | dt.date,
                  hostile: Mapping[str, Iterable[str]], lifespans: Span | None = None) -> pd.Series:
    """Status of every post on ``day`` (None before it was established), from areas by controller,
    taking each post as a point (its precision is the timeline's to weigh).

    ``lifespans`` (first and last days) default to the post kind's.
    """
    holder = pd.Series(None, index=posts.index, dtype=object)
    if not areas.empty:
        joined = gpd.sjoin(posts[["geometry"]], areas[["controller", "geometry"]], predicate="within")
        holder.loc[joined.index] = joined["controller"]
    enemies = hostile_sides(list(posts["operator"]), hostile)
    share = [1.0 if h is not None and h in enemies[op] else 0.0 for h, op in zip(holder, posts["operator"])]
    starts, ends = lifespans or lifespan(posts, KINDS["post"])
    codes = status_codes(as_day(day), starts, ends, np.array(share))
    return pd.Series([STATUSES[c] if c != NONE else None for c in codes], index=posts.index, dtype=object)


def spells(ids: Sequence[str], names: Sequence[str], days: Sequence[Day], codes: np.ndarray) -> pd.DataFrame:
    """One row per post and status spell: id, name, status, since, until (None: still so).

    ``codes`` is days × posts of STATUSES indices (NONE: no status that day).
    """
    rows = []
    for post in range(codes.shape[1]):
        column = codes[:, post]
        for day_index in np.flatnonzero(np.diff(column, prepend=NONE - 1) != 0):
            if column[day_index] == NONE:
                continue
            following = np.flatnonzero(column[day_index:] != column[day_index])
            until = days[day_index + following[0]] - dt.timedelta(days=1) if len(following) else None
            rows.append({"id": ids[post], "name": names[post], "status": STATUSES[column[day_index]],
                         "since": days[day_index], "until": until})
    table = pd.DataFrame(rows, columns=["id", "name", "status", "since", "until"])
    return table.sort_values(["id", "since"], kind="stable").reset_index(drop=True)


def since_index(codes: np.ndarray) -> np.ndarray:
    """For each day and post, the index of the day its current status began (days × posts)."""
    out = np.zeros(codes.shape, dtype=np.int32)
    for day in range(1, codes.shape[0]):
        changed = codes[day] != codes[day - 1]
        out[day] = np.where(changed, day, out[day - 1])
    return out


def status_history(posts: gpd.GeoDataFrame, days: Iterable[dt.date],
                   statuses_on: Callable[[dt.date], pd.Series]) -> pd.DataFrame:
    """Spells from a function giving every post's status on a day (see ``spells``)."""
    days = sorted(set(days))
    codes = np.array([[STATUSES.index(s) if s is not None else NONE for s in statuses_on(day)]
                      for day in days], dtype=np.int8).reshape(len(days), len(posts))
    return spells(list(posts["id"]), list(posts["name"]), days, codes)
