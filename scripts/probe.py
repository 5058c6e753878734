"""The reliability probe: hostile files and script vectors tried against a real build, as a contributor would.

Two tables drive it, both in ``tests/data/hostile/`` (add a case by adding an item):

- ``inputs.yml``: careless or hostile files. Each is added to the small valid site of ``base.yml``; then
  ``python scripts/lucide.py check`` and ``mkdocs build`` run on it, each in its own process group with a time
  limit and a memory cap. What counts: the exit codes, whether the output names the file as ``path:line:``,
  tracebacks, hangs, and whether anything from outside ``docs/`` (or a raw ``.md``) was published.
- ``vectors.yml``: script vectors, each written into every place contributor text goes (front-matter fields,
  bodies, the guide). One site holds them all, one page per vector and place; it is built with a plain
  ``mkdocs build`` (files the build refuses with ``path:line`` are blocked and removed, then it builds again),
  served on loopback and visited in chromium with traps for dialogs, console output, outside requests and
  ``window.__pwned``. Every element is focused, hovered and clicked, then the DOM is scanned for ``on*``
  attributes, ``javascript:`` URLs and active elements left in the content.

``python scripts/lucide.py fiabilite`` runs both and prints the counts; the tests import the same engine.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "hostile"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONUNBUFFERED": "1"}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MEMORY_CAP = 4 * 1024**3  # per command: an alias bomb must fail alone, not take the machine down
SECRET = "SECRET-HORS-DOCS-5c1f"  # the content of the file planted outside docs/
TRACEBACK = "Traceback (most recent call last)"


# -- running one command ----------------------------------------------------------------------------------------


@dataclass
class Run:
    """One command as a contributor would see it: exit code, output, and whether it hung."""

    returncode: int
    output: str
    hung: bool = False
    seconds: float = 0.0

    @property
    def traceback(self) -> bool:
        """A Python traceback, or a crash by signal (the YAML C loader's segfault) that was not our time limit."""
        return TRACEBACK in self.output or (self.returncode < 0 and not self.hung)

    def last_error_line(self) -> str:
        if self.returncode < 0:
            return f"tué par le signal {-self.returncode}"
        lines = [line for line in self.output.strip().splitlines() if line.strip()]
        return lines[-1].strip()[:160] if lines else ""


def run(cmd: list[str], cwd: Path, timeout: float) -> Run:
    """Run ``cmd`` in its own process group with a memory cap; on timeout, kill that group (and only it)."""
    limited = ["prlimit", f"--as={MEMORY_CAP}", "--", *cmd] if shutil.which("prlimit") else cmd
    start = time.monotonic()
    proc = subprocess.Popen(
        limited, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
        hung = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        hung = True
    return Run(proc.returncode, out.decode("utf-8", "replace"), hung, time.monotonic() - start)


def check_cmd(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "scripts" / "lucide.py"), "check", *(args or ("--docs", "docs"))]


def build_cmd() -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"]  # not strict: what `mkdocs build` does


# -- sites ------------------------------------------------------------------------------------------------------


def load_table(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def make_site(root: Path, files: dict[str, str]) -> Path:
    """A site in ``root``: the project's config, hooks, assets and home page, the base content, then ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    shutil.copy(ROOT / "docs" / "index.md", root / "docs" / "index.md")
    for rel, text in {**load_table("base.yml"), **files}.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def named(output: str, rel: str, with_line: bool = True) -> str:
    """The first ``docs/rel:line:`` (or, without line, ``docs/rel``) the output shows, else ``""``."""
    target = rel if rel.startswith("/") else f"docs/{rel}"
    pattern = re.escape(target) + (r":\d+:" if with_line else r"(?![\w./-])")
    m = re.search(pattern, output)
    return m.group().rstrip(":") if m else ""


def published(site: Path, rel: str) -> list[str]:
    """What the build wrote for source ``rel`` (a page or a raw copy)."""
    stem = rel[: -len(Path(rel).suffix)] if Path(rel).suffix else rel
    candidates = [site / rel, site / stem / "index.html"]
    return sorted(str(p.relative_to(site)) for p in candidates if p.exists())


def leaks(site: Path, forbidden: list[str]) -> list[str]:
    """Raw Markdown or forbidden text (a secret from outside docs/, control characters) in the built site."""
    found: list[str] = []
    if not site.is_dir():
        return found
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix.lower() == ".md":
            found.append(f"fichier Markdown brut publié : {rel}")
        if path.suffix in (".html", ".json", ".xml", ".txt", ".md", ".MD", ""):
            text = path.read_bytes().decode("utf-8", "replace")
            found += [f"{json.dumps(f)} publié dans {rel}" for f in forbidden if f in text]
    return found


# -- hostile inputs ---------------------------------------------------------------------------------------------


@dataclass
class InputResult:
    """What ``check`` and ``mkdocs build`` did with one hostile input, and whether that is acceptable."""

    case: dict
    check: Run
    build: Run | None
    check_named: str
    build_named: str
    problems: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.case["id"])

    @property
    def tracebacks(self) -> bool:
        return self.check.traceback or bool(self.build and self.build.traceback)

    @property
    def hung(self) -> bool:
        return self.check.hung or bool(self.build and self.build.hung)

    @property
    def clear(self) -> bool:
        return not self.problems

    def line(self) -> str:
        """One line per case, in French: verdict, then what each command did."""
        verdict = "ok" if self.clear else "ÉCHEC"
        parts = [f"check {_describe(self.check, self.check_named)}"]
        if self.build is not None:
            parts.append(f"build {_describe(self.build, self.build_named)}")
        text = f"[{verdict}] {self.id} ({self.case['what']}) : " + ", ".join(parts)
        return text + ("".join(f"\n    - {p}" for p in self.problems))


def _describe(r: Run, where: str) -> str:
    if r.hung:
        return f"bloqué (arrêté après {r.seconds:.0f} s)"
    if r.returncode < 0:
        return f"planté (signal {-r.returncode})"
    text = f"code {r.returncode}"
    if r.traceback:
        text += " avec traceback"
    return text + (f" ({where})" if where else "")


def input_cases(selected: list[str] | None = None) -> list[dict]:
    cases = load_table("inputs.yml")
    return [c for c in cases if not selected or c["id"] in selected]


# What every article's front matter must record (issue 10); the hostile part of a case is elsewhere.
ARTICLE_RECORD = {
    "publication_unknown": "site d'essai",
    "url_unknown": "texte d'essai",
    "consulted": "2024-01-15",
    "genre": "article",
    "quota": 100,
}
_RECORD_LINES = "".join(f"{k}: {v}\n" for k, v in ARTICLE_RECORD.items())


def _content(case: dict) -> bytes:
    text = str(case.get("text", ""))
    if str(case.get("file", "")).startswith("articles/") and text.startswith("---\n") and "consulted:" not in text:
        text = "---\n" + _RECORD_LINES + text[4:]  # a complete record, so only the hostile part can fail
        if "author" not in text.split("\n---", 1)[0]:
            text = text.replace("---\n", "---\nauthor_unknown: essai\n", 1)
    for name, (unit, count) in (case.get("fill") or {}).items():
        text = text.replace(f"<<{name}>>", str(unit) * int(count))
    return text.encode(case.get("encoding", "utf-8"))


def plant(root: Path, case: dict) -> None:
    """Put the case's file (or folder, FIFO, symlink) into the site at ``root``."""
    docs = root / "docs"
    for rel, text in (case.get("extra") or {}).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    if "file" not in case:
        return
    path = docs / case["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = case.get("kind", "file")
    if kind == "dir":
        path.mkdir()
        (path / "dedans.md").write_text("---\ntitle: Dedans\n---\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        target = str(case["target"])
        if target == "OUTSIDE":
            secret = root / "secret.txt"  # beside docs/, never to be published
            secret.write_text(f"---\ntitle: {SECRET}\nsummary: {SECRET}\nreality: {SECRET}\n---\n\n{SECRET}\n")
            target = str(secret)
        path.symlink_to(target)
    else:
        path.write_bytes(_content(case))


def judge(case: dict, check: Run, build: Run | None, site: Path) -> tuple[str, str, list[str]]:
    """(where check named the file, where the build did, what is wrong) for one case."""
    expects = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
    names = case.get("names") or [case.get("file", "")]
    with_line = not all(n.startswith("/") for n in names) and expects != ["skipped"]
    loose = "skipped" in expects  # a skipped non-regular file may be named without a line

    def where(r: Run | None) -> str:
        if r is None:
            return ""
        for n in names:
            found = named(r.output, n, with_line=True) or (named(r.output, n, with_line=False) if loose else "")
            found = found or (named(r.output, n, with_line=False) if not with_line else "")
            if found:
                return found
        return ""

    check_named, build_named = where(check), where(build)
    problems = []
    for label, r in (("check", check), ("build", build)):
        if r is None:
            continue
        if r.hung:
            problems.append(f"{label} : bloqué, arrêté au bout de {r.seconds:.0f} s")
        elif r.traceback:
            problems.append(f"{label} : traceback ou plantage — {r.last_error_line()}")
    forbidden = [SECRET, *case.get("absent_from_site", [])]
    problems += leaks(site / "site", forbidden)
    if case.get("kind") in ("symlink", "fifo", "dir") and "file" in case:
        problems += [
            f"publié alors que ce n'est pas un fichier ordinaire : {p}" for p in published(site / "site", case["file"])
        ]
    if not problems:
        outcome = _expectation(expects, case, check, build, check_named, build_named, site)
        if outcome:
            problems.append(outcome)
    return check_named, build_named, problems


def _expectation(
    expects: list[str], case: dict, check: Run, build: Run | None, check_named: str, build_named: str, site: Path
) -> str:
    """``""`` when one expected outcome holds, else why none does."""
    runs = [(check, check_named)] + ([(build, build_named)] if build is not None else [])
    failed = all(r.returncode != 0 for r, _ in runs)
    all_named = all(n for _, n in runs)
    if "error" in expects and failed and all_named:
        return ""
    if ("reported" in expects or "skipped" in expects) and all_named:
        return ""
    if "ok" in expects and all(r.returncode == 0 for r, _ in runs):
        missing = [
            f"{rel} ne contient pas « {text} »"
            for rel, text in (case.get("site_contains") or {}).items()
            if text not in _read(site / "site" / rel)
        ]
        if not missing:
            return ""
        return "construit sans erreur mais " + ", ".join(missing)
    unnamed = [label for (r, n), label in zip(runs, ("check", "build"), strict=False) if not n]
    if unnamed:
        target = " ou ".join(case.get("names") or [case.get("file", "")])
        how = "" if all(n.startswith("/") for n in case.get("names") or ["x"]) else " avec sa ligne"
        return f"{' et '.join(unnamed)} ne nomme(nt) pas {target}{how} (attendu : {', '.join(expects)})"
    return f"code de sortie 0 alors qu'une erreur est attendue (attendu : {', '.join(expects)})"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def try_input(case: dict, workdir: Path, timeout: float) -> InputResult:
    """Build the base site plus ``case`` in ``workdir``, run check and build, and judge the outcome."""
    root = Path(tempfile.mkdtemp(prefix=f"{case['id']}-", dir=workdir))
    try:
        make_site(root, {})
        plant(root, case)
        if case.get("args"):
            check, build = run(check_cmd(*case["args"]), root, timeout), None
        else:
            check, build = run(check_cmd(), root, timeout), run(build_cmd(), root, timeout)
        check_named, build_named, problems = judge(case, check, build, root)
        return InputResult(case, check, build, check_named, build_named, problems)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def verify_base(workdir: Path, timeout: float) -> str:
    """``""`` if the base site passes check and a strict build, else what is wrong (every case relies on it)."""
    root = make_site(Path(tempfile.mkdtemp(prefix="base-", dir=workdir)), {})
    try:
        check = run(check_cmd(), root, timeout)
        build = run([*build_cmd(), "--strict"], root, timeout)
        if check.returncode or build.returncode:
            return check.output + build.output
        return ""
    finally:
        shutil.rmtree(root, ignore_errors=True)


def try_inputs(
    cases: list[dict], timeout: float = 60, workers: int = 2, report: Callable[[InputResult], None] | None = None
) -> list[InputResult]:
    """Every case, ``workers`` at a time; results in table order."""
    with tempfile.TemporaryDirectory(prefix="lucide-probe-") as tmp:
        work = Path(tmp)
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(try_input, case, work, timeout) for case in cases]
            results = []
            for f in futures:
                results.append(f.result())
                if report:
                    report(results[-1])
    return results


# -- script vectors ---------------------------------------------------------------------------------------------

FIELDS = ("title", "summary", "reality", "definition", "alias", "article_title", "article_author", "article_summary")
BODIES = ("entity_body", "article_body", "glossary_body", "guide")
GROUPS = {"texte": FIELDS, "corps": BODIES, "tout": FIELDS + BODIES}
CONTROL = "temoin"  # harmless text in every place: the scaffolding itself must build and render
REBUILDS = 20  # a build that stops at its first error names one page per try; one that lists all needs two
FIRST_NUMBER = 100  # case numbers have 3+ digits so a trap's message names its case unambiguously


@dataclass
class VectorCase:
    """One vector written in one place, on its own page."""

    number: int
    vector: str
    place: str
    payload: str

    @property
    def rel(self) -> str:
        folder = {"definition": "glossaire", "alias": "glossaire", "glossary_body": "glossaire", "guide": "contribuer"}
        if self.place.startswith("article"):
            return f"articles/v{self.number}.md"
        return f"{folder.get(self.place, 'mythes')}/v{self.number}.md"

    @property
    def url(self) -> str:
        return self.rel.removesuffix(".md") + "/"

    @property
    def term(self) -> str:
        return f"mot{self.number}"

    @property
    def label(self) -> str:
        return f"{self.vector} @ {self.place} (n°{self.number})"


def vector_cases(selected: list[str] | None = None) -> list[VectorCase]:
    """Every (vector, place) of vectors.yml, plus one harmless control per place, numbered from 100."""
    rows = [{"id": CONTROL, "payload": "Texte sûr %ID%", "places": ["tout"]}, *load_table("vectors.yml")]
    cases: list[VectorCase] = []
    for row in rows:
        if selected and row["id"] not in selected and row["id"] != CONTROL:
            continue
        places = [p for group in row["places"] for p in GROUPS.get(group, (group,))]
        for place in places:
            number = FIRST_NUMBER + len(cases)
            cases.append(VectorCase(number, row["id"], place, row["payload"].replace("%ID%", str(number))))
    return cases


def _front(**meta: object) -> str:
    # JSON strings are valid YAML double-quoted scalars: any payload stays one value
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items()) + "---\n\n"


def vector_file(case: VectorCase) -> str:
    """The page holding ``case``: valid everywhere except where the payload sits."""
    n, p, place = case.number, case.payload, case.place
    myth = {"title": f"Vecteur {n}", "summary": f"Résumé {n}.", "reality": f"Réalité {n}."}
    term = {"term": case.term, "definition": f"Définition {n}."}
    article = {"title": f"Article {n}", "author": f"Auteur {n}", "summary": f"Présentation {n}.", **ARTICLE_RECORD}
    if place in ("title", "summary", "reality"):
        return _front(**{**myth, place: p})
    if place == "definition":
        return _front(**{**term, "definition": p})
    if place == "alias":
        return _front(**term, aliases=[p])
    if place.startswith("article_") and place != "article_body":
        return _front(**{**article, place.removeprefix("article_"): p}) + f"Texte de l'article {n}.\n"
    if place == "entity_body":
        return _front(**myth) + p + "\n"
    if place == "article_body":
        return _front(**article) + p + "\n"
    if place == "glossary_body":
        return _front(**term) + p + "\n"
    return _front(title=f"Guide {n}") + p + "\n"  # guide


def usage_page(cases: list[VectorCase]) -> str:
    """An article that uses every vector term, so definitions and aliases show in tooltips too."""
    terms = sorted({c.term for c in cases if c.rel.startswith("glossaire/")})
    lines = [f"Le mot [[{t}]] figure ici." for t in terms] or ["Aucun terme."]
    return _front(title="Usages des termes", author="Rédaction", **ARTICLE_RECORD) + "\n\n".join(lines) + "\n"


@dataclass
class VectorResult:
    """What happened to one vector case: refused (with where), executed (with how), or left traces in the DOM."""

    case: VectorCase
    check_named: str = ""
    refused: str = ""  # path:line the build named when it refused the page
    rendered: bool = False
    executed: list[str] = field(default_factory=list)
    residue: list[str] = field(default_factory=list)
    unclear: str = ""  # neither refused with path:line nor published

    @property
    def blocked(self) -> bool:
        return not self.executed and not self.residue and not self.unclear and bool(self.refused or self.rendered)

    def line(self) -> str:
        c = self.case
        if self.executed:
            head = f"[EXÉCUTÉ] {c.label} : " + " ; ".join(sorted(set(self.executed))[:3])
        elif self.residue:
            head = f"[RESTE] {c.label} : " + " ; ".join(sorted(set(self.residue))[:3])
        elif self.unclear:
            head = f"[ÉCHEC] {c.label} : {self.unclear}"
        elif self.refused:
            head = f"[bloqué] {c.label} : refusé par la construction ({self.refused})"
        else:
            head = f"[bloqué] {c.label} : affiché sans exécution"
        return head + (f" — check : {self.check_named}" if self.check_named else " — check : rien signalé")


def _mkdocs_named(output: str, rel: str) -> str:
    """MkDocs' own strict-mode warning about a page ("Doc file 'x.md' contains…"): it names no line."""
    return f"docs/{rel} (avertissement de MkDocs)" if f"Doc file '{rel}'" in output else ""


def build_vector_site(root: Path, cases: list[VectorCase], timeout: float) -> tuple[dict[int, VectorResult], Run]:
    """Write every case, run check, then build; pages the build refuses with path:line are removed and it retries."""
    results = {c.number: VectorResult(c) for c in cases}
    files = {c.rel: vector_file(c) for c in cases}
    make_site(root, {**files, "articles/usages.md": usage_page(cases)})
    check = run(check_cmd(), root, timeout)
    for c in cases:
        results[c.number].check_named = named(check.output, c.rel)
    remaining = list(cases)
    build = Run(1, "")
    for _ in range(REBUILDS):
        (root / "docs" / "articles" / "usages.md").write_text(usage_page(remaining), encoding="utf-8")
        shutil.rmtree(root / "site", ignore_errors=True)
        build = run(build_cmd(), root, timeout * 4)
        if build.returncode == 0 and not build.hung:
            break
        refused = [c for c in remaining if named(build.output, c.rel) or _mkdocs_named(build.output, c.rel)]
        if not refused:
            break
        for c in refused:
            results[c.number].refused = named(build.output, c.rel) or _mkdocs_named(build.output, c.rel)
            (root / "docs" / c.rel).unlink()
        remaining = [c for c in remaining if c not in refused]
    ok = build.returncode == 0 and not build.hung
    for c in remaining:
        if not ok:
            reason = "bloqué" if build.hung else "traceback" if build.traceback else f"code {build.returncode}"
            results[c.number].unclear = f"la construction échoue ({reason}) sans nommer ce fichier avec sa ligne"
        elif not (root / "site" / c.url / "index.html").is_file():
            results[c.number].unclear = "ni refusé avec fichier:ligne, ni publié"
        else:
            results[c.number].rendered = True
    return results, build


# Capture-phase guards: ordinary links and forms must not take the page away while we click everything;
# javascript: URLs are left alone, so a vector that would run on click does run.
GUARD_JS = """
(() => {
  const web = (u) => { try { return ['http:', 'https:'].includes(new URL(u, location.href).protocol); }
                       catch (e) { return false; } };
  addEventListener('click', (e) => {
    const a = e.target && e.target.closest && e.target.closest('a[href], area[href]');
    if (a && web(a.href)) e.preventDefault();
  }, true);
  addEventListener('submit', (e) => { if (web(e.target.action)) e.preventDefault(); }, true);
})();
"""

INTERACT_JS = """
() => {
  // the content area: whatever contributor text became; attributes elsewhere are caught by the scan
  const root = document.querySelector('.md-content') || document.body;
  const els = [...root.querySelectorAll('*')].slice(0, 1500);
  for (const el of els) {
    try {
      if (el.focus) el.focus();
      for (const t of ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup']) {
        el.dispatchEvent(new MouseEvent(t, {bubbles: true, cancelable: true}));
      }
      if (typeof el.click === 'function') el.click();
      else el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
    } catch (e) {}
  }
  return els.length;
}
"""

SCAN_JS = """
() => {
  const bad = [];
  const norm = (v) => v.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
  // attributes a browser may follow or run; text attributes (title, alt, meta content) may say "javascript:"
  const navigable = ['href', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc'];
  const urlish = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'srcset',
                  'style', 'values', 'to', 'from', 'by', 'codebase', 'dynsrc', 'lowsrc', 'ping'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase(), v = norm(a.value);
      // the text around the element names the case on pages that list many (home, collections)
      const around = (el.closest('li, p, tr, dd, h1, h2, h3') || el).textContent.trim().slice(0, 60);
      const where = `<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 80)}"> dans « ${around} »`;
      if (n.startsWith('on')) bad.push(`attribut ${n} : ${where}`);
      else if (urlish.includes(n) && /(java|vb)script:/.test(v)) bad.push(`URL javascript: ${where}`);
      else if ((navigable.includes(n) || (n === 'src' && /^(iframe|embed|frame)$/i.test(el.tagName)))
               && v.startsWith('data:') && !v.startsWith('data:image/')) {
        bad.push(`URL data: ${where}`);
      }
      else if (n === 'srcdoc') bad.push(`srcdoc : ${where}`);
    }
  }
  const content = document.querySelector('.md-content') || document.body;
  const active = 'script, iframe, frame, object, embed, applet, base, meta, link, style, form';
  // the site's own interface pages (home, search, offer checker, 404) hold a search form of Lucide's
  const iface = ['/', '/404.html', '/recherche/', '/verifier/'].includes(location.pathname);
  for (const el of content.querySelectorAll(active)) {
    if (iface && el.matches('form.lucide-recherche, form.lucide-verifier')) continue;
    bad.push(`élément <${el.tagName.toLowerCase()}> dans le contenu : ${el.outerHTML.slice(0, 100)}`);
  }
  for (const el of document.querySelectorAll('base, meta[http-equiv]')) {
    if (el.tagName === 'BASE' || /refresh/i.test(el.getAttribute('http-equiv'))) {
      bad.push(`élément ${el.outerHTML.slice(0, 100)}`);
    }
  }
  return bad;
}
"""

_NUMBER = re.compile(r"(?<!\d)(\d{3,})(?!\d)")


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as URL paths (``mythes/v101/``), sorted."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pagefind/")):
            continue
        pages.append(rel.removesuffix("index.html"))
    return pages


