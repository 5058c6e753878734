"""Full-text search: Pagefind indexes the built site (French stemming, accents folded, split index).

The index is built by the ``pagefind`` package's own binary, run on the finished site so that
``mkdocs build`` alone yields a searchable site. Pages mark what is indexed with
``data-pagefind-body``; glossary bubbles carry ``data-pagefind-ignore``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ARTICLE_TAG = re.compile(r'<article class="md-content__inner md-typeset">')
H1 = re.compile(r"<h1(?P<attrs>[^>]*)>")


class SearchIndexError(RuntimeError):
    """Pagefind could not build the index; the message says why."""

    pass


def mark_page(html: str, weight_title: bool) -> str:
    """Index this page's main content; titles of knowledge pages weigh more than a passing mention."""
    html = ARTICLE_TAG.sub('<article class="md-content__inner md-typeset" data-pagefind-body>', html, count=1)
    if weight_title:
        html = H1.sub(r'<h1\g<attrs> data-pagefind-weight="10">', html, count=1)
    return html


def index_site(site_dir: Path) -> None:
    """Write ``site_dir/pagefind/``; raise with Pagefind's own message if it fails."""
    with tempfile.TemporaryDirectory(prefix="lucide-recherche-") as tmp:
        copy = _searchable_copy(site_dir, Path(tmp))
        output = str((site_dir / "pagefind").resolve())
        cmd = [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", output]
        _run([*cmd, "--force-language", "fr", "--silent"])


def _searchable_copy(site_dir: Path, tmp: Path) -> Path:
    """The built pages as Pagefind should read them: ``l’intimité`` with the apostrophe it splits words on.

    Pagefind 1.5 splits ``l'intimité`` into words but keeps ``l’intimité`` whole, so a search for
    ``intimite`` would miss every page set in French typography.
    """
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if rel.parts[0] == "pagefind":
            continue
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(page.read_text(encoding="utf-8").replace("’", "'"), encoding="utf-8")
    return tmp


def _run(cmd: list[str]) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise SearchIndexError(f"Pagefind n'a pas pu démarrer : {exc}") from exc
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        if "No module named pagefind" in detail:
            detail = "le paquet pagefind manque : pip install -r requirements.txt"
        raise SearchIndexError(f"l'index de recherche n'a pas pu être construit : {detail}")
