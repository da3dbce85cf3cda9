"""Place the posts that sources locate in words ("about 3 km east of the town of Morek") or by
coordinates they state.

Each such post is put where its source's words say, computed from the named place on the WGS84
ellipsoid (``geo.read.gazetteer.Gazetteer.locate``), with the precision those words leave, and its
source added to the post's. Run from the repository root after changing places or posts:

    python layers/idlib-2020/place_posts.py

tests/test_shipped_data.py checks that the shipped posts are where this puts them.
"""
from __future__ import annotations

import json
from pathlib import Path

from geo.read.gazetteer import Gazetteer

HERE = Path(__file__).parent
POSTS = HERE / "posts.geojson"
READ = "2026-12-01"  # the day the undated pages below were read

# post id → (the source's words, the source)
SITES = {
    "op-morek": ("about 3 km east of the town of Morek", {
        "publisher": "Geiroon", "date": "2018-04-07",
        "url": "https://www.geiroon.net/2018/04/07/%D9%86%D9%82%D8%B7%D8%A9-%D9%85%D8%B1%D8%A7%D9%82%D8%A8%D8%A9"
               "-%D8%AA%D8%B1%D9%83%D9%8A%D8%A9-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9-%D9%81%D9%8A-%D9%85%D9%88%D8%B1%D9%83/",
        "title": "نقطة مراقبة تركية جديدة في مورك",
        "note": "the post is at Tal al-Sawwan, 'about 3 km east of the city of Morek'; Sputnik Arabic "
                "(26 Sep 2018) says 1 km east"}),
    "op-surman": ("about 17 km east of Maarat al-Numan", {
        "publisher": "TV al-Khabar (citing Enab Baladi)", "accessed": READ,
        "url": "https://alkhabar-sy.com/archives/102841",
        "note": "publication date not shown (Dec 2020); the post is 'in the grain silos east of Maarat "
                "al-Numan ..., about 17 km from it'"}),
    "op-taftanaz": ("2.7 km south of the town of Taftanaz", {
        "publisher": "Press TV (citing Arabi 21)", "accessed": READ,
        "url": "https://www.islamicinvitationturkey.com/turkish-forces-build-military-base-in-syrias-idlib-as-govt-"
               "forces-advance-report/",
        "note": "republished copy; original not found; publication date not shown (the page reports 5–6 Feb "
                "2020): 'Taftanaz Air Base, which lies 2.7 kilometers (1.7 miles) south of the ... town of Taftanaz'"}),
    "op-maar-hattat": ("7 km south of the city of Maarat al-Numan", {
        "publisher": "SouthFront", "date": "2020-03-13",
        "url": "https://southfront.org/turkish-military-removes-observation-post-from-aleppo-damascus-highway/",
        "note": "'The Turkish post was located next to the town of Maar Hattat, 7 km to the south of the city "
                "of Ma`arat al-Nu`man'"}),
    "op-tarnaba": ("2 km west of Saraqeb", {
        "publisher": "Voltaire Network (text of the Additional Protocol of 5 March 2020)", "date": "2020-03",
        "url": "https://www.voltairenet.org/article209431.html",
        "note": "places 'the settlement of Trumba (2 km to the west from Saraqib)'; Syria TV puts the post on "
                "the M4 'opposite the village of al-Tarnaba', so the post is placed at the village, within "
                "the precision the words leave"}),
}

# post id → (longitude, latitude, precision in metres, how it was located, the source that states it)
COORDINATES = {
    "op-sher-mghar": (36.394, 35.49, 600.0,
                      "At the coordinates Syrian War Daily gives for Turkey's 'Observation Post 10' north of "
                      "Qal'at al-Madiq (35.49, 36.394: latitude to two decimals, hence ±600 m). That this is the "
                      "Sher Mghar post is inferred: Anadolu gives no. 10 to Sher Mghar, ISW News puts Sher Mghar "
                      "north of Qal'at al-Madiq, and it was built in May 2018, as Anadolu dates Sher Mghar's.", {
                          "publisher": "Syrian War Daily", "date": "2018-06-11",
                          "url": "https://syrianwardaily.com/2018/06/11/turkey-has-built-an-observation-post-at-"
                                 "qalaat-al-madiq/",
                          "title": "Turkey has built an observation post at Qalaat al Madiq",
                          "note": "a blog reading satellite images: 'The exact coordinates of the base are "
                                  "“35.49 36.394“. Located atop a hill 3 km south of Shahranaz and 8 km north of "
                                  "Qalaat al Madiq town proper'"}),
}

