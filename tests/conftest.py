"""Shared fixtures: build real sites with the real ``mkdocs build --strict`` in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "scripts"))  # after hooks/: scripts/lucide.py must not shadow the package
sys.path.insert(0, str(ROOT / "hooks"))
import probe  # noqa: E402
import search_eval  # noqa: E402

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


@dataclass
class Built:
    root: Path
    site: Path
    returncode: int
    log: str

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def make_site(tmp: Path, files: dict[str, str | bytes], with_content: bool = False) -> Path:
    """A site in ``tmp``: our config, hooks and assets, plus ``files`` (paths relative to the root)."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", tmp / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", tmp / "docs" / "assets")
    shutil.copy(ROOT / "docs" / "index.md", tmp / "docs" / "index.md")
    if with_content:
        shutil.copytree(ROOT / "docs", tmp / "docs", dirs_exist_ok=True)
    write_files(tmp, files)
    return tmp


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` (paths relative to ``root``): text as UTF-8, bytes as given."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def build(root: Path, strict: bool = True) -> Built:
    cmd = [*MKDOCS, "build", "--site-dir", str(root / "site")] + (["--strict"] if strict else [])
    proc = subprocess.run(cmd, cwd=root, env=ENV, capture_output=True, text=True)
    return Built(root, root / "site", proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The project's own site, built once for the whole session."""
    root = tmp_path_factory.mktemp("real")
    make_site(root, {}, with_content=True)
    built = build(root)
    assert built.returncode == 0, built.log
    return built


def lucide(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python scripts/lucide.py ARGS`` as a contributor would."""
    script = ROOT / "scripts" / "lucide.py"
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd, env=ENV, capture_output=True, text=True)


CHROMIUM = os.environ.get("LUCIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = probe.CHROMIUM_FLAGS  # one list for the tests and the fiabilite command


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright; never a browser Playwright would download."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (or set LUCIDE_CHROMIUM)"
        if os.environ.get("LUCIDE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served(real_site: Built) -> Iterator[str]:
    """The real site served on loopback, as a static host would."""
    with search_eval.serve(real_site.site) as base:
        yield base
