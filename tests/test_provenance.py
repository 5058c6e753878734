"""Provenance a reader and a machine can check: JSON-LD on every knowledge page, the about page, update dates."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import ENV, MKDOCS, Built, build, make_site
from lucide.history import epoch_date, parse_log

SITE_URL = "https://lucide.example.org/"
REPO_URL = "https://forge.example.org/redaction/lucide"
CONFIG = f"""
site_url: {SITE_URL}
repo_url: {REPO_URL}
extra:
  lucide:
    editeur: Association Lucide
"""

ARTICLE = """---
title: Un petit article
author: Ada Auteur
publication: Le Blog d'Ada
url: https://blog.example.org/petit-article
date: 2021-05-02
consulted: 2024-01-15
genre: billet
rights: licence
rights_name: CC BY 4.0
rights_url: https://creativecommons.org/licenses/by/4.0/
based_on: Jean Livre, Le Grand Livre, Éditions Exemple, 2019
based_on_url: https://editions.example.org/grand-livre
quota: 100
---

Il est facile de gagner de l'argent.
{: #facile }

Une règle tirée du livre.
{: #regle }

Un passage qui définit une fiche.
{: #defini signal="defini-ici" title="Signal défini dans l'article" summary="Résumé de la rédaction." }
"""
SATIRE = """---
title: Une satire sans auteur
author_unknown: le texte ne nomme pas son auteur
publication_unknown: le texte ne nomme pas son site
url_unknown: l'adresse d'origine n'a pas été conservée
consulted: 2024-01-15
genre: satire
quota: 100
---

Le personnage jure que tout est facile.
{: #personnage }
"""
MYTH = """---
title: Tout est facile
summary: Notre résumé du mythe.
reality: Rien n'est facile, dit la rédaction.
sources: [petit#facile, satire#personnage]
---
"""
RULE = """---
title: Une règle du livre
summary: Notre résumé de la règle.
number: 1
sources: [petit#regle]
---
"""
SIGN = """---
title: Un signal </script><b>piégé</b> & « cité »
summary: Notre résumé du signal.
---
"""
TERM = """---
term: lead magnet
definition: Un contenu gratuit offert contre une adresse de courriel.
aliases: [aimant à prospects]
---
"""
FILES = {
    "docs/articles/petit.md": ARTICLE,
    "docs/articles/satire.md": SATIRE,
    "docs/mythes/facile.md": MYTH,
    "docs/regles/une-regle.md": RULE,
    "docs/signaux/piege.md": SIGN,
    "docs/glossaire/lead-magnet.md": TERM,
}


def plain(page: str) -> str:
    """Entities decoded, French no-break spaces and apostrophes made plain, for comparing text."""
    return html.unescape(page).replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")


LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(built: Built, url: str) -> dict[str, Any]:
    """The page's one JSON-LD object, read as plain JSON (no network, no JSON-LD processor)."""
    found = LD.findall(built.page(url))
    assert len(found) == 1, f"{url}: {len(found)} JSON-LD scripts"
    data: dict[str, Any] = json.loads(found[0])
    assert data["@context"] == "https://schema.org"
    return data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_site(tmp_path_factory.mktemp("provenance"), FILES)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(CONFIG)
    built = build(root)
    assert built.returncode == 0, built.log
    return built


def test_a_myth_is_a_claim_review_with_where_it_appears_and_our_verdict(site: Built) -> None:
    data = json_ld(site, "mythes/facile")
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "Tout est facile"
    assert data["url"] == SITE_URL + "mythes/facile/"
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Rien n'est facile, dit la rédaction."}
    assert data["author"]["@type"] == "Organization" and data["author"]["name"] == "La rédaction de Lucide"
    assert data["publisher"]["name"] == "Association Lucide"
    claim = data["itemReviewed"]
    assert claim["@type"] == "Claim"
    named, unnamed = claim["appearance"]
    assert named["url"] == SITE_URL + "articles/petit/#facile"  # our copy of the passage, anchored
    assert named["sameAs"] == "https://blog.example.org/petit-article"
    assert named["author"] == {"@type": "Person", "name": "Ada Auteur"}
    # the satire's character is not its author, and no author is made up
    assert "author" not in claim and "author" not in unnamed and "sameAs" not in unnamed
    assert unnamed["genre"] == "satire" and unnamed["creditText"].startswith("Auteur non nommé")


def test_an_article_is_a_creative_work_with_its_whole_citation(site: Built) -> None:
    data = json_ld(site, "articles/petit")
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Un petit article"
    assert data["author"] == {"@type": "Person", "name": "Ada Auteur"}
    assert data["datePublished"] == "2021-05-02"
    assert data["url"] == "https://blog.example.org/petit-article"
    assert data["isPartOf"] == {"@type": "WebSite", "name": "Le Blog d'Ada"}
    assert data["genre"] == "billet de blog"
    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": "Jean Livre, Le Grand Livre, Éditions Exemple, 2019",
        "url": "https://editions.example.org/grand-livre",
    }
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["usageInfo"]["name"] == "CC BY 4.0"
    assert data["mainEntityOfPage"]["url"] == SITE_URL + "articles/petit/"


def test_an_article_without_author_date_or_address_says_nothing_invented(site: Built) -> None:
    data = json_ld(site, "articles/satire")
    assert data["@type"] == "CreativeWork"
    for absent in ("author", "datePublished", "url", "sameAs", "isPartOf", "isBasedOn", "license"):
        assert absent not in data
    assert data["creditText"] == "Auteur non nommé : le texte ne nomme pas son auteur"
    assert data["genre"] == "satire"
    assert data["usageInfo"]["name"].startswith("courtes citations")


def test_a_rule_credits_its_article_and_the_work_the_article_relays(site: Built) -> None:
    data = json_ld(site, "regles/une-regle")
    assert data["@type"] == "Article" and data["headline"] == "Une règle du livre"
    (source,) = data["isBasedOn"]
    assert source["url"] == SITE_URL + "articles/petit/#regle"
    assert source["isBasedOn"]["name"] == "Jean Livre, Le Grand Livre, Éditions Exemple, 2019"
    generated = json_ld(site, "signaux/defini-ici")  # a sign declared by an annotation only
    assert generated["isBasedOn"][0]["url"] == SITE_URL + "articles/petit/#defini"


def test_contributor_text_cannot_close_the_script(site: Built) -> None:
    page = site.page("signaux/piege")
    script = LD.search(page)
    assert script and "<b>" not in script.group(1) and "&" not in script.group(1)
    assert "\\u003c/script\\u003e" in script.group(1)
    assert json_ld(site, "signaux/piege")["headline"] == "Un signal </script><b>piégé</b> & « cité »"


def test_glossary_entries_are_defined_terms_in_the_glossary_set(site: Built) -> None:
    term = json_ld(site, "glossaire/lead-magnet")
    assert term["@type"] == "DefinedTerm"
    assert term["name"] == "lead magnet"
    assert term["description"] == "Un contenu gratuit offert contre une adresse de courriel."
    assert term["alternateName"] == ["aimant à prospects"]
    assert term["inDefinedTermSet"] == {"@type": "DefinedTermSet", "name": "Glossaire", "url": SITE_URL + "glossaire/"}
    index = json_ld(site, "glossaire")
    assert index["@type"] == "DefinedTermSet" and index["url"] == SITE_URL + "glossaire/"
    assert [t["name"] for t in index["hasDefinedTerm"]] == ["lead magnet"]
    assert index["hasDefinedTerm"][0]["url"] == SITE_URL + "glossaire/lead-magnet/"


def test_about_page_says_who_publishes_how_we_quote_and_where_to_report(site: Built) -> None:
    page = site.page("a-propos")
    assert '<html lang="fr"' in page
    assert "<h1" in page and "À propos et méthode" in page
    text = plain(re.sub(r"<[^>]+>", "", page))
    for said in (
        "Lucide est publié par Association Lucide",
        "article L122-5 du Code de la propriété intellectuelle",
        "Ce qui est de la rédaction, ce qui est cité",
        "extrait d'une satire",
        "Nous ne les réécrivons jamais",
    ):
        assert said in text
    assert f'href="{REPO_URL}/issues/new"' in page
    # the table of sources: each article with its genre and the terms we hold it under
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    satire = next(r for r in rows if "Une satire sans auteur" in r)
    assert "non nommé" in satire and "satire" in satire and "courtes citations" in satire
    assert "100\u00a0% (plafond 100\u00a0%)" in html.unescape(satire)  # every word of its one passage is quoted
    assert "CC BY 4.0" in next(r for r in rows if "Un petit article" in r)
    assert "a-propos/" in site.page("")  # reachable from the navigation of every page
    assert json_ld(site, "a-propos")["@type"] == "AboutPage"
    home = json_ld(site, "")
    assert home["@type"] == "WebSite" and home["url"] == SITE_URL
    assert home["publisher"] == {"@type": "Organization", "name": "Association Lucide"}


def test_every_page_shows_its_last_update_in_french(site: Built) -> None:
    pages = sorted(site.site.rglob("index.html"))
    assert len(pages) > 10
    for path in pages:
        content = path.read_text(encoding="utf-8")
        # no git repository here: SOURCE_DATE_EPOCH=1700000000 (the tests' environment) is the date
        assert 'Dernière mise à jour : <time datetime="2023-11-14">14 novembre 2023</time>' in plain(content), path


# -- dates from the repository history ------------------------------------------------------------


def git(root: Path, *args: str, day: str = "") -> None:
    when = {"GIT_AUTHOR_DATE": f"{day}T12:00:00+01:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+01:00"} if day else {}
    identity = ["-c", "user.name=Rédaction", "-c", "user.email=redaction@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=root, env={**os.environ, **when}, check=True, capture_output=True)


def history_site(tmp: Path) -> Path:
    """A site whose docs have two commits (3 March, 10 April 2026) and one file not committed yet."""
    tmp.mkdir(exist_ok=True)
    root = make_site(tmp, {k: v for k, v in FILES.items() if k != "docs/signaux/piege.md"})
    git(root, "init", "-q")
    git(root, "add", "docs/articles", "docs/mythes", "docs/glossaire", "docs/index.md")
    git(root, "commit", "-q", "-m", "first", day="2026-03-03")
    git(root, "add", "docs/regles")
    git(root, "commit", "-q", "-m", "second", day="2026-04-10")
    (root / "docs/signaux").mkdir(exist_ok=True)
    (root / "docs/signaux/piege.md").write_text(SIGN, encoding="utf-8")
    return root


def last_update(built: Built, url: str) -> str:
    found = re.search(
        r'class="lucide-maj"[^>]*>Dernière mise à jour : <time datetime="([\d-]+)">', plain(built.page(url))
    )
    return found.group(1) if found else ""


def test_dates_come_from_the_last_commit_of_each_source(tmp_path: Path) -> None:
    built = build(history_site(tmp_path))
    assert built.returncode == 0, built.log
    assert "3 mars 2026</time>" in built.page("mythes/facile")
    expected = {
        "mythes/facile": "2026-03-03",
        "regles/une-regle": "2026-04-10",
        "glossaire/lead-magnet": "2026-03-03",
        "signaux/piege": "2023-11-14",  # not committed yet: SOURCE_DATE_EPOCH
        # generated pages: the newest of the files they are made of
        "regles": "2026-04-10",
        "mythes": "2026-03-03",
        "glossaire": "2026-03-03",
        "signaux/defini-ici": "2026-03-03",  # declared in articles/petit.md
        "a-propos": "2026-04-10",  # its table counts what the rules quote
        "": "2026-04-10",  # the home page: the whole site's last update
    }
    assert {url: last_update(built, url) for url in expected} == expected
    assert json_ld(built, "regles/une-regle")["dateModified"] == "2026-04-10"


def test_without_history_or_source_date_a_page_gives_no_date(tmp_path: Path) -> None:
    root = make_site(tmp_path, FILES)
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"}
    cmd = [*MKDOCS, "build", "--strict", "--site-dir", str(root / "site")]
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = Built(root, root / "site", proc.returncode, "")
    assert "Dernière mise à jour" not in built.page("mythes/facile")  # never the build clock
    assert "dateModified" not in json_ld(built, "mythes/facile")
    # no repository configured: the about page still says how to report an error
    assert "Écrivez à la rédaction de Lucide en donnant l'adresse de la page" in plain(built.page("a-propos"))


def digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_from_the_same_history_are_byte_identical(tmp_path: Path) -> None:
    first, second = (build(history_site(tmp_path / name)) for name in ("a", "b"))
    assert first.returncode == 0 and second.returncode == 0, first.log + second.log
    assert digest(first.site) == digest(second.site)


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        ("", {}),
        # newest first: a file's first date is its last change
        (
            "\x1e2026-04-10\0\0\x1e2026-03-03\0\nb.md\0a.md\0\0\x1e2026-01-01\0\na.md\0",
            {"a.md": "2026-03-03", "b.md": "2026-03-03"},
        ),
        # a merge commit lists no file; a path with spaces and accents is kept as is
        ("\x1e2026-05-01\0\0\x1e2026-04-01\0\nmythes/é t.md\0", {"mythes/é t.md": "2026-04-01"}),
    ],
)
def test_git_log_is_read_newest_first(log: str, expected: dict[str, str]) -> None:
    assert parse_log(log) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1700000000", "2023-11-14"), ("", ""), ("demain", ""), ("-5", ""), ("9" * 30, "")],
)
def test_source_date_epoch_gives_a_day_or_nothing(value: str, expected: str) -> None:
    assert epoch_date({"SOURCE_DATE_EPOCH": value}) == expected
