"""The URL scheme of the site (see DESIGN.md), as paths relative to the site root."""

from __future__ import annotations

from .history import Revision


def locale_home(locale: str) -> str:
    """`/<lc>/`: the list of policies of one locale."""
    return f"{locale}/"


def document(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/`: the text in force."""
    return f"{locale}/{doc}/"


def history(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/history/`: every revision."""
    return f"{locale}/{doc}/history/"


def revision(rev: Revision) -> str:
    """`/<lc>/<doc>/<YYYY-MM-DD>/` (or `draft/`): one revision as released."""
    return f"{rev.locale}/{rev.doc}/{rev.slug}/"


def diff(old: Revision, new: Revision) -> str:
    """`/<lc>/<doc>/changes/<from>...<to>/`: the redline between two revisions."""
    return f"{new.locale}/{new.doc}/changes/{old.slug}...{new.slug}/"


def changes(locale: str) -> str:
    """`/<lc>/changes/`: every change notice, newest first."""
    return f"{locale}/changes/"


def feed(locale: str) -> str:
    """`/<lc>/feed.xml`: the Atom feed of change notices."""
    return f"{locale}/feed.xml"


REVISIONS_JSON = "revisions.json"
