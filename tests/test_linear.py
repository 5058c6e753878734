"""Every regular expression applied to contributor text runs in linear time.

Complexity tests, not speed tests: each function gets an adversarial input of size n, 2n and 4n
(the shapes that made the old expressions quadratic or cubic), and the time of 4n over the time of
n must stay near 4 — a quadratic pattern gives 16, a cubic one 64. ``n`` grows until one run takes
long enough for timer noise not to matter, and each size keeps the best of three runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from lucide import glossary, importer, parse, render, text

LINEAR_LIMIT = 10  # t(4n) / t(n): 4 when linear, 16 when quadratic; the margin absorbs a busy machine
MIN_SECONDS = 0.03  # below this, scheduling noise dominates the ratio
START, MAX_N = 2_000, 4_000_000
ATTEMPTS = 3


def _best(run: Callable[[str], object], data: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run(data)
        best = min(best, time.perf_counter() - start)
    return best


def growth(make: Callable[[int], str], run: Callable[[str], object]) -> tuple[int, list[float]]:
    """Times of ``run`` on ``make(n)``, ``make(2n)``, ``make(4n)`` for the first n slow enough to measure."""
    n = START
    while n < MAX_N and _best(run, make(n)) < MIN_SECONDS:
        n *= 2
    return n, [_best(run, make(k * n)) for k in (1, 2, 4)]


def _passages(body: str) -> object:
    return parse.passages(body, "docs/articles/a.md")


def _import(raw: str) -> object:
    return importer.import_text(raw, "source.txt")


CASES: list[tuple[str, Callable[[int], str], Callable[[str], object]]] = [
    # parse.py: the line of "{" and 4,000 spaces took 31 s (cubic)
    ("attribute line of spaces", lambda n: "Texte.\n{" + " " * n, _passages),
    ("attribute line of spaces, closed late", lambda n: "Texte.\n{: " + " " * n + "x", _passages),
    ("heading with trailing spaces", lambda n: "# Titre" + " " * n + "x", _passages),
    ("heading full of braces", lambda n: "# Titre " + "{" * n + "}", _passages),
    ("heading attribute of spaces", lambda n: "# Titre {" + " " * n + "x", _passages),
    ("attribute key without value", lambda n: "Texte.\n{: " + "a" * n + " }", _passages),
    ("attribute of open quotes", lambda n: "Texte.\n{: " + 'a="' * n + " }", _passages),
    # text.py: what Markdown reads as code
    ("unclosed code spans", lambda n: "`a" * n, text.mask_code),
    ("fences that never close", lambda n: "~~~\n" + "```\n" * n, text.mask_code),
    ("fence markers on one line", lambda n: "```" * n, text.mask_code),
    # glossary.py: the line of 50,000 "[" took a minute
    ("line of brackets", lambda n: "[" * n, glossary.explicit_refs),
    ("unclosed [[term", lambda n: "[[a" * n, glossary.explicit_refs),
    ("unclosed [[term|label", lambda n: "[[" + "a|" * n, glossary.explicit_refs),
    # render.py: summaries as plain text
    ("plain text: braces", lambda n: "{" * n, render.plain_text),
    ("plain text: brackets", lambda n: "[" * n, render.plain_text),
    ("plain text: angle brackets", lambda n: "<" * n, render.plain_text),
    ("plain text: unclosed links", lambda n: "[a](" * n, render.plain_text),
    # importer.py: 1 MB of identical paragraphs took 51 s
    ("identical paragraphs", lambda n: "Titre\n\n" + "Le même paragraphe, encore.\n\n" * (n // 30), _import),
    ("one wrapped paragraph", lambda n: "Titre\n\nDébut\n" + "suite du texte\n" * (n // 15), _import),
    ("one long paragraph", lambda n: "Titre\n\n" + "mot " * (n // 4), _import),
    ("punctuation paragraph", lambda n: "Titre\n\n" + "!" * n, _import),
    ("markdown heading of spaces", lambda n: "# a" + " " * n + "b", _import),
    ("reading time of spaces", lambda n: "lecture" + " " * n + "x", _import),
    ("script tag of spaces", lambda n: "a <" + " " * n + "x", _import),
    ("bullet of spaces", lambda n: "-" + " " * n + "x", _import),
    ("long table of contents", lambda n: "Titre\n\nSommaire\n" + "- Partie\n" * (n // 9) + "\nPartie\n\nFin.", _import),
    ("many tables of contents", lambda n: "Titre\n\n" + "Sommaire\nTexte\n" * (n // 15), _import),
    ("comment thread", lambda n: "Titre\n\nTexte un.\n\n" + "Discussion\n" * (n // 11), _import),
    ("json-like line", lambda n: 'Titre\n\n{"a":' + '"a":' * (n // 4), _import),
]


@pytest.mark.parametrize(("make", "run"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_time_grows_linearly(make: Callable[[int], str], run: Callable[[str], object]) -> None:
    seen = []
    for _ in range(ATTEMPTS):  # a busy machine can slow one measure; a quadratic pattern fails them all
        n, (t1, t2, t4) = growth(make, run)
        if t1 < MIN_SECONDS or t4 / t1 < LINEAR_LIMIT:  # or millions of characters in a blink
            return
        seen.append(f"n={n}: {t1:.3f}s, 2n: {t2:.3f}s, 4n: {t4:.3f}s")
    pytest.fail("time grows faster than the input: " + " ; ".join(seen))


def test_the_old_expressions_fail_this_test() -> None:
    """The measure itself tells quadratic from linear: the old [[term]] pattern is caught."""
    import re

    old = re.compile(r"\[\[([^\]|\n]+?)(?:\|([^\]\n]+?))?\]\]")
    n, (t1, _, t4) = growth(lambda n: "[" * n, lambda s: list(old.finditer(s)))
    assert t4 / t1 > LINEAR_LIMIT, f"n={n}: {t1:.3f}s, 4n: {t4:.3f}s"
