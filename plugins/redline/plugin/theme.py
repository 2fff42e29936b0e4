"""What a site needs from its configuration for Redline's pages, set by the plugin itself.

A policy repository's `mkdocs.yml` names the theme and the plugin; the plugin adds the rest to
each configuration it loads (the outer build's and every locale's):

- its templates, beneath the site's own `theme.custom_dir`, so that a site still overrides any of
  them (`redline/policy.html`, `main.html`, ...) by a file of the same name in its custom_dir;
- its CSS and JavaScript, before the site's own `extra_css` and `extra_javascript`;
- the Markdown extensions policy text is written with (`MARKDOWN`);
- no web font: Material's default (Roboto) would load from Google Fonts on every page, and the
  site loads nothing from other origins.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_theme_dir

from redline import resources
from redline.text import css

CSS = "assets/redline/redline.css"
JAVASCRIPT = "assets/redline/redline.js"

#: The Markdown extensions Redline's pages depend on, and why.
MARKDOWN = {
    "attr_list": "clause anchors: `## 3. Sharing {#sharing}`",
    "toc": "clause links: the heading permalinks readers copy and the language switcher keeps",
    "tables": "tables in policy text",
    "admonition": "notes and warnings in policy text (`!!! note`), styled like the banners",
    "def_list": "definition lists in policy text (terms and their meaning)",
}

#: Keeps links between policies (`other-doc.md`) from MkDocs' link checker: `site/references.py`
#: makes them lead where each page needs.
REFERENCES = "redline.text.render"

# The settings of those extensions that Redline's pages depend on, and what Redline sets when
# the site sets nothing; a site may choose another value, but not turn them off.
_SETTINGS = {("toc", "permalink"): "#"}

#: The template filters of Redline's pages: CSS strings for the print's running header
#: (`redline/print-margins.html`).
FILTERS = {"css_string": css.css_string, "css_content": css.css_content}

# Material's own default font, which `theme.font` holds when the site names none.
_MATERIAL_FONT = {"text": "Roboto", "code": "Roboto Mono"}


def configure(config: MkDocsConfig) -> None:
    """Add Redline's templates, assets and Markdown extensions to `config` (once per config)."""
    _theme(config)
    _assets(config)
    _markdown(config)


def template_dirs(config: MkDocsConfig) -> list[Path]:
    """The folders whose templates and assets the pages are made from: the site's custom_dir
    (if any) and Redline's own."""
    dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    return [*dirs, resources.theme_dir()]


def _theme(config: MkDocsConfig) -> None:
    theme = config.theme
    material = get_theme_dir("material")
    if material not in theme.dirs:
        raise PluginError(
            f"mkdocs.yml: theme '{theme.name}': Redline's pages are mkdocs-material templates; "
            "set theme: {name: material}"
        )
    ours = str(resources.theme_dir())
    if ours not in theme.dirs:
        # Jinja takes the first folder that has a template: the site's custom_dir comes first.
        theme.dirs.insert(1 if theme.custom_dir else 0, ours)
    if theme.get("font") == _MATERIAL_FONT:
        theme["font"] = False


def _assets(config: MkDocsConfig) -> None:
    # First, so that the site's own stylesheets and scripts come later and win.
    if CSS not in config.extra_css:
        config.extra_css.insert(0, CSS)
    if JAVASCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.insert(0, JAVASCRIPT)


def missing_markdown(names: Iterable[str]) -> list[str]:
    """The extensions of `MARKDOWN` that `names` (`mkdocs.yml`'s `markdown_extensions`) lack:
    the site adds them (`settings.sources` reads policy text with them too)."""
    loaded = {str(name).removeprefix("markdown.extensions.") for name in names}
    return [name for name in MARKDOWN if name not in loaded]


def _markdown(config: MkDocsConfig) -> None:
    config.markdown_extensions.extend(missing_markdown(config.markdown_extensions))
    loaded = {
        name.removeprefix("markdown.extensions."): name for name in config.markdown_extensions
    }
    if REFERENCES not in loaded:  # links between policies (`text.render.References`)
        config.markdown_extensions.append(REFERENCES)
    for (name, key), default in _SETTINGS.items():
        settings: dict[str, Any] = config.mdx_configs.setdefault(loaded[name], {})
        if key not in settings:
            settings[key] = default
        elif settings[key] in (False, None, ""):
            raise PluginError(
                f"mkdocs.yml: markdown_extensions: {name}: {key}: {settings[key]!r} turns off "
                f"what Redline's pages depend on ({MARKDOWN[name]}); remove the setting, or set "
                f"{key}: '{default}'"
            )


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process, for every build in it (Jinja's `bytecode_cache`).

    The outer build and each locale's build have an environment of their own, configured alike
    (the theme's folders, filters and `jinja2.ext.i18n`): each would compile Material's
    templates again. Kept in memory, never on disk, and by Jinja's key (the template's name and
    file) and its source's checksum, so an edited template is compiled again; locale builds in
    worker processes inherit what the outer build compiled before they forked.
    """

    def __init__(self) -> None:
        self._codes: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._codes.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._codes[bucket.key] = (bucket.checksum, bucket.code)


#: The templates this process compiled (`CompiledTemplates`).
COMPILED = CompiledTemplates()
