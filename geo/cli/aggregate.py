"""`geo aggregate`: counts of dated point events per grid or H3 cell per day, over a partitioned
GeoParquet dataset, with dask (a local cluster by default, or an existing one by its address).

geo/cli/__init__.py calls ``add_parser(sub)``, which sets ``run`` as the command's function:
``run(args)`` returns 0, raises GeoError for invalid input (exit 1) and UsageError for a wrong
command line (exit 2).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import geopandas as gpd

from geo import api
from geo import tiles as tile_providers
from geo.cli.args import UsageError
from geo.derive.aggregate import CellCounts, Cells, H3Grid, SquareGrid, count_cells
from geo.read.dataset import DATE_COLUMNS, open_dataset
from geo.render.map import render_counts
from geo.write.atomic import atomic_path

DEFAULT_CELL_DEG = 0.1
OUTPUT_SUFFIXES = (".parquet", ".geojson", ".csv", ".html")


def _cell_size(text: str) -> float:
    """argparse type: a cell size in degrees."""
    try:
        return SquareGrid(float(text)).size_deg
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a cell size in degrees above 0 and at most 90, "
                                         f"e.g. 0.1, found {text!r}") from None


def _h3_resolution(text: str) -> int:
    """argparse type: an H3 resolution."""
    if text.strip().isdigit() and 0 <= int(text) <= 15:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected an H3 resolution from 0 to 15, found {text!r}")


def _workers(text: str) -> int:
    """argparse type: a number of worker processes."""
    if text.strip().isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected a number of workers, 1 or more, found {text!r}")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `aggregate` command to the subcommands ``sub``."""
    command = sub.add_parser(
        "aggregate", help="count dated point events per grid or H3 cell per day (GeoParquet dataset, dask)",
        description="Count the points of a partitioned GeoParquet dataset per cell and per UTC day, "
                    "on a local dask cluster (or an existing one), into one table of cell counts.")
    command.add_argument("dataset", metavar="DATASET",
                         help="a directory of .parquet files (searched recursively), one .parquet file, or a glob")
    command.add_argument("-o", "--output", required=True, metavar="FILE",
                         help="the cell counts to write: .parquet or .geojson (with cell polygons), "
                              ".csv (cell centres only), or .html: a map of them with the date control")
    cells = command.add_mutually_exclusive_group()
    cells.add_argument("--cell", type=_cell_size, metavar="DEGREES",
                       help=f"square cells of this size, aligned to 0°,0° (default {DEFAULT_CELL_DEG})")
    cells.add_argument("--h3", type=_h3_resolution, metavar="RES", help="H3 cells of this resolution (0-15)")
    command.add_argument("--date-column", metavar="COLUMN",
                         help=f"the column of dates or timestamps (default {' or else '.join(DATE_COLUMNS)})")
    command.add_argument("--by", metavar="COLUMN", help="count per value of this column too (e.g. event type)")
    command.add_argument("--workers", type=_workers, default=2,
                         help="worker processes of the local cluster (default 2)")
    command.add_argument("--scheduler", metavar="ADDRESS",
                         help="an existing dask.distributed scheduler (tcp://host:8786; its workers need "
                              "geo installed), or 'synchronous' to run in this process")
    command.add_argument("--tiles", choices=tile_providers.choices(), type=str.lower, default="openstreetmap",
                         help="an .html map's online base map, or 'none' for a fully offline map")
    command.set_defaults(run=run)
    return command


def cells_of(args: argparse.Namespace) -> Cells:
    """The cells the command line asks for."""
    if args.h3 is not None:
        return H3Grid(args.h3)
    return SquareGrid(args.cell if args.cell is not None else DEFAULT_CELL_DEG)


def write_counts(table: gpd.GeoDataFrame, path: Path) -> Path:
    """Write the cell counts atomically, in the format the suffix names."""
    suffix = path.suffix.lower()
    with atomic_path(path, suffix=f".part{suffix}") as tmp:
        if suffix == ".parquet":
            table.to_parquet(tmp, index=False)
        elif suffix == ".geojson":
            table.to_file(tmp, driver="GeoJSON", layer=path.stem)
        else:
            table.drop(columns="geometry").to_csv(tmp, index=False, lineterminator="\n")
    return path


def write_map(counts: CellCounts, cells: Cells, source: str, path: Path, tiles: str) -> Path:
    """The counts as a map: each day's cells under the date control (categories summed)."""
    table = counts.frame
    if set(table.columns) - {"cell", "date", "count", "lon", "lat", "geometry"}:  # counted --by a column
        table = table.dissolve(by=["cell", "date"], aggfunc={"count": "sum"}, as_index=False)
    what = f"{cells.size_deg:g}° squares" if isinstance(cells, SquareGrid) else f"H3 cells of resolution {cells.resolution}"
    method = (f"Counted by geo aggregate from {Path(source).name}: {counts.counted:,} of {counts.rows:,} rows "
              f"(those with a point and a date), per {what} and UTC day.")
    return api.save_html(render_counts(table, f"Events per cell ({what})", method, tiles=tiles), path)


def run(args: argparse.Namespace) -> int:
    """Open, count, write; then one line: rows read, cells × days written, seconds, path."""
    started = time.perf_counter()
    out = Path(args.output)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(f"--output: expected a {', '.join(OUTPUT_SUFFIXES)} file, found {out.name!r}")
    args.writes = out  # what an interruption leaves as it was
    dataset = open_dataset(args.dataset, args.date_column, args.by)
    counts = count_cells(dataset.frame, cells_of(args), dataset.date_column, dataset.by,
                         scheduler=args.scheduler, workers=args.workers, source=dataset.path)
    if out.suffix.lower() == ".html":
        write_map(counts, cells_of(args), dataset.path, out, args.tiles)
    else:
        write_counts(counts.frame, out)
    skipped = counts.rows - counts.counted
    note = f" ({skipped:,} without a point or a date left out)" if skipped else ""
    print(f"aggregated {counts.rows:,} rows{note} into {counts.cells:,} cells × {counts.days:,} days "
          f"({len(counts.frame):,} counts) in {time.perf_counter() - started:.1f} s: {out}")
    return 0
