"""A clause the English text added and the Thai translation lacks, on a 375 px phone: the
language switch from the English clause lands on it on the Thai page, shown in English with the
Thai note under its heading; axe finds nothing on that page (docs/ARCHITECTURE.md, "Translation
status per clause")."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, expect

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import build, configure

from .harness import SiteServer, switch_to

pytestmark = pytest.mark.browser

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"
LONG = "\n\n".join(f"Paragraph {n} of the scope, long enough to scroll a phone." for n in range(12))
LONG_TH = "\n\n".join(f"ย่อหน้าที่ {n} ของขอบเขต ยาวพอที่จะเลื่อนหน้าจอโทรศัพท์" for n in range(12))


@pytest.fixture(scope="module")
def pending_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """English 2024-01-15 adds {#data-retention}; Thai is revised that day for clause 1 only."""
    where = tmp_path_factory.mktemp("redline-pending")
    repo = PolicyRepo(where / "repo")
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", f"## 1. Scope {{#scope}}\n\n{LONG}\n", notice="First."),
            TH: doc("นโยบาย", f"## 1. ขอบเขต {{#scope}}\n\n{LONG_TH}\n", notice="ฉบับแรก"),
        },
    )
    configure(repo.path)
    repo.commit("config")
    retention = "## 2. Data retention {#data-retention}\n\nWe keep data for two years.\n\n"
    after = f"## 3. Contact {{#contact}}\n\n{LONG}\n"
    repo.release(
        "2024-01-15",
        {
            EN: doc(
                "Privacy",
                f"## 1. Scope {{#scope}}\n\n{LONG}\n\n" + retention + after,
                notice="Retention added.",
            ),  # fmt: skip
            TH: doc(
                "นโยบาย",
                f"## 1. ขอบเขต {{#scope}}\n\n{LONG_TH}\n\nเพิ่ม\n\n"
                f"## 3. ติดต่อ {{#contact}}\n\n{LONG_TH}\n",
                notice="แก้ไข",
            ),  # fmt: skip
        },
    )
    site = build(repo.path, where / "site", as_of="2024-02-01")
    with SiteServer(site) as running:
        yield running


def test_the_switch_from_the_english_clause_lands_on_it_in_english_on_the_thai_page(
    new_context: Callable[..., BrowserContext], pending_server: SiteServer
) -> None:
    phone = new_context(viewport={"width": 375, "height": 740}, locale="th-TH")
    page = phone.new_page()
    page.goto(pending_server.url("/en/privacy-policy/#data-retention"))
    page.wait_for_timeout(200)
    switch_to(page, "th")
    page.wait_for_url(pending_server.url("/th/privacy-policy/#data-retention"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    heading = page.locator("#data-retention")
    expect(heading).to_be_in_viewport()
    assert heading.inner_text().startswith("2. Data retention")
    assert heading.evaluate("h => h.closest('[lang]').lang") == "en"
    note = page.locator("#data-retention + aside.rl-clause-note")
    expect(note).to_be_visible()
    expect(note).to_be_in_viewport()
    assert note.get_attribute("lang") == "th"
    expect(note).to_contain_text("ยังไม่ได้แปล")
    expect(note.locator("a[hreflang=en]").first).to_have_attribute(
        "href", "../../en/privacy-policy/2024-01-15/#data-retention"
    )
    # Between clause 1 and clause 3, where the English text has it.
    order = page.evaluate(
        "() => [...document.querySelectorAll('.rl-policy h2[id]')].map(h => h.id)"
    )
    assert order == ["scope", "data-retention", "contact"]
    expect(page.locator(".rl-mark--pending").first).to_be_visible()
    # No page of the phone scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_thai_page_with_a_missing_clause(
    new_context: Callable[..., BrowserContext], pending_server: SiteServer, scheme: str
) -> None:
    page = new_context(color_scheme=scheme, viewport={"width": 375, "height": 740}).new_page()
    page.goto(pending_server.url("/th/privacy-policy/"))
    assert page.locator("section.rl-untranslated aside.rl-clause-note").count() == 1
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
