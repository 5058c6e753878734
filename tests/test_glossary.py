"""Glossary matching as a table (text -> the terms found, as written), then on a built site."""

from __future__ import annotations

import json
import re

import pytest

from conftest import Built, build, lucide, make_site, write_files
from lucide.glossary import Matcher, explicit_refs, unused_terms
from lucide.load import load

TERMS = {
    "infopreneur": ["infopreneur"],
    "infopreneuriat": ["infopreneuriat"],
    "cpf": ["CPF", "Compte personnel de formation"],
    "lead-magnet": ["lead magnet"],
    "webinaire": ["webinaire", "webinar"],
    "tunnel-de-vente": ["tunnel de vente"],
    "offre-irresistible": ["offre irrésistible"],
    "gig-economy": ["gig economy"],
    "economie-de-la-passion": ["économie de la passion", "passion economy"],
    "economie": ["économie"],
    "loi-de-l-attraction": ["loi de l'attraction"],
    "success-story": ["success story"],
    "coaching": ["coaching", "coach"],
    "niche": ["niche"],
    "liste-e-mail": ["liste e-mail"],
    "reseaux-sociaux": ["réseaux sociaux", "réseau social"],
    "web-2-0": ["web 2.0"],
    "formateur": ["formateur"],
    "chiffre-d-affaires": ["chiffre d'affaires"],
    "economie-d-echelle": ["économie d'échelle"],
    "dropper": ["dropper", "droppé"],
    "monetiser": ["monétiser", "monétisé"],
    "garrocher": ["garrocher", "garroché"],
    "chaine-a-debarque": ["la chaîne a débarqué"],
}
MATCHER = Matcher([(term, form) for term, forms in TERMS.items() for form in forms])

