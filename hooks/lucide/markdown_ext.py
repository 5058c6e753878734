"""Python-Markdown extension: Lucide's work inside each page's element tree.

- strips passage annotations (``mythe="…"``) from the HTML, they are for the model only;
- in an article, links every quoted passage to the entity pages that quote it.

Links are written to ``.md`` targets relative to the current page; MkDocs' own tree processor
(priority 0) runs after ours, validates them and turns them into URLs.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .model import Article, KnowledgeBase, SourceRef
from .render import entity_label, relative
from .types import ENTITY_TYPES

ANNOTATION_KEYS = frozenset({t.name for t in ENTITY_TYPES} | {f.name for t in ENTITY_TYPES for f in t.fields})


@dataclass
class RenderState:
    """What the tree processor needs to know about the build and the page being rendered."""

    kb: KnowledgeBase = field(default_factory=KnowledgeBase)
    page: str = ""  # source path of the page being converted, relative to docs/

    def article(self) -> Article | None:
        article = self.kb.articles.get(self.page.removeprefix("articles/").removesuffix(".md"))
        return article if article and article.path == self.page else None


class PassageLinks(Treeprocessor):
    def __init__(self, md: Markdown, state: RenderState):
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        article = self.state.article()
        parents = {child: parent for parent in root.iter() for child in parent}
        for el in list(root.iter()):
            for key in ANNOTATION_KEYS.intersection(el.keys()):
                del el.attrib[key]
            anchor = el.get("id")
            if article and anchor:
                cited = self.state.kb.citations.get(SourceRef(article.slug, anchor))
                if cited:
                    self.link_passage(el, parents.get(el), cited)

    def link_passage(self, el: etree.Element, parent: etree.Element | None, cited: list) -> None:
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


class LucideExtension(Extension):
    def __init__(self, state: RenderState):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # after attr_list (8) has set ids and attributes, before toc (5) and MkDocs' links (0)
        md.treeprocessors.register(PassageLinks(md, self.state), "lucide_passages", 6)
