"""Allowlist sanitizer for rendered policy HTML, and the rules on ids, classes and titles.

Policy text comes from contributed Markdown, and Markdown passes raw HTML through. Everything the
site shows from a policy (the text in force, archived revisions, redlines, the table of contents,
titles) goes through this module, so a draft with `<script>`, event handlers or `javascript:`
links cannot run in the site. The allowlist is what Python-Markdown and its usual extensions
produce, plus the redline's own `<ins>`/`<del>` and classes; anything else is dropped.

mkdocs-material adds three ways in that a tag allowlist alone does not close:

- it prints the table of contents (heading ids and titles) without escaping;
- with `content.tooltips` it renders a `title` attribute as HTML (`innerHTML`), and it turns
  the text of a truncated navigation or table-of-contents entry into such a title;
- its scripts find their configuration, dialogs and components by ids (`__config`) and classes
  (`md-dialog`), as redline.js does with `rl-*` classes.

So ids are plain anchors outside the theme's and the site's names, classes come from a short
list of what the site's Markdown produces, and titles carry no markup. `id_problem`,
`class_problem` and `title_problem` are the rules; the sanitizer and `redline check` both use them.

Nothing kept can hide policy text or pass it off as something else, so that what a reader sees is
what the policy says: no class the theme styles as invisible (footnote back-links are
`font-size: 0; opacity: 0`, heading permalinks `opacity: 0` until hovered, `.highlight` hides
links in code) except the heading permalink in the one place the table of contents puts it, no
`hidden`, `dir` or style beyond a table column's alignment, no `<details>` that folds text away,
no `<ins>`/`<del>`/`<s>` in policy text (they read as a redline's changes), and no small text
made smaller again until it is unreadable (`_legible`).
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from typing import Any, Protocol, TypeVar

import nh3

__all__ = [
    "attribute_problem",
    "class_problem",
    "id_problem",
    "inert_text",
    "sanitize",
    "sanitize_redline",
    "sanitize_toc",
    "tag_problem",
    "title_problem",
]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {
    "p", "div", "blockquote", "pre", "hr", "br",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption",
}  # fmt: skip
_INLINE = {
    "a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "samp",
    "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
}  # fmt: skip
# Not `<details>`/`<summary>`: a closed one hides its text until opened, and no Markdown extension
# of the site makes one. Not `<s>`, `<ins>`, `<del>` in policy text: they read as a redline's
# changes (a struck sentence in the text in force reads as one no longer in force).
ALLOWED_TAGS = frozenset(_HEADINGS | _BLOCKS | _INLINE)
# The redline's own marks of a change, on redline pages only.
REDLINE_TAGS = ALLOWED_TAGS | {"ins", "del"}

# `id` keeps clause anchors working, `class` carries admonition, code language and redline
# styling, `lang` keeps mixed Thai/English text rendered correctly. Not `dir`: both languages are
# written left to right, and `dir="rtl"` reorders the punctuation and numbers of a sentence.
_GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang"},  # hreflang: a translation's link to the authoritative text
    "li": {"value"},
    "ol": {"start", "reversed", "type"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Python-Markdown's tables extension aligns columns with `style="text-align: …"`; no other CSS
# property survives, so a style attribute cannot overlay or hide page content.
_STYLE_PROPERTIES = {"text-align"}
# Relative and fragment URLs pass (nh3 allows them by default); absolute ones need one of these.
_URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with their content: their text is code or markup, never policy prose.
_DROP_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "textarea"}

# A plain anchor: nothing a template that prints it unescaped (`href="#{{ id }}"`) could break
# out of, and the same in every locale (`## 3. Sharing {#sharing}`).
_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*\Z")
# Material's own ids start with `__` (the pattern above refuses them); `md-` and `rl-` are the
# theme's and the site's namespaces (`rl-title`, `rl-change-3`).
_RESERVED_ID_PREFIXES = ("md-", "rl-")
# The redline's change anchors, the only `rl-` ids a redline page may carry.
_REDLINE_ID = re.compile(r"rl-change-[1-9][0-9]*\Z")

# Classes the site's Markdown produces (the extensions `plugin/theme.py` requires): admonitions
# (Material styles these types), the table of contents (`[TOC]`, `anchorlink`), code languages.
# Any other class is dropped: Material's and the site's scripts act on classes
# (`md-dialog--active`, `mermaid` loads a script from a CDN, `annotate`, `rl-diff`), so a policy
# may not borrow them; and the theme styles some to be invisible (footnotes, `highlight`: no
# extension of the site makes them).
_ADMONITION_TYPES = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
}  # fmt: skip
MARKDOWN_CLASSES = frozenset(
    _ADMONITION_TYPES | {"admonition", "admonition-title", "toclink", "toc"}
)
# The heading permalink the toc extension appends, invisible until hovered: kept only there, on
# an `<a>` that ends a heading and shows a symbol, never words (`_PERMALINK`).
PERMALINK_CLASS = "headerlink"
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]+\Z")
# The redline's own classes (diff/), allowed on redline pages only.
REDLINE_CLASSES = frozenset(
    {"rl-change", "rl-changed", "rl-added", "rl-removed", "rl-anchor", "rl-context"}
    | {"rl-space", "rl-punct", "rl-abut", "rl-retargeted", "rl-note"}
    | {"rl-address", "rl-address-old", "rl-address-new"}
    | {"rl-target", "rl-target-old", "rl-target-new"}
)

# A heading's permalink as the toc extension writes it (`permalink: "#"`, or "¶"), once nh3 has
# serialized it: its text is a few characters that are neither letters nor digits; in a redline of
# an added or removed heading, marked as such.
_PERMALINK = re.compile(
    r'<a class="headerlink" href="#[^"]+"(?: title="[^"]*")?>'
    r"(?:([^<]{1,8})|<(ins|del)>([^<]{1,8})</\2>)</a></h[1-6]>"
)
# nh3's output: every tag, attribute values always double-quoted (a `"` inside is `&quot;`), and no
# `<` in text (it is `&lt;`).
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:[^>"]|"[^"]*")*)>')
_VOID = frozenset({"br", "hr", "wbr", "col"})
_CLASS_ATTRIBUTE = re.compile(r' class="([^"]*)"')
# How much each element scales its text (the theme's and Chromium's styles: `small`, `sub`, `sup`
# are `smaller`, `code` .85em, `kbd` .75em, `h5`/`h6` .8em), and the smallest scale nesting may
# reach: `<small>` in `<small>` in ... would shrink a sentence to nothing.
_SHRINKS = {
    "small": 0.83, "sub": 0.83, "sup": 0.83, "code": 0.85, "kbd": 0.75, "samp": 0.8,
    "h5": 0.8, "h6": 0.8,
}  # fmt: skip
_SMALLEST = 0.6

# What makes text markup for an HTML parser: `<` then a letter (a tag), `/` (an end tag), `!`
# (a comment) or `?`. `a < b` stays text; `&lt;` is text too once a parser decoded it.
_MARKUP = re.compile(r"<[A-Za-z!/?]")


def _shown(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def id_problem(value: str) -> str | None:
    """Why `value` cannot be an id in policy text, or None when it is a plain anchor."""
    if value.startswith("__") or value.lower().startswith(_RESERVED_ID_PREFIXES):
        return (
            f"id {_shown(value)} is one of the theme's or the site's own names "
            "(__*, md-*, rl-*); choose another anchor"
        )
    if not _SAFE_ID.match(value):
        return (
            f"id {_shown(value)} is not a plain anchor; use letters, digits and - _ . : "
            "starting with a letter, as in {#sharing}"
        )
    return None


def class_problem(name: str) -> str | None:
    """Why `name` cannot be a class in policy text, or None when the site's Markdown makes it."""
    if name in MARKDOWN_CLASSES or _LANGUAGE_CLASS.match(name):
        return None
    if name == PERMALINK_CLASS:
        return (
            f"class {_shown(name)} is the heading permalink the site adds itself, and the theme "
            "hides it until hovered; remove it"
        )
    return (
        f"class {_shown(name)} is not one the site's Markdown makes (admonitions, code "
        "languages), and the theme's scripts act on classes or hide their text; remove it"
    )


