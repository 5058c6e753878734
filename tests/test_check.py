"""Contributor mistakes: each bad input gets a message naming the file, the line and the fix.

A table of (case, files to write over a small valid site, expected messages). ``check`` reads the
same model the build uses, so every message here is also what ``mkdocs build --strict`` prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build, lucide, make_site, write_files
from lucide.load import load

ARTICLE = """---
title: Un article
author: Ada
publication_unknown: le texte ne nomme pas son site
url_unknown: l'adresse d'origine n'a pas été conservée
consulted: 2024-01-15
genre: article
---

Premier passage.
{: #premier }

Second passage.
{: #second }
"""
MYTH = """---
title: Tout est facile
summary: Notre résumé.
reality: Rien n'est facile.
sources: [article#premier]
related: [promesse]
---
"""
SIGN = """---
title: Une promesse
summary: Notre résumé du signal.
---
"""
TERM = """---
term: lead magnet
aliases: [aimant à prospects]
definition: Un contenu gratuit contre une adresse.
---
"""
VALID = {
    "articles/article.md": ARTICLE,
    "mythes/facile.md": MYTH,
    "signaux/promesse.md": SIGN,
    "glossaire/lead-magnet.md": TERM,
}

CASES: list[tuple[str, dict[str, str | bytes], list[str]]] = [
    (
        "malformed yaml",
        {"mythes/facile.md": MYTH.replace("summary: Notre résumé.", "summary: [Notre résumé")},
        ["docs/mythes/facile.md:4: en-tête YAML invalide"],
    ),
    (
        "colon in unquoted text",
        {"signaux/promesse.md": SIGN.replace("title: Une promesse", "title: a: b: c")},
        ["docs/signaux/promesse.md:2: en-tête YAML invalide", "mettez entre guillemets"],
    ),
    (
        "unclosed front matter",
        {"signaux/promesse.md": SIGN.rstrip().removesuffix("---")},
        ["docs/signaux/promesse.md:1: l'en-tête (front matter) n'est jamais fermé — ajoutez une ligne ---"],
    ),
    (
        "front matter not a mapping",
        {"signaux/promesse.md": "---\n- a\n- b\n---\n"},
        ["docs/signaux/promesse.md:2: l'en-tête doit être une liste de clés"],
    ),
    (
        "unknown key with typo",
        {"signaux/promesse.md": SIGN.replace("summary:", "sumary:")},
        [
            "docs/signaux/promesse.md:3: clé inconnue « sumary » — vouliez-vous dire « summary » ?",
            "docs/signaux/promesse.md:1: champ obligatoire « summary » absent",
        ],
    ),
    (
        "unknown key",
        {"signaux/promesse.md": SIGN.replace("---\n", "---\ncouleur: rouge\n", 1)},
        ["docs/signaux/promesse.md:2: clé inconnue « couleur » — clés possibles pour un signal d'alerte : title,"],
    ),
    (
        "missing field",
        {"mythes/facile.md": MYTH.replace("reality: Rien n'est facile.\n", "")},
        ["docs/mythes/facile.md:1: champ obligatoire « reality » absent — ajoutez une ligne « reality: … »"],
    ),
    (
        "empty field",
        {"mythes/facile.md": MYTH.replace("reality: Rien n'est facile.", "reality:")},
        ["docs/mythes/facile.md:4: champ obligatoire « reality » vide"],
    ),
    (
        "mistyped number",
        {"regles/une.md": "---\ntitle: Une\nsummary: R.\nnumber: trois\n---\n"},
        ["docs/regles/une.md:4: « number » doit être un nombre entier, pas « trois »"],
    ),
    (
        "number out of range",
        {"regles/une.md": "---\ntitle: Une\nsummary: R.\nnumber: 0\n---\n"},
        ["docs/regles/une.md:4: « number » doit être compris entre 1 et 99, pas 0"],
    ),
    (
        "list given as text",
        {"mythes/facile.md": MYTH.replace("related: [promesse]", "related: promesse")},
        ["docs/mythes/facile.md:6: « related » doit être une liste de textes"],
    ),
    (
        "text given as list",
        {"signaux/promesse.md": SIGN.replace("title: Une promesse", "title: [a, b]")},
        ["docs/signaux/promesse.md:2: « title » doit être un texte"],
    ),
    (
        "bad date",
        {"articles/article.md": ARTICLE.replace("author: Ada", "author: Ada\ndate: 15/10/2020")},
        ["docs/articles/article.md:4: « date » a une forme inattendue : « 15/10/2020 »"],
    ),
    (
        "duplicate id across types",
        {"signaux/facile.md": SIGN.replace("Une promesse", "Autre")},
        [
            "docs/signaux/facile.md:1: identifiant en double « facile » — « facile » est déjà défini dans docs/mythes/facile.md:1"
        ],
    ),
    (
        "titles equal but for accents and case",
        {"signaux/autre.md": SIGN.replace("Une promesse", "UNE PROMÉSSE")},
        ["docs/signaux/promesse.md:1: titre « Une promesse » déjà pris par docs/signaux/autre.md"],
    ),
    (
        "unknown related entity",
        {"mythes/facile.md": MYTH.replace("[promesse]", "[promese]")},
        ["docs/mythes/facile.md:6: fiche liée inconnue « promese » — vouliez-vous dire « promesse » ?"],
    ),
    (
        "unknown related term",
        {"glossaire/lead-magnet.md": TERM.replace("aliases:", "related: [liste-mail]\naliases:")},
        ["docs/glossaire/lead-magnet.md:3: terme lié inconnu « liste-mail »"],
    ),
    (
        "unknown term in [[ ]]",
        {"signaux/promesse.md": SIGN + "\nUn [[lead magnt]] ici.\n"},
        ["docs/signaux/promesse.md:6: terme inconnu « lead magnt » dans [[…]] — vouliez-vous dire « lead magnet » ?"],
    ),
    (
        "source without anchor",
        {"mythes/facile.md": MYTH.replace("article#premier", "article")},
        [
            "docs/mythes/facile.md:5: source « article » mal formée — écrivez la source sous la forme nom-de-l-article#ancre"
        ],
    ),
    (
        "unknown article",
        {"mythes/facile.md": MYTH.replace("article#premier", "artcle#premier")},
        ["docs/mythes/facile.md:5: article inconnu « artcle » — vouliez-vous dire « article » ?"],
    ),
    (
        "unknown anchor",
        {"mythes/facile.md": MYTH.replace("article#premier", "article#premer")},
        ["docs/mythes/facile.md:5: passage « #premer » introuvable dans « article » — vouliez-vous dire « premier » ?"],
    ),
    (
        "duplicate anchor",
        {"articles/article.md": ARTICLE.replace("{: #second }", "{: #premier }")},
        ["docs/articles/article.md:14: ancre « #premier » déjà utilisée ligne 11"],
    ),
    (
        "unknown annotation type",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second mythes="x" }')},
        ["docs/articles/article.md:14: annotation inconnue « mythes » — vouliez-vous dire « mythe » ?"],
    ),
    (
        "annotation names unknown entity",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second signal="promese" }')},
        ["docs/articles/article.md:14: signal d'alerte inconnu « promese » — vouliez-vous dire « promesse » ?"],
    ),
    (
        "annotation with the wrong type",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second signal="facile" }')},
        ["docs/articles/article.md:14: « facile » est un mythe, pas un signal d'alerte"],
    ),
    (
        "annotation defines entity without summary",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second signal="neuf" title="Neuf" }')},
        ["docs/articles/article.md:14: champ obligatoire « summary » absent"],
    ),
    (
        "alias claimed by two terms",
        {"glossaire/aimant.md": "---\nterm: aimant à prospects\ndefinition: D.\n---\n"},
        ["docs/glossaire/lead-magnet.md:3: « aimant à prospects » désigne déjà le terme docs/glossaire/aimant.md"],
    ),
    ("empty file", {"signaux/vide.md": ""}, ["docs/signaux/vide.md:1: le fichier est vide"]),
    (
        "script in notes",
        {"signaux/promesse.md": SIGN + "\nUne note.\n\n<script>alert(1)</script>\n"},
        ["docs/signaux/promesse.md:8: HTML actif interdit « <script » — retirez-le, ou montrez-le comme du code"],
    ),
    (
        "event handler in an article",
        {"articles/article.md": ARTICLE.replace("Second passage.", 'Second <img src=x onerror="alert(1)"> passage.')},
        ["docs/articles/article.md:13: HTML actif interdit « onerror= »"],
    ),
    (
        "javascript link",
        {"signaux/promesse.md": SIGN + "\n[clic](javascript:alert(1))\n"},
        ["docs/signaux/promesse.md:6: HTML actif interdit « javascript: »"],
    ),
    (
        "article without title",
        {"articles/article.md": ARTICLE.replace("title: Un article\n", "")},
        ["docs/articles/article.md:1: champ obligatoire « title » absent"],
    ),
    (
        "not utf-8",
        {"signaux/latin.md": SIGN.replace("Une promesse", "Un été").encode("latin-1")},
        ["docs/signaux/latin.md:2: le fichier n'est pas en UTF-8 — enregistrez le fichier en UTF-8"],
    ),
    (
        "file name with spaces",
        {"signaux/Mon Signal.md": SIGN.replace("Une promesse", "Autre")},
        ["docs/signaux/Mon Signal.md:1: nom de fichier invalide « Mon Signal.md » — renommez-le « mon-signal.md »"],
    ),
    (
        "file name with capitals and accents",
        {"mythes/Été.md": SIGN},
        ["docs/mythes/Été.md:1: nom de fichier invalide « Été.md » — renommez-le « ete.md »"],
    ),
]


def check(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    docs = tmp_path / "docs"
    write_files(docs, {**VALID, **files})
    result = lucide("check", "--docs", "docs", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert (result.returncode == 0) == (lines[-1].startswith("Tout est en ordre")), result.stdout
    return lines


def test_valid_site_passes(tmp_path: Path) -> None:
    lines = check(tmp_path, {})
    assert lines == [
        "Tout est en ordre : 1 articles, 1 mythes, 0 règles de l'économie de la passion, 1 signaux d'alerte, 1 termes."
    ]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_file_line_and_fix(tmp_path: Path, files: dict, expected: list[str]) -> None:
    lines = check(tmp_path, files)
    assert re.fullmatch(r"\d+ problèmes? trouvés?\.", lines[-1]), lines
    for message in expected:
        assert any(message in line for line in lines), f"{message!r} not in {lines}"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    lines = check(tmp_path, {**dict(CASES[4][1]), **dict(CASES[15][1]), "signaux/vide.md": ""})
    assert lines[-1] == "4 problèmes trouvés."  # the typo also leaves « summary » missing
    assert all(re.match(r"docs/\S+\.md:\d+: .+ — .+", line) for line in lines[:-1])


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: ("\ufeff" + text).encode(), id="utf-8 with BOM"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="CRLF line endings"),
    ],
)
def test_bom_and_crlf_are_accepted_unchanged(tmp_path: Path, variant) -> None:
    files = {rel: variant(text) for rel, text in VALID.items()}
    assert check(tmp_path, files)[-1].startswith("Tout est en ordre")
    kb, errors = load(tmp_path / "docs")
    assert errors == []
    assert kb.entities["facile"].summary == "Notre résumé." and kb.articles["article"].passages["second"].line == 13


def test_html_shown_as_code_is_allowed(tmp_path: Path) -> None:
    lines = check(tmp_path, {"signaux/promesse.md": SIGN + "\nLe code `<script>` est montré.\n\n```\n<iframe>\n```\n"})
    assert lines[-1].startswith("Tout est en ordre")


def test_a_5_mb_article_is_read_whole(tmp_path: Path) -> None:
    paragraphs = [
        f"Paragraphe {n} d'un très long article sur l'infopreneuriat et ses promesses.\n{{: #p{n} }}\n"
        for n in range(60000)
    ]
    article = ARTICLE + "\n" + "\n".join(paragraphs)
    assert len(article.encode()) > 5_000_000
    lines = check(
        tmp_path,
        {"articles/article.md": article, "mythes/facile.md": MYTH.replace("article#premier", "article#p59999")},
    )
    assert lines[-1].startswith("Tout est en ordre")
    kb, _ = load(tmp_path / "docs")
    assert len(kb.articles["article"].passages) == 60002


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_in_titles_summaries_and_definitions_is_shown_as_text(tmp_path: Path) -> None:
    files = {
        "docs/articles/article.md": ARTICLE,
        "docs/mythes/facile.md": MYTH.replace("title: Tout est facile", f"title: '{HOSTILE}'").replace(
            "summary: Notre résumé.", f"summary: '{HOSTILE}'"
        ),
        "docs/signaux/promesse.md": SIGN + "\nUn lead magnet ici.\n",
        "docs/glossaire/lead-magnet.md": TERM.replace("Un contenu gratuit contre une adresse.", f"'{HOSTILE}'"),
    }
    built = build(make_site(tmp_path, files))
    assert built.returncode == 0, built.log
    pages = [
        built.page(p)
        for p in (
            "mythes/facile",
            "mythes",
            "signaux/promesse",
            "glossaire/lead-magnet",
            "glossaire",
            "articles/article",
        )
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in pages[0] and "&lt;script&gt;alert" in pages[2]  # title and tooltip
    raw = (built.site / "kb.json").read_text(encoding="utf-8")
    assert "<script>" not in raw
    assert json.loads(raw)["entities"][0]["title"] == HOSTILE  # the data itself is intact
    index = b"".join(p.read_bytes() for p in (built.site / "pagefind").rglob("*") if p.is_file())
    assert b"<script>alert" not in index
