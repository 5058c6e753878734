"""Search that answers a reader's question: what the index knows of each page (built HTML), and what
a reader sees on /recherche/ in Debian's chromium: the right page first, the kind of every result,
nothing for an off-topic query, the contributor guide only on request, keyboard and no-JS paths.

Expectations that name pages read them from the built site's kb.json (rule 3, the term
"infopreneur"), so rewritten titles and summaries do not break them."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from conftest import ENV, MKDOCS, Built, build, lucide, make_site
from lucide import search
from lucide.model import Article, KnowledgeBase

MYTH = """---
title: Tout est facile
summary: Notre résumé.
reality: Rien n'est facile.
phrasings:
- devenir riche <vite> sans rien faire
- l'argent tombe du ciel
---
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_site(tmp_path_factory.mktemp("phrasings"), {"docs/mythes/facile.md": MYTH})
    built = build(root)
    assert built.returncode == 0, built.log
    return built


def kb(site: Built) -> dict:
    return json.loads((site.site / "kb.json").read_text(encoding="utf-8"))


def rule_url(site: Built, number: int) -> str:
    return "/" + next(e["url"] for e in kb(site)["entities"] if e["type"] == "rule" and e.get("number") == number)


def term_url(site: Built, term: str) -> str:
    return "/" + next(t["url"] for t in kb(site)["terms"] if t["term"] == term)


# -- what the index knows (built HTML) ------------------------------------------------------------


def filters(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-pagefind-filter="(\w+):([^"]*)"', html))


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-pagefind-meta="(\w+):([^"]*)"', html))


@pytest.mark.parametrize(
    ("path", "kind", "label"),
    [
        ("mythes/argent-facile", "mythe", "Mythe"),
        ("signaux/formations-cpf-saturees", "signal", "Signal d&#x27;alerte"),
        ("glossaire/cpf", "glossaire", "Glossaire"),
        ("articles/passion-economy", "article", "Article"),
        ("mythes", "collection", "Liste"),
        ("glossaire", "collection", "Liste"),
        ("contribuer/article", "guide", "Guide des contributeurs"),
    ],
)
def test_every_page_tells_search_its_kind(real_site: Built, path: str, kind: str, label: str) -> None:
    html = real_site.page(path)
    assert filters(html)["kind"] == kind
    assert meta(html)["type"] == label


def test_a_rule_carries_its_number(real_site: Built) -> None:
    html = real_site.page(rule_url(real_site, 3).strip("/"))
    assert filters(html)["numero"] == "3"
    assert meta(html)["type"] == "Règle n° 3"


def test_home_and_search_page_are_not_indexed(real_site: Built) -> None:
    assert "data-pagefind-body" not in real_site.page("")
    assert "data-pagefind-body" not in real_site.page("recherche")


def test_permalink_signs_and_lists_of_other_pages_stay_out_of_the_index(real_site: Built) -> None:
    for path in ("contribuer", "articles/passion-economy", "glossaire"):
        links = re.findall(r'<a class="headerlink"[^>]*>', real_site.page(path))
        assert links and all("data-pagefind-ignore" in a for a in links)
    listing = real_site.page("mythes").split("data-pagefind-body", 1)[1]
    assert re.search(r"<(ol|ul) data-pagefind-ignore>", listing)  # the entries have their own pages
    assert '<ul class="lucide-employe-dans" data-pagefind-ignore>' in real_site.page("glossaire/cpf")


def test_phrasings_are_indexed_with_weight_but_not_shown(tiny: Built) -> None:
    html = tiny.page("mythes/facile")
    hidden = re.search(r'<div hidden class="lucide-formulations" data-pagefind-weight="\d+">(.*?)</div>', html)
    assert hidden and "devenir riche &lt;vite&gt; sans rien faire" in hidden.group(1)
    myth = next(e for e in kb(tiny)["entities"] if e["id"] == "facile")
    assert myth["phrasings"] == ["devenir riche <vite> sans rien faire", "l'argent tombe du ciel"]


def test_check_says_how_to_write_phrasings(tmp_path) -> None:
    bad = MYTH.split("phrasings:")[0] + "phrasings: devenir riche vite\n---\n"
    root = make_site(tmp_path, {"docs/mythes/facile.md": bad})
    result = lucide("check", "--docs", "docs", cwd=root)
    assert result.returncode == 1
    assert "docs/mythes/facile.md:5: « phrasings » doit être une liste de textes" in result.stdout + result.stderr


def test_a_satirical_article_is_labelled_satire() -> None:
    article = Article("faux", "articles/faux.md", "Un faux reportage")
    article.genre = "satire"  # type: ignore[attr-defined]  # the article record's optional genre
    base = KnowledgeBase(articles={"faux": article})
    tags = search.tags(base, "articles/faux.md")
    html = search.mark_page('<article class="md-content__inner md-typeset"><h1>x</h1></article>', tags)
    assert filters(html) == {"kind": "article", "genre": "satire"}
    assert meta(html) == {"type": "Article", "genre": "satire"}


