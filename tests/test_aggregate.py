"""`geo aggregate`: counts per (cell, day) of a partitioned GeoParquet dataset, with dask.

Counts are checked against a plain pandas groupby of the same rows, cells computed independently
(exact fractions for square cells, h3's scalar call for H3). Everything runs on dask's synchronous
scheduler but one test, which shares a LocalCluster of one worker with the CLI test.
"""
from __future__ import annotations

import argparse
import datetime
import math
import re
from fractions import Fraction

import geopandas as gpd
import h3
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.cli.aggregate import add_parser
from geo.derive.aggregate import H3Grid, SquareGrid, count_cells, days_since_epoch, partial_counts
from geo.errors import InputError
from geo.read.dataset import open_dataset

SYNC = "synchronous"
PARTS = 3
EDGES = [  # (lon, lat, cell of 0.1°): on west/south edges, negative, just inside the east edge
    (35.5, 32.3, "g0.1:355:323"), (-0.1, -0.1, "g0.1:-1:-1"), (-35.5, -0.05, "g0.1:-355:-1"),
    (-35.45, 0.0, "g0.1:-355:0"), (0.09999999, 0.2, "g0.1:0:2"), (0.1, 0.30000000000000004, "g0.1:1:3"),
]


def events(seed: int = 7) -> gpd.GeoDataFrame:
    """Random points over both signs of lon and lat, the edge points, a row with no geometry and
    one with no date; UTC timestamps, the same instants as ISO text with offsets, and a category."""
    rng = np.random.default_rng(seed)
    n = 1500
    lon = np.concatenate([rng.uniform(-2, 2, n), [e[0] for e in EDGES], [0.5, 0.5]])
    lat = np.concatenate([rng.uniform(-1.5, 1.5, n), [e[1] for e in EDGES], [0.5, 0.5]])
    start = pd.Timestamp("2020-01-01", tz="UTC")
    stamps = start + pd.to_timedelta(rng.integers(0, 6 * 86400, len(lon)), unit="s")
    frame = gpd.GeoDataFrame({"event_date": stamps, "kind": rng.choice(["shelling", "raid", None], len(lon)),
                              "other": np.arange(len(lon))}, geometry=shapely.points(lon, lat), crs=4326)
    frame.loc[len(frame) - 2, "geometry"] = None
    frame.loc[len(frame) - 1, "event_date"] = pd.NaT
    damascus = frame["event_date"].dt.tz_convert("Asia/Damascus")
    frame["when"] = damascus.dt.strftime("%Y-%m-%dT%H:%M:%S%z").where(frame["event_date"].notna(), None)
    return frame


