"""The URL scheme of the site (docs/ARCHITECTURE.md), as paths relative to the site root."""

from __future__ import annotations

from .history import DRAFT, Revision

# The fixed segments of the scheme, named once: the paths below and the reserved document names
# are made of them.
HISTORY = "history"
CLAUSES = "clauses"  # inside a document's `history/`: the history of each clause
CHANGES = "changes"
FEED = "feed.xml"
FOLLOW = "follow"  # the page that says how to follow a feed: a browser shows a feed as XML
DOCUMENT_INDEX = "revisions.json"  # beside each document's pages: its revisions, for scripts
REVISIONS_JSON = "revisions.json"

#: What MkDocs, its search plugin and mkdocs-material write into each locale's folder besides the
#: pages: the locale's home, the error page, the sitemaps, the search index and the theme's assets.
BUILD_OUTPUT = ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "search/", "assets/")

#: Names a document cannot have. Its pages live at `/<lc>/<doc>/`, beside everything the site
#: writes into `/<lc>/` (`changes/`, `feed.xml`, `follow/`, `search/`, ...), so a document
#: sharing a name with one of those (or with a segment of a document's own URLs) would lose its
#: page or take the site's; `revisions` is kept for the root's `revisions.json`.
RESERVED_NAMES = frozenset(
    segment.split(".", 1)[0].rstrip("/")
    for segment in (HISTORY, CHANGES, DRAFT, FEED, FOLLOW, REVISIONS_JSON, *BUILD_OUTPUT)
)


#: The site root's path: the language chooser, built by the outer build.
ROOT = ""


def source_of(path: str) -> str:
    """The Markdown file MkDocs builds the page at site-root `path` from: inside its locale's
    build for a locale's page (`en/privacy/` -> `privacy/index.md`), in the outer build for the
    root (`` -> `index.md`)."""
    return path.partition("/")[2] + "index.md"


def output_of(source: str) -> str:
    """The HTML file MkDocs writes for the Markdown file `source` (directory URLs):
    `privacy/index.md` -> `privacy/index.html`."""
    return source.removesuffix("index.md") + "index.html"


def locale_home(locale: str) -> str:
    """`/<lc>/`: the list of policies of one locale."""
    return f"{locale}/"


def document(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/`: the text in force."""
    return f"{locale}/{doc}/"


def history(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/history/`: every revision."""
    return f"{locale}/{doc}/{HISTORY}/"


def clause_history(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/history/clauses/`: every clause's changes, one section per anchor ever seen
    (`#<anchor>`)."""
    return f"{locale}/{doc}/{HISTORY}/{CLAUSES}/"


def revision(rev: Revision) -> str:
    """`/<lc>/<doc>/<YYYY-MM-DD>/` (or `draft/`): one revision as released."""
    return f"{rev.locale}/{rev.doc}/{rev.slug}/"


def diff(old: Revision, new: Revision) -> str:
    """`/<lc>/<doc>/changes/<from>...<to>/`: the redline between two revisions."""
    return f"{new.locale}/{new.doc}/{CHANGES}/{old.slug}...{new.slug}/"


def document_feed(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/feed.xml`: the Atom feed of one document's change notices."""
    return f"{locale}/{doc}/{FEED}"


def document_index(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/revisions.json`: one document's revisions and redlines, read by scripts."""
    return f"{locale}/{doc}/{DOCUMENT_INDEX}"


def changes(locale: str) -> str:
    """`/<lc>/changes/`: every change notice, newest first."""
    return f"{locale}/{CHANGES}/"


def feed(locale: str) -> str:
    """`/<lc>/feed.xml`: the Atom feed of change notices."""
    return f"{locale}/{FEED}"


def follow(locale: str) -> str:
    """`/<lc>/follow/`: how to follow the locale's feed (feed readers, email)."""
    return f"{locale}/{FOLLOW}/"


def document_follow(locale: str, doc: str) -> str:
    """`/<lc>/<doc>/follow/`: how to follow one document's feed."""
    return f"{locale}/{doc}/{FOLLOW}/"
