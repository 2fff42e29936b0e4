"""Where Redline's own files are: templates and assets, catalogs, the sample history, the starter.

They ship inside the package (pyproject.toml maps the repository's top-level `overrides/`,
`locales/`, `examples/` and `policy/` into it), so a policy repository needs no file of this one.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def _folder(package: str, *parts: str) -> Path:
    """A folder of package data as a real path: MkDocs and Jinja read templates from folders."""
    found: Traversable = files(package).joinpath(*parts)
    if not isinstance(found, Path) or not found.is_dir():
        # A zipped installation (zipapp, zipimport): the theme must be on the file system.
        raise FileNotFoundError(f"{package}: {'/'.join(parts) or '.'} is not a folder on disk")
    return found


def theme_dir() -> Path:
    """The templates (`redline/*.html`, `main.html`, `partials/`) and `assets/redline/`."""
    return _folder("redline._theme")


def locales_dir() -> Path:
    """The gettext catalogs of the interface strings: `<locale>/LC_MESSAGES/messages.po`."""
    return _folder("redline._locales")


def sample_history() -> Path:
    """The sample releases of `redline demo`: `releases.yml` and `<date>/policy/...` overlays."""
    return _folder("redline._examples", "sample-history")


def seed_policy() -> Path:
    """The newest policy texts (`<locale>/<document>.md`), the sample's `from_policy` files."""
    return _folder("redline._policy")


def starter_dir() -> Path:
    """The files `redline new` writes into a new policy repository (see `scaffold`)."""
    return _folder("redline", "starter")
