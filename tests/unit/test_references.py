"""What a link in policy text names (`model.references`), and where each page kind's links lead
(`site.references`), on histories of plain data."""

from __future__ import annotations

from redline.model.references import Reference, links, parse
from redline.model.timeline import Timeline
from redline.site.references import Context, Resolver
from tests.support.model import day, history, revision


def test_what_a_link_names():
    assert parse("cookie-policy.md") == Reference("cookie-policy", None, "")
    assert parse("./cookie-policy.md#consent") == Reference("cookie-policy", None, "consent")
    assert parse("../th/cookie-policy.md") == Reference("cookie-policy", "th", "")
    assert parse("#contact") == Reference(None, None, "contact")
    assert parse("a/b.md") == Reference("", None, "")  # no policy file is there
    for other in ("https://example.org/x.md", "/en/x.md", "mailto:a@b.c", "other/", "", "?q"):
        assert parse(other) is None


def test_links_are_found_with_their_lines_outside_code():
    body = "A [x](a.md) and [y](<b.md#c>).\n\n```\n[z](no.md)\n```\n\n[r]: d.md\n`[q](no.md)`\n"
    assert list(links(body, 5)) == [(5, "a.md"), (5, "b.md#c"), (11, "d.md")]


def test_a_revision_links_the_sibling_in_force_on_its_day_and_the_draft_a_draft():
    privacy = revision("privacy", "en", "2020-01-01", effective="2020-03-01")
    old = revision("cookie", "en", "2019-01-01")
    between = revision("cookie", "en", "2020-02-01")  # in force when privacy took effect
    later = revision("cookie", "en", "2021-01-01")
    draft = revision("cookie", "en", None)
    h = history(privacy, old, between, later, draft)
    resolver = Resolver(Timeline(h, day("2022-01-01")))
    archived = Context("en/privacy/2020-01-01/", "en", "privacy", privacy, now=False)
    assert resolver.target(archived, "cookie", "en").path == "en/cookie/2020-02-01/"
    now = Context("en/privacy/", "en", "privacy", privacy, now=True)
    assert resolver.target(now, "cookie", "en").path == "en/cookie/"
    drafted = revision("privacy", "en", None)
    page = Context("en/privacy/draft/", "en", "privacy", drafted, now=False)
    assert resolver.target(page, "cookie", "en").path == "en/cookie/draft/"
    # Thai has no cookie policy: the English one, in its locale.
    thai = Context("th/privacy/", "th", "privacy", None, now=True)
    found = resolver.target(thai, "cookie", "th")
    assert found is not None and (found.path, found.locale) == ("en/cookie/", "en")
    assert resolver.target(now, "terms", "en") is None


def test_a_withdrawn_sibling_is_linked_as_withdrawn():
    privacy = revision("privacy", "en", "2020-01-01")
    cookie = revision("cookie", "en", "2019-01-01")
    h = history(privacy, cookie, withdrawn={("cookie", "en"): "2021-01-01"})
    resolver = Resolver(Timeline(h, day("2022-01-01")))
    now = resolver.target(Context("en/privacy/", "en", "privacy", privacy, True), "cookie", "en")
    assert now is not None and now.withdrawn and now.path == "en/cookie/"
    archived = Context("en/privacy/2020-01-01/", "en", "privacy", privacy, now=False)
    then = resolver.target(archived, "cookie", "en")
    assert then is not None and not then.withdrawn and then.path == "en/cookie/2019-01-01/"
