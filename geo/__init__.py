"""geo: GeoPandas layers of military positions → one interactive, self-contained Folium map.

    import geo
    scenario = geo.load_scenario("layers/idlib-2020/scenario.toml")
    layers = scenario.read()                 # {name: validated GeoDataFrame in EPSG:4326}
    m = geo.build_map(scenario)              # a folium.Map, shown inline in Jupyter
    feb7 = geo.situation(scenario, "2020-02-07")   # posts with status, areas of control...
    m = geo.explore(layers["Places"], m=m)   # add a layer, like GeoDataFrame.explore(m=...)
    geo.save_html(m, "build/map.html")       # one self-contained file, written atomically
"""
from geo.api import build_map, explore, read_files
from geo.errors import GeoError, InputError, Problem, ValidationError
from geo.export import iframe_snippet, to_geojson, to_gpkg, to_pdf, to_png
from geo.read import read_checked, read_layer
from geo.render import SituationMap, add_layer, situation_map
from geo.scenario import Scenario, load_scenario
from geo.schema import KINDS, get_kind
from geo.timeline import Situation, Timeline
from geo.validate import check, validate
from geo.write import save_html, to_html, write_atomic

__version__ = "0.1.0"


def situation(scenario: Scenario | str, day: str) -> Situation:
    """The situation on ``day``: layers as GeoDataFrames with derived columns, areas of control
    and front lines. For several days, load a ``Timeline`` once and call ``.on(day)``."""
    return Timeline.load(scenario).on(day)

__all__ = [
    "GeoError", "InputError", "KINDS", "Problem", "Scenario", "Situation", "SituationMap", "Timeline",
    "ValidationError", "situation",
    "add_layer", "build_map", "check", "explore", "get_kind", "load_scenario", "read_checked",
    "read_files", "read_layer", "save_html", "situation_map", "to_html", "validate", "write_atomic",
    "iframe_snippet", "to_geojson", "to_gpkg", "to_pdf", "to_png",
]
