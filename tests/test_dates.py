"""Dates as real exports write them: each form, and the decisions made per column."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from geo.dates import DATE_FORMS_ACCEPTED, DateColumn, parse_date, parse_date_column, parse_unambiguous
from geo.values import BadValue, to_date


@pytest.mark.parametrize("cell, iso", [
    ("2020-02-07", "2020-02-07"),
    ("2018", "2018"),
    ("2018-02", "2018-02"),
    ("2020-02-07T13:45:00Z", "2020-02-07"),
    ("2020-02-07T23:30:00+05:30", "2020-02-07"),
    ("2020-02-07 00:00:00.000", "2020-02-07"),
    ("2020-02-07T13:45", "2020-02-07"),
    ("9-May-20", "2020-05-09"),
    ("09-May-2020", "2020-05-09"),
    ("9-may-69", "1969-05-09"),
    ("1-Jan-68", "2068-01-01"),
    ("07 February 2020", "2020-02-07"),
    ("7 Sept 2020", "2020-09-07"),
    ("February 7, 2020", "2020-02-07"),
    ("  07   February 2020 ", "2020-02-07"),
    (pd.Timestamp("2020-02-07 13:45"), "2020-02-07"),
    (dt.datetime(2020, 2, 7, 23, 59), "2020-02-07"),
    (dt.date(2020, 2, 7), "2020-02-07"),
    (np.datetime64("2020-02-07T10:00"), "2020-02-07"),
])
def test_each_form_alone(cell, iso):
    assert parse_date(cell) == iso
    assert parse_date_column([cell]).values == [iso]


@pytest.mark.parametrize("cell", ["2020-02-30", "2018-13", "31-Feb-2020", "Feb 2020", "yesterday", "20-Foo-2020",
                                  "2020-02-07T13:99", True])
def test_unreadable_cells_come_back_as_they_were(cell):
    column = parse_date_column(["2020-01-01", cell, "2020-01-02"])
    assert column.values[1] is cell
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(cell)


def test_missing_cells_stay_none():
    column = parse_date_column([None, math.nan, pd.NA, pd.NaT, "", "  ", "2020-02-07"])
    assert column.values == [None] * 6 + ["2020-02-07"]
    with pytest.raises(ValueError):
        parse_date(None)


def test_a_day_above_12_first_makes_the_column_day_first():
    column = parse_date_column(["13/5/2020", "5/9/2020", None])
    assert column == DateColumn(["2020-05-13", "2020-09-05", None], "day-first", None)


def test_a_day_above_12_second_makes_the_column_month_first():
    column = parse_date_column(["5/13/2020", "5/9/2020"])
    assert column == DateColumn(["2020-05-13", "2020-05-09"], "month-first", None)


def test_dotted_dashed_and_two_digit_years_are_decided_the_same_way():
    assert parse_date_column(["13.05.20", "05.09.20"]).values == ["2020-05-13", "2020-09-05"]
    assert parse_date_column(["05-13-2020", "05-09-2020"]).values == ["2020-05-13", "2020-05-09"]


def test_a_column_with_both_orders_is_left_unread_with_a_note():
    cells = ["13/5/2020", "5/13/2020", "5/9/2020", "2020-02-07"]
    column = parse_date_column(cells)
    assert column.values == ["13/5/2020", "5/13/2020", "5/9/2020", "2020-02-07"]
    assert column.order is None
    assert "13/5/2020" in column.note and "5/13/2020" in column.note


def test_an_undecided_column_is_read_day_first_and_says_so():
    column = parse_date_column(["5/9/2020", "1/2/2020", "3/3/2020"])
    assert column.values == ["2020-09-05", "2020-02-01", "2020-03-03"]
    assert column.order == "day-first"
    assert "day first" in column.note and "--date-format %m/%d/%Y" in column.note
    assert parse_date_column(["5/9/20"]).note.endswith("--date-format %m/%d/%y if they are month first")
    assert parse_date_column(["3/3/2020"]).note is None  # the same either way: nothing to say


def test_a_slashed_date_real_in_neither_order_is_unread():
    assert parse_date_column(["31/4/2020", "13/5/2020"]).values == ["31/4/2020", "2020-05-13"]


def test_excel_serial_day_numbers():
    column = parse_date_column([43868, "43869", 43870.75, None, 43868])
    assert column.values == ["2020-02-07", "2020-02-08", "2020-02-09", None, "2020-02-07"]
    assert column.note.startswith("read 4 Excel serial day numbers")
    assert parse_date(43868) == "2020-02-07"


def test_years_are_never_serials():
    column = parse_date_column([2019, 2020, 2020.0, "2021"])
    assert column.values == ["2019", "2020", "2020", "2021"]
    assert column.note is None


def test_numbers_beside_dates_are_not_serials():
    assert parse_date_column([43868, "2020-02-07"]).values == [43868, "2020-02-07"]
    assert parse_date_column([43868, 12]).values == [43868, 12]


def test_a_date_format_forces_the_form():
    column = parse_date_column(["5/9/2020", "2020-01-03", "9-May-20", pd.Timestamp("2020-01-04")], "%m/%d/%Y")
    assert column.values == ["2020-05-09", "2020-01-03", "2020-05-09", "2020-01-04"]  # no form to force on 9-May-20
    assert column.order == "month-first"
    assert parse_date_column(["02/2020"], "%m/%Y").values == ["2020-02"]
    assert parse_date_column([20200207], "%Y%m%d").values == ["2020-02-07"]
    assert parse_date("07.02.2020", "%d.%m.%Y") == "2020-02-07"
    assert parse_date_column(["13/5/2020"], "%m/%d/%Y").values == ["13/5/2020"]


def test_a_series_of_timestamps():
    series = pd.Series(pd.to_datetime(["2020-02-07 13:00", None]))
    assert parse_date_column(series).values == ["2020-02-07", None]


def test_a_million_rows_are_read_per_distinct_value():
    days = [dt.date(2018, 1, 1) + dt.timedelta(days=i) for i in range(1000)]
    texts = [f"{day.day}/{day.month}/{day.year}" for day in days]
    column = parse_date_column([texts[i % 1000] for i in range(1_000_000)])
    assert column.order == "day-first" and column.note is None
    assert len(column.values) == 1_000_000
    assert column.values[:1000] == [day.isoformat() for day in days]
    assert column.values[-1] == days[999].isoformat()


def test_unambiguous_single_values():
    assert parse_unambiguous("9-May-20") == "2020-05-09"
    assert parse_unambiguous("5/9/2020") is None
    assert parse_unambiguous(43868) is None


def test_to_date_reads_forms_a_single_value_settles():
    assert to_date("2020-02-07T13:45:00Z") == "2020-02-07"
    assert to_date("9-May-20") == "2020-05-09"
    assert to_date("07 February 2020") == "2020-02-07"
    assert to_date("2018-02") == "2018-02"


def test_to_date_leaves_slashed_dates_to_the_column():
    with pytest.raises(BadValue) as bad:
        to_date("5/9/2020")
    assert bad.value.expected == DATE_FORMS_ACCEPTED
    assert "YYYY-MM-DD" in bad.value.expected and "9-May-20" in bad.value.expected
    assert bad.value.found == "'5/9/2020'"


def test_to_date_still_says_when_an_iso_date_is_not_real():
    with pytest.raises(BadValue, match="2020-02-30") as bad:
        to_date("2020-02-30")
    assert bad.value.expected == "a real calendar date"
