"""Change notices, their checks, the Atom feeds and revisions.json, on real git repositories."""

from __future__ import annotations

import datetime
import hashlib
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from redline.model import urls
from redline.model.dates import format_date
from redline.model.drafts import with_drafts
from redline.model.history import History
from redline.model.notice import (
    FALLBACK,
    WITHDRAWN,
    notice_problems,
    notice_text,
    pending_notice_problems,
)
from redline.model.repository import read_history
from redline.model.timeline import Timeline
from redline.site import notices, withdrawals
from tests.support.gitrepo import PolicyRepo, doc

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://policies.example.com/"
AS_OF = datetime.date(2024, 2, 1)

THAI = {
    notices.ENTRY_TITLE: "%(title)s ฉบับแก้ไขวันที่ %(date)s",
    notices.PENDING_TITLE: "%(title)s: ฉบับภาษา%(language)sแก้ไขวันที่ %(date)s คำแปลอยู่ระหว่างดำเนินการ",
    notices.UPDATED_TITLE: (
        "%(title)s: ฉบับภาษา%(language)sแก้ไขวันที่ %(date)s ปรับปรุงคำแปลแล้วเมื่อวันที่ %(updated)s"
    ),
    notices.EFFECTIVE_LINE: "มีผลใช้บังคับ %(date)s",
    FALLBACK: "นโยบายนี้แก้ไขเมื่อวันที่ %(date)s",
    WITHDRAWN: "นโยบายนี้ถูกยกเลิกเมื่อวันที่ %(date)s",
    withdrawals.WITHDRAWN_TITLE: "%(title)s ถูกยกเลิกเมื่อวันที่ %(date)s",
}


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def english(message: str) -> str:
    return message


def thai(message: str) -> str:
    return THAI.get(message, message)


def feed(history: History, locale: str, site_url: str = SITE) -> str:
    return notices.atom_feed(
        Timeline(history, AS_OF),
        locale,
        site_url=site_url,
        feed_title="Policy changes",
        translate=thai if locale == "th" else english,
        format_date=lambda d: format_date(d, locale),
        language="อังกฤษ" if locale == "th" else "English",
    )


@pytest.fixture(scope="module")
def sample_repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    """Privacy policy revised four times (Thai skips one), cookie policy withdrawn.

    As of 2024-02-01: English privacy v3 is in force and v4 (effective 2024-03-01) upcoming; the
    Thai text in force is from 2023-07-03 and lags English v3; the cookie policy is withdrawn.
    """
    r = PolicyRepo(tmp_path_factory.mktemp("notices"))
    r.release(
        "2022-03-31",
        {
            "policy/en/privacy.md": doc(
                "Privacy Policy", "We collect little.\n", notice=q("First publication.")
            ),
            "policy/th/privacy.md": doc(
                "นโยบายความเป็นส่วนตัว", "เราเก็บข้อมูลน้อย\n", notice=q("เผยแพร่ครั้งแรก")
            ),
            "policy/en/cookies.md": doc("Cookie Policy", "Cookies.\n", notice=q("Cookies.")),
            "policy/th/cookies.md": doc("นโยบายคุกกี้", "คุกกี้\n", notice=q("คุกกี้")),
        },
    )
    r.release(
        "2023-07-03",
        {
            "policy/en/privacy.md": doc(
                "Privacy Policy", "We collect less.\n", notice=q("We collect less.")
            ),
            "policy/th/privacy.md": doc(
                "นโยบายความเป็นส่วนตัว", "เราเก็บข้อมูลน้อยลง\n", notice=q("เราเก็บข้อมูลน้อยลง")
            ),
        },
    )
    r.release(
        "2023-11-01",
        {
            "policy/en/privacy.md": doc(
                "Privacy Policy", "We share with auditors.\n", notice=q("We share with auditors.")
            )
        },
    )
    # The release message is the withdrawal's notice: its summary for English readers; Thai
    # readers get no line of their own here, so the localized "withdrawn on".
    r.release(
        "2024-01-15",
        {"policy/en/cookies.md": None, "policy/th/cookies.md": None},
        summary="Cookie Policy withdrawn",
    )
    r.release(
        "2024-01-20",
        {
            "policy/en/privacy.md": doc(
                "Privacy Policy",
                "We share with nobody.\n",
                effective="2024-03-01",
                notice=q("We share with nobody."),
            ),
            "policy/th/privacy.md": doc(
                "นโยบายความเป็นส่วนตัว", "เราไม่แบ่งปัน\n", effective="2024-03-01", notice=q("เราไม่แบ่งปัน")
            ),
        },
    )
    return r


