"""Which redlines a document gets, and its per-document index for the compare picker (no MkDocs).

A document whose revisions in a locale are within `compare_all_max` gets a redline for every
pair of them (older against newer), so a reader can compare any two; beyond the bound it gets
the fixed pairs only: each revision against the previous one, each other revision against the
text in force. The bound keeps a long history from costing n²/2 redlines (see
`benchmarks/compare_bench.py`).

The index (`/<lc>/<doc>/revisions.json`) lists the document's revisions with their status and
period in force, and the pairs that exist; the compare picker of the history and redline pages
reads it by script, so an archived redline page does not change when a revision is added.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from redline.model import urls
from redline.model.history import DocumentHistory, Revision
from redline.model.timeline import Timeline

__all__ = ["COMPARE_ALL_MAX", "Compare", "document_index", "fixed_pairs"]

#: The default of the `compare_all_max` setting (`plugin/config.py`, its one use): the bound on a
#: document's revisions in a locale for which every pair gets a redline. 40 revisions make 780
#: pairs; measured by `benchmarks/compare_bench.py` (README, Performance).
COMPARE_ALL_MAX = 40

Pair = tuple[Revision, Revision]
_Slugs = frozenset[tuple[str, str]]  # pairs by the revisions' slugs


def fixed_pairs(timeline: Timeline, doc: DocumentHistory, window: int | None = None) -> list[Pair]:
    """Each released revision against the previous one; against the text in force: the draft,
    an upcoming revision, and the older revisions, the newest `window` of them (all without).

    The window keeps a release's cost bounded in a long history: each older revision's redline
    against the text in force is a new page whenever the text in force changes.
    """
    pairs: list[Pair] = []
    released = [r for r in doc.revisions if not r.is_draft]
    for old, new in zip(released, released[1:], strict=False):
        pairs.append((old, new))
    current = _current(timeline, doc)
    if current is not None:
        seen = {(id(a), id(b)) for a, b in pairs}
        for rev in _compared_with_current(doc, current, window):
            pair = (
                (rev, current) if rev.date < current.date and not rev.is_draft else (current, rev)
            )
            if (id(pair[0]), id(pair[1])) not in seen:
                pairs.append(pair)
    return pairs


def _current(timeline: Timeline, doc: DocumentHistory) -> Revision | None:
    released = [r for r in doc.revisions if not r.is_draft]
    return timeline.in_force(doc.doc, doc.locale) or (released[-1] if released else None)


def _compared_with_current(
    doc: DocumentHistory, current: Revision, window: int | None
) -> list[Revision]:
    """The revisions of `doc` that get a redline against `current`, in the history's order."""
    older = [r for r in doc.revisions if not r.is_draft and r.date < current.date]
    if window is not None:
        older = older[max(0, len(older) - window) :]
    keep = {id(r) for r in older}
    return [
        r
        for r in doc.revisions
        if r is not current and (id(r) in keep or r.is_draft or r.date > current.date)
    ]


@dataclass(frozen=True)
class Compare:
    """Which redlines the site makes: the site's `compare_all_max` (`all_max`), decided once from
    the plugin's settings (`settings.compare`) and handed to everything that plans pages, links
    them across locales or lists them, so no two of them can disagree on a bound."""

    all_max: int  # every pair of a document's revisions in a locale up to this many
    # `has_pair`'s pairs by slug, per timeline (kept while the timeline is) and document. A
    # performance cache, not state: a page's language switch asks `has_pair` for every redline,
    # and listing a long history's pairs for each would cost n² per page. It lives here, on the
    # value that decides the pairs, so it can never answer for another bound.
    _listed: weakref.WeakKeyDictionary[Timeline, dict[tuple[str, str], _Slugs]] = field(
        default_factory=weakref.WeakKeyDictionary, init=False, compare=False, repr=False
    )

    def all_pairs(self, doc: DocumentHistory) -> bool:
        """Whether `doc` gets a redline for every pair of its revisions (at most `all_max`)."""
        return len(doc.revisions) <= self.all_max

    def pairs(self, timeline: Timeline, doc: DocumentHistory) -> list[Pair]:
        """The redlines `doc` gets: every pair within `all_max` revisions, else the fixed pairs
        (the newest `all_max` older revisions against the text in force).

        Every pair is older against newer (the draft is the newest), the fixed pairs first, so a
        page's place in the plan does not depend on the bound.
        """
        found = fixed_pairs(timeline, doc, self.all_max)
        if self.all_pairs(doc):
            known = set(found)
            found += [pair for pair in combinations(doc.revisions, 2) if pair not in known]
        return found

    def has_pair(
        self, timeline: Timeline, doc: DocumentHistory, old: Revision, new: Revision
    ) -> bool:
        """Whether `pairs(timeline, doc)` holds (old, new); the pairs are listed once per
        timeline and document."""
        if doc.by_slug(old.slug) is not old or doc.by_slug(new.slug) is not new:
            return False
        listed = self._listed.setdefault(timeline, {})
        key = (doc.doc, doc.locale)
        if key not in listed:
            listed[key] = frozenset((a.slug, b.slug) for a, b in self.pairs(timeline, doc))
        return (old.slug, new.slug) in listed[key]


def document_index(
    timeline: Timeline,
    doc: DocumentHistory,
    made: list[Pair],
    *,
    compare: Compare,
    label: Callable[[Revision], str],
    status_label: Callable[[Revision], str],
) -> str:
    """The per-document index read by the compare picker: every revision (newest first) with its
    label (in the locale's language), status and period in force, and, beyond the bound, the
    redlines that exist (`made`). Links are relative to the document's folder (`/<lc>/<doc>/`),
    where the index lives."""
    base = urls.document(doc.locale, doc.doc)

    def href(path: str) -> str:
        return path.removeprefix(base)

    revisions: list[dict[str, Any]] = []
    for rev in reversed(doc.revisions):
        period = timeline.period(rev)
        revisions.append(
            {
                "slug": rev.slug,
                "date": rev.date.isoformat(),
                "label": label(rev),
                "status": timeline.mark(rev),
                "status_label": status_label(rev),
                "effective": rev.effective.isoformat(),
                "from": period.start.isoformat() if period else None,
                "until": period.end.isoformat() if period and period.end else None,
                "url": href(urls.revision(rev)),
            }
        )
    every = compare.all_pairs(doc)
    index = {
        "document": doc.doc,
        "locale": doc.locale,
        "all_pairs": every,
        "bound": compare.all_max,
        "revisions": revisions,
        # `<from>...<to>`, the redline's URL segment; with every pair, there is no need to list.
        "pairs": [] if every else sorted(f"{old.slug}...{new.slug}" for old, new in made),
    }
    return json.dumps(index, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
