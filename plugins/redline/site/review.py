"""What the drafts of a pull request change against the text in force, as Markdown for its
review: the job summary and the one comment the review job keeps up to date (`redline review`;
no MkDocs).

Per document and locale with a draft: the clauses it adds, changes, renames, moves or removes
(`model.clauses`, the one clause rule), the words it inserts and deletes (the redline's count,
`diff.redline`, over the text as the site renders it) and its notice; then how to open the
draft site, built by the same job, on one's own machine.

Policy text is the pull request author's: everything taken from it is escaped (`inert`), so a
heading cannot add markup, a link, an image or an @-mention to the comment.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from redline.diff import redline
from redline.model import clauses, urls
from redline.model.clauses import ClauseChange
from redline.model.history import Revision
from redline.model.timeline import Timeline

#: The first line of the Markdown: the review job finds its own comment by it (and updates it).
MARKER = "<!-- redline-review -->"

#: The most clauses listed for one document and locale (a comment holds at most 65536
#: characters); the others are counted.
MAX_CLAUSES = 40


@dataclass(frozen=True)
class DraftChange:
    """One document in one locale whose working-tree text differs from its last release."""

    doc: str
    locale: str
    draft: Revision
    base: Revision | None  # the text in force (else the newest release); None: a new document
    in_force: bool  # whether `base` is in force (not only released)
    clauses: tuple[ClauseChange, ...]
    inserted: int
    deleted: int


def draft_changes(timeline: Timeline, render: Callable[[str], str]) -> list[DraftChange]:
    """Every draft of `timeline`'s history (read with the drafts) against the text in force on
    its as-of date, in document then locale order; `render` makes a text's HTML as the site
    does, for the word counts."""
    found = []
    history = timeline.history
    for name in history.docs():
        for locale in history.locales:
            document = history.get(name, locale)
            if document is None or not document.revisions or not document.revisions[-1].is_draft:
                continue
            draft = document.revisions[-1]
            released = [r for r in document.revisions if not r.is_draft]
            in_force = timeline.in_force(name, locale)
            base = in_force or (released[-1] if released else None)
            compared = (base, draft) if base is not None else (draft,)
            changes = tuple(c for c in clauses.changes(compared) if c.revision is draft)
            titles = (base.title, draft.title) if base is not None else None
            old = render(base.body) if base is not None else ""
            counted = redline(old, render(draft.body), locale, titles=titles)
            found.append(
                DraftChange(
                    name,
                    locale,
                    draft,
                    base,
                    in_force is not None,
                    changes,
                    counted.words_inserted,
                    counted.words_deleted,
                )
            )
    return found


# -- Markdown ----------------------------------------------------------------------------------

# What GitHub's Markdown would read as markup in running text: backslash-escaped. `$` starts
# math; `<`, `>` and `&` are written as entities (no HTML, no entity of the author's).
_ESCAPED = re.compile(r"([\\`*_\[\]|~$#!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# An @-mention, a bare web address (autolinked) or a bidi control: a zero-width space (as an
# entity) keeps the first two from being recognised; controls are dropped.
_MENTION = re.compile(r"@(?=\w)")
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)")
_CONTROLS = re.compile(r"[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]")
_ZWSP = "&#8203;"
# What starts a block at the start of a line (a list, a setext underline): escaped there.
_LEADING = re.compile(r"^(\d{1,9}(?=[.)])|(?=[-+=]))")


def inert(text: str) -> str:
    """`text` (policy text: a heading, a title, a notice) as one line of literal Markdown text:
    no markup, HTML, link, math or @-mention survives, and every character still shows."""
    line = " ".join(_CONTROLS.sub(" ", text).split())
    line = "".join(_ENTITIES.get(c, c) for c in line)
    line = _ESCAPED.sub(r"\\\1", line)
    line = _MENTION.sub("@" + _ZWSP, line)
    line = _LEADING.sub(lambda found: found.group(1) + "\\", line, count=1)
    return _AUTOLINK.sub(_ZWSP, line)


#: The kinds of clause change (`model.clauses.ChangeKind`), in the order they are counted.
_KINDS = ("changed", "added", "renamed", "moved", "removed")


def _clause_line(change: ClauseChange) -> str:
    anchor = f"`#{change.anchor}`"
    if change.kind == "renamed" and change.before:
        anchor += f", was `#{change.before}`"
    return f"- **{change.kind}**: {inert(change.heading) or '(no heading text)'} ({anchor})"


def _document(change: DraftChange, locale_names: dict[str, str]) -> list[str]:
    language = locale_names.get(change.locale, change.locale)
    lines = [f"### {inert(change.draft.title)} ({inert(language)}, {inert(change.draft.path)})", ""]
    if change.base is None:
        against = "A new document: nothing of it is released yet."
    elif change.in_force:
        against = f"Against the text in force, released {change.base.date.isoformat()}."
    else:
        against = (
            f"Against the newest release, {change.base.date.isoformat()} (not in force yet: "
            f"effective {change.base.effective.isoformat()})."
        )
    kinds = [c.kind for c in change.clauses]
    counted = ", ".join(f"{kinds.count(k)} {k}" for k in _KINDS if k in kinds) or "none changed"
    lines.append(
        f"{against} Words: **{change.inserted} inserted, {change.deleted} deleted**; "
        f"clauses: **{counted}**."
    )
    lines.append("")
    listed = change.clauses[:MAX_CLAUSES]
    lines += [_clause_line(c) for c in listed]
    if len(change.clauses) > len(listed):
        lines.append(f"- and {len(change.clauses) - len(listed)} more clauses")
    if not change.clauses:
        lines.append("- no clause changed (the title, or text before the first clause)")
    lines.append("")
    notice = change.draft.notice
    if notice and notice.strip():
        lines.append(f"Notice to readers: {inert(notice)}")
    else:
        lines.append("Notice to readers: **none** (add `notice:` to the file's front matter).")
    lines.append("")
    return lines


def review_markdown(
    changes: Sequence[DraftChange],
    as_of: datetime.date,
    *,
    locale_names: dict[str, str] | None = None,
    artifact: str = "draft-review-site",
    download: str = "",
) -> str:
    """The review of `changes` (from `draft_changes`) as GitHub Markdown, starting with
    `MARKER`: per document and locale what the draft changes, then how to open the draft site
    (the artifact `artifact`, downloadable at `download` when given)."""
    names = locale_names or {}
    lines = [MARKER, "## Policy changes in this pull request", ""]
    if not changes:
        lines += [
            f"No policy text differs from its last release (as of {as_of.isoformat()}).",
            "",
        ]
    else:
        documents = len({c.doc for c in changes})
        lines += [
            f"{documents} document{'s' if documents != 1 else ''} drafted, compared with the "
            f"text in force on {as_of.isoformat()}.",
            "",
        ]
        for change in changes:
            lines += _document(change, names)
    lines += _opening(changes, artifact, download)
    return "\n".join(lines).rstrip("\n") + "\n"


def _opening(changes: Sequence[DraftChange], artifact: str, download: str) -> list[str]:
    where = f"[the artifact `{artifact}`]({download})" if download else f"the artifact `{artifact}`"
    lines = [
        "### The draft site",
        "",
        f"Download {where} of this run (Summary > Artifacts), then serve it on your machine:",
        "",
        "```sh",
        f"unzip {artifact}.zip -d {artifact}",
        f"python3 -m http.server --bind 127.0.0.1 --directory {artifact} 8000",
        "```",
        "",
        "and open http://127.0.0.1:8000/.",
    ]
    if changes:
        first = changes[0]
        page = (
            urls.diff(first.base, first.draft)
            if first.base is not None
            else urls.revision(first.draft)
        )
        lines[-1] = f"and open http://127.0.0.1:8000/{page} (the redline of the first draft)."
    return [*lines, ""]
