"""Every shell, Python and TOML block of README.md works as written.

Each fenced block whose info string is ``sh``, ``shell``, ``bash``, ``console``, ``python``/``py``
or ``toml`` is one test case, named after the line of its opening fence (``readme-L50-sh``):

- shell blocks run with ``bash -euo pipefail`` in a fresh copy of the repository's files (``git
  ls-files``: the tracked ones and new ones not ignored, so not ``build/`` or ``.venv``), so that
  commands writing ``build/...`` leave the checkout alone, with this interpreter's folder (the
  virtual environment's ``bin``) first on ``PATH``: ``geo``, ``python`` and ``make map`` use the
  environment the tests run in. ``.venv`` in the copy is a link to that environment, and ``make``
  is first checked not to install anything into it;
- Python blocks run in a subprocess of this interpreter in such a copy, after every earlier Python
  block of the same README section (``## `` heading), so a block may use the names they define;
- TOML blocks are parsed with ``tomllib``.

In every copy the copy itself comes first on ``PYTHONPATH``: ``import geo``, the ``geo`` command and
``geo.examples`` all use the copy's package and layers, not a checkout others may be editing.

A block is not run when the line right before its fence is ``<!-- not run: REASON -->``; the case
is then skipped with that reason, so ``-rs`` lists them. A block that runs ``make test`` (or
pytest) would run this suite inside itself: it must carry such a marker, and fails otherwise.
A command-line synopsis (``geo export [SCENARIO] --png OUT.png [--date D]``) is not a command: a
block of them is marked ``<!-- not run: synopsis -->``; when an unmarked block fails, the failure
names the README line that failed and every line that looks like a synopsis.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TIMEOUT_S = 120

SHELL = {"sh", "shell", "bash", "console"}
PYTHON = {"python", "py"}
TOML = {"toml"}
LANGUAGES = SHELL | PYTHON | TOML

pytestmark = pytest.mark.slow  # runs the README's commands in subprocesses

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
MARKER = re.compile(r"^\s*<!--\s*not run\s*:\s*(?P<reason>.*?)\s*-->\s*$")
MARKER_LIKE = re.compile(r"^\s*<!--\s*not[ -]run\b", re.IGNORECASE)
# A command that runs this test suite: inside the suite it would run the suite again, and again.
RECURSIVE = re.compile(r"(^|[;&|(]\s*|\s)(make\s+(-\S+\s+)*test\b|(python\S*\s+-m\s+)?pytest\b)")
# What a synopsis has and a command does not: [optional] parts, a|b alternatives, "...".
SYNOPSIS = re.compile(r"(?<!\[)\[(?![\[\s])[^\]]*\](?!\])|[\w-]\|[\w-]|\.\.\.|…")
CHROMIUM_HINTS = re.compile(r"to_png|to_pdf|--png|--pdf|--mp4|--gif|chromium|playwright")


@dataclass(frozen=True)
class Block:
    line: int                 # README line of the opening fence (1-based)
    lang: str                 # the info string's first word, lower case
    lines: tuple[str, ...]    # the content, the fence's indentation removed
    section: str              # the "## " heading above it ("" before the first)
    marker: str | None        # the reason of a "<!-- not run: ... -->" right before the fence
    marker_error: str | None  # a marker-like comment right before the fence that is not well formed

    @property
    def first(self) -> int:
        """README line of the block's first content line."""
        return self.line + 1

    @property
    def kind(self) -> str:
        return "shell" if self.lang in SHELL else "python" if self.lang in PYTHON else "toml"

    @property
    def id(self) -> str:
        return f"readme-L{self.line}-{self.lang}"

    @property
    def source(self) -> str:
        return "\n".join(self.lines) + "\n"


