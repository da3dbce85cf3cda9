"""Write the real-world-shaped input corpus in this folder.

    .venv/bin/python tests/inputs/make_inputs.py

Every file is rewritten, byte for byte the same on every run (no clock, no randomness: zip
entries and the shapefile's DBF header carry fixed dates). Each file copies the layout, column
order, value formats and quirks of a public export (README.md beside this script names which);
the values are synthetic: notes and headlines say "synthetic test row", URLs are example.org,
and no row describes a real event. Uses only the standard library, shapely, geopandas and pyogrio.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon

HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

def write_bytes(name: str, data: bytes) -> None:
    path = HERE / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def csv_text(rows: list[list], *, quoting=csv.QUOTE_MINIMAL, lineterminator: str = "\r\n") -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=quoting, lineterminator=lineterminator)
    writer.writerows(rows)
    return buffer.getvalue()


def fixed_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP whose bytes depend on nothing but the entries (fixed date, fixed attributes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2022, 5, 8, 11, 46, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


# NW Syria places (approximate public coordinates), with the admin names ACLED and UCDP use
# (admin1 governorate, admin2 district, admin3 subdistrict).
SYRIA = {
    "Saraqab": (35.8614, 36.8058, "Idleb", "Idleb", "Saraqab"),
    "Maarrat An Nu'man": (35.6433, 36.6714, "Idleb", "Maarrat An Nu'man", "Maarrat An Nu'man"),
    "Kafr Nobol": (35.6136, 36.5611, "Idleb", "Maarrat An Nu'man", "Kafr Nobol"),
    "Ariha": (35.8125, 36.6083, "Idleb", "Ariha", "Ariha"),
    "Idleb": (35.9306, 36.6339, "Idleb", "Idleb", "Idleb"),
    "Atareb": (36.1389, 36.8300, "Aleppo", "Jebel Saman", "Atareb"),
    "Khan Shaykun": (35.4417, 36.6514, "Idleb", "Maarrat An Nu'man", "Khan Shaykun"),
    "Taftanaz": (35.9983, 36.7808, "Idleb", "Idleb", "Taftanaz"),
    "Sarmin": (35.9047, 36.7247, "Idleb", "Idleb", "Sarmin"),
    "Bennsh": (35.9569, 36.7133, "Idleb", "Idleb", "Bennsh"),
    "Jisr-Ash-Shugur": (35.8117, 36.3197, "Idleb", "Jisr-Ash-Shugur", "Jisr-Ash-Shugur"),
    "Daret Azza": (36.2833, 36.8500, "Aleppo", "Jebel Saman", "Daret Azza"),
    "Nayrab": (35.8694, 36.7475, "Idleb", "Idleb", "Saraqab"),
    "Qminas": (35.8972, 36.6842, "Idleb", "Idleb", "Idleb"),
    "Kafr Halab": (36.1500, 36.7833, "Aleppo", "Jebel Saman", "Atareb"),
}

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


# --------------------------------------------------------------------------------------------
# 1. acled-current.csv: today's ACLED columns, re-saved by a spreadsheet (event_date 7-Feb-20)
# --------------------------------------------------------------------------------------------

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]

SYR = "Military Forces of Syria (2000-)"
RUS = "Military Forces of Russia (2000-)"
TUR = "Military Forces of Turkey (2016-)"
HTS = "HTS: Hayat Tahrir al Sham"
NLF = "NLF: National Liberation Front"
CIV = "Civilians (Syria)"
PRO = "Protesters (Syria)"
UAG = "Unidentified Armed Group (Syria)"
INTER = {SYR: 1, RUS: 8, TUR: 8, HTS: 2, NLF: 2, CIV: 7, PRO: 6, UAG: 3, "": 0}

# (day, month, kind, actor1, assoc1, actor2, assoc2, place, geo_precision, time_precision,
#  fatalities, source, source_scale)
ACLED_ROWS = [
    (3, 1, "shelling", SYR, "", CIV, "", "Maarrat An Nu'man", 1, 1, 2, "SOHR", "Other-National"),
    (5, 1, "air", RUS, "", HTS, "", "Kafr Nobol", 2, 1, 0, "SOHR", "Other-National"),
    (8, 1, "clash", SYR, "NDF: National Defence Forces", HTS, NLF, "Khan Shaykun", 2, 1, 4,
     "SOHR; Step News Agency", "Other-New media"),
    (10, 1, "protest", PRO, "", "", "", "Idleb", 1, 1, 0, "Orient News", "National"),
    (12, 1, "air", SYR, "", CIV, "", "Ariha", 1, 1, 1, "SOHR", "Other-National"),
    (15, 1, "shelling", SYR, "", NLF, "", "Saraqab", 2, 2, 0, "Step News Agency", "New media"),
    (18, 1, "iied", UAG, "", CIV, "", "Idleb", 1, 1, 1, "SOHR", "Other-National"),
    (21, 1, "clash", HTS, "", SYR, "", "Maarrat An Nu'man", 2, 1, 6, "SOHR; SANA",
     "Other-National"),
    (24, 1, "regains", SYR, RUS, HTS, NLF, "Maarrat An Nu'man", 1, 1, 3, "SANA; SOHR",
     "National"),
    (27, 1, "air", RUS, "", CIV, "", "Ariha", 1, 1, 2, "SOHR", "Other-National"),
    (29, 1, "transfer", HTS, "", "", "", "Kafr Nobol", 2, 1, 0, "Step News Agency", "New media"),
    (1, 2, "shelling", SYR, "", CIV, "", "Sarmin", 1, 1, 1, "SOHR", "Other-National"),
    (3, 2, "clash", TUR, NLF, SYR, "", "Saraqab", 2, 1, 7, "Anadolu Agency; SOHR",
     "International-National"),
    (4, 2, "air", SYR, "", NLF, "", "Taftanaz", 2, 1, 0, "SOHR", "Other-National"),
    (5, 2, "regains", SYR, "", HTS, "", "Saraqab", 1, 1, 5, "SANA; SOHR", "National"),
    (7, 2, "shelling", SYR, "", CIV, "", "Bennsh", 1, 1, 1, "SOHR", "Other-National"),
    (7, 2, "air", RUS, "", CIV, "", "Idleb", 1, 1, 3, "SOHR; Step News Agency",
     "Other-New media"),
    (9, 2, "clash", SYR, "", NLF, TUR, "Nayrab", 1, 1, 4, "SOHR", "Other-National"),
    (11, 2, "shelling", TUR, "", SYR, "", "Nayrab", 2, 1, 0, "Anadolu Agency", "International"),
    (13, 2, "protest", PRO, "", "", "", "Bennsh", 1, 1, 0, "Orient News", "National"),
    (16, 2, "regains", SYR, RUS, HTS, "", "Daret Azza", 2, 1, 2, "SANA", "National"),
    (18, 2, "air", SYR, "", CIV, "", "Atareb", 1, 1, 2, "SOHR", "Other-National"),
    (20, 2, "clash", NLF, TUR, SYR, "", "Qminas", 1, 1, 5, "SOHR; Anadolu Agency",
     "Other-International"),
    (22, 2, "shelling", SYR, "", NLF, "", "Kafr Halab", 2, 2, 0, "Step News Agency", "New media"),
    (25, 2, "overtakes", NLF, HTS, SYR, "", "Nayrab", 1, 1, 3, "SOHR", "Other-National"),
    (27, 2, "air", RUS, "", SYR, "", "Saraqab", 2, 1, 0, "Anadolu Agency", "International"),
    (27, 2, "iied", UAG, "", TUR, "", "Taftanaz", 2, 1, 0, "SOHR", "Other-National"),
    (28, 2, "shelling", TUR, "", SYR, "", "Saraqab", 2, 1, 4, "Anadolu Agency; SOHR",
     "International-National"),
    (1, 3, "air", TUR, "", SYR, "", "Sarmin", 2, 1, 2, "Anadolu Agency", "International"),
    (2, 3, "regains", SYR, RUS, NLF, HTS, "Saraqab", 1, 1, 6, "SANA; SOHR", "National"),
    (3, 3, "clash", SYR, "", NLF, "", "Nayrab", 1, 1, 3, "SOHR", "Other-National"),
    (4, 3, "shelling", SYR, "", CIV, "", "Ariha", 1, 1, 0, "SOHR", "Other-National"),
    (5, 3, "other", TUR, "", "", "", "Idleb", 3, 1, 0, "Anadolu Agency; SANA",
     "International-National"),
    (8, 3, "protest", PRO, "", "", "", "Atareb", 1, 1, 0, "Orient News", "National"),
    (10, 3, "iied", UAG, "", SYR, "", "Jisr-Ash-Shugur", 2, 1, 1, "SOHR", "Other-National"),
    (14, 3, "other", RUS, TUR, "", "", "Saraqab", 2, 1, 0, "SANA; Anadolu Agency",
     "National-International"),
    (17, 3, "shelling", SYR, "", NLF, "", "Kafr Nobol", 2, 2, 0, "Step News Agency", "New media"),
    (20, 3, "protest", PRO, "", "", "", "Jisr-Ash-Shugur", 1, 1, 0, "Orient News", "National"),
    (24, 3, "clash", HTS, "", UAG, "", "Idleb", 1, 1, 1, "SOHR", "Other-National"),
    (31, 3, "shelling", SYR, "", NLF, "", "Ariha", 2, 3, 0, "SOHR", "Other-National"),
]

ACLED_KINDS = {  # kind: (disorder_type, event_type, sub_event_type, phrase for the notes)
    "shelling": ("Political violence", "Explosions/Remote violence",
                 "Shelling/artillery/missile attack", "shelling"),
    "air": ("Political violence", "Explosions/Remote violence", "Air/drone strike",
            "an air/drone strike"),
    "iied": ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED",
             "an explosive device"),
    "clash": ("Political violence", "Battles", "Armed clash", "an armed clash"),
    "regains": ("Political violence", "Battles", "Government regains territory",
                "a change of territory"),
    "overtakes": ("Political violence", "Battles", "Non-state actor overtakes territory",
                  "a change of territory"),
    "transfer": ("Strategic developments", "Strategic developments",
                 "Non-violent transfer of territory", "a non-violent transfer of territory"),
    "other": ("Strategic developments", "Strategic developments", "Other",
              "a strategic development"),
    "protest": ("Demonstrations", "Protests", "Peaceful protest", "a peaceful protest"),
}


def acled_current() -> None:
    rows = [ACLED_COLUMNS]
    records = []
    for number, spec in enumerate(ACLED_ROWS):
        (day, month, kind, a1, as1, a2, as2, place, geo_p, time_p, killed, source, scale) = spec
        disorder, event_type, sub_event, phrase = ACLED_KINDS[kind]
        lat, lon, admin1, admin2, admin3 = SYRIA[place]
        inter1, inter2 = INTER[a1], INTER[a2]
        # ACLED's interaction: the two actor codes, lower first; one actor alone is code * 10
        interaction = inter1 * 10 if not inter2 else int(f"{min(inter1, inter2)}{max(inter1, inter2)}")
        targeting = "Civilian targeting" if a2 == CIV else ""
        when = ("Around" if time_p == 2 else "In" if time_p == 3 else "On")
        date_words = (f"{MONTH_NAMES[month - 1]} 2020" if time_p == 3
                      else f"{day} {MONTH_NAMES[month - 1]} 2020")
        notes = (f"{when} {date_words}, synthetic test row: {phrase} coded at {place} "
                 f"({admin3}, {admin2}, {admin1}). Not a real event.")
        tags = "crowd size=no report" if kind == "protest" else ""
        records.append((2020, month, day, number, [
            f"SYR{81002 + number * 7}",
            f"{day}-{MONTHS[month - 1]}-20",  # d-mmm-yy, as a spreadsheet re-saves it
            2020, time_p, disorder, event_type, sub_event, a1, as1, inter1, a2, as2, inter2,
            interaction, targeting, 760, "Middle East", "Syria", admin1, admin2, admin3, place,
            f"{lat:.4f}", f"{lon:.4f}", geo_p, source, scale, notes, killed, tags,
            # the upload time (UTC seconds), a week or so after the event
            int(datetime(2020, month, day, tzinfo=UTC).timestamp())
            + (5 + number % 4) * 86_400 + (number * 3_607) % 50_000,
        ]))
    # ACLED exports list the newest events first
    records.sort(key=lambda record: (record[0], record[1], record[2], record[3]), reverse=True)
    rows += [record[4] for record in records]
    write_bytes("acled-current.csv", csv_text(rows).encode("utf-8"))


# --------------------------------------------------------------------------------------------
# 2. acled-2016.csv: the 2016 columns, written by R's write.csv (row names, quotes, NA)
# --------------------------------------------------------------------------------------------

ACLED_2016_COLUMNS = [
    "GWNO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION",
    "EVENT_TYPE", "ACTOR1", "ALLY_ACTOR_1", "INTER1", "ACTOR2", "ALLY_ACTOR_2", "INTER2",
    "INTERACTION", "COUNTRY", "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE", "LONGITUDE",
    "GEO_PRECISION", "SOURCE", "NOTES", "FATALITIES",
]

# (gwno, country, admin1, admin2, admin3, location, lat, lon)
PLACES_2016 = {
    "Sirte": (620, "Libya", "Surt", "Surt", None, "Sirte", 31.2089, 16.5887),
    "Benghazi": (620, "Libya", "Benghazi", "Benghazi", None, "Benghazi", 32.1167, 20.0667),
    "Darna": (620, "Libya", "Darnah", "Darnah", None, "Darna", 32.767, 22.6367),
    "Baidoa": (520, "Somalia", "Bay", "Baydhabo", None, "Baidoa", 3.11718, 43.6469),
    "Mogadishu": (520, "Somalia", "Banadir", "Mogadishu", None, "Mogadishu", 2.0371, 45.3438),
    "Kismayo": (520, "Somalia", "Lower Juba", "Kismaayo", None, "Kismayo", -0.3582, 42.5454),
    "Maiduguri": (475, "Nigeria", "Borno", "Maiduguri", None, "Maiduguri", 11.8464, 13.1603),
    "Menaka": (432, "Mali", "Gao", "Menaka", "Menaka", "Menaka", 15.9182, 2.4022),
    "Gao": (432, "Mali", "Gao", "Gao", "Gao", "Gao", 16.2666, -0.04),
}

# (day, month, event type, actor1, ally1, inter1, actor2, ally2, inter2, place, geo_p, time_p,
#  source, fatalities)
ACLED_2016_ROWS = [
    (4, 1, "Remote violence", "Al Shabaab", None, 2, "Civilians (Somalia)", None, 7, "Baidoa",
     1, 1, "Agence France Presse", 2),
    (11, 1, "Battle-No change of territory", "Military Forces of Somalia (2012-)",
     "AMISOM: African Union Mission in Somalia (2007-)", 1, "Al Shabaab", None, 2, "Kismayo",
     2, 1, "Shabelle Media Network", 5),
    (19, 1, "Violence against civilians", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati "
     "wal-Jihad", None, 2, "Civilians (Nigeria)", None, 7, "Maiduguri", 1, 1, "Premium Times",
     3),
    (2, 2, "Riots/Protests", "Protesters (Nigeria)", None, 6, None, None, 0, "Maiduguri", 1, 1,
     "Premium Times", 0),
    (14, 2, "Battle-Government regains territory", "Military Forces of Libya (2014-)", None, 1,
     "Islamic State (Libya)", None, 2, "Benghazi", 1, 1, "Libya Herald", 4),
    (27, 2, "Strategic development", "Military Forces of Libya (2014-)", None, 1, None, None, 0,
     "Benghazi", 1, 1, "Libya Herald", 0),
    (9, 3, "Remote violence", "Unidentified Armed Group (Mali)", None, 3,
     "Military Forces of Mali (2013-)", None, 1, "Gao", 2, 1, "Associated Press International",
     1),
    (23, 3, "Battle-No change of territory", "Unidentified Armed Group (Mali)", None, 3,
     "Police Forces of Mali (2013-) Gendarmerie", None, 1, "Menaka", 1, 1,
     "Associated Press International", 2),
    (6, 4, "Riots/Protests", "Rioters (Somalia)", None, 5, "Police Forces of Somalia (2012-)",
     None, 1, "Mogadishu", 1, 1, "Shabelle Media Network", 0),
    (18, 4, "Violence against civilians", "Unidentified Armed Group (Somalia)", None, 3,
     "Civilians (Somalia)", None, 7, "Mogadishu", 1, 1, "Xinhua General News Service", 1),
    (5, 5, "Battle-No change of territory", "Shura Council of Darnah Mujahidin", None, 3,
     "Military Forces of Libya (2014-)", None, 1, "Darna", 2, 2, "Libya Herald", 3),
    (30, 5, "Battle-Government regains territory",
     "Military Forces of Libya (2016-) Presidential Guard", "Misratah Communal Militia (Libya)",
     1, "Islamic State (Libya)", None, 2, "Sirte", 1, 1, "Xinhua General News Service", 6),
    (12, 6, "Remote violence", "Military Forces of Libya (2016-) Presidential Guard", None, 1,
     "Islamic State (Libya)", None, 2, "Sirte", 1, 1, "Libya Herald; Agence France Presse", 0),
    (2, 7, "Battle-Government regains territory",
     "Military Forces of Libya (2016-) Presidential Guard", "Misratah Communal Militia (Libya)",
     1, "Islamic State (Libya)", None, 2, "Sirte", 1, 1, "Xinhua General News Service", 3),
    (21, 7, "Strategic development", "Al Shabaab", None, 2, None, None, 0, "Baidoa", 2, 2,
     "Shabelle Media Network", 0),
    (15, 8, "Violence against civilians", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati "
     "wal-Jihad", None, 2, "Civilians (Nigeria)", None, 7, "Maiduguri", 2, 1, "Premium Times",
     4),
    (3, 9, "Remote violence", "Unidentified Armed Group (Mali)", None, 3,
     "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali "
     "(2013-)", None, 8, "Gao", 1, 1, "Agence France Presse", 0),
    (19, 10, "Riots/Protests", "Protesters (Libya)", None, 6, None, None, 0, "Benghazi", 1, 1,
     "Libya Herald", 0),
    (7, 11, "Battle-No change of territory", "Military Forces of Somalia (2012-)", None, 1,
     "Al Shabaab", None, 2, "Baidoa", 2, 1, "Shabelle Media Network", 2),
    (28, 12, "Strategic development", "Military Forces of Libya (2016-) Presidential Guard",
     None, 1, None, None, 0, "Sirte", 1, 3, "Libya Herald", 0),
]


def r_write_csv(header: list[str], rows: list[list]) -> str:
    """What R's write.csv writes: a quoted "" row-name column, strings quoted, NA unquoted."""
    def cell(value) -> str:
        if value is None:
            return "NA"
        if isinstance(value, str):
            return '"' + value.replace('"', '""') + '"'
        return repr(value) if isinstance(value, float) else str(value)
    lines = [",".join(['""'] + [cell(name) for name in header])]
    for number, row in enumerate(rows, start=1):
        lines.append(",".join([cell(str(number))] + [cell(value) for value in row]))
    return "\n".join(lines) + "\n"


