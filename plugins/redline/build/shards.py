"""A site built as shards (groups of locales, on the jobs of a CI matrix), assembled (no MkDocs).

Each locale is a build of its own into `<site>/<lc>/`; only the chooser, `revisions.json` and the
sitemaps span the locales. A shard is a build of some locales, with a `Manifest` of what it was
built from; `assemble` checks the manifests against each other and against the repository it runs
in, builds the part that spans the locales and puts the shards' locale folders in: the same bytes
as one build of every locale, which the checks guarantee by refusing shards of another source.

A shard is an artifact that crossed from one CI job to another: `assemble` publishes only what its
manifest lists, regular files with the listed SHA-256 digests, never a symbolic link, a link as a
locale folder or an empty one (docs/ARCHITECTURE.md, shards); the manifest is read within limits
of size and nesting. It does not authenticate a shard: whoever writes one can write its manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from redline.errors import RedlineError
from redline.model.history import Problem

#: The manifest of a shard, in its folder (never in the assembled site).
MANIFEST = "redline-shard.json"
FORMAT = 2  # 2: the digest of every file
#: A manifest is refused beyond these: a file list of some 60,000 files fits.
MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32
#: The problems of a shard's files said one by one, the rest counted.
MAX_SAID = 10
_DIGEST = re.compile(r"[0-9a-f]{64}")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class ShardError(RedlineError):
    """A shard cannot be built, or a shard's file changed while `assemble` put it in."""


@dataclass(frozen=True)
class Plan:
    """Which locales an outer build builds (None: all), and which it takes already built (a
    locale -> its folder in a shard): `mkdocs build` builds all, a shard some, `assemble` none."""

    locales: tuple[str, ...] | None = None
    taken: Mapping[str, Path] = field(default_factory=dict)
    #: The SHA-256 digest of each file of the taken locales (`th/index.html`), from the manifests.
    files: Mapping[str, str] = field(default_factory=dict)

    def building(self, locales: Sequence[str]) -> list[str]:
        """The site's `locales` that this build builds, in the site's order."""
        return [lc for lc in locales if self.locales is None or lc in self.locales]

    def complete(self, locales: Sequence[str]) -> bool:
        """Whether every locale is built or taken: the sitemaps can be written."""
        return set(locales) <= set(self.building(locales)) | set(self.taken)

    def rendered(self) -> dict[tuple[str, str, str], str]:
        """(document, locale, date) -> `rendered_sha256`, for the locales taken from shards: as
        the shard's own `revisions.json` (next to its locale folders) has it."""
        found: dict[tuple[str, str, str], str] = {}
        for locale, folder in self.taken.items():
            try:
                index = json.loads((folder.parent / "revisions.json").read_text(encoding="utf-8"))
                documents = index["documents"]
            except (OSError, ValueError, TypeError, KeyError):
                continue  # no digests: `redline verify` then cannot compare the rendered text
            for document in documents if isinstance(documents, list) else []:
                if not isinstance(document, dict) or document.get("locale") != locale:
                    continue
                for rev in document.get("revisions") or []:
                    body = rev.get("rendered_sha256") if isinstance(rev, dict) else None
                    if isinstance(body, str):
                        found[(str(document.get("document")), locale, str(rev.get("date")))] = body
        return found

    def place(self, site_dir: Path) -> None:
        """Put the locales taken from shards into `site_dir`, byte for byte: each file of `files`
        linked to the shard's (a shard is a build's throwaway output; no data is copied), or
        copied where a link cannot be made (another file system). Each file put in is checked
        again, a regular file of its digest: `check` saw the shard, but it may change since.
        ShardError if one is not."""
        for locale, folder in self.taken.items():
            shutil.rmtree(site_dir / locale, ignore_errors=True)
            (site_dir / locale).mkdir(parents=True)
            for name in sorted(self.files):
                inner = PurePosixPath(name).relative_to(locale) if _under(name, locale) else None
                if inner is None:
                    continue
                target = site_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):  # gone since the check: the digest says so
                    _link_or_copy(str(folder.joinpath(*inner.parts)), str(target))
                if _digest_of(target) != self.files[name]:
                    target.unlink(missing_ok=True)
                    raise ShardError(
                        f"{folder / inner}: changed after it was checked (not a regular file "
                        "of the manifest's digest); assemble again"
                    )


def groups(weights: Mapping[str, int], jobs: int) -> list[tuple[str, ...]]:
    """The locales of `weights` (in the site's order, each with the pages it builds) in at most
    `jobs` groups whose pages are as even as they come: the jobs of a CI matrix, whose wall time
    is its slowest job's. Each locale, heaviest first, joins the lightest group so far (ties: the
    site's order, the first group); a locale is never split. Each group lists its locales in the
    site's order; the heaviest group comes first.

    Greedy by the largest first (LPT): within 4/3 of the best grouping, and locales are few.
    """
    order = {locale: index for index, locale in enumerate(weights)}
    count = max(1, min(jobs, len(weights)))
    loads = [0] * count
    members: list[list[str]] = [[] for _ in range(count)]
    for locale in sorted(weights, key=lambda lc: (-weights[lc], order[lc])):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        loads[lightest] += weights[locale]
        members[lightest].append(locale)
    ranked = sorted(range(count), key=lambda i: (-loads[i], i))
    return [tuple(sorted(members[i], key=order.__getitem__)) for i in ranked if members[i]]


