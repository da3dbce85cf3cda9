"""geo: GeoPandas layers of military positions → one interactive, self-contained Folium map.

    import geo
    model = geo.build_model("layers/idlib-2020/scenario.toml")  # read, validate, derive: once
    m = geo.build_map(model)                 # a folium.Map, shown inline in Jupyter
    model.situation("2020-02-07").posts      # posts with status, since when, km to the front
    m = geo.explore(model.frames["Places"], m=m)   # add a layer, like GeoDataFrame.explore(m=...)
    geo.save_html(m, "build/map.html")       # one self-contained file, written atomically
    geo.to_png(m, "build/map.png")           # print-ready, rendered offline in headless Chromium

The steps, one folder each: read/ → validate/ → derive/ → render/ → write/.
"""
from geo import examples
from geo.api import add_layer_frame as add_layer
from geo.api import (
                     as_scenario,
                     build_map,
                     build_model,
                     explore,
                     read_files,
                     read_files_checked,
                     read_scenario,
                     save_html,
                     situation,
                     situation_map,
                     to_geojson,
                     to_gpkg,
                     to_parquet,
                     to_pdf,
                     to_png,
)
from geo.derive import Situation, Timeline
from geo.errors import GeoError, InputError, Problem, ValidationError
from geo.layer import Layer
from geo.model import MapModel
from geo.render import SituationMap, render_map, to_html
from geo.scenario import Scenario, load_scenario
from geo.schema import KINDS, Kind, get_kind
from geo.validate import (
                     LayerReport,
                     RejectedFeaturesWarning,
                     check,
                     raise_rejects,
                     read_checked,
                     read_layer,
                     rejects_table,
                     validate_frame,
)
from geo.write import iframe_snippet, write_atomic

__version__ = "0.1.0"

__all__ = [
    "GeoError", "InputError", "KINDS", "Kind", "Layer", "LayerReport", "MapModel", "Problem",
    "RejectedFeaturesWarning", "Scenario", "Situation", "SituationMap", "Timeline", "ValidationError",
    "add_layer", "as_scenario", "build_map", "build_model", "check", "examples", "explore", "get_kind",
    "iframe_snippet", "load_scenario", "raise_rejects", "read_checked", "read_files", "read_files_checked",
    "read_layer", "read_scenario", "rejects_table", "render_map", "save_html", "situation", "situation_map",
    "to_geojson", "to_gpkg", "to_html", "to_parquet", "to_pdf", "to_png", "validate_frame", "write_atomic",
]
