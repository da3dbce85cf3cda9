"""What a file really is, before a reader trusts its name: magic bytes and text encoding.

A ``posts.geojson`` that is really a ZIP archive, an HTML error page saved from a browser, or
Latin-1 text should fail with a sentence that says so, not with a parser's error from deep inside.
"""
from __future__ import annotations

import codecs
from collections.abc import Callable, Collection
from pathlib import Path

from geo.errors import InputError

CHUNK = 1 << 20

# What a file can look like (what_it_is), where a format's check needs to name it.
SQLITE, ZIP, SHAPEFILE = "an SQLite database (GeoPackage)", "a ZIP archive (KMZ, zipped shapefile, spreadsheet?)", \
    "an ESRI shapefile (.shp)"
JSON_TEXT, KML_DOCUMENT, XML_DOCUMENT, TEXT = "JSON text", "a KML document", "an XML document", "text"
PARQUET = "a Parquet file"
EMPTY_ZIP = "an empty ZIP archive"

# (what the first bytes start with, what the file is)
_MAGIC = (
    (b"SQLite format 3\x00", SQLITE),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", EMPTY_ZIP),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x00\x00\x27\x0a", SHAPEFILE),
    (b"PAR1", PARQUET),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.xls?)"),
)

def head(path: Path, size: int = 512) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def what_it_is(start: bytes) -> str:
    """A short description of a file from its first bytes."""
    if not start:
        return "empty"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows "Unicode" text: judge what it says; check_encoding then asks for its encoding.
        start = start.decode("utf-16", errors="ignore").encode("utf-8")
    for magic, name in _MAGIC:
        if start.startswith(magic):
            return name
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if text.startswith(b"<?xml") or text.startswith(b"<kml"):
        return XML_DOCUMENT if b"<kml" not in start.lower() else KML_DOCUMENT
    if text.startswith((b"{", b"[")):
        return JSON_TEXT
    if b"\x00" in start:
        return "binary data"
    return TEXT


def check_format(path: Path, name: str, looks_like: Collection[str]) -> None:
    """InputError when the file is empty or its first bytes are not what a file of format ``name``
    looks like (``looks_like``: what ``what_it_is`` may say of it)."""
    start = head(path)
    if not start.strip():
        raise InputError(f"{path.name}: is empty")
    if what_it_is(start) not in looks_like:
        raise InputError(f"{path.name}: is not {name}: it looks like {what_it_is(start)}; "
                         "check that the file was saved or downloaded whole, in the format its name says")


def check_encoding(path: Path, encoding: str | None = None, label: str | None = None) -> str:
    """The encoding to read a text file with; InputError naming the byte that does not decode.

    Reads in chunks, so that a large file is checked without holding it twice in memory.
    ``label`` names the file in messages when ``path`` is a copy (e.g. the KML inside a KMZ).
    """
    encoding = encoding or "utf-8"
    name = label or path.name
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise InputError(f"{name}: unknown text encoding {encoding!r}; use e.g. utf-8, cp1252, latin-1") from None
    offset, line = 0, 1
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # exc.object starts with what the decoder held back from the chunk before.
                held = len(exc.object) - len(chunk)
                at = offset - held + exc.start
                line += chunk[:max(exc.start - held, 0)].count(b"\n")
                hint = ("if it was saved in another encoding, say which, e.g. --encoding cp1252 "
                        "(or encoding = \"cp1252\" on the scenario's layer)") if encoding == "utf-8" else \
                    "check the encoding given"
                raise InputError(f"{name}: is not {encoding.upper()} text: byte "
                                 f"0x{exc.object[exc.start]:02X} at offset {at} (line {line}) does not "
                                 f"decode; {hint}") from None
            offset += len(chunk)
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError(f"{name}: is not {encoding.upper()} text: it ends in the middle of a "
                             "character (truncated?)") from None
    return encoding


def is_utf8(encoding: str) -> bool:
    """Whether text in ``encoding`` can go to GDAL as it is (GDAL reads GeoJSON and KML as UTF-8)."""
    return codecs.lookup(encoding).name == "utf-8"


def to_utf8(path: Path, encoding: str, target: Path, first: Callable[[str], str] = str) -> Path:
    """Copy a text file to ``target`` as UTF-8, in chunks; ``first`` may rewrite its first chunk.

    GDAL's GeoJSON and KML readers take UTF-8 only: a file in another encoding is transcoded, once,
    to a temporary copy, without holding the whole file in memory.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as source, open(target, "w", encoding="utf-8", newline="") as out:
        text = decoder.decode(source.read(CHUNK))
        out.write(first(text.removeprefix("\ufeff")))
        while chunk := source.read(CHUNK):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return target
