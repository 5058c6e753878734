"""Raw article text (as copied from a blog) -> a clean Markdown article with an anchor on every passage.

The text stays the author's: we only drop what is not the article (comments, share and newsletter
prompts, ads, stray code), recognise its structure and escape what Markdown would misread.
Everything dropped is reported so a person can check it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .text import MONTHS, slugify
from .types import ARTICLE_FIELDS, ARTICLE_FOLDER

AUTHOR_BIO = "présentation de l'auteur"
# Markers after which the rest of the page is comments, sharing or site chrome.
TAIL = [
    (
        re.compile(
            r"^(leave a reply|laisser un commentaire|laissez un commentaire|\d+ (commentaires?|comments?)"
            r"|commentaires?|discussion|comments?)\s*:?$",
            re.I,
        ),
        "fil de commentaires",
    ),
    (
        re.compile(
            r"partage[rz]? (cet article|la publication)|fais[- ]le donc tourner|(barre|boutons?) de partage"
            r"|share (this|on)",
            re.I,
        ),
        "invitation au partage",
    ),
    (re.compile(r"^à propos de l['’]aut(eur|rice)", re.I), AUTHOR_BIO),
    (
        re.compile(
            r"^(articles? (similaires|liés|connexes|recommandés)|vous aimerez aussi|sur le même sujet)\s*:?$", re.I
        ),
        "articles liés",
    ),
    (
        re.compile(
            r"rejoignez (la|notre) communauté|inscri(vez|s)[- ](vous|toi) à (la|notre) newsletter"
            r"|recevez par e-?mail|abonnez-vous à (la|notre) newsletter",
            re.I,
        ),
        "invitation à la newsletter",
    ),
]
# Headings whose reason covers every line after them; after a one-line prompt (share, newsletter), the
# lines that follow are only known to be the end of the page.
TAIL_SECTIONS = ("fil de commentaires", AUTHOR_BIO, "articles liés")
PAGE_END = "fin de page après l'article (réactions, liens)"
# Single lines that are page furniture wherever they stand.
NOISE = [
    (re.compile(r"^à lire( aussi)?\b", re.I), "publicité « À lire »"),
    (re.compile(r"^(temps de lecture|lecture)\s*(?::\s*)?\d+\s*min", re.I), "temps de lecture"),
    (re.compile(r"^bouton d['’]|^(image|logo|icône) ?:|^crédits? photos? ?:", re.I), "texte d'image"),
    (re.compile(r"nous utilisons des cookies|accepter les cookies|^publicité$", re.I), "bandeau du site"),
    (re.compile(r"cliquez ici|click here", re.I), "appel à cliquer"),
    (
        re.compile(
            r"<\s*(?:/\s*)?(script|style|iframe)|\bfunction\s*\(|^\s*(var|let|const)\s+\w+\s*=|\bdocument\.\w+\("
        ),
        "fragment de script",
    ),
    (re.compile(r"^[\s>|<\-–—•*#=_~]+$"), "ponctuation isolée"),
]

AUTHOR_LINE = re.compile(
    r"^(?:(?:par|by|publié par|écrit par|rédigé par)\s+|(?:auteur|autrice)\s*:\s*)(?P<name>[^\d,;:]{2,60})$", re.I
)
CONTENTS = re.compile(r"^(sommaire|table des matières|au sommaire)\s*:?$", re.I)
DATE_LINE = re.compile(
    r"^(?:publié le\s+|mis à jour le\s+)?(?P<d>\d{1,2})(?:/|\s+)(?P<m>\d{1,2}|" + "|".join(MONTHS) + r")"
    r"(?:/|\s+)(?P<y>\d{4})$",
    re.I,
)
NAME = re.compile(r"^[A-ZÀ-Ý][\w'’-]*(?: (?:[A-ZÀ-Ý][\w'’-]*|[A-ZÀ-Ý]\.)){0,3}$")  # "Marco Bérubé", "Prudence B."
HEADING_MD = re.compile(r"^(#{1,6})\s+(.*)$")  # closing hashes are stripped in code: linear
NUMBERED = re.compile(r"^(\d{1,2})\s*[./)]\s+(.*)$")
BULLET = re.compile(r"^(?:[-•*–]\s+|[●▪►✓✔→✅👉]\s*|➡️?\s*)(\S.*)$")  # "- a", "✅a", "👉 a"
TERMINAL = tuple(".,;:…!")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([#>+=-])")
_LIST_NUMBER = re.compile(r"^\d+\s*[./)]\s*")
_ANCHOR_WORDS, _ANCHOR_LENGTH, _ANCHOR_PREFIXES = 6, 48, (80, 400)


@dataclass(slots=True)  # millions of them in a 50 MB paste
class Line:
    number: int
    text: str


@dataclass
class Imported:
    """The result of an import: the Markdown file and what was removed or guessed."""

    title: str
    author: str
    date: str
    slug: str
    markdown: str
    removed: list[tuple[int, str, str]] = field(default_factory=list)  # (line, reason, text)
    notes: list[str] = field(default_factory=list)
    record: dict[str, Any] = field(default_factory=dict)  # the front matter written


# What the record says when the text does not tell (never a guess: a reason a reader can trust).
UNKNOWN = {
    "author_unknown": "le texte ne nomme pas son auteur",
    "publication_unknown": "le texte ne nomme pas le site qui l'a publié",
    "url_unknown": "l'adresse d'origine n'a pas été conservée",
}
UNKNOWN_NOTES = {
    "author": "aucun auteur trouvé dans le texte (indiquez-le avec --author s'il est connu)",
    "publication": "aucun site nommé dans le texte (indiquez-le avec --publication s'il est connu)",
    "url": "adresse d'origine inconnue : elle n'est jamais devinée (indiquez-la avec --url si vous l'avez)",
}
DEFAULTS = {"genre": "article", "rights": "citation"}
# The site the author's presentation says they created: "je décide de créer le site ApprentiMillionnaire".
SITE_NAMED = re.compile(r"\ble (?:site|blog) ([A-ZÀ-Ý][\w'’.-]{2,40})")


def import_text(
    text: str, source: str, title: str = "", author: str = "", record: dict[str, str] | None = None
) -> Imported:
    """Convert raw article ``text`` (from file ``source``) into a Lucide article.

    ``record`` holds what the person importing knows (types.ARTICLE_FIELDS keys: url, publication,
    genre, consulted…); it wins over what the text suggests, and nothing is ever invented.
    """
    lines = [Line(i, _clean(t)) for i, t in enumerate(text.replace("\r\n", "\n").split("\n"), 1)]
    removed: list[tuple[int, str, str]] = []
    notes: list[str] = []
    lines = _cut_tail(lines, removed)
    lines = [ln for ln in lines if not _noise(ln, removed)]
    lines = _drop_contents(lines, removed)
    head = _header(lines, removed)
    lines = [ln for ln in lines if ln.number not in head.taken]
    signature = _signature(lines, removed)
    if signature:
        lines = lines[: -len(signature)]
    found_author = head.author or _full_name(signature[0].text if signature else "", removed)
    title = title or head.title
    if not title:
        title = _first_sentence(lines)
        notes.append("aucun titre trouvé : la première phrase sert de titre (changez-le avec --title)")
    given = {k: v.strip() for k, v in (record or {}).items() if v and v.strip()}
    if author:
        given["author"] = author
    found = {
        "author": found_author,
        "publication": _site_named(removed),
        "date": head.date,
        "imported_from": source,
        "removed": _removed_counts(removed),
    }
    meta = _record(title, given, found, notes)
    body = _render(_blocks(lines))
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    markdown = f"---\n{front}---\n\n{body}"
    slug = slugify(title, max_words=8)
    author = meta.get("author", "")
    return Imported(title, author, meta.get("date", ""), slug, markdown, sorted(removed), notes, meta)


def _record(title: str, given: dict[str, str], found: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The front matter in the order of types.ARTICLE_FIELDS: given values, then found ones, then reasons."""
    meta: dict[str, Any] = {}
    for f in ARTICLE_FIELDS:
        unknown = f.unknown_key
        if f.name == "title":
            meta["title"] = title
        elif f.name in given:
            meta[f.name] = given[f.name]
        elif unknown and unknown in given:
            meta[unknown] = given[unknown]
        elif found.get(f.name):
            meta[f.name] = found[f.name]
            if f.name == "publication":
                notes.append(
                    f"site déduit de la présentation de l'auteur : {found[f.name]} (corrigez avec --publication)"
                )
        elif unknown:
            meta[unknown] = UNKNOWN[unknown]
            notes.append(UNKNOWN_NOTES[f.name])
        elif f.name in DEFAULTS:
            meta[f.name] = DEFAULTS[f.name]
        if unknown and unknown in given and f.name in meta:
            meta[unknown] = given[unknown]  # both given: the check says they do not go together
    return meta


