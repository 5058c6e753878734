"""Glossary matching: find every French form of every term in one scan of a text.

Words are folded (case, accents, apostrophes) and lightly stemmed (plural, feminine, mute e), so
``d’infopreneuses``, ``Economie de la passion`` and ``lead-magnets`` all find their term. The
matcher is compiled once per build; a scan costs one dictionary look-up per word, whatever the
number of terms.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")
# Between two words of one term: spaces, a hyphen or an apostrophe ("lead-magnet", "loi de l'attraction").
JOINER = re.compile(r"[\s\-‐‑'’]+")
EXPLICIT = re.compile(r"\[\[([^\]|\n]+?)(?:\|([^\]\n]+?))?\]\]")
_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]+`", re.M | re.S)


def _fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base.lower() if len(base) == 1 and len(base.lower()) == 1 else c.lower() if len(c.lower()) == 1 else c


# Length-preserving fold, so positions in the folded text are positions in the original.
_FOLD = {ord(c): _fold_char(c) for c in map(chr, range(0xC0, 0x250))}
_FOLD.update({ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'"})


def fold(text: str) -> str:
    """Lower-case without accents, same length as ``text``."""
    return text.translate(_FOLD).lower() if text.isascii() is False else text.lower()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light French (and English) stem of a folded word: number, gender, mute e."""
    word = word.replace("œ", "oe").replace("æ", "ae")
    if len(word) <= 3:
        return word
    for suffix, replacement in (("euses", "eur"), ("euse", "eur"), ("rices", "eur"), ("rice", "eur"),
                                ("eaux", "eau"), ("aux", "al"), ("ies", "y")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if len(word) > 4 and (word[-1] == "s" or word.endswith("ux")):  # not "cpfx", not "bus"
            word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def key(text: str) -> tuple[str, ...]:
    """The sequence of stems that identifies a term or alias."""
    return tuple(stem(w) for w in WORD.findall(fold(text)))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: str  # the term's id


class Matcher:
    """All forms of all terms, compiled once; ``find`` scans a text in a single pass."""

    def __init__(self, forms: list[tuple[str, str]]):
        """``forms``: (term id, written form) pairs — each term with its name and aliases."""
        # first stem -> (stems, separators written in the form, term id), longest first
        self.by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
        self.names: dict[tuple[str, ...], str] = {}
        for term, form in forms:
            k = key(form)
            if k and k not in self.names:
                self.names[k] = term
                spans = [m.span() for m in WORD.finditer(fold(form))]
                gaps = tuple(fold(form)[a[1] : b[0]] for a, b in zip(spans, spans[1:], strict=False))
                self.by_first.setdefault(k[0], []).append((k, gaps, term))
        for candidates in self.by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))  # longest match first
        self.canonical: dict[str, str] = {}  # term id -> its name (the first form given)
        for term, form in forms:
            self.canonical.setdefault(term, form)

    def find(self, text: str) -> Iterator[Match]:
        """Every non-overlapping occurrence of a term, leftmost and longest first."""
        folded = fold(text)
        words = [(m.start(), m.end(), stem(m.group())) for m in WORD.finditer(folded)]
        i = 0
        while i < len(words):
            match = self._match_at(words, i, text)
            if match:
                length, term = match
                yield Match(words[i][0], words[i + length - 1][1], term)
                i += length
            else:
                i += 1

    def _match_at(self, words: list[tuple[int, int, str]], i: int, text: str) -> tuple[int, str] | None:
        for k, gaps, term in self.by_first.get(words[i][2], ()):
            n = len(k)
            if i + n > len(words) or any(words[i + j][2] != k[j] for j in range(1, n)):
                continue
            # words of a term are joined by spaces, hyphens, apostrophes, or what the form itself has ("2.0")
            text_gaps = (fold(text[words[i + j - 1][1] : words[i + j][0]]) for j in range(1, n))
            if all(g == gaps[j] or JOINER.fullmatch(g) for j, g in enumerate(text_gaps)):
                return n, term
        return None

    def lookup(self, name: str) -> str | None:
        """The term a written name designates, in any of its forms."""
        return self.names.get(key(name))

    def suggest(self, name: str) -> list[str]:
        """Names of the terms closest to ``name``, for "did you mean" messages."""
        keys = {" ".join(k): term for k, term in self.names.items()}
        close = difflib.get_close_matches(" ".join(key(name)), list(keys), n=6, cutoff=0.6)
        return list(dict.fromkeys(self.canonical[keys[c]] for c in close))[:3]


def explicit_refs(markdown: str, first_line: int = 1) -> list[tuple[int, str, str]]:
    """``[[terme]]`` and ``[[terme|texte]]`` references outside code: (line, name, label)."""
    visible = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), markdown)
    refs = []
    for m in EXPLICIT.finditer(visible):
        line = first_line + visible.count("\n", 0, m.start())
        refs.append((line, m.group(1).strip(), (m.group(2) or m.group(1)).strip()))
    return refs
