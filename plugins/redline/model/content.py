"""The content rules of a policy file: what `redline check` (and so `redline release`) reports
with its file and line, on top of the history reader's own rules (`repository.parse_revision`,
`drafts.working_tree_files`): clause anchors on every heading and the same in every locale,
translations, no second title, markup the site would not publish as written.

Pure rules over the text (no settings, no MkDocs): a new content rule goes here, a rule of how
Markdown dialects differ goes to `markdown_lint`; the command (`cli/check.py`) only gathers the
files from the settings and prints what the rules find.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path

from redline.text.invisible import describe, invisible_characters
from redline.text.sanitize import (
    attribute_problem,
    class_problem,
    id_problem,
    tag_problem,
    title_problem,
)

from . import markdown_lint
from .drafts import working_tree_files
from .history import History, Problem, Revision, blob_id
from .repository import parse_revision

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ANCHOR = re.compile(r"\{[^}]*#([A-Za-z][\w.:-]*)[^}]*\}\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def headings(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, level, text) of every Markdown heading of `body`, outside code fences: ATX (`## x`)
    and setext (a line underlined with `===` or `---`, as Python-Markdown reads one: the first
    line of its block). A scan of source lines, because Python-Markdown keeps no line numbers."""
    found = []
    lines = body.splitlines()
    code = markdown_lint.fenced(lines)
    for offset, line in enumerate(lines):
        if code[offset]:
            continue
        heading = _HEADING.match(line)
        if heading:
            found.append((first_line + offset, len(heading.group(1)), heading.group(2)))
            continue
        underline = _SETEXT.match(line)
        text = lines[offset - 1] if offset > 0 else ""
        starts_block = offset < 2 or not lines[offset - 2].strip()
        if underline and text.strip() and starts_block and not code[offset - 1]:
            level = 1 if underline.group(1).startswith("=") else 2
            found.append((first_line + offset - 1, level, text.strip()))
    return found


def anchors(body: str, first_line: int) -> list[tuple[int, str | None, str]]:
    """(line, anchor or None, heading text) for every Markdown heading of `body`."""
    found = []
    for line, _, text in headings(body, first_line):
        anchor = _ANCHOR.search(text)
        found.append((line, anchor.group(1) if anchor else None, text))
    return found


