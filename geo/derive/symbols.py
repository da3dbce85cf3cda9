"""Which military symbol each point is drawn with, from whose point of view.

Affiliation is relative: the same Turkish post is a friend seen from Ankara and hostile seen from
Damascus. A ``Viewpoint`` says whose view the map takes (or none: a neutral view, in which every
known party is neutral and each side's frames are filled with its colour), and ``derive_symbols``
gives each point its affiliation, the code it is drawn with and any fill colour, once, for every
output to read.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.errors import InputError
from geo.layer import Layer
from geo.scenario import Side
from geo.symbology import POST_ENTITIES, UNIT_TYPES, default_code
from geo.symbology.defaults import ECHELONS
from geo.symbology.sidc import AFFILIATIONS, ANTICIPATED

SYMBOL_COLUMNS = ("affiliation", "symbol_code", "symbol_fill")
# How a code's own identity digit reads as one of the four affiliations of a point of view.
_OWN_AFFILIATION = {"0": "unknown", "1": "unknown", "2": "friend", "3": "friend", "4": "neutral",
                    "5": "hostile", "6": "hostile"}


@dataclass(frozen=True)
class Viewpoint:
    """Whose point of view the symbols take: ``side`` is a party's id, or None (neutral).

    Sides that contest control are hostile to each other; ``hostile_to`` and ``allied_to`` (either
    way round) add the rest. A name no party has is 'unknown'. Layers with no scenario
    (``stated``) keep the affiliation their data states (a unit's ``identity``, a sidc's digit).
    """

    parties: tuple[Side, ...] = ()
    side: str | None = None
    control_sides: tuple[str, ...] = ()  # the ids of the parties that hold land
    # No scenario relates the parties (layer files): a feature's stated affiliation stands.
    stated: bool = False

    @classmethod
    def of(cls, sides: Sequence[Side], parties: Sequence[Side] = (), side: str | None = None) -> Viewpoint:
        return cls(tuple(sides) + tuple(parties), side, tuple(s.id for s in sides))

    @classmethod
    def of_names(cls, names: Sequence[str], palette: Sequence[str]) -> Viewpoint:
        """A neutral view of layers with no scenario: each party named in the data a colour of
        ``palette``, in order of first appearance."""
        distinct = list(dict.fromkeys(n for n in names if isinstance(n, str) and n.strip()))
        return cls(tuple(Side(n, n, palette[i % len(palette)]) for i, n in enumerate(distinct)), stated=True)

    def seen_by(self, name: str | None) -> Viewpoint:
        """The same parties seen from ``name`` (a party's id, label or alias; None or 'neutral')."""
        if name is None or name.strip().lower() in ("", "neutral", "none"):
            return dataclasses.replace(self, side=None)
        party = self.party(name)
        if party is None:
            known = ", ".join(repr(p.id) for p in self.parties) or "none"
            raise InputError(f"viewpoint: expected 'neutral' or a side or party of the map ({known}), "
                             f"found {name!r}")
        return dataclasses.replace(self, side=party.id)

    @property
    def label(self) -> str:
        """'neutral' or the party's label: what the legend says the view is."""
        party = self.party(self.side) if self.side else None
        return party.label if party else "neutral"

    def party(self, name: object) -> Side | None:
        """The party ``name`` is (its id, label or an alias, in any case)."""
        if not isinstance(name, str):
            return None
        key = name.strip().lower()
        return next((p for p in self.parties if key in (n.lower() for n in p.names)), None)

    def _related(self, a: Side, b: Side, field: str) -> bool:
        names_a, names_b = {n.lower() for n in a.names}, {n.lower() for n in b.names}
        return (any(n.lower() in names_b for n in getattr(a, field))
                or any(n.lower() in names_a for n in getattr(b, field)))

    def relation(self, name: object) -> str:
        """friend, hostile, neutral or unknown: what the party ``name`` is from this view."""
        party = self.party(name)
        if party is None:
            return "unknown"
        me = self.party(self.side) if self.side else None
        if me is None:
            return "neutral"
        if party.id == me.id or self._related(me, party, "allied_to"):
            return "friend"
        contest = party.id in self.control_sides and me.id in self.control_sides
        if contest or self._related(me, party, "hostile_to"):
            return "hostile"
        return "neutral"

    def fill(self, name: object) -> str | None:
        """A neutral view fills each party's frames with its colour (lightened, as the standard's
        fills are, so that the icon stays legible); a partisan one with the standard's."""
        party = self.party(name)
        return _tint(party.colour) if party is not None and self.side is None else None

    def front_owner(self, side_a: str, side_b: str) -> str:
        """Whose forward line of own troops a front between two sides is drawn as: the view's own
        side or its ally's; else (a neutral view, or neither is a friend) the side the scenario
        names first."""
        for side in (side_a, side_b):
            if self.side is not None and self.relation(side) == "friend":
                return side
        order = {s: n for n, s in enumerate(self.control_sides)}
        return min((side_a, side_b), key=lambda s: order.get(s, len(order)))


def _tint(colour: str, white: float = 0.45) -> str:
    """``colour`` (#rrggbb) mixed with white; other forms of colour as they are."""
    text = colour.strip()
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        return text
    rgb = [int(text[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in rgb)


def _base_codes(frame: pd.DataFrame, kind_name: str) -> pd.Series:
    """Each feature's code before the point of view: its own sidc, else its kind's default."""
    codes = frame["sidc"] if "sidc" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    codes = codes.astype(object).where(codes.notna(), None)
    if kind_name == "unit":
        echelons = frame["echelon"] if "echelon" in frame.columns else pd.Series(None, index=frame.index)
        pairs = pd.Series(list(zip(frame["unit_type"], echelons)), index=frame.index)
        defaults = pairs.map(lambda p: str(default_code(*UNIT_TYPES[p[0] or "unspecified"],
                                                         p[1] if p[1] in ECHELONS else None)))
        codes = codes.where(codes.notna(), defaults)
    elif kind_name == "post":
        # a post whose type is not given: an installation, unspecified (as a 'position')
        defaults = frame["post_type"].map(lambda t: str(default_code(*POST_ENTITIES[t or "position"])),
                                          na_action=None)
        codes = codes.where(codes.notna(), defaults)
    return codes


def _stated(frame: pd.DataFrame, code: pd.Series) -> pd.Series:
    """The affiliation the data itself states: a unit's ``identity``, else its own sidc's
    identity digit (None where it states none)."""
    own = frame["sidc"].notna() if "sidc" in frame.columns else pd.Series(False, index=frame.index)
    stated = code.str[3].map(_OWN_AFFILIATION).where(own, None)
    if "identity" in frame.columns:
        stated = frame["identity"].where(frame["identity"].notna(), stated)
    return stated.astype(object).where(stated.notna(), None)


def symbols_of(frame: pd.DataFrame, kind_name: str, party: str | None, view: Viewpoint) -> pd.DataFrame:
    """affiliation, symbol_code and symbol_fill of each feature (None where it has no symbol)."""
    codes = _base_codes(frame, kind_name)
    has = codes.notna()
    out = pd.DataFrame({c: pd.Series(None, index=frame.index, dtype=object) for c in SYMBOL_COLUMNS})
    if not has.any():
        return out
    code = codes[has].astype(str)
    if party is not None:
        names = frame.loc[has, party]
        distinct = names.dropna().unique()
        affiliation = names.map({n: view.relation(n) for n in distinct}).fillna("unknown")
        fill = names.map({n: view.fill(n) for n in distinct})
        identity = affiliation.map(AFFILIATIONS)
    else:  # no party to judge: the code's own identity stands
        identity = code.str[3]
        affiliation = identity.map(_OWN_AFFILIATION)
        fill = pd.Series(None, index=code.index, dtype=object)
    if view.stated:  # no scenario says who is whose enemy: what the data states stands
        stated = _stated(frame.loc[has], code)
        given = stated.notna()
        affiliation = affiliation.where(~given, stated)
        identity = identity.where(~given, stated.map(AFFILIATIONS))
        fill = fill.where(~given, None)
    confirmed = frame.loc[has, "confidence"].eq("confirmed").to_numpy()
    status = pd.Series(np.where(confirmed, code.str[6], ANTICIPATED), index=code.index)
    out.loc[has, "affiliation"] = affiliation
    out.loc[has, "symbol_code"] = code.str[:3] + identity + code.str[4:6] + status + code.str[7:]
    out.loc[has, "symbol_fill"] = fill.astype(object).where(fill.notna(), None)
    return out


def derive_symbols(layers: Sequence[Layer], view: Viewpoint) -> list[Layer]:
    """The layers with each point's symbol columns (SYMBOL_COLUMNS), for kinds drawn with military
    symbols and for any point layer whose features give a sidc."""
    out = []
    for layer in layers:
        kind = layer.kind
        drawn = "symbol" in kind.derived or ("sidc" in layer.frame.columns and layer.frame["sidc"].notna().any())
        if kind.is_point and drawn and len(layer.frame):
            frame = layer.frame.copy()
            symbols = symbols_of(frame, kind.name, kind.party, view)
            for column in SYMBOL_COLUMNS:
                frame[column] = symbols[column]
            layer = layer.with_frame(frame)
        out.append(layer)
    return out

