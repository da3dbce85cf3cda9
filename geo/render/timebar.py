"""The date control and the layers it redraws: areas of control and front lines per day.

Python derives the situation for every day on which anything changes (geo.timeline); these
elements carry those states to the browser, which only picks the state in force on the chosen
day. So the map and `geo status` always agree.
"""
from __future__ import annotations

import itertools
import json
from functools import lru_cache
from html import escape

import geopandas as gpd
import shapely
from folium.elements import MacroElement
from folium.map import Layer as FoliumLayer

from geo.derive.posts import MONTHS
from geo.derive.symbols import Viewpoint
from geo.derive.timeline import Margins, Timeline
from geo.render import style
from geo.render.layers import FeatureLayer, _rounded, _swatch, data_layers
from geo.render.style import side_style
from geo.render.verbatim import Template, VerbatimRender
from geo.scenario import Side
from geo.schema import CONTESTED

SIMPLIFY_DEGREES = 0.006  # ~600 m: far below the estimate's own uncertainty (km), keeps states small
STATE_DECIMALS = 3  # ~100 m, finer than the simplification


COARSE_DEGREES = 0.01  # ~1 km: the unknown and inferred land, drawn only to say that nothing is reported there


def _feature(geom, props: dict, tolerance: float = SIMPLIFY_DEGREES, decimals: int = STATE_DECIMALS) -> dict:
    return {"type": "Feature", "geometry": dict(_drawn(geom.wkb, tolerance, decimals)), "properties": props}


@lru_cache(maxsize=2048)
def _drawn(wkb: bytes, tolerance: float, decimals: int) -> dict:
    """A geometry simplified and rounded as GeoJSON, once per distinct geometry: about half of a
    timeline's state features repeat one of another state (the unknown land, a side's unchanged area)."""
    return _rounded(shapely.from_wkb(wkb).simplify(tolerance), decimals)


class StateLayer(VerbatimRender, FoliumLayer):
    """A toggleable layer whose features the date control replaces on each change day."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoStateLayer();
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        {% endmacro %}
        """)

    def __init__(self, name: str, legend: list[tuple[str, str]], show: bool = True):
        super().__init__(name=escape(name), overlay=True, control=True, show=show)
        self._name = "StateLayer"
        self.title = name
        self.legend = legend


def _count(places: str) -> int:
    return len([p for p in places.split(", ") if p])


def area_states(areas: gpd.GeoDataFrame, sides: dict[str, Side], margins: Margins | None = None) -> dict:
    """One state's areas of control as a FeatureCollection with escaped popups, then the land it
    leaves to inference (outlined) and to nobody (unknown).

    Popups name no date: a state is shared by every day it holds (the date bar shows the day).
    """
    features = []
    order = {side_id: n for n, side_id in enumerate(sides)}
    for row in areas.itertuples():
        if row.controller == CONTESTED:
            features.append(_feature(row.geometry, {
                "tooltip": f"{escape(CONTESTED_LABEL)} <span class=\"geo-tip-type\">estimate</span>",
                "popup": f'<div class="geo-popup"><div class="geo-popup-kind">Area of control · contested</div>'
                         f'<h3>{escape(CONTESTED_LABEL)}</h3><table><tr><th>Area</th><td>{row.area_km2:,.0f} km²</td></tr>'
                         f'<tr><th>Places</th><td>{escape(row.places)}</td></tr></table>'
                         f'<p>{escape(CONTESTED_TEXT)}</p></div>',
                "style": {**CONTESTED_STYLE, "className": "geo-kind-control geo-contested"}}))
            continue
        side = sides[row.controller]
        given = not _count(row.places)  # drawn from given polygons alone: as given, not estimated
        how = "as given" if given else "estimate"
        drawn_from = (f'<tr><th>As given by</th><td>{escape(row.evidence)}</td></tr>' if given else
                      f'<tr><th>Drawn from</th><td>the reports of {_count(row.places)} places '
                      '(each place\'s popup says who held it)</td></tr>'
                      + (f'<tr><th>Given areas</th><td>{escape(row.evidence)}</td></tr>'
                         if getattr(row, "evidence", "") else ""))
        popup = (f'<div class="geo-popup"><div class="geo-popup-kind">Area of control · {how}</div>'
                 f'<h3>{escape(side.label)}</h3><table>'
                 f'<tr><th>Area</th><td>{row.area_km2:,.0f} km²</td></tr>' + drawn_from + '</table>'
                 + ("" if given else f'<p class="geo-locnote">{escape(row.method)}</p>') + '</div>')
        features.append(_feature(row.geometry, {
            "tooltip": f"{escape(side.label)} <span class=\"geo-tip-type\">{how}</span>",
            "popup": popup, "style": {**side_style(order[row.controller], side.colour),
                                      "className": "geo-kind-control"}}))
    for side_id, geom in sorted(margins.inferred.items() if margins else ()):
        label = CONTESTED_LABEL if side_id == CONTESTED else sides[side_id].label
        features.append(_feature(geom, {
            "tooltip": f"{escape(label)} <span class=\"geo-tip-type\">inferred</span>",
            "popup": f'<div class="geo-popup"><div class="geo-popup-kind">Area of control · inferred</div>'
                     f'<h3>{escape(label)}</h3><p>{INFERRED_TEXT}</p></div>',
            "style": {**INFERRED_STYLE, "className": "geo-inferred"}}, COARSE_DEGREES, 2))
    if margins and margins.unknown is not None:
        features.append(_feature(margins.unknown, {
            "tooltip": "Unknown <span class=\"geo-tip-type\">no report reaches here</span>",
            "popup": f'<div class="geo-popup"><div class="geo-popup-kind">Area of control</div>'
                     f'<h3>Unknown</h3><p>{UNKNOWN_TEXT}</p></div>',
            "style": {**UNKNOWN_STYLE, "className": "geo-unknown"}}, COARSE_DEGREES, 2))
    return {"type": "FeatureCollection", "features": features}