def acled_2016() -> None:
    rows = []
    for number, spec in enumerate(ACLED_2016_ROWS):
        (day, month, event_type, a1, al1, i1, a2, al2, i2, place, geo_p, time_p, source,
         killed) = spec
        gwno, country, admin1, admin2, admin3, location, lat, lon = PLACES_2016[place]
        interaction = int(f"{min(i1, i2)}{max(i1, i2)}") if i2 else i1 * 10
        rows.append([
            gwno, f"{7801 + number * 13}RTA", None, f"{day:02d}/{month:02d}/2016", 2016, time_p,
            event_type, a1, al1, i1, a2, al2, i2, interaction, country, admin1, admin2, admin3,
            location, lat, lon, geo_p, source,
            f"Synthetic test row: {event_type.lower()} coded at {location}. Not a real event.",
            killed,
        ])
    write_bytes("acled-2016.csv", r_write_csv(ACLED_2016_COLUMNS, rows).encode("utf-8"))


# --------------------------------------------------------------------------------------------
# 3. ucdp-ged.csv: UCDP GED columns in their order; ';'-separated citations
# --------------------------------------------------------------------------------------------

GED_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name",
    "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
]

# the state-based dyad as GED names it (ids as in GED); the one-sided dyad's ids are made up
STATE_BASED = (1, "299", 299, "Syria: Government", "11973", 11973,
               "Government of Syria - Syrian insurgents", "118", 118, "Government of Syria",
               "4456", 4456, "Syrian insurgents", "652", "")