def _level_one(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, text) of the level-1 headings of `body` (`# Title`, or underlined with `===`)."""
    return [(line, text) for line, level, text in headings(body, first_line) if level == 1]


def duplicate_anchors(path: str, heads: list[tuple[int, str | None, str]]) -> list[Problem]:
    """Errors for headings of one file that reuse an anchor: the browser jumps to the first, so
    the second clause could never be linked or reached from the table of contents."""
    first: dict[str, int] = {}
    problems = []
    for line, anchor, _ in heads:
        if anchor is None:
            continue
        if anchor not in first:
            first[anchor] = line
            continue
        problems.append(
            Problem(
                f"{path}:{line}",
                f"anchor {{#{anchor}}} is also on the heading of line {first[anchor]}; a link "
                f"to #{anchor} always opens line {first[anchor]}'s clause: give each heading "
                f"an anchor of its own (e.g. {{#{anchor}-2}} here)",
            )
        )
    return problems


def check_files(
    root: Path,
    relroot: str,
    locales: Iterable[str],
    *,
    extensions: Collection[str] = (),
    configs: Mapping[str, Mapping[str, object]] | None = None,
    released: History | None = None,
) -> list[Problem]:
    """Problems of the working tree's policy files: links, names, text, front matter, anchors;
    their Markdown as the site renders it with `extensions` and their `configs`
    (`markdown_lint`).

    A Markdown error in a file that is still the text of its release in `released` is a warning
    about that tag: the tag never moves, so it is heeded in the next revision of the file.
    """
    problems: list[Problem] = []
    locales = tuple(locales)
    found: dict[str, dict[str, list[str]]] = {}
    for locale in locales:
        if not (root / relroot / locale).is_dir():
            problems.append(Problem(f"{relroot}/{locale}", "missing locale folder"))
    files, file_problems = working_tree_files(root, relroot, locales)
    problems.extend(file_problems)
    for file in files:
        # Unknown front matter keys: reported by `drafts.with_drafts` for the files that changed
        # since their release only, as a file released with one can no longer be fixed there.
        rev = parse_revision(
            file.doc, file.locale, file.path, None, file.data, problems, "", unknown_keys=False
        )
        if rev is None:
            continue
        markup = markup_problems(rev)
        problems.extend(markup)
        problems.extend(hidden_problems(rev))
        tag = _released_as(released, file.doc, file.locale, file.data)
        for p in markdown_lint.lint(rev.path, rev.body, rev.body_line, [*extensions], configs):
            if tag and p.severity == "error":
                p = Problem(f"tag {tag}: {p.where}", p.message, "warning")
            problems.append(p)
        # a heading whose id was refused above is not also said to have no anchor
        bad_ids = {p.where for p in markup if p.message.startswith("id ")}
        heads = anchors(rev.body, rev.body_line)
        titles = _level_one(rev.body, rev.body_line)
        problems.extend(
            Problem(
                f"{file.path}:{line}",
                f"level-1 heading '{heading}': the page already shows the title from the front "
                "matter as its level-1 heading, so it would be printed twice; put the title in "
                "'title:' and start the clauses at '## '",
            )
            for line, heading in titles
        )
        bad_ids |= {f"{file.path}:{line}" for line, _ in titles}  # reported once, above
        for line, anchor, heading in heads:
            if anchor is None and f"{file.path}:{line}" not in bad_ids:
                problems.append(
                    Problem(
                        f"{file.path}:{line}",
                        f"heading '{heading}' has no anchor; add {{#clause-name}}",
                    )
                )
        problems.extend(duplicate_anchors(file.path, heads))
        found.setdefault(file.doc, {})[file.locale] = [a for _, a, _ in heads if a]
    default = locales[0] if locales else "en"
    for doc, per_locale in sorted(found.items()):
        source = per_locale.get(default)
        for locale in locales[1:]:
            rel = f"{relroot}/{locale}/{doc}.md"
            if locale not in per_locale:
                problems.append(
                    Problem(
                        rel,
                        f"no translation yet: the {locale} site links the {default} text",
                        "warning",
                    )
                )
            elif source is not None and per_locale[locale] != source:
                # A clause the translation lacks is not named here: the pending clause rule
                # (`translation.pending_clause_problems`) names it at its line, and lets an
                # English-first draft pass with a notice for the translation's readers.
                own = per_locale[locale]
                extra = sorted(set(own) - set(source))
                shared = [a for a in source if a in set(own)]
                detail = (
                    f"not in {default}: {', '.join(extra)}"
                    if extra
                    else (_order_or_count(shared, own) if shared != own else "")
                )
                if detail:
                    problems.append(
                        Problem(
                            rel,
                            f"clause anchors differ from {relroot}/{default}/{doc}.md: {detail}",
                            "warning",
                        )
                    )
    return problems


def _order_or_count(source: list[str], other: list[str]) -> str:
    """How two lists of the same anchors differ: their order, or how often one is used (a
    duplicate, which is an error of its own)."""
    return "in another order" if sorted(source) == sorted(other) else "an anchor used twice"


# -- markup the site would not publish as written ---------------------------------------------
# The rules are sanitize.py's (the site drops what breaks them); this finds where a policy file
# breaks them, so that `redline check` and `redline release` refuse it with the file and line.

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>&]")
_ATTR_LIST = re.compile(r"""\{:?[ ]*((?:[^}'"\n]|"[^"\n]*"|'[^'\n]*')*)\}""")
# Python-Markdown's attr_list scanner: key="v", key='v', key=v, or a word (#id, .class, key)
_ATTR_TOKEN = re.compile(r"""([^ =}]+)=("[^"]*"|'[^']*'|[^ =}]+)|([^ =}]+)""")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|\S+)[ \t]+(\S.*)$", re.M)
_ABBREVIATION = re.compile(r"^\*\[[^\]\n]+\]:[ \t]*(.*)$", re.M)
_TITLE_LINE = re.compile(r"^title[ \t]*:", re.M)


