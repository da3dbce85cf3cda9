"""A large point layer as compressed columns, drawn on a canvas by ``static/events.js``.

A million events as GeoJSON with popups made in Python is a gigabyte of page; as columns it is a
few bytes each. Positions are quantized to ``QUANTUM`` degrees (about a metre) and sorted by
day, then longitude, so that the deltas between neighbours are small; every integer column is
zigzag-delta coded, split into byte planes (the high bytes of small numbers are all zero) and
gzip-compressed; the browser decompresses with ``DecompressionStream``. Text fields are blocks
of their own: a dictionary and codes where values repeat (types, places, sources), else one
JSON array, each decoded only when a popup first needs it. The browser builds popups with
``textContent``: no value from data is ever parsed as HTML. Blocks are base85 text (a quarter
more than the bytes, where base64 is a third more).
"""
from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import re
import zlib
from concurrent.futures import ThreadPoolExecutor
from html import escape
from json.encoder import encode_basestring

import numpy as np
import pandas as pd
import shapely
from folium.map import Layer as FoliumLayer

from geo.errors import InputError
from geo.layer import Layer
from geo.render import style
from geo.render.assets import add_events_assets, add_geo_assets
from geo.render.popups import format_precision, gaps_text, popup_template, source_items
from geo.render.verbatim import Template, VerbatimRender, writable
from geo.schema import GAPS_COLUMN, Kind

COLUMNAR_MIN_FEATURES = 5000  # point layers this large are drawn as columns (or when asked)
QUANTUM = 1e-5  # degrees: about 1 m, far finer than any event's precision
# A text field with fewer distinct values than this share of rows is a dictionary; up to
# ROWS_SHARE, whichever of a dictionary and the rows is smaller; beyond, the rows.
DICTIONARY_SHARE, ROWS_SHARE = 0.02, 0.6
PACKED_DICTIONARY = 2000  # characters of JSON: a dictionary larger than this is gzip'd
MAX_COLOURS = 10  # values coloured one by one; the rest are 'other'
OTHER_COLOUR = "#9e9e9e"
EPOCH = dt.date(1970, 1, 1)


def is_columnar(layer: Layer) -> bool:
    """Whether a layer is drawn as columns: asked for, or a point layer of many features or
    coloured by a column."""
    if layer.columnar is not None:
        return layer.columnar and layer.kind.is_point
    # coloured by a column (explore's column=, --color-by): the columns' palette and legend do that
    return layer.kind.is_point and (len(layer.frame) >= COLUMNAR_MIN_FEATURES or layer.color_by is not None)


# Base85 (RFC 1924; 5 characters per 4 bytes, where base64 takes 5⅓) with its three characters
# that JSON-in-HTML escapes (< > &) swapped for three it does not use, so nothing grows.
_SAFE_85 = str.maketrans("<>&", ",.:")
_NUMBERED = re.compile(r"\D*(?:[1-9]\d{0,9}|0)")  # a prefix, then a number: SYR12345
_ALPHABET_85 = np.frombuffer(base64._b85alphabet.decode("ascii").translate(_SAFE_85).encode("ascii"), dtype=np.uint8)


def _base85(data: bytes) -> str:
    """``base64.b85encode(data)`` with the safe alphabet, as numpy arrays (the standard library's
    encoder is Python, a second per 10 MB): a last group of k bytes becomes k + 1 characters."""
    rest = len(data) % 4
    padded = np.frombuffer(data + b"\0" * ((4 - rest) % 4), dtype=">u4").astype(np.uint64)
    digits = np.empty((len(padded), 5), dtype=np.uint8)
    for place in range(4, -1, -1):
        padded, digits[:, place] = np.divmod(padded, 85)
    text = _ALPHABET_85[digits].tobytes()
    return (text[:len(text) - (4 - rest)] if rest else text).decode("ascii")


def _gzip64(data: bytes) -> str:
    """gzip (mtime=0: the same input gives the same bytes), as safe base85 text."""
    return _base85(gzip.compress(data, compresslevel=6, mtime=0))


