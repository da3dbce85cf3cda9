"""A folder of dated snapshots as one layer: one file per day, the date in each file's name.

Control trackers publish their maps this way: ``2020-02-07.geojson``, ``2020-02-08.geojson``…
(or ``20200207``, ``2020_02_07``; ``20_02_07`` when every file is named so), often with no
properties at all; the folder may be a symbolic link, and so may its files. Each file is read
with its own format's reader; every feature gets the file it came from and the file's date
(``SNAPSHOT_FILE``, ``SNAPSHOT_DATE``) and the date of the next snapshot (``SNAPSHOT_NEXT``,
empty for the last), so that the validate step can give each feature the span it stands for.
What the whole layer is (its side, its source) is said once, in the scenario's layer-level
``defaults``.
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
# 2020-02-07, 2020_02_07, 20200207 (or 2020.02.07), anywhere in the name (not inside a longer run
# of digits), the same separator twice
_DATE = re.compile(r"(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)")
# 20_02_07: read as YY_MM_DD (2020-02-07) only when every file of the folder is named so
_SHORT_DATE = re.compile(r"(?<!\d)(\d{2})_(\d{2})_(\d{2})(?!\d)")
CENTURY = 2000


def date_in_name(name: str) -> dt.date | None:
    """The calendar date a file's name carries (with a four-digit year), or None."""
    for match in _DATE.finditer(name):
        try:
            return dt.date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        except ValueError:
            continue
    return None


def short_date_in_name(name: str) -> dt.date | None:
    """The date of a name in the form YY_MM_DD ('20_02_07' → 2020-02-07), or None."""
    for match in _SHORT_DATE.finditer(name):
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(CENTURY + year, month, day)
        except ValueError:
            continue
    return None


def _layer_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The folder's files of a layer format, symbolic links to files included (a link that leads
    nowhere too, so that reading it says so)."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes
                  and (p.is_file() or (p.is_symlink() and not p.is_dir())))


def _dated(folder: Path, files: list[Path]) -> tuple[list[tuple[dt.date, Path]], str | None]:
    """Each file with the date its name carries, and a note when the names are read as YY_MM_DD.

    A four-digit year is read wherever it is; YY_MM_DD only when every file is named that way
    (one form for the whole folder: a mix of forms could hide a misread).
    """
    long = [date_in_name(path.name) for path in files]
    if all(long):
        return list(zip(long, files)), None
    short = [short_date_in_name(path.name) for path in files]
    if not any(long) and all(short):
        return list(zip(short, files)), (f"read the dates in the file names as YY_MM_DD ({files[0].name}: "
                                         f"{short[0].isoformat()})")
    undated = [path.name for path, day in zip(files, long) if day is None]
    hint = ("; a YY_MM_DD name (20_02_07) is read only when every file is named so"
            if any(short) else "")
    raise InputError(f"{folder}: expected a date (YYYY-MM-DD or YYYYMMDD) in the name of every "
                     f"file of a folder of snapshots, found none in {', '.join(undated[:5])}{hint}")


def snapshots(folder: Path, suffixes: tuple[str, ...], notes: list[str] | None = None) -> list[tuple[dt.date, Path]]:
    """The folder's layer files by date; InputError naming what is wrong with the folder. How the
    dates were read, when that needs saying, goes to ``notes``."""
    files = _layer_files(folder, suffixes)
    if not files:
        raise InputError(f"{folder}: is a folder with no layer files ({', '.join(suffixes)}); "
                         "a folder of snapshots needs one file per day, e.g. 2020-02-07.geojson")
    dated, note = _dated(folder, files)
    if note and notes is not None:
        notes.append(note)
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
    how: list[str] = []
    found = snapshots(folder, suffixes, how)
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
    notes[1:1] = how
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=crs)
    return RawRead(frame, problems, hints.pop() if len(hints) == 1 else None, tuple(notes))
