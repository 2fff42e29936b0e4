"""`redline demo`: the sample history as a real git repository with real annotated release
tags, and its site built or served."""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

import git
import yaml

from redline import resources
from redline.errors import RedlineError
from redline.model.drafts import policy_folder_problems
from redline.model.imports import SourceProblems, Version, prepare, verify
from redline.plugin.settings import plugin_options

from . import scaffold
from .args import Commands
from .importing import Identity, write
from .importsource import folder_files

#: The demo's site: Redline's own repository (its mkdocs.yml is the starter's, for this site).
SITE = scaffold.Site(
    site_name="Cybozu Policies",
    site_name_th="นโยบายของ Cybozu",
    timezone="Asia/Bangkok",
    vendored=False,  # its workflow installs the checkout itself (requirements.txt: ".")
)


#: Who makes the sample releases, and when (its site is the same at every run).
DEMO_IDENTITY = Identity("Redline Demo", "legal@example.com")
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
LOCALES = ("en", "th")


class DemoError(RedlineError):
    """The sample history cannot be read (the message names the file), or its site cannot be
    built."""


def load_releases(sample: Path) -> list[dict[str, Any]]:
    """The releases listed in `<sample>/releases.yml`, oldest first."""
    path = sample / "releases.yml"
    try:
        releases = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DemoError(f"{path}: {exc}") from None
    if not isinstance(releases, list):
        raise DemoError(f"{path}: expected a list of releases")
    return releases


def materialize(project: Path | None, target: Path) -> Path:
    """Create a git repository at `target` holding the sample releases of `project` (a checkout
    of Redline), or by default the sample history installed with Redline.

    Each release overlays its folder `examples/sample-history/<date>/` (and the files it takes
    from the project's `policy/`) onto the previous tree, is committed on its day, and gets an
    annotated tag `policy/<date>` whose message is the release summary.
    """
    if project is None:
        sample, policy = resources.sample_history(), resources.seed_policy()
    else:
        sample, policy = project / "examples" / "sample-history", project / "policy"
    releases = load_releases(sample)
    # The copies below would read what a link points to: the sample must be plain files.
    folders = [(policy.parent, policy.name)]
    folders += [(sample / str(release["date"]), "policy") for release in releases]
    for base, root in folders:
        for problem in policy_folder_problems(base, root):
            raise DemoError(f"{base / problem.where}: {problem.message}")
    versions = []
    for release in releases:
        day = datetime.date.fromisoformat(str(release["date"]))
        overlay = sample / day.isoformat()
        files, origins = folder_files(overlay, "policy", LOCALES) if overlay.is_dir() else ({}, {})
        taken = release.get("from_policy") or []
        if taken == "all":
            # the policy files only: the folder also holds the package marker `__init__.py`
            taken = [f"policy/{p.relative_to(policy).as_posix()}" for p in policy.glob("*/*.md")]
        for rel in sorted(taken):
            name = str(rel).removeprefix("policy/")
            files[name] = (policy / name).read_bytes()
            origins[name] = str(policy / name)
        versions.append(Version(day, str(release["summary"]), files, origins))
    try:
        imported = prepare(versions, LOCALES)
        verify(imported, "policy", LOCALES)
    except SourceProblems as exc:
        raise DemoError(str(exc.problems[0])) from None
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    repo = git.Repo.init(target, initial_branch="main")
    with repo.config_writer() as cfg:  # for whoever tries commands in the demo repository
        cfg.set_value("user", "name", DEMO_IDENTITY.name)
        cfg.set_value("user", "email", DEMO_IDENTITY.email)
        cfg.set_value("commit", "gpgsign", "false")
        cfg.set_value("tag", "gpgsign", "false")
    # The same import as `redline import`, by the demo's identity, at 09:00 in Bangkok.
    write(target, imported, "policy", "policy/", DEMO_IDENTITY, _nine_in_bangkok, LOCALES)
    return target


def _nine_in_bangkok(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=BANGKOK)


def write_config(project: Path | None, repo: Path) -> Path:
    """A `mkdocs.yml` in `repo` that is the project's (by default the one `redline new` writes,
    for the demo's site), its policy folder (`policy_dir`) the demo repository's."""
    # MkDocs' own loader: `!ENV` settings take their value (or default) now.
    from mkdocs.utils.yaml import yaml_load

    if project is None:
        config = yaml_load(scaffold.render("mkdocs.yml", SITE))
    else:
        config = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    # docs_dir holds only the page for engines that ignore Redline; the policies are the repo's.
    required = repo / scaffold.REQUIRED_PAGE
    required.parent.mkdir(parents=True, exist_ok=True)
    required.write_text(scaffold.render(scaffold.REQUIRED_PAGE, SITE), encoding="utf-8")
    config["docs_dir"] = str(required.parent)
    config["site_dir"] = str(repo / "site")
    theme = config.setdefault("theme", {})
    if isinstance(theme, dict) and project is not None and theme.get("custom_dir"):
        theme["custom_dir"] = str(project / theme["custom_dir"])
    options = plugin_options(config)
    options["policy_dir"] = str(repo / "policy")
    if project is not None and options.get("locales_dir"):
        options["locales_dir"] = str(project / options["locales_dir"])
    options.setdefault("cache_dir", str((project or repo) / ".cache" / "redline"))
    path = repo / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def add_commands(commands: Commands) -> None:
    """`redline demo [--build-only DIR] [--project DIR] [--repo DIR] [--port N]`."""
    command = commands.add_parser(
        "demo",
        help="build and serve the sample history",
        description="Turn the sample history into a git repository with release tags, then "
        "build and serve its site.",
        epilog="exit status: 0 built (--build-only) or served until stopped; 1 the sample "
        "cannot be read or the site cannot be built; 2 wrong arguments",
    )
    command.add_argument("--build-only", metavar="DIR", help="build the site into DIR, no server")
    command.add_argument(
        "--project",
        metavar="DIR",
        help="a checkout of Redline whose sample, policies and mkdocs.yml to use "
        "(default: the sample installed with Redline)",
    )
    command.add_argument(
        "--repo", metavar="DIR", help="where to create the demo repository (default: temporary)"
    )
    command.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", "8000")),
        help="the port to serve on, at 127.0.0.1 (default: $PORT or 8000)",
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    project = Path(args.project).resolve() if args.project else None
    if args.repo:
        return _demo(args, project, Path(args.repo).resolve())
    # A temporary sample repository, removed when the demo ends: Ctrl-C, and a SIGTERM (from
    # `timeout`, a process manager) turned into the same KeyboardInterrupt that serve handles.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="redline-demo-") as where:
        return _demo(args, project, Path(where) / "repo")


def _demo(args: argparse.Namespace, project: Path | None, target: Path) -> int:
    """The sample repository at `target`, then its site built or served."""
    from mkdocs.commands.build import build
    from mkdocs.commands.serve import serve
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    repo = materialize(project, target)
    config_file = write_config(project, repo)
    print(f"redline demo: sample policy repository with release tags at {repo}")
    try:
        if args.build_only:
            site_dir = str(Path(args.build_only).resolve())
            build(load_config(config_file=str(config_file), site_dir=site_dir))
            print(f"redline demo: site built into {site_dir}")
        else:
            serve(config_file=str(config_file), dev_addr=f"127.0.0.1:{args.port}")
    except MkDocsException as exc:
        raise DemoError(str(exc)) from exc
    return 0
