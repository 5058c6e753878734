"""kb.json: the whole knowledge base as data, for other tools. Deterministic: sorted, no timestamps."""

from __future__ import annotations

import json
from typing import Any

from .model import KnowledgeBase


def knowledge_json(kb: KnowledgeBase, used_in: dict[str, list[str]] | None = None) -> str:
    """Serialise ``kb``; ``used_in`` maps a term id to the URLs of the pages that link it."""
    articles = [
        {"id": a.slug, "title": a.title, "author": a.author, "date": a.date, "url": a.url} for a in kb.sorted_articles()
    ]
    entities: list[dict[str, Any]] = []
    for etype, members in kb.by_type():
        for e in members:
            item: dict[str, Any] = {"id": e.slug, "type": etype.id, "title": e.title, "summary": e.summary}
            item.update({k: v for k, v in sorted(e.fields.items())})
            item["url"] = e.url
            item["sources"] = [
                {"article": ref.article, "anchor": ref.anchor, "url": f"{kb.articles[ref.article].url}#{ref.anchor}"}
                for ref in e.sources
            ]
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
