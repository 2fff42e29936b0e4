"""Redline beside an existing MkDocs site: added to it, Redline refuses (with the fix) what it
would drop or what would make readers' browsers call another origin; the README's recipe, a
second configuration that INHERITs the site's, builds the policies into a subfolder of it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.gitrepo import doc

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"

# A Material site as many have it: pages in docs/, a nav, its stylesheet, its GitHub repository.
SITE = """\
site_name: Acme Docs
site_url: https://acme.example/
docs_dir: docs
theme:
  name: material
  font: false
  palette: {primary: teal}
nav:
  - Home: index.md
  - Guide: guide.md
extra_css: [css/acme.css]
repo_url: https://github.com/acme/docs
plugins:
  - search
"""

# README, "Beside an existing MkDocs site": the policies' own configuration, next to the site's.
POLICIES = """\
INHERIT: mkdocs.yml
site_name: Acme Policies
site_url: https://acme.example/policies/
docs_dir: redline-required
site_dir: site/policies
nav: []
extra_css: []
repo_url: null
plugins:
  - search
  - redline:
      policy_dir: policy
      as_of: "2024-02-01"
      locales:
        en: {name: English}
        th: {name: ไทย}
"""


@pytest.fixture
def site(repo):
    repo.release(
        "2024-01-15",
        {
            EN: doc("Privacy", "## 1. Data {#data}\n\nWe keep little.\n", notice="First"),
            TH: doc("นโยบาย", "## 1. ข้อมูล {#data}\n\nเราเก็บน้อย\n", notice="ครั้งแรก"),
        },
    )
    repo.write("docs/index.md", "# Acme\n\nWelcome.\n")
    repo.write("docs/guide.md", "# Guide\n\nHow to.\n")
    repo.write("docs/css/acme.css", "body { color: teal; }\n")
    repo.write("mkdocs.yml", SITE)
    repo.write("redline-required/index.md", "# Built with Redline\n")
    return repo


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


REDLINE = "  - redline:\n      as_of: '2024-02-01'\n      locales: {en: {name: English}}\n"


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({}, "docs_dir: {repo}/docs holds pages or files Redline does not publish (css/acme.css, "
             "guide.md; 2 in all)"),
        ({"docs_dir: docs": "docs_dir: redline-required"}, "nav: Redline makes the navigation"),
        ({"docs_dir: docs": "docs_dir: redline-required", "nav:\n  - Home: index.md\n  - Guide: "
          "guide.md\n": ""}, "extra_css: css/acme.css is not a file of the theme's custom_dir"),
        ({"docs_dir: docs": "docs_dir: redline-required", "nav:\n  - Home: index.md\n  - Guide: "
          "guide.md\n": "", "extra_css: [css/acme.css]": "extra_css: ['https://cdn.example/x.css']"},
         "extra_css: https://cdn.example/x.css is on another origin"),
        ({"docs_dir: docs": "docs_dir: redline-required", "nav:\n  - Home: index.md\n  - Guide: "
          "guide.md\n": "", "extra_css: [css/acme.css]\n": ""},
         "repo_url: https://github.com/acme/docs: Material fetches the repository's stars"),
        ({"docs_dir: docs": "docs_dir: redline-required", "nav:\n  - Home: index.md\n  - Guide: "
          "guide.md\n": "", "extra_css: [css/acme.css]\n": "", "repo_url: https://github.com/"
          "acme/docs\n": "", "font: false": "font: {text: Inter}"},
         "theme: font: {'text': 'Inter'}: Material loads it from fonts.googleapis.com"),
    ],
)  # fmt: skip
def test_redline_added_to_an_existing_site_refuses_what_it_would_drop(site, change, refusal):
    config = SITE + REDLINE
    for old, new in change.items():
        assert old in config, old
        config = config.replace(old, new)
    site.write("mkdocs.yml", config)
    built = mkdocs(cwd=site.path)
    assert built.returncode == 1, built.stderr
    expected = "mkdocs.yml: " + refusal.replace("{repo}", str(site.path))
    assert expected in built.stderr, built.stderr
    assert "Traceback" not in built.stderr
    assert not (site.path / "site").exists()  # refused before anything was written


def test_the_recipe_builds_the_policies_into_a_subfolder_of_the_site(site):
    site.write("policies.yml", POLICIES)
    # The order matters: the site's build empties site/, then the policies go into site/policies.
    first = mkdocs(cwd=site.path)
    assert first.returncode == 0, first.stderr
    second = mkdocs("-f", "policies.yml", cwd=site.path)
    assert second.returncode == 0, second.stderr
    out = site.path / "site"
    # the existing site is whole
    assert "Welcome." in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "guide/index.html").is_file() and (out / "css/acme.css").is_file()
    # the policies, beneath it, with the site's look (its palette, inherited) and nothing else
    page = (out / "policies/en/privacy-policy/index.html").read_text(encoding="utf-8")
    assert "We keep little." in page and 'data-md-color-primary="teal"' in page
    assert (out / "policies/th/privacy-policy/index.html").is_file()
    assert (out / "policies/revisions.json").is_file()
    assert "api.github.com" not in page and "github.com/acme" not in page
    assert not re.search(r"guide/|acme\.css", page)
    assert not (out / "policies/guide").exists()
    index = (out / "policies/revisions.json").read_text(encoding="utf-8")
    assert "https://acme.example/policies/en/privacy-policy/2024-01-15/" in index
