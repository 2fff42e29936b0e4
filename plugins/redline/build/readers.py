"""The pages and notices that keep readers from dead ends (no MkDocs): how to follow changes
(the feed's address, feed readers, email), the page that says a revision has no translation,
the language switch that leads there, the drafts announced in a preview, and the error page
in every locale's language.

Templates reach it as `rl_readers` beside `rl` (`PageView`); the error page, which has no page
of the plan, gets `rl_not_found` (`not_found`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from redline.model import urls
from redline.model.history import Revision
from redline.model.notice import notice_text
from redline.text import catalogs

if TYPE_CHECKING:
    from .pageview import PageView

#: Feed readers that subscribe from a link (`{feed}`: the feed's address, url-encoded). Plain
#: links: nothing is loaded from them unless the reader follows one (no third-party request).
FEED_READERS = (
    ("Feedly", "https://feedly.com/i/subscription/feed/{feed}"),
    ("Inoreader", "https://www.inoreader.com/?add_feed={feed}"),
    ("NewsBlur", "https://www.newsblur.com/?url={feed}"),
)


@dataclass
class Readers:
    """What the templates ask about following changes and missing pages, for one page."""

    view: PageView

    def follow_url(self, name: str | None = None) -> str:
        """A link to the "follow changes" page of the locale, or of document `name`."""
        locale = self.view.locale
        target = urls.follow(locale) if name is None else urls.document_follow(locale, name)
        return self.view.link(target)

    def follow(self) -> dict[str, Any]:
        """The "follow changes" page: its feed (link, address shown), the feed readers' links
        and the email sign-up link (`subscribe_url`), each with the feed's address encoded.

        Without `site_url` the address is relative (the page's script makes it absolute) and
        there are no reader or `{feed}` links: they need the feed's public address."""
        view, spec = self.view, self.view.spec
        doc = spec.doc if spec is not None else None
        path = urls.feed(view.locale) if doc is None else urls.document_feed(view.locale, doc)
        site_url = view.state.site_url.rstrip("/")
        address = f"{site_url}/{path}" if site_url else ""
        encoded = quote(address, safe="")
        readers = [
            {"name": name, "href": link.replace("{feed}", encoded)}
            for name, link in FEED_READERS
            if address
        ]
        subscribe = view.state.subscribe_url
        email = None
        if subscribe and (address or "{feed}" not in subscribe):
            href = subscribe.replace("{feed}", encoded)
            email = {"href": href, "host": urlsplit(href).hostname or ""}
        return {
            "href": view.link(path),
            "address": address or view.link(path),
            "absolute": bool(address),
            "readers": readers,
            "email": email,
        }

    def title(self) -> str:
        """The `<title>` (and heading) of a "follow changes" or untranslated page."""
        view, spec = self.view, self.view.spec
        if spec is None:
            return ""
        if spec.kind == "untranslated" and spec.revision is not None:
            return view._(
                "%(title)s — revision of %(date)s, in %(language)s only",
                title=spec.title,
                language=view.authoritative_language(),
                date=view.date(spec.revision.date),
            )
        if spec.kind == "follow" and spec.doc:
            return view._("Follow changes to %(title)s", title=self._doc_title(spec.doc))
        return view._("Follow changes")

    def _doc_title(self, name: str) -> str:
        view = self.view
        doc = view.doc(name)
        if doc is None or not doc.revisions:
            return name
        return (view.in_force(name) or doc.revisions[-1]).title

    def switches(self) -> list[dict[str, str]]:
        """The language switch's links (`alternates`, but to the page that says why when the
        other locale had no text at the page's date: `site.switch_target`)."""
        view = self.view
        out, paths = view.alternates(), view.switch_paths()
        for alt in out:
            if alt["locale"] in paths:
                alt["href"] = view.link(paths[alt["locale"]])
        return out

    def untranslated(self) -> dict[str, Any]:
        """An untranslated page: the authoritative revision (`rev`, its link, its redline
        against the revision before it, `diff`, or empty for the first), its change notice for
        this page's readers (`notice`: the front matter's notice for their locale, `notice_lang`
        that locale, else the localized "revised on" with `notice_lang` empty: the page's own
        language), the translation that stood when it was released (`stood`, or None: the page
        shows its text, with the clauses of `rev` it lacked, `site.pending_shown`), the text in
        force and history. All of it fixed by `rev` and the revision before it, never by a later
        release (the page is cached: `reuse.page_key`)."""
        view, spec = self.view, self.view.spec
        assert spec is not None and spec.revision is not None and spec.doc is not None
        rev, stood = spec.revision, spec.stood
        previous = view.previous(rev)
        own = rev.notice_for(view.locale)
        return {
            "rev": rev,
            "href": view.link(urls.revision(rev)),
            "diff": (view.diff_url(previous, rev) or "") if previous is not None else "",
            "notice": notice_text(rev, view.build.translations.gettext, view.date, view.locale),
            "notice_lang": view.locale if own is not None else "",
            "stood": stood,
            "stood_href": view.revision_url(stood) if stood is not None else "",
            "in_force": view.document_url(spec.doc),
            "history": view.history_url(spec.doc),
        }

    def drafts(self) -> list[dict[str, Any]]:
        """In a preview (drafts shown), each draft of the page's document (of every document, on
        the home page): its title, its link and its redline against the text in force (None for
        a policy never released). Empty when drafts are not shown."""
        view, spec = self.view, self.view.spec
        if not view.state.drafts or spec is None:
            return []
        names = [spec.doc] if spec.doc else list(view.history.docs())
        out = []
        for name in names:
            doc = view.doc(name)
            if doc is None or not doc.revisions or not doc.revisions[-1].is_draft:
                continue
            draft: Revision = doc.revisions[-1]
            current = view.in_force(name)  # none: a new policy, only the draft to read
            out.append(
                {
                    "title": draft.title,
                    "href": view.revision_url(draft),
                    "diff": view.diff_url(current, draft) if current is not None else None,
                }
            )
        return out


def not_found(view: PageView, base_url: str) -> list[dict[str, Any]]:
    """The error page (`404.html`) in every locale's language, the page's own first: each
    locale's heading and sentence, and links to its home and policies. Links are absolute from
    the site's root: a host serves the root's error page at any missing address (`/th/a/b`);
    `base_url` is the one MkDocs gives the error page (the site's path, of the locale's build)."""
    state = view.state
    root = base_url if base_url.endswith("/") else base_url + "/"
    if state.locale:
        root = root.removesuffix(f"{state.locale}/") or "/"
    order = sorted(state.locale_names, key=lambda locale: locale != view.locale)
    out = []
    for locale in order:
        gettext = catalogs.load(state.locales_dir, locale).gettext
        documents = []
        for name in state.history.docs():
            doc = state.history.get(name, locale)
            released = [r for r in doc.revisions if not r.is_draft] if doc else []
            if doc is None or not released:
                continue
            shown = state.timeline.in_force(name, locale) or released[-1]
            documents.append({"title": shown.title, "href": root + urls.document(locale, name)})
        out.append(
            {
                "locale": locale,
                "heading": gettext("Page not found"),
                "sentence": gettext("There is no page at this address. The policies are here:"),
                "home": root + urls.locale_home(locale),
                "home_label": gettext("All policies"),
                "documents": documents,
            }
        )
    return out