@pytest.fixture(scope="module")
def history(sample_repo: PolicyRepo) -> History:
    h = read_history(sample_repo.path)
    assert not h.problems
    return h


def notices_of(history: History, locale: str) -> tuple:
    return Timeline(history, AS_OF).notices(locale)


def released(history: History, locale: str) -> list:
    return [
        rev
        for (_, lc), d in history.documents.items()
        if lc == locale
        for rev in d.revisions
        if not rev.is_draft
    ]


# -- notices ------------------------------------------------------------------------------------


def test_notices_are_every_released_revision_newest_first(history: History) -> None:
    found = notices_of(history, "en")
    assert [(n.doc, n.date.isoformat()) for n in found] == [
        ("privacy", "2024-01-20"),
        ("cookies", "2024-01-15"),  # the withdrawal
        ("privacy", "2023-11-01"),
        ("privacy", "2023-07-03"),
        ("cookies", "2022-03-31"),  # same day: by document name
        ("privacy", "2022-03-31"),
    ]
    gone = found[1]
    assert gone.withdrawal is not None and gone.withdrawal.tag == "policy/2024-01-15"
    assert gone.text == "Cookie Policy withdrawn" and gone.title == "Cookie Policy"
    first = found[0]
    assert first.locale == "en" and first.text == "We share with nobody." and not first.fallback
    assert first.effective == datetime.date(2024, 3, 1)
    assert first.previous is not None and first.previous.date == datetime.date(2023, 11, 1)
    assert found[-1].previous is None
    # Thai readers also get the English revision of 2023-11-01, which left Thai behind.
    thai_notices = notices_of(history, "th")
    assert [
        (n.date.isoformat(), n.revision.locale) for n in thai_notices if n.doc == "privacy"
    ] == [
        ("2024-01-20", "th"),
        ("2023-11-01", "en"),
        ("2023-07-03", "th"),
        ("2022-03-31", "th"),
    ]
    pending = [n for n in thai_notices if n.pending][0]
    assert pending.pending and pending.locale == "th"
    assert pending.translation is not None and pending.translation.date.isoformat() == "2023-07-03"
    assert pending.updated is not None and pending.updated.date.isoformat() == "2024-01-20"
    assert pending.fallback  # no Thai notice was given for it


def test_drafts_have_no_notice(tmp_path: Path) -> None:
    r = PolicyRepo(tmp_path)
    r.release("2023-01-01", {"policy/en/terms.md": doc("Terms", "One.\n", notice=q("Terms."))})
    r.write("policy/en/terms.md", doc("Terms", "Draft.\n", notice=q("Draft.")))
    released_only = read_history(r.path, locales=("en",))
    drafted = with_drafts(released_only, r.path, AS_OF)
    assert drafted.get("terms", "en").revisions[-1].is_draft  # type: ignore[union-attr]
    assert notices_of(drafted, "en") == notices_of(released_only, "en")
    assert "draft" not in notices.revisions_index(Timeline(drafted, AS_OF), site_url="")
    assert feed(drafted, "en") == feed(released_only, "en")


