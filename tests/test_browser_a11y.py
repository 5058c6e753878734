"""Accessibility in the browser, in the states a reader meets: light and dark mode, a phone, a tooltip
open, a passage reached from a "source" link; keyboard focus, the skip link, tooltips that can be
hovered, and a 404 page that leads somewhere. Debian's chromium, the real site served on loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
SCHEMES = ["light", "dark"]
PASSAGE = "articles/entrepreneuriat-fast-food/#le-mythe-il-est-facile-de"


@pytest.fixture(params=SCHEMES)
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A desktop page in light, then in dark mode (the palette follows the system setting)."""
    context = browser.new_context(**DESKTOP, locale="fr-FR", color_scheme=request.param)
    yield context.new_page()
    context.close()


def serious(page: Page) -> list[tuple[str, str, list]]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


# -- colour arithmetic (WCAG 2.2 relative luminance) ----------------------------------------------------

RGBA = re.compile(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)")
Colour = tuple[float, float, float, float]


def parse(css: str) -> Colour:
    m = RGBA.match(css)
    assert m, css
    r, g, b, a = m.groups()
    return (float(r), float(g), float(b), float(a) if a is not None else 1.0)


def over(top: Colour, below: Colour) -> Colour:
    a = top[3]
    return (*(top[i] * a + below[i] * (1 - a) for i in range(3)), 1.0)  # type: ignore[return-value]


def luminance(c: Colour) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])


def contrast(a: Colour, b: Colour) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# Backgrounds from the element's parent up to the root: what shows around an outline drawn outside the box.
BACKGROUNDS = """e => { const out = []; for (let n = e.parentElement; n; n = n.parentElement)
  out.push(getComputedStyle(n).backgroundColor); return out; }"""


