"""Live preview: a rebuild renders again only the pages whose inputs changed.

With ``mkdocs serve --dirty`` the engine skips every page whose output is newer than its source
file. A Lucide page is made of more than its file: an entity shows quotes from articles, an article
lists the entities citing it, every page carries glossary tooltips. So before each rebuild Lucide
works out, for every page, a digest of everything the page is made of (its Markdown as completed
from the model, the data of the glossary terms it linked, its search tags and JSON-LD, the site's
configuration and page list) and removes the output of each page whose digest changed: the engine
renders exactly those. What skipped pages give the others (their title, the terms they link, hence
each term's "Employé dans" list) is remembered here from the rebuild that last rendered them.

The memory lives as long as the Python process (the preview server): the engine re-reads its
configuration on every rebuild, never this module. Nothing here knows the engine.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .glossary import Form


@dataclass
class Rendered:
    """What one page was when it was last rendered."""

    digest: str
    url: str
    dest: str  # its file in the site
    title: str
    nav_title: str = ""  # the title as the engine shows it in the navigation (escaped)
    terms: frozenset[str] = frozenset()  # glossary terms the page links
    theme_html: str = ""  # glossary entries only: the page before its "Employé dans" list was filled
    used_in: tuple[tuple[str, str], ...] = ()  # that list, as it was written


@dataclass
class Memory:
    """The previous rebuilds' pages, for the one preview server this process runs."""

    site: str = ""  # digest of the configuration and the page list the pages were rendered with
    forms: frozenset[Form] = frozenset()  # the glossary forms pages were matched against
    pages: dict[str, Rendered] = field(default_factory=dict)  # source path -> last rendering
    folder: Path | None = None  # where generated pages are written, for the engine to compare dates

    def generated_file(self, src_uri: str, content: str) -> Path:
        """A generated page as a file, rewritten only when its content changed (its date says so)."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="lucide-apercu-"))
            atexit.register(shutil.rmtree, self.folder, ignore_errors=True)  # like MkDocs' own preview folder
        path = self.folder / src_uri
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        return path

    def start(self, site: str, pages: set[str]) -> list[str]:
        """Forget everything when the site itself changed (configuration, pages added or removed).

        Returns the output files of remembered pages that no longer exist, to remove.
        """
        gone = [r.dest for src, r in self.pages.items() if src not in pages]
        if site != self.site:
            self.site, self.forms, self.pages = site, frozenset(), {}
        return gone


MEMORY = Memory()


def digest(*parts: str) -> str:
    """A short digest of ``parts`` (strings never contain NUL)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


_TITLE = re.compile(r"^title:[ \t]*(.+)$|^#[ \t]+(.+?)[ \t#]*$", re.M)


def title_hint(text: str) -> str:
    """Where a page's navigation title comes from: its ``title:`` or its first ``#`` heading."""
    found = _TITLE.search(text)
    return (found.group(1) or found.group(2) or "") if found else ""
