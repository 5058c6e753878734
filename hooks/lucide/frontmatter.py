"""Front matter: split it from the body, parse it with line numbers, check it against a schema."""

from __future__ import annotations

import difflib
import re
import unicodedata
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
        while not loader.check_token(yaml.StreamEndToken):
            token = loader.get_token()
            line = int(token.start_mark.line) + 2
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                fix = "écrivez la valeur en entier à chaque endroit où elle sert"
                return ContentError(path, line, "les ancres et alias YAML (& et *) ne sont pas acceptés", fix)
            if isinstance(token, yaml.TagToken):
                fix = "retirez le « !… » : un en-tête ne contient que du texte, des nombres et des listes"
                return ContentError(
                    path, line, "les étiquettes YAML (« !!binary », « !!set »…) ne sont pas acceptées", fix
                )
            depth += isinstance(token, _OPEN) - isinstance(token, _CLOSE)
            if depth > MAX_DEPTH:
                fix = "un en-tête contient des clés, des textes et des listes simples, pas de listes imbriquées"
                return ContentError(path, line, "en-tête trop imbriqué", fix)
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
    return _scalar(node)


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
        if value is None or value == [] or (isinstance(value, str) and not _visible(value)):
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


def _visible(text: str) -> bool:
    """True when ``text`` shows something: not only spaces or invisible format characters."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def _as_text(value: Any) -> str:
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
