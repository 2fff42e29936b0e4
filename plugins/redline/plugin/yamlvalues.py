"""The setting behind a value YAML cannot read, for a one-line error.

PyYAML reads an unquoted `2024-13-45` as a date and fails with a bare ValueError ("month must be
in 1..12"), and so does `!ENV [AS_OF]` when the variable holds one (MkDocs' `!ENV` reads the
variable's value as YAML reads a plain value). Neither names the setting; this module finds it
in the file: the first value shaped like a date that is none, with its line and, for `!ENV`, the
variable it came from.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def bad_date(config_file: str | Path, environ: Mapping[str, str] = os.environ) -> str | None:
    """`plugins.redline.as_of on line 47: '2024-13-45' (from AS_OF) is not a date (YYYY-MM-DD)`,
    for the first such value in `config_file`, or None if there is none (or the file cannot be
    read again)."""
    try:
        text = Path(config_file).read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    resolver = yaml.SafeLoader("")
    for path, node in _scalars(root, ()):
        value, source = node.value, ""
        if node.tag == "!ENV":
            value, source = _env_value(node, environ)
            if value is None:
                continue
        elif not isinstance(node, ScalarNode) or node.style is not None:
            continue  # quoted: a string, never read as a date
        tag = resolver.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag != _TIMESTAMP or _is_date(value):
            continue
        where = f" on line {node.start_mark.line + 1}" if node.start_mark else ""
        came = f" (from {source})" if source else ""
        name = ".".join(path) or "the value"
        return f"{name}{where}: {value!r}{came} is not a date; write it as YYYY-MM-DD"
    return None


def _scalars(node: Node | None, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Node]]:
    """Every scalar under `node` with the keys leading to it (a list entry that is a mapping of
    one key, as `plugins: - redline: {...}`, is named by that key)."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, ScalarNode) else "?"
            if value.tag == "!ENV" or isinstance(value, ScalarNode):
                yield (*path, name), value
            else:
                yield from _scalars(value, (*path, name))
    elif isinstance(node, SequenceNode):
        for item in node.value:
            if isinstance(item, ScalarNode):
                yield path, item
            else:
                yield from _scalars(item, path)


def _env_value(node: Node, environ: Mapping[str, str]) -> tuple[str | None, str]:
    """The value an `!ENV` node takes from the environment (as pyyaml-env-tag reads it: the
    first variable set), and the variable's name; (None, "") when it takes its default."""
    names = node.value if isinstance(node, SequenceNode) else [node]
    if len(names) > 1:
        names = names[:-1]  # the last is the default, not a variable
    for item in names:
        if isinstance(item, ScalarNode) and str(item.value) in environ:
            return environ[str(item.value)], str(item.value)
    return None, ""


def _is_date(value: str) -> bool:
    try:
        yaml.safe_load(value)
    except ValueError:
        return False
    return True
