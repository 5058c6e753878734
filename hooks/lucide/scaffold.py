"""New content files with the right front matter and a commented template, from the types table."""

from __future__ import annotations

import yaml

from .model import KnowledgeBase
from .text import slugify

__all__ = ["KINDS", "TERM_KIND", "slugify", "template"]
from .types import ENTITY_BY_NAME, GLOSSARY_FOLDER, TERM_FIELDS, Field

TERM_KIND = "terme"
KINDS = (*ENTITY_BY_NAME, TERM_KIND)


def _value(field: Field, title: str, kb: KnowledgeBase) -> object:
    if field.name in ("title", "term"):
        return title
    if field.name == "number":  # the next free number in the collection
        used = [e.fields.get("number", 0) for e in kb.entities.values() if "number" in e.fields]
        return max(used, default=0) + 1
    return [] if field.type == "list" else ""


def _line(field: Field, title: str, kb: KnowledgeBase) -> str:
    value = yaml.safe_dump({field.name: _value(field, title, kb)}, allow_unicode=True, width=1000).strip()
    need = "obligatoire" if field.required else "facultatif"
    return f"# {field.help[0].upper()}{field.help[1:]} ({need}).\n{value}\n"


def template(kind: str, title: str, kb: KnowledgeBase) -> tuple[str, str]:
    """(path relative to docs/, content) of a new ``kind`` page titled ``title``."""
    if kind == TERM_KIND:
        folder, fields, notes = GLOSSARY_FOLDER, TERM_FIELDS, "Compléments sur le terme (facultatif)"
    else:
        etype = ENTITY_BY_NAME[kind]
        folder, fields, notes = etype.folder, etype.fields, "Notes de la rédaction (facultatif)"
    body = "".join(_line(f, title, kb) for f in fields)
    hint = f"<!-- {notes} : écrivez ici en Markdown, sous l'en-tête. -->\n"
    return f"{folder}/{slugify(title)}.md", f"---\n{body}---\n\n{hint}"
