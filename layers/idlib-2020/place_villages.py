"""Add the villages and towns the control research names, each where a source places it, with their reports.

Reads ``docs/research/idlib-2020/village_sites.csv`` — one row per village: its coordinates as a
source gives them, or the source's words ("6 km south of Saraqeb"), which are placed on the WGS84
ellipsoid from the named place (``geo.read.gazetteer.Gazetteer.locate``) with the precision the
words leave — and the dated reports of who held each place in ``control_dec_jan.csv`` and
``control_feb_mar.csv`` beside it. Writes the villages into places.geojson and every report of a
shipped place not yet in control.csv into it. Nothing is placed without a source; a village
with no sourced position keeps its reports in the research files only. Run from the repository
root after changing the research files or places:

    python layers/idlib-2020/place_villages.py
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

from geo.read.gazetteer import Gazetteer

HERE = Path(__file__).parent
RESEARCH = HERE.parent.parent / "docs" / "research" / "idlib-2020"
PLACES, CONTROL = HERE / "places.geojson", HERE / "control.csv"
# where villages are, one row each; a row of a later file replaces an earlier row of the same id
SITES = (RESEARCH / "village_sites.csv", RESEARCH / "village_sites_25.csv")
# dated reports: of the offensive (Dec 2019 – Mar 2020), and of who held the towns around it before
REPORTS = tuple(RESEARCH / name for name in ("control_dec_jan.csv", "control_feb_mar.csv", "control_anchors.csv",
                                              "control_dec_push.csv", "control_jan_feb_advance.csv"))
# Village coordinates from Wikipedia's Module:Syrian Civil War detailed map (CC BY-SA), as a stored
# copy of one revision gives them, for research names that match one of its entries.
MODULE_SITES, MODULE_MATCHES = RESEARCH / "module_sites.csv", RESEARCH / "module_matches.csv"
MODULE = {"publisher": "Wikipedia, Module:Syrian Civil War detailed map (CC BY-SA 3.0)",
          "url": "https://en.wikipedia.org/wiki/Module:Syrian_Civil_War_detailed_map"}
# A research name qualified in brackets ("Al-Dana (Maarat al-Numan)") tells apart places of the same
# name: it is matched only as a village of the sites, or as the shipped place named here.
QUALIFIED = {"al-Nayrab (Idlib)": "nayrab"}
WIDEST_M = 10_000  # words that leave a position less precise than this do not place a village


def key(name: str) -> str:
    """A spelling-insensitive key: no accents, article, hyphens, apostrophes or spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[‘’'`ʿʾ\-\s]", "", text)
    return re.sub(r"^(al|an|as|ad|at|az|ar|el)(?=..)", "", text)


def aliases(text: str) -> list[str]:
    return [a.strip() for a in re.split(r"[;,]", text or "") if a.strip()]


def village(site: dict, gazetteer: Gazetteer) -> dict | None:
    """The place feature for one research row, or None when its words place it too vaguely."""
    source = {"publisher": site["publisher"], "url": site["url"]}
    source.update({k: site[k] for k in ("date", "accessed") if site[k]})
    said = site["coordinates_as_given"] or site["quote"]
    read = f"; read at {site['read_url']}" if site["read_url"] else ""
    if site["words"]:
        match = gazetteer.locate(site["words"])
        if match.precision_m > WIDEST_M:
            return None
        lon, lat, precision = match.lon, match.lat, match.precision_m
        note = f"Placed {match.location_note.removeprefix('placed ')}."
        source["note"] = (f"the source's words: {said}" if said else f"places it {site['words']}") + read
    else:
        lat, lon = float(site["lat"]), float(site["lon"])
        town = site["place_type"] == "town"
        # minutes of arc, or the place's own extent
        precision = 2000 if ("′" in said and "″" not in said) or town else 1000
        what = "town" if town else "village"
        note = f"Coordinates of the {what} as its source gives them ({said}); the {what} spans about {precision // 1000} km."
        source["note"] = f"coordinates as given on the page{read}"
    # (how identity was checked stays in the research table: docs/research/idlib-2020/village_sites.csv)
    return {"type": "Feature", "properties": {
        "kind": "place", "id": site["id"], "name": site["name"], "place_type": site["place_type"] or "village", "country": "Syria",
        "aliases": [a for a in aliases(site["aliases"]) if a != site["name"]], "confidence": "reported",
        "precision_m": round(precision), "location_note": note, "sources": [source]},
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}}


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c) and c.isascii()).lower()
    return re.sub(r"[^a-z0-9]+", "-", text.replace("'", "")).strip("-")