# -- what a reader sees ---------------------------------------------------------------------------


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    yield context.new_page()
    context.close()


def ask(page: Page, served: str, query: str, extra: str = "") -> list[tuple[str, str, str]]:
    """(href, kind label, title) of each result for ``query``, once the search has answered."""
    page.goto(served + "recherche/?q=" + quote(query) + extra)
    page.wait_for_function("!document.getElementById('lucide-etat').textContent.includes('en cours')")
    return [
        (li.locator("a").first.get_attribute("href") or "", li.locator(".lucide-genre").text_content() or "",
         li.locator("a").first.text_content() or "")
        for li in page.locator("#resultats li").all()
    ]  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize("query", ["règle 3", "regle numero 3", "règle n°3", "la troisième règle"])
def test_a_rule_asked_by_number_comes_first(page, served: str, real_site: Built, query: str) -> None:
    href, kind, _ = ask(page, served, query)[0]
    assert (href, kind) == (rule_url(real_site, 3), "Règle n° 3")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "first"),
    [("quels sont les mythes", "/mythes/"), ("liste des signaux d'alerte", "/signaux/"), ("glossaire", "/glossaire/")],
)
def test_a_collection_request_puts_the_collection_first(page, served: str, query: str, first: str) -> None:
    assert ask(page, served, query)[0][:2] == (first, "Liste")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["que veut dire infopreneur", "qu'est-ce qu'un infopreneur ?", "infopreneur"])
def test_a_definition_request_puts_the_glossary_entry_first(page, served: str, real_site: Built, query: str) -> None:
    assert ask(page, served, query)[0][:2] == (term_url(real_site, "infopreneur"), "Glossaire")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["side hustle", "recette de crêpes", "météo de demain"])
def test_nothing_listed_when_nothing_is_about_the_query(page, served: str, query: str) -> None:
    assert ask(page, served, query) == []
    assert page.text_content("#lucide-etat").strip() == f"Aucun résultat pour « {query} »."
    offers = page.locator("#lucide-suggestions")
    assert offers.is_visible()
    hrefs = [a.get_attribute("href") for a in offers.locator("a").all()]
    assert {"../mythes/", "../regles/", "../signaux/", "../glossaire/"} <= set(hrefs)


@pytest.mark.browser
def test_the_contributor_guide_only_on_request(page, served: str) -> None:
    for query in ("comment repérer une arnaque", "article", "économie de la passion"):
        assert not [r for r in ask(page, served, query) if r[0].startswith("/contribuer/")], query
    assert ask(page, served, "comment ajouter un article")[0][:2] == ("/contribuer/article/", "Guide des contributeurs")
    in_guide = ask(page, served, "fiche", "&dans=guide")
    assert in_guide and all(href.startswith("/contribuer/") for href, _, _ in in_guide)
    page.get_by_role("link", name=re.compile("dans toute la base")).click()
    page.wait_for_url(re.compile(r"recherche/\?q=fiche$"))


@pytest.mark.browser
def test_a_kind_filter_keeps_its_state_in_the_url(page, served: str) -> None:
    results = ask(page, served, "argent", "&type=mythe")
    assert results and {kind for _, kind, _ in results} == {"Mythe"}
    assert page.locator("#lucide-types a[aria-current]").text_content() == "Mythes"
    page.locator("#lucide-types").get_by_role("link", name="Signaux d'alerte").click()
    page.wait_for_url(re.compile(r"type=signal"))
    page.wait_for_function("!document.getElementById('lucide-etat').textContent.includes('en cours')")
    kinds = {k.text_content() for k in page.locator("#resultats .lucide-genre").all()}
    assert kinds == {"Signal d'alerte"}


@pytest.mark.browser
@pytest.mark.parametrize("query", ["ce que dit la source", "économie passion", "contribuer"])
def test_result_titles_have_no_permalink_sign(page, served: str, query: str) -> None:
    extra = "&dans=guide" if query == "contribuer" else ""
    assert ask(page, served, query, extra)
    texts = page.locator("#resultats a").all_text_contents()
    assert texts and not [t for t in texts if t.rstrip().endswith(("#", "¶"))]


@pytest.mark.browser
def test_count_announced_and_one_key_to_the_first_result(page, served: str) -> None:
    results = ask(page, served, "formation CPF arnaque")
    status = page.locator("#lucide-etat")
    assert status.get_attribute("aria-live") == "polite"
    assert status.text_content() == f"{len(results)} résultats pour « formation CPF arnaque »"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == results[0][0]
    page.focus("#lucide-q")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == results[0][0]


@pytest.mark.browser
def test_without_javascript_the_form_and_the_collections_remain(browser: Browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "recherche/?q=arnaque")
    assert page.locator("form#lucide-recherche input[name=q]").is_visible()
    text = page.locator("article").text_content() or ""
    assert "La recherche a besoin de JavaScript" in text
    hrefs = {a.get_attribute("href") for a in page.locator("article a").all()}
    assert {"../mythes/", "../regles/", "../signaux/", "../articles/", "../glossaire/"} <= hrefs
    context.close()


