"""Drawn military symbols kept on disk between runs: milsymbol loads its whole catalogue (~1.5 s)
before it draws the first symbol, while a map draws a few dozen distinct ones that rarely change.

One JSON file per version of the drawing — named by a hash of milsymbol's version and of the
drawing module's own source — under the user's cache folder (``$GEO_CACHE_DIR``, else
``$XDG_CACHE_HOME/geo``, else ``~/.cache/geo``; ``GEO_CACHE_DIR=off`` turns it off). A changed
drawing reads a new file, so a stale drawing is never used; the cached text is what ``_draw``
returned, so the page's bytes are the same with or without it. A cache that cannot be read or
written is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path


def cache_folder() -> Path | None:
    """Where geo keeps its cache (None: turned off)."""
    chosen = os.environ.get("GEO_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geo"


class SymbolCache:
    """Drawings by key (a spec's JSON text), read once from disk and written back when one is added."""

    def __init__(self, source: Path) -> None:
        self._source = source
        self._path: Path | None = None
        self._entries: dict[str, list] | None = None

    def _load(self) -> dict[str, list]:
        if self._entries is None:
            self._entries = {}
            folder = cache_folder()
            if folder is not None:
                try:
                    version = metadata.version("milsymbol")
                except metadata.PackageNotFoundError:
                    version = "unknown"
                digest = hashlib.sha256(version.encode() + b"\0" + self._source.read_bytes()).hexdigest()[:16]
                self._path = folder / f"symbols-{digest}.json"
                try:
                    self._entries = json.loads(self._path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    self._entries = {}
        return self._entries

    def get(self, key: str) -> list | None:
        entry = self._load().get(key)
        return entry if isinstance(entry, list) else None

    def put(self, key: str, value: list) -> None:
        """Keep ``value`` and write the file again (atomically: a reader never sees half of it)."""
        entries = self._load()
        entries[key] = value
        if self._path is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self._path.parent, delete=False,
                                             suffix=".tmp") as out:
                json.dump(entries, out, sort_keys=True)
            os.replace(out.name, self._path)
        except OSError:
            pass
