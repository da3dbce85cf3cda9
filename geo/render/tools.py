"""The analyst's tools on the map, all offline (geo/render/static/tools.js): search over the map's
own features and their aliases, full screen, a geodesic distance and area measure, pointer
coordinates in decimal degrees, DMS and MGRS, an overview map and a permalink of the view."""
from __future__ import annotations

from folium.elements import MacroElement

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
        bounds = getattr(self._parent, "view_bounds", None)
        return {"bounds": [float(b) for b in bounds] if bounds else None}
