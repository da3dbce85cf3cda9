"""Dates as real exports write them, read to ISO 8601 text.

Spreadsheets and dataset exports write one date many ways: ``2020-02-07T13:45:00Z``,
``9-May-20``, ``07 February 2020``, ``5/9/2020`` or ``9/5/2020``, or an Excel serial day number
(``43868``). Some of these can only be read a whole column at a time: whether ``5/9/2020`` is
5 September or 9 May is decided by the other values in its column, and ``43868`` is a day only
when every value beside it is one too. So the work is per column (and per distinct value, as a
million rows hold only a few thousand dates); cells that cannot be read come back as they were,
for the validator to report with the file and feature they belong to.

Rules worth knowing:

* Reduced precision is kept: ``2018`` stays ``2018``, ``2018-02`` stays ``2018-02``.
* A time is dropped and its day kept as written (no time zone conversion).
* Two-digit years follow POSIX ``strptime %y``: 00–68 are 2000–2068, 69–99 are 1969–1999.
* Slashed numeric dates (``/``, ``.`` or ``-`` between all-numeric parts) are read in one order
  for the whole column: day first if some value can only be day first (``13/5/2020``), month
  first if some can only be month first (``5/13/2020``); a column with both is left unread. When
  no value decides, they are read **day first** (as most of the world, and ACLED or UCDP users,
  write them), and the column's note says so.
* Month names are English, full or three-letter (``Sept`` too), in any case.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

DATE_FORMS_ACCEPTED = (
    "a date as YYYY-MM-DD (or YYYY-MM, YYYY), with or without a time; 9-May-20; 07 February 2020 or "
    "February 7, 2020; 5/9/2020 or 9/5/2020 (the order decided per column); or an Excel serial day number")

DAY_FIRST, MONTH_FIRST = "day-first", "month-first"
SERIAL_RANGE = (20000, 80000)  # 1954-10-03 .. 2119-01-10: no year falls in it
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's 1900 system, past its fictitious 1900-02-29

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
                  r" ?(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?)?)?)?", re.IGNORECASE)
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}}){_ORDINAL}[\s./-]*([a-z]{{3,9}})\.?[\s.,/-]+(\d{{4}}|\d{{2}})",
                             re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"([a-z]{{3,9}})\.?[\s./-]*(\d{{1,2}}){_ORDINAL},?[\s./-]+(\d{{4}}|\d{{2}})",
                             re.IGNORECASE)
_SLASHED = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_NUMBER = re.compile(r"\d+(?:\.\d*)?")
_RAW = object()  # a reading of "unreadable": the caller gets the cell back as it was


@dataclass(frozen=True)
class DateColumn:
    """A column's dates as ISO text, the raw cell where unreadable, None where missing.

    ``order`` is how slashed numeric dates were read (``"day-first"``, ``"month-first"``, or None
    when there were none, or the column mixed both); ``note`` says what a reader of the map
    should know about how the column was read (an undecided order, Excel serials), or None.
    """
    values: list[Any]
    order: str | None
    note: str | None


@dataclass(frozen=True)
class _Number:
    """A number: a year, or an Excel serial when the whole column is serials."""
    value: float


@dataclass(frozen=True)
class _Slashed:
    """``a/b/yyyy``: which of a and b is the day is decided for the whole column."""
    text: str
    first: int
    second: int
    year: int
    separator: str
    short_year: bool

    def read(self, order: str) -> dt.date | None:
        day, month = (self.first, self.second) if order == DAY_FIRST else (self.second, self.first)
        return _date(self.year, month, day)

    def decides(self) -> str | None:
        """The only order this value can be read in, or None if it can be read in both or neither."""
        day_first, month_first = self.read(DAY_FIRST), self.read(MONTH_FIRST)
        if bool(day_first) == bool(month_first):
            return None
        return DAY_FIRST if day_first else MONTH_FIRST


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(digits: str) -> int:
    """A year of 4 digits as it is; of 2 as POSIX %y reads it (00–68 → 20xx, 69–99 → 19xx)."""
    year = int(digits)
    if len(digits) > 2:
        return year
    return year + (2000 if year <= 68 else 1900)


def _missing(cell: Any) -> bool:
    if cell is None or cell is pd.NA or cell is pd.NaT:
        return True
    if isinstance(cell, (float, np.floating)) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not cell.strip()


def _iso(text: str) -> str | None:
    """ISO 8601 at the precision written, a time dropped; None if not ISO or not a real date."""
    match = _ISO.fullmatch(text)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups())
    if _date(year, month or 1, day or 1) is None or (hour or 0) > 24 or (minute or 0) > 59 or (second or 0) > 60:
        return None
    return "-".join(match.group(i) for i in (1, 2, 3) if match.group(i))


def _named_month(text: str) -> str | None:
    """'9-May-20', '07 February 2020', 'February 7, 2020' as YYYY-MM-DD; None otherwise."""
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        match = pattern.fullmatch(text)
        month = _MONTHS.get(match.group(month_group).lower()) if match else None
        if month:
            day = _date(_full_year(match.group(3)), month, int(match.group(day_group)))
            return day.isoformat() if day else None
    return None


def parse_unambiguous(cell: Any) -> str | None:
    """A cell whose date needs no look at its column (ISO, with or without a time; a month
    named; a timestamp), as ISO text at its precision; None for anything else."""
    if isinstance(cell, np.datetime64):
        cell = pd.Timestamp(cell)
    if isinstance(cell, dt.datetime):  # pandas Timestamps too
        return None if cell is pd.NaT else cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.split())
    return _iso(text) or _named_month(text)


def _reading(cell: Any) -> Any:
    """One distinct cell read as far as it can be alone: ISO text, None (blank), a _Number or
    _Slashed for the column to decide, or _RAW."""
    if _missing(cell):
        return None
    known = parse_unambiguous(cell)
    if known:
        return known
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, (bool, np.bool_)):
        return _Number(float(cell)) if math.isfinite(cell) else _RAW
    if not isinstance(cell, str):
        return _RAW
    text = cell.strip()
    if _NUMBER.fullmatch(text):
        return _Number(float(text))
    match = _SLASHED.fullmatch(text)
    if match:
        first, separator, second, year = match.groups()
        return _Slashed(text, int(first), int(second), _full_year(year), separator, len(year) == 2)
    return _RAW


def _format_reading(cell: Any, date_format: str) -> Any:
    """A cell read with a given strptime form; forms no column decides (ISO, a month named, a
    timestamp) are still read as such, as the validator would accept them anyway."""
    if _missing(cell):
        return None
    known = parse_unambiguous(cell)
    if known:
        return known
    if isinstance(cell, (float, np.floating)) and float(cell).is_integer():
        cell = int(cell)
    if isinstance(cell, bool) or not isinstance(cell, (str, int, np.integer)):
        return _RAW
    try:
        stamp = dt.datetime.strptime(str(cell).strip(), date_format)
    except ValueError:
        return _RAW
    directives = set(re.findall(r"%(.)", date_format))
    parts = 3 if directives & {"d", "j"} else 2 if directives & {"m", "b", "B"} else 1
    return stamp.date().isoformat()[:(4, 7, 10)[parts - 1]]


def _format_order(date_format: str) -> str | None:
    if "%d" in date_format and "%m" in date_format:
        return DAY_FIRST if date_format.index("%d") < date_format.index("%m") else MONTH_FIRST
    return None


def _spoken(day: dt.date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _serial_day(number: float) -> str:
    return (_EXCEL_EPOCH + dt.timedelta(days=math.floor(number))).isoformat()


def _resolve_numbers(readings: list[Any], counts: np.ndarray) -> str | None:
    """Numbers as Excel serials if every value of the column is one, else as years; the note."""
    numbers = [i for i, r in enumerate(readings) if isinstance(r, _Number)]
    present = [r for r in readings if r is not None]
    serials = bool(numbers) and len(numbers) == len(present) and all(
        SERIAL_RANGE[0] <= readings[i].value <= SERIAL_RANGE[1] for i in numbers)
    first = readings[numbers[0]].value if numbers else None
    for i in numbers:
        number = readings[i].value
        if serials:
            readings[i] = _serial_day(number)
        elif number.is_integer() and 1000 <= number <= 9999:
            readings[i] = f"{int(number)}"
        else:
            readings[i] = _RAW
    if not serials:
        return None
    return f"read {int(counts[numbers].sum())} Excel serial day numbers (e.g. {first:g} → {_serial_day(first)})"


def _resolve_slashed(readings: list[Any], counts: np.ndarray) -> tuple[str | None, str | None]:
    """Slashed dates read in the one order the column allows; the order and the note."""
    slashed = [(i, r) for i, r in enumerate(readings) if isinstance(r, _Slashed)]
    if not slashed:
        return None, None
    deciders = {}
    for _, reading in slashed:
        deciders.setdefault(reading.decides(), reading)
    deciders.pop(None, None)
    note = None
    if len(deciders) == 2:
        for i, _ in slashed:
            readings[i] = _RAW
        rows = int(sum(counts[i] for i, _ in slashed))
        return None, (f"the column mixes day-first ({deciders[DAY_FIRST].text!r}) and month-first "
                      f"({deciders[MONTH_FIRST].text!r}) dates: its {rows} slashed dates are left unread; "
                      "write them as YYYY-MM-DD")
    order = next(iter(deciders), DAY_FIRST)
    if not deciders:
        unsure = next((r for _, r in slashed if r.first != r.second and r.read(DAY_FIRST)), None)
        if unsure:
            form = unsure.separator.join(("%m", "%d", "%y" if unsure.short_year else "%Y"))
            note = (f"dates like {unsure.text!r} read day first ({_spoken(unsure.read(DAY_FIRST))}): no value "
                    f"in the column has a day or month above 12 to decide; give --date-format {form} if they "
                    "are month first")
    for i, reading in slashed:
        day = reading.read(order)
        readings[i] = day.isoformat() if day else _RAW
    return order, note


def _objects(cells: Sequence[Any]) -> np.ndarray:
    """The cells as a 1-D object array (a Series' timestamps as Timestamps)."""
    if isinstance(cells, (pd.Series, pd.Index)):
        return cells.to_numpy(dtype=object)
    return np.fromiter(cells, dtype=object, count=len(cells))


def _parse(cells: Sequence[Any], date_format: str | None) -> tuple[DateColumn, np.ndarray]:
    """The column read, and which of its cells could not be."""
    array = _objects(cells)
    codes, uniques = pd.factorize(array)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    if date_format:
        readings = [_format_reading(cell, date_format) for cell in uniques]
        order, notes = _format_order(date_format), []
    else:
        readings = [_reading(cell) for cell in uniques]
        serial_note = _resolve_numbers(readings, counts)
        order, slashed_note = _resolve_slashed(readings, counts)
        notes = [n for n in (serial_note, slashed_note) if n]
    table = np.empty(len(readings) + 1, dtype=object)
    table[:-1] = [None if r is _RAW else r for r in readings]  # code -1 (missing) takes the None at the end
    values = table[codes]
    unread = np.append([r is _RAW for r in readings], False).astype(bool)[codes]
    values[unread] = array[unread]
    return DateColumn(values.tolist(), order, "; ".join(notes) or None), unread


def parse_date_column(cells: Sequence[Any], date_format: str | None = None) -> DateColumn:
    """A column's cells as ISO dates, read per distinct value with the column's forms decided once.

    With ``date_format`` (a strptime form) every cell is read with it, save the forms that need
    no column decision (ISO text, a month named, timestamps). Unreadable cells come back unchanged; missing ones as None.
    """
    return _parse(cells, date_format)[0]


def parse_date(cell: Any, date_format: str | None = None) -> str:
    """One value as an ISO date, read as a column of one (so 5/9/2020 is read day first)."""
    column, unread = _parse([cell], date_format)
    (value,) = column.values
    if value is None or unread[0]:
        raise ValueError(f"expected {DATE_FORMS_ACCEPTED}, found {cell!r}")
    return value
