"""Military symbols as SVG: one drawing per distinct code, made in Python with ``milsymbol``
(a port of milsymbol.js that gives its SVG character for character), plus what it lacks.

Added here, as milsymbol.js draws them: the dashed frame of status 1 (planned/anticipated),
which geo gives unconfirmed reports, and a fill colour of one's own (a neutral view colours
each side's frames in its colour). tests/test_symbols.py holds every code geo ships to
milsymbol.js's own output.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from geo.render.symbol_cache import SymbolCache
from geo.symbology.names import sidc_in_words
from geo.symbology.sidc import ANTICIPATED, parse_sidc

STROKE_WIDTH = 4  # milsymbol's default, in its 200-unit drawing space
# The dashes milsymbol.js lays over the frame of a planned/anticipated symbol.
_DASHED_FRAME = ('<path d="{d}" stroke-width="{w}" stroke-dasharray="8,12" stroke="rgb(239, 239, 239)" '
                 'fill="none" ></path>')
_FIRST_PATH = re.compile(r'<path d="([^"]*)"[^>]*></path>')
_FILL = re.compile(r'fill="[^"]*"')
# milsymbol 0.2.0 takes symbol set 20 (land installation) for a sea one and 30 (sea surface) for
# a land one when it places text amplifiers; milsymbol.js's dimensions, set before it composes.
_DIMENSIONS = {"20": "Ground", "30": "Sea"}


# milsymbol's size per kind (100 draws a frame 100 px across; a land unit's is 1.5 times as wide).
SIZES = {"post": 16, "unit": 20, "default": 18}
# A post's status on the day, as the additional-information amplifier (field H) beside its symbol.
STATUS_AMPLIFIERS = {"surrounded": "SURROUNDED", "possibly surrounded": "SURROUNDED?", "withdrawn": "WITHDRAWN"}


def status_chip(status: str) -> str:
    """The status amplifier as a chip beside the frame, where APP-6 puts field H, in type one can
    read at arm's length (milsymbol's own amplifier is 6 px at a post's size)."""
    return (f'<span class="geo-amp geo-amp-{status.replace(" ", "-")}">'
            f'{escape(STATUS_AMPLIFIERS[status])}</span>')


def words(code: str) -> str:
    """'infantry battalion (land unit)': what the code draws, for popups and legends."""
    return sidc_in_words(parse_sidc(code)).words


@dataclass(frozen=True)
class Drawn:
    """A symbol's SVG, its size in pixels and where on it the point lies (its anchor)."""

    svg: str
    width: float
    height: float
    anchor: tuple[float, float]


@dataclass(frozen=True)
class SymbolSpec:
    """What one drawing shows: the code (its identity digit is the point of view's), its size
    (milsymbol's: 100 draws a frame 100 px across), a fill colour replacing the standard's, and
    the additional-information amplifier (field H), e.g. SURROUNDED."""

    code: str
    size: int = 20
    fill: str | None = None
    info: str = ""


def _for_milsymbol(code: str) -> str:
    """milsymbol's catalogue holds the D editions' drawings: an E code is drawn with them."""
    return "10" + code[2:] if code[:2] in ("13", "14") else code


_DRAWN: dict[SymbolSpec, Drawn] = {}
_ON_DISK = SymbolCache(Path(__file__))  # drawings kept between runs (geo.render.symbol_cache)


def drawn_specs() -> list[SymbolSpec]:
    """Every symbol drawn so far in this process (what tests/test_symbols.py holds to milsymbol.js)."""
    return list(_DRAWN)


def draw(spec: SymbolSpec) -> Drawn:
    """The drawing of ``spec`` (cached: a map draws each distinct symbol once, and a drawing made in
    an earlier run is read from disk)."""
    if spec not in _DRAWN:
        key = json.dumps([spec.code, spec.size, spec.fill, spec.info])
        kept = _ON_DISK.get(key)
        if kept is not None and len(kept) == 4:
            svg, width, height, anchor = kept
            _DRAWN[spec] = Drawn(svg, width, height, tuple(anchor))
        else:
            drawn = _DRAWN[spec] = _draw(spec)
            _ON_DISK.put(key, [drawn.svg, drawn.width, drawn.height, list(drawn.anchor)])
    return _DRAWN[spec]


def _draw(spec: SymbolSpec) -> Drawn:
    from milsymbol import Symbol  # imported when a symbol is drawn: its catalogue is large

    symbol = Symbol(_for_milsymbol(spec.code), size=spec.size, stroke_width=STROKE_WIDTH,
                    additional_information=spec.info)
    if not symbol.is_valid():
        raise ValueError(f"milsymbol cannot draw the symbol code {spec.code!r}")
    if spec.code[4:6] in _DIMENSIONS and symbol.get_metadata().get("dimension") != _DIMENSIONS[spec.code[4:6]]:
        symbol._metadata["dimension"] = _DIMENSIONS[spec.code[4:6]]
    svg = symbol.as_svg()
    frame = _FIRST_PATH.search(svg)
    if frame is not None and spec.fill:
        start, end = frame.span()
        fill = f'fill="{escape(spec.fill, quote=True)}"'  # a colour from data: an attribute's text, never markup
        svg = svg[:start] + _FILL.sub(lambda _: fill, frame.group(0), count=1) + svg[end:]
        frame = _FIRST_PATH.search(svg)
    if frame is not None and spec.code[6] == ANTICIPATED and _is_framed(spec.code):
        dashes = _DASHED_FRAME.format(d=frame.group(1), w=STROKE_WIDTH + 1)
        svg = svg[:frame.end()] + dashes + svg[frame.end():]
    size, anchor = symbol.get_size(), symbol.get_anchor()
    return Drawn(svg, round(size["width"], 2), round(size["height"], 2),
                 (round(anchor["x"], 2), round(anchor["y"], 2)))


def _is_framed(code: str) -> bool:
    """Control measures (symbol set 25) have no frame to dash."""
    return code[4:6] != "25"


# The frames a key shows: an unspecified land unit of each affiliation, and one dashed.
KEY_CODES = {"friend": "10031000000000000000", "hostile": "10061000000000000000",
             "neutral": "10041000000000000000", "unknown": "10011000000000000000"}
KEY_WORDS = {"friend": "friend (rectangle)", "hostile": "hostile (diamond)", "neutral": "neutral (square)",
             "unknown": "unknown (quatrefoil)"}


def key_samples(affiliations: list[str], fills: list[str | None], neutral: bool) -> list[tuple[str, str]]:
    """(SVG, label) for each affiliation shown: what a frame's shape (and colour) says, then
    what its dashes say. In a neutral view the frames are filled with each side's colour."""
    out = []
    fill = next((f for f in fills if f), None)
    for affiliation in [a for a in KEY_CODES if a in affiliations]:
        drawn = draw(SymbolSpec(KEY_CODES[affiliation], 12, fill if neutral and affiliation == "neutral" else None))
        words = KEY_WORDS[affiliation]
        if neutral and affiliation == "neutral":
            words = "a party of the scenario (square), filled with its side's colour"
        elif neutral and affiliation == "unknown":
            words = "a party the scenario does not name (quatrefoil)"
        out.append((drawn.svg, words))
    if out:
        code = KEY_CODES[next(a for a in KEY_CODES if a in affiliations)]
        dashed = draw(SymbolSpec(code[:6] + ANTICIPATED + code[7:], 12, fill))
        out.append((dashed.svg, "dashed frame: reported or claimed, not confirmed (as APP-6 dashes the anticipated)"))
    return out
