"""The map as Google Earth's KMZ: every layer's features and each day's areas of control and
fronts, each with the TimeSpan it exists in, so that Google Earth's time slider plays the situation.

Styles carry the map's colours (KML's aabbggrr); points use Google Earth's own circle icon tinted
with their colour. Written with the standard library's ElementTree (text escaped), deterministic.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import shapely
from shapely.geometry.base import BaseGeometry

from geo.model import MapModel
from geo.render import style
from geo.schema import CONTESTED
from geo.write.atomic import atomic_path

KML_NS = "http://www.opengis.net/kml/2.2"
POINT_ICON = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
DEFAULT_COLOUR = "#616161"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # a fixed time in the archive: the same bytes on every export


def kml_colour(css: str, alpha: float = 1.0) -> str:
    """'#cc3311' → KML's 'ff1133cc' (alpha, blue, green, red)."""
    text = css.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        text = DEFAULT_COLOUR.lstrip("#")
    return f"{round(alpha * 255):02x}{text[4:6]}{text[2:4]}{text[0:2]}".lower()


def _coordinates(geom: BaseGeometry) -> str:
    return " ".join(f"{x:.6f},{y:.6f}" for x, y in shapely.get_coordinates(geom))


def _geometry(parent: ET.Element, geom: BaseGeometry) -> None:
    """The KML geometry of a shapely one (multi-part as MultiGeometry)."""
    kind = geom.geom_type
    if kind == "Point":
        ET.SubElement(ET.SubElement(parent, "Point"), "coordinates").text = _coordinates(geom)
    elif kind == "LineString":
        ET.SubElement(ET.SubElement(parent, "LineString"), "coordinates").text = _coordinates(geom)
    elif kind == "Polygon":
        polygon = ET.SubElement(parent, "Polygon")
        outer = ET.SubElement(ET.SubElement(polygon, "outerBoundaryIs"), "LinearRing")
        ET.SubElement(outer, "coordinates").text = _coordinates(geom.exterior)
        for ring in geom.interiors:
            inner = ET.SubElement(ET.SubElement(polygon, "innerBoundaryIs"), "LinearRing")
            ET.SubElement(inner, "coordinates").text = _coordinates(ring)
    else:
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in shapely.get_parts(geom):
            _geometry(multi, part)


def _time_span(parent: ET.Element, begin: dt.date | None, end: dt.date | None) -> None:
    if begin is None and end is None:
        return
    span = ET.SubElement(parent, "TimeSpan")
    if begin is not None:
        ET.SubElement(span, "begin").text = begin.isoformat()
    if end is not None:
        ET.SubElement(span, "end").text = end.isoformat()


def _style(document: ET.Element, ident: str, colour: str, fill: float | None, width: float = 2.0) -> str:
    node = ET.SubElement(document, "Style", id=ident)
    icon = ET.SubElement(node, "IconStyle")
    ET.SubElement(icon, "color").text = kml_colour(colour)
    ET.SubElement(ET.SubElement(icon, "Icon"), "href").text = POINT_ICON
    line = ET.SubElement(node, "LineStyle")
    ET.SubElement(line, "color").text = kml_colour(colour)
    ET.SubElement(line, "width").text = f"{width:g}"
    poly = ET.SubElement(node, "PolyStyle")
    ET.SubElement(poly, "color").text = kml_colour(colour, fill or 0.0)
    ET.SubElement(poly, "fill").text = "1" if fill else "0"
    return "#" + ident


def _placemark(folder: ET.Element, name: str, description: str, style_url: str, geom: BaseGeometry,
               begin: dt.date | None = None, end: dt.date | None = None) -> None:
    mark = ET.SubElement(folder, "Placemark")
    ET.SubElement(mark, "name").text = name
    if description:
        ET.SubElement(mark, "description").text = description
    _time_span(mark, begin, end)
    ET.SubElement(mark, "styleUrl").text = style_url
    _geometry(mark, geom)


