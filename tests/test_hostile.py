"""Hostile and careless files (tests/data/hostile/inputs.yml): each is added to a small valid site, then
``check`` and ``mkdocs build`` run on it as a contributor would. Every case must end in a clear
``path:line: message`` (or a warning naming a skipped non-regular file), with no traceback, no hang and
nothing from outside docs/ published. The engine is scripts/probe.py, also run by ``lucide.py fiabilite``."""

from __future__ import annotations

import os
import re

import pytest

import probe
from conftest import lucide

CASES = probe.input_cases()
TIMEOUT = float(os.environ.get("LUCIDE_PROBE_TIMEOUT", "30"))  # a legitimate case takes a few seconds
EXPECTS = {"error", "reported", "skipped", "ok"}


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, probe.InputResult]:
    """Run only the cases this session selected, two at a time, once for the module."""
    work = tmp_path_factory.mktemp("hostile")
    problem = probe.verify_base(work, TIMEOUT)
    assert not problem, f"the base site of tests/data/hostile/base.yml must build strictly:\n{problem}"
    wanted = {item.callspec.params["case"]["id"] for item in request.session.items if _is_case(item)}
    results = probe.try_inputs([c for c in CASES if c["id"] in wanted], TIMEOUT, workers=2)
    return {r.id: r for r in results}


def _is_case(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and item.module is not None and item.module.__name__ == __name__


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_input_gives_a_clear_error(case: dict, outcomes: dict[str, probe.InputResult]) -> None:
    result = outcomes[case["id"]]
    assert result.clear, result.line() + "\n--- check ---\n" + result.check.output[-3000:] + _build_log(result)


def _build_log(result: probe.InputResult) -> str:
    return "\n--- build ---\n" + result.build.output[-3000:] if result.build else ""


def test_the_table_is_large_and_well_formed() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    for case in CASES:
        expects = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
        assert set(expects) <= EXPECTS, case["id"]
        assert case.get("what") and ("file" in case or "args" in case), case["id"]
        assert case.get("kind", "file") in ("file", "dir", "fifo", "symlink"), case["id"]


def test_every_case_the_issue_names_is_in_the_table() -> None:
    named_by_issue = {
        "yaml-typo", "unclosed-front-matter", "empty-file", "latin-1", "utf-16", "duplicate-id",
        "rule-number-string", "rule-number-float", "rule-number-negative", "rule-number-bool", "impossible-date",
        "huge-number-rule", "folder-named-md", "dangling-symlink", "symlink-etc-hostname", "fifo",
        "nested-brackets-title", "alias-bomb", "duplicate-key", "tag-binary", "tag-set", "tag-python-object",
        "blank-title", "two-rules-numbered-4", "zero-width-duplicate-title", "cyrillic-duplicate-title",
        "nul-in-body", "esc-in-body", "uppercase-md", "closing-indented", "closing-without-newline",
        "entity-named-index", "check-docs-typo", "brace-and-spaces", "line-of-brackets", "very-long-line",
        "merge-key", "deeply-nested-lists", "ten-mb-front-matter",
    }  # fmt: skip
    assert named_by_issue <= {c["id"] for c in CASES}


def test_fiabilite_help_is_in_french() -> None:
    proc = lucide("fiabilite", "--help")
    assert proc.returncode == 0
    assert "fichiers hostiles" in proc.stdout and "--chromium" in proc.stdout and "--delai" in proc.stdout


def test_fiabilite_prints_one_line_per_case_and_the_counts() -> None:
    proc = lucide("fiabilite", "--entrees", "--cas", "bom-crlf", "line-of-braces-attrs", "--delai", str(TIMEOUT))
    lines = proc.stdout.strip().splitlines()
    assert [line.split("]")[0] for line in lines if line.startswith("[")] == ["[ok", "[ok"], proc.stdout
    assert re.fullmatch(
        r"entrées hostiles essayées : 2, erreurs claires : 2, tracebacks : 0, blocages : 0", lines[-1]
    ), lines[-1]
    assert proc.returncode == 0
