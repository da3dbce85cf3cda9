"""Tables researchers already have, recognised by their columns and read as geo's events.

An ACLED export or a UCDP GED file needs no flag and no renaming: ``recognise`` finds which it
is from its header, and its ``convert`` rewrites the columns (as text cells, whole columns at a
time, so a million rows take seconds) into the event kind's fields. What cannot be converted is
left as it was found, so that the validator reports it against its row. Columns not used are
kept as they are (a popup lists them).

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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.schema import KIND_COLUMN


@dataclass(frozen=True)
class KnownTable:
    """A dataset's table: its name in messages, the columns that identify it, its converter."""

    name: str
    signature: frozenset[str]
    convert: Callable[[pd.DataFrame], pd.DataFrame]
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


DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%m-%Y", "%d/%m/%Y", "%d %b %Y")


def _iso_date(text: str) -> str:
    """A date as YYYY-MM-DD, from ISO text or the forms exports use ('07 February 2020',
    '07-02-2020', '07/02/2020'); text in none of them stays as it was, for the validator."""
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return text


def _iso_dates(values: pd.Series) -> pd.Series:
    return _per_distinct(values, _iso_date)


def _joined(*columns: pd.Series) -> pd.Series:
    """Several text columns as one ';'-separated list (empty items are dropped by the validator)."""
    return columns[0].str.cat(list(columns[1:]), sep=";")


def _named_sources(values: pd.Series, via: str) -> pd.Series:
    """'SOHR; Syria Direct' → a JSON list of sources named by ``via`` (one per distinct cell)."""
    def as_json(cell: str) -> str:
        names = [name.strip() for name in cell.split(";") if name.strip()]
        return json.dumps([{"publisher": name, "via": via} for name in names], ensure_ascii=False) if names else ""
    return _per_distinct(values, as_json)


ACLED_PRECISION_M = {"1": "2000", "2": "15000", "3": "50000"}
ACLED_PLACE_NOTE = {
    "1": "ACLED geo_precision 1: the source names this town; the point is the town's (±2 km)",
    "2": "ACLED geo_precision 2: near this town or in a small part of the region; coded to the town (±15 km)",
    "3": "ACLED geo_precision 3: only a larger region is known; coded to its capital or a natural feature (±50 km)",
}
ACLED_DATE_PRECISION = {"1": "day", "2": "week", "3": "month"}


def convert_acled(table: pd.DataFrame) -> pd.DataFrame:
    """An ACLED export as events: types, actors, fatalities, notes, named sources, precisions."""
    table = _lowered(table)
    date = _iso_dates(_text(table, "event_date"))
    time_precision = _text(table, "time_precision")
    month = time_precision == "3"
    date = date.where(~(month & date.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), date.str[:7])
    geo_precision = _text(table, "geo_precision")
    location = _text(table, "location")
    out = pd.DataFrame({
        "id": _text(table, "event_id_cnty"),
        "name": location.where(location != "", _text(table, "admin1")),
        "event_type": _text(table, "event_type"),
        "sub_event_type": _text(table, "sub_event_type"),
        "date": date,
        "date_precision": _mapped(time_precision, ACLED_DATE_PRECISION, lambda v: f"time_precision {v}"),
        "actors": _joined(*(_text(table, c) for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"))),
        "killed": _text(table, "fatalities"),
        "description": _text(table, "notes"),
        "sources": _named_sources(_text(table, "source"), "ACLED"),
        "confidence": "reported",
        "precision_m": _mapped(geo_precision, ACLED_PRECISION_M, lambda v: f"geo_precision {v}"),
        "location_note": _mapped(geo_precision, ACLED_PLACE_NOTE, lambda v: ""),
        KIND_COLUMN: "event",
    }, index=table.index)
    used = {"event_id_cnty", "location", "event_type", "sub_event_type", "event_date", "time_precision",
            "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "fatalities", "notes", "source",
            "geo_precision", KIND_COLUMN}
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


def convert_ucdp(table: pd.DataFrame) -> pd.DataFrame:
    """A UCDP GED table as events: type of violence, sides, best estimate of deaths, date span."""
    table = _lowered(table)
    start, end = _iso_dates(_text(table, "date_start").str[:10]), _iso_dates(_text(table, "date_end").str[:10])
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
        "sources": _named_sources(_text(table, "source_article").str.replace(";", ",", regex=False), "UCDP GED"),
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
    KnownTable("an ACLED export", frozenset({"event_id_cnty", "event_date", "event_type", "sub_event_type",
                                               "latitude", "longitude"}), convert_acled,
               "ACLED (Armed Conflict Location & Event Data), https://acleddata.com"),
    KnownTable("a UCDP GED table", frozenset({"type_of_violence", "date_start", "date_end", "where_prec",
                                                "latitude", "longitude"}), convert_ucdp,
               "UCDP Georeferenced Event Dataset (Uppsala University), https://ucdp.uu.se"),
)


def recognise(columns) -> KnownTable | None:
    """The known table whose columns these are, or None."""
    return next((known for known in KNOWN_TABLES if known.matches(columns)), None)
