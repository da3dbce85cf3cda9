"""Time and spatial analysis: what holds on a given day, derived from geometry and dates.

Plain functions over GeoDataFrames; areas and distances in a metric CRS (METRIC_CRS).
"""
from geo.derive.control import (ESTIMATE_NOTE, control_areas, controllers_on, distance_to_front_km,
                                front_lines)
from geo.derive.corridor import corridor
from geo.derive.posts import post_statuses, status_history
from geo.derive.time import exists_on, lifespan

__all__ = ["ESTIMATE_NOTE", "control_areas", "controllers_on", "corridor", "distance_to_front_km",
           "exists_on", "front_lines", "lifespan", "post_statuses", "status_history"]
