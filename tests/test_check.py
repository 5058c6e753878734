"""Contributor mistakes: each bad input gets a message naming the file, the line and the fix.

A table of (case, files to write over a small valid site, expected messages). ``check`` reads the
same model the build uses, so every message here is also what ``mkdocs build --strict`` prints.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, build, lucide, make_site, write_files
from lucide import helper
from lucide.export import knowledge_json
from lucide.load import Loaded, load, read_docs, read_file

ARTICLE = """---
title: Un article
author: Ada
publication_unknown: le texte ne nomme pas son site
url_unknown: l'adresse d'origine n'a pas été conservée
consulted: 2024-01-15
genre: article
quota: 100 # a two-line test article: any quote is most of it
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
        ["docs/articles/article.md:15: ancre « #premier » déjà utilisée ligne 12"],
    ),
    (
        "unknown annotation type",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second mythes="x" }')},
        ["docs/articles/article.md:15: annotation inconnue « mythes » — vouliez-vous dire « mythe » ?"],
    ),
    (
        "annotation names unknown entity",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second signal="promese" }')},
        ["docs/articles/article.md:15: signal d'alerte inconnu « promese » — vouliez-vous dire « promesse » ?"],
    ),
    (
        "annotation with the wrong type",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second signal="facile" }')},
        ["docs/articles/article.md:15: « facile » est un mythe, pas un signal d'alerte"],
    ),
    (
        "annotation defines entity without summary",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second signal="neuf" title="Neuf" }')},
        ["docs/articles/article.md:15: champ obligatoire « summary » absent"],
    ),
    (
        "alias claimed by two terms",
        {"glossaire/aimant.md": "---\nterm: aimant à prospects\ndefinition: D.\n---\n"},
        ["docs/glossaire/lead-magnet.md:3: « aimant à prospects » désigne déjà le terme docs/glossaire/aimant.md"],
    ),
    ("empty file", {"signaux/vide.md": ""}, ["docs/signaux/vide.md:1: le fichier est vide"]),
    (
        "yaml alias",
        {"signaux/promesse.md": SIGN.replace("summary: Notre résumé du signal.", "summary: &a x\nalias: *a")},
        ["docs/signaux/promesse.md:3: les ancres et alias YAML (& et *) ne sont pas acceptés — écrivez la valeur"],
    ),
    (
        "yaml tag",
        {"signaux/promesse.md": SIGN.replace("Notre résumé du signal.", "!!binary aGVsbG8=")},
        ["docs/signaux/promesse.md:3: les étiquettes YAML (« !!binary », « !!set »…) ne sont pas acceptées"],
    ),
    (
        "duplicate key",
        {"signaux/promesse.md": "---\ntitle: Une promesse\nsummary: Notre résumé du signal.\ntitle: Autre\n---\n"},
        ["docs/signaux/promesse.md:4: clé « title » en double — gardez une seule ligne par clé"],
    ),
    (
        "nested too deep",
        {"signaux/promesse.md": SIGN.replace("title: Une promesse", "title: " + "[" * 5000)},
        ["docs/signaux/promesse.md:2: en-tête trop imbriqué"],
    ),
    (
        "control character",
        {"signaux/promesse.md": SIGN.replace("Une promesse", "Une\x1b promesse")},
        ["docs/signaux/promesse.md:2: caractère de contrôle invisible U+001B — supprimez-le"],
    ),
    (
        "closing line indented",
        {"signaux/promesse.md": "---\ntitle: Une promesse\nsummary: Notre résumé du signal.\n  ---\n"},
        ["docs/signaux/promesse.md:4: la ligne --- qui ferme l'en-tête est décalée"],
    ),
    (
        "blank title",
        {"signaux/promesse.md": SIGN.replace("title: Une promesse", "title: '\u200b  '")},
        ["docs/signaux/promesse.md:2: champ obligatoire « title » vide"],
    ),
    (
        "look-alike letter",
        {"signaux/promesse.md": SIGN.replace("Une promesse", "Une prom\u0435sse")},
        ["docs/signaux/promesse.md:2: « Une promеsse » mêle les alphabets cyrillique et latin dans un même mot"],
    ),
    (
        "title equal but for an invisible character",
        {"signaux/autre.md": SIGN.replace("Une promesse", "Une prom\u200besse")},
        ["docs/signaux/promesse.md:1: titre « Une promesse » déjà pris par docs/signaux/autre.md"],
    ),
    (
        "two rules with one number",
        {
            "regles/a.md": "---\ntitle: Règle A\nsummary: R.\nnumber: 4\n---\n",
            "regles/b.md": "---\ntitle: Règle B\nsummary: R.\nnumber: 4\n---\n",
        },
        ["docs/regles/b.md:1: « number » vaut déjà 4 dans docs/regles/a.md — chaque règle a son propre « number »"],
    ),
    (
        "rule number as text",
        {"regles/a.md": "---\ntitle: Règle A\nsummary: R.\nnumber: '3'\n---\n"},
        ["docs/regles/a.md:4: « number » doit être un nombre entier, pas « 3 »"],
    ),
    (
        "entity named index",
        {"articles/article.md": ARTICLE.replace("{: #second }", '{: #second signal="index" title="T" summary="S" }')},
        ["docs/articles/article.md:15: identifiant réservé « index » — écrivez-le « signal-index »"],
    ),
    (
        "a paragraph of brackets",
        {"signaux/promesse.md": SIGN + "\nUne note.\n\n" + "[" * 50_000 + "\n"},
        [
            "docs/signaux/promesse.md:8: paragraphe de plus de 1000 crochets « [ » : le site mettrait des minutes à le lire"
        ],
    ),
    (
        "upper-case extension",
        {"signaux/cri.MD": SIGN},
        ["docs/signaux/cri.MD:1: extension de page non reconnue — renommez-le « cri.md »"],
    ),
    (
        "attribute in a front-matter text",
        {"signaux/promesse.md": SIGN.replace("Notre résumé du signal.", "'![x](data:,){: onerror=\"alert(1)\"}'")},
        ["docs/signaux/promesse.md:3: HTML retiré à la publication : attribut onerror de <img>"],
    ),
    (
        "javascript link in a reality",
        {"mythes/facile.md": MYTH.replace("Rien n'est facile.", "'[c](javascript:alert(1))'")},
        ["docs/mythes/facile.md:4: HTML retiré à la publication : adresse « javascript:alert(1) » dans <a>"],
    ),
    (
        "script in notes",
        {"signaux/promesse.md": SIGN + "\nUne note.\n\n<script>alert(1)</script>\n"},
        [
            "docs/signaux/promesse.md:8: HTML retiré à la publication : balise <script> — retirez ce HTML ou cet attribut"
        ],
    ),
    (
        "event handler in an article",
        {"articles/article.md": ARTICLE.replace("Second passage.", 'Second <img src=x onerror="alert(1)"> passage.')},
        ["docs/articles/article.md:14: HTML retiré à la publication : attribut onerror de <img>"],
    ),
    (
        "javascript link",
        {"signaux/promesse.md": SIGN + "\n[clic](javascript:alert(1))\n"},
        ["docs/signaux/promesse.md:6: HTML retiré à la publication : adresse « javascript:alert(1) » dans <a>"],
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
    assert kb.entities["facile"].summary == "Notre résumé." and kb.articles["article"].passages["second"].line == 14


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


def test_links_and_special_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("mot de passe", encoding="utf-8")
    site = make_site(tmp_path, {"docs/" + k: v for k, v in VALID.items()})
    docs = site / "docs"
    (docs / "signaux" / "lien.md").symlink_to(outside)
    (docs / "signaux" / "absent.md").symlink_to(tmp_path / "nulle-part.md")
    os.mkfifo(docs / "signaux" / "tube.md")  # reading it would wait forever
    (docs / "signaux" / "boucle.md").symlink_to(docs / "signaux" / "boucle.md")  # a link to itself
    (docs / "signaux" / "dossier.md").mkdir()
    lines = lucide("check", "--docs", "docs", cwd=site).stdout.splitlines()
    fix = "remplacez-le par un vrai fichier (copie), ou retirez-le de docs/"
    assert f"docs/signaux/lien.md:1: lien symbolique ignoré — {fix}" in lines
    assert f"docs/signaux/absent.md:1: lien symbolique ignoré — {fix}" in lines
    assert f"docs/signaux/tube.md:1: fichier spécial ignoré — {fix}" in lines
    assert f"docs/signaux/boucle.md:1: lien symbolique ignoré — {fix}" in lines
    assert "docs/signaux/dossier.md:1: dossier nommé comme une page" in "\n".join(lines)
    assert lines[-1] == "5 problèmes trouvés."
    built = build(site)  # strict, as mkdocs.yml asks: the warnings stop the build, nothing hangs
    assert built.returncode == 1 and "Aborted with 5 warnings in strict mode!" in built.log
    assert "WARNING -  lucide: docs/signaux/tube.md:1: fichier spécial ignoré" in built.log
    loose = subprocess.run(
        [*MKDOCS, "build", "--no-strict", "--site-dir", str(built.site)], cwd=site, env=ENV, capture_output=True
    )
    assert loose.returncode == 0, loose.stderr
    assert (built.site / "signaux" / "promesse" / "index.html").exists()
    assert not (built.site / "signaux" / "lien").exists() and not (built.site / "signaux" / "tube").exists()
    assert "mot de passe" not in "".join(p.read_text(errors="ignore") for p in built.site.rglob("*.html"))


def test_check_of_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = lucide("check", "--docs", "nulle-part", cwd=tmp_path)
    assert result.returncode == 1
    assert "nulle-part:0: dossier introuvable" in result.stdout


def test_content_errors_stop_a_plain_build_too(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"docs/" + k: v for k, v in {**VALID, "signaux/vide.md": ""}.items()})
    built = build(site, strict=False)
    assert built.returncode == 1
    assert "ERROR   -  lucide: docs/signaux/vide.md:1: le fichier est vide" in built.log
    assert "1 problème dans les contenus : le site n'est pas construit." in built.log
    assert "Traceback" not in built.log


