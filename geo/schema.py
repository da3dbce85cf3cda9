"""The layer kinds and their fields, declared once as data.

Readers, the validator, popups, the legend and the docs all read these tables; nothing else
should list field names.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.symbology.defaults import ECHELONS, UNIT_TYPES

# A control report's controller may be this instead of a side: fighting inside the place ("entry
# only", "half the town"); a place whose most trusted reports of one day disagree is contested too.
CONTESTED = "contested"

CONFIDENCE = ("confirmed", "reported", "claimed", "estimated")
# The event types of the conflict-event datasets researchers bring (geo.read.known reads them).
ACLED_EVENT_TYPES = ("battles", "explosions/remote violence", "violence against civilians", "protests",
                     "riots", "strategic developments")
UCDP_VIOLENCE_TYPES = ("state-based violence", "non-state violence", "one-sided violence")
# How closely a date is known, and how many days either side of it the event may lie.
DATE_PRECISIONS = ("day", "week", "month", "year")
DATE_SLACK_DAYS = {"week": 3}


@dataclass(frozen=True)
class Field:
    """One attribute of a feature.

    ``type`` is one of: text, integer, number, date (ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD),
    choice (one of ``choices``), list (of text), sources (list of {publisher, url, date}),
    sidc (a 20-digit military symbol code, MIL-STD-2525 D/E or APP-6 D/E).
    """

    name: str
    type: str
    label: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    help: str = ""


@dataclass(frozen=True)
class Kind:
    """A layer kind: which geometries it takes, which fields it has, how its files are named."""

    name: str
    label: str
    plural: str  # a layer's default name
    geometry_types: tuple[str, ...]
    fields: tuple[Field, ...]
    file_stems: tuple[str, ...]
    category: str = ""  # the choice field whose value picks a feature's symbol or style
    # The date fields between which a feature exists (either may be None: always).
    lifespan: tuple[str | None, str | None] = (None, None)
    # The field naming whose a feature is (a post's operator): it picks the symbol's colour, is
    # shown beside the type in popups, and is what a side can be hostile to.
    party: str | None = None
    labelled: tuple[str, ...] = ()  # categories whose names are placed on the map, first placed first
    lingers: bool = False  # shown for the scenario's event_days at least (a one-day event)
    # What the derive step adds to this kind's features (see geo.derive.DERIVED_COLUMNS).
    derived: tuple[str, ...] = ()
    # The choice field saying how closely the start date is known (DATE_PRECISIONS): it widens
    # the days the feature is shown (a 'week' date: 3 days either side).
    date_precision: str | None = None
    # (field, value, other field): a feature whose field has that value needs the other one too
    required_when: tuple[tuple[str, str, str], ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def is_point(self) -> bool:
        return self.geometry_types == ("Point",)

    @property
    def categories(self) -> tuple[str, ...]:
        """The values of the category field, in the order legends list them."""
        return self.field(self.category).choices if self.category else ()

    @property
    def plain(self) -> bool:
        """A kind that says nothing of what it holds (drawn as ``GeoDataFrame.explore`` would)."""
        return not self.category


_COMMON = (
    Field("id", "text", "ID", required=True, help="unique and stable within the layer"),
    Field("name", "text", "Name", required=True),
    Field("description", "text", "Description"),
    Field("sources", "sources", "Sources", required=True,
          help="one or more {publisher, url, date (of publication)}; optional accessed, title, note"),
    Field("confidence", "choice", "Confidence", required=True, choices=CONFIDENCE),
)

_POINT = (
    Field("precision_m", "number", "Location precision (m)", required=True, minimum=0.0,
          help="radius in metres within which the real position lies"),
    Field("location_note", "text", "How it was located"),
    Field("sidc", "sidc", "Symbol code (SIDC)",
          help="a 20-digit MIL-STD-2525 D/E or APP-6 D/E code drawing the feature as a military "
               "symbol; its standard identity digit is replaced by the map's point of view"),
)

POST = Kind(
    name="post",
    category="post_type",
    label="Military position",
    plural="Military positions",
    party="operator",
    derived=("front_distance_km", "status", "symbol"),
    geometry_types=("Point",),
    fields=_COMMON + _POINT + (
        Field("post_type", "choice", "Type", required=True,
              choices=("observation post", "base", "checkpoint", "position")),
        Field("operator", "text", "Operator", required=True),
        Field("official_number", "integer", "Official number", minimum=1),
        Field("build_order", "integer", "Order built", minimum=1),
        Field("numbering_note", "text", "Numbering"),
        Field("established", "date", "Established"),
        Field("withdrawn", "date", "Withdrawn"),
    ),
    file_stems=("posts", "post"),
    lifespan=("established", "withdrawn"),
)

PLACE = Kind(
    name="place",
    category="place_type",
    label="Place",
    plural="Places",
    labelled=("city", "crossing", "town", "village"),
    derived=("front_distance_km", "controller"),
    geometry_types=("Point",),
    fields=_COMMON + _POINT + (
        Field("place_type", "choice", "Type", required=True,
              choices=("city", "town", "village", "crossing")),
        Field("aliases", "list", "Also spelt"),
        Field("country", "text", "Country"),
    ),
    file_stems=("places", "place"),
)

ZONE = Kind(
    name="zone",
    category="zone_type",
    label="Zone",
    plural="Zones",
    derived=("area_km2",),
    geometry_types=("Polygon", "MultiPolygon"),
    fields=_COMMON + (
        Field("zone_type", "choice", "Type", required=True,
              choices=("de-escalation zone", "buffer zone", "security corridor", "area of control")),
        Field("basis", "choice", "Basis", required=True,
              choices=("treaty text", "digitised approximation", "computed")),
        Field("basis_note", "text", "How the boundary was drawn", required=True),
        Field("in_force_from", "date", "In force from"),
        Field("in_force_to", "date", "In force until"),
        Field("controller", "text", "Held by",
              help="an area of control's side (one of the scenario's sides): dated evidence of who "
                   "held it from in_force_from to in_force_to, taking precedence over point reports"),
    ),
    file_stems=("zones", "zone"),
    lifespan=("in_force_from", "in_force_to"),
    required_when=(("zone_type", "area of control", "controller"),),
)

ROUTE = Kind(
    name="route",
    category="route_type",
    label="Route",
    plural="Routes",
    geometry_types=("LineString", "MultiLineString"),
    fields=_COMMON + (
        Field("route_type", "choice", "Type", required=True,
              choices=("highway", "road", "boundary", "front line")),
        Field("precision_m", "number", "Location precision (m)", minimum=0.0),
        Field("location_note", "text", "How it was located"),
    ),
    file_stems=("routes", "route"),
)

EVENT = Kind(
    name="event",
    category="event_type",
    label="Event",
    plural="Events",
    lingers=True,
    geometry_types=("Point",),
    fields=_COMMON + _POINT + (
        Field("event_type", "choice", "Type", required=True,
              choices=("shelling", "air strike", "capture", "convoy", "post established",
                       "ceasefire", "agreement", "displacement", "military operation", "aircraft downed",
                       *ACLED_EVENT_TYPES, *UCDP_VIOLENCE_TYPES)),
        Field("sub_event_type", "text", "Sub-type", help="a finer type, e.g. ACLED's sub_event_type"),
        Field("date", "date", "Date", required=True),
        Field("date_precision", "choice", "Date known to", choices=DATE_PRECISIONS,
              help="how closely the date is known: a 'week' event may have happened up to 3 days "
                   "either side of its date (ACLED's time_precision 2); a month is given as YYYY-MM"),
        Field("end_date", "date", "Until"),
        Field("actors", "list", "Actors"),
        Field("killed", "integer", "Killed", minimum=0),
        Field("injured", "integer", "Injured", minimum=0),
        Field("displaced", "integer", "Displaced", minimum=0),
    ),
    file_stems=("events", "event"),
    lifespan=("date", "end_date"),
    date_precision="date_precision",
)

UNIT = Kind(
    name="unit",
    category="unit_type",
    label="Unit",
    plural="Units",
    party="side",
    lingers=True,
    derived=("symbol",),
    geometry_types=("Point",),
    fields=_COMMON + _POINT + (
        Field("unit_type", "choice", "Type", required=True, choices=tuple(UNIT_TYPES),
              help="what the unit is (a sidc, when given, says it more exactly)"),
        Field("echelon", "choice", "Echelon", choices=tuple(ECHELONS)),
        Field("side", "text", "Side", required=True,
              help="whose unit: a side or party of the scenario (its id, label or alias)"),
        Field("identity", "choice", "Affiliation as stated", choices=("friend", "hostile", "neutral", "unknown"),
              help="as the data's author sees the unit: drawn so on a map of layer files; a scenario's "
                   "point of view replaces it"),
        Field("higher_formation", "text", "Part of"),
        Field("unit_id", "text", "Unit identity",
              help="the same for every report of one unit (ORBAT Mapper's unit id): its reports, in date order, "
                   "form its track (geo.derive.tracks); without it, reports of the same name do"),
        Field("date_from", "date", "Reported there from", required=True),
        Field("date_to", "date", "Until"),
    ),
    file_stems=("units", "unit"),
    lifespan=("date_from", "date_to"),
)

# A layer whose data says no kind: drawn as it comes (points, lines, areas), its columns in the
# popup, as GeoDataFrame.explore() draws it. Nothing is required: an id is made from row order.
FEATURE = Kind(
    name="feature",
    label="Feature",
    plural="Features",
    geometry_types=("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                    "GeometryCollection"),
    fields=(
        Field("id", "text", "ID", help="unique and stable within the layer (default: its row, from 1)"),
        Field("name", "text", "Name"),
        Field("description", "text", "Description"),
        # required as everywhere (a user's map draws a feature without them, marked; --strict rejects it)
        Field("sources", "sources", "Sources", required=True),
        Field("confidence", "choice", "Confidence", required=True, choices=CONFIDENCE),
        Field("valid_from", "date", "Stands from", help="the first day it stands for (a tracker snapshot's date)"),
        Field("valid_to", "date", "Until", help="the last day it stands for (the day before the next snapshot)"),
    ),
    file_stems=("features", "feature"),
    lifespan=("valid_from", "valid_to"),
)

KINDS: dict[str, Kind] = {k.name: k for k in (POST, PLACE, ZONE, ROUTE, EVENT, UNIT, FEATURE)}
PLAIN = FEATURE  # the kind of a layer that says none

# What a user's map draws without (each feature marked with what it lacks, in ``GAPS_COLUMN``);
# only strict publication rules (``strict=True``, ``--strict``) reject a feature for lacking them.
# The category fields (a place's type...) are among them: such a feature is drawn with a plain look.
PROVENANCE_FIELDS = ("id", "sources", "confidence", "precision_m", "basis", "basis_note")
GAPS_COLUMN = "gaps"  # per feature: what it lacks, in words ('no source given'), for popups and counts
GAP_WORDS = {"id": "no ID given (numbered by row)", "sources": "no source given",
             "confidence": "no confidence given", "precision_m": "no location precision given",
             "basis": "no basis given", "basis_note": "no word on how the boundary was drawn"}


def gap_words(field: str, kind: Kind) -> str:
    """How a popup says that a feature lacks ``field``: 'no source given', 'no type given'."""
    return GAP_WORDS.get(field) or f"no {kind.field(field).label.lower()} given"


def lenient(field: str, kind: Kind) -> bool:
    """Whether a user's map draws a feature that lacks ``field`` (marked) rather than reject it."""
    return field in PROVENANCE_FIELDS or field == kind.category

