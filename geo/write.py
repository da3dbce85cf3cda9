"""Writing output files atomically: a crash never leaves a half-written file behind."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import folium

from geo.errors import GeoError


@contextmanager
def atomic_path(path: str | Path, suffix: str = ".part") -> Iterator[Path]:
    """A temporary path beside ``path`` for the body of the ``with`` to write; then flushed to
    disk and renamed into place. If the body fails, the temporary file and any SQLite journal
    beside it are removed and ``path`` is left as it was. ``suffix`` ends the temporary name
    (a GeoPackage wants '.part.gpkg')."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the output from other users
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, *(Path(f"{tmp}-{end}") for end in ("journal", "wal", "shm"))):
            leftover.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see atomic_path)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


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
