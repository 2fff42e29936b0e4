"""`redline groups`, `build` and `assemble`: one site built as shards on the jobs of a CI matrix.

`redline groups --jobs N` splits the locales into N groups of even work (pages to build);
`redline build --locales th,fr` builds those locales (a shard) with a manifest of what they were
built from and the SHA-256 of each file; `redline assemble SHARD...` refuses shards of another
source, a locale in two shards or in none, a file not as its manifest lists it, then builds
what spans the locales (the chooser, `revisions.json`, the sitemaps) with the shards' locale
folders in: the site one `mkdocs build` makes. The model is `shards` (no MkDocs); this module
loads the configuration and runs the builds (imports MkDocs).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from redline.build import shards
from redline.build.cache import digest, versions
from redline.errors import Refused, UsageError
from redline.model.history import HistoryError, Problem, shown
from redline.model.repository import open_repo, read_releases
from redline.model.timeline import Timeline
from redline.plugin import engines, outputs, settings
from redline.plugin.config import RedlineConfig
from redline.site import pages as site

from .args import Commands, config_option, log_level, positive, verbose_option

#: Settings that change how a build runs, not what it makes: shards may differ in them.
_HOW = frozenset({"workers"})


def run_build(config_file: Path, locales: str, site_dir: Path, out: TextIO, err: TextIO) -> int:
    """`redline build --locales LIST --site-dir DIR`: build a shard, with the digest of each of
    its files in its manifest; returns the exit status (a RedlineError says what failed)."""
    name = "redline build"
    try:
        config, options = settings.load(config_file, site_dir=str(site_dir.resolve()))
        outputs.check(config, options)
    except settings.SettingsError as exc:
        raise shards.ShardError(f"{config_file}: {exc}") from None
    wanted = [lc.strip() for lc in locales.split(",") if lc.strip()]
    unknown = [lc for lc in wanted if lc not in options.locales]
    if not wanted or unknown or len(set(wanted)) != len(wanted):
        raise UsageError(
            f"--locales {locales}: give some of the site's locales ("
            f"{', '.join(options.locales)}), each once, separated by commas"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    ordered = tuple(lc for lc in options.locales if lc in wanted)
    try:
        manifest = source_of(config, options, ordered)
    except (settings.SettingsError, HistoryError) as exc:
        raise shards.ShardError(str(exc)) from None
    _pin(options, manifest)
    _run(config, shards.Plan(locales=ordered))
    files: dict[str, str] = {}
    for locale in ordered:
        found, problems = shards.contents(site_dir / locale, locale)
        if problems:  # a build writes regular files only; something else wrote here
            raise shards.ShardError(f"{site_dir}: {problems[0]}")
        files.update(found)
    shards.write_manifest(site_dir, replace(manifest, files=files))
    print(
        f"{name}: built {', '.join(f'/{lc}/' for lc in ordered)} into {site_dir}, a shard: put the "
        "site together with redline assemble",
        file=out,
    )
    return 0


def run_assemble(
    config_file: Path, folders: Sequence[Path], site_dir: Path, out: TextIO, err: TextIO
) -> int:
    """`redline assemble SHARD... --site-dir SITE`: check the shards, then build the site with
    their locales; returns the exit status (a RedlineError says what failed or was refused)."""
    name = "redline assemble"
    try:
        config, options = settings.load(config_file, site_dir=str(site_dir.resolve()))
        outputs.check(config, options)
        own = source_of(config, options, ())
    except (settings.SettingsError, HistoryError) as exc:
        raise shards.ShardError(f"{config_file}: {exc}") from None
    _pin(options, own)
    problems: list[Problem] = []
    found: list[tuple[Path, shards.Manifest]] = []
    site = site_dir.resolve()
    for folder in folders:
        where = folder.resolve()
        if where == site or where.is_relative_to(site) or site.is_relative_to(where):
            # The build empties the site's folder first: the shard would be lost.
            problems.append(Problem(str(folder), f"overlaps --site-dir {site_dir}: give another"))
            continue
        manifest, problem = shards.read_shard(folder)
        if problem is not None:
            problems.append(problem)
        elif manifest is not None:
            found.append((folder, manifest))
    plan, more = shards.check(found, own, list(options.locales))
    problems += more
    if problems:
        for problem in problems:  # each problem, then the refusal (cli/main.py prints it)
            print(f"{name}: {shown(str(problem))}", file=err)
        raise Refused("refused; nothing was written")
    _run(config, plan)
    print(f"{name}: {len(found)} shards assembled into {site_dir}", file=out)
    return 0


def run_groups(config_file: Path, jobs: int, out: TextIO, err: TextIO) -> int:
    """`redline groups --jobs N`: the site's locales in at most N groups of even work, as the JSON
    list a CI matrix takes (`["th", "en,fr"]`, each group as `redline build --locales` takes it);
    the pages of each group on `err`. Returns the exit status."""
    name = "redline groups"
    try:
        options, found, today = settings.read(config_file)
        as_of = settings.as_of(options, os.environ)
        history = found.read(today, as_of)  # as the builds read it
    except (settings.SettingsError, HistoryError) as exc:
        raise shards.ShardError(f"{config_file}: {exc}") from None
    # The history's problems are the builds' to report; the groups only count pages.
    timeline = Timeline(history, as_of, options.recent_days)
    redlines = settings.compare(options)
    weights = {lc: len(site.plan(timeline, lc, redlines)) for lc in options.locales}
    chosen = shards.groups(weights, jobs)
    for group in chosen:
        pages = sum(weights[lc] for lc in group)
        print(f"{name}: {','.join(group)}: {pages} pages", file=err)
    print(json.dumps([",".join(group) for group in chosen]), file=out)
    return 0


def _pin(options: RedlineConfig, manifest: shards.Manifest) -> None:
    """Build as of the date `manifest` says, decided once by `settings.as_of`: the build asks it
    again, and by the clock the day may turn in between (a shard would then claim another date
    than the one it was built as of)."""
    options["as_of"] = manifest.as_of


def _run(config: MkDocsConfig, plan: shards.Plan) -> None:
    """Build `config` with `plan`; ShardError if the build failed."""
    log_level(verbose=False)  # unless the command asked for more (--verbose)
    from redline.plugin.hooks import (  # the plugin imports this package's core; loaded on use
        RedlinePlugin,
    )

    plugin = config.plugins[settings.PLUGIN]
    assert isinstance(plugin, RedlinePlugin)
    plugin.plan = plan
    try:
        mkdocs_build(config)
    except MkDocsException as exc:
        raise shards.ShardError(exc.format_message()) from None


def source_of(
    config: MkDocsConfig, options: RedlineConfig, locales: tuple[str, ...]
) -> shards.Manifest:
    """What a build of `config` is made from now: HEAD, the release tags, the as-of date, the
    settings, the code. SettingsError or HistoryError say what is wrong."""
    found = settings.sources(config, options)
    repo = open_repo(found.repo)
    try:
        commit = repo.head.commit.hexsha
    except ValueError:  # no commit yet
        commit = ""
    releases, _ = read_releases(repo, options.tag_prefix)  # their problems: the build's to say
    file = Path(config.config_file_path or "mkdocs.yml")
    made = {k: _plain(v) for k, v in options.items() if k not in _HOW}
    return shards.Manifest(
        commit=commit,
        tags={r.tag: r.commit for r in releases},
        as_of=settings.as_of(options, os.environ).isoformat(),
        settings=digest(file.read_bytes().hex(), config.site_url, made),
        code=f"{versions()};{engines.running()}",
        drafts=settings.drafts(options, os.environ),
        locales=locales,
    )


def _plain(value: Any) -> Any:
    """A setting as plain data (the config classes are mappings) for a digest."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def add_commands(commands: Commands) -> None:
    """`redline groups`, `redline build` and `redline assemble`."""
    groups = commands.add_parser(
        "groups",
        help="split the locales into groups of even work, for the jobs of a CI matrix",
        description="Print the site's locales in at most N groups, each with about as many pages "
        "to build (a locale is never split), as a JSON list of redline build --locales values, "
        'such as ["th","en,fr"]: the matrix of the jobs; the pages of each group go to the '
        "standard error.",
        epilog="exit status: 0 groups printed; 1 the configuration or the history cannot be "
        "read; 2 wrong arguments",
    )
    groups.add_argument(
        "--jobs", required=True, type=positive, metavar="N", help="the number of matrix jobs"
    )
    config_option(groups)
    groups.set_defaults(run=_groups)

    build = commands.add_parser(
        "build",
        help="build some locales of the site: a shard, for a job of a CI matrix",
        description="Build the given locales of the site into DIR/<locale>/, with a manifest of "
        "what they were built from (commit, release tags, as-of date, settings, code), for "
        "redline assemble. The whole site in one build: mkdocs build.",
        epilog="exit status: 0 built; 1 the configuration or the history cannot be read, or the "
        "build failed; 2 wrong arguments (an unknown locale too)",
    )
    build.add_argument(
        "--locales",
        required=True,
        metavar="LIST",
        help="the locales to build, separated by commas (th,fr)",
    )
    build.add_argument(
        "--site-dir", default="site", metavar="DIR", help="where to build (default: site)"
    )
    config_option(build)
    verbose_option(build)
    build.set_defaults(run=_build)

    assemble = commands.add_parser(
        "assemble",
        help="put the site together from the shards of redline build",
        description="Check that the shards were built from this repository's commit and release "
        "tags, on the same as-of date, with the same settings and code, that each locale is in "
        "exactly one of them, and that each shard holds exactly the files its manifest lists "
        "(regular files of their SHA-256; no symbolic link, no empty locale folder); then build "
        "the language chooser, revisions.json and the sitemaps with the shards' locales into "
        "SITE: the site one mkdocs build makes. A refusal "
        "names each problem and writes nothing.",
        epilog="exit status: 0 assembled; 1 refused (nothing written), or the build failed; "
        "2 wrong arguments",
    )
    assemble.add_argument(
        "shards", nargs="+", metavar="SHARD", help="a folder made by redline build"
    )
    assemble.add_argument(
        "--site-dir", default="site", metavar="SITE", help="where to build (default: site)"
    )
    config_option(assemble)
    verbose_option(assemble)
    assemble.set_defaults(run=_assemble)


def _groups(args: argparse.Namespace) -> int:
    return run_groups(Path(args.config_file), args.jobs, sys.stdout, sys.stderr)


def _build(args: argparse.Namespace) -> int:
    log_level(args.verbose)
    return run_build(
        Path(args.config_file), args.locales, Path(args.site_dir), sys.stdout, sys.stderr
    )


def _assemble(args: argparse.Namespace) -> int:
    folders = [Path(s) for s in args.shards]
    log_level(args.verbose)
    return run_assemble(
        Path(args.config_file), folders, Path(args.site_dir), sys.stdout, sys.stderr
    )
