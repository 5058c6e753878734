"""The contributor guide, followed as a new contributor would: every command it shows is run here."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, ROOT, build, make_site

GUIDE = ROOT / "docs" / "contribuer"
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def guide_commands() -> list[str]:
    commands = []
    for page in sorted(GUIDE.glob("*.md")):
        for block in BLOCK.findall(page.read_text(encoding="utf-8")):
            commands += [line.strip() for line in block.splitlines() if line.strip()]
    return commands


def run(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run a guide command in ``root`` with this environment's Python and MkDocs."""
    args = shlex.split(command)
    if args[0] in ("python", "python3"):
        args[0] = sys.executable
    elif args[0] == "mkdocs":
        args = [sys.executable, "-m", "mkdocs", *args[1:]]
    return subprocess.run(args, cwd=root, env=ENV, capture_output=True, text=True)


def test_guide_shows_only_commands_this_suite_runs() -> None:
    handled = re.compile(
        r"python scripts/lucide\.py (--help|(import|new|check) --help|import mon-article\.txt.*|new \w+ \".+\"|check)"
        r"|mkdocs build --strict|source \.venv/bin/activate"
        r"|python3 -m venv \.venv && \.venv/bin/pip install -r requirements\.txt && \.venv/bin/mkdocs serve --dirty"
    )  # the preview command is what test_publishing's live-preview tests run
    unhandled = [c for c in guide_commands() if not handled.fullmatch(c)]
    assert unhandled == []


@pytest.mark.parametrize("command", [c for c in guide_commands() if c.endswith("--help")])
def test_help_commands(command: str) -> None:
    result = run(ROOT, command)
    assert result.returncode == 0 and "usage: python scripts/lucide.py" in result.stdout


def test_a_new_contributor_goes_from_an_article_to_a_linked_myth(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    shutil.copytree(ROOT / "scripts", site / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "tests" / "data" / "nouvel-article.txt", site / "mon-article.txt")
    commands = [c for c in guide_commands() if c.startswith("python scripts/lucide.py") and "--help" not in c]

    for command in [c for c in commands if " import " in c]:
        result = run(site, command)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1].startswith("docs/articles/")
    article = site / "docs" / "articles" / "formations-en-ligne-7-signes-qu-il-faut.md"
    assert article.exists() and (site / "docs" / "articles" / "le-vrai-titre.md").exists()

    for command in [c for c in commands if " new " in c]:
        result = run(site, command)
        assert result.returncode == 0, result.stderr
        assert (site / result.stdout.splitlines()[-1]).exists()
        again = run(site, command)  # a second time: refused, file untouched
        assert again.returncode == 1 and "existe déjà" in again.stderr

    check = run(site, "python scripts/lucide.py check")
    assert check.returncode == 1  # the new pages still have empty required fields
    assert "docs/mythes/il-suffit-de-poster-tous-les-jours.md:5: champ obligatoire « summary » vide" in check.stdout

    myth = site / "docs" / "mythes" / "il-suffit-de-poster-tous-les-jours.md"
    text = myth.read_text(encoding="utf-8")
    text = text.replace("summary: ''", "summary: Notre résumé.").replace("reality: ''", "reality: Notre réalité.")
    myth.write_text(text, encoding="utf-8")
    term = site / "docs" / "glossaire" / "preuve-sociale.md"
    term.write_text(term.read_text(encoding="utf-8").replace("definition: ''", "definition: Notre définition."))
    # annotate the passage, as the guide shows
    body = article.read_text(encoding="utf-8")
    body = body.replace(
        "{: #des-revenus-garantis }", '{: #des-revenus-garantis mythe="il-suffit-de-poster-tous-les-jours" }'
    )
    article.write_text(body, encoding="utf-8")

    check = run(site, "python scripts/lucide.py check")
    assert check.returncode == 0, check.stdout
    built = build(site)
    assert built.returncode == 0, built.log
    page = built.page("articles/formations-en-ligne-7-signes-qu-il-faut")
    assert (
        'href="../../mythes/il-suffit-de-poster-tous-les-jours/">Mythe — Il suffit de poster tous les jours</a>' in page
    )
    assert "1. Des revenus garantis" in built.page("mythes/il-suffit-de-poster-tous-les-jours")
