"""Clips: `geo export --mp4/--gif` animates the report layout day by day, from one open page."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from geo.derive.time import shown
from geo.errors import GeoError
from geo.write import clip, image
from tests.conftest import SCENARIO, run_cli

FIRST, LAST = "2020-02-04", "2020-02-08"  # five days of the case study, each one different
SIZE = (641, 401)  # CSS pixels at scale 1: odd on purpose, the MP4 needs even sides
needs_chromium = pytest.mark.browser


def frames(path: Path) -> list[np.ndarray]:
    """Every frame of a clip, decoded with PyAV, as RGB arrays."""
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24").astype(np.int16) for frame in container.decode(video=0)]


def changing_days(model, start: str, end: str) -> list[str]:
    """The days after ``start`` on which a new state is derived or the features shown differ from the
    day before's, found by asking each day what is shown (not from the change days clip.py gathers)."""
    timeline, days = model.timeline, []
    first = dt.date.fromisoformat(start)
    count = (dt.date.fromisoformat(end) - first).days
    derived = {day.isoformat() for day in timeline.change_days}
    before = None
    for n in range(count + 1):
        day = first + dt.timedelta(days=n)
        showing = {name: tuple(shown(span, day)) for name, span in timeline.spans.items()}
        if before is not None and (showing != before or day.isoformat() in derived):
            days.append(day.isoformat())
        before = showing
    return [start, *days]


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict:
    """The five days as an MP4 and a GIF, from one command."""
    from geo.cli import main

    folder = tmp_path_factory.mktemp("clip")
    paths = {"mp4": folder / "days.mp4", "gif": folder / "days.gif"}
    code = main(["export", str(SCENARIO), "--mp4", str(paths["mp4"]), "--gif", str(paths["gif"]),
                 "--from", FIRST, "--to", LAST, "--size", "x".join(map(str, SIZE)), "--scale", "1"])
    assert code == 0
    return {kind: frames(path) for kind, path in paths.items()} | {"paths": paths}


# -- days -----------------------------------------------------------------------------------------
def test_every_day_is_each_day_of_the_range_and_the_default_is_the_whole_range(idlib_model):
    config = {"start": "2019-12-01", "end": "2020-03-10"}
    assert clip.clip_days(config, idlib_model.timeline, FIRST, LAST) == [
        "2020-02-04", "2020-02-05", "2020-02-06", "2020-02-07", "2020-02-08"]
    whole = clip.clip_days(config, idlib_model.timeline)
    assert (whole[0], whole[-1], len(whole)) == ("2019-12-01", "2020-03-10", 101)


def test_every_change_is_the_first_day_and_each_day_the_map_changes(idlib_model):
    config = {"start": "2019-12-01", "end": "2020-03-10"}
    for start, end in (("2019-12-01", "2020-03-10"), ("2019-12-02", "2019-12-19"), ("2020-01-05", "2020-01-20")):
        days = clip.clip_days(config, idlib_model.timeline, start, end, "change")
        assert days == changing_days(idlib_model, start, end)
    quiet = clip.clip_days(config, idlib_model.timeline, "2019-12-02", "2019-12-19", "change")
    assert quiet == ["2019-12-02", "2019-12-03", "2019-12-04", "2019-12-19"]  # not every day


@pytest.mark.parametrize("start, end, every, message", [
    ("2019-11-30", None, "day", "--from: expected a day within the map's range 2019-12-01 – 2020-03-10, found 2019-11-30"),
    (None, "2020-04-01", "day", "--to: expected a day within the map's range"),
    ("2020-02-08", "2020-02-04", "day", "--from: expected a day on or before --to 2020-02-04, found 2020-02-08"),
    (None, None, "week", "--every: expected one of day, change, found 'week'"),
])
def test_bad_days_say_which_option_and_what_was_expected(start, end, every, message):
    with pytest.raises(GeoError, match=message):
        clip.clip_days({"start": "2019-12-01", "end": "2020-03-10"}, None, start, end, every)


