"""Derived statuses held against the record: the days sources report posts were surrounded.

The map's central claim is who held what and which posts were surrounded, when; this says, post by
post, how far the derived first day of 'surrounded' is from the reported one.
"""
from __future__ import annotations

import pandas as pd

from geo.derive.timeline import Timeline
from geo.values import period_end, period_start

TOLERANCE_DAYS = 3
CHECK_COLUMNS = ["post_id", "name", "reported", "derived", "difference_days", "within", "possibly_since",
                 "history"]


def _difference(derived, start, end) -> int:
    """Days from the reported period to the derived day: 0 inside it (a report of 'January 2020'
    is met by any day of January), negative before it, positive after."""
    if derived < start:
        return (derived - start).days
    return max((derived - end).days, 0)


def check_record(timeline: Timeline, record: pd.DataFrame, event: str = "surrounded") -> pd.DataFrame:
    """One row per post in the record: reported date (the earliest report, at the precision it was
    given: a day or a month), derived first day of ``event`` (the start of its first spell; None:
    never), the difference in days from the reported day or period, whether it is within
    ±TOLERANCE_DAYS, since when the post was first 'possibly surrounded' (its position too uncertain
    to say), and its history: every spell, from the same table as the popups' and `geo status`'s
    "since" (``posts.spells``)."""
    history = timeline.status_history
    names = dict(zip(history["id"], history["name"]))
    rows = []
    for post, group in record[record["event"] == event].groupby("post_id", sort=True):
        reported = min(group["date"], key=lambda d: (period_start(d), period_end(d)))
        spells = history[history["id"] == post]
        first = spells.loc[spells["status"] == event, "since"]
        possibly = spells.loc[spells["status"] == f"possibly {event}", "since"]
        derived = first.min() if len(first) else None
        difference = (_difference(derived, period_start(reported), period_end(reported))
                      if derived is not None else None)
        rows.append({"post_id": post, "name": names.get(post, post), "reported": reported,
                     "derived": derived.isoformat() if derived is not None else None,
                     "difference_days": difference,
                     "within": difference is not None and abs(difference) <= TOLERANCE_DAYS,
                     "possibly_since": possibly.min().isoformat() if len(possibly) else None,
                     "history": timeline.history(post)})
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)
