"""What words do not show, seen in Chromium: a redline's notes (a changed title, list numbering,
a look-alike letter, a clause collapsed behind its summary) are on screen, not hidden, empty,
clipped or transparent, and the step buttons reach each of them.

The history is a real git repository with real tags, built by MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.support.gitrepo import PolicyRepo, doc

from .harness import SiteServer

pytestmark = pytest.mark.browser

FIRST, SECOND = "2023-01-10", "2023-06-01"
PATH = "policy/{}/terms-of-service.md"
OLD = """We use the information you give us:

1. to provide the services; and
2. to answer your questions.

Our services run in Japan.

<details><summary>Retention</summary><p>We keep backups for thirty days.</p></details>
"""
NEW = """We use the information you give us:

<ol start="7">
<li>to provide the services; and</li>
<li>to answer your questions.</li>
</ol>

Our \u0455ervices run in Japan.

<details><summary>Retention</summary><p>We keep backups for ninety days.</p></details>
"""
DIFF = f"/en/terms-of-service/changes/{FIRST}...{SECOND}/"

# Why an element could not be seen: not rendered, hidden, see-through, or of no size.
UNSEEN = """e => {
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const reasons = [];
    for (let n = e; n; n = n.parentElement) {
        const t = getComputedStyle(n);
        if (t.display === "none") reasons.push("display:none on " + n.tagName);
        if (parseFloat(t.opacity) === 0) reasons.push("opacity:0 on " + n.tagName);
    }
    if (s.visibility !== "visible") reasons.push("visibility:" + s.visibility);
    if (r.width < 2 || r.height < 2) reasons.push("size " + r.width + "x" + r.height);
    if (s.color === "transparent" || s.color.endsWith(", 0)")) reasons.push("colour " + s.color);
    if (s.clipPath !== "none" && s.clipPath !== "") reasons.push("clip-path " + s.clipPath);
    if (parseFloat(s.fontSize) < 8) reasons.push("font-size " + s.fontSize);
    return reasons;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    from tests.support.sitebuild import build

    where = tmp_path_factory.mktemp("visible")
    repo = PolicyRepo(where / "repo")
    for date, title, body in ((FIRST, "Terms", OLD), (SECOND, "Terms of Service", NEW)):
        notice = f"Revised as {title}."
        files = {PATH.format(loc): doc(title, body, notice=notice) for loc in ("en", "th")}
        repo.release(date, dict(files), summary=date)
    with SiteServer(build(repo.path, where / "site")) as running:
        yield running


def test_notes_of_what_words_do_not_show_are_on_screen(page: Page, site: SiteServer) -> None:
    page.goto(site.url(DIFF))
    changes = page.locator(".rl-diff .rl-change")
    texts = [" ".join(t.split()) for t in changes.all_inner_texts()]
    assert texts[0].startswith("Title:") and "of Service" in texts[0], texts
    assert any("Numbering: 1.–2. → 7.–8." in t for t in texts), texts
    assert any("CYRILLIC SMALL LETTER DZE (U+0455)" in t for t in texts), texts
    # Each note's old and new values, and the whole note, can be seen.
    for note in [page.locator(".rl-diff .rl-change").nth(k) for k in range(changes.count())]:
        for part in note.locator("ins, del").all():
            assert part.evaluate(UNSEEN) == [], part.inner_text()
    for text in ("Numbering:", "CYRILLIC SMALL LETTER DZE", "Title:"):
        holder = page.locator(".rl-diff span", has_text=text).last
        assert holder.evaluate(UNSEEN) == [], text
    # The count and the step buttons reach every change, the notes among them.
    assert page.locator(".rl-position").inner_text().endswith(f"/ {changes.count()}")
    step = page.locator('[data-rl-step="1"]')
    for k in range(changes.count()):
        step.click()
        assert page.locator(".rl-change.rl-current").get_attribute("id") == f"rl-change-{k + 1}"


def test_a_change_inside_a_collapsed_clause_is_shown(page: Page, site: SiteServer) -> None:
    # The sanitizer drops <details> (a collapsed one hides text) and keeps its text: the change
    # inside is in the open, marked and visible.
    page.goto(site.url(DIFF))
    assert page.locator(".rl-diff details").count() == 0
    inserted = page.locator(".rl-diff .rl-change ins", has_text="ninety")
    assert inserted.count() == 1
    assert inserted.evaluate(UNSEEN) == []
