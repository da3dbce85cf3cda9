"""What happened to each input feature: drawn as it was, drawn repaired, or rejected, and why.

Every feature read is accounted for: ``drawn + rejected == read`` for every file. The rejected
features' raw records are kept, so a rejects file loses nothing the input had.
"""
from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geo.errors import Problem, ValidationError

REJECT_COLUMNS = ["file", "feature", "row", "outcome", "field", "expected", "found", "repair", "record"]


@dataclass
class LayerReport:
    """The outcome of reading one input file."""

    source: str
    read: int
    problems: list[Problem] = field(default_factory=list)
    records: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False)  # rejected rows, raw
    kept: str = "drawn"  # what happens to a feature not rejected: drawn (a layer), used (a table)
    notes: tuple[str, ...] = ()  # what the reader noticed (a separator, decimal commas, no rows)
    gaps: dict[str, int] = field(default_factory=dict)  # features drawn lacking something: {'no source given': 3}

    @property
    def rejected_rows(self) -> set[int]:
        return {p.row for p in self.problems if p.rejected and p.row is not None}

    @property
    def repaired_rows(self) -> set[int]:
        return {p.row for p in self.problems if not p.rejected and p.row is not None} - self.rejected_rows

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    @property
    def repaired(self) -> int:
        return len(self.repaired_rows)

    @property
    def drawn(self) -> int:
        return self.read - self.rejected

    @property
    def rejects(self) -> list[Problem]:
        return [p for p in self.problems if p.rejected]

    def summary(self) -> str:
        lacking = ("; drawn as given: " + ", ".join(f"{n} with {words}" for words, n in self.gaps.items())
                   if self.gaps else "")
        return (f"{self.source}: {self.read} read, {self.drawn} {self.kept} ({self.repaired} repaired), "
                f"{self.rejected} rejected{lacking}")

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(f"  note: {n}" for n in self.notes), *(f"  {p}" for p in self.problems)])


def raise_rejects(reports: Iterable[LayerReport]) -> None:
    """ValidationError listing every rejected feature of every report, if there is any."""
    rejects = [p for report in reports for p in report.rejects]
    if rejects:
        raise ValidationError(rejects)


def _plain(value: Any) -> Any:
    """A raw cell as JSON can hold it (geometry as WKT, NaN as None)."""
    if hasattr(value, "wkt"):
        return value.wkt
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    return value


def raw_record(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in row.items()}


def rejects_table(reports: Iterable[LayerReport]) -> pd.DataFrame:
    """One row per problem (rejected and repaired), with each rejected feature's raw record as JSON."""
    rows = []
    for report in reports:
        for p in report.problems:
            record = report.records.get(p.row) if p.rejected else None
            rows.append({
                "file": p.source, "feature": p.feature, "row": "" if p.row is None else p.row + 1,
                "outcome": "rejected" if p.rejected else "repaired", "field": p.field,
                "expected": p.expected, "found": p.found, "repair": p.repair,
                "record": "" if record is None else json.dumps(record, ensure_ascii=False, default=str,
                                                               sort_keys=True)})
    return pd.DataFrame(rows, columns=REJECT_COLUMNS)


class RejectedFeaturesWarning(UserWarning):
    """Features that could not be drawn were left off the map (the map's reports say why)."""


def warn_rejects(reports: Iterable[LayerReport], stacklevel: int = 3) -> None:
    """A warning (shown in Jupyter) naming what was left off the map, when anything was."""
    rejected = [p for r in reports for p in r.rejects]
    if rejected:
        warnings.warn("some features were rejected and are not on the map:\n" + "\n".join(
            str(p) for p in rejected), RejectedFeaturesWarning, stacklevel=stacklevel)