def title_problem(value: str) -> str | None:
    """Why `value` cannot be a `title` (a tooltip), or None when it is plain text."""
    if _MARKUP.search(value):
        return (
            f"title {_shown(value)} contains markup, and the theme shows titles as HTML; "
            "write plain text (no '<' before a letter)"
        )
    return None


# Why some elements are not published, for `tag_problem` (others: the site's Markdown makes none).
_TAG_REASONS = {
    "details": "a closed one hides its text until opened",
    "summary": "it belongs to <details>, which hides its text until opened",
    "s": "struck text reads as a redline's change, no longer in force",
    "del": "it reads as a redline's deletion, no longer in force",
    "ins": "it reads as a redline's insertion",
    "img": "images are not policy text",
}
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_SPACE = "".join(map(chr, range(33)))  # what a URL parser strips around a URL


def tag_problem(tag: str) -> str | None:
    """Why the site does not publish the element `<tag>` of policy text, or None when it does."""
    tag = tag.lower()
    if tag in ALLOWED_TAGS:
        return None
    reason = _TAG_REASONS.get(tag, "the site's Markdown does not make it")
    if tag in _DROP_WITH_CONTENT:
        return f"<{tag}> is dropped with everything inside it ({reason}); remove it"
    return f"the site does not publish <{tag}> ({reason}); remove it"


