"""Measure the offer checker on tests/data/offres.yml: precision and recall of the signs and myths it raises.

Run through ``python scripts/lucide.py verifier-eval``. With ``--poids``, measure the data file instead: its
size compressed, and how it grows with 100 synthetic signs carrying cues.
"""

from __future__ import annotations

import gzip
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lucide import cues
from lucide.load import load
from lucide.model import Entity, KnowledgeBase
from lucide.types import ENTITY_BY_NAME

HELD_OUT = "controle-3"  # the texts no cue was tuned on


def cases(root: Path) -> list[dict[str, Any]]:
    """The labelled offers of the evaluation set, in file order."""
    data = yaml.safe_load((root / "tests" / "data" / "offres.yml").read_text(encoding="utf-8"))
    return list(data["offres"])


def matcher(root: Path) -> tuple[KnowledgeBase, cues.CueMatcher]:
    kb, _ = load(root / "docs")
    return kb, cues.CueMatcher(cues.entity_cues(kb))


@dataclass
class Score:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0

    @property
    def precision(self) -> float:
        raised = self.true_pos + self.false_pos
        return self.true_pos / raised if raised else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_pos + self.false_neg
        return self.true_pos / expected if expected else 1.0


def score(found: dict[str, list[str]], labelled: list[dict[str, Any]]) -> tuple[Score, list[str]]:
    """Precision and recall over every case, and one line per mistake."""
    total, mistakes = Score(), []
    for case in labelled:
        raised, expected = set(found[case["id"]]), set(case.get("attendus") or [])
        total.true_pos += len(raised & expected)
        total.false_pos += len(raised - expected)
        total.false_neg += len(expected - raised)
        for slug in sorted(raised - expected):
            why = "exclu" if slug in (case.get("exclus") or []) else "non attendu"
            mistakes.append(f"{case['id']}: lève {slug} ({why})")
        for slug in sorted(expected - raised):
            mistakes.append(f"{case['id']}: manque {slug}")
    return total, mistakes


def run(root: Path) -> int:
    """Print each case's findings, the mistakes, then precision and recall."""
    _, match = matcher(root)
    labelled = cases(root)
    found = {c["id"]: [f.entity for f in match.findings(c["texte"])] for c in labelled}
    for case in labelled:
        print(f"{case['id']}: {', '.join(found[case['id']]) or '(rien)'}")
    total, mistakes = score(found, labelled)
    print()
    for line in mistakes:
        print(line)
    print(f"\n{len(match.cues)} indices")
    for name, subset in (
        ("mise au point", [c for c in labelled if c.get("lot") != HELD_OUT]),
        ("contrôle (textes écrits après les indices)", [c for c in labelled if c.get("lot") == HELD_OUT]),
    ):
        _report(name, subset, score(found, subset)[0])
    _report("ensemble", labelled, total)
    return 0


def _report(name: str, subset: list[dict[str, Any]], total: Score) -> None:
    neutral = sum(1 for c in subset if not c.get("attendus"))
    print(
        f"{name} : {len(subset)} textes dont {neutral} neutres — "
        f"précision {total.precision:.2f} ({total.true_pos}/{total.true_pos + total.false_pos}), "
        f"rappel {total.recall:.2f} ({total.true_pos}/{total.true_pos + total.false_neg})"
    )


def weigh(root: Path, extra: int = 100) -> int:
    """Size of verifier.json today and with ``extra`` synthetic signs carrying as many cues as today's average."""
    kb, _ = load(root / "docs")
    base = cues.data_json(cues.compile_data(kb))
    grown_kb, per_sign = _with_synthetic_signs(kb, extra)
    grown = cues.data_json(cues.compile_data(grown_kb))
    a, b = len(gzip.compress(base.encode())), len(gzip.compress(grown.encode()))
    print(f"verifier.json : {len(base.encode())} octets, {a} octets gzip ({len(cues.entity_cues(kb))} indices)")
    print(f"avec {extra} signaux synthétiques de {per_sign} indices : {len(grown.encode())} octets, {b} octets gzip")
    print(f"croissance pour 100 signaux : {(b - a) * 100 // extra} octets gzip")
    start = time.perf_counter()
    text = " ".join(c["texte"] for c in cases(root)) * 3
    cues.CueMatcher(cues.entity_cues(kb)).findings(text[:20000])
    print(f"Python : {len(text[:20000])} caractères analysés en {(time.perf_counter() - start) * 1000:.0f} ms")
    return 0


