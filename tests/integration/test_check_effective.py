"""`redline check` warns of a draft whose `effective` date `redline release` would refuse (the
released revision's date kept by an edit), at the line of its `effective:` field."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from tests.support.gitrepo import doc
from tests.support.sitebuild import EN, TH, first_release, redline


def test_an_edit_that_keeps_the_released_effective_date_is_warned_of_where_it_is(repo):
    first_release(repo)
    day = "2023-09-10"
    repo.release(
        day,
        {
            EN: doc("Privacy", "## 1. Scope {#scope}\n\nNew.\n", effective=day, notice="N."),
            TH: doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nใหม่\n", effective=day, notice="ใ"),
        },
    )
    # A plain edit of the English text: the `effective:` line (3) is left as released.
    repo.write(
        EN, doc("Privacy", "## 1. Scope {#scope}\n\nNewer.\n", effective="2023-09-10", notice="M.")
    )
    repo.write(
        TH, doc("นโยบาย", "## 1. ขอบเขต {#scope}\n\nใหม่กว่า\n", effective="2099-01-01", notice="ม")
    )
    repo.commit("edited")
    check = redline("check", cwd=repo.path)
    assert check.returncode == 0, check.stdout
    assert (
        f"{EN}:3: warning: effective 2023-09-10 is the released revision's; set the date this "
        "revision takes effect" in check.stdout
    ), check.stdout
    # A date ahead is the editor's to choose.
    assert not [x for x in check.stdout.splitlines() if x.startswith(TH) and "takes effect" in x]
    strict = redline("check", "--strict", cwd=repo.path)
    assert strict.returncode == 1
    today = datetime.datetime.now(ZoneInfo("Asia/Bangkok")).date().isoformat()  # the site's
    release = redline("release", today, "-m", "Newer", "--dry-run", cwd=repo.path)
    assert release.returncode != 0 and "is before the revision date" in release.stderr
