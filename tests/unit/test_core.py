"""The core is a plain library: it imports nothing from MkDocs."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "history",
    "timeline",
    "compare",
    "labels",
    "diff",
    "words",
    "notices",
    "dates",
    "search",
    "site",
    "state",
    "redlines",
    "pageview",
    "reuse",
    "sitemaps",
    "cache",
    "verify",
    "resources",
    "scaffold",
    "parallel",
    "shards",
]


def test_the_core_modules_import_nothing_from_mkdocs():
    imports = "; ".join(f"import redline.{name}" for name in CORE)
    check = "import sys; print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    result = subprocess.run(
        [sys.executable, "-c", f"{imports}; {check}"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    plugin = subprocess.run(
        [sys.executable, "-c", f"import redline.plugin; {check}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "mkdocs" in plugin.stdout  # the check itself can see an import
