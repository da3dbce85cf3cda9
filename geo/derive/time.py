"""When a feature exists: its kind's lifespan fields, read at the precision they were given.

A feature whose start is '2018-02' exists from 1 Feb 2018; one whose end is '2020-03' until
31 Mar 2020. A missing start or end means 'always' on that side.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.schema import KINDS
from geo.values import period_end, period_start

Day = dt.date


def as_day(value: str | Day) -> Day:
    return value if isinstance(value, Day) else dt.date.fromisoformat(value)


def lifespan(frame: pd.DataFrame, kind: str | None = None) -> tuple[list[Day | None], list[Day | None]]:
    """First and last day of each feature (None: unbounded)."""
    start, end = KINDS[kind or frame.attrs["kind"]].lifespan
    def days(field: str | None, read) -> list[Day | None]:
        values = frame[field] if field and field in frame.columns else [None] * len(frame)
        return [read(v) if isinstance(v, str) and v else None for v in values]

    return days(start, period_start), days(end, period_end)


def exists_on(frame: pd.DataFrame, day: str | Day, kind: str | None = None) -> pd.Series:
    """True for the features that exist on ``day``."""
    day = as_day(day)
    starts, ends = lifespan(frame, kind)
    return pd.Series([(s is None or s <= day) and (e is None or day <= e) for s, e in zip(starts, ends)],
                     index=frame.index, dtype=bool)
