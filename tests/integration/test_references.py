"""Links between policies (`cookie-policy.md#clause`, `#clause`) lead where each page needs, on
a real site built from real tags: the text in force to the text in force, an archived revision to
the sibling's revision in force on its day, a draft to drafts, a translation to the English text
where it has none; `redline check` and `release` refuse a link that leads nowhere, and a
published one is marked for readers and warned of."""

from __future__ import annotations

import logging
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from redline.cli import demo
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import PROJECT, build, configure, redline

EN_PRIVACY = "policy/en/privacy-policy.md"
TH_PRIVACY = "policy/th/privacy-policy.md"
EN_COOKIE = "policy/en/cookie-policy.md"
TH_COOKIE = "policy/th/cookie-policy.md"


def privacy(title: str, link: str, extra: str = "") -> str:
    return doc(
        title,
        f"## 1. Scope {{#scope}}\n\nWe use [cookies]({link}); see [clause 2](#contact).\n\n"
        f"## 2. Contact {{#contact}}\n\nWrite to us. Back to [the scope](privacy-policy.md#scope)."
        f"{extra}\n",
    )


def cookie(title: str, text: str, more: str = "") -> str:
    return doc(
        title,
        f"## Cookies {{#cookies}}\n\n{text} See our [privacy policy](privacy-policy.md#contact)."
        f"\n{more}",
    )


