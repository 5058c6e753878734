"""Python-Markdown extension: Lucide's work inside each page's element tree.

- strips passage annotations (``mythe="…"``) from the HTML, they are for the model only;
- in an article, links every quoted passage to the entity pages that quote it;
- links glossary terms: the first occurrence of each term on a page, and every ``[[terme]]``,
  with its definition as an accessible tooltip.

Passage links are written to ``.md`` targets relative to the current page; MkDocs' own tree
processor (priority 0) runs after ours, validates them and turns them into URLs. Term links, by the
thousand, go in as final URLs computed from the model's page URLs, after MkDocs' processor: every
target is a page the model holds, so re-resolving each of them would only cost time.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree  # noqa: N813 (the name Python-Markdown uses)
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .glossary import EXPLICIT
from .model import Article, Entity, KnowledgeBase, SourceRef
from .render import GLOSSARY_INDEX, entity_label, relative, relative_url
from .types import ANNOTATION_KEYS, ENTITY_BY_NAME
from .typography import french

ENTITY_NAMES = frozenset(ENTITY_BY_NAME)

# Never link a term inside these: code, headings, links, and Lucide's own labels.
SKIP_TAGS = frozenset(
    {
        "code",
        "pre",
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "script",
        "style",
        "kbd",
        "samp",
        "abbr",
        "button",
        "svg",
        "math",
    }
)
SKIP_CLASSES = frozenset({"lucide-renvois", "lucide-type", "lucide-source", "lucide-bulle", "headerlink"})


@dataclass
class RenderState:
    """What the tree processors need to know about the build and the page being rendered."""

    kb: KnowledgeBase = field(default_factory=KnowledgeBase)
    page: str = ""  # source path of the page being converted, relative to docs/
    usage: dict[str, set[str]] = field(default_factory=dict)  # term id -> pages that link it
    urls: dict[str, str] = field(default_factory=dict)  # source path -> published URL, from the engine

    def article(self) -> Article | None:
        return self.kb.article_at(self.page)

    def link_to(self, target: str) -> str:
        """Final URL of source page ``target`` from the current page, or a ``.md`` link to resolve."""
        here, there = self.urls.get(self.page), self.urls.get(target)
        if here is None or there is None:
            return relative(self.page, target)
        # "a/b/" is a folder; "a/b.html" (use_directory_urls: false) lives in "a"
        return relative_url(here if here.endswith("/") else posixpath.dirname(here), there)


class PassageLinks(Treeprocessor):
    """Strip annotations; under each quoted passage of an article, link the entities quoting it."""

    def __init__(self, md: Markdown, state: RenderState):
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        article = self.state.article()
        # the parent map is only needed to insert backlinks, which only articles get
        parents = {child: parent for parent in root.iter() for child in parent} if article else {}
        for el in list(root.iter()):
            if ENTITY_NAMES.intersection(el.keys()):  # an annotated passage: the model has read it
                for key in ANNOTATION_KEYS.intersection(el.keys()):
                    del el.attrib[key]
            anchor = el.get("id")
            if article and anchor:
                cited = self.state.kb.citations.get(SourceRef(article.slug, anchor))
                if cited:
                    self.link_passage(el, parents.get(el), cited)

    def link_passage(self, el: etree.Element, parent: etree.Element | None, cited: list[Entity]) -> None:
        if el.tag == "li" or parent is None:
            box = etree.SubElement(el, "span")
        else:
            box = etree.Element("p")
            parent.insert(list(parent).index(el) + 1, box)
        box.set("class", "lucide-renvois")
        box.text = "Cité par : "
        for i, entity in enumerate(cited):
            a = etree.SubElement(box, "a", href=relative(self.state.page, entity.path))
            a.set("class", f"lucide-renvoi lucide-{entity.type.id}")
            a.text = f"{entity_label(entity)} — {entity.title}"
            if i < len(cited) - 1:
                a.tail = " · "


class TermLinks(Treeprocessor):
    """Glossary links, found in text nodes only, so markup, code and links stay untouched."""

    def __init__(self, md: Markdown, state: RenderState):
        super().__init__(md)
        self.state = state
        self.linked: set[str] = set()
        self.tips: dict[str, int] = {}
        self.own = ""

    def run(self, root: etree.Element) -> None:
        if not self.state.kb.terms or self.state.page == GLOSSARY_INDEX:  # the glossary lists terms already
            return
        self.linked, self.tips = set(), {}
        own = self.state.kb.term_at(self.state.page)
        self.own = own.slug if own else ""
        self.walk(root)

    def walk(self, el: etree.Element) -> None:
        classes = el.get("class")
        if el.tag in SKIP_TAGS or (classes and not SKIP_CLASSES.isdisjoint(classes.split())):
            return
        if el.text:
            el.text, nodes = self.link(el.text)
            for i, node in enumerate(nodes):
                el.insert(i, node)
        for child in list(el):
            self.walk(child)
            if child.tail:
                child.tail, nodes = self.link(child.tail)
                if nodes:  # rare: finding the child's place costs a pass over its siblings
                    at = list(el).index(child) + 1
                    for i, node in enumerate(nodes):
                        el.insert(at + i, node)

    def link(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split ``text`` into leading text and term elements (each carrying its tail)."""
        if len(text) < 3 or text.isspace():  # the newlines between blocks: most text nodes
            return text, []
        spans: list[tuple[int, int, str, str]] = []  # start, end, term id, label
        cursor = 0
        for ref in EXPLICIT.finditer(text):
            spans += self.automatic(text, cursor, ref.start())
            term = self.state.kb.matcher.lookup(ref.group(1))
            if term:  # an unknown [[term]] stays visible as typed; the check reports it with its line
                spans.append((ref.start(), ref.end(), term, (ref.group(2) or ref.group(1)).strip()))
            cursor = ref.end()
        spans += self.automatic(text, cursor, len(text))
        if not spans:
            return text, []
        nodes = []
        for i, (_, end, term, label) in enumerate(spans):
            node = self.element(term, label)
            node.tail = text[end : spans[i + 1][0] if i + 1 < len(spans) else len(text)]
            nodes.append(node)
        return text[: spans[0][0]], nodes

    def automatic(self, text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
        found = []
        for m in self.state.kb.matcher.find(text[start:end]):
            if m.term not in self.linked and m.term != self.own:
                self.linked.add(m.term)
                found.append((start + m.start, start + m.end, m.term, text[start + m.start : start + m.end]))
        return found

    def element(self, term_id: str, label: str) -> etree.Element:
        term = self.state.kb.terms[term_id]
        self.state.usage.setdefault(term_id, set()).add(self.state.page)
        self.linked.add(term_id)
        self.tips[term_id] = self.tips.get(term_id, 0) + 1
        n = self.tips[term_id]
        tip = f"lucide-def-{term_id}" + (f"-{n}" if n > 1 else "")
        wrap = etree.Element("span", {"class": "lucide-terme"})
        a = etree.SubElement(wrap, "a", {"href": self.state.link_to(term.path), "aria-describedby": tip})
        a.text = label
        bubble = etree.SubElement(wrap, "span", {"class": "lucide-bulle", "role": "tooltip", "id": tip})
        bubble.set("data-pagefind-ignore", "all")  # the definition belongs to the glossary, not to this page
        bubble.text = french(term.definition)  # our text, typeset here: typography ran before term links
        return wrap


# Never retypeset code or the authors' words (quotes on entity pages).
VERBATIM_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "math"})
VERBATIM_CLASSES = frozenset({"lucide-citation"})
# On an article page everything is the author's text except what Lucide adds, marked by these classes.
OWN_TEXT_CLASSES = frozenset(
    {
        "lucide-fiche-source",  # the citation record
        "lucide-resume",
        "lucide-renvois",
        "lucide-type",
        "lucide-bulle",
        "lucide-coupure",  # « […] » between excerpts
        "admonition",  # the caution about a satire or a sales page
        "headerlink",
    }
)