def attribute_problem(tag: str | None, name: str, value: str | None) -> str | None:
    """Why the site drops or changes `name="value"` of `<tag>` in policy text (`tag` None: of an
    element not known, as in an attribute list `{: ...}`), or None when it keeps it as written.

    Ids, classes and titles are `id_problem`'s, `class_problem`'s and `title_problem`'s."""
    name = name.lower()
    elements = [tag] if tag else list(ALLOWED_ATTRIBUTES)
    if not any(name in ALLOWED_ATTRIBUTES.get(e, set()) for e in ["*", *elements]):
        where = f"<{tag}>" if tag else "an element"
        return f"the site does not publish the attribute {name!r} of {where}; remove it"
    if value is None:
        return None
    if name == "style":
        properties = {d.split(":", 1)[0].strip().lower() for d in value.split(";") if d.strip()}
        dropped = sorted(properties - _STYLE_PROPERTIES)
        if dropped:
            return (
                f"the site does not publish the style {', '.join(map(repr, dropped))} (only a "
                "table column's text-align); remove it"
            )
    if name == "href":
        url = re.sub("[\t\n\r]", "", value).strip(_URL_SPACE)
        scheme = _URL_SCHEME.match(url)
        if scheme and scheme.group(1).lower() not in _URL_SCHEMES:
            return (
                f"link {_shown(url)}: the site does not publish {scheme.group(1).lower()}: links "
                f"(only {', '.join(sorted(_URL_SCHEMES))} and relative ones); remove it"
            )
        if url.startswith("#") and len(url) > 1 and id_problem(url[1:]):
            return f"link {_shown(url)} points to an id no element may have; link to a clause"
    return None


def inert_text(text: str) -> str:
    """`text` with every `<` that could open markup replaced by `‹`, so that it stays text when
    the theme copies it into HTML (a truncated title becomes a tooltip rendered as HTML)."""
    return _MARKUP.sub(lambda m: "\u2039" + m.group(0)[1:], text)


def _policy_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return None if id_problem(value) else value
    if attribute == "class":
        kept = [c for c in value.split() if class_problem(c) is None or _permalink(tag, c)]
        return " ".join(kept) or None
    if attribute == "title":
        return None if title_problem(value) else value
    if attribute == "href" and value.startswith("#") and len(value) > 1:
        # a link to an anchor no element may have (a permalink of a heading that lost its id)
        return None if id_problem(value[1:]) else value
    return value


def _redline_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and _REDLINE_ID.match(value):
        return value
    if attribute == "class":
        kept = [
            c
            for c in value.split()
            if c in REDLINE_CLASSES or class_problem(c) is None or _permalink(tag, c)
        ]
        return " ".join(kept) or None
    return _policy_attribute(tag, attribute, value)


def _permalink(tag: str, name: str) -> bool:
    """Whether `name` may stay for now as a heading permalink (`_legible` checks where it is)."""
    return tag == "a" and name == PERMALINK_CLASS


def _is_permalink(html: str, at: int) -> bool:
    found = _PERMALINK.match(html, at)
    symbol = (found.group(1) or found.group(3)) if found else ""
    return bool(symbol) and not any(c.isalnum() for c in _html.unescape(symbol))


