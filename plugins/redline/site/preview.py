"""A preview says so: every page of a build that shows the drafts is titled as one (no MkDocs).

A drafts build (`drafts: true`, REDLINE_DRAFTS=1, `mkdocs serve`) shows the working tree as the
next revision; its pages must never pass for the published policy, in a tab, a bookmark or a
printout: their `<title>` starts with "[Draft preview]" in the page's language. The publishing
workflows force drafts off (REDLINE_DRAFTS=0, `plugin.settings.drafts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def preview_title(html: str, translate: Callable[[str], str]) -> str:
    """`html` with its title marked as a preview's, in the language of `translate` (gettext)."""
    _ = translate
    template = escape(_("[Draft preview] %(title)s"), quote=False)
    return _TITLE.sub(
        lambda found: f"<title>{template % {'title': found.group(1).strip()}}</title>",
        html,
        count=1,
    )
