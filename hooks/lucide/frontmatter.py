"""Front matter: split it from the body, parse it with line numbers, check it against a schema."""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
import unicodedata
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

    @property
    def has_front_matter(self) -> bool:
        """The file opened with a ``---`` block, read into ``meta``; the body starts below it."""
        return self.body_line > 1

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


# What MkDocs itself takes for front matter (mkdocs.utils.meta.YAML_RE): we read exactly the same block.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
MAX_FRONT_MATTER = 64 * 1024  # characters: a page's header is a few lines, never a document
MAX_DEPTH = 8  # a list inside a key is depth 2; deeper nesting is never ours and can crash libyaml
MAX_DIGITS = 15
# Control characters (NUL, ESC...) are invisible in an editor and must never reach a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INT = re.compile(rf"[-+]?\d{{1,{MAX_DIGITS}}}")
_FLOAT = re.compile(r"[-+]?(?:\d{1,15}\.\d{0,15}|\.\d{1,15})(?:[eE][-+]?\d{1,3})?")
_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.BlockMappingStartToken)  # fmt: skip
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
_DEPTH_STEP: dict[type, int] = {**dict.fromkeys(_OPEN, 1), **dict.fromkeys(_CLOSE, -1)}
_FIX_ALIAS = "écrivez la valeur en entier à chaque endroit où elle sert"
_FIX_TAG = "retirez le « !… » : un en-tête ne contient que du texte, des nombres et des listes"
_FIX_DEPTH = "un en-tête contient des clés, des textes et des listes simples, pas de listes imbriquées"
_ALIASES = ("les ancres et alias YAML (& et *) ne sont pas acceptés", _FIX_ALIAS)
_REFUSED: dict[type, tuple[str, str]] = {
    yaml.AnchorToken: _ALIASES,
    yaml.AliasToken: _ALIASES,
    yaml.TagToken: ("les étiquettes YAML (« !!binary », « !!set »…) ne sont pas acceptées", _FIX_TAG),
}
_FIX_YAML = "vérifiez les deux-points, l'indentation et mettez entre guillemets un texte qui contient « : »"


