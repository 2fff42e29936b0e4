"""Where a build writes: never into the repository it reads (imports MkDocs).

MkDocs empties `site_dir` before it renders anything (`mkdocs.commands.build.build`, after the
plugins' `on_config`), and the cache writes its entries under `cache_dir`: a `site_dir` of
`.git`, `.`, the policy folder or a parent of the repository would wipe every commit and tag.
`check` refuses such folders in `on_config` (every build: `mkdocs build -d`, `site_dir` in
`mkdocs.yml`, `redline build`/`assemble --site-dir`) and in the commands before they build.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from redline.model.repository import open_repo

from . import settings
from .config import RedlineConfig


def check(config: MkDocsConfig, options: RedlineConfig) -> None:
    """SettingsError, naming the setting and the fix, if `site_dir` or `cache_dir` is in the git
    folder of the repository holding the policies, is its top folder or the policy folder, or
    contains any of them."""
    found = settings.sources(config, options)
    repo = open_repo(found.repo)
    top = _real(found.repo)
    git_dirs = {_real(found.repo / ".git"), _real(repo.git_dir), _real(repo.common_dir)}
    kept = {top, _real(found.repo / found.policy_dir)} | git_dirs
    wanted = [("site_dir", Path(config.site_dir))]
    if options.cache_dir:
        wanted.append(("cache_dir", settings.config_dir(config) / options.cache_dir))
    for name, folder in wanted:
        own = "site" if name == "site_dir" else ".cache"
        where = _real(folder)
        inside = next((g for g in sorted(git_dirs) if where.is_relative_to(g)), None)
        holds = next((k for k in sorted(kept) if k.is_relative_to(where)), None)
        if inside is not None:
            raise settings.SettingsError(
                f"{name}: {folder} is inside the git folder {inside}; the build would overwrite "
                f"the repository: set {name} to a folder outside .git (such as {own})"
            )
        if holds is not None:
            what = (
                "the git folder"
                if holds in git_dirs
                else ("the repository" if holds == top else "the policy folder")
            )
            verb = "is" if holds == where else "contains"
            raise settings.SettingsError(
                f"{name}: {folder} {verb} {what} {holds}; the build would write over it: set "
                f"{name} to a folder of its own (such as {own})"
            )


def _real(path: str | os.PathLike[str]) -> Path:
    """`path` absolute, with its links resolved (a link to `.git` is `.git`)."""
    return Path(os.path.realpath(path))
