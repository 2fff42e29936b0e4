"""The plugin's settings in `mkdocs.yml`, grouped by what they concern, validated by MkDocs."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from mkdocs.config import base
from mkdocs.config import config_options as c

from .compare import COMPARE_ALL_MAX


class LocaleConfig(base.Config):
    """One locale of the site."""

    name = c.Type(str)  # the language's own name, e.g. "ไทย"
    site_name = c.Optional(c.Type(str))


class Locales(c.DictOfItems[LocaleConfig]):
    """The site's locales, the authoritative one first: at least one, each a language babel
    knows (dates and plural rules come from it)."""

    def run_validation(self, value: object) -> dict[str, LocaleConfig]:
        locales = super().run_validation(value)
        if not locales:
            raise base.ValidationError(
                "list the site's locales, the authoritative one first "
                "(locales: {en: {name: English}, th: {name: ไทย}})"
            )
        for locale in locales:
            try:
                Locale.parse(locale)
            except (UnknownLocaleError, ValueError):
                raise base.ValidationError(
                    f"unknown locale '{locale}' (use a language code such as en or th)"
                ) from None
        return locales


class RedlineConfig(base.Config):
    """`plugins: - redline:` settings."""

    # Sources
    repo = c.Type(str, default=".")  # the git repository, relative to mkdocs.yml
    policy_dir = c.Type(str, default="policy")  # folder of <locale>/<doc>.md inside the repo
    tag_prefix = c.Type(str, default="policy/")

    # Locales: the first is authoritative
    locales = Locales(c.SubConfig(LocaleConfig), default={})
    locales_dir = c.Type(str, default="locales")  # gettext catalogs of interface strings

    # Dates
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; else SOURCE_DATE_EPOCH; else today
    timezone = c.Type(str, default="UTC")
    recent_days = c.Type(int, default=30)

    # Redlines: every pair of revisions of a document with at most this many in a locale; the
    # fixed pairs (each with the previous and with the text in force) beyond
    compare_all_max = c.Type(int, default=COMPARE_ALL_MAX)

    # Drafts: always shown by `mkdocs serve`; `drafts: true` (or REDLINE_DRAFTS=1) for reviews
    drafts = c.Type(bool, default=False)

    # Cache of diffs and segmentation, content-addressed; safe to delete
    cache_dir = c.Type(str, default=".cache/redline")
