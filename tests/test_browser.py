"""What only a browser shows: the reader's journey, tooltips, dark mode, phone navigation, search,
privacy and accessibility — in Debian's chromium, against the built site served on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

import search_eval
from conftest import ROOT

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE, locale="fr-FR")
    yield context.new_page()
    context.close()


def test_home_to_myth_to_source_passage_and_back(page, served: str) -> None:
    page.goto(served)
    page.get_by_role("link", name="Mythes", exact=True).first.click()
    page.locator("article").get_by_role("link", name="Il est facile de gagner de l’argent en ligne").click()
    assert page.url == served + "mythes/argent-facile/"
    page.locator(".lucide-source a").first.click()
    assert page.url == served + "articles/entrepreneuriat-fast-food/#le-mythe-il-est-facile-de"
    passage = page.locator("#le-mythe-il-est-facile-de")
    assert passage.is_visible() and passage.evaluate("e => e.getBoundingClientRect().top < innerHeight")
    assert page.locator(".lucide-renvois a", has_text="Il est facile de gagner").first.is_visible()
    page.go_back()
    assert page.url == served + "mythes/argent-facile/"


def test_tooltip_on_hover_and_keyboard_focus(page, served: str) -> None:
    page.goto(served + "articles/passion-economy/")
    term = page.locator(".lucide-terme").first
    bubble = term.locator(".lucide-bulle")
    assert not bubble.is_visible()
    term.locator("a").hover()
    assert bubble.is_visible() and bubble.text_content()
    page.mouse.move(0, 0)
    assert not bubble.is_visible()
    for _ in range(80):  # keyboard only: Tab until a glossary link has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.lucide-terme > a')"):
            break
    focused = page.locator(".lucide-terme:focus-within .lucide-bulle")
    assert focused.is_visible()
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert page.locator(f"#{described}").is_visible()
    page.keyboard.press("Escape")
    assert not focused.is_visible()


def test_tooltip_on_tap_then_follow_on_second_tap(phone, served: str) -> None:
    phone.goto(served + "articles/passion-economy/")
    link = phone.locator(".lucide-terme > a").first
    link.scroll_into_view_if_needed()
    link.tap()
    bubble = phone.locator(".lucide-terme").first.locator(".lucide-bulle")
    assert bubble.is_visible() and phone.url == served + "articles/passion-economy/"
    box = bubble.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # stays on the screen
    href = link.get_attribute("href")
    link.tap()
    phone.wait_for_url("**/glossaire/**")
    assert phone.url.endswith(href.lstrip("./"))


def test_dark_mode(page, served: str) -> None:
    page.goto(served)
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("label[title='Passer en mode sombre']").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.reload()  # the choice is remembered
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


def test_dark_mode_follows_the_system(browser, served: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(served)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    context.close()


def test_navigation_on_a_phone(phone, served: str) -> None:
    phone.goto(served)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.locator("label.md-header__button[for='__drawer']").click()
    drawer_link = phone.locator(".md-nav--primary a.md-nav__link", has_text="Signaux d’alerte").first
    drawer_link.click()
    phone.wait_for_url(served + "signaux/")
    assert phone.locator("h1").text_content() == "Signaux d’alerte"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("economie passion", "glossaire/economie-de-la-passion/"),
        ("infopreneuses", "glossaire/infopreneur/"),
        ("regle intimite", "regles/intimite-a-grande-echelle/"),
        ("formation CPF arnaque", "signaux/formations-cpf-saturees/"),
        ("l'arnaque", "glossaire/arnaque/"),
    ],
)
def test_search_page_puts_the_right_page_first(phone, served: str, query: str, first: str) -> None:
    phone.goto(served + "recherche/?q=" + query)
    results = phone.locator("#resultats li > a:first-child")
    results.first.wait_for()
    assert results.first.get_attribute("href") == "/" + first
    assert phone.locator("#resultats mark").count() > 0  # highlighted excerpts


def test_header_search_box_leads_to_the_results(page, served: str) -> None:
    page.goto(served + "mythes/")
    page.fill("#lucide-q-entete", "intimite")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=intimite")
    page.locator("#resultats li").first.wait_for()
    assert page.locator("#resultats li > a").first.get_attribute("href") == "/regles/intimite-a-grande-echelle/"
    assert page.input_value("#lucide-q") == "intimite"


PAGES = {
    "home": "",
    "myth": "mythes/argent-facile/",
    "rule": "regles/intimite-a-grande-echelle/",
    "article": "articles/passion-economy/",
    "glossary": "glossaire/",
    "term": "glossaire/lead-magnet/",
    "search": "recherche/?q=lead%20magnet",
    "guide": "contribuer/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_request_leaves_the_site(page, served: str, path: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(served + path, wait_until="networkidle")
    if "recherche" in path:
        page.locator("#resultats li").first.wait_for()
    assert hosts == {urlparse(served).netloc}


@pytest.mark.parametrize(
    "path",
    [
        "",
        "mythes/argent-facile/",
        "articles/passion-economy/",
        "glossaire/",
        "glossaire/cpf/",
        "recherche/?q=infopreneur",
    ],
)
def test_no_serious_accessibility_violation(page, served: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(served + path, wait_until="networkidle")
    if "recherche" in path:
        page.locator("#resultats li").first.wait_for()
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_search_quality_on_the_committed_queries(page: Page, served: str) -> None:
    """Recall@5, MRR, first-result accuracy and off-topic silence over tests/data/requetes.yml;
    `lucide.py search-eval` compares with Material. Before issue 12, on its first 38 queries: recall@5
    0.97, MRR 0.96; the same 38 now score 0.97 and 1.00. Recall has a little room here because the new
    queries may expect two pages (a term and a collection) where one answers the reader."""
    cases = search_eval.queries(ROOT)
    assert len(cases) >= 60 and sum(not c["attendu"] for c in cases) >= 8
    run = search_eval.lucide_runner(page, served)
    s = search_eval.score({c["q"]: run(c["q"]) for c in cases}, cases)
    assert s.first >= 0.9 and s.recall >= 0.95 and s.mrr >= 0.96 and s.offtopic >= 0.9, s


def test_keyboard_alone_search_and_open_a_result(page: Page, served: str) -> None:
    page.goto(served)
    for _ in range(30):  # Tab through the header until the search box has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "lucide-q-entete":
            break
    page.keyboard.type("regle intimite")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=regle+intimite")
    page.locator("#resultats li").first.wait_for()
    for _ in range(40):  # then Tab to the first result and open it with Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#resultats') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(served + "regles/intimite-a-grande-echelle/")
