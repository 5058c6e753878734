"""The output folder: a new build overwrites the last one's files in place, then removes what it did not write.

A site of 2,000 pages holds over 6,000 files (pages and search index). The engine deletes them all
before it reads a page and creates them again: thousands of deletions, then thousands of new files
(on ext4 without a journal, each new file scans past every file deleted in the last minutes).
Instead, what the engine would delete is set aside while it "cleans", put back before the first
page is written, and every page rewrites its old file; what this build did not write is removed at
the end, so the result is the clean build's. The search index is always written anew (its file
names are hashes): the old one is deleted by another process. As the engine does, hidden entries at
the top (a ``.git`` of a deployment branch) never move. A build that stops leaves what the engine's
would: before the first page, no old page; after it, only this build's files.

An old file is rewritten in place only if it is a plain file with no other name: a hard-linked copy
of the site (``cp -al``, ``rsync --link-dest``) keeps its content. On a file system that ignores case
(macOS, Windows), nothing is reused: a renamed ``CPF/`` would keep its old case.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# at a lower priority than the build, which needs the processor more
_REMOVE = (
    "import os, shutil, sys\n"
    "if hasattr(os, 'nice'): os.nice(10)\n"
    "for path in sys.argv[1:]: shutil.rmtree(path, ignore_errors=True)"
)
_ASIDE, _TRASH = "reprise", "precedent"  # ``.site-reprise-<pid>``: the last site; ``.site-precedent-…``: deleted


@dataclass
class Previous:
    """The last build's output while a new build runs."""

    site_dir: Path
    kept: Path  # the last site's entries, set aside until the first page is written
    since: int = 0  # mtime (ns) of a file made before they were put back: older files were not written by this build
    pruned: bool = False
    deleting: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def discard(self, paths: Iterable[Path]) -> None:
        """Move ``paths`` beside the site and have another process delete them while the build goes on."""
        trash = _sibling(self.site_dir, f"{_TRASH}-{os.getpid()}-{len(self.deleting)}")
        for number, path in enumerate(paths):
            _move(path, trash / f"{number}-{path.name}")
        if trash.exists():  # the process runs on even if the build stops: nothing is left beside the site
            quiet = subprocess.DEVNULL
            command = [sys.executable, "-c", _REMOVE, str(trash)]
            self.deleting.append(subprocess.Popen(command, stdin=quiet, stdout=quiet, stderr=quiet))

    def wait(self) -> None:
        """Wait for the deleting processes (long done by the end of a build)."""
        for process in self.deleting:
            process.wait()
        self.deleting.clear()


def set_aside(site_dir: Path, written_anew: Iterable[str] = ()) -> Previous | None:
    """Before the engine cleans ``site_dir``: move its entries aside, and discard those named in ``written_anew``.

    Hidden entries stay. Whatever an interrupted build left beside the site is discarded. None when
    there is no last build.
    """
    if not site_dir.is_dir() or site_dir.is_symlink():
        return None
    previous = Previous(site_dir, kept=_sibling(site_dir, f"{_ASIDE}-{os.getpid()}"))
    stranded = [p for kind in (_ASIDE, _TRASH) for p in site_dir.parent.glob(_sibling(site_dir, f"{kind}-*").name)]
    previous.discard([*stranded, *(site_dir / name for name in written_anew)])
    for entry in sorted(site_dir.iterdir()):
        if not entry.name.startswith("."):
            _move(entry, previous.kept / entry.name, delete_if_stuck=False)  # same disk: instant
    return previous


