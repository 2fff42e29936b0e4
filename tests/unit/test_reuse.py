"""Page reuse: a page's key is what its templates read; a cached page adds no script."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from redline.build.cache import MAX_ENTRY, Cache, page_secret, seal
from redline.build.reuse import PAGES, SUFFIX, Reuse, TamperedCache, inputs_digest, page_key
from redline.model.history import History
from tests.support.model import history, page_view, revision

LOCALES = Path(__file__).resolve().parents[2] / "locales"

EN1 = revision("privacy", "en", "2020-01-01", notice="First.")
EN2 = revision("privacy", "en", "2021-01-01", notice="Second.")
EN3 = revision("privacy", "en", "2022-01-01", notice="Third.", body="Third text.\n")
EN4 = revision("privacy", "en", "2023-01-01", notice="Fourth.", body="Fourth text.\n")
DRAFT = revision("privacy", "en", None, effective="2024-01-01", body="Draft.\n")


def key(path: str, h: History, as_of: str = "2024-06-01", inputs: str = "inputs") -> str | None:
    """The key of the page at site path `path` in a build of `h` as of `as_of`."""
    return page_key(page_view(path, h, as_of), inputs)


BEFORE = history(EN1, EN2, EN3, locales=("en",))
AFTER = history(EN1, EN2, EN3, EN4, locales=("en",))


def test_only_released_revisions_and_redlines_between_them_have_a_key():
    h = history(EN1, EN2, DRAFT, locales=("en",))
    assert key("en/privacy/2020-01-01/", h) is not None
    assert key("en/privacy/changes/2020-01-01...2021-01-01/", h) is not None
    for path in ("en/", "en/privacy/", "en/privacy/history/", "en/changes/"):
        assert key(path, h) is None  # lists and the text in force: rendered every build
    assert key("en/privacy/draft/", h) is None
    assert key("en/privacy/changes/2021-01-01...draft/", h) is None


def test_a_new_release_changes_the_key_of_its_neighbour_only():
    assert key("en/privacy/2020-01-01/", BEFORE) == key("en/privacy/2020-01-01/", AFTER)
    assert key("en/privacy/2021-01-01/", BEFORE) == key("en/privacy/2021-01-01/", AFTER)
    # No longer in force, and a next revision to link to:
    assert key("en/privacy/2022-01-01/", BEFORE) != key("en/privacy/2022-01-01/", AFTER)
    one_step = "en/privacy/changes/2020-01-01...2021-01-01/"
    assert key(one_step, BEFORE) == key(one_step, AFTER)
    # A redline up to the neighbour links to the next change now.
    up_to = "en/privacy/changes/2021-01-01...2022-01-01/"
    assert key(up_to, BEFORE) != key(up_to, AFTER)


def test_an_archived_page_does_not_depend_on_the_as_of_date_but_the_text_in_force_does():
    archived = "en/privacy/2020-01-01/"
    assert key(archived, AFTER, "2024-06-01") == key(archived, AFTER, "2025-06-01")
    current = "en/privacy/2023-01-01/"  # its printout says "status as of"
    assert key(current, AFTER, "2024-06-01") != key(current, AFTER, "2025-06-01")


def test_the_key_follows_the_inputs_and_the_page_text():
    archived = "en/privacy/2020-01-01/"
    assert key(archived, AFTER, inputs="a") != key(archived, AFTER, inputs="b")
    edited = revision("privacy", "en", "2020-01-01", notice="First.", body="Other.\n")
    assert key(archived, AFTER) != key(archived, history(edited, EN2, EN3, EN4, locales=("en",)))
    retitled = revision("privacy", "en", "2020-01-01", notice="First.", title="Data")
    assert key(archived, AFTER) != key(archived, history(retitled, EN2, EN3, EN4, locales=("en",)))


def test_a_cached_page_is_reused_only_under_the_key_that_sealed_it(tmp_path):
    cache = Cache(tmp_path / "cache", "salt")
    uri = "doc/2020-01-01/index.md"
    first = Reuse(cache, b"mine")
    assert not first.keeps(uri, "k1")  # nothing cached yet
    first.rendered_page(uri, "<p>page</p>")
    second = Reuse(cache, b"mine")
    assert second.keeps(uri, "k1") and second.skipped == [uri]
    second.restore(tmp_path / "site")
    assert (tmp_path / "site/doc/2020-01-01/index.html").read_text() == "<p>page</p>"

    # Sealed with another key: an ordinary miss (rendered, not refused as changed).
    other = Reuse(cache, b"someone else's")
    assert not other.keeps(uri, "k1") and other.refused == [] and other.rendered == [uri]

    entry = cache.path_of(PAGES, "k1", SUFFIX)
    assert entry is not None
    entry.write_bytes(entry.read_bytes().replace(b"page", b"page<script>x()</script>"))
    third = Reuse(cache, b"mine")
    assert not third.keeps(uri, "k1") and third.refused == [uri] and third.rendered == [uri]


def test_an_entry_changed_during_the_build_stops_it(tmp_path):
    cache = Cache(tmp_path / "cache", "salt")
    uri = "doc/2020-01-01/index.md"
    first = Reuse(cache, b"mine")
    first.keeps(uri, "k1")
    first.rendered_page(uri, "<p>page</p>")
    second = Reuse(cache, b"mine")
    assert second.keeps(uri, "k1")
    entry = cache.path_of(PAGES, "k1", SUFFIX)
    assert entry is not None
    entry.write_bytes(entry.read_bytes().replace(b"page", b"other"))
    with pytest.raises(TamperedCache, match=r"\.html: the cached page doc/2020-01-01/index.md"):
        second.restore(tmp_path / "site")


def test_a_page_taken_into_a_known_site_folder_is_written_from_the_entry_just_checked(tmp_path):
    cache = Cache(tmp_path / "cache", "salt")
    uri = "doc/2020-01-01/index.md"
    first = Reuse(cache, b"mine")
    first.keeps(uri, "k1")
    first.rendered_page(uri, "<p>page</p>")
    site = tmp_path / "site"
    second = Reuse(cache, b"mine", site_dir=site)
    assert second.keeps(uri, "k1") and second.written == [uri]
    assert (site / "doc/2020-01-01/index.html").read_text() == "<p>page</p>"
    entry = cache.path_of(PAGES, "k1", SUFFIX)
    assert entry is not None
    entry.write_bytes(entry.read_bytes().replace(b"page", b"other"))  # too late to matter
    second.restore(site)
    assert (site / "doc/2020-01-01/index.html").read_text() == "<p>page</p>"


def test_the_key_sealing_pages_is_the_users_own_or_the_environments(tmp_path):
    environ = {"XDG_CONFIG_HOME": str(tmp_path)}
    key = page_secret(environ)
    assert len(key) == 64 and page_secret(environ) == key  # made once, then kept
    stored = tmp_path / "redline" / "cache-secret"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert page_secret({**environ, "REDLINE_CACHE_SECRET": "ci"}) == b"ci"
    assert seal(key, "k", b"page") != seal(b"ci", "k", b"page") != seal(b"ci", "k2", b"page")


def test_the_inputs_digest_follows_templates_settings_environment_and_catalogs(tmp_path):
    templates = tmp_path / "overrides"
    (templates / "redline").mkdir(parents=True)
    (templates / "redline/policy.html").write_text("one", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: one\nsite_url: !ENV [SITE_URL, 'x']\n", encoding="utf-8")
    po = tmp_path / "locales/th/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "ก"\n', encoding="utf-8")
    environ = {"SITE_URL": "https://a.test/"}

    def now(**settings: str) -> str:
        return inputs_digest(
            [templates], str(config), tmp_path / "locales", ["en", "th"], environ, **settings
        )

    seen = {now()}
    assert now() in seen  # deterministic
    for path, text in ((templates / "redline/policy.html", "two"), (po, "")):
        path.write_text(text, encoding="utf-8")
        seen.add(now())
    environ["SITE_URL"] = "https://b.test/"
    seen.add(now())
    seen.add(now(site_name="other"))
    config.write_text("site_name: two\n", encoding="utf-8")
    seen.add(now())
    assert len(seen) == 6


def test_a_cache_entry_that_is_not_a_plain_file_is_no_entry_and_never_blocks(tmp_path):
    # The cache folder is writable by others than the build: a named pipe would block a read
    # for ever, a link to /dev/zero would fill the memory.
    cache = Cache(tmp_path / "cache", "salt")
    uri = "doc/2020-01-01/index.md"
    planted = {"fifo": os.mkfifo, "zero": lambda p: os.symlink("/dev/zero", p), "dir": os.mkdir}
    for key, plant in planted.items():
        entry = cache.path_of(PAGES, key, SUFFIX)
        assert entry is not None
        entry.parent.mkdir(parents=True, exist_ok=True)
        plant(entry)
        reuse = Reuse(cache, b"mine")
        answer: list[bool] = []
        reader = threading.Thread(
            target=lambda k=key, r=reuse, a=answer: a.append(r.keeps(uri, k)), daemon=True
        )
        reader.start()
        reader.join(timeout=10)
        assert answer == [False], key  # read at once, rendered again
        assert reuse.rendered == [uri] and reuse.refused == [], key
    big = cache.path_of(PAGES, "big", SUFFIX)
    assert big is not None
    big.parent.mkdir(parents=True, exist_ok=True)
    with big.open("wb") as out:
        out.truncate(MAX_ENTRY + 1)  # sparse: nothing is written
    assert cache.get_bytes(PAGES, "big", SUFFIX) is None
