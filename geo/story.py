"""A story: a briefing in dated steps (a scenario's ``[[story]]`` tables), checked as data.

Each step says which day the map shows, what it looks at (``bounds``, or ``center`` and ``zoom``),
which of the scenario's layers are on, and what it means (title, caption, sources). The page, its
permalink and ``geo export --story`` all read these values; nothing about a step is decided twice.
"""
from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from geo.errors import InputError
from geo.settings import checked
from geo.values import to_sources


@dataclass(frozen=True)
class StoryStep:
    """One step of a story. ``layers``: only those of the scenario's layers are shown (None: those the
    map opens with); the derived areas and fronts and the basemap are left as they are.
    ``since``: the step shows what changed since that day (compare mode, when the page has it)."""

    number: int  # from 1, as messages and the permalink (#step=2) name it
    date: str
    title: str = ""
    caption: str = ""
    sources: tuple[dict, ...] = ()
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    center: tuple[float, float] | None = None  # lat, lon (with zoom)
    zoom: float | None = None
    layers: tuple[str, ...] | None = None
    since: str | None = None

    @property
    def slug(self) -> str:
        """A file name for the step: its title (or date) in lower-case words joined by hyphens."""
        words = "".join(c.lower() if c.isalnum() else " " for c in (self.title or self.date)).split()
        return "-".join(words)[:60].strip("-") or f"step-{self.number}"


def story_steps(entries: Sequence[dict], where: str, span: tuple[str, str] | None,
                layer_names: Sequence[str]) -> tuple[StoryStep, ...]:
    """The ``[[story]]`` entries as steps; InputError naming the file, the step (story[2]) and the field
    for any key, date, view or layer name that is not right. ``span`` is the [time] section's
    (start, end): a story needs one, as its steps are days of the date control."""
    if entries and span is None:
        raise InputError(f"{where}: story[1]: field 'date': a story needs a [time] section (start, end) "
                         "for its steps' dates, found none")
    return tuple(_step(entry, number, f"{where}: story[{number}]", span, layer_names)
                 for number, entry in enumerate(entries, start=1))


def _step(entry: dict, number: int, where: str, span: tuple[str, str], layer_names: Sequence[str]) -> StoryStep:
    step = checked(entry, "story", where)
    start, end = span
    date = step["date"]
    if not start <= date <= end:
        raise InputError(f"{where}: field 'date': expected a day from {start} to {end} (the [time] section's), "
                         f"found {date}")
    since = step.get("since")
    if since is not None and not start <= since < date:
        raise InputError(f"{where}: field 'since': expected a day before the step's date {date} and not before "
                         f"{start}, found {since}")
    if "bounds" in step and ("center" in step or "zoom" in step):
        raise InputError(f"{where}: field 'bounds': expected either bounds or center and zoom, found both")
    if ("center" in step) != ("zoom" in step):
        given, missing = ("center", "zoom") if "center" in step else ("zoom", "center")
        raise InputError(f"{where}: field '{missing}': expected a value with '{given}', found nothing")
    layers = step.get("layers")
    for name in layers or ():
        if name not in layer_names:
            near = difflib.get_close_matches(name, list(layer_names), n=1, cutoff=0.5)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise InputError(f"{where}: field 'layers': expected names of the scenario's layers "
                             f"({', '.join(map(repr, layer_names))}), found {name!r}{hint}")
    sources, problems = to_sources(step["sources"]) if "sources" in step else ([], [])
    if problems:
        sub, expected, found = problems[0]
        raise InputError(f"{where}: field '{sub}': expected {expected}, found {found}")
    return StoryStep(number=number, date=date, title=step.get("title", ""), caption=step.get("caption", ""),
                     sources=tuple(sources), bounds=step.get("bounds"), center=step.get("center"),
                     zoom=step.get("zoom"), layers=layers, since=since)
