"""The generated "À propos et méthode" page: who publishes, how sources are chosen and quoted, what is ours.

Everything site-specific comes from the configuration (``SiteInfo``) or the model, never from the
build machine, so the page is the same on every build of the same sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Article, KnowledgeBase
from .publication import DEFAULT_QUOTA, Published
from .render import escape, front_matter, link_text, relative
from .types import GENRE_BY_ID, GENRES, RIGHTS_BY_ID

ABOUT_PAGE = "a-propos.md"
ABOUT_TITLE = "À propos et méthode"


@dataclass(frozen=True)
class SiteInfo:
    """What the configuration says about the publisher (``mkdocs.yml``: site_name, site_url, repo_url, extra)."""

    site_name: str = "Lucide"
    site_url: str = ""  # absolute base of the published site, when known
    repo_url: str = ""  # where readers report errors: ``{repo_url}/issues/new``
    editor: str = ""  # ``extra: lucide: editeur:``: the person or body legally responsible, when given

    @property
    def team(self) -> str:
        """Who writes the editorial text, as named in JSON-LD and on the about page."""
        return f"La rédaction de {self.site_name}"

    @property
    def report_url(self) -> str:
        """Where a reader opens an issue, or "" when the site has no repository configured."""
        return f"{self.repo_url.rstrip('/')}/issues/new" if self.repo_url.startswith(("https://", "http://")) else ""


def about_page(kb: KnowledgeBase, info: SiteInfo, published: dict[str, Published] | None = None) -> str:
    """The whole Markdown of the about page; ``published`` (publication.publish) gives each article's share."""
    parts = [
        front_matter(title=ABOUT_TITLE),
        _who(info),
        _choice(),
        _quoting(),
        _ours_and_theirs(),
        _genres(),
        _report(info),
        _articles(kb, published or {}),
    ]
    return "\n".join(parts)


def _who(info: SiteInfo) -> str:
    name = escape(info.site_name)
    publisher = (
        f"{name} est publié par {escape(info.editor)}. Les textes éditoriaux sont écrits par la rédaction de {name}."
        if info.editor
        else f"{name} est publié par sa rédaction, qui en écrit les textes éditoriaux."
    )
    return (
        "## Qui publie\n\n"
        f"{publisher} {name} rassemble les mythes qu'on vend aux apprentis entrepreneurs du Web, les règles de "
        "l'économie de la passion et les signaux d'alerte, chacun relié au passage exact de l'article qui en parle.\n"
    )


def _choice() -> str:
    return (
        "## Comment nous choisissons les sources\n\n"
        "Nous retenons des textes publiés en ligne sur l'entrepreneuriat en ligne et l'économie de la passion "
        "qui énoncent une promesse, une règle ou un signal d'alerte que l'on peut citer mot pour mot : articles, "
        "billets, tribunes, témoignages, mais aussi satires et pages de vente, signalées comme telles.\n\n"
        "Chaque article a sa fiche de citation : son auteur (ou la mention qu'il n'est pas nommé), le site qui l'a "
        "publié, son adresse d'origine (ou la raison pour laquelle elle est inconnue), sa date de publication quand "
        "elle est connue, la date à laquelle nous l'avons consulté, son genre et les droits sous lesquels nous le "
        "citons. Quand un article relaie l'œuvre d'un autre, cette œuvre est nommée. Nous n'inventons aucune de ces "
        "informations : ce qui manque est dit manquant.\n"
    )


def _quoting() -> str:
    return (
        "## Comment nous citons\n\n"
        "- **De courtes citations.** Sauf autorisation, nous citons les articles au titre du droit de courte "
        "citation (article L122-5 du Code de la propriété intellectuelle) : des extraits brefs, qui servent notre "
        "analyse, toujours avec le nom de l'auteur et la source.\n"
        "- **Des extraits par défaut.** La page d'un article montre sa fiche de citation, notre présentation, "
        "un lien vers l'original quand son adresse est connue, et seulement les passages que nos fiches citent.\n"
        "- **Le texte intégral seulement avec un droit.** Un article n'est publié en entier qu'avec l'autorisation "
        "de son auteur ou sous une licence libre, dont le nom et le lien sont donnés.\n"
        "- **Un quota par article.** La part des mots de chaque article qui peut paraître sur le site est "
        f"plafonnée ({DEFAULT_QUOTA}\u00a0% par défaut) ; un dépassement empêche la publication du site. Le "
        "tableau ci-dessous donne la part publiée de chaque article.\n"
        "- **Ce que l'import retire.** Commentaires, invitations au partage et publicités de la page d'origine ne "
        "sont pas repris ; la page de l'article dit ce qui a été retiré.\n"
    )