# Who held a place from a date on: one row per report; conflicting reports are all kept.
CONTROL_FIELDS = (
    Field("place_id", "text", "Place", required=True),
    Field("date", "date", "From", required=True),
    Field("controller", "text", "Held by", required=True),
    Field("confidence", "choice", "Confidence", required=True, choices=CONFIDENCE),
    Field("sources", "sources", "Sources", required=True),
    Field("note", "text", "Note"),
)

# The record a scenario's derived statuses are checked against: reported days on which posts were
# surrounded (or withdrawn), each sourced.
RECORD_FIELDS = (
    Field("post_id", "text", "Post", required=True),
    Field("event", "choice", "Event", required=True, choices=("surrounded", "withdrawn")),
    Field("date", "date", "Reported on", required=True),
    Field("confidence", "choice", "Confidence", required=True, choices=CONFIDENCE),
    Field("sources", "sources", "Sources", required=True),
    Field("note", "text", "Note"),
)

# A source: who published it, where, and when: ``date`` is the publication date; a page that shows
# none (an encyclopedia article, a gazetteer entry) gives the day it was read in ``accessed``.
# A source named by a dataset (``via``: ACLED names its sources by publisher only) may have no URL
# and no date: it is shown as named, with the dataset that named it.
SOURCE_KEYS = ("publisher", "url", "date", "accessed", "title", "note", "via")
SOURCE_REQUIRED = ("publisher", "url")
SOURCE_DATES = ("date", "accessed")  # at least one of them
SOURCE_TEXT = ("title", "note")


