"""The plugin's settings in `mkdocs.yml`, grouped by what they concern."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class LocaleConfig(base.Config):
    """One locale of the site."""

    name = c.Type(str)  # the language's own name, e.g. "ไทย"
    site_name = c.Optional(c.Type(str))


class RedlineConfig(base.Config):
    """`plugins: - redline:` settings."""

    # Sources
    repo = c.Type(str, default=".")  # the git repository, relative to mkdocs.yml
    policy_dir = c.Type(str, default="policy")  # folder of <locale>/<doc>.md inside the repo
    tag_prefix = c.Type(str, default="policy/")

    # Locales: the first is authoritative
    locales = c.DictOfItems(c.SubConfig(LocaleConfig), default={})
    # gettext catalogs of the interface strings, relative to mkdocs.yml; default: Redline's own
    locales_dir = c.Optional(c.Type(str))

    # Dates
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; else SOURCE_DATE_EPOCH; else today
    timezone = c.Type(str, default="UTC")
    recent_days = c.Type(int, default=30)

    # Drafts: always shown by `mkdocs serve`; `drafts: true` (or REDLINE_DRAFTS=1) for reviews
    drafts = c.Type(bool, default=False)

    # Cache of diffs and segmentation, content-addressed; safe to delete
    cache_dir = c.Type(str, default=".cache/redline")
