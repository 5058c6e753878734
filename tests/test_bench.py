"""``lucide.py bench`` on a tiny corpus: the report's shape and fields, never timing thresholds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import bench
from conftest import ENV, ROOT


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One paired bench run of two rounds on a tiny corpus, kept for inspection."""
    work = tmp_path_factory.mktemp("bench")
    args = ["--pages", "6", "--terms", "20", "--entities", "4", "--runs", "2", "--keep", str(work)]
    args += ["--json", str(work / "rapport.json")]
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lucide.py"), "bench", *args], env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result, work


def test_the_last_line_is_the_machine_readable_ratio(bench_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    lines = bench_run[0].stdout.strip().splitlines()
    assert re.fullmatch(r"ratio \d+\.\d\d", lines[-1])


def test_runs_are_paired_and_alternate_which_site_goes_first(
    bench_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    runs = [line for line in bench_run[0].stdout.splitlines() if line.startswith("essai ")]
    assert [r.split(" :")[0] for r in runs] == [
        "essai 1/2 Material + recherche",
        "essai 1/2 Lucide",
        "essai 2/2 Lucide",
        "essai 2/2 Material + recherche",
    ]


def test_the_report_gives_median_and_spread_of_time_memory_and_size(
    bench_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    out = bench_run[0].stdout
    for label in ("temps", "temps CPU", "mémoire max (arbre de processus)", "taille du site", "fichiers du site"):
        assert re.search(rf"^  {re.escape(label)} : Material \+ recherche .+\(.+–.+\), Lucide .+\(.+–.+\)$", out, re.M)
    data = json.loads((bench_run[1] / "rapport.json").read_text(encoding="utf-8"))
    assert data["corpus"] == {"pages": 6, "terms": 20, "myths": 1, "rules": 8, "signs": 4}
    assert len(data["runs"]) == 4
    for site in ("plain", "lucide"):
        for field in ("seconds", "cpu_seconds", "peak_rss_kib", "peak_tree_kib", "files", "bytes"):
            spread = data["sites"][site][field]
            assert spread["min"] <= spread["median"] <= spread["max"]
    assert data["ratio"] == data["ratios"]["seconds"]["median"]
    assert f"ratio {data['ratio']:.2f}" == out.strip().splitlines()[-1]


def test_memory_counts_the_search_indexer_running_as_a_child(
    bench_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    data = json.loads((bench_run[1] / "rapport.json").read_text(encoding="utf-8"))
    for run in data["runs"]:
        # The tree's peak is at least its largest process: MkDocs plus Pagefind while both are alive.
        assert run["peak_tree_kib"] >= run["peak_rss_kib"] > 0
    lucide_files = [r["files"] for r in data["runs"] if r["site"] == "lucide"]
    site = bench_run[1] / "site-lucide"
    assert lucide_files[-1] == sum(1 for p in site.rglob("*") if p.is_file())
    assert (site / "pagefind").is_dir()  # the measured Lucide build really ran its search indexer


def test_both_sites_get_the_same_content_the_plain_one_as_ordinary_pages(
    bench_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    work = bench_run[1]
    lucide, plain = work / "site-lucide", work / "site-plain"
    assert "lucide-terme" in (lucide / "articles/article-00000/index.html").read_text(encoding="utf-8")
    for page, text in (
        ("articles/article-00005", "Article synthétique 5"),
        ("glossaire/terme-0019", "Définition synthétique numéro 19."),
        ("signaux/signal-00003", "Signal synthétique 3"),
        ("mythes/mythe-00000", "Une réalité."),
        ("regles/regle-3", "Règle synthétique 3"),
        ("a-propos", "Article synthétique 2"),  # the about page lists every source
    ):
        for site in (lucide, plain):
            assert text in (site / page / "index.html").read_text(encoding="utf-8"), (site.name, page)
    sign = (plain / "signaux/signal-00003/index.html").read_text(encoding="utf-8")
    assert 'href="../../articles/article-00003/#p4"' in sign  # the plain page links the passage it cites
    assert (plain / "search/search_index.json").is_file()  # Material's own search is on
    assert not (plain / "kb.json").exists() and not (plain / "pagefind").exists()  # and nothing of Lucide's
    # The same pages on both sides, so both render the same navigation and tabs; only Lucide has a search page
    # (Material searches in a dialog).
    pages = {
        site: {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")} for site in (lucide, plain)
    }
    assert pages[lucide] - {"recherche"} == pages[plain]
    for site in (lucide, plain):  # the rules are a tab on both
        assert 'href="regles/" class="md-tabs__link"' in (site / "index.html").read_text(encoding="utf-8")


def test_first_builds_start_from_an_empty_site_and_rebuilds_from_the_last_one(
    bench_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    work = bench_run[1]
    assert "premières constructions, dossier du site vide" in bench_run[0].stdout
    assert json.loads((work / "rapport.json").read_text(encoding="utf-8"))["builds"] == "first"
    assert not (work / bench.MOVED).exists()  # the sites set aside are deleted at the end
    site, log = work / "site-lucide", work / "mesure.log"
    (site / ".marque").write_text("", encoding="utf-8")  # hidden: no build deletes it
    bench.measure("lucide", 9, work / "lucide.yml", log, rebuild=True)
    assert (site / ".marque").exists()  # built over the last site
    bench.measure("lucide", 9, work / "lucide.yml", log)
    assert not (site / ".marque").exists() and (site / "index.html").is_file()  # built into an empty folder
    assert [p.name for p in (work / bench.MOVED).glob("*/.marque")] == [".marque"]  # the last one, set aside


def test_serve_bench_times_each_kind_of_edit_in_both_previews(tmp_path: Path) -> None:
    args = ["bench", "--serve", "--pages", "3", "--terms", "5", "--runs", "1", "--keep", str(tmp_path)]
    args += ["--json", str(tmp_path / "apercu.json")]
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lucide.py"), *args], env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for kind in ("article", "fiche", "glossaire"):
        assert re.search(rf"^  {kind} : Lucide \d+\.\d\d s, Material \d+\.\d\d s, \d+\.\d fois plus rapide$", out, re.M)
    assert re.fullmatch(r"aperçu le plus lent \d+\.\d\d s", out.strip().splitlines()[-1])
    data = json.loads((tmp_path / "apercu.json").read_text(encoding="utf-8"))
    assert set(data["seconds"]["lucide"]) == {"article", "fiche", "glossaire"}
    # the edits were undone: the corpus is as generated
    assert "Modification" not in (tmp_path / "docs" / "glossaire" / "terme-0000.md").read_text(encoding="utf-8")
    assert "aperçu : " in (tmp_path / "serve-lucide.log").read_text(encoding="utf-8")  # Lucide planned its rebuilds
