"""Publishing never includes drafts: REDLINE_DRAFTS=0 (what the publishing workflows set) wins
over `drafts: true` in mkdocs.yml; and a drafts build is a preview whose every page says so in
its title, in the page's language."""

from __future__ import annotations

import re

import pytest

from tests.support.gitrepo import doc
from tests.support.sitebuild import EN, build, first_release

DRAFT = "SECRET DRAFT TEXT"


@pytest.fixture
def repo(repo):
    first_release(repo)
    repo.write(EN, doc("Privacy", f"## 1. Scope {{#scope}}\n\n{DRAFT}\n"))
    return repo


def titles(site) -> dict[str, str]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)
        if title is not None:
            found[str(page.relative_to(site))] = title.group(1)
    return found


def test_the_publishing_override_wins_over_drafts_in_mkdocs_yml(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_DRAFTS", "0")
    site = build(repo.path, tmp_path / "site", drafts=True)
    assert (site / "en/privacy-policy/index.html").is_file()
    assert not list(site.rglob("draft"))
    assert not any(DRAFT in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert not any("Preview" in t or "ฉบับร่าง" in t for t in titles(site).values())


@pytest.mark.parametrize("how", ["setting", "environment"])
def test_every_page_of_a_drafts_build_is_titled_a_preview(repo, tmp_path, monkeypatch, how):
    if how == "environment":
        monkeypatch.setenv("REDLINE_DRAFTS", "1")
    site = build(repo.path, tmp_path / "site", drafts=how == "setting")
    assert DRAFT in (site / "en/privacy-policy/draft/index.html").read_text(encoding="utf-8")
    pages = {path: title for path, title in titles(site).items() if path.endswith("index.html")}
    assert "index.html" in pages and "th/privacy-policy/index.html" in pages
    for path, title in pages.items():
        prefix = "[ตัวอย่างฉบับร่าง] " if path.startswith("th/") else "[Draft preview] "
        assert title.startswith(prefix) and not title.startswith(prefix * 2), (path, title)


def test_a_published_page_has_no_preview_title(repo, tmp_path):
    site = build(repo.path, tmp_path / "site")
    found = titles(site)
    assert found["en/privacy-policy/index.html"].startswith("Privacy")
    assert not any("[" in title for title in found.values())
