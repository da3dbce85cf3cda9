"""The broken-input corpus (tests/corpus): every case gives its documented message, and every
feature read is either drawn or rejected with its reason — never lost."""
from __future__ import annotations

import csv
import json
import re

import pytest

from geo.cli import main
from tests.conftest import feature, write_geojson
from tests.corpus.make_corpus import BUILDS, CASES, HERE, readme

SUMMARY = re.compile(r"(\S+): (\d+) read, (\d+) drawn \((\d+) repaired\), (\d+) rejected")


def validate(capsys, case, folder) -> tuple[int, str]:
    path = HERE / case.file
    if case.make is not None:  # too large, or not a file git keeps: made here
        path = folder / case.file
        path.parent.mkdir(parents=True, exist_ok=True)
        case.make(path)
    code = main(["validate", str(path), *case.args])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gives_its_documented_message_and_counts(case, capsys, tmp_path):
    code, output = validate(capsys, case, tmp_path)
    assert re.search(case.message, output), output
    assert code == case.exit, output
    assert "Traceback" not in output and "internal error" not in output
    summaries = SUMMARY.findall(output)
    if case.counts is None:
        assert not summaries, output
        return
    (_, read, drawn, repaired, rejected), = summaries
    counts = tuple(map(int, (read, drawn, repaired, rejected)))
    assert counts == case.counts, output
    assert counts[1] + counts[3] == counts[0]


def test_the_corpus_readme_documents_every_case():
    assert (HERE / "README.md").read_text(encoding="utf-8") == readme(), \
        "tests/corpus/README.md is stale: run python tests/corpus/make_corpus.py"


def test_build_draws_the_rest_and_writes_the_rejects_beside_the_map(tmp_path, capsys):
    out = tmp_path / "map.html"
    code = main(["build", str(HERE / "wrong-geometry/posts.geojson"), str(HERE / "invalid-polygon/zones.geojson"),
                 str(HERE / "missing-sources/places.geojson"), "-o", str(out), "--tiles", "none"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "posts.geojson: 2 read, 1 drawn (0 repaired), 1 rejected" in err
    assert "zones.geojson: 2 read, 2 drawn (1 repaired), 0 rejected" in err
    # a user's map: features lacking a source are drawn, and counted
    assert "places.geojson: 3 read, 3 drawn (0 repaired), 0 rejected; drawn as given: 1 with no source given" in err
    rejects = tmp_path / "map.rejects.csv"
    assert f"rejected and repaired features: {rejects}" in err
    rows = list(csv.DictReader(rejects.open(encoding="utf-8")))
    rejected = [r for r in rows if r["outcome"] == "rejected"]
    assert {r["feature"] for r in rejected} == {"'post-2'"}
    # nothing lost: each rejected feature's whole record is kept, geometry included
    record = json.loads(rejected[0]["record"])
    assert record["id"] == "post-2" and record["geometry"].startswith("LINESTRING")
    assert [r["repair"] for r in rows if r["outcome"] == "repaired"] == ["made valid (shapely make_valid)"]
    html = out.read_text(encoding="utf-8")
    assert "Post 1" in html and "Post 2" not in html and "Drawn as given: no source given" in html


def test_strict_turns_a_reject_into_failure_and_writes_no_map(tmp_path, capsys):
    out = tmp_path / "map.html"
    rejects = tmp_path / "why.csv"
    code = main(["build", str(HERE / "duplicate-ids/places.geojson"), "-o", str(out), "--strict",
                 "--rejects", str(rejects)])
    err = capsys.readouterr().err
    assert code == 1
    assert "--strict: 1 features rejected" in err and not out.exists()
    assert "already the id of feature #1" in rejects.read_text(encoding="utf-8")


def test_a_clean_build_removes_a_stale_rejects_file(tmp_path, capsys):
    out = tmp_path / "map.html"
    stale = tmp_path / "map.rejects.csv"
    stale.write_text("old")
    assert main(["build", str(HERE / "wrong-geometry/posts.geojson"), "-o", str(out)]) == 0
    assert stale.read_text() != "old"
    assert main(["build", str(HERE / "3d/posts.geojson"), "-o", str(out)]) == 0
    assert "repaired" in stale.read_text()
    good = write_geojson(tmp_path / "posts.geojson", [feature("post")])
    assert main(["build", str(good), "-o", str(out)]) == 0
    assert not stale.exists()


@pytest.mark.parametrize("build", BUILDS, ids=[b.name for b in BUILDS])
def test_each_build_of_several_files_keeps_every_feature(build, tmp_path, capsys):
    """Layers that would have one name (places.geojson and places.csv are both 'Places') are both
    drawn, each under its own name; every file's features are drawn or rejected."""
    out = tmp_path / "map.html"
    assert main(["build", *(str(HERE / f) for f in build.files), "-o", str(out), *build.args]) == 0
    err = capsys.readouterr().err
    counts = tuple(tuple(map(int, found[1:])) for found in SUMMARY.findall(err))
    assert counts == build.counts and all(r == d + j for r, d, _, j in counts)
    assert re.search(build.message, err), err


def test_a_scenario_with_two_layers_of_one_name_is_refused(tmp_path, capsys):
    write_geojson(tmp_path / "places.geojson", [feature("place", 1)])
    (tmp_path / "scenario.toml").write_text('title = "T"\n[[layers]]\nname = "Places"\nfile = "places.geojson"\n'
                                            '[[layers]]\nname = "Places"\nfile = "places.geojson"\n', encoding="utf-8")
    assert main(["validate", str(tmp_path / "scenario.toml")]) == 1
    assert ("scenario.toml: layers[2]: field 'name': expected a name of its own, found 'Places', already the "
            "name of layers[1]") in capsys.readouterr().err
