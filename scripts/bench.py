"""``lucide.py bench``: what Lucide costs against plain Material with its own search, on the same pages.

Generates a synthetic French corpus (articles with anchored passages, glossary terms, myths and
warning signs citing passages) and writes it twice: for Lucide (its front matter, its hooks) and
for a plain Material site (the same articles; each term, myth and sign as an ordinary Markdown page,
plus hand-written-style index pages; Material's built-in search plugin in French). Both use the
project's own ``mkdocs.yml`` otherwise, so navigation settings stay the same on both sides.

Runs are paired: each run builds both sites, alternating which goes first, every build in a fresh
``python -m mkdocs build`` process. By default each is a first build, into an empty site folder (as
on a fresh clone): the last site is moved aside, not deleted, and the moved sites are deleted once
every build is measured. Deleting thousands of files just before a build would make the figure
depend on the file system: on ext4 without a journal (this project's test machine), each file
created in the next minutes scans past every inode just freed, and the site that writes more files
pays more. With ``rebuild``, each build runs over the last one's output instead (after one unmeasured
build of each site), as a writer's repeated ``mkdocs build`` does. What is measured, per build:

- wall time of the whole process (start-up included);
- CPU time (user + system) of the process and every descendant it waited for (Pagefind included),
  read from ``os.wait4``; steadier than wall time on a busy machine;
- peak memory: ``ru_maxrss`` from ``os.wait4``, the largest resident set reached by any single
  process of the build's tree (Linux folds reaped descendants into it), and the largest *sum* of the
  tree's resident sets, sampled from ``/proc`` every 50 ms (MkDocs' process stays alive while
  Pagefind runs, so both count);
- the output: bytes and files under the site folder.

The report gives the median and the spread (min–max) of each, and the last line is ``ratio X``:
the median over runs of Lucide's wall time divided by Material's in the same run.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

WORDS = (
    "marché formation client vente contenu stratégie passion réseau audience valeur projet entreprise revenu temps "
    "travail offre produit service public conseil méthode promesse réussite histoire talent prix risque expérience "
    "communauté plateforme outil vidéo article blog visite message question réponse idée modèle"
).split()
GLUE = "le la les un une des du de et ou mais donc pour avec sans dans sur par plus moins très souvent".split()
ADJECTIVES = "rapide durable gratuit payant simple solide fidèle numérique local unique clair humain".split()
SITES = ("plain", "lucide")
LABELS = {"plain": "Material + recherche", "lucide": "Lucide"}
ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000", "LC_ALL": "C.UTF-8"}
MYTH_EVERY = 20  # one myth per this many articles, as before
RULES = 8  # numbered rules, as many as the real site has: both sites get the same collections and tabs
MOVED = "sites-precedents"  # last outputs set aside before a first build, deleted at the end


# -- corpus ---------------------------------------------------------------------------------------


def term_names(count: int) -> list[str]:
    """``count`` distinct French-looking multi-word terms, deterministic."""
    names, pairs = [], len(WORDS) * len(ADJECTIVES)
    for i in range(count):
        noun = WORDS[i % len(WORDS)]
        adjective = ADJECTIVES[(i // len(WORDS)) % len(ADJECTIVES)]
        names.append(f"{noun} {adjective}" + (f" {i // pairs}" if i >= pairs else ""))
    return names


def sentence(rng: random.Random, terms: list[str]) -> str:
    words = [rng.choice(WORDS if i % 2 else GLUE) for i in range(rng.randint(10, 18))]
    if terms and rng.random() < 0.6:
        term = rng.choice(terms)
        words.insert(rng.randint(0, len(words)), term + ("s" if rng.random() < 0.3 else ""))
    return " ".join(words).capitalize() + "."


@dataclass(frozen=True)
class Entity:
    folder: str  # "mythes", "regles" or "signaux"
    slug: str
    title: str
    summary: str
    reality: str  # myths only
    source: str  # article slug#anchor
    number: int = 0  # rules only


def corpus(docs: Path, pages: int, terms: int, entities: int = 0, seed: int = 1, plain: Path | None = None) -> None:
    """Write Lucide's sources of the synthetic site in ``docs``, and the same content as plain Markdown in ``plain``."""
    lucide_docs, plain_docs = docs, plain or docs.with_name(docs.name + "-plain")
    rng = random.Random(seed)
    names = term_names(terms)
    for docs in (lucide_docs, plain_docs):
        for folder in ("articles", "glossaire", "mythes", "regles", "signaux"):
            (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / "index.md").write_text("# Banc d'essai\n\nUn corpus synthétique.\n", encoding="utf-8")
    articles = []
    for n in range(pages):
        paragraphs = []
        for p in range(6):
            text = " ".join(sentence(rng, names) for _ in range(rng.randint(3, 5)))
            paragraphs.append(f"## Partie {p}\n\n{text}\n{{: #p{p} }}\n" if p % 3 == 0 else f"{text}\n{{: #p{p} }}\n")
        title, slug = f"Article synthétique {n}", f"article-{n:05d}"
        articles.append((slug, title))
        page = _page({"title": title, **RECORD}, "\n".join(paragraphs))
        for docs in (lucide_docs, plain_docs):  # the articles are the same Markdown on both sides
            (docs / "articles" / f"{slug}.md").write_text(page, encoding="utf-8")
    found = [
        Entity(
            "mythes", f"mythe-{n:05d}", f"Mythe synthétique {n}", "Un résumé.", "Une réalité.", f"article-{n:05d}#p1"
        )
        for n in range(0, pages, MYTH_EVERY)
    ]
    found += [
        Entity("regles", f"regle-{n}", f"Règle synthétique {n}", f"Une règle numéro {n}.", "",
               f"article-{(n - 1) % pages:05d}#p2", number=n)
        for n in range(1, RULES + 1 if pages else 1)
    ]  # fmt: skip
    found += [
        Entity("signaux", f"signal-{i:05d}", f"Signal synthétique {i}", f"Un signal d'alerte numéro {i}.", "",
               f"article-{i % max(pages, 1):05d}#p{1 + i % 5}")
        for i in range(entities if pages else 0)
    ]  # fmt: skip
    _write_lucide(lucide_docs, names, found)
    _write_plain(plain_docs, names, found, articles)


