"""A progress bar on the terminal for work that takes more than a second, silent otherwise.

Shown only when stderr is a terminal (tqdm's ``disable=None``), so logs, tests and notebooks
stay clean, and only after a second (``delay``), so quick reads print nothing.
"""
from __future__ import annotations

import sys
from typing import Iterable, Iterator, Sized, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T] | Sized, weight: int = 1, desc: str = "", unit: str = "values") -> Iterator[T]:
    """Yield ``items``, advancing a bar by ``weight`` for each (e.g. rows done per field)."""
    items = list(items)
    with tqdm(total=len(items) * max(weight, 1), desc=desc, unit=unit, unit_scale=True, delay=1.0,
              disable=None, leave=False, file=sys.stderr) as bar:
        for item in items:
            yield item
            bar.update(max(weight, 1))
