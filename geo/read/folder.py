"""A folder of dated snapshots as one layer: one file per day, the date in each file's name.

Control trackers publish their maps this way: ``2020-02-07.geojson``, ``2020-02-08.geojson``…,
often with no properties at all. Each file is read with its own format's reader; every feature
gets the file it came from and the file's date (``SNAPSHOT_FILE``, ``SNAPSHOT_DATE``) and the
date of the next snapshot (``SNAPSHOT_NEXT``, empty for the last), so that the validate step can
give each feature the span it stands for. What the whole layer is (its side, its source) is
said once, in the scenario's layer-level ``defaults``.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import InputError
from geo.read.raw import RawRead, ReadOptions

SNAPSHOT_FILE, SNAPSHOT_DATE, SNAPSHOT_NEXT = "snapshot_file", "snapshot_date", "snapshot_next"
# 2020-02-07, 2020_02_07, 20200207, anywhere in the name (not inside a longer run of digits)
_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


def date_in_name(name: str) -> dt.date | None:
    """The calendar date a file's name carries, or None."""
    for match in _DATE.finditer(name):
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
    return None


def snapshots(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[dt.date, Path]]:
    """The folder's layer files by date; InputError naming what is wrong with the folder."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    if not files:
        raise InputError(f"{folder}: is a folder with no layer files ({', '.join(suffixes)}); "
                         "a folder of snapshots needs one file per day, e.g. 2020-02-07.geojson")
    dated, undated = [], []
    for path in files:
        day = date_in_name(path.name)
        (dated.append((day, path)) if day else undated.append(path.name))
    if undated:
        raise InputError(f"{folder}: expected a date (YYYY-MM-DD or YYYYMMDD) in the name of every "
                         f"file of a folder of snapshots, found none in {', '.join(undated[:5])}")
    days: dict[dt.date, str] = {}
    for day, path in dated:
        if day in days:
            raise InputError(f"{folder}: expected one snapshot per date, found two for {day}: "
                             f"{days[day]} and {path.name}")
        days[day] = path.name
    return sorted(dated)


def read_folder(folder: Path, options: ReadOptions, suffixes: tuple[str, ...],
                read_file: Callable[[Path, ReadOptions], RawRead]) -> RawRead:
    """Every snapshot of the folder, one after the other, each feature with its file and dates."""
    found = snapshots(folder, suffixes)
    reads = [read_file(path, options) for _, path in found]
    crs = next((r.frame.crs for r in reads if r.frame.crs is not None), None)
    frames, problems, notes, at = [], {}, [], 0
    for n, ((day, path), read) in enumerate(zip(found, reads)):
        frame = read.frame
        if crs is not None:  # snapshots in another CRS than the first are brought to it
            frame = frame.set_crs(crs) if frame.crs is None else frame.to_crs(crs)
        following = found[n + 1][0].isoformat() if n + 1 < len(found) else ""
        frames.append(frame.assign(**{SNAPSHOT_FILE: path.name, SNAPSHOT_DATE: day.isoformat(),
                                      SNAPSHOT_NEXT: following}))
        problems.update({at + row: found_ for row, found_ in read.problems.items()})
        notes.extend(f"{path.name}: {note}" for note in read.notes)
        at += len(frame)
    hints = {r.crs_hint for r in reads} - {None}
    notes.insert(0, f"read {len(found)} snapshots dated {found[0][0]} – {found[-1][0]} from the folder "
                    f"{folder.name}; each stands from its date until the next one's")
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=crs)
    return RawRead(frame, problems, hints.pop() if len(hints) == 1 else None, tuple(notes))