def backdrop(page: Page, selector: str = ":focus", own: bool = False) -> Colour:
    layers = page.eval_on_selector(selector, BACKGROUNDS)
    if own:
        layers = [page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor"), *layers]
    colour: Colour = (255, 255, 255, 1.0)  # the canvas
    for layer in reversed(layers):
        colour = over(parse(layer), colour)
    return colour


def focus_ring(page: Page) -> tuple[float, float]:
    """(width in px, contrast against the backdrop) of the focused element's outline."""
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    width = float(style[1].removesuffix("px")) if style[0] != "none" else 0.0
    ring = over(parse(style[2]), backdrop(page))
    return width, contrast(ring, backdrop(page))


def tab_to(page: Page, predicate: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"no focusable element matched {predicate}")


# -- axe in every state ---------------------------------------------------------------------------------

PAGES = {
    "home": "",
    "myth": "mythes/argent-facile/",
    "rule": "regles/intimite-a-grande-echelle/",
    "signs": "signaux/",
    "article": "articles/passion-economy/",
    "articles": "articles/",
    "glossary": "glossaire/",
    "term": "glossaire/cpf/",
    "guide": "contribuer/",
    "404": "404.html",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_light_and_dark(page: Page, served: str, path: str) -> None:
    page.goto(served + path, wait_until="networkidle")
    assert serious(page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", ["", "mythes/argent-facile/", "articles/passion-economy/", "glossaire/", "404.html"])
def test_axe_on_a_phone(browser: Browser, served: str, path: str, scheme: str) -> None:
    context = browser.new_context(**PHONE, locale="fr-FR", color_scheme=scheme)
    phone = context.new_page()
    phone.goto(served + path, wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious(phone) == []
    context.close()


def test_axe_with_a_tooltip_open(page: Page, served: str) -> None:
    page.goto(served + "articles/passion-economy/", wait_until="networkidle")
    term = page.locator(".lucide-terme").first
    term.locator("a").hover()
    assert term.locator(".lucide-bulle").is_visible()
    assert serious(page) == []


def test_axe_with_a_passage_targeted(page: Page, served: str) -> None:
    page.goto(served + PASSAGE, wait_until="networkidle")
    assert serious(page) == []


# -- keyboard focus -------------------------------------------------------------------------------------

FOCUS_MIN = 3.0  # WCAG 1.4.11: a focus indicator against what is next to it


@pytest.mark.parametrize(
    ("path", "box"),
    [
        ("mythes/", "#lucide-q-entete"),  # the header search box, on the purple header
        ("recherche/", "#lucide-q"),  # the search page's box
        ("", "#lucide-q-accueil"),  # the home page's box
        ("404.html", "#lucide-q-404"),
    ],
)
def test_search_boxes_show_their_focus(page: Page, served: str, path: str, box: str) -> None:
    page.goto(served + path)
    tab_to(page, f"e.matches('{box}')")
    width, ratio = focus_ring(page)
    assert width >= 2 and ratio >= FOCUS_MIN, (box, width, round(ratio, 2))


@pytest.mark.parametrize(
    ("what", "predicate"),
    [
        ("link in the text", "e.matches('.md-content a') && !e.closest('.lucide-terme')"),
        ("glossary term", "e.matches('.lucide-terme > a')"),
        ("navigation link", "e.matches('.md-sidebar--primary a')"),
        ("header tab", "e.matches('.md-tabs a')"),
        ("skip link", "e.matches('.md-skip')"),
    ],
)
def test_links_show_their_focus(page: Page, served: str, what: str, predicate: str) -> None:
    # entity pages are out of the navigation (their collection lists them): the guide has a sidebar
    page.goto(served + ("contribuer/fiche/" if "sidebar" in predicate else "mythes/argent-facile/"))
    tab_to(page, predicate)
    width, ratio = focus_ring(page)
    assert width >= 2 and ratio >= FOCUS_MIN, (what, width, round(ratio, 2))


@pytest.mark.parametrize("path", ["", "mythes/argent-facile/", "glossaire/", "glossaire/cpf/", "articles/"])
def test_skip_link_lands_on_the_title(page: Page, served: str, path: str) -> None:
    page.goto(served + path)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.md-skip')")
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")  # shown when focused
    page.keyboard.press("Enter")
    target = page.evaluate("location.hash")
    assert page.evaluate(f"document.getElementById({target[1:]!r}).tagName") == "H1"
    assert page.evaluate(f"document.getElementById({target[1:]!r}) === document.querySelector('article h1')")


# -- tooltips, hover colours, passages ------------------------------------------------------------------


def test_tooltip_stays_open_on_the_way_to_the_bubble(page: Page, served: str) -> None:
    page.goto(served + "articles/passion-economy/")
    term = page.locator(".lucide-terme").first
    link, bubble = term.locator("a"), term.locator(".lucide-bulle")
    link.scroll_into_view_if_needed()
    link.hover()
    start, end = link.bounding_box(), bubble.bounding_box()
    assert start and end and end["y"] > start["y"] + start["height"]  # below the term, across a gap
    x = start["x"] + min(start["width"], end["width"]) / 2
    for i in range(11):  # straight down from the middle of the term to the middle of the bubble
        y = (
            start["y"]
            + start["height"] / 2
            + (end["y"] + end["height"] / 2 - start["y"] - start["height"] / 2) * i / 10
        )
        page.mouse.move(x, y)
        assert bubble.is_visible(), f"closed at step {i}, y={y:.0f}"
    page.mouse.move(0, 0)
    assert not bubble.is_visible()


def test_hovered_and_focused_terms_keep_their_contrast(page: Page, served: str) -> None:
    page.goto(served + "articles/passion-economy/")
    link = page.locator(".lucide-terme > a").first
    link.hover()
    colour = parse(link.evaluate("e => getComputedStyle(e).color"))
    selector = ".lucide-terme > a:hover"
    assert contrast(colour, backdrop(page, selector, own=True)) >= 4.5
    page.mouse.move(0, 0)
    tab_to(page, "e.matches('.lucide-terme > a')")
    colour = parse(page.evaluate("getComputedStyle(document.activeElement).color"))
    assert contrast(colour, backdrop(page, ":focus", own=True)) >= 4.5


def test_a_targeted_passage_is_highlighted_below_the_header(page: Page, served: str) -> None:
    page.goto(served + PASSAGE)
    passage = page.locator("#le-mythe-il-est-facile-de")
    background = parse(passage.evaluate("e => getComputedStyle(e).backgroundColor"))
    assert background[3] > 0, "the passage is not highlighted"
    text = parse(passage.evaluate("e => getComputedStyle(e).color"))
    assert (
        contrast(
            over(text, backdrop(page, "#le-mythe-il-est-facile-de", own=True)), over(background, (255, 255, 255, 1))
        )
        >= 4.5
    )
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    top = passage.evaluate("e => e.getBoundingClientRect().top")
    assert top >= header_bottom + 16, (top, header_bottom)  # clear of the header, with room for the line above


def test_links_in_text_are_underlined_in_dark_mode(browser: Browser, served: str) -> None:
    context = browser.new_context(**DESKTOP, color_scheme="dark")
    dark = context.new_page()
    for path in ("glossaire/", "signaux/"):
        dark.goto(served + path)
        decorations = dark.eval_on_selector_all(
            ".md-content li a, .md-content p a", "els => els.map(e => getComputedStyle(e).textDecorationLine)"
        )
        assert decorations and all("underline" in d for d in decorations), path
    context.close()


def test_navigation_labels_exist(page: Page, served: str) -> None:
    for path in ("articles/", "glossaire/", "mythes/", "regles/intimite-a-grande-echelle/"):
        page.goto(served + path)
        missing = page.evaluate(
            "[...document.querySelectorAll('[aria-labelledby]')]"
            ".flatMap(e => e.getAttribute('aria-labelledby').split(' '))"
            ".filter(id => !document.getElementById(id))"
        )
        assert missing == [], path


# -- no dead ends ---------------------------------------------------------------------------------------

COLLECTIONS = {"Mythes": "/mythes/", "Règles": "/regles/", "Signaux d’alerte": "/signaux/", "Glossaire": "/glossaire/"}


def test_404_page_is_french_and_leads_on(page: Page, served: str) -> None:
    page.goto(served + "404.html")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("article h1").text_content() == "Page introuvable"
    content = page.locator("article")
    for name, href in {**COLLECTIONS, "Articles": "/articles/"}.items():
        assert content.get_by_role("link", name=name, exact=True).get_attribute("href") == href
    assert "Not found" not in page.content()
    page.fill("#lucide-q-404", "intimite")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=intimite")
    page.locator("#resultats li").first.wait_for()


def test_footer_is_french(page: Page, served: str) -> None:
    page.goto(served)
    footer = page.locator(".md-copyright").inner_text()
    assert "Made with" not in footer and "Site construit avec" in footer and "rédaction de Lucide" in footer


def test_home_offers_search_and_a_first_reading_path(page: Page, served: str) -> None:
    page.goto(served)
    assert not page.locator(".md-sidebar--primary").is_visible()  # no empty left column
    links = page.locator(".lucide-parcours a")
    assert links.count() >= 5
    for href in links.evaluate_all("els => els.map(e => e.href)"):
        assert page.request.get(href).status == 200, href
    page.fill("#lucide-q-accueil", "regle intimite")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=regle+intimite")
    page.locator("#resultats li").first.wait_for()