class Typography(Treeprocessor):
    """French spacing and apostrophes in the text nodes of what Lucide writes (see ``typography``)."""

    def __init__(self, md: Markdown, state: RenderState):
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        ours = self.state.article() is None
        self.walk(root, ours)
        if ours:  # toc has copied the headings' text, collapsing no-break spaces: the sidebar reads as the page
            self.retitle(getattr(self.md, "toc_tokens", []))

    def retitle(self, tokens: list[dict]) -> None:
        for token in tokens:
            token["name"] = french(token["name"])
            self.retitle(token.get("children", []))

    def walk(self, el: etree.Element, ours: bool) -> None:
        if el.tag in VERBATIM_TAGS:
            return
        classes = el.get("class")
        if classes:  # most elements have none
            names = classes.split()
            if not VERBATIM_CLASSES.isdisjoint(names):
                return
            ours = ours or not OWN_TEXT_CLASSES.isdisjoint(names)
        if ours and el.text:
            el.text = french(el.text)
        for child in el:
            self.walk(child, ours)
            if ours and child.tail:
                child.tail = french(child.tail)


class LucideExtension(Extension):
    """Registers Lucide's tree processors; created once per build with that build's state."""

    def __init__(self, state: RenderState):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # after attr_list (8) has set ids and attributes, before toc (5) and MkDocs' links (0)
        md.treeprocessors.register(PassageLinks(md, self.state), "lucide_passages", 7)
        # after toc (5): heading ids and anchors are made from the text as written, never from the typeset one
        md.treeprocessors.register(Typography(md, self.state), "lucide_typography", 4)
        # after MkDocs' links (0): term links are final URLs already (see the module docstring)
        md.treeprocessors.register(TermLinks(md, self.state), "lucide_terms", -1)
