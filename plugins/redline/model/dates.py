"""Dates: parsing, the build's as-of date, and display in the page's locale.

Thai dates are shown in the Buddhist Era (``3 กรกฎาคม 2566``). Babel has no Buddhist calendar and
its Thai long pattern writes the Christian era (``3 กรกฎาคม ค.ศ. 2023``), so Thai dates use a
pattern without the era and a year with 543 added.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date

__all__ = ["as_of_date", "format_date", "parse_date", "today"]

#: Years of the Buddhist Era ahead of the Christian era.
BUDDHIST_ERA_OFFSET = 543

# Our form -> babel's width: "short" keeps the year and an abbreviated month, which is what a
# reader needs in a list of revisions; babel's own "short" (7/3/23) is ambiguous across locales.
_BABEL_WIDTHS = {"long": "long", "short": "medium"}

# Babel's Thai "long" and "medium" patterns without the era field; the year becomes a literal.
_THAI_PATTERNS = {"long": "d MMMM", "short": "d MMM"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_EPOCH = re.compile(r"\d+", re.ASCII)


@functools.lru_cache(maxsize=4096)  # pages repeat the same dates thousands of times
def format_date(d: datetime.date, locale: str, form: str = "long") -> str:
    """Format a date for a page in ``locale``: ``July 3, 2023``, ``3 กรกฎาคม 2566``.

    ``form`` is ``"long"`` or ``"short"`` (``Jul 3, 2023``, ``3 ก.ค. 2566``). Thai uses the
    Buddhist Era; every other locale gets babel's format of that width.
    """
    if form not in _BABEL_WIDTHS:
        raise ValueError(f"date form: {form!r} is not one of {', '.join(_BABEL_WIDTHS)}")
    parsed = _parse_locale(locale)
    if parsed.language == "th":
        year = d.year + BUDDHIST_ERA_OFFSET
        return babel_format_date(d, f"{_THAI_PATTERNS[form]} '{year}'", locale=parsed)
    return babel_format_date(d, _BABEL_WIDTHS[form], locale=parsed)


def format_date_list(formatted: list[str], locale: str) -> str:
    """Dates already formatted, as one phrase of ``locale`` ("July 3, 2023, and May 1, 2024").

    CLDR's list patterns are made for words: Thai's join items with a bare space and glue the
    connector to them ("{0}และ{1}"), which runs dates (that end and start with numerals) into
    one another. So a pattern with nothing but space between items gets a comma, and a glued
    connector gets spaces; other locales' patterns are babel's, unchanged.
    """
    if not formatted:
        return ""
    if len(formatted) == 1:
        return formatted[0]
    patterns: dict[str, str] = dict(_parse_locale(locale).list_patterns["standard"])
    for key, pattern in patterns.items():
        if re.fullmatch(r"\{0\}\s*\{1\}", pattern):
            pattern = "{0}, {1}"
        pattern = re.sub(r"\{0\}(?=[^\s,])", "{0} ", pattern)
        patterns[key] = re.sub(r"(?<=\S)\{1\}", " {1}", pattern)
    if len(formatted) == 2:
        return patterns["2"].format(*formatted)
    phrase = patterns["start"].format(formatted[0], formatted[1])
    for item in formatted[2:-1]:
        phrase = patterns["middle"].format(phrase, item)
    return patterns["end"].format(phrase, formatted[-1])


def parse_date(value: object, what: str) -> datetime.date:
    """A date from front matter or a setting: a ``datetime.date`` or a ``YYYY-MM-DD`` string.

    A date and time (YAML reads ``2023-07-03 10:00`` as one) is rejected, not truncated: a policy
    takes effect on a date, and dropping a time, possibly with its time zone, could silently move
    that date. ``what`` names the field in the error message.
    """
    if isinstance(value, datetime.datetime):
        raise ValueError(
            f"{what}: {value.isoformat(sep=' ')!r} is a date and time; "
            "write the date only (YYYY-MM-DD)"
        )
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass  # shaped like a date but not one, such as 2023-13-01: reported below
    raise ValueError(f"{what}: {value!r} is not a date (YYYY-MM-DD)")


def as_of_date(
    setting: str | datetime.date | None,
    tz: str,
    environ: Mapping[str, str],
    now: Callable[[], datetime.datetime] | None = None,
) -> datetime.date:
    """The date the build publishes "as of", which decides the revision in force.

    In order: the explicit ``setting``; ``SOURCE_DATE_EPOCH`` from ``environ`` (reproducible
    builds), as a date in the time zone ``tz``; today in ``tz``. An empty setting or variable counts
    as unset, so ``!ENV`` defaults and blank CI variables work. ``now`` returns the current aware
    datetime (the clock, unless a test gives another). Raises ``ValueError`` naming the bad input.
    """
    zone = _zone(tz)  # checked even when unused, so a wrong setting cannot lie in wait
    if setting is not None and setting != "":
        return parse_date(setting, "as_of")
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch != "":
        return _epoch_date(epoch, zone)
    current = now() if now is not None else datetime.datetime.now(datetime.UTC)
    return current.astimezone(zone).date()


def today(tz: str, now: Callable[[], datetime.datetime] | None = None) -> datetime.date:
    """Today in the time zone ``tz`` by the clock, whatever ``as_of`` or ``SOURCE_DATE_EPOCH`` say.

    Releases are checked against it: a release is never dated after the day it is made, and a
    build's as-of date may be set in the past or the future. Raises ``ValueError`` for a bad zone.
    """
    current = now() if now is not None else datetime.datetime.now(datetime.UTC)
    return current.astimezone(_zone(tz)).date()


def _parse_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"locale: {locale!r} is not a locale babel knows ({error})") from None


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError: a key that is not a relative path, such as "/etc/localtime" or "".
        raise ValueError(
            f"timezone: {tz!r} is not an IANA time zone (such as 'Asia/Bangkok')"
        ) from None


def _epoch_date(epoch: str, zone: ZoneInfo) -> datetime.date:
    error = ValueError(
        f"SOURCE_DATE_EPOCH: {epoch!r} is not a Unix timestamp (whole seconds since 1970-01-01)"
    )
    # The reproducible-builds spec allows only ASCII digits: no sign, no fraction, no spaces.
    if not _EPOCH.fullmatch(epoch):
        raise error
    try:
        return datetime.datetime.fromtimestamp(int(epoch), tz=zone).date()
    except (OverflowError, OSError, ValueError):
        raise error from None
