"""Synthetic ACLED-like events for Syria: the standard ACLED export columns, deterministic.

    python bench/synthetic_acled.py ROWS OUT.csv [--seed 1] [--no-notes]

Events repeat at a limited set of named sites (about one per 200 events, 300 to 5,000, weighted
like Zipf within governorates weighted towards Idlib and Aleppo, as in ACLED's Syria data of the
2019-2020 Idlib offensive). Dates run over 2019-12-01 .. 2020-03-10, starting earlier for large
sizes so that a day holds about 1,000 events at most (1M rows: from mid-2017). Sorted like an
ACLED export: newest first. Same ``ROWS`` and ``seed``, same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp"]

END = dt.date(2020, 3, 10)
START = dt.date(2019, 12, 1)
MAX_PER_DAY = 1000

# event type: (share, disorder type, {sub-event type: share}) -- ACLED's own sub-types
EVENT_TYPES = {
    "Explosions/Remote violence": (0.55, "Political violence", {
        "Shelling/artillery/missile attack": 0.62, "Air/drone strike": 0.30,
        "Remote explosive/landmine/IED": 0.06, "Grenade": 0.01, "Suicide bomb": 0.005,
        "Chemical weapon": 0.005}),
    "Battles": (0.20, "Political violence", {
        "Armed clash": 0.88, "Government regains territory": 0.08,
        "Non-state actor overtakes territory": 0.04}),
    "Strategic developments": (0.10, "Strategic developments", {
        "Looting/property destruction": 0.22, "Arrests": 0.20, "Headquarters or base established": 0.12,
        "Non-violent transfer of territory": 0.08, "Disrupted weapons use": 0.14,
        "Change to group/activity": 0.12, "Agreement": 0.04, "Other": 0.08}),
    "Violence against civilians": (0.08, "Political violence", {
        "Attack": 0.78, "Abduction/forced disappearance": 0.20, "Sexual violence": 0.02}),
    "Protests": (0.06, "Demonstrations", {
        "Peaceful protest": 0.93, "Protest with intervention": 0.05,
        "Excessive force against protesters": 0.02}),
    "Riots": (0.01, "Demonstrations", {"Violent demonstration": 0.6, "Mob violence": 0.4}),
}

# actor: inter code (1 state forces, 2 rebels, 3 political militia, 4 identity militia, 5 rioters,
# 6 protesters, 7 civilians, 8 external/other forces)
ARMED = {
    "Military Forces of Syria (2000-)": 1, "Military Forces of Russia (2000-)": 8,
    "Military Forces of Turkey (2016-)": 8, "Hayat Tahrir al Sham": 2, "NLF: National Liberation Front": 2,
    "SNA: Syrian National Army": 2, "Hurras al Din": 2, "Islamic State (Syria)": 2,
    "SDF: Syrian Democratic Forces": 2, "Unidentified Armed Group (Syria)": 3,
    "Military Forces of Israel (1948-)": 8, "Military Forces of the United States (2017-2021)": 8,
    "Police Forces of Syria (2000-)": 1, "Hezbollah": 8,
}
ARMED_WEIGHTS = [0.34, 0.16, 0.06, 0.12, 0.08, 0.05, 0.02, 0.03, 0.04, 0.05, 0.01, 0.01, 0.02, 0.01]
ASSOC = ["", "", "", "", "Jaish al Izza", "Ahrar al Sham", "Faylaq al Sham", "NDF: National Defence Forces",
         "Liwa al Quds", "Tiger Forces", "Ansar al Tawhid", "Jaysh al Nukhba"]
SOURCES = ["SOHR", "Syria Direct", "Step News Agency", "Enab Baladi", "SANA", "Smart News Agency",
           "Baladi News", "Hawar News Agency", "Deir Ezzor 24", "Sham Network", "Twitter", "Orient News",
           "Qasioun News Agency", "Syrian Civil Defense (White Helmets)", "Liveuamap"]
SOURCE_SCALES = ["National", "Subnational", "New media", "National-International", "Subnational-National",
                 "Other", "Local partner-Other", "New media-National"]

# governorate: (weight, lat, lon, spread in degrees, districts)
ADMIN1 = {
    "Idleb": (0.34, 35.78, 36.62, 0.22, ["Idleb", "Ariha", "Jisr-Ash-Shugur", "Al Ma'ra", "Harim"]),
    "Aleppo": (0.22, 36.25, 37.20, 0.35, ["Jebel Saman", "Azaz", "Afrin", "Al Bab", "Jarablus", "Menbij",
                                          "As-Safira", "Ain Al Arab", "Atareb"]),
    "Hama": (0.09, 35.25, 36.70, 0.25, ["Hama", "As-Suqaylabiyah", "Muhradah", "Salamiyeh", "Masyaf"]),
    "Lattakia": (0.06, 35.70, 36.05, 0.15, ["Lattakia", "Al-Haffa", "Jablah", "Al-Qardaha"]),
    "Deir-ez-Zor": (0.08, 35.10, 40.30, 0.45, ["Deir-ez-Zor", "Al Mayadin", "Abu Kamal"]),
    "Al-Hasakeh": (0.05, 36.55, 40.70, 0.40, ["Al-Hasakeh", "Quamishli", "Ras Al Ain", "Al-Malikeyyeh"]),
    "Ar-Raqqa": (0.04, 35.95, 38.90, 0.40, ["Ar-Raqqa", "Tell Abiad", "Ath-Thawrah"]),
    "Dar'a": (0.05, 32.75, 36.15, 0.18, ["Dar'a", "As-Sanamayn", "Izra'"]),
    "Rural Damascus": (0.03, 33.55, 36.45, 0.30, ["Duma", "Darayya", "Qatana", "Yabroud", "Az-Zabdani"]),
    "Homs": (0.02, 34.70, 37.30, 0.55, ["Homs", "Tadmor", "Ar-Rastan", "Al-Qusayr", "Tall Kalakh"]),
    "Damascus": (0.005, 33.51, 36.29, 0.04, ["Damascus"]),
    "Quneitra": (0.005, 33.10, 35.85, 0.08, ["Quneitra", "Al Fiq"]),
    "As-Sweida": (0.005, 32.70, 36.60, 0.15, ["As-Sweida", "Shahba", "Salkhad"]),
    "Tartous": (0.005, 34.90, 36.00, 0.12, ["Tartous", "Banyas", "Safita", "Dreikish"]),
}
PREFIXES = ["Kafr", "Tell", "Deir", "Ain", "Jisr", "Maarat", "Khan", "Beit", "Tal", "Jabal", "Qasr", "Umm",
            "Abu", "Bab", "Ras", "Hamam", "Mazraat", "Arab", "Sheikh", "Qalaat"]
ROOTS = ["Nabl", "Ruma", "Sijna", "Hamra", "Tuma", "Zeita", "Batikh", "Sabil", "Halaq", "Amud", "Hawa",
         "Karama", "Nayrab", "Sarmin", "Binnish", "Taftanaz", "Kansafra", "Qmenas", "Afis", "Hazano", "Dana",
         "Anadan", "Hraytan", "Zarbah", "Khalsa", "Tamanah", "Hish", "Latamnah", "Zeyzoun", "Bara", "Mardikh",
         "Nuqayr", "Sahyan", "Ghadfa", "Jarjanaz", "Tramla", "Babila", "Maardabsa", "Kurin", "Rabia",
         "Shughur", "Mishmishan", "Fatira", "Urum", "Daret Izza", "Abyan", "Jinah", "Rashidin", "Mansoura",
         "Qubtan", "Burj", "Salwa", "Tuqad", "Kabani", "Safsafa", "Ziyara", "Qastun", "Hawash", "Duwayr",
         "Minnagh"]
SUFFIXES = ["", " al-Sharqi", " al-Gharbi", " Tahtani", " Fawqani"]

NOTES = {
    "Shelling/artillery/missile attack": [
        "On {d}, {a1} shelled {loc} and its surroundings ({adm2}, {adm1}) with artillery and rocket launchers. {fat}",
        "On {d}, {a1} fired surface-to-surface missiles at {loc} in the {adm2} countryside. {fat}",
        "On {d}, {a1} targeted positions of {a2} in {loc} ({adm1}) with heavy artillery. {fat}"],
    "Air/drone strike": [
        "On {d}, {a1} warplanes carried out air strikes on {loc} ({adm2}, {adm1}), hitting residential areas and a market. {fat}",
        "On {d}, {a1} helicopters dropped barrel bombs on {loc} in southern {adm1} countryside. {fat}",
        "On {d}, a drone of {a1} struck a vehicle near {loc} ({adm2}). {fat}"],
    "Armed clash": [
        "On {d}, {a1} clashed with {a2} on the {loc} front ({adm2}, {adm1}) amid an attempt to advance. {fat}",
        "On {d}, clashes between {a1} and {a2} took place near {loc} in {adm1}. {fat}"],
    "Government regains territory": [
        "On {d}, {a1} regained control of {loc} ({adm2}, {adm1}) from {a2} after days of heavy fighting. {fat}"],
    "Non-state actor overtakes territory": [
        "On {d}, {a1} took control of {loc} ({adm2}) after {a2} withdrew following a counter-attack. {fat}"],
    "Attack": [
        "On {d}, {a1} shot and killed a man in {loc} ({adm2}, {adm1}). The reason behind the attack is unknown. {fat}",
        "On {d}, {a1} attacked a civilian car on the road near {loc}. {fat}"],
    "Abduction/forced disappearance": [
        "On {d}, {a1} abducted a young man from {loc} ({adm2}, {adm1}). His fate remains unknown. {fat}"],
    "Peaceful protest": [
        "On {d}, people demonstrated in {loc} ({adm2}, {adm1}) against the offensive and calling for the opening of the border. [size=no report] {fat}",
        "On {d}, residents protested in {loc} against the rise in prices and the detention of local men. [size=around 100] {fat}"],
}
GENERIC_NOTE = "On {d}, an event of type {sub} was reported in {loc} ({adm2}, {adm1}) involving {a1}. {fat}"
FATALITIES = ["No fatalities reported.", "1 fatality.", "{n} fatalities.", "{n} people, including women and children, were killed.",
              "Casualties unknown.", "{n} fighters were killed."]


def n_sites(rows: int) -> int:
    return int(np.clip(rows // 200, 300, 5000))


def n_days(rows: int) -> int:
    return max((END - START).days + 1, -(-rows // MAX_PER_DAY))


def _sites(rng: np.random.Generator, count: int) -> pd.DataFrame:
    names = [p + " " + r + s for s in SUFFIXES for p in PREFIXES for r in ROOTS]
    names = [names[i] for i in rng.permutation(len(names))[:count]]
    gov = list(ADMIN1)
    weights = np.array([ADMIN1[g][0] for g in gov])
    chosen = rng.choice(len(gov), size=count, p=weights / weights.sum())
    rows = []
    for name, g in zip(names, chosen):
        weight, lat, lon, spread, districts = ADMIN1[gov[g]]
        rows.append({"location": name, "admin1": gov[g], "admin2": districts[rng.integers(len(districts))],
                     "latitude": round(float(np.clip(lat + rng.normal(0, spread), 32.4, 37.2)), 4),
                     "longitude": round(float(np.clip(lon + rng.normal(0, spread), 35.8, 42.2)), 4),
                     "weight": weight})
    sites = pd.DataFrame(rows)
    # admin3 (sub-district): the name of a site of the same district, as sub-districts are named for towns
    sites["admin3"] = sites.groupby(["admin1", "admin2"])["location"].transform(lambda s: s.iloc[0].split(" al-")[0])
    # within a governorate, Zipf-like: a few towns take most events
    rank = sites.groupby("admin1").cumcount() + 1
    share = 1.0 / rank ** 1.1
    sites["p"] = sites["weight"] * share / share.groupby(sites["admin1"]).transform("sum")
    sites["p"] /= sites["p"].sum()
    return sites


def _pick(rng: np.random.Generator, table: dict, size: int) -> np.ndarray:
    keys = list(table)
    p = np.array([table[k] if not isinstance(table[k], tuple) else table[k][0] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def make_events(rows: int, seed: int = 1, notes: bool = True) -> pd.DataFrame:
    """``rows`` ACLED-like events as a DataFrame of the ACLED export columns."""
    rng = np.random.default_rng(seed)
    sites = _sites(rng, n_sites(rows))
    at = rng.choice(len(sites), size=rows, p=sites["p"].to_numpy())
    days = n_days(rows)
    # more events as the offensive intensifies (late January, February 2020)
    ramp = np.linspace(0.6, 1.4, days) + np.exp(-((np.arange(days) - (days - 30)) / 12.0) ** 2)
    day = rng.choice(days, size=rows, p=ramp / ramp.sum())
    dates = pd.to_datetime(END) - pd.to_timedelta(days - 1 - day, unit="D")

    event_type = _pick(rng, EVENT_TYPES, rows)
    sub = np.empty(rows, dtype=object)
    for name, (_, _, subs) in EVENT_TYPES.items():
        mask = event_type == name
        sub[mask] = _pick(rng, subs, int(mask.sum()))
    disorder = pd.Series(event_type).map({k: v[1] for k, v in EVENT_TYPES.items()}).to_numpy()

    armed = np.array(list(ARMED), dtype=object)
    w = np.array(ARMED_WEIGHTS) / sum(ARMED_WEIGHTS)
    actor1 = armed[rng.choice(len(armed), size=rows, p=w)]
    actor2 = armed[rng.choice(len(armed), size=rows, p=w)]
    same = actor1 == actor2
    actor2[same] = "Unidentified Armed Group (Syria)"
    protest = event_type == "Protests"
    riot = event_type == "Riots"
    vac = event_type == "Violence against civilians"
    remote = event_type == "Explosions/Remote violence"
    strategic = event_type == "Strategic developments"
    actor1[protest] = "Protesters (Syria)"
    actor1[riot] = "Rioters (Syria)"
    actor2[protest] = ""
    actor2[riot & (rng.random(rows) < 0.5)] = "Civilians (Syria)"
    actor2[vac] = "Civilians (Syria)"
    civilians_hit = remote & (rng.random(rows) < 0.35)
    actor2[civilians_hit] = "Civilians (Syria)"
    actor2[strategic & (rng.random(rows) < 0.6)] = ""
    code = {**ARMED, "Protesters (Syria)": 6, "Rioters (Syria)": 5, "Civilians (Syria)": 7, "": 0}
    inter1 = pd.Series(actor1).map(code).to_numpy()
    inter2 = pd.Series(actor2).map(code).to_numpy()
    interaction = np.minimum(inter1, inter2) * 10 + np.maximum(inter1, inter2)
    interaction = np.where(inter2 == 0, inter1 * 10, interaction)
    assoc = np.array(ASSOC, dtype=object)
    assoc1 = assoc[rng.integers(len(assoc), size=rows)]
    assoc1[protest | riot] = ""
    assoc2 = np.where(actor2 == "", "", assoc[rng.integers(len(assoc), size=rows)])
    assoc2 = np.where(actor2 == "Civilians (Syria)",
                      np.where(rng.random(rows) < 0.2, "Health Workers (Syria)", ""), assoc2)

    fatalities = np.where(rng.random(rows) < 0.6, 0, rng.geometric(0.35, size=rows)).astype(int)
    fatalities[protest] = 0
    time_precision = rng.choice([1, 2, 3], size=rows, p=[0.86, 0.11, 0.03])
    geo_precision = rng.choice([1, 2, 3], size=rows, p=[0.70, 0.25, 0.05])
    src = np.array(SOURCES, dtype=object)
    n_src = rng.choice([1, 2, 3], size=rows, p=[0.6, 0.3, 0.1])
    picks = rng.integers(len(src), size=(rows, 3))
    source = ["; ".join(dict.fromkeys(src[picks[i, :n_src[i]]])) for i in range(rows)]
    scale = np.array(SOURCE_SCALES, dtype=object)[rng.integers(len(SOURCE_SCALES), size=rows)]
    tags = np.where(protest, "crowd size=no report", "")
    tags = np.where(vac & (rng.random(rows) < 0.1), "women targeted: Girls", tags)

    site = sites.iloc[at].reset_index(drop=True)
    frame = pd.DataFrame({
        "event_date": dates.strftime("%Y-%m-%d"), "year": dates.year, "time_precision": time_precision,
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub,
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1, "actor2": actor2, "assoc_actor_2": assoc2,
        "inter2": inter2, "interaction": interaction,
        "civilian_targeting": np.where(actor2 == "Civilians (Syria)", "Civilian targeting", ""),
        "iso": 760, "region": "Middle East", "country": "Syria",
        "admin1": site["admin1"], "admin2": site["admin2"], "admin3": site["admin3"], "location": site["location"],
        "latitude": site["latitude"], "longitude": site["longitude"], "geo_precision": geo_precision,
        "source": source, "source_scale": scale, "notes": "", "fatalities": fatalities, "tags": tags,
    })
    # ACLED ids grow with time; the export lists the newest first
    frame = frame.sort_values("event_date", kind="stable").reset_index(drop=True)
    frame.insert(0, "event_id_cnty", [f"SYR{100000 + i}" for i in range(rows)])
    frame["timestamp"] = ((pd.to_datetime(frame["event_date"]) - pd.Timestamp(0)) // pd.Timedelta(seconds=1)
                          + 86400 * 7 + rng.integers(0, 86400 * 14, size=rows))
    if notes:
        frame["notes"] = _notes(rng, frame)
    return frame.iloc[::-1][COLUMNS].reset_index(drop=True)


def _notes(rng: np.random.Generator, frame: pd.DataFrame) -> list[str]:
    when = {1: "On {}", 2: "During the week of {}", 3: "During the month of {}"}
    choice = rng.integers(0, 1 << 30, size=len(frame))
    out = []
    for i, (date, tp, sub, a1, a2, loc, adm1, adm2, fat) in enumerate(zip(
            frame["event_date"], frame["time_precision"], frame["sub_event_type"], frame["actor1"], frame["actor2"],
            frame["location"], frame["admin1"], frame["admin2"], frame["fatalities"])):
        c = int(choice[i])
        templates = NOTES.get(sub, [GENERIC_NOTE])
        day = dt.date.fromisoformat(date)
        stamp = day.strftime("%-d %B %Y") if tp != 3 else day.strftime("%B %Y")
        f = (FATALITIES[0] if fat == 0 else FATALITIES[1] if fat == 1
             else FATALITIES[2 + c % 4].format(n=fat))
        text = templates[c % len(templates)].format(d=stamp, a1=a1, a2=a2 or "unknown actors", loc=loc,
                                                    adm1=adm1, adm2=adm2, sub=sub.lower(), fat=f)
        out.append(when[tp].format(stamp) + text[text.index(","):])
    return out


# The fewest columns of an export geo draws an event from: id, day, type, position, and what it
# needs to say of them (place, precisions, sources).
MINIMAL = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "location",
           "latitude", "longitude", "geo_precision", "source"]


def write_events(path: Path, rows: int, seed: int = 1, notes: bool = True, minimal: bool = False) -> Path:
    """Write ``rows`` events to ``path`` as an ACLED CSV export (UTF-8, header, comma-separated);
    ``minimal``: only the MINIMAL columns."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = make_events(rows, seed, notes)
    frame = frame[MINIMAL] if minimal else frame
    tmp = path.with_suffix(path.suffix + ".part")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-notes", action="store_true", help="leave the notes column empty")
    args = parser.parse_args()
    write_events(args.out, args.rows, args.seed, not args.no_notes)
    print(f"{args.out}: {args.rows:,} events, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
