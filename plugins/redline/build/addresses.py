"""The links a page's templates ask for (`rl.*_url`): the one URL scheme (`model/urls`) made
relative to the page, mixed into `PageView` (no MkDocs)."""

from __future__ import annotations

from redline.model import urls
from redline.model.history import Revision
from redline.site import pages as site

from .state import LocaleBuild


class Addresses:
    """Links from one page; `PageView` gives the page (`locale`, `link`, `_doc_name`)."""

    build: LocaleBuild

    @property
    def locale(self) -> str:
        """The page's locale."""
        raise NotImplementedError

    def link(self, target: str) -> str:
        """A relative link from this page to a site-root path."""
        raise NotImplementedError

    def _doc_name(self, name: str | None) -> str:
        raise NotImplementedError

    def url_of(self, rev: Revision) -> str:
        """The site-root path of a revision (any locale)."""
        return urls.revision(rev)

    def url_of_diff(self, old: Revision, new: Revision) -> str:
        """The site-root path of the redline of `old` against `new` (any locale)."""
        return urls.diff(old, new)

    def revision_url(self, rev: Revision) -> str:
        """A link to the page of revision `rev`."""
        return self.link(urls.revision(rev))

    def document_url(self, name: str, locale: str | None = None) -> str:
        """A link to the text in force of document `name` (in `locale`, default the page's)."""
        return self.link(urls.document(locale or self.locale, name))

    def history_url(self, name: str) -> str:
        """A link to the revision history of document `name`."""
        return self.link(urls.history(self.locale, name))

    def clause_history_url(self, name: str) -> str:
        """A link to the history of each clause of document `name`."""
        return self.link(urls.clause_history(self.locale, name))

    def diff_url(self, old: Revision, new: Revision) -> str | None:
        """A link to the redline of `old` against `new`, if the site has that page."""
        state = self.build.state
        target = site.redline_path(state.timeline, state.compare, old, new)
        return self.link(target) if target is not None else None

    def changes_url(self) -> str:
        """A link to the locale's change notices."""
        return self.link(urls.changes(self.locale))

    def feed_url(self) -> str:
        """A link to the locale's Atom feed."""
        return self.link(urls.feed(self.locale))

    def document_feed_url(self, name: str | None = None) -> str:
        """A link to the Atom feed of document `name` (default: this page's)."""
        return self.link(urls.document_feed(self.locale, self._doc_name(name)))

    def document_index_url(self, name: str | None = None) -> str:
        """A link to the per-document index the compare picker reads."""
        return self.link(urls.document_index(self.locale, self._doc_name(name)))

    def compare_url(self, rev: Revision | None = None) -> str:
        """A link to the history page's compare picker (with `rev` picked as one side)."""
        query = f"?from={rev.slug}" if rev is not None else ""
        return self.link(urls.history(self.locale, self._doc_name(None))) + query + "#rl-compare"