ONE_SIDED = (3, "90118", 90118, "Government of Syria - Civilians", "90118", 90118,
             "Government of Syria - Civilians", "118", 118, "Government of Syria", "1", 1,
             "Civilians", "652", "")

# GED names places as "<name> town", "<name> village", "<governorate> governorate"
GED_PLACES = {
    "Saraqib": (35.8614, 36.8058, "Saraqib town", "Idlib governorate", "Idlib district"),
    "Maarat al-Numan": (35.6433, 36.6714, "Maarat al-Numan town", "Idlib governorate",
                        "Maarat al-Numan district"),
    "Kafr Nabl": (35.6136, 36.5611, "Kafr Nabl town", "Idlib governorate",
                  "Maarat al-Numan district"),
    "Ariha": (35.8125, 36.6083, "Ariha town", "Idlib governorate", "Ariha district"),
    "Idlib": (35.9306, 36.6339, "Idlib city", "Idlib governorate", "Idlib district"),
    "Atarib": (36.1389, 36.8300, "Atarib town", "Aleppo governorate", "Jabal Saman district"),
    "Nayrab": (35.8694, 36.7475, "Nayrab village", "Idlib governorate", "Idlib district"),
    "Taftanaz": (35.9983, 36.7808, "Taftanaz town", "Idlib governorate", "Idlib district"),
}

