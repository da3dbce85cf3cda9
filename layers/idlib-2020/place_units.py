"""Write units.geojson: the formations sources place at a named place on given days.

Reads ``docs/research/idlib-2020/units.json`` — one entry per report: the unit as sources name
it, its side, the place (a place id of places.geojson), the days, the confidence and the sources
with the sentences that place it. Each unit is put at its place's point, with that place's
precision (or wider, where the report names only the area around it). Entries whose place has no
sourced position, or that repeat a post of posts.geojson, are left out and listed. A unit type is
kept only where the source or the unit's own name gives it; otherwise it is 'unspecified'.
Run from the repository root after changing the research file or places:

    python layers/idlib-2020/place_units.py
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
RESEARCH = HERE.parent.parent / "docs" / "research" / "idlib-2020" / "units.json"
PLACES, UNITS = HERE / "places.geojson", HERE / "units.geojson"
# Research entries not drawn as units, and why.
LEFT_OUT = {
    "Turkish Armed Forces Observation Post No. 8 (al-Surman)": "the post is in posts.geojson",
    "Turkish Armed Forces Observation Post No. 9 (Morek)": "the post is in posts.geojson",
    "Turkish Armed Forces post at Tala'e al-Baath camp, al-Mastumah": "a post, not a unit; no date in the month",
}
# Unit types the sources (or the unit's name) support; any other research type is 'unspecified'.
TYPE_FROM = {
    "military police": "the reports call it military police",
    "special forces": "from the division's name (Special Mission Forces), as it is commonly described",
    "armour": "from the division's name (Armoured Division)",
}
# The reports' own words for the rest: kept in the description, as they are not symbol types.
WORDS = {"commando": "commando units (as SouthFront reads local photos)",
         "mechanized infantry": "mechanized infantry in one account, commandos in another"}
# One unit's reports (its track, geo.derive.tracks), by what the reports' own names say: every
# report of the 25th Special Mission Forces Division names it, one its "elements". Groups named
# in many places at once (HTS, NLF, TIP, Hezbollah, the Turkish Armed Forces) are not one unit.
UNIT_IDS = {re.compile(r"^25th Special Mission Forces Division\b"): "25th-special-mission-forces-division"}
# Names mirrors republish under (never cited where an original is): dropped from the sources.
MIRRORS = re.compile(r"mirror of|wikipedia", re.IGNORECASE)


def unit_id(entry: dict, seen: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", entry["name"].lower().split("(")[0]).strip("-")[:40].strip("-")
    ident = f"{base}-{entry['place_id']}-{entry['date_from']}"
    n = 2
    while ident in seen:
        ident, n = f"{base}-{entry['place_id']}-{entry['date_from']}-{n}", n + 1
    seen.add(ident)
    return ident


def first_sentence(text: str) -> str:
    """The research note's first sentence: its caveat (the whole note stays in the research file)."""
    match = re.match(r"(.+?[.;])(\s|$)", text.strip().replace("place_id ", ""))
    return (match.group(1) if match else text.strip()).rstrip(".;") + "."


def feature(entry: dict, place: dict, seen: set[str]) -> dict:
    props = place["properties"]
    sources = [{k: v for k, v in s.items() if k in ("publisher", "url", "date", "title")}
               | ({"note": "republished copy; original not found"} if "republish" in s["publisher"].lower() else {})
               for s in entry["sources"] if not MIRRORS.search(s["publisher"])]
    kind = entry["unit_type"] if entry["unit_type"] in TYPE_FROM else "unspecified"
    notes = [first_sentence(entry.get("note", ""))]
    if kind != entry["unit_type"] and entry["unit_type"] in WORDS:
        notes.insert(0, f"Type: {WORDS[entry['unit_type']]}; drawn unspecified.")
    elif kind != "unspecified":
        notes.insert(0, f"Type: {TYPE_FROM[kind]}.")
    precision = float(props["precision_m"])
    out = {"kind": "unit", "id": unit_id(entry, seen), "name": entry["name"], "unit_type": kind,
           "side": entry["side"], "higher_formation": entry.get("higher_formation") or entry.get("operator"),
           "date_from": entry["date_from"], "confidence": entry["confidence"], "precision_m": precision,
           "location_note": f"{entry['location_note'].rstrip('.')}. Drawn at {props['name']}'s point "
                            "(its popup says how it was located).",
           "description": " ".join(n for n in notes if n), "sources": sources}
    for pattern, ident in UNIT_IDS.items():
        if pattern.match(entry["name"]):
            out["unit_id"] = ident
    if entry.get("echelon"):
        out["echelon"] = entry["echelon"]
    if entry.get("date_to"):
        out["date_to"] = entry["date_to"]
    return {"type": "Feature", "properties": out, "geometry": place["geometry"]}


def main() -> None:
    research = json.loads(RESEARCH.read_text(encoding="utf-8"))
    places = {f["properties"]["id"]: f for f in json.loads(PLACES.read_text(encoding="utf-8"))["features"]}
    features, skipped, seen = [], [], set()
    for entry in research:
        if entry["name"] in LEFT_OUT:
            skipped.append((entry["name"], LEFT_OUT[entry["name"]]))
        elif entry.get("place_id") not in places:
            skipped.append((entry["name"], f"no sourced position for {entry.get('place_name') or entry.get('place_id')}"))
        else:
            features.append(feature(entry, places[entry["place_id"]], seen))
    UNITS.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                indent=1) + "\n", encoding="utf-8")
    print(f"{len(features)} units written to {UNITS}")
    for name, why in skipped:
        print(f"left out: {name}: {why}")


if __name__ == "__main__":
    main()
