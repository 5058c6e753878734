"""French typography and collation: tables of cases (input -> expected). ``_`` stands for U+202F
(espace fine insécable) and ``~`` for U+00A0 (espace mot insécable) to keep the table readable."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Built, build, make_site
from lucide.markdown_ext import OWN_TEXT_CLASSES
from lucide.text import collation_key
from lucide.typography import french


def visible(text: str) -> str:
    return text.replace("\u202f", "_").replace("\u00a0", "~")


CASES = [
    # high marks: the space before becomes a no-break space (narrow before ; ! ?)
    ("Cité par : ", "Cité par~: "),
    ("Source : l'article", "Source~: l’article"),
    ("Vraiment ? Oui !", "Vraiment_? Oui_!"),
    ("d'abord ; ensuite", "d’abord_; ensuite"),
    ("Quoi ?!", "Quoi_?!"),
    ("Quoi ? !", "Quoi_?_!"),
    ("Passion Economy ?, de Richard", "Passion Economy_?, de Richard"),
    # a mark glued to its word gets its space
    ("Vraiment? Oui!", "Vraiment_? Oui_!"),
    ("Note: le texte", "Note~: le texte"),
    ("chapitre 3?", "chapitre 3_?"),
    ("« Vraiment »?", "«_Vraiment_»_?"),
    # French quotes
    ("« Il suffit de partager »", "«_Il suffit de partager_»"),
    ("«collé»", "«_collé_»"),
    ("l'« argent facile »", "l’«_argent facile_»"),
    # apostrophes inside words only
    ("aujourd'hui, l'économie", "aujourd’hui, l’économie"),
    ("'entre guillemets anglais' ici", "'entre guillemets anglais' ici"),
    ("le mythe fondateur de l'", "le mythe fondateur de l’"),  # the term link follows
    # numbers, addresses and emoticons are left as they are
    ("à 10:30, un ratio 1:2", "à 10:30, un ratio 1:2"),
    ("Voir https://exemple.fr/a?b=1&c=d : ici", "Voir https://exemple.fr/a?b=1&c=d~: ici"),
    ("www.exemple.fr/page?x", "www.exemple.fr/page?x"),
    ("écrire à redaction@lucide.fr !", "écrire à redaction@lucide.fr_!"),
    ("super :) et ;-) ou :D", "super :) et ;-) ou :D"),
    ("a?b", "a?b"),
    # already correct text and empty text do not change
    ("Cité par\u00a0: ", "Cité par~: "),
    ("Vraiment\u00a0?", "Vraiment_?"),
    ("", ""),
    ("\n", "\n"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_french_typography(text: str, expected: str) -> None:
    assert visible(french(text)) == expected


@pytest.mark.parametrize("text", [c[0] for c in CASES])
def test_typography_is_idempotent(text: str) -> None:
    assert french(french(text)) == french(text)


COLLATION = [
    # accented capitals sort with their letter, not after Z
    (
        ["Six chiffres en 90 jours", "Être indépendant", "Économie"],
        ["Économie", "Être indépendant", "Six chiffres en 90 jours"],
    ),
    (["zèbre", "Œuvre", "oeil", "Oasis"], ["Oasis", "oeil", "Œuvre", "zèbre"]),
    # accents, then case only break ties, lower case first
    (["côte", "Cote", "cote", "coté"], ["cote", "Cote", "coté", "côte"]),
    # leading punctuation and quotes do not decide the letter
    (["« Zut »", "Argent", "(Bien)"], ["Argent", "(Bien)", "« Zut »"]),
    (["l'économie", "lead magnet", "l’audience"], ["l’audience", "l'économie", "lead magnet"]),
]


@pytest.mark.parametrize(("given", "expected"), COLLATION)
def test_french_collation(given: list[str], expected: list[str]) -> None:
    assert sorted(given, key=collation_key) == expected


# -- on the built site ----------------------------------------------------------------------------

BREAKABLE = " \t\n\r"
HIGH_MARKS = ";:!?»"
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea"})
# On an article page: the text, its table of contents and its title in the header are the author's.
AUTHORS_ON_ARTICLES = frozenset({"md-content__inner", "md-sidebar--secondary", "md-header__topic"})


class OurText(HTMLParser):
    """Collects the text nodes of a built page that Lucide wrote, as (text, text before it).

    Skipped: code, the authors' quotes (``.lucide-citation``) and, on an article page, everything in the
    content and the table of contents but Lucide's own labels; the header repeats the article's title.
    """

    def __init__(self, article: bool):
        super().__init__(convert_charrefs=True)
        self.article = article
        self.stack: list[tuple[str, bool]] = []  # (tag, is our text)
        self.found: list[tuple[str, str]] = []
        self.previous = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        attr = dict(attrs)
        classes = set((attr.get("class") or "").split())
        ours = self.stack[-1][1] if self.stack else True
        authors = self.article and bool(AUTHORS_ON_ARTICLES & classes)
        if tag in VERBATIM or "lucide-citation" in classes or authors:
            ours = False
        elif self.article and OWN_TEXT_CLASSES & classes:
            ours = True
        self.stack.append((tag, ours))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and self.stack[-1][0] not in ("title",):
            self.found.append((data, self.previous))
        self.previous = data


def faults(html: str, article: bool) -> list[str]:
    """Breakable spaces before ; : ! ? » or after «, and straight apostrophes, in our text of a page."""
    parser = OurText(article)
    parser.feed(html)
    found = []
    for text, before in parser.found:
        joined = before[-1:] + text
        for i, char in enumerate(joined[1:], 1):
            prev = joined[i - 1]
            emoticon = char in ":;" and joined[i + 1 : i + 2] in tuple(")(DP/")
            if char in HIGH_MARKS and prev in BREAKABLE and not emoticon:
                found.append(repr(joined[max(0, i - 30) : i + 10]))
            elif char == "«" and i + 1 < len(joined) and joined[i + 1] in BREAKABLE:
                found.append(repr(joined[max(0, i - 10) : i + 30]))
            elif char == "'" and prev.isalpha():
                found.append(repr(joined[max(0, i - 20) : i + 20]))
    return found


# Raw HTML written by hand in docs/ is not reached by the typography pass; the search page's form is
# owned by the search work and set right there (see the report of the typography branch).
HAND_WRITTEN_HTML = ("recherche/index.html",)


def test_built_pages_follow_french_typography(real_site: Built) -> None:
    bad = {}
    for path in sorted(real_site.site.rglob("*.html")):
        rel = path.relative_to(real_site.site).as_posix()
        if rel.startswith(("pagefind/", "assets/")) or rel in HAND_WRITTEN_HTML:
            continue
        article = rel.startswith("articles/") and rel != "articles/index.html"
        found = faults(path.read_text(encoding="utf-8"), article)
        if found:
            bad[rel] = found[:5]
    assert bad == {}


GUIDE = """# Le guide

