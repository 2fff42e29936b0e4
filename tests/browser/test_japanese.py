"""A site in English, Thai and Japanese, made as a team would (`redline new --locales en,th,ja`, a
Japanese policy, a release, `mkdocs build`): the Japanese search finds a word inside a sentence
written without spaces, the build warns that the Japanese interface has no catalog, and the
chooser at `/` never labels 日本語 with another language's sentence."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from .harness import SiteServer, search

pytestmark = pytest.mark.browser

REDLINE = [sys.executable, "-m", "redline.cli"]
JAPANESE = """---
title: プライバシーポリシー
notice: >-
  プライバシーポリシーを初めて公開しました。
---

本プライバシーポリシーは、株式会社サンプルが個人情報をどのように取り扱うかを説明します。

## 1. 適用範囲 {#scope}

本ポリシーは、当社が顧客およびウェブサイト訪問者から収集する個人情報に適用されます。

## 2. 収集する個人情報 {#data-collected}

当社は、氏名、電子メールアドレスおよび電話番号を収集することがあります。
"""


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_AUTHOR_NAME": "Legal",
           "GIT_AUTHOR_EMAIL": "legal@example.org", "GIT_COMMITTER_NAME": "Legal",
           "GIT_COMMITTER_EMAIL": "legal@example.org"}  # fmt: skip
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, str]]:
    """The site built, served, and its build's log."""
    top = tmp_path_factory.mktemp("japanese")
    run(*REDLINE, "new", "policies", "--locales", "en,th,ja", "--timezone", "UTC", cwd=top)
    repo = top / "policies"
    (repo / "policy/ja/privacy-policy.md").write_text(JAPANESE, encoding="utf-8")
    run("git", "add", "-A", cwd=repo)
    run("git", "commit", "-q", "-m", "Policies in three languages", cwd=repo)
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    run(*REDLINE, "release", today, "-m", "First publication", cwd=repo)
    built = run(sys.executable, "-m", "mkdocs", "build", "-d", str(top / "site"), cwd=repo)
    with SiteServer(top / "site") as server:
        yield server, built.stderr


@pytest.mark.parametrize("word", ["個人情報", "電話番号", "適用範囲"])
def test_a_japanese_word_inside_a_sentence_is_found(
    page: Page, japanese: tuple[SiteServer, str], word: str
) -> None:
    server, _ = japanese
    page.goto(server.url("/ja/"))
    assert page.evaluate("document.documentElement.lang") == "ja"
    found = [urlsplit(href).path for href in search(page, word)]
    assert found and found[0] == "/ja/privacy-policy/", f"{word}: {found}"
    assert all(path.startswith("/ja/") for path in found), found


def test_the_thai_search_still_finds_a_thai_word(
    page: Page, japanese: tuple[SiteServer, str]
) -> None:
    server, _ = japanese
    page.goto(server.url("/th/"))
    found = [urlsplit(href).path for href in search(page, "ข้อมูลส่วนบุคคล")]
    assert found and found[0] == "/th/privacy-policy/", found


def test_the_build_warns_once_that_the_japanese_interface_is_english(
    japanese: tuple[SiteServer, str],
) -> None:
    _, log = japanese
    warnings = [line for line in log.splitlines() if "no interface catalog" in line]
    assert len(warnings) == 1, log
    assert "'ja'" in warnings[0] and "will appear in English" in warnings[0]
    assert "'th'" not in log  # Thai has Redline's own catalog


def test_the_chooser_names_japanese_in_japanese_only(
    page: Page, japanese: tuple[SiteServer, str]
) -> None:
    server, _ = japanese
    page.goto(server.url("/"))
    choice = page.locator('li[lang="ja"]')
    assert choice.inner_text().strip() == "日本語"  # no English sentence under it
    assert "Read our policies in English" in page.locator('li[lang="en"]').inner_text()
    assert "ภาษาไทย" in page.locator('li[lang="th"]').inner_text()
