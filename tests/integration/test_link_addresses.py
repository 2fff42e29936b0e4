"""The address a redline prints beside a link added or removed whole, and the two it prints for a
link whose address changed, are ones a reader can use on paper: resolved against the page to the
site-root path, or to the full URL with a `site_url`; an external address as written. The link
itself keeps its relative href. Real tags, a real MkDocs build, on the redline page and in the
clause history's excerpts, and across a warm build that changes only the site_url."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import configure

PRIVACY = "policy/en/privacy-policy.md"
COOKIE = "policy/en/cookie-policy.md"
THAI = "policy/th/privacy-policy.md"
REDLINE = "en/privacy-policy/changes/2020-01-01...2021-01-01/index.html"
CLAUSES = "en/privacy-policy/history/clauses/index.html"
EXTERNAL = "https://regulator.example/complaints?topic=cookies&lang=en"
# Where the links to the cookie policy lead from a 2021 text: its revision of 2020 in force then.
COOKIES = "/en/cookie-policy/2020-01-01/#cookies"
CONSENT = "/en/cookie-policy/2020-01-01/#consent"

# A note element as `diff` writes it, its class, and its text as the page has it (escaped).
_NOTE = re.compile(
    r'<span class="(rl-target rl-target-(?:new|old)|rl-address-(?:old|new))">([^<]*)<'
)


@pytest.fixture
def repo(repo: PolicyRepo) -> PolicyRepo:
    """2020: a privacy policy whose contact clause links the cookie policy's cookies clause, and
    the cookie policy (and a Thai privacy policy: the site has two locales); 2021: the privacy
    policy links the cookie policy from its scope too (a link added), its contact link leads to
    the consent clause instead (an address changed), and it links a regulator (an external link
    added)."""
    cookie = doc(
        "Cookie Policy",
        "## Cookies {#cookies}\n\nWe use cookies.\n\n## Consent {#consent}\n\nOk.\n",
    )

    def privacy(scope: str, clause: str) -> str:
        return doc(
            "Privacy Policy",
            f"## 1. Scope {{#scope}}\n\nWe collect what you give us.{scope}\n\n"
            f"## 2. Contact {{#contact}}\n\nAsk about our [cookie rules]"
            f"(cookie-policy.md#{clause}).\n",
        )

    thai = doc("นโยบายความเป็นส่วนตัว", "## 1. ขอบเขต {#scope}\n\nข้อความ\n")
    repo.release("2020-01-01", {PRIVACY: privacy("", "cookies"), COOKIE: cookie, THAI: thai})
    added = f" See our [cookie policy](cookie-policy.md#cookies) and the [regulator]({EXTERNAL})."
    repo.release("2021-01-01", {PRIVACY: privacy(added, "consent")})
    return repo


def build(repo: PolicyRepo, site: Path, site_url: str | None) -> Path:
    """The site as `mkdocs build` makes it, with this `site_url` (None: none), sharing the
    project's cache with every build of the test."""
    path = configure(repo.path, as_of="2022-01-01")
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.pop("site_url", None)
    if site_url is not None:
        config["site_url"] = site_url
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    mkdocs_build(load_config(config_file=str(path), site_dir=str(site)))
    return site


def notes(page: Path) -> list[tuple[str, str]]:
    """Each address note of `page`: its class and its text, unescaped."""
    html = page.read_text(encoding="utf-8")
    return [(cls, text.replace("&amp;", "&")) for cls, text in _NOTE.findall(html)]


def hrefs(page: Path) -> set[str]:
    return set(re.findall(r'<a href="([^"]*)"', page.read_text(encoding="utf-8")))


def expected(root: str) -> list[tuple[str, str]]:
    """The notes of the 2021 redline, in reading order, with `root` before site-root paths."""
    return [
        ("rl-target rl-target-new", root + COOKIES),
        ("rl-target rl-target-new", EXTERNAL),
        ("rl-address-old", root + COOKIES),
        ("rl-address-new", root + CONSENT),
    ]


def excerpted(root: str) -> list[tuple[str, str]]:
    """The notes of the clause history's excerpts: the 2021 redline's, and the contact clause's
    link as added with the clause in 2020."""
    return sorted([*expected(root), ("rl-target rl-target-new", root + COOKIES)])


def test_a_redline_prints_addresses_from_the_site_root_and_keeps_its_links(repo, tmp_path):
    site = build(repo, tmp_path / "site", site_url=None)
    redline, clauses = site / REDLINE, site / CLAUSES
    assert notes(redline) == expected("")
    # The clause history's excerpts print the same addresses.
    assert sorted(notes(clauses)) == excerpted("")
    for page in (redline, clauses):
        assert not any("../" in text for _, text in notes(page)), notes(page)
        # The links themselves are still relative to their page, and lead where they did.
        assert "../../../cookie-policy/2020-01-01/#cookies" in hrefs(page)
        assert "../../../cookie-policy/2020-01-01/#consent" in hrefs(page)
        assert EXTERNAL.replace("&", "&amp;") in hrefs(page)
    # The external address is escaped as text, as written.
    text = redline.read_text(encoding="utf-8")
    assert f'<span class="rl-target rl-target-new">{EXTERNAL.replace("&", "&amp;")}</span>' in text


def test_with_a_site_url_a_redline_prints_full_urls_also_when_reused(repo, tmp_path):
    root = "https://policies.example/legal"
    site = build(repo, tmp_path / "with", site_url=root + "/")
    assert notes(site / REDLINE) == expected(root)
    assert sorted(notes(site / CLAUSES)) == excerpted(root)
    assert "../../../cookie-policy/2020-01-01/#consent" in hrefs(site / REDLINE)
    # A warm build whose only change is the site_url does not publish the old addresses: the
    # redline page is taken from the cache only under a key that covers them.
    again = build(repo, tmp_path / "without", site_url=None)
    assert notes(again / REDLINE) == expected("")
    assert sorted(notes(again / CLAUSES)) == excerpted("")
    # And back: the same bytes as the first build's page.
    third = build(repo, tmp_path / "again", site_url=root + "/")
    assert (third / REDLINE).read_bytes() == (site / REDLINE).read_bytes()
