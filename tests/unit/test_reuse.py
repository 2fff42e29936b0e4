"""Page reuse: a page's key is what its templates read; a cached page adds no script."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline import catalogs, site, urls
from redline.cache import Cache
from redline.history import History
from redline.pageview import PageView
from redline.reuse import PAGES, Reuse, TamperedCache, active_parts, inputs_digest, page_key
from redline.state import BuildState, LocaleBuild
from redline.timeline import Timeline
from tests.support.model import day, history, revision

LOCALES = Path(__file__).resolve().parents[2] / "locales"

EN1 = revision("privacy", "en", "2020-01-01", notice="First.")
EN2 = revision("privacy", "en", "2021-01-01", notice="Second.")
EN3 = revision("privacy", "en", "2022-01-01", notice="Third.", body="Third text.\n")
EN4 = revision("privacy", "en", "2023-01-01", notice="Fourth.", body="Fourth text.\n")
DRAFT = revision("privacy", "en", None, effective="2024-01-01", body="Draft.\n")


def key(path: str, h: History, as_of: str = "2024-06-01", inputs: str = "inputs") -> str | None:
    """The key of the page at site path `path` in a build of `h` as of `as_of`."""
    locale = path.split("/", 1)[0]
    timeline = Timeline(h, day(as_of))
    state = BuildState(
        timeline,
        drafts=False,
        locale_names={"en": "English", "th": "ไทย"},
        locales_dir=LOCALES,
        cache=Cache(None, "salt"),
        locale=locale,
        site_url="https://example.org",
    )
    build = LocaleBuild(
        state,
        pages={spec.src_uri: spec for spec in site.plan(timeline, locale)},
        translations=catalogs.load(LOCALES, locale),
    )
    return page_key(PageView(build, path.partition("/")[2], urls.source_of(path)), inputs)


BEFORE = history(EN1, EN2, EN3, locales=("en",))
AFTER = history(EN1, EN2, EN3, EN4, locales=("en",))


def test_only_released_revisions_and_redlines_between_them_have_a_key():
    h = history(EN1, EN2, DRAFT, locales=("en",))
    assert key("en/privacy/2020-01-01/", h) is not None
    assert key("en/privacy/changes/2020-01-01...2021-01-01/", h) is not None
    for path in ("en/", "en/privacy/", "en/privacy/history/", "en/changes/"):
        assert key(path, h) is None  # lists and the text in force: rendered every build
    assert key("en/privacy/draft/", h) is None
    assert key("en/privacy/changes/2021-01-01...draft/", h) is None


def test_a_new_release_changes_the_key_of_its_neighbour_only():
    assert key("en/privacy/2020-01-01/", BEFORE) == key("en/privacy/2020-01-01/", AFTER)
    assert key("en/privacy/2021-01-01/", BEFORE) == key("en/privacy/2021-01-01/", AFTER)
    # No longer in force, and a next revision to link to:
    assert key("en/privacy/2022-01-01/", BEFORE) != key("en/privacy/2022-01-01/", AFTER)
    one_step = "en/privacy/changes/2020-01-01...2021-01-01/"
    assert key(one_step, BEFORE) == key(one_step, AFTER)
    # A redline up to the neighbour links to the next change now.
    up_to = "en/privacy/changes/2021-01-01...2022-01-01/"
    assert key(up_to, BEFORE) != key(up_to, AFTER)


def test_an_archived_page_does_not_depend_on_the_as_of_date_but_the_text_in_force_does():
    archived = "en/privacy/2020-01-01/"
    assert key(archived, AFTER, "2024-06-01") == key(archived, AFTER, "2025-06-01")
    current = "en/privacy/2023-01-01/"  # its printout says "status as of"
    assert key(current, AFTER, "2024-06-01") != key(current, AFTER, "2025-06-01")


def test_the_key_follows_the_inputs_and_the_page_text():
    archived = "en/privacy/2020-01-01/"
    assert key(archived, AFTER, inputs="a") != key(archived, AFTER, inputs="b")
    edited = revision("privacy", "en", "2020-01-01", notice="First.", body="Other.\n")
    assert key(archived, AFTER) != key(archived, history(edited, EN2, EN3, EN4, locales=("en",)))
    retitled = revision("privacy", "en", "2020-01-01", notice="First.", title="Data")
    assert key(archived, AFTER) != key(archived, history(retitled, EN2, EN3, EN4, locales=("en",)))


PAGE = """<html><head><script>__md_scope=new URL("{base}",location)</script>
<script src="{base}/assets/javascripts/bundle.js"></script></head>
<body><article><p>Text <a href="https://example.org/x">link</a></p>{extra}</article></body></html>"""


def page(base: str, extra: str = "") -> str:
    return PAGE.format(base=base, extra=extra)


def test_pages_of_one_template_have_the_same_active_parts_at_any_depth():
    assert active_parts(page("../.."), "doc/2020-01-01/") == active_parts(
        page("../../.."), "doc/changes/2020-01-01...2021-01-01/"
    )
    assert active_parts(page("../.."), "doc/2020-01-01/") != active_parts(
        page("../../.."), "doc/2020-01-01/"
    )


@pytest.mark.parametrize(
    "extra",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.test/a.js></SCRIPT>",
        '<img alt=">" src=x onerror="alert(1)">',
        '<img src=x alt="a"onerror=alert(1)>',
        "<svg/onload=alert(1)>",
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<iframe src="https://x.test/"></iframe>',
        '<object data="x.swf"></object>',
        '<meta http-equiv="refresh" content="0;url=https://x.test/">',
        '<base href="https://x.test/">',
    ],
)
def test_script_or_a_frame_added_to_a_page_changes_its_active_parts(extra):
    assert active_parts(page("../..", extra), "a/b/") != active_parts(page("../.."), "a/b/")


def test_text_that_merely_looks_like_markup_changes_nothing():
    harmless = "<p>Say on=yes, javascript: is a word &lt;script&gt; here</p>"
    assert active_parts(page("../..", harmless), "a/b/") == active_parts(page("../.."), "a/b/")


def test_a_cached_page_is_written_only_when_its_witness_agrees(tmp_path):
    cache = Cache(tmp_path / "cache", "salt")
    uris = ["doc/2020-01-01/index.md", "doc/2021-01-01/index.md"]
    first = Reuse(cache)
    assert not any(first.keeps(uri, "revision", f"k{uri}") for uri in uris)
    for uri in uris:
        first.rendered_page(uri, page("../.."))
    second = Reuse(cache)
    assert [second.keeps(uri, "revision", f"k{uri}") for uri in uris] == [False, True]
    assert second.witnesses == {"revision": uris[0]} and second.skipped == [uris[1]]
    second.rendered_page(uris[0], page("../.."))
    second.restore(tmp_path / "site")
    assert (tmp_path / "site/doc/2021-01-01/index.html").read_text() == page("../..")

    entry = cache.path_of(PAGES, f"k{uris[1]}")
    assert entry is not None
    entry.write_text(entry.read_text().replace("</article>", "<script>x()</script></article>"))
    third = Reuse(cache)
    for uri in uris:
        third.keeps(uri, "revision", f"k{uri}")
    third.rendered_page(uris[0], page("../.."))
    with pytest.raises(TamperedCache, match=r"\.json: the cached page doc/2021-01-01/index.md"):
        third.restore(tmp_path / "again")


def test_the_inputs_digest_follows_templates_settings_environment_and_catalogs(tmp_path):
    templates = tmp_path / "overrides"
    (templates / "redline").mkdir(parents=True)
    (templates / "redline/policy.html").write_text("one", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: one\nsite_url: !ENV [SITE_URL, 'x']\n", encoding="utf-8")
    po = tmp_path / "locales/th/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "ก"\n', encoding="utf-8")
    environ = {"SITE_URL": "https://a.test/"}

    def now(**settings: str) -> str:
        return inputs_digest(
            [templates], str(config), tmp_path / "locales", ["en", "th"], environ, **settings
        )

    seen = {now()}
    assert now() in seen  # deterministic
    for path, text in ((templates / "redline/policy.html", "two"), (po, "")):
        path.write_text(text, encoding="utf-8")
        seen.add(now())
    environ["SITE_URL"] = "https://b.test/"
    seen.add(now())
    seen.add(now(site_name="other"))
    config.write_text("site_name: two\n", encoding="utf-8")
    seen.add(now())
    assert len(seen) == 6
