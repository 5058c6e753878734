"""Full-text search: Pagefind indexes the built site (French stemming, accents folded, split index).

The index is built by the ``pagefind`` package's own binary, run on the finished site so that
``mkdocs build`` alone yields a searchable site. Pages mark what is indexed with
``data-pagefind-body``; glossary bubbles and heading permalinks carry ``data-pagefind-ignore``.
Each page also carries its kind as a Pagefind filter (``kind``: mythe, regle, signal, glossaire,
article, collection, guide) and as metadata (``type``: the label a result shows), so the search page
can keep the contributor guide apart, find rule 3 by its number, and say what each result is.
"""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import pagefind_order
from .model import KnowledgeBase
from .types import ARTICLE_FOLDER, ENTITY_BY_FOLDER, GLOSSARY_FOLDER
from .typography import french

ARTICLE_TAG = re.compile(r'<article class="md-content__inner md-typeset">')
ARTICLE_END = "</article>"
H1 = re.compile(r"<h1(?P<attrs>[^>]*)>")
HEADERLINK = 'class="headerlink"'  # Material's "#" after each heading: not part of any title
LISTING = re.compile(r"<(?P<tag>ol|ul)>")  # a collection's list repeats its entries' own pages
USED_IN = '<ul class="lucide-employe-dans"'  # a term's "Employé dans": other pages' titles, not the term
GUIDE_FOLDER = "contribuer"
PHRASING_WEIGHT = 7  # as much as a title: a reader's phrasing names the entity


class SearchIndexError(RuntimeError):
    """Pagefind could not build the index; the message says why."""

    pass


@dataclass(frozen=True)
class Tags:
    """What search knows of a page besides its text: its kind, the label results show, its weights."""

    kind: str  # Pagefind filter value
    label: str  # shown next to the result: "Mythe", "Règle n° 3"…
    weight_title: bool = False
    number: int | None = None  # a rule's number, so "règle 3" finds it by metadata
    collection: str = ""  # the folder a collection page lists
    genre: str = ""  # an article's genre ("satire"), when the article declares one
    phrasings: tuple[str, ...] = ()


def tags(kb: KnowledgeBase, src_uri: str) -> Tags:
    """The search tags of the page built from ``src_uri``."""
    folder, _, name = src_uri.rpartition("/")
    if name == "index.md" and (folder in ENTITY_BY_FOLDER or folder in (GLOSSARY_FOLDER, ARTICLE_FOLDER)):
        return Tags("collection", "Liste", weight_title=True, collection=folder)
    if src_uri.startswith(GUIDE_FOLDER + "/"):
        return Tags("guide", "Guide des contributeurs")
    entity, term, article = kb.entity_at(src_uri), kb.term_at(src_uri), kb.article_at(src_uri)
    if entity:
        number = entity.fields.get("number")
        label = f"{entity.type.label} n° {number}" if number else entity.type.label
        phrasings = tuple(str(p) for p in entity.fields.get("phrasings", ()))
        return Tags(entity.type.name, label, True, number, phrasings=phrasings)
    if term:
        return Tags("glossaire", "Glossaire", weight_title=True)
    if article:
        genre = str(getattr(article, "genre", "") or "").strip().lower()  # a field another change adds
        return Tags("article", "Article", genre=genre)
    return Tags("page", "Page")


def _value(value: object) -> str:
    """A filter or metadata value, safe inside Pagefind's ``key:value`` attribute."""
    return html_lib.escape(" ".join(str(value).split()))


def _hidden_tags(tags: Tags) -> str:
    # Pagefind reads one key:value per attribute, hence one empty element per filter or metadata
    filters: list[tuple[str, object]] = [("kind", tags.kind)]
    meta: list[tuple[str, object]] = [("type", tags.label)]
    if tags.number is not None:
        filters.append(("numero", tags.number))
    if tags.collection:
        filters.append(("collection", tags.collection))
    if tags.genre:
        filters.append(("genre", tags.genre))
        meta.append(("genre", tags.genre))
    out = "".join(f'<span hidden data-pagefind-filter="{k}:{_value(v)}"></span>' for k, v in filters)
    out += "".join(f'<span hidden data-pagefind-meta="{k}:{_value(v)}"></span>' for k, v in meta)
    if tags.phrasings:  # indexed, weighted like a title, never shown: readers' words for this page
        items = "".join(f"<p>{html_lib.escape(french(p))}</p>" for p in tags.phrasings)
        out += f'<div hidden class="lucide-formulations" data-pagefind-weight="{PHRASING_WEIGHT}">{items}</div>'
    return out


def mark_page(html: str, tags: Tags) -> str:
    """Index this page's main content, tagged with its kind; titles of knowledge pages weigh more."""
    opening = '<article class="md-content__inner md-typeset" data-pagefind-body>'
    html = ARTICLE_TAG.sub(lambda _: opening + _hidden_tags(tags), html, count=1)
    html = html.replace(HEADERLINK, HEADERLINK + " data-pagefind-ignore")
    html = html.replace(USED_IN, USED_IN + " data-pagefind-ignore")
    if tags.weight_title:
        html = H1.sub(r'<h1\g<attrs> data-pagefind-weight="10">', html, count=1)
    if tags.kind == "collection":
        start = html.find(opening)
        end = html.find(ARTICLE_END, start)
        body = LISTING.sub(r"<\g<tag> data-pagefind-ignore>", html[start:end])
        html = html[:start] + body + html[end:]
    return html


def index_site(site_dir: Path) -> None:
    """Write ``site_dir/pagefind/``; raise with Pagefind's own message if it fails."""
    with tempfile.TemporaryDirectory(prefix="lucide-recherche-") as tmp:
        copy = _searchable_copy(site_dir, Path(tmp))
        output = str((site_dir / "pagefind").resolve())
        cmd = [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", output]
        _run([*cmd, "--force-language", "fr", "--silent"])
    pagefind_order.stabilise(site_dir / "pagefind")  # the same site, the same bytes


def _searchable_copy(site_dir: Path, tmp: Path) -> Path:
    """The built pages as Pagefind should read them: ``l’intimité`` with the apostrophe it splits words on.

    Pagefind 1.5 splits ``l'intimité`` into words but keeps ``l’intimité`` whole, so a search for
    ``intimite`` would miss every page set in French typography.
    """
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if rel.parts[0] == "pagefind":
            continue
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(page.read_text(encoding="utf-8").replace("’", "'"), encoding="utf-8")
    return tmp


def _run(cmd: list[str]) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise SearchIndexError(f"Pagefind n'a pas pu démarrer : {exc}") from exc
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        if "No module named pagefind" in detail:
            detail = "le paquet pagefind manque : pip install -r requirements.txt"
        raise SearchIndexError(f"l'index de recherche n'a pas pu être construit : {detail}")