# (day, month, dyad, place, where_prec, date_prec, span days, clarity, deaths a/b/civ/unknown,
#  high extra, sources [(publisher, day, month)], source_original)
GED_ROWS = [
    (6, 1, ONE_SIDED, "Ariha", 1, 1, 0, 1, (0, 0, 3, 0), 0, [("SOHR", 6, 1)], "SOHR"),
    (9, 1, STATE_BASED, "Maarat al-Numan", 2, 1, 0, 1, (2, 5, 0, 0), 3,
     [("SOHR", 9, 1), ("AFP", 10, 1)], "SOHR, local sources"),
    (14, 1, STATE_BASED, "Kafr Nabl", 2, 2, 1, 1, (1, 3, 0, 0), 0, [("SOHR", 15, 1)], "SOHR"),
    (16, 1, ONE_SIDED, "Idlib", 1, 1, 0, 1, (0, 0, 4, 0), 2,
     [("SOHR", 16, 1), ("Reuters", 16, 1), ("AFP", 17, 1)], "SOHR, civil defence"),
    (22, 1, STATE_BASED, "Maarat al-Numan", 4, 1, 0, 2, (0, 0, 0, 6), 0,
     [("Xinhua", 23, 1)], "Syrian army source"),
    (28, 1, STATE_BASED, "Maarat al-Numan", 1, 1, 0, 1, (3, 9, 0, 0), 4,
     [("SOHR", 28, 1), ("SANA", 28, 1)], "SOHR, SANA"),
    (3, 2, STATE_BASED, "Saraqib", 2, 1, 0, 1, (4, 6, 0, 0), 0,
     [("SOHR", 3, 2), ("AFP", 4, 2)], "SOHR"),
    (5, 2, STATE_BASED, "Saraqib", 1, 1, 0, 1, (2, 7, 0, 0), 5,
     [("SOHR", 5, 2), ("SANA", 6, 2), ("AFP", 6, 2)], "SOHR, SANA"),
    (7, 2, ONE_SIDED, "Idlib", 1, 1, 0, 1, (0, 0, 5, 0), 0, [("SOHR", 7, 2)], "SOHR"),
    (9, 2, STATE_BASED, "Nayrab", 2, 3, 6, 1, (5, 8, 0, 1), 0,
     [("Crisis Watch", 1, 3), ("SOHR", 10, 2)], "Crisis Watch, SOHR"),
    (11, 2, STATE_BASED, "Taftanaz", 2, 1, 0, 2, (0, 0, 0, 3), 0, [("SOHR", 11, 2)], "SOHR"),
    (16, 2, STATE_BASED, "Atarib", 3, 1, 0, 1, (1, 4, 0, 0), 0,
     [("Reuters", 17, 2)], "rebel commander"),
    (18, 2, ONE_SIDED, "Atarib", 2, 1, 0, 1, (0, 0, 2, 0), 1, [("SOHR", 18, 2)], "SOHR"),
    (20, 2, STATE_BASED, "Nayrab", 1, 1, 0, 1, (6, 4, 0, 0), 2,
     [("SOHR", 20, 2), ("AFP", 20, 2)], "SOHR"),
    (25, 2, STATE_BASED, "Saraqib", 2, 2, 2, 1, (3, 3, 0, 0), 0,
     [("SOHR", 27, 2)], "SOHR"),
    (27, 2, STATE_BASED, "Saraqib", 5, 1, 0, 2, (0, 0, 0, 9), 6,
     [("AFP", 28, 2), ("Reuters", 28, 2)], "AFP, Reuters"),
    (1, 3, STATE_BASED, "Saraqib", 1, 1, 0, 1, (4, 2, 0, 0), 0,
     [("SOHR", 1, 3), ("SANA", 2, 3)], "SOHR, SANA"),
    (3, 3, STATE_BASED, "Nayrab", 2, 1, 0, 1, (2, 5, 0, 0), 0, [("SOHR", 3, 3)], "SOHR"),
    (4, 3, ONE_SIDED, "Ariha", 1, 1, 0, 1, (0, 0, 1, 0), 0, [("SOHR", 4, 3)], "SOHR"),
    (1, 2, STATE_BASED, "Idlib", 6, 4, 28, 2, (0, 0, 0, 12), 8,
     [("SOHR", 1, 3)], "SOHR monthly report"),
]


