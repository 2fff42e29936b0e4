"""The address a redline prints beside a link (`site.linknotes`): resolved against the page as the
browser resolves the link, to the site-root path or the full URL; external ones as written."""

from __future__ import annotations

import pytest

from redline.site.linknotes import address, printed

PAGE = "en/privacy-policy/changes/2020-01-01...2021-01-01/"


@pytest.mark.parametrize(
    ("href", "site_url", "shown"),
    [
        ("../../../cookie-policy/2020-01-01/#cookies", "", "/en/cookie-policy/2020-01-01/#cookies"),
        (
            "../../../cookie-policy/2020-01-01/#cookies",
            "https://policies.example/legal/",
            "https://policies.example/legal/en/cookie-policy/2020-01-01/#cookies",
        ),
        ("../../../../th/cookie-policy/", "", "/th/cookie-policy/"),
        ("#contact", "", f"/{PAGE}#contact"),
        ("/logo.png", "", "/logo.png"),
        # Leading past the site root stops at it, as in a browser.
        ("../../../../../../x/", "", "/x/"),
        # External addresses, and none at all, as written.
        (
            "https://example.com/a?b=1&c=2",
            "https://policies.example",
            "https://example.com/a?b=1&c=2",
        ),
        ("mailto:privacy@example.com", "", "mailto:privacy@example.com"),
        ("//cdn.example/x", "", "//cdn.example/x"),
        ("http://[bad/", "", "http://[bad/"),
        ("", "https://policies.example", ""),
    ],
)
def test_an_address_is_resolved_against_its_page(href: str, site_url: str, shown: str) -> None:
    assert address(href, PAGE, site_url) == shown


def test_only_the_notes_text_changes_and_stays_escaped() -> None:
    html = (
        '<a href="../../../a/?x=1&amp;y=&lt;2&gt;"><ins>a</ins></a>'
        '<span class="rl-target rl-target-new">../../../a/?x=1&amp;y=&lt;2&gt;</span>'
        '<span class="rl-address"><span class="rl-address-old">../../../b/</span> '
        '<span class="rl-address-new">https://e.example/?q=&amp;</span></span>'
        '<span class="rl-note">../../../c/</span>'
    )
    assert printed(html, PAGE) == (
        '<a href="../../../a/?x=1&amp;y=&lt;2&gt;"><ins>a</ins></a>'
        '<span class="rl-target rl-target-new">/en/a/?x=1&amp;y=&lt;2&gt;</span>'
        '<span class="rl-address"><span class="rl-address-old">/en/b/</span> '
        '<span class="rl-address-new">https://e.example/?q=&amp;</span></span>'
        '<span class="rl-note">../../../c/</span>'
    )
