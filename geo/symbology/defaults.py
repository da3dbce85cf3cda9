"""The codes geo's kinds are drawn with when a feature gives no SIDC of its own: a unit from its
type and echelon, a post as an installation of its operator. Tables, so that a new unit type is
one line (and the schema's choices are these keys)."""
from __future__ import annotations

from geo.symbology.sidc import AFFILIATIONS, Sidc

# unit_type → (symbol set, entity) in MIL-STD-2525D / APP-6 D.
UNIT_TYPES: dict[str, tuple[str, str]] = {
    "unspecified": ("10", "000000"),
    "combined arms": ("10", "121000"),
    "infantry": ("10", "121100"),
    "mechanized infantry": ("10", "121102"),
    "motorized infantry": ("10", "121104"),
    "armour": ("10", "120500"),
    "reconnaissance": ("10", "121300"),
    "special forces": ("10", "121700"),
    "special operations forces": ("10", "121800"),
    "ranger": ("10", "122000"),
    "military police": ("10", "141200"),
    "security": ("10", "141700"),
    "field artillery": ("10", "130300"),
    "air defence": ("10", "130100"),
    "engineer": ("10", "140700"),
    "command and control": ("10", "110000"),
}
# echelon → the amplifier digits.
ECHELONS: dict[str, str] = {
    "team": "11", "squad": "12", "section": "13", "platoon": "14", "company": "15",
    "battalion": "16", "regiment": "17", "brigade": "18", "division": "21", "corps": "22",
    "army": "23",
}
# A post's type → (symbol set, entity): each drawn as an installation of its operator.
POST_ENTITIES: dict[str, tuple[str, str]] = {
    "observation post": ("20", "120802"),  # military base
    "base": ("20", "120802"),
    "checkpoint": ("20", "120802"),
    "position": ("20", "110000"),  # an installation, unspecified
}


def default_code(symbol_set: str, entity: str, echelon: str | None = None,
                 affiliation: str = "unknown") -> Sidc:
    """A present, real-world code of this entity (and echelon), as ``affiliation`` sees it."""
    return Sidc(version="10", context="0", identity=AFFILIATIONS[affiliation], symbol_set=symbol_set,
                status="0", hq_tf_dummy="0", amplifier=ECHELONS[echelon] if echelon else "00",
                entity=entity, modifier1="00", modifier2="00")
