"""A scenario: a TOML file naming the layers, the title and the view of one map."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo.errors import InputError, Problem, ValidationError
from geo.read import read_checked, split_layer
from geo.schema import get_kind

DEFAULT_SCENARIO = Path("layers/idlib-2020/scenario.toml")


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a scenario: what to call it, which kind it is, where its file is."""

    name: str
    path: Path
    kind: str | None = None
    crs: str | None = None
    show: bool = True


@dataclass(frozen=True)
class Scenario:
    """What one map shows. ``bounds`` is (west, south, east, north) in degrees, or None to fit."""

    title: str
    layers: tuple[LayerSpec, ...]
    description: str = ""
    bounds: tuple[float, float, float, float] | None = None
    tiles: str = "openstreetmap"
    path: Path | None = None
    attribution: str = ""

    @property
    def slug(self) -> str:
        """The output file's stem: the scenario's folder name (layers/idlib-2020 → idlib-2020)."""
        if self.path is None:
            return "map"
        return self.path.parent.name if self.path.stem == "scenario" else self.path.stem

    def read_checked(self) -> tuple[dict[str, gpd.GeoDataFrame], list[Problem]]:
        """Every layer, normalised, and every problem in any of them."""
        frames, problems = {}, []
        for spec in self.layers:
            frame, found = read_checked(spec.path, spec.kind, crs=spec.crs)
            frame.attrs["show"] = spec.show
            frames[spec.name] = frame
            problems.extend(found)
        return frames, problems

    def read(self) -> dict[str, gpd.GeoDataFrame]:
        """Every layer as a validated GeoDataFrame, by layer name; ValidationError lists all problems."""
        frames, problems = self.read_checked()
        if problems:
            raise ValidationError(problems)
        return frames


def _require(table: dict, key: str, kind: type, where: str):
    value = table.get(key)
    if not isinstance(value, kind):
        found = "nothing" if value is None else repr(value)
        raise InputError(f"{where}: field '{key}': expected {kind.__name__}, found {found}")
    return value


def load_scenario(path: str | Path) -> Scenario:
    """Parse a scenario file; layer paths are taken relative to it."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path.name}: is not valid TOML ({exc})") from None
    where = path.name
    title = _require(data, "title", str, where)
    layers = []
    for number, entry in enumerate(_require(data, "layers", list, where), start=1):
        at = f"{where}: layers[{number}]"
        if not isinstance(entry, dict):
            raise InputError(f"{at}: expected a table with name and file, found {entry!r}")
        file_path, layer = split_layer(_require(entry, "file", str, at))
        kind = entry.get("kind")
        if kind is not None:
            try:
                get_kind(str(kind))
            except KeyError as exc:
                raise InputError(f"{at}: field 'kind': {exc.args[0]}") from None
        spec_path = path.parent / file_path
        layers.append(LayerSpec(
            name=_require(entry, "name", str, at),
            path=Path(f"{spec_path}:{layer}") if layer else spec_path,
            kind=kind, crs=entry.get("crs"), show=bool(entry.get("show", True))))
    view = data.get("view", {})
    bounds = view.get("bounds")
    if bounds is not None and (not isinstance(bounds, list) or len(bounds) != 4
                               or not all(isinstance(b, (int, float)) for b in bounds)):
        raise InputError(f"{where}: field 'view.bounds': expected [west, south, east, north], "
                         f"found {bounds!r}")
    return Scenario(
        title=title, layers=tuple(layers), description=str(data.get("description", "")),
        bounds=tuple(float(b) for b in bounds) if bounds else None,
        tiles=str(view.get("tiles", "openstreetmap")).lower(), path=path,
        attribution=str(data.get("attribution", "")))
