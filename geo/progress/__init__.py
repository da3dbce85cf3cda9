"""Progress bars on the terminal for work that takes more than a second, silent otherwise.

Shown only when stderr is a terminal (tqdm's ``disable=None``), so logs, tests and notebooks
stay clean, and only after a second (``delay``), so quick reads print nothing.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
DELAY_S = 1.0
WATCH_BYTES = 4_000_000  # smaller files read in well under a second
WATCHER = Path(__file__).with_name("watch.py")  # run as a script: no geo import, starts in ms


def progress(items: Iterable[T] | Sized, weight: int = 1, desc: str = "", unit: str = "values") -> Iterator[T]:
    """Yield ``items``, advancing a bar by ``weight`` for each (e.g. rows done per field)."""
    items = list(items)
    if not sys.stderr.isatty():  # what tqdm's disable=None decides, without importing it
        yield from items
        return
    from tqdm import tqdm

    with tqdm(total=len(items) * max(weight, 1), desc=desc, unit=unit, unit_scale=True, delay=DELAY_S,
              disable=None, leave=False, file=sys.stderr) as bar:
        for item in items:
            yield item
            bar.update(max(weight, 1))


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """A bar over the bytes of ``path`` read so far, while the body of the ``with`` reads it.

    GDAL and pandas read in C, holding the interpreter, and report nothing; so a small process of
    its own (``geo/progress/watch.py``) watches how far into the file this one has got (its file
    position, from /proc on Linux) and draws the bar. Only on a terminal, and only for files big
    enough to take a while.
    """
    size = path.stat().st_size
    if size < WATCH_BYTES or not _on_terminal():
        yield
        return
    watcher = subprocess.Popen([sys.executable, str(WATCHER), str(os.getpid()), str(path), str(size)],
                               stdin=subprocess.PIPE)
    try:
        yield
    finally:
        watcher.stdin.close()  # its signal to clear the bar and stop
        try:
            watcher.wait(timeout=5)
        except subprocess.TimeoutExpired:
            watcher.kill()


def _on_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False
