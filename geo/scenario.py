"""A scenario: a TOML file naming the layers, the title, the view, dates and sides of one map."""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo import examples
from geo.errors import InputError
from geo.layer import Layer
from geo.read import split_layer
from geo.schema import get_kind
from geo.validate import LayerReport, raise_rejects, read_checked
from geo.values import BadValue, to_date, to_sources


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a scenario: what to call it, which kind it is, where its file is."""

    name: str
    path: Path
    kind: str | None = None
    crs: str | None = None
    encoding: str | None = None
    show: bool = True
    # values of any field for the features that have none of their own (a tracker's snapshots)
    defaults: dict = field(default_factory=dict, compare=False)
    color_by: str | None = None  # a large point layer's colours follow this column
    columnar: bool | None = None  # drawn as compressed columns on a canvas (None: when large)


@dataclass(frozen=True)
class Side:
    """A party that can hold places, and the operators whose posts it surrounds."""

    id: str
    label: str
    colour: str
    hostile_to: tuple[str, ...] = ()
    allied_to: tuple[str, ...] = ()  # whom a point of view on this side sees as friends
    aliases: tuple[str, ...] = ()  # other names data gives it (a post's operator, a unit's side)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.label, *self.aliases)


@dataclass(frozen=True)
class ControlSpec:
    """Where the control-changes table and the study area are, and who the sides are."""

    path: Path
    study_area: Path
    sides: tuple[Side, ...]
    # how far an estimated area reaches from the nearest reporting place; None: the whole study area
    reach_km: float | None = 15.0

    @property
    def hostile(self) -> dict[str, tuple[str, ...]]:
        return {side.id: side.hostile_to for side in self.sides}


@dataclass(frozen=True)
class CorridorSpec:
    """A zone computed as a buffer of a route, e.g. the M4 security corridor."""

    id: str
    name: str
    route: str
    width_km: float
    in_force_from: str
    description: str
    sources: tuple[dict, ...]


@dataclass(frozen=True)
class TimeSpec:
    """The dates the date control spans and opens on; events show for ``event_days`` after their date."""

    start: str
    end: str
    default: str
    event_days: int = 7


@dataclass(frozen=True)
class Scenario:
    """What one map shows. ``bounds`` is (west, south, east, north) in degrees, or None to fit."""

    title: str
    layers: tuple[LayerSpec, ...]
    description: str = ""
    bounds: tuple[float, float, float, float] | None = None
    tiles: str = "openstreetmap"
    metric_crs: str | None = None  # for metres and km²; default: the UTM zone of the data
    record: Path | None = None  # reported encirclement dates to check derived statuses against
    basemap: Path | None = None  # a folder with an offline basemap (layers/make_basemap.py)
    path: Path | None = None
    attribution: str = ""
    time: TimeSpec | None = None
    control: ControlSpec | None = None
    corridors: tuple[CorridorSpec, ...] = ()
    # Parties that hold no land but have posts or units (a foreign army); sides are parties too.
    parties: tuple[Side, ...] = ()
    viewpoint: str | None = None  # whose point of view military symbols take; None: neutral

    @property
    def all_parties(self) -> tuple[Side, ...]:
        """The control sides, then the other parties: everyone a point of view can be taken from."""
        return (self.control.sides if self.control else ()) + self.parties

    @property
    def slug(self) -> str:
        """The output file's stem: the scenario's folder name (layers/idlib-2020 → idlib-2020)."""
        if self.path is None:
            return "map"
        return self.path.parent.name if self.path.stem == "scenario" else self.path.stem

    def read_checked(self, swap_latlon: bool = False) -> tuple[list[Layer], list[LayerReport]]:
        """Every layer's drawable features, normalised, and a report per layer of what was
        repaired and rejected. Swapped coordinates are judged against the scenario's view."""
        layers, reports = [], []
        known = ({"controller": ("one of the scenario's sides", {side.id for side in self.control.sides})}
                 if self.control else None)
        for spec in self.layers:
            layer, report = read_checked(spec.path, spec.kind, crs=spec.crs, encoding=spec.encoding,
                                         region=self.bounds, swap_latlon=swap_latlon, name=spec.name,
                                         show=spec.show, defaults=spec.defaults, known=known)
            layers.append(dataclasses.replace(layer, color_by=spec.color_by, columnar=spec.columnar))
            reports.append(report)
        return layers, reports

    def read(self, strict: bool = True, swap_latlon: bool = False) -> dict[str, gpd.GeoDataFrame]:
        """Every layer as a validated GeoDataFrame, by layer name.

        Strict (the default): ValidationError lists every rejected feature of every layer. Not
        strict: the features that can be drawn (``read_checked`` also gives the reports).
        """
        layers, reports = self.read_checked(swap_latlon)
        if strict:
            raise_rejects(reports)
        return {layer.name: layer.frame for layer in layers}


