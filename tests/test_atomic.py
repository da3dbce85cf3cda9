"""Killing `geo build` while it writes leaves the previous map intact."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SCENARIO

# Run the real CLI, but hold it between writing the new map and renaming it into place, so that
# the test can kill it at exactly the worst moment. The pause is the test's; geo has no hook.
PAUSED_BUILD = """
import os, sys, time
from geo.cli import main
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    time.sleep(60)
os.fsync = slow_fsync
sys.exit(main(sys.argv[1:]))
"""


def build(out: Path, day: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "build", str(SCENARIO), "-o", str(out), "--tiles",
                           "none", "--date", day], cwd=ROOT, capture_output=True, text=True)


def test_killing_a_build_while_it_writes_leaves_the_previous_map(tmp_path):
    out = tmp_path / "map.html"
    assert build(out, "2020-02-07").returncode == 0
    previous = out.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, "build", str(SCENARIO), "-o", str(out), "--tiles", "none",
         "--date", "2020-03-01"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".map.html.*.part")):
            assert process.poll() is None, "the build ended before it began writing"
            assert time.monotonic() < deadline, "the build never began writing"
            time.sleep(0.02)
        partial = next(tmp_path.glob(".map.html.*.part"))
        assert partial.stat().st_size > 0  # the new map is written, not yet in place
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert out.read_bytes() == previous
    # and the next build replaces it whole
    assert build(out, "2020-03-01").returncode == 0
    assert out.read_bytes() != previous and out.read_bytes().rstrip().endswith(b"</html>")


def test_killing_a_build_before_it_writes_leaves_the_previous_map(tmp_path):
    out = tmp_path / "map.html"
    assert build(out, "2020-02-07").returncode == 0
    previous = out.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "geo", "build", str(SCENARIO), "-o", str(out), "--date", "2020-03-01"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert out.read_bytes() == previous