class Traps:
    """Dialogs, console output, outside requests and pageerrors, attributed to a case by the number they carry."""

    def __init__(self, numbers: set[int], by_url: dict[str, int]):
        self.numbers, self.by_url = numbers, by_url
        self.current = ""
        self.executed: dict[int | str, list[str]] = {}
        self.errors: list[str] = []

    def owner(self, text: str) -> int | str:
        for m in _NUMBER.finditer(text):
            if int(m.group(1)) in self.numbers:
                return int(m.group(1))
        return self.by_url.get(self.current, f"page /{self.current}")

    def hit(self, how: str, text: str) -> None:
        self.executed.setdefault(self.owner(text), []).append(f"{how} sur /{self.current}")

    def attach(self, context: Any, page: Any, base: str) -> None:
        host = urlparse(base).hostname

        def on_route(route: Any) -> None:
            url = route.request.url
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname != host:
                self.hit(f"requête vers {url[:80]}", url)
                route.abort()
            else:
                route.continue_()

        def on_dialog(dialog: Any) -> None:
            self.hit(f"boîte de dialogue « {dialog.message[:40]} »", dialog.message)
            dialog.dismiss()

        def on_console(message: Any) -> None:
            if "PWNED" in message.text:
                self.hit(f"console « {message.text[:40]} »", message.text)

        context.route("**/*", on_route)
        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"/{self.current}: {exc}"))