# Posts no earlier file had, each with what its sources say.
NEW = [{
    "kind": "post", "id": "op-maar-hattat", "name": "Maar Hattat post", "post_type": "position",
    "operator": "Turkish Armed Forces", "established": "2019-08", "confidence": "reported",
    "description": "Set up beside Maar Hattat on the M5 after Khan Shaykhun fell (Aug 2019); not one of the "
                   "twelve posts of the Astana agreement. ISW News reported it abandoned on 2 Feb 2020; other "
                   "reports have Turkish troops there until Nov 2020, so no withdrawal date is given.",
    "sources": [{"publisher": "ISW News", "date": "2020-02-02",
                 "url": "https://english.iswnews.com/10890/turkeys-escape-from-the-maar-hattat-and-the-construction-"
                        "of-new-military-posts-in-saraqeb/",
                 "title": "Turkey's escape from the Maar Hattat and the construction of new military posts in Saraqeb",
                 "note": "says the post was 'established after liberation of Khan Sheikhun' and abandoned"}],
}, {
    "kind": "post", "id": "op-tarnaba", "name": "Tarnaba post (west of Saraqeb)", "post_type": "position",
    "operator": "Turkish Armed Forces", "established": "2020-02", "confidence": "reported",
    "description": "One of the posts Turkey set up around Saraqeb in late Jan – early Feb 2020, on the M4 west of "
                   "the town; eight Turkish personnel were killed here by Syrian government shelling on 3 Feb "
                   "2020. Not one of the twelve posts of the Astana agreement. Stationed shortly before 3 Feb "
                   "(the day is not given: February 2020).",
    "sources": [{"publisher": "Syrian Observatory for Human Rights (SOHR)", "date": "2020-02-03",
                 "url": "https://www.syriahr.com/en/154317/",
                 "note": "the Turkish point 'recently established in Tarnabah area west of Saraqeb town'"}],
}]


def placed(posts: list[dict]) -> list[dict]:
    """The posts, with those of SITES where their sources' words put them (and NEW ones added)."""
    gazetteer = Gazetteer.default()
    known = {f["properties"]["id"] for f in posts}
    posts = posts + [{"type": "Feature", "properties": dict(p), "geometry": None}
                     for p in NEW if p["id"] not in known]
    for feature in posts:
        props = feature["properties"]
        if props["id"] in COORDINATES:
            lon, lat, precision, note, source = COORDINATES[props["id"]]
            feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
            props["precision_m"], props["location_note"] = precision, note
            props["sources"] = [source, *(s for s in props["sources"]
                                          if s["url"] != source["url"] and "geonames.org/166227" not in s["url"])]
        if props["id"] not in SITES:
            continue
        words, source = SITES[props["id"]]
        match = gazetteer.locate(words)
        feature["geometry"] = {"type": "Point", "coordinates": [round(match.lon, 5), round(match.lat, 5)]}
        props["precision_m"] = match.precision_m
        props["location_note"] = f"Placed {match.location_note.removeprefix('placed ')}."
        if all(s["url"] != source["url"] for s in props["sources"]):
            props["sources"] = [source, *props["sources"]]
    return posts


def main() -> None:
    data = json.loads(POSTS.read_text(encoding="utf-8"))
    data["features"] = placed(data["features"])
    POSTS.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {POSTS.name}: {len(SITES)} posts placed from their sources' words, {len(COORDINATES)} at "
          "coordinates a source gives")


if __name__ == "__main__":
    main()
