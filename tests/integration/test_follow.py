"""No dead ends, on real builds: "follow changes" pages instead of feeds styled by XSLT (no
published file carries a stylesheet processing instruction), `subscribe_url` (https only), the
page that says an English revision has no Thai translation, the error page in every language,
and the drafts a preview announces."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build, configure, redline, run_mkdocs

EN, TH = "policy/en/privacy-policy.md", "policy/th/privacy-policy.md"
SUBSCRIBE = "https://mail.example.com/subscribe?list=policy&feed={feed}"


def english(n: int) -> str:
    return doc("Privacy", f"## 1. Scope {{#scope}}\n\nEnglish text {n}.\n", notice=f"Notice {n}.")


def thai(n: int) -> str:
    return doc("ความเป็นส่วนตัว", f"## 1. ขอบเขต {{#scope}}\n\nข้อความ {n}\n", notice="ฉบับแรก")


def release_two(repo: PolicyRepo) -> None:
    """2023-01-01 in English and Thai; 2023-06-01 in English only."""
    repo.release("2023-01-01", {EN: english(1), TH: thai(1)})
    repo.release("2023-06-01", {EN: english(2)})


def read(site: Path, path: str) -> str:
    file = site / path
    return (file / "index.html" if file.is_dir() else file).read_text(encoding="utf-8")


def hrefs(markup: str, css_class: str) -> list[str]:
    """The `href` of every link with `css_class`."""
    found = re.findall(rf'<a\b[^>]*class="[^"]*\b{css_class}\b[^"]*"[^>]*>', markup)
    return [html.unescape(re.search(r'href="([^"]*)"', a).group(1)) for a in found]  # type: ignore[union-attr]


def resolve(page: str, href: str) -> str:
    """The site path a relative `href` of the page at site path `page` (a folder) leads to."""
    return posixpath.normpath(posixpath.join(page, href)) + ("/" if href.endswith("/") else "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = PolicyRepo(tmp_path_factory.mktemp("follow") / "repo")
    release_two(repo)
    return build(repo.path, repo.path.parent / "site", subscribe_url=SUBSCRIBE)


def test_no_published_file_has_a_stylesheet_instruction_and_the_feeds_stay_atom(site: Path):
    published = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")]
    assert len(published) > 20
    for file in published:
        assert "<?xml-stylesheet" not in file.read_text(encoding="utf-8"), file
    assert not list(site.rglob("*.xsl"))
    for feed in ("en/feed.xml", "th/feed.xml", "th/privacy-policy/feed.xml"):
        parsed = feedparser.parse(read(site, feed))
        assert parsed.bozo == 0 and parsed.entries, feed


@pytest.mark.parametrize("locale", ["en", "th"])
def test_every_follow_link_leads_to_a_follow_page_with_the_feed_readers_and_email(
    site: Path, locale: str
):
    for path in (
        f"{locale}/",
        f"{locale}/changes/",
        f"{locale}/privacy-policy/",
        f"{locale}/privacy-policy/history/",
        f"{locale}/privacy-policy/2023-01-01/",
    ):
        links = hrefs(read(site, path), "rl-follow")
        assert links, path
        for href in links:
            target = resolve(path, href)
            assert target in (f"{locale}/follow/", f"{locale}/privacy-policy/follow/"), (path, href)
            assert 'class="rl-feed"' in read(site, target)
    follow = read(site, f"{locale}/privacy-policy/follow/")
    assert f'<html lang="{locale}"' in follow
    heading = {"en": "Follow changes to Privacy", "th": "ติดตามการเปลี่ยนแปลงของความเป็นส่วนตัว"}
    assert f"<h1>{heading[locale]}</h1>" in follow
    found = re.search(r'<code id="rl-feed-address"[^>]*>([^<]*)</code>', follow)
    assert found is not None
    address = html.unescape(found.group(1))
    assert re.fullmatch(rf"https?://[^/]+/{locale}/privacy-policy/feed\.xml", address), address
    encoded = quote(address, safe="")
    for reader in (
        f"https://feedly.com/i/subscription/feed/{encoded}",
        f"https://www.inoreader.com/?add_feed={encoded}",
        f"https://www.newsblur.com/?url={encoded}",
        SUBSCRIBE.replace("{feed}", encoded),
    ):
        assert f'href="{html.escape(reader)}"' in follow, reader
    assert "mail.example.com" in follow
    # The page loads nothing from those sites: no script, image or style from elsewhere.
    assert not re.search(r'<(script|img|link|iframe)\b[^>]*(src|href)="https://(?!127)', follow)
    assert 'aria-live="polite"' in follow and "data-rl-copy" in follow


def test_an_english_only_revision_has_a_thai_page_that_says_so_and_the_switch_leads_there(
    site: Path,
):
    """The switch from the English-only revision (and from the redline to it) leads to the
    Thai page at the address its translation would have: it says there is none and shows the
    Thai text that stood beside it, with the clauses it lacked; the hreflang alternate stays
    that Thai text, a translation (docs/ARCHITECTURE.md, "No dead ends")."""
    english = read(site, "en/privacy-policy/2023-06-01/")
    switch = re.search(r'<a href="([^"]*)" hreflang="th"[^>]*rl-switch', english)
    alternate = re.search(r'<link rel="alternate" hreflang="th" href="([^"]*)"', english)
    assert switch and alternate
    assert resolve("en/privacy-policy/2023-06-01/", switch.group(1)) == (
        "th/privacy-policy/2023-06-01/"
    )
    assert resolve("en/privacy-policy/2023-06-01/", alternate.group(1)) == (
        "th/privacy-policy/2023-01-01/"
    )
    redline_page = read(site, "en/privacy-policy/changes/2023-01-01...2023-06-01/")
    switch = re.search(r'<a href="([^"]*)" hreflang="th"[^>]*rl-switch', redline_page)
    assert switch and switch.group(1).endswith("th/privacy-policy/2023-06-01/")
    thai_page = read(site, "th/privacy-policy/2023-06-01/")
    assert '<html lang="th"' in thai_page
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", thai_page)).split())
    assert "ไม่มีการเผยแพร่คำแปลของฉบับแก้ไขภาษาอังกฤษวันที่ 1 มิถุนายน 2566" in text
    assert "ด้านล่างคือคำแปลฉบับวันที่ 1 มกราคม 2566 ที่ใช้อยู่ในขณะนั้น" in text
    for target in ("en/privacy-policy/2023-06-01/", "th/privacy-policy/2023-01-01/",
                   "th/privacy-policy/", "th/privacy-policy/history/"):  # fmt: skip
        href = posixpath.relpath(target, "th/privacy-policy/2023-06-01/") + "/"
        assert f'href="{href}"' in thai_page, target
    # The Thai text of 2023-01-01 below the banner: its clause's heading and text as there.
    def clause(page: str) -> tuple[str, str]:
        shown = page.split('<div class="rl-policy', 1)[1]
        heading = re.search(r'<h2 id="scope"[^>]*>(.*?)<', shown)
        text = re.search(r"<p>(ข้อความ[^<]*)</p>", shown)
        assert heading and text, shown[:300]
        return heading.group(1), text.group(1)

    stood = clause(read(site, "th/privacy-policy/2023-01-01/"))
    assert stood[0].startswith("1. ขอบเขต")
    assert clause(thai_page) == stood
    # Not a translation: in no sitemap, and the hreflang alternates still name the Thai text.
    assert "th/privacy-policy/2023-06-01/" not in read(site, "sitemap.xml")
    assert 'hreflang="th" href="../../../th/privacy-policy/2023-01-01/"' in english


@pytest.mark.parametrize("where", ["404.html", "th/404.html"])
def test_the_error_page_speaks_every_language_with_absolute_links(site: Path, where: str):
    page = read(site, where)
    own = "th" if where.startswith("th/") else "en"
    sections = re.findall(r'<section class="rl-not-found" lang="(\w+)"', page)
    assert sections == [own, "th" if own == "en" else "en"]
    assert "Page not found" in page and "ไม่พบหน้าที่ต้องการ" in page
    title = re.search(r"<title>(.*?) - ", page)
    assert title and title.group(1) == ("ไม่พบหน้าที่ต้องการ" if own == "th" else "Page not found")
    links = re.findall(r'<a href="(/[^"]*)" hreflang="(\w+)"', page)
    expected = {"/en/", "/en/privacy-policy/", "/th/", "/th/privacy-policy/"}
    assert {href for href, _ in links} == expected
    for href, locale in links:
        assert href.startswith(f"/{locale}/") and (site / href.lstrip("/") / "index.html").is_file()


def test_subscribe_url_must_be_an_https_address(repo: PolicyRepo, tmp_path: Path):
    release_two(repo)
    for bad in ("http://mail.example.com/?feed={feed}", "javascript:alert(1)", "mail.example.com"):
        configure(repo.path, subscribe_url=bad)
        check = redline("check", cwd=repo.path)
        message = f"option 'subscribe_url': '{bad}' is not an https:// address"
        assert check.returncode == 1 and message in check.stdout, check.stdout
        assert "Traceback" not in check.stderr
    built = run_mkdocs(repo.path, tmp_path / "site", subscribe_url="http://mail.example.com/")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "option 'subscribe_url': 'http://mail.example.com/' is not an https://" in built.stderr


def test_a_preview_announces_the_draft_on_the_policy_and_home_pages(repo: PolicyRepo, tmp_path):
    release_two(repo)
    repo.write(EN, english(3))  # the working tree: a draft of the English text
    repo.write("policy/en/terms.md", doc("Terms", "## 1. Use {#use}\n\nText.\n"))  # a new one
    preview = build(repo.path, tmp_path / "preview", drafts=True)
    for path, draft, changes in (
        ("en/privacy-policy/", "draft/", "changes/2023-06-01...draft/"),
        ("en/", "privacy-policy/draft/", "privacy-policy/changes/2023-06-01...draft/"),
    ):
        page = read(preview, path)
        assert "rl-banner--draft" in page and "A draft exists" in page, path
        assert f'href="{draft}"' in page and f'href="{changes}"' in page, path
        assert (preview / path / draft / "index.html").is_file()
        assert (preview / path / changes / "index.html").is_file()
    # A policy never released: its draft announced on the home page, with no redline.
    home = read(preview, "en/")
    assert "Terms has an unreleased draft." in home and 'href="terms/draft/"' in home
    assert "terms/changes/" not in home
    # Thai has no draft: nothing announced there; a publishing build announces nothing.
    assert "rl-banner--draft" not in read(preview, "th/privacy-policy/")
    published = build(repo.path, tmp_path / "site")
    assert "rl-banner--draft" not in read(published, "en/privacy-policy/")
    assert "rl-banner--draft" not in read(published, "en/")
