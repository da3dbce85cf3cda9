"""km² gained by each holder between every pair of the timeline's area states, in one overlay.

The compare view of the map shows, for any two days, how much land each side gained between them:
exactly what ``Timeline.change(d1, d2).by_side()`` says. Running that overlay for every pair of
states would take minutes (~0.14 s a pair, ~1,400 pairs), so the states are cut once into atoms —
the faces of the first state's boundaries and of the land that changed between consecutive states,
which no state's boundary crosses — and each atom's holder in each state is looked up. The land a
holder gained from state i to state j is then the area of the atoms it holds in j and not in i: one
matrix product (atoms × states) per holder. tests/test_compare.py holds it to ``change()``.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


class _States(Protocol):
    def held_land(self) -> list[dict[str, BaseGeometry]]: ...


def gained_km2(timeline: _States) -> tuple[list[str], np.ndarray]:
    """The holders (sides, and 'contested' where there is any) and ``gained[h, i, j]``: km² held
    by holder ``h`` in area state ``j`` and not in state ``i`` (measured in the timeline's metric
    CRS), for every ordered pair of states."""
    held = timeline.held_land()
    holders = sorted(set().union(*held)) if held else []
    if not holders:
        return [], np.zeros((0, len(held), len(held)))
    empty = shapely.Polygon()
    geoms = {h: np.array([state.get(h, empty) for state in held], dtype=object) for h in holders}
    # Every state's boundary lies on the first state's or on the changes between consecutive states.
    lines = [shapely.boundary(g[0]) for g in geoms.values()]
    for g in geoms.values():
        lines += list(shapely.boundary(shapely.symmetric_difference(g[:-1], g[1:])))
    noded = shapely.union_all(np.array([line for line in lines if not line.is_empty], dtype=object))
    atoms = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    inside, km2 = shapely.point_on_surface(atoms), shapely.area(atoms) / 1e6
    out = np.zeros((len(holders), len(held), len(held)))
    for n, h in enumerate(holders):
        shapely.prepare(geoms[h])
        holds = shapely.covers(geoms[h][None, :], inside[:, None]).astype(float)  # atoms × states
        out[n] = ((1 - holds).T * km2) @ holds
    return holders, out
