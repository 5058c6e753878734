"""The offer checker in the browser: the shared case table through verifier.js, and /verifier/ as a reader uses it,
against the real site served on loopback in Debian's chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

import cue_eval
from conftest import ROOT
from lucide import cues
from test_cues import CASES, run_case

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
SCRIPT = ROOT / "docs" / "assets" / "verifier.js"
JS_CASE = """([data, text]) => {
  const hits = new LucideVerifier.Matcher(data).scan(text);
  const slices = (neg) => [...new Set(hits.filter(h => h.negated === neg).map(h => text.slice(h.start, h.end)))];
  return [slices(false), slices(true)];
}"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def blank(browser: Browser) -> Iterator[Page]:
    """A blank page with only verifier.js: the matcher without the site."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><meta charset='utf-8'><title>cas</title>")
    page.add_script_tag(content=SCRIPT.read_text("utf-8"))
    yield page
    context.close()


def test_shared_cases_give_the_same_passages_in_the_browser(blank: Page) -> None:
    """tests/data/cues-cas.yml, case by case: verifier.js finds what cues.py finds, and what the table says."""
    differences = []
    for case in CASES:
        data = cues.compile_data(cues.KnowledgeBase(), [cues.compile_cue(c, "cas") for c in case["indices"]])
        found, negated = blank.evaluate(JS_CASE, [data, case["texte"]])
        expected = (case["trouve"], case.get("ecarte", []))
        if (found, negated) != expected or run_case(case) != expected:
            differences.append((case["texte"], found, negated))
    assert differences == []


def check(page: Page, text: str) -> list[str]:
    """Paste ``text`` into #offre and return the linked findings, in order, as entity paths."""
    page.fill("#offre", text)
    page.wait_for_selector("#constats[data-pret]", state="attached")
    hrefs = page.eval_on_selector_all("#constats .lucide-constat > a", "els => els.map(e => e.pathname)")
    return [h.strip("/") for h in hrefs]


def test_page_gives_the_python_findings_on_the_whole_evaluation_set(page: Page, served: str) -> None:
    kb, matcher = cue_eval.matcher(ROOT)
    page.goto(served + "verifier/")
    page.wait_for_function("document.getElementById('verifier-etat').textContent.startsWith('Collez')")
    differences = []
    for case in cue_eval.cases(ROOT):
        expected = [kb.entities[f.entity].url.strip("/") for f in matcher.findings(case["texte"])]
        got = check(page, case["texte"])
        if got != expected:
            differences.append((case["id"], got, expected))
    assert differences == []


def test_a_finding_links_the_entity_and_highlights_the_words(page: Page, served: str) -> None:
    page.goto(served + "verifier/")
    check(page, "Rejoins-nous : tu vas générer six chiffres en 90 jours grâce à ma méthode secrète.")
    first = page.locator("#constats .lucide-constat").first
    assert first.locator("a").text_content().startswith("Mythe")
    assert [m.text_content() for m in first.locator("mark").all()] == ["six chiffres", "en 90 jours"]
    first.locator("a").click()
    page.wait_for_url(served + "mythes/six-chiffres-en-90-jours/")


def test_nothing_found_says_so_honestly_and_lists_questions(page: Page, served: str) -> None:
    page.goto(served + "verifier/")
    check(page, "La boulangerie est ouverte du mardi au dimanche.")
    box = page.locator("#constats .lucide-rien")
    assert "ne veut pas dire que l'offre est sûre" in box.text_content()
    assert box.locator("li a").count() >= 5  # the questions, each with its sign or rule
    assert page.locator("#verifier-etat").text_content() == "Rien de repéré dans ce texte."


def test_a_negated_cue_is_set_aside_and_shown_as_such(page: Page, served: str) -> None:
    page.goto(served + "verifier/")
    assert check(page, "Ce programme ne promet pas six chiffres en 90 jours.") == []
    aside = page.locator("#constats details.lucide-ecartes")
    assert "une négation les précède" in aside.locator("summary").text_content()


def test_share_link_carries_the_text_only_when_asked(page: Page, served: str) -> None:
    page.goto(served + "verifier/")
    secret = "Ma méthode secrète, sans risque"
    check(page, secret)
    link = page.input_value("#verifier-lien")
    assert "constats=" in link and "texte" not in link and "secr" not in link
    page.check("#verifier-avec-texte")
    with_text = page.input_value("#verifier-lien")
    assert "#" in with_text and "texte=" in with_text.split("#", 1)[1]
    page.goto(served)
    page.goto(link)  # the findings alone, without the text
    page.locator("#constats .lucide-constat").first.wait_for()
    assert page.input_value("#offre") == ""
    assert page.locator("#constats .lucide-constat").count() == 2
    page.goto(served)
    page.goto(with_text)  # the text comes back only from the fragment the reader chose to share
    page.wait_for_selector("#constats[data-pret]", state="attached")
    assert page.input_value("#offre") == secret


