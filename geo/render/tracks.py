"""Units that move, drawn: each track's line up to the chosen day, with its direction, and its unit's
symbol faded as its latest report ages.

Everything is derived in ``geo.derive.tracks``: for each day of a track this ships how many
positions it has and the symbol's opacity, and ``static/tracks.js`` only looks them up when the
date control changes the day. Which report's symbol is shown is the unit layer's own business
(the timeline cut its spans), so search, popups and the chooser keep working as for any unit.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape

from folium.map import Layer as FoliumLayer

from geo.derive.posts import day_text
from geo.derive.tracks import FULL_DAYS, OPACITY_RULE, STALE_DAYS, Track
from geo.render import style
from geo.render.assets import add_tracks_assets
from geo.render.layers import COORDINATE_DECIMALS
from geo.render.popups import _source_item
from geo.render.verbatim import Template, VerbatimRender, writable
from geo.scenario import Side

TRACK_STYLE = {"weight": 2, "opacity": 0.9}  # thin, under the symbols (Leaflet's overlay pane)
CASING_STYLE = {"color": "#ffffff", "weight": 4.5, "opacity": 0.8}  # a halo: legible over its side's area
LEGEND_FADE = f"chevrons show the way; its symbol fades {FULL_DAYS}–{STALE_DAYS} days after a report"


class TracksLayer(VerbatimRender, FoliumLayer):
    """The tracks of one unit layer (``units``: the layer drawing its reports), toggled on its own."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoTracks({{ this._parent.get_name() }}, {{ this.payload|tojson }},
                                              {{ this.units.get_name() }});
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        {% endmacro %}
        """)

    def __init__(self, tracks: Sequence[Track], units, sides: Sequence[Side] = (), show: bool = True):
        name = "Unit tracks" if units.title.startswith("Unit") else f"{units.title}: tracks"
        super().__init__(name=escape(writable(name)), overlay=True, control=True, show=show)
        self._name = "TracksLayer"
        self.title, self.units = name, units
        colours = track_colours(tracks, units.frame, sides)
        self.payload = tracks_payload(tracks, units.frame, colours)
        # one short line per side: a printed legend has little room (the popups say the whole rule)
        self.legend = [(direction_swatch(colour), escape(f"{side}: reported so far, {LEGEND_FADE}"))
                       for side, colour in sorted({(t.side or "no side", colours[t.unit]) for t in tracks})]

    def render(self, **kwargs) -> None:
        add_tracks_assets(self.get_root())
        super().render(**kwargs)


def track_colours(tracks: Sequence[Track], frame, sides: Sequence[Side]) -> dict[str, str]:
    """Each track's colour: its side's, where the scenario has the side, else the colour the unit
    layer gives the party (``style.party_colours``, as its symbols)."""
    by_side = {side.id: side.colour for side in sides}
    parties = style.party_colours(list(frame["side"])) if "side" in frame.columns else {}
    return {t.unit: by_side.get(t.side) or parties.get(t.side) or "#555555" for t in tracks}


def tracks_payload(tracks: Sequence[Track], frame, colours: dict[str, str]) -> dict:
    """What tracks.js draws: per track its positions ([lat, lon]), its report ids, its colour, and
    from its first day one [positions so far, opacity] per day; per report the popup block that
    lists the track up to it (escaped HTML)."""
    out, popups = [], {}
    records = frame.to_dict("records")
    for t in tracks:
        steps = [[at.reports, at.opacity] for at in t.table(t.first, t.last)]  # shown on every day between
        out.append({"unit": t.unit, "ids": list(t.ids), "colour": colours[t.unit], "first": t.first.isoformat(),
                    "coords": [[round(float(lat), COORDINATE_DECIMALS), round(float(lon), COORDINATE_DECIMALS)]
                               for lon, lat in t.coords],
                    "steps": steps})
        for n, report in enumerate(t.ids):
            popups[report] = track_block(t, [records[r] for r in t.rows[:n + 1]], len(t.ids))
    return {"tracks": out, "popups": popups, "style": TRACK_STYLE, "casing": CASING_STYLE}


def track_block(track: Track, reports: list[dict], total: int) -> str:
    """A report's popup block: the unit's reports up to this one (dates, names where they differ
    from the track's, sources), what groups them, and how its symbol fades."""
    how = "the same unit_id" if track.by == "unit_id" else "the same name (no unit_id given)"
    items = []
    for n, (row, day) in enumerate(zip(reports, track.days)):
        name = str(row.get("name") or "")
        words = f"{day_text(day)}" + (f" — {name}" if name and name != track.name else "")
        sources = row.get("sources")
        listed = ("<ol>" + "".join(_source_item(s) for s in sources) + "</ol>"
                  if isinstance(sources, (list, tuple)) and len(sources) else " (no source given)")
        current = ' class="geo-track-now" aria-current="true"' if n == len(reports) - 1 else ""
        items.append(f"<li{current}><b>{escape(words)}</b>{listed}</li>")
    return (f'<div class="geo-track"><b>Track: report {len(reports)} of {total}</b>'
            f'<p class="geo-locnote">{escape(f"Reports of {track.unit} grouped by {how}, in date order.")} '
            f'{escape(OPACITY_RULE)}</p><ol class="geo-track-reports">{"".join(items)}</ol></div>')


def direction_swatch(colour: str) -> str:
    """A legend sample: a thin line with a chevron, as tracks.js draws a track."""
    colour = escape(colour, quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
            f'<path d="M1 7 L21 7 M9 3 L14 7 L9 11" fill="none" stroke="{colour}" stroke-width="2"/></svg>')
