"""Markdown to sanitized HTML, with the site's own Markdown extensions (for diffs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import markdown

from .sanitize import sanitize


class Renderer:
    """Renders policy Markdown exactly as the site does, then sanitizes the HTML."""

    def __init__(
        self, extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        # What the output depends on (a cache key): a locale's build translates some settings.
        self.settings = (list(extensions), dict(configs or {}))
        self._md = markdown.Markdown(
            extensions=self.settings[0], extension_configs=self.settings[1]
        )

    def __call__(self, text: str) -> str:
        """The sanitized HTML of `text`."""
        self._md.reset()
        return sanitize(self._md.convert(text))