def priogrid(lat: float, lon: float) -> int:
    row = int((lat + 90) // 0.5) + 1
    col = int((lon + 180) // 0.5) + 1
    return (row - 1) * 720 + col


def ged_date(day: int, month: int) -> str:
    return f"2020-{month:02d}-{day:02d} 00:00:00.000"


def add_days(day: int, month: int, days: int) -> tuple[int, int]:
    lengths = {1: 31, 2: 29, 3: 31}
    day += days
    while day > lengths[month]:
        day -= lengths[month]
        month += 1
    return day, month


def ucdp_ged() -> None:
    rows = [GED_COLUMNS]
    for number, spec in enumerate(GED_ROWS):
        (day, month, dyad, place, where_prec, date_prec, span, clarity, deaths, high_extra,
         sources, original) = spec
        (violence, conflict_dset, conflict_new, conflict_name, dyad_dset, dyad_new, dyad_name,
         a_dset, a_new, side_a, b_dset, b_new, side_b, gwnoa, gwnob) = dyad
        lat, lon, where, adm_1, adm_2 = GED_PLACES[place]
        if where_prec >= 4:
            where, adm_2 = "Idlib governorate", ""
        if where_prec == 6:
            lat, lon, where, adm_1 = 35.0, 38.0, "Syria", ""
        end_day, end_month = add_days(day, month, span)
        headlines = [f"Synthetic test headline {number + 1}{'abc'[i]}"
                     for i in range(len(sources))]
        article = ";".join(f'"{publisher},2020-{m:02d}-{d:02d},{headline}"'
                           for (publisher, d, m), headline in zip(sources, headlines))
        best = sum(deaths)
        rows.append([
            244100 + number * 17, f"SYR-2020-{violence}-{conflict_new}-{number + 1}", 2020, 1,
            "Clear", violence, conflict_dset, conflict_new, conflict_name, dyad_dset, dyad_new,
            dyad_name, a_dset, a_new, side_a, b_dset, b_new, side_b, len(sources), article,
            ";".join(publisher for publisher, _, _ in sources),
            ";".join(f"2020-{m:02d}-{d:02d}" for _, d, m in sources),
            ";".join(headlines), original, where_prec, where,
            f"{where} ({'outskirts' if where_prec == 2 else 'synthetic test row'})",
            adm_1, adm_2, lat, lon, f"POINT ({lon} {lat})", priogrid(lat, lon), "Syria", 652,
            "Middle East", clarity, date_prec, ged_date(day, month),
            ged_date(end_day, end_month), *deaths, best, best + high_extra,
            max(best - high_extra // 2, 0), gwnoa, gwnob,
        ])
    write_bytes("ucdp-ged.csv", csv_text(rows, lineterminator="\n").encode("utf-8"))


# --------------------------------------------------------------------------------------------
# 4. strikes-geocoded.geojson: reports placed by an automatic geocoder, three of them wrongly
# --------------------------------------------------------------------------------------------

# (place as the pipeline matched it, longitude, latitude)
STRIKE_PLACES = [
    ("Kharkiv", 36.2304, 49.9935), ("Kyiv", 30.5234, 50.4501), ("Odesa", 30.7233, 46.4825),
    ("Dnipro", 35.0462, 48.4647), ("Zaporizhzhia", 35.1396, 47.8388),
    ("Kherson", 32.6169, 46.6354), ("Mykolaiv", 31.9946, 46.9750), ("Sumy", 34.7981, 50.9077),
    ("Pokrovsk", 129.1541, 61.4833),  # geocoder error: Pokrovsk, Sakha (Yakutia), Russia
    ("Chernihiv", 31.2893, 51.4982), ("Poltava", 34.5514, 49.5883),
    ("Kramatorsk", 37.5848, 48.7389), ("Sloviansk", 37.6069, 48.8528),
    ("Kostiantynivka", 37.7069, 48.5277), ("Druzhkivka", 37.5281, 48.6203),
    ("Hope", -149.6403, 60.9203),  # geocoder error: Hope, Alaska (a village name translated)
    ("Myrnohrad", 37.2591, 48.3079), ("Izium", 37.2569, 49.2128), ("Kupiansk", 37.6153, 49.7106),
    ("Lozova", 36.3161, 48.8892), ("Balakliia", 36.8586, 49.4627), ("Nikopol", 34.3963, 47.5712),
    ("Alexandra", 28.1000, -26.1000),  # geocoder error: Alexandra, Gauteng, South Africa
    ("Kryvyi Rih", 33.3918, 47.9105), ("Kremenchuk", 33.4204, 49.0659),
    ("Chuhuiv", 36.6880, 49.8353), ("Orikhiv", 35.7848, 47.5676),
    ("Huliaipole", 36.2557, 47.6619), ("Kurakhove", 37.2833, 47.9833),
    ("Pokrovsk", 37.1756, 48.2828),
]


def strikes_geocoded() -> None:
    features = []
    for number, (place, lon, lat) in enumerate(STRIKE_PLACES):
        day = 1 + number % 28
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "title": f"Synthetic test report {number + 1}: strike reported in {place}",
                "date": f"2024-11-{day:02d}",
                "url": f"https://example.org/reports/2024/11/{day:02d}/strike-{number + 1:03d}",
                "place": place,
            },
        })
    text = json.dumps({"type": "FeatureCollection", "features": features}, indent=2,
                      ensure_ascii=False)
    write_bytes("strikes-geocoded.geojson", text.encode("utf-8"))


