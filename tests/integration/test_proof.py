"""The published record: withdrawals as notices, signed release tags and a deterministic
SHA256SUMS, on real repositories with real tags, released and built as a user does."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import feedparser
import pytest

from redline.model import urls
from redline.model.repository import read_history
from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import (
    EN,
    build,
    configure,
    first_release,
    redline,
    two_releases,
)

COOKIE_EN = "policy/en/cookie-policy.md"
COOKIE_TH = "policy/th/cookie-policy.md"
THAI_NOTICE = "เราเลิกใช้คุกกี้แล้ว จึงยกเลิกนโยบายคุกกี้"


@pytest.fixture
def withdrawn(repo: PolicyRepo, tmp_path: Path) -> Path:
    """A cookie policy in English and Thai, withdrawn by `redline release` with the summary
    "Cookie Policy withdrawn" and a Thai notice; the site built from it."""
    first_release(repo)
    repo.write(COOKIE_EN, doc("Cookie Policy", "We use cookies.\n", notice="Cookies."))
    repo.write(COOKIE_TH, doc("นโยบายคุกกี้", "เราใช้คุกกี้\n", notice="คุกกี้"))
    repo.commit("cookies", date="2023-08-01")
    done = redline("release", "2023-08-01", "-m", "Cookie policy", "--backdate", cwd=repo.path)
    assert done.returncode == 0, done.stdout + done.stderr
    repo.remove(COOKIE_EN)
    repo.remove(COOKIE_TH)
    repo.commit("no more cookies", date="2023-09-01")
    # No Thai notice: the release warns (and says how to give one), before tagging anything.
    dry = redline(
        "release", "2023-09-01", "-m", "Cookie Policy withdrawn", "--dry-run", "--backdate",
        cwd=repo.path,
    )
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert (
        "redline release: warning: this release withdraws policy/th/cookie-policy.md and gives "
        "its readers no notice in 'th'; add one: --notice th='...'"
    ) in dry.stderr
    assert "policy/en/cookie-policy.md" not in dry.stderr  # the summary is the English notice
    done = redline(
        "release",
        "2023-09-01",
        "-m",
        "Cookie Policy withdrawn",
        "--notice",
        f"th={THAI_NOTICE}",
        "--backdate",
        cwd=repo.path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "withdraws" not in done.stderr
    message = repo.git("tag", "-l", "--format=%(contents)", "policy/2023-09-01")
    assert message.strip() == f"Cookie Policy withdrawn\n\nnotice[th]: {THAI_NOTICE}"
    return build(repo.path, tmp_path / "site")


def test_a_withdrawal_is_announced_in_both_locales(withdrawn: Path) -> None:
    en_changes = (withdrawn / "en" / "changes" / "index.html").read_text("utf-8")
    th_changes = (withdrawn / "th" / "changes" / "index.html").read_text("utf-8")
    assert '<li class="rl-notices__withdrawn">' in en_changes
    assert "Cookie Policy withdrawn" in en_changes
    assert THAI_NOTICE in th_changes and "Cookie Policy withdrawn" not in th_changes
    assert '<time datetime="2023-09-01">' in th_changes
    # Newest first: the withdrawal comes before the cookie policy's own revision.
    assert en_changes.index("Cookie Policy withdrawn") < en_changes.index("Cookies.")

    for locale, notice, title in [
        ("en", "Cookie Policy withdrawn", "Cookie Policy, withdrawn on September 1, 2023"),
        ("th", THAI_NOTICE, "นโยบายคุกกี้ ถูกยกเลิกเมื่อวันที่ 1 กันยายน 2566"),
    ]:
        for path in (urls.feed(locale), urls.document_feed(locale, "cookie-policy")):
            parsed = feedparser.parse((withdrawn / path).read_text("utf-8"))
            assert parsed.bozo == 0, path
            entry = parsed.entries[0]
            assert (entry.title, entry.summary, entry.published) == (
                title,
                notice,
                "2023-09-01T00:00:00Z",
            ), path
            assert entry.id.startswith(f"tag:redline,2023-09-01:{locale}/cookie-policy/withdrawn/")
            assert entry.link.endswith(f"{locale}/cookie-policy/history/")
        # The privacy policy's own feed says nothing of it.
        privacy = feedparser.parse(
            (withdrawn / urls.document_feed(locale, "privacy-policy")).read_text("utf-8")
        )
        assert all("2023-09-01" not in e.published for e in privacy.entries)

    # The document's own page says so, with the release's notice in each language.
    for locale, notice in [("en", "Cookie Policy withdrawn"), ("th", THAI_NOTICE)]:
        page = (withdrawn / locale / "cookie-policy" / "index.html").read_text("utf-8")
        assert f'<span class="rl-withdrawal-notice">{notice}</span>' in page

    index = json.loads((withdrawn / "revisions.json").read_text("utf-8"))
    gone = {
        d["locale"]: d["withdrawal"] for d in index["documents"] if d["document"] == "cookie-policy"
    }
    assert gone["en"]["date"] == gone["th"]["date"] == "2023-09-01"
    assert gone["en"]["summary"] == "Cookie Policy withdrawn"
    assert (gone["en"]["notice"], gone["th"]["notice"]) == ("Cookie Policy withdrawn", THAI_NOTICE)
    assert gone["th"]["notices"] == {"th": THAI_NOTICE}
    assert gone["th"]["tag"] == "policy/2023-09-01"


def test_a_notice_is_given_as_locale_equals_text(repo: PolicyRepo) -> None:
    first_release(repo)
    result = redline("release", "2024-01-15", "-m", "x", "--notice", "th", cwd=repo.path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "redline release: --notice 'th': give it as LOCALE=TEXT, e.g. th='...'"
    )


def signing_key(repo: PolicyRepo, folder: Path) -> None:
    """An SSH signing key made for the test, as git's signing key for `repo`."""
    key = folder / "release-key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "legal", "-f", str(key)],
        check=True,
        capture_output=True,
    )
    repo.git("config", "gpg.format", "ssh")
    repo.git("config", "user.signingkey", str(key))


