"""The whole site from one real `mkdocs build` of a real git repository."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import subprocess
from html.parser import HTMLParser

import pytest
from mkdocs.exceptions import Abort

from redline.model import dates
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build, configure, run_mkdocs

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
COOKIE = "policy/en/cookie-policy.md"

HOSTILE = (
    "## Hostile {#hostile}\n\n"
    "<script>alert('x')</script>\n\n"
    '<p onclick="alert(1)">Click</p>\n\n'
    "[a link](javascript:alert(1)) and <img src=x onerror=alert(1)>\n"
)


@pytest.fixture
def repo(repo):
    r = repo
    r.release(
        "2017-02-12",
        {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nWe collect names.\n", notice="First.")},
        summary="First release",
    )
    r.release(
        "2017-07-28",
        {
            EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nWe collect names and e-mail.\n"),
            TH: doc("นโยบายความเป็นส่วนตัว", "## 1. ขอบเขต {#scope}\n\nเราเก็บรวบรวมชื่อ\n"),
        },
    )
    r.release(
        "2022-03-31",
        {
            EN: doc(
                "Privacy Policy",
                "## 1. Scope {#scope}\n\nWe collect names and e-mail.\n\n"
                "## 2. Abroad {#abroad}\n\nCloud servers abroad.\n",
                notice="Clause 2 added.",
            ),
            COOKIE: doc("Cookie Policy", "## Cookies {#cookies}\n\nWe use cookies.\n"),
        },
    )
    return r


@pytest.fixture
def site(repo, tmp_path):
    return build(repo.path, tmp_path / "site")


def read(path):
    return path.read_text(encoding="utf-8")


def test_both_locales_from_one_build(site):
    en = read(site / "en/privacy-policy/index.html")
    th = read(site / "th/privacy-policy/index.html")
    assert '<html lang="en"' in en and '<html lang="th"' in th
    assert "Cybozu Policies" in en and "นโยบายของ Cybozu" in th
    assert (site / "en/search/search_index.json").is_file()
    assert (site / "th/search/search_index.json").is_file()
    index_th = json.loads(read(site / "th/search/search_index.json"))
    assert all("privacy-policy/2017" not in d["location"] for d in index_th["docs"])
    assert any("เราเก็บรวบรวมชื่อ" in d["text"].replace("\u200b", "") for d in index_th["docs"])


def test_root_lets_the_reader_pick_a_language_without_javascript(site):
    root = read(site / "index.html")
    assert 'href="en/"' in root and 'href="th/"' in root
    assert 'lang="th"' in root and "ไทย" in root


def test_pages_carry_hreflang_alternates_and_the_switcher_targets_the_same_document(site):
    en = read(site / "en/privacy-policy/index.html")
    assert re.search(r'hreflang="th" href="[^"]*/th/privacy-policy/"', en)
    switch = r'href="\.\./\.\./th/privacy-policy/"[^>]*class="md-select__link rl-switch"'
    assert re.search(switch, en)
    # an archived English revision switches to the Thai revision released by that date
    archived = read(site / "en/privacy-policy/2022-03-31/index.html")
    assert re.search(r'href="\.\./\.\./\.\./th/privacy-policy/2017-07-28/"', archived)


def test_sitemap_lists_both_locales_with_revision_dates(site):
    sitemap = read(site / "sitemap.xml")
    assert "/en/privacy-policy/</loc>" in sitemap and "/th/privacy-policy/</loc>" in sitemap
    assert "<lastmod>2022-03-31</lastmod>" in sitemap
    own = read(site / "th/sitemap.xml")
    assert "/th/privacy-policy/</loc>" in own and "/en/privacy-policy/</loc>" not in own


def test_a_sitemap_is_beside_every_page_with_hreflang_alternates_and_only_there(site):
    # Material's language script fetches one beside each `<link rel=alternate hreflang>`.
    for folder in (site / "en").rglob("*/"):
        page = folder / "index.html"
        if not page.is_file() or folder == site / "en":
            continue
        head = read(page).split("</head>", 1)[0]
        linked = re.search(r'<link rel="alternate" hreflang="th"', head) is not None
        assert linked == ("..." not in folder.name), folder  # not on redlines
        assert (folder / "sitemap.xml").is_file() == linked, folder
        if linked:
            listed = read(folder / "sitemap.xml")
            assert f"/{folder.relative_to(site).as_posix()}/</loc>" in listed, folder


def test_policy_page_shows_dates_and_every_revision(site):
    en = read(site / "en/privacy-policy/index.html")
    assert "Cloud servers abroad." in en
    for day in ("February 12, 2017", "July 28, 2017", "March 31, 2022"):
        assert day in en
    assert 'href="2017-02-12/"' in en


def test_thai_pages_use_buddhist_era_dates(site):
    th = read(site / "th/privacy-policy/index.html")
    assert "28 กรกฎาคม 2560" in th
    assert "ค.ศ." not in th


def test_archived_revision_is_shown_as_released_with_a_banner(site):
    old = read(site / "en/privacy-policy/2017-02-12/index.html")
    assert "We collect names." in old and "e-mail" not in old.split("rl-policy", 1)[1]
    assert "archived revision of February 12, 2017" in old


def test_lagging_thai_translation_says_english_prevails(site):
    th = read(site / "th/privacy-policy/index.html")
    assert "ให้ถือตามฉบับภาษาอังกฤษเป็นสำคัญ" in th
    assert "31 มีนาคม 2565" in th


def test_a_document_only_in_english_is_listed_on_the_thai_site(site):
    home = read(site / "th/index.html")
    assert "มีเฉพาะฉบับภาษาอังกฤษ" in home
    assert 'href="../en/cookie-policy/"' in home


def test_history_page_lists_revisions_with_summaries_and_diffs(site):
    history = read(site / "en/privacy-policy/history/index.html")
    assert "First release" in history and "Clause 2 added." in history
    assert "changes/2017-07-28...2022-03-31/" in history
    assert (site / "en/privacy-policy/changes/2017-07-28...2022-03-31/index.html").is_file()


def test_feed_and_revisions_index(site, repo):
    page = read(site / "en/privacy-policy/index.html")
    assert 'type="application/atom+xml"' in page
    assert (site / "th/feed.xml").is_file()
    index = json.loads(read(site / "revisions.json"))
    for document in index["documents"]:
        for rev in document["revisions"]:
            released = subprocess.run(
                ["git", "show", f"{rev['tag']}:{rev['path']}"],
                cwd=repo.path,
                capture_output=True,
                check=True,
            ).stdout
            assert rev["sha256"] == hashlib.sha256(released).hexdigest()


def test_a_normal_build_never_publishes_the_draft(repo, tmp_path):
    repo.write(EN, doc("Privacy Policy", "## 1. Scope {#scope}\n\nSECRET DRAFT TEXT\n"))
    site = build(repo.path, tmp_path / "site")
    assert not (site / "en/privacy-policy/draft").exists()
    assert not any("SECRET DRAFT TEXT" in read(p) for p in site.rglob("*.html"))
    review = build(repo.path, tmp_path / "review", drafts=True)
    draft = read(review / "en/privacy-policy/draft/index.html")
    assert "SECRET DRAFT TEXT" in draft and "Draft, not published" in draft
    assert "SECRET DRAFT TEXT" not in read(review / "en/privacy-policy/index.html")


def test_the_build_leaves_the_working_tree_index_and_refs_untouched(repo, tmp_path):
    repo.write(EN, doc("Privacy Policy", "Staged edit.\n"))
    repo.git("add", EN)
    repo.write(EN, doc("Privacy Policy", "Unstaged edit on top.\n"))
    repo.write("policy/th/new.md", doc("ใหม่", "ร่าง\n"))
    configure(repo.path)

    def snapshot():
        files = {
            str(p.relative_to(repo.path)): p.read_bytes()
            for p in repo.path.rglob("*")
            if p.is_file()
            and ".git/" not in str(p.relative_to(repo.path)) + "/"
            and p.name != "mkdocs.yml"  # the test's own configuration, rewritten per build
        }
        # --no-optional-locks: `git status` must not refresh the index it is checking
        git_state = [
            repo.git("--no-optional-locks", "status", "--porcelain=v2", "--untracked-files=all"),
            repo.git("diff"),
            repo.git("diff", "--cached"),
            repo.git("show-ref"),
            repo.git("stash", "list"),
            (repo.path / ".git/index").read_bytes().hex(),
        ]
        return files, git_state

    before = snapshot()
    build(repo.path, tmp_path / "site", drafts=True)
    build(repo.path, tmp_path / "site2")
    assert snapshot() == before


def test_two_builds_with_the_same_tags_and_date_are_byte_identical(repo, tmp_path):
    first = build(repo.path, tmp_path / "one")
    second = build(repo.path, tmp_path / "two")

    def files(root):
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    a, b = files(first), files(second)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_hostile_policy_text_never_runs(repo, tmp_path):
    repo.release("2023-01-01", {EN: doc("Privacy Policy", HOSTILE)})
    site = build(repo.path, tmp_path / "site")
    for page in (
        "en/privacy-policy/index.html",
        "en/privacy-policy/2023-01-01/index.html",
        "en/privacy-policy/changes/2022-03-31...2023-01-01/index.html",
    ):
        html = read(site / page).split('class="md-content"', 1)[1]
        assert "<script>alert" not in html
        assert "onclick" not in html and "onerror" not in html
        assert "javascript:" not in html


# Heading ids printed raw by the theme's table of contents, titles it shows as HTML tooltips,
# and the theme's own ids and classes (issue 10, points 1 to 3).
THEME_TAKEOVER = (
    "## 1. Scope {#scope id='scope\"><img src=x onerror=alert(1)>'}\n\n"
    'We collect [names](#scope "<img src=x onerror=alert(2)>") and '
    '<abbr title="<img src=x onerror=alert(3)>">PII</abbr>.\n\n'
    "## 2. Focus {id='focus\" autofocus onfocus=\"alert(4)'}\n\n"
    "### 2.1 Kept {#kept}\n\n"
    '<p id="__config">{"base": "https://evil.example", "features": []}</p>\n\n'
    '<div class="md-dialog md-dialog--active">Overlay</div>\n\n'
    "## 3. Theme {#md-content .rl-diff}\n\nText.\n"
)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html):
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_heading_ids_theme_names_and_titles_with_markup_never_reach_the_page(repo, tmp_path):
    repo.release(
        "2023-01-01",
        {
            EN: doc("Privacy Policy", THEME_TAKEOVER),
            TH: doc("นโยบายความเป็นส่วนตัว", THEME_TAKEOVER),
        },
    )
    site = build(repo.path, tmp_path / "site")
    for page in (
        "en/privacy-policy/index.html",
        "th/privacy-policy/index.html",
        "en/privacy-policy/2023-01-01/index.html",
        "en/privacy-policy/changes/2022-03-31...2023-01-01/index.html",
        "th/privacy-policy/changes/2017-07-28...2023-01-01/index.html",
    ):
        tags = tags_of(read(site / page))
        ids = [a["id"] for _, a in tags if "id" in a]
        assert ids.count("__config") == 1, page  # Material's own configuration only
        assert "md-content" not in ids and not any("alert" in i for i in ids), page
        classes = " ".join(a.get("class") or "" for _, a in tags).split()
        assert "md-dialog--active" not in classes, page
        assert classes.count("rl-diff") == ("/changes/" in page), page  # the template's own
        assert not any(
            name.startswith("on") or name == "autofocus" for _, a in tags for name in a
        ), page
        assert not any("<" in (a.get("title") or "") for _, a in tags), page
        # the table of contents links exactly to anchors the page has
        toc = [
            a["href"][1:]
            for t, a in tags
            if "md-nav__link" in (a.get("class") or "") and (a.get("href") or "").startswith("#")
        ]
        assert set(toc) <= set(ids), page
        if "/changes/" not in page:
            assert set(toc) == {"kept"}, page


def test_title_and_notice_are_escaped(repo, tmp_path):
    repo.release(
        "2023-01-01",
        {EN: doc("Privacy <b>Policy</b>", "Text.\n", notice="'<script>alert(1)</script>'")},
    )
    site = build(repo.path, tmp_path / "site")
    html = read(site / "en/privacy-policy/history/index.html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_preview_without_release_tags_shows_the_draft_and_says_how_to_tag(tmp_path):
    r = PolicyRepo(tmp_path / "repo")
    r.write(EN, doc("Privacy Policy", "First draft.\n"))
    r.write("policy/th/.keep", "")
    r.commit("draft")
    result = run_mkdocs(r.path, tmp_path / "site", drafts=True)
    assert result.returncode == 0, result.stderr
    assert "no release tags policy/YYYY-MM-DD" in result.stderr
    assert "redline release" in result.stderr
    assert "First draft." in read(tmp_path / "site/en/privacy-policy/draft/index.html")


def test_a_clone_without_tags_fails_instead_of_publishing_drafts(repo, tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-tags", str(repo.path), str(clone)], check=True)
    assert subprocess.run(["git", "tag"], cwd=clone, capture_output=True, text=True).stdout == ""
    result = run_mkdocs(clone, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no release tags policy/YYYY-MM-DD" in result.stderr
    assert "git fetch --tags" in result.stderr and "redline release" in result.stderr
    assert not (tmp_path / "site/en").exists()
    # A preview (the pull request's review build) still shows the working tree as a draft.
    monkeypatch.setenv("REDLINE_DRAFTS", "1")
    preview = run_mkdocs(clone, tmp_path / "preview")
    assert preview.returncode == 0, preview.stderr
    assert "Cloud servers abroad." in read(tmp_path / "preview/en/privacy-policy/draft/index.html")
    monkeypatch.delenv("REDLINE_DRAFTS")
    # The fix the message gives works.
    subprocess.run(["git", "fetch", "-q", "--tags"], cwd=clone, check=True)
    published = run_mkdocs(clone, tmp_path / "published")
    assert published.returncode == 0, published.stderr
    assert (tmp_path / "published/en/privacy-policy/2017-02-12/index.html").is_file()
    assert not (tmp_path / "published/en/privacy-policy/draft").exists()


def test_a_release_from_a_stale_branch_stops_the_build(repo, tmp_path, caplog):
    repo.git("checkout", "-q", "-b", "stale", "policy/2017-07-28")
    repo.release("2023-01-01", {EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nOld.\n")})
    with pytest.raises(Abort):
        build(repo.path, tmp_path / "site")
    assert re.search(
        r"tag policy/2023-01-01: its commit [0-9a-f]{12} does not contain the previous release "
        r"policy/2022-03-31 \([0-9a-f]{12}\), so it may put older text in force",
        caplog.text,
    ), caplog.text
    assert not (tmp_path / "site/en").exists()


def test_a_release_dated_after_today_stops_the_build(repo, tmp_path, caplog):
    today = dates.today("Asia/Bangkok")
    tomorrow = today + datetime.timedelta(days=1)
    repo.release(tomorrow.isoformat(), {EN: doc("Privacy Policy", "Tomorrow.\n")})
    with pytest.raises(Abort):
        build(repo.path, tmp_path / "site", as_of=today.isoformat())
    assert f"tag policy/{tomorrow}: dated after today" in caplog.text
    # As of a past day the release was not known yet: the site of that day, without it.
    site = build(repo.path, tmp_path / "past")  # as of 2024-01-01
    assert not list(site.rglob(tomorrow.isoformat()))


def test_an_effective_date_years_ahead_is_a_warning_naming_the_bound(repo, tmp_path, caplog):
    repo.release("2023-01-01", {EN: doc("Privacy Policy", "Text.\n", effective="2204-01-15")})
    site = build(repo.path, tmp_path / "site")
    assert (
        "tag policy/2023-01-01: policy/en/privacy-policy.md:3: effective date 2204-01-15 is more "
        "than a year after the revision date 2023-01-01"
    ) in caplog.text
    assert (site / "en/privacy-policy/2023-01-01/index.html").is_file()


def test_a_second_tag_on_one_commit_is_reported(repo, tmp_path, caplog):
    repo.tag("policy/2023-01-01", "Nothing new", date="2023-01-01")
    site = build(repo.path, tmp_path / "site")
    assert (
        "tag policy/2023-01-01: tags the same commit as policy/2022-03-31: it adds no revision "
        "and shows nowhere on the site"
    ) in caplog.text
    assert not list(site.rglob("2023-01-01"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing-locale", "policy/th: missing locale folder"),
        ("bad-front-matter", "policy/en/privacy-policy.md:3: front matter is not valid YAML"),
        ("unknown-locale", "unknown locale 'xx'"),
    ],
)
def test_bad_input_stops_the_build_with_one_clear_line(repo, tmp_path, change, message):
    options = {}
    if change == "missing-locale":
        repo.git("rm", "-q", "-r", "policy/th")
        repo.commit("no thai")
    elif change == "bad-front-matter":
        repo.release("2023-01-01", {EN: "---\ntitle: Privacy\nnotice: [oops\n---\nText\n"})
    else:
        options["locales"] = {"en": {"name": "English"}, "xx": {"name": "X"}}
        (repo.path / "policy/xx").mkdir()
    result = run_mkdocs(repo.path, tmp_path / "site", **options)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


def test_a_bad_tag_aborts_the_build_naming_it(repo, tmp_path, caplog):
    repo.tag("policy/not-a-date", "bad")
    with pytest.raises(Abort):
        build(repo.path, tmp_path / "site")
    assert "tag policy/not-a-date: not a release date" in caplog.text


def test_policy_page_announces_an_upcoming_revision(repo, tmp_path):
    repo.release(
        "2023-12-01",
        {
            EN: doc(
                "Privacy Policy",
                "## 1. Scope {#scope}\n\nNew scope.\n",
                effective="2024-02-01",
                notice="Scope rewritten.",
            )
        },
    )
    site = build(repo.path, tmp_path / "site", as_of="2024-01-01")
    page = read(site / "en/privacy-policy/index.html")
    assert "An updated policy takes effect on February 1, 2024." in page
    assert 'href="2023-12-01/"' in page
    assert 'href="changes/2022-03-31...2023-12-01/"' in page
    assert "New scope." not in page.split('class="rl-policy"', 1)[1]
    upcoming = read(site / "en/privacy-policy/2023-12-01/index.html")
    assert "This revision takes effect on February 1, 2024." in upcoming
    later = build(repo.path, tmp_path / "later", as_of="2024-02-01")
    assert "New scope." in read(later / "en/privacy-policy/index.html")


def test_policy_page_shows_a_recent_change_with_its_notice(repo, tmp_path):
    recent = build(repo.path, tmp_path / "recent", as_of="2022-04-20")
    page = read(recent / "en/privacy-policy/index.html")
    assert "Recently revised" in page and "Clause 2 added." in page
    assert 'href="changes/2017-07-28...2022-03-31/"' in page
    stale = build(repo.path, tmp_path / "stale", as_of="2022-06-01", recent_days=30)
    assert "Recently revised" not in read(stale / "en/privacy-policy/index.html")


def test_changes_page_lists_every_notice_newest_first_with_fallbacks(site):
    page = read(site / "en/changes/index.html")
    assert page.index("Clause 2 added.") < page.index("First.")
    assert "This policy was revised on July 28, 2017." in page  # no notice: the fallback
    thai = read(site / "th/changes/index.html")
    assert "นโยบายนี้ได้รับการแก้ไขเมื่อวันที่ 28 กรกฎาคม 2560" in thai


def test_an_effective_date_that_is_not_a_date_is_reported(repo, tmp_path):
    repo.release("2023-01-01", {EN: doc("Privacy Policy", "Text.\n", effective="soon")})
    result = run_mkdocs(repo.path, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "policy/en/privacy-policy.md:2: front matter 'effective': 'soon' is not a date" in (
        result.stderr
    )


def test_builds_in_one_process_never_share_state(repo, tmp_path):
    """MkDocs reuses the plugin instance; a new config may reuse a dead one's id()."""
    for i in range(6):
        as_of = "2020-01-01" if i % 2 else "2023-01-01"
        site = build(repo.path, tmp_path / f"site{i}", as_of=as_of)
        text = read(site / "en/privacy-policy/index.html").split('class="rl-policy"', 1)[1]
        assert ("Cloud servers abroad." in text) == (i % 2 == 0), (i, as_of)


