"""Interface strings: every message of the plugin and templates is in the Thai catalog."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from redline.text import catalogs

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.xsl", "jinja2")]
KEYWORDS = {
    "_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
}  # fmt: skip


def source_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("plugins", "overrides"):
        for _, _, message, _, _ in extract_from_dir(
            ROOT / folder, METHODS, keywords=KEYWORDS, options_map={"**.html": {}}
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def singular(msgid: str | tuple[str, ...]) -> str:
    """A message's id; a plural message's singular form."""
    return msgid if isinstance(msgid, str) else msgid[0]


def translated(msgstr: str | tuple[str, ...]) -> bool:
    """Every form of the message has its translation."""
    return bool(msgstr) and (isinstance(msgstr, str) or all(msgstr))


def thai_catalog():
    with (ROOT / "locales/th/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle, locale="th")


def test_every_source_message_is_in_the_template_and_the_thai_catalog():
    messages = source_messages()
    assert "Revision history" in messages and "This policy was revised on %(date)s." in messages
    with (ROOT / "locales/messages.pot").open("rb") as handle:
        template = {singular(m.id) for m in read_po(handle) if m.id}
    thai = {singular(m.id) for m in thai_catalog() if m.id}
    assert messages - template == set(), "run `make messages`"
    assert messages - thai == set(), "run `make messages` and translate"


def test_the_thai_catalog_is_complete_and_not_fuzzy():
    untranslated = [m.id for m in thai_catalog() if m.id and not translated(m.string)]
    fuzzy = [m.id for m in thai_catalog() if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")  # gettext's, and the scripts' {name}


def test_placeholders_survive_translation():
    for message in thai_catalog():
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = {name for msgid in ids for name in PLACEHOLDER.findall(msgid)}
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == expected, message.id


def test_the_catalog_is_loaded_and_translates():
    translations = catalogs.load(ROOT / "locales", "th")
    assert translations.gettext("Revision history") == "ประวัติการแก้ไข"
    english = catalogs.load(ROOT / "locales", "en")
    assert english.gettext("Revision history") == "Revision history"
