"""`mkdocs serve` reuse: a released page is taken from the last build only when nothing it
depends on changed."""

from __future__ import annotations

from pathlib import Path

from redline import site
from redline.reuse import KEPT, Reuse, ServeReuse, inputs_digest
from redline.timeline import Timeline
from tests.support.model import day, history, revision

EN1 = revision("privacy", "en", "2020-01-01")
EN2 = revision("privacy", "en", "2021-01-01")
DRAFT = revision("privacy", "en", None, effective="2024-01-01", body="Draft.\n")
PAGES = {
    p.path: p
    for p in site.plan(Timeline(history(EN1, EN2, DRAFT, locales=("en",)), day("2024-01-01")), "en")
}


def built(folder: Path, *sources: str) -> Path:
    for source in sources:
        page = folder / source.replace("index.md", "index.html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"old output of {source}", encoding="utf-8")
    return folder


def test_a_released_page_is_kept_while_its_fingerprint_is_unchanged(tmp_path):
    page = PAGES["en/privacy/2020-01-01/"]
    first = Reuse(None, {})
    assert not first.keeps(page.src_uri, page, "context")  # nothing to reuse the first time
    kept = built(tmp_path / "kept", page.src_uri)
    second = Reuse(kept, first.fingerprints)
    assert second.keeps(page.src_uri, page, "context")
    third = Reuse(kept, first.fingerprints)
    assert not third.keeps(page.src_uri, page, "another context")  # templates, code, history...
    site_dir = tmp_path / "site"
    second.restore(site_dir)
    assert (site_dir / "privacy/2020-01-01/index.html").read_text() == (
        "old output of privacy/2020-01-01/index.md"
    )


def test_drafts_policies_and_histories_are_always_rebuilt(tmp_path):
    kept = built(tmp_path, *(p.src_uri for p in PAGES.values()))
    reuse = Reuse(kept, {})
    for page in PAGES.values():
        reuse.keeps(page.src_uri, page, "c")
    again = Reuse(kept, reuse.fingerprints)
    kept_pages = [p.path for p in PAGES.values() if again.keeps(p.src_uri, p, "c")]
    assert kept_pages == [
        "en/privacy/2020-01-01/",
        "en/privacy/2021-01-01/",
        "en/privacy/changes/2020-01-01...2021-01-01/",
    ]


def test_serve_sets_the_last_output_aside_and_remembers_the_fingerprints(tmp_path):
    site_dir = tmp_path / "site"
    built(site_dir / "en", "privacy/2020-01-01/index.md")
    serve = ServeReuse()
    assert serve.of("en").kept is None
    serve.set_aside(site_dir, ["en", "th"])
    assert not (site_dir / "en").exists()
    reuse = serve.of("en")
    assert reuse.kept == site_dir / KEPT / "en" and reuse.previous == {}
    reuse.fingerprints["privacy/2020-01-01/index.md"] = "mark"
    serve.remember("en", reuse)
    assert serve.of("en").previous == {"privacy/2020-01-01/index.md": "mark"}
    assert serve.of("th").kept is None


def test_the_inputs_digest_follows_templates_settings_and_catalogs(tmp_path):
    templates = tmp_path / "overrides"
    (templates / "redline").mkdir(parents=True)
    (templates / "redline/policy.html").write_text("one", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: one", encoding="utf-8")
    po = tmp_path / "locales/th/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "ก"\n', encoding="utf-8")

    def now() -> str:
        return inputs_digest([templates], str(config), tmp_path / "locales", ["en", "th"])

    seen = {now()}
    assert now() in seen  # deterministic
    for path, text in ((templates / "redline/policy.html", "two"), (config, "x"), (po, "")):
        path.write_text(text, encoding="utf-8")
        seen.add(now())
    assert len(seen) == 4
