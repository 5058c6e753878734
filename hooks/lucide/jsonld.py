"""schema.org JSON-LD for each page, from the model: what a machine needs to check our sources.

- a myth is a ``ClaimReview``: the claim, where it appears (our copy of the passage), our verdict text;
- a glossary entry is a ``DefinedTerm`` in the glossary's ``DefinedTermSet``;
- an article is a ``CreativeWork``: author, date, site, genre, the terms we hold it under, the work it relays;
- rules and warning signs are our ``Article`` based on the articles they cite.

Nothing is invented: an unknown author, date or address is left out (an unnamed author is said in
``creditText``). Output is deterministic: sorted keys, fixed separators, lists in model order.
"""

from __future__ import annotations

import json
from typing import Any

from .about import ABOUT_PAGE, ABOUT_TITLE, SiteInfo
from .model import Article, Entity, KnowledgeBase, SourceRef, Term
from .render import GLOSSARY_INDEX, relative_url
from .types import GENRE_BY_ID, GLOSSARY_FOLDER, RIGHTS_BY_ID

JsonObject = dict[str, Any]
GLOSSARY_NAME = "Glossaire"


class Links:
    """URLs as seen from one page: absolute under ``site_url`` when it is known, else relative to the page."""

    def __init__(self, site_url: str, page_url: str):
        self.base = site_url.rstrip("/") + "/" if site_url else ""
        self.page_url = page_url

    def to(self, url: str, anchor: str = "") -> str:
        """``url`` is site-relative (``mythes/x/``, ``""`` for the home page)."""
        target = self.base + url if self.base else relative_url(self.page_url, url)
        if not url and not target.endswith("/"):  # the home page is a directory too: ``../../``
            target += "/"
        return f"{target}#{anchor}" if anchor else target


def for_page(kb: KnowledgeBase, src_uri: str, page_url: str, info: SiteInfo, modified: str = "") -> JsonObject | None:
    """The JSON-LD object of the page at ``src_uri`` (``page_url`` as the engine published it), if it has one."""
    links = Links(info.site_url, page_url)
    found = kb.at(src_uri)
    data: JsonObject | None = None
    if isinstance(found, Entity):
        reviewed = "reality" in found.fields  # a myth answered by our reality
        data = claim_review(found, kb, links, info) if reviewed else entity_work(found, kb, links, info)
    elif isinstance(found, Term):
        data = defined_term(found, links, info)
    elif isinstance(found, Article):
        data = source_work(found, links, info, modified)
    elif src_uri == GLOSSARY_INDEX and kb.terms:
        data = term_set(kb, links, info)
    elif src_uri in ("index.md", ABOUT_PAGE):
        data = site_page(src_uri, links, info)
    if data is None:
        return None
    if modified and not isinstance(found, Article):  # an article's own dates are the original's
        data["dateModified"] = modified
    return {"@context": "https://schema.org", **data}


def script(data: JsonObject) -> str:
    """A ``<script>`` element holding ``data``; ``<``, ``>`` and ``&`` escaped so no text can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'


def insert(html: str, data: JsonObject) -> str:
    """``html`` with the script just before ``</head>`` (unchanged if the page has no head)."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    return html[:head_end] + script(data) + "\n" + html[head_end:]


# -- who we are -----------------------------------------------------------------------------------


def organization(info: SiteInfo, links: Links) -> JsonObject:
    """The editorial team: author of every summary, reality and definition."""
    return {"@type": "Organization", "name": info.team, "url": links.to("")}


def publisher(info: SiteInfo, links: Links) -> JsonObject:
    """Who publishes the site: the configured editor when given, else the editorial team."""
    return {"@type": "Organization", "name": info.editor} if info.editor else organization(info, links)


def _ours(info: SiteInfo, links: Links) -> JsonObject:
    return {"author": organization(info, links), "publisher": publisher(info, links), "inLanguage": "fr"}


def site_page(src_uri: str, links: Links, info: SiteInfo) -> JsonObject:
    """The home page is the ``WebSite``; the about page says who publishes it and how."""
    if src_uri == ABOUT_PAGE:
        return {"@type": "AboutPage", "name": ABOUT_TITLE, "url": links.to(links.page_url), **_ours(info, links)}
    return {"@type": "WebSite", "name": info.site_name, "url": links.to(""), **_ours(info, links)}


# -- articles -------------------------------------------------------------------------------------


def _author(article: Article) -> JsonObject:
    if article.author:
        return {"author": {"@type": "Person", "name": article.author}}
    reason = str(article.record.get("author_unknown", "")).strip()
    return {"creditText": "Auteur non nommé" + (f" : {reason}" if reason else "")}


