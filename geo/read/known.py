"""Tables researchers already have, recognised by their columns and read as geo's events.

An ACLED export or a UCDP GED file needs no flag and no renaming: ``recognise`` finds which it
is from its header, and its ``convert`` rewrites the columns (as text cells, whole columns at a
time, so a million rows take seconds) into the event kind's fields. What cannot be converted is
left as it was found, so that the validator reports it against its row. Columns not used are
kept as they are (a popup lists them).

ACLED exports of every vintage are read: the current ones (the website's, whose dates read
``09 May 2020`` or ``9-May-20``, and the API's, lower case with ``timestamp``, ``iso``, ``tags``…)
and the 2016–2018 format (upper case, ``ALLY_ACTOR_1`` for ``assoc_actor_1``, no
``sub_event_type``), whose event types are mapped to the current ones, the old type kept as the
sub-type where it says more (``Battle-Government regains territory`` → battles, sub-type
``Government regains territory``). UCDP GED's ``source_article`` (``"Agence France
Presse,2017-08-01,Headline";"Pajhwok News,2017-07-31,Headline"``) becomes one source per article:
publisher, date and title.

Precision in metres from the datasets' codes is geo's reading of their codebooks, said in each
feature's ``location_note``:

- ACLED ``geo_precision`` 1: the source names the town, whose coordinates ACLED gives (±2 km);
  2: near a town or a small part of a region, coded to a nearby town (±15 km); 3: a larger
  region, coded to its capital or a natural feature (±50 km).
- ACLED ``time_precision`` 1: the day; 2: only the week is known (shown 3 days either side);
  3: only the month (the date becomes YYYY-MM: the whole month).
- UCDP GED ``where_prec`` 1 exact place (±1 km), 2 within 25 km, 3 second-order administrative
  unit (±50 km), 4 first-order unit (±150 km), 5 a stretch of road or river or an area larger
  than 25 km (±100 km), 6 the country, 7 international waters or air space (±500 km);
  ``date_start``..``date_end`` is the span the event is shown over.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.dates import parse_date_column
from geo.schema import ACLED_EVENT_TYPES, KIND_COLUMN

Notes = list[str] | None  # where a converter says what the user should know of how it read the table


@dataclass(frozen=True)
class KnownTable:
    """A dataset's table: its name in messages, the columns that identify it, its converter."""

    name: str
    signature: frozenset[str]
    convert: Callable[[pd.DataFrame, Notes], pd.DataFrame]
    citation: str  # who publishes it, for the read's notes

    def matches(self, columns) -> bool:
        return self.signature <= {str(c).strip().lower() for c in columns}


def _lowered(table: pd.DataFrame) -> pd.DataFrame:
    return table.rename(columns={c: str(c).strip().lower() for c in table.columns})


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    """A column's cells as text ('' where the table has no such column; the validator strips)."""
    if column not in table.columns:
        return pd.Series("", index=table.index, dtype="str")
    return table[column].astype("str").fillna("")


