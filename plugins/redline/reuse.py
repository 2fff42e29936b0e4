"""`mkdocs serve`: reuse the last output of pages that cannot have changed (no MkDocs import).

`mkdocs serve` rebuilds the whole site on every save. Released revisions and the redlines between
them depend only on the released history, the code, the templates, the settings and the
catalogs, so a page whose fingerprint of those is unchanged is taken from the previous output
instead of being rendered again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .cache import digest, versions
from .site import PageSpec
from .timeline import Timeline

#: The folder of the previous output, inside serve's own site folder: MkDocs' clean skips hidden
#: entries, and serve removes the whole folder when it stops.
KEPT = ".redline-kept"


@dataclass
class Reuse:
    """One locale's build under `mkdocs serve`: its previous output and what each page was
    built from, then and now."""

    kept: Path | None  # the previous output of this locale (None on the first build)
    previous: dict[str, str]  # page -> fingerprint, of the previous build
    fingerprints: dict[str, str] = field(default_factory=dict)  # of this build
    skipped: list[str] = field(default_factory=list)  # pages taken from the previous output

    def keeps(self, uri: str, spec: PageSpec, context: str) -> bool:
        """Whether the page `uri` can be taken from the previous output instead of rebuilt.

        Only released revisions and redlines between released revisions qualify: their output
        depends on released history, code, templates and settings, all in `context`.
        """
        sides = [r for r in (spec.revision, spec.old) if r is not None]
        if spec.kind not in ("revision", "diff") or any(r.is_draft for r in sides):
            return False
        mark = digest(context, spec.kind, spec.path, [r.blob for r in sides])
        self.fingerprints[uri] = mark
        old = self.kept / urls.output_of(uri) if self.kept else None
        if old is None or self.previous.get(uri) != mark or not old.is_file():
            return False
        self.skipped.append(uri)
        return True

    def restore(self, site_dir: Path) -> None:
        """Move the kept pages' previous output into the freshly built locale folder."""
        if self.kept is None:
            return
        for uri in self.skipped:
            name = urls.output_of(uri)
            (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (self.kept / name).replace(site_dir / name)


class ServeReuse:
    """What one `mkdocs serve` remembers from one rebuild to the next."""

    def __init__(self) -> None:
        self.kept: Path | None = None
        self.fingerprints: dict[str, dict[str, str]] = {}  # locale -> page -> fingerprint

    def set_aside(self, site_dir: Path, locales: Iterable[str]) -> None:
        """Move each locale's previous output out of the way of the new build."""
        kept = self.kept = site_dir / KEPT
        for locale in locales:
            shutil.rmtree(kept / locale, ignore_errors=True)
            if (site_dir / locale).is_dir():
                kept.mkdir(exist_ok=True)
                os.replace(site_dir / locale, kept / locale)

    def of(self, locale: str) -> Reuse:
        """The reuse of `locale`'s build: its previous output, if set aside."""
        kept = self.kept / locale if self.kept is not None else None
        if kept is None or not kept.is_dir():
            return Reuse(None, {})
        return Reuse(kept, self.fingerprints.get(locale, {}))

    def remember(self, locale: str, reuse: Reuse) -> None:
        """Keep the fingerprints of `locale`'s build for the next one."""
        self.fingerprints[locale] = reuse.fingerprints


def inputs_digest(
    template_dirs: Iterable[Path],
    config_file: str | None,
    locales_dir: Path,
    locales: Iterable[str],
) -> str:
    """What every page's output depends on besides the history: code and libraries (`versions`,
    the one code fingerprint), templates (the site's and Redline's), settings and catalogs."""
    files: list[Path] = []
    for folder in template_dirs:
        files += sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc")
    if config_file:
        files.append(Path(config_file))
    for lc in locales:
        files += sorted((locales_dir / lc).rglob("*.po"))
    return digest(versions(), [(str(p), p.read_bytes().hex()) for p in files])


def page_context_digest(
    timeline: Timeline, locale: str, pages: Iterable[PageSpec], inputs: str
) -> str:
    """A digest of what every released page of a locale shows besides its own revision: the
    released history (tags, blobs, the as-of date), the navigation, code, templates, settings."""
    history = timeline.history
    released = [
        (key, [r.blob for r in doc.revisions if not r.is_draft], bool(doc.withdrawn))
        for key, doc in sorted(history.documents.items())
    ]
    tags = [(r.tag, r.commit, r.summary) for r in history.releases]
    nav = [(s.path, s.title) for s in pages if s.kind == "policy"]
    return digest(inputs, timeline.as_of.isoformat(), locale, tags, released, nav)