# Contested ground: the most trusted reports of the day disagree, or one reports fighting inside.
CONTESTED_LABEL = "Contested"
CONTESTED_TEXT = ("The most trusted reports of the day disagree on who holds it, or a report says the fighting "
                  "is inside it (entry only, part of the town); a later or more trusted report settles it. "
                  "Each place's popup lists its reports.")
CONTESTED_STYLE = {"color": "#aa4499", "weight": 1.5, "opacity": 0.9, "dashArray": "4 3", "fillColor": "#aa4499",
                   "fillOpacity": 0.4}

# The land the estimate fills by inference (inside the reports' extent, far from any report) is
# outlined within its side's area; the study area beyond the evidence is drawn as unknown.
INFERRED_STYLE = {"color": "#ffffff", "weight": 1.5, "opacity": 0.9, "dashArray": "2 5", "fill": False}
UNKNOWN_STYLE = {"color": "#757575", "weight": 1, "opacity": 0.8, "dashArray": "2 3", "fillColor": "#9e9e9e",
                 "fillOpacity": 0.3}
INFERRED_TEXT = ("Inferred: more than the scenario's reach from any report, but inside the reports' "
                 "extent, so given to the side of the nearest reported place.")
UNKNOWN_TEXT = "Beyond the reports' extent: no report says who holds this land."


def front_states(fronts: gpd.GeoDataFrame, sides: dict[str, Side], view: Viewpoint, estimate: bool = True) -> dict:
    """The fronts of one state, each drawn as the forward line of own troops of the side the
    point of view takes it for (``Viewpoint.front_owner``): semicircles facing the other side.
    ``estimate``: the areas were estimated from point reports (else: given polygons meet there)."""
    features = []
    how = "estimate" if estimate else "where the given areas meet"
    method = ('Where the estimated areas of control meet: the bisectors between places held by different '
              'sides. An estimate, not a surveyed line.' if estimate else
              'Where the areas of control given for the day meet, as their authors drew them.')
    for row in fronts.itertuples():
        labels = " / ".join(escape(sides[c].label) for c in (row.side_a, row.side_b))
        owner = view.front_owner(row.side_a, row.side_b)
        other = row.side_b if owner == row.side_a else row.side_a
        popup = (f'<div class="geo-popup"><div class="geo-popup-kind">Front line · {how}</div>'
                 f'<h3>{labels}</h3><table><tr><th>Length</th><td>{row.length_km:,.0f} km</td></tr>'
                 f'<tr><th>Drawn as</th><td>the forward line of {escape(sides[owner].label)}, facing '
                 f'{escape(sides[other].label)}</td></tr></table>'
                 f'<p class="geo-locnote">{method}</p></div>')
        features.append(_feature(row.geometry, {
            "tooltip": f"Front line <span class=\"geo-tip-type\">{how}</span>", "popup": popup,
            "style": {**front_style(view, owner, sides[owner]), "className": "geo-kind-front"},
            # the line's parts run with side A on their left: its semicircles go to the other side
            "flot": {"toward": "right" if owner == row.side_a else "left"}}))
    return {"type": "FeatureCollection", "features": features}


