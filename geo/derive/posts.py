"""Each post's status on a day, and the day each status began.

A post is 'withdrawn' after its withdrawn date; 'surrounded' while the circle of its location
precision lies wholly in land held by a side hostile to its operator; 'possibly surrounded' while
that circle straddles the front (part of where the post may be is hostile-held); 'operating'
otherwise. Before it was established it has no status (it is not on the map).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from geo.derive.time import Day

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


# Evidence near a post: reported places within its precision circle grown by this.
NEAR_M = 5000.0
_MOVABLE = [STATUSES.index(s) for s in ("operating", "surrounded", "possibly surrounded")]


def held_still(codes: np.ndarray, evidence_near: np.ndarray) -> np.ndarray:
    """Statuses that hold still: days × posts ``codes`` where a change between operating, possibly
    surrounded and surrounded stands only on a day when evidence near the post changed
    (``evidence_near``, days × posts: a place near it changed hands that day); on other days the
    post keeps its status, so a distant place moving a Voronoi edge across its circle changes
    nothing. Establishment and withdrawal always stand."""
    out = codes.copy()
    movable = np.isin(out, _MOVABLE)
    for day in range(1, len(out)):
        keep = (out[day] != out[day - 1]) & ~evidence_near[day] & movable[day] & np.isin(out[day - 1], _MOVABLE)
        out[day, keep] = out[day - 1, keep]
    return out


def hostile_sides(operators: Sequence[str], hostile: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """For each operator, the sides hostile to it."""
    return {op: {side for side, ops in hostile.items() if op in set(ops)} for op in set(operators)}


SPELL_COLUMNS = ["id", "name", "status", "since", "until", "since_or_before", "evidence"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def spells(ids: Sequence[str], names: Sequence[str], days: Sequence[Day], codes: np.ndarray,
           earlier: Sequence[Day | None] | None = None,
           evidence: Callable[[int, int], str] | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Every post's status spells, and the spell each post is in on each of ``days``.

    This is where "since" is defined, once, for everything that says it (the map's popups,
    `geo status`, `geo status --check`, the exports, the notebook): a post's status on a day holds
    *since* the first day of the unbroken spell of that exact status the day lies in. A change to
    another status and back starts a new spell, and the earlier ones stay in the history (Surman:
    surrounded 22–23 Dec 2019, possibly surrounded to 25 Jan 2020, surrounded since 26 Jan 2020).
    A spell already running on the first of ``days`` began on the day ``earlier`` gives for the
    post when that is before the first day (the evidence that explains it; None: nothing does),
    else on or before the first day (``since_or_before``).

    ``codes`` is days × posts of STATUSES indices (NONE: no status that day); ``evidence(day
    index, post)`` says what changed near the post on a spell's first day. Returns the spells,
    one row per post and spell (SPELL_COLUMNS; until None: still so on the last day), sorted by
    id and since; and days × posts: the row of the spell each post is in (-1: no status).
    """
    rows, at = [], np.full(codes.shape, -1, dtype=np.int64)
    for post in range(codes.shape[1]):
        column = codes[:, post]
        starts = [i for i in np.flatnonzero(np.diff(column, prepend=NONE - 1) != 0).tolist() if column[i] != NONE]
        for start in starts:
            following = np.flatnonzero(column[start:] != column[start])
            stop = start + int(following[0]) if len(following) else len(days)
            since, or_before = days[start], start == 0
            dated = earlier[post] if earlier is not None and start == 0 else None
            if dated is not None and dated < since:  # a report of the first day itself dates nothing
                since, or_before = dated, False
            at[start:stop, post] = len(rows)
            rows.append({"id": ids[post], "name": names[post], "status": STATUSES[column[start]],
                         "since": since, "until": days[stop] - dt.timedelta(days=1) if stop < len(days) else None,
                         "since_or_before": or_before,
                         "evidence": evidence(start, post) if evidence is not None else ""})
    table = pd.DataFrame(rows, columns=SPELL_COLUMNS)
    order = sorted(range(len(rows)), key=lambda r: (str(rows[r]["id"]), rows[r]["since"]))
    position = np.empty(len(rows) + 1, dtype=np.int64)
    position[order] = np.arange(len(rows))
    position[-1] = -1  # no status stays -1
    return table.iloc[order].reset_index(drop=True), position[at]


def day_text(day: Day) -> str:
    """'7 Feb 2020': a day as the popups, the histories and `geo status --check` write it (the map
    writes its chosen day the same way, with MONTHS from the payload)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def since_text(since: Day, or_before: bool) -> str:
    """'26 Jan 2020', or '1 Dec 2019 or before' when the spell may have begun earlier."""
    return day_text(since) + (" or before" if or_before else "")


def spell_text(status: str, since: Day, until: Day | None, or_before: bool = False) -> str:
    """One spell, compactly: 'surrounded since 26 Jan 2020', 'surrounded 22–23 Dec 2019',
    'possibly surrounded 24 Dec 2019 – 25 Jan 2020', 'operating 5 Feb – 10 Mar 2020',
    'possibly surrounded 11 Feb 2020' (one day)."""
    if until is None:
        return f"{status} since {since_text(since, or_before)}"
    if or_before or since.year != until.year:
        span = f"{since_text(since, or_before)} – {day_text(until)}"
    elif since == until:
        span = day_text(since)
    elif since.month != until.month:
        span = f"{since.day} {MONTHS[since.month - 1]} – {day_text(until)}"
    else:
        span = f"{since.day}–{day_text(until)}"
    return f"{status} {span}"


def history_texts(table: pd.DataFrame) -> dict[str, list[list[str]]]:
    """Each post's spells (a ``spells`` table) in order, each as [since (ISO), since as text, the
    spell as text]: what its popup lists, and joined with '; ' its ``history`` in `geo status`,
    `--check` and the exports."""
    out: dict[str, list[list[str]]] = {}
    for row in table.itertuples():
        until = None if row.until is None or pd.isna(row.until) else row.until
        or_before = bool(row.since_or_before)
        text = spell_text(row.status, row.since, until, or_before)
        if getattr(row, "evidence", ""):
            text += f" ({row.evidence})"
        out.setdefault(row.id, []).append([row.since.isoformat(), since_text(row.since, or_before), text])
    return out