def _primary_work(record: dict[str, Any]) -> JsonObject | None:
    name, url = str(record.get("based_on", "")), str(record.get("based_on_url", ""))
    if not name and not url:
        return None
    work: JsonObject = {"@type": "CreativeWork"}
    if name:
        work["name"] = name
    if url:
        work["url"] = url
    return work


def _citation(article: Article) -> JsonObject:
    """What any mention of an article says about it: enough to find and judge the original."""
    record = article.record
    data: JsonObject = {"@type": "CreativeWork", "name": article.title, **_author(article)}
    if article.date:
        data["datePublished"] = article.date
    if record.get("publication"):
        data["isPartOf"] = {"@type": "WebSite", "name": str(record["publication"])}
    genre = GENRE_BY_ID.get(str(record.get("genre", "")))
    if genre:
        data["genre"] = genre.label
    primary = _primary_work(record)
    if primary:
        data["isBasedOn"] = primary
    return data


def source_work(article: Article, links: Links, info: SiteInfo, modified: str = "") -> JsonObject:
    """An article's own page: the original work, with our page as the one that presents it."""
    record = article.record
    data = _citation(article)
    if record.get("url"):
        data["url"] = str(record["url"])
    rights = RIGHTS_BY_ID.get(str(record.get("rights", "citation")), RIGHTS_BY_ID["citation"])
    usage: JsonObject = {"@type": "CreativeWork", "name": str(record.get("rights_name") or rights.label)}
    if record.get("rights_url"):
        usage["url"] = str(record["rights_url"])
        if rights.id == "licence":
            data["license"] = str(record["rights_url"])
    data["usageInfo"] = usage
    page: JsonObject = {"@type": "WebPage", "url": links.to(article.url), **_ours(info, links)}
    if modified:
        page["dateModified"] = modified
    data["mainEntityOfPage"] = page
    return data


def _appearance(kb: KnowledgeBase, ref: SourceRef, links: Links) -> JsonObject:
    """A passage we cite, as a work a reader can open: our copy of it, and the original when known."""
    article = kb.articles[ref.article]
    data = _citation(article)
    data["url"] = links.to(article.url, ref.anchor)
    if article.record.get("url"):
        data["sameAs"] = str(article.record["url"])
    return data


# -- entities and terms ---------------------------------------------------------------------------


def claim_review(entity: Entity, kb: KnowledgeBase, links: Links, info: SiteInfo) -> JsonObject:
    """A myth: the claim as we title it, where it appears, and our reality as the verdict (no made-up score)."""
    claim: JsonObject = {"@type": "Claim", "name": entity.title}
    if entity.sources:
        claim["appearance"] = [_appearance(kb, ref, links) for ref in entity.sources]
    return {
        "@type": "ClaimReview",
        "url": links.to(entity.url),
        "name": entity.title,
        "claimReviewed": entity.title,
        "description": entity.summary,
        "itemReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": str(entity.fields["reality"])},
        **_ours(info, links),
    }


def entity_work(entity: Entity, kb: KnowledgeBase, links: Links, info: SiteInfo) -> JsonObject:
    """A rule or a warning sign: our text, based on the articles it cites (and the works they relay)."""
    data: JsonObject = {
        "@type": "Article",
        "url": links.to(entity.url),
        "name": entity.title,
        "headline": entity.title,
        "description": entity.summary,
        **_ours(info, links),
    }
    if entity.sources:
        data["isBasedOn"] = [_appearance(kb, ref, links) for ref in entity.sources]
    return data


def _term_set(links: Links) -> JsonObject:
    return {"@type": "DefinedTermSet", "name": GLOSSARY_NAME, "url": links.to(f"{GLOSSARY_FOLDER}/")}


def _term(term: Term, links: Links) -> JsonObject:
    data: JsonObject = {
        "@type": "DefinedTerm",
        "name": term.term,
        "description": term.definition,
        "url": links.to(term.url),
    }
    if term.aliases:
        data["alternateName"] = list(term.aliases)
    return data


def defined_term(term: Term, links: Links, info: SiteInfo) -> JsonObject:
    """A glossary entry: the term, our definition, and the glossary it belongs to."""
    return {**_term(term, links), "inDefinedTermSet": _term_set(links), **_ours(info, links)}


def term_set(kb: KnowledgeBase, links: Links, info: SiteInfo) -> JsonObject:
    """The glossary index: the set of every defined term, in A–Z order."""
    terms = [_term(t, links) for t in kb.sorted_terms()]
    return {**_term_set(links), "hasDefinedTerm": terms, **_ours(info, links)}
