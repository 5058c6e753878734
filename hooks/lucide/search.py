"""Full-text search: Pagefind indexes the built site (French stemming, accents folded, split index).

The index is built by the ``pagefind`` package's own binary, fed each page's content as soon as it
is rendered, so that ``mkdocs build`` alone yields a searchable site. Pages mark what is indexed with
``data-pagefind-body``; glossary bubbles and heading permalinks carry ``data-pagefind-ignore``.
Each page also carries its kind as a Pagefind filter (``kind``: mythe, regle, signal, glossaire,
article, collection, guide) and as metadata (``type``: the label a result shows), so the search page
can keep the contributor guide apart, find rule 3 by its number, and say what each result is.
"""

from __future__ import annotations

import base64
import contextlib
import html as html_lib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import pagefind_order
from .model import KnowledgeBase
from .types import ARTICLE_FOLDER, ENTITY_BY_FOLDER, GLOSSARY_FOLDER
from .typography import french

ARTICLE_OPENING = '<article class="md-content__inner md-typeset">'  # the theme's frame of page content
BODY = '<article class="md-content__inner md-typeset" data-pagefind-body>'  # what Pagefind indexes
ARTICLE_END = "</article>"
H1 = re.compile(r"<h1(?P<attrs>[^>]*)>")
HEADERLINK = 'class="headerlink"'  # Material's "#" after each heading: not part of any title
LISTING = re.compile(r"<(?P<tag>ol|ul)>")  # a collection's list repeats its entries' own pages
GUIDE_FOLDER = "contribuer"
INDEX_FOLDER = "pagefind"  # in the site: the index, written anew by every build
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
    html = html.replace(ARTICLE_OPENING, BODY + _hidden_tags(tags), 1)
    html = html.replace(HEADERLINK, HEADERLINK + " data-pagefind-ignore")
    if tags.weight_title:
        html = H1.sub(r'<h1\g<attrs> data-pagefind-weight="10">', html, count=1)
    if tags.kind == "collection":
        start = html.find(BODY)
        end = html.find(ARTICLE_END, start)
        body = LISTING.sub(r"<\g<tag> data-pagefind-ignore>", html[start:end])
        html = html[:start] + body + html[end:]
    return html