def _per_distinct(values: pd.Series, convert: Callable[[str], str]) -> pd.Series:
    """``convert`` of each cell, called once per distinct cell."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    table = pd.array([convert(u) for u in np.asarray(uniques, dtype=object)] or [""], dtype="str")
    return pd.Series(table.take(codes), index=values.index)


def _mapped(values: pd.Series, mapping: dict[str, str], found: Callable[[str], str]) -> pd.Series:
    """Each cell through ``mapping``; a cell it lacks becomes ``found(cell)`` (for the validator)."""
    return _per_distinct(values, lambda v: mapping.get(v, found(v) if v else ""))


def _iso_date(text: str) -> str:
    """One date as YYYY-MM-DD ('07 February 2020', '9-May-20', '07/02/2016' read day first);
    text that is no date stays as it was, for the validator."""
    return _iso_dates(pd.Series([text]))[0]


def _iso_dates(values: pd.Series, notes: Notes = None, field: str = "") -> pd.Series:
    """A column of dates as YYYY-MM-DD (``geo.dates``: the forms exports use, slashed dates read in
    the one order the column allows); cells it cannot read stay as they were, for the validator.
    How the column was read, when that needs saying, goes to ``notes``."""
    column = parse_date_column(values)
    if column.note and notes is not None:
        notes.append(f"{field}: {column.note}" if field else column.note)
    read = pd.Series(column.values, index=values.index, dtype=object)
    return read.where(read.notna(), "").astype("str")


def _joined(*columns: pd.Series) -> pd.Series:
    """Several text columns as one ';'-separated list (empty items are dropped by the validator)."""
    return columns[0].str.cat(list(columns[1:]), sep=";")


def _named_sources(values: pd.Series, via: str) -> pd.Series:
    """'SOHR; Syria Direct' → a JSON list of sources named by ``via`` (one per distinct cell)."""
    def as_json(cell: str) -> str:
        names = [name.strip() for name in cell.split(";") if name.strip()]
        return json.dumps([{"publisher": name, "via": via} for name in names], ensure_ascii=False) if names else ""
    return _per_distinct(values, as_json)


# One article of UCDP GED's source_article: "Agence France Presse,2017-08-01,Headline" (quoted or not).
_ARTICLE = re.compile(r'(?P<publisher>[^,;"]+?)\s*,\s*(?P<date>\d{4}-\d{2}-\d{2})(?:[ T][0-9:.]+)?\s*'
                      r'(?:,\s*(?P<title>.*))?', re.DOTALL)
# A ';' that starts another such article (a headline may hold a ';' of its own)
_NEXT_ARTICLE = re.compile(r';\s*(?="?[^;,"]+?\s*,\s*\d{4}-\d{2}-\d{2}(?:[ T][0-9:.]+)?\s*(?:,|"|$))')


def _unquoted(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text


def _real_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def ged_articles(cell: str, via: str = "UCDP GED") -> list[dict[str, str]]:
    """UCDP GED's source_article as sources: each '"Publisher,YYYY-MM-DD,Headline"' (';' between
    them) as {publisher, date, title, via}; an article in another form (GED's older entries, e.g.
    'The Times 13 Jan 1989 "Headline') as {publisher: its whole text, via}."""
    sources = []
    for item in _NEXT_ARTICLE.split(cell):
        text = _unquoted(item)
        if not text:
            continue
        found = _ARTICLE.fullmatch(text)
        if found is None or not _real_day(found["date"]):
            sources.append({"publisher": text, "via": via})
            continue
        source = {"publisher": found["publisher"].strip(), "date": found["date"]}
        title = _unquoted(found["title"] or "")
        if title:
            source["title"] = title
        sources.append({**source, "via": via})
    return sources


def _ged_sources(values: pd.Series) -> pd.Series:
    """UCDP GED's source_article cells as JSON lists of sources (one parse per distinct cell)."""
    def as_json(cell: str) -> str:
        sources = ged_articles(cell)
        return json.dumps(sources, ensure_ascii=False) if sources else ""
    return _per_distinct(values, as_json)


ACLED_PRECISION_M = {"1": "2000", "2": "15000", "3": "50000"}
ACLED_PLACE_NOTE = {
    "1": "ACLED geo_precision 1: the source names this town; the point is the town's (±2 km)",
    "2": "ACLED geo_precision 2: near this town or in a small part of the region; coded to the town (±15 km)",
    "3": "ACLED geo_precision 3: only a larger region is known; coded to its capital or a natural feature (±50 km)",
}
ACLED_DATE_PRECISION = {"1": "day", "2": "week", "3": "month"}


