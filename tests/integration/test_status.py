"""Every page and `revisions.json` give one answer on status and lag (they all ask the Timeline).

Before the Timeline, the pages computed "does this translation lag?" with a rule of their own: a
Thai text withdrawn in 2021 said it lagged an English revision of 2022, and a site built as of a
past date said the Thai text lagged an English revision released after that date, while
`revisions.json` said `"lagging": false` in both cases.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.gitrepo import doc
from tests.support.sitebuild import build

EN = "policy/en/privacy.md"
TH = "policy/th/privacy.md"
TERMS_EN = "policy/en/terms.md"
TERMS_TH = "policy/th/terms.md"


@pytest.fixture
def repo(repo):
    r = repo
    r.release(
        "2020-01-01",
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nWe keep data.\n"),
            TH: doc("ความเป็นส่วนตัว", "## 1. ขอบเขต {#scope}\n\nเราเก็บข้อมูล\n"),
            TERMS_EN: doc("Terms", "## 1. Use {#use}\n\nUse it well.\n"),
            TERMS_TH: doc("ข้อกำหนด", "## 1. การใช้ {#use}\n\nใช้ให้ดี\n"),
        },
    )
    r.release("2020-06-01", {TERMS_EN: doc("Terms", "## 1. Use {#use}\n\nUse it very well.\n")})
    # The Thai privacy policy is withdrawn; the Thai terms catch up.
    r.release(
        "2021-01-01",
        {TH: None, TERMS_TH: doc("ข้อกำหนด", "## 1. การใช้ {#use}\n\nใช้ให้ดีมาก\n")},
    )
    r.release("2022-01-01", {EN: doc("Privacy", "## 1. Scope {#scope}\n\nWe keep less.\n")})
    return r


def index(site: Path) -> dict[tuple[str, str, str], dict]:
    data = json.loads((site / "revisions.json").read_text(encoding="utf-8"))
    return {
        (d["document"], d["locale"], r["date"]): r
        for d in data["documents"]
        for r in d["revisions"]
    }


def history_items(site: Path, locale: str, document: str) -> dict[str, tuple[str, bool]]:
    """Revision date -> (status class, lag note shown) on the history page."""
    page = (site / locale / document / "history/index.html").read_text(encoding="utf-8")
    found = {}
    for item in page.split('<tr class="rl-history__item rl-status--')[1:]:
        item = item.split("</tr>", 1)[0]
        status = item.split('"', 1)[0]
        day = re.search(r'id="rev-([0-9-]+)"', item).group(1)  # type: ignore[union-attr]
        found[day] = (status, 'class="rl-lag"' in item)
    return found


def lag_banner(site: Path, locale: str, document: str, day: str) -> bool:
    page = (site / locale / document / day / "index.html").read_text(encoding="utf-8")
    return "rl-banner--lagging" in page


def assert_pages_agree_with_the_index(site: Path) -> dict[tuple[str, str, str], bool]:
    revisions = index(site)
    for (document, locale, day), rev in revisions.items():
        status, lag_note = history_items(site, locale, document)[day]
        assert status == rev["status"], (document, locale, day)
        assert lag_note == rev["lagging"], (document, locale, day)
        assert lag_banner(site, locale, document, day) == rev["lagging"], (document, locale, day)
    return {key: rev["lagging"] for key, rev in revisions.items()}


def test_a_withdrawn_translation_does_not_lag_a_later_english_revision(repo, tmp_path):
    site = build(repo.path, tmp_path / "site", as_of="2024-01-01")
    lagging = assert_pages_agree_with_the_index(site)
    # Withdrawn on 2021-01-01, before English moved on (2022-01-01): it never lagged.
    assert lagging[("privacy", "th", "2020-01-01")] is False
    assert index(site)[("privacy", "th", "2020-01-01")]["status"] == "withdrawn"
    # Superseded by its 2021 revision after English moved on in 2020-06: it lagged meanwhile.
    assert lagging[("terms", "th", "2020-01-01")] is True
    assert lagging[("terms", "th", "2021-01-01")] is False


def test_a_past_as_of_date_does_not_lag_a_revision_released_after_it(repo, tmp_path):
    site = build(repo.path, tmp_path / "site", as_of="2020-03-01")
    lagging = assert_pages_agree_with_the_index(site)
    # On 2020-03-01 the English terms of 2020-06-01 did not exist yet.
    assert lagging[("terms", "th", "2020-01-01")] is False
    in_force = (site / "th/terms/index.html").read_text(encoding="utf-8")
    assert "rl-banner--lagging" not in in_force
