"""Stories: a scenario's [[story]] steps checked as data, carried into the model and the page as
data, stepped through on the map (desktop and phone), and exported a page (or an image) per step."""
from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.scenario import load_scenario
from geo.story import StoryStep
from tests.conftest import ROOT, SCENARIO, run_cli

CASE = ROOT / "layers" / "idlib-2020"
TITLES = ["The December push", "The fall of Maarat al-Numan", "Saraqeb and the encircled posts",
          "The counter-attack of 27 February", "The Moscow ceasefire"]
DATES = ["2019-12-29", "2020-01-28", "2020-02-07", "2020-02-27", "2020-03-06"]


# -- the scenario ----------------------------------------------------------------------------------

def test_the_shipped_story_loads_as_typed_frozen_steps():
    story = load_scenario(SCENARIO).story
    assert [s.title for s in story] == TITLES and [s.date for s in story] == DATES
    assert [s.number for s in story] == [1, 2, 3, 4, 5]
    for step in story:
        assert isinstance(step, StoryStep)
        assert step.since is not None and step.since < step.date
        assert isinstance(step.bounds, tuple) and all(isinstance(v, float) for v in step.bounds)
        west, south, east, north = step.bounds
        assert west < east and south < north
        assert step.caption and step.sources and all(s["url"].startswith("http") for s in step.sources)
    assert story[0].layers is not None and "Units (as reported)" not in story[0].layers
    with pytest.raises(dataclasses.FrozenInstanceError):
        story[0].date = "2020-01-01"
    assert story[2].slug == "saraqeb-and-the-encircled-posts"


def test_the_story_cites_only_sources_the_shipped_data_carries():
    """Every source of every caption is one the data's own reports cite: same URL, same publisher."""
    data = "\n".join((CASE / name).read_text(encoding="utf-8") for name in
                     ("control.csv", "events.geojson", "encirclements.csv", "posts.geojson"))
    for step in load_scenario(SCENARIO).story:
        for source in step.sources:
            assert source["url"] in data or json.dumps(source["url"])[1:-1] in data, (step.number, source["url"])
            assert source["publisher"] in data, (step.number, source["publisher"])


HEAD = """title = "t"
[[layers]]
name = "Places"
file = "places.geojson"
[[layers]]
name = "Posts"
file = "posts.geojson"
[time]
start = "2020-01-01"
end = "2020-03-10"
[[story]]
date = "2020-01-05"
center = [35.9, 36.6]
zoom = 9
"""


def scenario_with(tmp_path: Path, step: str, head: str = HEAD) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(head + "[[story]]\n" + step, encoding="utf-8")
    return path


def test_a_good_story_of_center_and_zoom_and_bounds_loads(tmp_path):
    story = load_scenario(scenario_with(tmp_path, 'date = "2020-02-07"\nsince = "2020-02-01"\n'
                                        'bounds = [36.5, 35.7, 37.0, 36.0]\nlayers = ["Posts"]\ntitle = "Two"\n'
                                        'sources = [{ publisher = "P", url = "https://example.org/a", '
                                        'date = "2020-02-07" }]\n')).story
    assert story[0].center == (35.9, 36.6) and story[0].zoom == 9.0 and story[0].bounds is None
    assert story[0].layers is None and story[0].slug == "2020-01-05"
    assert story[1] == StoryStep(number=2, date="2020-02-07", since="2020-02-01", bounds=(36.5, 35.7, 37.0, 36.0),
                                 layers=("Posts",), title="Two",
                                 sources=({"publisher": "P", "url": "https://example.org/a", "date": "2020-02-07"},))


