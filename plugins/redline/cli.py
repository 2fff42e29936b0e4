"""The `redline` command line (check, release, verify, demo): thin, over the core modules."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path

from . import check, demo, release, verify


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="redline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_check = sub.add_parser("check", help="validate a policy repository")
    p_check.add_argument("-f", "--config-file", default="mkdocs.yml")

    p_release = sub.add_parser("release", help="check, then tag a release policy/YYYY-MM-DD")
    p_release.add_argument("date", help="the revision date, YYYY-MM-DD")
    p_release.add_argument("-m", "--message", required=True, help="the release summary")
    p_release.add_argument("-f", "--config-file", default="mkdocs.yml")

    p_verify = sub.add_parser(
        "verify",
        help="check that a new build keeps every published revision unchanged",
        description="Compare a new build's revisions.json with the published one. Exit status: "
        "0 every published revision is unchanged (or nothing is published yet: the URL answers "
        "404); 1 a published revision changed or is missing, or an index cannot be read or "
        "fetched; 2 wrong arguments.",
    )
    p_verify.add_argument(
        "--against",
        required=True,
        metavar="FILE|URL",
        help="the published revisions.json: a file, or an http(s) URL such as "
        "https://example.org/revisions.json",
    )
    p_verify.add_argument(
        "--built",
        default="site/revisions.json",
        metavar="FILE",
        help="the new build's revisions.json (default: site/revisions.json)",
    )

    p_demo = sub.add_parser("demo", help="build and serve the sample history")
    p_demo.add_argument("--build-only", metavar="DIR", help="build the site into DIR, no server")
    p_demo.add_argument("--project", default=".", help="the Redline project folder")
    p_demo.add_argument("--repo", help="where to create the demo repository (default: temporary)")
    p_demo.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    args = parser.parse_args(argv)
    if args.command == "check":
        return check.run_check(Path(args.config_file), sys.stdout)
    if args.command == "release":
        return release.run_release(Path(args.config_file), args.date, args.message, sys.stdout)
    if args.command == "verify":
        return verify.run_verify(args.against, Path(args.built), sys.stdout)
    return _demo(args)


def _demo(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    project = Path(args.project).resolve()
    if args.repo:
        return _run_demo(args, project, Path(args.repo).resolve())
    # A temporary sample repository, removed when the demo ends: Ctrl-C, and a SIGTERM (from
    # `timeout`, a process manager) turned into the same KeyboardInterrupt that serve handles.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="redline-demo-") as where:
        return _run_demo(args, project, Path(where) / "repo")


def _run_demo(args: argparse.Namespace, project: Path, target: Path) -> int:
    from mkdocs.commands.build import build
    from mkdocs.commands.serve import serve
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        repo = demo.materialize(project, target)
    except demo.DemoError as exc:
        print(f"redline demo: {exc}", file=sys.stderr)
        return 1
    config_file = demo.write_config(project, repo)
    print(f"redline demo: sample policy repository with release tags at {repo}")
    try:
        if args.build_only:
            site_dir = str(Path(args.build_only).resolve())
            build(load_config(config_file=str(config_file), site_dir=site_dir))
            print(f"redline demo: site built into {site_dir}")
        else:
            serve(config_file=str(config_file), dev_addr=f"127.0.0.1:{args.port}")
    except MkDocsException as exc:
        print(f"redline demo: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
