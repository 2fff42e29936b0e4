"""A site built as shards (groups of locales, on the jobs of a CI matrix), assembled (no MkDocs).

Each locale is a build of its own into `<site>/<lc>/`; only the chooser, `revisions.json` and the
sitemaps span the locales. A shard is a build of some locales, with a `Manifest` of what it was
built from; `assemble` checks the manifests against each other and against the repository it runs
in, builds the part that spans the locales and puts the shards' locale folders in: the same bytes
as one build of every locale, which the checks guarantee by refusing shards of another source.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redline.model.history import Problem

#: The manifest of a shard, in its folder (never in the assembled site).
MANIFEST = "redline-shard.json"
FORMAT = 1


@dataclass(frozen=True)
class Plan:
    """Which locales an outer build builds (None: all), and which it takes already built (a
    locale -> its folder in a shard): `mkdocs build` builds all, a shard some, `assemble` none."""

    locales: tuple[str, ...] | None = None
    taken: Mapping[str, Path] = field(default_factory=dict)

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
        """Put the locales taken from shards into `site_dir`, byte for byte: each file linked to
        the shard's (a shard is a build's throwaway output; no data is copied), or copied where
        a link cannot be made (another file system)."""
        for locale, folder in self.taken.items():
            shutil.rmtree(site_dir / locale, ignore_errors=True)
            shutil.copytree(folder, site_dir / locale, copy_function=_link_or_copy)


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


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass(frozen=True)
class Manifest:
    """What a shard was built from; two shards assemble only when all but `locales` are equal."""

    commit: str  # HEAD of the repository
    tags: dict[str, str]  # release tag -> its commit
    as_of: str  # the build's as-of date
    settings: str  # a digest of mkdocs.yml and the settings as resolved (`!ENV`)
    code: str  # Redline's code and library versions (`cache.versions()`)
    drafts: bool
    locales: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The manifest as the JSON file of a shard."""
        data = {"redline_shard": FORMAT, **asdict(self), "locales": list(self.locales)}
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """A manifest read back; ValueError if it is not one of this format."""
        data: Any = json.loads(text)
        if not isinstance(data, dict) or data.get("redline_shard") != FORMAT:
            raise ValueError(f"not a shard manifest of format {FORMAT}")
        try:
            return cls(
                commit=str(data["commit"]),
                tags={str(k): str(v) for k, v in dict(data["tags"]).items()},
                as_of=str(data["as_of"]),
                settings=str(data["settings"]),
                code=str(data["code"]),
                drafts=bool(data["drafts"]),
                locales=tuple(str(lc) for lc in data["locales"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"a field is missing or malformed ({exc})") from None


def write_manifest(site_dir: Path, manifest: Manifest) -> None:
    """Write the shard's manifest into its folder."""
    (site_dir / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def read_shard(folder: Path) -> tuple[Manifest | None, Problem | None]:
    """The manifest of the shard in `folder`, or the problem that keeps it from being one."""
    path = folder / MANIFEST
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        return None, Problem(
            str(folder), f"not a shard: no {MANIFEST}; build one with redline build --locales"
        )
    except (OSError, ValueError) as exc:
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
) -> tuple[dict[str, Path], list[Problem]]:
    """Which shard folder holds each locale, and every problem of the shards: another source than
    `own`, a locale in two shards or in none, a locale the site does not have."""
    taken: dict[str, Path] = {}
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
            elif not (folder / locale).is_dir():
                problems.append(Problem(str(folder), f"the folder of locale {locale} is missing"))
            else:
                taken.setdefault(locale, folder / locale)
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
    return taken, problems