## Qu'est-ce qu'un mythe ?

Un mythe : une promesse. Écrire `title: 'Il suffit' ; fin` dans l'en-tête, voir https://exemple.fr/a?b=1 à 10:30.

```yaml
summary: Pas d'espace ici ; ni là !
```
"""
AUTHOR = """---
title: Un article
author: Ada Auteur
publication: Le blog d'Ada
url_unknown: texte d'essai
consulted: 2024-01-15
genre: billet
rights: licence
rights_name: CC BY 4.0
rights_url: https://creativecommons.org/licenses/by/4.0/
full_text: true
summary: "Notre présentation : courte."
---

## L'argent : facile ? {: #argent }

L'argent facile ; vraiment ? « Oui » !
"""


def test_typography_touches_our_text_only(tmp_path: Path) -> None:
    built = build(make_site(tmp_path, {"docs/guide.md": GUIDE, "docs/articles/petit.md": AUTHOR}))
    assert built.returncode == 0, built.log
    guide = html.unescape(built.page("guide"))  # the sanitiser writes U+00A0 as &nbsp;
    # the heading is typeset, its id is made from the text as written, and the table of contents agrees
    assert '<h2 id="quest-ce-quun-mythe">Qu’est-ce qu’un mythe\u202f?' in guide
    assert re.search(
        r'href="#quest-ce-quun-mythe" class="md-nav__link">\s*<span class="md-ellipsis">\s*Qu’est-ce qu’un mythe\u202f?',
        guide,
    )
    assert "Un mythe\u00a0: une promesse" in guide and "dans l’en-tête" in guide
    assert "<code>title: 'Il suffit' ; fin</code>" in guide and "https://exemple.fr/a?b=1 à 10:30" in guide
    assert "Pas d'espace ici ; ni là !" in guide
    article = html.unescape(built.page("articles/petit"))
    # the author's words stay as written; our presentation around them is typeset
    assert '<h2 id="argent">L\'argent : facile ?' in article
    assert "<p>L'argent facile ; vraiment ? « Oui » !</p>" in article
    assert "Notre présentation\u00a0: courte." in article and "Original\u00a0:" in article
