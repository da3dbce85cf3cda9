"""A symbol code's parts in words, for popups and legends ("land unit: infantry, battalion").

Entity names come from the ``military-symbol`` package's schema of MIL-STD-2525D (read as data:
its drawing code is not used); control measures, which it does not list, from the table below;
whether a drawing exists, from ``milsymbol``'s catalogue of the codes it draws.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.symbology.sidc import HQ_TF_DUMMY, SIDC_STATUSES, Sidc, SidcError

# Control measures (symbol set 25) as MIL-STD-2525D names them; only the points geo draws.
CONTROL_MEASURES = {
    "130100": "control point", "130300": "checkpoint", "130900": "entry control point",
    "160100": "observation post/outpost", "132100": "key terrain",
}
SYMBOL_SET_25 = "control measure"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # found, not imported: only its data files are read
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the {name!r} package is needed to name and draw military symbols")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _schema() -> tuple[dict[str, dict], dict]:
    """(symbol set code → its schema, the constants) from military-symbol's JSON files."""
    root = _package_dir("military_symbol") / "schema"
    sets = {}
    for path in sorted(root.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if str(data.get("set", "")).isdigit():
            sets[data["set"]] = data
    return sets, json.loads((root / "constants.json").read_text(encoding="utf-8"))


@cache
def _drawn() -> frozenset[tuple[str, str]]:
    """(symbol set, entity) pairs milsymbol has a drawing for."""
    path = _package_dir("milsymbol") / "data" / "number-data.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return frozenset((key[4:6], key[10:16]) for key in json.load(f))


def symbol_set_name(code: str) -> str | None:
    if code == "25":
        return SYMBOL_SET_25
    entry = _schema()[0].get(code)
    return entry["name"] if entry else None


def entity_name(symbol_set: str, entity: str) -> str | None:
    if symbol_set == "25":
        return CONTROL_MEASURES.get(entity)
    entry = _schema()[0].get(symbol_set)
    names = (entry or {}).get("IC", {}).get(entity, {}).get("names")
    return names[0] if names else None


def amplifier_name(code: str) -> str | None:
    """The echelon (or mobility) the amplifier digits give; None for 00."""
    if code == "00":
        return None
    entry = _schema()[1]["amplifiers"].get(code)
    return entry["names"][0] if entry else None


@dataclass(frozen=True)
class Described:
    """A code in words: ``kind`` (land unit, land installation...), ``what`` (infantry...),
    ``echelon`` (battalion...), and the other parts that are set."""

    kind: str
    what: str
    echelon: str | None
    affiliation: str
    status: str
    headquarters: str

    @property
    def words(self) -> str:
        """'infantry battalion (land unit)', 'battalion of unstated type (land unit)', 'infantry,
        echelon not stated (land unit)', 'military base (land installation)'."""
        unit = self.kind in ("land unit", "land civilian unit/organization")
        if self.what == "unspecified":
            return f"{self.echelon or 'unit'} of unstated type ({self.kind})"
        if unit and not self.echelon:
            return f"{self.what}, echelon not stated ({self.kind})"
        return f"{self.what}{' ' + self.echelon if self.echelon else ''} ({self.kind})"


def check_known(sidc: Sidc) -> None:
    """SidcError unless the code's symbol set, entity and amplifier exist and can be drawn."""
    kind = symbol_set_name(sidc.symbol_set)
    if kind is None:
        raise SidcError("a known symbol set (e.g. 10 land unit, 20 land installation)",
                        f"{str(sidc)!r} (symbol set {sidc.symbol_set})")
    if entity_name(sidc.symbol_set, sidc.entity) is None or (sidc.symbol_set, sidc.entity) not in _drawn():
        raise SidcError(f"an entity of symbol set {sidc.symbol_set} ({kind})",
                        f"{str(sidc)!r} (entity {sidc.entity})")
    if sidc.amplifier != "00" and amplifier_name(sidc.amplifier) is None:
        raise SidcError("known echelon or mobility digits (e.g. 16 battalion, 21 division)",
                        f"{str(sidc)!r} (amplifier {sidc.amplifier})")


def sidc_in_words(sidc: Sidc) -> Described:
    """The code in words (``check_known`` first: unknown parts are named by their digits)."""
    kind = symbol_set_name(sidc.symbol_set) or f"symbol set {sidc.symbol_set}"
    what = entity_name(sidc.symbol_set, sidc.entity) or f"entity {sidc.entity}"
    if sidc.entity == "000000":
        what = "unspecified"
    return Described(kind=kind, what=what, echelon=amplifier_name(sidc.amplifier),
                     affiliation=sidc.affiliation, status=SIDC_STATUSES[sidc.status],
                     headquarters=HQ_TF_DUMMY[sidc.hq_tf_dummy])
