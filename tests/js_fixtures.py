"""What the page's pure functions must agree with, written by Python for the Node tests
(js-tests/fixtures.json): the folding rule and its shared cases with Python's keys, the compare
table's packing, the compressed columns of large layers, days as numbers and as text, and MGRS
and geodesics as Python's `mgrs` and `pyproj.Geod` compute them.

``python -m tests.js_fixtures`` writes the file; tests/test_contract.py fails until it is current.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import mgrs
import numpy as np
import pandas as pd
from pyproj import Geod

from geo.derive.posts import MONTHS, day_text
from geo.read.gazetteer import FOLDING, normalise
from geo.render import columnar, compare, style

PATH = Path(__file__).resolve().parent.parent / "js-tests" / "fixtures.json"


def _fold_cases() -> list:
    from tests.test_tools import FOLD_CASES
    return [[list(spellings), [normalise(s) for s in spellings]] for spellings, _ in FOLD_CASES]


def _columns() -> dict:
    rng = np.random.default_rng(26)
    ints = [int(v) for v in rng.integers(-2 ** 30, 2 ** 30, 40)]
    sorted_ints = sorted(int(v) for v in rng.integers(-5000, 5000, 40))
    raw = b"geo \x00\xff" * 7
    texts = {
        "dictionary": pd.Series(["battle", "shelling", "battle", "air strike"] * 30),
        "numbers": pd.Series([f"SYR{1000 + 7 * i}" for i in range(50)]),
        "rows": pd.Series([f"note {i} ‘quoted’ <b>&" for i in range(12)]),
        # more distinct text than columnar.PACKED_DICTIONARY: the dictionary is gzip'd too
        "packed dictionary": pd.Series([f"source {v} ‘quoted’ <b>&" for v in rng.integers(0, 100, 300)]),
    }
    blocks = {}
    for name, values in texts.items():
        order = np.arange(len(values))
        blocks[name] = {"block": columnar._text_block(values, order), "values": list(values)}
    return {"base85": [{"bytes": list(raw[:n]), "text": columnar._base85(raw[:n])} for n in (0, 1, 4, 5, 7, 33)],
            "planes": {"text": columnar._gzip64(columnar._planes([(np.array(ints), False), (np.array(sorted_ints), True)])),
                       "n": len(ints), "layout": [["plain", False], ["delta", True]],
                       "plain": ints, "delta": sorted_ints},
            "text": blocks}


def _geodesy() -> dict:
    rng = random.Random(26)
    converter, geod = mgrs.MGRS(), Geod(ellps="WGS84")
    points = [(rng.uniform(-79.9, 83.9), rng.uniform(-179.9, 179.9)) for _ in range(60)]
    points += [(35.86447, 36.80591), (60.0, 5.0), (78.0, 15.0), (-33.9, 18.4), (0.0, 0.0)]
    pairs = [(rng.uniform(-70, 70), rng.uniform(-170, 170), rng.uniform(-70, 70), rng.uniform(-170, 170)) for _ in range(30)]
    rings = [[(35.0, 36.0), (35.0, 36.5), (35.5, 36.5), (35.5, 36.0)], [(-40.0, 170.0), (-40.0, 172.0), (-42.0, 172.0)]]
    return {"mgrs": [[lat, lon, converter.toMGRS(lat, lon, MGRSPrecision=5)] for lat, lon in points],
            "distances": [[*p, geod.inv(p[1], p[0], p[3], p[2])[2]] for p in pairs],
            "areas": [[[list(p) for p in ring], abs(geod.polygon_area_perimeter([p[1] for p in ring], [p[0] for p in ring])[0])]
                      for ring in rings]}


def fixtures() -> dict:
    days = [dt.date(1970, 1, 1), dt.date(2019, 12, 1), dt.date(2020, 2, 29), dt.date(2020, 3, 5), dt.date(1969, 12, 31)]
    values = [0, 1, 31, 32, 1023, 1024, 123456, 2 ** 31 - 1]
    return {
        "folding": {"rule": FOLDING, "cases": _fold_cases()},
        "compare": {"values": values, "packed": compare.pack(values), "pairs": [[p, q, compare.pair_index(p, q)]
                                                                            for q in range(1, 6) for p in range(q)]},
        "columns": _columns(),
        "days": [[d.isoformat(), (d - columnar.EPOCH).days, day_text(d)] for d in days],
        "months": list(MONTHS),
        "ramp": list(style.DENSITY_RAMP),
        "geodesy": _geodesy(),
    }


def text() -> str:
    return json.dumps(fixtures(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    PATH.write_text(text(), encoding="utf-8")
    print(f"wrote {PATH}")
