"""The output folder: the previous build's files are deleted beside the new build, not before it.

A site of 2,000 pages leaves over 6,000 files (pages and search index). The engine deletes them
before it reads a page; doing it in another process lets the build start at once. What is moved
aside is what the engine would delete: everything but hidden entries (a ``.git`` of a deployment
branch stays).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# at a lower priority than the build, which needs the processor more
_REMOVE = (
    "import os, shutil, sys\n"
    "if hasattr(os, 'nice'): os.nice(10)\n"
    "for path in sys.argv[1:]: shutil.rmtree(path, ignore_errors=True)"
)


def discard_previous(site_dir: Path) -> subprocess.Popen[bytes] | None:
    """Move the last build's output beside ``site_dir`` and have another process delete it."""
    if not site_dir.is_dir():
        return None
    aside = site_dir.with_name(f".{site_dir.name}-precedent-{os.getpid()}")
    for entry in sorted(site_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        try:
            aside.mkdir(exist_ok=True)
            entry.rename(aside / entry.name)  # same disk: instant
        except OSError:  # another disk, a file in use: the engine deletes it as usual
            continue
    if not aside.is_dir():  # nothing was moved
        return None
    quiet = subprocess.DEVNULL
    # runs on even if the build stops, so nothing is left beside the site
    return subprocess.Popen([sys.executable, "-c", _REMOVE, str(aside)], stdin=quiet, stdout=quiet, stderr=quiet)
