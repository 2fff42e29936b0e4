"""Links between policies, as policy authors write them (MkDocs' way): `other-doc.md`,
`other-doc.md#clause`, `#clause`, and `../<locale>/other-doc.md` for another locale's text.

What such a link is (`parse`), where a policy file has them (`links`), which anchors a
revision offers (`anchor_ids`: the explicit `{#anchor}` of its headings, the clause anchors
`redline check` asks for), and the rule `redline check` and `redline release` apply: a link must
lead to a document of the same release (or working tree) and to an anchor it has
(`link_problems`). Where a link leads on each page of the site is `site/references.py`.
Pure rules over plain data (no settings, no MkDocs).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from redline.text.sanitize import id_problem

from . import markdown_lint
from .content import anchors
from .drafts import working_tree_files
from .history import History, Problem, Revision
from .repository import parse_revision


@dataclass(frozen=True)
class Reference:
    """A link to a policy: `doc` None is the page's own document; `locale` None the page's."""

    doc: str | None
    locale: str | None
    fragment: str


def parse(href: str) -> Reference | None:
    """The policy a link `href` names, or None for a link that is not to a policy file (an
    address, a page of the site, mail). A `.md` link that no policy file can be (`a/b.md`,
    `../../x.md`) is a Reference whose `doc` is empty: it leads nowhere."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "\\")):
        return None
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return Reference(None, None, fragment) if fragment else None
    if not path.endswith(".md"):
        return None
    folders = posixpath.normpath(path).split("/")
    if len(folders) == 1:
        return Reference(folders[0].removesuffix(".md"), None, fragment)
    if len(folders) == 3 and folders[0] == ".." and folders[1]:
        return Reference(folders[2].removesuffix(".md"), folders[1], fragment)
    return Reference("", None, fragment)


# An inline link's or image's destination `](dest` (or `](<dest>`), a reference definition
# `[label]: dest`, a raw HTML `href="dest"`.
_INLINE = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^\s)]+))")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?:<([^>\n]*)>|(\S+))", re.M)
_RAW = re.compile(r"""<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")


def links(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, destination) of every link of `body` outside code, in order."""
    lines = body.split("\n")
    code = markdown_lint.fenced(lines)
    for offset, line in enumerate(lines):
        if code[offset]:
            continue
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        found = [(m.start(), m.group(1) or m.group(2)) for m in _INLINE.finditer(text)]
        found += [(m.start(), m.group(1) or m.group(2)) for m in _DEFINITION.finditer(text)]
        found += [(m.start(), m.group(1) or m.group(2) or m.group(3)) for m in _RAW.finditer(text)]
        for _, href in sorted(found):
            if href:
                yield first_line + offset, href


def anchor_ids(rev: Revision) -> frozenset[str]:
    """The clause anchors of `rev` that a link may name: its headings' explicit `{#anchor}`
    the site keeps as ids (`sanitize.id_problem`)."""
    return frozenset(
        anchor
        for _, anchor, _ in anchors(rev.body, rev.body_line)
        if anchor and id_problem(anchor) is None
    )


def link_problems(
    rev: Revision,
    texts: Mapping[tuple[str, str], Revision],
    default: str,
    *,
    severity: str = "error",
    where: str = "",
) -> list[Problem]:
    """The links of `rev` that lead nowhere among `texts` (the documents of the same release or
    working tree, by (document, locale)): a document it does not have (a translation may link
    the authoritative text), an anchor the target does not have. `where` names a release."""
    found = []
    for line, href in links(rev.body, rev.body_line):
        ref = parse(href)
        if ref is None:
            continue
        target, fix = _target(rev, ref, texts, default)
        if target is None:
            problem = f"link '{href}' leads to no document: {fix}"
        elif ref.fragment and ref.fragment not in anchor_ids(target):
            problem = (
                f"link '{href}' names clause '#{ref.fragment}', which {target.path} does not "
                f"have; link one of its anchors ({_some(anchor_ids(target))}) or add "
                f"{{#{ref.fragment}}} to the clause's heading"
            )
        else:
            continue
        found.append(Problem(f"{where}{rev.path}:{line}", problem, severity))
    return found


def _target(
    rev: Revision, ref: Reference, texts: Mapping[tuple[str, str], Revision], default: str
) -> tuple[Revision | None, str]:
    if ref.doc is None:
        return rev, ""
    if not ref.doc:
        return None, "link a policy as other-doc.md (or ../<locale>/other-doc.md)"
    locale = ref.locale or rev.locale
    found = texts.get((ref.doc, locale)) or texts.get((ref.doc, default))
    if found is not None:
        return found, ""
    names = sorted({doc for doc, lc in texts if lc in (locale, default)})
    return None, (
        f"there is no {ref.doc}.md in this release; link one of "
        f"{', '.join(f'{n}.md' for n in names) or 'its documents'}"
    )


def _some(ids: frozenset[str]) -> str:
    shown = sorted(ids)
    return ", ".join(f"#{a}" for a in shown[:5]) + (", …" if len(shown) > 5 else "") or "none"


def released_problems(history: History) -> list[Problem]:
    """The broken links of every released revision, each checked against the documents of its
    own release: warnings, as a published release stays published (its page marks the link)."""
    found: list[Problem] = []
    default = history.default_locale
    for release in history.releases:
        texts: dict[tuple[str, str], Revision] = {}
        for key, document in history.documents.items():
            gone = document.withdrawn is not None and document.withdrawn.date <= release.date
            rev = document.released_by(release.date)
            if rev is not None and not gone:
                texts[key] = rev
        for rev in texts.values():
            if rev.release == release:
                found += link_problems(
                    rev, texts, default, severity="warning", where=f"tag {release.tag}: "
                )
    return found


def working_tree_problems(
    root: str | Path, relroot: str, locales: tuple[str, ...]
) -> list[Problem]:
    """The broken links of the working tree's policy files, each checked against the working
    tree's documents: errors, as the working tree is what the next release publishes."""
    files, _ = working_tree_files(root, relroot, locales)  # its problems: `content.check_files`
    texts: dict[tuple[str, str], Revision] = {}
    for file in files:
        rev = parse_revision(file.doc, file.locale, file.path, None, file.data, [], "")
        if rev is not None:
            texts[(file.doc, file.locale)] = rev
    default = locales[0] if locales else "en"
    return [p for rev in texts.values() for p in link_problems(rev, texts, default)]
