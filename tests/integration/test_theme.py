"""The plugin brings what its pages need: templates, CSS and JS, catalogs, Markdown extensions.

A site's `mkdocs.yml` names the theme, the policy folder and the plugin with its locales; nothing
of Redline's own files is copied into the site's repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.support.gitrepo import doc

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"

MINIMAL = """\
site_name: Policies
docs_dir: redline-required
theme: material
plugins:
  - search
  - redline:
      as_of: "2024-01-01"
      locales:
        en: {name: English}
        th: {name: ไทย}
"""


@pytest.fixture
def repo(repo):
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", "## 1. Data we collect {#data-collected}\n\nText.\n", notice="n"),
            TH: doc("นโยบาย", "## 1. ข้อมูล {#data-collected}\n\nข้อความ\n", notice="น"),
        },
    )
    return repo


def build(repo, config: str, site: Path) -> Path:
    (repo.path / "redline-required").mkdir(exist_ok=True)
    (repo.path / "redline-required/index.md").write_text("# Built with Redline\n", "utf-8")
    (repo.path / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs_build(load_config(config_file=str(repo.path / "mkdocs.yml"), site_dir=str(site)))
    return site


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_a_minimal_configuration_builds_the_complete_site(repo, tmp_path):
    site = build(repo, MINIMAL, tmp_path / "site")
    assert "redline/chooser.html" not in read(site, "index.html")
    assert 'hreflang="th"' in read(site, "index.html")  # the chooser, from the package
    en = read(site, "en/privacy-policy/index.html")
    th = read(site, "th/privacy-policy/index.html")
    for page, lc in ((en, "en"), (th, "th")):
        # the plugin's own CSS and JS, served from the site
        assert re.search(r'href="[./]*assets/redline/redline\.css"', page)
        assert re.search(r'src="[./]*assets/redline/redline\.js"', page)
        assert (site / lc / "assets/redline/redline.css").is_file()
        # clause anchors (attr_list) and their permalinks (toc), not `{#...}` as text
        assert 'id="data-collected"' in page and "{#" not in page
        assert 'class="headerlink" href="#data-collected"' in page
        # no web font from Google: the site loads nothing from elsewhere
        assert "fonts.googleapis.com" not in page
    # the Thai interface, from the catalogs in the package
    assert "ประกาศการเปลี่ยนแปลง" in th and "Change notices" not in th


def test_a_template_of_the_site_custom_dir_still_wins(repo, tmp_path):
    own = repo.path / "theme"
    (own / "redline").mkdir(parents=True)
    (own / "redline" / "chooser.html").write_text("Our own chooser", encoding="utf-8")
    (own / "our.css").write_text("body {}", encoding="utf-8")  # published from custom_dir
    config = MINIMAL.replace("theme: material", "theme: {name: material, custom_dir: theme}")
    config += "extra_css: [our.css]\n"
    site = build(repo, config, tmp_path / "site")
    assert read(site, "index.html") == "Our own chooser"
    page = read(site, "en/privacy-policy/index.html")
    assert "redline-banner" not in page and 'id="data-collected"' in page
    # the site's stylesheet comes after Redline's, so that it can override it
    assert page.index("assets/redline/redline.css") < page.index("our.css")


def test_the_site_may_point_to_catalogs_of_its_own(repo, tmp_path):
    po = repo.path / "ours/th/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Change notices"\nmsgstr "ประกาศของเรา"\n',
        encoding="utf-8",
    )
    config = MINIMAL.replace("      as_of:", "      locales_dir: ours\n      as_of:")
    site = build(repo, config, tmp_path / "site")
    assert "ประกาศของเรา" in read(site, "th/privacy-policy/index.html")


def test_turning_off_the_clause_permalinks_is_a_clear_error(repo, tmp_path, caplog):
    config = MINIMAL + "markdown_extensions:\n  - toc:\n      permalink: false\n"
    with pytest.raises(Abort):
        build(repo, config, tmp_path / "site")
    assert (
        "mkdocs.yml: markdown_extensions: toc: permalink: False turns off what Redline's pages "
        "depend on (clause links: the heading permalinks readers copy and the language switcher "
        "keeps); remove the setting, or set permalink: '#'"
    ) in caplog.text
    chosen = MINIMAL + "markdown_extensions:\n  - toc:\n      permalink: '¶'\n"
    site = build(repo, chosen, tmp_path / "site")
    assert 'href="#data-collected" title="Permanent link">¶</a>' in read(
        site, "en/privacy-policy/index.html"
    )


def test_a_theme_other_than_material_is_a_clear_error(repo, tmp_path, caplog):
    config = MINIMAL.replace("theme: material", "theme: mkdocs")
    with pytest.raises(Abort):
        build(repo, config, tmp_path / "site")
    assert (
        "mkdocs.yml: theme 'mkdocs': Redline's pages are mkdocs-material templates; set theme: "
        "{name: material}"
    ) in caplog.text
