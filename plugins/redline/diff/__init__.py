"""Redlines: two rendered revisions of one document in, the formatted document with changes out.

The diff is block-aligned and word-level. Both revisions are parsed into leaf blocks (headings,
paragraphs, list-item text, table rows, ...) that remember their containers (lists, blockquotes,
tables). Block sequences are aligned first, anchored on blocks that occur once in each text and
on clause headings with the same anchor; words are diffed only inside replaced blocks that still
resemble each other. That keeps a change inside its clause (a global word diff happily matches
"the" in clause 3 against "the" in clause 7) and keeps the cost linear in the document size,
because the expensive word diff runs only where something changed.

Word diffs run diff-match-patch over tokens encoded as one character each, and the semantic
cleanup runs on that encoding, before mapping back to text: cleaning the re-joined text would
cut words again (`[-regular self inspection-][+periodic internal audit+]s`). The timeout is 0 so
the result never depends on how fast the machine is. A diff past a million cells (old x new
length: a list of thousands of changed lines, a long Thai paragraph, which has no spaces to cut
it) is cut first at anchors and then into windows (`align._diff`), so it stays near linear;
every change is still marked, only the pairing inside a long rewritten stretch is coarser. An
edit of punctuation alone is widened to the word it is written against (`services.;` struck,
`services;` inserted): a lone full stop is a speck a reader misses. A link's address is not part
of its words' keys, so a link whose address changed and whose text did not is equal text with a
note of both addresses, not the same words struck and inserted again.

The result is re-rendered from parsed tokens with every text escaped: `<ins>`/`<del>` are closed
and reopened at every element boundary so the output nests, ordered-list items carry explicit
`value=` so numbering survives interleaved deleted items, ids come from the newer text, and the
whole page passes the allowlist sanitizer.

Modules, in pipeline order: `parse` (HTML to blocks), `align` (blocks matched and words diffed,
with `visible`'s notes on what words do not show), `render` (the redline HTML and the changed
clauses); `result` holds what `redline()` returns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from redline.text.sanitize import sanitize, sanitize_redline

from .align import _Differ
from .parse import LAYOUT_SPACE, _Block, _parse
from .render import _Renderer
from .result import ClauseChange, Redline
from .visible import MESSAGES

__all__ = ["MESSAGES", "ClauseChange", "Redline", "redline"]


def redline(
    old_html: str,
    new_html: str,
    locale: str,
    *,
    titles: tuple[str, str] | None = None,
    gettext: Callable[[str], str] = str,
) -> Redline:
    """Compare two rendered revisions of one document in one locale; return their redline.

    The HTML keeps the newer revision's structure and ids. Each changed block carries the class
    `rl-change` plus `rl-changed`, `rl-added` or `rl-removed`, and the id `rl-change-N` (N = 1..
    in reading order); an element that has its own id (a clause heading) keeps it and holds an
    empty `<span class="rl-anchor" id="rl-change-N">` instead. Implicit list-item text marks its
    `<li>` (or a `<span>` around the text when the item also holds unchanged blocks before it).
    Containers that exist only in one revision get `rl-added` or `rl-removed` too.
    Ordered-list items carry `value=`. A clause anchor of "" names the text before the first
    h2/h3 when the document has no h1 with an id.

    Small changes are classed for the stylesheet: an `<ins>`/`<del>` of whitespace only is
    `rl-space`, of punctuation only `rl-punct`, and one right after the opposite mark `rl-abut`.
    A link (or image) whose address alone changed is `rl-retargeted` and is followed by
    `<span class="rl-address">` holding `rl-address-old` and `rl-address-new`. Unchanged headings
    above a change are `rl-context`, so "changes only" can keep a change's clause in view.

    What words do not show is a change too (see `visible`): list numbering, heading levels,
    admonition kinds, a `<details>` shown open or collapsed, text direction, table cells, other
    spaces, look-alike or invisible characters. Each is a `<span class="rl-note">` in the block
    it concerns: a label (`gettext` translates it, `visible.MESSAGES` lists them all), the old
    value in `<del>`, the new one in `<ins>`. `titles` (old, new), when they differ, put the
    changed title first, as a block of its own. A `<details>` holding a change is rendered open.
    """
    # Sanitize first as well as last: the diff then sees exactly what a reader will see, so a
    # stripped `<img onerror>` or `javascript:` target cannot show up as a phantom change.
    old = list(_blocks(old_html))
    new = list(_blocks(new_html))
    differ = _Differ(locale, gettext)
    items = differ.items(old, new)
    if titles is not None and _layout(titles[0]) != _layout(titles[1]):
        items.insert(0, differ.title(*titles))
    renderer = _Renderer(items)
    body, clauses, changes = renderer.render()
    return Redline(
        html=sanitize_redline(body),
        clauses=clauses,
        words_inserted=renderer.inserted,
        words_deleted=renderer.deleted,
        changed_blocks=changes,
        addresses_changed=renderer.retargeted,
    )


def _layout(title: str) -> str:
    return LAYOUT_SPACE.sub(" ", title).strip()


@functools.lru_cache(maxsize=128)
def _blocks(html: str) -> tuple[_Block, ...]:
    """The blocks of a rendered revision (sanitized first). Blocks are frozen, so a revision
    compared with many others (every pair of up to `compare_all_max` revisions; the text in
    force with each of the newest older ones) is parsed once: 128 revisions cover the bound's 40
    of two documents, about 0.3 MB each for a 12 KB policy."""
    return tuple(_parse(sanitize(html)))
