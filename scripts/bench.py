"""``lucide.py bench``: what Lucide costs on top of a plain MkDocs build of the same pages.

Generates a synthetic French corpus (articles with anchored passages, glossary terms, entities
citing passages), builds it twice — with Lucide's hooks and without — in fresh processes, and
reports wall time and peak memory of each, then ``ratio <with/without>`` on the last line.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

WORDS = (
    "marché formation client vente contenu stratégie passion réseau audience valeur projet entreprise revenu temps "
    "travail offre produit service public conseil méthode promesse réussite histoire talent prix risque expérience "
    "communauté plateforme outil vidéo article blog visite message question réponse idée modèle"
).split()
GLUE = "le la les un une des du de et ou mais donc pour avec sans dans sur par plus moins très souvent".split()
ADJECTIVES = "rapide durable gratuit payant simple solide fidèle numérique local unique clair humain".split()

# Runs one build in this process and prints its peak memory, so each build is measured alone.
RUNNER = """
import resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
start = time.perf_counter()
build(load_config(sys.argv[1]))
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


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


def corpus(docs: Path, pages: int, terms: int, seed: int = 1) -> None:
    """Write the synthetic site's content into ``docs``."""
    rng = random.Random(seed)
    names = term_names(terms)
    (docs / "articles").mkdir(parents=True)
    (docs / "glossaire").mkdir()
    (docs / "mythes").mkdir()
    (docs / "index.md").write_text("# Banc d'essai\n\nUn corpus synthétique.\n", encoding="utf-8")
    for i, name in enumerate(names):
        meta = {"term": name, "definition": f"Définition synthétique numéro {i}."}
        (docs / "glossaire" / f"terme-{i:04d}.md").write_text(_page(meta, ""), encoding="utf-8")
    for n in range(pages):
        paragraphs = []
        for p in range(6):
            text = " ".join(sentence(rng, names) for _ in range(rng.randint(3, 5)))
            paragraphs.append(f"## Partie {p}\n\n{text}\n{{: #p{p} }}\n" if p % 3 == 0 else f"{text}\n{{: #p{p} }}\n")
        meta = {
            "title": f"Article synthétique {n}",
            "author": "Banc d'essai",
            "publication": "Lucide",
            "url_unknown": "texte synthétique",
            "consulted": "2024-01-15",
            "genre": "article",
        }
        (docs / "articles" / f"article-{n:05d}.md").write_text(_page(meta, "\n".join(paragraphs)), encoding="utf-8")
        if n % 20 == 0:
            myth = {
                "title": f"Mythe synthétique {n}",
                "summary": "Un résumé.",
                "reality": "Une réalité.",
                "sources": [f"article-{n:05d}#p1"],
            }
            (docs / "mythes" / f"mythe-{n:05d}.md").write_text(_page(myth, ""), encoding="utf-8")


def _page(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def configs(root: Path, repo: Path) -> tuple[Path, Path]:
    """The project's mkdocs.yml with and without Lucide's hooks, for the same docs."""
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(root / "docs")
    config["theme"]["custom_dir"] = str(repo / config["theme"]["custom_dir"])
    shutil.copytree(repo / "docs" / "assets", root / "docs" / "assets")
    shutil.copy(repo / "docs" / "recherche.md", root / "docs" / "recherche.md")
    with_hooks = dict(config, hooks=[str(repo / "hooks" / "lucide_hooks.py")], site_dir=str(root / "site-lucide"))
    plain = {k: v for k, v in config.items() if k != "hooks"} | {"site_dir": str(root / "site-plain")}
    paths = root / "lucide.yml", root / "plain.yml"
    for path, data in zip(paths, (with_hooks, plain), strict=True):
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return paths


def measure(config: Path) -> tuple[float, int]:
    """(seconds, peak KiB) of one build in a fresh process."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(config)], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"la construction a échoué :\n{proc.stderr[-3000:]}")
    seconds, peak = proc.stdout.split()[-2:]
    return float(seconds), int(peak)


def search_time(root: Path) -> float:
    """Seconds Pagefind alone takes on the built site: the part of Lucide's cost that is search."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(root / "site-lucide"), "--silent"], check=True)
    return time.perf_counter() - start


def run(pages: int, terms: int, runs: int, keep: Path | None, repo: Path) -> int:
    root = keep or Path(tempfile.mkdtemp(prefix="lucide-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    corpus(root / "docs", pages, terms)
    lucide_yml, plain_yml = configs(root, repo)
    print(f"corpus : {pages} pages, {terms} termes ({time.perf_counter() - start:.1f} s) dans {root}", flush=True)
    best: dict[str, tuple[float, int]] = {}
    for i in range(runs):
        for name, config in (("sans Lucide", plain_yml), ("avec Lucide", lucide_yml)):
            seconds, peak = measure(config)
            print(f"essai {i + 1} {name} : {seconds:.2f} s, mémoire max {peak / 1024:.0f} Mio", flush=True)
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, max(peak, best.get(name, (0, 0))[1]))
    plain, lucide = best["sans Lucide"], best["avec Lucide"]
    print(f"meilleur temps : sans {plain[0]:.2f} s, avec {lucide[0]:.2f} s")
    print(f"dont index de recherche (Pagefind, lancé seul sur le même site) : {search_time(root):.2f} s")
    print(
        f"mémoire max : sans {plain[1] / 1024:.0f} Mio, avec {lucide[1] / 1024:.0f} Mio "
        f"(rapport {lucide[1] / plain[1]:.2f})"
    )
    if keep is None:
        shutil.rmtree(root, ignore_errors=True)
    print(f"ratio {lucide[0] / plain[0]:.2f}")
    return 0
