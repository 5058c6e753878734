"""MkDocs adapter for Lucide: each event hands over to the core in ``hooks/lucide``.

This is the only file that knows MkDocs. State lives on one ``Build`` object created in
``on_config``, so ``mkdocs serve`` starts every rebuild from scratch.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from lucide import search, site

log = get_plugin_logger("lucide")
build: site.Build | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global build
    build = site.Build(Path(config.docs_dir))
    config.markdown_extensions.append(build.extension)  # type: ignore[arg-type]  # MkDocs accepts Extension objects too
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert build is not None
    for error in build.load():
        log.error(str(error))
    existing = {f.src_uri for f in files}
    for src_uri, content in build.generated_pages(existing):
        files.append(File.generated(config, src_uri, content=content))
    return files


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
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None
    title = build.title(page.file.src_uri, str(page.meta.get("title") or ""))
    if title:  # titles are contributor text: shown as text, never as HTML
        page.meta["title"] = html.escape(title)
    page.meta["description"] = html.escape(build.description(page.file.src_uri, markdown))
    return build.page_markdown(page.file.src_uri, markdown)


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert build is not None
    build.page_rendered(page.file.src_uri, page.url, page.title or "")
    return html_


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    assert build is not None
    return build.post_page(page.file.src_uri, page.url, output)


def on_post_build(config: MkDocsConfig) -> None:
    assert build is not None
    try:
        build.write_outputs(Path(config.site_dir))
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from exc
