"""A scenario: a TOML file naming the layers, the title, the view, dates and sides of one map."""
from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

from geo import examples
from geo.errors import InputError
from geo.layer import Layer, Look
from geo.read import split_layer
from geo.settings import checked
from geo.story import StoryStep, story_steps
from geo.validate import LayerReport, check_frame, layer_name, read_checked
from geo.values import to_sources


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
    story: tuple[StoryStep, ...] = ()  # a briefing in dated steps ([[story]])

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


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Parse a scenario file (default: the shipped Idlib case study); layer paths are relative to
    it. Every key is checked as ``geo.settings.SCENARIO`` declares it."""
    path = Path(path) if path is not None else examples.idlib_2020()
    where = path.name
    top = checked(_toml(path), "", where)
    layers = _layer_specs(top["layers"], path, where)
    time = _time(top.get("time"), where)
    control = _control(top.get("control"), path, where)
    corridors = tuple(_corridor(entry, f"{where}: corridors[{n}]")
                      for n, entry in enumerate(top.get("corridors", []), start=1))
    parties = tuple(_party(entry, f"{where}: parties[{n}]") for n, entry in enumerate(top.get("parties", []), start=1))
    viewpoint = _viewpoint(top.get("viewpoint"), (control.sides if control else ()) + parties, where)
    view = checked(top.get("view", {}), "view", f"{where}: [view]")
    story = story_steps(top.get("story", []), where, (time.start, time.end) if time else None,
                        [layer.name for layer in layers])
    return Scenario(
        title=top["title"], layers=layers, description=top.get("description", ""),
        bounds=view.get("bounds"), tiles=view.get("tiles", "openstreetmap"), metric_crs=view.get("metric_crs"),
        path=path, record=path.parent / top["record"] if "record" in top else None,
        basemap=path.parent / view["basemap"] if "basemap" in view else None,
        attribution=top.get("attribution", ""), time=time, control=control,
        corridors=corridors, parties=parties, viewpoint=viewpoint, strict=top.get("strict", False),
        story=story)


def _toml(path: Path) -> dict:
    """The file's TOML, or InputError saying why it cannot be read as such."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a scenario file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path.name}: is not valid TOML ({exc})") from None


def _layer_specs(entries: list[dict], path: Path, where: str) -> tuple[LayerSpec, ...]:
    """Each [[layers]] entry checked, its file relative to the scenario; names are unique because
    the map shows layers by name."""
    layers: list[LayerSpec] = []
    for number, entry in enumerate(entries, start=1):
        at = f"{where}: layers[{number}]"
        spec = checked(entry, "layers", at)
        file_path, layer = split_layer(spec["file"])
        spec_path = path.parent / file_path
        name = spec["name"]
        first = next((n for n, other in enumerate(layers, start=1) if other.name == name), None)
        if first is not None:
            raise InputError(f"{at}: field 'name': expected a name of its own, found {name!r}, already the "
                             f"name of layers[{first}]; each layer needs its own name (the map shows them by name)")
        layers.append(LayerSpec(
            name=name, date_format=spec.get("date_format"),
            path=Path(f"{spec_path}:{layer}") if layer else spec_path,
            kind=spec.get("kind"), crs=spec.get("crs"), encoding=spec.get("encoding"),
            show=spec.get("show", True), defaults=spec.get("defaults", {}), color_by=spec.get("color_by"),
            columnar=spec.get("columnar"), columns=spec.get("columns", {}),
            look=Look(cmap=spec.get("cmap"), tooltip=spec.get("tooltip") or None)))
    return tuple(layers)


def _time(table: dict | None, where: str) -> TimeSpec | None:
    if table is None:
        return None
    where = f"{where}: [time]"
    time = checked(table, "time", where)
    start, end = time["start"], time["end"]
    default = time.get("default", end)
    if not (start <= default <= end):
        raise InputError(f"{where}: expected start <= default <= end, found {start}, {default}, {end}")
    return TimeSpec(start, end, default, time.get("event_days", 7))


def _control(table: dict | None, path: Path, where: str) -> ControlSpec | None:
    if table is None:
        return None
    where = f"{where}: [control]"
    control = checked(table, "control", where)
    sides = tuple(_party(side, f"{where} sides[{n}]") for n, side in enumerate(control["sides"], start=1))
    return ControlSpec(path.parent / control["file"] if "file" in control else None,
                       path.parent / control["study_area"] if "study_area" in control else None, sides,
                       control.get("reach_km", 15.0))


def _party(table: dict, where: str) -> Side:
    """A side or party: id, label, colour, and whom it is hostile to or allied with."""
    party = checked(table, "party", where)
    return Side(party["id"], party["label"], party["colour"], party.get("hostile_to", ()),
                party.get("allied_to", ()), party.get("aliases", ()))


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
    spec = checked(table, "corridors", where)
    sources, problems = to_sources(spec.get("sources", []))
    if problems:
        sub, expected, found = problems[0]
        raise InputError(f"{where}: field '{sub}': expected {expected}, found {found}")
    return CorridorSpec(spec["id"], spec["name"], spec["route"], spec["width_km"], spec["in_force_from"],
                        spec.get("description", ""), tuple(sources))


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