def test_a_hostile_title_is_escaped_everywhere_on_the_page(repo, tmp_path):
    repo.release("2023-01-01", {EN: doc("'Privacy <img src=x onerror=alert(1)> & Co'", "Text.\n")})
    site = build(repo.path, tmp_path / "site")
    for page in ("en/privacy-policy/index.html", "en/index.html", "en/changes/index.html"):
        html = read(site / page)
        assert "<img src=x" not in html and "onerror=alert(1)>" not in html
        assert "Privacy &lt;img src=x onerror=alert(1)&gt; &amp; Co" in html


def test_switching_language_on_a_revision_with_a_later_effective_date(repo, tmp_path):
    repo.release(
        "2024-01-15",
        {
            EN: doc("Privacy Policy", "## 1. Scope {#scope}\n\nNew.\n", effective="2024-02-01"),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nใหม่\n", effective="2024-02-01"),
        },
    )
    site = build(repo.path, tmp_path / "site", as_of="2024-03-01")
    english = read(site / "en/privacy-policy/2024-01-15/index.html")
    assert 'href="../../../th/privacy-policy/2024-01-15/"' in english
    thai = read(site / "th/privacy-policy/2024-01-15/index.html")
    assert 'href="../../../en/privacy-policy/2024-01-15/"' in thai


def test_a_lagging_translation_names_the_authoritative_language_whichever_it_is(tmp_path):
    """The templates once said "English" whatever locale came first in the settings."""
    r = PolicyRepo(tmp_path / "repo")
    thai_first = "policy/th/privacy-policy.md"
    english = "policy/en/privacy-policy.md"
    r.release(
        "2023-01-01",
        {
            thai_first: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nหนึ่ง\n"),
            english: doc("Privacy Policy", "## 1. Scope {#scope}\n\nOne.\n"),
        },
    )
    r.release("2023-06-01", {thai_first: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nสอง\n")})
    r.release("2023-07-01", {"policy/th/cookie-policy.md": doc("คุกกี้", "คุกกี้\n")})
    locales = {"th": {"name": "ไทย"}, "en": {"name": "English"}}
    site = build(r.path, tmp_path / "site", locales=locales)
    lagging = read(site / "en/privacy-policy/index.html")
    assert "The Thai text was revised on June 1, 2023" in lagging
    assert "The Thai text prevails." in lagging and "Read the Thai text" in lagging
    assert "English text" not in lagging
    home = read(site / "en/index.html")
    assert "(available in Thai only)" in home and "English only" not in home
