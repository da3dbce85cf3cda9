"""Every layer of the map on a day as data: a GeoPackage (one table per layer), GeoJSON or
GeoParquet files.

What is written is what the map shows on that day: the features that exist then, with the
columns derived for it (posts: status, status_since, status_certain, status_history, front_distance_km; places:
controller, front_distance_km; zones: area_km2), plus the estimated areas of control and front
lines as their own tables. Lists (sources, aliases, actors) are JSON text in the GeoPackage and
GeoParquet, as geo's readers expect of flat formats, and arrays in GeoJSON; dates stay ISO text at the
precision known ('2018-02' stays '2018-02'); the CRS is EPSG:4326. Each table carries a 'kind'
column, so `geo.read_layer("out.gpkg:table")` reads it back as the kind it is.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import GeoError
from geo.model import MapModel
from geo.schema import KIND_COLUMN, Kind
from geo.write.atomic import atomic_path, write_atomic

AREAS_TABLE, FRONTS_TABLE, TRACKS_TABLE = "areas_of_control", "front_lines", "unit_tracks"
Table = tuple[str, gpd.GeoDataFrame, Kind | None]  # title, frame, kind (None: derived)


def table_name(name: str, taken: set[str] | None = None) -> str:
    """A layer name as a safe, unique table or file name: 'Turkey–Syria border' → 'turkey_syria_border'."""
    spaced = "".join(c if c.isalnum() else " " for c in name)  # 'Turkey–Syria' → 'Turkey Syria'
    text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "layer"
    if base[0].isdigit():
        base = "layer_" + base
    out, number = base, 2
    while taken is not None and out in taken:
        out, number = f"{base}_{number}", number + 1
    if taken is not None:
        taken.add(out)
    return out


def layer_tables(model: MapModel, date: str | None = None) -> tuple[dict[str, Table], str | None]:
    """{table name: (layer title, frame, kind)} and the day they describe (None for undated maps).

    A dated map gives its situation on ``date`` (default: the day it opens on), with the derived
    columns and the day's areas of control and front lines; an undated one its layers as drawn.
    """
    taken = {AREAS_TABLE, FRONTS_TABLE, TRACKS_TABLE}
    if model.timeline is None:
        if date is not None:
            raise GeoError("this map has no dates (no scenario with a [time] section): "
                           "export its layers without a date")
        return {table_name(layer.name, taken): (layer.name, layer.frame, layer.kind) for layer in model.layers}, None
    day = model.timeline.check_day(date or model.day)
    situation = model.timeline.on(day)
    tables = {table_name(name, taken): (name, frame, situation.kinds[name])
              for name, frame in situation.layers.items()}
    for table, frame, title in ((AREAS_TABLE, situation.control_areas, "Areas of control (estimate)"),
                                (FRONTS_TABLE, situation.front_lines, "Front lines (estimate)")):
        frame = frame.copy()
        frame.insert(0, "date", day)
        tables[table] = (title, frame, None)
    tracks = model.tracks.lines_on(day)  # units that moved: their tracks so far (geo.derive.tracks)
    if len(tracks):
        tables[TRACKS_TABLE] = ("Unit tracks", tracks, None)
    return tables, day


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, dates as ISO text, NaN as None."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _flat_column(values: pd.Series, field_type: str | None) -> pd.Series:
    """One column in a type a GeoPackage keeps: JSON text for lists, text for dates, Int64, float, bool."""
    plain = [_plain(v) for v in values]
    if field_type in ("sources", "list") or any(isinstance(v, (list, dict)) for v in plain):
        return pd.Series([None if v is None else json.dumps(v, ensure_ascii=False) for v in plain],
                         index=values.index, dtype=object)
    if field_type == "integer":
        return pd.Series(plain, index=values.index, dtype="Int64")
    if field_type == "number" or pd.api.types.is_float_dtype(values.dtype):
        return pd.Series([math.nan if v is None else float(v) for v in plain], index=values.index, dtype="float64")
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype(bool)
    if pd.api.types.is_integer_dtype(values.dtype):
        return values.astype("Int64")
    return pd.Series([None if v is None else str(v) for v in plain], index=values.index, dtype=object)


def flat_frame(frame: gpd.GeoDataFrame, kind: Kind | None) -> gpd.GeoDataFrame:
    """The frame with every column in a GeoPackage type, a 'kind' column, and EPSG:4326."""
    types = {f.name: f.type for f in kind.fields} if kind else {}
    geometry = frame.geometry.name
    data = {c: _flat_column(frame[c], types.get(c)) for c in frame.columns if c != geometry and c != KIND_COLUMN}
    if kind:
        data[KIND_COLUMN] = pd.Series([kind.name] * len(frame), index=frame.index, dtype=object)
    crs = frame.crs or "EPSG:4326"
    out = gpd.GeoDataFrame(data, geometry=list(frame.geometry), crs=crs, index=frame.index)
    return out.to_crs("EPSG:4326").reset_index(drop=True)


def _geometry_type(frame: gpd.GeoDataFrame, kind: Kind | None) -> str:
    types = set(frame.geom_type.dropna())
    if len(types) == 1:
        return types.pop()
    if not types and kind:
        return kind.geometry_types[-1]
    if types and all(t.replace("Multi", "") == next(iter(types)).replace("Multi", "") for t in types):
        return "Multi" + next(iter(types)).replace("Multi", "")
    return "Unknown"


def to_gpkg(model: MapModel, path: str | Path, *, date: str | None = None) -> Path:
    """Write every layer (and the day's areas of control and front lines) as tables of a GeoPackage.

    Written to a temporary file beside ``path``, then renamed into place (geo.write.atomic_path).
    """
    import pyogrio

    tables, day = layer_tables(model, date)
    with atomic_path(path, suffix=".part.gpkg") as tmp:
        for table, (title, frame, kind) in tables.items():
            flat = flat_frame(frame, kind)
            what = f"{title}: {kind.name if kind else 'derived'} layer" + (f", the situation on {day}" if day else "")
            geometry_type = _geometry_type(frame, kind)  # Multi* when single and multi parts mix
            pyogrio.write_dataframe(flat, tmp, layer=table, driver="GPKG", geometry_type=geometry_type,
                                    promote_to_multi=geometry_type.startswith("Multi"),
                                    layer_options={"IDENTIFIER": title, "DESCRIPTION": what})
    return Path(path)


def geojson_text(frame: gpd.GeoDataFrame, kind: Kind | None = None, name: str = "") -> str:
    """A FeatureCollection (RFC 7946, EPSG:4326) with lists as arrays and dates as ISO text."""
    frame = frame.to_crs("EPSG:4326") if frame.crs is not None and not frame.crs.equals("EPSG:4326") else frame
    geometry = frame.geometry.name
    columns = [c for c in frame.columns if c != geometry and c != KIND_COLUMN]
    features = []
    for row, geom in zip(frame[columns].itertuples(index=False, name=None), frame.geometry):
        props = {c: _plain(v) for c, v in zip(columns, row)}
        if kind:
            props[KIND_COLUMN] = kind.name
        features.append({"type": "Feature", "properties": props,
                         "geometry": None if geom is None else shapely.geometry.mapping(geom)})
    collection = {"type": "FeatureCollection", **({"name": name} if name else {}), "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False, default=_plain)


def to_geojson(model: MapModel, folder: str | Path, *, date: str | None = None) -> list[Path]:
    """Write every layer (and the day's areas of control and front lines) as DIR/<table>.geojson."""
    folder = Path(folder)
    tables, _ = layer_tables(model, date)
    return [write_atomic(folder / f"{table}.geojson", geojson_text(frame, kind, table).encode("utf-8"))
            for table, (_, frame, kind) in tables.items()]


def to_parquet(model: MapModel, folder: str | Path, *, date: str | None = None) -> list[Path]:
    """Write every layer (and the day's areas of control and front lines) as DIR/<table>.parquet:
    GeoParquet (pyarrow), columns typed as in the GeoPackage, each file written atomically."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables, _ = layer_tables(model, date)
    paths = []
    for table, (_, frame, kind) in tables.items():
        path = folder / f"{table}.parquet"
        with atomic_path(path, suffix=".part.parquet") as tmp:
            flat_frame(frame, kind).to_parquet(tmp, index=False)
        paths.append(path)
    return paths
