"""The addresses a redline prints beside its links, made ones a reader can use (no MkDocs).

`diff.redline` notes the address of a link added or removed whole (`rl-target`) and both
addresses of a link whose address changed (`rl-address-old`, `rl-address-new`) as the revision's
HTML has them: a link to another policy is relative to the page (`../../../cookie-policy/...`),
which means nothing on paper. The diff layer does not know the page's address; the page does:
`printed` resolves each noted address against it, as the browser resolves the link itself, to
the site-root path (`/en/cookie-policy/2022-08-24/#how-we-use-cookies`), or to the full URL when
the site has a `site_url` (the address the print header gives the page itself). An address with
a scheme or a host of its own (`https://...`, `mailto:...`) is printed as written. Only the
printed text changes: the `<a href>` stays relative, so the site works wherever it is served
(docs/ARCHITECTURE.md, "Links between policies").
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import urljoin, urlsplit

# The note elements `diff` writes (`render._TARGET_CLASS`, `align._NOTE_OLD`, `align.NOTE_NEW`),
# as the sanitizer leaves them: their class alone, and only the escaped address inside.
_NOTE = re.compile(
    r'(<span class="(?:rl-target rl-target-(?:new|old)|rl-address-(?:old|new))">)([^<]*)(</span>)'
)
# The base a site-root path is resolved against when the site has no `site_url`: a host of its
# own that no address can name, taken off again after.
_NO_HOST = "https://redline.invalid"


def printed(html: str, page: str, site_url: str = "") -> str:
    """`html` (a redline, or an excerpt of one, shown on the page at site-root path `page`)
    with the text of each address note made `address(..., page, site_url)`."""

    def one(note: re.Match[str]) -> str:
        start, text, end = note.groups()
        shown = address(_html.unescape(text), page, site_url)
        return start + _html.escape(shown, quote=False) + end  # text, as `diff` escapes it

    return _NOTE.sub(one, html)


def address(href: str, page: str, site_url: str = "") -> str:
    """The address a link `href` on the page at site-root path `page` leads to, as a reader can
    use it: the full URL with a `site_url`, else the path from the site root (`/en/...`); an
    empty `href`, or one with a scheme or a host (`https:`, `mailto:`, `//host/`), as written."""
    if not href or _external(href):
        return href
    if site_url:
        return urljoin(site_url.rstrip("/") + "/" + page, href)
    return urljoin(_NO_HOST + "/" + page, href).removeprefix(_NO_HOST)


def _external(href: str) -> bool:
    try:
        parts = urlsplit(href)
    except ValueError:  # an unbalanced "[" in a host, say: not one this site made
        return True
    return bool(parts.scheme or parts.netloc)