def _require(table: dict, key: str, kind: type, where: str):
    value = table.get(key)
    if not isinstance(value, kind):
        found = "nothing" if value is None else repr(value)
        raise InputError(f"{where}: field '{key}': expected {kind.__name__}, found {found}")
    return value


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Parse a scenario file (default: the shipped Idlib case study); layer paths are relative to it."""
    path = Path(path) if path is not None else examples.idlib_2020()
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
        name = _require(entry, "name", str, at)
        first = next((n for n, spec in enumerate(layers, start=1) if spec.name == name), None)
        if first is not None:
            raise InputError(f"{at}: field 'name': expected a name of its own, found {name!r}, already the "
                             f"name of layers[{first}]; each layer needs its own name (the map shows them by name)")
        defaults = entry.get("defaults", {})
        if not isinstance(defaults, dict):
            raise InputError(f"{at}: field 'defaults': expected a table of field = value, found {defaults!r}")
        color_by, columnar = entry.get("color_by"), entry.get("columnar")
        if color_by is not None and not isinstance(color_by, str):
            raise InputError(f"{at}: field 'color_by': expected a column name, found {color_by!r}")
        if columnar is not None and not isinstance(columnar, bool):
            raise InputError(f"{at}: field 'columnar': expected true or false, found {columnar!r}")
        layers.append(LayerSpec(
            name=name,
            path=Path(f"{spec_path}:{layer}") if layer else spec_path,
            kind=kind, crs=entry.get("crs"), encoding=entry.get("encoding"),
            show=bool(entry.get("show", True)), defaults=defaults, color_by=color_by, columnar=columnar))
    time = _time(data.get("time"), where)
    control = _control(data.get("control"), path, where)
    corridors = tuple(_corridor(entry, f"{where}: corridors[{n}]")
                      for n, entry in enumerate(data.get("corridors", []), start=1))
    parties = tuple(_party(entry, f"{where}: parties[{n}]")
                    for n, entry in enumerate(data.get("parties", []), start=1))
    viewpoint = _viewpoint(data.get("viewpoint"), (control.sides if control else ()) + parties, where)
    view = data.get("view", {})
    bounds = view.get("bounds")
    if bounds is not None and (not isinstance(bounds, list) or len(bounds) != 4
                               or not all(isinstance(b, (int, float)) for b in bounds)):
        raise InputError(f"{where}: field 'view.bounds': expected [west, south, east, north], "
                         f"found {bounds!r}")
    metric_crs = view.get("metric_crs")
    if metric_crs is not None:
        try:
            CRS.from_user_input(metric_crs)
        except CRSError as exc:
            raise InputError(f"{where}: field 'view.metric_crs': expected a CRS such as EPSG:32637, "
                             f"found {metric_crs!r} ({exc})") from None
    return Scenario(
        title=title, layers=tuple(layers), description=str(data.get("description", "")),
        bounds=tuple(float(b) for b in bounds) if bounds else None,
        tiles=str(view.get("tiles", "openstreetmap")).lower(), metric_crs=metric_crs, path=path,
        record=path.parent / _require(data, "record", str, where) if "record" in data else None,
        basemap=path.parent / _require(view, "basemap", str, f"{where}: [view]") if "basemap" in view else None,
        attribution=str(data.get("attribution", "")), time=time, control=control,
        corridors=corridors, parties=parties, viewpoint=viewpoint)


def _date(table: dict, key: str, where: str) -> str:
    value = _require(table, key, str, where)
    try:
        return to_date(value)
    except BadValue as bad:
        raise InputError(f"{where}: field '{key}': expected {bad.expected}, found {bad.found}") from None


def _time(table: dict | None, where: str) -> TimeSpec | None:
    if table is None:
        return None
    where = f"{where}: [time]"
    start, end = _date(table, "start", where), _date(table, "end", where)
    default = _date(table, "default", where) if "default" in table else end
    if not (start <= default <= end):
        raise InputError(f"{where}: expected start <= default <= end, found {start}, {default}, {end}")
    return TimeSpec(start, end, default, int(table.get("event_days", 7)))


def _control(table: dict | None, path: Path, where: str) -> ControlSpec | None:
    if table is None:
        return None
    where = f"{where}: [control]"
    sides = []
    for n, side in enumerate(_require(table, "sides", list, where), start=1):
        at = f"{where} sides[{n}]"
        sides.append(_party(side, at))
    reach = table.get("reach_km", 15.0)
    if reach is not False and (not isinstance(reach, (int, float)) or isinstance(reach, bool) or reach <= 0):
        raise InputError(f"{where}: field 'reach_km': expected a number of km > 0 (or false: the whole "
                         f"study area), found {reach!r}")
    return ControlSpec(path.parent / _require(table, "file", str, where),
                       path.parent / _require(table, "study_area", str, where), tuple(sides),
                       float(reach) if reach is not False else None)


def _names(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: field '{key}': expected a list of names, found {value!r}")
    return tuple(value)


def _party(table: dict, where: str) -> Side:
    """A side or party: id, label, colour, and whom it is hostile to or allied with."""
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table with id, label and colour, found {table!r}")
    return Side(_require(table, "id", str, where), _require(table, "label", str, where),
                _require(table, "colour", str, where), _names(table, "hostile_to", where),
                _names(table, "allied_to", where), _names(table, "aliases", where))


def _viewpoint(value, parties: tuple[Side, ...], where: str) -> str | None:
    """The id of the party a scenario's (or --viewpoint's) point of view is, or None (neutral)."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "neutral", "none")):
        return None
    for party in parties:
        if isinstance(value, str) and value.strip().lower() in (n.lower() for n in party.names):
            return party.id
    known = ", ".join(repr(p.id) for p in parties) or "none: the scenario names no sides or parties"
    raise InputError(f"{where}: field 'viewpoint': expected 'neutral' or a side or party of the scenario "
                     f"({known}), found {value!r}")


def with_viewpoint(scenario: Scenario, value: str | None) -> Scenario:
    """The scenario seen from ``value`` (a side or party's id, label or alias; 'neutral')."""
    where = scenario.path.name if scenario.path else "scenario"
    return dataclasses.replace(scenario, viewpoint=_viewpoint(value, scenario.all_parties, f"{where} (--viewpoint)"))


def _corridor(table: dict, where: str) -> CorridorSpec:
    width = table.get("width_km")
    if not isinstance(width, (int, float)) or width <= 0:
        raise InputError(f"{where}: field 'width_km': expected a number > 0, found {width!r}")
    sources, problems = to_sources(table.get("sources", []))
    if problems:
        sub, expected, found = problems[0]
        raise InputError(f"{where}: field '{sub}': expected {expected}, found {found}")
    return CorridorSpec(_require(table, "id", str, where), _require(table, "name", str, where),
                        _require(table, "route", str, where), float(width),
                        _date(table, "in_force_from", where), str(table.get("description", "")),
                        tuple(sources))
