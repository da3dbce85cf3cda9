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

from geo.read.coords import parse_between, parse_relative
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
    "op-surman": ("Surman", {
        "publisher": "Al-Watan (Syria)", "accessed": "2026-12-08",
        "url": "https://alwatanonline.com/الاحتلال-التركي-يواصل-انسحابه-من-نقطة-2",
        "title": "الاحتلال التركي يواصل انسحابه من نقطة مراقبة «الصرمان» بإدلب",
        "note": "publication date not shown (Dec 2020); the post lies 'near the village of al-Surman east of the "
                "town of Maarat al-Numan' [tr]. Enab Baladi (https://www.enabbaladi.net/archives/439756, "
                "13 Dec 2020) puts it 'in the grain silos east of Maarat al-Numan, about 17 km from it'; "
                "SouthFront (Sept 2018) '15 km to the southeast' — that reading lies outside this precision"}),
}

MODULE_COPY = ("read in the copy of the module held on Chinese Wikipedia (模块:Syrian Civil War detailed map), "
               "stored in MASangys/wikipedia.zh, Page/模块:Syrian_Civil_War_detailed_map.md at commit "
               "88133659faef02113e86a3084a77fd793d5e88b6; a revision of c. mid-2017 (CC BY-SA 3.0)")


def module(entry: str, lat: float, lon: float) -> dict:
    """Wikipedia's Module:Syrian Civil War detailed map as the source of one entry's coordinates."""
    return {"publisher": "Wikipedia, Module:Syrian Civil War detailed map (CC BY-SA 3.0)",
            "url": "https://en.wikipedia.org/wiki/Module:Syrian_Civil_War_detailed_map", "accessed": "2026-12-08",
            "note": f"the entry '{entry}' at {lat}, {lon}; {MODULE_COPY}"}


# post id → (longitude, latitude, precision in metres, how it was located, the source that states it)
COORDINATES = {
    "op-salwa": (36.756, 36.309, 2000.0,
                 "At Salwah village (Wikipedia's Module:Syrian Civil War detailed map): sources put the post in the "
                 "village ('the village of Salwa', PYD Rojava; 'the town of Salwa', SY24), so it stands at or beside it.",
                 module("Salwah", 36.309, 36.756)),
    "op-al-mastumah": (36.634, 35.855, 1000.0,
                       "At the Baath Vanguards camp (Wikipedia's Module), the site SOHR names: 'Tala'e Al Baath camp in "
                       "Al-Mustauma'.", module("Baath Vanguards Camp", 35.855, 36.634)),
    "op-taftanaz": (36.783, 35.972, 1500.0,
                    "At Taftanaz Air Base (Wikipedia's Module), 2.7 km south of the town, where Arabi 21 places the post.",
                    module("Taftanaz Air Base", 35.972, 36.783)),
    "op-tarnaba": (36.768, 35.859, 1500.0,
                   "At Turumbah (al-Tarnaba) village (Wikipedia's Module): Syria TV puts the post on the M4 'opposite "
                   "the village of al-Tarnaba'.", module("Turumbah", 35.859, 36.768)),
    "op-maar-hattat": (36.657, 35.573, 2500.0,
                       "At Maar Hattat village (Wikipedia's Module, 'Maar Hitat'): the post 'was located next to the town "
                       "of Maar Hattat' (SouthFront).", module("Maar Hitat", 35.573, 36.657)),
    "op-rashidin": (37.0616, 36.1619, 3000.0,
                    "At the point Wikipedia's Module gives the Rashidin 4 sector; the post stood in the adjoining "
                    "Rashidin 5 sector ('in the Rashideen 5 area', Al-Masdar), on Aleppo's south-western edge. The "
                    "adjacency is inferred (SOHR's list of 11 Feb 2020 names Khirbat Khirs beside 'Rashidin 5'); no "
                    "coordinates of Rashidin 5 were found.", module("Al-Rashidin 4 Sector", 36.1619, 37.0616)),
    "op-idlib-military-housing": (36.67948, 35.91733, 4400.0,
                                  "Computed, not given: every source puts the post between Idlib and Sarmin ('in the "
                                  "Military Housing building on the Sarmin–Idlib road', Hibr Press), so it is drawn at "
                                  "the midpoint of the 8.7 km between the two towns' points, within 4.4 km of which it "
                                  "lies; no coordinates of the building were found.", {
                                      "publisher": "SouthFront", "date": "2020-02-08",
                                      "url": "https://southfront.org/turkish-military-establishes-second-post-around-idlib-city-videos/",
                                      "title": "Turkish Military Establishes Second Post Around Idlib City (Videos)",
                                      "note": "places a post 'between Idlib city and the town of Sarmin to the southeast'"}),
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
        if parse_relative(words) or parse_between(words):
            props["location_note"] = f"Placed {match.location_note.removeprefix('placed ')}."
        else:  # a bare place name: the source puts the post at or near it
            props["location_note"] = (f"Near the village of {words}, as its source puts it; drawn at the village's "
                                      f"point, {match.location_note.removeprefix('placed ')}.")
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
