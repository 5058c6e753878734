"""Passages and annotations in article bodies: a table of Markdown -> (anchor, kind, text, attributes)."""

from __future__ import annotations

import pytest

from lucide.parse import passages

CASES = [
    ("paragraph", "Un passage.\n{: #p1 }", [("p1", "paragraph", "Un passage.", {})]),
    ("colon optional", "Un passage.\n{#p1}", [("p1", "paragraph", "Un passage.", {})]),
    ("multi-line paragraph", "Ligne un\nligne deux.\n{: #p1 }", [("p1", "paragraph", "Ligne un ligne deux.", {})]),
    ("heading", "## Un titre {: #t1 }", [("t1", "heading", "Un titre", {})]),
    ("heading without anchor", "## Un titre", []),
    ("paragraph without anchor", "Un passage sans ancre.", []),
    ("list items", "1. un\n    {: #a }\n2. deux\n    {: #b }", [("a", "item", "un", {}), ("b", "item", "deux", {})]),
    ("bullet item", "- point\n    {: #a }", [("a", "item", "point", {})]),
    (
        "annotation",
        'Texte.\n{: #p1 mythe="argent-facile" }',
        [("p1", "paragraph", "Texte.", {"mythe": "argent-facile"})],
    ),
    (
        "two annotations",
        "Texte.\n{: #p1 mythe=\"a\" signal='b c' }",
        [("p1", "paragraph", "Texte.", {"mythe": "a", "signal": "b c"})],
    ),
    (
        "annotation with fields",
        '## T {: #t regle="r" number=3 }',
        [("t", "heading", "T", {"regle": "r", "number": "3"})],
    ),
    ("class is left to markdown", "Texte.\n{: #p1 .important }", [("p1", "paragraph", "Texte.", {})]),
    ("fenced code is not content", "```\nTexte.\n{: #p1 }\n```", []),
    ("blank line ends a passage", "Texte.\n\n{: #p1 }", []),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_passages(source: str, expected: list) -> None:
    found, errors = passages(source, "docs/articles/a.md")
    assert errors == []
    assert [(p.anchor, p.kind, p.text, p.attrs) for p in found] == expected


def test_passage_lines_count_from_the_body_start() -> None:
    found, _ = passages("\nTexte.\n{: #p1 }", "a.md", first_line=5)
    assert (found[0].line, found[0].attrs_line) == (6, 7)


def test_duplicate_anchor_names_both_lines() -> None:
    _, errors = passages("Un.\n{: #p }\n\nDeux.\n{: #p }", "docs/articles/a.md")
    assert [str(e) for e in errors] == [
        "docs/articles/a.md:5: ancre « #p » déjà utilisée ligne 2 — donnez à ce passage une ancre unique"
    ]
