"""Time the importer on a synthetic paste of N MB: ``python scripts/bench_import.py [MB]`` (default 50).

The paste repeats what makes importers slow: identical paragraphs, bullets, numbered items after a
paragraph, short lines read as headings, and a comment thread at the end. Prints wall and CPU time
(on a shared machine, CPU time is the figure to compare) and peak memory.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from lucide.importer import import_text

UNIT = (
    "Un paragraphe qui revient encore et encore dans ce très long texte collé.\n\n"
    "- un point de liste.\n\n2. Un point numéroté après un paragraphe.\n\nUn intertitre\n\n"
)


def synthetic(megabytes: float) -> str:
    """A pasted page of about ``megabytes`` MB (UTF-8)."""
    return "Un très long article\n\n" + UNIT * int(megabytes * 1e6 // len(UNIT.encode())) + "Discussion\n\nUn lecteur"


def main() -> int:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 50.0
    raw = synthetic(megabytes)
    wall, cpu = time.perf_counter(), time.process_time()
    result = import_text(raw, "synthetique.txt", record={"consulted": "2024-01-15"})
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = len(raw.encode()) / 1e6
    print(f"{size:.1f} Mo importés en {wall:.1f} s ({cpu:.1f} s de processeur), mémoire max {peak:.0f} Mio")
    print(f"{len(result.markdown.encode()) / 1e6:.1f} Mo de Markdown, {len(result.removed)} lignes retirées")
    return 0


if __name__ == "__main__":
    sys.exit(main())
