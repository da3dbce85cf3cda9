"""When a feature exists: its kind's lifespan fields, read at the precision they were given.

A feature whose start is '2018-02' exists from 1 Feb 2018; one whose end is '2020-03' until
31 Mar 2020. A missing start or end means 'always' on that side.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.schema import DATE_SLACK_DAYS, Kind
from geo.values import period_end, period_start

Day = dt.date
Span = tuple[list[Day | None], list[Day | None]]


def as_day(value: str | Day) -> Day:
    return value if isinstance(value, Day) else dt.date.fromisoformat(value)


def _days(values, read) -> list[Day | None]:
    """Each ISO date text through ``read``, once per distinct value; None for anything else."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    days = [read(v) if isinstance(v, str) and v else None for v in uniques] + [None]
    table = np.empty(len(days), dtype=object)
    table[:] = days
    return table[codes].tolist()


def lifespan(frame: pd.DataFrame, kind: Kind) -> Span:
    """First and last day of each feature (None: unbounded); a date known only to the week
    (``kind.date_precision``) may lie DATE_SLACK_DAYS either side."""
    start, end = kind.lifespan

    def days(field: str | None, read) -> list[Day | None]:
        return _days(frame[field] if field and field in frame.columns else [None] * len(frame), read)

    starts, ends = days(start, period_start), days(end, period_end)
    if kind.date_precision and kind.date_precision in frame.columns:
        precision = frame[kind.date_precision].to_numpy(dtype=object)
        for i in np.flatnonzero(pd.Series(precision).isin(list(DATE_SLACK_DAYS)).to_numpy()).tolist():
            slack = dt.timedelta(days=DATE_SLACK_DAYS[precision[i]])
            if starts[i] is not None:
                ends[i] = max(ends[i] or starts[i], starts[i] + slack)
                starts[i] = starts[i] - slack
    return starts, ends


def shown_span(frame: pd.DataFrame, kind: Kind, event_days: int = 1) -> Span:
    """The days a feature is shown: its lifespan, and for kinds that linger (events) at least
    ``event_days`` from their date (an event of one day would otherwise flash past)."""
    starts, ends = lifespan(frame, kind)
    if kind.lingers:  # an event without an end lasts as long as its date covers ('2020-02': the month)
        linger = dt.timedelta(days=event_days - 1)
        covered = _days(frame[kind.lifespan[0]], period_end) if kind.lifespan[0] in frame.columns else ends
        ends = [max(end or cover or start, start + linger) if start else end
                for start, end, cover in zip(starts, ends, covered)]
    return starts, ends


def shown(span: Span, day: str | Day) -> list[bool]:
    """Whether each feature of ``span`` is shown on ``day``."""
    day = as_day(day)
    return [(s is None or s <= day) and (e is None or day <= e) for s, e in zip(*span)]


def exists_on(frame: pd.DataFrame, kind: Kind, day: str | Day) -> pd.Series:
    """True for the features that exist on ``day`` (lingering kinds: on their own dates only)."""
    return pd.Series(shown(shown_span(frame, kind), day), index=frame.index, dtype=bool)
