"""The plugin's settings in `mkdocs.yml`, grouped by what they concern, validated by MkDocs.

Each setting's docstring is its line in the README's table of options (a test keeps them equal).
"""

from __future__ import annotations

import datetime
import difflib
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from mkdocs.config import base
from mkdocs.config import config_options as c

from redline.model import dates
from redline.site.compare import COMPARE_ALL_MAX


def own_name(language: Locale) -> str:
    """The language's name in itself, as a reader looks for it: `English`, `ไทย`, `日本語`,
    `Français` (babel's, capitalized where the script has capitals)."""
    name = language.get_display_name(language) or str(language)
    return name[:1].upper() + name[1:]


def suggestion(name: str, known: list[str]) -> str:
    """`did you mean 'timezone'?` for a misspelled `name`, else the names `known`."""
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"the keys are {', '.join(known)}"


class LocaleConfig(base.Config):
    """One locale of the site."""

    name = c.Optional(c.Type(str))
    """The language's own name, in the language switcher and the chooser (default: babel's,
    `日本語` for `ja`)."""
    site_name = c.Optional(c.Type(str))
    """The site's name in this language (default: `site_name`)."""


class Locales(c.DictOfItems[LocaleConfig]):
    """The site's locales, the authoritative one first: at least one, each a language babel
    knows (dates and plural rules come from it)."""

    def run_validation(self, value: object) -> dict[str, LocaleConfig]:
        if isinstance(value, dict):
            # MkDocs would drop a key it does not know here without a word (`site_nam:`).
            known = [key for key, _ in LocaleConfig._schema]
            for code, entry in value.items():
                unknown = [k for k in entry if k not in known] if isinstance(entry, dict) else []
                if unknown:
                    hint = suggestion(unknown[0], known)
                    raise base.ValidationError(
                        f"locale '{code}': unknown key '{unknown[0]}' ({hint})"
                    )
        locales = super().run_validation(value)
        if not locales:
            raise base.ValidationError(
                "list the site's locales, the authoritative one first "
                "(locales: {en: {name: English}, th: {name: ไทย}})"
            )
        for code, locale in locales.items():
            try:
                language = Locale.parse(code)
            except (UnknownLocaleError, ValueError):
                raise base.ValidationError(
                    f"unknown locale '{code}' (use a language code such as en or th)"
                ) from None
            if not locale.name:
                locale.name = own_name(language)
        return locales


class Date(base.BaseConfigOption[datetime.date | None]):
    """A date, `YYYY-MM-DD`, quoted or not (YAML reads `2024-07-01` unquoted as a date); empty
    (an `!ENV` variable set to nothing) is no date."""

    def run_validation(self, value: object) -> datetime.date | None:
        if value is None or value == "":
            return None
        try:
            return dates.parse_date(value, "")
        except ValueError:
            shown = value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value
            raise base.ValidationError(
                f"{shown!r} is not a date: write it as YYYY-MM-DD, such as 2024-07-01"
            ) from None


class Workers(c.Type[int]):
    """A number of worker processes: at least one."""

    def __init__(self) -> None:
        super().__init__(int)

    def run_validation(self, value: object) -> int:
        workers = super().run_validation(value)
        if workers < 1:
            raise base.ValidationError(
                f"{workers} workers: give 1 or more (1 builds the locales one after another)"
            )
        return workers


class SubscribeUrl(c.Type[str]):
    """The sign-up address of a feed-to-email service: https only (a reader gives it an email
    address), `{feed}` standing for the url-encoded address of the feed."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        address = super().run_validation(value)
        parts = urlsplit(address)
        if parts.scheme != "https" or not parts.hostname or any(ch.isspace() for ch in address):
            raise base.ValidationError(
                f"'{address}' is not an https:// address; give the sign-up page of a "
                "feed-to-email service, {feed} standing for the feed's address "
                "(https://example.com/subscribe?url={feed})"
            )
        return address


#: Why the setting that named the repository apart from the policy folder is refused.
_ONE_REPOSITORY = (
    "removed: the repository is the git repository that contains policy_dir; delete '{}' from "
    "the plugin's settings"
)


class RedlineConfig(base.Config):
    """`plugins: - redline:` settings.

    The policies are `policy_dir` (`<locale>/<doc>.md`), in the git repository that contains
    it; its release tags are `<tag_prefix>YYYY-MM-DD`. The engine's `docs_dir` never holds them
    (docs/ARCHITECTURE.md, engines): an engine that does not run Redline publishes no policy.
    """

    # Sources
    policy_dir = c.Type(str, default="policy")
    """The policy folder, `<locale>/<document>.md`, relative to `mkdocs.yml`, in the git
    repository whose release tags are read; apart from `docs_dir` (neither inside the other)."""
    tag_prefix = c.Type(str, default="policy/")
    """Release tags are `<tag_prefix>YYYY-MM-DD`."""
    require_signed_tags = c.Type(bool, default=False)
    """An unsigned release tag is an error (release with `redline release --sign`)."""
    repo = c.Deprecated(removed=True, message=_ONE_REPOSITORY)

    # Locales: the first is authoritative
    locales = Locales(c.SubConfig(LocaleConfig), default={})
    """The site's locales, `<code>: {name, site_name}`; the first is authoritative, the others
    are its translations. Required."""
    locales_dir = c.Optional(c.Type(str))
    """A folder of gettext catalogs (`<locale>/LC_MESSAGES/messages.po`) of the interface
    strings, relative to `mkdocs.yml` (default: Redline's own)."""

    # Dates
    as_of = Date()
    """The build's as-of date, `YYYY-MM-DD`, quoted or not (default: `SOURCE_DATE_EPOCH`, else
    today)."""
    timezone = c.Type(str, default="UTC")
    """The site's time zone: "today" is today there."""
    recent_days = c.Type(int, default=30)
    """For how many days after it takes effect a revision is announced as recent."""

    # Redlines
    compare_all_max = c.Type(int, default=COMPARE_ALL_MAX)
    """A document with at most this many revisions in a locale gets a redline between every two
    of them; beyond, each revision against the previous one, and the newest this many against
    the text in force."""

    # Following changes
    subscribe_url = c.Optional(SubscribeUrl())
    """An https sign-up page of a feed-to-email service, linked from the "follow changes" pages;
    `{feed}` in it stands for the url-encoded address of the feed (needs `site_url`)."""

    # Drafts: always shown by `mkdocs serve`; `drafts: true` (or REDLINE_DRAFTS=1) for reviews
    drafts = c.Type(bool, default=False)
    """Show the working tree as a draft (as `mkdocs serve` and `REDLINE_DRAFTS=1` do); every page is
    then titled as a preview. `REDLINE_DRAFTS=0` (set by the publishing workflows) wins over it."""

    # Cache of diffs and segmentation, content-addressed
    cache_dir = c.Type(str, default=".cache/redline")
    """Where redlines, the Thai search index and rendered pages are cached, relative to
    `mkdocs.yml`; safe to delete (empty: no cache)."""
    reuse_pages = c.Type(bool, default=True)
    """Take archived revisions and redlines whose inputs did not change from the cache instead
    of rendering them again (`false`: render every page)."""

    # Build
    workers = c.Optional(Workers())
    """How many processes build at the same time: the locales, each in a process of its own, and
    with fewer locales than processes (one, in a shard), helpers that compute a locale's redlines
    while its pages are rendered (default: the number of CPUs; 1: one after another, in the
    build's own process, as `mkdocs serve` always builds)."""
