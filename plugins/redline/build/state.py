"""Per-build state: what the outer build reads once and hands to each locale's build (no MkDocs).

`open_build` reads the policy history (and, for previews, the drafts), reports its problems and
returns the `BuildState`; each locale's build gets a `LocaleBuild` sharing it. `Builds` finds the
state of a build from its configuration object.
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from babel.support import NullTranslations

from redline.diff import Redline
from redline.model import dates, urls
from redline.model.drafts import policy_folder_problems, with_drafts
from redline.model.history import History, HistoryError, Problem, Revision
from redline.model.repository import Sources
from redline.model.timeline import Timeline
from redline.site import compare, notices
from redline.site.compare import Compare
from redline.site.pages import PageSpec
from redline.site.references import Resolver
from redline.text import labels
from redline.text.render import Renderer

from .cache import Cache
from .progress import Progress, counted
from .reuse import Reuse


class Ahead(Protocol):
    """What a locale's build asks of the helpers computing its redlines ahead (`redlines.Ahead`,
    which imports this module: a protocol here keeps the import one way)."""

    taken: int  # redlines the build took from its helpers

    def take(self, pair: tuple[str, str]) -> None:
        """Wait for the helper computing `pair`, if one does, and keep its redlines."""

    def close(self) -> None:
        """Stop the helpers."""


@dataclass
class BuildState:
    """What the outer build hands to each locale's build."""

    timeline: Timeline  # the history as of the build's date
    drafts: bool
    locale_names: dict[str, str]  # locale -> the language's own name; the first is authoritative
    locales_dir: Path  # gettext catalogs of the interface strings
    cache: Cache
    compare: Compare  # the redlines the site makes (its `compare_all_max`)
    # The plugin's `subscribe_url` (its default, None, is the setting's: no sign-up link): an
    # https sign-up address of a feed-to-email service, `{feed}` for the feed's address
    subscribe_url: str | None
    locale: str = ""
    site_url: str = ""
    site_names: dict[str, str] = field(default_factory=dict)  # locale -> the site's name in it
    reuse_pages: bool = True  # pages whose inputs did not change are taken from the cache
    # A locale's own (each locale's build starts them empty): old, new blob id -> its redline;
    # blob id -> the sanitized HTML of the revision, for redlines.
    redlines: dict[tuple[str, str], Redline] = field(default_factory=dict)
    rendered: dict[str, str] = field(default_factory=dict)

    @property
    def history(self) -> History:
        """The history the site is built from."""
        return self.timeline.history

    @functools.cached_property
    def references(self) -> Resolver:
        """Where links between policies lead, asked of every page (`site/references.py`)."""
        return Resolver(self.timeline)

    def language(self, reader: str) -> str:
        """The authoritative language's name as readers of `reader` call it."""
        return labels.language_name(self.history.default_locale, reader, self.locale_names)


@dataclass
class LocaleBuild:
    """One build's share of the work: the outer build (no locale) or one locale's build."""

    state: BuildState
    pages: dict[str, PageSpec] = field(default_factory=dict)  # by source file (`src_uri`)
    translations: NullTranslations = field(default_factory=NullTranslations)
    renderer: Renderer | None = None
    reuse: Reuse | None = None  # a locale's build: the pages taken from the cache
    helpers: int = 0  # processes it may fork to compute redlines ahead (`redlines.Ahead`)
    ahead: Ahead | None = None  # those processes, while its pages are rendered
    progress: Progress | None = None  # a locale's build: its pages rendered so far
    # Revision page (`src_uri`) -> the SHA-256 of its body as published (rendered, sanitized):
    # `revisions.json`'s `rendered_sha256`, which `redline verify` compares.
    bodies: dict[str, str] = field(default_factory=dict)
    # Page path -> the line under each clause heading (`clausenotes.notes`): asked for the
    # page's cache key and again to place the lines, made once.
    clause_notes: dict[str, dict[str, str]] = field(default_factory=dict)

    def rendered(self) -> dict[tuple[str, str], str]:
        """(document, date) -> the digest of its revision's body as published, for the
        revisions of this locale whose pages this build rendered or took from the cache."""
        found = {}
        for uri, body in self.bodies.items():
            spec = self.pages.get(uri)
            if spec is not None and spec.doc and spec.revision is not None:
                found[(spec.doc, spec.revision.date.isoformat())] = body
        return found

    @property
    def nested(self) -> bool:
        """True for a locale's build, False for the outer one."""
        return bool(self.state.locale)

    def feed(self, doc: str | None = None) -> str:
        """The Atom feed of this locale's change notices (of one document, with `doc`), in its
        language."""
        state = self.state
        gettext = self.translations.gettext
        if doc is None:
            title = gettext("Policy changes")
        else:
            title = gettext("Changes to %(title)s") % {"title": self._title(doc)}
        return notices.atom_feed(
            state.timeline,
            state.locale,
            site_url=state.site_url + "/" if state.site_url else "",
            feed_title=title,
            translate=gettext,
            format_date=self._date,
            doc=doc,
            language=state.language(state.locale),
        )

    def _date(self, day: datetime.date) -> str:
        return dates.format_date(day, self.state.locale)

    def _title(self, doc: str) -> str:
        timeline = self.state.timeline
        found = timeline.history.get(doc, self.state.locale)
        shown = timeline.in_force(doc, self.state.locale)
        return (shown or found.revisions[-1]).title if found and found.revisions else doc

    def generated(self) -> list[tuple[str, str]]:
        """The files a locale's build writes besides its pages, as (path inside the locale's
        folder, text): the locale's feed, and each document's feed and index."""
        state = self.state
        locale = state.locale
        out = [(urls.FEED, self.feed())]
        diffs: dict[str, list[tuple[Revision, Revision]]] = {}
        for spec in self.pages.values():
            if spec.kind == "diff" and spec.doc and spec.old and spec.revision:
                diffs.setdefault(spec.doc, []).append((spec.old, spec.revision))
        for doc in state.history.docs():
            document = state.history.get(doc, locale)
            if document is None or not document.revisions:
                continue
            inside = urls.document(locale, doc)
            out.append((urls.document_feed(locale, doc).removeprefix(f"{locale}/"), self.feed(doc)))
            index = compare.document_index(
                state.timeline,
                document,
                diffs.get(doc, []),
                compare=state.compare,
                label=self._label,
                status_label=lambda rev: labels.mark_label(
                    state.timeline.mark(rev), self.translations.gettext
                ),
            )
            out.append((inside.removeprefix(f"{locale}/") + urls.DOCUMENT_INDEX, index))
        return out

    def _label(self, rev: Revision) -> str:
        if rev.is_draft:
            return self.translations.gettext("the draft")
        return dates.format_date(rev.date, self.state.locale)