# --------------------------------------------------------------------------------------------
# 5. tracker/: daily "occupied area" snapshots, geometry only, written by GDAL as trackers do
# --------------------------------------------------------------------------------------------

CRIMEA = [(32.50, 45.35), (33.70, 46.20), (34.90, 45.95), (35.50, 45.60), (36.60, 45.40),
          (35.40, 45.00), (34.40, 44.45), (33.40, 44.50), (32.50, 45.35)]


def occupied(day: int) -> MultiPolygon:
    d = 0.08 * day
    east = [(37.55 - d / 2, 47.10), (38.20, 47.10), (38.90, 47.25), (39.80, 47.83),
            (39.75, 48.30), (40.15, 48.80), (40.05, 49.35), (39.60, 49.60), (39.10 - d, 49.55),
            (38.70 - d, 49.00), (38.30 - d, 48.55), (37.80 - d, 48.20), (37.55 - d, 47.85),
            (37.55 - d / 2, 47.10)]
    east = [(round(x, 6), round(y, 6)) for x, y in east]
    return MultiPolygon([Polygon(CRIMEA), Polygon(east)])


def tracker() -> None:
    for folder in ("tracker", "tracker-yy"):
        shutil.rmtree(HERE / folder, ignore_errors=True)
        (HERE / folder).mkdir()
    previous = None
    for day in range(5):
        shape = occupied(day)
        assert shape.is_valid and (previous is None or shape.contains(previous))
        previous = shape
        frame = gpd.GeoDataFrame(geometry=[shape], crs="EPSG:4326")
        for name in (f"tracker/2022-03-{day + 1:02d}.geojson",
                     f"tracker-yy/22_03_{day + 1:02d}.geojson"):
            frame.to_file(HERE / name, driver="GeoJSON", engine="pyogrio")


# --------------------------------------------------------------------------------------------
# 6. zones-styled.kml, front-line.kml, front-line.kmz: Google Earth's KML
# --------------------------------------------------------------------------------------------

FRONT = [(38.02, 48.80), (37.98, 48.72), (38.03, 48.65), (37.99, 48.59), (37.95, 48.52),
         (38.00, 48.45), (37.96, 48.38)]
ENCLAVE = [(37.88, 48.58), (37.93, 48.56), (37.95, 48.60), (37.90, 48.62), (37.88, 48.58)]

KML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<kml xmlns="http://www.opengis.net/kml/2.2" '
            'xmlns:gx="http://www.google.com/kml/ext/2.2" '
            'xmlns:kml="http://www.opengis.net/kml/2.2" xmlns:atom="http://www.w3.org/2005/Atom">\n'
            '<Document>\n')


def kml_coordinates(points, indent: str) -> str:
    # Google Earth: one line of "lon,lat,0" triples, each followed by a space
    text = "".join(f"{x:g},{y:g},0 " for x, y in points)
    return f"{indent}<coordinates>\n{indent}\t{text}\n{indent}</coordinates>\n"


def kml_style(style_id: str, line: str, poly: str | None, width: int = 2) -> str:
    text = f'\t<Style id="{style_id}">\n\t\t<LineStyle>\n\t\t\t<color>{line}</color>\n'
    text += f"\t\t\t<width>{width}</width>\n\t\t</LineStyle>\n"
    if poly:
        text += f"\t\t<PolyStyle>\n\t\t\t<color>{poly}</color>\n\t\t</PolyStyle>\n"
    return text + "\t</Style>\n"


def kml_style_map(map_id: str, normal: str, highlight: str) -> str:
    return (f'\t<StyleMap id="{map_id}">\n'
            f"\t\t<Pair>\n\t\t\t<key>normal</key>\n\t\t\t<styleUrl>#{normal}</styleUrl>\n"
            f"\t\t</Pair>\n\t\t<Pair>\n\t\t\t<key>highlight</key>\n"
            f"\t\t\t<styleUrl>#{highlight}</styleUrl>\n\t\t</Pair>\n\t</StyleMap>\n")


def kml_polygon(name: str, style: str, outer, inner=None) -> str:
    text = (f"\t\t<Placemark>\n\t\t\t<name>{name}</name>\n\t\t\t<styleUrl>#{style}</styleUrl>\n"
            "\t\t\t<Polygon>\n\t\t\t\t<tessellate>1</tessellate>\n"
            "\t\t\t\t<outerBoundaryIs>\n\t\t\t\t\t<LinearRing>\n")
    text += kml_coordinates(outer, "\t\t\t\t\t\t")
    text += "\t\t\t\t\t</LinearRing>\n\t\t\t\t</outerBoundaryIs>\n"
    if inner:
        text += "\t\t\t\t<innerBoundaryIs>\n\t\t\t\t\t<LinearRing>\n"
        text += kml_coordinates(inner, "\t\t\t\t\t\t")
        text += "\t\t\t\t\t</LinearRing>\n\t\t\t\t</innerBoundaryIs>\n"
    return text + "\t\t\t</Polygon>\n\t\t</Placemark>\n"


