"""kb.json: the whole knowledge base as data, for other tools. Deterministic: sorted, no timestamps."""

from __future__ import annotations

import json
from typing import Any

from .model import Article, KnowledgeBase, SourceRef
from .publication import Published, publish
from .types import GENRE_BY_ID


def knowledge_json(
    kb: KnowledgeBase, used_in: dict[str, list[str]] | None = None, published: dict[str, Published] | None = None
) -> str:
    """Serialise ``kb``; ``used_in`` maps a term id to the URLs of the pages that link it.

    Articles carry their whole citation record and what of them is public, never their text.
    """
    published = published or publish(kb)
    articles = [_article(a, published[a.slug]) for a in kb.sorted_articles()]
    entities: list[dict[str, Any]] = []
    for etype, members in kb.by_type():
        for e in members:
            item: dict[str, Any] = {"id": e.slug, "type": etype.id, "title": e.title, "summary": e.summary}
            item.update({k: v for k, v in sorted(e.fields.items())})
            item["url"] = e.url
            item["sources"] = [_source(kb, ref, e.excerpts.get(ref)) for ref in e.sources]
            item["related"] = [o.slug for o in kb.related(e)]
            entities.append(item)
    data: dict[str, Any] = {"articles": articles, "entities": entities}
    if kb.terms:
        data["terms"] = [
            {
                "id": t.slug,
                "term": t.term,
                "aliases": t.aliases,
                "definition": t.definition,
                "related": sorted(t.related),
                "url": t.url,
                "used_in": sorted((used_in or {}).get(t.slug, [])),
            }
            for t in kb.sorted_terms()
        ]
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    # the same data, but safe to paste into an HTML page: no raw <, > or & from contributor text
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _article(article: Article, pub: Published) -> dict[str, Any]:
    genre = GENRE_BY_ID.get(str(article.record.get("genre", "")))
    record = {k: v for k, v in sorted(article.record.items()) if k not in ("title", "summary")}
    return {
        "id": article.slug,
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "summary": article.summary,
        "record": record,
        "genre_label": genre.label if genre else "",
        "caution": bool(genre and genre.caution),  # satire or sales page: not the author's claims
        "published": {
            "mode": "texte-integral" if pub.full_text else "extraits",
            "passages": [p.passage.anchor for p in pub.parts],
            "share": round(pub.share, 1),
            "quota": pub.quota,
        },
        "url": article.url,
    }


def _source(kb: KnowledgeBase, ref: SourceRef, excerpts: list[str] | None) -> dict[str, Any]:
    article = kb.articles[ref.article]
    genre = GENRE_BY_ID.get(str(article.record.get("genre", "")))
    item: dict[str, Any] = {"article": ref.article, "anchor": ref.anchor, "url": f"{article.url}#{ref.anchor}"}
    if excerpts:
        item["excerpts"] = excerpts
    if genre and genre.caution:
        item["caution"] = genre.caption
    return item
