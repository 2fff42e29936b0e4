"""The `redline` command line (new, import, check, review, release, verify, groups, build, assemble,
demo): thin, over the core modules.

Each command's module adds its subparser with the function that runs it (`add_commands`); a
command says what went wrong by raising a RedlineError (`redline.errors`), which `main` prints
the same way for every command, `redline <command>: <message>` on the standard error: exit
status 2 for a UsageError (wrong arguments), 1 for any other.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from redline.errors import RedlineError, UsageError
from redline.model.history import shown

from . import check, demo, importing, matrix, release, review, scaffold, verify

#: The commands in the order `redline --help` lists them.
COMMANDS = (scaffold, importing, check, review, release, verify, matrix, demo)

EXIT_CODES = """exit status: 0 done; 1 problems found or the command refused (each command's help
says which); 2 wrong arguments"""


class _Parser(argparse.ArgumentParser):
    """argparse's parser, which names the command a misspelled one may be (`redline chek`: did
    you mean 'check'?), as argparse itself does from Python 3.14 (`suggest_on_error`)."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is not None and value not in choices:
            close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1)
            if close:
                raise argparse.ArgumentError(
                    action, f"invalid choice: {value!r} (did you mean {close[0]!r}?)"
                )
        super()._check_value(action, value)


def parser() -> argparse.ArgumentParser:
    """The command line's arguments, commands and their help."""
    parser = _Parser(
        prog="redline",
        description="Publish legal policies with their revision history (a MkDocs plugin).",
        epilog=EXIT_CODES,
    )
    parser.add_argument(
        "--version", action="version", version=f"redline {scaffold.redline_version()}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except RedlineError as exc:
        # One line, whatever the message holds (a file name's control characters, YAML's lines).
        print(f"redline {args.command}: {shown(str(exc))}", file=sys.stderr)
        return 2 if isinstance(exc, UsageError) else 1
    return status


if __name__ == "__main__":
    sys.exit(main())
