"""The commands behind ``python scripts/lucide.py``: argument declarations and what each does.

Messages are in French: the people who run these are the site's writers.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lucide import frontmatter, glossary, importer, scaffold
from lucide.load import is_content, load, read_docs
from lucide.text import is_slug, slugify
from lucide.types import ARTICLE_FIELDS, GENRES, RIGHTS


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Path], int]


def _say(message: str = "") -> None:
    print(message, flush=True)


def _fail(message: str) -> int:
    print(f"erreur : {message}", file=sys.stderr)
    return 1


def _docs(args: argparse.Namespace, root: Path) -> Path:
    return Path(args.docs) if args.docs else root / "docs"


# -- import ---------------------------------------------------------------------------------------


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FICHIER.txt", help="le texte brut de l'article (copié depuis le blog)")
    p.add_argument("--title", "--titre", metavar="TITRE", default="", help="le titre, si le texte n'en donne pas")
    p.add_argument(
        "--author", "--auteur", metavar="NOM", default="", help="l'auteur ou l'autrice, si le texte ne le donne pas"
    )
    p.add_argument(
        "--auteur-inconnu", metavar="RAISON", default="", help="pourquoi l'auteur est inconnu (« pseudonyme seul »…)"
    )
    p.add_argument(
        "--publication", metavar="NOM", default="", help="le nom du site ou du journal qui a publié l'article"
    )
    p.add_argument("--publication-inconnue", metavar="RAISON", default="", help="pourquoi le site est inconnu")
    p.add_argument("--url", default="", help="l'adresse d'origine de l'article (https://…) ; jamais devinée")
    p.add_argument("--url-inconnue", metavar="RAISON", default="", help="pourquoi l'adresse d'origine est inconnue")
    p.add_argument(
        "--date",
        metavar="AAAA-MM-JJ",
        default="",
        help="la date de publication (AAAA-MM-JJ), si le texte ne la donne pas",
    )
    p.add_argument(
        "--consulte",
        metavar="AAAA-MM-JJ",
        default=datetime.date.today().isoformat(),
        help="le jour où vous avez lu l'article (par défaut : aujourd'hui)",
    )
    genres = ", ".join(f"{g.id} ({g.label})" if g.label != g.id else g.id for g in GENRES)
    p.add_argument("--genre", default="article", help=f"le genre du texte : {genres} (par défaut : article)")
    rights = ", ".join(r.id for r in RIGHTS)
    p.add_argument(
        "--droits",
        default="citation",
        help=f"à quel titre nous citons le texte : {rights} (par défaut : citation, le droit de courte citation)",
    )
    p.add_argument(
        "--droits-nom",
        metavar="NOM",
        default="",
        help="avec --droits permission ou licence : qui l'a donnée, ou laquelle",
    )
    p.add_argument(
        "--droits-lien", metavar="URL", default="", help="avec --droits permission ou licence : le lien qui le prouve"
    )
    p.add_argument(
        "--source-primaire",
        metavar="OEUVRE",
        default="",
        help="l'œuvre que l'article relaie : « Auteur, Titre, Éditeur, année »",
    )
    p.add_argument("--source-primaire-lien", metavar="URL", default="", help="l'adresse de cette œuvre (https://…)")
    p.add_argument(
        "--promotion", metavar="TEXTE", default="", help="ce que le texte promeut pour son auteur (sa formation…)"
    )
    p.add_argument("--slug", default="", help="le nom du fichier créé (sans .md) ; par défaut tiré du titre")
    p.add_argument("--encoding", default="utf-8", help="l'encodage du fichier (par défaut utf-8)")
    p.add_argument("--force", action="store_true", help="remplacer l'article s'il existe déjà")
    p.add_argument("--docs", default="", help=argparse.SUPPRESS)


# Record key (types.ARTICLE_FIELDS) -> the import option that sets it, for error messages.
RECORD_OPTIONS = {
    "author_unknown": "auteur_inconnu",
    "publication": "publication",
    "publication_unknown": "publication_inconnue",
    "url": "url",
    "url_unknown": "url_inconnue",
    "date": "date",
    "consulted": "consulte",
    "genre": "genre",
    "rights": "droits",
    "rights_name": "droits_nom",
    "rights_url": "droits_lien",
    "based_on": "source_primaire",
    "based_on_url": "source_primaire_lien",
    "promotes": "promotion",
}
_OPTION_OF = {"author": "author", "title": "title", **RECORD_OPTIONS}


def _record_problems(markdown: str) -> list[str]:
    """The record the import would write, checked as ``check`` will: each problem names its option."""
    doc, _ = frontmatter.split(markdown, "")
    problems = []
    for error in frontmatter.validate(doc, ARTICLE_FIELDS, "un article"):
        key = next((k for k, line in doc.lines.items() if line == error.line), "")
        option = f"--{_OPTION_OF[key].replace('_', '-')} : " if key in _OPTION_OF else ""
        problems.append(f"{option}{error.message} — {error.fix}")
    return problems


def _import(args: argparse.Namespace, root: Path) -> int:
    source = Path(args.file)
    if not source.is_file():
        return _fail(f"{source} : fichier introuvable")
    try:
        text = source.read_bytes().decode(args.encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = source.read_bytes()[: exc.start].count(b"\n") + 1
        return _fail(
            f"{source}:{line}: le fichier n'est pas en {args.encoding} — "
            "enregistrez-le en UTF-8, ou indiquez son encodage avec --encoding latin-1"
        )
    except LookupError:
        return _fail(f"encodage inconnu « {args.encoding} » — essayez utf-8 ou latin-1")
    record = {key: getattr(args, option) for key, option in RECORD_OPTIONS.items()}
    result = importer.import_text(text, source.name, title=args.title, author=args.author, record=record)
    slug = args.slug or result.slug
    if not is_slug(slug) or len(slug) > 100:
        return _fail(_bad_slug(args.slug, result.title))
    problems = _record_problems(result.markdown)
    if problems:
        return _fail("\n".join(problems))
    for line, reason, text in result.removed:
        excerpt = text if len(text) <= 70 else text[:69] + "…"
        _say(f"retiré ligne {line} ({reason}) : {excerpt}")
    for note in result.notes:
        _say(f"note : {note}")
    _say(f"titre : {result.title}")
    _say(f"auteur : {result.author or '(inconnu)'}")
    _say(f"genre : {result.record['genre']} ; droits : {result.record['rights']}")
    try:
        target = importer.write_article(_docs(args, root), slug, result.markdown, force=args.force)
    except importer.WriteRefusedError as refused:
        return _fail(str(refused))
    _say(str(target.relative_to(root) if target.is_relative_to(root) else target))
    return 0


def _bad_slug(given: str, title: str) -> str:
    if not given:
        return (
            f"le titre « {title} » ne contient ni lettre ni chiffre : impossible d'en tirer un nom de fichier — "
            'donnez-en un avec --slug nom-de-l-article, ou un titre avec --title "Le vrai titre"'
        )
    suggestion = slugify(given, max_words=8) or "nom-de-l-article"
    return (
        f"--slug « {given} » n'est pas un nom d'article : seulement des minuscules sans accents, des chiffres et "
        f"des tirets, 100 caractères au plus, jamais un chemin — essayez --slug {suggestion}"
    )


# -- new ------------------------------------------------------------------------------------------


def _new_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", metavar="TYPE", choices=scaffold.KINDS, help="mythe, regle, signal ou terme")
    p.add_argument("title", metavar="TITRE", help="le titre de la fiche (ou le terme), entre guillemets")
    p.add_argument("--docs", default="", help=argparse.SUPPRESS)


def _new(args: argparse.Namespace, root: Path) -> int:
    docs = _docs(args, root)
    if not args.title.strip() or not scaffold.slugify(args.title):
        return _fail('le titre est vide — écrivez-le entre guillemets : new mythe "Mon titre"')
    kb, _ = load(docs)
    rel, content = scaffold.template(args.kind, args.title.strip(), kb)
    target = docs / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:  # "x": never replaces an existing file
            out.write(content)
    except FileExistsError:
        return _fail(f"{target} existe déjà — ouvrez-le pour le modifier, ou choisissez un autre titre")
    _say("Remplissez les champs marqués « obligatoire », puis vérifiez avec : python scripts/lucide.py check")
    _say(str(target.relative_to(root) if target.is_relative_to(root) else target))
    return 0


# -- check ----------------------------------------------------------------------------------------


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--docs", default="", help="le dossier des contenus (par défaut : docs/)")


def _check(args: argparse.Namespace, root: Path) -> int:
    docs = _docs(args, root)
    loaded = read_docs(docs, helped=True)  # a large site: a second process reads half the files
    kb, errors = loaded.kb, loaded.errors
    for error in errors:
        _say(str(error))
    others = [text for rel, text in sorted(loaded.texts.items()) if not is_content(rel)]
    shown = docs.resolve()  # named like the errors name it: relative to where the command runs
    shown = shown.relative_to(Path.cwd()) if shown.is_relative_to(Path.cwd()) else shown
    for slug in glossary.unused_terms(kb, others):  # a warning on stderr: it does not fail the check
        path = (shown / kb.terms[slug].path).as_posix()
        print(
            f"{path}:1: attention : le terme « {kb.terms[slug].term} » n'est employé par aucune page — "
            f"employez-le dans un texte, ou retirez {path}",
            file=sys.stderr,
        )
    if errors:
        _say(f"{len(errors)} problème{'s' if len(errors) > 1 else ''} trouvé{'s' if len(errors) > 1 else ''}.")
        return 1
    counts = ", ".join(f"{len(es)} {t.plural.lower()}" for t, es in kb.by_type())
    _say(f"Tout est en ordre : {len(kb.articles)} articles, {counts}, {len(kb.terms)} termes.")
    return 0


# -- bench ----------------------------------------------------------------------------------------


def _bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pages", type=int, default=500, help="nombre d'articles du corpus synthétique (500)")
    p.add_argument("--terms", type=int, default=200, help="nombre de termes du glossaire synthétique (200)")
    p.add_argument(
        "--entities", type=int, default=0, help="nombre de signaux d'alerte synthétiques, chacun citant un passage (0)"
    )
    p.add_argument(
        "--runs", type=int, default=3, help="nombre d'essais appariés ; le rapport donne médiane et écart (3)"
    )
    p.add_argument("--json", default="", metavar="FICHIER", help="écrire aussi le rapport complet en JSON dans FICHIER")
    p.add_argument(
        "--keep", default="", metavar="DOSSIER", help="garder le corpus, les sites et les journaux dans DOSSIER"
    )
    p.add_argument(
        "--serve",
        action="store_true",
        help="mesurer l'aperçu en direct : délai entre la sauvegarde d'une modification et la page servie",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="mesurer des reconstructions, chacune sur le site de la précédente (par défaut : premières "
        "constructions, dans un dossier du site vide)",
    )


def _bench(args: argparse.Namespace, root: Path) -> int:
    import bench
    import bench_serve

    if min(args.pages, args.runs) < 1 or min(args.terms, args.entities) < 0:
        return _fail("--pages et --runs doivent valoir au moins 1, --terms et --entities au moins 0")
    if args.serve:
        if args.terms < 1:
            return _fail("--serve modifie un terme du glossaire : --terms doit valoir au moins 1")
        keep, report = Path(args.keep) if args.keep else None, Path(args.json) if args.json else None
        return bench_serve.run(args.pages, args.terms, args.runs, keep, root, json_path=report)
    return bench.run(
        args.pages,
        args.terms,
        args.runs,
        Path(args.keep) if args.keep else None,
        root,
        entities=args.entities,
        json_path=Path(args.json) if args.json else None,
        rebuild=args.rebuild,
    )


# -- search-eval ----------------------------------------------------------------------------------


def _search_eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--chromium", default="/usr/bin/chromium", help="le navigateur à piloter (/usr/bin/chromium)")
    p.add_argument("--poids", action="store_true", help="mesurer plutôt les octets téléchargés (accueil, recherche)")
    p.add_argument("--pages", type=int, default=0, help="avec --poids : sur un site synthétique de N pages")
    p.add_argument("--requete", default="passion", help="avec --poids : la requête mesurée (passion)")


def _search_eval(args: argparse.Namespace, root: Path) -> int:
    import search_eval

    if args.poids:
        return search_eval.weigh(root, args.chromium, args.pages, args.requete)
    return search_eval.run(root, args.chromium)


# -- verifier-eval --------------------------------------------------------------------------------


def _verifier_eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--poids", action="store_true", help="mesurer plutôt la taille des données de /verifier/")
    p.add_argument("--vitesse", action="store_true", help="mesurer plutôt le temps de réponse dans chromium (×4)")
    p.add_argument("--chromium", default="/usr/bin/chromium", help="le navigateur à piloter (/usr/bin/chromium)")


def _verifier_eval(args: argparse.Namespace, root: Path) -> int:
    import cue_eval

    if args.vitesse:
        return cue_eval.speed(root, args.chromium)
    return cue_eval.weigh(root) if args.poids else cue_eval.run(root)


# -- fiabilite -------------------------------------------------------------------------------------


def _fiabilite_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--chromium", default="/usr/bin/chromium", help="le navigateur des vecteurs (/usr/bin/chromium)")
    p.add_argument("--delai", type=float, default=60, help="secondes avant de déclarer une commande bloquée (60)")
    p.add_argument("--entrees", action="store_true", help="seulement les fichiers hostiles")
    p.add_argument("--vecteurs", action="store_true", help="seulement les vecteurs de script (navigateur)")
    p.add_argument("--cas", nargs="*", default=[], help="seulement ces cas (identifiants des tables)")
    p.add_argument("--garder", default="", help="construire le site des vecteurs dans ce dossier et le garder")


def _fiabilite(args: argparse.Namespace, root: Path) -> int:
    import probe

    both = not args.entrees and not args.vecteurs
    return probe.main(args.chromium, args.delai, args.entrees or both, args.vecteurs or both, args.cas, args.garder)


COMMANDS = [
    Command(
        "import",
        "transformer un article brut en page Markdown",
        "Transforme le texte brut d'un article (copié depuis un blog) en page docs/articles/NOM.md :\n"
        "une fiche de citation (titre, auteur, site, adresse, dates, genre, droits, ce qui a été retiré),\n"
        "puis titres, paragraphes et listes reconnus, avec une ancre sur chaque passage. Les commentaires,\n"
        "invitations au partage, publicités et fragments de code sont retirés et listés pour que vous\n"
        "puissiez vérifier. Ce que le texte ne dit pas (auteur, site, adresse) est noté « inconnu » avec\n"
        "la raison : rien n'est inventé. N'écrase jamais un article existant sans --force.\n\n"
        "exemple :\n  python scripts/lucide.py import ~/Téléchargements/mon-article.txt "
        "--url https://exemple.fr/article --genre billet",
        _import_args,
        _import,
    ),
    Command(
        "new",
        "créer la page d'un mythe, d'une règle, d'un signal ou d'un terme",
        "Crée docs/<dossier>/<nom>.md avec l'en-tête attendu et un modèle commenté à remplir.\n"
        "Le nom du fichier vient du titre (minuscules, sans accents). Refuse d'écraser un fichier.\n\n"
        "exemples :\n"
        '  python scripts/lucide.py new mythe "Il suffit de poster tous les jours"\n'
        '  python scripts/lucide.py new terme "tunnel de vente"',
        _new_args,
        _new,
    ),
    Command(
        "check",
        "vérifier tous les contenus sans construire le site",
        "Vérifie tous les fichiers de docs/ (en-têtes, références, ancres, doublons) et affiche\n"
        "chaque problème sous la forme fichier:ligne: message — correction.\n"
        "Sort avec le code 1 s'il y a au moins un problème.\n\n"
        "exemple :\n  python scripts/lucide.py check",
        _check_args,
        _check,
    ),
    Command(
        "bench",
        "comparer Lucide à Material avec sa recherche : temps, mémoire, taille",
        "Crée un corpus synthétique en français (articles, termes du glossaire, mythes, signaux d'alerte)\n"
        "et l'écrit deux fois : pour Lucide, et en pages Markdown ordinaires pour Material avec sa\n"
        "recherche intégrée. Construit les deux sites à tour de rôle (--runs essais appariés, chaque\n"
        "construction dans un nouveau processus « python -m mkdocs build ») et donne, en médiane et\n"
        "écart (min–max) : le temps, le temps CPU, la mémoire maximale (processus enfants compris,\n"
        "donc Pagefind) et la taille du site produit.\n"
        "Chaque construction part d'un dossier du site vide, comme sur un clone neuf ; avec --rebuild,\n"
        "chacune reconstruit par-dessus la précédente, comme un « mkdocs build » relancé.\n"
        "La dernière ligne est « ratio X » : temps de Lucide / temps de Material, médiane des essais.\n"
        "Avec --serve, lance l'aperçu en direct des deux sites (mkdocs serve --dirty pour Lucide,\n"
        "mkdocs serve pour Material), enregistre une modification d'un article, d'une fiche et d'un\n"
        "terme du glossaire, et mesure le délai jusqu'à la page servie à jour.\n\n"
        "exemples :\n  python scripts/lucide.py bench --pages 2000 --terms 1000\n"
        "  python scripts/lucide.py bench --pages 2000 --terms 1000 --rebuild\n"
        "  python scripts/lucide.py bench --pages 50 --entities 2000 --runs 1 --json signaux.json\n"
        "  python scripts/lucide.py bench --serve --pages 2000 --terms 1000 --runs 2",
        _bench_args,
        _bench,
    ),
    Command(
        "search-eval",
        "mesurer la qualité de la recherche (Lucide contre Material)",
        "Construit le site avec la recherche de Lucide et avec celle de Material, tape chaque requête de\n"
        "tests/data/requetes.yml dans chromium et affiche recall@5 et MRR pour chacune.\n"
        "Avec --poids, mesure les octets téléchargés pour l'accueil et une première recherche.\n\n"
        "exemples :\n  python scripts/lucide.py search-eval\n"
        "  python scripts/lucide.py search-eval --poids --pages 3000",
        _search_eval_args,
        _search_eval,
    ),
    Command(
        "verifier-eval",
        "mesurer le vérificateur d'offres (précision et rappel)",
        "Passe chaque texte de tests/data/offres.yml (exemples synthétiques d'offres, étiquetés) au\n"
        "vérificateur de /verifier/ et affiche ce qu'il relève, ses erreurs, puis la précision et le rappel.\n"
        "Avec --poids, affiche la taille des données téléchargées par la page et leur croissance.\n"
        "Avec --vitesse, mesure dans chromium (processeur ralenti 4 fois) le temps de réponse pour\n"
        "un texte de 20 000 caractères.\n\n"
        "exemples :\n  python scripts/lucide.py verifier-eval\n  python scripts/lucide.py verifier-eval --poids\n"
        "  python scripts/lucide.py verifier-eval --vitesse",
        _verifier_eval_args,
        _verifier_eval,
    ),
    Command(
        "fiabilite",
        "essayer des fichiers hostiles et des vecteurs de script contre une vraie construction",
        "Ajoute un à un les fichiers de tests/data/hostile/inputs.yml (YAML cassé, encodages, liens\n"
        "symboliques, tubes, bombes d'alias, lignes géantes…) à un petit site valide, puis lance check et\n"
        "mkdocs build avec une limite de temps : chaque cas doit finir par une erreur claire fichier:ligne,\n"
        "sans traceback ni blocage. Construit ensuite un site où chaque vecteur de\n"
        "tests/data/hostile/vectors.yml occupe sa propre page, à chaque endroit où un contributeur écrit,\n"
        "et le visite dans chromium : rien ne doit s'exécuter.\n"
        "Sort avec le code 1 s'il y a un traceback, un blocage, une erreur peu claire ou un vecteur exécuté.\n\n"
        "exemples :\n  python scripts/lucide.py fiabilite\n"
        "  python scripts/lucide.py fiabilite --entrees --cas fifo alias-bomb",
        _fiabilite_args,
        _fiabilite,
    ),
]
