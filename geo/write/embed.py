"""An <iframe> snippet that puts the map into a web page: by URL, or inline through ``srcdoc``.

The map page is self-contained, so it works in an iframe from its own URL and from ``srcdoc``
(the date control then keeps the date out of the URL, which an srcdoc page cannot change). The
iframe's ``title`` names the map for screen readers; a wrapper keeps the map's aspect ratio.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

from geo.errors import GeoError

CSS_LENGTH = re.compile(r"^(?:\d+(?:\.\d+)?(?:px|%|em|rem|vh|vw|ch)|0)$")
MIN_RATIO, MAX_RATIO = 4 / 3, 16 / 9  # room for the legend and layer list beside the area


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def aspect_ratio(bounds: Sequence[float] | None) -> float:
    """Width / height for a view (west, south, east, north), kept between 4:3 and 16:9."""
    if not bounds:
        return 16 / 10
    west, south, east, north = bounds
    height = _mercator_y(north) - _mercator_y(south)
    ratio = math.radians(east - west) / height if height > 0 else MAX_RATIO
    return min(MAX_RATIO, max(MIN_RATIO, ratio))


def css_length(text: str, what: str) -> str:
    """A CSS length as given ('100%', '640px', '80vh'); a bare number means pixels."""
    text = str(text).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        text += "px"
    if not CSS_LENGTH.match(text):
        raise GeoError(f"{what}: expected a CSS length such as 100%, 640px or 80vh, found {text!r}")
    return text


def iframe_snippet(*, title: str, src: str | None = None, srcdoc: str | None = None, width: str = "100%",
                   height: str | None = None, bounds: Sequence[float] | None = None) -> str:
    """The HTML to paste into a page: an <iframe> of the map (``src`` URL, or the page as ``srcdoc``).

    Without ``height``, a wrapper <div> keeps the view's aspect ratio (CSS aspect-ratio) at any
    width; with it, the iframe has that fixed height. Everything is escaped.
    """
    if (src is None) == (srcdoc is None):
        raise GeoError("embed: give either the map's URL (src) or its page (srcdoc)")
    width = css_length(width, "width")
    where = f'src="{escape(src, quote=True)}"' if src is not None else f'srcdoc="{escape(srcdoc, quote=True)}"'
    attributes = (f'{where} title="{escape(title or "Map", quote=True)}" loading="lazy" '
                  'referrerpolicy="no-referrer" allowfullscreen')
    if height is not None:
        height = css_length(height, "height")
        return (f'<iframe {attributes} style="display:block;width:{width};height:{height};'
                'border:1px solid #ccc;"></iframe>\n')
    ratio = aspect_ratio(bounds)
    ratio_text = f"{round(ratio * 100)} / 100"
    return (f'<div class="geo-map-embed" style="position:relative;width:{width};max-width:100%;'
            f'aspect-ratio:{ratio_text};">'
            f'<iframe {attributes} style="position:absolute;top:0;left:0;width:100%;height:100%;'
            'border:1px solid #ccc;box-sizing:border-box;"></iframe></div>\n')
