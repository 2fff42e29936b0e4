"""The redline of a diff page: computed once per build, kept in the cache (no MkDocs import)."""

from __future__ import annotations

import dataclasses
from typing import Any

from .diff import Redline, redline
from .history import Revision
from .sanitize import sanitize, sanitize_redline
from .site import PageSpec
from .state import LocaleBuild


def redline_of(current: LocaleBuild, spec: PageSpec) -> Redline:
    """The redline of the diff page `spec`, computed once per build and cached by blob ids."""
    assert spec.old is not None and spec.revision is not None and current.renderer is not None
    pair = (spec.old.blob, spec.revision.blob)
    memo = current.state.redlines
    if pair not in memo:
        store = current.state.cache
        key = store.key("redline", *pair, spec.locale, current.renderer.settings)
        cached = _from_cache(store.get_sealed("redline", key))
        if cached is not None:
            memo[pair] = cached
        else:
            old, new = _html(current, spec.old), _html(current, spec.revision)
            memo[pair] = redline(old, new, spec.locale)
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
