"""GeoJSON, GeoPackage and Shapefile through pyogrio."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
from pyogrio.errors import DataSourceError, DataLayerError

from geo.errors import InputError

SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")


def read_vector(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """The file's features as read, CRS as declared by the file (None when it declares none)."""
    if path.suffix.lower() == ".gpkg" and layer is None:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        if len(layers) > 1:
            raise InputError(
                f"{path.name}: holds {len(layers)} layers ({', '.join(layers)}); "
                "name the one to read (layer='...', or 'file.gpkg:layer' on the command line)")
    try:
        return pyogrio.read_dataframe(path, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(f"{path.name}: cannot be read as {path.suffix} ({_first_line(exc)})") from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