def write_parts(frame: gpd.GeoDataFrame, folder, parts: int = PARTS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, part in enumerate(np.array_split(np.arange(len(frame)), parts)):
        frame.iloc[part].to_parquet(folder / f"part-{i}.parquet")


@pytest.fixture(scope="module")
def source() -> gpd.GeoDataFrame:
    return events()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("events") / "events"
    write_parts(source, folder)
    (folder / "README.txt").write_text("not parquet")  # left alone: only .parquet files are read
    return folder


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of one worker for the whole file: starting one takes seconds."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local.scheduler_address


def grid_cell(lon: float, lat: float, size: str) -> str:
    """A point's square cell, by exact arithmetic on the decimals of the coordinates and the size."""
    step = Fraction(size)
    return f"g{size}:{math.floor(Fraction(repr(lon)) / step)}:{math.floor(Fraction(repr(lat)) / step)}"


def expected_counts(frame: gpd.GeoDataFrame, cell_of, by: str | None = None) -> pd.DataFrame:
    """The plain pandas groupby the aggregation must equal."""
    placed = frame[frame.geometry.notna() & frame["event_date"].notna()]
    table = pd.DataFrame({
        "cell": [cell_of(p.x, p.y) for p in placed.geometry],
        "date": placed["event_date"].dt.tz_convert("UTC").dt.strftime("%Y-%m-%d").to_numpy()})
    keys = ["cell", "date"]
    if by:
        table[by] = placed[by].to_numpy()
        keys.append(by)
    out = table.groupby(keys, dropna=False).size().rename("count").reset_index()
    return out.sort_values(keys).reset_index(drop=True)


def comparable(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    keys = ["cell", "date", *([by] if by else [])]
    out = pd.DataFrame(frame[[*keys, "count"]]).astype({"count": "int64"})
    return out.sort_values(keys).reset_index(drop=True)


def test_grid_counts_equal_a_pandas_groupby(dataset, source):
    data = open_dataset(dataset)
    assert data.date_column == "event_date" and data.frame.npartitions == PARTS
    assert list(data.frame.columns) == ["geometry", "event_date"]  # only what is needed is read
    counts = count_cells(data.frame, SquareGrid(0.1), data.date_column, scheduler=SYNC, source=data.path)
    expected = expected_counts(source, lambda x, y: grid_cell(x, y, "0.1"))
    pd.testing.assert_frame_equal(comparable(counts.frame), expected, check_dtype=False)
    assert counts.rows == len(source) and counts.counted == len(source) - 2
    assert list(counts.frame.columns) == ["cell", "date", "count", "lon", "lat", "geometry"]
    assert counts.frame.crs.to_epsg() == 4326


def test_grid_cells_at_edges_and_negative_coordinates(dataset):
    data = open_dataset(dataset)
    table = count_cells(data.frame, SquareGrid(0.1), data.date_column, scheduler=SYNC).frame
    for lon, lat, cell in EDGES:
        assert grid_cell(lon, lat, "0.1") == cell
        row = table[table["cell"] == cell].iloc[0]
        west, south = int(cell.split(":")[1]) / 10, int(cell.split(":")[2]) / 10
        assert row.geometry.bounds == pytest.approx((west, south, west + 0.1, south + 0.1), abs=1e-12)
        assert (row.lon, row.lat) == pytest.approx((west + 0.05, south + 0.05), abs=1e-12)
        assert row.geometry.buffer(1e-9).covers(shapely.Point(lon, lat))
    assert table.loc[table["cell"] == "g0.1:355:323", "geometry"].iloc[0].bounds == pytest.approx((35.5, 32.3, 35.6, 32.4))


def test_square_cells_on_exact_edges_belong_east_and_north():
    cells = SquareGrid(0.1)
    x = np.array([35.5, -35.5, 0.0, -0.1, 0.7, 36.3])
    found = cells.index(x, x)["ix"]
    assert found.tolist() == [355, -355, 0, -1, 7, 363]
    assert SquareGrid(0.25).index(np.array([-0.25, -0.2500001, 0.2499999]), np.zeros(3))["ix"].tolist() == [-1, -2, 0]


def test_h3_cells_equal_latlng_to_cell(dataset, source):
    data = open_dataset(dataset)
    counts = count_cells(data.frame, H3Grid(6), data.date_column, scheduler=SYNC)
    expected = expected_counts(source, lambda x, y: h3.latlng_to_cell(y, x, 6))
    pd.testing.assert_frame_equal(comparable(counts.frame), expected, check_dtype=False)
    for row in counts.frame.drop_duplicates("cell").head(25).itertuples():
        assert h3.latlng_to_cell(row.lat, row.lon, 6) == row.cell  # the centre is in its own cell
        assert row.geometry.geom_type == "Polygon" and len(row.geometry.exterior.coords) in (6, 7, 8)
        assert row.geometry.contains(shapely.Point(row.lon, row.lat))


def test_counts_by_category_and_from_iso_text_dates(dataset, source):
    data = open_dataset(dataset, date_column="when", by="kind")
    assert list(data.frame.columns) == ["geometry", "when", "kind"]
    counts = count_cells(data.frame, SquareGrid(0.5), "when", by="kind", scheduler=SYNC)
    expected = expected_counts(source, lambda x, y: grid_cell(x, y, "0.5"), by="kind")
    pd.testing.assert_frame_equal(comparable(counts.frame, "kind"), expected, check_dtype=False)
    assert counts.frame["kind"].isna().any()  # rows without a category are counted, not dropped


def test_days_are_utc_days_of_timestamps_and_text():
    text = pd.Series(["2020-01-01T01:30:00+03:00", "2020-01-01", "2019-12-31T23:59:59Z", None, " "])
    assert days_since_epoch(text, "when").tolist()[:3] == [18261, 18262, 18261]
    assert days_since_epoch(text, "when")[3:].tolist() == [np.iinfo(np.int64).min] * 2  # no date
    stamps = pd.Series(pd.to_datetime(["1969-12-31 23:00", "2020-01-01 12:00"]))
    assert days_since_epoch(stamps, "d").tolist() == [-1, 18262]  # floored, before 1970 too
    aware = stamps.dt.tz_localize("Asia/Damascus")
    assert days_since_epoch(aware, "d").tolist() == [-1, 18262]  # 23:00+02 and 12:00+02 in UTC
    dates = pd.Series([datetime.date(2020, 1, 2), None], dtype=object)  # a Parquet date32 column
    assert days_since_epoch(dates, "d").tolist() == [18263, np.iinfo(np.int64).min]


@pytest.mark.parametrize("cells", [SquareGrid(0.1), H3Grid(7)])
def test_nothing_to_count_gives_an_empty_table(tmp_path, cells):
    undated = gpd.GeoDataFrame({"date": pd.Series([None, None], dtype="datetime64[ms, UTC]")},
                               geometry=shapely.points([1, 2], [1, 2]), crs=4326)
    undated.to_parquet(tmp_path / "undated.parquet")
    data = open_dataset(tmp_path / "undated.parquet")
    counts = count_cells(data.frame, cells, data.date_column, scheduler=SYNC)
    assert (counts.rows, counts.counted, counts.cells, len(counts.frame)) == (2, 0, 0, 0)
    assert list(counts.frame.columns) == ["cell", "date", "count", "lon", "lat", "geometry"]


def test_a_wrong_date_names_the_column_and_the_value():
    part = gpd.GeoDataFrame({"when": ["2020-01-01", "07/02/2020"]}, geometry=shapely.points([1, 2], [1, 2]))
    with pytest.raises(InputError, match=r"events: date column 'when'.*'07/02/2020'"):
        partial_counts(part, SquareGrid(1), "when", source="events")


@pytest.mark.slow
def test_runs_on_a_cluster_like_synchronously(dataset, cluster):
    data = open_dataset(dataset, by="kind")
    on_cluster = count_cells(data.frame, H3Grid(5), data.date_column, by="kind", scheduler=cluster)
    alone = count_cells(data.frame, H3Grid(5), data.date_column, by="kind", scheduler=SYNC)
    pd.testing.assert_frame_equal(on_cluster.frame, alone.frame)
    assert on_cluster.rows == alone.rows == 1508 and on_cluster.frame["count"].sum() == 1506


def test_reads_one_file_and_a_glob(dataset, source):
    one = open_dataset(dataset / "part-0.parquet")
    assert one.files == (dataset / "part-0.parquet",) and one.frame.npartitions == 1
    glob = open_dataset(f"{dataset}/part-[12].parquet")
    assert [f.name for f in glob.files] == ["part-1.parquet", "part-2.parquet"]
    counts = count_cells(glob.frame, SquareGrid(1), glob.date_column, scheduler=SYNC)
    assert counts.rows == len(source) - len(np.array_split(np.arange(len(source)), PARTS)[0])


def test_errors_name_the_path_and_the_column(tmp_path, dataset):
    with pytest.raises(InputError, match=rf"{tmp_path / 'nowhere'}: no such file or directory"):
        open_dataset(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x")
    with pytest.raises(InputError, match=r"empty: no \.parquet files in this directory \(found 1 other files\)"):
        open_dataset(tmp_path / "empty")
    with pytest.raises(InputError, match=r"nope\*\.parquet: no file matches"):
        open_dataset(tmp_path / "nope*.parquet")
    pd.DataFrame({"event_date": ["2020-01-01"], "lon": [1.0]}).to_parquet(tmp_path / "plain.parquet")
    with pytest.raises(InputError, match=r"plain\.parquet: no geometry column.*found columns: event_date, lon"):
        open_dataset(tmp_path / "plain.parquet")
    zones = gpd.GeoDataFrame({"event_date": ["2020-01-01"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326)
    zones.to_parquet(tmp_path / "zones.parquet")
    with pytest.raises(InputError, match=r"zones\.parquet: geometry column 'geometry': expected points, found Polygon"):
        open_dataset(tmp_path / "zones.parquet")
    with pytest.raises(InputError, match=r"events: no date column 'day'; found columns: event_date, kind, other, geometry, when"):
        open_dataset(dataset, date_column="day")
    with pytest.raises(InputError, match=r"events: no column 'side' to count by"):
        open_dataset(dataset, by="side")
    undated = gpd.GeoDataFrame({"stamp": ["2020-01-01"]}, geometry=shapely.points([1], [1]), crs=4326)
    undated.to_parquet(tmp_path / "undated.parquet")
    with pytest.raises(InputError, match=r"undated\.parquet: no date column 'event_date' or 'date'; found columns: stamp"):
        open_dataset(tmp_path / "undated.parquet")
    numbered = gpd.GeoDataFrame({"date": [20200101]}, geometry=shapely.points([1], [1]), crs=4326)
    numbered.to_parquet(tmp_path / "numbered.parquet")
    with pytest.raises(InputError, match=r"numbered\.parquet: date column 'date': expected dates .* found int64"):
        open_dataset(tmp_path / "numbered.parquet")


def test_a_partition_of_other_geometries_is_refused(tmp_path):
    mixed = gpd.GeoDataFrame({"date": ["2020-01-01", "2020-01-02"]},
                             geometry=[shapely.Point(1, 1), shapely.LineString([(0, 0), (1, 1)])], crs=4326)
    mixed.to_parquet(tmp_path / "mixed.parquet")
    with pytest.raises(InputError, match="geometry column 'geometry': expected points, found LineString, Point"):
        open_dataset(tmp_path / "mixed.parquet")
    with pytest.raises(InputError, match="mixed: geometry: expected points, found LineString"):
        partial_counts(mixed, SquareGrid(1), "date", source="mixed")


def run_cli(argv: list[str]) -> int:
    top = argparse.ArgumentParser(prog="geo")
    add_parser(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(["aggregate", *argv])
    return args.run(args)


LINE = re.compile(r"aggregated 1,508 rows \(2 without a point or a date left out\) into ([\d,]+) cells × 6 days "
                  r"\(([\d,]+) counts\) in [\d.]+ s: (.+)\n")


@pytest.mark.parametrize("suffix", [".parquet", ".geojson", ".csv"])
def test_cli_writes_the_counts_and_says_so(tmp_path, dataset, source, capsys, suffix):
    out = tmp_path / f"counts{suffix}"
    assert run_cli([str(dataset), "-o", str(out), "--cell", "0.5", "--scheduler", SYNC]) == 0
    line = LINE.fullmatch(capsys.readouterr().out)
    assert line, "the printed line"
    table = gpd.read_parquet(out) if suffix == ".parquet" else (
        gpd.read_file(out) if suffix == ".geojson" else pd.read_csv(out))
    if suffix == ".geojson":  # GDAL reads ISO dates back as datetimes: they are written as text
        assert '"date": "2020-01-01"' in out.read_text(encoding="utf-8")
        table["date"] = pd.to_datetime(table["date"]).dt.strftime("%Y-%m-%d")
    expected = expected_counts(source, lambda x, y: grid_cell(x, y, "0.5"))
    pd.testing.assert_frame_equal(comparable(table), expected, check_dtype=False)
    numbers = [int(n.replace(",", "")) for n in line.groups()[:2]]
    assert numbers == [table["cell"].nunique(), len(table)] and line[3] == str(out)
    assert ("geometry" in table.columns) == (suffix != ".csv")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_cli_on_a_cluster_with_h3_and_by(tmp_path, dataset, capsys, cluster):
    out = tmp_path / "h3.parquet"
    assert run_cli([str(dataset), "-o", str(out), "--h3", "4", "--by", "kind", "--scheduler", cluster]) == 0
    assert LINE.fullmatch(capsys.readouterr().out)
    table = gpd.read_parquet(out)
    assert list(table.columns) == ["cell", "date", "kind", "count", "lon", "lat", "geometry"]
    assert table["count"].sum() == 1506 and all(h3.get_resolution(c) == 4 for c in table["cell"].unique())


def test_cli_refuses_what_it_cannot_do(tmp_path, dataset, capsys):
    from geo.cli.args import UsageError

    with pytest.raises(UsageError, match=r"--output: expected a \.parquet, \.geojson, \.csv, \.html file, found 'x\.txt'"):
        run_cli([str(dataset), "-o", str(tmp_path / "x.txt"), "--scheduler", SYNC])
    for wrong in (["--cell", "0"], ["--cell", "0.1", "--h3", "5"], ["--h3", "16"], ["--workers", "0"]):
        with pytest.raises(SystemExit):
            run_cli([str(dataset), "-o", str(tmp_path / "x.csv"), *wrong])
    assert "expected a cell size in degrees" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_geo_aggregate_draws_a_map_of_the_counts(tmp_path, dataset, source, capsys):
    """`geo aggregate … -o map.html`, through geo's own command line: the cells under the date control."""
    import json

    from geo.cli import main

    out = tmp_path / "counts.html"
    assert main(["aggregate", str(dataset), "-o", str(out), "--cell", "0.5", "--scheduler", SYNC,
                 "--tiles", "none"]) == 0
    assert LINE.fullmatch(capsys.readouterr().out)
    html = out.read_text(encoding="utf-8")
    start = html.index("= geoCountsLayer(") + len("= geoCountsLayer(")
    payload, _ = json.JSONDecoder().raw_decode(html, start)
    expected = expected_counts(source, lambda x, y: grid_cell(x, y, "0.5"))
    assert payload["rows"] == len(expected) and payload["top"] == expected["count"].max()
    assert payload["cells"] == expected["cell"].nunique() and "geoTimeline(" in html