@pytest.fixture
def repo(repo: PolicyRepo) -> PolicyRepo:
    """2020: a privacy policy (English and Thai) and an English cookie policy, linking each
    other; 2021: the cookie policy revised (a consent clause) and translated; 2022: the English
    privacy policy revised to link the consent clause."""
    repo.release(
        "2020-01-01",
        {
            EN_PRIVACY: privacy("Privacy Policy", "cookie-policy.md#cookies"),
            TH_PRIVACY: privacy("นโยบาย", "cookie-policy.md#cookies"),
            EN_COOKIE: cookie("Cookie Policy", "Version one."),
        },
    )
    consent = "\n## Consent {#consent}\n\nWe ask first.\n"
    repo.release(
        "2021-01-01",
        {
            EN_COOKIE: cookie("Cookie Policy", "Version two.", consent),
            TH_COOKIE: cookie("นโยบายคุกกี้", "ฉบับสอง", consent.replace("Consent", "ความยินยอม")),
        },
    )
    repo.release("2022-01-01", {EN_PRIVACY: privacy("Privacy Policy", "cookie-policy.md#consent")})
    configure(repo.path)
    repo.commit("config", date="2022-01-01")
    return repo


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href") is not None:
            self.links.append(found)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def crawl(site: Path) -> list[str]:
    """Every relative link of every page of `site` that leads to no file, or to an anchor its
    page does not have."""
    pages = {path: parse(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in sorted(pages.items()):
        for link in page.links:
            href = str(link["href"])
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("/"):
                continue
            if parts.path:
                target = Path(posixpath.normpath(path.parent / unquote(parts.path)))
                if href.split("#")[0].endswith("/") or target.is_dir():
                    target = target / "index.html"
            else:
                target = path
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {href} (no page)")
            elif parts.fragment and unquote(parts.fragment) not in pages.get(target, _Page()).ids:
                broken.append(f"{path.relative_to(site)}: {href} (no anchor)")
    return broken


def links(page: Path, text: str) -> list[dict[str, str | None]]:
    """The links of `page` whose text starts with `text`."""
    source = page.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"<a\b([^>]*)>(.*?)</a>", source, re.S):
        if re.sub(r"<[^>]+>", "", match.group(2)).startswith(text):
            parsed = _Page()
            parsed.feed(f"<a{match.group(1)}>")
            found.append(parsed.links[0])
    return found


def test_every_link_of_every_page_leads_to_a_page_and_anchor(repo, tmp_path):
    repo.write(EN_PRIVACY, privacy("Privacy Policy", "cookie-policy.md#consent", " Draft."))
    repo.write(EN_COOKIE, cookie("Cookie Policy", "Draft three.", "\n## Consent {#consent}\n"))
    for name, drafts in (("site", False), ("preview", True)):
        site = build(repo.path, tmp_path / name, as_of="2022-06-01", drafts=drafts)
        kinds = {"index.html", "2020-01-01", "2022-01-01", "history", "changes"}
        assert kinds <= {p.parent.name for p in site.rglob("*.html")} | {"index.html"}
        assert crawl(site) == []
        body = (site / "en/privacy-policy/2020-01-01/index.html").read_text(encoding="utf-8")
        assert "(link not found)" not in body


def test_each_page_kind_links_the_sibling_of_its_time(repo, tmp_path):
    site = build(repo.path, tmp_path / "site", as_of="2022-06-01")
    en = site / "en/privacy-policy"
    # The text in force links the other text in force.
    assert links(en / "index.html", "cookies")[0]["href"] == "../cookie-policy/#consent"
    # The archived revision of 2020 links the cookie policy of 2020, though it changed since.
    (old,) = links(en / "2020-01-01/index.html", "cookies")
    assert old["href"] == "../../cookie-policy/2020-01-01/#cookies"
    (new,) = links(en / "2022-01-01/index.html", "cookies")
    assert new["href"] == "../../cookie-policy/2021-01-01/#consent"
    # The cookie policy of 2021 links the privacy policy then in force (2020's).
    (back,) = links(site / "en/cookie-policy/2021-01-01/index.html", "privacy policy")
    assert back["href"] == "../../privacy-policy/2020-01-01/#contact"
    # A Thai revision from before the Thai cookie policy links the English one, saying so.
    (th_old,) = links(site / "th/privacy-policy/2020-01-01/index.html", "cookies")
    assert th_old["href"] == "../../../en/cookie-policy/2020-01-01/#cookies"
    assert th_old["hreflang"] == "en"
    (th_now,) = links(site / "th/privacy-policy/index.html", "cookies")
    assert th_now["href"] == "../cookie-policy/#cookies" and "hreflang" not in th_now
    # The page's own clauses, and its own document named as a file.
    assert links(en / "index.html", "clause 2")[0]["href"] == "#contact"
    assert links(en / "index.html", "the scope")[0]["href"] == "#scope"
    # A redline compares where the links lead: the cookie link's target changed.
    redline_page = en / "changes/2020-01-01...2022-01-01/index.html"
    text = redline_page.read_text(encoding="utf-8")
    assert '<a href="../../../cookie-policy/2021-01-01/#consent"' in text
    # Both addresses printed beside it as a reader can use them (`site.linknotes`): from the
    # site root, after the site_url of the project's mkdocs.yml.
    old, new = re.findall(r'<span class="rl-address-(?:old|new)">([^<]*)<', text)
    assert old.endswith("/en/cookie-policy/2020-01-01/#cookies") and "../" not in old, old
    assert new.endswith("/en/cookie-policy/2021-01-01/#consent") and "../" not in new, new


def test_a_draft_links_the_drafts(repo, tmp_path):
    repo.write(EN_PRIVACY, privacy("Privacy Policy", "cookie-policy.md#consent", " Draft."))
    repo.write(EN_COOKIE, cookie("Cookie Policy", "Draft three.", "\n## Consent {#consent}\n"))
    site = build(repo.path, tmp_path / "site", as_of="2022-06-01", drafts=True)
    (draft,) = links(site / "en/privacy-policy/draft/index.html", "cookies")
    assert draft["href"] == "../../cookie-policy/draft/#consent"
    # Thai has no draft: its draft-less pages link the texts in force.
    (th,) = links(site / "th/privacy-policy/index.html", "cookies")
    assert th["href"] == "../cookie-policy/#cookies"


def test_check_and_release_refuse_links_that_lead_nowhere(repo):
    repo.write(
        EN_PRIVACY,
        doc(
            "Privacy Policy",
            "## 1. Scope {#scope}\n\n"
            "See the [clause on consent](cookie-policy.md#nothing).\n\n"
            "See [clause 2](#contact).\n\n"
            "See the [terms](terms.md).\n",
        ),
    )
    repo.write(TH_PRIVACY, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nดู[ข้อกำหนด](terms.md)\n"))
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1, result.stdout
    out = result.stdout
    assert (
        "policy/en/privacy-policy.md:6: error: link 'cookie-policy.md#nothing' names clause "
        "'#nothing', which policy/en/cookie-policy.md does not have" in out
    )
    assert "link one of its anchors (#consent, #cookies)" in out
    assert "policy/en/privacy-policy.md:8: error: link '#contact' names clause" in out
    assert "policy/en/privacy-policy.md:10: error: link 'terms.md' leads to no document: " in out
    assert "there is no terms.md in this release; link one of cookie-policy.md" in out
    assert "policy/th/privacy-policy.md:6: error: link 'terms.md' leads to no document" in out
    repo.commit("broken links", date="2022-01-02")
    release = redline("release", "2022-01-02", "-m", "Broken", "--backdate", cwd=repo.path)
    assert release.returncode == 1
    assert "no tag was created" in release.stderr
    assert "policy/policy" not in repo.git("tag")
    assert "policy/2022-01-02" not in repo.git("tag")


def test_a_published_broken_link_is_marked_and_warned_of(repo, tmp_path, caplog):
    body = "## 1. Scope {#scope}\n\nSee the [terms](terms.md) and [clause 9](#nine).\n"
    repo.release("2023-01-01", {EN_PRIVACY: doc("Privacy Policy", body)})
    site = build(repo.path, tmp_path / "site", as_of="2023-06-01", workers=1)
    assert "redline: /en/privacy-policy/2023-01-01/: link 'terms.md' leads nowhere" in caplog.text
    page = (site / "en/privacy-policy/2023-01-01/index.html").read_text(encoding="utf-8")
    assert "terms.md" not in page and "#nine" not in page
    assert "the terms</span> (link not found)" not in page  # the text stays the link's text
    assert re.search(r"<span title=\"[^\"]+\">terms</span> \(link not found\)", page)
    assert re.search(r"<span title=\"[^\"]+\">clause 9</span> \(link not found\)", page)
    assert crawl(site) == []
    # The warning names the tag and the line; once the working tree is fixed, no error.
    repo.write(EN_PRIVACY, privacy("Privacy Policy", "cookie-policy.md#consent", " Fixed."))
    result = redline("check", cwd=repo.path)
    assert result.returncode == 0, result.stdout
    assert (
        "tag policy/2023-01-01: policy/en/privacy-policy.md:6: warning: released with a warning "
        "(a tag never moves, so it no longer fails --strict; heed it in the next revision): "
        "link 'terms.md' leads to no document" in result.stdout
    )
    assert "policy/en/privacy-policy.md:6: warning: released with a warning " in result.stdout
    assert "link '#nine'" in result.stdout


def test_a_thai_page_marks_broken_links_in_thai(repo, tmp_path):
    body = "## 1. ขอบเขต {#scope}\n\nดู[ข้อกำหนด](terms.md)\n"
    repo.release("2023-01-01", {TH_PRIVACY: doc("นโยบาย", body)})
    site = build(repo.path, tmp_path / "site", as_of="2023-06-01")
    page = (site / "th/privacy-policy/2023-01-01/index.html").read_text(encoding="utf-8")
    assert "ข้อกำหนด</span> (ไม่พบลิงก์)" in page


def test_a_reused_revision_page_follows_a_sibling_released_before_it_took_effect(
    repo, tmp_path, caplog
):
    # A privacy revision released on 2023-01-01 to take effect on 2023-06-01, replaced before
    # then (archived, never in force); a cookie policy released in between applies on that day:
    # the archived page, kept in the cache by the first build, must link it after that release.
    planned = privacy("Privacy Policy", "cookie-policy.md#consent")
    planned = planned.replace(
        "title: Privacy Policy", "title: Privacy Policy\neffective: 2023-06-01"
    )
    repo.release("2023-01-01", {EN_PRIVACY: planned})
    repo.release(
        "2023-01-10", {EN_PRIVACY: privacy("Privacy Policy", "cookie-policy.md#consent", " B.")}
    )
    cache = tmp_path / "cache"
    first = build(repo.path, tmp_path / "one", as_of="2023-03-01", cache_dir=str(cache))
    page = "en/privacy-policy/2023-01-01/index.html"
    (before,) = links(first / page, "cookies")
    assert before["href"] == "../../cookie-policy/2021-01-01/#consent"
    consent = "\n## Consent {#consent}\n\nWe ask again.\n"
    repo.release("2023-02-01", {EN_COOKIE: cookie("Cookie Policy", "Version three.", consent)})
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.redline")
    second = build(repo.path, tmp_path / "two", as_of="2023-03-01", cache_dir=str(cache))
    assert "redline: /en/: " in caplog.text and " 0 reused from the cache" not in caplog.text
    (after,) = links(second / page, "cookies")
    assert after["href"] == "../../cookie-policy/2023-02-01/#consent"
    # An archived page whose links lead where they did is taken from the cache, unchanged.
    old = "en/privacy-policy/2020-01-01/index.html"
    assert (first / old).read_bytes() == (second / old).read_bytes()


def test_no_page_of_the_sample_site_links_a_missing_page_or_anchor(tmp_path):
    # The sample history (`redline demo`), built as of a day after its newest release.
    sample = demo.materialize(PROJECT, tmp_path / "sample")
    site = build(sample, tmp_path / "site", as_of="2025-01-01")
    assert crawl(site) == []
    # The privacy policy in force links the Cookie Policy from its text, in English and in Thai:
    # a link to one of its clauses (the navigation links the page, with no clause).
    for locale in ("en", "th"):
        page = site / locale / "privacy-policy/index.html"
        cookie_policy = site / locale / "cookie-policy"
        clauses = parse(cookie_policy / "index.html").ids
        hrefs = [str(link["href"]) for link in parse(page).links]
        to_clauses = [
            parts.fragment
            for parts in map(urlsplit, hrefs)
            if Path(posixpath.normpath(page.parent / parts.path)) == cookie_policy
            and unquote(parts.fragment) in clauses
        ]
        assert to_clauses, f"{locale}: no link to a cookie policy clause among {hrefs}"
