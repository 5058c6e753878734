"""Cues: the words that reveal a warning sign or a myth in a sales pitch, and the matcher that finds them.

A cue is plain French written in an entity's front matter (``cues: ["6 chiffres", "en {nombre} jours"]``).
Pitch and cue go through the same steps, so they meet half-way:

1. ``glossary.fold`` (case, accents, apostrophes), then pieces: runs of digits, runs of letters, ``€ $ £``;
2. logical tokens: numbers written in digits or words (``10 000``, ``10.000``, ``10k``, ``six``,
   ``quatre-vingt-dix``) become one value; a number next to a currency is an amount of money; other
   words are stemmed (``glossary.stem``, then one more mute ``e``: ``limité``/``limitées``); elided
   particles (``l'``, ``d'``…) and articles are skipped by matching;
3. a cue matches consecutive tokens of one sentence, unless a negation (``pas``, ``aucun``, ``jamais``…)
   stands in the few words before it, in the same clause.

The browser runs the same steps (docs/assets/verifier.js) from the lexicon and the compiled cues that
``compile_data`` writes: the rules live here, once. One table of cases (tests/data/cues-cas.yml) checks
that both sides agree.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from . import glossary
from .errors import ContentError
from .frontmatter import Document
from .model import Entity, KnowledgeBase

# Everything the matching rules need, shipped as is to the browser.
_NUMBERS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "septante": 70, "huitante": 80, "octante": 80, "nonante": 90, "cent": 100, "cents": 100,
}  # fmt: skip
# a negator inside one of these is no negation ("pas à pas", "sans aucun risque")
_IDIOMS = [
    ["pas", "a", "pas"], ["pas", "besoin"], ["sans", "aucun"], ["sans", "aucune"], ["non", "seulement"],
    ["sans", "doute"], ["sans", "plus"], ["rien", "que"], ["sans", "le", "moindre"], ["sans", "la", "moindre"],
]  # fmt: skip
# Everything the matching rules need, shipped as is to the browser.
LEXICON: dict[str, Any] = {
    "numbers": _NUMBERS,
    "multipliers": {"k": 1000, "mille": 1000, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
    "currencies": ["€", "$", "£", "euro", "euros", "eur", "dollar", "dollars", "balles"],
    "skip": ["le", "la", "les", "l", "de", "du", "des", "d"],
    # a particle followed by an apostrophe is skipped too ("qu'il", "s'enrichir")
    "elided": ["c", "j", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"],
    "negators": ["pas", "jamais", "aucun", "aucune", "ni", "non", "sans", "rien", "nul", "nulle", "guere"],
    "idioms": _IDIOMS,
    # a word that opens a new clause: a negation before it does not reach the cue
    "clause": ["mais", "et", "ou", "pour", "car", "donc", "qui", "que", "qu", "si", "quand", "alors", "puis", "parce"],
    "window": 6,  # how many words before a cue a negation is looked for ("aucune formation ne peut garantir")
    "gap": 3,  # how many words "…" may stand for
}
PLACEHOLDERS = {"nombre": "N", "argent": "A"}

PIECE = re.compile(r"[0-9]+|[^\W0-9_]+|[€$£]")
SENTENCE_BREAK = re.compile(r"[.!?;…]|\n\s*\n")
CLAUSE_BREAK = re.compile(r"[,.;:!?()…\n—–]")
_CUE_SYNTAX = re.compile(r"\{([^{}]*)\}|\.\.\.|…|([^\W_]+)\*")
_GROUP = {" ", "\u00a0", "\u202f", ".", ",", "'"}  # between thousands: 10 000, 10.000, 10,000, 10'000
_SPACES = {"", " ", "\u00a0", "\u202f"}


def cue_stem(word: str) -> str:
    """``glossary.stem``, then one more mute ``e`` and a verb's ``-er``/``-ez``.

    So ``limité``, ``limitée`` and ``limitées`` agree, and so do ``gagner``, ``gagnez``, ``gagné`` and ``gagne``:
    a pitch says "tu", "vous" or the infinitive, a cue is written once.
    """
    s = glossary.stem(word)
    if s.endswith("e") and len(s) > 4:
        s = s[:-1]
    return s[:-2] if len(s) > 5 and s.endswith(("er", "ez")) else s


@dataclass
class Token:
    """One logical token of a folded text: a word (stemmed), a number, or an amount of money."""

    start: int
    end: int
    raw: str  # the folded word as written ("" for numbers)
    word: str = ""  # its stem
    value: float | None = None
    money: bool = False
    skip: bool = False  # an article or elided particle: invisible to matching


def tokenize(text: str) -> tuple[str, list[Token]]:
    """(folded text, tokens): the same steps for a pitch and for a cue."""
    folded = glossary.fold(text)
    pieces = [(m.start(), m.end(), m.group()) for m in PIECE.finditer(folded)]
    tokens: list[Token] = []
    i = 0
    while i < len(pieces):
        token, i = _read(text, folded, pieces, i)
        tokens.append(token)
    return folded, tokens


def _is_digits(piece: str) -> bool:
    return "0" <= piece[0] <= "9"  # PIECE keeps ASCII digits apart: "²" or "٣" are letters here


def _gap(folded: str, pieces: list[tuple[int, int, str]], i: int) -> str:
    """The text between piece ``i - 1`` and piece ``i``."""
    return folded[pieces[i - 1][1] : pieces[i][0]]


def _read(text: str, folded: str, pieces: list[tuple[int, int, str]], i: int) -> tuple[Token, int]:
    start, end, piece = pieces[i]
    numbers = LEXICON["numbers"]
    prefix_currency = piece in ("€", "$", "£") and i + 1 < len(pieces) and _is_digits(pieces[i + 1][2])
    if prefix_currency and _gap(folded, pieces, i + 1) in _SPACES:
        token, j = _number(folded, pieces, i + 1)
        token.start, token.money = start, True
        return token, j
    if _is_digits(piece) or piece in numbers:
        return _number(folded, pieces, i)
    token = Token(start, end, piece, cue_stem(piece))
    after = folded[end : end + 1]
    # articles as written: "dès" folds to "des" but is no article
    token.skip = text[start:end].lower() in LEXICON["skip"] or (piece in LEXICON["elided"] and after == "'")
    return token, i + 1


def _number(folded: str, pieces: list[tuple[int, int, str]], i: int) -> tuple[Token, int]:
    """A number from piece ``i`` on, with its thousands, decimals, multiplier and currency."""
    start, piece = pieces[i][0], pieces[i][2]
    if _is_digits(piece):
        value, j = _digits(folded, pieces, i)
    else:
        value, j = _words(folded, pieces, i)
    if j < len(pieces) and pieces[j][2] in LEXICON["multipliers"] and _gap(folded, pieces, j) in _SPACES:
        value *= LEXICON["multipliers"][pieces[j][2]]
        j += 1
    currencies, joined = LEXICON["currencies"], _SPACES
    linked = j + 1 < len(pieces) and pieces[j][2] in ("d", "de") and pieces[j + 1][2] in currencies
    if linked and _gap(folded, pieces, j) in _SPACES and _gap(folded, pieces, j + 1) in ("'", " "):
        j, joined = j + 1, {"'", " "}  # "un million d'euros", "deux millions de dollars"
    money = j < len(pieces) and pieces[j][2] in currencies and _gap(folded, pieces, j) in joined
    if money:
        j += 1
    return Token(start, pieces[j - 1][1], "", "", value, money), j


def _digits(folded: str, pieces: list[tuple[int, int, str]], i: int) -> tuple[float, int]:
    text, j = pieces[i][2], i + 1
    grouped = len(text) <= 3
    while grouped and j < len(pieces) and len(pieces[j][2]) == 3 and _is_digits(pieces[j][2]):
        if _gap(folded, pieces, j) not in _GROUP:
            break
        text, j = text + pieces[j][2], j + 1
    value = float(text)
    if j < len(pieces) and _is_digits(pieces[j][2]) and _gap(folded, pieces, j) in (",", "."):
        value, j = float(text + "." + pieces[j][2]), j + 1  # 1,5 million; 2.5k
    return value, j


def _words(folded: str, pieces: list[tuple[int, int, str]], i: int) -> tuple[float, int]:
    """``quatre-vingt-dix`` -> 90, ``cinq mille`` -> 5000, ``vingt et un`` -> 21."""
    numbers = LEXICON["numbers"]
    total, current, j = 0.0, 0.0, i
    while j < len(pieces):
        piece = pieces[j][2]
        if j > i and _gap(folded, pieces, j) not in (" ", "-"):
            break
        if piece == "et" and j + 1 < len(pieces) and pieces[j + 1][2] in ("un", "une", "onze") and current >= 20:
            j += 1
            continue
        if piece == "mille" and j > i:
            total, current = total + max(current, 1) * 1000, 0
        elif piece not in numbers:
            break
        elif numbers[piece] == 100:
            current = max(current, 1) * 100
        elif numbers[piece] == 20 and current % 100 == 4:
            current += 76  # quatre-vingt(s)
        else:
            current += numbers[piece]
        j += 1
    return total + current, j


# -- cues -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """A compiled cue: its text and its elements (``["w", stem]``, ``["n", 6]``, ``["A"]``…)."""

    entity: str
    text: str
    elements: tuple[tuple[Any, ...], ...]

    @property
    def specificity(self) -> int:
        """Literal words and numbers weigh 2, placeholders and prefixes 1, gaps nothing."""
        return sum(2 if e[0] in ("w", "n", "a") else 0 if e[0] == "g" else 1 for e in self.elements)


class CueError(ValueError):
    """A cue that cannot be compiled; the message says how to write it."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def compile_cue(text: str, entity: str = "") -> Cue:
    """Turn a written cue into elements; raise ``CueError`` when it is not a usable cue."""
    elements: list[tuple[Any, ...]] = []
    last = 0
    for m in _CUE_SYNTAX.finditer(text):
        elements += _literal(text[last : m.start()])
        last = m.end()
        if m.group(2):
            prefix = glossary.fold(m.group(2))
            if len(prefix) < 3:
                raise CueError(f"préfixe trop court « {m.group()} »", "écrivez au moins trois lettres avant *")
            elements.append(("p", prefix))
        elif m.group(1) is not None:
            name = glossary.fold(m.group(1).strip())
            if name not in PLACEHOLDERS:
                raise CueError(f"indice inconnu « {m.group()} »", "écrivez {nombre} ou {argent}")
            elements.append((PLACEHOLDERS[name],))
        else:
            elements.append(("g", LEXICON["gap"]))
    elements += _literal(text[last:])
    if not any(e[0] in ("w", "p") for e in elements):
        raise CueError(f"indice sans mot « {text} »", "un indice contient au moins un mot, par exemple « 6 chiffres »")
    if elements[0][0] == "g" or elements[-1][0] == "g" or any(a[0] == b[0] == "g" for a, b in _pairs(elements)):
        raise CueError(f"« … » mal placé dans « {text} »", "mettez « … » entre deux mots, une seule fois à la suite")
    return Cue(entity, text.strip(), tuple(elements))


