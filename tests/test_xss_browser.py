"""Contributor text never runs in a reader's browser (issue 9 §1).

One site holds every vector of tests/data/hostile/vectors.yml in every place contributor text goes (each
front-matter text field of each kind, every body, the contributor guide), one page per vector and place.
It is built with a plain ``mkdocs build``: a page the build refuses with ``path:line`` counts as blocked and is
removed before the build is retried. The rest is served on loopback and visited in Debian's chromium with a
dialog trap, a console trap, a request trap (nothing may leave loopback) and ``window.__pwned``; every element
is focused, hovered and clicked, Tab is pressed, and the DOM must hold no ``on*`` attribute, no ``javascript:``
URL and no active element in the content. The engine is scripts/probe.py (``lucide.py fiabilite``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

import probe

pytestmark = pytest.mark.browser

ROWS = probe.load_table("vectors.yml")
CASES = probe.vector_cases()


@pytest.fixture(scope="module")
def outcome(browser: Browser) -> probe.VectorRun:
    """Every vector case built into one site and browsed once."""
    return probe.try_vectors(CASES, browser=browser, timeout=120)


def _explain(results: list[probe.VectorResult]) -> str:
    return "\n".join(r.line() for r in results)


@pytest.mark.parametrize("vector", [r["id"] for r in ROWS])
def test_vector_never_runs_in_any_place(vector: str, outcome: probe.VectorRun) -> None:
    results = outcome.of(vector)
    assert results
    bad = [r for r in results if not r.blocked]
    assert not bad, _explain(bad)


def test_harmless_text_in_every_place_builds_and_renders(outcome: probe.VectorRun) -> None:
    """The harness's own pages are valid: a vector is only 'blocked' because of what it carries."""
    controls = outcome.of(probe.CONTROL)
    assert {r.case.place for r in controls} == set(probe.GROUPS["tout"])
    assert all(r.rendered and not r.refused and not r.residue and not r.executed for r in controls), _explain(controls)


def test_nothing_ran_on_pages_no_vector_owns(outcome: probe.VectorRun) -> None:
    assert not outcome.unattributed, "\n".join(outcome.unattributed)


def test_the_table_covers_the_issue() -> None:
    ids = [r["id"] for r in ROWS]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    payloads = [r["payload"] for r in ROWS]
    assert len(set(payloads)) == len(payloads)  # duplicate titles would be refused for the wrong reason
    places = {p for r in ROWS for g in r["places"] for p in probe.GROUPS.get(g, (g,))}
    assert places == set(probe.GROUPS["tout"])
    named_by_issue = {
        "md-image-attr-onerror", "md-link-javascript", "attr-onfocus-autofocus-block", "div-svg-onload",
        "img-slash-onerror", "a-entity-javascript", "escaped-backticks-raw-html", "fake-code-fence", "script-tag",
        "iframe-srcdoc", "object-data-html", "embed-src-javascript", "form-action-javascript", "meta-refresh",
        "base-href", "style-url-javascript", "svg-script", "svg-animate-onbegin", "mathml-mutation",
        "md-link-data-html", "a-decimal-entities-javascript", "a-tab-obfuscated", "attr-heading-onclick",
        "attr-link-onmouseover", "attr-image-src-override", "md-in-html-link", "comment-breakout",
        "heading-payload", "term-label-img", "annotation-title-img",
    }  # fmt: skip
    assert named_by_issue <= set(ids)
    for row in ROWS:  # whatever runs must name its case, so the trap can say which place let it through
        assert "%ID%" in row["payload"], row["id"]
