"""Strings that would run script or break the page if any text from data reached HTML unescaped.

Every payload that runs increments ``window.__pwned`` (or calls ``alert``, which a test sees as a
dialog), so execution is detectable. The map must show each of them as the literal text given.

What the input path itself does to some of them (decided here, checked in tests/test_hostile.py):

* Leading and trailing whitespace is trimmed by validation (``geo.values.to_text``).
* A NUL byte ends the string when read from GeoJSON: GDAL keeps C strings, so ``'a\\0<script>'``
  arrives as ``'a'``. From TOML a NUL survives; HTML parsing then drops it from text.
* A lone surrogate (``'\\ud800'``) cannot be written as UTF-8. JSON files can carry it as an
  escape; GDAL turns it into U+FFFD, which is what the map shows.
* HTML entities are text: ``&lt;script&gt;`` shows as ``&lt;script&gt;``, not as ``<script>``.
"""

P = "window.__pwned=(window.__pwned||0)+1"  # what every payload runs
PARENT = "parent.__pwned=(parent.__pwned||0)+1"  # the same, from inside an iframe

HOSTILE = [
    # The first ten are used by index in tests/test_render.py and tests/test_browser.py.
    '<script>window.__pwned = (window.__pwned || 0) + 1</script>',
    '<img src=x onerror="window.__pwned = (window.__pwned || 0) + 1">',
    '"><svg onload="window.__pwned = (window.__pwned || 0) + 1">',
    "'><details open ontoggle=\"window.__pwned=(window.__pwned||0)+1\">",
    '</script><script>window.__pwned = (window.__pwned || 0) + 1</script>',
    '</style><img src=x onerror="window.__pwned=(window.__pwned||0)+1">',
    '`${window.__pwned = (window.__pwned || 0) + 1}`',
    '{{ self.__init__.__globals__ }}{% for x in range(3) %}x{% endfor %}',
    '<a href="javascript:window.__pwned=(window.__pwned||0)+1">click</a>',
    '\u202e<b onmouseover="window.__pwned=(window.__pwned||0)+1">rtl</b>',
    # -- tags and event handlers ---------------------------------------------------------------
    f"<img src=x onerror={P}>",
    f"<IMG SRC=x ONERROR={P}>",
    f"<img src='x' onerror='{P}'>",
    f"<img/src=x/onerror={P}>",
    f"<svg/onload={P}>",
    f"<svg><script>{P}</script></svg>",
    f"<svg><animate onbegin={P} attributeName=x dur=1s>",
    f"<svg><set attributeName=onmouseover to={P}></svg>",
    f"<body onload={P}>",
    f"<input autofocus onfocus={P}>",
    f"<select autofocus onfocus={P}></select>",
    f"<textarea autofocus onfocus={P}></textarea>",
    f"<details open ontoggle={P}><summary>x</summary></details>",
    f'<style>@keyframes k{{}}</style><div style="animation-name:k" onanimationstart="{P}">a</div>',
    f'<div onmouseover="{P}" style="position:fixed;inset:0;z-index:99999">hover anywhere</div>',
    f'<div onpointerenter="{P}" onmouseenter="{P}" onclick="{P}">pointer</div>',
    f"<marquee onstart={P}>m</marquee>",
    f'<video><source onerror="{P}"></video>',
    f"<audio src=x onerror={P}>",
    f"<x contenteditable autofocus onfocus={P} onblur={P}>edit</x>",
    f"<object data=\"javascript:{P}\"></object>",
    f"<embed src=\"javascript:{P}\">",
    f"<iframe src=\"javascript:{P}\"></iframe>",
    f'<iframe srcdoc="<script>{PARENT}</script>"></iframe>',
    f'<iframe srcdoc="&lt;img src=x onerror={PARENT}&gt;"></iframe>',
    f'<object type="text/html" data="data:text/html,<script>{PARENT}</script>"></object>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={P}>",
    f'<math href="javascript:{P}">math link</math>',
    f'<form action="javascript:{P}"><input type=submit value=go></form>',
    f'<button form=f formaction="javascript:{P}">go</button>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{P}">',
    f'<base href="javascript:{P}//">',
    f'<link rel=stylesheet href="javascript:{P}">',
    f'<svg><a xlink:href="javascript:{P}"><text y=20>svg link</text></a></svg>',
    f"<script src=\"data:text/javascript,{P}\"></script>",
    "<script>alert('pwned')</script>",
    "<img src=x onerror=alert(document.domain)>",
    f"<scr<script>ipt>{P}</scr</script>ipt>",
    f"<<script>script>{P}<</script>/script>",
    f"<!DOCTYPE html><html><head><script>{P}</script>",
    f'<?xml version="1.0"?><script>{P}</script>',
    f'<noscript><p title="</noscript><img src=x onerror={P}>"></noscript>',
    f"<template><img src=x onerror={P}></template>",
    f"<xmp><img src=x onerror={P}></xmp>",
    # -- closing the element the text sits in ----------------------------------------------------
    f"</textarea><script>{P}</script>",
    f"</title><script>{P}</script>",
    f"</noscript><script>{P}</script>",
    f"</div></div></div><img src=x onerror={P}>",
    f"</td></tr></table><img src=x onerror={P}>",
    f"<!--<img src=x onerror={P}>-->",
    f"--><img src=x onerror={P}><!--",
    f"<!-- unclosed comment <img src=x onerror={P}>",
    f"<![CDATA[<img src=x onerror={P}>]]>",
    f"]]><script>{P}</script>",
    # -- links and URLs as markup --------------------------------------------------------------------
    f'<a href="JaVaScRiPt:{P}">mixed case</a>',
    f'<a href="  javascript:{P}">leading spaces</a>',
    f'<a href="&#106;avascript:{P}">entity</a>',
    f'<a href="&#x6A;&#x61;vascript:{P}">hex entities</a>',
    f'<a href="java&#x09;script:{P}">tab entity</a>',
    f'<a href="java\tscript:{P}">tab</a>',
    f'<a href="java\nscript:{P}">newline</a>',
    f'<a href="vbscript:{P}">vbscript</a>',
    f'<a href="data:text/html,<script>{P}</script>">data</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">base64</a>',
    f'<a href=//evil.example/x onclick="{P}">protocol-relative</a>',
    '<img src="https://evil.example/beacon.png">',
    '<link rel=prefetch href="https://evil.example/prefetch">',
    f"javascript:{P}",
    f"JaVaScRiPt:{P}",
    f"  \tjavascript:{P}",
    "vbscript:msgbox(1)",
    f"data:text/html,<script>{P}</script>",
    # -- CSS ---------------------------------------------------------------------------------------------
    f'<div style="background:url(javascript:{P})">css url</div>',
    f'<div style="width:expression({P})">expression</div>',
    f'<style>*{{background:url("javascript:{P}")}}</style>',
    "@import url(https://evil.example/x.css);",
    # -- breaking out of JavaScript strings and templates ---------------------------------------
    f"';{P};//",
    f'";{P};//',
    f"\\';{P};//",
    f'\\";{P};//',
    f"\\u0027);{P};//",
    f"\u2028{P};//",
    f"x\u2028\u2029';{P};//",
    f"`;{P};`",
    f"${{{P}}}",
    f'"+{P}+"',
    f"'+{P}+'",
    f"}});{P};({{",
    f"\\x3cscript\\x3e{P}\\x3c/script\\x3e",
    f"\\u003cimg src=x onerror={P}\\u003e",
    "C:\\new\\table\\u2028\\\\\"\\'",
    "'\"`<>&;\\",
    # -- Jinja (folium/branca compile element output as templates) and other template syntaxes ---
    "{{ 7*7 }}",
    "{{7*7}}",
    "{% if true %}evaluated{% endif %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{# a Jinja comment #}visible",
    "{%raw%}{{7*7}}{%endraw%}",
    f"{{{{ '<script>{P}</script>' }}}}",
    "{% set x = 7*7 %}{{ x }}",
    "${7*7} #{7*7} <%= 7*7 %> [[7*7]]",
    # -- quotes and Unicode tricks ---------------------------------------------------------------------
    f"“<img src=x onerror={P}>” ‘single’ «guillemets» „low“ ‚low‘ ″double prime″",
    f"＜script＞{P}＜/script＞",
    f"\uff1cimg src=x onerror={P}\uff1e",
    f"<scr\u0456pt>{P}</scr\u0456pt>",  # Cyrillic і
    f"\u202e>tpircs/<{P}>tpircs<",
    f"<im\u200bg src=x onerror={P}>",
    f"\u200b\u200c\u200d\ufeff<img src=x onerror={P}>",
    f"\u2066\u2067\u2068\u202a\u202b<img src=x onerror={P}>\u2069\u202c",
    f"<\u0338img src=x onerror={P}>",
    f"😀<img src=x onerror={P}>𝕏",
    f"a\x00<script>{P}</script>",  # GDAL ends the string at the NUL: shows as 'a'
    f"<scr\x00ipt>{P}</scr\x00ipt>",
    f"\ud800<img src=x onerror={P}>",  # a lone surrogate: GDAL gives U+FFFD
    f"x\udfff<svg onload={P}>",
    f"ctl\x01\x08\x0b\x0c\x1b\x7f<img src=x onerror={P}>",
    # -- entities and encodings: shown as written, never decoded -----------------------------------
    f"&lt;script&gt;{P}&lt;/script&gt;",
    f"&#60;img src=x onerror={P}&#62;",
    f"&amp;lt;img src=x onerror={P}&amp;gt;",
    "&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot; &#39;",
    f"%3Cscript%3E{P}%3C%2Fscript%3E",
    f"\\x3cimg src=x onerror={P}\\x3e",
    # -- whitespace and size -------------------------------------------------------------------------
    f"\r\n<img src=x onerror={P}>\r\nsecond line\rthird",
    f"\t<svg onload={P}>\tcol2",
    "lorem ipsum dolor " * 1200 + f"<img src=x onerror={P}>",
    "<b>" * 400 + f"<img src=x onerror={P}>",
]

# URLs for a source's url: validation accepts only http(s) URLs without spaces or control
# characters. The rest must give a validation problem, never a link.
HOSTILE_URLS = [
    "javascript:window.__pwned=(window.__pwned||0)+1",
    "data:text/html,<script>window.__pwned=1</script>",
    'https://example.org/"onmouseover="window.__pwned=(window.__pwned||0)+1',
    f"JaVaScRiPt:{P}",
    f" javascript:{P}",
    f"\tjavascript:{P}",
    f"java\tscript:{P}",
    f"java\nscript:{P}",
    f"&#106;avascript:{P}",
    f"vbscript:{P}",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    f"//evil.example/{P}",
    f"https:javascript:{P}",
    f"http://example.org/ onmouseover={P}",
    f"https://example.org/\u2028{P}",
    f"https://example.org/'onmouseover='{P}'",
    f"https://example.org/#\"><svg/onload={P}>",
    "https://example.org/?q=<script>alert(1)</script>&x=1",
]
