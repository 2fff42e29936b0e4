"""`settings`: the one place that finds the plugin's entry in a raw mkdocs.yml
(`plugin_options`), and that decides the drafts and the redlines of every build and command."""

from __future__ import annotations

import pytest
import yaml

from redline.plugin import settings
from redline.plugin.config import RedlineConfig
from redline.plugin.settings import plugin_options
from redline.site.compare import COMPARE_ALL_MAX, Compare


@pytest.mark.parametrize(
    "plugins",
    [
        "- search\n- redline:\n    tag_prefix: release-\n",
        "search: {}\nredline:\n  tag_prefix: release-\n",  # plugins as a mapping
    ],
)
def test_the_settings_are_found_in_either_form_of_plugins(plugins):
    config = yaml.safe_load("plugins:\n" + "".join(f"  {line}\n" for line in plugins.splitlines()))
    options = plugin_options(config)
    assert options == {"tag_prefix": "release-"}
    options["as_of"] = "2024-01-01"
    assert plugin_options(config)["as_of"] == "2024-01-01"  # the same mapping, changed in place


@pytest.mark.parametrize("entry", ["- redline\n", "- redline:\n"])
def test_an_entry_without_settings_gets_an_empty_mapping_kept_in_the_config(entry):
    config = yaml.safe_load("plugins:\n  - search\n  " + entry)
    plugin_options(config)["locales"] = {"en": {"name": "English"}}
    assert config["plugins"][1] == {"redline": {"locales": {"en": {"name": "English"}}}}


def test_a_config_without_the_plugin_is_a_key_error():
    with pytest.raises(KeyError, match="redline"):
        plugin_options({"plugins": ["search"]})
    with pytest.raises(KeyError):
        plugin_options({})


def options(**settings: object) -> RedlineConfig:
    """The plugin's typed settings as MkDocs validates them (its defaults filled in)."""
    found = RedlineConfig()
    found.load_dict({"locales": {"en": {"name": "English"}}, **settings})
    assert found.validate() == ([], [])
    return found


@pytest.mark.parametrize(
    ("setting", "environ", "serving", "shown"),
    [
        (False, {}, False, False),
        (False, {}, True, True),  # mkdocs serve always previews the drafts
        (True, {}, False, True),
        (False, {"REDLINE_DRAFTS": "1"}, False, True),
        (False, {"REDLINE_DRAFTS": "0"}, False, False),
        (False, {"REDLINE_DRAFTS": ""}, False, False),
    ],
)
def test_drafts_are_decided_by_serve_the_setting_and_redline_drafts(
    setting, environ, serving, shown
):
    assert settings.drafts(options(drafts=setting), environ, serving=serving) is shown


def test_the_compare_setting_is_made_from_the_typed_config_and_its_one_default():
    assert settings.compare(options()) == Compare(COMPARE_ALL_MAX)
    assert settings.compare(options(compare_all_max=3)).all_max == 3
