"""``lucide.py bench --serve``: how long a saved edit takes to show in the live preview.

On the same synthetic corpus as ``bench``, starts a real preview server for Lucide
(``mkdocs serve --dirty``: Lucide renders again only the pages whose inputs changed) and for plain
Material with its search (``mkdocs serve``), waits for the first build, then saves one edit of each
kind (an article's quoted passage, a myth's title, the first words of a glossary definition) and measures the time from
the save to the moment the server answers the edited page with the new text: what a writer waits
for, the browser's own reload aside. Each edit is made ``runs`` times; the report gives medians.
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench import ENV, configs, corpus, machine

POLL = 0.05  # seconds between two requests for the edited page
TERM_URL = "glossaire/terme-0000/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(url: str, text: str, limit: float, present: bool = True) -> float:
    """Seconds until ``url`` shows ``text`` (or no longer shows it); raises after ``limit`` seconds."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = _fetch(url)
        if page and (text in page) == present:
            return time.perf_counter() - start
        time.sleep(POLL)
    raise SystemExit(f"« {text} » {'jamais apparu' if present else 'toujours là'} sur {url} après {limit:.0f} s")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path} : « {old} » introuvable")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edits(docs: Path, plain: bool, marker: str) -> list[tuple[str, Path, str, str, str]]:
    """(kind, file, old text, new text, URL path to watch) for one round of edits."""
    glossary_old = "Définition synthétique numéro 0."
    myth_old = "title: Mythe synthétique 0" if not plain else "# Mythe synthétique 0"
    return [
        ("article", docs / "articles/article-00000.md", "{: #p1 }", f"{marker}\n{{: #p1 }}", "articles/article-00000/"),
        ("fiche", docs / "mythes/mythe-00000.md", myth_old, f"{myth_old} {marker}", "mythes/mythe-00000/"),
        # the definition's first words: the glossary's A–Z page shows them too, and must follow
        ("glossaire", docs / "glossaire/terme-0000.md", glossary_old, f"{marker} {glossary_old}", TERM_URL),
    ]


def serve_times(config: Path, docs: Path, plain: bool, runs: int, log: Path, say: Callable[[str], None]) -> dict:
    """Start the preview server for ``config``, make every edit ``runs`` times, return the seconds per kind."""
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config), "--dev-addr", f"127.0.0.1:{port}"]
    cmd += [] if plain else ["--dirty"]
    base = f"http://127.0.0.1:{port}/"
    times: dict[str, list[float]] = {}
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=ENV)
        try:
            start = time.perf_counter()
            _wait(base, "</html>", 1200)
            say(f"  premier rendu : {time.perf_counter() - start:.1f} s")
            for run in range(1, runs + 1):
                for kind, path, old, new, url in edits(docs, plain, f"Modification{run}"):
                    marker = f"Modification{run}"
                    time.sleep(1.5)  # the server is idle, as when a writer saves
                    _replace(path, old, new)
                    seconds = _wait(base + url, marker, 600)
                    times.setdefault(kind, []).append(seconds)
                    say(f"  essai {run}/{runs}, {kind} : {seconds:.2f} s")
                    _replace(path, new, old)  # undone before the next edit, which watches another page
                    _wait(base + url, marker, 600, present=False)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return times


def run(pages: int, terms: int, runs: int, keep: Path | None, repo: Path, json_path: Path | None = None) -> int:
    """Generate the corpus, measure both previews, print medians and the ratio; return 0."""
    root = keep or Path(tempfile.mkdtemp(prefix="lucide-bench-serve-"))
    root.mkdir(parents=True, exist_ok=True)
    corpus(root / "docs", pages, terms, 0, plain=root / "docs-plain")
    lucide, plain = configs(root, repo)
    say = _say
    say(f"corpus : {pages} pages, {terms} termes, dans {root}")
    results = {}
    for name, config, docs, is_plain in (
        ("lucide", lucide, root / "docs", False),
        ("plain", plain, root / "docs-plain", True),
    ):
        say("Lucide (mkdocs serve --dirty) :" if name == "lucide" else "Material + recherche (mkdocs serve) :")
        results[name] = serve_times(config, docs, is_plain, runs, root / f"serve-{name}.log", say)
    say("médiane, de la sauvegarde à la page servie :")
    medians = {n: {k: statistics.median(v) for k, v in r.items()} for n, r in results.items()}
    for kind in medians["lucide"]:
        lu, pl = medians["lucide"][kind], medians["plain"][kind]
        say(f"  {kind} : Lucide {lu:.2f} s, Material {pl:.2f} s, {pl / lu:.1f} fois plus rapide")
    worst = max(medians["lucide"].values())
    if json_path:
        data = {"machine": machine(), "corpus": {"pages": pages, "terms": terms}, "seconds": results, "median": medians}
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"aperçu le plus lent {worst:.2f} s")
    return 0


def _say(message: str = "") -> None:
    print(message, flush=True)