@pytest.mark.parametrize(("step", "expected"), [
    ('date = "2020-02-07"\ncaptoin = "x"\n', "story[2]: unknown key 'captoin' (did you mean 'caption'?)"),
    ('title = "no date"\n', "story[2]: field 'date': expected a value, found nothing"),
    ('date = "2020-13-07"\n', "story[2]: field 'date': expected"),
    ('date = "2020-04-01"\n', "story[2]: field 'date': expected a day from 2020-01-01 to 2020-03-10"),
    ('date = "2020-02-07"\nsince = "2020-02-07"\n', "story[2]: field 'since': expected a day before the step's date"),
    ('date = "2020-02-07"\nbounds = [37.0, 35.7, 36.5, 36.0]\n', "story[2]: field 'bounds': expected [west, south"),
    ('date = "2020-02-07"\nbounds = [36.5, 35.7, 37.0]\n', "story[2]: field 'bounds': expected [west, south"),
    ('date = "2020-02-07"\nbounds = [36.5, 35.7, 37.0, 36.0]\nzoom = 9\n',
     "story[2]: field 'bounds': expected either bounds or center and zoom, found both"),
    ('date = "2020-02-07"\ncenter = [35.9, 36.6]\n', "story[2]: field 'zoom': expected a value with 'center'"),
    ('date = "2020-02-07"\ncenter = [136.6, 35.9]\nzoom = 9\n', "story[2]: field 'center': expected [latitude, longitude]"),
    ('date = "2020-02-07"\ncenter = [35.9, 36.6]\nzoom = 40\n', "story[2]: field 'zoom': expected a number from 0 to 22"),
    ('date = "2020-02-07"\nlayers = ["Place"]\n', "story[2]: field 'layers': expected names of the scenario's layers"),
    ('date = "2020-02-07"\nlayers = "Places"\n', "story[2]: field 'layers': expected a list of names"),
    ('date = "2020-02-07"\ntitle = 7\n', "story[2]: field 'title': expected text, found"),
    ('date = "2020-02-07"\nsources = [{ publisher = "P", url = "javascript:alert(1)", date = "2020" }]\n',
     "story[2]: field 'sources[1].url': expected"),
])
def test_a_bad_step_names_the_step_and_the_field(tmp_path, step, expected):
    with pytest.raises(InputError) as error:
        load_scenario(scenario_with(tmp_path, step))
    assert expected in str(error.value) and str(error.value).startswith("scenario.toml: ")
    if "layers = [\"Place\"]" in step:
        assert "(did you mean 'Places'?)" in str(error.value)


def test_a_story_needs_the_date_control(tmp_path):
    head = HEAD.replace('[time]\nstart = "2020-01-01"\nend = "2020-03-10"\n', "")
    with pytest.raises(InputError, match=r"story\[1\]: field 'date': a story needs a \[time\] section"):
        load_scenario(scenario_with(tmp_path, 'date = "2020-02-07"\n', head))


# -- the model and the page's payload ------------------------------------------------------------

def story_payload(html: str) -> tuple[dict, str]:
    """The config geoStory is called with, and the list of layer variables after it."""
    start = html.index("geoStory(map_")
    config_at = html.index("{", start)
    config, end = json.JSONDecoder().raw_decode(html, config_at)
    return config, html[end:html.index("]", end) + 1]


def test_the_steps_reach_the_page_as_data_through_the_model(idlib_model, idlib_offline_html):
    assert idlib_model.story == load_scenario(SCENARIO).story
    config, layers = story_payload(idlib_offline_html)
    steps = config["steps"]
    assert [s["title"] for s in steps] == TITLES and [s["date"] for s in steps] == DATES
    assert steps[2]["sources"][2]["title"] == "خلال كلمة أردوغان.. نظام الأسد يحاصر الجيش التركي في إدلب"
    assert steps[0]["bounds"] == [36.55, 35.38, 37.08, 35.8] and steps[0]["center"] is None
    # each step's layers as indexes into the drawn layers passed beside the config: step 1 leaves out
    # the units; a step that names none shows those the map opens with (all of them here)
    drawn = re.findall(r"feature_layer_\w+", layers)
    assert len(drawn) == len(set(drawn)) >= 7
    assert len(steps[0]["layers"]) == 5 and steps[2]["layers"] == list(range(len(drawn)))
    assert idlib_offline_html.count("function geoStory(") == 1


def test_a_map_without_a_story_carries_no_story_code(tmp_path):
    import geo

    html = geo.to_html(geo.build_map(ROOT / "tests" / "inputs" / "points-plain.geojson", tiles="none"))
    assert "geoStory" not in html


