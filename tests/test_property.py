"""Property-based tests (Hypothesis) of the loader: whatever a contributor writes, no exception escapes and
no file silently disappears (issue 9 §2).

Generated sites mix valid and junk front matter (schema keys and others, every YAML scalar, lists, nesting,
Unicode with control characters, raw YAML-looking lines) with Markdown-ish bodies (attribute lists, brackets,
HTML, fences). ``lucide.load.load`` runs directly, without MkDocs, so hundreds of sites take seconds.
"""

from __future__ import annotations

import datetime
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lucide import frontmatter
from lucide.errors import ContentError
from lucide.load import load
from lucide.types import ARTICLE_FIELDS, ARTICLE_FOLDER, ENTITY_TYPES, GLOSSARY_FOLDER, TERM_FIELDS, Field

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCHEMAS: dict[str, tuple[Field, ...]] = {
    ARTICLE_FOLDER: ARTICLE_FIELDS,
    GLOSSARY_FOLDER: TERM_FIELDS,
    **{t.folder: t.fields for t in ENTITY_TYPES},
}
SCHEMA_KEYS = sorted({f.name for fields in SCHEMAS.values() for f in fields})
JUNK_KEYS = ["titre", "tags", "title ", "Title", "<<", "", "number\u200b", "résumé", "1", "null", "~", "?"]
SLUGS = ["a", "argent-facile", "base", "b-2", "index-x", "regle-1", "x" * 40, "Mauvais Nom", "accentué", "_x", "-"]

# Unicode text including controls (NUL, ESC, bidi marks, zero width) and YAML/Markdown punctuation
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))
TEXT = st.text(CHARS, max_size=30) | st.sampled_from(
    ["", " ", "\x00", "\x1b[31m", "\u200b", "\u202e", "a: b", "- x", "&a", "*a", "!!binary", "{", "[", "#", "'", '"']
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT
    | st.dates(min_value=datetime.date(1, 1, 1))
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8
)
KEYS = st.sampled_from(SCHEMA_KEYS) | st.sampled_from(JUNK_KEYS) | st.text(CHARS, min_size=1, max_size=8)

# Lines contributors really write by mistake (issue 9): drawn often, so a run of 200 examples meets them
HOSTILE_LINE = st.sampled_from(
    [
        "date: 2020-02-30", "date: 2020-13-45", "number: " + "9" * 5000, "number: 3.5", "number: '3'",
        "number: true", "title: '   '", 'summary: "\\u200b"', "title: " + "[" * 50, "title: !!binary aGVsbG8=",
        "title: !truc x", "<<: {title: x}", "related: [[a]]", "sources: {a: b}", "aliases: [~]", "term: ' '",
        "definition: '\t'", "a: &x 1", "b: *x", "c: !!set {a}",
    ]
)  # fmt: skip
RAW_LINE = (
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(SCHEMA_KEYS + JUNK_KEYS), st.text(CHARS, max_size=20))
    | st.sampled_from(["  - a", "- b", "? k", ": v", "  ---", "...", "\t- t"])
    | HOSTILE_LINE
)

FRAGMENTS = st.sampled_from(
    [
        "Un passage.",
        '{: #ancre mythe="argent-facile" }',
        '{: #a2 regle="regle-x" title="Règle" summary="s" number="3" }',
        '{: #a3 mythe="Pas Un Slug" title="" }',
        "{:onfocus=\"alert(1)\" autofocus tabindex='0'}",
        "## Titre {: #titre }",
        "# ",
        "- item",
        "1. item",
        "[[piège]]",
        "[[inconnu|<img src=x onerror=alert(1)>]]",
        "[[",
        "]]",
        "[c](javascript:alert(1))",
        '<div markdown="1">',
        "</div>",
        "<script>alert(1)</script>",
        "```",
        "~~~",
        "\\`",
        "{",
        "---",
        "",
        "\x00",
        "\x1b",
    ]
)
BODY = st.lists(FRAGMENTS | st.text(CHARS, max_size=40), max_size=12).map("\n".join)


