"""Rendering: validated GeoDataFrames in, a self-contained folium map out. Knows nothing of files."""
from geo.render.layers import FeatureLayer
from geo.render.legend import Legend
from geo.render.map import SituationMap, add_layer, feature_layers, situation_map

__all__ = ["FeatureLayer", "Legend", "SituationMap", "add_layer", "feature_layers", "situation_map"]
