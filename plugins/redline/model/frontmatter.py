"""Front matter of a policy file: a YAML mapping between two `---` lines."""

from __future__ import annotations

import codecs
import datetime
import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from redline.errors import RedlineError

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
# YAML's escapes (`"\ud800"`) can make text no UTF-8 output can carry: the build would fail to
# write the page, the feed and `revisions.json`.
_SURROGATE = re.compile("[\ud800-\udfff]")


class FrontMatterError(RedlineError):
    """A problem with a policy file's text or front matter, with the 1-based line it concerns."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Parsed:
    """A policy file split into its metadata and its Markdown body."""

    title: str
    effective: datetime.date | None
    notice: str | None  # a plain `notice:` string: the notice in the file's own language
    body: str
    body_line: int  # 1-based line of the file where the body starts
    # `notice:` given as a mapping by locale ({en: ..., th: ...}): an authoritative revision
    # carries the notice of the locales whose translation it leaves behind. Sorted by locale.
    notices: tuple[tuple[str, str], ...] = ()
    # Keys that are not front matter keys (a misspelled `effectve:` would otherwise be ignored
    # and the revision take effect at once): (line, "an unknown key 'x' (did you mean …)").
    unknown: tuple[tuple[int, str], ...] = ()

    def notice_for(self, locale: str) -> str | None:
        """The notice for readers of `locale`: the mapping's entry, else the plain string."""
        return dict(self.notices).get(locale, self.notice if not self.notices else None)


#: The keys of a policy file's front matter; any other key is refused (`unknown_keys`).
KEYS = ("title", "effective", "notice")


def decode(data: bytes) -> str:
    """The text of a policy file: UTF-8, a leading byte order mark dropped (editors on Windows
    write one), every line ending (CRLF, or CR alone from old editors) made LF."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len((data[: exc.start] + b"x").splitlines())
        raise FrontMatterError(line, "not UTF-8 text; save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> Parsed:
    """Split `text` into front matter and body; raise FrontMatterError on bad input."""
    match = _FENCE.match(text)
    if not match:
        raise FrontMatterError(1, "no front matter: start the file with '---', 'title: ...', '---'")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts (the line to fix); the problem
        # mark is often the end of the front matter.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(line, f"front matter is not valid YAML: {problem}") from None
    except ValueError as exc:  # PyYAML's own dates (`2024-02-30`), integers over 4300 digits
        raise FrontMatterError(
            2,
            f"front matter has a value that is not a valid date or number ({exc}); write dates "
            "as YYYY-MM-DD and quote other text",
        ) from None
    except RecursionError:  # `notice: [[[[…` nested past Python's recursion limit
        raise FrontMatterError(
            2, "front matter is nested too deeply to read; notices and titles are plain text"
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    body_line = match.group(0).count("\n") + 1
    by_locale = _notices(meta, match.group(1))
    parsed = Parsed(
        title=_text(meta, "title", required=True) or "",
        effective=_date(meta.get("effective")),
        notice=None if by_locale is not None else _text(meta, "notice", required=False),
        body=text[match.end() :],
        body_line=body_line,
        notices=by_locale or (),
        unknown=unknown_keys(meta, match.group(1)),
    )
    texts = [("title", parsed.title), ("notice", parsed.notice or "")]
    texts += [("notice", value) for _, value in parsed.notices]
    for key, value in texts:
        bad = _SURROGATE.search(value)
        if bad:
            raise FrontMatterError(
                _key_line(match.group(1), key),
                f"front matter '{key}' contains U+{ord(bad.group()):04X}, a lone surrogate (from "
                "an escape such as \\ud800) that is not a character and cannot be published; "
                "remove it",
            )
    return parsed


def unknown_keys(meta: dict[Any, Any], front_matter: str) -> tuple[tuple[int, str], ...]:
    """(line, what) for each key of `meta` that is not one of KEYS, with the key it most likely
    means (`what` is "an unknown key 'x' (did you mean 'y'?)"); `front_matter` is the YAML
    text `meta` was read from (its line 1 is the file's line 2)."""
    found = []
    for key in meta:
        if key in KEYS:
            continue
        close = difflib.get_close_matches(str(key).lower(), KEYS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"the keys are {', '.join(KEYS)}"
        found.append(
            (
                _key_line(front_matter, str(key)),
                f"an unknown key '{key}' ({hint})",
            )
        )
    return tuple(sorted(found))


_LOCALE_KEY = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _notices(meta: dict[str, Any], front_matter: str) -> tuple[tuple[str, str], ...] | None:
    """`notice:` as a mapping by locale, checked; None when it is not a mapping."""
    value = meta.get("notice")
    if not isinstance(value, dict):
        return None
    line = _key_line(front_matter, "notice")
    if not value:
        raise FrontMatterError(
            line,
            "front matter 'notice' is an empty mapping; give a notice per locale, "
            "e.g. notice: {en: ..., th: ...}, or a plain text",
        )
    found = []
    for key, text in value.items():
        if not isinstance(key, str) or not _LOCALE_KEY.fullmatch(key):
            raise FrontMatterError(
                line,
                f"front matter 'notice': {key!r} is not a locale; key the notices by locale "
                "(notice: {en: ..., th: ...})",
            )
        if not isinstance(text, str | int | float) or isinstance(text, bool):
            raise FrontMatterError(line, f"front matter 'notice' for '{key}' must be text")
        if str(text).strip():
            found.append((key, str(text).strip()))
    return tuple(sorted(found))


def _key_line(front_matter: str, key: str) -> int:
    """The file's line of `key` in the (valid) front matter, which starts on line 2."""
    node = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
        if key_node.value == key:
            return int(key_node.start_mark.line) + 2
    return 2


def _text(meta: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = meta.get(key)
    if value is None:
        if required:
            raise FrontMatterError(2, f"front matter has no '{key}'")
        return None
    if not isinstance(value, str | int | float):
        raise FrontMatterError(2, f"front matter '{key}' must be text")
    try:
        value = str(value).strip()
    except ValueError:  # an integer too long to write out in decimal
        raise FrontMatterError(2, f"front matter '{key}' is a number too long; quote it") from None
    if required and not value:
        raise FrontMatterError(2, f"front matter '{key}' is empty")
    return value or None


def _date(value: Any) -> datetime.date | None:
    # YAML turns 2023-07-03 into a date already; a quoted string is accepted too.
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        raise FrontMatterError(
            2, f"front matter 'effective' must be a date (YYYY-MM-DD), not {value}"
        )
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FrontMatterError(2, f"front matter 'effective': {value!r} is not a date (YYYY-MM-DD)")
