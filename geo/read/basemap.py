"""An offline basemap prepared for a scenario's view: relief (a hillshade PNG), rivers and lakes,
boundaries and the coast, as ``layers/make_basemap.py`` writes them into a folder.

Read as they are, with their sources and licences; the renderer draws them under the data when
no tiles are chosen, or when online tiles fail to load.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import InputError

FILES = {"hillshade": "hillshade.png", "water": "rivers_lakes.geojson", "boundaries": "admin.geojson",
         "coast": "coastline.geojson", "manifest": "manifest.json"}
NAMES = "names.geojson"  # optional: more place names for context, by population


def _no_names() -> dict:
    return {"type": "FeatureCollection", "features": []}


@dataclass(frozen=True)
class Basemap:
    """The basemap's parts: the hillshade (PNG bytes and its [[south, west], [north, east]]),
    GeoJSON of water, boundaries and coast, and the credit each source asks for."""

    hillshade: bytes = field(repr=False)
    hillshade_bounds: tuple[tuple[float, float], tuple[float, float]]
    water: dict = field(repr=False)
    boundaries: dict = field(repr=False)
    coast: dict = field(repr=False)
    names: dict = field(default_factory=_no_names, repr=False)
    credits: tuple[str, ...] = ()
    licences: tuple[str, ...] = ()


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (a basemap folder has {', '.join(FILES.values())})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path.name}: is not JSON ({exc})") from None


def read_basemap(folder: Path) -> Basemap:
    """The basemap in ``folder``; InputError naming the file that is missing or unreadable."""
    if not folder.is_dir():
        what = "a file" if folder.exists() else "nothing"
        raise InputError(f"{folder}: expected a basemap folder (made by layers/make_basemap.py: "
                         f"{', '.join(FILES.values())}), found {what}")
    manifest = _json(folder / FILES["manifest"])
    png = folder / FILES["hillshade"]
    try:
        image = png.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{png}: no such file (a basemap folder has {', '.join(FILES.values())})") from None
    if not image.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InputError(f"{png.name}: expected a PNG image, found {image[:8]!r}")
    try:
        (south, west), (north, east) = manifest["hillshade"]["leaflet_bounds_latlon"]
    except (KeyError, TypeError, ValueError):
        raise InputError(f"{FILES['manifest']}: field 'hillshade.leaflet_bounds_latlon': expected "
                         "[[south, west], [north, east]], found "
                         f"{manifest.get('hillshade', {}).get('leaflet_bounds_latlon')!r}") from None
    parts = {name: _json(folder / FILES[name]) for name in ("water", "boundaries", "coast")}
    if (folder / NAMES).exists():
        parts["names"] = _json(folder / NAMES)
    credits = [manifest["hillshade"].get("attribution", "")] + [p.get("attribution", "") for p in parts.values()]
    licences = [manifest["hillshade"].get("licence", "")] + [p.get("licence", "") for p in parts.values()]
    return Basemap(image, ((float(south), float(west)), (float(north), float(east))), parts["water"],
                   parts["boundaries"], parts["coast"], parts.get("names") or _no_names(),
                   tuple(dict.fromkeys(c for c in credits if c)),
                   tuple(dict.fromkeys(licence for licence in licences if licence)))
