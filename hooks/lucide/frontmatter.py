"""Front matter: split it from the body, parse it with line numbers, check it against a schema."""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

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
    """Check ``doc.meta`` against ``fields``: unknown keys, required keys, types, bounds and pairs.

    Valid values are normalised in place (texts stripped, dates as ``AAAA-MM-JJ`` strings); invalid
    ones are reported and removed, so the rest of the build never trips on them; absent keys with a
    default take it.
    """
    known = {f.name: f for f in fields}
    known.update({u.name: u for f in fields if (u := f.unknown) is not None})
    errors = _unknown_keys(doc, known, what)
    reported = set()
    for f in known.values():
        found = _check_value(doc, f)
        if found:
            reported.add(f.name)
        errors += found
    for f in fields:
        errors += _check_pair(doc, f, reported) + _check_conditions(doc, f)
    return errors


def _unknown_keys(doc: Document, known: dict[str, Field], what: str) -> list[ContentError]:
    errors = []
    for key in doc.meta:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"vouliez-vous dire « {close[0]} » ?" if close else ""
            fix = hint or f"clés possibles pour {what} : {', '.join(known)}"
            errors.append(ContentError(doc.path, doc.line_of(key), f"clé inconnue « {key} »", fix))
    return errors


def _check_value(doc: Document, f: Field) -> list[ContentError]:
    value = doc.meta.get(f.name)
    if _empty(value):
        errors = []
        if f.required and f.name in doc.lines:
            fix = f"écrivez {f.help} après « {f.name}: »"
            errors.append(ContentError(doc.path, doc.line_of(f.name), f"champ obligatoire « {f.name} » vide", fix))
        elif f.required:
            fix = f"ajoutez une ligne « {f.name}: … » dans l'en-tête ({f.help})"
            errors.append(ContentError(doc.path, doc.first_line, f"champ obligatoire « {f.name} » absent", fix))
        doc.meta.pop(f.name, None)
        if f.default is not None:
            doc.meta[f.name] = f.default
        return errors
    problem, fix = _type_problem(f, value)
    if problem:
        del doc.meta[f.name]  # reported; the rest of the build must not trip on it
        return [ContentError(doc.path, doc.line_of(f.name), problem, fix or f"attendu : {f.help}")]
    if f.type in ("text", "date", "url", "choice"):
        doc.meta[f.name] = _as_text(value).strip()
    return []


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _check_pair(doc: Document, f: Field, reported: set[str]) -> list[ContentError]:
    """Exactly one of ``author`` / ``author_unknown``: the value, or why it is unknown."""
    unknown = f.unknown
    if unknown is None:
        return []
    has_value, has_reason = f.name in doc.meta, unknown.name in doc.meta
    if has_value and has_reason:
        msg = f"« {f.name} » et « {unknown.name} » ne vont pas ensemble"
        fix = f"gardez « {f.name} » si vous le connaissez, sinon seulement « {unknown.name} » avec la raison"
        return [ContentError(doc.path, doc.line_of(unknown.name), msg, fix)]
    if not has_value and not has_reason and not {f.name, unknown.name} & reported:
        where = f.name if f.name in doc.lines else unknown.name
        msg = f"ni « {f.name} » ni « {unknown.name} » dans l'en-tête"
        fix = f"écrivez « {f.name}: … » ({f.help}), ou « {unknown.name}: … » ({unknown.help})"
        return [ContentError(doc.path, doc.line_of(where), msg, fix)]
    return []


def _check_conditions(doc: Document, f: Field) -> list[ContentError]:
    """Keys that depend on another one: a licence needs its name and link; full text needs such rights."""
    if f.required_when:
        other, values = f.required_when
        if doc.meta.get(other) in values and _empty(doc.meta.get(f.name)) and f.name not in doc.lines:
            msg = f"« {f.name} » est obligatoire avec « {other}: {doc.meta[other]} »"
            fix = f"ajoutez une ligne « {f.name}: … » ({f.help})"
            return [ContentError(doc.path, doc.line_of(other), msg, fix)]
    if f.only_when and doc.meta.get(f.name):
        other, values = f.only_when
        if doc.meta.get(other) not in values:
            msg = f"« {f.name} » n'est permis qu'avec « {other}: " + " » ou « ".join(values) + " »"
            fix = (
                f"sans autorisation ni licence, retirez « {f.name} » ; sinon indiquez « {other} », "
                f"« {other}_name » et « {other}_url »"
            )
            del doc.meta[f.name]
            return [ContentError(doc.path, doc.line_of(f.name), msg, fix)]
    return []


