"""The plugin's settings: the README's table of options is the config class, setting by setting."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from redline.plugin import config

README = Path(__file__).resolve().parents[2] / "README.md"
START = "<!-- options: generated from plugins/redline/plugin/config.py -->"
END = "<!-- /options -->"


def docstrings(cls: type) -> dict[str, str]:
    """The attribute docstrings of a class (the string right after each setting)."""
    tree = ast.parse(inspect.getsource(config))
    (node,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__]
    found = {}
    for first, second in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(first, ast.Assign)
            and isinstance(second, ast.Expr)
            and isinstance(second.value, ast.Constant)
        ):
            (target,) = first.targets
            assert isinstance(target, ast.Name)
            found[target.id] = " ".join(str(second.value.value).split())
    return found


def kind(option: Any) -> str:
    if isinstance(option, c.Optional):
        return kind(option.option)
    if isinstance(option, c.Type):
        return {str: "text", int: "number", bool: "true or false"}[option._type]
    if isinstance(option, c.DictOfItems):
        return "mapping"
    if isinstance(option, config.Date):
        return "date"
    raise AssertionError(f"describe {type(option).__name__} in test_config.kind")


def default(option: Any) -> str:
    value = option.default
    if value in (None, {}):
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def settings(cls: Any) -> list[tuple[str, Any]]:
    """The settings of a config class, without the removed ones (they only explain the move)."""
    return [(name, option) for name, option in cls._schema if not isinstance(option, c.Deprecated)]


def table() -> str:
    """The README's table of every setting, from the config classes."""
    rows = ["| setting | type | default | what |", "|---|---|---|---|"]
    for cls, prefix in ((config.RedlineConfig, ""), (config.LocaleConfig, "locales.<code>.")):
        described = docstrings(cls)
        for name, option in settings(cls):
            assert name in described, f"{cls.__name__}.{name} has no docstring"
            rows.append(
                f"| `{prefix}{name}` | {kind(option)} | {default(option)} | {described[name]} |"
            )
    return "\n".join(rows)


def test_every_setting_has_a_docstring():
    for cls in (config.RedlineConfig, config.LocaleConfig):
        assert set(docstrings(cls)) == {name for name, _ in settings(cls)}, cls.__name__


def test_the_readme_table_of_settings_is_the_config_class():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, f"README.md needs the markers {START} ... {END}"
    shown = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == table(), f"replace the README's table of settings with:\n\n{table()}\n"


def test_a_locale_without_a_name_is_named_in_its_own_language():
    option = config.Locales(c.SubConfig(config.LocaleConfig))
    locales = option.validate({"en": {"name": "English"}, "ja": {}, "fr": {"site_name": "S"}})
    assert {code: locale.name for code, locale in locales.items()} == {
        "en": "English",
        "ja": "日本語",
        "fr": "Français",
    }


def test_a_misspelled_key_of_a_locale_is_refused_with_the_key_meant():
    option = config.Locales(c.SubConfig(config.LocaleConfig))
    meant = r"locale 'ja': unknown key 'nme' \(did you mean 'name'\?\)"
    with pytest.raises(ValidationError, match=meant):
        option.validate({"en": {}, "ja": {"nme": "日本語"}})