def front_style(view: Viewpoint, owner: str, side: Side) -> dict:
    """A forward line in its side's colour (a neutral view) or in the colour of what that side is
    to the view (friend blue, hostile red), as the standard colours lines."""
    colour = side.colour if view.side is None else style.AFFILIATION_LINE_COLOURS[view.relation(owner)]
    return {"color": colour, "weight": 3, "opacity": 1}


def front_legend(view: Viewpoint, sides: tuple[Side, ...], estimate: bool = True) -> list[tuple[str, str]]:
    """The fronts' legend: one sample for each side whose forward line a front is drawn as."""
    owners = {view.front_owner(a.id, b.id) for a, b in itertools.combinations(sides, 2)}
    how = " (estimate)" if estimate else ""
    return [(flot_swatch(front_style(view, side.id, side)["color"]),
             f"Front line{how}: {escape(side.label)}'s forward line, semicircles toward the other side")
            for side in sides if side.id in owners]


def flot_swatch(colour: str) -> str:
    """A sample of a forward line of own troops: a line of semicircles (as geo.js draws it)."""
    colour = escape(colour, quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
            f'<path d="M1 10 L2 10 A3 3 0 0 1 8 10 L9 10 A3 3 0 0 1 15 10 L16 10 A3 3 0 0 1 22 10" '
            f'fill="none" stroke="{colour}" stroke-width="2.6"/></svg>')


class TimeControl(VerbatimRender, MacroElement):
    """Slider, date field, play/pause and day steps; redraws every layer for the chosen day.

    ``states`` lists, for each change day, which areas/fronts index applies and every post's
    status: [status, since, since_or_before, certain, km to front]; ``history`` each post's spells
    over the whole range: [since, since as text, the spell as text] (the status's since picks the
    current one); ``months`` the month names those texts use, for writing the chosen day alike.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        geoTimeline({{ this._parent.get_name() }}, {{ this.config|tojson }}, {
          {%- for layer in this.feature_layers() %}
          {{ layer.get_name()|tojson }}: {{ layer.get_name() }},
          {%- endfor %}
        }, {{ this.areas_layer.get_name() if this.areas_layer else 'null' }},
        {{ this.fronts_layer.get_name() if this.fronts_layer else 'null' }});
        {% endmacro %}
        """)

    title = "Post status on the chosen day (derived)"
    # What each status means, with the square drawn for it when posts are not military symbols.
    STATUS_TEXT = {
        "surrounded": "Surrounded: its precision circle in hostile-held land",
        "possibly surrounded": "Possibly surrounded: its circle straddles the front",
        "withdrawn": "Withdrawn",
    }
    legend = [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="18" aria-hidden="true">'
         '<rect x="5" y="3" width="12" height="12" fill="#c62828" stroke="#b71c1c" stroke-width="3"/></svg>',
         STATUS_TEXT["surrounded"]),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="18" aria-hidden="true">'
         '<rect x="5" y="3" width="12" height="12" fill="#c62828" stroke="#b71c1c" stroke-width="2.5" '
         'stroke-dasharray="3 2"/></svg>',
         STATUS_TEXT["possibly surrounded"]),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="18" aria-hidden="true">'
         '<rect x="5" y="3" width="12" height="12" fill="#c62828" fill-opacity=".45" stroke="#1a1a1a"/></svg>',
         STATUS_TEXT["withdrawn"]),
    ]

    def __init__(self, config: dict, areas_layer: StateLayer | None, fronts_layer: StateLayer | None,
                 posts: bool = True):
        super().__init__()
        self._name = "TimeControl"
        self.config = config
        self.areas_layer, self.fronts_layer = areas_layer, fronts_layer  # None: a map of dated events only
        self.parts: list = []  # what the map draws (the map gives it when it renders): the layers it steps
        if not posts:  # nothing has a status to explain
            self.legend = []

    def use_symbols(self, symbols: dict[str, str]) -> None:
        """Show each status with a post's own military symbol and its amplifier (SURROUNDED...,
        milsymbols.STATUS_AMPLIFIERS), as the map shows it."""
        if self.legend:
            self.legend = [(symbols[status], text) for status, text in self.STATUS_TEXT.items() if status in symbols]

    def feature_layers(self) -> list[FeatureLayer]:
        return data_layers(self.parts)