def _gzip_rows(table: np.ndarray, codes: np.ndarray, chunk: int = 65536) -> bytes:
    """``gzip.compress`` of the JSON array of ``table[codes]`` (mtime 0), the text made and
    compressed ``chunk`` rows at a time: a million notes never held as one string and its bytes."""
    stream = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header, as gzip.compress(mtime=0)
    out = [stream.compress(b"[")]
    for start in range(0, len(codes), chunk):
        part = ",".join(table[codes[start:start + chunk]])
        out.append(stream.compress(((start and "," or "") + part).encode("utf-8")))
    out += [stream.compress(b"]"), stream.flush()]
    return b"".join(out)


def _planes(columns: list[tuple[np.ndarray, bool]]) -> bytes:
    """Integer columns as little-endian int32 (zigzag-delta coded when ``delta``: sorted
    positions and days), each split into 4 byte planes: gzip then finds the runs of zeros."""
    out = []
    for values, delta in columns:
        values = values.astype(np.int64)
        if delta:
            values = np.diff(values, prepend=np.int64(0))
        zigzag = ((values << 1) ^ (values >> 63)).astype(np.uint32)
        out.append(zigzag.astype("<u4").view(np.uint8).reshape(-1, 4).T.tobytes())
    return b"".join(out)


def _json_value(value):
    if isinstance(value, (np.generic,)):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()
    return value if isinstance(value, (int, float, bool, str)) else str(value)


def _distinct_json(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, JSON text of each distinct value): values that are one object (the validator
    shares a list between the rows that had the same text) or equal text are encoded once."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        # text through the JSON encoder's own C function: a million notes in a fraction of a second
        texts = [encode_basestring(v) if isinstance(v, str) else json.dumps(_json_value(v), ensure_ascii=False)
                 for v in np.asarray(uniques, dtype=object)]
    except TypeError:  # lists and dicts: by value (a list of text as a tuple), else by identity; then by JSON
        objects = values.to_numpy(dtype=object)
        codes, firsts = _distinct_objects(objects)
        first_row = np.full(len(firsts), -1, dtype=np.int64)
        first_row[codes[::-1]] = np.arange(len(codes))[::-1]
        texts = [json.dumps(_json_value(objects[row]), ensure_ascii=False, sort_keys=True) for row in first_row]
    again, distinct = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=False)
    return again[codes], list(distinct)


def _distinct_objects(objects: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques) of lists and dicts: lists of hashable values compared as tuples (every row
    has its own list of gaps, most of them empty), else each object by its identity."""
    try:
        keys = np.fromiter((tuple(v) if isinstance(v, list) else v for v in objects), dtype=object, count=len(objects))
        return pd.factorize(keys, use_na_sentinel=False)
    except TypeError:
        return pd.factorize(np.fromiter(map(id, objects), dtype=np.uint64, count=len(objects)))


def _text_block(values: pd.Series, order: np.ndarray, shown=None) -> dict:
    """One field, its rows in ``order``, as the smallest of: a dictionary and codes (values
    repeat), one JSON array of rows, or (a prefix and) delta-coded numbers. ``shown`` writes each
    distinct value as the popup shows it (once per value, not per row)."""
    codes, texts = _distinct_json(values)
    if shown is not None:
        texts = [json.dumps(shown(json.loads(text)), ensure_ascii=False) for text in texts]
    codes = codes[order]
    dictionary = _dictionary(texts, codes) if len(texts) <= ROWS_SHARE * len(values) else None
    if dictionary is not None and len(texts) <= max(1, DICTIONARY_SHARE * len(values)):
        return dictionary
    numbers = _number_block(values, order) if values.dtype == object or pd.api.types.is_string_dtype(values.dtype) \
        else None
    rows = None
    if numbers is None:
        rows = {"rows": _base85(_gzip_rows(np.array(texts, dtype=object), codes))}
    return min(filter(None, (dictionary, numbers, rows)), key=lambda block: sum(map(len, block.values())))


def _dictionary(texts: list[str], codes: np.ndarray) -> dict:
    """The distinct values and each row's code; a dictionary of more than ``PACKED_DICTIONARY``
    characters is gzip'd too (many sources, actors: a few bytes a row otherwise)."""
    table = "[" + ",".join(texts) + "]"
    packed = _gzip64(_planes([(codes, False)]))
    if len(table) > PACKED_DICTIONARY:
        return {"zdict": _gzip64(table.encode("utf-8")), "codes": packed}
    return {"dict": table, "codes": packed}


