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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from .text import mask_code

if TYPE_CHECKING:  # the model imports this module: type names only, no import cycle
    from .model import KnowledgeBase

WORD = re.compile(r"[^\W_]+")
# Between two words of one term: spaces, a hyphen or an apostrophe ("lead-magnet", "loi de l'attraction").
JOINER = re.compile(r"[\s\-‐‑'’]+")
# No "[" inside: each attempt stops at the next "[", so a line of 50,000 "[" is one linear scan.
EXPLICIT = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")


def _fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base.lower() if len(base) == 1 and len(base.lower()) == 1 else c.lower() if len(c.lower()) == 1 else c


# Length-preserving fold, so positions in the folded text are positions in the original.
_FOLD = {ord(c): _fold_char(c) for c in map(chr, range(0xC0, 0x250))}
_FOLD.update({ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'"})


def fold(text: str) -> str:
    """Lower-case without accents, same length as ``text``."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light French (and English) stem of a folded word: number, gender, mute e."""
    word = word.replace("œ", "oe").replace("æ", "ae")
    if len(word) <= 3:
        return word
    for suffix, replacement in (
        ("euses", "eur"),
        ("euse", "eur"),
        ("rices", "eur"),
        ("rice", "eur"),
        ("eaux", "eau"),
        ("aux", "al"),
        ("ies", "i"),  # "stories" and "story", "économies" and "économie" all meet at "...i"
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if len(word) > 4 and (word[-1] == "s" or word.endswith("ux")):  # not "cpfx", not "bus"
            word = word[:-1]
    if word.endswith("ee") and len(word) > 5:  # feminine participle: "débarquée" meets "débarqué"
        word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    elif word.endswith("y"):  # "economy" and "économie", "story" and "stories"
        word = word[:-1] + "i"
    return word


@lru_cache(maxsize=65536)
def word_stem(word: str) -> str:
    """The stem of a word as written: folded, then stemmed (cached: a site has far fewer words than uses)."""
    return stem(fold(word))


def key(text: str) -> tuple[str, ...]:
    """The sequence of stems that identifies a term or alias."""
    return tuple(stem(w) for w in WORD.findall(fold(text)))


Form = tuple[str, tuple[str, ...], tuple[str, ...]]  # term id, stems of a form, what separates its words


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: str  # the term's id


class Matcher:
    """All forms of all terms, compiled once; ``find`` scans a text in a single pass."""

    def __init__(self, forms: list[tuple[str, str]]):
        """``forms``: (term id, written form) pairs — each term with its name and aliases."""
        self.names: dict[tuple[str, ...], str] = {}  # stems of a form -> term id
        self.gaps: dict[tuple[str, ...], tuple[str, ...]] = {}  # what separates its words ("2.0")
        self.canonical: dict[str, str] = {}  # term id -> its name (the first form given)
        for term, form in forms:
            self.canonical.setdefault(term, form)
            k = key(form)
            if k and k not in self.names:
                self.names[k] = term
                spans = [m.span() for m in WORD.finditer(fold(form))]
                self.gaps[k] = tuple(fold(form)[a[1] : b[0]] for a, b in pairwise(spans))
        self.lengths = self._lengths(self.names)

    @staticmethod
    def _lengths(names: dict[tuple[str, ...], str]) -> dict[str, tuple[int, ...]]:
        """First stem of a form -> the lengths of the forms starting with it, longest first."""
        lengths: dict[str, set[int]] = {}
        for k in names:
            lengths.setdefault(k[0], set()).add(len(k))
        return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}

    def find(self, text: str) -> Iterator[Match]:
        """Every non-overlapping occurrence of a term, leftmost and longest first.

        Cost per word: one cached stem and one set look-up, and for words that can start a term one
        dictionary look-up per length of form starting with it — never a loop over the terms.
        """
        # "ʼ" (U+02BC) is a letter that folding makes an apostrophe; every other letter stays a letter
        text = text.replace("ʼ", "'")  # same length: positions stay the original text's
        stems = list(map(word_stem, WORD.findall(text)))
        starts = [i for i, s in enumerate(stems) if s in self.lengths]
        if not starts:  # most text nodes
            return
        spans = [m.span() for m in WORD.finditer(text)]
        end = 0  # matches never overlap: a word inside the last one starts nothing
        for i in starts:
            if i >= end and (n := self._match_at(stems, spans, i, text)):
                yield Match(spans[i][0], spans[i + n - 1][1], self.names[tuple(stems[i : i + n])])
                end = i + n

    def _match_at(self, stems: list[str], spans: list[tuple[int, int]], i: int, text: str) -> int:
        for n in self.lengths[stems[i]]:  # longest first
            k = tuple(stems[i : i + n])
            if len(k) < n or k not in self.names:  # (the text ends before the form would)
                continue
            # words of a term are joined by spaces, hyphens, apostrophes, or what the form itself has ("2.0")
            gaps = self.gaps[k]
            between = [text[spans[i + j][1] : spans[i + j + 1][0]] for j in range(n - 1)]
            folded = [fold(gap) for gap in between]  # "‘" joins words as "'" does
            if all(gap == gaps[j] or JOINER.fullmatch(gap) for j, gap in enumerate(folded)):
                return n
        return 0

    def forms(self) -> frozenset[Form]:
        """Every form as matched: (term id, stems, what separates its words)."""
        return frozenset((term, k, self.gaps[k]) for k, term in self.names.items())

    @classmethod
    def of_forms(cls, forms: Iterable[Form]) -> Matcher:
        """A matcher for some forms only (from ``forms()``): what a page may newly match."""
        matcher = cls([])
        for term, k, gaps in forms:
            matcher.names[k], matcher.gaps[k] = term, gaps
        matcher.lengths = cls._lengths(matcher.names)
        return matcher

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
    if "[[" not in markdown:  # most pages: no need to blank their code out
        return []
    visible = mask_code(markdown)
    refs = []
    for m in EXPLICIT.finditer(visible):
        line = first_line + visible.count("\n", 0, m.start())
        refs.append((line, m.group(1).strip(), (m.group(2) or m.group(1)).strip()))
    return refs


_HEADING_LINE = re.compile(r"^ {0,3}#.*$", re.M)


def _terms_in(text: str, matcher: Matcher) -> set[str]:
    """Terms that ``text`` would link: found by the matcher or named in ``[[…]]``, never in code or headings."""
    visible = _HEADING_LINE.sub("", mask_code(text))
    found = {m.term for m in matcher.find(visible)}
    found.update(t for _, name, _ in explicit_refs(visible) if (t := matcher.lookup(name)) is not None)
    return found


def unused_terms(kb: KnowledgeBase, pages: Iterable[str] = ()) -> list[str]:
    """Ids of the glossary terms that no text of the site would link, sorted.

    Texts are what pages show and link terms in: article passages (not headings), entities'
    summaries, realities and notes, other terms' definitions and notes, and ``pages`` (the Markdown
    of every other page). A term's own entry does not count: it is never linked to itself.
    """
    used: set[str] = set()
    texts = [p.text for a in kb.articles.values() for p in a.passages.values() if p.kind != "heading"]
    for entity in kb.entities.values():
        texts += [entity.summary, str(entity.fields.get("reality", "")), entity.body]
    texts += list(pages)
    for text in texts:
        used |= _terms_in(text, kb.matcher)
    for term in kb.terms.values():
        used |= _terms_in(term.definition + "\n\n" + term.body, kb.matcher) - {term.slug}
    return sorted(set(kb.terms) - used)
