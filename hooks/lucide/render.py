"""Model -> Markdown for every page Lucide writes or completes.

Links are emitted as relative links to ``.md`` files so the engine validates every target and
anchor (``mkdocs build --strict``) and computes the published URLs itself.
"""

from __future__ import annotations

import html
import posixpath
import re

import yaml

from .model import Article, Entity, KnowledgeBase, SourceRef, Term
from .text import MONTHS, collation_key
from .types import ARTICLE_FOLDER, GLOSSARY_FOLDER, EntityType

_LINK_TEXT = re.compile(r"([\[\]\\`*_])")
_BLOCK_MARKER = re.compile(r"^(\d+)([.)])(\s)|^([#>+*-])(\s)")


def escape(text: str) -> str:
    """Contributor text shown as text: HTML is escaped, Markdown inline syntax still works."""
    return html.escape(text, quote=False)


def link_text(text: str) -> str:
    """Text safe inside ``[...]``: escaped HTML and no stray brackets or emphasis."""
    return _LINK_TEXT.sub(r"\\\1", escape(text))


def inline(markdown: str) -> str:
    """Passage Markdown placed where a block marker would change it: ``1. Titre`` stays text."""
    return _BLOCK_MARKER.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}" if m.group(1) else f"\\{m.group(4)}{m.group(5)}", markdown
    )


def relative(from_page: str, to_page: str) -> str:
    """Relative path between two source files: ``mythes/a.md`` -> ``articles/b.md``."""
    return _relpath(to_page, posixpath.dirname(from_page))


def _relpath(target: str, start: str) -> str:
    # posixpath.relpath asks the OS for the working directory on every call: too slow per link
    to, base = [p for p in target.split("/") if p], [p for p in start.split("/") if p]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def front_matter(**meta: object) -> str:
    """YAML front matter for a generated page."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def french_date(iso: str) -> str:
    """``2020-10-15`` -> ``15 octobre 2020``; anything else is shown as given."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return iso
    day = int(m.group(3))
    return f"{'1er' if day == 1 else day} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def entity_label(entity: Entity) -> str:
    """``Mythe``, ``Règle 3``: how an entity is introduced in lists and backlinks."""
    number = entity.fields.get("number")
    return f"{entity.type.label} {number}" if number else entity.type.label


_MD_NOISE = [
    (re.compile(r"\{:?[^}]*\}"), ""),  # attribute lists
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]"), r"\1"),  # [[terme]]
    (re.compile(r"<[^>]+>|[*_`#>]|\\"), ""),  # tags, emphasis, heading and quote markers, escapes
]


def plain_text(markdown: str, limit: int = 200, shortest: int = 1) -> str:
    """The first paragraph of ``markdown`` with at least ``shortest`` characters, as plain text cut at a word."""
    for block in re.split(r"\n\s*\n", markdown):
        if block.lstrip().startswith(("#", "<!--", "---", "```", "|")):
            continue
        text = block
        for pattern, replacement in _MD_NOISE:
            text = pattern.sub(replacement, text)
        text = " ".join(text.split())
        if len(text) >= shortest:
            return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return ""


def first_sentence(text: str) -> str:
    """The first sentence of a summary, for one-line listings."""
    return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]


# -- articles -------------------------------------------------------------------------------------


def attribution(article: Article) -> str:
    """The line under an article's title: whose words these are and where they come from."""
    who = f"**{escape(article.author)}**" if article.author else "un auteur que le texte ne nomme pas"
    when = f", publié le {french_date(article.date)}" if article.date else ""
    source = f" Source : `{article.source}`." if article.source else ""
    return (
        f"Texte de {who}{when}, reproduit tel que publié ; seuls les commentaires, invitations au partage "
        f"et publicités de la page d'origine ont été retirés.{source}\n{{: .lucide-attribution }}\n\n"
    )