class StreamingIndex:
    """Pagefind fed page by page while the build goes on, so indexing runs beside rendering.

    Speaks ``pagefind --service``'s line protocol (base64 JSON messages ended by ``,``): the
    ``pagefind.index`` client sleeps 100 ms between two replies. Each page is sent with its path in
    the site, so Pagefind gives it the URL its command line would; pages are numbered in the order
    they arrive (the build's render order). Pages arrive as their Markdown is rendered (``body``),
    so that Pagefind, on another core, indexes them while the engine renders every page's theme.

    The index comes back in a reply (``GetFiles``) and a thread of ours writes its files meanwhile:
    Pagefind's own ``WriteFiles`` answers before its last writes reach the disk, and the service
    exits as soon as its input closes, so a file could end cut short (its 68 KB search engine, once,
    at 64 KiB: search then fails in every reader's browser).
    """

    def __init__(self) -> None:
        cmd = [sys.executable, "-m", "pagefind", "--service"]
        try:
            # read only if the service fails (a pipe could fill up); closed by close()
            self.errors = tempfile.TemporaryFile()  # noqa: SIM115
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)
            if hasattr(os, "setpriority"):  # the build waits on its own thread, not on the index: it goes first
                with contextlib.suppress(OSError):  # (set before Pagefind starts its threads, which inherit it)
                    os.setpriority(os.PRIO_PROCESS, self.proc.pid, 10)
        except OSError as exc:  # pragma: no cover - depends on the machine
            raise SearchIndexError(f"Pagefind n'a pas pu démarrer : {exc}") from exc
        self.replies: dict[int, dict[str, object]] = {}
        self.arrived = threading.Condition()
        self.last_id = 0
        self.added: list[int] = []  # pages sent, whose replies are checked before writing
        self.writing = 0  # the message asking for the index's files, once sent
        self.saver: threading.Thread | None = None  # writes them as soon as they arrive
        self.saved: Exception | None = None  # why they could not be written, if they could not
        # pages are encoded and piped by a thread of their own: a full pipe never stalls the build
        self.outbox: queue.SimpleQueue[dict[str, object] | None] = queue.SimpleQueue()
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.writer.start()
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr_lock = threading.Lock()  # the build and the thread writing the index may both ask why
        try:
            reply = self._wait(self._send({"type": "NewIndex", "config": {"force_language": "fr"}}))
        except SearchIndexError:
            self.close()
            raise
        self.index_id = reply["index_id"]

    def _send(self, payload: dict[str, object]) -> int:
        self.last_id += 1
        self.outbox.put({"message_id": self.last_id, "payload": payload})
        return self.last_id

    def _write(self) -> None:
        assert self.proc.stdin is not None
        while (message := self.outbox.get()) is not None:
            try:
                self.proc.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
                self.proc.stdin.flush()
            except OSError:  # the service stopped: its reason is read from stderr by _wait
                self._stopped()
                return
        with contextlib.suppress(OSError):
            self.proc.stdin.close()  # end of input: the service finishes its work and exits

    def _read(self) -> None:
        assert self.proc.stdout is not None
        pending = bytearray()  # a message arrives in many reads: the index's files are megabytes
        while chunk := os.read(self.proc.stdout.fileno(), 1 << 16):
            if b"," not in chunk:
                pending += chunk
                continue
            *messages, rest = chunk.split(b",")
            messages[0] = bytes(pending) + messages[0]
            pending = bytearray(rest)
            with self.arrived:
                for raw in messages:
                    reply = json.loads(base64.b64decode(raw))
                    self.replies[reply.get("message_id") or 0] = reply["payload"]
                self.arrived.notify_all()
        self._stopped()

    def _stopped(self) -> None:
        with self.arrived:
            self.replies.setdefault(0, {"type": "Error", "message": "Pagefind s'est arrêté"})
            self.arrived.notify_all()

    def _wait(self, message_id: int) -> dict[str, object]:
        with self.arrived:
            self.arrived.wait_for(lambda: message_id in self.replies or 0 in self.replies)
            reply = self.replies.pop(message_id, None) or self.replies[0]
        if reply.get("type") == "Error":  # the caller stops the service (close)
            raise _failure(self._reason(str(reply.get("message") or "")))
        return reply

    def _reason(self, detail: str) -> str:
        """Why the service failed: what it wrote on stderr once stopped, else ``detail`` (its reply)."""
        with self.stderr_lock, contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
            self.proc.wait(timeout=5)
            if not self.errors.closed:
                self.errors.seek(0)
                detail = self.errors.read().decode(errors="replace").strip() or detail
        return detail

    def add(self, path: str, html: str) -> None:
        """Index one page's HTML; ``path``: its file in the site (``mythes/x/index.html``)."""
        html = _as_pagefind_reads(html)
        self.added.append(
            self._send({"type": "AddFile", "index_id": self.index_id, "file_path": path, "file_contents": html})
        )

    def start_writing(self, site_dir: Path) -> None:
        """Every page is added: ask for the index and write ``site_dir/pagefind/`` while the build goes on."""
        if not self.writing:
            bundle = site_dir / INDEX_FOLDER
            shutil.rmtree(bundle, ignore_errors=True)  # `build --dirty` keeps the last index
            self.writing = self._send({"type": "GetFiles", "index_id": self.index_id})
            self.saver = threading.Thread(target=self._save, args=(bundle,), daemon=True)
            self.saver.start()

    def _save(self, bundle: Path) -> None:
        try:
            files = self._wait(self.writing).get("files")
            if not isinstance(files, list):
                raise SearchIndexError("Pagefind n'a pas rendu les fichiers de l'index")
            folders: set[Path] = set()
            for file in files:
                rel = PurePosixPath(file["path"])
                if rel.is_absolute() or ".." in rel.parts:  # never outside the bundle, whatever comes back
                    raise SearchIndexError(f"l'index de recherche nomme un fichier hors de son dossier : {rel}")
                path = bundle.joinpath(*rel.parts)
                if path.parent not in folders:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(path.parent)
                path.write_bytes(base64.b64decode(file["content"]))
        except (SearchIndexError, OSError, KeyError, TypeError, ValueError) as exc:
            self.saved = exc

    def write(self, site_dir: Path) -> None:
        """Wait for every page and the index in ``site_dir/pagefind/``, in a stable order; stop the service."""
        try:
            self.start_writing(site_dir)
            for message_id in self.added:
                self._wait(message_id)
            assert self.saver is not None
            self.saver.join()
            if self.saved is not None:
                raise self.saved if isinstance(self.saved, SearchIndexError) else _failure(repr(self.saved))
        finally:
            self.close()
        try:
            pagefind_order.stabilise(site_dir / INDEX_FOLDER)  # the same site, the same bytes
        except (OSError, ValueError) as exc:  # a file Pagefind left unfinished
            raise SearchIndexError(f"l'index de recherche est incomplet ({exc}) : relancez la construction") from exc

    def close(self) -> None:
        """Stop the service (also when a build ends early); nothing writes into the site after this."""
        self.outbox.put(None)
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
        if self.saver is not None:  # its reply came and is written, or the service's end woke it up
            self.saver.join()
        with self.stderr_lock:
            self.errors.close()


