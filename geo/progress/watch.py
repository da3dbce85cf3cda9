"""Run by ``geo.progress.reading`` as a script: a bar over how far process PID has read into FILE.

    python geo/progress/watch.py PID FILE SIZE

It stops, clearing its line, when its stdin closes (the read is done, or the reader died). Kept
apart from the rest of geo (run by its path, it imports only tqdm), so that it starts in milliseconds.
"""
from __future__ import annotations

import os
import select
import sys

from tqdm import tqdm

DELAY_S = 1.0  # as geo.progress: nothing shows for a read that takes less
POLL_S = 0.2


def read_position(pid: int, target: str) -> int | None:
    """How far process ``pid`` has read into the file ``target`` (a real path), if one can tell."""
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None  # not Linux, or gone
    positions = []
    for fd in descriptors:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") != target:
                continue
            with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as info:
                positions += [int(line.split()[1]) for line in info if line.startswith("pos:")]
        except (OSError, ValueError, IndexError):
            continue  # closed meanwhile
    return max(positions) if positions else None


def watch(pid: int, path: str, size: int) -> None:
    """Move the bar to the reader's position until stdin closes; where it cannot be seen (SQLite
    reads a GeoPackage at explicit offsets) the bar still counts the time. A reader that passes
    over the file twice (GDAL's GeoJSON: its fields, then its features) shows two passes."""
    target = os.path.realpath(path)
    with tqdm(total=size, desc=f"reading {os.path.basename(path)}", unit="B", unit_scale=True,
              delay=DELAY_S, leave=False, file=sys.stderr) as bar:
        while not select.select([sys.stdin], [], [], POLL_S)[0]:
            position = read_position(pid, target)
            bar.update(0 if position is None else position - bar.n)  # update(0) still shows the time


if __name__ == "__main__":
    try:
        watch(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
    except KeyboardInterrupt:  # Ctrl+C reaches the whole process group: the reader reports it
        pass