@pytest.mark.slow
def test_story_text_is_data_never_markup(tmp_path):
    """A caption that would close the script or open a tag reaches the page as JSON text."""
    import geo

    text = (CASE / "scenario.toml").read_text(encoding="utf-8")
    hostile = '</script><img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}'
    text = text.replace('title = "The December push"', f'title = {json.dumps(hostile)}')
    for name in ("scenario.toml",):
        (tmp_path / name).write_text(text, encoding="utf-8")
    for item in CASE.iterdir():
        if item.name != "scenario.toml":
            (tmp_path / item.name).symlink_to(item)
    html = geo.to_html(geo.build_map(tmp_path / "scenario.toml", tiles="none"))
    config, _ = story_payload(html)
    assert config["steps"][0]["title"] == hostile
    assert "</script><img" not in html and "{{ 7*7 }}" in html


# -- in the browser ------------------------------------------------------------------------------

STATE_JS = """() => {
  const map = document.querySelector('.folium-map'), m = window[map.id];
  const box = s => { const el = document.querySelector(s); if (!el) { return null; }
                     const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const c = m.getCenter();
  return {step: map.dataset.geoStep || null, date: map.dataset.geoDate, label: document.querySelector('.geo-date-label').textContent,
          slider: document.querySelector('.geo-slider').value, center: [c.lng, c.lat], zoom: m.getZoom(), hash: location.hash,
          count: document.querySelector('.geo-story-count').textContent, title: document.querySelector('.geo-story-title').textContent,
          units: Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).filter(l => l.textContent.includes('Units (as reported)'))
                  .map(l => l.querySelector('input').checked)[0],
          story: box('.geo-story'), timebar: box('.geo-timebar'), map: box('.folium-map'),
          controls: Array.from(document.querySelectorAll('.leaflet-control:not(.geo-story), .geo-title')).filter(el => el.getClientRects().length
                    && getComputedStyle(el).display !== 'none').map(el => { const r = el.getBoundingClientRect(); return [el.className, r.left, r.top, r.right, r.bottom]; }),
          closed: document.querySelector('.geo-story').classList.contains('geo-story-closed'),
          caption: getComputedStyle(document.querySelector('.geo-story-caption')).fontSize,
          links: Array.from(document.querySelectorAll('.geo-story-sources a'), a => a.href)};
}"""


def wait_step(page, number: int) -> dict:
    page.wait_for_function(f"document.querySelector('.folium-map').dataset.geoStep === '{number}'")
    return page.evaluate(STATE_JS)


def inside(center, bounds) -> bool:
    return bounds[0] <= center[0] <= bounds[2] and bounds[1] <= center[1] <= bounds[3]


def apart(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) <= 0.5 or min(a[3], b[3]) - max(a[1], b[1]) <= 0.5


