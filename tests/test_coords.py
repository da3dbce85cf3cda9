"""Coordinate parsers: every accepted form, every error's message, and properties on random input."""
from __future__ import annotations

import math

import mgrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.read.coords import CoordinateError, parse_latitude, parse_longitude, parse_mgrs, parse_pair

DMS = 35 + 51 / 60 + 41 / 3600  # 35°51′41″
DMS_LON = 36 + 48 / 60 + 21 / 3600  # 36°48′21″
SMALL = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize("text, value", [
    ("35°51′41″N", DMS), ("35°51'41\"N", DMS), ("35° 51' 41.5\" N", DMS + 0.5 / 3600),
    ("35d51m41sN", DMS), ("35:51:41N", DMS), ("N35 51 41", DMS), ("35 51 41 N", DMS),
    ("35°51.683'N", 35 + 51.683 / 60), ("35.8614N", 35.8614), ("35.8614", 35.8614), ("-35.8614", -35.8614),
    ("35°51'41''N", DMS), ("35º51’41”N", DMS), ("35 51 41 S", -DMS), ("s35 51 41", -DMS),
    ("−35°51′41″", -DMS), ("  35.8614  ", 35.8614), ("135", 135.0), ("35\u00a051\u00a041\u00a0N", DMS),
])
def test_latitude_forms(text, value):
    assert parse_latitude(text) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("text, value", [
    ("36°48′21″E", DMS_LON), ("36°48′21″W", -DMS_LON), ("W36 48 21", -DMS_LON), ("-36.8", -36.8),
    ("36d48m21sE", DMS_LON), ("36:48:21E", DMS_LON), ("200", 200.0), ("1e5", 1e5),
])
def test_longitude_forms(text, value):
    assert parse_longitude(text) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("parse, text, reason", [
    (parse_latitude, "36,8", "a decimal comma is ambiguous (one number, or two?): write the decimal with a point"),
    (parse_longitude, "35°51′41″N", "hemisphere N is for a latitude, not a longitude"),
    (parse_latitude, "36°48′21″E", "hemisphere E is for a longitude, not a latitude"),
    (parse_latitude, "35°60′N", "minutes must be below 60"),
    (parse_latitude, "35°51′60″N", "seconds must be below 60"),
    (parse_latitude, "-35 51 41 N", "both a minus sign and a hemisphere letter (N)"),
    (parse_latitude, "35 51.5 41", "only the last number may have decimals, not the minutes"),
    (parse_latitude, "35 51 41 12", "more than three numbers (degrees, minutes, seconds)"),
    (parse_latitude, "51′41″", "there are no degrees"),
    (parse_latitude, "35°41″51′", "degrees, minutes and seconds are out of order"),
    (parse_latitude, "35 -51", "minutes cannot have a sign"),
    (parse_latitude, "north", "'o' is not part of a coordinate"),
    (parse_latitude, "", "it is empty"),
    (parse_latitude, "N", "there is no number"),
    (parse_latitude, "35 N 36 N", "it holds more than one coordinate"),
    (parse_latitude, "N S 35", "it holds more than one coordinate"),
    (parse_latitude, "35 N S", "it holds more than one coordinate"),
    (parse_latitude, "9" * 400, "the number is too large"),
])
def test_coordinate_errors_say_what_was_expected_found_and_why(parse, text, reason):
    with pytest.raises(CoordinateError) as error:
        parse(text)
    assert error.value.reason == reason
    axis = "latitude" if parse is parse_latitude else "longitude"
    assert str(error.value).startswith(f"expected a {axis} such as ")
    assert str(error.value).endswith(f": {reason}")
    assert error.value.found == text


def test_long_found_text_is_cut_in_the_message():
    with pytest.raises(CoordinateError, match=r"found '\?{50,}\.\.\.: "):
        parse_latitude("?" * 500)


@pytest.mark.parametrize("text", [
    "35°51′41″N 36°48′21″E", "35.8614, 36.8058", "35.8614 36.8058", "N35 51 41 E36 48 21",
    "36°48′21″E 35°51′41″N", "35°51′41″ 36°48′21″", "35 51 41 N 36 48 21 E", "35.8614;36.8058",
    "35.8614/36.8058", "35°51′41″N, 36°48′21″E", "36 48 21 E 35 51 41", "E36 48 21 N35 51 41",
])
def test_pair_forms(text):
    lat, lon = parse_pair(text)
    decimal = "." in text
    assert lat == pytest.approx(35.8614 if decimal else DMS, abs=1e-9)
    assert lon == pytest.approx(36.8058 if decimal else DMS_LON, abs=1e-9)


def test_pair_hemispheres_make_south_and_west_negative():
    assert parse_pair("S35 51 41 W36 48 21") == (pytest.approx(-DMS), pytest.approx(-DMS_LON))


@pytest.mark.parametrize("text, reason", [
    ("35 51 41 36 48 21", "without hemisphere letters, degree signs or a comma, it cannot be told where "
                          "the latitude ends"),
    ("35,36", "a comma between digits is ambiguous (one number, or two?): write decimal points, and a "
              "space after the comma"),
    ("35,8614, 36,8058", "more than one comma: decimal commas are ambiguous, write decimal points"),
    ("35°51′41″N 36°48′21″N", "both coordinates are latitudes (N, N)"),
    ("36°48′21″E 35°51′41″W", "both coordinates are longitudes (E, W)"),
    ("35.8,", "it holds one coordinate, not two"),
    ("35.8 36.8 37.8 38.8 N 36 E", "more than three numbers (degrees, minutes, seconds)"),
    ("35 N 36 E 37 N", "it holds 3 coordinates, not two"),
    ("1;2;3", "more than one ';'"),
])
def test_pair_errors(text, reason):
    with pytest.raises(CoordinateError) as error:
        parse_pair(text)
    assert error.value.reason == reason
    assert str(error.value).startswith("expected latitude and longitude such as '35.8614, 36.8058'")


