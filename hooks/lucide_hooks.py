"""MkDocs adapter for Lucide: each event hands over to the core in ``hooks/lucide``.

This is the only file that knows MkDocs. State lives on one ``Build`` object created in
``on_config``, so ``mkdocs serve`` starts every rebuild from scratch.

Content errors stop every ``mkdocs build``. During ``mkdocs serve`` nothing may raise (the server
would hang until the file is fixed): errors are shown in the page instead, and the next save recovers.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from lucide import preview, search, site
from lucide.about import SiteInfo  # provenance
from lucide.errors import ContentError

log = get_plugin_logger("lucide")
build: site.Build | None = None
serving = False  # set once per `mkdocs serve` session, before the first build
incremental = False  # `--dirty`: the engine skips pages whose output is newer than their file

Event = TypeVar("Event", bound=Callable[..., Any])


def survives_preview(event: Event) -> Event:
    """During a preview, an unexpected failure is shown in the page; the first argument passes through."""

    @functools.wraps(event)
    def run(*args: Any, **kwargs: Any) -> Any:
        if not serving:
            return event(*args, **kwargs)
        try:
            return event(*args, **kwargs)
        except Exception as exc:  # the preview must keep answering whatever happens
            log.error(f"erreur interne de Lucide dans {event.__name__} : {exc!r}")
            if build is not None:
                fix = "signalez-la aux mainteneurs avec le fichier modifié ; l'aperçu reprend à la prochaine sauvegarde"
                build.fail(ContentError("(Lucide)", 0, f"erreur interne : {exc!r}", fix))
            return args[0] if args else None

    return run  # type: ignore[return-value]


def on_startup(command: str, dirty: bool) -> None:
    global serving, incremental
    serving, incremental = command == "serve", dirty
    if serving and dirty:  # Lucide decides which pages to render again (lucide/preview.py): MkDocs' caution is moot
        logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    settings = config.extra.get("lucide") or {}
    # `extra: lucide: texte_integral: false` keeps every article to excerpts, whatever its rights allow
    build = site.Build(Path(config.docs_dir), preview=serving, full_text=bool(settings.get("texte_integral", True)))
    build.info = site_info(config)  # provenance: the publisher as the config names it
    config.markdown_extensions.append(build.extension)  # type: ignore[arg-type]  # MkDocs accepts Extension objects too
    if not serving and not incremental:  # the engine would delete the last site: its files are rewritten instead
        build.reuse_previous(Path(config.site_dir))
    build.start_loading()  # overlaps the engine's listing of files
    if serving:  # a warning must not stop the preview: the server would stop answering until the next fix
        config.strict = False
        mkdocs_log = logging.getLogger("mkdocs")
        for handler in [h for h in mkdocs_log.handlers if isinstance(h, CountHandler)]:
            mkdocs_log.removeHandler(handler)  # strict mode's counter, added before any plugin runs
    return config


def site_info(config: MkDocsConfig) -> SiteInfo:
    """Provenance settings as plain values: ``extra: lucide: editeur:`` names the publisher."""
    editor = (config.extra.get("lucide") or {}).get("editeur")
    return SiteInfo(
        site_name=config.site_name or "",
        site_url=config.site_url or "",
        repo_url=config.repo_url or "",
        editor=str(editor or "").strip(),
    )


@survives_preview
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert build is not None
    for error in build.load():
        (log.warning if error.warning else log.error)(str(error))
    if build.failed and not serving:
        count = len(build.failed)
        raise Abort(
            f"{count} problème{'s' if count > 1 else ''} dans les contenus : le site n'est pas construit. "
            "Corrigez les fichiers cités ci-dessus (python scripts/lucide.py check en donne la liste)."
        )
    for file in list(files):
        if not build.publishes(file.src_uri):
            files.remove(file)
    existing = {f.src_uri for f in files}
    for src_uri, content in build.generated_pages(existing):
        if incremental:  # a file whose date changes with its content: MkDocs skips it while it does not change
            path = str(build.generated_file(src_uri, content))
            files.append(File.generated(config, src_uri, abs_src_path=path))
        else:
            files.append(File.generated(config, src_uri, content=content))
    build.set_urls({f.src_uri: f.url for f in files.documentation_pages()})
    return Files(sorted(files, key=lambda f: build.render_order(f.src_uri)))  # the order pages are rendered in


@survives_preview
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    assert build is not None
    names = {}
    for item in nav.items:
        if isinstance(item, Section) and item.children:
            first = item.children[0]
            folder = first.file.src_uri.split("/")[0] if isinstance(first, Page) else ""
            item.title = build.section_title(folder) or item.title
            item.children.sort(key=lambda c: build.nav_key(c.file.src_uri if isinstance(c, Page) else ""))
            names[id(item)] = folder
        elif isinstance(item, Page):
            names[id(item)] = item.file.src_uri
    nav.items.sort(key=lambda item: build.top_order(names.get(id(item), "")))
    if incremental:
        plan_preview(nav, config, files)
    return nav


def plan_preview(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """`--dirty`: remove the output of every page whose inputs changed, so MkDocs renders exactly those."""
    assert build is not None
    pages = {f.src_uri: f for f in files.documentation_pages()}
    nav_pages = [p for p in nav.pages if isinstance(p, Page)]
    site = site_digest(config, pages) + build.nav_hint([p.file.src_uri for p in nav_pages])
    stale, gone = build.plan_preview({s: (f.url, f.dest_uri) for s, f in pages.items()}, site)
    for src in stale:
        Path(pages[src].abs_dest_path).unlink(missing_ok=True)
    for dest in gone:  # a page deleted or renamed must not stay reachable in the preview
        (Path(config.site_dir) / dest).unlink(missing_ok=True)
    for page in nav_pages:  # MkDocs does not read a page it skips: the navigation shows its last title
        if page.file.src_uri not in stale:
            page.title = build.nav_titles.get(page.file.src_uri) or page.title
    log.info(f"aperçu : {len(stale)} page{'s' if len(stale) > 1 else ''} sur {len(pages)} à reconstruire")


def site_digest(config: MkDocsConfig, pages: dict[str, File]) -> str:
    """What every page depends on: the configuration, the templates, where each page is published."""
    theme_dirs = [Path(d) for d in config.theme.dirs]  # ours first (custom_dir), then Material's
    stamps = sorted((str(p), p.stat().st_mtime_ns) for p in theme_dirs[0].rglob("*") if p.is_file())
    config_text = Path(config.config_file_path).read_text(encoding="utf-8", errors="replace")
    return preview.digest(config_text, repr(stamps), repr(sorted((s, f.url) for s, f in pages.items())))


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    return build.source(page.file.src_uri) if build is not None else None


@survives_preview
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None
    page.meta.update(build.meta(page.file.src_uri))  # the front matter Lucide read, left out of the source
    title = build.title(page.file.src_uri, str(page.meta.get("title") or ""))
    if title:  # titles are contributor text: shown as text, never as HTML
        page.meta["title"] = html.escape(title)
    page.meta["description"] = html.escape(build.description(page.file.src_uri, markdown))
    for key, value in page.meta.items():  # the theme prints some keys (author…) into attributes, unescaped
        if isinstance(value, str) and key not in ("title", "description"):
            page.meta[key] = html.escape(value)
    return build.page_markdown(page.file.src_uri, markdown)


@survives_preview
def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None
    return build.page_html(page.file.src_uri, page.url, page.file.dest_uri, page.title or "", html_)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if build is not None:  # every page's Markdown is rendered; the engine writes files next
        templates = [*config.theme.static_templates, *config.extra_templates]
        outputs = [f.dest_uri for f in files] + templates + ["sitemap.xml.gz"] * ("sitemap.xml" in templates)
        build.contents_rendered(Path(config.site_dir), outputs)
    return env


@survives_preview
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    assert build is not None
    return build.post_page(page.file.src_uri, page.url, output)


@survives_preview
def on_post_build(config: MkDocsConfig) -> None:
    assert build is not None
    try:
        build.write_outputs(Path(config.site_dir))
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from exc


def on_build_error(error: Exception) -> None:
    if build is not None:
        build.close()  # the search indexer runs in its own process