def _plain_description(row: dict) -> str:
    """What a feature is, when and according to whom, as plain text (Google Earth shows it as given)."""
    parts = [str(row[k]) for k in ("description",) if row.get(k) and isinstance(row.get(k), str)]
    sources = row.get("sources") or []
    if isinstance(sources, list) and sources:
        parts.append("Sources: " + "; ".join(f"{s.get('publisher', '')} {s.get('url', '')}".strip()
                                             for s in sources if isinstance(s, dict)))
    return "\n".join(parts)


def kml_document(model: MapModel) -> bytes:
    """The KML of a model: one folder per layer, then the areas of control and fronts per state."""
    ET.register_namespace("", KML_NS)
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = model.title or "geo map"
    timeline = model.timeline
    styles: dict[str, str] = {}

    def style_for(key: str, colour: str, fill: float | None = None) -> str:
        if key not in styles:
            styles[key] = _style(document, f"s{len(styles)}", colour, fill)
        return styles[key]

    for layer in model.layers:
        folder = ET.SubElement(document, "Folder")
        ET.SubElement(folder, "name").text = layer.name
        starts, ends = timeline.spans.get(layer.name, ([], [])) if timeline is not None else ([], [])
        category = layer.kind.category
        for n, row in enumerate(layer.frame.to_dict("records")):
            geom = row.get("geometry")
            if geom is None or geom.is_empty:
                continue
            kind_style = style.PATH_STYLES.get(layer.kind.name, {}).get(row.get(category)) if category else None
            colour = (kind_style or {}).get("color") or row.get("symbol_fill") or row.get("style_colour") or DEFAULT_COLOUR
            fill = (kind_style or {}).get("fillOpacity") if (kind_style or {}).get("fill", True) else None
            begin = starts[n] if n < len(starts) else None
            end = ends[n] if n < len(ends) else None
            _placemark(folder, str(row.get("name") or row.get("id") or f"#{n + 1}"), _plain_description(row),
                       style_for(f"{layer.name}|{colour}|{fill}", str(colour), fill), geom, begin, end)
    if timeline is not None and model.sides:
        _states(document, model, style_for)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _states(document: ET.Element, model: MapModel, style_for) -> None:
    """Each state's areas of control and fronts, with the TimeSpan of the days it holds."""
    timeline = model.timeline
    sides = {side.id: side for side in model.sides}
    days = timeline.change_days
    runs: list[tuple[int, dt.date, dt.date]] = []  # (state, first day, last day)
    for at, day in enumerate(days):
        state = timeline.state_index(at)
        last = days[at + 1] - dt.timedelta(days=1) if at + 1 < len(days) else timeline.end
        if runs and runs[-1][0] == state and runs[-1][2] + dt.timedelta(days=1) == day:
            runs[-1] = (state, runs[-1][1], last)
        else:
            runs.append((state, day, last))
    areas_folder = ET.SubElement(document, "Folder")
    ET.SubElement(areas_folder, "name").text = "Areas of control (estimate)"
    fronts_folder = ET.SubElement(document, "Folder")
    ET.SubElement(fronts_folder, "name").text = "Front lines (estimate)"
    for state, first, last in runs:
        areas, fronts = timeline.states[state]
        for row in areas.itertuples():
            side = sides.get(row.controller)
            label = side.label if side else ("Contested" if row.controller == CONTESTED else str(row.controller))
            colour = side.colour if side else "#aa4499"
            _placemark(areas_folder, label, f"{row.area_km2:,.0f} km², {first} – {last}",
                       style_for(f"area|{row.controller}", colour, style.SIDE_FILL_OPACITY), row.geometry, first, last)
        for row in fronts.itertuples():
            _placemark(fronts_folder, "Front line", f"{row.length_km:,.0f} km", style_for("front", "#1a1a1a"),
                       row.geometry, first, last)


def to_kmz(model: MapModel, path: str | Path) -> Path:
    """Write the model as a KMZ (doc.kml zipped), atomically and the same bytes every time."""
    data = kml_document(model)
    with atomic_path(path, suffix=".part.kmz") as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            info = zipfile.ZipInfo("doc.kml", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return Path(path)