# What every article's front matter records (issue 10); synthetic texts may be quoted at will.
RECORD = {
    "author": "Banc d'essai",
    "publication": "Lucide",
    "url_unknown": "texte synthétique",
    "consulted": "2024-01-15",
    "genre": "article",
    "quota": 100,
}


def _page(meta: Mapping[str, object], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def _write_lucide(docs: Path, names: list[str], entities: list[Entity]) -> None:
    """Lucide's sources: front matter only; Lucide generates the bodies and the index pages."""
    for i, name in enumerate(names):
        term = {"term": name, "definition": f"Définition synthétique numéro {i}."}
        (docs / "glossaire" / f"terme-{i:04d}.md").write_text(_page(term, ""), encoding="utf-8")
    for e in entities:
        meta: dict[str, object] = {"title": e.title, "summary": e.summary}
        if e.reality:
            meta["reality"] = e.reality
        if e.number:
            meta["number"] = e.number
        meta["sources"] = [e.source]
        (docs / e.folder / f"{e.slug}.md").write_text(_page(meta, ""), encoding="utf-8")


def _write_plain(docs: Path, names: list[str], entities: list[Entity], articles: list[tuple[str, str]]) -> None:
    """What a Material user would write by hand for the same knowledge: pages and index pages."""
    glossary = ["# Glossaire\n"]
    for i, name in enumerate(names):
        definition = f"Définition synthétique numéro {i}."
        text = f"# {name}\n\n{definition}\n"
        (docs / "glossaire" / f"terme-{i:04d}.md").write_text(text, encoding="utf-8")
        glossary.append(f"- [{name}](terme-{i:04d}.md) : {definition}")
    (docs / "glossaire" / "index.md").write_text("\n".join(glossary) + "\n", encoding="utf-8")
    listing = "\n".join(f"- [{title}]({slug}.md)" for slug, title in articles)
    (docs / "articles" / "index.md").write_text(f"# Articles\n\n{listing}\n", encoding="utf-8")
    indexes = {"mythes": ["# Mythes\n"], "regles": ["# Règles\n"], "signaux": ["# Signaux d'alerte\n"]}
    for e in entities:
        article, anchor = e.source.split("#")
        body = f"# {e.title}\n\n{e.summary}\n\n"
        if e.reality:
            body += f"## Réalité\n\n{e.reality}\n\n"
        body += f"## Sources\n\n- [{article}](../articles/{article}.md#{anchor})\n"
        (docs / e.folder / f"{e.slug}.md").write_text(body, encoding="utf-8")
        marker = f"{e.number}." if e.number else "-"
        indexes[e.folder].append(f"{marker} [{e.title}]({e.slug}.md) : {e.summary}")
    for folder, lines in indexes.items():
        (docs / folder / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Lucide generates its « À propos » page (method, then every source with its record): written by hand here
    sources = "\n".join(f"- [{title}](articles/{slug}.md), de {RECORD['author']}, sur {RECORD['publication']}"
                        for slug, title in articles)  # fmt: skip
    about = f"# À propos et méthode\n\n## Qui publie\n\nLa rédaction.\n\n## Les sources\n\n{sources}\n"
    (docs / "a-propos.md").write_text(about, encoding="utf-8")


def configs(root: Path, repo: Path) -> tuple[Path, Path]:
    """(Lucide's, plain) mkdocs.yml: the project's; the plain one without hooks, with Material's search."""
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    lucide_docs = root / "docs"
    shutil.copytree(repo / "docs" / "assets", lucide_docs / "assets")
    shutil.copy(repo / "docs" / "recherche.md", lucide_docs / "recherche.md")
    lucide = dict(
        config,
        docs_dir=str(lucide_docs),
        site_dir=str(root / "site-lucide"),
        hooks=[str(repo / h) for h in config.get("hooks", [])],
        theme=dict(config["theme"], custom_dir=str(repo / config["theme"]["custom_dir"])),
    )
    # Plain Material: no hooks, no Lucide templates or scripts, and Material's own search plugin.
    dropped = {"hooks", "extra_javascript", "extra_css", "plugins"}
    plain = {k: v for k, v in config.items() if k not in dropped} | {
        "docs_dir": str(root / "docs-plain"),
        "site_dir": str(root / "site-plain"),
        "theme": {k: v for k, v in config["theme"].items() if k != "custom_dir"},
        "plugins": [{"search": {"lang": "fr"}}],
    }
    paths = root / "lucide.yml", root / "plain.yml"
    for path, data in zip(paths, (lucide, plain), strict=True):
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return paths


# -- measuring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    site: str
    run: int
    seconds: float  # wall time of the build process
    cpu_seconds: float  # user + system, the process and its waited-for descendants
    peak_rss_kib: int  # ru_maxrss: the largest single process of the tree
    peak_tree_kib: int  # the largest sampled sum of the tree's resident sets
    files: int
    bytes: int


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                todo += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except OSError:  # the process ended between two reads
            continue
    return found


def _tree_rss_kib(pid: int) -> int:
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    total = 0
    for p in _descendants(pid):
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page_kib
        except (OSError, IndexError, ValueError):
            continue
    return total


def _sample_tree(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(0.05):
        peak[0] = max(peak[0], _tree_rss_kib(pid))


def site_size(site: Path) -> tuple[int, int]:
    """(files, bytes) under ``site``."""
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    return len(sizes), sum(sizes)


def measure(name: str, run: int, config: Path, log: Path, rebuild: bool = False) -> Measure:
    """Build once in a fresh ``python -m mkdocs build`` process and measure it.

    The last output is moved to ``moved/`` beside the log (deleted by ``run`` at the end), unless
    ``rebuild``: then the build runs over it.
    """
    site = Path(yaml.safe_load(config.read_text(encoding="utf-8"))["site_dir"])
    if site.exists() and not rebuild:
        moved = log.parent / MOVED
        moved.mkdir(exist_ok=True)
        site.rename(moved / f"{site.name}-{len(list(moved.iterdir()))}")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config)]
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=ENV)
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=_sample_tree, args=(proc.pid, stop, peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
    if proc.returncode != 0:
        raise SystemExit(f"la construction ({LABELS[name]}) a échoué :\n{log.read_text(encoding='utf-8')[-3000:]}")
    files, size = site_size(site)
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(name, run, seconds, cpu, usage.ru_maxrss, max(peak[0], usage.ru_maxrss), files, size)


def search_time(site: Path) -> float:
    """Seconds Pagefind alone takes on the built site: the part of Lucide's time that is search."""
    start = time.perf_counter()
    out = site.parent / "pagefind-seul"  # beside the site, so the measured output stays as built
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out), "--force-language", "fr"]
    subprocess.run([*cmd, "--silent"], check=True, env=ENV)
    return time.perf_counter() - start


