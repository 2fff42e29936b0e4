"""Interface strings: gettext catalogs in `locales/`, compiled in memory with babel."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark `message` for extraction into the catalogs; it is translated where it is shown."""
    return message


def load(locales_dir: Path, locale: str) -> NullTranslations:
    """The translations of `locale`, read from `<locales_dir>/<locale>/LC_MESSAGES/messages.po`.

    The `.po` file is compiled in memory (babel's own compiler) so a catalog edit can never be
    shadowed by a stale `.mo` file. The authoritative locale needs no catalog.
    """
    po = locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@functools.cache
def language_name(locale: str, in_locale: str) -> str:
    """The name of `locale`'s language in the language of `in_locale` (CLDR, through babel):
    `language_name("en", "th")` is `อังกฤษ`, as a Thai sentence names English."""
    return Locale.parse(locale).get_language_name(in_locale) or locale
