"""A scenario: a TOML file naming the layers, the title, the view, dates and sides of one map."""
from __future__ import annotations

import dataclasses
import difflib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo import examples
from geo.errors import InputError
from geo.layer import Layer, Look
from geo.read import split_layer
from geo.schema import get_kind
from geo.validate import LayerReport, check_frame, layer_name, raise_rejects, read_checked
from geo.values import BadValue, to_date, to_sources


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a scenario: what to call it, which kind it is, where its file is (or the
    GeoDataFrame itself: files, folders and frames all go the same way)."""

    name: str
    path: Path | None
    kind: str | None = None
    crs: str | None = None
    encoding: str | None = None
    show: bool = True
    # values of any field for the features that have none of their own (a tracker's snapshots)
    defaults: dict = field(default_factory=dict, compare=False)
    color_by: str | None = None  # a large point layer's colours follow this column
    columnar: bool | None = None  # drawn as compressed columns on a canvas (None: when large)
    columns: dict = field(default_factory=dict, compare=False)  # field → the file's column
    frame: gpd.GeoDataFrame | None = field(default=None, compare=False, repr=False)  # instead of a file
    look: Look = field(default_factory=Look)
    date_format: str | None = None  # how its dates are written when their order is not clear ('%m/%d/%Y')

    @property
    def label(self) -> str:
        """How messages name the layer's input: its file, or its name for a GeoDataFrame."""
        return self.path.name if self.path is not None else self.name


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

    path: Path | None  # the control table (None: no point reports, only given areas)
    study_area: Path | None  # None: wherever the evidence reaches
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
    strict: bool = False  # publication rules: a feature lacking a source, confidence or precision is rejected

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

    def read_checked(self, swap_latlon: bool = False, strict: bool = False) -> tuple[list[Layer], list[LayerReport]]:
        """Every layer's drawable features, normalised, and a report per layer of what was
        repaired and rejected. Swapped coordinates are judged against the scenario's view.
        ``strict`` (or the scenario's own ``strict``): publication rules."""
        layers, reports = [], []
        # a zone's controller: one of the sides, by id, label or alias (a KML style's 'ru')
        sides = {n.strip().lower(): side.id for side in (self.control.sides if self.control else ())
                 for n in side.names}
        known = {"controller": ("one of the scenario's sides", sides)} if self.control else None
        for spec in self.layers:
            options = dict(region=self.bounds, swap_latlon=swap_latlon, show=spec.show, defaults=spec.defaults,
                           strict=strict or self.strict, date_format=spec.date_format)
            if spec.frame is not None:
                layer, report = check_frame(spec.frame, spec.kind, name=spec.name, columns=spec.columns, **options)
            else:
                layer, report = read_checked(spec.path, spec.kind, crs=spec.crs, encoding=spec.encoding,
                                             name=spec.name, known=known, columns=spec.columns, **options)
            layers.append(dataclasses.replace(layer, color_by=spec.color_by, columnar=spec.columnar,
                                              look=spec.look))
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


# Every key a scenario file may hold, per table: anything else is named, with the nearest known key.
TOP_KEYS = ("title", "description", "record", "viewpoint", "attribution", "strict", "view", "layers", "time",
            "control", "corridors", "parties")
VIEW_KEYS = ("bounds", "tiles", "basemap", "metric_crs")
LAYER_KEYS = ("name", "file", "kind", "crs", "encoding", "show", "defaults", "columns", "color_by", "columnar",
              "cmap", "tooltip", "date_format")
TIME_KEYS = ("start", "end", "default", "event_days")
CONTROL_KEYS = ("file", "study_area", "reach_km", "sides")
PARTY_KEYS = ("id", "label", "colour", "hostile_to", "allied_to", "aliases")
CORRIDOR_KEYS = ("id", "name", "route", "width_km", "in_force_from", "description", "sources")


def check_keys(table: dict, known: tuple[str, ...], where: str) -> None:
    """InputError naming a key that is not one of ``known`` (and the known key it is nearest)."""
    for key in table:
        if key not in known:
            near = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise InputError(f"{where}: unknown key {key!r}{hint}; expected one of {', '.join(known)}")


