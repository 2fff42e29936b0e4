"""The site plan: which pages each locale has, their files, navigation and cross-locale links."""

from __future__ import annotations

import pytest
import yaml

from redline.model import urls
from redline.model.timeline import Timeline
from redline.site import compare
from redline.site import pages as site
from redline.site.compare import COMPARE_ALL_MAX, Compare
from tests.support.model import day, history, revision

EN1 = revision("privacy", "en", "2020-01-01", title="Privacy & Data")
EN2 = revision("privacy", "en", "2021-01-01", title="Privacy & Data")
EN3 = revision("privacy", "en", "2023-12-01", effective="2024-02-01", title="Privacy & Data")
TH1 = revision("privacy", "th", "2020-01-01", title="นโยบาย")
COOKIES = revision("cookies", "en", "2022-01-01", title="Cookies")
H = history(EN1, EN2, EN3, TH1, COOKIES)
TIMELINE = Timeline(H, day("2024-01-01"))
DOC = ("privacy", "en")
SITE = Compare(COMPARE_ALL_MAX)  # the setting's default


def paths(locale: str, timeline: Timeline = TIMELINE) -> list[tuple[str, str]]:
    return [(p.kind, p.path) for p in site.plan(timeline, locale, SITE)]


def test_each_locale_has_a_home_its_documents_their_revisions_redlines_and_the_changes():
    assert paths("en") == [
        ("home", "en/"),
        ("policy", "en/cookies/"),  # documents by name
        ("history", "en/cookies/history/"),
        ("clauses", "en/cookies/history/clauses/"),  # the history of each clause
        ("revision", "en/cookies/2022-01-01/"),
        ("follow", "en/cookies/follow/"),
        ("policy", "en/privacy/"),
        ("history", "en/privacy/history/"),
        ("clauses", "en/privacy/history/clauses/"),
        ("revision", "en/privacy/2020-01-01/"),
        ("revision", "en/privacy/2021-01-01/"),
        ("revision", "en/privacy/2023-12-01/"),
        ("diff", "en/privacy/changes/2020-01-01...2021-01-01/"),
        ("diff", "en/privacy/changes/2021-01-01...2023-12-01/"),
        ("diff", "en/privacy/changes/2020-01-01...2023-12-01/"),  # every pair within the bound
        ("follow", "en/privacy/follow/"),
        ("changes", "en/changes/"),
        ("follow", "en/follow/"),
    ]
    # A document that has no translation has no page in that locale; each English-only revision
    # of one that has gets a page, where its translation would be, that says there is none.
    assert paths("th") == [
        ("home", "th/"),
        ("policy", "th/privacy/"),
        ("history", "th/privacy/history/"),
        ("clauses", "th/privacy/history/clauses/"),
        ("revision", "th/privacy/2020-01-01/"),
        ("untranslated", "th/privacy/2021-01-01/"),
        ("untranslated", "th/privacy/2023-12-01/"),
        ("follow", "th/privacy/follow/"),
        ("changes", "th/changes/"),
        ("follow", "th/follow/"),
    ]


