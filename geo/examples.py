"""The shipped case studies, found the same way in a checkout and in an installed wheel.

In a wheel they are package data (``geo/examples_data/``, from the checkout's ``layers/``);
in a checkout, ``layers/`` beside the package. Both are found through ``importlib.resources``.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGED = "examples_data"  # the wheel's copy of layers/ (see pyproject.toml)


def folder() -> Path:
    """The folder holding one folder per case study (``idlib-2020/``...)."""
    packaged = resources.files("geo") / PACKAGED
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(str(resources.files("geo"))).parent / "layers"


def idlib_2020() -> Path:
    """The scenario file of the default case study: north-west Syria, Dec 2019 – Mar 2020."""
    return folder() / "idlib-2020" / "scenario.toml"