def get_kind(name: str | Kind) -> Kind:
    """The kind called ``name`` (singular or plural), or KeyError listing the known kinds."""
    if isinstance(name, Kind):
        return name
    key = name.strip().lower()
    for kind in KINDS.values():
        if key == kind.name or key in kind.file_stems:
            return kind
    raise KeyError(f"unknown layer kind {name!r}; known kinds: {', '.join(KINDS)}")


KIND_COLUMN = "kind"  # a column that declares a layer's kind (written by geo's exports)


def declared_kinds(column) -> set[str]:
    """The kinds a 'kind' column names, lower-cased (each distinct cell looked at once)."""
    values = column.dropna()
    try:
        values = values.unique()
    except TypeError:  # lists or other unhashable cells: every cell, then
        pass
    return {str(v).strip().lower() for v in values if str(v).strip()}


def infer_kind(frame) -> Kind | None:
    """The kind a table says it is: its 'kind' column (one value throughout), else the one kind
    whose category field it has (post_type, place_type...); None when it does not say."""
    if KIND_COLUMN in frame.columns:
        declared = declared_kinds(frame[KIND_COLUMN])
        if len(declared) == 1:
            try:
                return get_kind(declared.pop())
            except KeyError:
                return None
    kinds = [kind for kind in KINDS.values() if kind.category and kind.category in frame.columns]
    return kinds[0] if len(kinds) == 1 else None
