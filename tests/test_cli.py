"""The command line, run as a user runs it: exit codes, one-line errors, no tracebacks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from tests.conftest import ROOT, SCENARIO, feature, write_geojson


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True)


def test_build_the_scenario_prints_where_the_html_is(tmp_path):
    out = tmp_path / "idlib.html"
    result = run("build", str(SCENARIO), "-o", str(out), "--tiles", "none")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert "13 Turkish military posts" in result.stderr and "28 Places" in result.stderr
    assert "tile.openstreetmap.org" not in out.read_text(encoding="utf-8")


def test_build_twice_gives_byte_identical_files(tmp_path):
    for name in ("a.html", "b.html"):
        assert run("build", str(SCENARIO), "-o", str(tmp_path / name)).returncode == 0
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_build_from_layer_files_takes_kinds_from_names(layer_files, tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["build", *map(str, layer_files.values()), "-o", str(out), "--title", "Test"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert all(name in html for name in ("Posts", "Places", "Zones", "Routes"))


def test_build_without_arguments_uses_the_default_scenario(tmp_path):
    result = run("build", "-o", str(tmp_path / "x.html"))
    assert result.returncode == 0 and (tmp_path / "x.html").exists()


def test_validate_lists_every_problem_and_exits_1(tmp_path):
    path = write_geojson(tmp_path / "posts.geojson", [
        feature("post", 1, name=None),
        feature("post", 2, confidence="rumoured", precision_m="far"),
        feature("post", 3, geometry={"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
        feature("post", 4, sources=[{"publisher": "X", "url": "ftp://x", "date": "2020-02-30"}]),
    ])
    result = run("validate", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: 4 rejected"
    assert lines[1] == "  posts.geojson: 4 read, 0 drawn (0 repaired), 4 rejected"
    assert sum(line.startswith("    rejected: ") for line in lines) == 6
    for expected in ("feature 'post-1': field 'name'", "feature 'post-2': field 'confidence'",
                     "feature 'post-2': field 'precision_m'", "feature 'post-3': field 'geometry'",
                     "feature 'post-4': field 'sources[1].url'", "feature 'post-4': field 'sources[1].date'"):
        assert any(expected in line for line in lines), expected
    assert "Traceback" not in result.stderr


def test_validate_good_files_and_the_scenario():
    result = run("validate", str(SCENARIO), "layers/idlib-2020/posts.geojson")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{SCENARIO}: ok" in result.stdout and "layers/idlib-2020/posts.geojson: ok" in result.stdout
    assert "  posts.geojson: 13 read, 13 drawn (0 repaired), 0 rejected" in result.stdout
    assert "  control.csv: 31 read, 31 used (0 repaired), 0 rejected" in result.stdout


def test_build_with_bad_input_draws_the_rest_and_names_each_reject(tmp_path):
    path = write_geojson(tmp_path / "places.geojson", [
        feature("place", name=None), feature("place", 2, place_type="hamlet"), feature("place", 3)])
    result = run("build", str(path), "-o", str(tmp_path / "x.html"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "places.geojson: 3 read, 1 drawn (0 repaired), 2 rejected",
        "geo: rejected: places.geojson: feature 'place-1': field 'name': expected a value (name), found nothing",
        "geo: rejected: places.geojson: feature 'place-2': field 'place_type': expected one of city, town, "
        "village, crossing, found 'hamlet'",
    ]
    assert "Traceback" not in result.stderr and (tmp_path / "x.rejects.csv").exists()


def test_build_strict_fails_on_a_reject_with_one_line_per_problem(tmp_path):
    path = write_geojson(tmp_path / "places.geojson", [feature("place", name=None), feature("place", 2)])
    result = run("build", str(path), "-o", str(tmp_path / "x.html"), "--strict")
    assert result.returncode == 1
    assert "geo: error: places.geojson: feature 'place-1': field 'name': expected a value (name), " \
           "found nothing" in result.stderr.splitlines()
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("args, message", [
    (["build", "nothing.geojson"], "geo: error: nothing.geojson: no such file"),
    (["info", "missing.toml"], "geo: error: missing.toml: no such file"),
    (["validate", "stuff.txt"], "geo: error: stuff.txt: no such file"),
])
def test_input_errors_are_one_clear_line(args, message, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == message


def test_usage_errors_exit_2(tmp_path):
    assert run("build", "a.toml", "b.toml", cwd=tmp_path).returncode == 2
    assert run("build", cwd=tmp_path).returncode == 2  # no default scenario here
    assert run("frobnicate").returncode == 2
    assert run("build", "--tiles", "satellite").returncode == 2


def test_info_summarises_layers_counts_bounds_and_dates():
    result = run("info", str(SCENARIO))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("North-west Syria (Idlib)")
    posts = next(line for line in lines if line.startswith("Turkish military posts"))
    assert posts.split()[3:5] == ["post", "13"]
    assert "2017-10" in posts


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "geo"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "build" in result.stdout