def large_site(tmp_path: Path) -> Path:
    """A site with enough files for a second process to read half of them, some of them wrong."""
    files = {"docs/articles/article.md": ARTICLE, "docs/mythes/facile.md": MYTH}
    for i in range(helper.WORTH_IT):
        files[f"docs/glossaire/terme-{i:04}.md"] = f"---\nterm: terme {i}\ndefinition: Définition {i}.\n---\n"
    files["docs/glossaire/terme-0007.md"] = "---\nterm: [non fermé\n---\n"
    files["docs/glossaire/terme-0010.md"] = "---\nterm: terme dix\ndefinition: Dix.\n---\n\n<script>x</script>\n"
    return make_site(tmp_path, files)


def model(loaded: Loaded) -> tuple[object, ...]:
    used = {t: [] for t in loaded.kb.terms}
    return loaded.texts, [str(e) for e in loaded.errors], knowledge_json(loaded.kb, used, loaded.published)


def test_a_helper_process_reads_half_a_large_site_to_the_same_model(tmp_path: Path) -> None:
    docs = large_site(tmp_path) / "docs"
    alone = read_docs(docs)
    read_file.cache_clear()  # or this process would answer from its cache
    helped = read_docs(docs, helped=True)
    assert read_file.cache_info().currsize <= len(helped.texts) // 2 + 1  # the other half came from the helper
    assert model(helped) == model(alone)
    assert any("terme-0007.md:3: en-tête YAML invalide" in str(e) for e in helped.errors)  # read here
    assert any("terme-0010.md:6: HTML retiré" in str(e) for e in helped.errors)  # read by the helper


def test_a_failed_helper_leaves_the_files_to_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = large_site(tmp_path) / "docs"
    alone = read_docs(docs)
    read_file.cache_clear()
    monkeypatch.setattr(helper, "HOOKS_DIR", tmp_path / "nulle-part")  # the helper cannot import Lucide
    helped = read_docs(docs, helped=True)
    assert read_file.cache_info().currsize == len(helped.texts)  # every file was read here
    assert model(helped) == model(alone)
