"""Contributor HTML through an allowlist sanitiser (nh3, Python bindings of Rust's Ammonia).

Two uses, one allowlist:

- ``clean`` runs on every page's rendered HTML before it is published: whatever a contributor
  wrote (body, front-matter field, tooltip, generated page), only these tags, attributes and URL
  schemes reach a reader's browser.
- ``Checker`` renders contributor text the way the site does and reports what ``clean`` would
  remove, with file and line, so ``check`` and the build say it instead of dropping it silently.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import nh3

from .errors import ContentError

# What Python-Markdown and Lucide's renderer produce; nothing that runs or loads a document.
TAGS = frozenset(nh3.ALLOWED_TAGS - {"area", "map", "center", "strike", "tt", "acronym"} | {"section", "aside"})
_GLOBAL = {"id", "class", "title", "lang", "dir", "role", "hidden"} | {
    f"aria-{name}" for name in ("describedby", "label", "labelledby", "hidden", "live", "controls", "expanded")
}
_PAGEFIND = {"data-pagefind-body", "data-pagefind-ignore", "data-pagefind-weight", "data-pagefind-filter"}
ATTRIBUTES = {
    "*": _GLOBAL | _PAGEFIND,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "time": {"datetime"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
}
# The site's own interface pages (home, search, offer checker) may also hold a form; still nothing that runs.
INTERFACE_PAGES = frozenset({"index.md", "recherche.md", "verifier.md"})
FORM_ATTRIBUTES = {
    "form": {"action", "method"},
    "label": {"for"},
    "input": {
        "name",
        "type",
        "value",
        "placeholder",
        "autocomplete",
        "enterkeyhint",
        "inputmode",
        "spellcheck",
        "readonly",
    },
    "textarea": {"name", "rows", "cols", "placeholder", "spellcheck", "maxlength", "autocomplete"},
    "button": {"type", "disabled"},
    "select": {"name"},
    "option": {"value", "selected"},
    "fieldset": set(),
    "legend": set(),
    "output": {"for"},
    "noscript": set(),
    "ol": {"tabindex"},  # the results list takes the focus after a search
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # relative URLs are kept as they are
STYLE_PROPERTIES = frozenset({"text-align"})  # what Markdown tables write


def _cleaner(interface: bool) -> nh3.Cleaner:
    extra = FORM_ATTRIBUTES if interface else {}
    attributes = {k: set(v) | extra.get(k, set()) for k, v in ATTRIBUTES.items()}
    attributes.update({k: set(v) for k, v in extra.items() if k not in attributes})
    return nh3.Cleaner(
        tags=set(TAGS) | set(extra),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,  # no target=_blank is allowed, so no rel is needed; keeps the HTML stable
        strip_comments=False,  # Lucide's own markers are comments; a comment never runs
    )


_CLEANERS = {False: _cleaner(False), True: _cleaner(True)}  # configured once, not on every page


def clean(fragment: str, interface: bool = False) -> str:
    """``fragment`` with everything outside the allowlist removed (its text is kept, scripts' is not).

    ``interface``: the page is one of ``INTERFACE_PAGES``, whose forms are kept.
    """
    return _CLEANERS[interface].clean(fragment)


class _Inventory(HTMLParser):
    """Every tag and attribute of a fragment, as the browser would decode them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append((tag, "", ""))
        # nh3 rewrites "text-align: left;" as "text-align:left": the same style
        self.items += [(tag, name, _normal(name, value or "")) for name, value in attrs]

    handle_startendtag = handle_starttag


def _normal(name: str, value: str) -> str:
    return value.replace(" ", "").rstrip(";") if name == "style" else value


def _inventory(fragment: str) -> list[tuple[str, str, str]]:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser.items


def removed(fragment: str, ignored: frozenset[str] = frozenset(), interface: bool = False) -> list[str]:
    """What ``clean`` takes out of ``fragment``, described for a contributor, in order of appearance.

    ``ignored``: attributes that Lucide itself removes before publishing (passage annotations).
    """
    kept = set(_inventory(clean(fragment, interface)))
    found: list[str] = []
    for tag, name, value in _inventory(fragment):
        if (tag, name, value) in kept or name in ignored:
            continue
        if not name:
            what = f"balise <{tag}>"
        elif name in ("href", "src", "cite") and value:
            what = f"adresse « {_short(value)} » dans <{tag}>"
        else:
            what = f"attribut {name} de <{tag}>"
        if what not in found:
            found.append(what)
    return found


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Cheap test for text that may hold HTML, a link or attributes; everything else renders harmless.
_SUSPECT = re.compile(r"[<&]|\]\s*[(:]|\{[^}\n]*=|\{:?\s*on", re.I)
FIX = "retirez ce HTML ou cet attribut ; pour montrer du code, mettez-le entre `accents graves`"
# The extensions of mkdocs.yml (and MkDocs) that turn contributor text into HTML; the check renders the same way.
EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "fenced_code")  # MkDocs adds the last two


class Checker:
    """Renders contributor text as the site does and reports what the sanitiser would remove."""

    def __init__(self, ignored: frozenset[str] = frozenset()) -> None:
        self.md = markdown.Markdown(extensions=list(EXTENSIONS))
        self.ignored = ignored

    def html_of(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)

    def field(self, value: str, path: str, line: int) -> list[ContentError]:
        """A front-matter text, rendered as Lucide renders it: HTML escaped, Markdown kept."""
        if not _SUSPECT.search(value):
            return []
        return self._errors(self.html_of(html.escape(value, quote=False)), path, line)

    def body(self, text: str, path: str, first_line: int, interface: bool = False) -> list[ContentError]:
        """A Markdown body, block by block so each problem gets the line of its block."""
        errors: list[ContentError] = []
        if not _SUSPECT.search(text):  # nothing in any block either (the pattern has no anchors)
            return errors
        for start, block in _blocks(text):
            if _SUSPECT.search(block):
                for error in self._errors(self.html_of(block), path, first_line + start, interface):
                    errors.append(_at_line(error, block, start + first_line))
        return errors

    def _errors(self, rendered: str, path: str, line: int, interface: bool = False) -> list[ContentError]:
        found = removed(rendered, self.ignored, interface)
        return [ContentError(path, line, f"HTML retiré à la publication : {what}", FIX) for what in found]


def _blocks(text: str) -> list[tuple[int, str]]:
    """(first line offset, text) of each blank-line separated block; fenced code stays one block."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start, fence = 0, ""
    for i, line in enumerate(text.split("\n")):
        marker = line.lstrip()[:3]
        if marker in ("```", "~~~"):
            fence = "" if fence == marker else fence or marker
        if not line.strip() and not fence:
            if current:
                blocks.append((start, "\n".join(current)))
            current, start = [], i + 1
            continue
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _at_line(error: ContentError, block: str, first: int) -> ContentError:
    """Point at the block's line that holds what was removed (the attribute or tag name)."""
    what = error.message.rsplit(" : ", 1)[-1]
    needle = what.split()[1].strip("<>«»") if " " in what else ""
    for offset, line in enumerate(block.split("\n")):
        if needle and needle.lower() in html.unescape(line).lower():
            return ContentError(error.path, first + offset, error.message, error.fix)
    return error