# ACLED's event types before its 2019 revision → (the current type, the sub-type the old one gives).
# 'Battle-...' types are battles, the rest of the name their sub-type ('Government regains territory').
ACLED_OLD_TYPES = {
    "remote violence": ("explosions/remote violence", "Remote violence"),
    "riots/protests": ("protests", "Riots/Protests"),
    "strategic development": ("strategic developments", "Strategic development"),
    "non-violent transfer of territory": ("strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("strategic developments", "Headquarters or base established"),
    "violence against civilians": ("violence against civilians", ""),
}
_BATTLE = re.compile(r"battles?\s*-\s*(?P<sub>.+)", re.IGNORECASE)
# The older exports' names of the actors' associates
ACLED_ALLIES = {"assoc_actor_1": "ally_actor_1", "assoc_actor_2": "ally_actor_2"}


def acled_type(text: str) -> tuple[str, str] | None:
    """(current event type, sub-type) of an event type of ACLED's pre-2019 exports; None for a
    current type, or a text that is no ACLED type (the validator judges it as it is)."""
    words = " ".join(text.split())
    lowered = words.lower()
    if lowered in ACLED_EVENT_TYPES:
        return None
    battle = _BATTLE.fullmatch(words)
    if battle:
        return "battles", battle["sub"].strip()
    return ACLED_OLD_TYPES.get(lowered)


def _acled_types(table: pd.DataFrame, notes: Notes) -> tuple[pd.Series, pd.Series]:
    """The event_type and sub_event_type columns, old types mapped to current ones; the row's own
    sub_event_type, where it has one, is kept."""
    given = _text(table, "event_type")
    codes, uniques = pd.factorize(given, use_na_sentinel=False)
    mapped = [acled_type(str(u)) for u in uniques]
    types = pd.Series(np.asarray([m[0] if m else u for m, u in zip(mapped, uniques)] or [""],
                                 dtype=object).take(codes), index=table.index, dtype="str")
    derived = pd.Series(np.asarray([m[1] if m else "" for m in mapped] or [""], dtype=object).take(codes),
                        index=table.index, dtype="str")
    own = _text(table, "sub_event_type")
    old = [(str(u), m) for u, m in zip(uniques, mapped) if m]
    if old and notes is not None:
        rows = int(sum((codes == i).sum() for i, m in enumerate(mapped) if m))
        example, (new, sub) = old[0]
        notes.append(f"mapped the event types of ACLED's pre-2019 format to the current ones in {rows} rows "
                     f"(e.g. {example!r} → {new}" + (f", sub-type {sub!r})" if sub else ")"))
    return types, own.where(own.str.strip() != "", derived)


def _actor(table: pd.DataFrame, column: str) -> pd.Series:
    """An actor column, under its current name or its older one (ally_actor_1 for assoc_actor_1)."""
    old = ACLED_ALLIES.get(column)
    if column not in table.columns and old in table.columns:
        column = old
    return _text(table, column)


def convert_acled(table: pd.DataFrame, notes: Notes = None) -> pd.DataFrame:
    """An ACLED export (any vintage) as events: types, actors, fatalities, notes, named sources,
    precisions."""
    table = _lowered(table)
    date = _iso_dates(_text(table, "event_date"), notes, "event_date")
    time_precision = _text(table, "time_precision")
    month = time_precision == "3"
    date = date.where(~(month & date.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), date.str[:7])
    geo_precision = _text(table, "geo_precision")
    location = _text(table, "location")
    event_type, sub_event_type = _acled_types(table, notes)
    out = pd.DataFrame({
        "id": _text(table, "event_id_cnty"),
        "name": location.where(location != "", _text(table, "admin1")),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "date": date,
        "date_precision": _mapped(time_precision, ACLED_DATE_PRECISION, lambda v: f"time_precision {v}"),
        "actors": _joined(*(_actor(table, c) for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"))),
        "killed": _text(table, "fatalities"),
        "description": _text(table, "notes"),
        "sources": _named_sources(_text(table, "source"), "ACLED"),
        "confidence": "reported",
        "precision_m": _mapped(geo_precision, ACLED_PRECISION_M, lambda v: f"geo_precision {v}"),
        "location_note": _mapped(geo_precision, ACLED_PLACE_NOTE, lambda v: ""),
        KIND_COLUMN: "event",
    }, index=table.index)
    used = {"event_id_cnty", "location", "event_type", "sub_event_type", "event_date", "time_precision",
            "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", *ACLED_ALLIES.values(), "fatalities", "notes",
            "source", "geo_precision", KIND_COLUMN}
    rest = table[[c for c in table.columns if c not in used and c not in out.columns]]
    return pd.concat([out, rest], axis=1)


UCDP_VIOLENCE = {"1": "state-based violence", "2": "non-state violence", "3": "one-sided violence"}
UCDP_PRECISION_M = {"1": "1000", "2": "25000", "3": "50000", "4": "150000", "5": "100000", "6": "500000",
                    "7": "500000"}
UCDP_PLACE_NOTE = {
    "1": "UCDP where_prec 1: the exact place (±1 km)",
    "2": "UCDP where_prec 2: within about 25 km of this point",
    "3": "UCDP where_prec 3: only the second-order administrative unit is known (±50 km)",
    "4": "UCDP where_prec 4: only the first-order administrative unit is known (±150 km)",
    "5": "UCDP where_prec 5: along a road or river, or an area larger than 25 km (±100 km)",
    "6": "UCDP where_prec 6: only the country is known",
    "7": "UCDP where_prec 7: international waters or air space",
}


def convert_ucdp(table: pd.DataFrame, notes: Notes = None) -> pd.DataFrame:
    """A UCDP GED table as events: type of violence, sides, best estimate of deaths, date span,
    one source per article cited."""
    table = _lowered(table)
    start = _iso_dates(_text(table, "date_start"), notes, "date_start")
    end = _iso_dates(_text(table, "date_end"), notes, "date_end")
    where = _text(table, "where_prec")
    out = pd.DataFrame({
        "id": _text(table, "id"),
        "name": _text(table, "where_coordinates"),
        "event_type": _mapped(_text(table, "type_of_violence"), UCDP_VIOLENCE, lambda v: f"type_of_violence {v}"),
        "sub_event_type": _text(table, "dyad_name"),
        "date": start,
        "end_date": end.where(end != start, ""),
        "actors": _joined(_text(table, "side_a"), _text(table, "side_b")),
        "killed": _text(table, "best"),
        "description": _text(table, "where_description"),
        "sources": _ged_sources(_text(table, "source_article")),
        "confidence": "reported",
        "precision_m": _mapped(where, UCDP_PRECISION_M, lambda v: f"where_prec {v}"),
        "location_note": _mapped(where, UCDP_PLACE_NOTE, lambda v: ""),
        KIND_COLUMN: "event",
    }, index=table.index)
    used = {"id", "where_coordinates", "type_of_violence", "dyad_name", "date_start", "date_end", "side_a",
            "side_b", "best", "where_description", "source_article", "where_prec", "geom_wkt", KIND_COLUMN}
    rest = table[[c for c in table.columns if c not in used and c not in out.columns]]
    return pd.concat([out, rest], axis=1)


KNOWN_TABLES = (
    # sub_event_type is not in the signature: exports before 2019 have none
    KnownTable("an ACLED export", frozenset({"event_id_cnty", "event_date", "event_type",
                                               "latitude", "longitude"}), convert_acled,
               "ACLED (Armed Conflict Location & Event Data), https://acleddata.com"),
    KnownTable("a UCDP GED table", frozenset({"type_of_violence", "date_start", "date_end", "where_prec",
                                                "latitude", "longitude"}), convert_ucdp,
               "UCDP Georeferenced Event Dataset (Uppsala University), https://ucdp.uu.se"),
)


def recognise(columns) -> KnownTable | None:
    """The known table whose columns these are, or None."""
    return next((known for known in KNOWN_TABLES if known.matches(columns)), None)


def known_frame(frame, notes: list[str] | None = None):
    """A frame with geometry (a GeoJSON export, a GeoDataFrame) whose columns are a known table's
    but for the coordinates: its attributes converted as the table's are, its geometry kept; else
    the frame as it was."""
    columns = {str(c).strip().lower() for c in frame.columns} | {"latitude", "longitude"}
    known = recognise(columns)
    if known is None or "kind" in frame.columns:
        return frame
    if notes is not None:
        notes.append(f"read as {known.name} ({known.citation}); its columns mapped to the event fields")
    attributes = known.convert(pd.DataFrame(frame.drop(columns=frame.geometry.name)), notes)
    return frame[[frame.geometry.name]].join(attributes.drop(columns=[frame.geometry.name], errors="ignore"))
