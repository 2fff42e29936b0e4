"""Withdrawals as notices: a release that deletes a document's file announces it.

The file is gone, so no front matter can carry the notice: it comes from the release message
(`Release.notice_for`: a `notice[<locale>]:` line, else the summary for the authoritative
locale, else the localized "This policy was withdrawn on"), through the Timeline's `Notice`.
The feeds (`notices.atom_feed`), the changes page and `revisions.json` show it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from redline.model.notice import Notice
from redline.text.catalogs import N_

__all__ = ["WITHDRAWN_TITLE", "entry_id", "entry_title", "index_entry"]

#: The title of a withdrawal's feed entry.
WITHDRAWN_TITLE = N_("%(title)s, withdrawn on %(date)s")


def _release(n: Notice) -> Any:
    if n.withdrawal is None:
        raise ValueError(f"{n.doc}: not a withdrawal")
    return n.withdrawal


def entry_id(n: Notice) -> str:
    """The Atom entry id of a withdrawal: `tag:redline,<date>:<lc>/<doc>/withdrawn/<commit>`,
    like a revision's (`notices.entry_id`) named after the release commit, so it never
    changes."""
    release = _release(n)
    return f"tag:redline,{release.date.isoformat()}:{n.locale}/{n.doc}/withdrawn/{release.commit}"


def entry_title(
    n: Notice, translate: Callable[[str], str], format_date: Callable[[datetime.date], str]
) -> str:
    """ "<title>, withdrawn on <date>", in the readers' language."""
    return translate(WITHDRAWN_TITLE) % {"title": n.title, "date": format_date(n.date)}


def index_entry(n: Notice) -> dict[str, Any]:
    """A document's `withdrawal` in `revisions.json`: the release that withdrew it, its
    summary, its per-locale notices, and this locale's notice (None: readers get the localized
    "This policy was withdrawn on")."""
    release = _release(n)
    return {
        "date": release.date.isoformat(),
        "tag": release.tag,
        "commit": release.commit,
        "signed": release.signed,
        "summary": release.summary,
        "notice": n.text,
        "notices": dict(release.notices),
    }