def article_page(article: Article, body: str) -> str:
    """An article as published: attribution, our presentation, then the authors' text."""
    summary = (
        f"**Présentation de la rédaction :** {escape(article.summary)}\n{{: .lucide-resume }}\n\n"
        if article.summary
        else ""
    )
    return attribution(article) + summary + body


# -- entities -------------------------------------------------------------------------------------


def quote(kb: KnowledgeBase, ref: SourceRef, from_page: str) -> str:
    """A passage as a blockquote of the author's exact words, then who wrote it and a link to it."""
    article = kb.articles[ref.article]
    passage = kb.passage(ref)
    who = escape(article.author) if article.author else "auteur non nommé"
    target = relative(from_page, article.path) + f"#{ref.anchor}"
    return (
        f'<div class="lucide-citation" markdown>\n\n> {inline(passage.text)}\n\n'
        f"— {who}, [*{link_text(article.title)}*]({target})\n{{: .lucide-source }}\n\n</div>\n"
    )


def entity_body(entity: Entity, kb: KnowledgeBase) -> str:
    """Everything below the title of an entity page."""
    page = entity.path
    parts = [
        f"{entity_label(entity)} · résumé de la rédaction\n{{: .lucide-type }}\n",
        f"{escape(entity.summary)}\n{{: .lucide-resume }}\n",
    ]
    if "reality" in entity.fields:
        parts.append(f"## La réalité\n\n{escape(str(entity.fields['reality']))}\n{{: .lucide-realite }}\n")
    if entity.sources:
        heading = "## Ce que dit la source" if len(entity.sources) == 1 else "## Ce que disent les sources"
        parts.append(heading + "\n\n" + "\n".join(quote(kb, ref, page) for ref in entity.sources))
    related = kb.related(entity)
    if related:
        items = [
            f"- {entity_label(other)} : [{link_text(other.title)}]({relative(page, other.path)})" for other in related
        ]
        parts.append("## Fiches liées\n\n" + "\n".join(items) + "\n")
    if entity.body.strip():
        parts.append("## Notes de la rédaction\n\n" + entity.body.strip() + "\n")
    return "\n".join(parts)


def generated_entity(entity: Entity, kb: KnowledgeBase) -> str:
    """A whole page for an entity declared only by an annotation in an article."""
    return front_matter(title=entity.title) + entity_body(entity, kb)


def index_path(etype: EntityType) -> str:
    """Where a collection's index page lives."""
    return f"{etype.folder}/index.md"


def type_index(etype: EntityType, kb: KnowledgeBase) -> str:
    """The index page of one collection: one line per entity."""
    page = index_path(etype)
    entities = kb.of_type(etype)
    lines = [front_matter(title=etype.plural), f"{etype.intro}\n", f"{_count(len(entities), 'fiche')}.\n"]
    for e in entities:
        marker = f"{e.fields['number']}." if etype.sort_key == "number" else "-"
        summary = escape(first_sentence(e.summary))
        lines.append(f"{marker} [{link_text(e.title)}]({relative(page, e.path)}) — {summary}")
    return "\n".join(lines) + "\n"


ARTICLE_INDEX = f"{ARTICLE_FOLDER}/index.md"


def article_index(kb: KnowledgeBase) -> str:
    """Every source article, with its author and our one-line presentation."""
    lines = [
        front_matter(title="Articles"),
        "Les articles dont Lucide tire ses fiches, reproduits tels que publiés, avec le nom de leur auteur.\n",
        f"{_count(len(kb.articles), 'article')}.\n",
    ]
    for article in kb.sorted_articles():
        who = f" — {escape(article.author)}" if article.author else ""
        summary = f" : {escape(article.summary)}" if article.summary else ""
        # titles of works in italics (French usage): their own ? or ! then reads as part of the title
        lines.append(f"- [*{link_text(article.title)}*]({relative(ARTICLE_INDEX, article.path)}){who}{summary}")
    return "\n".join(lines) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def collections(kb: KnowledgeBase, page: str = "index.md") -> str:
    """The home page block: each collection with its count, then the articles."""
    lines = ["## Les collections\n"]
    for etype, entities in kb.by_type():
        target = relative(page, index_path(etype))
        lines.append(f"- **[{etype.plural}]({target})** ({_count(len(entities), 'fiche')}) — {etype.intro}")
    lines.append(f"\n## [Les articles sources]({relative(page, ARTICLE_INDEX)})\n")
    for article in kb.sorted_articles():
        who = f", de {escape(article.author)}" if article.author else ""
        lines.append(f"- [*{link_text(article.title)}*]({relative(page, article.path)}){who}")
    return "\n".join(lines) + "\n"


