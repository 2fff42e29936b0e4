"""`settings.plugin_options`: the one place that finds the plugin's entry in a raw mkdocs.yml."""

from __future__ import annotations

import pytest
import yaml

from redline.plugin.settings import plugin_options


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
