"""The output folder: a new build overwrites the last one's files in place, then removes what it did not write.

A site of 2,000 pages holds over 6,000 files (pages and search index). The engine deletes them all
before it reads a page and creates them again: thousands of deletions, then thousands of new files
(on ext4 without a journal, each new file scans past every file deleted in the last minutes).
Instead, the folder is set aside while the engine "cleans" it, put back before the first page is
written, and every page rewrites its old file; what this build did not write is removed at the end,
so the result is the clean build's. The search index is always written anew (its file names are
hashes): the old one is deleted by another process. As the engine does, hidden entries at the top
(a ``.git`` of a deployment branch) are never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
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


@dataclass
class Previous:
    """The last build's output while a new build runs."""

    site_dir: Path
    kept: Path  # the last site, set aside until the first page is written
    since: int = 0  # ctime (ns) of a file made when the site was put back: older files were not written by this build
    deleting: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def discard(self, paths: Iterable[Path]) -> None:
        """Move ``paths`` beside the site and have another process delete them while the build goes on."""
        trash = self.site_dir.with_name(f".{self.site_dir.name}-precedent-{os.getpid()}-{len(self.deleting)}")
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
    """Before the engine cleans ``site_dir``: move it aside, and discard the folders named in ``written_anew``.

    None when there is no last build. If it cannot be moved (a mount point), the engine deletes it as usual.
    """
    if not site_dir.is_dir() or site_dir.is_symlink():
        return None
    previous = Previous(site_dir, kept=site_dir.with_name(f".{site_dir.name}-reprise-{os.getpid()}"))
    previous.discard(site_dir / name for name in written_anew)
    with contextlib.suppress(OSError):
        site_dir.rename(previous.kept)  # same disk: instant
    return previous


def put_back(previous: Previous, outputs: Iterable[str]) -> None:
    """Before the first file is written: the last site returns, minus what would block an output.

    ``outputs``: the paths the engine writes, relative to the site (``mythes/x/index.html``). A
    folder where a file goes, a file or link where a folder goes, a link anywhere on the way: discarded,
    so the engine writes exactly where a clean build would.
    """
    if not previous.kept.exists():  # it could not be set aside: the engine deleted it
        return
    if previous.site_dir.exists() or previous.site_dir.is_symlink():  # something wrote there already
        previous.discard([previous.kept])
        return
    try:
        previous.kept.rename(previous.site_dir)
        clock = previous.site_dir / f".lucide-debut-{os.getpid()}"  # a new file: dated by the files' own clock
        clock.touch()
        previous.since = clock.stat().st_ctime_ns
        clock.unlink()
    except OSError:  # the engine writes a new site; the last one goes
        previous.discard([previous.kept])
        return
    previous.discard(previous.site_dir / path for path in _blocking(previous.site_dir, outputs))


def finish(previous: Previous) -> None:
    """Wait for the deletions; a site still set aside (the build stopped before writing) is discarded."""
    if previous.kept.exists():  # as the engine would have deleted it
        previous.discard([previous.kept])
    previous.wait()


def prune(previous: Previous, keep: Iterable[str] = ()) -> None:
    """After the build: remove every file it did not write, then the folders left empty.

    A file older than the folder's return was not written by this build. ``keep``: outputs known
    to be written, kept whatever their date says (a clock set back during the build).
    """
    if not previous.since or not previous.site_dir.is_dir():
        return
    site, kept = previous.site_dir, set(keep)
    for top in sorted(os.listdir(site)):
        if top.startswith("."):
            continue
        path = site / top
        if path.is_dir() and not path.is_symlink():
            _prune_folder(path, top, previous.since, kept)
        elif path.lstat().st_ctime_ns < previous.since and top not in kept:
            path.unlink()


def _prune_folder(folder: Path, rel: str, since: int, kept: set[str]) -> bool:
    """Prune ``folder``; True when it ends empty (and is then removed)."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            path, name = Path(entry.path), f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                empty = _prune_folder(path, name, since, kept) and empty
            elif entry.stat(follow_symlinks=False).st_ctime_ns < since and name not in kept:
                path.unlink()
            else:
                empty = False
    if empty:
        folder.rmdir()
    return empty


def _blocking(site: Path, outputs: Iterable[str]) -> list[str]:
    """Paths of the old site that stand where an output or its folder must go, outermost first."""
    outputs = list(outputs)
    folders = {"/".join(parts[:i]) for parts in (o.split("/") for o in outputs) for i in range(1, len(parts))}
    found: list[str] = []

    def inside_found(path: str) -> bool:
        return any(path.startswith(f + "/") for f in found)  # `found` is nearly always empty

    for folder in sorted(folders, key=lambda f: (f.count("/"), f)):
        path = site / folder
        if not inside_found(folder) and (path.is_symlink() or (path.exists() and not path.is_dir())):
            found.append(folder)
    for output in sorted(outputs):
        path = site / output
        if not inside_found(output) and (path.is_symlink() or path.is_dir()):
            found.append(output)
    return found


def _move(path: Path, to: Path) -> None:
    if not (path.exists() or path.is_symlink()):
        return
    try:
        to.parent.mkdir(parents=True, exist_ok=True)
        path.rename(to)
    except OSError:  # another disk, a file in use: deleted here
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
