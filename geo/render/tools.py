"""The analyst's tools on the map, all offline (geo/render/static/tools.js): search over the map's
own features and their aliases, full screen, a geodesic distance and area measure, pointer
coordinates in decimal degrees, DMS and MGRS, an overview map, a permalink of the view and a
button that copies it."""
from __future__ import annotations

from folium.elements import MacroElement

from geo.read.gazetteer import FOLDING
from geo.render.verbatim import Template, VerbatimRender


class Tools(VerbatimRender, MacroElement):
    """Added last, after the layer panel: the permalink restores which of its layers are off, and
    the overview shows the map's view bounds (its own, set when the map is fitted)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        geoTools({{ this._parent.get_name() }}, {{ this.options()|tojson }});
        {% endmacro %}
        """)

    def __init__(self):
        super().__init__()
        self._name = "Tools"

    def options(self) -> dict:
        """The overview's bounds, and the gazetteer's folding rule: the search folds names by it,
        so the page and ``geo.read.gazetteer.normalise`` take the same spellings for one name."""
        bounds = getattr(self._parent, "view_bounds", None)
        return {"bounds": [float(b) for b in bounds] if bounds else None, "fold": FOLDING}