@st.composite
def front_matter(draw: Any) -> str:
    """YAML front matter: a dumped mapping of schema and junk keys, or raw YAML-looking lines, or nothing."""
    kind = draw(st.sampled_from(["mapping", "raw", "hostile", "none", "unclosed"]))
    if kind == "none":
        return ""
    if kind == "hostile":  # valid keys around one mistake, so the mistake is what validation meets
        valid = ["title: Titre", "summary: Résumé", "reality: Réalité", "number: 2", "term: mot", "definition: d"]
        return "---\n" + "\n".join([*valid, draw(HOSTILE_LINE)]) + "\n---\n"
    if kind == "mapping":
        meta = draw(st.dictionaries(KEYS, VALUES, max_size=6))
        inner = yaml.safe_dump(meta, allow_unicode=draw(st.booleans()), sort_keys=False)
    else:
        inner = "\n".join(draw(st.lists(RAW_LINE, max_size=6))) + "\n"
    return "---\n" + inner + ("" if kind == "unclosed" else "---\n")


@st.composite
def content_file(draw: Any) -> tuple[str, bytes]:
    folder = draw(st.sampled_from(sorted(SCHEMAS)))
    name = draw(st.sampled_from(SLUGS))
    text = draw(front_matter()) + draw(BODY)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return f"{folder}/{name}.md", text.encode(encoding, "replace")


SITES = st.lists(content_file(), min_size=1, max_size=4, unique_by=lambda f: f[0])


def _names(error: ContentError, rel: str) -> bool:
    return error.path == rel or error.path.endswith("/" + rel)


@SETTINGS
@given(files=SITES)
def test_load_never_raises_and_never_drops_a_file_silently(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        for rel, raw in files:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_bytes(raw)
        kb, errors = load(docs)
    for rel, _ in files:
        assert kb.at(rel) is not None or any(_names(e, rel) for e in errors), (
            f"{rel} is neither in the knowledge base nor named by an error: {[str(e) for e in errors]}"
        )
    for error in errors:
        assert isinstance(error.line, int) and error.line >= 1, str(error)


def _well_typed(f: Field, value: Any) -> bool:
    if f.type == "date":
        return isinstance(value, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
    if f.type == "url":
        return isinstance(value, str) and value.startswith(("http://", "https://"))
    if f.type == "choice":
        return value in f.choices
    if f.type == "bool":
        return isinstance(value, bool)
    if f.type == "counts":
        return isinstance(value, dict) and all(isinstance(n, int) and n >= 0 for n in value.values())
    if f.type == "text":
        return isinstance(value, str) and bool(value.strip())
    if f.type == "int":
        in_range = (f.minimum is None or value >= f.minimum) and (f.maximum is None or value <= f.maximum)
        return isinstance(value, int) and not isinstance(value, bool) and in_range
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


VALID = {
    "text": "Texte",
    "int": "2",
    "list": "[a]",
    "date": "2024-01-15",
    "url": "https://exemple.org/",
    "bool": "true",
    "counts": "{a: 1}",
}


def _valid(f: Field) -> str:
    return f.choices[0] if f.type == "choice" else VALID[f.type]


@st.composite
def one_mistake(draw: Any, fields: tuple[Field, ...]) -> str:
    """Front matter valid for ``fields`` except one hostile line, which replaces the key it names."""
    lines = {f.name: f"{f.name}: {_valid(f)}" for f in fields if f.required}
    hostile = draw(HOSTILE_LINE)
    lines[hostile.split(":")[0]] = hostile
    return "---\n" + "\n".join(lines.values()) + "\n---\n"


@SETTINGS
@given(schema=st.sampled_from(sorted(SCHEMAS)), data=st.data(), body=BODY)
def test_split_and_validate_return_errors_or_well_typed_values(schema: str, data: Any, body: str) -> None:
    """Whatever the text, ``split`` and ``validate`` give errors with a line, or values of the declared type."""
    fields = SCHEMAS[schema]
    text = data.draw(front_matter() | one_mistake(fields)) + body
    doc, errors = frontmatter.split(text, "docs/x.md")
    if not errors:
        errors = frontmatter.validate(doc, fields, "un essai")
    last = text.count("\n") + 2
    assert all(e.path == "docs/x.md" and 1 <= e.line <= last for e in errors), [str(e) for e in errors]
    if errors:
        return
    known = {f.name: f for f in fields}
    assert set(doc.meta) <= set(known)
    for name, value in doc.meta.items():
        assert _well_typed(known[name], value), f"{name}: {value!r} passed validation"
    for f in fields:
        assert not f.required or f.name in doc.meta, f"required {f.name} missing without an error"