# -- reporting ------------------------------------------------------------------------------------


Spread = dict[str, float]  # median, min, max


def spread(values: list[float]) -> Spread:
    """Median and range of ``values``."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summary(measures: list[Measure]) -> tuple[dict[str, dict[str, Spread]], dict[str, Spread]]:
    """Median and spread of every measured quantity, per site, and the paired ratios."""
    fields = ("seconds", "cpu_seconds", "peak_rss_kib", "peak_tree_kib", "files", "bytes")
    by_site = {s: {f: spread([getattr(m, f) for m in measures if m.site == s]) for f in fields} for s in SITES}
    pairs: dict[int, dict[str, Measure]] = {}
    for m in measures:
        pairs.setdefault(m.run, {})[m.site] = m
    ratios = {
        f: spread([getattr(p["lucide"], f) / getattr(p["plain"], f) for p in pairs.values()])
        for f in ("seconds", "cpu_seconds", "peak_tree_kib", "bytes")
    }
    return by_site, ratios


def _fmt(stat: dict[str, float], unit: str) -> str:
    scale, suffix, digits = {"s": (1, " s", 2), "mib": (1 / 1024, " Mio", 0), "mb": (1e-6, " Mo", 1)}.get(
        unit, (1, "", 0)
    )
    one = f"{{:.{digits}f}}"
    return (
        f"{one.format(stat['median'] * scale)}{suffix} "
        f"({one.format(stat['min'] * scale)}–{one.format(stat['max'] * scale)})"
    )


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    from importlib.metadata import version

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **{name: version(name) for name in ("mkdocs", "mkdocs-material", "markdown", "pagefind")},
        "load_average": os.getloadavg(),
    }


def report(sites: dict[str, dict[str, Spread]], ratios: dict[str, Spread], say: Callable[[str], None]) -> None:
    """Print the medians and spreads, then the paired ratios."""
    rows = (
        ("temps", "seconds", "s"),
        ("temps CPU", "cpu_seconds", "s"),
        ("mémoire max (un processus)", "peak_rss_kib", "mib"),
        ("mémoire max (arbre de processus)", "peak_tree_kib", "mib"),
        ("taille du site", "bytes", "mb"),
        ("fichiers du site", "files", ""),
    )
    say("médiane (min–max) :")
    for label, field, unit in rows:
        line = f"  {label} : {LABELS['plain']} {_fmt(sites['plain'][field], unit)}, "
        line += f"{LABELS['lucide']} {_fmt(sites['lucide'][field], unit)}"
        say(line)
    say("rapports Lucide / Material, appariés par essai, médiane (min–max) :")
    for label, field in (
        ("temps", "seconds"),
        ("CPU", "cpu_seconds"),
        ("mémoire", "peak_tree_kib"),
        ("taille", "bytes"),
    ):
        r = ratios[field]
        say(f"  {label} : {r['median']:.2f} ({r['min']:.2f}–{r['max']:.2f})")


def run(
    pages: int,
    terms: int,
    runs: int,
    keep: Path | None,
    repo: Path,
    entities: int = 0,
    json_path: Path | None = None,
    search_alone: bool = True,
    rebuild: bool = False,
) -> int:
    """Generate the corpus, build both sites ``runs`` times (paired), print the report; return 0."""
    root = keep or Path(tempfile.mkdtemp(prefix="lucide-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    for old in ("docs", "docs-plain"):
        shutil.rmtree(root / old, ignore_errors=True)
    say = _say
    start = time.perf_counter()
    corpus(root / "docs", pages, terms, entities, plain=root / "docs-plain")
    paths = dict(zip(("lucide", "plain"), configs(root, repo), strict=True))
    myths, rules, signs = len(range(0, pages, MYTH_EVERY)), RULES if pages else 0, entities if pages else 0
    say(
        f"corpus : {pages} pages, {terms} termes, {myths} mythes, {rules} règles, {signs} signaux "
        f"({time.perf_counter() - start:.1f} s) dans {root}"
    )
    say("reconstructions, chacune sur la précédente" if rebuild else "premières constructions, dossier du site vide")
    measures = []
    try:
        for name in SITES if rebuild else ():  # the output the first measured rebuild runs over
            measure(name, 0, paths[name], root / f"{name}.log")
        for i in range(1, runs + 1):
            order = SITES if i % 2 else tuple(reversed(SITES))  # alternate who goes first
            for name in order:
                m = measure(name, i, paths[name], root / f"{name}.log", rebuild)
                measures.append(m)
                say(
                    f"essai {i}/{runs} {LABELS[name]} : {m.seconds:.2f} s (CPU {m.cpu_seconds:.2f} s), "
                    f"mémoire max {m.peak_tree_kib / 1024:.0f} Mio, {m.files} fichiers, {m.bytes / 1e6:.1f} Mo"
                )
    finally:  # the sites set aside, even if a build failed
        shutil.rmtree(root / MOVED, ignore_errors=True)
    sites, ratios = summary(measures)
    report(sites, ratios, say)
    pagefind = search_time(root / "site-lucide") if search_alone else None
    if pagefind is not None:
        say(f"dont index de recherche (Pagefind, lancé seul sur le site de Lucide) : {pagefind:.2f} s")
    if json_path:
        data = {
            "machine": machine(),
            "corpus": {"pages": pages, "terms": terms, "myths": myths, "rules": rules, "signs": signs},
            "builds": "rebuild" if rebuild else "first",
            "runs": [asdict(m) for m in measures],
            "pagefind_alone_seconds": pagefind,
            "sites": sites,
            "ratios": ratios,
            "ratio": ratios["seconds"]["median"],
        }
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        say(f"rapport JSON : {json_path}")
    if keep is None:
        shutil.rmtree(root, ignore_errors=True)
    say(f"ratio {ratios['seconds']['median']:.2f}")
    return 0


def _say(message: str = "") -> None:
    print(message, flush=True)
