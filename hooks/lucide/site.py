"""One build of the site, engine-independent: load the model, generate and complete pages, export.

The MkDocs adapter calls these methods from its events; another engine could do the same.
"""

from __future__ import annotations

import html
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import cues, output, preview, publication, render, sanitize, search
from .about import ABOUT_PAGE, SiteInfo, about_page  # provenance (issue 10 §5–6)
from .errors import ContentError
from .export import knowledge_json
from .frontmatter import Document
from .glossary import Matcher
from .history import History, add_line
from .jsonld import for_page, insert
from .load import Loaded, read_docs
from .markdown_ext import LucideExtension, RenderState
from .model import KnowledgeBase, SourceRef
from .text import collation_key
from .types import ARTICLE_FOLDER, ENTITY_BY_FOLDER, ENTITY_TYPES, GLOSSARY_FOLDER
from .typography import french

HOME_MARKER = "<!-- lucide:collections -->"
# the collections, the glossary, the articles: in the navigation, and in the order pages are rendered
CONTENT_ORDER = (*(t.folder for t in ENTITY_TYPES), GLOSSARY_FOLDER, ARTICLE_FOLDER)
SEARCH_PAGE = "recherche.md"  # one of sanitize.INTERFACE_PAGES: its form is kept
VERIFIER_PAGE = "verifier.md"  # the offer checker, another of them: a tab before the guide
KB_FILE, VERIFIER_FILE = "kb.json", "verifier.json"  # the model for other tools, the checker's data
OWN_OUTPUTS = (KB_FILE, VERIFIER_FILE)  # files Lucide writes into the site besides pages and the index