def parse(text: str) -> tuple[list[Block], list[str]]:
    """Every fenced block of a Markdown text, and the problems of its fences and markers."""
    blocks: list[Block] = []
    problems: list[str] = []
    lines = text.splitlines()
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].strip()
        match = FENCE.match(line)
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            i += 1
            continue
        indent, fence = len(match["indent"]), match["fence"]
        info = match["info"].strip()
        lang = info.split()[0].strip("{}.").lower() if info else ""
        start = i
        body: list[str] = []
        i += 1
        closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        while i < len(lines) and not closing.match(lines[i]):
            content = lines[i]
            strip = min(indent, len(content) - len(content.lstrip(" ")))
            body.append(content[strip:])
            i += 1
        if i >= len(lines):
            problems.append(f"README.md line {start + 1}: the fence {fence}{info} is never closed")
        i += 1
        previous = lines[start - 1] if start else ""
        marker = MARKER.match(previous)
        marker_error = None
        if marker and not marker["reason"]:
            marker_error = f"line {start}: {previous.strip()!r} gives no reason"
            marker = None
        elif not marker and MARKER_LIKE.match(previous):
            marker_error = f"line {start}: {previous.strip()!r} is not of the form <!-- not run: REASON -->"
        blocks.append(Block(start + 1, lang, tuple(body), section,
                            marker["reason"] if marker else None, marker_error))
    # A marker is only read on the line right before a fence: one anywhere else is a mistake.
    fences = {b.line - 1 for b in blocks}
    for number, line in enumerate(lines, start=1):
        if MARKER_LIKE.match(line) and number not in fences:
            problems.append(f"README.md line {number}: {line.strip()!r} is not on the line right before a fence")
    return blocks, problems


BLOCKS, PARSE_PROBLEMS = parse(README.read_text(encoding="utf-8"))
RUN = [b for b in BLOCKS if b.lang in LANGUAGES]


def _recursive_lines(block: Block) -> list[tuple[int, str]]:
    found = []
    for offset, line in enumerate(block.lines):
        command = line.split("#", 1)[0] if block.kind == "shell" else line
        if block.kind == "shell" and RECURSIVE.search(command):
            found.append((block.first + offset, line.strip()))
    return found


def _synopsis_lines(block: Block) -> list[tuple[int, str]]:
    return [(block.first + offset, line.strip()) for offset, line in enumerate(block.lines)
            if SYNOPSIS.search(line.split(" #", 1)[0])]


# ---------------------------------------------------------------------------------------------
# the environment the blocks run in


def _venv() -> tuple[Path, Path | None]:
    """This interpreter's bin folder (not resolved: a venv's python is a link), and its venv."""
    bin_dir = Path(sys.executable).parent
    venv = Path(sys.prefix) if sys.prefix != sys.base_prefix else None
    return bin_dir, venv


def _copy_checkout(dest: Path) -> None:
    # Tracked files and new ones not yet added (a module imported by an edited one), not ignored ones.
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True)
    for name in listed.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not name:
            continue
        source = ROOT / name
        if not os.path.lexists(source) or (source.is_dir() and not source.is_symlink()):
            continue  # deleted in the working tree, or a submodule
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A fresh copy of the tracked files, with .venv pointing at the environment running the tests."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("README blocks run in a copy of the git checkout: no git checkout here")
    repo = tmp_path / "repo"
    repo.mkdir()
    _copy_checkout(repo)
    for name in ("layers", "notebooks", "geo", "README.md"):
        assert (repo / name).exists(), f"the copy of the checkout has no {name}"
    _, venv = _venv()
    if venv is not None:
        (repo / ".venv").symlink_to(venv, target_is_directory=True)
        # make must never reinstall into the shared environment (it would point its editable
        # install at this copy): a pyproject.toml edited after the install would make it do so.
        stamp = venv / ".installed"
        if stamp.exists() and (repo / "pyproject.toml").stat().st_mtime >= stamp.stat().st_mtime:
            old = stamp.stat().st_mtime - 1
            os.utime(repo / "pyproject.toml", (old, old))
    return repo


def _env(repo: Path) -> dict[str, str]:
    bin_dir, venv = _venv()
    env = {k: v for k, v in os.environ.items()
           if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHONHOME", "PYTHONSTARTUP"}
           and not k.startswith("PYTEST_")}
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", os.defpath)])
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(repo), env.get("PYTHONPATH", "")] if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if venv is not None:
        env["VIRTUAL_ENV"] = str(venv)
    return env


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run with the block's timeout; on timeout the whole process group (Chromium too) is killed."""
    start = time.monotonic()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
    try:
        out, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"{' '.join(argv[:2])}: still running after {TIMEOUT_S} s, killed\n"
                    f"--- stdout ---\n{_tail(out)}\n--- stderr ---\n{_tail(err)}")
    return subprocess.CompletedProcess(argv, process.returncode, out, err), time.monotonic() - start


