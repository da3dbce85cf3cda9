"""The sides can be told apart without full colour vision: their colours stay far apart under
simulated deuteranopia and protanopia (Machado, Oliveira & Fernandes 2009, severity 1), and
their areas' outlines differ in pattern as well."""
from __future__ import annotations

import numpy as np
import pytest

import geo
from geo.render.style import side_style
from tests.conftest import SCENARIO

# Machado et al. (2009), full severity, on linear RGB
SIMULATIONS = {
    "normal vision": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
MIN_DELTA_E = 30  # CIE76 ΔE*ab: clearly different colours (2.3 is a just-noticeable difference)


def linear_rgb(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(rgb, 0, 1)
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, simulation: np.ndarray) -> float:
    return float(np.linalg.norm(lab(simulation @ linear_rgb(a)) - lab(simulation @ linear_rgb(b))))


def test_the_old_red_and_green_would_fail():  # the check can fail
    assert delta_e("#b71c1c", "#2e7d32", SIMULATIONS["deuteranopia"]) < MIN_DELTA_E


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_the_case_studys_sides_stay_apart(vision):
    sides = geo.load_scenario(SCENARIO).control.sides
    for i, a in enumerate(sides):
        for b in sides[i + 1:]:
            assert delta_e(a.colour, b.colour, SIMULATIONS[vision]) >= MIN_DELTA_E, (vision, a.id, b.id)


def test_sides_differ_by_outline_pattern_not_colour_alone():
    styles = [side_style(n, "#777777") for n in range(4)]
    assert len({s.get("dashArray", "") for s in styles}) == 4


def test_within_a_kind_symbols_differ_by_shape_or_size_not_colour_alone():
    from geo.render.style import POINT_SYMBOLS

    for kind, symbols in POINT_SYMBOLS.items():
        looks = [(symbol.shape, symbol.size) for symbol in symbols.values()]
        assert len(set(looks)) == len(looks), kind