def _masked(body: str) -> str:
    """`body` with code (fenced blocks, code spans) and backslash escapes blanked out, lines kept:
    what is left is what Markdown may turn into attributes."""
    lines = body.split("\n")
    code = markdown_lint.fenced(lines)
    text = "\n".join("" if fenced else line for line, fenced in zip(lines, code, strict=True))

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _ESCAPED.sub(blank, text))


def _attribute_problem(name: str, value: str | None) -> list[str]:
    if value is None:
        return []
    value = html.unescape(value)
    if name == "id":
        found = id_problem(value)
        return [found] if found else []
    if name == "class":
        return [p for c in value.split() if (p := class_problem(c))]
    if name == "title":
        found = title_problem(value)
        return [found] if found else []
    return []


# What Python-Markdown reads as an element; `<https://x>` and `<a@b.c>` are links it makes.
_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


class _RawTags(HTMLParser):
    """Raw HTML start tags of a Markdown text and the line each starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if not _TAG_NAME.match(tag):
            return
        dropped = tag_problem(tag)
        if dropped:  # its attributes go with it
            self.found.append((line, dropped))
            return
        for name, value in attrs:
            self.found.extend((line, p) for p in _attribute_problem(name, value))
            other = attribute_problem(tag, name, value)
            self.found.extend([(line, other)] if other else [])


_ATTR_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9_:.]*\Z")
_ATTR_MARK = re.compile(r"[#.]|[^=]+=")
# Where a `<` is not the start of an element: attribute lists, link targets and titles,
# reference and abbreviation definitions (a `<img` there is a title's text).
_NOT_HTML = re.compile(
    _ATTR_LIST.pattern + r"|\]\([^)\n]*\)|^ {0,3}\[[^\]\n]+\]:.*$|^\*\[[^\]\n]+\]:.*$", re.M
)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _attr_list(content: str, colon: bool = False) -> Iterator[tuple[str, str | None]]:
    """The attributes of an attribute list `{#id .class key="value"}` (`colon`: `{: ...}`), as
    attr_list sets them."""
    listed = content.split()
    for token in _ATTR_TOKEN.finditer(content):
        key, value, word = token.groups()
        if word is None:
            yield key, value.strip("\"'")
        elif word.startswith("#"):
            yield "id", word[1:]
        elif word.startswith("."):
            yield "class", word[1:]
        elif _ATTR_NAME.match(word) and (colon or any(_ATTR_MARK.match(t) for t in listed)):
            # a valueless attribute: `{: hidden}` or `{#id hidden}` sets `hidden`; words in
            # braces without `:`, `#`, `.` or `=` are more often prose (`{the amount}`)
            yield word, None


def _link_titles(text: str) -> Iterator[tuple[int, str]]:
    """(offset, title) of the titles of inline links and images: `[x](url "title")`."""
    start = text.find("](")
    while start != -1:
        depth, end = 0, start + 1
        while end < len(text):
            char = text[end]
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 or text.startswith("\n\n", end):
                break
            end += 1
        inside = text[start + 2 : end].strip()
        if depth == 0 and inside:
            if inside.startswith("<") and ">" in inside:
                rest = inside[inside.index(">") + 1 :]
            else:
                rest = inside.split(None, 1)[1] if len(inside.split(None, 1)) > 1 else ""
            if rest.strip():
                yield start, rest.strip().strip("\"'()")
        start = text.find("](", start + 2)


# Images (`![alt](src)`, `![alt][ref]`), link targets (inline, reference definitions) and the
# links Python-Markdown makes of `<http://…>` and `<ftp://…>`.
_IMAGE = re.compile(r"!\[(?:[^\]\n]|\n(?!\n))*\][ ]?[(\[]")
_REFERENCE_URL = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
_AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")


def _link_targets(text: str) -> Iterator[tuple[int, str]]:
    """(offset, URL) of the targets of inline links and images: `[x](url "title")`."""
    for start in (m.start() for m in re.finditer(r"\]\(", text)):
        inside = text[start + 2 : text.find(")", start) if ")" in text[start:] else len(text)]
        inside = inside.strip()
        if inside.startswith("<") and ">" in inside:
            yield start, inside[1 : inside.index(">")]
        elif inside:
            yield start, inside.split(None, 1)[0]


def _published(body: str) -> list[tuple[int, str]]:
    """(line of the body, message) for images and links the site would drop."""
    found = [
        (body.count("\n", 0, m.start()), tag_problem("img") or "") for m in _IMAGE.finditer(body)
    ]
    urls = [*_link_targets(body)]
    urls += [(m.start(1), m.group(1)) for m in _REFERENCE_URL.finditer(body)]
    urls += [(m.start(1), m.group(1)) for m in _AUTOLINK.finditer(body)]
    for offset, url in urls:
        problem = attribute_problem("a", "href", html.unescape(url))
        if problem:
            found.append((body.count("\n", 0, offset), problem))
    return found


def hidden_problems(rev: Revision) -> list[Problem]:
    """Invisible characters (bidi controls, other format and control characters) anywhere in a
    policy file: its text, title and notices, with line and column (`text/invisible.py`)."""
    return [
        Problem(
            f"{rev.path}:{line}:{column}",
            f"invisible character {describe(char)}: it changes what the text says or how it "
            "reads without being seen; remove it",
        )
        for line, column, char in invisible_characters(rev.source)
    ]


def _released_as(released: History | None, doc: str, locale: str, data: bytes) -> str | None:
    """The tag whose text of `doc` in `locale` is `data`, if that is its latest released text."""
    document = released.documents.get((doc, locale)) if released else None
    if document is None or not document.revisions or document.withdrawn is not None:
        return None
    rev = document.revisions[-1]
    return rev.release.tag if rev.release and rev.blob == blob_id(data) else None


def markup_problems(rev: Revision) -> list[Problem]:
    """Elements, attributes, ids, classes, titles, images and links in a policy file that the
    site would drop or change (the sanitizer's rules, `text/sanitize.py`)."""
    rel, text, parsed = rev.path, rev.source, rev
    found: list[tuple[int, str]] = []  # (line of the body, message)
    body = _masked(parsed.body)
    for number, line in enumerate(body.split("\n")):
        for group in _ATTR_LIST.finditer(line):
            for key, value in _attr_list(group.group(1), group.group(0).startswith("{:")):
                found.extend((number, p) for p in _attribute_problem(key, value))
                other = attribute_problem(None, key, value)
                found.extend([(number, other)] if other else [])
    found.extend(_published(body))
    tags = _RawTags()
    tags.feed(_NOT_HTML.sub(_blank, body))
    tags.close()
    found.extend((line - 1, p) for line, p in tags.found)
    titles = [*_link_titles(body)]
    titles += [(m.start(1), m.group(1).strip().strip("\"'()")) for m in _REFERENCE.finditer(body)]
    titles += [(m.start(1), m.group(1)) for m in _ABBREVIATION.finditer(body)]
    for offset, value in titles:
        found.extend((body.count("\n", 0, offset), p) for p in _attribute_problem("title", value))
    problems = [Problem(f"{rel}:{parsed.body_line + n}", p) for n, p in sorted(found)]
    in_title = title_problem(parsed.title)
    if in_title:
        where = _TITLE_LINE.search(text[: len(text) - len(parsed.body)])
        at = text.count("\n", 0, where.start()) + 1 if where else 2
        problems.insert(0, Problem(f"{rel}:{at}", f"front matter {in_title}"))
    return problems