def _tail(text: str, lines: int = 40) -> str:
    kept = text.rstrip().splitlines()
    return "\n".join((["…"] if len(kept) > lines else []) + kept[-lines:])


# ---------------------------------------------------------------------------------------------
# shell


def _shell_script(block: Block) -> tuple[str, list[int]]:
    """The script to run and, for each of its lines, the README line it comes from (0: added)."""
    numbered = list(enumerate(block.lines, start=block.first))
    if block.lang == "console" and any(line.startswith("$ ") for _, line in numbered):
        kept, continuing = [], False  # a session: run what follows the prompts, not the output
        for number, line in numbered:
            if line.startswith("$ ") or continuing:
                kept.append((number, line[2:] if line.startswith("$ ") and not continuing else line))
                continuing = line.rstrip().endswith("\\")
        numbered = kept
    trap = "trap 'echo \"README-BLOCK-FAILED $LINENO $?: $BASH_COMMAND\" >&2' ERR"
    return "\n".join([trap] + [line for _, line in numbered]) + "\n", [0] + [n for n, _ in numbered]


def _shell_failure(block: Block, result: subprocess.CompletedProcess, origin: list[int]) -> str:
    def readme_line(script_line: int) -> int | None:
        return origin[script_line - 1] if 0 < script_line <= len(origin) and origin[script_line - 1] else None

    failed = None
    for line in result.stderr.splitlines():
        match = re.match(r"README-BLOCK-FAILED (\d+) ", line) or re.search(r"block\.sh: line (\d+):", line)
        if match and readme_line(int(match[1])):
            failed = readme_line(int(match[1]))
    stderr = re.sub(r"\S*block\.sh: line (\d+):",
                    lambda m: f"README.md line {readme_line(int(m[1])) or '?'}:", result.stderr)
    stderr = "\n".join(s for s in stderr.splitlines() if not s.startswith("README-BLOCK-FAILED "))
    text = [f"{block.id}: the shell block at README.md line {block.line} failed (exit {result.returncode})"]
    if failed:
        text.append(f"failing line: README.md line {failed}: {block.lines[failed - block.first].strip()}")
    synopsis = _synopsis_lines(block)
    if synopsis:
        text.append("these lines look like a synopsis ([…] placeholders, a|b alternatives, ...), not commands:")
        text += [f"  README.md line {number}: {line}" for number, line in synopsis]
        text.append(f"if the block is a synopsis, put <!-- not run: synopsis --> on README.md line {block.line - 1}, "
                    "right before its fence; otherwise make every line a runnable command")
    else:
        text.append(f"make it run, or put <!-- not run: REASON --> right before its fence (line {block.line})")
    text += ["--- stdout ---", _tail(result.stdout), "--- stderr ---", _tail(stderr)]
    return "\n".join(text)


def _make_installs_nothing(repo: Path, env: dict[str, str], block: Block) -> None:
    """`make map` in the copy must use the linked environment, never install into it."""
    if not any(re.search(r"\bmake\b", line) for line in block.lines):
        return
    _, venv = _venv()
    if venv is None:
        pytest.skip("make in a README block needs the tests to run in a virtual environment")
    dry = subprocess.run(["make", "-q", ".venv/.installed"], cwd=repo, env=env, capture_output=True, text=True)
    assert dry.returncode == 0, (
        f"{block.id}: `make` in the copy would install into {venv} (.venv/.installed is not up to date: "
        f"make -q said {dry.returncode}); run `make install` first")


def _check_shell(block: Block, repo: Path, tmp_path: Path) -> None:
    env = _env(repo)
    _make_installs_nothing(repo, env, block)
    script, origin = _shell_script(block)
    path = tmp_path / "block.sh"
    path.write_text(script, encoding="utf-8")
    result, _ = _run(["bash", "-euo", "pipefail", str(path)], repo, env)
    if result.returncode != 0:
        pytest.fail(_shell_failure(block, result, origin), pytrace=False)


