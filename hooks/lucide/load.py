"""Read every content file once and build the linked knowledge base, collecting every error.

Stages: read (decode + front matter) -> model (articles, entities, terms) -> link (resolve sources
and related ids, make relations two-way). Nothing here renders; ``check`` and the build share it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from . import frontmatter, glossary, parse
from .errors import ContentError
from .frontmatter import Document
from .model import Article, Entity, KnowledgeBase, SourceRef, Term
from .text import fold, is_slug, slugify
from .types import (
    ANNOTATION_FIELDS,
    ANNOTATION_KEYS,
    ARTICLE_FIELDS,
    ARTICLE_FOLDER,
    ENTITY_BY_NAME,
    ENTITY_TYPES,
    GLOSSARY_FOLDER,
    PHRASINGS,
    TERM_FIELDS,
    EntityType,
)

_ID_SEPARATORS = re.compile(r"[,\s]+")


def content_files(docs_dir: Path) -> list[str]:
    """Paths (relative to ``docs_dir``) of every file the knowledge base reads, sorted."""
    folders = [ARTICLE_FOLDER, GLOSSARY_FOLDER, *(t.folder for t in ENTITY_TYPES)]
    found = []
    for folder in folders:
        base = docs_dir / folder
        if base.is_dir():
            found += [f"{folder}/{p.name}" for p in base.iterdir() if p.suffix == ".md" and p.name != "index.md"]
    return sorted(found)


def load(docs_dir: Path, sources: dict[str, bytes] | None = None) -> tuple[KnowledgeBase, list[ContentError]]:
    """Build the knowledge base from ``docs_dir``; ``sources`` may supply file contents already read."""
    loader = _Loader(_display_base(docs_dir))
    content = set(content_files(docs_dir))
    for rel in sorted(content):
        raw = sources[rel] if sources and rel in sources else (docs_dir / rel).read_bytes()
        loader.read(rel, raw)
    for path in sorted(docs_dir.rglob("*.md")):  # other pages may use [[terme]] too
        rel = path.relative_to(docs_dir).as_posix()
        if rel not in content:
            loader.read_page(rel, path.read_bytes())
    loader.link()
    return loader.kb, sorted(set(loader.errors))


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

    def display(self, rel: str) -> str:
        return f"{self.docs_name}/{rel}"

    def read(self, rel: str, raw: bytes) -> None:
        path = self.display(rel)
        folder, name = rel.split("/", 1)
        stem = name[:-3]
        if not is_slug(stem):
            fix = f"renommez-le « {slugify(stem) or 'nom-du-fichier'}.md » (minuscules, sans accents ni espaces)"
            self.errors.append(ContentError(path, 1, f"nom de fichier invalide « {name} »", fix))
            return
        text, errors = frontmatter.decode(raw, path)
        if errors:
            self.errors += errors
            return
        doc, errors = frontmatter.split(text, path)
        self.errors += errors
        if errors:
            return
        self.term_refs += [(path, line, name) for line, name, _ in glossary.explicit_refs(doc.body, doc.body_line)]
        self.errors += parse.active_html(doc.body, path, doc.body_line)
        if folder == ARTICLE_FOLDER:
            self.read_article(stem, rel, doc)
        elif folder == GLOSSARY_FOLDER:
            self.read_term(stem, rel, doc)
        else:
            self.read_entity(next(t for t in ENTITY_TYPES if t.folder == folder), stem, rel, doc)

    def read_page(self, rel: str, raw: bytes) -> None:
        """A page that is not knowledge-base content: only its [[terme]] references matter."""
        text, errors = frontmatter.decode(raw, self.display(rel))
        doc, split_errors = frontmatter.split(text, self.display(rel))
        self.errors += errors + split_errors
        self.term_refs += [(doc.path, line, name) for line, name, _ in glossary.explicit_refs(doc.body, doc.body_line)]

    def read_article(self, slug: str, rel: str, doc: Document) -> None:
        self.errors += frontmatter.validate(doc, ARTICLE_FIELDS, "un article")
        found, errors = parse.passages(doc.body, doc.path, doc.body_line)
        self.errors += errors
        meta = doc.meta
        article = Article(slug, rel, meta.get("title", slug), meta.get("author", ""), meta.get("date", ""))
        article.source, article.summary = meta.get("source", ""), meta.get("summary", "")
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
                if "number" in fields and fields["number"].isdigit():
                    fields["number"] = int(fields["number"])  # type: ignore[assignment]
                doc = Document(path, meta=fields, lines={k: p.attrs_line for k in fields})
                ref = SourceRef(article.slug, p.anchor)
                self.annotations.append((slug, ENTITY_BY_NAME[name], ref, doc))

    def read_entity(self, etype: EntityType, slug: str, rel: str, doc: Document) -> None:
        self.errors += frontmatter.validate(doc, etype.fields, f"un {etype.label.lower()}")
        if not self.claim(slug, doc.path, 1):
            return
        meta = doc.meta
        extra = {f.name: meta[f.name] for f in (*etype.extra_fields, PHRASINGS) if f.name in meta}
        entity = Entity(etype, slug, meta.get("title", slug), meta.get("summary", ""), rel, extra, body=doc.body)
        self.kb.entities[slug] = entity
        self.queue_refs(entity, doc, "sources")
        self.queue_refs(entity, doc, "related")

    def read_term(self, slug: str, rel: str, doc: Document) -> None:
        self.errors += frontmatter.validate(doc, TERM_FIELDS, "un terme du glossaire")
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
                ref = self.resolve_source(value, doc.path, line)
                if ref and ref not in owner.sources:
                    owner.sources.append(ref)
            else:
                self.link_pair(owner, self.kb.entities, value, doc.path, line, "fiche liée inconnue")
        for entity in self.kb.entities.values():
            entity.sources.sort(key=self.source_order)
            for ref in entity.sources:
                self.kb.citations.setdefault(ref, []).append(entity)
        for cited in self.kb.citations.values():
            cited.sort(key=lambda e: (e.type.folder, e.sort_key))
        self.check_titles()

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
        if not is_slug(slug):
            msg = f"identifiant invalide « {slug} »"
            self.errors.append(ContentError(doc.path, line, msg, f"écrivez-le « {slugify(slug)} »"))
            return None
        if "title" not in doc.meta:
            known = [e.slug for e in self.kb.entities.values()]
            fix = _close(slug, known) or f'{where}, ou ajoutez title="…" et summary="…" à l\'annotation'
            self.errors.append(ContentError(doc.path, line, f"{etype.label.lower()} inconnu « {slug} »", fix))
            return None
        doc.lines, doc.first_line = {k: line for k in doc.meta}, line
        self.errors += frontmatter.validate(doc, etype.fields, f"un {etype.label.lower()}")
        self.claim(slug, doc.path, line)
        meta = doc.meta
        extra = {f.name: meta[f.name] for f in etype.extra_fields if f.name in meta}
        path = f"{etype.folder}/{slug}.md"
        entity = Entity(etype, slug, meta["title"], meta.get("summary", ""), path, extra, generated=True)
        entity.sources.append(ref)
        self.kb.entities[slug] = entity
        return entity

    def resolve_source(self, value: str, path: str, line: int) -> SourceRef | None:
        article, _, anchor = value.partition("#")
        article, anchor = article.strip(), anchor.strip()
        if not article or not anchor:
            fix = "écrivez la source sous la forme nom-de-l-article#ancre-du-passage"
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
        return SourceRef(article, anchor)

    def link_pair(self, owner: Entity | Term, pool: dict, slug: str, path: str, line: int, what: str) -> None:
        """``owner`` names ``slug`` in ``related``: link both ways (``what``: "fiche liée inconnue"…)."""
        other = pool.get(slug)
        if other is None:
            fix = _close(slug, list(pool)) or "indiquez l'identifiant (nom du fichier sans .md)"
            self.errors.append(ContentError(path, line, f"{what} « {slug} »", fix))
        elif other is not owner:
            owner.related.add(slug)
            other.related.add(owner.slug)  # relations read both ways

    def check_titles(self) -> None:
        seen: dict[tuple[str, str], Entity] = {}
        for entity in sorted(self.kb.entities.values(), key=lambda e: e.path):
            key = (entity.type.id, " ".join(fold(entity.title).split()))
            if key in seen:
                first = seen[key]
                msg = f"titre « {entity.title} » déjà pris par {self.display(first.path)}"
                fix = "deux fiches d'un même type doivent avoir des titres distincts (accents et casse ignorés)"
                self.errors.append(ContentError(self.display(entity.path), 1, msg, fix))
            else:
                seen[key] = entity
