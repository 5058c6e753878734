"""The offer checker, Python side: the shared table of cases, cue errors, the built data file, the evaluation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, build, lucide, make_site
from lucide import cues

CASES: list[dict[str, Any]] = yaml.safe_load((ROOT / "tests" / "data" / "cues-cas.yml").read_text("utf-8"))["cas"]


def run_case(case: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(passages that count, passages a negation cancels), in text order."""
    matcher = cues.CueMatcher([cues.compile_cue(c, "cas") for c in case["indices"]])
    text = case["texte"]
    hits = matcher.scan(text)
    found = list(dict.fromkeys(text[h.start : h.end] for h in hits if not h.negated))
    negated = list(dict.fromkeys(text[h.start : h.end] for h in hits if h.negated))
    return found, negated


@pytest.mark.parametrize("case", CASES, ids=[c["texte"][:40] for c in CASES])
def test_shared_cases(case: dict[str, Any]) -> None:
    found, negated = run_case(case)
    assert found == case["trouve"]
    assert negated == case.get("ecarte", [])


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        ("{montant} par mois", "indice inconnu « {montant} » — écrivez {nombre} ou {argent}"),
        ("{argent}", "indice sans mot « {argent} » — un indice contient au moins un mot, par exemple « 6 chiffres »"),
        ("de la", "indice sans mot « de la »"),
        ("… gagnez", "« … » mal placé dans « … gagnez »"),
        ("ga* argent", "préfixe trop court « ga* » — écrivez au moins trois lettres avant *"),
    ],
)
def test_a_cue_that_does_not_compile_is_reported_at_its_line(tmp_path: Path, cue: str, message: str) -> None:
    sign = f"---\ntitle: Un signal\nsummary: Un résumé.\ncues:\n- 6 chiffres\n- '{cue}'\n---\n"
    make_site(tmp_path, {"docs/signaux/un-signal.md": sign})
    result = lucide("check", "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1
    assert f"docs/signaux/un-signal.md:6: {message}" in result.stdout


def test_two_cues_that_read_the_same_are_reported(tmp_path: Path) -> None:
    sign = "---\ntitle: Un signal\nsummary: Un résumé.\ncues:\n- places limitées\n- Place limitée\n---\n"
    make_site(tmp_path, {"docs/signaux/un-signal.md": sign})
    result = lucide("check", "--docs", str(tmp_path / "docs"))
    assert "un-signal.md:6: indice en double « Place limitée » — « Place limitée » se lit comme" in result.stdout


def test_cues_must_be_a_list_of_texts(tmp_path: Path) -> None:
    sign = "---\ntitle: Un signal\nsummary: Un résumé.\ncues: 6 chiffres\n---\n"
    make_site(tmp_path, {"docs/signaux/un-signal.md": sign})
    result = lucide("check", "--docs", str(tmp_path / "docs"))
    assert "un-signal.md:4: « cues » doit être une liste de textes" in result.stdout


def test_the_build_writes_the_compiled_cues_and_the_page(tmp_path: Path) -> None:
    files = {
        "docs/signaux/un-signal.md": "---\ntitle: Un <b>signal</b>\nsummary: Un résumé.\ncues:\n- 6 chiffres\n- en {nombre} jours\n---\n",
        "docs/mythes/un-mythe.md": "---\ntitle: Un mythe\nsummary: S.\nreality: R.\ncues: [sans risque]\n---\n",
        "docs/verifier.md": (ROOT / "docs" / "verifier.md").read_text("utf-8").split("## Les questions")[0],
    }
    built = build(make_site(tmp_path, files))
    assert built.returncode == 0, built.log
    data = json.loads((built.site / "verifier.json").read_text("utf-8"))
    assert [e["id"] for e in data["entities"]] == ["un-mythe", "un-signal"]
    assert data["entities"][1] == {
        "id": "un-signal",
        "kind": "Signal d'alerte",
        "title": "Un <b>signal</b>",
        "url": "signaux/un-signal/",
    }
    assert "<b>" not in (built.site / "verifier.json").read_text("utf-8")  # served as data, never as markup
    assert [c[1] for c in data["cues"]] == ["sans risque", "6 chiffres", "en {nombre} jours"]
    page = built.page("verifier")
    assert 'id="offre"' in page and 'id="constats"' in page and "assets/verifier.js" in page


def test_a_bad_cue_stops_the_strict_build(tmp_path: Path) -> None:
    sign = "---\ntitle: Un signal\nsummary: Un résumé.\ncues: ['{somme} par mois']\n---\n"
    built = build(make_site(tmp_path, {"docs/signaux/un-signal.md": sign}))
    assert built.returncode != 0
    assert "un-signal.md:4: indice inconnu « {somme} »" in built.log


def test_real_cues_all_compile_and_some_are_declared() -> None:
    result = lucide("check")
    assert result.returncode == 0, result.stdout
    data = cues.compile_data(*_kb_and_cues())
    assert len(data["cues"]) >= 100 and len(data["entities"]) >= 15


def _kb_and_cues() -> tuple[Any, list[cues.Cue]]:
    from lucide.load import load

    kb, _ = load(ROOT / "docs")
    return kb, cues.entity_cues(kb)


def test_evaluation_reaches_the_targets() -> None:
    """`lucide.py verifier-eval` prints precision and recall on tests/data/offres.yml."""
    result = lucide("verifier-eval")
    assert result.returncode == 0, result.stderr
    overall = next(line for line in result.stdout.splitlines() if line.startswith("ensemble"))
    (tp, raised), (tp_again, expected) = [map(int, f.split("/")) for f in re.findall(r"\((\d+/\d+)\)", overall)]
    assert tp == tp_again and tp / raised >= 0.8 and tp / expected >= 0.8, overall  # exact, not rounded


def test_evaluation_set_is_labelled_with_known_entities() -> None:
    kb, _ = _kb_and_cues()
    offers = yaml.safe_load((ROOT / "tests" / "data" / "offres.yml").read_text("utf-8"))["offres"]
    assert (
        len([o for o in offers if o.get("attendus")]) >= 20 and len([o for o in offers if not o.get("attendus")]) >= 5
    )
    for offer in offers:
        for slug in [*(offer.get("attendus") or []), *(offer.get("exclus") or [])]:
            assert slug in kb.entities, (offer["id"], slug)


def test_rules_have_no_cues(tmp_path: Path) -> None:
    rule = "---\ntitle: Une règle\nsummary: Un résumé.\nnumber: 1\ncues: ['{somme}']\n---\n"
    make_site(tmp_path, {"docs/regles/une-regle.md": rule})
    result = lucide("check", "--docs", str(tmp_path / "docs"))
    problems = [line for line in result.stdout.splitlines() if "une-regle.md" in line]
    assert len(problems) == 1 and "une-regle.md:5: clé inconnue « cues »" in problems[0]
