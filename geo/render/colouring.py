"""Colours for a column's values, as ``GeoDataFrame.explore(column=..., cmap=...)`` gives them.

Categories (text, or few whole numbers) take the colour-blind-safe category palette in sorted
order, or the colours of ``cmap`` when it is a list; numbers take a continuous colour map
(branca's, by name: 'viridis', 'YlOrRd_09'...) between ``vmin`` and ``vmax``. A missing value is
grey. Each value's colour is worked out once, however many rows share it.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.render import style

MISSING_COLOUR = "#9e9e9e"
DEFAULT_COLOUR = style.CATEGORY_PALETTE[0]
DEFAULT_CMAP = "viridis"
MAX_LEGEND_VALUES = 20  # categories listed one by one in the legend; the rest are counted
NUMERIC_STEPS = 5  # swatches a continuous colour map shows in the legend

Cmap = str | Sequence[str] | Mapping[str, str] | None  # a name, colours in turn, or value → colour


@dataclass(frozen=True)
class Colouring:
    """Each row's colour, and the legend: (colour, label) pairs in the order shown."""

    colours: list[str]
    legend: list[tuple[str, str]]
    column: str | None = None


def _is_categorical(values: pd.Series, categorical: bool | None) -> bool:
    if categorical is not None:
        return categorical
    if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(values.dtype):
        return True
    return False


def _continuous(cmap: Cmap, low: float, high: float):
    import branca.colormap as cm

    if cmap is None or isinstance(cmap, str):
        name = cmap or DEFAULT_CMAP
        try:
            return getattr(cm.linear, name).scale(low, high)
        except AttributeError:
            known = ", ".join(sorted(n for n in dir(cm.linear) if not n.startswith("_"))[:12])
            raise InputError(f"cmap: expected a colour map's name (e.g. {known}...) or a list of colours, "
                             f"found {name!r}") from None
    return cm.LinearColormap(list(cmap), vmin=low, vmax=high)


def colouring(frame: pd.DataFrame, column: str | None, *, cmap: Cmap = None, colour: str | None = None,
              categorical: bool | None = None, vmin: float | None = None,
              vmax: float | None = None, label: str = "") -> Colouring:
    """The colour of every row of ``frame`` by ``column`` (none: ``colour``, or the default)."""
    if column is None:
        return Colouring([colour or DEFAULT_COLOUR] * len(frame), [(colour or DEFAULT_COLOUR, label)])
    if column not in frame.columns:
        have = ", ".join(str(c) for c in frame.columns if c != "geometry")
        raise InputError(f"column: expected one of the layer's columns ({have}), found {column!r}")
    values = frame[column]
    present = values.notna().to_numpy()
    if _is_categorical(values, categorical):
        text = values.astype(object).where(present, None).map(lambda v: None if v is None else str(v))
        distinct = sorted({v for v in text if v is not None})
        palette = list(cmap) if isinstance(cmap, (list, tuple)) else list(style.CATEGORY_PALETTE)
        given = cmap if isinstance(cmap, Mapping) else {}
        lookup = {value: given.get(value) or palette[i % len(palette)] for i, value in enumerate(distinct)}
        colours = [lookup.get(v, MISSING_COLOUR) if v is not None else MISSING_COLOUR for v in text]
        legend = [(lookup[v], v) for v in distinct[:MAX_LEGEND_VALUES]]
        if len(distinct) > MAX_LEGEND_VALUES:
            legend.append((MISSING_COLOUR, f"… and {len(distinct) - MAX_LEGEND_VALUES} more values"))
    else:
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        finite = np.isfinite(numbers)
        low = vmin if vmin is not None else (float(numbers[finite].min()) if finite.any() else 0.0)
        high = vmax if vmax is not None else (float(numbers[finite].max()) if finite.any() else 1.0)
        high = high if high > low else low + 1
        ramp = _continuous(cmap, low, high)
        clipped = np.clip(numbers, low, high)
        cache: dict[float, str] = {}
        colours = [(cache.setdefault(v, ramp(v)[:7]) if ok else MISSING_COLOUR) for v, ok in zip(clipped, finite)]
        steps = np.linspace(low, high, NUMERIC_STEPS)
        legend = [(ramp(v)[:7], f"{v:,.4g}") for v in steps]
        present = finite
    if not present.all():
        legend.append((MISSING_COLOUR, "(no value)"))
    return Colouring(colours, legend, column)