def module_sites(research: list[dict], have: set[str], taken: set[str]) -> list[dict]:
    """Sites (as village_sites.csv rows) for research names no site places, from the module's
    entry they match exactly or as a spelling variant, where exactly one entry matches."""
    if not MODULE_MATCHES.exists() or not MODULE_SITES.exists():
        return []
    entries = {row["name"]: row for row in csv.DictReader(MODULE_SITES.open(encoding="utf-8"))}
    matches: dict[str, list[dict]] = {}
    for row in csv.DictReader(MODULE_MATCHES.open(encoding="utf-8")):
        matches.setdefault(row["research_name"], []).append(row)
    aliases_of = {}
    for row in research:
        aliases_of.setdefault(row["place_name"], set()).update(aliases(row.get("aliases", "")))
    out = []
    for name, found in sorted(matches.items()):
        sure = [m for m in found if m["match"] in ("exact", "variant")]
        if name in have or len(sure) != 1 or len(found) != 1 or "(" in name or name not in aliases_of:
            continue
        match, entry = sure[0], entries.get(sure[0]["module_name"], {})
        ident = slug(name)
        if not ident or ident in taken:
            continue
        taken.add(ident)
        read = (f"https://github.com/{entry['repository']}/blob/{entry['commit']}/{entry['path']}"
                if entry.get("repository") and entry.get("commit") else "")
        out.append({"research_name": name, "id": ident, "name": name,
                    "aliases": ";".join(sorted(aliases_of[name] | {match["module_name"]} - {name})),
                    "place_type": "village", "words": "", "lat": match["lat"], "lon": match["lon"],
                    "coordinates_as_given": f"{match['lat']}, {match['lon']} (the module's entry {match['module_name']!r})",
                    "publisher": MODULE["publisher"], "url": MODULE["url"], "read_url": read,
                    "date": "", "accessed": "2026-12-08", "quote": "",
                    "note": f"matched {match['match']}: {match['why']}"})
    return out


def from_module(feature: dict) -> bool:
    """Whether this script placed the feature from the module alone (so it is rewritten on every run);
    a place shipped with other sources that also cites the module is not one of these."""
    return [src.get("url") for src in feature["properties"].get("sources", [])] == [MODULE["url"]]


def distinct(sites: list[dict], same: dict[str, str]) -> list[dict]:
    """The module's sites with one per point: two research names the module places at the same
    coordinates ("Mardikh", "Tell Mardikh") are one place, the second name an alias of the first
    (and recorded in ``same``, research name → place id)."""
    out: dict[tuple[str, str], dict] = {}
    for site in sites:
        kept = out.setdefault((site["lat"], site["lon"]), site)
        if kept is not site:
            same[site["research_name"]] = kept["id"]
            kept["aliases"] = ";".join(sorted(set(aliases(kept["aliases"])) | {site["name"], *aliases(site["aliases"])}
                                              - {kept["name"]}))
            kept["note"] += f"; also named {site['name']!r} in the reports (the module's same point)"
    return list(out.values())


def place_ids(features: list[dict], sites: list[dict]) -> dict[str, str]:
    """Research name → place id: the villages of the sites, and shipped places by name or alias."""
    ids = {site["research_name"]: site["id"] for site in sites}
    by_key: dict[str, set[str]] = {}
    for feature in features:
        props = feature["properties"]
        for name in [props["name"], *props.get("aliases", [])]:
            by_key.setdefault(key(name), set()).add(props["id"])
    return ids, by_key


