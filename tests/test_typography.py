"""French typography and collation: tables of cases (input -> expected). ``_`` stands for U+202F
(espace fine insécable) and ``~`` for U+00A0 (espace mot insécable) to keep the table readable."""

from __future__ import annotations

import pytest

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
    ("'entre guillemets anglais'", "'entre guillemets anglais'"),
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
