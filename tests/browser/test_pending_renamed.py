"""A clause renamed and amended in English that the Thai translation has under its old anchor,
on a 375 px phone: the language switch from the English clause lands on the Thai clause, its
pending note under its heading (docs/ARCHITECTURE.md, "Translation status per clause")."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build, configure

from .harness import SiteServer, switch_to

pytestmark = pytest.mark.browser

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
LONG = "\n\n".join(f"Paragraph {n} of the scope, long enough to scroll a phone." for n in range(12))
LONG_TH = "\n\n".join(f"ย่อหน้าที่ {n} ของขอบเขต ยาวพอที่จะเลื่อนหน้าจอโทรศัพท์" for n in range(12))
CONTACT_TH = f"## 2. ติดต่อ {{#contact}}\n\n{LONG_TH}\n"


@pytest.fixture(scope="module")
def renamed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """English 2024-01-15 renames {#contact} to {#contact-us} and amends it; Thai is not
    revised."""
    where = tmp_path_factory.mktemp("redline-renamed")
    repo = PolicyRepo(where / "repo")
    scope_en = f"## 1. Scope {{#scope}}\n\n{LONG}\n\n"
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", scope_en + f"## 2. Contact {{#contact}}\n\n{LONG}\n", notice="1."),
            TH: doc("นโยบาย", f"## 1. ขอบเขต {{#scope}}\n\n{LONG_TH}\n\n" + CONTACT_TH, notice="1"),
        },
    )
    configure(repo.path)
    repo.commit("config")
    amended = f"## 2. Contact {{#contact-us}}\n\n{LONG}\n\nWrite to our officer.\n"
    repo.release("2024-01-15", {EN: doc("Privacy", scope_en + amended, notice="Renamed.")})
    site = build(repo.path, where / "site", as_of="2024-02-01")
    with SiteServer(site) as running:
        yield running


def test_the_switch_from_the_renamed_english_clause_lands_on_the_thai_clause(
    new_context: Callable[..., BrowserContext], renamed_server: SiteServer
) -> None:
    phone = new_context(viewport={"width": 375, "height": 740}, locale="th-TH")
    page = phone.new_page()
    page.goto(renamed_server.url("/en/privacy-policy/#contact-us"))
    page.wait_for_timeout(200)
    switch_to(page, "th")
    page.wait_for_url(renamed_server.url("/th/privacy-policy/#contact-us"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    heading = page.locator("h2#contact")
    expect(heading).to_be_in_viewport()
    assert heading.inner_text().startswith("2. ติดต่อ")
    note = page.locator("h2#contact ~ aside.rl-clause-note").first
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text("#contact-us")
    assert page.locator(".rl-untranslated").count() == 0