def report_rows(research: list[dict], ids: dict[str, str], by_key: dict[str, set[str]]) -> list[dict]:
    """The research reports of places on the map, as control.csv rows."""
    out = []
    for row in research:
        name = row["place_name"]
        place = ids.get(name)
        if place is None and "(" in name:
            place = QUALIFIED.get(name)
        elif place is None:
            found = set()
            for spelling in [name, *aliases(row["aliases"])]:
                found |= by_key.get(key(spelling), set())
            place = found.pop() if len(found) == 1 else None  # else not told apart from another
        if place is None:
            continue
        url = row["source_url"] or row["read_url"]
        read = f"; read at {row['read_url']}" if row["read_url"] and row["read_url"] != url else ""
        out.append({"place_id": place, "date": row["date"], "controller": row["controller"],
                    "confidence": row["confidence"], "source_publisher": row["source_publisher"],
                    "source_url": url, "source_date": row["source_date"], "source_title": row["source_title"],
                    "source_accessed": "" if row["source_date"] else "2026-12-01",
                    "source_note": (f"“{row['quote']}”" if row["quote"] else "") + read,
                    "note": row["note"]})
    return out


def main() -> None:
    collection = json.loads(PLACES.read_text(encoding="utf-8"))
    original = list(collection["features"])
    sites = list({row["id"]: row for path in SITES for row in csv.DictReader(path.open(encoding="utf-8"))}.values())
    research = [r for path in REPORTS if path.exists() for r in csv.DictReader(path.open(encoding="utf-8"))]
    placed_names = {s["research_name"] for s in sites}
    taken = {s["id"] for s in sites} | {f["properties"]["id"] for f in collection["features"] if not from_module(f)}
    # A place the map has already, under any of its names, keeps its own position and takes the
    # research name's reports; two research names at one point of the module are one place.
    shipped_by_key: dict[str, set[str]] = {}
    for f in collection["features"]:
        if not from_module(f):
            for n in [f["properties"]["name"], *f["properties"].get("aliases", [])]:
                shipped_by_key.setdefault(key(n), set()).add(f["properties"]["id"])
    same: dict[str, str] = {}  # research name → the id of the place it is
    fresh = []
    for site in module_sites(research, placed_names, taken):
        found = set().union(*(shipped_by_key.get(key(n), set()) for n in [site["name"], *aliases(site["aliases"])]))
        if len(found) == 1:
            same[site["research_name"]] = found.pop()
        elif not found:
            fresh.append(site)
    sites += distinct(fresh, same)
    ours = {s["id"] for s in sites}  # the villages this script places (rewritten on every run)
    shipped = [f for f in collection["features"] if f["properties"]["id"] not in ours and not from_module(f)]
    gazetteer = Gazetteer.default()
    villages = [v for v in (village(s, gazetteer) for s in sites) if v]
    collection["features"] = shipped + villages
    PLACES.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    placed = {v["properties"]["id"] for v in villages}
    ids, by_key = place_ids(shipped + villages, [s for s in sites if s["id"] in placed])
    ids.update({name: place for name, place in same.items() if name not in ids})
    with CONTROL.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, table = reader.fieldnames, list(reader)
    gone = {f["properties"]["id"] for f in original if from_module(f)} - placed  # now merged into another place
    table = [r for r in table if r["place_id"] not in placed | gone]  # a village's rows all come from here
    def report(r: dict) -> tuple[str, ...]:  # one source may say two things of a day (taken, then lost)
        return r["place_id"], r["date"], r["source_url"], r["controller"]
    have = {report(r) for r in table}
    new = [r for r in report_rows(research, ids, by_key) if report(r) not in have]
    unique = list({report(r): r for r in new}.values())
    table += sorted(unique, key=lambda r: (r["date"], r["place_id"]))
    with CONTROL.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(f"{len(villages)} villages placed of {len(sites)} sites; control.csv: {len(table)} rows "
          f"({len(unique)} from the research), {len({r['place_id'] for r in table})} places")


if __name__ == "__main__":
    main()
