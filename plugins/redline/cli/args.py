"""What the commands' arguments share: the configuration option and the argparse types."""

from __future__ import annotations

import argparse
import logging
from typing import TypeAlias

#: The `redline` command's subparsers: each command module adds its own (`add_commands`), with
#: the function that runs it as `run` (`cli/main.py` calls it and reports a RedlineError).
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def config_option(command: argparse.ArgumentParser) -> None:
    """`-f/--config-file`: the site's configuration, by default `mkdocs.yml`."""
    command.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="the site's configuration (default: mkdocs.yml)",
    )


def verbose_option(command: argparse.ArgumentParser) -> None:
    """`-v/--verbose`: debug lines too, as `mkdocs build -v` (timings, cache, memory)."""
    command.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also the builder's figures (timings, cache counts, worker memory) and MkDocs' "
        "debug lines",
    )


def log_level(verbose: bool) -> None:
    """Log INFO lines (DEBUG ones too if `verbose`) to the standard error, as MkDocs does."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(levelname)-7s -  %(message)s",
    )


def positive(text: str) -> int:
    """A whole number of at least 1 (argparse: anything else is a wrong argument)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"give at least 1, not {value}")
    return value
