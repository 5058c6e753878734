"""When each page was last updated, from the repository history: never the build clock.

One ``git log`` per build lists every commit that touched ``docs/`` with the files it changed; the
first date seen for a path (newest first) is its last change. A file git does not know (not committed
yet, no repository, no git) takes ``SOURCE_DATE_EPOCH`` when it is set, else no date at all, so two
builds of the same sources always say the same thing. A file edited since its last commit keeps that
commit's date: the published site is built from a clean checkout, where the two agree.

Pages Lucide generates take the latest date of the files they are built from; the home page, which counts
every collection, takes the latest date of the whole site.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from .model import KnowledgeBase
from .types import ARTICLE_FOLDER, ENTITY_BY_FOLDER, GLOSSARY_FOLDER

_COMMIT = "\x1e"  # starts each commit's date in the log: a path never begins with it
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def git_dates(docs_dir: Path) -> dict[str, str]:
    """Path relative to ``docs_dir`` -> ``AAAA-MM-JJ`` of the last commit that changed it (one subprocess)."""
    cmd = ["git", "-c", "core.quotePath=false", "log", f"--format={_COMMIT}%cs", "--name-only", "-z", "--relative"]
    try:
        proc = subprocess.run([*cmd, "--", "."], cwd=docs_dir, capture_output=True, check=False)
    except OSError:  # no git on this machine: the fallback applies to every file
        return {}
    if proc.returncode != 0:  # not a repository (a temporary test site, an unpacked archive)
        return {}
    return parse_log(proc.stdout.decode("utf-8", "replace"))


def parse_log(output: str) -> dict[str, str]:
    """Read ``git log --format=<RS>%cs --name-only -z`` output, newest commit first."""
    dates: dict[str, str] = {}
    day = ""
    for token in output.split("\0"):
        token = token.lstrip("\n")
        if token.startswith(_COMMIT):
            day = token[len(_COMMIT) :].strip()
        elif token and _DAY.fullmatch(day):
            dates.setdefault(token, day)  # the newest commit came first
    return dates


def epoch_date(environ: Mapping[str, str] = os.environ) -> str:
    """The day of ``SOURCE_DATE_EPOCH`` (UTC), or "" when it is not set or not a usable number."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return ""
    try:
        return datetime.fromtimestamp(int(value), UTC).strftime("%Y-%m-%d")
    except (OverflowError, ValueError, OSError):  # beyond what a date can hold
        return ""


class History:
    """The last-update date of every page of one build."""

    def __init__(self, committed: dict[str, str], fallback: str = ""):
        self.committed = committed
        self.fallback = fallback  # for files git does not know: SOURCE_DATE_EPOCH's day, or no date

    @classmethod
    def read(cls, docs_dir: Path) -> History:
        """Ask git once for the whole of ``docs_dir``."""
        return cls(git_dates(docs_dir), epoch_date())

    def of_file(self, path: str) -> str:
        """A source file's date: its last commit, else the fallback."""
        return self.committed.get(path, self.fallback)

    def latest(self, paths: list[str]) -> str:
        """The newest date of ``paths`` (ISO days compare as text); "" when none has one."""
        return max((self.of_file(p) for p in paths), default="")

    def of_page(self, src_uri: str, kb: KnowledgeBase, existing: bool) -> str:
        """A page's date: its own file's, or for a generated page, the newest of the files it is built from."""
        if src_uri == HOME:  # its collections block counts everything: the site's own last update
            return self.latest([HOME, *content_files(kb)])
        if existing:
            return self.of_file(src_uri)
        return self.latest(built_from(src_uri, kb))


HOME = "index.md"


def content_files(kb: KnowledgeBase, terms: bool = True) -> list[str]:
    """Every article, entity and (if ``terms``) glossary file the model was read from."""
    paths = [a.path for a in kb.articles.values()] + [e.path for e in kb.entities.values() if not e.generated]
    return sorted(paths + ([t.path for t in kb.terms.values()] if terms else []))


def built_from(src_uri: str, kb: KnowledgeBase) -> list[str]:
    """The source files a generated page is made of (what its content would change with)."""
    folder, _, name = src_uri.rpartition("/")
    if name != "index.md" or not folder:
        entity = kb.entity_at(src_uri)
        if entity:  # declared by annotations: the articles that define and cite it
            return sorted({kb.articles[ref.article].path for ref in entity.sources})
        return content_files(kb, terms=False)  # the about page: its articles and the shares their citations make
    if folder == ARTICLE_FOLDER:
        return sorted(a.path for a in kb.articles.values())
    if folder == GLOSSARY_FOLDER:
        return sorted(t.path for t in kb.terms.values())
    etype = ENTITY_BY_FOLDER.get(folder)
    if etype is None:
        return []
    paths: set[str] = set()
    for entity in kb.of_type(etype):
        if entity.generated:  # no file of its own: the articles that declare it
            paths.update(kb.articles[ref.article].path for ref in entity.sources)
        else:
            paths.add(entity.path)
    return sorted(paths)


_CONTENT_END = "</article>"  # Material closes the page's content with it; nothing after it holds an <article>


def add_line(html: str, french: str, iso: str) -> str:
    """``html`` with "Dernière mise à jour : …" as the content's last line (left out of the search index)."""
    end = html.rfind(_CONTENT_END)
    if end < 0:
        return html
    label = "Dernière mise à jour\u00a0:"  # typeset here: this line is added after the typography pass
    line = f'<p class="lucide-maj" data-pagefind-ignore>{label} <time datetime="{iso}">{french}</time></p>'
    return html[:end] + line + "\n" + html[end:]