def _legible(html: str) -> str:
    """`html` (nh3's output) without what its structure would hide: a `headerlink` anywhere but a
    heading's permalink loses the class, and an element that would shrink its text below
    `_SMALLEST` of the text around it is dropped (its content kept)."""
    out: list[str] = []
    stack: list[tuple[str, bool, float]] = []  # (tag, written, the scale inside it)
    last = 0
    for tag in _TAG.finditer(html):
        out.append(html[last : tag.start()])
        last = tag.end()
        end, name, attributes = tag.groups()
        scale = stack[-1][2] if stack else 1.0
        if end:
            while stack:
                opened, written, _ = stack.pop()
                if opened == name:
                    if written:
                        out.append(tag.group(0))
                    break
            continue
        text = tag.group(0)
        if name == "a" and PERMALINK_CLASS in attributes and not _is_permalink(html, tag.start()):
            text = _CLASS_ATTRIBUTE.sub(_without_permalink, text, count=1)
        if name in _VOID:
            out.append(text)
            continue
        inner = scale * _SHRINKS.get(name, 1.0)
        written = inner >= _SMALLEST or name not in _SHRINKS
        stack.append((name, written, inner if written else scale))
        if written:
            out.append(text)
    out.append(html[last:])
    return "".join(out)


def _without_permalink(match: re.Match[str]) -> str:
    kept = [c for c in match.group(1).split() if c != PERMALINK_CLASS]
    return f' class="{" ".join(kept)}"' if kept else ""


def _clean(
    html: str, tags: frozenset[str], attribute_filter: Callable[[str, str, str], str | None]
) -> str:
    return _legible(_clean_tags(html, tags, attribute_filter))


def _clean_tags(
    html: str, tags: frozenset[str], attribute_filter: Callable[[str, str, str], str | None]
) -> str:
    return nh3.clean(
        html,
        tags=set(tags),
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        # nh3 strips an attribute whose filter raises: the filter fails closed.
        attribute_filter=attribute_filter,
        url_schemes=_URL_SCHEMES,
        filter_style_properties=_STYLE_PROPERTIES,
        strip_comments=True,
        # No `target` attribute survives, so links never open a new browsing context and
        # `noopener` protects nothing; `noreferrer` would only hide our own site from itself on
        # every footnote and clause link. Policy links are curated, not user spam: no `nofollow`.
        link_rel=None,
    )


def sanitize(html: str) -> str:
    """Return policy `html` with only allowlisted tags, attributes, URL schemes, ids, classes
    and titles left, and nothing that would hide its text."""
    return _clean(html, ALLOWED_TAGS, _policy_attribute)


def sanitize_redline(html: str) -> str:
    """`sanitize` for a redline, which also keeps the redline's own marks, change classes and
    anchors."""
    return _clean(html, REDLINE_TAGS, _redline_attribute)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(v for k, v in attrs if k == "id" and v)


class TocEntry(Protocol):
    """An entry of a table of contents (MkDocs' `AnchorLink`): `title` is HTML."""

    id: str
    title: str
    children: Any


_Entry = TypeVar("_Entry", bound=TocEntry)


def _text(fragment: str) -> str:
    """The text of an HTML fragment, without Python-Markdown's placeholders."""
    text = _html.unescape(nh3.clean(fragment, tags=set(), clean_content_tags=_DROP_WITH_CONTENT))
    return re.sub(r"\x02[^\x03]*\x03", "", text)


def sanitize_toc(entries: Iterable[_Entry], body: str) -> list[_Entry]:
    """The table of contents of the sanitized page `body`, safe to print unescaped.

    An entry stays only when its id is a plain anchor that `body` still has, so the contents link
    where the page's headings are; an entry that goes gives its place to its children. Titles
    become escaped, inert plain text.
    """
    parser = _Ids()
    parser.feed(body)
    parser.close()
    return _toc(entries, parser.ids)


def _toc(entries: Iterable[_Entry], ids: set[str]) -> list[_Entry]:
    out: list[_Entry] = []
    for entry in entries:
        children = _toc(entry.children, ids)
        if entry.id in ids and id_problem(entry.id) is None:
            entry.children = children
            entry.title = _html.escape(inert_text(_text(entry.title)), quote=False)
            out.append(entry)
        else:
            out.extend(children)
    return out
