"""The `redline` command line (new, check, release, verify, groups, build, assemble, demo): thin,
over the core modules."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path

from . import check, demo, matrix, release, scaffold, verify

EXIT_CODES = """exit status: 0 fine; 1 problems found (errors, or warnings with --strict) or the
command refused; 2 wrong arguments"""
CONFIG_HELP = "the site's configuration (default: mkdocs.yml)"


def parser() -> argparse.ArgumentParser:
    """The command line's arguments, commands and their help."""
    parser = argparse.ArgumentParser(
        prog="redline",
        description="Publish legal policies with their revision history (a MkDocs plugin).",
        epilog=EXIT_CODES,
    )
    parser.add_argument(
        "--version", action="version", version=f"redline {scaffold.redline_version()}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_new = sub.add_parser(
        "new",
        help="create a policy repository (configuration, starter policies, workflow)",
        description="Create a policy repository in DIR: mkdocs.yml, starter policies in English "
        "and Thai, the publishing workflow, a README for the legal editors, .gitignore and "
        "requirements.txt pinning this Redline; then git init. DIR must be new or empty.",
        epilog=EXIT_CODES,
    )
    p_new.add_argument("dir", metavar="DIR", help="the new repository's folder")
    p_new.add_argument(
        "--site-name",
        default=scaffold.Site.site_name,
        help="the site's name (default: %(default)s)",
    )
    p_new.add_argument(
        "--site-name-th",
        default=scaffold.Site.site_name_th,
        help="the site's name in Thai (default: %(default)s)",
    )
    p_new.add_argument(
        "--timezone",
        default=scaffold.Site.timezone,
        help="the site's time zone: what is in force is decided by today's date there "
        "(default: %(default)s)",
    )
    p_new.add_argument("--no-git", action="store_true", help="do not run git init in DIR")

    p_check = sub.add_parser(
        "check",
        help="validate a policy repository",
        description="Print every problem of the policy files and release tags as "
        "'file:line: error|warning: message'.",
        epilog=EXIT_CODES,
    )
    p_check.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)
    p_check.add_argument(
        "--strict", action="store_true", help="warnings fail too (exit status 1), as in CI"
    )

    p_release = sub.add_parser(
        "release",
        help="check, then tag a release policy/YYYY-MM-DD",
        description="Check the repository, then create the annotated release tag at HEAD. "
        "Refused: an existing tag, a date not after the newest release or after today, "
        "uncommitted policy changes, a HEAD without the newest release, no policy change, "
        "any error of redline check.",
        epilog=EXIT_CODES,
    )
    p_release.add_argument("date", help="the revision date, YYYY-MM-DD")
    p_release.add_argument(
        "-m", "--message", required=True, help="the release summary (the tag's message)"
    )
    p_release.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)
    p_release.add_argument(
        "--dry-run", action="store_true", help="check and say what would be tagged; tag nothing"
    )

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

    p_groups = sub.add_parser(
        "groups",
        help="split the locales into groups of even work, for the jobs of a CI matrix",
        description="Print the site's locales in at most N groups, each with about as many pages "
        "to build (a locale is never split), as a JSON list of redline build --locales values, "
        'such as ["th","en,fr"]: the matrix of the jobs; the pages of each group go to the '
        "standard error.",
        epilog=EXIT_CODES,
    )
    p_groups.add_argument(
        "--jobs", required=True, type=_positive, metavar="N", help="the number of matrix jobs"
    )
    p_groups.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)

    p_build = sub.add_parser(
        "build",
        help="build some locales of the site: a shard, for a job of a CI matrix",
        description="Build the given locales of the site into DIR/<locale>/, with a manifest of "
        "what they were built from (commit, release tags, as-of date, settings, code), for "
        "redline assemble. The whole site in one build: mkdocs build.",
        epilog=EXIT_CODES + " (an unknown locale is a wrong argument)",
    )
    p_build.add_argument(
        "--locales",
        required=True,
        metavar="LIST",
        help="the locales to build, separated by commas (th,fr)",
    )
    p_build.add_argument(
        "--site-dir", default="site", metavar="DIR", help="where to build (default: site)"
    )
    p_build.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)

    p_assemble = sub.add_parser(
        "assemble",
        help="put the site together from the shards of redline build",
        description="Check that the shards were built from this repository's commit and release "
        "tags, on the same as-of date, with the same settings and code, and that each locale is "
        "in exactly one of them; then build the language chooser, revisions.json and the "
        "sitemaps with the shards' locales into SITE: the site one mkdocs build makes. A refusal "
        "names each problem and writes nothing.",
        epilog=EXIT_CODES,
    )
    p_assemble.add_argument(
        "shards", nargs="+", metavar="SHARD", help="a folder made by redline build"
    )
    p_assemble.add_argument(
        "--site-dir", default="site", metavar="SITE", help="where to build (default: site)"
    )
    p_assemble.add_argument("-f", "--config-file", default="mkdocs.yml", help=CONFIG_HELP)

    p_demo = sub.add_parser(
        "demo",
        help="build and serve the sample history",
        description="Turn the sample history into a git repository with release tags, then "
        "build and serve its site.",
        epilog=EXIT_CODES,
    )
    p_demo.add_argument("--build-only", metavar="DIR", help="build the site into DIR, no server")
    p_demo.add_argument(
        "--project",
        metavar="DIR",
        help="a checkout of Redline whose sample, policies and mkdocs.yml to use "
        "(default: the sample installed with Redline)",
    )
    p_demo.add_argument(
        "--repo", metavar="DIR", help="where to create the demo repository (default: temporary)"
    )
    p_demo.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", "8000")),
        help="the port to serve on, at 127.0.0.1 (default: $PORT or 8000)",
    )

    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    if args.command == "new":
        return _new(args)
    if args.command == "check":
        return check.run_check(Path(args.config_file), sys.stdout, strict=args.strict)
    if args.command == "release":
        return release.run_release(
            Path(args.config_file),
            args.date,
            args.message,
            sys.stdout,
            sys.stderr,
            dry_run=args.dry_run,
        )
    if args.command == "verify":
        return verify.run_verify(args.against, Path(args.built), sys.stdout, sys.stderr)
    if args.command == "groups":
        return matrix.run_groups(Path(args.config_file), args.jobs, sys.stdout, sys.stderr)
    if args.command == "build":
        return matrix.run_build(
            Path(args.config_file), args.locales, Path(args.site_dir), sys.stdout, sys.stderr
        )
    if args.command == "assemble":
        return matrix.run_assemble(
            Path(args.config_file),
            [Path(s) for s in args.shards],
            Path(args.site_dir),
            sys.stdout,
            sys.stderr,
        )
    return _demo(args)


def _positive(text: str) -> int:
    """A whole number of at least 1 (argparse: anything else is a wrong argument)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"give at least 1, not {value}")
    return value


def _new(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    site = scaffold.Site(args.site_name, args.site_name_th, args.timezone)
    try:
        done = scaffold.create(target, site, git=not args.no_git)
    except scaffold.ScaffoldError as exc:
        print(f"redline new: {exc}", file=sys.stderr)
        return 1
    for line in done:
        print(f"redline new: {line}")
    print(
        f"redline new: next: cd {target}; pip install -r requirements.txt; mkdocs serve "
        "(a preview); redline check; commit; redline release YYYY-MM-DD -m 'First "
        "publication'; push the tag (README.md says more)"
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    project = Path(args.project).resolve() if args.project else None
    if args.repo:
        return _run_demo(args, project, Path(args.repo).resolve())
    # A temporary sample repository, removed when the demo ends: Ctrl-C, and a SIGTERM (from
    # `timeout`, a process manager) turned into the same KeyboardInterrupt that serve handles.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="redline-demo-") as where:
        return _run_demo(args, project, Path(where) / "repo")


def _run_demo(args: argparse.Namespace, project: Path | None, target: Path) -> int:
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
