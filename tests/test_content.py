"""The published knowledge base itself: the content floor holds in the built site's kb.json."""

from __future__ import annotations

import json
import re

from conftest import Built


def kb(site: Built) -> dict:
    return json.loads((site.site / "kb.json").read_text(encoding="utf-8"))


def of_type(data: dict, kind: str) -> list[dict]:
    return [e for e in data["entities"] if e["type"] == kind]


def test_content_floor(real_site: Built) -> None:
    data = kb(real_site)
    assert len(data["articles"]) >= 5
    assert len(of_type(data, "myth")) >= 6
    assert len(of_type(data, "sign")) >= 12
    rules = of_type(data, "rule")
    assert [r["number"] for r in rules] == list(range(1, 9))


def test_every_myth_has_its_reality(real_site: Built) -> None:
    for myth in of_type(kb(real_site), "myth"):
        assert myth["reality"].strip()
        assert '<h2 id="la-realite">La réalité' in real_site.page(myth["url"])


def test_every_article_is_the_source_of_an_entity(real_site: Built) -> None:
    data = kb(real_site)
    cited = {s["article"] for e in data["entities"] for s in e["sources"]}
    assert cited == {a["id"] for a in data["articles"]}


def text(html: str) -> str:
    """What a reader reads: tags and glossary bubbles removed."""
    html = re.sub(r'<span class="lucide-bulle".*?</span>', "", html, flags=re.S)
    html = re.sub(r'<a class="headerlink".*?</a>', "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html).strip()


def test_every_quote_is_the_exact_text_of_its_passage(real_site: Built) -> None:
    for entity in kb(real_site)["entities"]:
        page = real_site.page(entity["url"])
        quotes = re.findall(r"<blockquote>\s*<p>(.*?)</p>\s*</blockquote>", page, re.S)
        assert len(quotes) == len(entity["sources"])
        for quote, source in zip(quotes, entity["sources"], strict=True):
            article_url, anchor = source["url"].split("#")
            article = real_site.page(article_url)
            passage = re.search(
                rf'<(p|li|h\d) id="{anchor}">(.*?)(<p class="lucide-renvois"|<span class="lucide-renvois|</\1>)',
                article,
                re.S,
            )
            assert passage, f"{entity['id']}: #{anchor} missing"
            assert text(passage.group(2)) == text(quote)


def test_myths_signs_and_rules_are_linked_into_chains(real_site: Built) -> None:
    """A myth ↔ the warning signs that exploit it ↔ the rule that answers it, readable both ways."""
    data = kb(real_site)
    by_id = {e["id"]: e for e in data["entities"]}
    for entity in data["entities"]:
        for other in entity["related"]:
            assert entity["id"] in by_id[other]["related"]
    chains = [
        (myth["id"], sign, rule)
        for myth in of_type(data, "myth")
        for sign in myth["related"]
        if by_id[sign]["type"] == "sign"
        for rule in myth["related"] + by_id[sign]["related"]
        if by_id[rule]["type"] == "rule"
    ]
    assert len({c[0] for c in chains}) >= 3, chains
