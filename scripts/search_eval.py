"""``lucide.py search-eval``: how well search answers French queries, Lucide's against Material's.

Builds the site twice — as published (Pagefind, /recherche/) and with Material's built-in search
(lunr, ``lang: fr``) — serves each on loopback, types every query of tests/data/requetes.yml in
Debian's chromium, and reports recall@5, MRR (mean reciprocal rank of the first expected page),
first-result accuracy and, for off-topic queries (nothing expected), the share left without results.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlparse

import yaml

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
Runner = Callable[[str], list[str]]  # query -> result page paths, best first


def queries(repo: Path) -> list[dict]:
    return yaml.safe_load((repo / "tests" / "data" / "requetes.yml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Scores:
    """How well an engine answered the committed queries."""

    recall: float  # recall@5 over on-topic queries: share of each query's expected pages in the top 5
    mrr: float  # mean reciprocal rank of the first expected page, over on-topic queries
    first: float  # first-result accuracy: share of on-topic queries whose first result is expected
    offtopic: float  # share of off-topic queries (nothing expected) for which nothing is listed
    misses: tuple[str, ...]  # on-topic queries whose first result is not expected, off-topic ones with results


def score(ranked: dict[str, list[str]], cases: list[dict]) -> Scores:
    """Scores of ``ranked`` (query -> result paths, best first) against ``cases``."""
    on = [c for c in cases if c["attendu"]]
    off = [c for c in cases if not c["attendu"]]
    recall = mrr = first = 0.0
    misses = []
    for case in on:
        got = ranked[case["q"]]
        expected = set(case["attendu"])
        recall += len(expected & set(got[:5])) / len(expected)
        mrr += next((1 / (i + 1) for i, page in enumerate(got) if page in expected), 0.0)
        first += bool(got) and got[0] in expected
        if not got or got[0] not in expected:
            misses.append(case["q"])
    quiet = sum(not ranked[c["q"]] for c in off)
    misses += [c["q"] for c in off if ranked[c["q"]]]
    n = len(on) or 1
    return Scores(recall / n, mrr / n, first / n, quiet / (len(off) or 1), tuple(misses))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """``site`` served on a free loopback port, for as long as the block runs."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def _path(base: str, href: str) -> str:
    return urlparse(href).path.removeprefix(urlparse(base).path).lstrip("/")


def _unique(paths: list[str]) -> list[str]:
    return list(dict.fromkeys(paths))


def lucide_runner(page, base: str) -> Runner:
    def run(query: str) -> list[str]:
        page.goto(base + "recherche/?q=" + quote(query))
        page.wait_for_function("!document.getElementById('lucide-etat').textContent.includes('en cours')")
        hrefs = page.eval_on_selector_all("#resultats li > a:first-child", "els => els.map(e => e.href)")
        return _unique([_path(base, h) for h in hrefs])

    return run


def material_runner(page, base: str) -> Runner:
    page.goto(base)

    def run(query: str) -> list[str]:
        page.evaluate("document.querySelector('[data-md-toggle=search]').checked = true")
        page.fill("input.md-search__input", "")
        page.type("input.md-search__input", query)
        page.wait_for_timeout(700)  # lunr answers on input, after its index has loaded
        hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
        return _unique([_path(base, h) for h in hrefs])

    return run


def build(repo: Path, out: Path, material: bool) -> Path:
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    config |= {"docs_dir": str(repo / "docs"), "site_dir": str(out / "site"),
               "hooks": [str(repo / "hooks" / "lucide_hooks.py")]}  # fmt: skip
    if material:
        config["plugins"] = [{"search": {"lang": "fr"}}]
        config["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    else:
        config["theme"]["custom_dir"] = str(repo / config["theme"]["custom_dir"])
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml")], check=True, env=env)
    return out / "site"


def _mark(case: dict, got: list[str]) -> str:
    if not case["attendu"]:
        return "rien" if not got else f"{len(got)} rés."
    expected = set(case["attendu"])
    return "1er" if got and got[0] in expected else "top5" if expected & set(got[:5]) else "--"


def run(repo: Path, chromium: str) -> int:
    from playwright.sync_api import sync_playwright

    cases = queries(repo)
    work = Path(tempfile.mkdtemp(prefix="lucide-search-"))
    results: dict[str, dict[str, list[str]]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            for name, material in (("Material (lunr)", True), ("Lucide (Pagefind)", False)):
                (work / name).mkdir()
                site = build(repo, work / name, material)
                with serve(site) as base:
                    page = browser.new_page()
                    runner = (material_runner if material else lucide_runner)(page, base)
                    results[name] = {c["q"]: runner(c["q"]) for c in cases}
                    page.close()
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    off = sum(1 for c in cases if not c["attendu"])
    print(f"{len(cases)} requêtes (tests/data/requetes.yml), dont {off} hors sujet (aucun résultat attendu)")
    names = " ".join(n.split()[0][:8].ljust(8) for n in results)
    print(f"  {names}  (1er : bonne page en premier ; top5 : dans les 5 premiers ; hors sujet : rien)")
    for case in cases:
        marks = [_mark(case, results[n][case["q"]]).ljust(8) for n in results]
        print(f"  {' '.join(marks)}  {case['q']}")
    print()
    print("| Moteur | recall@5 | MRR | 1er résultat juste | hors sujet sans résultat |")
    print("|---|---|---|---|---|")
    for name, ranked in results.items():
        s = score(ranked, cases)
        print(f"| {name} | {s.recall:.2f} | {s.mrr:.2f} | {s.first:.2f} | {s.offtopic:.2f} |")
    return 0


def transferred(page, url: str, wait_for: str = "") -> tuple[int, int]:
    """(bytes, gzip-compressed bytes) of every response needed to show ``url`` in a fresh browser."""
    import gzip

    bodies: list[bytes] = []
    page.on("response", lambda r: bodies.append(r.body()) if r.ok else None)
    page.goto(url, wait_until="networkidle")
    if wait_for:
        page.locator(wait_for).first.wait_for()
        page.wait_for_load_state("networkidle")
    return sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def weigh(repo: Path, chromium: str, pages: int, query: str) -> int:
    """Bytes a reader downloads for the home page and for a first search, on this site or a synthetic one."""
    from playwright.sync_api import sync_playwright

    import bench

    work = Path(tempfile.mkdtemp(prefix="lucide-weight-"))
    try:
        if pages:
            bench.corpus(work / "docs", pages, terms=200)
            lucide_yml, _ = bench.configs(work, repo)
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(lucide_yml)], check=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
            site = work / "site-lucide"
        else:
            (work / "ref").mkdir()
            site = build(repo, work / "ref", material=False)
        count = sum(1 for _ in site.rglob("index.html"))
        with sync_playwright() as p, serve(site) as base:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            for label, url, wait in (("accueil", base, ""),
                                     (f"première recherche « {query} »", base + "recherche/?q=" + quote(query),
                                      "#resultats li")):  # fmt: skip
                context = browser.new_context()
                raw, packed = transferred(context.new_page(), url, wait)
                print(f"{count} pages, {label} : {raw / 1024:.0f} Kio ({packed / 1024:.0f} Kio compressés)")
                context.close()
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0
