"""Progress bars: silent for quick work and off a terminal; on a terminal, they follow the reader."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

from geo.progress import reading
from geo.progress.watch import read_position
from tests.conftest import ROOT

SLOW_READ = """
import sys, time
from pathlib import Path
from geo.progress import reading
path = Path(sys.argv[1])
with reading(path), open(path, "rb", buffering=0) as handle:
    while handle.read(500_000):
        time.sleep(0.1)  # 20 chunks: 2 s
"""


def on_a_terminal(*args: str) -> str:
    """What a Python program writes to a terminal (a pseudo-terminal) while it runs."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # 100 columns
    child = subprocess.Popen([sys.executable, *args], stdout=follower, stderr=follower, cwd=ROOT)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        shown += chunk
    child.wait(timeout=60)
    os.close(leader)
    return shown.decode("utf-8", "replace")


def test_the_position_of_an_open_file_is_seen(tmp_path):
    path = tmp_path / "layer.geojson"
    path.write_bytes(b"x" * 10_000)
    with open(path, "rb", buffering=0) as handle:
        handle.seek(1234)
        handle.read(766)
        assert read_position(os.getpid(), os.path.realpath(path)) == 2000
    assert read_position(os.getpid(), os.path.realpath(path)) is None


@pytest.mark.slow
def test_a_slow_read_on_a_terminal_shows_how_far_it_got(tmp_path):
    path = tmp_path / "big.geojson"
    path.write_bytes(b"x" * 10_000_000)
    shown = on_a_terminal("-c", SLOW_READ, str(path))
    assert "reading big.geojson" in shown
    percents = [int(p) for p in re.findall(r"(\d+)%", shown)]
    assert any(0 < p < 100 for p in percents), shown  # it moved with the reader


@pytest.mark.slow
def test_a_quick_read_on_a_terminal_prints_nothing(tmp_path):
    path = tmp_path / "posts.geojson"
    path.write_bytes(b"x" * 10_000_000)
    assert on_a_terminal("-c", SLOW_READ.replace("time.sleep(0.1)", "pass"), str(path)) == ""


def test_off_a_terminal_nothing_is_printed_and_nothing_started(tmp_path, capsys, monkeypatch):
    path = tmp_path / "big.geojson"
    path.write_bytes(b"x" * 10_000_000)

    def no_watcher(*args, **kwargs):
        raise AssertionError("a watcher process was started off a terminal")

    monkeypatch.setattr(subprocess, "Popen", no_watcher)
    with reading(path):
        pass
    assert capsys.readouterr().err == ""