def _table(table: dict, key: str, where: str) -> dict:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise InputError(f"{where}: field {key!r}: expected a table of name = value, found {value!r}")
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
    check_keys(data, TOP_KEYS, where)
    title = _require(data, "title", str, where)
    layers = []
    for number, entry in enumerate(_require(data, "layers", list, where), start=1):
        at = f"{where}: layers[{number}]"
        if not isinstance(entry, dict):
            raise InputError(f"{at}: expected a table with name and file, found {entry!r}")
        check_keys(entry, LAYER_KEYS, at)
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
        defaults, columns = _table(entry, "defaults", at), _table(entry, "columns", at)
        for field_name, column in columns.items():
            if not isinstance(column, str):
                raise InputError(f"{at}: columns: field {field_name!r}: expected the name of a column, found {column!r}")
        color_by, columnar = entry.get("color_by"), entry.get("columnar")
        if color_by is not None and not isinstance(color_by, str):
            raise InputError(f"{at}: field 'color_by': expected a column name, found {color_by!r}")
        if columnar is not None and not isinstance(columnar, bool):
            raise InputError(f"{at}: field 'columnar': expected true or false, found {columnar!r}")
        cmap, tooltip = entry.get("cmap"), entry.get("tooltip")
        if cmap is not None and not (isinstance(cmap, str) or (isinstance(cmap, list)
                                                                and all(isinstance(c, str) for c in cmap))):
            raise InputError(f"{at}: field 'cmap': expected a colour map's name or a list of colours, found {cmap!r}")
        if tooltip is not None and not (isinstance(tooltip, list) and all(isinstance(c, str) for c in tooltip)):
            raise InputError(f"{at}: field 'tooltip': expected a list of column names, found {tooltip!r}")
        date_format = entry.get("date_format")
        if date_format is not None and not (isinstance(date_format, str) and "%" in date_format):
            raise InputError(f"{at}: field 'date_format': expected a strptime form such as '%m/%d/%Y', "
                             f"found {date_format!r}")
        layers.append(LayerSpec(
            name=name, date_format=date_format,
            path=Path(f"{spec_path}:{layer}") if layer else spec_path,
            kind=kind, crs=entry.get("crs"), encoding=entry.get("encoding"),
            show=bool(entry.get("show", True)), defaults=defaults, color_by=color_by, columnar=columnar,
            columns=columns, look=Look(cmap=tuple(cmap) if isinstance(cmap, list) else cmap,
                                       tooltip=tuple(tooltip) if tooltip else None)))
    time = _time(data.get("time"), where)
    control = _control(data.get("control"), path, where)
    corridors = tuple(_corridor(entry, f"{where}: corridors[{n}]")
                      for n, entry in enumerate(data.get("corridors", []), start=1))
    parties = tuple(_party(entry, f"{where}: parties[{n}]")
                    for n, entry in enumerate(data.get("parties", []), start=1))
    viewpoint = _viewpoint(data.get("viewpoint"), (control.sides if control else ()) + parties, where)
    view = _table(data, "view", where)
    check_keys(view, VIEW_KEYS, f"{where}: [view]")
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
    strict = data.get("strict", False)
    if not isinstance(strict, bool):
        raise InputError(f"{where}: field 'strict': expected true or false, found {strict!r}")
    return Scenario(
        title=title, layers=tuple(layers), description=str(data.get("description", "")),
        bounds=tuple(float(b) for b in bounds) if bounds else None,
        tiles=str(view.get("tiles", "openstreetmap")).lower(), metric_crs=metric_crs, path=path,
        record=path.parent / _require(data, "record", str, where) if "record" in data else None,
        basemap=path.parent / _require(view, "basemap", str, f"{where}: [view]") if "basemap" in view else None,
        attribution=str(data.get("attribution", "")), time=time, control=control,
        corridors=corridors, parties=parties, viewpoint=viewpoint, strict=strict)


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
    check_keys(table, TIME_KEYS, where)
    start, end = _date(table, "start", where), _date(table, "end", where)
    default = _date(table, "default", where) if "default" in table else end
    if not (start <= default <= end):
        raise InputError(f"{where}: expected start <= default <= end, found {start}, {default}, {end}")
    return TimeSpec(start, end, default, int(table.get("event_days", 7)))


def _control(table: dict | None, path: Path, where: str) -> ControlSpec | None:
    if table is None:
        return None
    where = f"{where}: [control]"
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table with sides (and a file, a study_area), found {table!r}")
    check_keys(table, CONTROL_KEYS, where)
    sides = []
    for n, side in enumerate(_require(table, "sides", list, where), start=1):
        at = f"{where} sides[{n}]"
        sides.append(_party(side, at))
    reach = table.get("reach_km", 15.0)
    if reach is not False and (not isinstance(reach, (int, float)) or isinstance(reach, bool) or reach <= 0):
        raise InputError(f"{where}: field 'reach_km': expected a number of km > 0 (or false: the whole "
                         f"study area), found {reach!r}")
    control_file = path.parent / _require(table, "file", str, where) if "file" in table else None
    study_area = path.parent / _require(table, "study_area", str, where) if "study_area" in table else None
    return ControlSpec(control_file, study_area, tuple(sides), float(reach) if reach is not False else None)


