"""The story panel (geo/render/static/story.js): a briefing in dated steps, stepped through on the map.

The steps travel as data (JSON in the script, every text set with textContent in the page), with the
layers each shows as references to the drawn layers, so the page never matches names. Added after
the tools: a step's permalink (#step=2) is applied over the view the permalink restored.
"""
from __future__ import annotations

from folium.elements import MacroElement

from geo.render.assets import add_story_assets
from geo.render.layers import data_layers
from geo.render.verbatim import Template, VerbatimRender, writable
from geo.story import StoryStep


class StoryControl(VerbatimRender, MacroElement):
    """Previous/next, step n of N, title, caption and sources; going to a step sets the date (through
    the date control), fits the view and shows the step's layers."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        geoStory({{ this._parent.get_name() }}, {{ this.config()|tojson }}, [
          {%- for layer in this.layers() %}{{ layer.get_name() }}{{ ', ' if not loop.last }}{% endfor -%}
        ]);
        {% endmacro %}
        """)

    def __init__(self, steps: tuple[StoryStep, ...]):
        super().__init__()
        self._name = "StoryControl"
        self.steps = steps
        self.parts: list = []  # what the map draws (the map gives it when it renders)

    def render(self, **kwargs) -> None:
        add_story_assets(self.get_root())
        super().render(**kwargs)

    def layers(self) -> list:
        """The drawn layers of the scenario's own (not the derived areas and fronts), in map order."""
        return [layer for layer in data_layers(self.parts) if getattr(layer, "layer", None) is not None]

    def config(self) -> dict:
        drawn = self.layers()
        index = {layer.layer.name: n for n, layer in enumerate(drawn)}
        default = tuple(layer.layer.name for layer in drawn if layer.layer.show)
        return {"steps": [step_config(step, index, default) for step in self.steps]}


def step_config(step: StoryStep, layer_index: dict[str, int], default: tuple[str, ...]) -> dict:
    """One step as the page takes it: texts as given (set as text there), the view, and the indexes of
    the layers shown (a step that names none: those the map opens with), so that a step looks the same
    however one came to it. A layer not drawn (none of its features could be) is simply not shown."""
    return {
        "number": step.number, "date": step.date, "since": step.since,
        "title": writable(step.title), "caption": writable(step.caption),
        "sources": [{key: writable(str(source.get(key, ""))) for key in ("publisher", "url", "date", "title")}
                    for source in step.sources],
        "bounds": list(step.bounds) if step.bounds else None,
        "center": list(step.center) if step.center else None, "zoom": step.zoom,
        "layers": [layer_index[n] for n in (default if step.layers is None else step.layers) if n in layer_index],
    }