# -- glossary -------------------------------------------------------------------------------------

GLOSSARY_INDEX = f"{GLOSSARY_FOLDER}/index.md"
USED_IN_MARKER = "<!-- lucide:employe-dans -->"


def term_page(term: Term, kb: KnowledgeBase) -> str:
    """A glossary entry: our definition, other forms, related terms, and where the site uses it."""
    parts = [
        "Terme du glossaire · définition de la rédaction\n{: .lucide-type }\n",
        f"{escape(term.definition)}\n{{: .lucide-definition }}\n",
    ]
    if term.aliases:
        parts.append("**Autres formes :** " + ", ".join(f"« {escape(a)} »" for a in term.aliases) + "\n")
    related = sorted((kb.terms[s] for s in term.related), key=lambda t: collation_key(t.term))
    if related:
        links = ", ".join(f"[{link_text(t.term)}]({relative(term.path, t.path)})" for t in related)
        parts.append(f"**Voir aussi :** {links}\n")
    if term.body.strip():
        parts.append(term.body.strip() + "\n")
    parts.append(f"## Employé dans\n\n{USED_IN_MARKER}\n")
    return "\n".join(parts)


def glossary_index(kb: KnowledgeBase) -> str:
    """The A–Z page: a bar of letter jumps, then one section per letter."""
    by_letter: dict[str, list[Term]] = {}
    for term in kb.sorted_terms():
        letter = fold_initial(term.term)
        by_letter.setdefault(letter, []).append(term)
    jumps = " · ".join(f"[{letter}](#{_letter_id(letter)})" for letter in by_letter)
    lines = [
        front_matter(title="Glossaire"),
        "Le jargon de l'infopreneuriat, expliqué par la rédaction. Chaque terme est relié automatiquement "
        "là où il apparaît sur le site.\n",
        f"{jumps}\n{{: .lucide-lettres }}\n",
    ]
    for letter, terms in by_letter.items():
        lines.append(f"## {letter} {{: #{_letter_id(letter)} }}\n")
        lines += [
            f"- [{link_text(t.term)}]({relative(GLOSSARY_INDEX, t.path)}) — {escape(first_sentence(t.definition))}"
            for t in terms
        ]
        lines.append("")
    return "\n".join(lines)


def fold_initial(text: str) -> str:
    """The A–Z letter of a term: ``Être`` -> ``E``, ``Œuvre`` -> ``O``, ``« Zut »`` -> ``Z``."""
    initial = collation_key(text)[0][:1].upper()
    return initial if initial.isalpha() else "0–9"


def _letter_id(letter: str) -> str:
    return f"lettre-{letter.lower()}" if letter.isalpha() else "chiffres"


def relative_url(from_url: str, to_url: str) -> str:
    """Link from page URL ``from_url`` to ``to_url`` (both site-relative directory URLs)."""
    path = _relpath(to_url, from_url)
    return "./" if path == "." else path + ("/" if to_url.endswith("/") else "")


def used_in(pages: list[tuple[str, str]], from_url: str) -> str:
    """HTML list of (url, title) pages, linked relative to ``from_url``."""
    if not pages:
        return "<p>Ce terme n’est encore relié depuis aucune page.</p>"
    items = "".join(
        f'<li><a href="{html.escape(relative_url(from_url, url))}">{html.escape(title)}</a></li>'
        for url, title in pages
    )
    return f'<ul class="lucide-employe-dans">{items}</ul>'
