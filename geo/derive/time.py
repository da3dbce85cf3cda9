"""When a feature exists: its kind's lifespan fields, read at the precision they were given.

A feature whose start is '2018-02' exists from 1 Feb 2018; one whose end is '2020-03' until
31 Mar 2020. A missing start or end means 'always' on that side.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.schema import Kind
from geo.values import period_end, period_start

Day = dt.date
Span = tuple[list[Day | None], list[Day | None]]


def as_day(value: str | Day) -> Day:
    return value if isinstance(value, Day) else dt.date.fromisoformat(value)


def lifespan(frame: pd.DataFrame, kind: Kind) -> Span:
    """First and last day of each feature (None: unbounded)."""
    start, end = kind.lifespan

    def days(field: str | None, read) -> list[Day | None]:
        values = frame[field] if field and field in frame.columns else [None] * len(frame)
        return [read(v) if isinstance(v, str) and v else None for v in values]

    return days(start, period_start), days(end, period_end)


def shown_span(frame: pd.DataFrame, kind: Kind, event_days: int = 1) -> Span:
    """The days a feature is shown: its lifespan, and for kinds that linger (events) at least
    ``event_days`` from their date (an event of one day would otherwise flash past)."""
    starts, ends = lifespan(frame, kind)
    if kind.lingers:
        ends = [max(end or start, start + dt.timedelta(days=event_days - 1)) if start else end
                for start, end in zip(starts, ends)]
    return starts, ends


def shown(span: Span, day: str | Day) -> list[bool]:
    """Whether each feature of ``span`` is shown on ``day``."""
    day = as_day(day)
    return [(s is None or s <= day) and (e is None or day <= e) for s, e in zip(*span)]


def exists_on(frame: pd.DataFrame, kind: Kind, day: str | Day) -> pd.Series:
    """True for the features that exist on ``day`` (lingering kinds: on their own dates only)."""
    return pd.Series(shown(shown_span(frame, kind), day), index=frame.index, dtype=bool)
