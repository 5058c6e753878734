"""Publishing: reproducible builds, the CI workflow, and live preview that follows every edit."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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
def preview(site: Path, *options: str) -> Iterator[str]:
    """A real ``mkdocs serve`` of ``site`` on a free loopback port, stopped when the block ends.

    The server's log goes to ``site/serve.log``.
    """
    port = free_port()
    with (site / "serve.log").open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *options],
            cwd=site,
            env={**ENV, "PYTHONUNBUFFERED": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait(timeout=10)


RECORD = "author: Ada\npublication: Blog\nurl_unknown: perdue\nconsulted: 2024-01-15\ngenre: billet\nquota: 100\n"  # what a citation needs, as check asks; a tiny article is all quotes
MYTH = "---\ntitle: {title}\nsummary: Résumé.\nreality: Réalité.\nsources: [petit#p1]\n---\n"


# `mkdocs serve` renders every page again on each save; with --dirty, Lucide renders only what changed
SERVE_MODES = pytest.mark.parametrize("options", [(), ("--dirty",)], ids=["serve", "serve-dirty"])


@SERVE_MODES
def test_live_preview_follows_edits_to_articles_entities_and_terms(tmp_path: Path, options: tuple[str, ...]) -> None:
    files = {
        "docs/articles/petit.md": "---\ntitle: Petit\nauthor: Ada\npublication: Blog\nurl_unknown: perdue\nconsulted: 2024-01-15\ngenre: billet\nquota: 100\n---\n\nUn passage sur le lead magnet.\n{: #p1 }\n",
        "docs/mythes/premier.md": MYTH.format(title="Premier mythe"),
        "docs/glossaire/lead-magnet.md": "---\nterm: lead magnet\ndefinition: Première définition.\n---\n",
        "docs/recherche.md": (ROOT / "docs" / "recherche.md").read_text(encoding="utf-8"),
    }
    site = make_site(tmp_path, files)
    with preview(site, *options) as base:
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


@SERVE_MODES
def test_live_preview_shows_a_content_error_in_the_page_and_recovers(tmp_path: Path, options: tuple[str, ...]) -> None:
    files = {
        "docs/articles/petit.md": f"---\ntitle: Petit\n{RECORD}---\n\nUn passage.\n{{: #p1 }}\n",
        "docs/mythes/premier.md": MYTH.format(title="Premier mythe"),
        "docs/regles/premiere.md": "---\ntitle: Première\nsummary: S.\nnumber: 1\n---\n",
        "docs/signaux/alerte.md": "---\ntitle: Premier signal\nsummary: S.\n---\n",
    }
    site = make_site(tmp_path, files)
    with preview(site, *options) as base:
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


ARTICLE_MAIN = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>.*?</article>', re.S)
TABS = re.compile(r'<nav class="md-tabs".*?</nav>', re.S)  # titles of pages the preview may not read again


def assert_preview_matches_a_clean_build(site: Path, base: str) -> None:
    """Every page's content, tabs and kb.json as served equal what a fresh `mkdocs build` of the same files gives."""
    clean = build(site)
    assert clean.returncode == 0, clean.log
    for page in sorted(clean.site.rglob("index.html")):
        url = page.parent.relative_to(clean.site).as_posix()
        url = "" if url == "." else url + "/"
        built, served_page = page.read_text(encoding="utf-8"), fetch(base + url)
        for part in (ARTICLE_MAIN, TABS):
            expected, served = part.search(built), part.search(served_page)
            assert expected and served, url
            assert served.group() == expected.group(), f"/{url} differs from a clean build"
    expected_kb = json.loads((clean.site / "kb.json").read_text(encoding="utf-8"))
    assert json.loads(fetch(base + "kb.json")) == expected_kb


def rebuilt(site: Path) -> tuple[int, int]:
    """(pages rendered, pages in the site) of the preview's last rebuild, from its log."""
    found = re.findall(r"aperçu : (\d+) pages? sur (\d+)", (site / "serve.log").read_text(encoding="utf-8"))
    return int(found[-1][0]), int(found[-1][1])


def test_dirty_preview_renders_only_what_changed_and_matches_a_clean_build(tmp_path: Path) -> None:
    article = f"---\ntitle: Petit\n{RECORD}---\n\nUn passage sur le lead magnet.\n{{: #p1 }}\n\nUn autre passage.\n{{: #p2 }}\n"
    myth = "---\ntitle: {title}\nsummary: {summary}\nreality: Réalité.\nsources: [petit#{anchor}]\n---\n"
    files = {
        "docs/articles/petit.md": article,
        "docs/mythes/premier.md": myth.format(
            title="Premier mythe", summary="Le parcours client est court.", anchor="p1"
        ),
        "docs/mythes/second.md": myth.format(title="Second mythe", summary="Un résumé.", anchor="p2"),
        "docs/glossaire/lead-magnet.md": "---\nterm: lead magnet\ndefinition: Un cadeau contre une adresse.\n---\n",
        "docs/glossaire/tunnel.md": "---\nterm: tunnel de vente\ndefinition: Un parcours vers l'achat.\n---\n",
    }
    site = make_site(tmp_path, files)
    with preview(site, "--dirty") as base:
        wait_for(base + "glossaire/tunnel/", "Un parcours")
        rendered, total = rebuilt(site)
        assert rendered == total  # the first build renders everything
        # an entity now mentions a term: the term's page (not rendered again) lists it under "Employé dans"
        second = files["docs/mythes/second.md"].replace("Un résumé.", "Un résumé qui parle de tunnel de vente.")
        (site / "docs/mythes/second.md").write_text(second, encoding="utf-8")
        used = wait_for(base + "glossaire/tunnel/", "Second mythe")
        assert "Employé dans" in used
        rendered, total = rebuilt(site)
        assert rendered < total
        assert_preview_matches_a_clean_build(site, base)  # lead magnet's uses, from pages left alone, included
        # a new alias: a page left alone that says it gets the link
        alias = "---\nterm: tunnel de vente\ndefinition: Un parcours vers l'achat.\naliases: [parcours client]\n---\n"
        (site / "docs/glossaire/tunnel.md").write_text(alias, encoding="utf-8")
        wait_for(base + "glossaire/tunnel/", "Premier mythe")
        assert_preview_matches_a_clean_build(site, base)
        # a deleted entity leaves the preview like every list that named it
        os.remove(site / "docs/mythes/second.md")
        wait_for(base, "(1 fiche)")
        assert "Second mythe" not in fetch(base + "mythes/second/")
        assert_preview_matches_a_clean_build(site, base)
