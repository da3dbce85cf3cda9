"""The researcher walkthrough notebook runs top to bottom and shows what it promises."""
from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOK = NOTEBOOKS / "idlib_2020.ipynb"
pytestmark = [pytest.mark.slow, pytest.mark.browser]  # runs a Jupyter kernel, which exports a PNG (Chromium)


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _html_outputs(cell) -> list[str]:
    return [out["data"]["text/html"] for out in cell.get("outputs", [])
            if out.get("output_type") in ("display_data", "execute_result")
            and "text/html" in out.get("data", {})]


def _stream_text(cell) -> str:
    return "".join(out.get("text", "") for out in cell.get("outputs", [])
                   if out.get("output_type") == "stream")


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"a notebook cell raised an error:\n{error}")
    return nb


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in _code_cells(nb):
        assert cell.outputs == [], cell.source
        assert cell.execution_count is None, cell.source


def test_no_cell_errored(executed):
    for cell in _code_cells(executed):
        errors = [out for out in cell.outputs if out.get("output_type") == "error"]
        assert not errors, f"{cell.source}\n→ {errors}"


def test_map_is_displayed_inline(executed):
    maps = [html for cell in _code_cells(executed) for html in _html_outputs(cell)
            if "folium-map" in html or "<iframe" in html]
    assert maps, "no cell displayed the folium map as HTML"
    # The map after geo.explore(cities, m=m, name="Cities") carries the extra layer.
    assert any("Cities" in html for html in maps)


def test_posts_table_is_shown(executed):
    tables = [html for cell in _code_cells(executed) for html in _html_outputs(cell)
              if "<table" in html and "official_number" in html]
    assert tables, "the posts table was not displayed"
    for column in ("build_order", "established", "precision_m", "confidence"):
        assert column in tables[0]


def test_validation_problems_are_printed(executed):
    printed = "\n".join(_stream_text(cell) for cell in _code_cells(executed)
                        if "geo.validate_frame(" in cell.source)
    assert "field 'name'" in printed, printed
    assert "field 'confidence'" in printed, printed
    assert "edited posts" in printed, printed


def test_map_is_saved(executed):
    printed = "\n".join(_stream_text(cell) for cell in _code_cells(executed))
    assert "saved idlib.html" in printed


def test_situation_section_shows_areas_by_side_and_the_7_february_check(executed):
    html = "".join(h for cell in _code_cells(executed) for h in _html_outputs(cell))
    assert "km² held (estimate)" in html and "government" in html and "opposition" in html
    assert "2019-12-01" in html and "2020-03-06" in html
    assert "Surman observation post" in html and "Morek observation post" in html


def test_the_7_february_map_is_exported_and_shown_as_png(executed):
    cell = _code_cells(executed)[-1]
    assert "to_png" in cell.source
    images = [out for out in cell.outputs if "image/png" in out.get("data", {})]
    assert images, "the exported PNG was not displayed"
    assert "exported idlib-2020-02-07.png" in _stream_text(cell)


def test_the_derived_days_are_held_against_the_record(executed):
    printed = "\n".join(_stream_text(cell) for cell in _code_cells(executed) if "check_record" in cell.source)
    assert "8 of 8 posts within ±3 days of the reported day" in printed


def test_a_plain_geodataframe_and_an_acled_export_are_mapped_in_one_line_each(executed):
    cells = _code_cells(executed)
    plain = next(cell for cell in cells if "geo.explore(towns" in cell.source)
    assert any("Saraqeb" in html and "no source given" in html for html in _html_outputs(plain))
    acled = next(cell for cell in cells if "acled-current.csv" in cell.source)
    assert "40 events, 2020-01" in _stream_text(acled)
    assert any("sub_event_type" in html for html in _html_outputs(acled))


def test_the_notebook_dates_surman_as_the_map_and_geo_status_do(executed, idlib_model):
    """The notebook reads the same spells as the popups, `geo status` and --check: Surman on
    7 Feb is surrounded since 26 Jan (its current spell), and its history keeps 23 Dec."""
    cell = next(c for c in _code_cells(executed) if 'status_table("2020-02-07")' in c.source)
    history = idlib_model.timeline.history("op-surman")
    assert f"Surman observation post: {history}\n" in _stream_text(cell)
    assert "; surrounded since 26 Jan 2020 (" in history and "surrounded 23 Dec 2019 (" in history
    assert "2020-01-26" in "".join(_html_outputs(cell))
    check = next(c for c in _code_cells(executed) if "check_record" in c.source)
    assert "2019-12-23" in "".join(_html_outputs(check))
