"""The importer, as tables of raw input -> what the Markdown must and must not contain."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build, lucide, make_site, write_files
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


# The raw sources sit beside the checkout (../shared), or beside the folder of worktrees (../../shared).
SOURCES = next(
    (p / "shared" / "sources" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "sources").is_dir()),
    ROOT.parent / "shared" / "sources",
)


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
    assert "<strong>Texte</strong> de <strong>Camille Martin</strong>" in html and "le 3 mars 2023" in html
    assert "Aucune fiche ne cite encore ce texte" in html  # nothing of it is public until an entity quotes it
    assert "Des revenus garantis" not in html
    # once a myth quotes two passages, exactly those are published, as the author wrote them
    myth = "---\ntitle: M\nsummary: S.\nreality: R.\nsources:\n- {a}#des-revenus-garantis\n- {a}#{p}\n---\n"
    slug = "formations-en-ligne-7-signes-qu-il-faut"
    write_files(site, {"docs/mythes/m.md": myth.format(a=slug, p="mefiez-vous-des-promesses-chiffrees-surtout")})
    built = build(site)
    assert built.returncode == 0, built.log
    html = built.page(f"articles/{slug}")
    assert '<h3 id="des-revenus-garantis">1. Des revenus garantis' in html
    assert 'id="mefiez-vous-des-promesses-chiffrees-surtout"' in html
    content = html[html.index("<article") : html.index("</article>")]
    for gone in ("Julie", "schema.org", "Partagez", "Comment choisir sa formation"):
        assert gone not in content


ANNOTATION = re.compile(r' (?:mythe|regle|signal|title|summary|reality|number)="[^"]*"')


# What an editor decides and the text cannot tell: given to the importer as options.
EDITORIAL = ("url", "url_unknown", "consulted", "genre", "rights", "rights_name", "rights_url")
EDITORIAL += ("based_on", "based_on_url", "promotes")


@pytest.mark.parametrize("article", sorted((ROOT / "docs" / "articles").glob("*.md")), ids=lambda p: p.stem)
def test_committed_articles_are_what_the_importer_makes_of_their_source(article: Path) -> None:
    """Golden files: re-importing each source gives the committed article, but for our annotations, our
    summary and the editorial choices given as options (genre, consulted, url…)."""
    doc, _ = split(article.read_text(encoding="utf-8"), str(article))
    source = SOURCES / doc.meta["imported_from"]
    if not source.exists():
        pytest.skip("shared sources not beside this checkout")
    record = {k: v for k, v in doc.meta.items() if k in EDITORIAL}
    imported = import_text(
        source.read_text(encoding="utf-8"), source.name, doc.meta["title"], doc.meta.get("author", ""), record
    )
    front, body = imported.markdown.split("\n---\n", 1)
    assert yaml.safe_load(front.removeprefix("---\n")) == {k: v for k, v in doc.meta.items() if k != "summary"}
    assert body == ANNOTATION.sub("", doc.body)


def test_seed_articles_record_unknowns_and_never_invent_an_address() -> None:
    for article in sorted((ROOT / "docs" / "articles").glob("*.md")):
        doc, _ = split(article.read_text(encoding="utf-8"), str(article))
        assert "url" not in doc.meta and doc.meta["url_unknown"], article.name
        assert doc.meta["genre"] and doc.meta["consulted"] and doc.meta["removed"], article.name


# -- a safe importer ------------------------------------------------------------------------------


def _raw(tmp_path: Path, text: str = "Un titre\n\n" + BODY) -> Path:
    source = tmp_path / "brut.txt"
    source.write_text(text, encoding="utf-8")
    return source


@pytest.mark.parametrize("slug", ["../../../x", "a/b", "/tmp/x", "Mon-Article", "été", ".cache", "a b", "x" * 101])
def test_a_slug_is_a_slug_never_a_path(tmp_path: Path, slug: str) -> None:
    docs = tmp_path / "site" / "docs"
    result = lucide("import", str(_raw(tmp_path)), "--docs", str(docs), "--slug", slug)
    assert result.returncode == 1
    assert f"--slug « {slug} » n'est pas un nom d'article" in result.stderr and "jamais un chemin" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["brut.txt"]


def test_a_title_without_letters_is_a_clear_error(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    result = lucide("import", str(_raw(tmp_path, "?!…\n\n" + BODY)), "--docs", str(docs))
    assert result.returncode == 1
    assert "ne contient ni lettre ni chiffre" in result.stderr and "--slug" in result.stderr
    assert not (docs / "articles" / ".md").exists()
    ok = lucide("import", str(_raw(tmp_path, "?!…\n\n" + BODY)), "--docs", str(docs), "--slug", "sans-titre")
    assert ok.returncode == 0 and (docs / "articles" / "sans-titre.md").is_file()


def test_planted_links_are_refused_never_followed(tmp_path: Path) -> None:
    docs, outside = tmp_path / "docs", tmp_path / "ailleurs.md"
    (docs / "articles").mkdir(parents=True)
    outside.write_text("intact", encoding="utf-8")
    source = _raw(tmp_path)
    (docs / "articles" / "un-titre.md").symlink_to(outside)
    as_target = lucide("import", str(source), "--docs", str(docs), "--force")
    assert as_target.returncode == 1 and "n'est pas un fichier ordinaire" in as_target.stderr
    (docs / "articles" / "un-titre.md").unlink()
    (docs / "articles" / ".un-titre.md.tmp").symlink_to(outside)  # the old, predictable temporary name
    planted = lucide("import", str(source), "--docs", str(docs))
    assert planted.returncode == 0, planted.stderr
    assert outside.read_text(encoding="utf-8") == "intact"
    assert (docs / "articles" / "un-titre.md").is_file() and not (docs / "articles" / "un-titre.md").is_symlink()


def test_a_link_at_the_temporary_name_is_refused(tmp_path: Path) -> None:
    from lucide import importer

    docs, outside = tmp_path / "docs", tmp_path / "ailleurs.md"
    (docs / "articles").mkdir(parents=True)
    outside.write_text("intact", encoding="utf-8")
    (docs / "articles" / f".un-titre.md.tmp-{os.getpid()}").symlink_to(outside)
    with pytest.raises(importer.WriteRefusedError, match="existe déjà — supprimez ce fichier temporaire"):
        importer.write_article(docs, "un-titre", "---\ntitle: x\n---\n")
    assert outside.read_text(encoding="utf-8") == "intact" and not (docs / "articles" / "un-titre.md").exists()


def test_articles_folder_linked_elsewhere_is_refused(tmp_path: Path) -> None:
    docs, elsewhere = tmp_path / "docs", tmp_path / "ailleurs"
    docs.mkdir()
    elsewhere.mkdir()
    (docs / "articles").symlink_to(elsewhere)
    result = lucide("import", str(_raw(tmp_path)), "--docs", str(docs))
    assert result.returncode == 1 and "est un lien vers un autre dossier" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_the_temporary_file_is_hidden_and_removed_on_failure(tmp_path: Path, monkeypatch) -> None:
    from lucide import importer

    docs = tmp_path / "docs"
    seen: list[str] = []

    def failing_replace(src, dst, **kwargs):
        seen.append(src)
        raise OSError("disque plein")

    monkeypatch.setattr(importer.os, "replace", failing_replace)
    with pytest.raises(OSError):
        importer.write_article(docs, "un-titre", "---\ntitle: x\n---\n")
    assert seen == [f".un-titre.md.tmp-{os.getpid()}"]  # a dot-file: MkDocs never publishes those
    assert list((docs / "articles").iterdir()) == []


def test_a_temporary_file_left_by_a_killed_import_is_not_published(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"docs/articles/.un-titre.md.tmp-4242": "---\ntitle: Reste\n---\n\nÀ moitié écrit"})
    built = build(site)
    assert built.returncode == 0, built.log
    assert not [p for p in built.site.rglob("*") if "tmp" in p.name or "Reste" in _text(p)]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() and path.suffix == ".html" else ""


# -- the citation record --------------------------------------------------------------------------


def test_the_record_says_what_is_unknown_and_never_invents(tmp_path: Path) -> None:
    result = import_text("Un titre\n\n" + BODY, "brut.txt", record={"consulted": "2024-01-15"})
    assert result.record == {
        "title": "Un titre",
        "author_unknown": "le texte ne nomme pas son auteur",
        "publication_unknown": "le texte ne nomme pas le site qui l'a publié",
        "url_unknown": "l'adresse d'origine n'a pas été conservée",
        "consulted": "2024-01-15",
        "genre": "article",
        "rights": "citation",
        "imported_from": "brut.txt",
    }


def test_the_record_counts_every_removal_by_reason() -> None:
    raw = (
        BODY + "Fin.\n\nEDIT : LA VIDEO EST DISPONIBLE ! CLIQUEZ ICI\n\nPartagez cet article.\n\nMerci !\n\n"
        "Discussion\n\nPrudence\n\nDushan\n\nLeave a Reply"
    )
    assert import_text(raw, "x.txt").record["removed"] == {
        "fil de commentaires": 4,
        "appel à cliquer": 1,
        "fin de page après l'article (réactions, liens)": 1,
        "invitation au partage": 1,
    }


def test_the_site_is_taken_only_from_the_authors_own_presentation() -> None:
    bio = "\n\nÀ propos de l'auteur\n\nEn 2017 je décide de créer le site ApprentiMillionnaire pour aider."
    assert import_text("Titre\n\n" + BODY + BODY + bio, "x.txt").record["publication"] == "ApprentiMillionnaire"
    in_text = import_text("Titre\n\nJ'ai visité le site Exemple hier.\n\n" + BODY, "x.txt").record
    assert "publication" not in in_text and in_text["publication_unknown"]


def test_cli_options_fill_the_record_and_pass_check(tmp_path: Path) -> None:
    site = make_site(tmp_path, {})
    docs = site / "docs"
    result = lucide(
        "import", str(_raw(tmp_path)), "--docs", str(docs),
        "--url", "https://exemple.fr/billet", "--publication", "Le Blog", "--auteur-inconnu", "signé d'un pseudonyme",
        "--date", "2021-03-04", "--consulte", "2024-02-29", "--genre", "page-de-vente",
        "--droits", "licence", "--droits-nom", "CC BY 4.0", "--droits-lien", "https://creativecommons.org/licenses/by/4.0/",
        "--source-primaire", "Adam Davidson, The Passion Economy, Knopf, 2020", "--promotion", "sa formation",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    doc, _ = split((docs / "articles" / "un-titre.md").read_text(encoding="utf-8"), "x")
    assert doc.meta == {
        "title": "Un titre",
        "author_unknown": "signé d'un pseudonyme",
        "publication": "Le Blog",
        "url": "https://exemple.fr/billet",
        "date": "2021-03-04",
        "consulted": "2024-02-29",
        "genre": "page-de-vente",
        "rights": "licence",
        "rights_name": "CC BY 4.0",
        "rights_url": "https://creativecommons.org/licenses/by/4.0/",
        "based_on": "Adam Davidson, The Passion Economy, Knopf, 2020",
        "promotes": "sa formation",
        "imported_from": "brut.txt",
    }
    check = lucide("check", "--docs", str(docs))
    assert check.returncode == 0, check.stdout


def test_consulted_defaults_to_today(tmp_path: Path) -> None:
    import datetime

    result = lucide("import", str(_raw(tmp_path)), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "docs" / "articles" / "un-titre.md").read_text(encoding="utf-8")
    assert f"consulted: '{datetime.date.today().isoformat()}'" in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--date", "2020-02-30"],
            "--date : « date » n'est pas une date du calendrier : « 2020-02-30 » — ce mois-là a 29 jours",
        ),
        (
            ["--consulte", "hier"],
            "--consulte : « consulted » a une forme inattendue : « hier » — écrivez la date au format AAAA-MM-JJ",
        ),
        (
            ["--url", "javascript:alert(1)"],
            "--url : « url » doit être une adresse web commençant par https:// ou http://",
        ),
        (["--genre", "satyre"], "--genre : « genre » inconnu : « satyre » — vouliez-vous dire « satire » ?"),
        (["--droits", "permission"], "« rights_name » est obligatoire avec « rights: permission »"),
        (
            ["--author", "Ada", "--auteur-inconnu", "pseudonyme"],
            "« author » et « author_unknown » ne vont pas ensemble",
        ),
    ],
)
def test_cli_refuses_a_bad_record_and_writes_nothing(tmp_path: Path, options: list[str], message: str) -> None:
    result = lucide("import", str(_raw(tmp_path)), "--docs", str(tmp_path / "docs"), *options)
    assert result.returncode == 1
    assert message in result.stderr
    assert not (tmp_path / "docs").exists()


def test_help_explains_every_record_option() -> None:
    result = lucide("import", "--help")
    for option in ("--url-inconnue", "--auteur-inconnu", "--consulte", "--genre", "--droits-nom", "--source-primaire"):
        assert option in result.stdout
    assert "page-de-vente" in result.stdout and "aujourd'hui" in result.stdout


# -- issue 11: numbers the author wrote survive ------------------------------------------------------


def test_a_numbered_item_after_a_paragraph_keeps_its_number_on_the_page(tmp_path: Path) -> None:
    raw = (
        "Les besoins\n\nDeux besoins, jamais satisfaits par les formations :\n\n"
        " 1. Le besoin d’un plan clair étape par étape : la cause profonde laisse l’apprenti confus.\n\n"
        "Presque tous les sondés mentionnent le besoin d’un plan à suivre de A à Z.\n\n"
        "2. Le besoin d’un accompagnement personnalisé : le marketing Internet est un métier.\n\n"
        "Pour cette raison, la majorité des sondés demandent à être accompagnés."
    )
    site = make_site(tmp_path, {})
    source = _raw(tmp_path, raw)
    licence = [
        "--droits",
        "licence",
        "--droits-nom",
        "CC BY 4.0",
        "--droits-lien",
        "https://creativecommons.org/licenses/by/4.0/",
    ]
    assert lucide("import", str(source), "--docs", str(site / "docs"), *licence).returncode == 0
    article = site / "docs" / "articles" / "les-besoins.md"  # published whole, as its licence allows
    article.write_text(
        article.read_text(encoding="utf-8").replace("\n---\n", "\nfull_text: true\n---\n", 1), encoding="utf-8"
    )
    built = build(site)
    assert built.returncode == 0, built.log
    html = built.page("articles/les-besoins")
    assert '<li id="le-besoin-d-un-plan-clair">Le besoin d’un plan clair' in html
    assert '<p id="le-besoin-d-un-accompagnement-personnalise">2. Le besoin d’un accompagnement' in html
    assert html.count("<ol>") == 1 and "<ol start" not in html


def test_the_real_article_keeps_need_two_as_two() -> None:
    """Its private full text holds "2." as a numbered paragraph, which the tiny site above renders as "2."."""
    text = (ROOT / "docs" / "articles" / "entrepreneuriat-fast-food.md").read_text(encoding="utf-8")
    assert "\n2\\. Le besoin d’un accompagnement personnalisé" in text


# -- 50 MB --------------------------------------------------------------------------------------------


def test_a_50_mb_article_imports() -> None:
    """A pasted page of 50 MB imports whole (one test: it is the suite's heaviest).

    Its time is measured by ``python scripts/bench_import.py 50``, not asserted here.
    """
    import bench_import

    raw = bench_import.synthetic(50)
    result = import_text(raw, "grand.txt", record={"consulted": "2024-01-15"})
    assert result.record["removed"] == {"fil de commentaires": 2}
    assert result.markdown.count("{: #un-paragraphe-qui-revient-encore-et") == raw.count("Un paragraphe qui")
