"""One build of the site, engine-independent: load the model, generate and complete pages, export.

The MkDocs adapter calls these methods from its events; another engine could do the same.
"""

from __future__ import annotations

import html
from pathlib import Path

from . import render, search
from .errors import ContentError
from .export import knowledge_json
from .load import load
from .markdown_ext import LucideExtension, RenderState
from .model import KnowledgeBase
from .types import ARTICLE_FOLDER, ENTITY_BY_FOLDER, ENTITY_TYPES, GLOSSARY_FOLDER

HOME_MARKER = "<!-- lucide:collections -->"
SEARCH_PAGE = "recherche.md"


class Build:
    """The state of one build; every engine event calls one of these methods."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self.state = RenderState()
        self.extension = LucideExtension(self.state)
        self.pages: dict[str, tuple[str, str]] = {}  # source path -> (URL, title) of rendered pages

    @property
    def kb(self) -> KnowledgeBase:
        return self.state.kb

    def load(self) -> list[ContentError]:
        """Read every content file and build the linked model; return what is wrong."""
        self.state.kb, errors = load(self.docs_dir)
        return errors

    def generated_pages(self, existing: set[str]) -> list[tuple[str, str]]:
        """(source path, Markdown) of pages the site needs that no contributor wrote."""
        pages = []
        for etype in ENTITY_TYPES:
            if render.index_path(etype) not in existing:
                pages.append((render.index_path(etype), render.type_index(etype, self.kb)))
        if render.ARTICLE_INDEX not in existing:
            pages.append((render.ARTICLE_INDEX, render.article_index(self.kb)))
        if self.kb.terms and render.GLOSSARY_INDEX not in existing:
            pages.append((render.GLOSSARY_INDEX, render.glossary_index(self.kb)))
        for entity in sorted(self.kb.entities.values(), key=lambda e: e.path):
            if entity.generated and entity.path not in existing:
                pages.append((entity.path, render.generated_entity(entity, self.kb)))
        return pages

    def top_order(self, name: str) -> tuple[int, str]:
        """Order of the top-level navigation: home, the collections, glossary, articles, the guide."""
        order = ["index.md", *(t.folder for t in ENTITY_TYPES), GLOSSARY_FOLDER, ARTICLE_FOLDER, "contribuer"]
        return (order.index(name), name) if name in order else (len(order), name)

    def section_title(self, folder: str) -> str:
        """French title of a navigation section, from the types table."""
        etype = ENTITY_BY_FOLDER.get(folder)
        return etype.plural if etype else {ARTICLE_FOLDER: "Articles", GLOSSARY_FOLDER: "Glossaire"}.get(folder, "")

    def nav_key(self, src_uri: str) -> tuple[int, tuple[object, ...]]:
        """Order inside a section: index first, then the collection's own order."""
        if src_uri.endswith("index.md"):
            return (0, ())
        entity = self.kb.entity_at(src_uri)
        if entity:
            return (1, entity.sort_key)
        return (1, (src_uri,))

    def page_markdown(self, src_uri: str, markdown: str) -> str:
        """The Markdown to render for ``src_uri``: contributor pages completed from the model."""
        self.state.page = src_uri
        if src_uri == "index.md" and HOME_MARKER in markdown:
            return markdown.replace(HOME_MARKER, render.collections(self.kb))
        article = self.state.article()
        if article:
            return render.article_page(article, markdown)
        entity = self.kb.entity_at(src_uri)
        if entity and not entity.generated:
            return render.entity_body(entity, self.kb)
        term = self.kb.term_at(src_uri)
        if term:
            return render.term_page(term, self.kb)
        return markdown

    def title(self, src_uri: str, given: str) -> str:
        """A page's title: a glossary entry is titled by its term as written ("CPF", not "Cpf")."""
        term = self.kb.term_at(src_uri)
        return term.term if term and not given else given

    def description(self, src_uri: str, markdown: str) -> str:
        """What a shared link or a search engine shows of the page: our summary, else its first paragraph."""
        entity, term, article = self.kb.entity_at(src_uri), self.kb.term_at(src_uri), self.kb.article_at(src_uri)
        if entity:
            return render.plain_text(entity.summary)
        if term:
            return render.plain_text(term.definition)
        if article:
            return render.plain_text(article.summary or markdown)
        return render.plain_text(markdown, shortest=40)  # skip bylines and one-line intros

    def page_rendered(self, src_uri: str, url: str, title: str) -> None:
        """Remember where a page went, for lists of pages built once all are rendered."""
        self.pages[src_uri] = (url, html.unescape(title))  # titles arrive HTML-escaped

    def used_in(self, term_id: str) -> list[tuple[str, str]]:
        """(URL, title) of the pages that link ``term_id``, in title order."""
        found = [self.pages[src] for src in self.state.usage.get(term_id, ()) if src in self.pages]
        return sorted(found, key=lambda p: (p[1].casefold(), p[0]))

    def post_page(self, src_uri: str, url: str, output: str) -> str:
        """Fill what could only be known after every page was rendered."""
        term = self.kb.term_at(src_uri)
        if term and render.USED_IN_MARKER in output:
            output = output.replace(render.USED_IN_MARKER, render.used_in(self.used_in(term.slug), url))
        if self.searchable(src_uri):
            output = search.mark_page(output, search.tags(self.kb, src_uri))
        return output

    def searchable(self, src_uri: str) -> bool:
        """Search finds content pages and the collections (by their title: their lists repeat other pages)."""
        return src_uri not in ("index.md", SEARCH_PAGE)

    def write_outputs(self, site_dir: Path) -> None:
        """After every page is written: kb.json (with the term uses now known), then the search index."""
        used = {t: [url for url, _ in self.used_in(t)] for t in self.kb.terms}
        (site_dir / "kb.json").write_text(knowledge_json(self.kb, used), encoding="utf-8")
        search.index_site(site_dir)
