"""Each post's status on a day, and the day each status began.

A post is 'withdrawn' after its withdrawn date, 'surrounded' while it lies inside an area held by
a controller hostile to its operator, and 'operating' otherwise. Before it was established it
has no status (it is not on the map).
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, Mapping

import geopandas as gpd
import pandas as pd

from geo.derive.time import as_day, lifespan

STATUSES = ("operating", "surrounded", "withdrawn")


def post_statuses(posts: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, day: str | dt.date,
                  hostile: Mapping[str, Iterable[str]]) -> pd.Series:
    """Status of every post on ``day`` (None before it was established).

    ``hostile`` maps a controller to the operators it is hostile to.
    """
    day = as_day(day)
    starts, ends = lifespan(posts, "post")
    holder = pd.Series(None, index=posts.index, dtype=object)
    if not areas.empty:
        joined = gpd.sjoin(posts[["geometry"]], areas[["controller", "geometry"]], predicate="within")
        holder.loc[joined.index] = joined["controller"]
    out = []
    for i, (start, end) in enumerate(zip(starts, ends)):
        if start is not None and day < start:
            out.append(None)
        elif end is not None and day > end:
            out.append("withdrawn")
        elif holder.iloc[i] is not None and posts["operator"].iloc[i] in set(hostile.get(holder.iloc[i], ())):
            out.append("surrounded")
        else:
            out.append("operating")
    return pd.Series(out, index=posts.index, dtype=object)


def status_history(posts: gpd.GeoDataFrame, days: Iterable[dt.date],
                   statuses_on: Callable[[dt.date], pd.Series]) -> pd.DataFrame:
    """One row per post and status spell: id, name, status, since, until (None: still so).

    ``days`` are the days anything can change; ``statuses_on(day)`` gives every post's status.
    """
    rows, current = [], {}
    for day in sorted(set(days)):
        for post_id, status in zip(posts["id"], statuses_on(day)):
            previous = current.get(post_id)
            if previous and previous["status"] == status:
                continue
            if previous:
                previous["until"] = day - dt.timedelta(days=1)
            if status is None:
                current.pop(post_id, None)
                continue
            current[post_id] = {"id": post_id, "status": status, "since": day, "until": None}
            rows.append(current[post_id])
    names = dict(zip(posts["id"], posts["name"]))
    table = pd.DataFrame(rows, columns=["id", "status", "since", "until"])
    table.insert(1, "name", table["id"].map(names))
    return table.sort_values(["id", "since"], kind="stable").reset_index(drop=True)
