"""Interface words shared by the pages and the files built beside them (no MkDocs): the name of
each status mark, and the authoritative language's name as a locale's readers call it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from babel import Locale, UnknownLocaleError

from .catalogs import N_

__all__ = ["MARK_LABELS", "language_name", "mark_label"]

#: The gettext message of each status mark (a status is a mark too).
MARK_LABELS: dict[str, str] = {  # by Mark
    "in-force": N_("In force"),
    "pending": N_("In force — translation pending"),
    "archived": N_("Archived"),
    "upcoming": N_("Upcoming"),
    "withdrawn": N_("Withdrawn"),
    "draft": N_("Draft, not published"),
}


def mark_label(mark: str, gettext: Callable[[str], str]) -> str:
    """The status mark `mark` in the language of `gettext`."""
    message = MARK_LABELS.get(mark)
    return gettext(message) if message else mark


def language_name(language: str, reader: str, configured: Mapping[str, str]) -> str:
    """The name of `language` as readers of `reader` call it (`อังกฤษ` for `en` in `th`): the
    configured name (`locales: en: {name: English}`) in its own locale, babel's (CLDR) name in
    another, the configured name when babel has none."""
    own = configured.get(language, language)
    if reader == language:
        return own
    try:
        name = Locale.parse(language).get_language_name(reader)
    except (UnknownLocaleError, ValueError):
        return own
    return name or own
