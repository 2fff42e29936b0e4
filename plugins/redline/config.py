"""The plugin's settings in `mkdocs.yml`, grouped by what they concern.

Each setting's docstring is its line in the README's table of options (a test keeps them equal).
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class LocaleConfig(base.Config):
    """One locale of the site."""

    name = c.Type(str)
    """The language's own name, in the language switcher and the chooser (`ไทย`)."""
    site_name = c.Optional(c.Type(str))
    """The site's name in this language (default: `site_name`)."""


class RedlineConfig(base.Config):
    """`plugins: - redline:` settings."""

    # Sources
    repo = c.Type(str, default=".")
    """The git repository, relative to `mkdocs.yml`."""
    policy_dir = c.Type(str, default="policy")
    """The folder of `<locale>/<document>.md` inside the repository."""
    tag_prefix = c.Type(str, default="policy/")
    """Release tags are `<tag_prefix>YYYY-MM-DD`."""

    # Locales: the first is authoritative
    locales = c.DictOfItems(c.SubConfig(LocaleConfig), default={})
    """The site's locales, `<code>: {name, site_name}`; the first is authoritative, the others
    are its translations. Required."""
    locales_dir = c.Optional(c.Type(str))
    """A folder of gettext catalogs (`<locale>/LC_MESSAGES/messages.po`) of the interface
    strings, relative to `mkdocs.yml` (default: Redline's own)."""

    # Dates
    as_of = c.Optional(c.Type(str))
    """The build's as-of date, `YYYY-MM-DD` (default: `SOURCE_DATE_EPOCH`, else today)."""
    timezone = c.Type(str, default="UTC")
    """The site's time zone: "today" is today there."""
    recent_days = c.Type(int, default=30)
    """For how many days after it takes effect a revision is announced as recent."""

    # Drafts: always shown by `mkdocs serve`
    drafts = c.Type(bool, default=False)
    """Show the working tree as a draft (as `mkdocs serve` and `REDLINE_DRAFTS=1` do)."""

    # Cache of diffs and segmentation, content-addressed
    cache_dir = c.Type(str, default=".cache/redline")
    """Where redlines and the Thai search index are cached, relative to `mkdocs.yml`; safe to
    delete (empty: no cache)."""
