"""Every kind of content, declared once: folder, French labels and front-matter schema.

Adding a new kind of entity is one more ``EntityType`` in ``ENTITY_TYPES``: the loader,
validator, pages, navigation, scaffolding, kb.json and the contributor checks all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One front-matter key: its type, whether it is required, and help shown in errors."""

    name: str
    type: str  # "text", "int", "list" (a list of texts)
    required: bool = False
    help: str = ""
    ref: str = ""  # what list items must name: "entity", "term" or "source"
    minimum: int | None = None
    maximum: int | None = None
    pattern: str = ""  # a regular expression a text value must match in full


TITLE = Field("title", "text", True, "le titre affiché en haut de la page")
SUMMARY = Field("summary", "text", True, "notre résumé en un paragraphe (texte éditorial, pas une citation)")
SOURCES = Field("sources", "list", False, "les passages cités, sous la forme article#ancre", ref="source")
RELATED = Field("related", "list", False, "les identifiants des fiches liées", ref="entity")
PHRASINGS = Field("phrasings", "list", False, "d'autres façons dont les lecteurs formulent la fiche, pour la recherche")


@dataclass(frozen=True)
class EntityType:
    """A kind of knowledge-base entity (myth, rule, warning sign...)."""

    id: str  # stable English id used in kb.json
    name: str  # French singular, used in commands and annotations: ``mythe``
    label: str  # ``Mythe``
    plural: str  # ``Mythes``
    folder: str  # docs/<folder>/<slug>.md, published at /<folder>/<slug>/
    intro: str  # one line shown on the index page of the collection
    extra_fields: tuple[Field, ...] = ()
    sort_key: str = "title"  # field that orders the collection

    @property
    def fields(self) -> tuple[Field, ...]:
        return (TITLE, SUMMARY, *self.extra_fields, SOURCES, RELATED, PHRASINGS)


ENTITY_TYPES: tuple[EntityType, ...] = (
    EntityType(
        id="myth",
        name="mythe",
        label="Mythe",
        plural="Mythes",
        folder="mythes",
        intro="Les promesses qu'on vend aux apprentis entrepreneurs, et la réalité qui leur répond.",
        extra_fields=(Field("reality", "text", True, "la réalité qui répond au mythe (notre texte)"),),
    ),
    EntityType(
        id="rule",
        name="regle",
        label="Règle",
        plural="Règles de l'économie de la passion",
        folder="regles",
        intro="Les huit règles de l'économie de la passion, dans l'ordre de l'article source.",
        extra_fields=(Field("number", "int", True, "le numéro de la règle, de 1 à 99", minimum=1, maximum=99),),
        sort_key="number",
    ),
    EntityType(
        id="sign",
        name="signal",
        label="Signal d'alerte",
        plural="Signaux d'alerte",
        folder="signaux",
        intro="Les signes qui doivent faire douter d'une offre, d'une formation ou d'un « gourou ».",
    ),
)

ENTITY_BY_NAME = {t.name: t for t in ENTITY_TYPES}
ENTITY_BY_FOLDER = {t.folder: t for t in ENTITY_TYPES}
# What a passage annotation may say: which entities it is a source of (mythe="…"), and for an
# entity defined there, its single-valued fields (title="…" summary="…" reality="…" number=…).
ANNOTATION_FIELDS = frozenset(f.name for t in ENTITY_TYPES for f in t.fields if f.type != "list")
ANNOTATION_KEYS = frozenset(ENTITY_BY_NAME) | ANNOTATION_FIELDS

ARTICLE_FOLDER = "articles"
ARTICLE_FIELDS: tuple[Field, ...] = (
    TITLE,
    Field("author", "text", False, "l'auteur ou l'autrice, tel que l'article le donne"),
    Field("date", "text", False, "la date de publication, au format AAAA-MM-JJ", pattern=r"\d{4}-\d{2}-\d{2}"),
    Field("source", "text", False, "le nom du fichier d'origine ou l'adresse de l'article"),
    Field("summary", "text", False, "notre présentation de l'article en une phrase"),
)

GLOSSARY_FOLDER = "glossaire"
TERM_FIELDS: tuple[Field, ...] = (
    Field("term", "text", True, "le terme tel qu'on l'écrit"),
    Field("definition", "text", True, "notre définition, courte et neutre"),
    Field("aliases", "list", False, "les autres façons d'écrire le terme"),
    Field("related", "list", False, "les identifiants des termes liés", ref="term"),
)