@pytest.mark.parametrize("device", [(1280, 800), (375, 667)], ids=["desktop", "phone"])
def test_stepping_through_the_story(device, idlib_files, open_map):
    story = load_scenario(SCENARIO).story
    opened = open_map(idlib_files["offline"], *device)
    page = opened.page
    page.wait_for_selector(".geo-story")
    start = page.evaluate(STATE_JS)
    assert start["step"] is None and start["count"] == "Story: 5 steps" and start["date"] == "2020-02-07"
    assert start["closed"] is (device[0] < 768)  # collapsed on a phone, open on a desktop
    assert start["units"] is True

    # the compare view's hook, when the page has one: a step with `since` asks it for that day
    page.evaluate("() => { window[document.querySelector('.folium-map').id].geoCompare = "
                  "(since, day) => { window.geoCompared = [since, day]; }; }")
    page.click(".geo-story-next")
    one = wait_step(page, 1)
    assert page.evaluate("window.geoCompared") == ["2019-12-18", "2019-12-29"]
    assert one["date"] == "2019-12-29" and one["label"] == "29 December 2019"  # through the date control
    assert one["count"] == "Step 1 of 5" and one["title"] == TITLES[0]
    assert inside(one["center"], story[0].bounds) and "step=1" in one["hash"] and "compare=2019-12-18" in one["hash"]
    assert one["units"] is False  # step 1 shows only its layers

    page.keyboard.press("]")  # anywhere but in a field
    two = wait_step(page, 2)
    assert two["label"] == "28 January 2020" and two["slider"] != one["slider"] and two["center"] != one["center"]
    assert inside(two["center"], story[1].bounds)
    page.focus(".geo-story-next")
    page.keyboard.press("ArrowRight")  # arrows while the panel has the focus
    three = wait_step(page, 3)
    assert three["label"] == "7 February 2020" and three["units"] is True  # step 3 names no layers: the map's own
    page.keyboard.press("ArrowLeft")
    assert wait_step(page, 2)["label"] == "28 January 2020"
    page.click(".geo-story-prev")
    assert wait_step(page, 1)["label"] == "29 December 2019"
    page.click(".geo-story-next")
    page.click(".geo-story-next")
    three = wait_step(page, 3)
    for control in three["controls"]:  # open (desktop) or closed (phone), the panel covers no other control
        assert apart(three["story"], control[1:]), control[0]

    if device[0] < 768:  # the phone: the panel opens and closes; it never covers the date bar or a control
        assert three["closed"]
        page.click(".geo-story-toggle")
        page.wait_for_function("!document.querySelector('.geo-story').classList.contains('geo-story-closed')")
        shown = page.evaluate(STATE_JS)
        for state in (three, shown):
            assert state["story"][3] <= state["map"][3] <= state["timebar"][1]
            assert apart(state["story"], state["timebar"])
            for control in state["controls"]:
                assert apart(state["story"], control[1:]), control[0]
        assert float(shown["caption"].rstrip("px")) >= 13
        assert shown["story"][3] - shown["story"][1] <= 0.5 * (shown["map"][3] - shown["map"][1])
        assert shown["links"] and all(link.startswith("https://") for link in shown["links"])
        page.click(".geo-story-toggle")
        page.wait_for_function("document.querySelector('.geo-story').classList.contains('geo-story-closed')")
    else:  # the step's link reopens the step: its day, its view, its layers
        page.click(".geo-story-prev")
        two = wait_step(page, 2)
        link = page.url
        assert "step=2" in link
        page.goto("about:blank")
        page.goto(link)
        again = wait_step(page, 2)
        assert again["label"] == "28 January 2020" and again["title"] == TITLES[1] and again["units"] is False
        assert again["zoom"] == two["zoom"] and max(abs(a - b) for a, b in zip(again["center"], two["center"])) < 1e-3
        # a day chosen on the date bar leaves the step: its arrow keys are its own
        page.focus(".geo-slider")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.folium-map').dataset.geoDate === '2020-01-29'")
        left = page.evaluate(STATE_JS)
        assert "step=" not in left["hash"] and left["step"] is None and left["title"] == TITLES[1]
    assert not [e for e in opened.console_errors if "Failed to load resource" not in e]


# -- export --------------------------------------------------------------------------------------

@pytest.mark.browser
def test_story_export_a_pdf_page_and_a_png_per_step(tmp_path, capsys):
    from PIL import Image
    from pypdf import PdfReader

    pdf, folder = tmp_path / "story.pdf", tmp_path / "steps"
    code, out, err = run_cli(capsys, "export", "--story", "--pdf", str(pdf), "--png", str(folder),
                             "--size", "800x500", "--scale", "1")
    assert code == 0, err
    pages = PdfReader(pdf).pages
    assert len(pages) == 5
    for page, title, day in zip(pages, TITLES, ["29 December 2019", "28 January 2020", "7 February 2020",
                                                "27 February 2020", "6 March 2020"]):
        text = " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())  # ligatures (ﬁ) as letters
        assert title in text and day in text and "Legend" in text and "Sources:" in text
    assert "Step 4 of 5".upper() in " ".join(pages[3].extract_text().split()).upper()
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["01-the-december-push.png", "02-the-fall-of-maarat-al-numan.png",
                     "03-saraqeb-and-the-encircled-posts.png", "04-the-counter-attack-of-27-february.png",
                     "05-the-moscow-ceasefire.png"]
    for name in names:
        with Image.open(folder / name) as image:
            assert image.size == (800, 500)
    assert out.split() == [str(pdf)] + [str(folder / n) for n in names]


def test_story_export_needs_a_story_and_no_date(capsys):
    code, _, err = run_cli(capsys, "export", "--story", "--pdf", "x.pdf", "--date", "2020-02-07")
    assert code == 2 and "--story writes the story's steps" in err
    code, _, err = run_cli(capsys, "export", str(ROOT / "tests" / "inputs" / "points-plain.geojson"),
                           "--story", "--pdf", "x.pdf")
    assert code == 2 and "has no [[story]] steps" in err
