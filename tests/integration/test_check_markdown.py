"""`redline check` warns where the site's Markdown and GitHub's render a policy differently."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.gitrepo import doc
from tests.support.sitebuild import first_release

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"


@pytest.fixture
def repo(repo):
    return first_release(repo)


def test_check_warns_of_a_list_after_a_paragraph_and_a_list_from_3(repo):
    # The body starts on line 5 of the file, after `---`, `title:`, `notice:`, `---`.
    body = "## 1. Scope {#scope}\n\nWe collect:\n- names\n- addresses\n\n3. third\n4. fourth\n"
    # A notice per locale: the Thai translation is left behind (a warning of its own).
    repo.write(EN, doc("Privacy", body, notice="{en: Lists., th: รายการ}"))
    result = subprocess.run(
        [sys.executable, "-m", "redline.cli", "check"],
        cwd=repo.path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout  # warnings only
    warnings = [x for x in result.stdout.splitlines() if ": warning: " in x]
    assert any(w.startswith(f"{EN}:8: warning: this list follows a paragraph") for w in warnings)
    assert any(w.startswith(f"{EN}:11: warning: this numbered list starts at 3") for w in warnings)
    assert len(warnings) == 2, result.stdout
    assert "Traceback" not in result.stderr
