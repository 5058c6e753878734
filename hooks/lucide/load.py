"""Read every content file once and build the linked knowledge base, collecting every error.

Stages: read (decode + front matter) -> model (articles, entities, terms) -> link (resolve sources
and related ids, make relations two-way). Nothing here renders; ``check`` and the build share it.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import cues, frontmatter, glossary, helper, parse, publication, sanitize
from .errors import ContentError
from .frontmatter import Document
from .model import Article, Entity, KnowledgeBase, SourceRef, Term
from .text import is_slug, mixed_scripts, reader_text, slugify, title_key
from .types import (
    ANNOTATION_FIELDS,
    ANNOTATION_KEYS,
    ARTICLE_FIELDS,
    ARTICLE_FOLDER,
    ENTITY_BY_FOLDER,
    ENTITY_BY_NAME,
    ENTITY_TYPES,
    GLOSSARY_FOLDER,
    PHRASINGS,
    TERM_FIELDS,
    EntityType,
    Field,
)

CONTENT_FOLDERS = frozenset({ARTICLE_FOLDER, GLOSSARY_FOLDER, *(t.folder for t in ENTITY_TYPES)})

_ID_SEPARATORS = re.compile(r"[,\s]+")
# What MkDocs renders as a page (mkdocs.utils.markdown_extensions); only lower-case ".md" is ours.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
RESERVED_SLUGS = frozenset({"index"})  # the collection's own page
MAX_TITLE = 200  # characters: titles are links in lists, tabs and search results
_EXACT = (
    "recopiez les mots du passage tels quels, apostrophes (’) et guillemets (“ ”) compris ; "
    "ou citez le passage entier sans « … »"
)


@dataclass
class Loaded:
    """One reading of ``docs/``: the model, what is wrong, the decoded pages, and what must not be published."""

    kb: KnowledgeBase
    errors: list[ContentError]
    texts: dict[str, str] = field(default_factory=dict)  # path relative to docs/ -> decoded Markdown
    skipped: set[str] = field(default_factory=set)  # paths relative to docs/ (files or folders) to leave out
    published: dict[str, publication.Published] = field(default_factory=dict)  # with every right the articles give
    documents: dict[str, Document] = field(default_factory=dict)  # the same pages split: front matter read, body


def walk(docs_dir: Path, display: str) -> tuple[list[str], set[str], list[ContentError]]:
    """Every regular ``.md`` file under ``docs_dir`` (sorted), what to leave out, and why.

    Links are never followed and only regular files are read: a symlink could publish a file from
    outside the repository, and a FIFO would make the build wait forever.
    """
    pages: list[str] = []
    skipped: set[str] = set()
    problems: list[ContentError] = []
    folders = [""]
    while folders:
        rel_base = folders.pop()
        try:
            with os.scandir(docs_dir / rel_base) as listing:  # each entry knows its type: no call per file
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # no permission, or gone meanwhile
            fix = "rendez-le lisible (droits du dossier), ou retirez-le de docs/"
            problems.append(ContentError(f"{display}/{rel_base}", 1, "dossier illisible ignoré", fix, warning=True))
            continue
        for entry in entries:
            name, rel = entry.name, _join(rel_base, entry.name)
            if _is_folder(entry):  # a link to a folder too, as os.walk sees it
                if entry.is_symlink():
                    skipped.add(rel)
                    problems.append(_skip(display, rel, "dossier lien symbolique ignoré"))
                elif not name.startswith("."):
                    folders.append(rel)
                    if name.lower().endswith(MARKDOWN_SUFFIXES):  # an editor or a script meant a page here
                        fix = "renommez ce dossier sans « .md », ou remplacez-le par la page voulue"
                        problems.append(
                            ContentError(f"{display}/{rel}", 1, "dossier nommé comme une page", fix, warning=True)
                        )
            elif name.startswith("."):
                continue  # MkDocs leaves dot-files out too (temporary and editor files)
            elif entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                skipped.add(rel)
                what = "lien symbolique ignoré" if entry.is_symlink() else "fichier spécial ignoré"
                problems.append(_skip(display, rel, what))
            elif name.endswith(".md") and rel.count("/") > 1 and rel.partition("/")[0] in CONTENT_FOLDERS:
                skipped.add(rel)
                folder = rel.partition("/")[0]
                fix = (
                    f"déplacez-la directement dans docs/{folder}/ : les sous-dossiers d'une collection ne sont pas lus"
                )
                problems.append(ContentError(f"{display}/{rel}", 1, "page rangée dans un sous-dossier", fix))
            elif name.endswith(".md"):
                pages.append(rel)
            elif name.lower().endswith(MARKDOWN_SUFFIXES):
                skipped.add(rel)
                stem = name.rsplit(".", 1)[0]
                fix = f"renommez-le « {stem}.md » (extension en minuscules) pour qu'il soit publié comme une page"
                problems.append(ContentError(f"{display}/{rel}", 1, "extension de page non reconnue", fix))
    return sorted(pages), skipped, problems


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link to itself, or into a folder we may not read: not a folder to walk
        return False


def _join(base: str, name: str) -> str:
    return f"{base}/{name}" if base else name


def _skip(display: str, rel: str, what: str) -> ContentError:
    fix = "remplacez-le par un vrai fichier (copie), ou retirez-le de docs/"
    return ContentError(f"{display}/{rel}", 1, what, fix, warning=True)


def content_files(docs_dir: Path) -> list[str]:
    """Paths (relative to ``docs_dir``) of every file the knowledge base reads, sorted."""
    pages, _, _ = walk(docs_dir, docs_dir.as_posix())
    return [rel for rel in pages if is_content(rel)]


def is_content(rel: str) -> bool:
    """True for a file the knowledge base reads as an article, entity or term."""
    folder, _, name = rel.partition("/")
    return folder in CONTENT_FOLDERS and "/" not in name and name != "index.md"


def load(docs_dir: Path, sources: dict[str, bytes] | None = None) -> tuple[KnowledgeBase, list[ContentError]]:
    """Build the knowledge base from ``docs_dir``; ``sources`` may supply file contents already read."""
    loaded = read_docs(docs_dir, sources)
    return loaded.kb, loaded.errors


def read_docs(docs_dir: Path, sources: dict[str, bytes] | None = None, helped: bool = False) -> Loaded:
    """Read every page under ``docs_dir`` once: the linked model, errors, texts and files to leave out.

    ``helped``: a second process reads half of a large site's files meanwhile (``helper``).
    """
    display = _display_base(docs_dir)
    if not docs_dir.is_dir():
        fix = "indiquez le dossier des contenus (docs/ par défaut) ; vérifiez son nom"
        return Loaded(KnowledgeBase(), [ContentError(display, 0, "dossier introuvable", fix)])
    pages, skipped, problems = walk(docs_dir, display)

    def reading(rel: str) -> Reading:
        return read_file(display, rel, sources[rel] if sources and rel in sources else (docs_dir / rel).read_bytes())

    theirs = pages[1::2] if helped and not sources and len(pages) >= helper.WORTH_IT else []
    assistant = helper.start(display, docs_dir, theirs) if theirs else None
    given = set(theirs) if assistant else set()
    readings = {rel: reading(rel) for rel in pages if rel not in given}
    if assistant:
        readings |= assistant.collect()
    loader = _Loader(display)
    loader.errors += problems
    for rel in pages:
        found = readings.get(rel) or reading(rel)  # what the helper could not read is read here
        if is_content(rel):
            loader.read(rel, found)
        else:  # other pages may use [[terme]] too
            loader.document(rel, found)
    loader.link()
    errors = sorted(set(loader.errors))
    return Loaded(loader.kb, errors, loader.texts, skipped, loader.published, loader.documents)


def _display_base(docs_dir: Path) -> str:
    """How error messages name the docs folder: relative to where the command runs, if inside it."""
    absolute = docs_dir.resolve()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _close(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=3, cutoff=0.6)
    return "vouliez-vous dire " + ", ".join(f"« {c} »" for c in close) + " ?" if close else ""


@dataclass(frozen=True)
class Reading:
    """What one file says on its own, whatever the other files say: decoded, split and checked."""

    text: str  # "" when it cannot be decoded
    doc: Document | None  # None when it cannot be read at all
    errors: tuple[ContentError, ...]
    term_refs: tuple[tuple[str, int, str], ...]  # [[terme]]: (display path, line, name)
    passages: tuple[parse.Passage, ...] = ()  # an article's anchored passages


_CHECKER = sanitize.Checker(ignored=ANNOTATION_KEYS)


@lru_cache(maxsize=1 << 14)
def read_file(docs_name: str, rel: str, raw: bytes) -> Reading:
    """Decode, split and check one page, keyed by its content.

    A live preview reads every file on each rebuild: the ones that did not change cost a look-up.
    What is returned is shared between builds, so the model copies what it changes.
    """
    path = f"{docs_name}/{rel}"
    text, errors = frontmatter.decode(raw, path)
    if errors:
        return Reading("", None, tuple(errors), ())
    doc, errors = frontmatter.split(text, path)
    if errors:
        return Reading(text, None, tuple(errors), ())
    refs = tuple((path, line, name) for line, name, _ in glossary.explicit_refs(doc.body, doc.body_line))
    errors += parse.too_many_brackets(doc.body, path, doc.body_line)
    errors += _CHECKER.body(doc.body, path, doc.body_line, rel in sanitize.INTERFACE_PAGES)
    folder = rel.split("/", 1)[0] if "/" in rel else ""
    found: list[parse.Passage] = []
    if folder == ARTICLE_FOLDER:
        errors += _validate(doc, ARTICLE_FIELDS, "un article")
        found, passage_errors = parse.passages(doc.body, doc.path, doc.body_line)
        errors += passage_errors
    elif folder == GLOSSARY_FOLDER:
        errors += _validate(doc, TERM_FIELDS, "un terme du glossaire")
    elif folder in ENTITY_BY_FOLDER:
        etype = ENTITY_BY_FOLDER[folder]
        errors += _validate(doc, etype.fields, f"un {etype.label.lower()}")
        if any(f.name == "cues" for f in etype.extra_fields):
            errors += cues.check(doc)  # a cue that does not compile is reported at its line
    return Reading(text, doc, tuple(errors), refs, tuple(found))


def _validate(doc: Document, fields: tuple[Field, ...], what: str) -> list[ContentError]:
    """Check the front matter against its schema, and every text in it for HTML the site would remove."""
    errors = frontmatter.validate(doc, fields, what)
    for f in fields:
        value = doc.meta.get(f.name)
        values = [value] if isinstance(value, str) else value if f.type == "list" and value else []
        for i, text in enumerate(values):
            line = doc.line_of(f"{f.name}[{i}]" if f.type == "list" else f.name)
            errors += _CHECKER.field(text, doc.path, line)
            if f.name in ("title", "term", "aliases"):
                errors += _check_script(text, doc.path, line)
                if len(text) > MAX_TITLE:
                    msg = f"« {f.name} » de {len(text)} caractères : un titre en a {MAX_TITLE} au plus"
                    fix = "raccourcissez-le ; le détail va dans le résumé"
                    errors.append(ContentError(doc.path, line, msg, fix))
    return errors


def _check_script(text: str, path: str, line: int) -> list[ContentError]:
    mixed = mixed_scripts(text)
    if not mixed:
        return []
    msg = f"« {text} » mêle les alphabets {mixed} dans un même mot"
    fix = "retapez le mot au clavier : une lettre copiée d'un autre alphabet lui ressemble sans être la même"
    return [ContentError(path, line, msg, fix)]


class _Loader:
    def __init__(self, docs_name: str):
        self.docs_name = docs_name  # "docs", as error messages show it
        self.kb = KnowledgeBase()
        self.errors: list[ContentError] = []
        self.declared: dict[str, tuple[str, int]] = {}  # entity slug -> (display path, line)
        # (entity slug, its type, the annotated passage, the fields the annotation gives)
        self.annotations: list[tuple[str, EntityType, SourceRef, Document]] = []
        self.refs: list[tuple[Entity | Term, str, str, Document, int]] = []  # checked in link()
        self.term_lines: dict[tuple[str, int], int] = {}  # (term, alias index) -> line
        self.term_refs: list[tuple[str, int, str]] = []  # [[terme]] in any page: (path, line, name)
        self.texts: dict[str, str] = {}  # what each page says, decoded once for the engine too
        self.documents: dict[str, Document] = {}  # each page's front matter, read once for the engine too
        self.published: dict[str, publication.Published] = {}

    def display(self, rel: str) -> str:
        return f"{self.docs_name}/{rel}"

    def read(self, rel: str, reading: Reading) -> None:
        path = self.display(rel)
        folder, name = rel.split("/", 1)
        stem = name[:-3]
        if not is_slug(stem):
            fix = f"renommez-le « {slugify(stem) or 'nom-du-fichier'}.md » (minuscules, sans accents ni espaces)"
            self.errors.append(ContentError(path, 1, f"nom de fichier invalide « {name} »", fix))
            return
        self.document(rel, reading)
        if reading.doc is None:
            return
        if folder == ARTICLE_FOLDER:
            self.read_article(stem, rel, reading.doc, reading.passages)
        elif folder == GLOSSARY_FOLDER:
            self.read_term(stem, rel, reading.doc)
        else:
            self.read_entity(ENTITY_BY_FOLDER[folder], stem, rel, reading.doc)

    def document(self, rel: str, reading: Reading) -> None:
        """Everything one file says on its own (see ``read_file``), added to the build's collections.

        For a page that is not knowledge-base content, that is all: its [[terme]] and its HTML matter.
        """
        self.texts[rel] = reading.text  # "" when it cannot be decoded: the engine must not read it either
        if reading.doc is not None:
            self.documents[rel] = reading.doc
        self.errors += reading.errors
        self.term_refs += reading.term_refs

    def read_article(self, slug: str, rel: str, doc: Document, found: tuple[parse.Passage, ...]) -> None:
        meta = doc.meta
        article = Article(slug, rel, meta.get("title", slug), meta.get("author", ""), meta.get("date", ""))
        article.summary, article.record = meta.get("summary", ""), dict(meta)  # the whole validated record
        article.passages = {p.anchor: p for p in found}
        self.kb.articles[slug] = article
        for p in found:
            self.read_annotations(article, p, doc.path)

    def read_annotations(self, article: Article, p: parse.Passage, path: str) -> None:
        names = [k for k in p.attrs if k in ENTITY_BY_NAME]
        for key in p.attrs:
            if key not in ANNOTATION_KEYS:
                choices = [*ENTITY_BY_NAME, *sorted(ANNOTATION_FIELDS)]
                fix = _close(key, choices) or "annotations possibles : " + ", ".join(ENTITY_BY_NAME)
                self.errors.append(ContentError(path, p.attrs_line, f"annotation inconnue « {key} »", fix))
        for name in names:
            for slug in filter(None, _ID_SEPARATORS.split(p.attrs[name])):
                fields = {k: v for k, v in p.attrs.items() if k in ANNOTATION_FIELDS}
                if "number" in fields and fields["number"].isdigit() and len(fields["number"]) <= 9:
                    fields["number"] = int(fields["number"])  # type: ignore[assignment]
                doc = Document(path, meta=fields, lines={k: p.attrs_line for k in fields})
                ref = SourceRef(article.slug, p.anchor)
                self.annotations.append((slug, ENTITY_BY_NAME[name], ref, doc))

    def read_entity(self, etype: EntityType, slug: str, rel: str, doc: Document) -> None:
        if not self.claim(slug, doc.path, 1):
            return
        meta = doc.meta
        extra = {f.name: meta[f.name] for f in (*etype.extra_fields, PHRASINGS) if f.name in meta}
        entity = Entity(etype, slug, meta.get("title", slug), meta.get("summary", ""), rel, extra, body=doc.body)
        self.kb.entities[slug] = entity
        self.queue_refs(entity, doc, "sources")
        self.queue_refs(entity, doc, "related")

    def read_term(self, slug: str, rel: str, doc: Document) -> None:
        meta = doc.meta
        term = Term(slug, meta.get("term", slug), meta.get("definition", ""), rel, list(meta.get("aliases", [])))
        term.body = doc.body
        self.kb.terms[slug] = term
        for i in range(len(term.aliases)):
            self.term_lines[(slug, i)] = doc.line_of(f"aliases[{i}]")
        self.queue_refs(term, doc, "related")

    def claim(self, slug: str, path: str, line: int) -> bool:
        if slug in self.declared:
            first, first_line = self.declared[slug]
            fix = f"« {slug} » est déjà défini dans {first}:{first_line} ; choisissez un autre identifiant"
            self.errors.append(ContentError(path, line, f"identifiant en double « {slug} »", fix))
            return False
        self.declared[slug] = (path, line)
        return True

    def queue_refs(self, owner: Entity | Term, doc: Document, key: str) -> None:
        for i, value in enumerate(doc.meta.get(key, [])):
            self.refs.append((owner, key, value.strip(), doc, doc.line_of(f"{key}[{i}]")))

    # -- link stage -------------------------------------------------------------------------------

    def link(self) -> None:
        self.compile_glossary()
        self.merge_annotations()
        for owner, key, value, doc, line in self.refs:
            if isinstance(owner, Term):
                self.link_pair(owner, self.kb.terms, value, doc.path, line, "terme lié inconnu")
            elif key == "sources":
                found = self.resolve_source(value, doc.path, line)
                if found:
                    ref, excerpt = found
                    if ref not in owner.sources:
                        owner.sources.append(ref)
                    if excerpt:
                        owner.excerpts.setdefault(ref, []).append(excerpt)
            else:
                self.link_pair(owner, self.kb.entities, value, doc.path, line, "fiche liée inconnue")
        for entity in self.kb.entities.values():
            entity.sources.sort(key=self.source_order)
            for ref in entity.sources:
                self.kb.citations.setdefault(ref, []).append(entity)
        for cited in self.kb.citations.values():
            cited.sort(key=lambda e: (e.type.folder, e.sort_key))
        self.check_titles()
        self.check_unique()
        self.published = publication.publish(self.kb)
        self.errors += publication.quota_errors(self.published, self.kb, self.docs_name)

    def compile_glossary(self) -> None:
        forms: dict[tuple[str, ...], Term] = {}
        pairs = []
        for term in sorted(self.kb.terms.values(), key=lambda t: t.path):
            for i, form in enumerate([term.term, *term.aliases]):
                k = glossary.key(form)
                other = forms.setdefault(k, term)
                if other is not term:
                    line = 1 if i == 0 else self.term_lines.get((term.slug, i - 1), 1)
                    msg = f"« {form} » désigne déjà le terme {self.display(other.path)}"
                    fix = "retirez cet alias, ou fusionnez les deux termes"
                    self.errors.append(ContentError(self.display(term.path), line, msg, fix))
                elif k:
                    pairs.append((term.slug, form))
        self.kb.matcher = glossary.Matcher(pairs)
        for path, line, name in self.term_refs:
            if self.kb.matcher.lookup(name) is None:
                close = self.kb.matcher.suggest(name)
                fix = (
                    ("vouliez-vous dire " + ", ".join(f"« {c} »" for c in close) + " ?")
                    if close
                    else ('ajoutez le terme au glossaire : python scripts/lucide.py new terme "…"')
                )
                self.errors.append(ContentError(path, line, f"terme inconnu « {name} » dans [[…]]", fix))

    def source_order(self, ref: SourceRef) -> tuple[str, int]:
        return ref.article, self.kb.passage(ref).line

    def merge_annotations(self) -> None:
        for slug, etype, ref, doc in self.annotations:
            line = self.annotation_line(ref)
            entity = self.kb.entities.get(slug)
            if entity is None and slug not in self.declared:
                entity = self.entity_from_annotation(slug, etype, ref, doc)
                if entity is not None:
                    continue
            if entity is None:
                continue
            if doc.meta and not entity.generated:
                fix = f"retirez {', '.join(doc.meta)} de l'annotation : la fiche a sa page {self.display(entity.path)}"
                self.errors.append(ContentError(doc.path, line, f"« {slug} » est déjà défini par sa page", fix))
            if entity.type != etype:
                fix = f'écrivez {entity.type.name}="{slug}" ou choisissez un autre identifiant'
                msg = f"« {slug} » est un {entity.type.label.lower()}, pas un {etype.label.lower()}"
                self.errors.append(ContentError(doc.path, line, msg, fix))
            elif ref not in entity.sources:
                entity.sources.append(ref)

    def annotation_line(self, ref: SourceRef) -> int:
        return self.kb.passage(ref).attrs_line

    def entity_from_annotation(self, slug: str, etype: EntityType, ref: SourceRef, doc: Document) -> Entity | None:
        line = self.annotation_line(ref)
        where = f'créez sa page avec : python scripts/lucide.py new {etype.name} "Titre"'
        if not is_slug(slug) or slug in RESERVED_SLUGS:
            msg = f"identifiant {'réservé' if slug in RESERVED_SLUGS else 'invalide'} « {slug} »"
            fix = f"écrivez-le « {slugify(slug) if slug not in RESERVED_SLUGS else etype.name + '-' + slug} »"
            self.errors.append(ContentError(doc.path, line, msg, fix))
            return None
        if "title" not in doc.meta:
            known = [e.slug for e in self.kb.entities.values()]
            fix = _close(slug, known) or f'{where}, ou ajoutez title="…" et summary="…" à l\'annotation'
            self.errors.append(ContentError(doc.path, line, f"{etype.label.lower()} inconnu « {slug} »", fix))
            return None
        doc.lines, doc.first_line = {k: line for k in doc.meta}, line
        self.errors += _validate(doc, etype.fields, f"un {etype.label.lower()}")
        self.claim(slug, doc.path, line)
        meta = doc.meta
        extra = {f.name: meta[f.name] for f in etype.extra_fields if f.name in meta}
        path = f"{etype.folder}/{slug}.md"
        entity = Entity(etype, slug, meta["title"], meta.get("summary", ""), path, extra, generated=True)
        entity.sources.append(ref)
        self.kb.entities[slug] = entity
        return entity

    def resolve_source(self, value: str, path: str, line: int) -> tuple[SourceRef, str] | None:
        """``article#ancre`` or ``article#ancre « les mots exacts »``: the passage, and the words quoted from it."""
        where, _, quoted = value.partition("«")
        article, _, anchor = where.partition("#")
        article, anchor = article.strip(), anchor.strip()
        if not article or not anchor or (quoted and not quoted.rstrip().endswith("»")):
            fix = (
                "écrivez la source sous la forme nom-de-l-article#ancre-du-passage, suivie si besoin de « mots exacts »"
            )
            self.errors.append(ContentError(path, line, f"source « {value} » mal formée", fix))
            return None
        if article not in self.kb.articles:
            fix = _close(article, list(self.kb.articles)) or "les articles sont dans docs/articles/"
            self.errors.append(ContentError(path, line, f"article inconnu « {article} »", fix))
            return None
        passages = self.kb.articles[article].passages
        if anchor not in passages:
            fix = (
                _close(anchor, list(passages)) or f"les ancres sont les lignes {{: #… }} de docs/articles/{article}.md"
            )
            self.errors.append(ContentError(path, line, f"passage « #{anchor} » introuvable dans « {article} »", fix))
            return None
        excerpt = quoted.rstrip().removesuffix("»").strip()
        if excerpt and excerpt not in reader_text(passages[anchor].text):
            self.errors.append(ContentError(path, line, f"« {excerpt} » n'est pas mot pour mot dans #{anchor}", _EXACT))
            return None
        return SourceRef(article, anchor), excerpt

    def link_pair(self, owner: Entity | Term, pool: dict, slug: str, path: str, line: int, what: str) -> None:
        """``owner`` names ``slug`` in ``related``: link both ways (``what``: "fiche liée inconnue"…)."""
        other = pool.get(slug)
        if other is None:
            fix = _close(slug, list(pool)) or "indiquez l'identifiant (nom du fichier sans .md)"
            self.errors.append(ContentError(path, line, f"{what} « {slug} »", fix))
        elif other is not owner:
            owner.related.add(slug)
            other.related.add(owner.slug)  # relations read both ways

    def check_unique(self) -> None:
        """Fields that order a collection (a rule's number) are never shared by two entities of a type."""
        seen: dict[tuple[str, str, object], Entity] = {}
        for entity in sorted(self.kb.entities.values(), key=lambda e: e.path):
            for f in entity.type.extra_fields:
                value = entity.fields.get(f.name)
                if not f.unique or value is None:
                    continue
                first = seen.setdefault((entity.type.id, f.name, value), entity)
                if first is not entity:
                    msg = f"« {f.name} » vaut déjà {value} dans {self.display(first.path)}"
                    fix = f"chaque {entity.type.label.lower()} a son propre « {f.name} »"
                    self.errors.append(ContentError(self.display(entity.path), 1, msg, fix))

    def check_titles(self) -> None:
        seen: dict[tuple[str, str], Entity] = {}
        for entity in sorted(self.kb.entities.values(), key=lambda e: e.path):
            key = (entity.type.id, title_key(entity.title))
            if key in seen:
                first = seen[key]
                msg = f"titre « {entity.title} » déjà pris par {self.display(first.path)}"
                fix = "deux fiches d'un même type doivent avoir des titres distincts (accents et casse ignorés)"
                self.errors.append(ContentError(self.display(entity.path), 1, msg, fix))
            else:
                seen[key] = entity
