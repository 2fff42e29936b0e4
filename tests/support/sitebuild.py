"""Build real sites from real git repositories, as `mkdocs build` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from redline import demo

PROJECT = Path(__file__).resolve().parents[2]


def configure(repo: Path, **options: Any) -> Path:
    """Write `repo/mkdocs.yml`: the project's configuration, with these redline options."""
    path = demo.write_config(PROJECT, repo)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "redline" in entry:
            entry["redline"].update(options)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(repo: Path, site: Path, **options: Any) -> Path:
    """Build the site of `repo` into `site` in this process; PluginError propagates."""
    options.setdefault("as_of", "2024-01-01")
    config_file = configure(repo, **options)
    mkdocs_build(load_config(config_file=str(config_file), site_dir=str(site)))
    return site


def run_mkdocs(
    repo: Path, site: Path, *args: str, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build` command line on `repo`."""
    options.setdefault("as_of", "2024-01-01")
    config_file = configure(repo, **options)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site), *args],
        capture_output=True,
        text=True,
        cwd=repo,
    )