def timeline_config(timeline: Timeline, initial: str, sides: tuple[Side, ...], view: Viewpoint) -> dict:
    """The states the browser needs, as the timeline derived them: each distinct set of areas and
    fronts once, per change day which set holds and every post's status (exactly what
    `geo status` prints for that day, so that the map and the command line agree), and each post's
    history of spells as the timeline wrote it (popups list it; nothing is recomputed in the page)."""
    by_id = {side.id: side for side in sides}
    states, before = [], {}
    for at, day in enumerate(timeline.change_days):
        table = timeline.status_table(day)
        status = {row.id: [row.status, row.since, bool(row.since_or_before), bool(row.certain),
                           None if row.front_km != row.front_km else float(row.front_km)]
                  for row in table.itertuples()}
        control = {place: [side, inferred] for place, (side, inferred) in timeline.control_on(day).items()}
        # only what changed since the day before: geo.js unfolds the whole map for each day
        changes = {place: value for place, value in control.items() if before.get(place) != value}
        changes.update({place: None for place in before if place not in control})
        before = control
        states.append({"date": day.isoformat(), "areas": timeline.state_index(at), "status": status,
                       "controlChanges": changes})
    areas = [area_states(areas, by_id, margins) for (areas, _), margins in zip(timeline.states, timeline.margins)]
    busy = activity(timeline, [(state["date"], len(state["controlChanges"])) for state in states[1:]])
    fronts = [front_states(fronts, by_id, view, timeline.control is not None) for _, fronts in timeline.states]
    return {"start": timeline.start.isoformat(), "end": timeline.end.isoformat(), "initial": initial,
            "sides": {**{side.id: side.label for side in sides}, CONTESTED: "nobody for certain: contested"},
            "shapes": shared_shapes(areas + fronts),
            "areas": areas, "fronts": fronts, "states": states, "history": timeline.histories, "activity": busy,
            "months": list(MONTHS)}


def activity(timeline: Timeline, changes: list[tuple[str, int]]) -> list[list]:
    """[day, places that changed hands, events] for every day on which anything happened: the date
    bar's histogram, and where its previous/next-change buttons jump."""
    days: dict[str, list[int]] = {day: [n, 0] for day, n in changes if n}
    start, end = timeline.start.isoformat(), timeline.end.isoformat()
    for layer in timeline.layers:
        if layer.kind.lingers and "date" in layer.frame.columns:
            # counted by pandas, not row by row in Python: a million events in a fraction of a second
            day = layer.frame["date"].dropna().astype(str).str.slice(0, 10)
            for date, count in day[(day.str.len() == 10) & (day >= start) & (day <= end)].value_counts().items():
                days.setdefault(str(date), [0, 0])[1] += int(count)
    return [[day, *counts] for day, counts in sorted(days.items())]


def shared_shapes(collections: list[dict]) -> dict[str, list]:
    """Each distinct geometry and popup of the states once (most outlast many states: the unknown
    land, a side's area while only the other's changes, the method note): a feature keeps their
    indexes as ``shape`` and ``popup``, and geo.js puts them back at load."""
    tables: dict[str, list] = {"geometry": [], "popup": []}
    seen: dict[tuple[str, str], int] = {}
    for collection in collections:
        for feature in collection["features"]:
            for name, holder in (("geometry", feature), ("popup", feature["properties"])):
                key = (name, json.dumps(holder[name], sort_keys=True))
                if key not in seen:
                    seen[key] = len(tables[name])
                    tables[name].append(holder[name])
                holder[name] = seen[key]
    return tables


def dates_config(start: str, end: str, initial: str) -> dict:
    """The date control's settings for a map with dates but nothing derived (counts of events)."""
    return {"start": start, "end": end, "initial": initial, "sides": {}, "shapes": {"geometry": [], "popup": []},
            "areas": [], "fronts": [], "states": [{"date": start, "areas": 0, "status": {}, "controlChanges": {}}],
            "history": {}, "months": list(MONTHS), "activity": []}


def control_legend(sides: list[Side], estimate: bool = True, reach: bool = False,
                   contested: bool = False) -> list[tuple[str, str]]:
    """Each side's areas: estimated from point reports, or (``estimate`` False) as given; with a
    ``reach``, the inferred and unknown land too."""
    out = [(_swatch(side_style(n, s.colour), area=True), escape(f"{s.label} (estimate)" if estimate else s.label))
           for n, s in enumerate(sides)]
    if estimate and contested:
        out.append((_swatch(CONTESTED_STYLE, area=True), escape("Contested: the day's reports disagree, or fighting inside")))
    if estimate and reach:
        out += [(_swatch({**INFERRED_STYLE, "color": "#555555"}, area=True), escape("Inferred: far from any report (nearest report's side)")),
                (_swatch(UNKNOWN_STYLE, area=True), escape("Unknown: beyond the reports"))]
    return out