class Build:
    """The state of one build; every engine event calls one of these methods."""

    def __init__(self, docs_dir: Path, preview: bool = False, full_text: bool = True):
        self.docs_dir = docs_dir
        self.full_text = full_text  # the site may forbid full texts that articles' rights would allow
        self.published: dict[str, publication.Published] = {}
        self.preview = preview  # a live preview shows content errors in the page instead of stopping
        self.state = RenderState()
        self.extension = LucideExtension(self.state)
        self.pages: dict[str, tuple[str, str]] = {}  # source path -> (URL, title) of rendered pages
        self.errors: list[ContentError] = []
        self.texts: dict[str, str] = {}  # source path -> decoded Markdown, read once for the engine too
        self.documents: dict[str, Document] = {}  # source path -> its front matter as read, and body
        self.skipped: set[str] = set()  # files and folders never to publish
        # provenance: who publishes (set by the engine from its config) and when each page last changed
        self.info = SiteInfo()
        self.history = History({})
        self.index: search.StreamingIndex | None = None  # started with the first rendered page
        self.previous: output.Previous | None = None  # the last build's output, rewritten in place
        self.written: set[str] = set()  # files of the pages rendered, in the site
        self.reading: Future[Loaded] | None = None
        # live preview (see preview.py): what this rebuild renders, and what it must remember of it
        self.digests: dict[str, str] = {}  # source path -> digest of what the page is made of
        self.dests: dict[str, str] = {}  # source path -> its file in the site
        self.theme_html: dict[str, str] = {}  # glossary entries rendered now, before "Employé dans"
        self.rendered: set[str] = set()  # pages the engine rendered in this build
        self.nav_titles: dict[str, str] = {}  # source path -> title as the engine shows it
        self.generated: dict[str, str] = {}  # source path -> Markdown of the pages Lucide generates

    @property
    def kb(self) -> KnowledgeBase:
        return self.state.kb

    def start_loading(self) -> None:
        """Begin reading ``docs/`` now, while the engine lists the files."""
        helped = not self.preview  # a preview re-reads from its cache of readings: a helper would start cold
        self.reading = ThreadPoolExecutor(max_workers=1).submit(read_docs, self.docs_dir, helped=helped)

    def reuse_previous(self, site_dir: Path) -> None:
        """Before the engine cleans ``site_dir``: keep the last build's files to overwrite them (``output``)."""
        self.previous = output.set_aside(site_dir, written_anew=[search.INDEX_FOLDER])

    def load(self) -> list[ContentError]:
        """Read every content file and build the linked model; return what is wrong."""
        loaded = self.reading.result() if self.reading else read_docs(self.docs_dir)
        self.reading = None
        self.state.kb, self.errors, self.texts, self.skipped = loaded.kb, loaded.errors, loaded.texts, loaded.skipped
        self.documents = loaded.documents
        # the loader already worked out what the articles' rights allow; the site may allow less
        self.published = (
            loaded.published if self.full_text else publication.publish(self.kb, site_allows_full_text=False)
        )
        self.history = History.read(self.docs_dir)  # provenance: one git call per build
        return self.errors

    @property
    def failed(self) -> list[ContentError]:
        """The problems that stop a build (warnings only skip a file)."""
        return [e for e in self.errors if not e.warning]

    def fail(self, error: ContentError) -> None:
        """An unexpected failure during a preview: shown in the page like a content error."""
        self.errors.append(error)

    def publishes(self, src_uri: str) -> bool:
        """False for files the loader skipped (links, special files, misnamed pages) and what is inside them."""
        return not any(src_uri == s or src_uri.startswith(s + "/") for s in self.skipped)

    def source(self, src_uri: str) -> str | None:
        """The page's text as the model read it, so the engine renders exactly what was checked.

        A front matter already read is left out (``meta`` gives it): the engine need not parse it
        again. The body then starts with a blank line, so no first line of it is read as metadata.
        """
        doc = self.documents.get(src_uri)
        if doc is not None and doc.has_front_matter:
            return "\n" + doc.body.lstrip("\n")
        return self.texts.get(src_uri)

    def meta(self, src_uri: str) -> dict[str, Any]:
        """The front matter ``source`` left out, as checked (a copy: readings are shared between builds)."""
        doc = self.documents.get(src_uri)
        return dict(doc.meta) if doc is not None and doc.has_front_matter else {}

    def set_urls(self, urls: dict[str, str]) -> None:
        """Where the engine publishes each source page, so generated links can be final URLs."""
        self.state.urls = urls

    def generated_pages(self, existing: set[str]) -> list[tuple[str, str]]:
        """(source path, Markdown) of pages the site needs that no contributor wrote."""
        if self.failed:  # every page shows the errors until they are fixed
            return []
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
        if ABOUT_PAGE not in existing:  # provenance: who publishes and how we quote, last in the navigation
            pages.append((ABOUT_PAGE, about_page(self.kb, self.info, self.published)))
        self.generated = dict(pages)
        return pages

    def generated_file(self, src_uri: str, content: str) -> Path:
        """A generated page written as a file that changes only with its content (for the preview)."""
        return preview.MEMORY.generated_file(src_uri, content)

    def render_order(self, src_uri: str) -> int:
        """Entities first, then the glossary, then articles, then the rest (a stable sort keeps each folder's order).

        Pages reach the search index in the order they are rendered, and Pagefind lists pages of equal
        score in that order: a reader's question is first answered by our pages, not by the sources.
        """
        folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
        return CONTENT_ORDER.index(folder) if folder in CONTENT_ORDER else len(CONTENT_ORDER)

    def top_order(self, name: str) -> tuple[int, str]:
        """Order of the top-level navigation: home, the collections, glossary, articles, the guide."""
        order = ["index.md", *CONTENT_ORDER]
        order += [VERIFIER_PAGE, "contribuer"]
        return (order.index(name), name) if name in order else (len(order), name)

    def section_title(self, folder: str) -> str:
        """French title of a navigation section, from the types table."""
        etype = ENTITY_BY_FOLDER.get(folder)
        return french(
            etype.plural if etype else {ARTICLE_FOLDER: "Articles", GLOSSARY_FOLDER: "Glossaire"}.get(folder, "")
        )

    def nav_key(self, src_uri: str) -> tuple[int, int, tuple[str, ...], str]:
        """Order inside a section: index first, then the collection's own order, then any other page."""
        if src_uri.endswith("index.md"):
            return (0, 0, (), src_uri)
        entity = self.kb.entity_at(src_uri)
        if entity:
            number = entity.fields.get(entity.type.sort_key)
            return (1, number if isinstance(number, int) else 0, collation_key(entity.title), src_uri)
        return (2, 0, collation_key(src_uri), src_uri)  # a page the model could not read: listed, never a crash

    def page_markdown(self, src_uri: str, markdown: str) -> str:
        """The Markdown to render for ``src_uri``: contributor pages completed from the model."""
        self.state.page = src_uri
        if self.failed and self.preview:
            return render.error_page(self.failed)
        if src_uri == "index.md" and HOME_MARKER in markdown:
            return markdown.replace(HOME_MARKER, render.collections(self.kb))
        if src_uri == SEARCH_PAGE and self.preview:
            return render.PREVIEW_SEARCH_NOTE + markdown
        article = self.state.article()
        if article:
            return render.article_page(article, markdown, self.published[article.slug])
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
        title = term.term if term and not given else given
        return title if self.kb.article_at(src_uri) else french(title)  # an article's title is its author's

    def description(self, src_uri: str, markdown: str) -> str:
        """What a shared link or a search engine shows of the page: our summary, else its first paragraph."""
        entity, term, article = self.kb.entity_at(src_uri), self.kb.term_at(src_uri), self.kb.article_at(src_uri)
        if entity:
            return french(render.plain_text(entity.summary))
        if term:
            return french(render.plain_text(term.definition))
        if article:  # never the text itself: only its public parts may be shown
            parts = self.published[article.slug].parts
            return french(render.plain_text(article.summary or (parts[0].passage.text if parts else article.title)))
        return french(render.plain_text(markdown, shortest=40))  # skip bylines and one-line intros

    def page_html(self, src_uri: str, url: str, dest: str, title: str, content: str) -> str:
        """A page's rendered HTML, sanitised before it is published; remember where it went.

        ``dest``: its file in the site. ``title`` arrives HTML-escaped, as the theme prints it.
        """
        self.pages[src_uri] = (url, html.unescape(title))
        self.nav_titles[src_uri] = title
        self.rendered.add(src_uri)
        self.written.add(dest)
        content = sanitize.clean(content, interface=src_uri in sanitize.INTERFACE_PAGES)
        if self.searchable(src_uri) and not self.preview and not self.failed:  # the preview skips it and says so
            # indexed now, while the engine still has every page's theme to render, rather than once each
            # page is finished: the index is made and written by the time the last page is written
            self.index = self.index or search.StreamingIndex()
            self.index.add(dest, search.body(content, title, search.tags(self.kb, src_uri)))
        return content

    def used_in(self, term_id: str) -> list[tuple[str, str]]:
        """(URL, title) of the pages that link ``term_id``, in title order."""
        found = [self.pages[src] for src in self.state.usage.get(term_id, ()) if src in self.pages]
        found = [(url, french(title)) for url, title in found]  # listed like the home page lists them
        return sorted(found, key=lambda p: (collation_key(p[1]), p[0]))

    def post_page(self, src_uri: str, url: str, output: str) -> str:
        """Fill what could only be known after every page was rendered."""
        term = self.kb.term_at(src_uri)
        if term and self.preview:  # kept to refill its "Employé dans" when other pages change
            self.theme_html[src_uri] = output
        output = self.provenance(src_uri, url, output)
        if term and render.USED_IN_MARKER in output:
            output = output.replace(render.USED_IN_MARKER, render.used_in(self.used_in(term.slug), url))
        if self.searchable(src_uri):  # marked as page_html indexed it, for Pagefind's command line too
            output = search.mark_page(output, search.tags(self.kb, src_uri))
        return output

    # -- provenance (issue 10 §5–6): the last-update line and the page's JSON-LD ---------------------

    def updated(self, src_uri: str) -> str:
        """The day the page's sources last changed (``AAAA-MM-JJ``), or "" when history cannot tell."""
        return self.history.of_page(src_uri, self.kb, existing=src_uri in self.texts)

    def provenance(self, src_uri: str, url: str, output: str) -> str:
        """Add the last-update line at the end of the content, and the JSON-LD in the head."""
        if self.failed:  # a preview showing errors: nothing to date or describe
            return output
        day = self.updated(src_uri)
        if day:
            output = add_line(output, render.french_date(day), day)
        data = for_page(self.kb, src_uri, url, self.info, day)
        return insert(output, data) if data else output

    def searchable(self, src_uri: str) -> bool:
        """Search finds content pages and the collections (by their title: their lists repeat other pages)."""
        return src_uri not in ("index.md", SEARCH_PAGE)

    def contents_rendered(self, site_dir: Path, outputs: list[str]) -> None:
        """Every page's content is rendered, no file is written yet: the last site returns to be overwritten,
        and the index is made and written while the engine renders the theme. ``outputs``: what the engine writes.
        """
        if self.previous:
            output.put_back(self.previous, [*outputs, *OWN_OUTPUTS])
        if self.index:
            self.index.start_writing(site_dir)

    def write_outputs(self, site_dir: Path) -> None:
        """After every page is written: kb.json (with the term uses now known), the search index, then
        the last build's files this one did not write are removed."""
        if self.failed:
            return
        if self.digests:  # a preview rebuild that skipped pages
            self.refresh_skipped_terms(site_dir)
            self.remember()
        used = {t: [url for url, _ in self.used_in(t)] for t in self.kb.terms}
        (site_dir / KB_FILE).write_text(knowledge_json(self.kb, used, self.published), encoding="utf-8")
        (site_dir / VERIFIER_FILE).write_text(cues.data_json(cues.compile_data(self.kb)), encoding="utf-8")
        failed_index = False
        if self.index:
            try:
                self.index.write(site_dir)
            except search.SearchIndexError:  # the service failed (seen once under heavy load): index the files
                failed_index = True
            self.index = None
        if self.previous:  # before any fallback index reads the site: only this build's pages
            output.prune(self.previous, keep=self.written | set(OWN_OUTPUTS))
        if failed_index:
            search.index_site(site_dir)
        self.close()

    def close(self) -> None:
        """Stop what a build that ended early left running; wait for the last output to be deleted."""
        if self.index:  # first: nothing writes into the site any more
            self.index.close()
            self.index = None
        if self.previous:
            output.finish(self.previous)
            self.previous = None

    # -- live preview (preview.py): render again only the pages whose inputs changed ----------------

    def plan_preview(self, pages: dict[str, tuple[str, str]], site: str) -> tuple[set[str], list[str]]:
        """Source paths to render again, and output files of pages that are gone.

        ``pages``: source path -> (URL, output file) of every page; ``site``: a digest of what every
        page depends on (configuration, page list, navigation titles). A page keeps its output when
        its digest is unchanged; its title and the terms it links come from memory, so lists of
        pages and "Employé dans" stay complete.
        """
        memory = preview.MEMORY
        gone = memory.start("" if self.failed else site, set(pages))  # pages showing errors are never reused
        forms = self.kb.matcher.forms()
        added = Matcher.of_forms(forms - memory.forms) if forms - memory.forms else None
        self.dests = {src: dest for src, (_, dest) in pages.items()}
        stale = set()
        for src, (url, _) in sorted(pages.items()):
            before = memory.pages.get(src)
            self.digests[src] = self.digest(src, url, before.terms if before else frozenset())
            term_page = self.kb.term_at(src) is not None
            if (
                before is None
                or before.digest != self.digests[src]
                or (term_page and not before.theme_html)
                or (added is not None and next(added.find(self.page_text(src)), None) is not None)
            ):
                stale.add(src)
                continue
            self.pages[src] = (before.url, before.title)
            self.nav_titles[src] = before.nav_title
            for term in before.terms:
                self.state.usage.setdefault(term, set()).add(src)
        memory.forms = forms
        return stale, gone

    def page_text(self, src_uri: str) -> str:
        """The Markdown a page starts from: its file, or what Lucide generates for it."""
        return self.texts.get(src_uri) or self.generated.get(src_uri, "")

    def nav_hint(self, src_uris: list[str]) -> str:
        """Where the navigation's titles come from, for the preview's site digest."""
        return repr([(src, preview.title_hint(self.page_text(src))) for src in src_uris])

    def digest(self, src_uri: str, url: str, terms: frozenset[str]) -> str:
        """Everything the page at ``src_uri`` is made of, given the glossary terms it linked last time."""
        markdown = self.page_markdown(src_uri, self.page_text(src_uri))
        linked = [
            repr((t, (x.term, x.definition, x.path, x.aliases) if x else None))
            for t in sorted(terms)
            for x in [self.kb.terms.get(t)]
        ]
        cited = []  # an article lists, under each passage, the entities citing it
        if article := self.kb.article_at(src_uri):
            for anchor in article.passages:
                citing = self.kb.citations.get(SourceRef(article.slug, anchor), [])
                cited.append(repr((anchor, [(e.path, e.type.id, render.entity_label(e), e.title) for e in citing])))
        day = self.updated(src_uri)
        data = repr(for_page(self.kb, src_uri, url, self.info, day))  # built in a fixed order
        tags = repr(search.tags(self.kb, src_uri))
        return preview.digest(src_uri, url, markdown, self.title(src_uri, ""), day, data, tags, *linked, *cited)

    def refresh_skipped_terms(self, site_dir: Path) -> None:
        """Glossary entries not rendered again whose "Employé dans" changed: rewrite their file."""
        for src, before in preview.MEMORY.pages.items():
            term = self.kb.term_at(src)
            if not term or src in self.theme_html or src not in self.digests:
                continue
            now = tuple(self.used_in(term.slug))
            if now != before.used_in:
                output = self.post_page(src, before.url, before.theme_html)
                (site_dir / self.dests[src]).write_text(output, encoding="utf-8")
                before.used_in = now

    def remember(self) -> None:
        """Record the pages this rebuild rendered, for the next one."""
        linked: defaultdict[str, set[str]] = defaultdict(set)
        for term_id, pages in self.state.usage.items():
            for src in pages:
                linked[src].add(term_id)
        memory = preview.MEMORY
        for src, (url, title) in self.pages.items():
            if src not in self.rendered:
                continue  # skipped: memory already holds it
            term = self.kb.term_at(src)
            memory.pages[src] = preview.Rendered(
                self.digest(src, url, frozenset(linked[src])),  # with the terms it links now
                url,
                self.dests.get(src, ""),
                title,
                self.nav_titles.get(src, ""),
                frozenset(linked[src]),
                self.theme_html.get(src, ""),
                tuple(self.used_in(term.slug)) if term else (),
            )
