"""Popup and tooltip HTML for one feature. Every value from data is escaped here.

Leaflet puts popup and tooltip strings into innerHTML, so these strings are the one place where
data meets markup: values go through ``html.escape`` and only http(s) URLs become links.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from geo.render.milsymbols import words
from geo.schema import GAPS_COLUMN, Kind
from geo.values import is_missing, is_web_url

# Fields shown in the popup's header or footer rather than its table.
_HEADER = {"id", "name", "description", "sources", "confidence", "precision_m", "location_note"}


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_precision(metres: float) -> str:
    if metres >= 1000:
        km = metres / 1000
        return f"±{km:.0f} km" if km >= 10 or km.is_integer() else f"±{km:.1f} km"
    return f"±{metres:.0f} m"


def _source_item(source: Mapping[str, str]) -> str:
    publisher = escape(source.get("publisher", ""))
    url = source.get("url", "")
    if is_web_url(url):
        link = (f'<a href="{escape(url, quote=True)}" target="_blank" '
                f'rel="noopener noreferrer">{publisher}</a>')
    elif not url and source.get("via"):
        link = f'{publisher} <span class="geo-url">(named by {escape(source["via"])}; no link given)</span>'
    else:
        link = f"{publisher} <span class=\"geo-url\">{escape(url)}</span>"
    parts = [link]
    when = [escape(source["date"])] if source.get("date") else ["undated"] if source.get("accessed") else []
    if source.get("accessed"):
        when.append(f"accessed {escape(source['accessed'])}")
    if when:
        parts.append(f" ({'; '.join(when)})")
    if source.get("title"):
        parts.append(f": “{escape(source['title'])}”")
    if source.get("note"):
        parts.append(f" — {escape(source['note'])}")
    return "<li>" + "".join(parts) + "</li>"


def _is_blank(value: Any) -> bool:
    return is_missing(value) or (isinstance(value, float) and math.isnan(value))


# Where the day's derived state goes (a post's status and since when, who held a place): first, so
# that the popup leads with the answer. geo.js fills it, as text, for the day shown.
NOW_SLOT = '<div class="geo-now"></div>'


class _Values:
    """A feature's values, written into the layout as escaped text (Python's popups)."""

    def __init__(self, row: Mapping[str, Any]):
        self.row = row

    def has(self, name: str) -> bool:
        value = self.row.get(name)
        if name in ("sources", GAPS_COLUMN):
            return isinstance(value, (list, tuple)) and len(value) > 0
        return not _is_blank(value)

    def text(self, name: str, capital: bool = False) -> str:
        value = self.row.get(name)
        text = "" if value is None else _text(value)
        return escape(text.capitalize() if capital else text)

    def element(self, tag: str, name: str, attributes: str, inner: str) -> str:
        """``<tag>inner</tag>`` where the feature has ``name``."""
        return f"<{tag}{attributes}>{inner}</{tag}>" if self.has(name) else ""

    def optional(self, name: str, inner: str) -> str:
        """``inner`` (inline text) where the feature has ``name``."""
        return inner if self.has(name) else ""

    def either(self, name: str, given: str, missing: str) -> str:
        return given if self.has(name) else missing

    def precision(self) -> str:
        return escape(format_precision(float(self.row["precision_m"])))

    def sources(self) -> str:
        return source_items(self.row.get("sources"))

    def gaps(self) -> str:
        return escape(gaps_text(self.row.get(GAPS_COLUMN)))


class _Slots(_Values):
    """The same layout with every value a slot the page fills (as text) for the feature clicked:
    a large layer's popup (events.js geoFillPopup), whose values reach the page as columns.
    ``keys`` maps a field to its column in the payload."""

    def __init__(self, keys: Mapping[str, str]):
        super().__init__({})
        self.keys = keys

    def has(self, name: str) -> bool:
        return name in self.keys

    def _key(self, name: str) -> str:
        return escape(self.keys[name], quote=True)

    def text(self, name: str, capital: bool = False) -> str:
        if name not in self.keys:
            return ""
        case = ' data-geo-case="capital"' if capital else ""
        return f'<span data-geo-text="{self._key(name)}"{case}></span>'

    def element(self, tag: str, name: str, attributes: str, inner: str) -> str:
        if name not in self.keys:
            return ""
        return f'<{tag}{attributes} data-geo-if="{self._key(name)}">{inner}</{tag}>'

    def optional(self, name: str, inner: str) -> str:
        return self.element("span", name, "", inner)

    def either(self, name: str, given: str, missing: str) -> str:
        if name not in self.keys:
            return missing
        return (f'<span data-geo-if="{self._key(name)}">{given}</span>'
                f'<span data-geo-unless="{self._key(name)}">{missing}</span>')

    def precision(self) -> str:  # the column arrives written by format_precision (columnar.py)
        return self.text("precision_m")

    def sources(self) -> str:  # the column arrives as source_items' escaped HTML (columnar.py)
        return f'<span data-geo-html="{self._key("sources")}"></span>' if "sources" in self.keys else ""

    def gaps(self) -> str:  # the column arrives written by gaps_text (columnar.py)
        return self.text(GAPS_COLUMN)


def popup_html(row: Mapping[str, Any], kind: Kind, extra_fields: list[str] = ()) -> str:
    """The day's derived state (kinds that have one: filled in by the map), then what it is,
    who, when, according to whom, how sure and how precise."""
    return _layout(_Values(row), kind, extra_fields)


def popup_template(kind: Kind, keys: Mapping[str, str], extra_fields: Sequence[str] = ()) -> str:
    """The layout of ``popup_html`` with slots for the values (``keys``: field → its column in the
    page), for a layer whose popups the page fills in: one layout for every popup."""
    return _layout(_Slots(keys), kind, extra_fields)


def _layout(v: _Values, kind: Kind, extra_fields: Sequence[str]) -> str:
    type_field = kind.category
    kind_line = v.either(type_field, v.text(type_field, capital=True), escape(kind.label)) if type_field \
        else escape(kind.label)
    if kind.party:
        kind_line += v.optional(kind.party, " · " + v.text(kind.party))
    out = ['<div class="geo-popup">',
           NOW_SLOT if {"status", "controller"} & set(kind.derived) else "",
           f'<div class="geo-popup-kind">{kind_line}</div>',
           f'<h3>{v.text("name")}</h3>']
    # a user's feature drawn though it lacks these
    out.append(v.element("p", GAPS_COLUMN, ' class="geo-gaps"', "Drawn as given: " + v.gaps()))
    out.append(v.element("p", "description", ' class="geo-desc"', v.text("description")))
    rows = []
    for field in kind.fields:
        if field.name in _HEADER or field.name in (type_field, kind.party) or field.name == GAPS_COLUMN:
            continue
        rows.append(v.element("tr", field.name, "", f"<th>{escape(field.label)}</th><td>{v.text(field.name)}</td>"))
    for name in extra_fields:
        rows.append(v.element("tr", name, "", f"<th>{escape(str(name))}</th><td>{v.text(name)}</td>"))
    if v.has("symbol_code") and not isinstance(v, _Slots):
        rows.append(f"<tr><th>Symbol</th><td>{_symbol_words(v.row)}</td></tr>")
    rows.append(f'<tr><th>ID</th><td>{v.text("id")}</td></tr>')
    out.append("<table>" + "".join(rows) + "</table>")
    trust = v.either("confidence", f'Confidence: <b>{v.text("confidence")}</b>', "Confidence: not given")
    trust += v.optional("precision_m", f" · Location: {v.precision()}") if v.has("precision_m") else ""
    out.append(f'<p class="geo-trust">{trust}</p>')
    out.append(v.element("p", "location_note", ' class="geo-locnote"', v.text("location_note")))
    out.append(v.either("sources", f'<div class="geo-sources"><b>Sources</b><ol>{v.sources()}</ol></div>',
                        '<div class="geo-sources geo-nosource"><b>Sources</b>: none given</div>'))
    out.append("</div>")
    return "".join(out)


def gaps_text(gaps: Any) -> str:
    """What a feature drawn as given lacks, as its popup says it."""
    return "; ".join(str(g) for g in gaps) if isinstance(gaps, (list, tuple)) else ""


def source_items(sources: Any) -> str:
    """A feature's sources as the <li> items of its popup's list (escaped HTML; '' for none)."""
    return "".join(_source_item(s) for s in sources) if isinstance(sources, (list, tuple)) else ""


def _symbol_words(row: Mapping[str, Any]) -> str:
    """'infantry battalion (land unit) · hostile · dashed: not confirmed', and the code."""
    code = str(row["symbol_code"])
    parts = [escape(words(code))]
    if not _is_blank(row.get("affiliation")):
        parts.append(escape(_text(row["affiliation"])))
    if code[6] == "1":
        parts.append("dashed frame: not confirmed")
    return " · ".join(parts) + f' <span class="geo-url">SIDC {escape(code)}</span>'


def tooltip_html(row: Mapping[str, Any], kind: Kind, columns: Sequence[str] = ()) -> str:
    """The name, and its type, as escaped text (or ``columns``: 'column: value' each, as
    ``explore``'s tooltip shows them)."""
    if columns:
        return "<br>".join(f"<b>{escape(str(c))}</b>: {escape(_text(row.get(c)))}" for c in columns
                           if not _is_blank(row.get(c))) or escape(_text(row.get("id", "")))
    if kind.plain and _is_blank(row.get("name")):
        return escape(_text(row.get("id", "")))
    type_value = row.get(kind.category) if kind.category else None
    suffix = f' <span class="geo-tip-type">{escape(_text(type_value))}</span>' if type_value else ""
    return f"{escape(_text(row.get('name', '')))}{suffix}"
