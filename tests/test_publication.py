"""Lawful publication: what of an article reaches the public site, and how it is credited.

A tiny site built with the real ``mkdocs build``: excerpts by default, the full text only when
its rights allow it, a quota that stops the build, shorter verbatim quotes, genre flags.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import Built, build, lucide, make_site, write_files

RECORD = """author: Ada Auteur
publication: Le Blog d'Ada
url: https://exemple.org/billet
date: 2021-05-02
consulted: 2024-01-15
"""
PASSAGES = "".join(
    f"Phrase publique numéro {n}. Et une seconde phrase, longue, qui ne sert à aucune fiche du site.\n{{: #p{n} }}\n\n"
    for n in range(1, 13)
)
ARTICLE = f"---\ntitle: Un billet\n{RECORD}genre: billet\nremoved:\n  fil de commentaires: 95\n  publicité: 1\n---\n\n"
SATIRE = (
    f"---\ntitle: Une satire\n{RECORD.replace('author: Ada Auteur', 'author_unknown: non signé')}genre: satire\n---\n\n"
)
MYTH = "---\ntitle: Un mythe\nsummary: Résumé.\nreality: Réalité.\nsources: [{sources}]\n---\n"
FILES = {
    "docs/articles/billet.md": ARTICLE + PASSAGES,
    "docs/articles/satire.md": SATIRE + PASSAGES,
    "docs/mythes/un-mythe.md": MYTH.format(sources="billet#p2, 'billet#p7 « Phrase publique numéro 7. »'"),
    "docs/signaux/moque.md": "---\ntitle: Un signal\nsummary: Résumé.\nsources: [satire#p3]\n---\n",
}


def plain(page: str) -> str:
    """The page's text as compared here: entities decoded, French spacing and apostrophes made plain."""
    return html.unescape(page).replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(make_site(tmp_path_factory.mktemp("publication"), FILES))
    assert built.returncode == 0, built.log
    return built


def test_an_article_is_published_as_its_cited_passages_only(site: Built) -> None:
    page = site.page("articles/billet")
    assert 'id="p2"' in page and "Phrase publique numéro 2. Et une seconde phrase" in page
    assert "Phrase publique numéro 7. […]" in page  # only the quoted words of #p7
    assert "numéro 7. Et une seconde" not in page
    for n in (1, 3, 4, 5, 6, 8, 12):
        assert f"numéro {n}." not in page
    everything = "".join(p.read_text(errors="ignore") for p in site.site.rglob("*") if p.is_file())
    assert "numéro 5." not in everything  # nor in kb.json, the search index or any other page


def test_the_record_names_the_original_and_what_the_import_removed(site: Built) -> None:
    page = plain(site.page("articles/billet"))
    assert "publié sur <em>Le Blog d'Ada</em>, le 2 mai 2021" in page
    assert '<a href="https://exemple.org/billet">https://exemple.org/billet</a>' in page
    assert "fil de commentaires : 95 lignes ; publicité : 1 ligne" in page
    assert re.search(r"2 passages cités, 1[0-9] % du texte", page)


def test_satire_is_flagged_on_its_page_in_lists_under_quotes_and_in_the_data(site: Built) -> None:
    satire = plain(site.page("articles/satire"))
    assert "Ce texte est une satire" in satire and "d'un auteur que le texte ne nomme pas" in satire
    assert "<em>satire</em>" in site.page("articles")
    assert "Extrait d'une satire" in plain(site.page("signaux/moque"))
    data = json.loads((site.site / "kb.json").read_text(encoding="utf-8"))
    satire = next(a for a in data["articles"] if a["id"] == "satire")
    assert satire["caution"] is True and satire["record"]["genre"] == "satire"
    billet = next(a for a in data["articles"] if a["id"] == "billet")
    assert billet["record"]["url"] == "https://exemple.org/billet"
    assert billet["published"]["mode"] == "extraits" and billet["published"]["passages"] == ["p2", "p7"]
    moque = next(e for e in data["entities"] if e["id"] == "moque")
    assert moque["sources"][0]["caution"] == "extrait d'une satire"


def test_a_shorter_quote_must_be_the_authors_exact_words(tmp_path) -> None:
    files = {**FILES, "docs/mythes/un-mythe.md": MYTH.format(sources="'billet#p7 « Phrase publique n°7. »'")}
    write_files(tmp_path, files)
    result = lucide("check", "--docs", "docs", cwd=tmp_path)
    assert result.returncode == 1
    assert "docs/mythes/un-mythe.md:5: « Phrase publique n°7. » n'est pas mot pour mot dans #p7" in result.stdout


def test_a_quota_stops_the_build_and_names_the_longest_quotes(tmp_path) -> None:
    many = ", ".join(f"billet#p{n}" for n in range(1, 7))
    files = {**FILES, "docs/mythes/un-mythe.md": MYTH.format(sources=many)}
    built = build(make_site(tmp_path, files))
    assert built.returncode == 1
    assert re.search(
        r"docs/articles/billet\.md:1: 50 % des mots de l'article seraient publiés, au-delà de son quota de 25 % — "
        r"citez la phrase utile plutôt que le paragraphe .*plus longues citations : #p1 \(17 mots, cité par mythes/un-mythe\)",
        built.log,
    ), built.log


@pytest.mark.parametrize(
    ("rights", "site_allows", "full"),
    [
        (
            "rights: licence\nrights_name: CC BY 4.0\nrights_url: https://creativecommons.org/licenses/by/4.0/\n",
            True,
            True,
        ),
        (
            "rights: licence\nrights_name: CC BY 4.0\nrights_url: https://creativecommons.org/licenses/by/4.0/\n",
            False,
            False,
        ),
    ],
    ids=["licence allows the full text", "the site setting is stricter"],
)
def test_full_text_only_where_rights_and_site_allow_it(tmp_path, rights: str, site_allows: bool, full: bool) -> None:
    article = ARTICLE.replace("genre: billet\n", f"genre: billet\n{rights}full_text: true\n") + PASSAGES
    root = make_site(tmp_path, {**FILES, "docs/articles/billet.md": article})
    if not site_allows:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text() + "\nextra:\n  lucide:\n    texte_integral: false\n", encoding="utf-8")
    built = build(root)
    assert built.returncode == 0, built.log
    assert ("numéro 5." in built.page("articles/billet")) is full


def test_full_text_without_recorded_rights_is_an_error(tmp_path) -> None:
    write_files(
        tmp_path,
        {
            **FILES,
            "docs/articles/billet.md": ARTICLE.replace("genre: billet\n", "genre: billet\nfull_text: true\n")
            + PASSAGES,
        },
    )
    result = lucide("check", "--docs", "docs", cwd=tmp_path)
    assert (
        result.returncode == 1
        and "« full_text » n'est permis qu'avec « rights: permission » ou « licence »" in result.stdout
    )