@pytest.mark.parametrize("text, precision", [
    ("37SCV0188170798", 1), ("37SCV01881 70798", 1), ("37S CV 0188 7079", 10), ("37scv018707", 100),
    ("37SCV0170", 1000), ("37SCV07", 10_000), ("37SCV", 100_000),
])
def test_mgrs_precision_follows_from_the_digits_and_the_point_is_the_squares_centre(text, precision):
    lat, lon, size = parse_mgrs(text)
    assert size == precision
    digits = "".join(text.split())[5:]
    half = len(digits) // 2
    corner = mgrs.MGRS().toLatLon("37SCV" + digits[:half].ljust(5, "0") + digits[half:].ljust(5, "0"))
    north_m = (lat - corner[0]) * 111_320
    east_m = (lon - corner[1]) * 111_320 * math.cos(math.radians(lat))
    if precision > 1:  # half a square north-east of the south-west corner (UTM grid is ~1° off north)
        assert north_m == pytest.approx(precision / 2, rel=0.1, abs=1)
        assert east_m == pytest.approx(precision / 2, rel=0.1, abs=1)


@pytest.mark.parametrize("text, reason", [
    ("37SBV123", "an odd number of digits (3)"),
    ("37SBV12 345", "easting and northing have different numbers of digits"),
    ("61SBV", "zone 61 is not between 1 and 60"),
    ("SBV12", "it is not zone, latitude band, 100 km square and digits"),
    ("37SBV1234567890123456", "it is not zone, latitude band, 100 km square and digits"),
    ("37IBV12", "it is not zone, latitude band, 100 km square and digits"),
])
def test_mgrs_errors(text, reason):
    with pytest.raises(CoordinateError) as error:
        parse_mgrs(text)
    assert error.value.reason == reason
    assert str(error.value).startswith("expected an MGRS reference such as 37SBV 12345 67890")


# --- properties ------------------------------------------------------------------------------

def _dms(value: float, positive: str, negative: str) -> tuple[int, int, float, str]:
    """Degrees, minutes, hundredths-rounded seconds and hemisphere of ``value``; 60″ carried."""
    hundredths = round(abs(value) * 360_000)
    degrees, rest = divmod(hundredths, 360_000)
    minutes, seconds = divmod(rest, 6_000)
    return degrees, minutes, seconds / 100, positive if value >= 0 else negative


STYLES = [
    lambda d, m, s, h: f"{d}°{m}′{s:.2f}″{h}",
    lambda d, m, s, h: f"{d}°{m}'{s:.2f}\"{h}",
    lambda d, m, s, h: f"{d}° {m}' {s:.2f}\" {h}",
    lambda d, m, s, h: f"{d}d{m}m{s:.2f}s{h}",
    lambda d, m, s, h: f"{d}:{m:02d}:{s:05.2f}{h}",
    lambda d, m, s, h: f"{h}{d} {m} {s:.2f}",
    lambda d, m, s, h: f"{d} {m} {s:.2f} {h}",
    lambda d, m, s, h: f"{d}°{m + s / 60:.6f}'{h}",
]
HALF_HUNDREDTH_SECOND = 0.5 / 360_000 + 2e-7  # and the rounding of _dms before the 2-decimal format


@SMALL
@given(st.floats(-90, 90), st.floats(-180, 180), st.sampled_from(STYLES))
def test_every_dms_style_round_trips(lat, lon, style):
    lat_text, lon_text = style(*_dms(lat, "N", "S")), style(*_dms(lon, "E", "W"))
    assert parse_latitude(lat_text) == pytest.approx(lat, abs=HALF_HUNDREDTH_SECOND)
    assert parse_longitude(lon_text) == pytest.approx(lon, abs=HALF_HUNDREDTH_SECOND)
    assert parse_pair(f"{lat_text} {lon_text}") == (pytest.approx(parse_latitude(lat_text)),
                                                     pytest.approx(parse_longitude(lon_text)))
    assert parse_pair(f"{lon_text}, {lat_text}") == (pytest.approx(parse_latitude(lat_text)),
                                                      pytest.approx(parse_longitude(lon_text)))


COORDINATE_ALPHABET = st.sampled_from(list("0123456789.,;/-+ :°′″'\"NSEWnsewdmsDMeCVB º’”−\u00a0x"))


@SMALL
@given(st.one_of(st.text(), st.text(COORDINATE_ALPHABET)),
       st.sampled_from([parse_latitude, parse_longitude, parse_pair, parse_mgrs]))
def test_any_text_is_a_finite_coordinate_or_a_coordinate_error(text, parse):
    try:
        result = parse(text)
    except CoordinateError as error:
        assert error.reason and error.expected
        return
    values = result if isinstance(result, tuple) else (result,)
    assert all(isinstance(v, float) and math.isfinite(v) for v in values)


@SMALL
@given(st.floats(30, 40), st.floats(30, 45), st.integers(0, 5))
def test_mgrs_round_trips_through_the_mgrs_package(lat, lon, digits):
    reference = mgrs.MGRS().toMGRS(lat, lon, MGRSPrecision=digits)
    back_lat, back_lon, precision = parse_mgrs(reference)
    assert precision == 10.0 ** (5 - digits)
    # the point lies in the square whose centre comes back: within half its diagonal, plus slack
    north_m = (back_lat - lat) * 111_320
    east_m = (back_lon - lon) * 111_320 * math.cos(math.radians(lat))
    assert math.hypot(north_m, east_m) <= precision * 0.75 + 2
