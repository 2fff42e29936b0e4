"""The redline of a diff page: computed once per build, kept in the cache (no MkDocs import)."""

from __future__ import annotations

import dataclasses
from typing import Any

from .diff import Redline, redline
from .sanitize import sanitize_redline
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
        cached = _from_cache(store.get("redline", key))
        if cached is not None:
            memo[pair] = cached
        else:
            render = current.renderer
            html = current.state.rendered
            for rev in (spec.old, spec.revision):
                if rev.blob not in html:
                    html[rev.blob] = render(rev.body)
            memo[pair] = redline(html[spec.old.blob], html[spec.revision.blob], spec.locale)
            store.put("redline", key, memo[pair].to_json())
    return memo[pair]


def _from_cache(data: Any) -> Redline | None:
    """A cached redline, or None if there is none or it is not one. The cache folder is a plain
    folder that anything on the machine (or a commit) can write to: its HTML is sanitized again
    like freshly computed HTML, so a planted entry can never bring script into a page."""
    if not isinstance(data, dict):
        return None
    try:
        found = Redline.from_json(data)
    except ValueError:
        return None
    if not isinstance(found.html, str):
        return None
    return dataclasses.replace(found, html=sanitize_redline(found.html))
