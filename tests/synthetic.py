"""Synthetic conflict-event tables in the published column layouts (ACLED, UCDP GED), for tests.

The rows are made up (and say so in their notes); the columns, codes and value forms are the
datasets' own, so that the readers are tested on what researchers bring.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

ACLED_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Shelling/artillery/missile attack", "Air/drone strike",
                                   "Remote explosive/landmine/IED"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest"],
    "Riots": ["Mob violence"],
    "Strategic developments": ["Agreement", "Headquarters or base established"],
}
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp"]


def acled_table(n: int, seed: int = 1, sites: int | None = None, notes: bool = True,
                start: str = "2019-12-01", days: int = 101) -> pd.DataFrame:
    """``n`` made-up events at ``sites`` repeated places (ACLED-like), in ACLED's export columns."""
    rng = np.random.default_rng(seed)
    sites = sites or max(10, n // 200)
    site_lon = rng.uniform(35.8, 38.2, sites).round(4)
    site_lat = rng.uniform(35.0, 36.8, sites).round(4)
    weights = rng.pareto(1.2, sites) + 1
    site = rng.choice(sites, n, p=weights / weights.sum())
    types = list(ACLED_TYPES)
    type_index = rng.choice(len(types), n, p=[0.3, 0.4, 0.1, 0.1, 0.05, 0.05])
    sub = [ACLED_TYPES[types[t]][k % len(ACLED_TYPES[types[t]])] for t, k in zip(type_index, rng.integers(0, 6, n))]
    day = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    actors = ["Military Forces of Syria (2000-)", "Hayat Tahrir al Sham", "National Liberation Front",
              "Military Forces of Russia (2000-)", "Military Forces of Turkey (2016-)", "Civilians (Syria)"]
    publishers = ["SOHR", "Syria Direct", "SANA", "Step News Agency", "Baladi News", "Anadolu Agency"]
    source = [f"{publishers[a]}; {publishers[b]}" if a != b else publishers[a]
              for a, b in zip(rng.integers(0, 6, n), rng.integers(0, 6, n))]
    note_text = [f"On {d:%d %B %Y}, made-up test event {i}: {s.lower()} reported near site {k} "
                 f"(synthetic data, not a real report)." for i, (d, s, k) in enumerate(zip(day, sub, site))] \
        if notes else [""] * n
    return pd.DataFrame({
        "event_id_cnty": [f"SYR{i + 1}" for i in range(n)],
        "event_date": day.strftime("%Y-%m-%d"),
        "year": day.year.astype(str),
        "time_precision": rng.choice(["1", "2", "3"], n, p=[0.9, 0.08, 0.02]),
        "disorder_type": "Political violence",
        "event_type": [types[t] for t in type_index],
        "sub_event_type": sub,
        "actor1": [actors[a] for a in rng.integers(0, 5, n)],
        "assoc_actor_1": "",
        "inter1": "1",
        "actor2": [actors[a] for a in rng.integers(0, 6, n)],
        "assoc_actor_2": "",
        "inter2": "2",
        "interaction": "12",
        "civilian_targeting": "",
        "iso": "760",
        "region": "Middle East",
        "country": "Syria",
        "admin1": "Idleb",
        "admin2": "Maarrat An Nu'man",
        "admin3": "",
        "location": [f"Site {k}" for k in site],
        "latitude": site_lat[site].astype(str),
        "longitude": site_lon[site].astype(str),
        "geo_precision": rng.choice(["1", "2", "3"], n, p=[0.7, 0.25, 0.05]),
        "source": source,
        "source_scale": "National",
        "notes": note_text,
        "fatalities": rng.poisson(0.7, n).astype(str),
        "tags": "",
        "timestamp": "1583020800",
    }, columns=ACLED_COLUMNS)


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
