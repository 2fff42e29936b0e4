"""Markdown to sanitized HTML, with the site's own Markdown extensions (for diffs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .sanitize import sanitize


class Renderer:
    """Renders policy Markdown exactly as the site does, then sanitizes the HTML."""

    def __init__(
        self, extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        # What the output depends on (a cache key): a locale's build translates some settings.
        self.settings = (list(extensions), dict(configs or {}))
        self._md = site_markdown(*self.settings)

    def __call__(self, text: str) -> str:
        """The sanitized HTML of `text`."""
        self._md.reset()
        return sanitize(self._md.convert(text))


def site_markdown(
    extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]] | None = None
) -> markdown.Markdown:
    """Python-Markdown with the site's `extensions` and their `configs` (`mkdocs.yml`): what
    the site renders policy text with, for every reading of it that must agree with the page."""
    return markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))


#: How a link to a policy file (`other-doc.md#clause`) leaves Markdown: MkDocs would look for the
#: file beside the generated page, not find it and warn; as a query it is left alone, and
#: `site/references.py` turns it into the link the page needs.
REFERENCE_QUERY = "?rl-ref="


class _References(Treeprocessor):  # type: ignore[misc]  # Markdown has no types
    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            parts = urlsplit(href)
            if not parts.scheme and not parts.netloc and parts.path.endswith(".md"):
                element.set("href", REFERENCE_QUERY + quote(href, safe=""))


class References(Extension):  # type: ignore[misc]  # Markdown has no types
    """Hides links to policy files from MkDocs' link checker (`REFERENCE_QUERY`); added to the
    site's Markdown extensions by `plugin/theme.py`."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        # Before MkDocs' own `relpath` (priority 0), after the inline patterns made the links.
        md.treeprocessors.register(_References(md), "redline-references", 1)


def makeExtension(**kwargs: Any) -> References:  # noqa: N802 (Markdown's name)
    """The extension, by its module's name (`redline.text.render`)."""
    return References(**kwargs)
