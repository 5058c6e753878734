"""Publishing: reproducible builds, the CI workflow, and live preview that follows every edit."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import ENV, ROOT, Built, build, make_site


def digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_sources_are_byte_identical(real_site: Built, tmp_path: Path) -> None:
    again = build(make_site(tmp_path, {}, with_content=True))
    assert again.returncode == 0, again.log
    first, second = digest(real_site.site), digest(again.site)
    assert first == second
    for needed in ("sitemap.xml", "kb.json", "pagefind/pagefind-entry.json", "index.html"):
        assert needed in first


def test_workflow_passes_actionlint() -> None:
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run([str(actionlint), ".github/workflows/site.yml"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    for step in (
        "pull_request",
        "pytest",
        "mkdocs build --strict",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert step in workflow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared on {url}")


@contextmanager
def preview(site: Path) -> Iterator[str]:
    """A real ``mkdocs serve`` of ``site`` on a free loopback port, stopped when the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site,
        env={**ENV, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


RECORD = "author: Ada\npublication: Blog\nurl_unknown: perdue\nconsulted: 2024-01-15\ngenre: billet\nquota: 100\n"  # what a citation needs, as check asks; a tiny article is all quotes
MYTH = "---\ntitle: {title}\nsummary: Résumé.\nreality: Réalité.\nsources: [petit#p1]\n---\n"


def test_live_preview_follows_edits_to_articles_entities_and_terms(tmp_path: Path) -> None:
    files = {
        "docs/articles/petit.md": "---\ntitle: Petit\nauthor: Ada\npublication: Blog\nurl_unknown: perdue\nconsulted: 2024-01-15\ngenre: billet\nquota: 100\n---\n\nUn passage sur le lead magnet.\n{: #p1 }\n",
        "docs/mythes/premier.md": MYTH.format(title="Premier mythe"),
        "docs/glossaire/lead-magnet.md": "---\nterm: lead magnet\ndefinition: Première définition.\n---\n",
        "docs/recherche.md": (ROOT / "docs" / "recherche.md").read_text(encoding="utf-8"),
    }
    site = make_site(tmp_path, files)
    with preview(site) as base:
        wait_for(base, "(1 fiche)")
        # the preview skips search indexing, and its search page says so
        assert "ne construit pas l" in wait_for(base + "recherche/", "Aperçu")
        # a new entity: its page, the index and the home count follow
        (site / "docs/mythes/second.md").write_text(MYTH.format(title="Second mythe"), encoding="utf-8")
        wait_for(base, "(2 fiches)")
        assert "Second mythe" in wait_for(base + "mythes/", "Second mythe")
        article = wait_for(base + "articles/petit/", "Second mythe")  # backlink under the passage
        assert "Premier mythe" in article
        # a glossary edit reaches the tooltips of other pages
        (site / "docs/glossaire/lead-magnet.md").write_text(
            "---\nterm: lead magnet\ndefinition: Définition corrigée.\n---\n", encoding="utf-8"
        )
        wait_for(base + "articles/petit/", "Définition corrigée.")
        # a removed entity disappears everywhere: nothing is kept from the previous build
        os.remove(site / "docs/mythes/second.md")
        wait_for(base, "(1 fiche)")
        assert "Second mythe" not in wait_for(base + "articles/petit/", "Premier mythe")


def test_live_preview_shows_a_content_error_in_the_page_and_recovers(tmp_path: Path) -> None:
    files = {
        "docs/articles/petit.md": f"---\ntitle: Petit\n{RECORD}---\n\nUn passage.\n{{: #p1 }}\n",
        "docs/mythes/premier.md": MYTH.format(title="Premier mythe"),
        "docs/regles/premiere.md": "---\ntitle: Première\nsummary: S.\nnumber: 1\n---\n",
        "docs/signaux/alerte.md": "---\ntitle: Premier signal\nsummary: S.\n---\n",
    }
    site = make_site(tmp_path, files)
    with preview(site) as base:
        wait_for(base + "mythes/premier/", "Premier mythe")
        # a YAML typo and an unknown source: the page names the file, the line and the fix, in French
        broken = MYTH.format(title="Premier mythe").replace("summary: Résumé.", "summary: [Résumé").replace("p1", "p9")
        (site / "docs/mythes/premier.md").write_text(broken, encoding="utf-8")
        page = wait_for(base + "mythes/premier/", "dans les contenus")
        assert "docs/mythes/premier.md:4" in page and "en-tête YAML invalide" in page
        assert "vérifiez les deux-points" in page and "se recharge toute seule" in page
        assert "docs/mythes/premier.md:4" in fetch(base)  # every page says it, and the server keeps answering
        # a rule whose number is text, a file that is not UTF-8: still an error page, never a hang
        (site / "docs/regles/r.md").write_text("---\ntitle: R\nsummary: S\nnumber: trois\n---\n", encoding="utf-8")
        (site / "docs/signaux/latin.md").write_bytes("---\ntitle: Signal é\n---\n".encode("latin-1"))
        page = wait_for(base, "docs/signaux/latin.md:2</code>")
        assert "pas en UTF-8" in page
        assert "docs/regles/r.md:4" in page
        # fixed files: the pages come back
        (site / "docs/mythes/premier.md").write_text(MYTH.format(title="Premier mythe"), encoding="utf-8")
        os.remove(site / "docs/regles/r.md")
        os.remove(site / "docs/signaux/latin.md")
        page = wait_for(base + "mythes/premier/", "Ce que dit la source")
        assert "dans les contenus" not in page