def _under(name: str, locale: str) -> bool:
    return name.startswith(f"{locale}/")


def _link_or_copy(source: str, target: str) -> None:
    # A link is made to the link itself, never followed: `_digest_of` then refuses it.
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _digest_of(path: Path) -> str | None:
    """The SHA-256 of the regular file at `path`, None if it is anything else (a link too)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with open(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None
        return hashlib.file_digest(file, "sha256").hexdigest()


def contents(folder: Path, locale: str) -> tuple[dict[str, str], list[str]]:
    """The SHA-256 digest of each file in `folder`, a shard's locale folder, by its name in the
    site (`th/index.html`); and what it holds that is not a regular file or folder, one
    sentence each naming it so: a symbolic link (never followed), a device, a pipe."""
    found: dict[str, str] = {}
    problems: list[str] = []
    pending = [(folder, locale)]  # a stack, not recursion: a shard's tree may be of any depth
    while pending:
        directory, name = pending.pop()
        try:
            with os.scandir(directory) as listed:
                entries = sorted(listed, key=lambda e: e.name)
        except OSError as exc:
            problems.append(f"{name}: cannot be read ({exc.strerror}); build it again")
            continue
        for entry in entries:
            path, inner = Path(entry.path), f"{name}/{entry.name}"
            if entry.is_symlink():
                problems.append(
                    f"{inner}: a symbolic link (to {os.readlink(path)}); a shard holds no "
                    "links: build it again"
                )
            elif entry.is_dir(follow_symlinks=False):
                pending.append((path, inner))
            elif (digest := _digest_of(path)) is not None:
                found[inner] = digest
            else:
                problems.append(f"{inner}: not a regular file or folder; build it again")
    return dict(sorted(found.items())), sorted(problems)


@dataclass(frozen=True)
class Manifest:
    """What a shard was built from, and the digest of every file it holds (`files`); two
    shards assemble only when all but `locales` and `files` are equal."""

    commit: str  # HEAD of the repository
    tags: dict[str, str]  # release tag -> its commit
    as_of: str  # the build's as-of date
    settings: str  # a digest of mkdocs.yml and the settings as resolved (`!ENV`)
    code: str  # Redline's code and library versions (`cache.versions()`)
    drafts: bool
    locales: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # `th/index.html` -> its SHA-256

    def to_json(self) -> str:
        """The manifest as the JSON file of a shard."""
        data = {"redline_shard": FORMAT, **asdict(self), "locales": list(self.locales)}
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """A manifest read back; ValueError if it is not one of this format, is nested deeper
        than MAX_DEPTH (Python's json has no limit of its own) or names a file outside its
        locales."""
        if _depth(text) > MAX_DEPTH:
            raise ValueError(f"nested deeper than {MAX_DEPTH}")
        try:
            data: Any = json.loads(text)
        except RecursionError:  # a belt to `_depth`
            raise ValueError(f"nested deeper than {MAX_DEPTH}") from None
        if not isinstance(data, dict) or data.get("redline_shard") != FORMAT:
            raise ValueError(f"not a shard manifest of format {FORMAT}")
        try:
            manifest = cls(
                commit=str(data["commit"]),
                tags={str(k): str(v) for k, v in dict(data["tags"]).items()},
                as_of=str(data["as_of"]),
                settings=str(data["settings"]),
                code=str(data["code"]),
                drafts=bool(data["drafts"]),
                locales=tuple(str(lc) for lc in data["locales"]),
                files={str(k): str(v) for k, v in dict(data["files"]).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"a field is missing or malformed ({exc})") from None
        for name, digest in manifest.files.items():
            parts = name.split("/")
            if (
                len(parts) < 2
                or parts[0] not in manifest.locales
                or any(p in ("", ".", "..") for p in parts)
                or not _DIGEST.fullmatch(digest)
            ):
                raise ValueError(f"file {name!r}: not a file of its locales with a SHA-256")
        return manifest


def _depth(text: str) -> int:
    """How deep `text`'s JSON nests, counted up to MAX_DEPTH + 1 (strings skipped)."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
    return deepest


def write_manifest(site_dir: Path, manifest: Manifest) -> None:
    """Write the shard's manifest into its folder."""
    (site_dir / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def read_shard(folder: Path) -> tuple[Manifest | None, Problem | None]:
    """The manifest of the shard in `folder`, or the problem that keeps it from being one: no
    regular file, over MAX_BYTES, nested too deep, not a manifest."""
    path = folder / MANIFEST
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with open(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise ValueError("not a regular file")
            raw = file.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ValueError(f"over {MAX_BYTES // (1024 * 1024)} MB")
        return Manifest.from_json(raw.decode("utf-8")), None
    except FileNotFoundError:
        return None, Problem(
            str(folder), f"not a shard: no {MANIFEST}; build one with redline build --locales"
        )
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        return None, Problem(str(path), f"unreadable shard manifest ({exc}); build it again")


def differences(shard: Manifest, own: Manifest) -> list[str]:
    """How `shard` was built from another source than `own` (the repository that assembles),
    one sentence each; empty when they are the same."""
    found = []
    if shard.commit != own.commit:
        found.append(
            f"built from commit {shard.commit[:12]}, but this repository is at {own.commit[:12]}"
        )
    for tag in sorted(set(shard.tags) | set(own.tags)):
        theirs, ours = shard.tags.get(tag), own.tags.get(tag)
        if theirs is None:
            found.append(f"built without release tag {tag}")
        elif ours is None:
            found.append(f"built with release tag {tag}, which this repository does not have")
        elif theirs != ours:
            found.append(
                f"release tag {tag} was at commit {theirs[:12]}, here it is at {ours[:12]}"
            )
    if shard.as_of != own.as_of:
        found.append(
            f"built as of {shard.as_of}, but this build is as of {own.as_of} (build every "
            "shard on the same day, or give them one SOURCE_DATE_EPOCH)"
        )
    if shard.settings != own.settings:
        found.append(
            "built with other settings (mkdocs.yml, or a value it takes from the environment "
            "such as SITE_URL)"
        )
    if shard.code != own.code:
        found.append(f"built by other code ({shard.code}), here: {own.code}")
    if shard.drafts != own.drafts:
        found.append(
            f"built {'with' if shard.drafts else 'without'} drafts, this build "
            f"{'shows' if own.drafts else 'does not show'} them (REDLINE_DRAFTS, drafts:)"
        )
    return found


def check(
    shards: Iterable[tuple[Path, Manifest]], own: Manifest, locales: Sequence[str]
) -> tuple[Plan, list[Problem]]:
    """The plan of `assemble` (which shard folder holds each locale, the digest of each of its
    files), and every problem of the shards: another source than `own`, a locale in two shards
    or in none, a locale the site does not have, a locale folder missing, empty or a link, a
    file not as the manifest lists it."""
    taken: dict[str, Path] = {}
    files: dict[str, str] = {}
    holders: dict[str, list[Path]] = {}
    problems: list[Problem] = []
    for folder, manifest in shards:
        for difference in differences(manifest, own):
            problems.append(Problem(str(folder), difference))
        for locale in manifest.locales:
            holders.setdefault(locale, []).append(folder)
            if locale not in locales:
                problems.append(
                    Problem(
                        str(folder),
                        f"locale {locale} is not one of the site's ({', '.join(locales)})",
                    )
                )
                continue
            wrong = _locale_problems(folder, locale, manifest)
            problems += [Problem(str(folder), problem) for problem in wrong]
            if not wrong and locale not in taken:
                taken[locale] = folder / locale
                files.update((k, v) for k, v in manifest.files.items() if _under(k, locale))
    for locale in locales:
        found = holders.get(locale, [])
        if len(found) > 1:
            problems.append(
                Problem(
                    f"locale {locale}",
                    f"in {len(found)} shards ({', '.join(map(str, found))}); build each locale "
                    "in one shard",
                )
            )
        elif not found:
            problems.append(
                Problem(
                    f"locale {locale}",
                    f"in no shard; build it too (redline build --locales {locale})",
                )
            )
    return Plan(locales=(), taken=taken, files=files), problems


def _locale_problems(folder: Path, locale: str, manifest: Manifest) -> list[str]:
    """What keeps the folder of `locale` in the shard `folder` from being taken, one sentence
    each (at most MAX_SAID, the rest counted)."""
    where = folder / locale
    if where.is_symlink():
        return [f"the folder of locale {locale} is a symbolic link (to {os.readlink(where)})"]
    if not where.is_dir():
        return [f"the folder of locale {locale} is missing"]
    found, problems = contents(where, locale)
    if not found:
        return [f"the folder of locale {locale} is empty"]
    listed = {k: v for k, v in manifest.files.items() if _under(k, locale)}
    for name in sorted(set(found) | set(listed)):
        if name not in found:
            problems.append(f"{name}: in the manifest, not in the shard")
        elif name not in listed:
            problems.append(f"{name}: in the shard, not in its manifest")
        elif found[name] != listed[name]:
            problems.append(f"{name}: not the bytes the manifest lists (another SHA-256)")
    if len(problems) > MAX_SAID:
        problems[MAX_SAID:] = [f"and {len(problems) - MAX_SAID} more problems of its files"]
    return problems
