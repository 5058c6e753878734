"""What of each article the public site shows, and how much of its author's words that is.

By default an article is published as excerpts: the passages that entities cite (or only the exact
words they quote), in article order. The whole text is published only when its rights allow it
(recorded permission or open licence), the article asks for it, and the site allows it. A quota
caps the share of an article's words that excerpts may reach.

The article page, kb.json and the search index all ask this module, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ContentError
from .model import Article, KnowledgeBase, SourceRef
from .parse import Passage
from .text import reader_text, words
from .types import RIGHTS_BY_ID

DEFAULT_QUOTA = 25  # % of an article's words: short quotations (art. L122-5 CPI), not a republication


@dataclass
class Part:
    """One public passage: the whole of it, or only the exact words entities quote from it."""

    passage: Passage
    excerpts: list[str] = field(default_factory=list)  # empty: the whole passage is public

    @property
    def words(self) -> int:
        whole = self.passage.words
        return min(whole, sum(words(e) for e in self.excerpts)) if self.excerpts else whole


@dataclass
class Published:
    """What the public site shows of one article."""

    article: Article
    full_text: bool
    parts: list[Part]  # in article order; with full_text, every passage
    total: int  # words of the whole text

    @property
    def words(self) -> int:
        return self.total if self.full_text else sum(p.words for p in self.parts)

    @property
    def share(self) -> float:
        """Percentage of the article's words on the public site."""
        return 100 * self.words / self.total if self.total else 0.0

    @property
    def quota(self) -> int:
        return int(self.article.record.get("quota") or DEFAULT_QUOTA)


def full_text_allowed(article: Article) -> bool:
    """The article asks for its whole text and its rights allow it."""
    rights = RIGHTS_BY_ID.get(str(article.record.get("rights") or "citation"))
    return bool(article.record.get("full_text")) and rights is not None and rights.full_text


def publish(kb: KnowledgeBase, site_allows_full_text: bool = True) -> dict[str, Published]:
    """Article id -> what is public of it. The site-wide setting can only make this stricter."""
    quoted: dict[SourceRef, set[str] | None] = {}  # None: some entity quotes the whole passage
    for entity in kb.entities.values():
        for ref in entity.sources:
            excerpts = entity.excerpts.get(ref)
            if not excerpts or quoted.get(ref, set()) is None:
                quoted[ref] = None
            else:
                quoted[ref] = (quoted.get(ref) or set()) | set(excerpts)
    result = {}
    for slug, article in sorted(kb.articles.items()):
        passages = list(article.passages.values())
        full = site_allows_full_text and full_text_allowed(article)
        parts = []
        for p in passages:
            ref = SourceRef(slug, p.anchor)
            if full or ref in quoted:
                chosen = quoted.get(ref)
                plain = reader_text(p.text)
                parts.append(Part(p, [] if full or chosen is None else sorted(chosen, key=plain.find)))
        result[slug] = Published(article, full, parts, sum(p.words for p in passages))
    return result


def quota_errors(published: dict[str, Published], kb: KnowledgeBase, display: str) -> list[ContentError]:
    """An article whose excerpts exceed its quota: name it and its longest quotes."""
    errors = []
    for pub in published.values():
        if pub.full_text or pub.share <= pub.quota:
            continue
        longest = sorted(pub.parts, key=lambda p: (-p.words, p.passage.line))[:3]
        cited = ", ".join(
            f"#{p.passage.anchor} ({p.words} mots, cité par "
            + " et ".join(
                e.path.removesuffix(".md") for e in kb.citations.get(SourceRef(pub.article.slug, p.passage.anchor), [])
            )
            + ")"
            for p in longest
        )
        msg = f"{pub.share:.0f} % des mots de l'article seraient publiés, au-delà de son quota de {pub.quota} %"
        fix = (
            f"citez la phrase utile plutôt que le paragraphe : sources: [{pub.article.slug}#ancre « mots exacts »] ; "
            f"plus longues citations : {cited}"
        )
        errors.append(ContentError(f"{display}/{pub.article.path}", 1, msg, fix))
    return errors
