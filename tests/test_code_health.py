"""Code health is part of the test command: lint, format and types, configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint() -> None:
    result = run("ruff", "check", "hooks", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run("ruff", "format", "--check", "hooks", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    # scripts/lucide.py shares its module name with the package it imports: checked on its own
    alone = run("mypy", "scripts/lucide.py", "--follow-imports=silent")
    assert alone.returncode == 0, alone.stdout + alone.stderr


def test_core_never_imports_mkdocs() -> None:
    """The knowledge logic must be able to move to another engine: only the adapter knows MkDocs."""
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "hooks" / "lucide").rglob("*.py")
        if any(line.strip().startswith(("import mkdocs", "from mkdocs")) for line in p.read_text().splitlines())
    ]
    assert offenders == []