def test_the_switch_leads_where_the_alternate_does_but_to_the_page_of_a_revision_untranslated():
    pages = {p.path: p for p in site.plan(TIMELINE, "en", SITE)}
    thai = {p.path: p for p in site.plan(TIMELINE, "th", SITE)}

    def switch(path: str, other: str = "th", timeline: Timeline = TIMELINE) -> str:
        spec = pages.get(path) or thai.get(path)
        if spec is None:
            spec = next(p for p in site.plan(timeline, "en", SITE) if p.path == path)
        return site.switch_target(timeline, spec, other, SITE)

    # English 2021 has no Thai revision: the Thai page at its address, which shows the Thai
    # text that stood beside it with the clauses of 2021 it lacked (the clause the reader was
    # on is there); the hreflang alternate stays that Thai text, a translation.
    assert switch("en/privacy/2021-01-01/") == "th/privacy/2021-01-01/"
    spec = pages["en/privacy/2021-01-01/"]
    assert site.counterpart(TIMELINE, spec, "th", SITE) == "th/privacy/2020-01-01/"
    assert switch("en/privacy/2020-01-01/") == "th/privacy/2020-01-01/"  # translated
    # A redline whose newer side has no Thai revision: that side's untranslated page.
    assert switch("en/privacy/changes/2020-01-01...2021-01-01/") == "th/privacy/2021-01-01/"
    assert switch("en/privacy/changes/2021-01-01...2023-12-01/") == "th/privacy/2023-12-01/"
    assert switch("en/privacy/") == "th/privacy/"
    # Back from the page that says a revision has no translation: the English revision.
    assert switch("th/privacy/2021-01-01/", "en") == "en/privacy/2021-01-01/"
    assert not site.in_sitemap(thai["th/privacy/2021-01-01/"])
    assert site.in_sitemap(thai["th/privacy/follow/"])
    # Wherever a page has alternates, the switch and the alternate agree, but from a revision
    # the other locale has no translation of.
    missing = {r.slug for r in site.untranslated(TIMELINE, "privacy", "th")}
    for spec in [*pages.values(), *thai.values()]:
        for other in ("en", "th"):
            if site.in_sitemap(spec) and other != spec.locale:
                untranslated = spec.kind == "revision" and other == "th"
                if untranslated and spec.revision and spec.revision.slug in missing:
                    continue
                assert site.switch_target(TIMELINE, spec, other, SITE) == site.counterpart(
                    TIMELINE, spec, other, SITE
                ), spec.path
    # Before any Thai text: the alternate is the Thai history, which would not say why; the
    # switch leads to the page that does.
    early = revision("privacy", "en", "2019-06-01", title="Privacy & Data")
    before = Timeline(history(early, EN1, EN2, EN3, TH1, COOKIES), day("2024-01-01"))
    first = "en/privacy/2019-06-01/"
    assert switch(first, timeline=before) == "th/privacy/2019-06-01/"
    spec = next(p for p in site.plan(before, "en", SITE) if p.path == first)
    assert site.counterpart(before, spec, "th", SITE) == "th/privacy/history/"
    redline = "en/privacy/changes/2019-06-01...2020-01-01/"  # Thai 2020 is its newer side's
    assert switch(redline, timeline=before) == "th/privacy/2020-01-01/"
    # A document the locale does not have: its home, as before.
    assert switch("en/cookies/2022-01-01/") == "th/"


def test_the_policy_page_shows_the_text_in_force_and_is_the_only_one_searched():
    pages = {p.path: p for p in site.plan(TIMELINE, "en", SITE)}
    assert pages["en/privacy/"].revision is EN2  # EN3 takes effect on 2024-02-01
    assert [p.path for p in site.plan(TIMELINE, "en", SITE) if p.in_search] == [
        "en/cookies/",
        "en/privacy/",
    ]
    before = Timeline(H, day("2019-06-01"))  # nothing in force yet: no text, not searched
    early = next(p for p in site.plan(before, "en", SITE) if p.path == "en/privacy/")
    assert early.revision is None and not early.in_search and early.title == "Privacy & Data"


def test_beyond_the_bound_redlines_pair_neighbours_and_each_revision_with_the_text_in_force():
    document = H.get("privacy", "en")
    assert document is not None
    assert [p.path for p in site.plan(TIMELINE, "en", Compare(2)) if p.kind == "diff"] == [
        "en/privacy/changes/2020-01-01...2021-01-01/",
        "en/privacy/changes/2021-01-01...2023-12-01/",
    ]
    assert compare.fixed_pairs(TIMELINE, document) == [(EN1, EN2), (EN2, EN3)]
    # Once EN3 is in force, the oldest revision gets a redline against it too.
    in_force_3 = Timeline(H, day("2024-03-01"))
    assert compare.fixed_pairs(in_force_3, document) == [(EN1, EN2), (EN2, EN3), (EN1, EN3)]
    draft = revision("privacy", "en", None, effective="2024-01-01")
    drafted = history(EN1, EN2, draft)
    pairs = compare.fixed_pairs(Timeline(drafted, day("2024-01-01")), drafted.documents[DOC])
    assert pairs == [(EN1, EN2), (EN2, draft)]  # the draft against the text in force


def test_a_page_is_a_generated_markdown_file_naming_its_template():
    pages = {p.path: p for p in site.plan(TIMELINE, "en", SITE)}
    policy = pages["en/privacy/"]
    assert policy.src_uri == "privacy/index.md"
    front, body = site.page_source(policy).removeprefix("---\n").split("---\n\n", 1)
    meta = yaml.safe_load(front)
    assert meta == {"template": "redline/policy.html", "title": "Privacy &amp; Data"}
    assert body == EN2.body
    history_page = site.page_source(pages["en/privacy/history/"])
    assert "search:\n  exclude: true" in history_page and history_page.endswith("---\n\n")
    assert "template: redline/chooser.html" in site.chooser_source("Policies")