def test_the_fallback_indexer_rebuilds_the_same_pages_from_the_finished_site(real_site: Built, tmp_path: Path) -> None:
    # used when the streamed index fails: Pagefind's command line on the written pages
    site = tmp_path / "site"
    shutil.copytree(real_site.site, site)
    (site / "pagefind" / "pagefind-entry.json").write_text("", encoding="utf-8")  # a half-written index
    search.index_site(site)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    streamed = json.loads((real_site.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == streamed["languages"]["fr"]["page_count"] > 50


def indexed_pages(site: Path) -> list[Path]:
    """The pages in a Pagefind bundle, in the order they were indexed (the order results tie in)."""
    bundle = site / "pagefind"
    meta = gzip.decompress(next(bundle.glob("*.pf_meta")).read_bytes())  # lists the pages' records in order
    urls = {}
    for fragment in (bundle / "fragment").iterdir():
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        urls[fragment.stem] = record["url"]
    ordered = sorted(urls, key=lambda stem: meta.index(stem.encode()))
    return [site / urls[stem].strip("/") / "index.html" for stem in ordered]


def bundle(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_index_is_the_one_pagefind_makes_of_the_finished_pages(real_site: Built, tmp_path: Path) -> None:
    # the build sends Pagefind each page's content as soon as it is rendered, before the theme frames
    # it: readers must find exactly what the published pages say, titles, weights and filters included
    pages = indexed_pages(real_site.site)
    assert len(pages) > 50
    index = search.StreamingIndex()
    for page in pages:
        index.add(page.relative_to(real_site.site).as_posix(), page.read_text(encoding="utf-8"))
    index.write(tmp_path)
    assert bundle(real_site.site / "pagefind") == bundle(tmp_path / "pagefind")


def test_a_dirty_build_writes_a_whole_new_index(tmp_path: Path) -> None:
    # `mkdocs build --dirty` keeps the last output: the index must not mix the last build's files with this one's
    root = make_site(tmp_path, {"docs/mythes/facile.md": MYTH})
    assert build(root).returncode == 0
    bundle_dir = root / "site" / "pagefind"
    (bundle_dir / "fragment" / "fr_0000000.pf_fragment").write_bytes(b"ancien")
    (root / "docs" / "mythes" / "facile.md").write_text(MYTH.replace("Tout est facile", "Rien n'est simple"), "utf-8")
    cmd = [*MKDOCS, "build", "--dirty", "--no-strict", "--site-dir", str(root / "site")]
    done = subprocess.run(cmd, cwd=root, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (bundle_dir / "fragment" / "fr_0000000.pf_fragment").exists()
    entry = json.loads((bundle_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert len(list((bundle_dir / "fragment").iterdir())) == entry["languages"]["fr"]["page_count"]
    assert any(b"Rien n" in gzip.decompress(f.read_bytes()) for f in (bundle_dir / "fragment").iterdir())


def test_every_file_of_the_index_is_whole(real_site: Built) -> None:
    # Pagefind's own writes could end cut short (once, its search engine at 64 KiB): Lucide writes the files
    bundle = real_site.site / "pagefind"
    packed = [f for f in bundle.rglob("*") if f.is_file() and (f.suffix == ".pagefind" or f.suffix.startswith(".pf_"))]
    assert len(packed) > 20 and any(f.name == "wasm.fr.pagefind" for f in packed)
    for f in packed:
        assert gzip.decompress(f.read_bytes()), f  # a truncated gzip stream raises


def test_a_service_that_dies_midway_is_a_clear_error_for_the_fallback(tmp_path: Path) -> None:
    # the build falls back to Pagefind's command line on a SearchIndexError: any other error would be a traceback
    index = search.StreamingIndex()
    page = '<html lang="fr"><body><article data-pagefind-body><h1>Titre</h1><p>Un texte.</p></article></body></html>'
    for i in range(200):
        index.add(f"p{i}/index.html", page)
    index.start_writing(tmp_path)  # the thread writing the index now waits for Pagefind's reply
    index.proc.kill()
    assert index.saver is not None
    index.saver.join(timeout=30)  # it learns of the end first: the build must still get a clear error
    with pytest.raises(search.SearchIndexError, match="index de recherche"):
        index.write(tmp_path)
    assert not index.saver.is_alive()  # nothing writes into the site any more


def test_the_index_is_written_only_inside_its_folder(tmp_path: Path) -> None:
    # the files come back from Pagefind's process: a path leaving the index's folder is refused, never written
    index = search.StreamingIndex()
    index.writing = 10**6  # a reply as Pagefind would send it, naming a file outside the folder
    index.replies[index.writing] = {"type": "GetFiles", "files": [{"path": "../evade.js", "content": "eA=="}]}
    index._save(tmp_path / "site" / "pagefind")
    index.close()
    assert isinstance(index.saved, search.SearchIndexError) and "hors de son dossier" in str(index.saved)
    assert not (tmp_path / "site" / "evade.js").exists()