def test_a_signed_release_tag_is_reported_signed(repo: PolicyRepo, tmp_path: Path) -> None:
    first_release(repo)
    signing_key(repo, tmp_path)
    repo.write(EN, doc("Privacy", "## 1. Scope {#scope}\n\nNew text.\n", notice="Changed."))
    repo.commit("edit", date="2023-12-01")
    done = redline(
        "release", "2023-12-01", "-m", "Scope reworded", "--sign", "--backdate", cwd=repo.path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "-----BEGIN SSH SIGNATURE-----" in repo.git("cat-file", "-p", "policy/2023-12-01")

    releases = {r.tag: r for r in read_history(repo.path).releases}
    assert releases["policy/2023-12-01"].signed
    assert releases["policy/2023-12-01"].summary == "Scope reworded"  # the signature is not in it
    assert not releases["policy/2023-07-03"].signed

    site = build(repo.path, tmp_path / "site")
    index = json.loads((site / "revisions.json").read_text("utf-8"))
    signed = {
        (d["locale"], r["date"]): r["signed"] for d in index["documents"] for r in d["revisions"]
    }
    assert signed == {
        ("en", "2023-07-03"): False,
        ("en", "2023-12-01"): True,
        ("th", "2023-07-03"): False,
    }
    history = (site / "en" / "privacy-policy" / "history" / "index.html").read_text("utf-8")
    rows = history.split('<tr class="rl-history__item')[1:]
    marked = [row[row.index('id="rev-') + 8 :][:10] for row in rows if "rl-mark--signed" in row]
    assert marked == ["2023-12-01"]
    thai = (site / "th" / "privacy-policy" / "history" / "index.html").read_text("utf-8")
    assert "rl-mark--signed" not in thai  # the Thai text was not released by the signed tag

    # A repository that requires signed tags: the earlier unsigned release is an error.
    configure(repo.path, require_signed_tags=True)
    check = redline("check", cwd=repo.path)
    assert check.returncode == 1
    assert (
        "tag policy/2023-07-03: error: the tag is not signed and this repository requires signed "
        "release tags (require_signed_tags); release with redline release --sign"
    ) in check.stdout + check.stderr
    assert "tag policy/2023-12-01: the tag is not signed" not in check.stdout + check.stderr


def test_sha256sums_are_the_same_with_one_worker_and_two(tmp_path: Path) -> None:
    repo = two_releases(PolicyRepo(tmp_path / "repo"))
    one = build(repo.path, tmp_path / "w1", workers=1, cache_dir=str(tmp_path / "c1"))
    two = build(repo.path, tmp_path / "w2", workers=2, cache_dir=str(tmp_path / "c2"))
    sums = (one / "SHA256SUMS").read_bytes()
    assert sums == (two / "SHA256SUMS").read_bytes()
    assert b"  revisions.json\n" in sums and b"  sitemap.xml\n" in sums
