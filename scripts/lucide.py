#!/usr/bin/env python3
"""Lucide's command line for contributors and maintainers.

    python scripts/lucide.py import ARTICLE.txt     turn a raw article into docs/articles/<nom>.md
    python scripts/lucide.py new mythe "Titre"      create a page to fill in
    python scripts/lucide.py check                  check every content file without building
    python scripts/lucide.py bench                  measure what Lucide adds to a build

Run ``python scripts/lucide.py COMMAND --help`` for the details of each command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import commands  # noqa: E402  (scripts/ is on sys.path when run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/lucide.py",
        description="Outils de Lucide pour les contributeurs et contributrices.",
        epilog="Chaque commande a son aide : python scripts/lucide.py COMMANDE --help",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    for command in commands.COMMANDS:
        p = sub.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.arguments(p)
        p.set_defaults(run=command.run)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, ROOT))
    except BrokenPipeError:  # the output was piped to a reader that stopped early (head, less)
        sys.stderr.close()
        return 1


if __name__ == "__main__":
    sys.exit(main())
