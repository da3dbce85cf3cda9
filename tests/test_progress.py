"""Progress bars: silent for quick work and off a terminal; on a terminal, they follow the reader."""
from __future__ import annotations

import io
import os
import re
import time

from geo.progress import read_position, reading


class Terminal(io.StringIO):
    """What tqdm writes to stderr when it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_the_position_of_an_open_file_is_seen(tmp_path):
    path = tmp_path / "layer.geojson"
    path.write_bytes(b"x" * 10_000)
    with open(path, "rb", buffering=0) as handle:
        handle.seek(1234)
        handle.read(766)
        assert read_position(os.path.realpath(path)) == 2000
    assert read_position(os.path.realpath(path)) is None


def test_a_slow_read_shows_how_far_it_got(tmp_path):
    path = tmp_path / "big.geojson"
    path.write_bytes(b"x" * 1_000_000)
    terminal = Terminal()
    with reading(path, terminal), open(path, "rb", buffering=0) as handle:
        while handle.read(50_000):
            time.sleep(0.08)  # 20 chunks: 1.6 s
    shown = terminal.getvalue()
    assert "reading big.geojson" in shown
    percents = [int(p) for p in re.findall(r"(\d+)%", shown)]
    assert any(0 < p < 100 for p in percents), shown  # it moved with the reader


def test_a_quick_read_prints_nothing(tmp_path):
    path = tmp_path / "small.geojson"
    path.write_bytes(b"{}")
    terminal = Terminal()
    with reading(path, terminal):
        path.read_bytes()
    assert terminal.getvalue() == ""


def test_off_a_terminal_nothing_is_printed(tmp_path, capsys):
    path = tmp_path / "big.geojson"
    path.write_bytes(b"x" * 1000)
    with reading(path):
        time.sleep(1.3)
    assert capsys.readouterr().err == ""
