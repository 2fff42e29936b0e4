"""Links between policies on a locale's pages: each page's body and each side of a redline
rewritten by `site/references.py` after rendering, and what that depends on for a reusable
page's key (no MkDocs)."""

from __future__ import annotations

import logging
from typing import Any

from redline.model.history import Revision
from redline.site.pages import PageSpec
from redline.site.references import Context, Words, rewrite

from .state import LocaleBuild

log = logging.getLogger("mkdocs.plugins.redline")


def contexts(spec: PageSpec) -> list[Context]:
    """The texts a page shows, each as the context its links are read in: a policy or revision
    page its own; a redline both sides, at the redline's address; an untranslated page the
    translation that stood."""
    if spec.doc is None:
        return []
    if spec.kind == "policy":
        return [Context(spec.path, spec.locale, spec.doc, spec.revision, now=True)]
    if spec.kind == "revision":
        return [Context(spec.path, spec.locale, spec.doc, spec.revision, now=False)]
    if spec.kind == "untranslated" and spec.stood is not None:
        # The translation that stood, read as on its own revision page.
        return [Context(spec.path, spec.locale, spec.doc, spec.stood, now=False)]
    if spec.kind == "diff":
        return [
            Context(spec.path, spec.locale, spec.doc, side, now=False)
            for side in (spec.old, spec.revision)
            if side is not None
        ]
    return []


def body(current: LocaleBuild, spec: PageSpec, html: str, side: Revision | None = None) -> str:
    """The sanitized `html` of page `spec` (of one side of a redline, with `side`) with its links
    to policies leading where they should. A page's link that leads nowhere is a warning (once,
    on the page: a redline shows the revisions' own pages' links)."""
    for page in contexts(spec):
        if side is None or page.revision is side:
            state = current.state
            words = Words(current.translations.gettext, state.language(state.locale))
            broken: list[str] = []
            done = rewrite(html, page, state.references, words, broken)
            for href in broken if side is None else ():
                log.warning(
                    "redline: /%s: link '%s' leads nowhere (no such policy or clause): shown "
                    "to readers as its text, marked; redline check names its line",
                    spec.path,
                    href,
                )
            return done
    return html


def facts(current: LocaleBuild, spec: PageSpec) -> list[Any]:
    """Where the links of page `spec` may lead: part of its key, so a page is rendered again when
    a link of it would lead elsewhere (`reuse.page_key`)."""
    return [current.state.references.facts(page) for page in contexts(spec)]
