"""Military symbols as data: symbol codes (SIDCs) of MIL-STD-2525 D/E and APP-6 D/E, their
parts in words, and the codes this project's kinds are drawn with.

Nothing here draws: ``geo.render.milsymbols`` turns a code into SVG.
"""
from geo.symbology.defaults import ECHELONS, POST_ENTITIES, UNIT_TYPES, default_code
from geo.symbology.names import Described, sidc_in_words
from geo.symbology.sidc import AFFILIATIONS, Sidc, SidcError, parse_sidc

__all__ = ["AFFILIATIONS", "Described", "ECHELONS", "POST_ENTITIES", "Sidc", "SidcError", "UNIT_TYPES",
           "default_code", "sidc_in_words", "parse_sidc"]
