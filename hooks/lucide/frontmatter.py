"""Front matter: split it from the body, parse it with line numbers, check it against a schema."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ContentError
from .types import Field

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: much faster


@dataclass
class Document:
    """A Markdown file split into front matter (with the line of each key) and body."""

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in the file
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    first_line: int = 1  # where to point when a key is missing (an annotation's own line)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def decode(raw: bytes, path: str) -> tuple[str, list[ContentError]]:
    """Decode a contributor file: UTF-8 only, BOM and CRLF tolerated and normalised."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        fix = "enregistrez le fichier en UTF-8 (menu « Enregistrer sous » de votre éditeur)"
        return "", [ContentError(path, line, "le fichier n'est pas en UTF-8", fix)]
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split(text: str, path: str) -> tuple[Document, list[ContentError]]:
    """Read ``---``-delimited YAML front matter at the top of ``text``."""
    doc = Document(path, body=text)
    if not text.strip():
        return doc, [ContentError(path, 1, "le fichier est vide", "ajoutez l'en-tête --- … --- et le texte")]
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return doc, []
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        fix = "ajoutez une ligne --- pour fermer l'en-tête"
        return doc, [ContentError(path, 1, "l'en-tête (front matter) n'est jamais fermé", fix)]
    doc.body = "\n".join(lines[end + 1 :])
    doc.body_line = end + 2
    errors = _parse_yaml(doc, "\n".join(lines[1:end]))
    return doc, errors


def _parse_yaml(doc: Document, source: str) -> list[ContentError]:
    loader = _Loader(source)
    try:
        node = loader.get_single_node()  # one parse gives both the values and their lines
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc)
        fix = "vérifiez les deux-points, l'indentation et mettez entre guillemets un texte qui contient « : »"
        return [ContentError(doc.path, line, f"en-tête YAML invalide : {problem}", fix)]
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        fix = "chaque ligne de l'en-tête doit avoir la forme « clé: valeur »"
        return [ContentError(doc.path, 2, "l'en-tête doit être une liste de clés", fix)]
    for key_node, value_node in node.value:
        key = str(key_node.value)
        doc.lines[key] = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):  # so errors can point at one list item
            for i, item in enumerate(value_node.value):
                doc.lines[f"{key}[{i}]"] = item.start_mark.line + 2
    doc.meta = {str(k): v for k, v in data.items()}
    return []


def validate(doc: Document, fields: tuple[Field, ...], what: str) -> list[ContentError]:
    """Check ``doc.meta`` against ``fields``: unknown keys, required keys, types and bounds."""
    errors = []
    known = {f.name: f for f in fields}
    for key in doc.meta:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"vouliez-vous dire « {close[0]} » ?" if close else ""
            allowed = ", ".join(known)
            fix = hint or f"clés possibles pour {what} : {allowed}"
            errors.append(ContentError(doc.path, doc.line_of(key), f"clé inconnue « {key} »", fix))
    for f in fields:
        value = doc.meta.get(f.name)
        if value is None or value == "" or value == []:
            if f.required and f.name in doc.lines:
                fix = f"écrivez {f.help} après « {f.name}: »"
                errors.append(ContentError(doc.path, doc.line_of(f.name), f"champ obligatoire « {f.name} » vide", fix))
            elif f.required:
                fix = f"ajoutez une ligne « {f.name}: … » dans l'en-tête ({f.help})"
                errors.append(ContentError(doc.path, doc.first_line, f"champ obligatoire « {f.name} » absent", fix))
            doc.meta.pop(f.name, None)
            continue
        problem = _type_problem(f, value)
        if problem:
            errors.append(ContentError(doc.path, doc.line_of(f.name), problem, f"attendu : {f.help}"))
            del doc.meta[f.name]  # reported; the rest of the build must not trip on it
        elif f.type == "text":
            doc.meta[f.name] = _as_text(value).strip()
    return errors


def _as_text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _type_problem(f: Field, value: Any) -> str:
    name = f"« {f.name} »"
    if f.type == "text":
        if isinstance(value, (dict, list, bool)):
            return f"{name} doit être un texte"
        if f.pattern and not re.fullmatch(f.pattern, _as_text(value)):
            return f"{name} a une forme inattendue : « {value} »"
        return ""
    if f.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{name} doit être un nombre entier, pas « {value} »"
        if (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
            return f"{name} doit être compris entre {f.minimum} et {f.maximum}, pas {value}"
        return ""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return f"{name} doit être une liste de textes, par exemple [a, b]"
    return ""