# Fields the popup shows written out (popups.py): each distinct value once, as its text.
_SHOWN = {
    "precision_m": lambda metres: None if metres is None or metres != metres else format_precision(float(metres)),
    "sources": lambda sources: source_items(sources) or None,  # escaped HTML, the page's data-geo-html
    GAPS_COLUMN: lambda gaps: gaps_text(gaps) or None,
}


def _number_block(values: pd.Series, order: np.ndarray) -> dict | None:
    """Text that is one prefix and a number on every row (ACLED's SYR12345, a Unix time) as
    delta-coded integers: a few bytes a row instead of the text; None for any other column."""
    if not len(values) or values.isna().any() or not _NUMBERED.fullmatch(str(values.iloc[0])):
        return None
    text = values.astype("str")
    prefix = text.str.rstrip("0123456789")
    if prefix.nunique() != 1:
        return None
    digits = text.str.slice(len(prefix.iloc[0]))
    lengths = digits.str.len()
    if not ((lengths > 0) & (lengths <= 10)).all() or digits.str.match(r"0\d").any():
        return None
    numbers = digits.astype(np.int64).to_numpy()[order]
    if numbers.max() >= 2 ** 31:
        return None
    return {"prefix": str(prefix.iloc[0]), "ints": _gzip64(_planes([(numbers, True)]))}


def _palette(values: pd.Series, kind: Kind, field: str) -> tuple[list[str], list[str], np.ndarray]:
    """(values coloured, their colours, each row's code) — the kind's own colours for its
    category, else a colour-blind-safe palette for the most frequent values, the rest 'other'."""
    text = values.astype(str).where(values.notna(), "(none)")
    counts = text.value_counts(sort=True)
    if field == kind.category and kind.is_point:
        shown = [c for c in kind.categories if c in counts.index]
        colours = [style.point_symbol(kind.name, c).fill or OTHER_COLOUR for c in shown]
    else:
        ranked = sorted(counts.index, key=lambda v: (-counts[v], v))
        shown = ranked[:MAX_COLOURS] if len(ranked) <= MAX_COLOURS else ranked[:MAX_COLOURS - 1]
        colours = [style.CATEGORY_PALETTE[i % len(style.CATEGORY_PALETTE)] for i in range(len(shown))]
    lookup = {value: i for i, value in enumerate(shown)}
    other = len(shown)
    # each distinct value looked up once, not each row
    rows, distinct = pd.factorize(text)
    codes = np.array([lookup.get(v, other) for v in distinct], dtype=np.int64)[rows]
    if (codes == other).any():
        shown, colours = [*shown, "other"], [*colours, OTHER_COLOUR]
    return shown, colours, codes


def _day_numbers(days: list, missing: int) -> np.ndarray:
    return np.array([(d - EPOCH).days if d is not None else missing for d in days], dtype=np.int64)


