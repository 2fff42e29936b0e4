"""The `redline` command line: one module per command, one error handler (`main`)."""

from __future__ import annotations

import os
import sys


def run() -> int:
    """The `redline` command: the engine chosen (before anything imports MkDocs), then `main`."""
    from redline.plugin.engines import EngineError, select

    try:
        select(os.environ)
    except EngineError as exc:
        print(f"redline: {exc}", file=sys.stderr)
        return 2
    from .main import main

    return main()
