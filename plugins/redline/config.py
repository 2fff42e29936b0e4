"""The plugin's settings in `mkdocs.yml`, grouped by what they concern, validated by MkDocs."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from mkdocs.config import base
from mkdocs.config import config_options as c


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


#: Why the two settings that named the policy folder apart from `docs_dir` are refused.
_ONE_POLICY_FOLDER = (
    "removed: the policy folder is MkDocs' docs_dir (docs_dir: policy), and the repository the "
    "git repository that contains it; delete '{}' from the plugin's settings"
)


class RedlineConfig(base.Config):
    """`plugins: - redline:` settings.

    The policies are MkDocs' `docs_dir` (`<locale>/<doc>.md`), in the git repository that
    contains it; its release tags are `<tag_prefix>YYYY-MM-DD`.
    """

    # Sources
    tag_prefix = c.Type(str, default="policy/")
    repo = c.Deprecated(removed=True, message=_ONE_POLICY_FOLDER)
    policy_dir = c.Deprecated(removed=True, message=_ONE_POLICY_FOLDER)

    # Locales: the first is authoritative
    locales = Locales(c.SubConfig(LocaleConfig), default={})
    locales_dir = c.Type(str, default="locales")  # gettext catalogs of interface strings

    # Dates
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; else SOURCE_DATE_EPOCH; else today
    timezone = c.Type(str, default="UTC")
    recent_days = c.Type(int, default=30)

    # Drafts: always shown by `mkdocs serve`; `drafts: true` (or REDLINE_DRAFTS=1) for reviews
    drafts = c.Type(bool, default=False)

    # Cache of diffs and segmentation, content-addressed; safe to delete
    cache_dir = c.Type(str, default=".cache/redline")
