"""Interface strings: gettext catalogs in `locales/`, compiled in memory with babel."""

from __future__ import annotations

import io
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark `message` for extraction into the catalogs; it is translated where it is shown."""
    return message


#: The language chooser's line under each language's name (`/`), in that language.
READ_OUR_POLICIES = N_("Read our policies in English")


def load(locales_dir: Path, locale: str) -> NullTranslations:
    """The translations of `locale`, read from `<locales_dir>/<locale>/LC_MESSAGES/messages.po`.

    The `.po` file is compiled in memory (babel's own compiler) so a catalog edit can never be
    shadowed by a stale `.mo` file. The authoritative locale needs no catalog.
    """
    po = catalog_path(locales_dir, locale)
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def catalog_path(locales_dir: Path, locale: str) -> Path:
    """Where the catalog of `locale` is: `<locales_dir>/<locale>/LC_MESSAGES/messages.po`."""
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def english(locale: str) -> bool:
    """Whether `locale` is English, the language the interface strings are written in."""
    try:
        return Locale.parse(locale).language == "en"
    except (UnknownLocaleError, ValueError):
        return False


def speaks_interface(locales_dir: Path, locale: str) -> bool:
    """Whether the interface can be shown in `locale`'s language: it is English, or it has a
    catalog."""
    return english(locale) or catalog_path(locales_dir, locale).is_file()


def sentence(locale: str, message: str, translations: NullTranslations) -> str:
    """`message` in `locale`'s language, or "" if its catalog does not have it: never the
    English sentence under another language's name."""
    if english(locale):
        return message
    translated = translations.gettext(message)
    return translated if translated != message else ""
