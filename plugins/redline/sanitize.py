"""Allowlist sanitizer for rendered policy HTML.

Policy text comes from contributed Markdown, and Markdown passes raw HTML through. Everything the
site shows from a policy (the text in force, archived revisions, redlines) goes through
`sanitize`, so a draft with `<script>`, event handlers or `javascript:` links cannot run in the
site. The allowlist is what Python-Markdown and its usual extensions produce, plus the redline's
own `<ins>`/`<del>` and classes; anything else is dropped.
"""

from __future__ import annotations

import nh3

__all__ = ["sanitize"]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {
    "p", "div", "blockquote", "pre", "hr", "br",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "details", "summary", "figure", "figcaption",
}  # fmt: skip
_INLINE = {
    "a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "u", "var", "wbr", "ins", "del",
}  # fmt: skip
ALLOWED_TAGS = frozenset(_HEADINGS | _BLOCKS | _INLINE)

# `id` keeps clause anchors and footnote targets working, `class` carries admonition, code
# language and redline styling, `lang`/`dir` keep mixed Thai/English text rendered correctly.
_GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href"},
    "li": {"value"},
    "ol": {"start", "reversed", "type"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}
# Python-Markdown's tables extension aligns columns with `style="text-align: …"`; no other CSS
# property survives, so a style attribute cannot overlay or hide page content.
_STYLE_PROPERTIES = {"text-align"}
# Relative and fragment URLs pass (nh3 allows them by default); absolute ones need one of these.
_URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with their content: their text is code or markup, never policy prose.
_DROP_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "textarea"}


def sanitize(html: str) -> str:
    """Return `html` with only allowlisted tags, attributes and URL schemes left."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties=_STYLE_PROPERTIES,
        strip_comments=True,
        # No `target` attribute survives, so links never open a new browsing context and
        # `noopener` protects nothing; `noreferrer` would only hide our own site from itself on
        # every footnote and clause link. Policy links are curated, not user spam: no `nofollow`.
        link_rel=None,
    )
