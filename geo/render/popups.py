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


def popup_html(row: Mapping[str, Any], kind: Kind, extra_fields: list[str] = ()) -> str:
    """The day's derived state (kinds that have one: filled in by the map), then what it is,
    who, when, according to whom, how sure and how precise."""
    type_field = kind.category
    subtitle = [escape(_text(row.get(type_field) or "").capitalize() or kind.label)]
    if kind.party and not _is_blank(row.get(kind.party)):
        subtitle.append(escape(_text(row[kind.party])))
    out = ['<div class="geo-popup">',
           NOW_SLOT if {"status", "controller"} & set(kind.derived) else "",
           f'<div class="geo-popup-kind">{" · ".join(subtitle)}</div>',
           f'<h3>{escape(_text(row.get("name", "")))}</h3>']
    gaps = row.get(GAPS_COLUMN)
    if isinstance(gaps, (list, tuple)) and gaps:  # a user's feature drawn though it lacks these
        out.append('<p class="geo-gaps">Drawn as given: ' + escape("; ".join(str(g) for g in gaps)) + "</p>")
    if not _is_blank(row.get("description")):
        out.append(f'<p class="geo-desc">{escape(_text(row["description"]))}</p>')
    rows = []
    for field in kind.fields:
        if field.name in _HEADER or field.name in (type_field, kind.party) or field.name == GAPS_COLUMN:
            continue
        value = row.get(field.name)
        if not _is_blank(value):
            rows.append(f"<tr><th>{escape(field.label)}</th><td>{escape(_text(value))}</td></tr>")
    for name in extra_fields:
        value = row.get(name)
        if not _is_blank(value):
            rows.append(f"<tr><th>{escape(str(name))}</th><td>{escape(_text(value))}</td></tr>")
    if not _is_blank(row.get("symbol_code")):
        rows.append(f"<tr><th>Symbol</th><td>{_symbol_words(row)}</td></tr>")
    rows.append(f'<tr><th>ID</th><td>{escape(_text(row.get("id", "")))}</td></tr>')
    out.append("<table>" + "".join(rows) + "</table>")
    confidence = row.get("confidence")
    trust = [f'Confidence: <b>{escape(_text(confidence))}</b>' if not _is_blank(confidence) else "Confidence: not given"]
    if not _is_blank(row.get("precision_m")):
        trust.append(f"Location: {escape(format_precision(float(row['precision_m'])))}")
    out.append(f'<p class="geo-trust">{" · ".join(trust)}</p>')
    if not _is_blank(row.get("location_note")):
        out.append(f'<p class="geo-locnote">{escape(_text(row["location_note"]))}</p>')
    sources = row.get("sources")
    if isinstance(sources, (list, tuple)) and len(sources):
        out.append('<div class="geo-sources"><b>Sources</b><ol>'
                   + "".join(_source_item(s) for s in sources) + "</ol></div>")
    else:
        out.append('<div class="geo-sources geo-nosource"><b>Sources</b>: none given</div>')
    out.append("</div>")
    return "".join(out)


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