def zones_kml() -> None:
    ru_east = FRONT + [(38.25, 48.38), (38.25, 48.80), FRONT[0]]
    ua_west = list(reversed(FRONT)) + [(37.70, 48.80), (37.70, 48.38), FRONT[-1]]
    ru_south = [(37.96, 48.38), (38.25, 48.38), (38.25, 48.30), (37.92, 48.30), (37.96, 48.38)]
    for ring in (ru_east, ua_west, ENCLAVE, ru_south):
        assert Polygon(ring).is_valid
    assert Polygon(ua_west, [ENCLAVE]).is_valid
    text = KML_HEAD + "\t<name>zones-styled.kml</name>\n"
    text += kml_style("ru", "ff0000ff", "660000ff") + kml_style("ru_hl", "ff0000ff", "990000ff")
    text += kml_style("ua", "ffff0000", "66ff0000") + kml_style("ua_hl", "ffff0000", "99ff0000")
    text += kml_style_map("m_ru", "ru", "ru_hl") + kml_style_map("m_ua", "ua", "ua_hl")
    text += "\t<Folder>\n\t\t<name>Control</name>\n\t\t<open>1</open>\n"
    text += kml_polygon("Untitled Polygon", "ru", ru_east)
    text += kml_polygon("Untitled Polygon", "ua", ua_west, ENCLAVE)
    text += kml_polygon("Untitled Polygon", "ru", ENCLAVE)
    text += kml_polygon("Polygon 4", "ru", ru_south)
    text += "\t</Folder>\n</Document>\n</kml>\n"
    write_bytes("zones-styled.kml", text.encode("utf-8"))


FRONT_LINE = [(37.62, 49.70), (37.78, 49.40), (37.90, 49.10), (38.05, 48.95), (38.02, 48.80),
              (37.98, 48.72), (38.03, 48.65), (37.99, 48.59), (37.95, 48.52), (38.00, 48.45),
              (37.96, 48.38), (37.78, 48.20), (37.55, 47.85), (37.20, 47.75), (36.60, 47.70),
              (36.10, 47.62), (35.75, 47.55), (35.30, 47.45), (34.90, 47.30), (34.30, 47.10)]


def front_line_kml() -> bytes:
    text = KML_HEAD + "\t<name>front-line.kml</name>\n"
    text += kml_style("line", "ff0000ff", None, width=3)
    text += ("\t<Placemark>\n\t\t<name>Front line</name>\n\t\t<styleUrl>#line</styleUrl>\n"
             "\t\t<LineString>\n\t\t\t<tessellate>1</tessellate>\n")
    text += kml_coordinates(FRONT_LINE, "\t\t\t")
    text += "\t\t</LineString>\n\t</Placemark>\n</Document>\n</kml>\n"
    return text.encode("utf-8")


def front_lines() -> None:
    data = front_line_kml()
    write_bytes("front-line.kml", data)
    write_bytes("front-line.kmz", fixed_zip([("doc.kml", data)]))


# --------------------------------------------------------------------------------------------
# 7. countries/: a Natural Earth-like admin-0 shapefile, written byte by byte
# --------------------------------------------------------------------------------------------

ANTIMERIDIAN = 180.00000000000006  # as in Natural Earth 5.1.1's ne_110m_admin_0_countries

COUNTRIES = [
    # (featurecla, ADMIN, ADM0_A3, NAME, NAME_LONG, POP_EST, POP_YEAR, ISO_A3, CONTINENT, parts)
    ("Admin-0 country", "Fiji", "FJI", "Fiji", "Fiji", 889953.0, 2019, "FJI", "Oceania", [
        [(178.0, -17.0), (180.0, -16.2), (180.0, -16.6), (178.6, -18.2), (178.0, -17.0)],
        [(-180.0, -16.2), (-179.8, -16.0), (-179.9, -16.6), (-180.0, -16.6), (-180.0, -16.2)],
    ]),
    ("Admin-0 country", "Russia", "RUS", "Russia", "Russian Federation", 144373535.0, 2019,
     "RUS", "Europe", [
         [(31.8, 52.1), (28.0, 56.0), (28.0, 59.5), (30.0, 69.5), (45.0, 68.5), (60.0, 69.8),
          (70.0, 73.0), (100.0, 77.5), (140.0, 73.5), (170.0, 70.1),
          (ANTIMERIDIAN, 69.0), (180.0, 65.0), (178.7, 64.5), (170.0, 60.0), (163.0, 59.0),
          (140.0, 53.0), (135.0, 43.0), (131.0, 42.6), (120.0, 53.0), (87.0, 49.0),
          (60.0, 51.0), (48.0, 46.5), (47.0, 43.0), (40.0, 43.4), (38.2, 47.1), (39.7, 47.8),
          (40.1, 49.6), (35.4, 50.6), (31.8, 52.1)],
         [(-180.0, 69.0), (-175.0, 67.8), (-170.0, 66.0), (-172.0, 64.5), (-175.0, 65.5),
          (-180.0, 65.0), (-180.0, 69.0)],
     ]),
    ("Admin-0 country", "Syria", "SYR", "Syria", "Syria", 17070135.0, 2019, "SYR", "Asia", [
        [(35.7, 32.7), (35.9, 35.5), (36.2, 36.0), (36.7, 36.8), (38.0, 36.85), (39.2, 36.7),
         (40.7, 37.1), (42.35, 37.2), (41.0, 34.4), (38.8, 33.4), (36.8, 32.3), (35.7, 32.7)],
    ]),
    ("Admin-0 country", "Ukraine", "UKR", "Ukraine", "Ukraine", 44385155.0, 2019, "UKR",
     "Europe", [
         [(22.1, 48.4), (24.0, 51.6), (31.8, 52.1), (35.4, 50.6), (40.1, 49.6), (39.7, 47.8),
          (38.2, 47.1), (35.0, 46.3), (36.6, 45.4), (34.4, 44.45), (32.5, 45.35), (30.1, 45.8),
          (28.2, 45.5), (28.0, 48.2), (22.1, 48.4)],
     ]),
    ("Admin-0 country", "Turkey", "TUR", "Turkey", "Turkey", 83429615.0, 2019, "TUR", "Asia", [
        [(26.0, 40.6), (26.1, 41.8), (28.0, 42.0), (31.5, 41.2), (35.0, 42.0), (38.3, 40.9),
         (41.5, 41.5), (43.6, 41.1), (44.8, 39.7), (44.4, 37.1), (42.35, 37.2), (40.7, 37.1),
         (39.2, 36.7), (38.0, 36.85), (36.7, 36.8), (36.2, 36.0), (36.0, 36.9), (34.0, 36.3),
         (30.5, 36.5), (28.0, 36.7), (26.5, 38.5), (26.0, 40.6)],
    ]),
    ("Admin-0 country", "Republic of Kosovo", "KOS", "Kosovo", "Kosovo", 1794248.0, 2019,
     "-99", "Europe", [
         [(20.0, 42.55), (20.5, 43.25), (21.5, 42.95), (21.7, 42.4), (21.0, 42.1),
          (20.3, 42.3), (20.0, 42.55)],
     ]),
]

