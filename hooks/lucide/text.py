"""Small text helpers shared by the stages: accent folding and French slugs."""

from __future__ import annotations

import html
import re
import unicodedata

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]+`", re.M | re.S)


def mask_code(markdown: str) -> str:
    """``markdown`` with code blocks and spans blanked out, same length and lines: what Markdown will read."""
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), markdown)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents: ``Économie`` -> ``economie``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("œ", "oe").replace("æ", "ae")  # casefold first: Œ too


_LEADING = re.compile(r"^[\W_]+")


def collation_key(text: str) -> tuple[str, str, str, str]:
    """Sort key for French lists: ``Être`` with E, ``Œuvre`` as ``oeuvre``; then accents, then case.

    A fold-based stand-in for ICU's French collation (PyICU has no wheel here): letters first with
    accents and case ignored, leading quotes and brackets skipped; ties broken by accents (unaccented
    first), then case (lower case first), then the text itself so the order is total.
    """
    core = _LEADING.sub("", text) or text
    return (fold(core), unicodedata.normalize("NFD", core.casefold()), core.swapcase(), text)


def slugify(text: str, max_words: int = 0, max_length: int = 60) -> str:
    """A readable ASCII slug: ``Règle n°1 : l'intimité`` -> ``regle-n-1-l-intimite``."""
    words = [w for w in _NON_SLUG.split(fold(text)) if w]
    if max_words:
        words = words[:max_words]
    slug = "-".join(words)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def is_slug(name: str) -> bool:
    """True when ``name`` is already a slug (what file names and ids must be)."""
    return bool(name) and slugify(name, max_length=len(name)) == name


_SCRIPTS = {"LATIN": "latin", "CYRILLIC": "cyrillique", "GREEK": "grec"}


def mixed_scripts(text: str) -> str:
    """``"latin et cyrillique"`` when one word mixes alphabets (a look-alike letter), else ``""``."""
    for word in re.findall(r"[^\W\d_]+", text):
        found = sorted({_SCRIPTS.get(unicodedata.name(c, "").split(" ")[0], "") for c in word} - {""})
        if len(found) > 1:
            return " et ".join(found)
    return ""


def title_key(text: str) -> str:
    """What makes two titles the same to a reader: case, accents, spacing and invisible characters aside."""
    visible = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    return " ".join(fold(visible).split())


_ESCAPED = re.compile(r"\\(.)")


def reader_text(markdown: str) -> str:
    """An imported passage as a reader sees it: Markdown escapes and HTML entities undone."""
    return html.unescape(_ESCAPED.sub(r"\1", markdown))


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> int:
    """How many words a reader counts in ``text`` (Markdown escapes aside)."""
    return len(_WORD.findall(reader_text(text)))