def put_back(previous: Previous, outputs: Iterable[str]) -> None:
    """Before the first file is written: the last site's entries return, minus what would not be rewritten.

    ``outputs``: the paths the engine writes, relative to the site (``mythes/x/index.html``). Anything
    but a plain, singly linked file where an output goes, and anything but a real folder where an
    output's folder goes, is discarded: the engine writes exactly where a clean build would.
    """
    site, kept = previous.site_dir, previous.kept
    if not kept.is_dir():
        return
    clock = site / f".lucide-debut-{os.getpid()}"
    try:
        clock.touch()  # a new file: dated by the clock the files' dates come from
        previous.since = clock.stat().st_mtime_ns  # (a rename changes a file's ctime, not its mtime)
        ignores_case = (site / clock.name.upper()).exists()
        clock.unlink()
    except OSError:  # a site folder we cannot write to: the engine will say so
        ignores_case = True
    if ignores_case:
        previous.since = 0
        previous.discard([kept])
        return
    for entry in sorted(kept.iterdir()):
        target = site / entry.name
        if not (target.exists() or target.is_symlink()):
            with contextlib.suppress(OSError):
                entry.rename(target)
    with contextlib.suppress(OSError):
        kept.rmdir()  # empty: every entry returned
    previous.discard([kept])  # what could not return, if anything
    previous.discard(site / path for path in _blocking(site, outputs))


def prune(previous: Previous, keep: Iterable[str] = ()) -> None:
    """Remove every file of the last site this build did not write, then the folders left empty.

    A file last modified before the entries' return was not written by this build. ``keep``: outputs known to
    be written, kept whatever their date says (a clock set back during the build). Files that
    cannot be removed stay, as the engine's own cleaning leaves them.
    """
    if not previous.since or previous.pruned:
        return
    previous.pruned = True
    site, kept = previous.site_dir, set(keep)
    with contextlib.suppress(OSError):
        for top in sorted(os.listdir(site)):
            if not top.startswith("."):
                _prune(site / top, top, previous.since, kept)


def finish(previous: Previous) -> None:
    """Wait for the deletions. A build that stopped leaves what the engine's would: only its own files."""
    if previous.kept.exists():  # stopped before its first page: the last site goes
        previous.discard([previous.kept])
    prune(previous)  # stopped after it: the last site's files go, this build's stay
    previous.wait()


def _prune(path: Path, rel: str, since: int, keep: set[str]) -> bool:
    """Remove ``path`` if it is an old file or a folder left empty; True if it is gone."""
    try:
        info = path.lstat()
        if not stat.S_ISDIR(info.st_mode):
            if info.st_mtime_ns < since and rel not in keep:
                path.unlink()
                return True
            return False
        with os.scandir(path) as listing:
            names = [entry.name for entry in listing]
        gone = [_prune(path / name, f"{rel}/{name}", since, keep) for name in names]
        if all(gone):
            path.rmdir()
            return True
    except OSError:
        pass
    return False


def _blocking(site: Path, outputs: Iterable[str]) -> list[str]:
    """Paths of the old site where an output or its folder cannot simply be written, outermost first."""
    outputs = list(outputs)
    folders = {"/".join(parts[:i]) for parts in (o.split("/") for o in outputs) for i in range(1, len(parts))}
    found: list[str] = []

    def inside_found(path: str) -> bool:
        return any(path.startswith(f + "/") for f in found)  # `found` is nearly always empty

    for folder in sorted(folders, key=lambda f: (f.count("/"), f)):
        info = _info(site / folder)
        if info is not None and not stat.S_ISDIR(info.st_mode) and not inside_found(folder):
            found.append(folder)  # a file, a link or a special file where a folder goes
    for output in sorted(outputs):
        info = _info(site / output)
        if info is None or inside_found(output):
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:  # a folder, a link, a FIFO, a shared file
            found.append(output)
    return found


def _info(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:  # absent (the usual case for a new output), or under a file
        return None


def _sibling(site_dir: Path, kind: str) -> Path:
    return site_dir.with_name(f".{site_dir.name}-{kind}")


def _move(path: Path, to: Path, delete_if_stuck: bool = True) -> None:
    if not (path.exists() or path.is_symlink()):
        return
    try:
        to.parent.mkdir(parents=True, exist_ok=True)
        path.rename(to)
    except OSError:  # another disk, a file in use
        if not delete_if_stuck:
            return  # left in place: the engine deletes it as usual
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