# name, type, width, decimals: Natural Earth's own widths for these fields
DBF_FIELDS = [("featurecla", "C", 15, 0), ("ADMIN", "C", 36, 0), ("ADM0_A3", "C", 3, 0),
              ("NAME", "C", 24, 0), ("NAME_LONG", "C", 35, 0), ("POP_EST", "N", 12, 1),
              ("POP_YEAR", "N", 4, 0), ("ISO_A3", "C", 3, 0), ("CONTINENT", "C", 23, 0)]

PRJ = ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
       'PRIMEM["Greenwich",0.0],UNIT["Degree",0.017453292519943295]]')


def clockwise(ring):
    """Shapefile outer rings run clockwise."""
    return ring if not shapely.is_ccw(shapely.LinearRing(ring)) else list(reversed(ring))


def shp_files() -> dict[str, bytes]:
    records, bounds = [], [180.0, 90.0, -180.0, -90.0]
    for country in COUNTRIES:
        parts = [clockwise(ring) for ring in country[-1]]
        points = [point for ring in parts for point in ring]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        box = (min(xs), min(ys), max(xs), max(ys))
        bounds = [min(bounds[0], box[0]), min(bounds[1], box[1]),
                  max(bounds[2], box[2]), max(bounds[3], box[3])]
        offsets, start = [], 0
        for ring in parts:
            offsets.append(start)
            start += len(ring)
        content = struct.pack("<i4d2i", 5, *box, len(parts), len(points))
        content += struct.pack(f"<{len(parts)}i", *offsets)
        content += b"".join(struct.pack("<2d", x, y) for x, y in points)
        records.append(content)

    def header(length_bytes: int) -> bytes:
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_bytes // 2)
                + struct.pack("<2i", 1000, 5) + struct.pack("<4d", *bounds)
                + struct.pack("<4d", 0, 0, 0, 0))

    shp_body, shx_body, offset = b"", b"", 100
    for number, content in enumerate(records, start=1):
        shp_body += struct.pack(">2i", number, len(content) // 2) + content
        shx_body += struct.pack(">2i", offset // 2, len(content) // 2)
        offset += 8 + len(content)
    shp = header(100 + len(shp_body)) + shp_body
    shx = header(100 + len(shx_body)) + shx_body

    record_length = 1 + sum(width for _, _, width, _ in DBF_FIELDS)
    header_length = 32 + 32 * len(DBF_FIELDS) + 1
    # version 3, last update 2022-05-08 (fixed, as Natural Earth 5.1.1's own file says)
    dbf = struct.pack("<B3BIHH20x", 3, 122, 5, 8, len(COUNTRIES), header_length, record_length)
    for name, kind, width, decimals in DBF_FIELDS:
        dbf += struct.pack("<11sc4xBB14x", name.encode("ascii"), kind.encode("ascii"), width,
                           decimals)
    dbf += b"\r"
    for country in COUNTRIES:
        dbf += b" "
        for (name, kind, width, decimals), value in zip(DBF_FIELDS, country[:-1]):
            if kind == "C":
                cell = str(value).encode("utf-8").ljust(width)
            else:
                cell = f"{value:.{decimals}f}".encode("ascii").rjust(width)
            assert len(cell) == width, (name, value)
            dbf += cell
    dbf += b"\x1a"
    return {"ne_countries.shp": shp, "ne_countries.shx": shx, "ne_countries.dbf": dbf,
            "ne_countries.prj": PRJ.encode("ascii"), "ne_countries.cpg": b"UTF-8"}


def countries() -> None:
    shutil.rmtree(HERE / "countries", ignore_errors=True)
    files = shp_files()
    for name, data in files.items():
        write_bytes(f"countries/{name}", data)
    write_bytes("countries/ne_countries.zip", fixed_zip(sorted(files.items())))
    # the value must survive a reading: pyogrio hands back the very same double
    frame = gpd.read_file(HERE / "countries" / "ne_countries.shp", engine="pyogrio")
    xs = shapely.get_coordinates(frame.geometry.values)[:, 0]
    assert ANTIMERIDIAN in set(xs.tolist()), "180.00000000000006 was not kept"
    assert frame.crs.to_epsg() == 4326 and frame.is_valid.all() and len(frame) == len(COUNTRIES)


# --------------------------------------------------------------------------------------------
# 8. points-plain.geojson
# --------------------------------------------------------------------------------------------

def points_plain() -> None:
    features = [{"type": "Feature", "properties": {"name": name},
                 "geometry": {"type": "Point", "coordinates": [lon, lat]}}
                for name, lon, lat in [("Saraqib", 36.8058, 35.8614),
                                       ("Ariha", 36.6083, 35.8125),
                                       ("Taftanaz", 36.7808, 35.9983)]]
    text = json.dumps({"type": "FeatureCollection", "features": features}, indent=1)
    write_bytes("points-plain.geojson", (text + "\n").encode("utf-8"))


def main() -> None:
    acled_current()
    acled_2016()
    ucdp_ged()
    strikes_geocoded()
    tracker()
    zones_kml()
    front_lines()
    countries()
    points_plain()
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".md"):
            assert path.stat().st_size < 50_000, path


if __name__ == "__main__":
    main()