def _as_text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SCHEMES = ("http", "https")


def _type_problem(f: Field, value: Any) -> tuple[str, str]:
    """What is wrong with ``value`` for field ``f`` and how to fix it (``""`` fix: show the field's help)."""
    name = f"« {f.name} »"
    if f.type == "text":
        if isinstance(value, (dict, list, bool)):
            return f"{name} doit être un texte", ""
        if f.pattern and not re.fullmatch(f.pattern, _as_text(value)):
            return f"{name} a une forme inattendue : « {value} »", ""
        return "", ""
    if f.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{name} doit être un nombre entier, pas « {_short(value)} »", ""
        if (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
            return f"{name} doit être compris entre {f.minimum} et {f.maximum}, pas {_short(value)}", ""
        return "", ""
    if f.type == "date":
        return _date_problem(name, value)
    if f.type == "url":
        return _url_problem(f, name, value)
    if f.type == "choice":
        if isinstance(value, str) and value.strip() in f.choices:
            return "", ""
        close = difflib.get_close_matches(str(value), f.choices, n=1)
        hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
        return f"{name} inconnu : « {_short(value)} »", f"{hint}valeurs possibles : {', '.join(f.choices)}"
    if f.type == "counts":
        if isinstance(value, dict) and all(
            isinstance(k, str) and k.strip() and isinstance(v, int) and not isinstance(v, bool) and v >= 0
            for k, v in value.items()
        ):
            return "", ""
        fix = "une ligne par raison, indentée, par exemple « fil de commentaires: 95 » (nombre entier, 0 ou plus)"
        return f"{name} doit associer à chaque raison un nombre de lignes", fix
    if f.type == "bool":
        if isinstance(value, bool):
            return "", ""
        return f"{name} vaut true ou false, pas « {_short(value)} »", "écrivez true ou false, sans guillemets"
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return f"{name} doit être une liste de textes, par exemple [a, b]", ""
    return "", ""


def _short(value: Any) -> str:
    """A value as an error message quotes it: never thousands of characters."""
    text = _as_text(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _date_problem(name: str, value: Any) -> tuple[str, str]:
    if isinstance(value, datetime.datetime) or not isinstance(value, (str, datetime.date)):
        return f"{name} doit être une date AAAA-MM-JJ, pas « {_short(value)} »", "par exemple 2020-10-15"
    text = _as_text(value).strip()
    m = _ISO_DATE.fullmatch(text)
    if m is None:
        return (
            f"{name} a une forme inattendue : « {_short(value)} »",
            "écrivez la date au format AAAA-MM-JJ, par exemple 2020-10-15",
        )
    year, month, day = (int(g) for g in m.groups())
    problem = f"{name} n'est pas une date du calendrier : « {text} »"
    if year < 1:
        return problem, "l'année commence à 0001 (AAAA-MM-JJ)"
    if not 1 <= month <= 12:
        return problem, f"le mois va de 01 à 12, pas {m.group(2)} (AAAA-MM-JJ)"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return problem, f"ce mois-là a {last} jours : vérifiez le jour (AAAA-MM-JJ)"
    return "", ""


def _url_problem(f: Field, name: str, value: Any) -> tuple[str, str]:
    text = value.strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(text) if text.isprintable() and " " not in text else None
    except ValueError:  # "http://[::1": a bracket never closed
        parts = None
    if parts is not None and parts.scheme.lower() in _SCHEMES and parts.hostname:
        return "", ""
    fix = "copiez l'adresse complète depuis la barre du navigateur (https://…)"
    if f.unknown_key:
        fix += f" ; si elle est perdue, remplacez cette ligne par « {f.unknown_key}: » suivi de la raison"
    return f"{name} doit être une adresse web commençant par https:// ou http://, pas « {_short(value)} »", fix
