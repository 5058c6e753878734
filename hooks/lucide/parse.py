"""Article bodies -> passages: every anchored heading, paragraph and list item, with its annotations.

A passage is anchored by an attribute list (Python-Markdown ``attr_list``) on its own line below it,
or at the end of a heading line::

    Le mythe : il est facile de gagner de l'argent en ligne.
    {: #le-mythe-facile mythe="argent-facile" }

Keys named after an entity type (``mythe``, ``regle``, ``signal``) are annotations: they make the
passage a source of those entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ContentError
from .text import words as word_count

# Linear on any line: no two quantifiers compete for the same characters (the attributes keep their
# spaces; parse_attrs ignores them). A heading's trailing {…} is split off in code: see heading().
ATTR_LINE = re.compile(r"^\s*\{:?(?P<attrs>[^}]*)\}\s*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*)$")
LIST_ITEM = re.compile(r"^\s{0,3}(?:\d{1,3}[.)]|[-*+])\s+")
# A key starts where a word starts: retrying from inside a long word would be quadratic.
_ATTR = re.compile(r"""#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)|(?<![\w-])(?P<key>[\w-]+)=(?P<val>"[^"]*"|'[^']*'|\S+)""")


@dataclass
class Passage:
    """An anchored block of an article: what entity pages quote and link to."""

    anchor: str
    kind: str  # "heading", "paragraph" or "item"
    text: str  # the Markdown source of the passage, without its marker and attributes
    line: int  # line of the passage's first line in its file
    attrs: dict[str, str] = field(default_factory=dict)  # key=value attributes (annotations)
    attrs_line: int = 0
    words: int = field(init=False)  # as a reader counts them: publication caps the share of an article quoted

    def __post_init__(self) -> None:
        self.words = word_count(self.text)  # counted with the file's reading, which is cached by content


def heading(line: str) -> tuple[str, str, str | None] | None:
    """``## Titre {: #id }`` -> (hashes, text, attributes or None), in linear time; None if not a heading.

    The attribute list is the first ``{`` after which the line holds no other ``}`` than the final one.
    """
    m = HEADING.match(line)
    if m is None:
        return None
    text = m.group("text").rstrip()
    if not text.endswith("}"):
        return m.group("hashes"), text, None
    close = len(text) - 1
    opening = text.find("{", text.rfind("}", 0, close) + 1, close)
    if opening == -1:
        return m.group("hashes"), text, None
    return m.group("hashes"), text[:opening].rstrip(), text[opening + 1 : close].removeprefix(":").strip()


def parse_attrs(source: str) -> tuple[str, dict[str, str]]:
    """``#id .cls key="v"`` -> (id, {key: v}); classes are left to Markdown."""
    anchor, attrs = "", {}
    for m in _ATTR.finditer(source):
        if m.group("id"):
            anchor = m.group("id")
        elif m.group("key"):
            attrs[m.group("key")] = m.group("val").strip("\"'")
    return anchor, attrs


def passages(body: str, path: str, first_line: int = 1) -> tuple[list[Passage], list[ContentError]]:
    """Every anchored passage of an article body, in order; duplicate anchors are errors."""
    found: list[Passage] = []
    block: list[str] = []
    kind, start = "paragraph", first_line
    in_fence = False
    for number, line in enumerate(body.split("\n"), first_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or not line.strip():
            block = []
            continue
        head = heading(line)
        attr_line = ATTR_LINE.match(line)
        if head:
            block = []
            if head[2] is not None:
                anchor, attrs = parse_attrs(head[2])
                if anchor:
                    found.append(Passage(anchor, "heading", head[1], number, attrs, number))
        elif attr_line and block:
            anchor, attrs = parse_attrs(attr_line.group("attrs"))
            if anchor:
                text = LIST_ITEM.sub("", " ".join(s.strip() for s in block), count=1)
                found.append(Passage(anchor, kind, text, start, attrs, number))
            block = []
        else:
            if LIST_ITEM.match(line) or not block:
                kind = "item" if LIST_ITEM.match(line) else "paragraph"
                block, start = [], number
            block.append(line)
    return found, _duplicates(found, path)


def _duplicates(found: list[Passage], path: str) -> list[ContentError]:
    seen: dict[str, int] = {}
    errors = []
    for p in found:
        if p.anchor in seen:
            msg = f"ancre « #{p.anchor} » déjà utilisée ligne {seen[p.anchor]}"
            errors.append(ContentError(path, p.attrs_line, msg, "donnez à ce passage une ancre unique"))
        else:
            seen[p.anchor] = p.attrs_line
    return errors


# Python-Markdown reads links in time quadratic in the "[" of one paragraph (50,000 take minutes):
# a real paragraph has a handful, so a bound costs writers nothing and keeps every build short.
MAX_BRACKETS = 1000


def too_many_brackets(body: str, path: str, first_line: int = 1) -> list[ContentError]:
    """Paragraphs with more "[" than Python-Markdown can read quickly, one error each."""
    errors = []
    start, count = 0, 0
    for i, line in enumerate(body.split("\n")):
        if not line.strip():
            start, count = i + 1, 0
            continue
        count += line.count("[")
        if count > MAX_BRACKETS:
            msg = f"paragraphe de plus de {MAX_BRACKETS} crochets « [ » : le site mettrait des minutes à le lire"
            fix = "coupez-le en plusieurs paragraphes, ou retirez ces crochets"
            errors.append(ContentError(path, first_line + start, msg, fix))
            count = -len(body)  # once per paragraph
    return errors
