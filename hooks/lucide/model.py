"""The knowledge base: articles with their passages, entities, glossary terms, and how they link."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .glossary import Matcher
from .parse import Passage
from .text import collation_key
from .types import ARTICLE_FOLDER, ENTITY_TYPES, GLOSSARY_FOLDER, EntityType


@dataclass
class Article:
    """A source article: the authors' words, with every anchored passage."""

    slug: str
    path: str  # source path relative to docs/, e.g. "articles/x.md"
    title: str
    author: str = ""
    date: str = ""
    summary: str = ""
    passages: dict[str, Passage] = field(default_factory=dict)
    # The citation record as validated (types.ARTICLE_FIELDS): url or url_unknown, publication, genre,
    # rights, consulted, based_on, removed… with defaults filled in (rights: citation).
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{ARTICLE_FOLDER}/{self.slug}/"


@dataclass(frozen=True, order=True)
class SourceRef:
    """A citation: passage ``anchor`` of article ``article``."""

    article: str
    anchor: str

    def __str__(self) -> str:
        return f"{self.article}#{self.anchor}"


@dataclass
class Entity:
    """A myth, rule or sign (any declared type): our summary, its sources and its relations."""

    type: EntityType
    slug: str
    title: str
    summary: str
    path: str  # source path relative to docs/ (a generated page when ``generated``)
    fields: dict[str, Any] = field(default_factory=dict)  # type-specific fields (reality, number)
    sources: list[SourceRef] = field(default_factory=list)
    # shorter quotes: the exact words an entity quotes from a passage, instead of the whole passage
    excerpts: dict[SourceRef, list[str]] = field(default_factory=dict)
    related: set[str] = field(default_factory=set)
    body: str = ""  # the contributor's own Markdown below the front matter
    generated: bool = False  # defined by an annotation only, without a page of its own

    @property
    def url(self) -> str:
        return f"{self.type.folder}/{self.slug}/"

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.fields.get(self.type.sort_key, 0), collation_key(self.title), self.slug)


@dataclass
class Term:
    """A glossary term: our definition and the other ways it is written."""

    slug: str
    term: str
    definition: str
    path: str
    aliases: list[str] = field(default_factory=list)
    related: set[str] = field(default_factory=set)
    body: str = ""

    @property
    def url(self) -> str:
        return f"{GLOSSARY_FOLDER}/{self.slug}/"


@dataclass
class KnowledgeBase:
    """Everything the site knows, complete and cross-linked before any page renders."""

    articles: dict[str, Article] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    # (article, anchor) -> entities quoting that passage; filled by the link stage
    citations: dict[SourceRef, list[Entity]] = field(default_factory=dict)
    # every written form of every glossary term, compiled once by the link stage
    matcher: Matcher = field(default_factory=lambda: Matcher([]))

    def at(self, path: str) -> Article | Entity | Term | None:
        """The article, entity or term whose page is ``path`` (relative to docs/), if any."""
        folder, _, name = path.partition("/")
        slug = name.removesuffix(".md")
        pool: dict = (
            self.articles if folder == ARTICLE_FOLDER else self.terms if folder == GLOSSARY_FOLDER else self.entities
        )
        found = pool.get(slug)
        return found if found is not None and found.path == path else None

    def article_at(self, path: str) -> Article | None:
        found = self.at(path)
        return found if isinstance(found, Article) else None

    def entity_at(self, path: str) -> Entity | None:
        found = self.at(path)
        return found if isinstance(found, Entity) else None

    def term_at(self, path: str) -> Term | None:
        found = self.at(path)
        return found if isinstance(found, Term) else None

    def of_type(self, entity_type: EntityType) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.type == entity_type), key=lambda e: e.sort_key)

    def by_type(self) -> list[tuple[EntityType, list[Entity]]]:
        return [(t, self.of_type(t)) for t in ENTITY_TYPES]

    def related(self, entity: Entity) -> list[Entity]:
        found = (self.entities[s] for s in entity.related if s in self.entities)
        order = {t.id: i for i, t in enumerate(ENTITY_TYPES)}
        return sorted(found, key=lambda e: (order[e.type.id], e.sort_key))

    def passage(self, ref: SourceRef) -> Passage:
        return self.articles[ref.article].passages[ref.anchor]

    def sorted_articles(self) -> list[Article]:
        return sorted(self.articles.values(), key=lambda a: (collation_key(a.title), a.slug))

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms.values(), key=lambda t: (collation_key(t.term), t.slug))
