"""Synthetic conflict-event tables in the published column layouts (ACLED, UCDP GED), for tests.

ACLED-like rows come from the benchmark's generator, so that tests and bench/events.py read the
same kind of table.

The rows are made up (and say so in their notes); the columns, codes and value forms are the
datasets' own, so that the readers are tested on what researchers bring.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from bench.synthetic_acled import make_events


def acled_table(n: int, seed: int = 1, notes: bool = True) -> pd.DataFrame:
    """``n`` made-up events in ACLED's export columns, as text cells (bench/synthetic_acled.py)."""
    return make_events(n, seed, notes).astype(str)


def ucdp_table(n: int, seed: int = 2) -> pd.DataFrame:
    """``n`` made-up events in UCDP GED's columns (the ones geo reads, and a few more)."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    length = rng.choice([0, 0, 0, 3], n)
    return pd.DataFrame({
        "id": [str(400000 + i) for i in range(n)],
        "year": "2020",
        "type_of_violence": rng.choice(["1", "2", "3"], n),
        "conflict_name": "Syria: Government",
        "dyad_name": "Government of Syria - Syrian insurgents",
        "side_a": "Government of Syria",
        "side_b": "Syrian insurgents",
        "source_article": [f"Made-up agency {k} 2020-01-{k + 1:02d}" for k in rng.integers(0, 5, n)],
        "where_prec": rng.choice(["1", "2", "4"], n),
        "where_coordinates": [f"Place {k} town" for k in rng.integers(0, 50, n)],
        "where_description": "made-up test event",
        "latitude": rng.uniform(35.0, 36.8, n).round(4).astype(str),
        "longitude": rng.uniform(35.8, 38.2, n).round(4).astype(str),
        "geom_wkt": "",
        "country": "Syria",
        "date_prec": "1",
        "date_start": start.strftime("%Y-%m-%d 00:00:00.000"),
        "date_end": (start + pd.to_timedelta(length, unit="D")).strftime("%Y-%m-%d 00:00:00.000"),
        "best": rng.poisson(2, n).astype(str),
    })