C = TypeVar("C")


class Builds(Generic[C]):
    """The state of each running build, by its configuration object.

    MkDocs reuses one plugin instance for every configuration it loads, the nested builds' too,
    and a new configuration can reuse a dead one's `id()`: a weak reference tells them apart.
    """

    def __init__(self) -> None:
        self._builds: dict[int, tuple[weakref.ref[C], LocaleBuild]] = {}

    def of(self, config: C) -> LocaleBuild | None:
        """The state of the build that `config` belongs to."""
        entry = self._builds.get(id(config))
        return entry[1] if entry and entry[0]() is config else None

    def start(self, config: C, build: LocaleBuild) -> None:
        """Register `build` as the state of `config`'s build."""
        self._builds[id(config)] = (weakref.ref(config), build)

    def end(self, config: C) -> None:
        """Forget `config`'s build."""
        self._builds.pop(id(config), None)

    def clear(self) -> None:
        """Forget every build (a new outer build starts)."""
        self._builds.clear()


def open_build(
    sources: Sources,
    *,
    as_of: datetime.date,
    today: datetime.date,
    drafts: bool,
    recent_days: int,
    locale_names: dict[str, str],
    locales_dir: Path,
    cache: Cache,
    log: logging.Logger,
    compare: Compare,
    subscribe_url: str | None,
    site_names: dict[str, str] | None = None,
    reuse_pages: bool = True,
) -> BuildState:
    """Read the history of `sources` as of `as_of` into a new build's state.

    Problems are logged; HistoryError carries the first error, with how to fix it.
    """
    # Before anything walks the policy folder (MkDocs follows links in its docs_dir).
    report(policy_folder_problems(sources.repo, sources.policy_dir), log)
    policy_root = sources.repo / sources.policy_dir
    for locale in sources.locales:
        if not (policy_root / locale).is_dir():
            raise HistoryError(
                f"{policy_root / locale}: missing locale folder; create it with the "
                f"translated policies, or remove '{locale}' from plugins.redline.locales"
            )
    started = time.monotonic()
    # As of a day means as known on that day: with an as-of day before today, releases dated
    # after it are left out, as if their tags did not exist yet (the site as it was then).
    # With the as-of day today (or later), a release dated after today stays an error.
    history = sources.read(today, as_of)
    if drafts:
        history = with_drafts(history, sources.repo, as_of, sources.policy_dir)
    report(history.problems, log)
    if not history.releases:
        # A publishing build never falls back to the working tree: a clone without its
        # tags would publish drafts as the policy and drop every archived revision.
        if not drafts:
            raise HistoryError(
                f"no release tags {sources.tag_prefix}YYYY-MM-DD in {sources.repo}, and a "
                "publishing build shows released text only: fetch the tags (git fetch "
                "--tags) or tag the first release with 'redline release YYYY-MM-DD -m "
                "summary'; to preview the drafts, use mkdocs serve or REDLINE_DRAFTS=1"
            )
        log.warning(
            "no release tags %sYYYY-MM-DD: the preview shows the working tree as a draft; "
            "tag a release with 'redline release YYYY-MM-DD'",
            sources.tag_prefix,
        )
    log.info(
        "redline: %s in %s (%s), %s; in force as of %s",
        counted(len(history.docs()), "document"),
        counted(len(sources.locales), "language"),
        ", ".join(sources.locales),
        counted(len(history.releases), "release"),
        as_of,
    )
    log.debug("redline: the history read in %.2fs", time.monotonic() - started)
    return BuildState(
        Timeline(history, as_of, recent_days),
        drafts,
        locale_names=locale_names,
        locales_dir=locales_dir,
        cache=cache,
        compare=compare,
        site_names=site_names or {},
        reuse_pages=reuse_pages,
        subscribe_url=subscribe_url,
    )


def report(problems: Sequence[Problem], log: logging.Logger) -> None:
    """Log every problem; raise HistoryError with the first error if there is one."""
    for problem in problems:
        if problem.severity == "warning":
            log.warning("%s", problem)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors[1:]:
            log.error("%s", problem)
        more = f" (and {len(errors) - 1} more above)" if len(errors) > 1 else ""
        raise HistoryError(f"{errors[0]}{more}")
