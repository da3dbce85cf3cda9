"""The offline basemap, drawn from data under everything else: relief, rivers and lakes,
governorate lines and names, the coast. Shown when no tiles are chosen, and switched on by the
page itself when online tiles fail to load (the tile layer is then switched off)."""
from __future__ import annotations

import base64
from html import escape

import numpy as np
from folium.map import Layer as FoliumLayer

from geo.render.verbatim import Template, VerbatimRender

NAME = "Basemap (offline: relief, rivers, boundaries)"
LEGEND = [
    ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
     '<path d="M1 13 7 3 11 9 15 4 21 13z" fill="#9e9e9e" stroke="#616161"/>'
     '<path d="M7 3 9 13H1zM15 4 17 13h-6z" fill="#616161" opacity=".6"/></svg>', "Relief (hillshade)"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
     '<path d="M1 10 C6 2, 12 12, 21 4" fill="none" stroke="#3d7fb8" stroke-width="1.8"/></svg>', "River"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
     '<rect x="1" y="1" width="20" height="12" fill="#a9c9e6" stroke="#3d7fb8"/></svg>', "Lake"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
     '<line x1="1" y1="7" x2="21" y2="7" stroke="#8d6e63" stroke-width="1.5" stroke-dasharray="5 3 1 3"/></svg>',
     "Governorate boundary"),
]


SAME_PLACE_DEGREES = 0.03  # ~3 km: a basemap name this near a place of the data is the same place


def _rank(population: int) -> int:
    """1: shown from zoom 8, 2: from zoom 10, 3: from zoom 11 (the map grows denser as one zooms in)."""
    return 1 if population >= 20_000 else 2 if population >= 3_000 else 3


class BasemapLayer(VerbatimRender, FoliumLayer):
    """One toggle in the panel; its credits (and the licence of each source) go to the map's
    attribution while it is shown."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoBasemap({{ this._parent.get_name() }}, {{ this.data()|tojson }}, {{ this.show|tojson }});
        {% endmacro %}
        """)

    def __init__(self, basemap, show: bool, named: np.ndarray | None = None):
        super().__init__(name=escape(NAME), overlay=True, control=True, show=show)
        self._name = "Basemap"
        self.title, self.legend, self.basemap = NAME, LEGEND, basemap
        self.named = named if named is not None else np.zeros((0, 2))  # (lon, lat) of places the data names

    def _names(self) -> list[list]:
        """The basemap's place names, less those the data names itself nearby (one name per place)."""
        out = []
        for f in self.basemap.names.get("features", []):
            lon, lat = f["geometry"]["coordinates"][:2]
            if len(self.named) and (np.abs(self.named - (lon, lat)).max(axis=1) < SAME_PLACE_DEGREES).any():
                continue
            out.append([lat, lon, f["properties"]["name"], _rank(f["properties"].get("population") or 0)])
        return out

    def data(self) -> dict:
        b = self.basemap
        return {"image": "data:image/png;base64," + base64.b64encode(b.hillshade).decode("ascii"),
                "bounds": [list(b.hillshade_bounds[0]), list(b.hillshade_bounds[1])],
                "water": b.water, "boundaries": b.boundaries, "coast": b.coast,
                "names": self._names(),
                "attribution": escape(" · ".join(b.credits))}