def _site_named(removed: list[tuple[int, str, str]]) -> str:
    """The site the author's own presentation names, if it names exactly one."""
    names = {
        m.group(1).rstrip(".") for _, reason, text in removed if reason == AUTHOR_BIO for m in SITE_NAMED.finditer(text)
    }
    return names.pop() if len(names) == 1 else ""


def _removed_counts(removed: list[tuple[int, str, str]]) -> dict[str, int]:
    """Lines removed per reason, most frequent first: what the article page tells its readers."""
    counts = Counter(reason for _, reason, _ in removed)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _clean(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u200b", "").strip()


def _cut_tail(lines: list[Line], removed: list[tuple[int, str, str]]) -> list[Line]:
    # Only the second half of the text (by characters) can be the tail: comment threads are many
    # short lines, so counting lines would put the middle inside them.
    total = sum(len(ln.text) for ln in lines)
    seen, half = 0, len(lines)
    for i, ln in enumerate(lines):
        seen += len(ln.text)
        if seen >= total / 2:
            half = i + 1
            break
    for i in range(half, len(lines)):
        reason = _reason(TAIL, lines[i].text)
        if reason:
            start = i
            # an intro line ending with ":" ("… si vous vouliez bien :") belongs to the prompt
            prev = [j for j in range(start) if lines[j].text]
            if prev and lines[prev[-1]].text.endswith(":"):
                start = prev[-1]
            for ln in lines[start:]:  # each part of the tail under its own name: sharing, then comments…
                found = _reason(TAIL, ln.text)
                if found or ln.number > lines[i].number:
                    reason = found or (reason if reason in TAIL_SECTIONS else PAGE_END)
                if ln.text:
                    removed.append((ln.number, reason, ln.text))
            return lines[:start]
    return lines


def _reason(table: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    """The reason of the first pattern of ``table`` that matches ``text``, if any."""
    return next((r for pattern, r in table if pattern.search(text)), None)


def _noise(line: Line, removed: list[tuple[int, str, str]]) -> bool:
    if not line.text:
        return False
    reason = _reason(NOISE, line.text)
    if reason is None and _is_json(line.text):
        reason = "fragment JSON"
    if reason:
        removed.append((line.number, reason, line.text))
    return reason is not None


def _drop_contents(lines: list[Line], removed: list[tuple[int, str, str]]) -> list[Line]:
    """A "Sommaire" and the entries after it that the text repeats later as its headings."""
    last = {ln.text: i for i, ln in enumerate(lines)}  # where each text last appears: "later" in O(1)
    for i, ln in enumerate(lines):
        if not CONTENTS.match(ln.text):
            continue
        end = i + 1
        while end < len(lines) and (not lines[end].text or _repeated_later(lines[end].text, last, i)):
            end += 1
        if end > i + 1 and any(x.text for x in lines[i + 1 : end]):
            removed += [(x.number, "sommaire", x.text) for x in lines[i:end] if x.text]
            return lines[:i] + lines[end:]
    return lines


def _repeated_later(text: str, last: dict[str, int], after: int) -> bool:
    """Whether this contents entry appears again as a line of its own after line index ``after``."""
    entry = BULLET.sub(r"\1", text)
    return entry != text and last.get(entry, -1) > after


def _is_json(text: str) -> bool:
    if not (text[0] in "{[" and text[-1] in "}]"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return '":' in text
    return True


@dataclass
class _Header:
    title: str = ""
    author: str = ""
    date: str = ""
    taken: set[int] = field(default_factory=set)


def _header(lines: list[Line], removed: list[tuple[int, str, str]]) -> _Header:
    """Title, byline and date among the first lines: ``Titre`` / ``Par Richard`` / ``15/10/2020``."""
    head = _Header()
    top = [ln for ln in lines if ln.text][:6]
    for ln in top:
        d = DATE_LINE.match(ln.text)
        if d and not head.date:
            head.date = _iso_date(d.group("d"), d.group("m"), d.group("y"))
            head.taken.add(ln.number)
            removed.append((ln.number, "date (reprise dans l'en-tête)", ln.text))
    rest = [ln for ln in top if ln.number not in head.taken]
    for k, ln in enumerate(rest):
        m = AUTHOR_LINE.match(ln.text)
        if m:
            head.author = m.group("name").strip()
            head.taken.add(ln.number)
            removed.append((ln.number, "auteur (repris dans l'en-tête)", ln.text))
            if k >= 1:  # the title is the line just above the byline; lines before it are links
                head.title = rest[k - 1].text
                head.taken.add(rest[k - 1].number)
                for extra in rest[: k - 1]:
                    head.taken.add(extra.number)
                    removed.append((extra.number, "lien en tête de page", extra.text))
            break
    rest = [ln for ln in top if ln.number not in head.taken]
    if not head.title and rest and _title_like(rest[0].text) and rest[0] is top[0]:
        head.title = rest[0].text
        head.taken.add(rest[0].number)
    return head


def _iso_date(day: str, month: str, year: str) -> str:
    m = int(month) if month.isdigit() else MONTHS.index(month.lower()) + 1
    return f"{int(year):04d}-{m:02d}-{int(day):02d}"


def _title_like(text: str) -> bool:
    return len(text) <= 150 and not text.endswith((".", ",", ";", ":"))


def _signature(lines: list[Line], removed: list[tuple[int, str, str]]) -> list[Line]:
    """A closing name (and optional role line) such as ``Marco Bérubé`` / ``Président``."""
    tail = [ln for ln in lines if ln.text][-2:]
    for k in range(len(tail)):
        rest = tail[k:]
        if all(NAME.match(r.text) and len(r.text.split()) <= 4 for r in rest) and len(lines) > len(rest) + 2:
            removed += [(r.number, "signature (reprise comme auteur)", r.text) for r in rest]
            count = len(lines) - next(i for i, x in enumerate(lines) if x is rest[0])
            return lines[-count:]
    return []


def _full_name(first: str, removed: list[tuple[int, str, str]]) -> str:
    """``Dushan`` signed the post; the comment thread may spell the full name."""
    if not first or " " in first:
        return first
    pattern = re.compile(rf"\b{re.escape(first)} [A-ZÀ-Ý][\w'’-]+")
    names = sorted({m.group(0) for _, _, text in removed for m in pattern.finditer(text)})
    return names[0] if len(names) == 1 else first


def _first_sentence(lines: list[Line]) -> str:
    text = next((ln.text for ln in lines if ln.text), "Article sans titre")
    sentence = re.split(r"(?<=[.!?…])\s", text, maxsplit=1)[0]
    return sentence if len(sentence) <= 100 else sentence[:100].rsplit(" ", 1)[0] + "…"


# -- structure ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    kind: str  # "heading", "paragraph", "ol", "ul"
    text: str
    level: int = 2
    number: int = 0


def _paragraphs(lines: list[Line]) -> tuple[list[str], bool]:
    """Join wrapped lines; return the paragraphs and whether blank lines separate them.

    Posts copied from a blog either separate paragraphs by blank lines (then a lone short line is a
    heading) or put one paragraph per line (then only unpunctuated lines can be headings).
    """
    non_empty = [ln for ln in lines if ln.text]
    blanks = sum(1 for ln in lines if not ln.text)
    blank_mode = blanks >= 0.3 * len(non_empty)
    out: list[list[str]] = []
    previous_blank = True
    for ln in lines:
        if not ln.text:
            previous_blank = True
            continue
        wrapped = out and not previous_blank and not out[-1][-1].endswith((*TERMINAL, "?")) and ln.text[0].islower()
        if wrapped:
            out[-1].append(ln.text)  # joined once at the end: appending to a str would be quadratic
        else:
            out.append([ln.text])
        previous_blank = False
    return [" ".join(parts) for parts in out], blank_mode


def _blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    section_level = 1  # level of the last unnumbered heading
    paragraphs, blank_mode = _paragraphs(lines)
    for text in paragraphs:
        md = HEADING_MD.match(text)
        numbered = NUMBERED.match(text)
        bullet = BULLET.match(text)
        if md:
            level = min(len(md.group(1)) + 1, 6)
            blocks.append(Block("heading", md.group(2).rstrip("#").rstrip(), level))
            section_level = level
        elif numbered and _heading_like(numbered.group(2), blank_mode, short=100):
            blocks.append(Block("heading", text, min(section_level + 1, 6)))
        elif numbered and int(numbered.group(1)) != 1 and (not blocks or blocks[-1].kind != "ol"):
            # "2." after a paragraph would start a new Markdown list, shown "1.": keep the author's
            # number as text in a paragraph of its own
            blocks.append(Block("paragraph", text))
        elif numbered:
            blocks.append(Block("ol", numbered.group(2), number=int(numbered.group(1))))
        elif bullet:
            blocks.append(Block("ul", bullet.group(1)))
        elif _heading_like(text, blank_mode) and text[0] not in '“"«(':
            blocks.append(Block("heading", text, 2))
            section_level = 2
        else:
            blocks.append(Block("paragraph", text))
    if blocks and blocks[-1].kind == "heading":
        blocks[-1].kind = "paragraph"  # a page does not end on a heading
    return blocks


def _heading_like(text: str, blank_mode: bool, short: int = 90) -> bool:
    ends = TERMINAL if blank_mode else (*TERMINAL, "?")
    core = text.rstrip(" »”\"'’)")  # a quotation that closes on a full stop is a sentence
    return len(text) <= short and not core.endswith(ends) and (text[0].isupper() or text[0].isdigit())


def _escape_inline(text: str) -> str:
    """Keep the author's characters literal: no emphasis, links or raw HTML by accident."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;").replace(">", "&gt;")


def _escape(text: str) -> str:
    text = _escape_inline(text)
    m = _BLOCK_START.match(text)
    if m and m.group(1):  # "2020. Une année…" would become a list
        return f"{m.group(1)}\\{m.group(2)}{text[m.end() :]}"
    if m:
        return "\\" + text
    return text


def _render(blocks: list[Block]) -> str:
    used: dict[str, int] = {}  # anchor -> next suffix to try for that base
    out: list[str] = []
    previous = ""
    for b in blocks:
        anchor = _anchor(b.text, used)
        text = _escape_inline(b.text) if b.kind == "heading" else _escape(b.text)
        if b.kind != previous or b.kind not in ("ol", "ul"):
            out.append("")  # lists of one kind stay one list; everything else is its own block
        if b.kind == "heading":
            out.append(f"{'#' * b.level} {text} {{: #{anchor} }}")
        elif b.kind == "ol":
            out += [f"{b.number}. {text}", f"    {{: #{anchor} }}"]
        elif b.kind == "ul":
            out += [f"- {text}", f"    {{: #{anchor} }}"]
        else:
            out += [text, f"{{: #{anchor} }}"]
        previous = b.kind
    return "\n".join(out).strip() + "\n"


def _anchor(text: str, used: dict[str, int]) -> str:
    """A readable id from the passage's first words; it survives passages added elsewhere.

    ``used`` remembers, per base, the next suffix to try: a thousand identical paragraphs cost a
    thousand look-ups, not half a million.
    """
    base = _anchor_base(_LIST_NUMBER.sub("", text, count=1))
    anchor, n = base, used.get(base, 2)
    if anchor in used:
        anchor = f"{base}-{n}"
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used[base] = n + 1
    used.setdefault(anchor, 2)
    return anchor


@lru_cache(maxsize=4096)  # pasted pages repeat paragraphs (disclaimers, calls to action) by the thousand
def _anchor_base(text: str) -> str:
    # The first words are all an anchor needs: fold a short prefix, not a whole (possibly huge)
    # paragraph. A seventh word in the prefix proves the first six are complete.
    for size in _ANCHOR_PREFIXES:
        words = slugify(text[:size], max_words=_ANCHOR_WORDS + 1, max_length=10 * size).split("-")
        if len(words) > _ANCHOR_WORDS or len(text) <= size:
            break
    else:
        words = slugify(text, max_words=_ANCHOR_WORDS, max_length=len(text)).split("-")
    slug = "-".join(words[:_ANCHOR_WORDS])
    if len(slug) > _ANCHOR_LENGTH:  # as slugify cuts: at a word boundary
        slug = slug[:_ANCHOR_LENGTH].rsplit("-", 1)[0]
    return slug or "passage"


# -- writing --------------------------------------------------------------------------------------


class WriteRefusedError(Exception):
    """The article cannot be written safely; the message says why and what to do (in French)."""


def write_article(docs: Path, slug: str, markdown: str, force: bool = False) -> Path:
    """Write ``docs/articles/<slug>.md`` atomically, never outside that folder, never through a link.

    The text goes to a hidden temporary file created exclusively (a planted file or link there is
    refused, not followed), then replaces the article in one step; MkDocs never publishes dot-files,
    so a temporary file left by a killed import is never on the site.
    """
    articles = docs / ARTICLE_FOLDER
    if articles.is_symlink() or (articles.exists() and not articles.resolve().is_relative_to(docs.resolve())):
        raise WriteRefusedError(f"{articles} est un lien vers un autre dossier — remplacez-le par un vrai dossier")
    try:
        articles.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise WriteRefusedError(f"{articles} n'est pas un dossier — renommez ce fichier puis relancez") from None
    folder = os.open(articles, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        return _write_in(folder, articles, slug, markdown, force)
    finally:
        os.close(folder)


def _write_in(folder: int, articles: Path, slug: str, markdown: str, force: bool) -> Path:
    name, target = f"{slug}.md", articles / f"{slug}.md"
    try:
        existing = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        message = f"{target} existe et n'est pas un fichier ordinaire (lien, dossier…) — retirez-le d'abord"
        raise WriteRefusedError(message)
    if existing is not None and not force:
        raise WriteRefusedError(f"{target} existe déjà — ajoutez --force pour le remplacer, ou choisissez --slug")
    temporary = f".{name}.tmp-{os.getpid()}"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
    except FileExistsError:
        message = f"{articles / temporary} existe déjà — supprimez ce fichier temporaire et relancez"
        raise WriteRefusedError(message) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(markdown)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)  # never a half-written article
    finally:
        with contextlib.suppress(FileNotFoundError):  # already renamed, or never written
            os.unlink(temporary, dir_fd=folder)
    return target
