"""Values a whole layer shares, filled in before its features are checked.

A tracker's daily snapshots carry no properties: whose side the polygons are, which source drew
them, and what kind of zone they are is said once for the layer (``defaults`` in the scenario),
and each snapshot's dates come from its file name. A feature's own value always wins.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.errors import InputError
from geo.read.folder import SNAPSHOT_DATE, SNAPSHOT_FILE, SNAPSHOT_NEXT
from geo.schema import Kind
from geo.values import is_missing


def check_defaults(defaults: Mapping[str, Any], kind: Kind, where: str) -> None:
    """InputError naming a default that is no field of the kind."""
    for name in defaults:
        if name not in kind.field_names:
            raise InputError(f"{where}: defaults: field {name!r}: expected one of the fields of "
                             f"{kind.name} layers ({', '.join(kind.field_names)}), found {name!r}")


def _fill(frame: gpd.GeoDataFrame, name: str, values: list[Any]) -> gpd.GeoDataFrame:
    """``name`` set to ``values`` where the feature has no value of its own."""
    own = list(frame[name]) if name in frame.columns else [None] * len(frame)
    out = frame.copy()
    # an object column, so that lists and tables (sources) stay whole
    out[name] = pd.Series([value if is_missing(mine) else mine for mine, value in zip(own, values)],
                          index=frame.index, dtype=object)
    return out


def with_defaults(frame: gpd.GeoDataFrame, defaults: Mapping[str, Any]) -> gpd.GeoDataFrame:
    """The frame with each default filled in where a feature has none of its own."""
    for name, value in defaults.items():
        frame = _fill(frame, name, [value] * len(frame))
    return frame


def with_snapshot_spans(frame: gpd.GeoDataFrame, kind: Kind) -> gpd.GeoDataFrame:
    """Features read from a folder of snapshots, given what the folder says of them: their kind's
    lifespan from the file's date until the day before the next snapshot (the last one: its own
    day), and an id from the file's name when they have none."""
    if SNAPSHOT_DATE not in frame.columns:
        return frame
    start, end = kind.lifespan
    days = list(frame[SNAPSHOT_DATE])
    if start:
        frame = _fill(frame, start, days)
    if end:
        last = [(dt.date.fromisoformat(nxt) - dt.timedelta(days=1)).isoformat() if nxt else day
                for day, nxt in zip(days, frame[SNAPSHOT_NEXT])]
        frame = _fill(frame, end, last)
    files = list(frame[SNAPSHOT_FILE])
    ids, seen = [], {}
    for name in files:
        stem = name.rsplit(".", 1)[0]
        seen[stem] = seen.get(stem, 0) + 1
        ids.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return _fill(frame, "id", ids).drop(columns=[SNAPSHOT_NEXT])
