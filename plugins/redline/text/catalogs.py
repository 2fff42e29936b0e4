"""Interface strings: gettext catalogs in `locales/`, compiled in memory with babel."""

from __future__ import annotations

import io
from pathlib import Path

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
