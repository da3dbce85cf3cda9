"""Progress bars on the terminal for work that takes more than a second, silent otherwise.

Shown only when stderr is a terminal (tqdm's ``disable=None``), so logs, tests and notebooks
stay clean, and only after a second (``delay``), so quick reads print nothing.
"""
from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator, Sized, TypeVar

from tqdm import tqdm

T = TypeVar("T")
DELAY_S = 1.0
POLL_S = 0.2


def progress(items: Iterable[T] | Sized, weight: int = 1, desc: str = "", unit: str = "values") -> Iterator[T]:
    """Yield ``items``, advancing a bar by ``weight`` for each (e.g. rows done per field)."""
    items = list(items)
    with tqdm(total=len(items) * max(weight, 1), desc=desc, unit=unit, unit_scale=True, delay=DELAY_S,
              disable=None, leave=False, file=sys.stderr) as bar:
        for item in items:
            yield item
            bar.update(max(weight, 1))


@contextmanager
def reading(path: Path, stream: IO[str] | None = None) -> Iterator[None]:
    """A bar over the bytes of ``path`` read so far, while the body of the ``with`` reads it.

    GDAL and pandas read in C and report nothing, so a thread watches how far into the file the
    reader is (its file position, from /proc on Linux). Where that cannot be seen (a GeoPackage is
    read by SQLite at explicit offsets; other systems) the bar still shows the time spent. A
    reader that passes over the file twice (GDAL's GeoJSON: its fields, then its features) shows
    two passes.
    """
    size = path.stat().st_size
    with tqdm(total=size, desc=f"reading {path.name}", unit="B", unit_scale=True, delay=DELAY_S,
              disable=None, leave=False, file=stream or sys.stderr) as bar:
        if bar.disable:
            yield
            return
        done = threading.Event()
        watcher = threading.Thread(target=_watch, args=(path, bar, done), daemon=True)
        watcher.start()
        try:
            yield
        finally:
            done.set()
            watcher.join()


def _watch(path: Path, bar: tqdm, done: threading.Event) -> None:
    """Move ``bar`` to the reader's position in ``path`` until ``done``."""
    target = os.path.realpath(path)
    while not done.wait(POLL_S):
        position = read_position(target)
        bar.update(0 if position is None else position - bar.n)  # update(0) still shows the time


def read_position(target: str) -> int | None:
    """How far this process has read into the file ``target`` (a real path), if it can tell."""
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        return None
    positions = []
    for fd in descriptors:
        try:
            if os.readlink(f"/proc/self/fd/{fd}") != target:
                continue
            with open(f"/proc/self/fdinfo/{fd}", encoding="ascii") as info:
                positions += [int(line.split()[1]) for line in info if line.startswith("pos:")]
        except (OSError, ValueError, IndexError):
            continue  # closed meanwhile, or not ours to read
    return max(positions) if positions else None
