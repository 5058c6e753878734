"""A tiny site built with the real ``mkdocs build --strict``: what a reader sees on its pages."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import Built, build, make_site, write_files

ARTICLE = """---
title: Un petit article
author: Ada Auteur
date: 2021-05-02
publication_unknown: le texte ne nomme pas son site
url_unknown: l'adresse d'origine n'a pas été conservée
consulted: 2024-01-15
genre: article
quota: 100 # a two-line test article: any quote is most of it
imported_from: petit.txt
---

## Le mythe : tout est facile {: #le-mythe }

Il est facile de gagner de l'argent.
{: #facile }

Ce passage est annoté.
{: #annote signal="promesse" }

Un passage qui définit une fiche.
{: #defini signal="defini-ici" title="Signal défini dans l'article" summary="Résumé de la rédaction." }
"""
MYTH = """---
title: Tout est facile
summary: Notre résumé du mythe.
reality: Rien n'est facile.
sources: [petit#facile]
related: [promesse]
---

Une note de la rédaction.
"""
SIGN = """---
title: Une promesse trop belle
summary: Notre résumé du signal.
---
"""
RULE = """---
title: Une règle
summary: Notre résumé de la règle.
number: 1
---
"""
FILES = {
    "docs/articles/petit.md": ARTICLE,
    "docs/mythes/facile.md": MYTH,
    "docs/signaux/promesse.md": SIGN,
    "docs/regles/une-regle.md": RULE,
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(make_site(tmp_path_factory.mktemp("tiny"), FILES))
    assert built.returncode == 0, built.log
    return built


def ids(html: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', html))


def test_entity_page_quotes_the_exact_passage_and_links_to_its_anchor(tiny: Built) -> None:
    page = tiny.page("mythes/facile")
    assert re.search(r"<h1[^>]*>Tout est facile</h1>", page)
    assert "<p>Il est facile de gagner de l'argent.</p>" in page.split("<blockquote>")[1]
    assert '— Ada Auteur, <a href="../../articles/petit/#facile">' in page
    assert "facile" in ids(tiny.page("articles/petit"))
    assert "Rien n’est facile." in page and "Une note de la rédaction." in page  # our text, typeset


def test_article_links_each_quoted_passage_to_its_entities(tiny: Built) -> None:
    article = tiny.page("articles/petit")
    assert re.search(
        r'<p id="facile">.*?</p>\s*<p class="lucide-renvois">Cité par(?:\u00a0|&nbsp;): '
        r'<a class="lucide-renvoi lucide-myth" href="../../mythes/facile/">Mythe — Tout est facile</a>',
        article,
    )
    assert 'href="../../signaux/promesse/"' in article
    assert 'signal="' not in article and 'summary="' not in article  # annotations never reach the HTML


def test_article_shows_attribution(tiny: Built) -> None:
    page = tiny.page("articles/petit")
    assert (
        "<strong>Texte</strong> de <strong>Ada Auteur</strong>, publié sur un site non identifié, le 2 mai 2021" in page
    )
    assert (
        "adresse inconnue (l’adresse d’origine n’a pas été conservée)" in page or "adresse inconnue (l'adresse" in page
    )


def test_related_entities_link_both_ways(tiny: Built) -> None:
    assert 'href="../../signaux/promesse/">Une promesse trop belle</a>' in tiny.page("mythes/facile")
    assert 'href="../../mythes/facile/">Tout est facile</a>' in tiny.page("signaux/promesse")


def test_annotation_adds_a_source_and_can_define_an_entity(tiny: Built) -> None:
    assert "<p>Ce passage est annoté.</p>" in tiny.page("signaux/promesse")
    defined = tiny.page("signaux/defini-ici")
    assert re.search(r"<h1[^>]*>Signal défini dans l’article</h1>", defined)
    assert "<p>Un passage qui définit une fiche.</p>" in defined


def test_index_pages_and_home_list_every_collection(tiny: Built) -> None:
    assert '<a href="facile/">Tout est facile</a>' in tiny.page("mythes")
    assert '<a href="defini-ici/">' in tiny.page("signaux") and '<a href="promesse/">' in tiny.page("signaux")
    home = (tiny.site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="mythes/">Mythes</a></strong> \(1 fiche\)', home)
    assert re.search(r'<a href="signaux/">Signaux d’alerte</a></strong> \(2 fiches\)', home)
    assert '<a href="articles/petit/"><em>Un petit article</em></a>' in home
    articles = tiny.page("articles")
    assert '<a href="petit/"><em>Un petit article</em></a> — Ada Auteur' in articles and "1 article." in articles


def test_navigation_follows_the_files(tiny: Built) -> None:
    home = (tiny.site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'<a href="([^"]*)" class="md-tabs__link', home)
    # home, the collections, the articles, then the generated "À propos et méthode" page (issue 10)
    assert tabs == [".", "mythes/", "regles/", "signaux/", "articles/", "a-propos/"]
    for label in ("Articles", "Mythes", "Règles de l’économie de la passion", "Signaux d’alerte"):
        assert label in home


def test_kb_json_agrees_with_the_pages(tiny: Built) -> None:
    kb = json.loads((tiny.site / "kb.json").read_text(encoding="utf-8"))
    (article,) = kb["articles"]
    assert (article["id"], article["title"], article["author"], article["url"]) == (
        "petit",
        "Un petit article",
        "Ada Auteur",
        "articles/petit/",
    )
    assert article["record"]["url_unknown"] == "l'adresse d'origine n'a pas été conservée"
    assert article["record"]["consulted"] == "2024-01-15" and article["record"]["date"] == "2021-05-02"
    assert article["published"]["passages"] == ["facile", "annote", "defini"]
    entities = {e["id"]: e for e in kb["entities"]}
    assert entities["facile"]["type"] == "myth" and entities["facile"]["url"] == "mythes/facile/"
    assert entities["facile"]["sources"] == [{"article": "petit", "anchor": "facile", "url": "articles/petit/#facile"}]
    assert entities["facile"]["related"] == ["promesse"] and entities["promesse"]["related"] == ["facile"]
    assert entities["une-regle"]["number"] == 1
    for entity in kb["entities"]:
        assert (tiny.site / entity["url"] / "index.html").exists()
        for source in entity["sources"]:
            page, anchor = source["url"].split("#")
            assert anchor in ids((tiny.site / page / "index.html").read_text(encoding="utf-8"))


def test_unknown_passage_fails_strict_build_with_file_line_and_fix(tmp_path) -> None:
    files = {**FILES, "docs/mythes/facile.md": MYTH.replace("petit#facile", "petit#facil")}
    built = build(make_site(tmp_path, files))
    assert built.returncode != 0
    assert (
        "docs/mythes/facile.md:5: passage « #facil » introuvable dans « petit » — vouliez-vous dire « facile » ?"
        in built.log
    )


def test_pages_have_a_description_and_opengraph_tags(tiny: Built) -> None:
    page = tiny.page("mythes/facile")
    assert '<meta name="description" content="Notre résumé du mythe.">' in page
    assert '<meta property="og:title" content="Tout est facile">' in page
    assert '<meta property="og:description" content="Notre résumé du mythe.">' in page
    article = tiny.page("articles/petit")
    assert '<meta name="description" content="Il est facile de gagner de l’argent.">' in article  # typeset


FOURTH_TYPE = """
ENTITY_TYPES = (
    *ENTITY_TYPES,
    EntityType(
        id="testimony",
        name="temoignage",
        label="Témoignage",
        plural="Témoignages",
        folder="temoignages",
        intro="Des récits de lecteurs.",
    ),
)
ENTITY_BY_NAME = {t.name: t for t in ENTITY_TYPES}
ENTITY_BY_FOLDER = {t.folder: t for t in ENTITY_TYPES}
ANNOTATION_KEYS = frozenset(ENTITY_BY_NAME) | ANNOTATION_FIELDS
"""


def test_a_fourth_entity_type_is_one_entry_in_types_py(tmp_path) -> None:
    site = make_site(
        tmp_path,
        {
            "docs/articles/petit.md": ARTICLE.replace(
                '{: #annote signal="promesse" }', '{: #annote temoignage="vecu" }'
            ),
            "docs/temoignages/vecu.md": "---\ntitle: Un récit vécu\nsummary: Notre résumé du récit.\n---\n",
        },
    )
    types_py = site / "hooks" / "lucide" / "types.py"
    source = types_py.read_text(encoding="utf-8")
    marker = "\nARTICLE_FOLDER ="
    types_py.write_text(source.replace(marker, FOURTH_TYPE + marker, 1), encoding="utf-8")
    built = build(site)
    assert built.returncode == 0, built.log
    page = built.page("temoignages/vecu")
    assert re.search(r"<h1[^>]*>Un récit vécu</h1>", page) and "<p>Ce passage est annoté.</p>" in page
    assert '<a href="vecu/">Un récit vécu</a>' in built.page("temoignages")
    assert re.search(
        r'<a href="temoignages/">Témoignages</a></strong> \(1 fiche\)',
        (built.site / "index.html").read_text(encoding="utf-8"),
    )
    kb = json.loads((built.site / "kb.json").read_text(encoding="utf-8"))
    assert {"id": "vecu", "type": "testimony"}.items() <= next(e for e in kb["entities"] if e["id"] == "vecu").items()


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site and its bytes."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_new_build_gives_the_clean_build_and_keeps_hidden_files(tmp_path) -> None:
    # the last build's files are rewritten in place and what it alone wrote is removed (lucide/output.py)
    root = make_site(tmp_path, FILES)
    assert build(root).returncode == 0
    clean = tree(root / "site")
    site = root / "site"
    (site / "mythes" / "ancienne-page").mkdir()
    (site / "ancien.html").write_text("<p>ancien</p>", encoding="utf-8")
    (site / "assets" / "ancien.css").write_text("", encoding="utf-8")
    (site / ".git").mkdir()  # a deployment branch's checkout: the engine never deletes it
    (site / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (site / "pagefind" / "ancien.pf_fragment").write_text("", encoding="utf-8")
    shutil.rmtree(site / "articles")  # a file where a folder of pages goes
    (site / "articles").write_text("", encoding="utf-8")
    (site / "404.html").unlink()  # a folder where a page goes
    (site / "404.html").mkdir()
    outside = tmp_path / "ailleurs"  # a link on the way must not lead the build outside the site
    (outside / "facile").mkdir(parents=True)
    (outside / "facile" / "index.html").write_text("intact", encoding="utf-8")
    shutil.rmtree(site / "mythes" / "facile")
    (site / "mythes" / "facile").symlink_to(outside / "facile")
    again = build(root)
    assert again.returncode == 0, again.log
    assert tree(site) == {**clean, ".git/HEAD": b"ref"}
    assert not (site / "mythes" / "ancienne-page").exists()
    assert (outside / "facile" / "index.html").read_text(encoding="utf-8") == "intact"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []  # nothing left beside it


def test_a_build_stopped_by_an_error_leaves_what_the_engine_would(tmp_path) -> None:
    root = make_site(tmp_path, FILES)
    assert build(root).returncode == 0
    (root / "site" / ".git").mkdir()  # never touched, whatever happens
    write_files(root, {"docs/mythes/casse.md": "---\ntitle: [non fermé\n---\n"})
    failed = build(root)  # stopped before its first page
    assert failed.returncode != 0 and "casse.md" in failed.log
    assert sorted(p.name for p in (root / "site").iterdir()) == [".git"]  # the last site is gone, as MkDocs leaves it
    (root / "docs" / "mythes" / "casse.md").unlink()
    assert build(root).returncode == 0
    (root / "site" / "ancien.html").write_text("", encoding="utf-8")
    write_files(root, {"hooks/casse.py": "def on_post_page(output, page, config):\n    raise RuntimeError('panne')\n"})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - hooks/lucide_hooks.py", "  - hooks/lucide_hooks.py\n  - hooks/casse.py")
    )
    failed = build(root)  # stopped while writing pages
    assert failed.returncode != 0 and "panne" in failed.log
    assert not (root / "site" / "ancien.html").exists() and not (root / "site" / "kb.json").exists()
    assert (root / "site" / ".git").is_dir()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_a_rebuild_never_writes_through_links_or_into_shared_files(tmp_path) -> None:
    root = make_site(tmp_path, FILES)
    assert build(root).returncode == 0
    site, outside = root / "site", tmp_path / "ailleurs"
    outside.mkdir()
    copy = outside / "mythe.html"
    os.link(site / "mythes" / "facile" / "index.html", copy)  # a hard-linked copy, as `cp -al` makes
    before = copy.read_bytes()
    (outside / "kb.json").write_text("à garder", encoding="utf-8")
    (site / "kb.json").unlink()
    (site / "kb.json").symlink_to(outside / "kb.json")
    (root / ".site-reprise-1").mkdir()  # what an interrupted build left beside the site
    (root / ".site-reprise-1" / "ancien.html").write_text("", encoding="utf-8")
    write_files(
        root, {"docs/mythes/facile.md": FILES["docs/mythes/facile.md"].replace("Tout est facile", "Tout est simple")}
    )
    again = build(root)
    assert again.returncode == 0, again.log
    assert "Tout est simple" in again.page("mythes/facile") and copy.read_bytes() == before
    assert (outside / "kb.json").read_text(encoding="utf-8") == "à garder"
    assert not (site / "kb.json").is_symlink() and json.loads((site / "kb.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_the_engine_gets_each_page_as_lucide_read_it_front_matter_included(tmp_path) -> None:
    # Lucide hands the engine each page's body and the front matter it already read: the theme still obeys it
    # (no table of contents, the title), and a first line that looks like « clé: valeur » stays text.
    page = "---\ntitle: Une page du guide\nhide:\n  - toc\n---\nAttention: cette ligne est du texte.\n\n## Partie\n"
    built = build(make_site(tmp_path, {"docs/contribuer/page.md": page}))
    assert built.returncode == 0, built.log
    html = built.page("contribuer/page")
    assert "<title>Une page du guide - Lucide</title>" in html
    assert "<p>Attention&nbsp;: cette ligne est du texte.</p>" in html  # typeset: our text
    assert 'data-md-type="toc" hidden>' in html  # hidden, as the front matter asks
    (tmp_path / "b").mkdir()
    shown = build(make_site(tmp_path / "b", {"docs/contribuer/page.md": page.replace("hide:\n  - toc\n", "")}))
    assert 'data-md-type="toc" hidden>' not in shown.page("contribuer/page")  # the check above can fail
