"""Front matter of a policy file: a YAML mapping between two `---` lines."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import yaml

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


class FrontMatterError(ValueError):
    """A front matter problem, with the 1-based line of the file it concerns."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Parsed:
    """A policy file split into its metadata and its Markdown body."""

    title: str
    effective: datetime.date | None
    notice: str | None
    body: str
    body_line: int  # 1-based line of the file where the body starts


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
    except ValueError as exc:  # PyYAML's own dates: `effective: 2024-02-30`
        raise FrontMatterError(
            2, f"front matter has a value that is not a valid date: {exc}"
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    body_line = match.group(0).count("\n") + 1
    return Parsed(
        title=_text(meta, "title", required=True) or "",
        effective=_date(meta.get("effective")),
        notice=_text(meta, "notice", required=False),
        body=text[match.end() :],
        body_line=body_line,
    )


def _text(meta: dict[str, Any], key: str, *, required: bool) -> str | None:
    value = meta.get(key)
    if value is None:
        if required:
            raise FrontMatterError(2, f"front matter has no '{key}'")
        return None
    if not isinstance(value, str | int | float):
        raise FrontMatterError(2, f"front matter '{key}' must be text")
    value = str(value).strip()
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
