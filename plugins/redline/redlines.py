"""The redline of a diff page: computed once per build, kept in the cache (no MkDocs import)."""

from __future__ import annotations

from .diff import Redline, redline
from .site import PageSpec
from .state import LocaleBuild


def redline_of(current: LocaleBuild, spec: PageSpec) -> Redline:
    """The redline of the diff page `spec`, computed once per build and cached by blob ids."""
    assert spec.old is not None and spec.revision is not None and current.renderer is not None
    pair = (spec.old.blob, spec.revision.blob)
    memo = current.state.redlines
    if pair not in memo:
        store = current.state.cache
        key = store.key("redline", *pair, spec.locale)
        cached = store.get("redline", key)
        if cached is not None:
            memo[pair] = Redline.from_json(cached)
        else:
            render = current.renderer
            html = current.state.rendered
            for rev in (spec.old, spec.revision):
                if rev.blob not in html:
                    html[rev.blob] = render(rev.body)
            memo[pair] = redline(html[spec.old.blob], html[spec.revision.blob], spec.locale)
            store.put("redline", key, memo[pair].to_json())
    return memo[pair]