@pytest.mark.parametrize("argv, message", [
    (["--mp4", "x.mp4", "--from", "2021-01-01"], "geo: usage: --from: expected a day within the map's range"),
    (["--mp4", "x.mp4", "--from", "2020-02-08", "--to", "2020-02-01"], "--from: expected a day on or before --to"),
    (["--png", "x.png", "--every", "change"], "--every: expected with --mp4 OUT.mp4 or --gif OUT.gif"),
    (["--png", "x.png", "--fps", "4", "--from", "2020-02-01"], "--from, --fps: expected with --mp4"),
])
@pytest.mark.slow
def test_cli_usage_errors_exit_2_naming_the_option(capsys, tmp_path, argv, message):
    code, out, err = run_cli(capsys, "export", str(SCENARIO), *[a.replace("x.", f"{tmp_path}/x.") for a in argv])
    assert code == 2 and message in err
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("argv, message", [
    (["--fps", "0"], "argument --fps: expected frames per second from 0.1 to 60, found '0'"),
    (["--every", "week"], "argument --every: invalid choice: 'week'"),
    (["--from", "4 Feb"], "argument --from: expected a date as YYYY-MM-DD, found '4 Feb'"),
])
def test_cli_malformed_options_exit_2_naming_the_option(capsys, argv, message):
    from geo.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["export", "--mp4", "x.mp4", *argv])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


# -- clips ----------------------------------------------------------------------------------------
@needs_chromium
def test_one_frame_per_day_at_even_sides(clips):
    for kind in ("mp4", "gif"):
        assert len(clips[kind]) == 5, kind
        assert {frame.shape for frame in clips[kind]} == {(400, 640, 3)}, kind  # 641×401 less a pixel each way
    with av.open(str(clips["paths"]["mp4"])) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")
        assert stream.average_rate == clip.DEFAULT_FPS and float(stream.duration * stream.time_base) == 5 / 4
    assert clips["paths"]["gif"].read_bytes()[:6] == b"GIF89a"


@needs_chromium
def test_first_and_last_frames_differ_in_the_map(clips):
    for kind in ("mp4", "gif"):
        first, last = clips[kind][0], clips[kind][-1]
        changed = (np.abs(first - last).max(axis=2) > 48).mean()
        assert changed > 0.002, kind  # the date stamp and what changed on the map between 4 and 8 Feb


@needs_chromium
def test_a_frame_is_the_png_export_of_its_day(clips, idlib_offline_html):
    """The third frame is 6 Feb: the PNG export of 6 Feb, give or take the encoding, and not that of
    7 Feb where the two differ (the date stamp among them)."""
    pngs = {day: np.asarray(Image.open(io.BytesIO(image.png_bytes(idlib_offline_html, day=day, size=SIZE, scale=1)))
                            .convert("RGB"), dtype=np.int16)[:400, :640]
            for day in ("2020-02-06", "2020-02-07")}
    for kind in ("mp4", "gif"):
        frame = clips[kind][2]
        error = {day: np.abs(frame - png).mean() for day, png in pngs.items()}
        assert error["2020-02-06"] < 3, (kind, error)  # lossy encoding only
        where = np.abs(pngs["2020-02-07"] - pngs["2020-02-06"]).max(axis=2) > 48
        assert where[:60, 320:].any()  # the date stamp, top right
        near = np.abs(frame - pngs["2020-02-06"])[where].mean()
        assert near * 3 < np.abs(frame - pngs["2020-02-07"])[where].mean(), kind


@needs_chromium
def test_every_change_gives_a_frame_per_change_day(tmp_path, capsys, idlib_model):
    out = tmp_path / "changes.mp4"
    code, printed, err = run_cli(capsys, "export", str(SCENARIO), "--mp4", str(out), "--every", "change",
                                 "--from", "2019-12-02", "--to", "2019-12-19", "--size", "400x250", "--scale", "1",
                                 "--fps", "2")
    assert code == 0 and printed.strip() == str(out)
    days = changing_days(idlib_model, "2019-12-02", "2019-12-19")
    assert f"{len(days)} frames (2019-12-02 – 2019-12-19)" in err
    assert len(frames(out)) == len(days) == 4


@needs_chromium
def test_a_failed_clip_leaves_no_file(tmp_path, idlib_offline_html):
    """The page cannot show a day past its range: an error naming the day, and nothing on disk."""
    out = tmp_path / "bad.mp4"
    with pytest.raises(GeoError, match="date 2031-01-01: the page shows 2020-03-10 instead"):
        clip.write_clips({"mp4": out, "gif": tmp_path / "bad.gif"}, idlib_offline_html,
                         ["2020-03-09", "2031-01-01"], size=(400, 250), scale=1)
    assert not list(tmp_path.iterdir())


def test_the_api_takes_only_known_formats_and_some_days(idlib_offline_html, tmp_path):
    with pytest.raises(GeoError, match="clip format: expected mp4 or gif, found \\['webm'\\]"):
        clip.write_clips({"webm": tmp_path / "a.webm"}, idlib_offline_html, ["2020-02-07"])
    with pytest.raises(GeoError, match="days: expected at least one day"):
        clip.write_clips({"mp4": tmp_path / "a.mp4"}, idlib_offline_html, [])
