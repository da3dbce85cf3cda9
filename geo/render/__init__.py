"""Render: a MapModel in, a self-contained folium map out. Knows nothing of files."""
from geo.render.layers import FeatureLayer, feature_layers
from geo.render.legend import Legend
from geo.render.map import SituationMap, add_layer, render_map
from geo.render.verbatim import writable


def to_html(m) -> str:
    """The map's complete HTML page."""
    return m.get_root().render()


__all__ = ["FeatureLayer", "Legend", "SituationMap", "add_layer", "feature_layers", "render_map", "to_html",
           "writable"]