def test_the_navigation_lists_the_policies_then_the_change_notices():
    nav = site.nav(site.plan(TIMELINE, "en", SITE), "Change notices")
    assert nav == [
        {"Cookies": "cookies/index.md"},
        {"Privacy &amp; Data": "privacy/index.md"},
        {"Change notices": "changes/index.md"},
    ]
    in_nav = [p.kind for p in site.plan(TIMELINE, "en", SITE) if site.in_nav(p)]
    assert in_nav == ["policy", "policy", "changes"]


def test_urls_map_site_paths_to_source_and_output_files():
    assert urls.source_of("en/privacy/changes/2020-01-01...2021-01-01/") == (
        "privacy/changes/2020-01-01...2021-01-01/index.md"
    )
    assert urls.source_of("th/") == "index.md"
    assert urls.source_of(urls.ROOT) == "index.md"
    assert urls.output_of("privacy/history/index.md") == "privacy/history/index.html"
    assert urls.output_of("index.md") == "index.html"


def test_the_counterpart_is_the_same_page_in_the_other_locale_or_the_nearest():
    pages = {p.path: p for p in site.plan(TIMELINE, "en", SITE)}
    assert site.counterpart(TIMELINE, pages["en/privacy/"], "th", SITE) == "th/privacy/"
    assert site.counterpart(TIMELINE, pages["en/"], "th", SITE) == "th/"
    # The Thai text that stood beside the English revision of 2021 is the one of 2020.
    assert (
        site.counterpart(TIMELINE, pages["en/privacy/2021-01-01/"], "th", SITE)
        == "th/privacy/2020-01-01/"
    )
    # No Thai redline between those dates: the Thai text at the newer side's date.
    diff = pages["en/privacy/changes/2020-01-01...2021-01-01/"]
    assert site.counterpart(TIMELINE, diff, "th", SITE) == "th/privacy/2020-01-01/"
    # No Thai cookie policy at all: the Thai home.
    assert site.counterpart(TIMELINE, pages["en/cookies/"], "th", SITE) == "th/"


def test_a_redline_the_other_locale_does_not_build_switches_to_its_text_of_that_date():
    en = [revision("privacy", "en", d) for d in ("2020-01-01", "2021-06-01", "2022-01-01")]
    th_days = ("2020-01-01", "2021-01-01", "2021-06-01", "2022-01-01")
    th = [revision("privacy", "th", d) for d in th_days]
    timeline = Timeline(history(*en, *th), day("2024-01-01"))
    path = "en/privacy/changes/2020-01-01...2021-06-01/"
    page = next(p for p in site.plan(timeline, "en", Compare(3)) if p.path == path)
    # Every pair in English (3 revisions), the fixed pairs in Thai (4): no Thai 2020...2021-06.
    assert site.counterpart(timeline, page, "th", Compare(3)) == "th/privacy/2021-06-01/"
    # The same timeline under another bound: its pairs are its own, not the first one's.
    assert (
        site.counterpart(timeline, page, "th", Compare(4))
        == "th/privacy/changes/2020-01-01...2021-06-01/"
    )


def test_beyond_the_bound_only_the_newest_revisions_are_compared_with_the_text_in_force():
    days = ("2020-01-01", "2020-06-01", "2021-01-01", "2021-06-01", "2022-01-01")
    revs = [revision("privacy", "en", d) for d in days]
    h = history(*revs)
    timeline = Timeline(h, day("2024-01-01"))
    made = Compare(2).pairs(timeline, h.documents[DOC])
    neighbours = list(zip(revs, revs[1:], strict=False))
    assert made == [*neighbours, (revs[2], revs[4])]  # revs[3] is already its neighbour
    every = Compare(5).pairs(timeline, h.documents[DOC])  # within the bound: every pair
    assert len(every) == 10 and set(map(id_pair, every)) == {
        (id(a), id(b)) for i, a in enumerate(revs) for b in revs[i + 1 :]
    }


def id_pair(pair: tuple[object, object]) -> tuple[int, int]:
    return id(pair[0]), id(pair[1])


@pytest.mark.parametrize("bound", [0, 2, 3, 40])
@pytest.mark.parametrize("date", ["2020-06-01", "2021-06-01", "2024-01-01", "2024-03-01"])
def test_has_pair_answers_what_pairs_lists(bound, date):
    draft = revision("privacy", "en", None, effective="2024-01-01")
    h = history(EN1, EN2, EN3, draft)
    timeline = Timeline(h, day(date))
    document = h.documents[DOC]
    rule = Compare(bound)  # one object: its answers after the first come from its memo
    made = rule.pairs(timeline, document)
    for old in document.revisions:
        for new in document.revisions:
            expected = (old, new) in made
            assert rule.has_pair(timeline, document, old, new) == expected, (old, new)
