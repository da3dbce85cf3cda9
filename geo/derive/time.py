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


def exists_on(frame: pd.DataFrame, day: str | Day) -> pd.Series:
    """True for the features that exist on ``day`` (events: on their own dates only)."""
    return shown_on(frame, day, event_days=1)


def shown_span(frame: pd.DataFrame, event_days: int = 1,
               kind: str | None = None) -> tuple[list[Day | None], list[Day | None]]:
    """The days a feature is shown: its lifespan, and for events at least ``event_days`` from
    their date (an event of one day would otherwise flash past on a date control)."""
    kind = kind or frame.attrs["kind"]
    starts, ends = lifespan(frame, kind)
    if kind == "event":
        ends = [max(end or start, start + dt.timedelta(days=event_days - 1)) if start else end
                for start, end in zip(starts, ends)]
    return starts, ends


def shown_on(frame: pd.DataFrame, day: str | Day, event_days: int = 1) -> pd.Series:
    """True for the features shown on ``day``."""
    day = as_day(day)
    starts, ends = shown_span(frame, event_days)
    return pd.Series([(s is None or s <= day) and (e is None or day <= e) for s, e in zip(starts, ends)],
                     index=frame.index, dtype=bool)