def decode(raw: bytes, path: str) -> tuple[str, list[ContentError]]:
    """Decode a contributor file: UTF-8 only, BOM and CRLF tolerated and normalised, no control characters."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        fix = "enregistrez le fichier en UTF-8 (menu « Enregistrer sous » de votre éditeur)"
        return "", [ContentError(path, line, "le fichier n'est pas en UTF-8", fix)]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        msg = f"caractère de contrôle invisible U+{ord(bad.group()):04X}"
        fix = "supprimez-le : il vient souvent d'un copier-coller depuis un terminal ou un PDF"
        return "", [ContentError(path, line, msg, fix)]
    return text if text.endswith("\n") else text + "\n", []


def split(text: str, path: str) -> tuple[Document, list[ContentError]]:
    """Read ``---``-delimited YAML front matter at the top of ``text``, exactly as MkDocs delimits it."""
    doc = Document(path, body=text)
    if not text.strip():
        return doc, [ContentError(path, 1, "le fichier est vide", "ajoutez l'en-tête --- … --- et le texte")]
    if not re.match(r"-{3}[ \t]*\n", text):
        return doc, []
    found = FRONT_MATTER.match(text)
    if found is None:
        lines = text.split("\n")
        indented = next((i for i, s in enumerate(lines[1:], 2) if s.strip() in ("---", "...")), 0)
        if indented:
            fix = "écrivez --- au tout début de la ligne, sans espace devant"
            return doc, [ContentError(path, indented, "la ligne --- qui ferme l'en-tête est décalée", fix)]
        fix = "ajoutez une ligne --- pour fermer l'en-tête"
        return doc, [ContentError(path, 1, "l'en-tête (front matter) n'est jamais fermé", fix)]
    doc.body = text[found.end() :]
    doc.body_line = text.count("\n", 0, found.end()) + 1
    return doc, _parse_yaml(doc, found.group(1))


def _parse_yaml(doc: Document, source: str) -> list[ContentError]:
    if len(source) > MAX_FRONT_MATTER:
        fix = "gardez dans l'en-tête les champs courts ; le texte long va sous l'en-tête"
        return [ContentError(doc.path, 2, f"en-tête trop long ({len(source)} caractères)", fix)]
    problem = _refused_syntax(doc.path, source)
    if problem:
        return [problem]
    loader = _Loader(source)
    try:
        node = loader.get_single_node()  # one parse gives both the values and their lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem_text = getattr(exc, "problem", None) or str(exc)
        return [ContentError(doc.path, line, f"en-tête YAML invalide : {problem_text}", _FIX_YAML)]
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        fix = "chaque ligne de l'en-tête doit avoir la forme « clé: valeur »"
        return [ContentError(doc.path, 2, "l'en-tête doit être une liste de clés", fix)]
    errors: list[ContentError] = []
    doc.meta = _value(node, doc.path, errors)
    for key_node, value_node in node.value:
        key = str(key_node.value)
        doc.lines.setdefault(key, _line(key_node))
        if isinstance(value_node, yaml.SequenceNode):  # so errors can point at one list item
            for i, item in enumerate(value_node.value):
                doc.lines[f"{key}[{i}]"] = _line(item)
    return errors


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 2  # the header starts on the file's second line


def _refused_syntax(path: str, source: str) -> ContentError | None:
    """Anchors, aliases, tags and deep nesting, found by the scanner before anything is built.

    Aliases can multiply a few lines into gigabytes, tags build Python objects we never show, and
    deep nesting crashes libyaml: none has a use in a page header.
    """
    loader = _Loader(source)
    depth = 0
    try:
        token = loader.get_token()
        while token is not None and type(token) is not yaml.StreamEndToken:  # per token: kept lean
            refused = _REFUSED.get(type(token))
            depth += _DEPTH_STEP.get(type(token), 0)
            if refused or depth > MAX_DEPTH:
                line = int(token.start_mark.line) + 2
                message, fix = refused or ("en-tête trop imbriqué", _FIX_DEPTH)
                return ContentError(path, line, message, fix)
            token = loader.get_token()
    except yaml.YAMLError:
        return None  # the composer reports syntax errors with their line
    finally:
        loader.dispose()
    return None


def _value(node: yaml.Node, path: str, errors: list[ContentError]) -> Any:
    """Plain data from a node: text, whole numbers, decimals, true/false, lists and keys; dates stay text."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                fix = "écrivez chaque clé en toutes lettres, sous la forme « clé: valeur »"
                errors.append(ContentError(path, _line(key_node), "clé d'en-tête invalide", fix))
                continue
            key = str(key_node.value)
            if key in result:
                fix = "gardez une seule ligne par clé"
                errors.append(ContentError(path, _line(key_node), f"clé « {key} » en double", fix))
                continue
            result[key] = _value(value_node, path, errors)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, path, errors) for item in node.value]
    value = _scalar(node)
    if isinstance(value, str) and _CONTROL.search(value):  # "\e" or "\0" written as a YAML escape
        fix = "retirez la séquence d'échappement (\\e, \\0…) : un en-tête ne contient que du texte visible"
        errors.append(ContentError(path, _line(node), "caractère de contrôle invisible dans une valeur", fix))
        return ""
    return value


def _scalar(node: yaml.Node) -> Any:
    kind, value = node.tag.rsplit(":", 1)[-1], str(node.value)
    if kind == "int" and _INT.fullmatch(value):
        return int(value, 10)
    if kind == "float" and _FLOAT.fullmatch(value):
        return float(value)
    if kind == "bool" and value.lower() in ("true", "false"):  # not YAML 1.1's yes/no/on/off: "Non" is a word
        return value.lower() == "true"
    if kind == "null":
        return None
    return value


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
    return value is None or value == [] or value == {} or (isinstance(value, str) and not _visible(value))


def _visible(text: str) -> bool:
    """True when ``text`` shows something: not only spaces or invisible format characters."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


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