def visit(page: Any, base: str, url: str, traps: Traps) -> list[str]:
    """Load one page, focus/hover/click everything, press Tab; return the dangerous DOM left (after the traps)."""
    traps.current = url
    try:
        page.goto(base + url, wait_until="load", timeout=20000)
    except Exception as exc:  # an aborted navigation (meta refresh, location=) is already recorded by the trap
        traps.errors.append(f"/{url}: {exc}")
    page.wait_for_timeout(100)
    residue: list[str] = []
    for step in ("interact", "tab", "scan"):
        try:
            if step == "interact":
                page.evaluate(INTERACT_JS)
            elif step == "tab":
                for _ in range(3):  # autofocus and tabindex vectors run on real keyboard focus too
                    page.keyboard.press("Tab")
            else:
                page.wait_for_timeout(100)
                if not page.url.startswith(base):  # sent away (meta refresh, location=): an error page now
                    traps.hit(f"page quittée pour {page.url[:80]}", page.url)
                    break
                flag = page.evaluate("() => window.__pwned")
                if flag:
                    traps.hit(f"window.__pwned = {flag}", str(flag))
                residue = page.evaluate(SCAN_JS)
        except Exception as exc:  # the page navigated away mid-step: the traps have seen why
            traps.errors.append(f"/{url} ({step}): {exc}")
    return residue