def _pairs(items: list[tuple[Any, ...]]) -> list[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    return list(itertools.pairwise(items))


def _literal(text: str) -> list[tuple[Any, ...]]:
    _, tokens = tokenize(text)
    out: list[tuple[Any, ...]] = []
    for t in tokens:
        if t.skip:
            continue
        if t.value is None:
            out.append(("w", t.word))
        else:
            out.append(("a" if t.money else "n", _plain(t.value)))
    return out


def _plain(value: float) -> float | int:
    return int(value) if value == int(value) else value


def check(doc: Document) -> list[ContentError]:
    """Errors for the cues of an entity's front matter, each at its own line."""
    errors = []
    seen: dict[tuple[tuple[Any, ...], ...], str] = {}
    for i, text in enumerate(doc.meta.get("cues", [])):
        line = doc.line_of(f"cues[{i}]")
        try:
            cue = compile_cue(text)
        except CueError as exc:
            errors.append(ContentError(doc.path, line, exc.message, exc.fix))
            continue
        if cue.elements in seen:
            fix = f"« {text} » se lit comme « {seen[cue.elements]} » : gardez-en un seul"
            errors.append(ContentError(doc.path, line, f"indice en double « {text} »", fix))
        seen.setdefault(cue.elements, text)
    return errors


def entity_cues(kb: KnowledgeBase) -> list[Cue]:
    """Every valid cue of every entity, in a stable order (invalid ones were reported by ``check``)."""
    cues = []
    for entity in sorted(kb.entities.values(), key=lambda e: e.slug):
        for text in entity.fields.get("cues", []):
            try:
                cues.append(compile_cue(text, entity.slug))
            except CueError:
                continue
    return cues


# -- matching -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One occurrence of a cue in a text: ``text[start:end]``; ``negated`` when a negation precedes it."""

    cue: Cue
    start: int
    end: int
    negated: bool = False


@dataclass
class Finding:
    """An entity a pitch points to, with the cues that revealed it."""

    entity: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def cues(self) -> list[str]:
        return list(dict.fromkeys(h.cue.text for h in self.hits))

    @property
    def strength(self) -> tuple[int, int]:
        """How many distinct cues, then how specific they are together."""
        distinct = {h.cue.text: h.cue for h in self.hits}
        return len(distinct), sum(c.specificity for c in distinct.values())


class CueMatcher:
    """All cues, indexed by their first two elements; ``scan`` reads a pitch once.

    A word of the pitch only tries the cues that start with it and, where a cue's second element is a
    word, only those whose second word is the next one: common openers ("en", "sans") stay cheap.
    """

    def __init__(self, cues: list[Cue]):
        self.cues = cues
        self.first: dict[str, list[Cue]] = {}  # what the first token must be -> cues
        self.pairs: dict[tuple[str, str], list[Cue]] = {}  # (first, second word) -> cues
        self.by_prefix: dict[str, list[Cue]] = {}
        for cue in cues:
            head, second = cue.elements[0], cue.elements[1] if len(cue.elements) > 1 else None
            if head[0] == "p":
                self.by_prefix.setdefault(head[1], []).append(cue)
            elif second is not None and second[0] == "w":
                self.pairs.setdefault((_key(head), second[1]), []).append(cue)
            else:
                self.first.setdefault(_key(head), []).append(cue)
        self.prefix_lengths = sorted({len(p) for p in self.by_prefix})

    def scan(self, text: str) -> list[Hit]:
        """Every occurrence of every cue, negated or not, in text order."""
        folded, tokens = tokenize(text)
        seq = [i for i, t in enumerate(tokens) if not t.skip]
        hits = []
        for p, i in enumerate(seq):
            following = tokens[seq[p + 1]] if p + 1 < len(seq) else None
            for cue in self._candidates(tokens[i], following):
                end = _match(cue.elements, 0, p, seq, tokens, folded)
                if end is not None:
                    last = tokens[seq[end - 1]]
                    hits.append(Hit(cue, tokens[i].start, last.end, _negated(i, tokens, folded)))
        return sorted(hits, key=lambda h: (h.start, h.end, h.cue.entity, h.cue.text))

    def _candidates(self, token: Token, following: Token | None) -> list[Cue]:
        key = "#" if token.value is not None else token.word
        found = self.first.get(key, [])
        if following is not None and following.value is None:
            found = found + self.pairs.get((key, following.word), [])
        if token.value is None:
            for n in self.prefix_lengths:
                found = found + self.by_prefix.get(token.raw[:n], [])
        return found

    def findings(self, text: str) -> list[Finding]:
        """Entities the text points to, strongest first; negated hits do not count."""
        found: dict[str, Finding] = {}
        for hit in self.scan(text):
            if not hit.negated:
                found.setdefault(hit.cue.entity, Finding(hit.cue.entity)).hits.append(hit)
        return sorted(found.values(), key=lambda f: (-f.strength[0], -f.strength[1], f.entity))


def _key(element: tuple[Any, ...]) -> str:
    """What a token must be to start a cue: its word, or "#" for any number or amount."""
    return str(element[1]) if element[0] == "w" else "#"


def _fits(element: tuple[Any, ...], token: Token) -> bool:
    kind = element[0]
    if kind == "w":
        return token.value is None and token.word == element[1]
    if kind == "p":
        return token.value is None and token.raw.startswith(element[1])
    if kind == "N":
        return token.value is not None
    if kind == "A":
        return token.money
    if kind == "n":
        return token.value == element[1]
    return token.money and token.value == element[1]  # "a": an amount


def _match(
    elements: tuple[tuple[Any, ...], ...], k: int, p: int, seq: list[int], tokens: list[Token], folded: str
) -> int | None:
    """Position in ``seq`` just after a match of ``elements[k:]`` starting at ``p``, or None."""
    if k == len(elements):
        return p
    if elements[k][0] == "g":  # never first: the word before it is at p - 1
        if p >= len(seq) or _broken(seq, tokens, folded, p):
            return None
        for skip in range(elements[k][1] + 1):
            if p + skip >= len(seq) or (skip and _broken(seq, tokens, folded, p + skip)):
                return None
            end = _match(elements, k + 1, p + skip, seq, tokens, folded)
            if end is not None:
                return end
        return None
    if p >= len(seq) or not _fits(elements[k], tokens[seq[p]]):
        return None
    if k and _broken(seq, tokens, folded, p):
        return None
    return _match(elements, k + 1, p + 1, seq, tokens, folded)


def _broken(seq: list[int], tokens: list[Token], folded: str, p: int) -> bool:
    """True when a sentence ends between the tokens at ``p - 1`` and ``p`` of ``seq``."""
    return bool(SENTENCE_BREAK.search(folded, tokens[seq[p - 1]].end, tokens[seq[p]].start))


def _negated(i: int, tokens: list[Token], folded: str) -> bool:
    """A negator among the few words before token ``i``, in the same clause."""
    negators, clause = LEXICON["negators"], LEXICON["clause"]
    for j in range(i - 1, max(i - 1 - LEXICON["window"], -1), -1):
        if CLAUSE_BREAK.search(folded, tokens[j].end, tokens[j + 1].start):
            return False
        raw = tokens[j].raw
        if raw in clause:
            return False
        if raw in negators and not _idiom(j, tokens):
            return True
    return False


def _idiom(j: int, tokens: list[Token]) -> bool:
    """True when the negator at ``j`` belongs to a phrase that negates nothing ("pas à pas")."""
    raw = tokens[j].raw
    for idiom in LEXICON["idioms"]:
        for offset, word in enumerate(idiom):
            if word != raw or j - offset < 0 or j - offset + len(idiom) > len(tokens):
                continue
            if all(tokens[j - offset + n].raw == w for n, w in enumerate(idiom)):
                return True
    return False


# -- the data file --------------------------------------------------------------------------------


def fold_table() -> dict[str, str]:
    """Characters whose fold is not their plain lower case: what the browser needs to fold alike."""
    table = {}
    for code in [*range(0xC0, 0x250), ord("’"), ord("‘"), ord("ʼ")]:
        c = chr(code)
        folded = glossary.fold(c)
        if folded != c.lower():
            table[c] = folded
    return table


def compile_data(kb: KnowledgeBase, cues: list[Cue] | None = None) -> dict[str, Any]:
    """What /verifier/ downloads: the entities with cues, their compiled cues and the matching rules."""
    cues = entity_cues(kb) if cues is None else cues
    slugs = sorted({c.entity for c in cues})
    index = {s: i for i, s in enumerate(slugs)}
    entities = [_entity_data(kb.entities[s]) if s in kb.entities else {"id": s} for s in slugs]
    return {
        "version": 1,
        "lexicon": LEXICON,
        "fold": fold_table(),
        "entities": entities,
        "cues": [[index[c.entity], c.text, c.specificity, [list(e) for e in c.elements]] for c in cues],
    }


def _entity_data(entity: Entity) -> dict[str, Any]:
    return {"id": entity.slug, "kind": entity.type.label, "title": entity.title, "url": entity.url}


def data_json(data: dict[str, Any]) -> str:
    """Compact JSON, safe to serve as is: no raw ``<``, ``>`` or ``&`` from contributor text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
