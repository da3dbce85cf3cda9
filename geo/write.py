"""Writing output files atomically: a crash never leaves a half-written file behind."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import folium

from geo.errors import GeoError


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def to_html(m: folium.Map) -> str:
    """The map's complete HTML page."""
    return m.get_root().render()


def save_html(m: folium.Map, path: str | Path) -> Path:
    """Save a map built by geo as one self-contained HTML file, atomically."""
    from geo.render import SituationMap

    if not isinstance(m, SituationMap):
        raise GeoError("only maps made by geo (geo.situation_map / geo.explore) can be saved "
                       "self-contained; a plain folium.Map links its scripts from a CDN")
    return write_atomic(path, to_html(m).encode("utf-8"))