def body(content: str, title: str, tags: Tags) -> str:
    """What Pagefind reads of a page, from its content alone: the page's ``<article>`` as the theme frames it.

    ``templates/partials/content.html`` adds a title when the content has none, and nothing else a
    reader can search for (the "Employé dans" list and the last-update line are left out of the
    index): indexing this while the engine still renders the other pages gives the index of the
    finished pages, a test checks it. Without the theme around it (header, navigation, scripts: two
    thirds of a page's bytes), Pagefind parses a third less.
    """
    heading = "" if "<h1" in content else f'<h1 id="lucide-titre">{title}</h1>'
    article = mark_page(f"{ARTICLE_OPENING}{heading}{content}{ARTICLE_END}", tags)
    return f'<!DOCTYPE html><html lang="fr"><body>{article}</body></html>'


def _as_pagefind_reads(html: str) -> str:
    """``l’intimité`` with the apostrophe Pagefind splits words on.

    Pagefind 1.5 splits ``l'intimité`` into words but keeps ``l’intimité`` whole, so a search for
    ``intimite`` would miss every page set in French typography.
    """
    return html.replace("’", "'")


def index_site(site_dir: Path) -> None:
    """Write ``site_dir/pagefind/`` with Pagefind's command line, from the finished site.

    The fallback when the streamed index failed: slower, same content (pages may be numbered in
    another order). Raises with Pagefind's own message if it fails too.
    """
    shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)  # what the service may have half written
    with tempfile.TemporaryDirectory(prefix="lucide-recherche-") as tmp:
        copy = _searchable_copy(site_dir, Path(tmp))
        output = str((site_dir / INDEX_FOLDER).resolve())
        cmd = [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", output]
        _run([*cmd, "--force-language", "fr", "--silent"])
    pagefind_order.stabilise(site_dir / INDEX_FOLDER)  # the same site, the same bytes


def _searchable_copy(site_dir: Path, tmp: Path) -> Path:
    """The built pages as Pagefind should read them (``_as_pagefind_reads``)."""
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if rel.parts[0] == INDEX_FOLDER:
            continue
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(_as_pagefind_reads(page.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp


def _run(cmd: list[str]) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - depends on the machine
        raise SearchIndexError(f"Pagefind n'a pas pu démarrer : {exc}") from exc
    if proc.returncode != 0:
        raise _failure((proc.stderr or proc.stdout).strip())


def _failure(detail: str) -> SearchIndexError:
    """The error a build reports when Pagefind fails, with Pagefind's own words or the fix."""
    if "No module named pagefind" in detail:
        detail = "le paquet pagefind manque : pip install -r requirements.txt"
    return SearchIndexError(f"l'index de recherche n'a pas pu être construit : {detail}")
