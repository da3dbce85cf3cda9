"""The 20-digit symbol identification code (SIDC) of MIL-STD-2525 D/E and APP-6 D/E.

Digits: version (2), context (1), standard identity (1), symbol set (2), status (1),
headquarters/task force/dummy (1), amplifier (2: echelon or mobility), entity, type and subtype
(6), modifier 1 (2), modifier 2 (2).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

# Versions 10-12 are the D editions, 13-14 the E editions (as milsymbol reads them).
VERSIONS = {"10": "D", "11": "D", "12": "D", "13": "E", "14": "E"}
CONTEXTS = {"0": "reality", "1": "exercise", "2": "simulation", "3": "restricted target (reality)",
            "4": "no-strike entity (reality)", "5": "restricted target (exercise)",
            "6": "no-strike entity (exercise)", "7": "restricted target (simulation)",
            "8": "no-strike entity (simulation)"}
# The standard identity digit, and the four affiliations a map's point of view gives.
IDENTITIES = {"0": "pending", "1": "unknown", "2": "assumed friend", "3": "friend", "4": "neutral",
              "5": "suspect", "6": "hostile"}
AFFILIATIONS = {"friend": "3", "hostile": "6", "neutral": "4", "unknown": "1"}
SIDC_STATUSES = {"0": "present", "1": "planned or anticipated", "2": "present, fully capable",
                 "3": "present, damaged", "4": "present, destroyed", "5": "present, full to capacity"}
# Status 1 is drawn with a dashed frame: what unconfirmed reports are drawn with here.
ANTICIPATED = "1"
HQ_TF_DUMMY = {"0": "", "1": "feint/dummy", "2": "headquarters", "3": "feint/dummy headquarters",
               "4": "task force", "5": "feint/dummy task force", "6": "task force headquarters",
               "7": "feint/dummy task force headquarters"}


class SidcError(ValueError):
    """Not a symbol code: ``expected`` and ``found`` say why, for an error naming the feature."""

    def __init__(self, expected: str, found: str):
        super().__init__(f"expected {expected}, found {found}")
        self.expected, self.found = expected, found


@dataclass(frozen=True)
class Sidc:
    """A parsed 20-digit SIDC; ``str()`` gives the code back."""

    version: str
    context: str
    identity: str
    symbol_set: str
    status: str
    hq_tf_dummy: str
    amplifier: str
    entity: str
    modifier1: str
    modifier2: str

    def __str__(self) -> str:
        return "".join(getattr(self, f.name) for f in dataclasses.fields(self))

    @property
    def affiliation(self) -> str:
        return IDENTITIES[self.identity]

    def replace(self, **parts: str) -> Sidc:
        return dataclasses.replace(self, **parts)


_WIDTHS = (("version", 2), ("context", 1), ("identity", 1), ("symbol_set", 2), ("status", 1),
           ("hq_tf_dummy", 1), ("amplifier", 2), ("entity", 6), ("modifier1", 2), ("modifier2", 2))
EXPECTED = "a 20-digit symbol code (SIDC, MIL-STD-2525 D/E or APP-6 D/E)"


def parse_sidc(text: object) -> Sidc:
    """The SIDC ``text`` spells (spaces and dashes between digit groups are allowed), or SidcError."""
    code = "".join(str(text).split()).replace("-", "") if isinstance(text, (str, int)) else None
    shown = repr(text) if len(repr(text)) <= 60 else repr(text)[:57] + "..."
    if code is None or not code.isdigit() or len(code) != 20:
        found = (f"{len(code)} digits" if code and code.isdigit() else "other characters") if code else "no code"
        raise SidcError(EXPECTED, f"{shown} ({found})")
    parts, at = {}, 0
    for name, width in _WIDTHS:
        parts[name] = code[at:at + width]
        at += width
    for name, table in (("version", VERSIONS), ("context", CONTEXTS), ("identity", IDENTITIES),
                        ("status", SIDC_STATUSES), ("hq_tf_dummy", HQ_TF_DUMMY)):
        if parts[name] not in table:
            raise SidcError(EXPECTED, f"{shown} (its {name.replace('_', '/')} digits {parts[name]!r} "
                                      f"are not one of {', '.join(table)})")
    return Sidc(**parts)
