"""Counts of events per cell and day (``geo aggregate``) as a density layer under the date control.

Each distinct cell's outline (a square of the grid, or an H3 hexagon) is sent once; each count is
a cell number, a day and the count, as the byte-plane columns of ``geo.render.columnar``. The
browser (``static/events.js``, ``geoCountsLayer``) fills the cells counted on the chosen day,
darker for more, on one scale for every day so that days compare.
"""
from __future__ import annotations

import datetime as dt
from html import escape

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.map import Layer as FoliumLayer

from geo.render import style
from geo.render.assets import add_events_assets, add_geo_assets
from geo.render.columnar import DENSITY_SWATCH, QUANTUM, _gzip64, _planes
from geo.render.verbatim import Template, VerbatimRender, writable

EPOCH = dt.date(1970, 1, 1)


class CountsLayer(VerbatimRender, FoliumLayer):
    """Cells filled by their count on the chosen day (``counts``: cell, date, count, geometry)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoCountsLayer({{ this.payload|tojson }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """)

    def __init__(self, counts: gpd.GeoDataFrame, title: str, method: str):
        super().__init__(name=escape(writable(title)), overlay=True, control=True, show=True)
        self._name = "CountsLayer"
        self.title, self.frame = title, counts
        self.payload = _payload(counts, title, method)
        top = int(counts["count"].max()) if len(counts) else 0
        self.legend = [(DENSITY_SWATCH, escape(f"Events per cell on the day: 1 (lightest) to {top:,} (darkest)"))]

    def render(self, **kwargs) -> None:
        add_geo_assets(self.get_root())
        add_events_assets(self.get_root())
        super().render(**kwargs)

    def _get_self_bounds(self):
        west, south, east, north = self.frame.total_bounds
        return [[float(south), float(west)], [float(north), float(east)]]


def _payload(counts: gpd.GeoDataFrame, title: str, method: str) -> dict:
    counts = counts.sort_values(["date", "cell"], kind="stable", ignore_index=True)
    cell, ids = pd.factorize(counts["cell"])
    first = np.unique(cell, return_index=True)[1]
    rings = shapely.get_exterior_ring(np.asarray(counts.geometry.array, dtype=object)[first])
    xy, owner = shapely.get_coordinates(rings, return_index=True)
    sizes = np.bincount(owner, minlength=len(ids))
    q = np.round(xy / QUANTUM).astype(np.int64)
    day = np.array([(dt.date.fromisoformat(d) - EPOCH).days for d in counts["date"]], dtype=np.int64)
    day0 = int(day.min()) if len(day) else 0
    return {
        "name": title, "rows": len(counts), "cells": len(ids), "quantum": QUANTUM, "day0": day0,
        "ids": [str(i) for i in ids], "method": method, "top": int(counts["count"].max()) if len(counts) else 0,
        "ramp": list(style.DENSITY_RAMP),
        "sizes": _gzip64(_planes([(sizes, False)])),  # vertices of each cell's ring
        "rings": _gzip64(_planes([(q[:, 0], True), (q[:, 1], True)])), "vertices": int(len(q)),
        "columns": _gzip64(_planes([(cell, False), (day - day0, True), (counts["count"].to_numpy(np.int64), False)])),
    }