def _ours_and_theirs() -> str:
    return (
        "## Ce qui est de la rédaction, ce qui est cité\n\n"
        "- **De la rédaction :** les titres des fiches, les résumés, les réalités qui répondent aux mythes, "
        "les définitions du glossaire et la présentation de chaque article. Ces textes sont les nôtres.\n"
        "- **Cité :** les mots des auteurs, toujours présentés comme des citations, suivis du nom de l'auteur "
        "(ou de la mention qu'il n'est pas nommé) et d'un lien vers le passage. Nous ne les réécrivons jamais. "
        "Les titres des articles sont ceux de leurs auteurs.\n\n"
        "La date en bas de chaque page est celle de la dernière modification de ses sources dans l'historique "
        "du site.\n"
    )


def _genres() -> str:
    flagged = [g for g in GENRES if g.caution]
    labels = ", ".join(g.label for g in GENRES)
    lines = [
        "## Les genres signalés\n",
        f"Chaque article a un genre : {labels}. Certains genres ne se lisent pas au premier degré ; ils sont "
        "signalés partout où leur texte apparaît (listes d'articles, citations, résultats de recherche, "
        "fichier de données `kb.json`) :\n",
    ]
    lines += [f"- **{escape(g.label)}** : chaque citation porte la mention « {escape(g.caption)} »." for g in flagged]
    lines.append(
        "\nLes propos du personnage d'une satire ne sont pas ceux de son auteur, et une page de vente promeut "
        "une offre de son auteur : nous le disons sous chaque citation.\n"
    )
    return "\n".join(lines)


def _report(info: SiteInfo) -> str:
    how = "en donnant l'adresse de la page, le passage en cause et la correction que vous proposez"
    if info.report_url:
        ask = f"[Ouvrez un signalement]({info.report_url}) {how}."
    else:
        ask = f"Écrivez à la rédaction de {escape(info.site_name)} {how}."
    return (
        "## Signaler une erreur\n\n"
        f"Une citation inexacte, un auteur mal nommé, une source manquante, une réalité discutable ? {ask} "
        "Les erreurs de citation sont corrigées en priorité.\n"
    )


def share_text(published: Published | None) -> str:
    """The share of the article's words the site publishes, and its cap: ``12 % (plafond 25 %)``."""
    if published is None:
        return ""
    if published.full_text:
        return "texte intégral"
    return f"{published.share:.0f}\u00a0% (plafond {published.quota}\u00a0%)"


def rights_text(article: Article) -> str:
    """Under what terms we hold the article, in a table cell."""
    record = article.record
    rights = RIGHTS_BY_ID.get(str(record.get("rights", "citation")), RIGHTS_BY_ID["citation"])
    if not rights.full_text:
        return "courtes citations"
    name = escape(str(record.get("rights_name", rights.label)))
    url = str(record.get("rights_url", ""))
    return f"{rights.label} : [{name}]({url})" if url else f"{rights.label} : {name}"


def genre_text(article: Article) -> str:
    """The article's genre, and whether it promotes its author's own offer (a sales pitch inside an article)."""
    genre = GENRE_BY_ID.get(str(article.record.get("genre", "")))
    label = escape(genre.label) if genre else ""
    return f"{label}, promeut une offre de son auteur" if article.record.get("promotes") else label


def _cell(markdown: str) -> str:
    return markdown.replace("|", "\\|").replace("\n", " ")


def _articles(kb: KnowledgeBase, published: dict[str, Published]) -> str:
    articles = kb.sorted_articles()
    if not articles:
        return "## Les articles sources\n\nAucun article pour l'instant.\n"
    shares = [share_text(published.get(a.slug)) for a in articles]
    with_share = any(shares)
    head = "| Article | Auteur | Genre | Droits |" + (" Part publiée |" if with_share else "")
    rule = "|---|---|---|---|" + ("---:|" if with_share else "")
    rows = []
    for article, share in zip(articles, shares, strict=True):
        cells = [
            f"[{link_text(article.title)}]({relative(ABOUT_PAGE, article.path)})",
            escape(article.author) if article.author else "non nommé",
            genre_text(article),
            rights_text(article),
            *([share] if with_share else []),
        ]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "## Les articles sources\n\n" + "\n".join([head, rule, *rows]) + "\n"
