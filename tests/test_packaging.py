"""Packaging stays consistent: pyproject.toml, environment.yml and the `geo` command."""
from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import shipped_count

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = ROOT / "environment.yml"

# PyPI name → conda-forge name, where they differ (none do today; add here when one does).
CONDA_NAMES: dict[str, str] = {"h3": "h3-py"}  # conda-forge names that differ from PyPI's
# Installed with pip inside the conda environment: not packaged on conda-forge (or not reliably).
PIP_ONLY = {"xstatic-leaflet", "playwright", "milsymbol", "military-symbol"}
# What environment.yml may list beyond pyproject's dependencies.
EXTRA_CONDA = {"python", "pip"}
EXTRA_PIP = {"-e ."}

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*$")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, str]:
    """('geopandas', '>=1.0') from 'geopandas>=1.0' or 'geopandas >=1.0'."""
    match = REQUIREMENT.match(requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    return _normalise(match.group(1)), match.group(2).replace(" ", "")


def parse_environment(text: str) -> dict:
    """The subset of YAML environment.yml uses: top-level keys with scalars or lists of scalars,
    and one nested ``- pip:`` list under dependencies. Returns {key: value}, with dependencies as
    {'conda': [...], 'pip': [...]}."""
    result: dict = {}
    key = None
    in_pip = False
    pip_indent = 0
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if indent == 0:
            assert ":" in stripped, f"unexpected top-level line {raw!r}"
            key, _, value = stripped.partition(":")
            value = value.strip()
            result[key] = value if value else ({"conda": [], "pip": []} if key == "dependencies" else [])
            in_pip = False
            continue
        assert stripped.startswith("- "), f"unexpected line {raw!r}"
        item = stripped[2:].strip()
        if key != "dependencies":
            result[key].append(item)
        elif item == "pip:":
            in_pip, pip_indent = True, indent
        elif in_pip and indent > pip_indent:
            result[key]["pip"].append(item)
        else:
            in_pip = False
            result[key]["conda"].append(item)
    return result


@pytest.fixture(scope="module")
def environment() -> dict:
    return parse_environment(ENVIRONMENT.read_text(encoding="utf-8"))


def _declared() -> list[str]:
    project = PYPROJECT["project"]
    return list(project["dependencies"]) + list(project["optional-dependencies"]["test"])


def test_parser_reads_nested_pip_section():
    text = "name: x\nchannels:\n  - conda-forge\ndependencies:\n  - a>=1\n  - pip\n  - pip:\n" \
           "      - b>=2  # note\n      - -e .\n  - c\n"
    assert parse_environment(text) == {
        "name": "x", "channels": ["conda-forge"],
        "dependencies": {"conda": ["a>=1", "pip", "c"], "pip": ["b>=2", "-e ."]}}


def test_conda_forge_is_the_only_channel(environment):
    assert environment["channels"] == ["conda-forge"]


def test_python_version_matches_requires_python(environment):
    pythons = [spec for name, spec in map(_split, environment["dependencies"]["conda"])
               if name == "python"]
    assert pythons == [PYPROJECT["project"]["requires-python"].replace(" ", "")]


@pytest.mark.parametrize("requirement", _declared())
def test_dependency_is_in_environment_with_same_specifier(environment, requirement):
    name, spec = _split(requirement)
    deps = environment["dependencies"]
    if name in PIP_ONLY:
        section, wanted = deps["pip"], name
    else:
        section, wanted = deps["conda"], _normalise(CONDA_NAMES.get(name, name))
    found = {n: s for n, s in map(_split, (d for d in section if d not in EXTRA_PIP))}
    where = "pip" if name in PIP_ONLY else "conda"
    assert wanted in found, f"{requirement!r} missing from environment.yml ({where} section)"
    assert found[wanted] == spec, f"{wanted}: environment.yml has {found[wanted]!r}, pyproject {spec!r}"


def test_environment_lists_nothing_extra(environment):
    declared = {_split(r)[0] for r in _declared()}
    conda_expected = {_normalise(CONDA_NAMES.get(n, n)) for n in declared - PIP_ONLY} | EXTRA_CONDA
    pip_expected = declared & PIP_ONLY
    deps = environment["dependencies"]
    conda_names = [_split(d)[0] for d in deps["conda"]]
    pip_names = [_split(d)[0] for d in deps["pip"] if d not in EXTRA_PIP]
    assert sorted(conda_names) == sorted(conda_expected)  # also catches duplicates
    assert sorted(pip_names) == sorted(pip_expected)
    assert "-e ." in deps["pip"], "the package itself should be pip-installed (- -e .)"


def test_console_script_is_declared():
    target = PYPROJECT["project"]["scripts"]["geo"]
    module, _, attribute = target.partition(":")
    assert (module, attribute) == ("geo.cli", "main")
    assert callable(getattr(importlib.import_module(module), attribute))


@pytest.mark.slow
def test_python_m_geo_help_exits_zero():
    done = subprocess.run([sys.executable, "-m", "geo", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "usage: geo" in done.stdout
    for command in ("build", "validate", "info"):
        assert command in done.stdout


def test_every_package_of_geo_is_in_the_wheel():
    packages = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "geo").rglob("__init__.py")}
    assert on_disk <= packages, f"add to [tool.setuptools] packages: {sorted(on_disk - packages)}"


def readme_python_example() -> str:
    """The README's "In Jupyter" block: what a researcher types first (it needs no file of the checkout)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"## In Jupyter\n+```python\n(.*?)```", text, re.S).group(1)


# What building the wheel reads: setuptools builds in place (build/, *.egg-info), so it builds a copy.
BUILD_INPUTS = ("pyproject.toml", "README.md", "geo", "layers")


def source_copy(target: Path) -> Path:
    """The files the wheel is built from, copied to ``target``: the build writes nothing in the checkout."""
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=junk)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def checkout_build_files() -> set[tuple[Path, int]]:
    """What a build in place leaves: build/lib, build/bdist.*, *.egg-info (with their times)."""
    found = [*ROOT.glob("build/lib"), *ROOT.glob("build/bdist.*"), *ROOT.glob("*.egg-info")]
    return {(p, p.stat().st_mtime_ns) for p in found}


@pytest.mark.slow
def test_the_wheel_works_outside_the_checkout(tmp_path):
    """Built as a wheel and installed (not editable) into a new virtual environment, run from a
    folder far from the checkout: the default map builds, the shipped gazetteer is there, and the
    README's example runs."""
    before = checkout_build_files()
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels), str(source_copy(tmp_path / "source"))], check=True, capture_output=True,
                   timeout=300)
    (wheel,) = wheels.glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())  # the npm libraries the page inlines, with their licences
    for name in ("mgrs.min.js", "mgrs.LICENSE.md", "geographiclib-geodesic.min.js", "geographiclib-geodesic.LICENSE.txt"):
        assert f"geo/render/static/vendor/{name}" in shipped, name
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    # geo's dependencies come from this environment, behind the new one's own site-packages (the
    # .pth adds the folder only: this environment's editable geo is not set up there).
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    deps = next(p for p in sys.path if p.endswith("site-packages"))
    Path(site, "geo-test-deps.pth").write_text(deps + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nothing of the checkout

    def run(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([str(python), *args], cwd=elsewhere, capture_output=True, text=True, timeout=300,
                                env=clean_env)
        assert result.returncode == 0, result.stderr
        return result

    where = run("-c", "import geo; print(geo.__file__)").stdout.strip()
    assert where.startswith(site) and str(ROOT) not in where
    built = run("-m", "geo", "build", "-o", "map.html")
    assert f"{shipped_count('posts.geojson')} Turkish military posts" in built.stderr and (elsewhere / "map.html").stat().st_size > 100_000
    shipped = run("-c", "from geo.read.gazetteer import Gazetteer; print(Gazetteer.default().lookup('Saraqib')"
                        ".location_note)").stdout
    assert "placed at the shipped place 'Saraqeb'" in shipped
    run("-c", readme_python_example())
    assert (elsewhere / "build" / "my-map.html").exists()
    assert checkout_build_files() == before, "building the wheel wrote into the checkout"
