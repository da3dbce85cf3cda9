"""The control table (who held which place from which date) and its study area, checked.

A bad row is rejected with its reason, like a bad feature: the rest of the table is used.
"""
from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import InputError, Problem, ValidationError
from geo.read import read_raw, read_table_file, to_wgs84
from geo.schema import CONTESTED, RECORD_FIELDS
from geo.validate.fields import check_control, check_fields, without_rejected
from geo.validate.report import LayerReport


def check_control_table(path: Path, place_ids: Collection[str],
                        sides: Collection[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """The table typed, with every problem in it (unknown places and sides included), not raised."""
    table, problems = check_control(read_table_file(path), path.name, set(place_ids))
    for row, controller in enumerate(table["controller"]):
        if controller and controller not in sides and controller != CONTESTED:
            problems.append(Problem(path.name, f"row {row + 2}", "controller",
                                    "one of the scenario's sides (" + ", ".join(sorted(sides))
                                    + f") or {CONTESTED!r}",
                                    repr(controller), row=row))
    problems.sort(key=lambda p: p.row)
    return table, problems


def read_study_area(path: Path) -> BaseGeometry:
    """The study area's polygons as one valid geometry, EPSG:4326, read as any layer file is (any
    format, any file name); InputError when it holds no area."""
    raw = to_wgs84(read_raw(path), path, None)
    geoms = [g for g in raw.frame.geometry if g is not None and not g.is_empty]
    polygons = [shapely.make_valid(g) for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")]
    area = shapely.union_all(polygons) if polygons else None
    if area is None or area.is_empty or area.area == 0:
        found = f"{len(geoms)} features, none of them an area" if geoms else "no features"
        raise InputError(f"{path.name}: study area: expected one or more polygons, found {found}")
    return area


def read_control(path: Path | None, study_area: Path | None, place_ids: Collection[str],
                 sides: Collection[str]) -> tuple[pd.DataFrame | None, BaseGeometry | None, LayerReport | None]:
    """The control table without its rejected rows, the study area, and the table's report (each
    None where the scenario names none: given areas of control are then the only evidence)."""
    area = read_study_area(study_area) if study_area is not None else None
    if path is None:
        return None, area, None
    table, problems = check_control_table(path, place_ids, sides)
    report = LayerReport(path.name, len(table), problems, kept="used")
    return without_rejected(table, problems), area, report


def read_record(path: Path) -> pd.DataFrame:
    """The record to check derived statuses against (post_id, event, date, sources...), typed;
    ValidationError listing every problem."""
    table = read_table_file(path)
    problems: list[Problem] = []

    def problem(i: int, field: str, expected: str, found: str) -> None:
        problems.append(Problem(path.name, f"row {i + 2}", field, expected, found, row=i))

    clean = check_fields(table, RECORD_FIELDS, problem, path.name)
    if problems:
        raise ValidationError(problems)
    return pd.DataFrame(clean)