# (text, [(matched text, term)])
CASES = [
    ("un infopreneur", [("infopreneur", "infopreneur")]),
    ("des infopreneurs", [("infopreneurs", "infopreneur")]),
    ("une infopreneuse", [("infopreneuse", "infopreneur")]),
    ("des infopreneuses", [("infopreneuses", "infopreneur")]),
    ("INFOPRENEUR", [("INFOPRENEUR", "infopreneur")]),
    ("l'infopreneur", [("infopreneur", "infopreneur")]),
    ("l’infopreneur", [("infopreneur", "infopreneur")]),
    ("d’infopreneurs", [("infopreneurs", "infopreneur")]),
    ("dʼinfopreneuses", [("infopreneuses", "infopreneur")]),  # U+02BC, a letter that folds to an apostrophe
    ("l'infopreneuriat", [("infopreneuriat", "infopreneuriat")]),
    ("infopreneuriats", [("infopreneuriats", "infopreneuriat")]),
    ("le CPF", [("CPF", "cpf")]),
    ("mon cpf", [("cpf", "cpf")]),
    ("cpfx", []),
    ("xcpf", []),
    ("CPF-2", [("CPF", "cpf")]),
    ("le compte personnel de formation", [("compte personnel de formation", "cpf")]),
    ("un lead magnet", [("lead magnet", "lead-magnet")]),
    ("des lead magnets", [("lead magnets", "lead-magnet")]),
    ("des leads magnets", [("leads magnets", "lead-magnet")]),
    ("un lead-magnet", [("lead-magnet", "lead-magnet")]),
    ("un lead", []),
    ("des webinaires", [("webinaires", "webinaire")]),
    ("un webinar", [("webinar", "webinaire")]),
    ("les tunnels de vente", [("tunnels de vente", "tunnel-de-vente")]),
    ("une offre irrésistible", [("offre irrésistible", "offre-irresistible")]),
    ("des offres irrésistibles", [("offres irrésistibles", "offre-irresistible")]),
    ("une offre irresistible", [("offre irresistible", "offre-irresistible")]),
    ("la gig economy", [("gig economy", "gig-economy")]),
    ("la Gig Economy", [("Gig Economy", "gig-economy")]),
    ("l'économie de la passion", [("économie de la passion", "economie-de-la-passion")]),
    ("l'economie de la passion", [("economie de la passion", "economie-de-la-passion")]),
    ("ECONOMIE DE LA PASSION", [("ECONOMIE DE LA PASSION", "economie-de-la-passion")]),
    ("la passion economy", [("passion economy", "economie-de-la-passion")]),
    ("l'économie réelle", [("économie", "economie")]),
    ("économie. De la passion", [("économie", "economie")]),
    ("la loi de l’attraction", [("loi de l’attraction", "loi-de-l-attraction")]),
    ("la loi de l'attraction", [("loi de l'attraction", "loi-de-l-attraction")]),
    ("la loi de lʼattraction", [("loi de lʼattraction", "loi-de-l-attraction")]),
    ("la loi de l ‘attraction", [("loi de l ‘attraction", "loi-de-l-attraction")]),  # "‘" joins like "'"
    ("un lead‘magnet", [("lead‘magnet", "lead-magnet")]),
    ("des success stories", [("success stories", "success-story")]),
    ("une success story", [("success story", "success-story")]),
    ("le coaching", [("coaching", "coaching")]),
    ("des coachs", [("coachs", "coaching")]),
    ("une niche", [("niche", "niche")]),
    ("les niches", [("niches", "niche")]),
    ("votre liste e-mail", [("liste e-mail", "liste-e-mail")]),
    ("vos listes e-mail", [("listes e-mail", "liste-e-mail")]),
    ("les réseaux sociaux", [("réseaux sociaux", "reseaux-sociaux")]),
    ("un réseau social", [("réseau social", "reseaux-sociaux")]),
    ("le web 2.0.", [("web 2.0", "web-2-0")]),
    ("une formatrice", [("formatrice", "formateur")]),
    ("des formatrices", [("formatrices", "formateur")]),
    ("le chiffre d’affaires", [("chiffre d’affaires", "chiffre-d-affaires")]),
    ("faire des économies d’échelle", [("économies d’échelle", "economie-d-echelle")]),
    ("une économie d'échelle", [("économie d'échelle", "economie-d-echelle")]),
    ("des ECONOMIES D'ECHELLE", [("ECONOMIES D'ECHELLE", "economie-d-echelle")]),
    ("les économies réelles", [("économies", "economie")]),
    ("des économies. D'échelle", [("économies", "economie")]),
    ("la gig économie", [("gig économie", "gig-economy")]),
    ("la qualité a droppé", [("droppé", "dropper")]),
    ("ils ont monétisé", [("monétisé", "monetiser")]),
    ("des savoirs monétisés", [("monétisés", "monetiser")]),
    ("monétiser son talent", [("monétiser", "monetiser")]),
    ("une expertise monétisée", [("monétisée", "monetiser")]),
    ("ils se sont “garrochés”", [("garrochés", "garrocher")]),
    ("elles se sont garrochées", [("garrochées", "garrocher")]),
    ("on dirait que la chaîne à débarquée", [("la chaîne à débarquée", "chaine-a-debarque")]),
    ("infopreneur et CPF", [("infopreneur", "infopreneur"), ("CPF", "cpf")]),
    ("nichons", []),
    ("informations", []),
    ("passionné", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_matcher(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[m.start : m.end], m.term) for m in MATCHER.find(text)] == expected


def test_lookup_and_suggestions() -> None:
    assert MATCHER.lookup("Lead Magnets") == "lead-magnet"
    assert MATCHER.lookup("lead magnt") is None
    assert MATCHER.suggest("lead magnt") == ["lead magnet"]


def test_explicit_references_outside_code() -> None:
    source = "Voir [[CPF]] et [[lead magnet|ces aimants]].\n\n`[[pas ici]]`\n\n```\n[[ni ici]]\n```\n[[fin]]"
    assert explicit_refs(source, first_line=10) == [
        (10, "CPF", "CPF"),
        (10, "lead magnet", "ces aimants"),
        (17, "fin", "fin"),
    ]


TERM_CPF = """---
term: CPF
aliases: [Compte personnel de formation]
related: [infopreneur]
definition: Compte personnel de formation, un <b>dispositif</b> public.
---
"""
TERM_INFO = """---
term: infopreneur
aliases: [infopreneuse]
definition: Personne qui vend de l'information en ligne.
---
"""
PAGE = """---
title: Une page
---

# Une page

Les infopreneuses et le CPF ; encore un infopreneur. Voir [[cpf|ce compte]].

## Le CPF dans un titre

`CPF` en code et [CPF](https://exemple.org){title="Un site"} en lien.
"""
FILES = {
    "docs/glossaire/cpf.md": TERM_CPF,
    "docs/glossaire/infopreneur.md": TERM_INFO,
    "docs/page.md": PAGE,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(make_site(tmp_path_factory.mktemp("gloss"), FILES))
    assert built.returncode == 0, built.log
    return built


def test_first_occurrence_linked_with_tooltip(site: Built) -> None:
    page = site.page("page")
    first = re.search(
        r'<span class="lucide-terme"><a aria-describedby="lucide-def-infopreneur" '
        r'href="../glossaire/infopreneur/">infopreneuses</a><span class="lucide-bulle" '
        r'data-pagefind-ignore="all" id="lucide-def-infopreneur" role="tooltip">'
        r"Personne qui vend de l’information en ligne.</span></span>",  # our definition, typeset
        page,
    )
    assert first
    assert page.count('href="../glossaire/infopreneur/"') == 1  # "encore un infopreneur" stays plain
    assert "encore un infopreneur." in page


def test_explicit_reference_always_links(site: Built) -> None:
    page = site.page("page")
    assert re.search(r'href="../glossaire/cpf/">ce compte</a>', page)
    assert 'id="lucide-def-cpf-2"' in page  # ids stay unique on the page


def test_never_in_headings_code_or_links(site: Built) -> None:
    page = site.page("page")
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", page, re.S).group(1)
    assert "lucide-terme" not in heading
    assert "<code>CPF</code>" in page and '<a href="https://exemple.org" title="Un site">CPF</a>' in page


def test_definition_html_is_escaped_in_tooltips_and_entries(site: Built) -> None:
    assert "<b>dispositif</b>" not in site.page("page")
    assert "&lt;b&gt;dispositif&lt;/b&gt;" in site.page("page")
    assert "&lt;b&gt;dispositif&lt;/b&gt;" in site.page("glossaire/cpf")


def test_entry_lists_pages_that_use_it_and_is_not_linked_to_itself(site: Built) -> None:
    entry = site.page("glossaire/cpf")
    assert re.search(r"<h1[^>]*>CPF</h1>", entry) and "<title>CPF - Lucide</title>" in entry
    used = re.search(r'<ul class="lucide-employe-dans"[^>]*>(.*?)</ul>', entry, re.S).group(1)
    assert '<a href="../../page/">Une page</a>' in used
    assert 'href="../cpf/"' not in entry and "lucide-def-cpf" not in entry
    assert 'href="../infopreneur/">infopreneur</a>' in entry  # related term


def test_glossary_index_has_letter_jumps(site: Built) -> None:
    index = site.page("glossaire")
    assert '<a href="#lettre-c">C</a>' in index and 'id="lettre-i"' in index
    assert '<a href="cpf/">CPF</a>' in index


def test_kb_json_terms(site: Built) -> None:
    terms = {t["id"]: t for t in json.loads((site.site / "kb.json").read_text(encoding="utf-8"))["terms"]}
    assert terms["cpf"]["used_in"] == ["page/"] and terms["cpf"]["url"] == "glossaire/cpf/"
    assert terms["cpf"]["aliases"] == ["Compte personnel de formation"]
    assert terms["infopreneur"]["used_in"] == ["page/"]  # a "see also" link is not a use


def test_unknown_explicit_term_fails_strict_build(tmp_path) -> None:
    files = {**FILES, "docs/page.md": PAGE.replace("[[cpf|ce compte]]", "[[infoprenneur]]")}
    built = build(make_site(tmp_path, files))
    assert built.returncode != 0
    assert (
        "docs/page.md:7: terme inconnu « infoprenneur » dans [[…]] — vouliez-vous dire « infopreneur » ?" in built.log
    )


UNUSED_FILES = {
    "docs/articles/article.md": """---
title: Un article
author: Ada
publication: Blog
url_unknown: perdue
consulted: 2024-01-15
genre: billet
quota: 100
---

## Le CPF en titre {: #titre }

Un infopreneur parle de `niche` en code.
{: #premier }
""",
    "docs/glossaire/cpf.md": "---\nterm: CPF\ndefinition: Un compte ; voir aussi le CPF lui-même.\n---\n",
    "docs/glossaire/infopreneur.md": "---\nterm: infopreneur\ndefinition: Personne qui vend en ligne.\n---\n",
    "docs/glossaire/niche.md": "---\nterm: niche\ndefinition: Un segment étroit.\n---\n",
    "docs/glossaire/coaching.md": "---\nterm: coaching\ndefinition: Un accompagnement, souvent par un infopreneur.\n---\n",
    "docs/glossaire/web-2-0.md": "---\nterm: web 2.0\ndefinition: Le web participatif.\n---\n",
    "docs/glossaire/podcast.md": "---\nterm: podcast\ndefinition: Une émission audio.\n---\n",
    "docs/guide.md": "# Guide\n\nÉcoutez un [[podcast]].\n",
}


def test_unused_terms_are_those_no_text_would_link(tmp_path) -> None:
    root = tmp_path
    write_files(root, UNUSED_FILES)
    kb, errors = load(root / "docs")
    assert errors == []
    guide = (root / "docs" / "guide.md").read_text(encoding="utf-8")
    # CPF: only a heading and its own entry; niche: only code; coaching and web 2.0: nowhere else
    assert unused_terms(kb, [guide]) == ["coaching", "cpf", "niche", "web-2-0"]
    assert "podcast" in unused_terms(kb)  # named only by the guide's [[podcast]]


def test_check_warns_about_unused_terms_without_failing(tmp_path) -> None:
    root = tmp_path
    write_files(root, UNUSED_FILES)
    result = lucide("check", "--docs", "docs", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("Tout est en ordre")
    assert (
        "docs/glossaire/niche.md:1: attention : le terme « niche » n'est employé par aucune page — "
        "employez-le dans un texte, ou retirez docs/glossaire/niche.md"
    ) in result.stderr.splitlines()
    assert "infopreneur" not in result.stderr and "podcast" not in result.stderr


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_matcher_rebuilt_from_its_forms_finds_the_same(text: str, expected: list[tuple[str, str]]) -> None:
    # the live preview rebuilds a matcher from the forms a glossary edit added, to find the pages they now match
    again = Matcher.of_forms(MATCHER.forms())
    assert [(text[m.start : m.end], m.term) for m in again.find(text)] == expected


def test_a_matcher_of_added_forms_finds_only_those() -> None:
    before = Matcher([("cpf", "CPF"), ("niche", "niche")])
    after = Matcher([("cpf", "CPF"), ("niche", "niche"), ("niche", "créneau")])
    added = Matcher.of_forms(after.forms() - before.forms())
    assert [m.term for m in added.find("un créneau, une niche et le CPF")] == ["niche"]
