"""geo's own JavaScript, written as ES modules (geo/render/static/*.js), made into the page's
classic scripts: each module's ``import`` lines dropped and its ``export`` keywords taken off,
nothing else changed.

Why a concatenation in Python rather than a bundler: ``geo build`` must run where Node is not
installed, and the page must be the same bytes at every build. The modules share one scope in the
page (their names all start ``geo``/``GEO_``, and ESLint's ``no-undef`` checks that every name a
module uses it imports), the inline scripts Python writes call their exported functions by name,
and each file reads in the page as it does in the source tree. The modules are only ever joined
in the order ``assets.py`` declares, and an import of anything but a sibling module is refused:
the page has no loader.
"""
from __future__ import annotations

import re

# `import {a, b} from './x.js';` on one line, the only form the modules use (eslint.config.js)
_IMPORT = re.compile(r"^import \{[\w$, ]*\} from '\./[\w-]+\.js';\n", re.M)
_EXPORT = re.compile(r"^export (?=(?:function|var|const|let|class) )", re.M)


def classic_script(source: str, name: str) -> str:
    """``source`` (an ES module of static/) as a classic script's text."""
    text = _EXPORT.sub("", _IMPORT.sub("", source))
    leftover = re.search(r"^\s*(import|export)\b.*$", text, re.M)
    if leftover:
        raise RuntimeError(f"{name}: expected imports as `import {{a, b}} from './x.js';` on one line and "
                           f"`export` only before a declaration, found {leftover.group(0).strip()!r}")
    return text