class ColumnarLayer(VerbatimRender, FoliumLayer):
    """A large point layer: compressed columns decoded and drawn on a canvas in the browser,
    a density grid when zoomed out, points (picked through a grid index) when zoomed in.

    ``spans`` (from the timeline) says on which days each feature is shown.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = geoColumnarLayer({{ this.payload|tojson }});
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        {% endmacro %}
        """)

    def __init__(self, layer: Layer, spans=None):
        super().__init__(name=escape(writable(layer.name)), overlay=True, control=True, show=layer.show)
        self._name = "ColumnarLayer"
        self.layer, self.kind, self.title, self.frame = layer, layer.kind, layer.name, layer.frame
        self.payload, self.legend = self._payload(spans)

    def render(self, **kwargs) -> None:
        add_geo_assets(self.get_root())
        add_events_assets(self.get_root())
        super().render(**kwargs)

    def _payload(self, spans) -> tuple[dict, list[tuple[str, str]]]:
        frame, kind = self.frame, self.kind
        colour_field = self.layer.color_by or kind.category
        if colour_field not in frame.columns:
            columns = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name)
            raise InputError(f"layer {self.layer.name!r}: color_by: expected one of its columns ({columns}), "
                             f"found {colour_field!r}")
        geoms = np.asarray(frame.geometry.array, dtype=object)
        x = np.round(shapely.get_x(geoms) / QUANTUM).astype(np.int64)
        y = np.round(shapely.get_y(geoms) / QUANTUM).astype(np.int64)
        n = len(frame)
        if spans is None:
            start, end = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
            dated = False
        else:
            first = _day_numbers(spans[0], -(2 ** 30))
            start = first
            end = _day_numbers(spans[1], 2 ** 30)
            dated = True
        day0 = int(start[start > -(2 ** 30)].min()) if dated and (start > -(2 ** 30)).any() else 0
        order = np.lexsort((y, x, start))
        shown, colours, colour_codes = _palette(frame[colour_field], kind, colour_field)
        start_sorted = start[order]
        length = np.where(end[order] >= 2 ** 30, -1, end[order] - np.maximum(start_sorted, -(2 ** 30) + 1))
        columns = [(x[order] - int(x.min(initial=0)), True), (y[order] - int(y.min(initial=0)), True),
                   (np.where(start_sorted <= -(2 ** 30), -1, start_sorted - day0), True),
                   (np.where(length < 0, -1, length), False), (colour_codes[order], False)]
        layout = [["x", True], ["y", True], ["start", True], ["length", False], ["colour", False]]
        fields = [f for f in kind.fields if f.name in frame.columns]
        extra = [c for c in frame.columns if c not in kind.field_names and c != frame.geometry.name]
        names = [*(f.name for f in fields), *extra]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # compression frees the GIL
            blocks = list(pool.map(lambda name: _text_block(frame[name], order, _SHOWN.get(name)), names))
        text = {(name if i < len(fields) else f"extra:{name}"): block for i, (name, block) in enumerate(zip(names, blocks))}
        payload = {
            "name": self.layer.name, "kind": kind.name, "count": n, "quantum": QUANTUM,
            "origin": [int(x.min(initial=0)), int(y.min(initial=0))], "day0": day0, "dated": dated,
            "layout": layout, "columns": _gzip64(_planes(columns)),
            "colour": {"field": colour_field, "label": _label(kind, colour_field),
                       "values": shown, "colours": colours},
            "fields": [[f.name, f.label, f.type] for f in fields] + [[f"extra:{c}", str(c), "text"] for c in extra],
            "category": kind.category, "text": text,
            "ramp": list(style.DENSITY_RAMP),  # the density grid's colours, light to dark (the legend's too)
            # the popup's layout, popups.py's for every layer, its values filled in by the page
            "popup": popup_template(kind, {**{f.name: f.name for f in fields}, **{c: f"extra:{c}" for c in extra}},
                                    [c for c in extra if c != GAPS_COLUMN]),
        }
        legend = [(dot_swatch(colour), escape(value.capitalize() if colour_field == kind.category else value))
                  for value, colour in zip(shown, colours)]
        legend.append((DENSITY_SWATCH, "Zoomed out: events per cell, darker is more"))
        return payload, legend

    def _get_self_bounds(self):
        west, south, east, north = self.frame.total_bounds
        return [[float(south), float(west)], [float(north), float(east)]]


def _label(kind: Kind, field: str) -> str:
    try:
        return kind.field(field).label
    except KeyError:
        return field


def dot_swatch(colour: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" aria-hidden="true">'
            f'<circle cx="7" cy="7" r="5" fill="{escape(colour, quote=True)}" stroke="#1a1a1a"/></svg>')


DENSITY_SWATCH = ('<svg xmlns="http://www.w3.org/2000/svg" width="22" height="14" aria-hidden="true">'
                  + "".join(f'<rect x="{1 + 5 * i}" y="2" width="5" height="10" fill="{c}"/>'
                            for i, c in enumerate(style.DENSITY_RAMP)) + "</svg>")