# ---------------------------------------------------------------------------------------------
# python


def _python_program(block: Block) -> tuple[str, list[tuple[int, Block]]]:
    """The block after every earlier runnable Python block of its section; each line's origin."""
    earlier = [b for b in RUN if b.kind == "python" and b.section == block.section
               and b.line < block.line and b.marker is None]
    program, origin = [], []
    for part in [*earlier, block]:
        for offset, line in enumerate(part.lines):
            program.append(line)
            origin.append((part.first + offset, part))
    return "\n".join(program) + "\n", origin


def _check_python(block: Block, repo: Path, tmp_path: Path) -> None:
    program, origin = _python_program(block)
    path = tmp_path / f"readme_L{block.line}.py"
    path.write_text(program, encoding="utf-8")
    result, _ = _run([sys.executable, str(path)], repo, _env(repo))
    if result.returncode == 0:
        return

    def where(match: re.Match) -> str:
        n = int(match[1])
        if 0 < n <= len(origin):
            number, part = origin[n - 1]
            note = "" if part is block else f" (in the block of line {part.line}, run before this one)"
            return f'README.md, line {number}{note}'
        return match[0]

    stderr = re.sub(rf'File "{re.escape(str(path))}", line (\d+)', where, result.stderr)
    joined = [b.line for _, b in origin if b is not block]
    before = f" after the blocks of lines {sorted(set(joined))} (same section)" if joined else ""
    pytest.fail(f"{block.id}: the Python block at README.md line {block.line}{before} failed "
                f"(exit {result.returncode})\n--- stdout ---\n{_tail(result.stdout)}\n"
                f"--- stderr ---\n{_tail(stderr)}", pytrace=False)


# ---------------------------------------------------------------------------------------------
# the tests


def test_readme_fences_and_markers_are_well_formed():
    problems = PARSE_PROBLEMS + [f"README.md {b.marker_error}" for b in BLOCKS if b.marker_error]
    assert not problems, "\n".join(problems)
    assert any(b.kind == "shell" for b in RUN) and any(b.kind == "python" for b in RUN), \
        "README.md has no shell or no Python block: is the parser broken?"


def test_blocks_running_make_test_are_marked_not_run():
    """`make test` (or pytest) in a README block would run this suite inside itself."""
    unmarked = [(b, number, line) for b in RUN if b.marker is None for number, line in _recursive_lines(b)]
    assert not unmarked, (
        "README blocks that run the test suite must be marked <!-- not run: REASON --> (running them "
        "here would run this suite again, recursively):\n"
        + "\n".join(f"  {b.id}: README.md line {number}: {line}  -> marker on line {b.line - 1}"
                    for b, number, line in unmarked))


@pytest.mark.parametrize("block", [
    pytest.param(b, id=b.id, marks=[pytest.mark.browser] if CHROMIUM_HINTS.search(b.source) else [])
    for b in RUN])
def test_readme_block(block: Block, request, tmp_path):
    if block.marker is not None:
        pytest.skip(f"README.md line {block.line} ({block.lang}): not run: {block.marker}")
    if block.marker_error:
        pytest.fail(f"{block.id}: README.md {block.marker_error}", pytrace=False)
    if block.kind == "toml":
        try:
            tomllib.loads(block.source)
            return
        except tomllib.TOMLDecodeError as error:
            problem = str(error)
        where = re.search(r"line (\d+)", problem)  # tomllib counts from the block's first line
        at = f" (README.md line {block.first + int(where[1]) - 1})" if where else ""
        pytest.fail(f"{block.id}: the TOML block at README.md line {block.line} is not valid TOML{at}: {problem}",
                    pytrace=False)
    recursive = _recursive_lines(block)
    if recursive:
        pytest.fail(f"{block.id}: " + "; ".join(f"README.md line {n}: `{line}`" for n, line in recursive)
                    + " would run this test suite inside itself: mark the block with "
                    f"<!-- not run: REASON --> on line {block.line - 1}", pytrace=False)
    repo = request.getfixturevalue("checkout")
    if block.kind == "shell":
        _check_shell(block, repo, tmp_path)
    else:
        _check_python(block, repo, tmp_path)
