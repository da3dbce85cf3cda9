"""User-facing errors: each says which file, which feature, which field, what was expected and found."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one feature (or with a whole file, when feature is '').

    A problem either rejects its feature (``repair`` empty: the feature is left off the map) or
    was repaired (``repair`` says how: the feature is drawn, repaired). ``row`` is the feature's
    0-based position in its file, so that the rejected ones can be set aside, not lost.
    """

    source: str
    feature: str
    field: str
    expected: str
    found: str
    repair: str = ""
    row: int | None = dataclasses.field(default=None, compare=False)

    @property
    def rejected(self) -> bool:
        return not self.repair

    def __str__(self) -> str:
        where = f"{self.source}: feature {self.feature}" if self.feature else self.source
        text = f"{where}: field '{self.field}': expected {self.expected}, found {self.found}"
        return f"{text}; repaired: {self.repair}" if self.repair else text


class GeoError(Exception):
    """An error the user can fix; its text is meant to be shown as is, without a traceback."""


class InputError(GeoError):
    """A file cannot be read at all (missing, unreadable, unknown kind, no CRS...)."""


class ValidationError(GeoError):
    """Features break the schema; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        return "\n".join([head, *(str(p) for p in self.problems)])
