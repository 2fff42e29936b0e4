"""The redline of a diff page: computed once per build, kept in the cache, and computed ahead of
its page by helper processes when the build has CPUs to spare (no MkDocs import)."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from redline.diff import MESSAGES, Redline, redline
from redline.model.history import Revision
from redline.site import linknotes
from redline.site.pages import PageSpec
from redline.text.sanitize import sanitize, sanitize_redline

from . import links, parallel
from .state import LocaleBuild

log = logging.getLogger("mkdocs.plugins.redline")


def shown(current: LocaleBuild, spec: PageSpec) -> Redline:
    """The redline of the diff page `spec` as the page shows it: the addresses it prints beside
    links resolved against the page's address (`site.linknotes`). Done on the redline taken from
    the build's memo or the cache, which holds it as `diff` made it: the same for any site_url;
    the page's key covers its path and address (`reuse.page_key`)."""
    found = redline_of(current, spec)
    html = linknotes.printed(found.html, spec.path, current.state.site_url)
    return dataclasses.replace(found, html=html)


def redline_of(current: LocaleBuild, spec: PageSpec) -> Redline:
    """The redline of the diff page `spec`, computed once per build and cached by blob ids."""
    assert spec.old is not None and spec.revision is not None and current.renderer is not None
    pair = (spec.old.blob, spec.revision.blob)
    memo = current.state.redlines
    if pair not in memo and current.ahead is not None:
        current.ahead.take(pair)
    if pair not in memo:
        store = current.state.cache
        gettext = current.translations.gettext
        # The redline's notes are in the page's language: a catalog edit is a new redline.
        labels = [gettext(m) for m in MESSAGES]
        # Links to other policies lead where this page's sides lead (`links`).
        targets = links.facts(current, spec)
        key = store.key("redline", *pair, spec.locale, current.renderer.settings, labels, targets)
        cached = _from_cache(store.get_sealed("redline", key))
        if cached is not None:
            memo[pair] = cached
        else:
            old = links.body(current, spec, _html(current, spec.old), spec.old)
            new = links.body(current, spec, _html(current, spec.revision), spec.revision)
            titles = (spec.old.title, spec.revision.title)
            memo[pair] = redline(old, new, spec.locale, titles=titles, gettext=gettext)
            store.put_sealed("redline", key, memo[pair].to_json())
    return memo[pair]


def _html(current: LocaleBuild, rev: Revision) -> str:
    """The sanitized HTML of `rev`, rendered once per build and kept in the cache: a new text in
    force is compared with older revisions whose pages are not rendered again (`reuse`). Like a
    cached redline, cached HTML is sealed, and sanitized again when read."""
    assert current.renderer is not None
    html = current.state.rendered
    if rev.blob not in html:
        store = current.state.cache
        key = store.key("html", rev.blob, current.renderer.settings)
        cached = store.get_sealed("html", key, counted=False)
        if isinstance(cached, str):
            html[rev.blob] = sanitize(cached)
        else:
            html[rev.blob] = current.renderer(rev.body)
            store.put_sealed("html", key, html[rev.blob])
    return html[rev.blob]


def _from_cache(data: Any) -> Redline | None:
    """A cached redline, or None if there is none or it is not one. The cache folder is a plain
    folder that anything on the machine (or a commit) can write to: an entry is taken only if
    sealed with the user's key (`Cache.get_sealed`), and its HTML is sanitized again like
    freshly computed HTML all the same."""
    if not isinstance(data, dict):
        return None
    try:
        found = Redline.from_json(data)
    except ValueError:
        return None
    if not isinstance(found.html, str):
        return None
    return dataclasses.replace(found, html=sanitize_redline(found.html))


class Ahead:
    """The redlines of a locale's diff pages computed by `helpers` forked processes while the
    build renders its other pages: a locale is one build, so this is how a build of one locale
    (a shard of a CI matrix, say) uses a second CPU.

    Each helper takes every `helpers`-th page of `specs`, in their order, and computes its
    redline as `redline_of` would (reading and writing the cache likewise); `take` reads them as
    the pages are rendered. The results are the same bytes: the same function of the same
    revisions. A helper that fails leaves the rest of its pages to the build, which computes them
    itself (and reports any error as usual).
    """

    def __init__(self, current: LocaleBuild, specs: Sequence[PageSpec], helpers: int) -> None:
        self.current = current
        self.taken = 0  # redlines the build took from its helpers
        self._streams: dict[tuple[str, str], parallel.Stream] = {}  # by the pair it computes
        self._started: list[parallel.Stream] = []
        pairs: dict[tuple[str, str], PageSpec] = {}
        for spec in specs:
            assert spec.old is not None and spec.revision is not None
            pairs.setdefault((spec.old.blob, spec.revision.blob), spec)
        unique = list(pairs.values())
        count = min(helpers, len(unique))
        for index in range(count):
            share = unique[index::count]
            try:
                stream = parallel.Stream(
                    functools.partial(_compute, current, share),
                    f"redline helper {index + 1} of /{current.state.locale}/",
                )
            except OSError as exc:  # no process to spare (fork refused): the build does it
                log.debug("redline: no helper process for /%s/: %s", current.state.locale, exc)
                break
            self._started.append(stream)
            for spec in share:
                assert spec.old is not None and spec.revision is not None
                self._streams[(spec.old.blob, spec.revision.blob)] = stream

    def take(self, pair: tuple[str, str]) -> None:
        """Wait for the helper computing `pair` (if one does) and keep what it sent until then in
        the build's redlines; counted in the cache's hits and misses as in the helper."""
        stream = self._streams.pop(pair, None)
        state = self.current.state
        while stream is not None and pair not in state.redlines:
            item = stream.next()
            if item is None:
                return
            done, redline, hits, misses = item
            self._streams.pop(done, None)
            state.redlines[done] = redline
            state.cache.hits += hits
            state.cache.misses += misses
            self.taken += 1

    def close(self) -> None:
        """Stop the helpers (at the end of the build, or when it fails)."""
        for stream in self._started:
            stream.close()
        self._streams.clear()


def _compute(current: LocaleBuild, specs: Sequence[PageSpec], send: Callable[[Any], None]) -> None:
    """In a helper: each redline of `specs`, sent with the cache hits and misses it took."""
    store = current.state.cache
    for spec in specs:
        assert spec.old is not None and spec.revision is not None
        hits, misses = store.hits, store.misses
        found = redline_of(current, spec)
        send(((spec.old.blob, spec.revision.blob), found, store.hits - hits, store.misses - misses))
