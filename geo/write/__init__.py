"""Write: what was built, to files — atomically. The HTML page, PNG and PDF (headless Chromium), MP4/GIF
clips (the same page stepped day by day, geo.write.clip),
the layers as GeoPackage or GeoJSON, an <iframe> snippet. Nothing here builds or renders a map."""
from geo.write.atomic import atomic_path, write_atomic
from geo.write.data import to_geojson, to_gpkg
from geo.write.embed import iframe_snippet
from geo.write.image import PAPERS, pdf_bytes, png_bytes, write_pdf, write_png

__all__ = ["PAPERS", "atomic_path", "iframe_snippet", "pdf_bytes", "png_bytes", "to_geojson", "to_gpkg",
           "write_atomic", "write_pdf", "write_png"]
