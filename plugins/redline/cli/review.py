"""`redline review`: what the working tree's drafts change against the text in force, as
Markdown for a pull request (the review job's summary and comment; `site/review.py`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import IO

from mkdocs.exceptions import PluginError

from redline.model.drafts import with_drafts
from redline.model.history import HistoryError
from redline.model.timeline import Timeline
from redline.plugin import settings, theme
from redline.site import review
from redline.text.render import Renderer

from .args import Commands, config_option


class ReviewError(settings.SettingsError):
    """The review cannot be made; the message says why."""


def run_review(
    config_file: Path, out: IO[str], *, artifact: str = "draft-review-site", download: str = ""
) -> int:
    """Write the review of the drafts of the repository named by `config_file` to `out`."""
    try:
        config, options = settings.load(config_file, known_only=True)
        sources = settings.sources(config, options)
        today = settings.today(options)
        as_of = settings.as_of(options, os.environ)
        released = sources.read(today)
    except (settings.SettingsError, HistoryError) as exc:
        # The file named, as `redline check` and `redline release` do.
        raise ReviewError(f"{config_file}: {exc}") from None
    drafted = with_drafts(released, sources.repo, today, sources.policy_dir)
    try:
        theme.configure(config)  # the Markdown extensions of the site's own pages
    except PluginError as exc:
        raise ReviewError(str(exc)) from None
    render = Renderer(config.markdown_extensions, config.mdx_configs)
    timeline = Timeline(drafted, as_of, options.recent_days)
    changes = review.draft_changes(timeline, render)
    names = {lc: locale.name or lc for lc, locale in options.locales.items()}
    out.write(
        review.review_markdown(
            changes, as_of, locale_names=names, artifact=artifact, download=download
        )
    )
    return 0


def add_commands(commands: Commands) -> None:
    """`redline review [-f FILE] [--artifact NAME] [--download URL]`."""
    command = commands.add_parser(
        "review",
        help="what the drafts change, as Markdown for a pull request",
        description="Print, as GitHub Markdown, what the working tree's policy files change "
        "against the text in force: per document and locale the clauses added, changed, "
        "renamed, moved or removed, the words inserted and deleted, and the notice; then how to "
        "open the draft site (`mkdocs build` with drafts) on one's own machine. The publishing "
        "workflow's review job writes it into the job summary and one pull-request comment.",
        epilog="exit status: 0 printed (also when nothing is drafted); 1 refused (settings or "
        "history unreadable); 2 wrong arguments",
    )
    config_option(command)
    command.add_argument(
        "--artifact",
        default="draft-review-site",
        help="the name of the draft site's artifact (default: %(default)s)",
    )
    command.add_argument(
        "--download", default="", metavar="URL", help="where the artifact is downloaded"
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    return run_review(
        Path(args.config_file), sys.stdout, artifact=args.artifact, download=args.download
    )
