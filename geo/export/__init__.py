"""Maps in reports: print-ready PNG/PDF, an <iframe> snippet, and the layers as GeoPackage/GeoJSON.

    import geo
    geo.to_png("layers/idlib-2020/scenario.toml", "build/feb7.png", date="2020-02-07")
    m = geo.build_map("layers/idlib-2020/scenario.toml", tiles="none", day="2020-02-07")
    m.to_png("build/feb7.png"); m.to_pdf("build/feb7.pdf"); m.to_gpkg("build/feb7.gpkg")

Images are rendered offline by Debian's headless Chromium (/usr/bin/chromium) through Playwright.
"""
from geo.export.data import to_geojson, to_gpkg
from geo.export.embed import iframe_snippet
from geo.export.image import PAPERS, png_bytes, pdf_bytes, to_pdf, to_png

__all__ = ["PAPERS", "iframe_snippet", "pdf_bytes", "png_bytes", "to_geojson", "to_gpkg", "to_pdf", "to_png"]
