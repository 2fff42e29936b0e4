"""The working tree's policy files, read only: drafts for previews and checks, and the refusal
of anything under the policy folder that could make a build read outside the repository."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from redline.files import read_regular

from .history import (
    LINK_REFUSED,
    NOT_A_POLICY_FILE,
    DocumentHistory,
    History,
    Problem,
    blob_id,
    shown,
)
from .releases import name_problem
from .repository import parse_revision


@dataclass(frozen=True)
class SourceFile:
    """A policy file of the working tree, as read."""

    doc: str
    locale: str
    path: str  # from the repository's top, e.g. policy/en/privacy-policy.md
    data: bytes


def _inside(path: Path, repo: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(repo)


def policy_folder_problems(repo_path: str | Path, root: str) -> list[Problem]:
    """Symbolic links in the working tree's policy folder (anywhere under it, the folder itself,
    the folders leading to it), and a policy folder outside the repository: refused, as a
    pull request could point a link at any file of the machine that builds its preview."""
    repo = Path(os.path.realpath(repo_path))
    parts = PurePosixPath(root).parts
    if PurePosixPath(root).is_absolute() or ".." in parts:
        return [Problem(shown(root), "the policy folder must be a folder inside the repository")]
    for depth in range(1, len(parts) + 1):
        rel = "/".join(parts[:depth])
        if (repo / rel).is_symlink():
            return [Problem(shown(rel), LINK_REFUSED)]
    if not _inside(repo / root, repo):
        return [Problem(shown(root), "the policy folder must be a folder inside the repository")]
    problems = []
    for folder, dirs, names in os.walk(repo / root):  # links to folders are listed, not entered
        dirs.sort()
        for name in sorted(dirs + names):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                problems.append(Problem(shown(os.path.relpath(path, repo)), LINK_REFUSED))
    return problems


def working_tree_files(
    repo_path: str | Path, root: str, locales: Iterable[str]
) -> tuple[list[SourceFile], list[Problem]]:
    """The working tree's policy files (read only, for drafts and checks), and the problems of
    the policy folder: links, folders named like policy files, names that cannot be URLs.

    Nothing is read through a symbolic link or from outside the repository.
    """
    repo = Path(os.path.realpath(repo_path))
    problems = policy_folder_problems(repo, root)
    files: list[SourceFile] = []
    for locale in locales:
        folder = repo / root / locale
        if not _inside(folder, repo) or folder.is_symlink() or not folder.is_dir():
            continue
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if not entry.name.endswith(".md") or entry.is_symlink():  # links: refused above
                continue
            rel = f"{root}/{locale}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                problems.append(Problem(shown(rel), f"a folder, {NOT_A_POLICY_FILE}"))
                continue
            doc = entry.name.removesuffix(".md")
            problem = name_problem(doc)
            if problem:
                problems.append(Problem(shown(rel), problem))
                continue
            try:
                data = read_regular(entry.path)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                problems.append(
                    Problem(shown(rel), f"cannot be read ({reason}); save it as a plain file")
                )
                continue
            files.append(SourceFile(doc, locale, rel, data))
    return files, problems


def with_drafts(
    history: History, repo_path: str | Path, as_of: datetime.date, root: str = "policy"
) -> History:
    """`history` plus a draft revision for every working-tree file that differs from its release.

    The working tree is only read, never written.
    """
    problems = list(history.problems)
    documents = dict(history.documents)
    files, file_problems = working_tree_files(repo_path, root, history.locales)
    problems.extend(file_problems)
    for source in files:
        current = documents.get((source.doc, source.locale))
        released = current.revisions[-1] if current and current.revisions else None
        if (
            released
            and released.blob == blob_id(source.data)
            and not (current and current.withdrawn)
        ):
            continue
        draft = parse_revision(
            source.doc, source.locale, source.path, None, source.data, problems, "", as_of
        )
        if draft is None:
            continue
        old = current.revisions if current else ()
        documents[(source.doc, source.locale)] = DocumentHistory(
            source.doc, source.locale, (*old, draft), None
        )
    return History(history.releases, documents, history.locales, tuple(problems))
