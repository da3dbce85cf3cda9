"""Online base maps, as xyzservices TileProviders: URL, attribution, and the host a map may fetch.

A map loads tiles only while their layer is ticked; exports let the browser reach exactly the
hosts of the tiles asked for (``allowed_hosts``) and nothing else.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import xyzservices.providers as xyz
from xyzservices import Bunch, TileProvider

NONE = "none"
TILES = Bunch(openstreetmap=xyz.OpenStreetMap.Mapnik)
LABELS = {"openstreetmap": "OpenStreetMap (online tiles)"}  # the layer's name in the layer list


def choices() -> list[str]:
    return [*TILES, NONE]


def provider(name: str | None) -> TileProvider | None:
    """The provider called ``name`` (None for 'none' or no name); ValueError for an unknown one."""
    if not name or name.lower() == NONE:
        return None
    try:
        return TILES[name.lower()]
    except KeyError:
        raise ValueError(f"unknown tiles {name!r}; use one of: {', '.join(choices())}") from None


def label(name: str) -> str:
    return LABELS.get(name.lower(), provider(name).name)


def credit(name: str) -> str:
    """The credit a printed map names in its footer (the screen shows the linked form)."""
    text = provider(name).attribution.replace("(C)", "©")
    return f"Base map {text}"


def allowed_hosts(name: str | None) -> tuple[str, ...]:
    """URL prefixes (scheme://host/) a page showing these tiles may fetch from."""
    tiles = provider(name)
    if tiles is None:
        return ()
    parts = urlsplit(tiles.build_url(x=0, y=0, z=0))
    return (f"{parts.scheme}://{parts.netloc}/",)