def test_recent_is_what_took_effect_in_the_window(history: History) -> None:
    def dates(as_of: datetime.date, days: int) -> list[str]:
        return [n.date.isoformat() for n in Timeline(history, as_of, days).recent("en")]

    assert dates(datetime.date(2023, 11, 30), 30) == ["2023-11-01"]
    assert dates(datetime.date(2023, 12, 1), 30) == []  # 2023-11-01 is just outside (start, end]
    # Released 2024-01-20 but effective 2024-03-01: recent only once it takes effect.
    assert dates(AS_OF, 30) == []
    assert dates(datetime.date(2024, 3, 1), 30) == ["2024-01-20"]
    assert dates(datetime.date(2024, 3, 1), 0) == []


# -- notice checks ------------------------------------------------------------------------------


def test_stale_and_missing_notices_are_warnings_with_tag_and_file(tmp_path: Path) -> None:
    r = PolicyRepo(tmp_path)
    path = "policy/en/terms.md"
    r.release("2023-01-01", {path: doc("Terms", "One.\n", notice=q("We changed the terms."))})
    r.release("2023-02-01", {path: doc("Terms", "Two.\n", notice=q("We  changed\nthe terms."))})
    r.release("2023-03-01", {path: doc("Terms", "Three.\n")})
    h = read_history(r.path, locales=("en",))

    problems = notice_problems(h)
    assert [(p.severity, p.where) for p in problems] == [
        ("warning", f"tag policy/2023-02-01: {path}:3"),  # the line of `notice:`
        ("warning", f"tag policy/2023-03-01: {path}:2"),
    ]
    assert "same as in the revision of 2023-01-01" in problems[0].message
    assert "no notice" in problems[1].message
    assert not any(p.severity == "error" for p in problems)

    missing = notices_of(h, "en")[0]
    assert missing.fallback and missing.text is None
    fmt = lambda d: format_date(d, "en")  # noqa: E731
    assert notice_text(missing.revision, english, fmt) == (
        "This policy was revised on March 1, 2023."
    )
    assert notice_text(missing.revision, thai, lambda d: format_date(d, "th")) == (
        "นโยบายนี้แก้ไขเมื่อวันที่ 1 มีนาคม 2566"
    )
    assert notice_text(notices_of(h, "en")[1].revision, english, fmt) == ("We  changed\nthe terms.")


def test_same_notice_without_a_text_change_is_not_stale(tmp_path: Path) -> None:
    r = PolicyRepo(tmp_path)
    path = "policy/en/terms.md"
    r.release("2023-01-01", {path: doc("Terms", "One.\n", notice=q("Terms."))})
    r.release(
        "2023-02-01", {path: doc("Terms", "One.\n", effective="2023-03-01", notice=q("Terms."))}
    )
    assert notice_problems(read_history(r.path, locales=("en",))) == []


def test_draft_notices_are_checked_by_file(tmp_path: Path) -> None:
    r = PolicyRepo(tmp_path)
    path = "policy/en/terms.md"
    r.release("2023-01-01", {path: doc("Terms", "One.\n", notice=q("Terms."))})
    r.write(path, doc("Terms", "Two.\n"))
    h = with_drafts(read_history(r.path, locales=("en",)), r.path, datetime.date(2023, 6, 1))
    assert [p.where for p in notice_problems(h)] == [f"{path}:2"]


