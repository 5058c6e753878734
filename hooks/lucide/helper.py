"""A second process that reads part of the content files while the build reads the rest.

Reading a file (decoding, front matter, checks: ``load.read_file``) depends on that file alone, and
every page waits for the whole model: on a machine with two cores, a helper reading half the files
halves that wait. It is a fresh interpreter (not a fork of the engine, whose threads and memory it
would share), started only for sites large enough to repay its start-up (a tenth of a second).
Should it fail in any way, the files it was given are read here as before.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # load imports this module
    from .load import Reading

WORTH_IT = 400  # files: below this, one process reads them faster than two
HOOKS_DIR = Path(__file__).resolve().parents[1]  # where ``lucide`` is importable from
_MAIN = "import sys; sys.path.insert(0, sys.argv[1]); from lucide.helper import main; main()"


class Helper:
    """The helper process reading ``rels``; ``collect`` gives what it read."""

    def __init__(self, display: str, docs_dir: Path, rels: list[str]):
        self.rels = rels
        request = json.dumps({"display": display, "docs_dir": str(docs_dir), "rels": rels}).encode()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _MAIN, str(HOOKS_DIR)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.proc.stdin is not None
        self.proc.stdin.write(request)  # read by the helper as soon as it starts
        self.proc.stdin.close()
        self.proc.stdin = None  # sent: communicate() only reads

    def collect(self) -> dict[str, Reading]:
        """What the helper read, by path; empty if it failed (the caller then reads those files)."""
        try:
            data, _ = self.proc.communicate(timeout=60 + len(self.rels) / 100)  # 1,000 files take 0.3 s
            if self.proc.returncode != 0:
                return {}
            readings: dict[str, Reading] = pickle.loads(data)  # our own child process: trusted
            return readings
        except Exception:  # a timeout, a truncated or garbled answer: this process reads those files
            with contextlib.suppress(OSError):
                self.proc.kill()
            self.proc.wait()
            return {}


def start(display: str, docs_dir: Path, rels: list[str]) -> Helper | None:
    """A helper reading ``rels``, or None when it cannot start."""
    try:
        return Helper(display, docs_dir, rels)
    except OSError:
        return None


def main() -> None:
    """In the helper: read the files named on stdin, write their readings to stdout."""
    from .load import read_file

    request = json.loads(sys.stdin.buffer.read())
    docs_dir, display = Path(request["docs_dir"]), request["display"]
    readings = {rel: read_file(display, rel, (docs_dir / rel).read_bytes()) for rel in request["rels"]}
    sys.stdout.buffer.write(pickle.dumps(readings, protocol=pickle.HIGHEST_PROTOCOL))
