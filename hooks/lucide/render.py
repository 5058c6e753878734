"""Model -> Markdown for every page Lucide writes or completes.

Links are emitted as relative links to ``.md`` files so the engine validates every target and
anchor (``mkdocs build --strict``) and computes the published URLs itself.
"""

from __future__ import annotations

import html
import posixpath
import re

import yaml

from .errors import ContentError
from .model import Article, Entity, KnowledgeBase, SourceRef, Term
from .publication import Published
from .text import MONTHS, collation_key, reader_text
from .types import ARTICLE_FOLDER, GENRE_BY_ID, GLOSSARY_FOLDER, RIGHTS_BY_ID, EntityType, Genre

_LINK_TEXT = re.compile(r"([\[\]\\`*_])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~<>])")
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


# Each pattern stops at the next opening bracket, so no text makes it quadratic.
_MD_NOISE = [
    (re.compile(r"\{:?[^{}]*\}"), ""),  # attribute lists
    (re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]"), r"\1"),  # [[terme]]
    (re.compile(r"<[^<>]+>|[*_`#>]|\\"), ""),  # tags, emphasis, heading and quote markers, escapes
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


def literal(text: str) -> str:
    """An author's plain words placed in Markdown: shown exactly, never read as markup."""
    return escape(_MD_SPECIAL.sub(r"\\\1", text))


def _genre(article: Article) -> Genre | None:
    return GENRE_BY_ID.get(str(article.record.get("genre", "")))


def genre_note(article: Article) -> str:
    """`` — satire`` after an article in a list: the genres a reader must not mistake for claims."""
    genre = _genre(article)
    return f" — *{genre.label}*" if genre and genre.caution else ""


def byline(article: Article) -> str:
    """``de **Richard**`` or ``d'un auteur que le texte ne nomme pas``."""
    return f"de **{escape(article.author)}**" if article.author else "d'un auteur que le texte ne nomme pas"


def source_record(article: Article, pub: Published) -> str:
    """What a reader needs to find, judge and check the original: the article's citation record."""
    r = article.record
    genre = _genre(article)
    lines = []
    where = f"sur *{escape(str(r['publication']))}*" if r.get("publication") else "sur un site non identifié"
    when = f", le {french_date(article.date)}" if article.date else ", à une date que le texte ne donne pas"
    lines.append(f"- **Texte** {byline(article)}, publié {where}{when}.")
    consulted = french_date(str(r.get("consulted", "")))
    if r.get("url"):
        lines.append(f"- **Original :** [{escape(str(r['url']))}]({r['url']}), consulté le {consulted}.")
    else:
        reason = escape(str(r.get("url_unknown", "")))
        lines.append(f"- **Original :** adresse inconnue ({reason}) ; texte consulté le {consulted}.")
    if genre:
        promotes = f" Ce texte promeut aussi {escape(str(r['promotes']))}." if r.get("promotes") else ""
        lines.append(f"- **Genre :** {genre.label}.{promotes}")
    if r.get("based_on"):
        work = escape(str(r["based_on"]))
        work = f"[{work}]({r['based_on_url']})" if r.get("based_on_url") else work
        lines.append(f"- **D'après :** {work}. Les idées présentées viennent de cette œuvre.")
    rights = RIGHTS_BY_ID.get(str(r.get("rights") or "citation"))
    if pub.full_text and rights:
        holder = escape(str(r.get("rights_name", "")))
        lines.append(f"- **Droits :** texte intégral publié ({rights.label} : [{holder}]({r.get('rights_url', '')})).")
    else:
        n = len(pub.parts)
        count = f"{n} passage{'s' if n > 1 else ''} cité{'s' if n > 1 else ''}"
        lines.append(
            f"- **Droits :** courtes citations (art. L122-5 du Code de la propriété intellectuelle) : "
            f"{count}, {pub.share:.0f} % du texte. Le texte entier reste chez son auteur."
        )
    removed = r.get("removed") or {}
    if removed:
        what = " ; ".join(f"{escape(reason)} : {_count(n, 'ligne')}" for reason, n in removed.items())
        lines.append(f"- **Retiré à l'import :** {what}. Le reste est reproduit tel que publié.")
    out = '<div class="lucide-fiche-source" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n\n"
    if genre and genre.caution:
        out += f'!!! warning "Ce texte est une {genre.label}"\n\n    {CAUTION[genre.id]}\n\n'
    return out


CAUTION = {
    "satire": "Ses personnages disent ce que l'auteur moque : leurs propos ne sont ni des faits ni l'avis de l'auteur.",
    "page-de-vente": "Il cherche à vendre une offre : ses promesses sont celles du vendeur, pas des faits vérifiés.",
}


def article_page(article: Article, body: str, pub: Published) -> str:
    """An article as published: its record, our presentation, then the excerpts (or the whole text if allowed)."""
    summary = (
        f"**Présentation de la rédaction :** {escape(article.summary)}\n{{: .lucide-resume }}\n\n"
        if article.summary
        else ""
    )
    head = source_record(article, pub) + summary
    if pub.full_text:
        return head + body
    if not pub.parts:
        return head + "Aucune fiche ne cite encore ce texte : rien n'en est publié ici.\n{: .lucide-resume }\n"
    return head + "## Extraits cités\n\n" + excerpts(pub)


def excerpts(pub: Published) -> str:
    """The public parts of an article, in order, each with its anchor; « […] » where text is left out."""
    order = {p.anchor: i for i, p in enumerate(pub.article.passages.values())}
    blocks, previous = [], -1
    for part in pub.parts:
        p = part.passage
        if order[p.anchor] != previous + 1:
            blocks.append("[…]\n{: .lucide-coupure }")
        previous = order[p.anchor]
        text = _quoted_words(part.excerpts, p.text) if part.excerpts else inline(p.text)
        if p.kind == "heading":
            blocks.append(f"### {text} {{: #{p.anchor} }}")
        elif p.kind == "item":
            blocks.append(f"- {text}\n    {{: #{p.anchor} }}")
        else:
            blocks.append(f"{text}\n{{: #{p.anchor} }}")
    if previous != len(order) - 1:
        blocks.append("[…]\n{: .lucide-coupure }")
    return "\n\n".join(blocks) + "\n"


def _quoted_words(chosen: list[str], passage: str) -> str:
    """Excerpts of one passage, with « […] » where the author's words are left out."""
    plain = reader_text(passage)
    parts = [literal(e) for e in chosen]
    text = " […] ".join(parts)
    if not plain.startswith(chosen[0]):
        text = "[…] " + text
    if not plain.endswith(chosen[-1]):
        text += " […]"
    return text


# -- entities -------------------------------------------------------------------------------------


def quote(kb: KnowledgeBase, ref: SourceRef, from_page: str, chosen: list[str] | None = None) -> str:
    """A passage (or the exact words quoted from it) as a blockquote, then who wrote it and a link to it."""
    article = kb.articles[ref.article]
    passage = kb.passage(ref)
    text = _quoted_words(chosen, passage.text) if chosen else inline(passage.text)
    who = escape(article.author) if article.author else "auteur non nommé"
    target = relative(from_page, article.path) + f"#{ref.anchor}"
    after = ""
    if article.record.get("based_on"):
        after += f", d'après {escape(str(article.record['based_on']))}"
    genre = _genre(article)
    caution = ""
    if genre and genre.caution:
        caution = f"\n\n**{genre.caption[0].upper()}{genre.caption[1:]}** : {CAUTION[genre.id]}\n{{: .lucide-genre }}"
    elif article.record.get("promotes"):
        caution = "\n\nCe texte promeut aussi l'offre de son auteur.\n{: .lucide-genre }"
    return (
        f'<div class="lucide-citation" markdown>\n\n> {text}\n\n'
        f"— {who}, [*{link_text(article.title)}*]({target}){after}\n{{: .lucide-source }}{caution}\n\n</div>\n"
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
        parts.append(
            heading + "\n\n" + "\n".join(quote(kb, ref, page, entity.excerpts.get(ref)) for ref in entity.sources)
        )
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
        number = e.fields.get(etype.sort_key)
        marker = f"{number}." if etype.sort_key == "number" and number else "-"
        summary = escape(first_sentence(e.summary))
        lines.append(f"{marker} [{link_text(e.title)}]({relative(page, e.path)}) — {summary}")
    return "\n".join(lines) + "\n"


ARTICLE_INDEX = f"{ARTICLE_FOLDER}/index.md"


def article_index(kb: KnowledgeBase) -> str:
    """Every source article, with its author and our one-line presentation."""
    lines = [
        front_matter(title="Articles"),
        "Les articles dont Lucide tire ses fiches : pour chacun, d'où il vient, qui l'a écrit, et les passages "
        "que nos fiches citent. Le texte entier reste chez son auteur.\n",
        f"{_count(len(kb.articles), 'article')}.\n",
    ]
    for article in kb.sorted_articles():
        who = f" — {escape(article.author)}" if article.author else ""
        who += genre_note(article)
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
        who = (f", de {escape(article.author)}" if article.author else "") + genre_note(article)
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
    """HTML list of (url, title) pages, linked relative to ``from_url``.

    Left out of the search index: other pages' titles say nothing of the term (and the index is
    built before the list is known).
    """
    if not pages:
        return '<p class="lucide-employe-dans" data-pagefind-ignore>Ce terme n’est encore relié depuis aucune page.</p>'
    items = "".join(
        f'<li><a href="{html.escape(relative_url(from_url, url))}">{html.escape(title)}</a></li>'
        for url, title in pages
    )
    return f'<ul class="lucide-employe-dans" data-pagefind-ignore>{items}</ul>'


PREVIEW_SEARCH_NOTE = (
    '!!! note "Aperçu"\n\n'
    "    L'aperçu (`mkdocs serve`) ne construit pas l'index de recherche, pour se mettre à jour en quelques "
    "secondes. `mkdocs build` le construit : la recherche marche sur le site publié.\n\n"
)


# -- errors ---------------------------------------------------------------------------------------


def error_page(errors: list[ContentError]) -> str:
    """What a live preview shows on every page while a content file has problems."""
    items = "\n".join(
        f"- `{escape(f'{e.path}:{e.line}')}` : {escape(e.message)}" + (f" — *{escape(e.fix)}*" if e.fix else "")
        for e in errors
    )
    count = _count(len(errors), "problème")
    return (
        f'!!! failure "{count} dans les contenus"\n\n'
        "    Le site ne peut pas être construit tant que ces fichiers ne sont pas corrigés. "
        "Chaque ligne donne le fichier, la ligne et la correction.\n\n"
        f"{items}\n\n"
        "Enregistrez la correction : cette page se recharge toute seule. "
        "La commande `python scripts/lucide.py check` donne la même liste.\n"
    )