HOSTILE = {
    "script": "<script>alert(1)</script>",
    "markdown": "**bold** and [a link](javascript:alert(1))",
    "cdata": "ends ]]> here & <there>",
    "bell": "ring \x07 the bell",
    "long": "L" * 10_000,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> History:
    r = PolicyRepo(tmp_path_factory.mktemp("hostile"))
    r.release(
        "2023-05-01",
        {
            f"policy/en/{name}.md": doc(f"{name} policy", "Text.\n", notice=q(text))
            for name, text in HOSTILE.items()
        },
    )
    h = read_history(r.path, locales=("en",))
    assert not h.problems
    return h


def test_hostile_notices_stay_literal_text_in_a_valid_feed(hostile: History) -> None:
    xml = feed(hostile, "en")
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert "\x07" not in xml
    assert feedparser.parse(xml).bozo == 0

    summaries = {
        entry.find(f"{ATOM}link[@rel='alternate']")
        .get("href")
        .split("/")[-3]:  # type: ignore[union-attr]
        entry.findtext(f"{ATOM}summary")
        for entry in ET.fromstring(xml).iter(f"{ATOM}entry")
    }
    effective = "Effective May 1, 2023. "
    assert summaries == {
        name: effective + text for name, text in {**HOSTILE, "bell": "ring  the bell"}.items()
    }
    parsed = {e.link.split("/")[-3]: e.summary for e in feedparser.parse(xml).entries}
    assert parsed["script"] == effective + HOSTILE["script"]
    assert parsed["markdown"] == effective + HOSTILE["markdown"]


def test_control_characters_are_errors_and_long_notices_warnings(hostile: History) -> None:
    problems = notice_problems(hostile)
    errors = [p for p in problems if p.severity == "error"]
    assert [p.where for p in errors] == ["tag policy/2023-05-01: policy/en/bell.md:3"]
    assert "U+0007" in errors[0].message
    warnings = [p for p in problems if p.severity == "warning"]
    assert [p.where for p in warnings] == ["tag policy/2023-05-01: policy/en/long.md:3"]
    assert "10000 characters" in warnings[0].message


# -- Atom feed ----------------------------------------------------------------------------------


def test_feed_is_valid_atom_with_one_entry_per_revision_newest_first(history: History) -> None:
    for locale in history.locales:
        xml = feed(history, locale)
        parsed = feedparser.parse(xml)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        root = ET.fromstring(xml)
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == locale
        # Thai also gets the English revision that left it behind (2023-11-01); both get the
        # withdrawal of the cookie policy.
        entries = len(released(history, locale)) + (1 if locale == "th" else 0) + 1
        assert len(root.findall(f"{ATOM}entry")) == entries
        assert len(parsed.entries) == entries
        published = [e.published for e in parsed.entries]
        assert published == sorted(published, reverse=True)
        assert root.findtext(f"{ATOM}updated") == "2024-01-20T00:00:00Z"
        assert root.findtext(f"{ATOM}id") == SITE + urls.feed(locale)
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links == {
            "self": SITE + urls.feed(locale),
            "alternate": SITE + urls.locale_home(locale),
        }


def test_feed_links_point_at_the_revision_and_its_redline(history: History) -> None:
    parsed = feedparser.parse(feed(history, "en"))
    by_date = {n.date: n for n in notices_of(history, "en") if n.doc == "privacy"}
    newest = by_date[datetime.date(2024, 1, 20)]
    entry = parsed.entries[0]
    assert entry.title == "Privacy Policy, revised on January 20, 2024"
    assert entry.summary == "Effective March 1, 2024. We share with nobody."
    assert entry.published == entry.updated == "2024-01-20T00:00:00Z"
    links = {link.rel: link.href for link in entry.links}
    assert newest.previous is not None
    assert links == {
        "alternate": SITE + "en/privacy/2024-01-20/",
        "related": SITE + "en/privacy/changes/2023-11-01...2024-01-20/",
    }
    assert links["related"] == SITE + urls.diff(newest.previous, newest.revision)
    first = parsed.entries[-1]
    assert [link.rel for link in first.links] == ["alternate"]  # nothing to compare with


def test_entry_ids_are_stable_across_builds_and_site_urls(history: History) -> None:
    def ids(xml: str) -> list[str]:
        return [e.id for e in feedparser.parse(xml).entries]

    first = ids(feed(history, "en"))
    assert first == ids(feed(history, "en"))
    assert first == ids(feed(history, "en", "https://elsewhere.example.org/legal/"))
    assert first == ids(feed(history, "en", ""))
    assert len(set(first)) == len(first)
    assert set(first).isdisjoint(ids(feed(history, "th")))
    assert all(i.startswith("tag:redline,") for i in first)


def test_feed_output_is_deterministic(history: History) -> None:
    assert feed(history, "th") == feed(history, "th")
    # No stylesheet processing instruction: browsers are dropping XSLT (a follow page instead).
    assert feed(history, "en").startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert "<?xml-stylesheet" not in feed(history, "th")


def test_thai_feed_has_buddhist_era_dates_in_titles(history: History) -> None:
    parsed = feedparser.parse(feed(history, "th"))
    assert parsed.feed.language == "th"
    assert parsed.entries[0].title == "นโยบายความเป็นส่วนตัว ฉบับแก้ไขวันที่ 20 มกราคม 2567"
    for entry in parsed.entries:
        year = int(entry.published[:4])
        assert f" {year + 543}" in entry.title, entry.title  # Buddhist Era, not {year}
        assert str(year) not in entry.title
    assert parsed.entries[0].summary == "มีผลใช้บังคับ 1 มีนาคม 2567 เราไม่แบ่งปัน"
    # The withdrawal, with no Thai notice in its release: the localized "withdrawn on".
    assert parsed.entries[1].title == "นโยบายคุกกี้ ถูกยกเลิกเมื่อวันที่ 15 มกราคม 2567"
    assert parsed.entries[1].summary == "นโยบายนี้ถูกยกเลิกเมื่อวันที่ 15 มกราคม 2567"
    # The English revision of 2023-11-01, in Thai, marked with the day Thai caught up.
    assert parsed.entries[2].title == (
        "นโยบายความเป็นส่วนตัว: ฉบับภาษาอังกฤษแก้ไขวันที่ 1 พฤศจิกายน 2566 "
        "ปรับปรุงคำแปลแล้วเมื่อวันที่ 20 มกราคม 2567"
    )
    assert parsed.entries[2].updated == "2024-01-20T00:00:00Z"
    assert parsed.entries[2].link == SITE + "en/privacy/2023-11-01/"


def test_feed_without_site_url_links_relative_to_itself(history: History) -> None:
    xml = feed(history, "en", "")
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0
    assert parsed.feed.id.startswith("tag:redline,2022-03-31:en/feed/")
    assert parsed.entries[0].link == "../en/privacy/2024-01-20/"


def test_empty_feed_uses_the_default_updated_date(tmp_path: Path) -> None:
    r = PolicyRepo(tmp_path)
    r.commit("nothing released yet")
    xml = feed(read_history(r.path), "en")
    assert feedparser.parse(xml).bozo == 0
    assert ET.fromstring(xml).findtext(f"{ATOM}updated") == "2024-02-01T00:00:00Z"
    assert ET.fromstring(xml).findall(f"{ATOM}entry") == []


# -- revisions.json -----------------------------------------------------------------------------


def index(history: History, site_url: str = SITE) -> dict:
    return json.loads(notices.revisions_index(Timeline(history, AS_OF), site_url=site_url))


def test_revisions_json_lists_every_document_locale_and_revision(history: History) -> None:
    data = index(history)
    assert data["generated_as_of"] == "2024-02-01"
    table = {
        (d["document"], d["locale"]): [
            (r["date"], r["status"], r["lagging"]) for r in d["revisions"]
        ]
        for d in data["documents"]
    }
    assert table == {
        ("privacy", "en"): [
            ("2022-03-31", "archived", False),
            ("2023-07-03", "archived", False),
            ("2023-11-01", "in-force", False),
            ("2024-01-20", "upcoming", False),
        ],
        ("privacy", "th"): [
            ("2022-03-31", "archived", False),
            ("2023-07-03", "in-force", True),  # English changed on 2023-11-01, Thai did not
            ("2024-01-20", "upcoming", False),
        ],
        ("cookies", "en"): [("2022-03-31", "withdrawn", False)],
        ("cookies", "th"): [("2022-03-31", "withdrawn", False)],
    }
    privacy = next(
        d for d in data["documents"] if d["locale"] == "th" and d["document"] == "privacy"
    )
    assert privacy["title"] == "นโยบายความเป็นส่วนตัว"
    assert privacy["withdrawn"] is None
    cookies = next(d for d in data["documents"] if d["document"] == "cookies")
    assert cookies["withdrawn"] == "2024-01-15"
    assert cookies["withdrawal"]["summary"] == "Cookie Policy withdrawn"
    assert cookies["withdrawal"]["tag"] == "policy/2024-01-15"
    assert cookies["withdrawal"]["signed"] is False
    assert privacy["withdrawal"] is None
    assert all(r["signed"] is False for d in data["documents"] for r in d["revisions"])

    upcoming = privacy["revisions"][-1]
    assert upcoming["effective"] == "2024-03-01"
    assert upcoming["notice"] == "เราไม่แบ่งปัน"
    assert upcoming["tag"] == "policy/2024-01-20"
    assert upcoming["path"] == "policy/th/privacy.md"
    assert upcoming["url"] == SITE + "th/privacy/2024-01-20/"
    assert upcoming["diff_url"] == SITE + "th/privacy/changes/2023-07-03...2024-01-20/"
    assert privacy["revisions"][0]["diff_url"] is None


def test_revisions_json_checksums_match_the_released_bytes(
    sample_repo: PolicyRepo, history: History
) -> None:
    revisions = [r for d in index(history)["documents"] for r in d["revisions"]]
    assert len(revisions) == 9
    for rev in revisions:
        spec = f"{rev['tag']}:{rev['path']}"
        data = subprocess.run(
            ["git", "show", spec], cwd=sample_repo.path, check=True, capture_output=True
        ).stdout
        assert rev["sha256"] == hashlib.sha256(data).hexdigest(), spec
        assert rev["blob"] == sample_repo.git("rev-parse", spec).strip()
        assert rev["commit"] == sample_repo.git("rev-parse", f"{rev['tag']}^{{commit}}").strip()


def test_revisions_json_is_deterministic_utf8_with_site_relative_urls(history: History) -> None:
    text = notices.revisions_index(Timeline(history, AS_OF), site_url="")
    assert text == notices.revisions_index(Timeline(history, AS_OF), site_url="")
    assert text.endswith("}\n") and "นโยบาย" in text  # not \u-escaped
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    privacy = next(d for d in data["documents"] if d["document"] == "privacy")
    first = privacy["revisions"][1]
    assert first["url"] == "en/privacy/2023-07-03/"
    assert first["diff_url"] == "en/privacy/changes/2022-03-31...2023-07-03/"


# -- translations left behind ---------------------------------------------------------------------


def test_check_warns_of_an_english_only_revision_without_a_notice_for_the_lagging_locale(
    tmp_path: Path,
) -> None:
    r = PolicyRepo(tmp_path)
    en, th = "policy/en/terms.md", "policy/th/terms.md"
    r.release(
        "2023-01-01",
        {
            en: doc("Terms", "One.\n", notice=q("First.")),
            th: doc("ข้อกำหนด", "หนึ่ง\n", notice=q("แรก")),
        },
    )
    r.release("2023-02-01", {en: doc("Terms", "Two.\n", notice=q("Second."))})
    r.release(
        "2023-03-01",
        {en: doc("Terms", "Three.\n", notice="\n  en: Third.\n  th: ฉบับที่สาม\n  fr: Troisième.")},
    )
    problems = notice_problems(read_history(r.path))
    assert [(p.severity, p.where) for p in problems] == [
        ("warning", f"tag policy/2023-03-01: {en}:3"),  # 'fr' is not a locale of the site
        ("warning", f"tag policy/2023-02-01: {en}:3"),  # Thai lags with no Thai notice
    ]
    assert "'fr' is not a configured locale" in problems[0].message
    assert "'th' translation is not updated" in problems[1].message
    assert "notice: {en: ..., th: ...}" in problems[1].message

    # A draft that leaves Thai behind is reported before it is released, by file.
    r.write(en, doc("Terms", "Four.\n", notice=q("Fourth.")))
    drafted = with_drafts(read_history(r.path), r.path, datetime.date(2023, 6, 1))
    assert [p.where for p in pending_notice_problems(drafted)] == [
        f"tag policy/2023-02-01: {en}:3",
        f"{en}:3",
    ]
    # With the Thai translation in the same change, nothing is left behind.
    r.write(th, doc("ข้อกำหนด", "สี่\n", notice=q("ที่สี่")))
    drafted = with_drafts(read_history(r.path), r.path, datetime.date(2023, 6, 1))
    assert [p.where for p in pending_notice_problems(drafted)] == [
        f"tag policy/2023-02-01: {en}:3"
    ]


def test_a_feed_per_document_with_the_effective_date(history: History) -> None:
    xml = notices.atom_feed(
        Timeline(history, AS_OF),
        "th",
        site_url="",
        feed_title="การเปลี่ยนแปลงนโยบายความเป็นส่วนตัว",
        translate=thai,
        format_date=lambda d: format_date(d, "th"),
        doc="privacy",
        language="อังกฤษ",
    )
    assert xml.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0
    assert parsed.feed.id.startswith("tag:redline,2022-03-31:th/privacy/feed/")
    assert {link.rel: link.href for link in parsed.feed.links} == {
        "self": "../../th/privacy/feed.xml",
        "alternate": "../../th/privacy/",
    }
    # Only the privacy policy: its three Thai revisions and the English one that left Thai behind.
    assert [e.published[:10] for e in parsed.entries] == [
        "2024-01-20",
        "2023-11-01",
        "2023-07-03",
        "2022-03-31",
    ]
    effective = [
        e.findtext(f"{{{notices.REDLINE_NS}}}effective")
        for e in ET.fromstring(xml).iter(f"{ATOM}entry")
    ]
    assert effective == ["2024-03-01", "2023-11-01", "2023-07-03", "2022-03-31"]
    english_only = parsed.entries[1]
    assert english_only.id.startswith("tag:redline,2023-11-01:th/privacy/en/")
    assert english_only.link == "../../en/privacy/2023-11-01/"  # the English text
    related = {link.rel: link.href for link in english_only.links}["related"]
    assert related == "../../en/privacy/changes/2023-07-03...2023-11-01/"  # its redline


def test_revisions_json_has_periods_notices_by_locale_and_pending_entries(tmp_path: Path) -> None:
    r = PolicyRepo(tmp_path)
    en, th = "policy/en/terms.md", "policy/th/terms.md"
    r.release("2023-01-01", {en: doc("Terms", "One.\n"), th: doc("ข้อกำหนด", "หนึ่ง\n")})
    r.release(
        "2023-02-01",
        {en: doc("Terms", "Two.\n", effective="2023-02-15", notice="{en: Two., th: สอง}")},
    )
    r.release("2023-03-01", {th: doc("ข้อกำหนด", "สอง\n")})
    data = json.loads(notices.revisions_index(Timeline(read_history(r.path), AS_OF), site_url=""))
    english, thai = data["documents"]
    assert [(v["in_force_from"], v["in_force_until"]) for v in english["revisions"]] == [
        ("2023-01-01", "2023-02-14"),
        ("2023-02-15", None),
    ]
    assert english["revisions"][1]["notices"] == {"th": "สอง"}
    assert english["revisions"][1]["notice"] == "Two."
    assert english["pending"] == []
    assert thai["pending"] == [
        {
            "date": "2023-02-01",
            "effective": "2023-02-15",
            "locale": "en",
            "notice": "สอง",
            "translation": "2023-01-01",
            "updated": "2023-03-01",
            "url": "en/terms/2023-02-01/",
            "diff_url": "en/terms/changes/2023-01-01...2023-02-01/",
        }
    ]
