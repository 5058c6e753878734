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
    # "text", "int", "list" (a list of texts), "date" (AAAA-MM-JJ, a real day), "url" (http or https),
    # "choice" (one of ``choices``), "counts" (text -> whole number >= 0), "bool"
    type: str
    required: bool = False
    help: str = ""
    ref: str = ""  # what list items must name: "entity", "term" or "source"
    minimum: int | None = None
    maximum: int | None = None
    pattern: str = ""  # a regular expression a text value must match in full
    unique: bool = False  # no two entities of a type may share the value (a rule's number)
    choices: tuple[str, ...] = ()  # the values a "choice" accepts
    default: str | int | bool | None = None  # the value an absent key takes
    # Exactly one of this key and ``unknown_key`` must be given: the value, or why it is unknown.
    unknown_key: str = ""
    unknown_help: str = ""
    # Required when the field ``when[0]`` has one of the values ``when[1]`` (a licence needs its name).
    required_when: tuple[str, tuple[str, ...]] | None = None
    # Only allowed (when true or non-empty) if the field ``only_when[0]`` has one of ``only_when[1]``.
    only_when: tuple[str, tuple[str, ...]] | None = None

    @property
    def unknown(self) -> Field | None:
        """The companion key that says why the value is unknown (``author_unknown``), if any."""
        if not self.unknown_key:
            return None
        return Field(self.unknown_key, "text", help=self.unknown_help)


TITLE = Field("title", "text", True, "le titre affiché en haut de la page")
SUMMARY = Field("summary", "text", True, "notre résumé en un paragraphe (texte éditorial, pas une citation)")
SOURCES = Field("sources", "list", False, "les passages cités, sous la forme article#ancre", ref="source")
RELATED = Field("related", "list", False, "les identifiants des fiches liées", ref="entity")
CUES = Field("cues", "list", False, "les mots qui le trahissent dans une offre, par exemple « 6 chiffres »")
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
        extra_fields=(Field("reality", "text", True, "la réalité qui répond au mythe (notre texte)"), CUES),
    ),
    EntityType(
        id="rule",
        name="regle",
        label="Règle",
        plural="Règles de l'économie de la passion",
        folder="regles",
        intro="Les huit règles de l'économie de la passion, dans l'ordre de l'article source.",
        extra_fields=(
            Field("number", "int", True, "le numéro de la règle, de 1 à 99", minimum=1, maximum=99, unique=True),
        ),
        sort_key="number",
    ),
    EntityType(
        id="sign",
        name="signal",
        label="Signal d'alerte",
        plural="Signaux d'alerte",
        folder="signaux",
        intro="Les signes qui doivent faire douter d'une offre, d'une formation ou d'un « gourou ».",
        extra_fields=(CUES,),
    ),
)

ENTITY_BY_NAME = {t.name: t for t in ENTITY_TYPES}
ENTITY_BY_FOLDER = {t.folder: t for t in ENTITY_TYPES}
# What a passage annotation may say: which entities it is a source of (mythe="…"), and for an
# entity defined there, its single-valued fields (title="…" summary="…" reality="…" number=…).
ANNOTATION_FIELDS = frozenset(f.name for t in ENTITY_TYPES for f in t.fields if f.type != "list")
ANNOTATION_KEYS = frozenset(ENTITY_BY_NAME) | ANNOTATION_FIELDS

ARTICLE_FOLDER = "articles"


@dataclass(frozen=True)
class Genre:
    """What kind of text an article is; readers are warned about some kinds wherever they are quoted."""

    id: str  # ASCII, stable: written in front matter and kb.json
    label: str  # French, as shown: ``billet de blog``
    caution: bool = False  # flagged to readers (lists, quotes, search, kb.json): not to be read at face value
    caption: str = "extrait"  # under every quote: ``extrait d'une satire``


GENRES: tuple[Genre, ...] = (
    Genre("article", "article"),
    Genre("billet", "billet de blog"),
    Genre("tribune", "tribune"),
    Genre("satire", "satire", caution=True, caption="extrait d'une satire"),
    Genre("page-de-vente", "page de vente", caution=True, caption="extrait d'une page de vente"),
    Genre("temoignage", "témoignage"),
    Genre("entretien", "entretien"),
)
GENRE_BY_ID = {g.id: g for g in GENRES}


