"""Which pages each locale of the site has, and how they link across locales (no MkDocs)."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from redline.model import urls
from redline.model.history import Revision
from redline.model.timeline import Timeline
from redline.model.translation import PendingClause
from redline.text.sanitize import inert_text

from .compare import Compare

#: What a generated page of a locale is; its template is `redline/<kind>.html`.
PageKind = Literal[
    "home", "policy", "revision", "history", "clauses", "diff", "changes", "follow", "untranslated"
]


@dataclass(frozen=True)
class PageSpec:
    """One generated page; `path` is relative to the site root (`<lc>/...`)."""

    kind: PageKind
    path: str
    locale: str
    title: str
    doc: str | None = None
    # policy, revision: the text shown; diff: the newer side; untranslated: the authoritative
    # revision that has no translation in `locale`
    revision: Revision | None = None
    old: Revision | None = None  # diff: the older side
    in_search: bool = False
    # untranslated: the translation in `locale` that stood at the revision's date (None when
    # the locale had no text yet); the page shows it, with what it had not caught up with
    stood: Revision | None = None

    @property
    def text(self) -> Revision | None:
        """The text the page shows as its body: a policy's or revision's own, the translation
        that stood on an untranslated page; None on other pages."""
        if self.kind in ("policy", "revision"):
            return self.revision
        return self.stood if self.kind == "untranslated" else None

    @property
    def src_uri(self) -> str:
        """The generated Markdown file's path inside its locale's build."""
        return urls.source_of(self.path)


def plan(timeline: Timeline, locale: str, compare: Compare) -> list[PageSpec]:
    """Every page of `locale`, in a stable order; `compare` (the site's `compare_all_max`)
    decides which pairs of a document's revisions get a redline (`Compare.pairs`)."""
    history = timeline.history
    pages = [PageSpec("home", urls.locale_home(locale), locale, "")]
    for name in history.docs():
        doc = history.get(name, locale)
        if doc is None or not doc.revisions:
            continue
        in_force = timeline.in_force(name, locale)
        current = in_force or doc.revisions[-1]
        pages.append(
            PageSpec(
                "policy",
                urls.document(locale, name),
                locale,
                current.title,
                name,
                in_force,
                in_search=in_force is not None,
            )
        )
        pages.append(PageSpec("history", urls.history(locale, name), locale, current.title, name))
        clauses = urls.clause_history(locale, name)
        pages.append(PageSpec("clauses", clauses, locale, current.title, name))
        for rev in doc.revisions:
            pages.append(PageSpec("revision", urls.revision(rev), locale, rev.title, name, rev))
        for old, new in compare.pairs(timeline, doc):
            pages.append(PageSpec("diff", urls.diff(old, new), locale, new.title, name, new, old))
        for rev in untranslated(timeline, name, locale):
            path = untranslated_path(rev, locale)
            stood = doc.released_by(rev.date)
            # Titled as the translation that stood (else the first translation): fixed once
            # published, unlike the title in force, which a later release may rename.
            title = (stood or doc.revisions[0]).title
            pages.append(PageSpec("untranslated", path, locale, title, name, rev, stood=stood))
        pages.append(PageSpec("follow", urls.document_follow(locale, name), locale, "", name))
    pages.append(PageSpec("changes", urls.changes(locale), locale, ""))
    pages.append(PageSpec("follow", urls.follow(locale), locale, ""))
    return pages


def untranslated(timeline: Timeline, name: str, locale: str) -> list[Revision]:
    """The released authoritative revisions of document `name` that have no revision of the
    same date in translation `locale` (which has the document): each gets a page in `locale`,
    at the address its translation would have, that says so (`untranslated_path`)."""
    history = timeline.history
    authoritative = history.get(name, history.default_locale)
    if authoritative is None:
        return []
    return [
        rev for rev in authoritative.revisions if lacks_translation(timeline, name, rev, locale)
    ]


def lacks_translation(timeline: Timeline, name: str, rev: Revision, locale: str) -> bool:
    """Whether revision `rev` of document `name` is one of `untranslated(…, locale)`: asked of
    one revision at a time by each page's language switch (a list per page would be a list per
    revision of the history)."""
    history = timeline.history
    own = history.get(name, locale)
    return (
        locale != history.default_locale
        and rev.locale == history.default_locale
        and not rev.is_draft
        and own is not None
        and own.by_slug(rev.slug) is None
    )


def untranslated_path(rev: Revision, locale: str) -> str:
    """Where authoritative revision `rev` would be in `locale`: its untranslated page."""
    return urls.revision(rev).replace(f"{rev.locale}/", f"{locale}/", 1)


def page_title(title: str) -> str:
    """A policy's title as Material takes page and nav titles: HTML, which it prints unescaped
    (and turns into an HTML tooltip when it is truncated), so escaped, inert text."""
    return html.escape(inert_text(title))


def nav(pages: Sequence[PageSpec], changes_title: str) -> list[dict[str, str]]:
    """The navigation of a locale: its policies, then the change notices."""
    found = [{page_title(spec.title): spec.src_uri} for spec in pages if spec.kind == "policy"]
    found += [{changes_title: spec.src_uri} for spec in pages if spec.kind == "changes"]
    return found


def in_nav(spec: PageSpec) -> bool:
    """Whether the page is listed in the navigation (the others are still built)."""
    return spec.kind in ("policy", "changes")


def pending_shown(timeline: Timeline, spec: PageSpec) -> tuple[PendingClause, ...]:
    """The pending clauses a page shows: on the text in force (`policy`) those pending today
    (`Timeline.pending_clauses`), on a revision page those pending the day it was released
    (`Timeline.pending_at_release`: a published revision page never changes after its day);
    on the page of an authoritative revision without a translation of its date, those of that
    revision the translation that stood then lacked (`Timeline.pending_against`); none on other
    pages (`build/pending.py` places them in the page's `text`)."""
    if spec.revision is None:
        return ()
    if spec.kind == "policy":
        return timeline.pending_clauses(spec.revision)
    if spec.kind == "revision":
        return timeline.pending_at_release(spec.revision)
    if spec.kind == "untranslated":
        return timeline.pending_against(spec.stood, spec.revision)
    return ()


def redline_path(
    timeline: Timeline, compare: Compare, old: Revision | None, new: Revision
) -> str | None:
    """The site-root path of the redline of `old` against `new` when the site has that page (a
    pair `compare` gives their document, as `plan` makes them: every such link of any locale
    asks here), else None (no `old`, or a pair beyond the bound). A link that must lead
    somewhere falls back to the revision page itself."""
    if old is None:
        return None
    doc = timeline.history.get(new.doc, new.locale)
    if doc is None or not compare.has_pair(timeline, doc, old, new):
        return None
    return urls.diff(old, new)


def in_sitemap(spec: PageSpec) -> bool:
    """Whether the page is listed in the sitemap, with its languages, and carries hreflang
    alternates in its head: every page but redlines, drafts (still built and linked; the
    language switcher of every page goes to the same page in each locale) and the pages that
    say a revision has no translation (no translation themselves)."""
    if spec.kind in ("diff", "untranslated"):
        return False
    return not (spec.revision is not None and spec.revision.is_draft)


def page_source(spec: PageSpec, site_name: str = "", follow_title: str = "") -> str:
    """The generated Markdown file of a page: front matter naming its template, then the text
    it shows (a policy's or a revision's body; the templates render everything else).
    `follow_title`: the title of the "follow changes" pages, in the locale's language."""
    meta: dict[str, Any] = {"template": f"redline/{spec.kind}.html"}
    if spec.title:
        meta["title"] = page_title(spec.title)
    elif spec.kind == "home" and site_name:  # else MkDocs titles it "Home", in English
        meta["title"] = page_title(site_name)
    elif spec.kind == "follow" and follow_title:  # else MkDocs titles it "Follow"
        meta["title"] = page_title(follow_title)
    if not spec.in_search:
        meta["search"] = {"exclude": True}
    body = spec.text.body if spec.text is not None else ""
    return markdown_page(meta, body)


def chooser_source(site_name: str) -> str:
    """The generated Markdown file of the language chooser at `/` (`urls.ROOT`)."""
    return markdown_page({"template": "redline/chooser.html", "title": site_name}, "")


def markdown_page(meta: dict[str, Any], body: str) -> str:
    """A generated page: YAML front matter (safely dumped) and a Markdown body."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + body


def counterpart(timeline: Timeline, page: PageSpec, other: str, compare: Compare) -> str:
    """The path of the same page in locale `other`: same document, same clause of the text in
    force on the same date; the nearest page that exists when there is no exact match (a
    redline the other locale does not have under `compare`, the site's bound: its text at the
    newer side's date, where the clauses are; its history when it had none)."""
    history = timeline.history
    if page.doc is None:
        return page.path.replace(f"{page.locale}/", f"{other}/", 1)
    doc = history.get(page.doc, other)
    if doc is None or not doc.revisions:
        return urls.locale_home(other)
    if page.kind == "policy":
        return urls.document(other, page.doc)
    if page.kind == "clauses":
        return urls.clause_history(other, page.doc)
    if page.kind == "follow":
        return urls.document_follow(other, page.doc)
    if page.kind == "untranslated" and page.revision is not None:
        own = doc.by_slug(page.revision.slug)
        if own is not None:  # the authoritative locale (or another that has this revision)
            return urls.revision(own)
    if page.kind == "diff" and page.old is not None and page.revision is not None:
        old = doc.by_slug(page.old.slug)
        new = doc.by_slug(page.revision.slug)
        if old and new and compare.has_pair(timeline, doc, old, new):
            return urls.diff(old, new)
    if page.kind in ("revision", "diff") and page.revision is not None:
        if page.revision.is_draft:
            draft = doc.revisions[-1]
            return urls.revision(draft) if draft.is_draft else urls.document(other, page.doc)
        # The other locale's text as released by this revision's date (whatever its effective
        # date): the same release, or the translation that stood beside it.
        earlier = doc.released_by(page.revision.date)
        return urls.revision(earlier) if earlier else urls.history(other, page.doc)
    return urls.history(other, page.doc)


def switch_target(timeline: Timeline, page: PageSpec, other: str, compare: Compare) -> str:
    """Where the language switch of `page` leads in locale `other`: where its hreflang
    alternate does (`counterpart`), but from an authoritative revision, or a redline to one,
    that has no translation of its date in `other`: the page in `other` at that revision's
    address (`untranslated`), which says so and shows the translation that stood then with the
    clauses it lacked inserted, so the clause the reader was on is there. The alternate stays
    the counterpart, a translation (that page is no translation: out of the sitemap).
    The page's script carries the clause in view as the fragment (docs/ARCHITECTURE.md)."""
    return switch_from(timeline, page, other, counterpart(timeline, page, other, compare))


def switch_from(timeline: Timeline, page: PageSpec, other: str, target: str) -> str:
    """`switch_target`, given the page's `counterpart` in `other` (`target`): for a caller that
    made it already, for the hreflang alternate."""
    rev = page.revision
    if page.doc is None or page.kind not in ("revision", "diff") or rev is None:
        return target
    if lacks_translation(timeline, page.doc, rev, other):
        return untranslated_path(rev, other)
    return target


def relative(from_path: str, to_path: str) -> str:
    """A relative link from the page at `from_path` to `to_path` (both site-root paths).

    Written by hand because MkDocs' `url` filter cannot leave a nested locale build.
    """
    source, target = from_path.split("/"), to_path.split("/")
    if {".", ".."} & {*source, *target}:
        rel = posixpath.relpath("/" + to_path, "/" + from_path)
    else:  # `relpath` for the paths this site makes, a third of its time (a history page of
        # 400 revisions makes thousands of links)
        source, target = [p for p in source if p], [p for p in target if p]
        common = 0
        for a, b in zip(source, target, strict=False):
            if a != b:
                break
            common += 1
        rel = "/".join([".."] * (len(source) - common) + target[common:]) or "."
    if rel == ".":
        return "./"
    return rel + "/" if to_path.endswith("/") else rel
