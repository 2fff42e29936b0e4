"""Git tree objects read as git stores them: each object once, read ahead in one `git cat-file`
process per level of the trees, every entry kind reported (never followed), and the policy
files of one commit's policy folder."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import PurePosixPath

import git

from redline.errors import RedlineError

from .history import LINK_REFUSED, NOT_A_POLICY_FILE, shown

# Entry kinds of a git tree: the file type bits of the entry's mode (`mode >> 12`).
_TREE, _FILE, _SYMLINK, _SUBMODULE = 0o04, 0o10, 0o12, 0o16
_KIND = {_TREE: "a folder", _FILE: "a file", _SYMLINK: "a symbolic link", _SUBMODULE: "a submodule"}


def _kind(kind: int) -> str:
    return _KIND.get(kind, "an entry of an unknown kind")


class BadTree(RedlineError):
    """A tree object that git itself would flag: a malformed entry, or two entries of one name."""


class Trees:
    """The tree objects of one repository, read through its object database, each once.

    GitPython's tree parser raises on a whole tree for a single entry name that a checkout would
    refuse (`..`, `.git`); git stores such trees all the same (`git mktree`), and a reader must
    report them, not fail. So the plain format, `<mode> <name>NUL<20-byte id>` per entry, is
    read here.
    """

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.memo: dict[str, list[tuple[int, str, str]]] = {}
        self.loaded: dict[str, bytes] = {}  # objects read ahead (`load`), by id

    def load(self, oids: Iterable[str]) -> None:
        """Read the objects `oids` ahead, in one `git cat-file --batch` process.

        GitPython's object database asks its `cat-file` process for one object at a time and
        waits for each answer: at 400 releases, some 3000 round trips, a second of a build.
        Handing git every id of one level of the trees at once leaves one.
        """
        wanted = sorted(set(oids) - self.loaded.keys() - self.memo.keys())
        if not wanted:
            return
        try:
            out = subprocess.run(
                [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch", "--buffer"],
                cwd=self.repo.git_dir,
                input="".join(f"{oid}\n" for oid in wanted).encode("ascii"),
                capture_output=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return  # each object is read on its own then, and its problem reported there
        at = 0
        while at < len(out):
            end = out.find(b"\n", at)
            header = out[at:end].split() if end >= 0 else []
            if end < 0 or (len(header) == 3 and not header[2].isdigit()):
                return  # not git's batch format: what is not loaded is read on its own
            if len(header) != 3:  # `<id> missing`: left to the reading that reports it
                at = end + 1
                continue
            size = int(header[2])
            if out[end + 1 + size : end + 2 + size] != b"\n":
                return  # cut short: what is not loaded is read on its own
            self.loaded[header[0].decode("ascii", "replace")] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1

    def read(self, oid: str) -> bytes:
        """The content of object `oid` (read ahead, else from the object database)."""
        found = self.loaded.pop(oid, None)
        return found if found is not None else self.repo.odb.stream(bytes.fromhex(oid)).read()

    def tree_of(self, commit: str) -> str:
        """The id of the tree of `commit`."""
        data = self.loaded.get(commit)
        if data is not None and data.startswith(b"tree "):
            return data[5:45].decode("ascii")
        return str(self.repo.commit(commit).tree.hexsha)

    def read_ahead(self, commits: Iterable[str], root: str) -> None:
        """Load what `_tree_files` reads for `commits`, one level of the trees at a time: the
        commits, the trees down to `root`, and every folder beneath it."""
        commits = list(commits)
        self.load(commits)
        level = {self.tree_of(commit) for commit in commits}
        for part in PurePosixPath(root).parts:
            self.load(level)
            level = {oid for tree in level for k, n, oid in self._safe(tree) if n == part}
        while level:
            self.load(level)
            level = {oid for tree in level for k, _, oid in self._safe(tree) if k == _TREE}

    def _safe(self, tree: str) -> list[tuple[int, str, str]]:
        # Reading ahead reports nothing: a bad tree is reported where it is read for a release.
        try:
            return self.entries(tree)
        except (BadTree, ValueError, git.GitError):
            return []

    def entries(self, tree: str) -> list[tuple[int, str, str]]:
        """(kind, name, object id) of each entry of `tree`; undecodable name bytes escaped."""
        if tree not in self.memo:
            data = self.read(tree)
            found = []
            seen: set[str] = set()
            at = 0
            while at < len(data):
                try:
                    space = data.index(b" ", at)
                    end = data.index(b"\0", space)
                    mode = int(data[at:space], 8)
                except ValueError:
                    raise BadTree(f"tree {tree[:12]} is malformed (git fsck reports it)") from None
                name = data[space + 1 : end].decode("utf-8", "backslashreplace")
                if name in seen or end + 21 > len(data):
                    # Git reads the first of two equal names, a checkout writes the last: the
                    # text published must be the one `git show <tag>:<path>` gives, so neither.
                    what = f"two entries named {shown(name)}" if name in seen else "a cut entry"
                    raise BadTree(f"tree {tree[:12]} has {what} (git fsck reports it)")
                seen.add(name)
                found.append((mode >> 12, name, data[end + 1 : end + 21].hex()))
                at = end + 21
            self.memo[tree] = found
        return self.memo[tree]

    def links(self, tree: str) -> list[tuple[str, str]]:
        """(path inside `tree`, object id) of every symbolic link anywhere in `tree`."""
        found: list[tuple[str, str]] = []
        stack = [("", tree)]
        walked: set[str] = set()  # a subtree repeated under several names is walked once
        while stack:
            prefix, oid = stack.pop()
            for kind, name, sub in self.entries(oid):
                if kind == _SYMLINK:
                    found.append((prefix + name, sub))
                elif kind == _TREE and sub not in walked:
                    walked.add(sub)
                    stack.append((f"{prefix}{name}/", sub))
        return sorted(found)


def tree_files(
    trees: Trees, commit: str, root: str, locales: tuple[str, ...]
) -> tuple[dict[str, str] | None, list[tuple[str, str, str]]]:
    """Map `<locale>/<doc>.md` to blob ids for one commit (None without a `root` folder), and
    the entries refused on the way as (path, object id, message). Nothing is followed."""
    oid = trees.tree_of(commit)
    parts = PurePosixPath(root).parts
    for depth, part in enumerate(parts):
        entry = next(((k, o) for k, n, o in trees.entries(oid) if n == part), None)
        if entry is None:
            return None, []
        kind, oid = entry
        if kind != _TREE:
            path = "/".join(parts[: depth + 1])
            what = (
                LINK_REFUSED if kind == _SYMLINK else f"{_kind(kind)}, not the folder of policies"
            )
            return None, [(path, oid, what)]
    refused = [(f"{root}/{path}", link, LINK_REFUSED) for path, link in trees.links(oid)]
    files: dict[str, str] = {}
    for kind, locale, locale_tree in trees.entries(oid):
        if kind != _TREE:
            if locale in locales and kind != _SYMLINK:
                refused.append((f"{root}/{locale}", locale_tree, f"{_kind(kind)}, not a folder"))
            continue
        for entry_kind, name, blob in trees.entries(locale_tree):
            if not name.endswith(".md"):
                continue
            if entry_kind == _FILE:
                files[f"{locale}/{name}"] = blob
            elif entry_kind != _SYMLINK:  # links are refused above
                what = f"{_kind(entry_kind)}, {NOT_A_POLICY_FILE}"
                refused.append((f"{root}/{locale}/{name}", blob, what))
    return files, refused
