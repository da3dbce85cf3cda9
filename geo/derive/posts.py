"""Each post's status on a day, and the day each status began.

A post is 'withdrawn' after its withdrawn date, 'surrounded' while it lies inside an area held by
a controller hostile to its operator, and 'operating' otherwise. Before it was established it
has no status (it is not on the map).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.derive.time import Day, Span, as_day, lifespan
from geo.schema import KINDS

STATUSES = ("operating", "surrounded", "withdrawn")
NONE = -1  # not yet established: no status


def status_codes(day: Day, starts: Sequence[Day | None], ends: Sequence[Day | None],
                 operators: Sequence[str], holders: Sequence[str | None],
                 hostile: Mapping[str, Iterable[str]]) -> np.ndarray:
    """Every post's status on ``day`` as an index into STATUSES (NONE before it was established).

    ``holders`` is who holds the land each post stands on that day (None: nobody known);
    ``hostile`` maps a controller to the operators it is hostile to.
    """
    enemies = {holder: set(ops) for holder, ops in hostile.items()}
    out = np.zeros(len(operators), dtype=np.int8)
    out[[h is not None and op in enemies.get(h, ()) for h, op in zip(holders, operators)]] = 1
    out[[e is not None and day > e for e in ends]] = 2
    out[[s is not None and day < s for s in starts]] = NONE
    return out


def post_statuses(posts: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, day: str | dt.date,
                  hostile: Mapping[str, Iterable[str]], lifespans: Span | None = None) -> pd.Series:
    """Status of every post on ``day`` (None before it was established), from areas by controller.

    ``lifespans`` (first and last days) default to the post kind's.
    """
    holder = pd.Series(None, index=posts.index, dtype=object)
    if not areas.empty:
        joined = gpd.sjoin(posts[["geometry"]], areas[["controller", "geometry"]], predicate="within")
        holder.loc[joined.index] = joined["controller"]
    starts, ends = lifespans or lifespan(posts, KINDS["post"])
    codes = status_codes(as_day(day), starts, ends, list(posts["operator"]), list(holder), hostile)
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