def test_nothing_is_sent_and_it_works_offline(browser: Browser, served: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served + "verifier/", wait_until="networkidle")
    assert {urlparse(u).netloc for u in requests} == {urlparse(served).netloc}
    loaded = len(requests)
    context.set_offline(True)
    assert check(page, "Zéro risque : l'argent tombe tout seul, méthode secrète.")  # still works offline
    assert len(requests) == loaded  # typing sent nothing, not even to the site
    context.close()


def test_keyboard_alone(page: Page, served: str) -> None:
    page.goto(served + "verifier/")
    page.wait_for_function("document.getElementById('verifier-etat').textContent.startsWith('Collez')")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "offre":
            break
    page.keyboard.type("Une méthode secrète, sans risque.")
    page.wait_for_selector("#constats[data-pret]", state="attached")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#constats') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/signaux/**")


def test_reads_well_on_a_phone(browser: Browser, served: str) -> None:
    context = browser.new_context(**PHONE, locale="fr-FR")
    phone = context.new_page()
    phone.goto(served + "verifier/")
    check(phone, "Tu rêves de 10k€ par mois ? " * 40)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("#offre").bounding_box()
    assert box and box["width"] > 300
    context.close()


@pytest.mark.parametrize("text", ["", "Méthode secrète, sans risque, six chiffres en 90 jours.", "Bonjour."])
def test_no_serious_accessibility_violation(page: Page, served: str, text: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(served + "verifier/", wait_until="networkidle")
    if text:
        check(page, text)
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


PIECES = (
    "six", "6", "chiffres", "en", "90", "jours", "quatre", "vingt", "dix", "et", "un", "mille", "cent", "10", "000",
    "k", "€", "$", "euros", "d'", "de", "des", "dès", "l'", "l’", "argent", "sans", "risque", "pas", "à", "aucun",
    "méthode", "secrète", "places", "limitées", "gagnez", "gagné", "par", "mois", "1,5", "million", "10.000", "N'",
    "importe", "qui", "ŒUVRE", "Élèves", "ça", "ne", "que", "mais", ",", ".", ":", "?", "…", "-", "\n", "\n\n",
)  # fmt: skip
SEPARATORS = (" ", " ", " ", "", "\u00a0", "\u202f", "-", "'")


def random_texts(count: int, cue_texts: list[str], seed: int = 14) -> list[str]:
    """Deterministic French-looking noise built from the pieces the rules care about, with real cues spliced in."""
    import random

    rng = random.Random(seed)
    amounts = ("10 000 €", "10k€", "5.000 euros", "$1,500", "trois mille euros", "12", "quatre-vingt-dix", "1,5")

    def piece() -> str:
        if rng.random() < 0.15:
            cue = rng.choice(cue_texts).replace("…", rng.choice(("", "vraiment", "très vite")))
            return cue.replace("{nombre}", rng.choice(amounts[4:])).replace("{argent}", rng.choice(amounts[:5]))
        return rng.choice(PIECES)

    return ["".join(piece() + rng.choice(SEPARATORS) for _ in range(rng.randint(3, 40))) for _ in range(count)]


JS_TOKENS = """([data, texts]) => {
  const m = new LucideVerifier.Matcher(data);
  return texts.map((text) => [
    m.tokenize(text).tokens.map(t => [t.start, t.end, t.word, t.value, t.money, t.skip]),
    m.scan(text).map(h => [h.start, h.end, h.cue.text, h.negated]),
  ]);
}"""


def test_python_and_browser_agree_on_random_text(blank: Page) -> None:
    """Beyond the table: 400 noisy texts, every token and every hit of the real cues, identical on both sides."""
    kb, _ = cue_eval.matcher(ROOT)
    data = cues.compile_data(kb)
    matcher = cues.CueMatcher(cues.entity_cues(kb))
    texts = random_texts(400, [c.text for c in matcher.cues])
    browser_side = blank.evaluate(JS_TOKENS, [data, texts])
    differences = []
    for text, (tokens, hits) in zip(texts, browser_side, strict=True):
        _, py_tokens = cues.tokenize(text)
        expected_tokens = [[t.start, t.end, t.word, t.value, t.money, t.skip] for t in py_tokens]
        expected_hits = [[h.start, h.end, h.cue.text, h.negated] for h in matcher.scan(text)]
        if tokens != expected_tokens or hits != expected_hits:
            differences.append(text)
    assert differences == []