def browse(site: Path, results: dict[int, VectorResult], chromium: str = "", browser: Any = None) -> list[str]:
    """Serve ``site`` on loopback and visit every page; fill ``executed`` and ``residue``. Returns page errors."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import search_eval

    by_url = {r.case.url: n for n, r in results.items()}
    traps = Traps(set(results), by_url)
    with search_eval.serve(site) as base, _browser(chromium, browser) as b:
        context = b.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", java_script_enabled=True)
        context.add_init_script(GUARD_JS)
        page = context.new_page()
        traps.attach(context, page, base)
        for url in site_pages(site):
            for item in visit(page, base, url, traps):
                owner = traps.owner(item)
                if isinstance(owner, int):
                    results[owner].residue.append(f"{item} (sur /{url})")
                else:
                    traps.executed.setdefault(owner, []).append(f"reste dans le DOM : {item}")
        context.close()
    for owner, hows in traps.executed.items():
        if isinstance(owner, int):
            results[owner].executed += hows
        else:
            traps.errors += [f"{owner}: {h}" for h in hows]
    return traps.errors


@contextmanager
def _browser(chromium: str, browser: Any) -> Iterator[Any]:
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class VectorRun:
    """All vector cases after one build and one browser pass."""

    results: list[VectorResult]
    build: Run
    unattributed: list[str]  # traps that fired on a page no case owns (generated pages, home…)
    seconds: dict[str, float] = field(default_factory=dict)  # "build", "browse"
    pages: int = 0

    def of(self, vector: str) -> list[VectorResult]:
        return [r for r in self.results if r.case.vector == vector]


def try_vectors(
    cases: list[VectorCase], chromium: str = "", browser: Any = None, timeout: float = 60, keep: Path | None = None
) -> VectorRun:
    """Build one site holding every case, browse it, and return what each case did."""
    tmp = Path(tempfile.mkdtemp(prefix="lucide-vecteurs-"))
    root = keep or tmp / "site-vecteurs"
    try:
        start = time.monotonic()
        results, build = build_vector_site(root, cases, timeout)
        seconds = {"build": time.monotonic() - start}
        errors: list[str] = []
        pages = site_pages(root / "site") if (root / "site").is_dir() and build.returncode == 0 else []
        if pages:
            errors = browse(root / "site", results, chromium, browser)
        seconds["browse"] = time.monotonic() - start - seconds["build"]
        unattributed = [e for e in errors if not e.startswith("/")]
        return VectorRun([results[c.number] for c in cases], build, unattributed, seconds, len(pages))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- the command ------------------------------------------------------------------------------------------------


def _say(text: str = "") -> None:
    print(text, flush=True)


def main(chromium: str, timeout: float, inputs: bool, vectors: bool, only: list[str], keep: str = "") -> int:
    """Run the probe; print one line per case and the counts. Non-zero if anything is not as it must be."""
    failed = False
    lock = threading.Lock()
    if inputs:
        with tempfile.TemporaryDirectory(prefix="lucide-probe-") as tmp:
            problem = verify_base(Path(tmp), timeout)
        if problem:
            _say("Le site de base de tests/data/hostile/base.yml ne passe pas check et mkdocs build --strict :")
            _say(problem)
            return 1

        def report(result: InputResult) -> None:
            with lock:
                _say(result.line())

        results = try_inputs(input_cases(only or None), timeout, 2, report)
        clear = sum(r.clear for r in results)
        tracebacks = sum(r.tracebacks for r in results)
        hangs = sum(r.hung for r in results)
        _say(
            f"entrées hostiles essayées : {len(results)}, erreurs claires : {clear}, "
            f"tracebacks : {tracebacks}, blocages : {hangs}"
        )
        failed |= clear < len(results) or tracebacks > 0 or hangs > 0
    if vectors:
        if not Path(chromium).exists():
            _say(
                f"erreur : {chromium} introuvable — installez chromium (apt-get install chromium) ou passez --chromium"
            )
            return 1
        cases = vector_cases(only or None)
        outcome = try_vectors(cases, chromium, timeout=timeout, keep=Path(keep) if keep else None)
        for r in outcome.results:
            _say(r.line())
        for e in outcome.unattributed:
            _say(f"[EXÉCUTÉ] sans propriétaire : {e}")
        real = [r for r in outcome.results if r.case.vector != CONTROL]
        controls_bad = [r for r in outcome.results if r.case.vector == CONTROL and not r.blocked]
        executed_ids = {r.case.vector for r in real if r.executed}
        leftover = sum(bool(r.residue) for r in real)
        unclear = sum(bool(r.unclear) for r in real)
        _say(
            f"emplacements essayés : {len(real)}, exécutés : {sum(bool(r.executed) for r in real)}, "
            f"restes dangereux : {leftover}, ni refusés ni publiés : {unclear}, témoins en échec : {len(controls_bad)}"
        )
        _say(
            f"construction : {outcome.seconds['build']:.0f} s, "
            f"visite de {outcome.pages} pages : {outcome.seconds['browse']:.0f} s"
        )
        _say(f"vecteurs essayés : {len({r.case.vector for r in real})}, exécutés : {len(executed_ids)}")
        failed |= bool(executed_ids or leftover or unclear or controls_bad or outcome.unattributed)
    return 1 if failed else 0
