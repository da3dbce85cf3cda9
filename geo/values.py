"""Coercion of one raw cell value to a field's type.

Each ``to_<type>`` returns the clean value or raises ``BadValue`` saying what was found. Values
arrive from many readers: None/NaN for missing, numpy arrays or JSON text for lists, pandas
timestamps or strings for dates.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from geo.dates import DATE_FORMS_ACCEPTED, parse_unambiguous
from geo.schema import SOURCE_DATES, SOURCE_KEYS, SOURCE_REQUIRED, SOURCE_TEXT, Field
from geo.symbology.names import check_known
from geo.symbology.sidc import EXPECTED as SIDC_EXPECTED
from geo.symbology.sidc import SidcError, parse_sidc

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadValue(ValueError):
    """The value is not of the expected form; the message describes what was found."""

    def __init__(self, expected: str, found: str):
        super().__init__(found)
        self.expected = expected
        self.found = found


def short_repr(value: Any) -> str:
    """A short, quoted rendering of a bad value for an error message."""
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, (list, tuple, np.ndarray)) and len(value) == 0:
        return True
    return False


def to_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return str(value)
    raise BadValue("text", short_repr(value))


def to_sidc(value: Any) -> str:
    """A military symbol code as its 20 digits, one the symbol catalogue can name and draw."""
    if isinstance(value, (float, np.floating)):
        raise BadValue(SIDC_EXPECTED + " written as text", f"the number {value!r} (a number this long "
                       "loses digits: quote it, or read the column as text)")
    if isinstance(value, np.integer):
        value = int(value)
    try:
        sidc = parse_sidc(value)
        check_known(sidc)
    except SidcError as bad:
        raise BadValue(bad.expected, bad.found) from None
    return str(sidc)


def to_number(value: Any, field: Field) -> float:
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        raise BadValue("a number", short_repr(value)) from None
    if not math.isfinite(number):
        raise BadValue("a finite number", short_repr(value))
    if field.minimum is not None and number < field.minimum:
        raise BadValue(f"a number >= {field.minimum:g}", short_repr(value))
    return number


def to_integer(value: Any, field: Field) -> int:
    number = to_number(value, field)
    if number != int(number):
        raise BadValue("a whole number", short_repr(value))
    return int(number)


def to_date(value: Any) -> str:
    """An ISO 8601 date string, keeping the precision given (2018, 2018-02 or 2018-02-05).

    Other forms a single value settles alone (a time after the day, '9-May-20', '07 February
    2020') are read too; '5/9/2020' is not, as its order is decided per column (geo.dates).
    """
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip() if isinstance(value, str) else None
    match = _DATE.match(text) if text else None
    if not match:
        reading = parse_unambiguous(text) if text else None
        if reading is None:
            raise BadValue(DATE_FORMS_ACCEPTED, short_repr(value))
        return reading
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise BadValue("a real calendar date", short_repr(value)) from None
    return text


def period_start(text: str) -> dt.date:
    """The first day a reduced-precision ISO date covers: 2018-02 → 2018-02-01."""
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def period_end(text: str) -> dt.date:
    """The last day a reduced-precision ISO date covers: 2018-02 → 2018-02-28."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def to_choice(value: Any, field: Field) -> str:
    text = to_text(value).lower() if isinstance(value, str) else None
    if text not in field.choices:
        raise BadValue("one of " + ", ".join(field.choices), short_repr(value))
    return text


def _as_list(value: Any, what: str) -> list | None:
    """A real list or a JSON array as a list; None for other text (the caller splits it)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as exc:
                raise BadValue(f"{what} as a JSON array", f"invalid JSON ({exc.msg})") from None
            if isinstance(parsed, list):
                return parsed
        return None  # a plain string: the caller decides
    raise BadValue(what, short_repr(value))


def to_list(value: Any) -> list[str]:
    """A list of text: a real list, a JSON array, or text separated by ';'."""
    items = _as_list(value, "a list of text")
    if items is None:
        items = value.split(";")
    out = []
    for item in items:
        if not isinstance(item, str):
            raise BadValue("a list of text", short_repr(value))
        if item.strip():
            out.append(item.strip())
    return out


def is_web_url(text: str) -> bool:
    """True only for absolute http(s) URLs: anything else must never become a link."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(
        c.isspace() or ord(c) < 32 for c in text)


def to_sources(value: Any) -> tuple[list[dict[str, str]], list[tuple[str, str, str]]]:
    """The list of sources, and (sub-field, expected, found) for every bad entry.

    A source is an object with publisher, url (http or https) and date (of publication; or, for
    a page that shows none, ``accessed``: the day it was read); title and note are optional. One
    that a dataset names by publisher only says so in ``via`` (e.g. 'ACLED') and needs no more.
    Problems are collected, not raised, so that every bad source is reported.
    """
    items = _as_list(value, "a list of sources")
    if items is None:
        raise BadValue("a list of sources as JSON", short_repr(value))
    clean, problems = [], []
    for number, item in enumerate(items, start=1):
        where = f"sources[{number}]"
        if not isinstance(item, dict):
            problems.append((where, "an object with publisher, url and date", short_repr(item)))
            continue
        source, faults = _one_source(item, where)
        clean.append(source)
        problems += faults
    if not items:
        problems.append(("sources", "at least one source", "an empty list"))
    return clean, problems


def _one_source(item: dict, where: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """One source object typed, and (sub-field, expected, found) for each fault in it."""
    source: dict[str, str] = {}
    problems: list[tuple[str, str, str]] = []
    named_only = not is_missing(item.get("via"))  # named by a dataset: no URL or date to give
    for key in SOURCE_REQUIRED:
        raw = item.get(key)
        if is_missing(raw):
            if not (named_only and key != "publisher"):
                problems.append((f"{where}.{key}", "a value", "nothing"))
            continue
        try:
            source[key] = to_text(raw)
        except BadValue as bad:
            problems.append((f"{where}.{key}", bad.expected, bad.found))
            continue
        if key == "url" and not is_web_url(source[key]):
            problems.append((f"{where}.url", "an http:// or https:// URL", short_repr(raw)))
    for keys, coerce in ((SOURCE_DATES, to_date), (SOURCE_TEXT + ("via",), to_text)):
        for key in keys:
            raw = item.get(key)
            if not is_missing(raw):
                try:
                    source[key] = coerce(raw)
                except BadValue as bad:
                    problems.append((f"{where}.{key}", bad.expected, bad.found))
    if all(is_missing(item.get(key)) for key in SOURCE_DATES) and not named_only:
        problems.append((f"{where}.date", "a publication date (or, for a page that shows none, the day it "
                         "was read, in 'accessed')", "nothing"))
    unknown = sorted(set(item) - set(SOURCE_KEYS))
    if unknown:
        problems.append((where, "only " + ", ".join(SOURCE_KEYS), "also " + ", ".join(unknown)))
    return source, problems
