"""The command line, as a user runs it: exit codes, one-line errors, no tracebacks.

Most commands run in this process (``geo.cli.main``); a few smoke tests start ``python -m geo``
and the ``geo`` script as a user would.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCENARIO, feature, run_cli, shipped_count, write_geojson


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_build_the_scenario_prints_where_the_html_is(tmp_path, capsys):
    out = tmp_path / "idlib.html"
    code, stdout, stderr = run_cli(capsys, "build", str(SCENARIO), "-o", str(out), "--tiles", "none")
    assert code == 0, stderr
    assert stdout.strip() == str(out)
    posts, places = shipped_count("posts.geojson"), shipped_count("places.geojson")
    assert f"{posts} Turkish military posts" in stderr and f"{places} Places" in stderr
    assert "tile.openstreetmap.org" not in out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_build_writes_the_same_bytes_as_the_api(tmp_path, capsys, idlib_html):
    out = tmp_path / "a.html"
    assert run_cli(capsys, "build", str(SCENARIO), "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8") == idlib_html


def test_build_from_layer_files_takes_kinds_from_names(layer_files, tmp_path, capsys):
    out = tmp_path / "map.html"
    code, stdout, _ = run_cli(capsys, "build", *map(str, layer_files.values()), "-o", str(out), "--title", "Test")
    assert code == 0 and stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert all(name in html for name in ("Posts", "Places", "Zones", "Routes"))


@pytest.mark.slow
def test_build_without_arguments_builds_the_default_map_from_any_folder(tmp_path):
    result = run("build", "-o", str(tmp_path / "x.html"), cwd=tmp_path)  # a smoke test: a real process
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.html").exists() and f"{shipped_count('posts.geojson')} Turkish military posts" in result.stderr


def test_validate_lists_every_problem_and_exits_1(tmp_path, capsys):
    path = write_geojson(tmp_path / "posts.geojson", [
        feature("post", 1, name=None),
        feature("post", 2, confidence="rumoured", precision_m="far"),
        feature("post", 3, geometry={"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
        feature("post", 4, sources=[{"publisher": "X", "url": "ftp://x", "date": "2020-02-30"}]),
    ])
    code, stdout, stderr = run_cli(capsys, "validate", str(path), "--strict")  # publication rules
    assert code == 1
    lines = stdout.splitlines()
    assert lines[0] == f"{path}: 4 rejected"
    assert lines[1] == "  posts.geojson: 4 read, 0 drawn (0 repaired), 4 rejected"
    assert sum(line.startswith("    rejected: ") for line in lines) == 6
    for expected in ("feature 'post-1': field 'name'", "feature 'post-2': field 'confidence'",
                     "feature 'post-2': field 'precision_m'", "feature 'post-3': field 'geometry'",
                     "feature 'post-4': field 'sources[1].url'", "feature 'post-4': field 'sources[1].date'"):
        assert any(expected in line for line in lines), expected
    assert "Traceback" not in stderr


@pytest.mark.slow
def test_validate_good_files_and_the_scenario(capsys):
    posts = SCENARIO.parent / "posts.geojson"
    code, stdout, stderr = run_cli(capsys, "validate", str(SCENARIO), str(posts))
    assert code == 0, stdout + stderr
    assert f"{SCENARIO}: ok" in stdout and f"{posts}: ok" in stdout
    posts, rows = shipped_count("posts.geojson"), shipped_count("control.csv")
    assert f"  posts.geojson: {posts} read, {posts} drawn (0 repaired), 0 rejected" in stdout
    assert f"  control.csv: {rows} read, {rows} used (0 repaired), 0 rejected" in stdout


def test_build_with_bad_input_draws_the_rest_and_names_each_reject(tmp_path, capsys):
    path = write_geojson(tmp_path / "places.geojson", [
        feature("place", name=None), feature("place", 2, place_type="hamlet"), feature("place", 3)])
    code, _, stderr = run_cli(capsys, "build", str(path), "-o", str(tmp_path / "x.html"))
    assert code == 0, stderr
    assert stderr.splitlines()[:2] == [
        "places.geojson: 3 read, 2 drawn (0 repaired), 1 rejected; drawn as given: 1 with type not usable",
        "geo: rejected: places.geojson: feature 'place-1': field 'name': expected a value (name), found nothing",
    ]
    # a type the schema does not know is no reason to leave a user's place off: drawn, and its popup says why
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "type not usable: place_type: expected one of city, town, village, crossing, found &#x27;hamlet&#x27;" in html
    assert "Traceback" not in stderr and (tmp_path / "x.rejects.csv").exists()


def test_build_strict_fails_on_a_reject_with_one_line_per_problem(tmp_path, capsys):
    path = write_geojson(tmp_path / "places.geojson", [feature("place", name=None), feature("place", 2)])
    code, _, stderr = run_cli(capsys, "build", str(path), "-o", str(tmp_path / "x.html"), "--strict")
    assert code == 1
    assert "geo: error: places.geojson: feature 'place-1': field 'name': expected a value (name), " \
           "found nothing" in stderr.splitlines()
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("args, message", [
    (["build", "nothing.geojson"], "geo: error: nothing.geojson: no such file"),
    (["info", "missing.toml"], "geo: error: missing.toml: no such file"),
    (["validate", "stuff.txt"], "geo: error: stuff.txt: no such file"),
])
def test_input_errors_are_one_clear_line(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run_cli(capsys, *args)
    assert code == 1
    assert stderr.strip() == message


@pytest.mark.parametrize("args", [["build", "a.toml", "b.toml"], ["frobnicate"], ["build", "--tiles", "satellite"],
                                  ["status", "--kind", "bunker", str(SCENARIO.parent / "posts.geojson")]])
def test_usage_errors_exit_2(args, capsys):
    try:
        code = run_cli(capsys, *args)[0]
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    assert code == 2


def test_info_summarises_layers_counts_bounds_and_dates(capsys):
    code, stdout, stderr = run_cli(capsys, "info", str(SCENARIO))
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[0].startswith("North-west Syria (Idlib)")
    posts = next(line for line in lines if line.startswith("Turkish military posts"))
    assert posts.split()[3:5] == ["post", str(shipped_count("posts.geojson"))]
    assert "2017-10" in posts


@pytest.mark.slow
def test_console_script_and_python_m_geo_are_installed():
    script = Path(sys.executable).parent / "geo"
    for command in ([str(script), "--help"], [sys.executable, "-m", "geo", "--help"]):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0 and "usage: geo" in result.stdout
        assert all(name in result.stdout for name in ("build", "validate", "info", "status", "export", "embed"))