@dataclass(frozen=True)
class Rights:
    """Under what terms we hold an article's text: short quotations by default."""

    id: str
    label: str  # French, as shown
    full_text: bool  # whether the whole text may be published (then its holder and link are recorded)


RIGHTS: tuple[Rights, ...] = (
    Rights(
        "citation", "courtes citations (droit de citation, art. L122-5 du Code de la propriété intellectuelle)", False
    ),
    Rights("permission", "autorisation de l'auteur", True),
    Rights("licence", "licence libre", True),
)
RIGHTS_BY_ID = {r.id: r for r in RIGHTS}
_RECORDED_RIGHTS = ("rights", tuple(r.id for r in RIGHTS if r.full_text))

# The citation record of an article: what a reader needs to find and judge the original.
ARTICLE_FIELDS: tuple[Field, ...] = (
    TITLE,
    Field(
        "author",
        "text",
        help="l'auteur ou l'autrice, tel que l'article le donne",
        unknown_key="author_unknown",
        unknown_help="pourquoi l'auteur est inconnu, par exemple « le texte ne nomme pas son auteur »",
    ),
    Field(
        "publication",
        "text",
        help="le nom du site, du blog ou du journal qui a publié l'article",
        unknown_key="publication_unknown",
        unknown_help="pourquoi le site est inconnu, par exemple « le texte ne nomme pas son site »",
    ),
    Field(
        "url",
        "url",
        help="l'adresse d'origine de l'article, commençant par https://",
        unknown_key="url_unknown",
        unknown_help="pourquoi l'adresse est inconnue, par exemple « l'adresse d'origine n'a pas été conservée »",
    ),
    Field("date", "date", help="la date de publication, au format AAAA-MM-JJ"),
    Field("consulted", "date", True, "la date à laquelle nous avons lu l'article, au format AAAA-MM-JJ"),
    Field(
        "genre",
        "choice",
        True,
        "le genre du texte : " + ", ".join(g.id for g in GENRES),
        choices=tuple(g.id for g in GENRES),
    ),
    Field(
        "rights",
        "choice",
        help="à quel titre nous citons le texte : " + ", ".join(r.id for r in RIGHTS),
        choices=tuple(r.id for r in RIGHTS),
        default="citation",
    ),
    Field(
        "rights_name",
        "text",
        help="le nom de la licence, ou de qui a donné l'autorisation",
        required_when=_RECORDED_RIGHTS,
    ),
    Field(
        "rights_url",
        "url",
        help="le lien vers la licence ou vers l'autorisation écrite",
        required_when=_RECORDED_RIGHTS,
    ),
    Field("based_on", "text", help="l'œuvre que l'article relaie : auteur, titre, éditeur, année"),
    Field("based_on_url", "url", help="l'adresse de cette œuvre, commençant par https://"),
    Field("promotes", "text", help="ce que le texte promeut pour son auteur (son programme, sa formation…)"),
    Field("imported_from", "text", help="le nom du fichier brut importé"),
    Field("removed", "counts", help="ce que l'import a retiré : une ligne « raison: nombre de lignes » par raison"),
    Field("quota", "int", help="la part des mots de l'article que le site peut publier, en %", minimum=1, maximum=100),
    Field(
        "full_text",
        "bool",
        help="true pour publier tout le texte, seulement avec rights: permission ou licence",
        only_when=_RECORDED_RIGHTS,
    ),
    Field("summary", "text", False, "notre présentation de l'article en une phrase"),
)

GLOSSARY_FOLDER = "glossaire"
TERM_FIELDS: tuple[Field, ...] = (
    Field("term", "text", True, "le terme tel qu'on l'écrit"),
    Field("definition", "text", True, "notre définition, courte et neutre"),
    Field("aliases", "list", False, "les autres façons d'écrire le terme"),
    Field("related", "list", False, "les identifiants des termes liés", ref="term"),
)
