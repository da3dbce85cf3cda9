"""The JavaScript and CSS the map needs, inlined from installed packages.

Leaflet comes from the XStatic-Leaflet package (the version folium targets); the images its CSS
refers to become data: URIs. Nothing is fetched when the page opens.
"""
from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
from branca.element import Element

from geo.render.bundle import classic_script

_STATIC = resources.files("geo.render") / "static"
_CSS_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


def _leaflet_dir() -> Path:
    return Path(xleaflet.BASE_DIR)


def _no_closing_script(text: str, name: str) -> str:
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"{name} contains a closing tag and cannot be inlined")
    return text


@cache
def leaflet_js() -> str:
    text = (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    return _no_closing_script(_SOURCE_MAP.sub("\n", text), "leaflet.js")


@cache
def leaflet_css() -> str:
    base = _leaflet_dir()

    def inline(match: re.Match) -> str:
        data = base64.b64encode((base / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return _no_closing_script(_CSS_URL.sub(inline, (base / "leaflet.css").read_text(encoding="utf-8")),
                              "leaflet.css")


@cache
def own(name: str) -> str:
    """One of geo's own files: a stylesheet as it is, a module as a classic script (bundle.py)."""
    text = (_STATIC / name).read_text(encoding="utf-8")
    return _no_closing_script(classic_script(text, name) if name.endswith(".js") else text, name)


# The libraries the page inlines (npm packages, copied by `npm run vendor`; their licences beside
# them in static/vendor/): MGRS coordinates (`mgrs`, global ``mgrs``) and geodesics on the
# ellipsoid (`geographiclib-geodesic`, global ``geodesic``).
VENDOR = ("mgrs.min.js", "geographiclib-geodesic.min.js")


@cache
def vendor(name: str) -> str:
    """A vendored library, its source map comment dropped, ended so that what follows it in the
    same script cannot continue its last expression."""
    text = _SOURCE_MAP.sub("\n", (_STATIC / "vendor" / name).read_text(encoding="utf-8"))
    return _no_closing_script(text.rstrip() + "\n;", name)


class InlineAssets(Element):
    """<style> and <script> blocks for the page header, in a fixed order.

    A map of ours carries Leaflet too; on a plain folium.Map (which links Leaflet from a CDN)
    only geo's own drawing code is added, so that ``add_layer`` works there as well.
    """

    def __init__(self, leaflet: bool = True):
        super().__init__()
        self._name = "InlineAssets"
        self.leaflet = leaflet

    def render(self, **kwargs) -> str:
        blocks = [f"<style>{own('geo.css')}</style>", f"<script>{own('geo.js')}\n{own('labels.js')}</script>"]
        if self.leaflet:  # a map of ours: Leaflet, and the tools its controls use
            blocks = [f"<style>{leaflet_css()}</style>", blocks[0], f"<script>{leaflet_js()}</script>",
                      "<script>" + "\n".join([*map(vendor, VENDOR), *map(own, ("geo.js", "labels.js", "tools.js", "compare.js"))])
                      + "</script>"]
        return "\n".join(blocks)


ASSETS = "geo_assets"


def add_geo_assets(root: Element) -> None:
    """Put geo's drawing code in the page header, once (a map of ours already has it)."""
    if ASSETS not in root.header._children:
        root.header.add_child(InlineAssets(leaflet=False), name=ASSETS)


class FeatureAssets(Element):
    """The code (and style) of one feature only some maps have, inlined once in the page header:
    the canvas drawing of large layers, the story panel, units' tracks."""

    def __init__(self, files: tuple[str, ...]):
        super().__init__()
        self._name = "FeatureAssets"
        self.files = files

    def render(self, **kwargs) -> str:
        return "\n".join(f"<style>{own(f)}</style>" if f.endswith(".css") else f"<script>{own(f)}</script>"
                         for f in self.files)


def _add_feature_assets(root: Element, name: str, *files: str) -> None:
    if name not in root.header._children:
        root.header.add_child(FeatureAssets(files), name=name)


def add_events_assets(root: Element) -> None:
    """The canvas drawing of large layers (``static/events.js``): only on maps that have one."""
    _add_feature_assets(root, "geo_events_assets", "events.js")


def add_story_assets(root: Element) -> None:
    """The story panel (``static/story.js``): only on maps that tell a story."""
    _add_feature_assets(root, "geo_story_assets", "story.js")


def add_tracks_assets(root: Element) -> None:
    """The drawing of units' tracks (``static/tracks.js``, ``tracks.css``): only on maps that have one."""
    _add_feature_assets(root, "geo_tracks_assets", "tracks.css", "tracks.js")
