"""The importer, as tables of raw input -> what the Markdown must and must not contain."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, build, lucide, make_site
from lucide.frontmatter import split
from lucide.importer import import_text
from lucide.parse import passages

BODY = "Un premier paragraphe assez long pour être un vrai paragraphe de l’article.\n\n"

# (case, raw text, fragments the Markdown must contain, fragments it must not contain)
CASES = [
    (
        "comment thread",
        BODY + "Fin.\n\nDiscussion\n\n  1. Prudence B.\n    • Dushan\nLeave a Reply",
        ["Fin."],
        ["Prudence", "Discussion", "Leave a Reply"],
    ),
    ("leave a reply", BODY + "Fin.\n\nLeave a Reply\nNom\nEmail", ["Fin."], ["Leave a Reply", "Email"]),
    ("share prompt", BODY + "Fin.\n\nPartagez cet article avec vos contacts sur Facebook.", ["Fin."], ["Partagez"]),
    (
        "share intro with colon",
        BODY + "Fin.\n\nP.S : je vous serais reconnaissant si vous vouliez bien :\n\n1. Partagez cet article.",
        ["Fin."],
        ["P.S", "Partagez"],
    ),
    (
        "newsletter",
        BODY + "Fin.\n\nRejoignez la communauté\n\nRecevez par email des conseils",
        ["Fin."],
        ["Rejoignez", "Recevez"],
    ),
    ("ad", BODY + "À Lire  Formation initiale à l'arbitrage – DISTRICT\n\nSuite.", ["Suite."], ["À Lire", "arbitrage"]),
    (
        "json",
        BODY + '{"email":"Email address invalid","url":"Website address invalid"}\n\nSuite.',
        ["Suite."],
        ["Email address"],
    ),
    ("script", BODY + "<script>alert('x')</script>\n\nSuite.", ["Suite."], ["alert", "<script"]),
    ("reading time", "Titre court\nTemps de lecture: 2 minutes\n" + BODY, ["title: Titre court"], ["Temps de lecture"]),
    ("click here", BODY + "EDIT : LA VIDÉO EST DISPONIBLE ! CLIQUEZ ICI\n\nSuite.", ["Suite."], ["CLIQUEZ"]),
    ("lone punctuation", BODY + ">\n\nSuite.", ["Suite."], ["\n>\n"]),
    (
        "numbered heading",
        BODY + "1/ Un marché saturé\n\nTexte du point.",
        ["## 1/ Un marché saturé {: #un-marche-sature }"],
        [],
    ),
    (
        "markdown heading shifted",
        BODY + "# Le mythe : tout est facile\n\nLa vérité : non.",
        ["## Le mythe : tout est facile"],
        [],
    ),
    ("short line heading", BODY + "Conclusion\n\nLe texte final.", ["## Conclusion {: #conclusion }"], []),
    (
        "question heading in blank mode",
        BODY + "Qu’est-ce que la passion economy ?\n\nUne économie.",
        ["## Qu’est-ce que la passion economy ?"],
        [],
    ),
    (
        "numbered sub-heading",
        BODY + "Les 8 règles\n\n1. Poursuivre l’intimité\n\nTexte.\n\n2. Créer\n\nTexte deux.",
        ["### 1. Poursuivre l’intimité", "### 2. Créer"],
        [],
    ),
    (
        "ordered list",
        BODY + "1. Un sentiment de trahison, qui provoque une perte de motivation.\n\n"
        "2. L’impression de faire les choses au hasard, une confusion générale.",
        ["1. Un sentiment de trahison", "    {: #un-sentiment-de-trahison-qui-provoque }", "2. L’impression"],
        [],
    ),
    (
        "bullet list",
        BODY + "• premier point de la liste.\n• second point de la liste.",
        ["- premier point de la liste.\n    {: #premier-point-de-la-liste }\n- second"],
        [],
    ),
    ("paragraph anchor", BODY, ["{: #un-premier-paragraphe-assez-long-pour }"], []),
    (
        "markdown characters kept literal",
        BODY + "Un *gourou* [promet] `tout` {x}.",
        [r"Un \*gourou\* \[promet\] \`tout\` \{x\}."],
        [],
    ),
    ("html kept as text", BODY + "Le code <b>gras</b> & autre.", ["Le code &lt;b&gt;gras&lt;/b&gt; & autre."], ["<b>"]),
    (
        "year at line start is not a list",
        BODY + "2020. Une année difficile pour tous les indépendants.",
        [r"2020\. Une année"],
        [],
    ),
    (
        "byline and date",
        "Petite annonce\nLe vrai titre\nPar Richard\n15/10/2020\n" + BODY,
        ["title: Le vrai titre", "author: Richard", "date: '2020-10-15'"],
        ["Petite annonce", "Par Richard"],
    ),
    ("french date", "Le titre\nPublié le 3 mars 2023\n" + BODY, ["date: '2023-03-03'"], ["Publié le"]),
    (
        "signature with role",
        BODY + "Deuxième paragraphe assez long aussi.\n\nMarco Bérubé\nPrésident",
        ["author: Marco Bérubé"],
        ["\nPrésident"],
    ),
    (
        "wrapped line joined",
        "Titre\n\nUne phrase coupée au milieu par un\nretour à la ligne du copier-coller.\n\nFin.",
        ["Une phrase coupée au milieu par un retour à la ligne du copier-coller."],
        [],
    ),
    (
        "related posts",
        BODY + "Fin.\n\nArticles similaires\nUn autre article",
        ["Fin."],
        ["similaires", "autre article"],
    ),
    ("cookie banner", BODY + "Nous utilisons des cookies pour mesurer l'audience.\n\nSuite.", ["Suite."], ["cookies"]),
    ("photo credit", BODY + "Crédit photo : Unsplash\n\nSuite.", ["Suite."], ["Unsplash"]),
    (
        "table of contents",
        "Titre\n\nSommaire\n- Partie un\n- Partie deux\n\n" + BODY + "Partie un\n\nTexte un.\n\n"
        "Partie deux\n\nTexte deux.",
        ["## Partie un {: #partie-un }", "## Partie deux"],
        ["Sommaire", "- Partie"],
    ),
    (
        "emoji bullets",
        BODY + "✅ premier point de la liste.\n👉 second point de la liste.",
        ["- premier point de la liste.", "- second point de la liste."],
        ["✅", "👉"],
    ),
    (
        "negative number is not a bullet",
        BODY + "-30 % sur la formation ce soir seulement.",
        ["-30 % sur la formation"],
        [],
    ),
    (
        "author field line",
        "Le titre\nAuteur : Jeanne Dupont\n" + BODY,
        ["author: Jeanne Dupont", "title: Le titre"],
        ["Auteur :"],
    ),
    (
        "no title found",
        "Une première phrase longue qui ouvre l’article. Puis la suite du paragraphe.\n",
        ["title: Une première phrase longue qui ouvre l’article."],
        [],
    ),
]


@pytest.mark.parametrize(("raw", "present", "absent"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_import_table(raw: str, present: list[str], absent: list[str]) -> None:
    markdown = import_text(raw, "source.txt").markdown
    for fragment in present:
        assert fragment in markdown
    for fragment in absent:
        assert fragment not in markdown


def test_every_removal_is_reported() -> None:
    result = import_text(BODY + "À Lire  Une pub\n\nFin.\n\nLeave a Reply", "x.txt")
    assert [(reason, text) for _, reason, text in result.removed] == [
        ("publicité « À lire »", "À Lire  Une pub"),
        ("fil de commentaires", "Leave a Reply"),
    ]


def _anchors(raw: str) -> dict[str, str]:
    body = import_text(raw, "x.txt").markdown.split("---\n", 2)[2]
    found, errors = passages(body, "x.md")
    assert not errors
    return {p.text: p.anchor for p in found}


def test_anchors_stable_when_a_paragraph_is_added_elsewhere() -> None:
    paragraphs = [f"Paragraphe numéro {n} qui parle de sujet {n * 7}." for n in range(1, 6)]
    before = _anchors("Titre\n\n" + "\n\n".join(paragraphs))
    paragraphs.insert(2, "Un paragraphe ajouté plus tard au milieu.")
    paragraphs.insert(0, "Paragraphe numéro 0 ajouté en tête du texte.")
    after = _anchors("Titre\n\n" + "\n\n".join(paragraphs))
    assert before.items() <= after.items()


def test_duplicate_first_words_get_distinct_anchors() -> None:
    body = import_text("Titre\n\nMême début ici.\n\nMême début ici.", "x.txt").markdown
    assert "{: #meme-debut-ici }" in body and "{: #meme-debut-ici-2 }" in body


SOURCES = ROOT.parent / "shared" / "sources"


@pytest.mark.parametrize(
    ("name", "title", "author", "date"),
    [
        (
            "001_d726450a4b9d0080.txt",
            "L’entrepreneuriat fast food, ou pourquoi je ne travaille plus avec les apprentis “infopreneurs”",
            "Dushan Jancik",
            "",
        ),
        ("002_7386fc681b5a57c6.txt", "On efface et on recommence?", "Marco Bérubé", ""),
        ("004_4963e8f3688633be.txt", "Comment fonctionne la Passion Economy ?", "Richard", "2020-10-15"),
    ],
)
def test_source_articles_header(name: str, title: str, author: str, date: str) -> None:
    path = SOURCES / name
    if not path.exists():
        pytest.skip("shared sources not beside this checkout")
    result = import_text(path.read_text(encoding="utf-8"), name)
    assert (result.title, result.author, result.date) == (title, author, date)


def test_cli_imports_prints_path_last_and_never_overwrites(tmp_path) -> None:
    docs = tmp_path / "docs"
    source = ROOT / "tests" / "data" / "nouvel-article.txt"
    first = lucide("import", str(source), "--docs", str(docs))
    assert first.returncode == 0, first.stderr
    created = docs / "articles" / "formations-en-ligne-7-signes-qu-il-faut.md"
    assert first.stdout.strip().splitlines()[-1] == str(created)
    assert "retiré ligne 7 (publicité « À lire »)" in first.stdout
    created.write_text("modifié à la main", encoding="utf-8")
    again = lucide("import", str(source), "--docs", str(docs))
    assert again.returncode == 1
    assert "existe déjà" in again.stderr and "--force" in again.stderr
    assert created.read_text(encoding="utf-8") == "modifié à la main"
    forced = lucide("import", str(source), "--docs", str(docs), "--force")
    assert forced.returncode == 0 and "Camille Martin" in created.read_text(encoding="utf-8")


def test_cli_rejects_non_utf8_with_line_and_fix(tmp_path) -> None:
    source = tmp_path / "latin.txt"
    source.write_bytes("Titre\n\nUn texte accentué : été.".encode("latin-1"))
    result = lucide("import", str(source), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1
    assert f"{source}:3: le fichier n'est pas en utf-8" in result.stderr
    assert "--encoding latin-1" in result.stderr
    assert not (tmp_path / "docs").exists()
    ok = lucide("import", str(source), "--encoding", "latin-1", "--docs", str(tmp_path / "docs"))
    assert ok.returncode == 0 and "été" in (tmp_path / "docs" / "articles" / "titre.md").read_text(encoding="utf-8")


def test_a_new_blog_post_imports_and_builds_without_edits(tmp_path) -> None:
    site = make_site(tmp_path, {})
    result = lucide("import", str(ROOT / "tests" / "data" / "nouvel-article.txt"), "--docs", str(site / "docs"))
    assert result.returncode == 0, result.stderr
    built = build(site)
    assert built.returncode == 0, built.log
    html = built.page("articles/formations-en-ligne-7-signes-qu-il-faut")
    assert '<h1 id="lucide-titre">Formations en ligne : 7 signes qu’il faut fuir</h1>' in html  # as the author wrote it
    assert "Texte de <strong>Camille Martin</strong>, publié le 3 mars 2023" in html
    assert '<h2 id="des-revenus-garantis">1. Des revenus garantis' in html
    assert '<li id="mefiez-vous-des-promesses-chiffrees-surtout">' in html
    assert "Le *vrai* travail" in html  # the author's asterisks stay text
    for gone in ("Julie", "schema.org", "Partagez", "Comment choisir sa formation"):
        assert gone not in html


ANNOTATION = re.compile(r' (?:mythe|regle|signal|title|summary|reality|number)="[^"]*"')


@pytest.mark.parametrize("article", sorted((ROOT / "docs" / "articles").glob("*.md")), ids=lambda p: p.stem)
def test_committed_articles_are_what_the_importer_makes_of_their_source(article: Path) -> None:
    """Golden files: re-importing each source gives the committed text, but for our annotations."""
    doc, _ = split(article.read_text(encoding="utf-8"), str(article))
    source = SOURCES / doc.meta["source"]
    if not source.exists():
        pytest.skip("shared sources not beside this checkout")
    imported = import_text(
        source.read_text(encoding="utf-8"), source.name, doc.meta["title"], doc.meta.get("author", "")
    )
    assert imported.markdown.split("\n---\n", 1)[1] == ANNOTATION.sub("", doc.body)