def _names(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: field '{key}': expected a list of names, found {value!r}")
    return tuple(value)


def _party(table: dict, where: str) -> Side:
    """A side or party: id, label, colour, and whom it is hostile to or allied with."""
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table with id, label and colour, found {table!r}")
    check_keys(table, PARTY_KEYS, where)
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
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table with id, name, route and width_km, found {table!r}")
    check_keys(table, CORRIDOR_KEYS, where)
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


# -- scenarios of files, folders and GeoDataFrames: the one way in ------------------------------------
SIDE_PALETTE = ("#cc3311", "#0077bb", "#009988", "#ee7733", "#33bbee", "#ee3377")  # Tol's vibrant


def distinct(names: list[str], sources: list[str]) -> list[str]:
    """Layer names made distinct: names that repeat (places.geojson and places.csv are both
    'Places') take their input's name too, 'Places (places.csv)'; then any still alike are numbered."""
    out = [f"{n} ({s})" if names.count(n) > 1 and s else n for n, s in zip(names, sources)]
    taken: dict[str, int] = {}
    for i, name in enumerate(out):
        taken[name] = taken.get(name, 0) + 1
        if taken[name] > 1:
            out[i] = f"{name} {taken[name]}"
    return out


def sides_of(names: Sequence[str]) -> tuple[Side, ...]:
    """Sides named on the command line (``--side russia``), each a colour of its own."""
    return tuple(Side(n, n, SIDE_PALETTE[i % len(SIDE_PALETTE)]) for i, n in enumerate(dict.fromkeys(names)))


def scenario_of(inputs: Sequence[str | Path | gpd.GeoDataFrame] | Mapping[str, gpd.GeoDataFrame], *,
                title: str = "", kind: str | None = None, columns: Mapping[str, str] | None = None,
                defaults: Mapping[str, object] | None = None, side: str | None = None,
                crs: str | None = None, encoding: str | None = None, bounds=None, tiles: str = "openstreetmap",
                color_by: str | None = None, look: Look | None = None, strict: bool = False,
                names: Sequence[str] | None = None, date_format: str | None = None) -> Scenario:
    """A scenario of layer files, folders of snapshots or GeoDataFrames, as a scenario file would
    name them: what ``geo build FILE``, ``geo.explore(gdf)`` and ``geo.build_model([...])`` build.

    ``side`` names whose areas the inputs' polygons are (a tracker's snapshots): they become dated
    areas of control of that side, and the map steps through them. ``kind``, ``columns`` and
    ``defaults`` apply to every input.
    """
    items = list(inputs.items()) if isinstance(inputs, Mapping) else [(None, i) for i in inputs]
    if not items:
        raise InputError("no input given: name a scenario (.toml), layer files or a folder of snapshots")
    defaults = dict(defaults or {})
    control = None
    if side:
        sides = sides_of([side])
        control = ControlSpec(None, None, sides, reach_km=None)
        defaults = {"zone_type": "area of control", "controller": sides[0].id, "name": f"Held by {sides[0].label}",
                    "basis": "digitised approximation", **defaults}
        kind = kind or "zone"
    specs, labels = [], []
    for given_name, item in items:
        frame = item if isinstance(item, gpd.GeoDataFrame) else None
        path = None if frame is not None else Path(item)
        file_path, layer = split_layer(path) if path is not None else (None, None)
        name = given_name or (layer_name(Path(layer)) if layer else layer_name(file_path) if file_path else "Features")
        labels.append(file_path.name if file_path is not None else "")
        specs.append(LayerSpec(name=name, path=path, kind=kind, crs=crs, encoding=encoding, defaults=defaults,
                               color_by=color_by, columns=dict(columns or {}), frame=frame, look=look or Look(),
                               date_format=date_format))
    given = [spec.name for spec in specs]
    renamed = distinct(given, labels) if names is None else list(names)
    specs = [dataclasses.replace(spec, name=name) for spec, name in zip(specs, renamed)]
    return Scenario(title=title, layers=tuple(specs), bounds=tuple(bounds) if bounds else None,
                    tiles=tiles, control=control, strict=strict)
