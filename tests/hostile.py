"""Strings that would run script or break the page if any text from data reached HTML unescaped."""

HOSTILE = [
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
]
HOSTILE_URLS = [
    "javascript:window.__pwned=(window.__pwned||0)+1",
    "data:text/html,<script>window.__pwned=1</script>",
    'https://example.org/"onmouseover="window.__pwned=(window.__pwned||0)+1',
]
