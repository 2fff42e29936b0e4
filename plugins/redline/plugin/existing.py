"""A Redline site is the policies and nothing else: what an existing MkDocs site would lose, or
what would make readers' browsers call another origin, is refused with the fix (imports MkDocs).

Added to an existing site, Redline would silently drop its pages (`docs_dir` is only the page for
engines that ignore Redline: `locales.remove_sources`), its `nav` (the pages are Redline's) and
any `extra_css`/`extra_javascript` file kept there (then a 404 under `/en/`). And Material turns
some settings into requests to other origins from every reader's browser, which Redline promises
never to make: a `repo_url` on GitHub or GitLab (the repository's stars and forks are fetched
from their API), a web font (Google Fonts), analytics. Such settings are refused, not quietly
removed: the site's owner decides, and a policy site beside the existing one is the README's
recipe ("Beside an existing MkDocs site"): a second configuration that INHERITs the first.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from . import settings, theme

#: The one page of `docs_dir` (`redline new` writes it as `redline-required/index.md`).
REQUIRED = "index.md"
#: The way to keep an existing site as it is.
RECIPE = (
    "or build the policies as a site of their own beside it (README: 'Beside an existing MkDocs "
    "site')"
)
#: Material's repository facts: fetched from these hosts' APIs (its `source` component).
_FACTS = re.compile(r"github\.com|gitlab", re.IGNORECASE)
#: Material's own default web font: Redline turns it off (`theme._theme`).
_OFF: tuple[object, ...] = (False, None, {})


def check(config: MkDocsConfig) -> None:
    """SettingsError, naming the setting and the fix, if `config` is a site with pages, a `nav`
    or stylesheets and scripts that Redline would drop, or with a setting that makes the reader's
    browser call another origin."""
    docs = Path(config.docs_dir)
    others = sorted(
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*")
        if path.is_file()
        and path.relative_to(docs).as_posix() != REQUIRED
        and not any(part.startswith(".") for part in path.relative_to(docs).parts)
    )
    if others:
        shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise settings.SettingsError(
            f"docs_dir: {config.docs_dir} holds pages or files Redline does not publish ({shown}; "
            f"{len(others)} in all): a Redline site is the policies, and docs_dir holds only "
            f"{REQUIRED}, the page for engines that ignore Redline. Move the rest out, {RECIPE}"
        )
    if config.nav:
        raise settings.SettingsError(
            "nav: Redline makes the navigation of its pages and would drop this one; remove nav, "
            f"{RECIPE}"
        )
    for key in ("extra_css", "extra_javascript"):
        for entry in getattr(config, key):
            _check_asset(config, key, str(entry))
    if config.repo_url and _FACTS.search(config.repo_url):
        raise settings.SettingsError(
            f"repo_url: {config.repo_url}: Material fetches the repository's stars and forks "
            "from its host's API in every reader's browser, and Redline's pages load nothing "
            "from other origins; remove repo_url (and repo_name, edit_uri)"
        )
    font = config.theme.get("font")
    if font not in _OFF:
        raise settings.SettingsError(
            f"theme: font: {font}: Material loads it from fonts.googleapis.com in every "
            "reader's browser, and Redline's pages load nothing from other origins; remove it "
            "(or set font: false) and style a font the site serves itself with extra_css"
        )
    if isinstance(config.extra, dict) and config.extra.get("analytics"):
        raise settings.SettingsError(
            "extra: analytics: Material sends every reader's visit to the analytics provider, "
            "and Redline's pages load nothing from other origins; remove it"
        )


def _check_asset(config: MkDocsConfig, key: str, entry: str) -> None:
    if entry in (theme.CSS, theme.JAVASCRIPT):
        return
    if entry.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", entry):
        raise settings.SettingsError(
            f"{key}: {entry} is on another origin, and Redline's pages load nothing from other "
            f"origins; put the file in the theme's custom_dir and name it by its path there"
        )
    custom = config.theme.custom_dir
    if not (custom and os.path.isfile(os.path.join(custom, entry.split("?")[0]))):
        raise settings.SettingsError(
            f"{key}: {entry} is not a file of the theme's custom_dir, so Redline does not publish "
            "it (docs_dir holds only its one page): put it in custom_dir (theme: custom_dir: "
            f"overrides, then overrides/{entry}), {RECIPE}"
        )
