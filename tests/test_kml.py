"""Google Earth's KMZ (issue 25, part 6): every dated feature and each day's areas carry the
TimeSpan they exist in, styles keep the map's colours, and the bytes are the same every time."""
from __future__ import annotations

import zipfile
from xml.etree import ElementTree as ET

from geo.write.kml import kml_colour, to_kmz

NS = {"k": "http://www.opengis.net/kml/2.2"}


def test_the_kmz_plays_the_situation_in_google_earths_time_slider(idlib_model, tmp_path):
    path = to_kmz(idlib_model, tmp_path / "idlib.kmz")
    again = to_kmz(idlib_model, tmp_path / "again.kmz")
    assert path.read_bytes() == again.read_bytes()  # the same input, the same bytes
    root = ET.fromstring(zipfile.ZipFile(path).read("doc.kml"))
    folders = {f.findtext("k:name", namespaces=NS): f for f in root.iter(f"{{{NS['k']}}}Folder")}
    assert {"Places", "Turkish military posts", "Events", "Areas of control (estimate)", "Front lines (estimate)"} <= set(folders)
    events = folders["Events"].findall("k:Placemark", NS)
    assert len(events) == len(idlib_model.frames["Events"])
    # an event exists from its day for the scenario's event_days (as the map shows it)
    convoy = next(p for p in events if p.findtext("k:name", namespaces=NS) == "Turkish military convoy filmed crossing at Kafr Lusin")
    assert convoy.findtext("k:TimeSpan/k:begin", namespaces=NS) == "2020-02-07"
    areas = folders["Areas of control (estimate)"].findall("k:Placemark", NS)
    spans = [(p.findtext("k:TimeSpan/k:begin", namespaces=NS), p.findtext("k:TimeSpan/k:end", namespaces=NS)) for p in areas]
    assert all(begin and end and begin <= end for begin, end in spans)
    on_7_feb = {p.findtext("k:name", namespaces=NS) for p, (b, e) in zip(areas, spans) if b <= "2020-02-07" <= e}
    assert {side.label for side in idlib_model.sides} <= on_7_feb  # every side has its area that day, once
    assert sum(1 for b, e in spans if b <= "2020-02-07" <= e) == len(idlib_model.timeline.areas("2020-02-07")[0])
    posts = folders["Turkish military posts"].findall("k:Placemark", NS)
    assert all(p.find("k:Point", NS) is not None for p in posts)


def test_kml_colours_are_alpha_blue_green_red():
    assert kml_colour("#cc3311") == "ff1133cc"
    assert kml_colour("#0c3", 0.4) == "6633cc00"