def _with_synthetic_signs(kb: KnowledgeBase, extra: int) -> tuple[KnowledgeBase, int]:
    """A copy of ``kb`` plus ``extra`` signs whose cues recombine the words of today's cues (as many per sign)."""
    import random

    real = cues.entity_cues(kb)
    per_sign = max(1, round(len(real) / max(1, len({c.entity for c in real}))))
    words = sorted({w for c in real for w in c.text.split() if w.isalpha()})
    rng = random.Random(100)
    grown = KnowledgeBase(entities=dict(kb.entities))
    sign = ENTITY_BY_NAME["signal"]
    for i in range(extra):
        texts = [" ".join(rng.sample(words, rng.randint(2, 4))) for _ in range(per_sign)]
        slug = f"signal-synthetique-{i:03d}"
        title = f"Signal synthétique {i} : {' '.join(rng.sample(words, 3))}"
        grown.entities[slug] = Entity(sign, slug, title, "", f"signaux/{slug}.md", {"cues": texts})
    return grown, per_sign


_TIMED = """async (text) => {
  const area = document.getElementById("offre"), out = document.getElementById("constats");
  const data = await (await fetch(new URL("../verifier.json", location.href))).json();
  const compute = [], shown = [];
  let found = [];
  for (let run = 0; run < 7; run++) {
    const matcher = new LucideVerifier.Matcher(data);
    const t = performance.now();
    found = matcher.findings(text);
    compute.push(performance.now() - t);
  }
  for (let run = 0; run < 7; run++) {
    const done = new Promise((resolve) => new MutationObserver((_, observer) => {
      if (out.hasAttribute("data-pret")) { observer.disconnect(); resolve(performance.now()); }
    }).observe(out, { attributes: true }));
    area.value = text + " ".repeat(run);
    area.dispatchEvent(new Event("input"));
    await done;
    shown.push(Number(out.getAttribute("data-ms")));  // from the end of the wait to the findings on the page
  }
  return [compute, shown, found.length];
}"""


def speed(root: Path, chromium: str, length: int = 20000, rate: int = 4) -> int:
    """Time /verifier/ on a ``length``-character pitch in chromium, CPU slowed ``rate`` times (a phone)."""
    import shutil
    import tempfile

    from playwright.sync_api import sync_playwright

    import search_eval

    text = ""
    while len(text) < length:
        text += "\n\n".join(c["texte"] for c in cases(root)) + "\n\n"
    text = text[:length]
    work = Path(tempfile.mkdtemp(prefix="lucide-verifier-"))
    try:
        site = search_eval.build(root, work, material=False)
        with sync_playwright() as p, search_eval.serve(site) as base:
            browser = p.chromium.launch(executable_path=chromium, args=search_eval.FLAGS)
            page = browser.new_page()
            page.goto(base + "verifier/", wait_until="networkidle")
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
            compute, shown, count = page.evaluate(_TIMED, text)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()[0]  # other processes slow the measure down: say how busy the machine was
    print(f"{len(text)} caractères, processeur ralenti ×{rate}, charge {load:.1f}, 7 essais (min, médiane, max) :")
    print(f"  constats calculés : {_spread(compute)} ({count} constats)")
    print(f"  après les 150 ms d'attente de fin de frappe, jusqu'aux constats affichés : {_spread(shown)}")
    return 0


def _spread(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{ordered[0]:.0f} ms, {ordered[len(ordered) // 2]:.0f} ms, {ordered[-1]:.0f} ms"
