"""What the page needs to compare two days: km² gained per holder for every pair of change days
(computed once, in Python: geo.derive.compare), and which feature of each area state is whose.

The hatched land itself is drawn by compare.js from the area states the page already carries
(the later day's area of a side, masked by the earlier day's area of the same side), so it adds
no geometry to the page; only the figures travel, as a triangle of whole tenths of km², each
number in one to four characters (``pack``: ~8 KB for the shipped map's 54 change days and three
holders, where JSON numbers would take 21 KB).
"""
from __future__ import annotations

from geo.derive.compare import gained_km2
from geo.derive.timeline import Timeline
from geo.render.timebar import CONTESTED_LABEL, CONTESTED_STYLE
from geo.scenario import Side
from geo.schema import CONTESTED

# 64 characters that need no escaping in JSON, HTML or a URL: 5 bits of a number each, the upper
# half saying that more characters of the same number follow (compare.js unpacks them).
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"


def pack(values: list[int]) -> str:
    """Non-negative integers as one string, 5 bits a character, lowest bits first."""
    out = []
    for value in values:
        if value < 0:
            raise ValueError(f"pack takes non-negative integers, found {value}")
        while value >= 32:
            out.append(DIGITS[32 + (value & 31)])
            value >>= 5
        out.append(DIGITS[value])
    return "".join(out)


def unpack(text: str) -> list[int]:
    """The integers ``pack`` wrote (what compare.js does to read them)."""
    out, value, shift = [], 0, 0
    for char in text:
        digit = DIGITS.index(char)
        value |= (digit & 31) << shift
        if digit < 32:
            out.append(value)
            value, shift = 0, 0
        else:
            shift += 5
    return out


def pair_index(p: int, q: int) -> int:
    """Where the pair of change days p < q lies in the triangle (compare.js computes the same)."""
    return q * (q - 1) // 2 + p


def compare_config(timeline: Timeline, sides: tuple[Side, ...]) -> dict:
    """``holders`` (ids), their ``labels`` and ``colours``; ``held``: per area state, the position
    of each holder's feature in it (-1: none); ``gained``: per holder, packed (``pack``), the km² × 10 it gained from
    change day p to change day q, for every p < q at ``pair_index(p, q)`` — equal to
    ``timeline.change(day p, day q).by_side()``'s ``gained_km2`` (which rounds to 0.1 km²)."""
    holders, gained = gained_km2(timeline)
    by_id = {side.id: side for side in sides}
    states = [timeline.state_index(at) for at in range(len(timeline.change_days))]
    held = []
    for areas, _ in timeline.states:
        rows = list(areas["controller"])
        held.append([rows.index(h) if h in rows else -1 for h in holders])
    triangle = [pack([int(round(float(gained[n, states[p], states[q]]) * 10))
                      for q in range(1, len(states)) for p in range(q)]) for n in range(len(holders))]
    return {"holders": holders,
            "labels": [CONTESTED_LABEL if h == CONTESTED else by_id[h].label for h in holders],
            "colours": [CONTESTED_STYLE["color"] if h == CONTESTED else by_id[h].colour for h in holders],
            "held": held, "gained": triangle}
