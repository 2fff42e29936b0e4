"""The theme's interface strings that live in the MkDocs settings rather than in a template:
the title of every heading's permanent link (Python-Markdown's toc) and the names of the
palette toggles. Each locale's build gets them translated through the site's catalogs.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from redline.text.catalogs import N_

# Python-Markdown's own default title of a heading's permanent link.
PERMANENT_LINK = N_("Permanent link")
# The palette toggles' names as mkdocs.yml sets them; a name the catalog lacks stays as written.
PALETTE_NAMES = (N_("Dark"), N_("Light"))


def localize(
    theme: MutableMapping[str, Any],
    extensions: list[Any],
    extension_configs: MutableMapping[str, Any],
    translate: Callable[[str], str],
) -> None:
    """Translate the settings' interface strings in place for one locale's build."""
    if "toc" in extensions:
        toc = dict(extension_configs.get("toc") or {})
        toc["permalink_title"] = translate(str(toc.get("permalink_title", PERMANENT_LINK)))
        extension_configs["toc"] = toc
    palette = theme.get("palette")
    if isinstance(palette, dict):
        theme["palette"] = _translated_toggle(palette, translate)
    elif isinstance(palette, list):
        theme["palette"] = [_translated_toggle(p, translate) for p in palette]


def _translated_toggle(scheme: Any, translate: Callable[[str], str]) -> Any:
    toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
    if not isinstance(toggle, dict) or not isinstance(toggle.get("name"), str):
        return scheme
    return {**scheme, "toggle": {**toggle, "name": translate(toggle["name"])}}
