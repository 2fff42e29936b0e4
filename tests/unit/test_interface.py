"""The theme's interface strings in the MkDocs settings, translated per locale."""

from __future__ import annotations

from pathlib import Path

from redline.plugin import interface
from redline.text import catalogs

ROOT = Path(__file__).resolve().parents[2]
THAI = catalogs.load(ROOT / "locales", "th").gettext


def test_permalink_title_and_palette_names_are_translated():
    theme = {
        "palette": [
            {"scheme": "default", "toggle": {"icon": "x", "name": "Dark"}},
            {"scheme": "slate", "toggle": {"icon": "y", "name": "Light"}},
        ]
    }
    configs: dict = {"toc": {"permalink": "#"}}
    interface.localize(theme, ["attr_list", "toc"], configs, THAI)
    assert configs["toc"] == {"permalink": "#", "permalink_title": "ลิงก์ถาวร"}
    assert [p["toggle"]["name"] for p in theme["palette"]] == ["โหมดมืด", "โหมดสว่าง"]
    assert theme["palette"][0]["toggle"]["icon"] == "x"


def test_a_single_palette_a_configured_title_and_unknown_names():
    theme = {"palette": {"scheme": "default", "toggle": {"name": "Switch to night"}}}
    configs: dict = {"toc": {"permalink_title": "Permanent link"}}
    interface.localize(theme, ["toc"], configs, THAI)
    assert theme["palette"]["toggle"]["name"] == "Switch to night"  # not in the catalog: kept
    assert configs["toc"]["permalink_title"] == "ลิงก์ถาวร"


def test_without_toc_or_palette_nothing_is_added():
    theme: dict = {"palette": [{"scheme": "default"}]}
    configs: dict = {}
    interface.localize(theme, ["tables"], configs, THAI)
    assert configs == {} and theme == {"palette": [{"scheme": "default"}]}


def test_the_english_build_keeps_the_english_names():
    theme = {"palette": [{"toggle": {"name": "Dark"}}]}
    configs: dict = {}
    interface.localize(theme, ["toc"], configs, catalogs.load(ROOT / "locales", "en").gettext)
    assert configs["toc"]["permalink_title"] == "Permanent link"
    assert theme["palette"][0]["toggle"]["name"] == "Dark"
