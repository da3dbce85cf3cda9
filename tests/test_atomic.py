"""Killing `geo build` while it writes leaves the previous map intact.

The build runs in a process of its own, the real CLI, and is killed (SIGKILL) in the middle of
writing the new map's bytes: half of the page is on disk, the rest not yet. A writer that wrote
the map in place would leave half a page; an atomic one leaves the previous map as it was.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIO, run_cli

# Run the real CLI, but make every large write into the map's folder (to the map or to any file
# beside it) write half, flush it to disk, say so, and wait to be killed. The pause is the test's:
# geo has no hook. Whether the writer uses open(), Path.write_bytes or os.fdopen, it goes through
# io.open.
PAUSED_BUILD = """
import builtins, io, os, sys, time
from pathlib import Path
from geo.cli import main
signal_file = Path(sys.argv[1])
target_folder = os.path.realpath(os.path.dirname(sys.argv[sys.argv.index("-o") + 1]))
real_open = io.open

class HalfWay:
    def __init__(self, file):
        self._file = file
    def __getattr__(self, name):
        return getattr(self._file, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self._file.close()
    def write(self, data):
        if len(data) > 100_000:
            self._file.write(data[: len(data) // 2])
            self._file.flush()
            os.fsync(self._file.fileno())
            signal_file.write_text(str(self._file.name))
            time.sleep(120)
        return self._file.write(data)

def paused_open(file, mode="r", *args, **kwargs):
    handle = real_open(file, mode, *args, **kwargs)
    name = handle.name if isinstance(handle.name, str) else str(file)
    writing = any(m in mode for m in "wax+")
    if writing and os.path.realpath(os.path.dirname(os.path.abspath(name))) == target_folder:
        return HalfWay(handle)
    return handle

io.open = builtins.open = paused_open
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
def test_killing_a_build_in_the_middle_of_writing_leaves_the_previous_map(tmp_path, capsys):
    out = tmp_path / "maps" / "map.html"
    assert run_cli(capsys, "build", str(SCENARIO), "-o", str(out), "--tiles", "none", "--date", "2020-02-07")[0] == 0
    previous = out.read_bytes()
    signal_file = tmp_path / "writing"
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, str(signal_file), "build", str(SCENARIO), "-o", str(out),
         "--tiles", "none", "--date", "2020-03-01"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not signal_file.exists():
            assert process.poll() is None, "the build ended without writing: " + process.stderr.read().decode()
            assert time.monotonic() < deadline, "the build never began writing"
            time.sleep(0.02)
        written = Path(signal_file.read_text())
        assert written.exists() and 0 < written.stat().st_size < len(previous)  # half a page, on disk
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        process.kill()
        process.wait()
    assert out.read_bytes() == previous
    # and the next build replaces it whole
    assert run_cli(capsys, "build", str(SCENARIO), "-o", str(out), "--tiles", "none", "--date", "2020-03-01")[0] == 0
    assert out.read_bytes() != previous and out.read_bytes().rstrip().endswith(b"</html>")


@pytest.mark.slow
def test_ctrl_c_during_a_build_says_one_line_and_leaves_no_temporary_file(tmp_path, capsys):
    out = tmp_path / "maps" / "map.html"
    assert run_cli(capsys, "build", str(SCENARIO), "-o", str(out), "--tiles", "none")[0] == 0
    previous = out.read_bytes()
    signal_file = tmp_path / "writing"
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, str(signal_file), "build", str(SCENARIO), "-o", str(out),
         "--tiles", "none", "--date", "2020-03-01"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)
    try:
        deadline = time.monotonic() + 120
        while not signal_file.exists():
            assert process.poll() is None and time.monotonic() < deadline, "the build never began writing"
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1] == f"geo: interrupted; {out} was not changed"
    assert "Traceback" not in stderr
    assert out.read_bytes() == previous
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.html"]  # no temporary file left
