"""French typography for the text we write (Imprimerie nationale conventions).

- a narrow no-break space (U+202F) before ``; ! ?`` and inside ``« »``;
- a no-break space (U+00A0) before ``:``;
- the typographic apostrophe ``’`` for ``'`` inside a word (``l'argent`` -> ``l’argent``).

Left alone: URLs and e-mail addresses, times and ratios (``10:30``, ``1:2``), emoticons (``:)``), and any
text the caller does not pass in (code, the authors' words). Applying it twice changes nothing.

Why not a library: ``polytypo`` (the maintained candidate on PyPI) puts U+00A0 inside « », pads
emoticons, rewrites quotes, dashes and ellipses too, and pulls in tree-sitter; ``french-typo`` writes
``&nbsp;`` entities into HTML strings and reformats units and ordinals; ``typogrify``-likes are English.
"""

from __future__ import annotations

import re
from functools import lru_cache

NNBSP = "\u202f"  # espace fine insécable
NBSP = "\u00a0"  # espace mot insécable

# Tokens never edited: web and mail addresses.
_PROTECTED = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.I)
_SPACES = "[ \t\n\u00a0\u202f\u2009]"
# An emoticon starts with : or ; and is not followed by a space: :) ;-) :D :/
_EMOTICON = r"(?![-']?[()DPpOo/\\|*\[\]3](?!\w))"
_LETTER = r"[^\W\d_]"
_CLOSING = r"[^\W_]|[»”’)\]…]"  # what may end a word or phrase before the mark (digits too: "chapitre 3 ?")
_END = rf"(?={_SPACES}|$|[»”)\].,])"

_RULES: list[tuple[str, re.Pattern[str], str]] = [  # (marks the rule needs, pattern, replacement)
    # any space before a high mark becomes the right no-break space
    (";!?", re.compile(rf"{_SPACES}+([;!?]){_EMOTICON}"), NNBSP + r"\1"),
    (":", re.compile(rf"{_SPACES}+(:){_EMOTICON}"), NBSP + r"\1"),
    # a mark glued to the word before it gets its space (but 10:30, 1:2, a?b and URLs do not)
    (";!?", re.compile(rf"(?<={_CLOSING})([;!?]+){_END}"), NNBSP + r"\1"),
    (":", re.compile(rf"(?<={_LETTER}|[»”)])(:){_END}"), NBSP + r"\1"),
    # inside French quotes
    ("«", re.compile(rf"«{_SPACES}*"), "«" + NNBSP),
    ("»", re.compile(rf"{_SPACES}*»"), NNBSP + "»"),
    # apostrophe inside a word, or eliding before a quote or a link: l'argent, aujourd'hui, l'« argent », l'<a>
    ("'", re.compile(rf"(?<={_LETTER})'(?={_LETTER}|«|$)"), "’"),
]

_MARKS = re.compile(r"[;!?:«»']")  # text without any of these has nothing to change


def _apply(text: str) -> str:
    for marks, pattern, replacement in _RULES:
        if any(mark in text for mark in marks):  # most text has an apostrophe at most: skip the other scans
            text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=1 << 14)  # a site repeats its texts: 92,000 calls for 5,450 texts at 2,000 pages
def french(text: str) -> str:
    """``text`` with French spacing and apostrophes; URLs and e-mail addresses kept as they are."""
    if not _MARKS.search(text):  # most text nodes: nothing to change, no address to look for
        return text
    out, cursor = [], 0
    for token in _PROTECTED.finditer(text):
        out += [_apply(text[cursor : token.start()]), token.group()]
        cursor = token.end()
    out.append(_apply(text[cursor:]))
    return "".join(out)
