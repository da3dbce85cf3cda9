"""The formats geo reads, as data: name, file suffixes, what their first bytes look like, reader.

Both the dispatch (``geo.read.read_raw``) and the check of what a file really is
(``geo.read.sniff.check_format``) read this one table, so a new format is one entry here plus
its reader and tests.

A ZIP archive (``countries.zip``, as Natural Earth and most portals publish shapefiles) is read by
the format of the layer file inside it: the only one, or the one named (``countries.zip:admin0``,
or GDAL's ``/vsizip/path/countries.zip/admin0.shp``). Only that file (with a shapefile's
sidecars) is extracted, to a temporary folder removed after the read.
"""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from geo.errors import InputError
from geo.read import sniff, table, vector
from geo.read.raw import RawRead, ReadOptions


@dataclass(frozen=True)
class Format:
    """One input format. ``looks_like`` is what ``sniff.what_it_is`` may say of such a file."""

    name: str
    suffixes: tuple[str, ...]
    looks_like: frozenset[str]
    reader: Callable[[Path, ReadOptions], RawRead]

    def read(self, path: Path, options: ReadOptions) -> RawRead:
        sniff.check_format(path, self.name, self.looks_like)
        return self.reader(path, options)


def read_zip(path: Path, options: ReadOptions) -> RawRead:
    """The layer file inside a ZIP archive, read by its own format's reader.

    ``options.layer`` names the file inside (its path, name or name without suffix); when the
    archive holds one layer file only, it may instead name a layer of that file (a GeoPackage's).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and _visible(m.filename)]
            member, inner_layer = _member(path, members, options.layer)
            inner = format_of(PurePosixPath(member.filename))
            with tempfile.TemporaryDirectory(prefix="geo-zip-") as folder:
                target = _extract(archive, member, members, Path(folder))
                try:
                    read = inner.read(target, replace(options, layer=inner_layer, what=inner.name))
                except InputError as exc:
                    raise InputError(f"{path.name}: {exc}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise InputError(f"{path.name}: is not a complete ZIP archive ({exc}); was the download cut short?") from None
    read.notes = (f"read {member.filename} ({inner.name}) from the ZIP archive", *read.notes)
    return read


def _visible(name: str) -> bool:
    """Not a folder entry, nor macOS's __MACOSX/ and ._ files, nor another hidden file."""
    parts = PurePosixPath(name).parts
    return bool(parts) and parts[0] != "__MACOSX" and not parts[-1].startswith(".")


def _layer_files(members: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The members that are layer files of a format read here (a ZIP inside a ZIP is not read)."""
    return [m for m in members if (found := format_of(PurePosixPath(m.filename))) is not None
            and found.name != ZIP_NAME]


def _member(path: Path, members: list[zipfile.ZipInfo], layer: str | None) -> tuple[zipfile.ZipInfo, str | None]:
    """The layer file to read, and the layer to read of it; InputError when that is not clear."""
    files = _layer_files(members)
    names = [m.filename for m in files]
    if not files:
        found = ", ".join(m.filename for m in members[:6]) or "nothing"
        raise InputError(f"{path.name}: expected a layer file ({', '.join(s for s in SUFFIXES if s != '.zip')}) "
                         f"inside the ZIP archive, found {found}")
    if layer is not None:
        wanted = layer.strip("/").lower()
        named = [m for m in files if wanted in _names_of(m.filename)]
        if len(named) == 1:
            return named[0], None
        if len(named) > 1:
            raise InputError(f"{path.name}: expected one layer file named {layer!r} inside the ZIP archive, "
                             f"found {len(named)}: {', '.join(m.filename for m in named)}; name it with its "
                             "folder and suffix")
        if len(files) == 1:
            return files[0], layer  # a layer of the one file inside (a GeoPackage's)
        raise InputError(f"{path.name}: has no layer file {layer!r} inside; it holds: {', '.join(names)}")
    if len(files) > 1:
        stem = PurePosixPath(names[0]).stem
        raise InputError(f"{path.name}: holds {len(files)} layer files ({', '.join(names)}); name the one to "
                         f"read ('{path.name}:{stem}' on the command line, or layer='{stem}')")
    return files[0], None


def _names_of(member: str) -> set[str]:
    """What may name a member: its path, its name, each without its suffix (lower case)."""
    inner = PurePosixPath(member.lower())
    return {str(inner), str(inner.with_suffix("")), inner.name, inner.stem}


MAX_UNPACKED = 4 << 30  # what a layer may unpack to (a ZIP bomb unpacks to far more)


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, members: list[zipfile.ZipInfo],
             folder: Path) -> Path:
    """The member copied into ``folder`` under its own name (never a path of the archive's choosing),
    with the files beside it of the same name (a shapefile's .shx, .dbf, .prj, .cpg)."""
    inner = PurePosixPath(member.filename)
    group = [member]
    if inner.suffix.lower() == ".shp":
        group += [m for m in members if m is not member
                  and PurePosixPath(m.filename).parent == inner.parent
                  and PurePosixPath(m.filename).stem.lower() == inner.stem.lower()]
    size = sum(item.file_size for item in group)
    if size > MAX_UNPACKED:
        raise InputError(f"{Path(archive.filename or '').name}: expected a layer of at most "
                         f"{_size(MAX_UNPACKED)} unpacked, found {member.filename} of {_size(size)}; "
                         "unpack it yourself if it is right")
    for item in group:
        with archive.open(item) as source, open(folder / PurePosixPath(item.filename).name, "wb") as out:
            shutil.copyfileobj(source, out)
    return folder / inner.name


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


ZIP_NAME = "a ZIP archive"

FORMATS = (
    Format("GeoJSON", (".geojson", ".json"), frozenset({sniff.JSON_TEXT}), vector.read_geojson),
    Format("GeoPackage", (".gpkg",), frozenset({sniff.SQLITE}), vector.read_geopackage),
    Format("a shapefile", (".shp",), frozenset({sniff.SHAPEFILE}), vector.read_shapefile),
    Format("KML", (".kml",), frozenset({sniff.KML_DOCUMENT, sniff.XML_DOCUMENT}), vector.read_kml),
    Format("KMZ", (".kmz",), frozenset({sniff.ZIP}), vector.read_kml),
    Format("GeoParquet", (".parquet", ".geoparquet"), frozenset({sniff.PARQUET}), vector.read_parquet),
    Format("CSV", (".csv",), frozenset({sniff.TEXT, sniff.JSON_TEXT}), table.read_csv),
    Format(ZIP_NAME, (".zip",), frozenset({sniff.ZIP, sniff.EMPTY_ZIP}), read_zip),
)
CSV = next(f for f in FORMATS if f.name == "CSV")
SUFFIXES = tuple(suffix for f in FORMATS for suffix in f.suffixes)


def format_of(path: Path | PurePosixPath) -> Format | None:
    """The format a file's suffix names, or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)
