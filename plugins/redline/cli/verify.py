"""`redline verify`: the published history only grows.

A new build's `revisions.json` is compared with the published one before it is deployed: every
published revision (document, locale, date) must still be there with the same checksums
(`sha256`, `blob`), from the same tag and commit, with the same release summary. Moving or
deleting a release tag after publication would otherwise rewrite the archive silently.

Published facts about past days never change (docs/ARCHITECTURE.md, The record): the
published index was built as of its `generated_as_of` day, so a new build may not change what it
said about any day before that one. New revisions are fine when they are dated after every
published revision, and neither dated nor effective before `generated_as_of`; a published
revision keeps its effective date, and its `in_force_from` / `in_force_until` stay as published
wherever they concern a day before `generated_as_of` (a back-dated or retroactive tag would move
them). The as-of day itself is still open: a release made later that day is known on that day,
and a daily scheduled build publishes as of today before anyone releases.

What readers get is checked too: each revision's `rendered_sha256` (its body as published,
rendered and sanitized) must be unchanged, or a setting (a Markdown extension in `mkdocs.yml`, a
hook) or a Redline upgrade re-rendered the archive unseen. An intended re-rendering is accepted
with a reason (`--accept-rerender`), recorded in the index's `rerendered` list: verify runs on the
built site before it is deployed, so it writes the record (the published ones, and the new one)
into the built `revisions.json`, which carries them on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

from redline.errors import UsageError
from redline.model.history import shown

from . import reading, sitecheck
from .args import Commands
from .index import PublishedRevision, compare, generated_as_of, parse_index
from .reading import VerifyError

__all__ = [
    "PublishedRevision",
    "VerifyError",
    "add_commands",
    "compare",
    "fetch",
    "generated_as_of",
    "parse_index",
    "run_verify",
]


def fetch(
    url: str, *, deadline: float = reading.DEADLINE, max_bytes: int = reading.MAX_BYTES
) -> str | None:
    """The text at an http(s) `url`; None when it answers 404 (nothing published yet). Within
    `deadline` seconds in all and at most `max_bytes` (`reading.fetch`)."""
    data = reading.fetch(url, deadline=deadline, max_bytes=max_bytes)
    return None if data is None else _decode(data, url)


def _read(path: Path, hint: str, max_bytes: int = reading.MAX_BYTES) -> str:
    return _decode(reading.read_file(path, hint, max_bytes=max_bytes), str(path))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VerifyError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def rerendered(
    published: dict[tuple[str, str, str], PublishedRevision],
    built: dict[tuple[str, str, str], PublishedRevision],
) -> list[tuple[PublishedRevision, PublishedRevision]]:
    """The published revisions whose release is unchanged in `built` but whose body renders
    differently (or is not digested: nothing would check it), as (published, built)."""
    found = []
    for key, old in sorted(published.items()):
        new = built.get(key)
        if old.rendered is None or new is None or new.rendered == old.rendered:
            continue
        if (old.sha256, old.blob, old.tag, old.commit) == (
            new.sha256,
            new.blob,
            new.tag,
            new.commit,
        ):
            found.append((old, new))
    return found


def _rerender_problem(old: PublishedRevision, new: PublishedRevision) -> str:
    assert old.rendered is not None
    if new.rendered is None:
        return (
            f"{old.where}: error: the new build does not say what this published revision "
            "renders to (no rendered_sha256); build the whole site (shards: assemble them with "
            "their revisions.json)"
        )
    return (
        f"{old.where}: error: the published text renders differently now (rendered_sha256 "
        f"{old.rendered[:12]} is now {new.rendered[:12]}) though its release is unchanged: a "
        "setting (a Markdown extension in mkdocs.yml, a hook) or a Redline upgrade re-rendered "
        "the archive; undo that change, or, if readers are meant to get the new rendering, "
        'accept it: redline verify --accept-rerender "<what changed and why>"'
    )


def run_verify(
    against: str,
    built: Path,
    out: IO[str],
    *,
    deadline: float = reading.DEADLINE,
    max_bytes: int = reading.MAX_BYTES,
    accept_rerender: str | None = None,
) -> int:
    """Compare `built` with the published index at `against` (a path or an http(s) URL); the
    comparison goes to `out`. An http(s) index is fetched within `deadline` seconds, and no
    index may be larger than `max_bytes`.

    A published revision that renders differently with the same release fails unless
    `accept_rerender` gives the reason: the re-rendering is then recorded in `built`'s
    `rerendered` list, which also carries on the published index's records.

    Exit status: 0 when every published revision is unchanged (or nothing is published yet:
    the URL answers 404), 1 when one changed or disappeared. VerifyError: an index cannot be
    read or fetched.
    """
    if accept_rerender is not None and not accept_rerender.strip():
        raise UsageError("--accept-rerender needs a reason: what changed and why")
    built_text = _read(
        built, "build the site first (mkdocs build) or name the file with --built", max_bytes
    )
    new = parse_index(built_text, str(built))
    if against.startswith(("http://", "https://")):
        text = fetch(against, deadline=deadline, max_bytes=max_bytes)
        if text is None:
            out.write(
                f"redline verify: {against} answered 404: nothing is published yet (first "
                "publication), nothing to compare\n"
            )
            return 0
    else:
        text = _read(Path(against), "name the published revisions.json or its URL", max_bytes)
    old = parse_index(text, against)
    records = _records(text, against)
    problems = compare(old, new, generated_as_of(text))
    changed = rerendered(old, new)
    unrendered = [pair for pair in changed if pair[1].rendered is None]
    if accept_rerender is None or unrendered:
        problems += [_rerender_problem(*pair) for pair in (unrendered or changed)]
    for line in problems:
        out.write(shown(line) + "\n")
    added = len(new.keys() - old.keys())
    if problems:
        out.write(
            f"redline verify: {len(problems)} of {len(old)} published revision(s) changed or "
            f"missing in {built}; the published history only grows: do not deploy this build\n"
        )
        return 1
    accepted = ""
    if changed and accept_rerender is not None:
        records.append(_record(changed, accept_rerender, built_text))
        names = ", ".join(old.where for old, _ in changed)
        accepted = f"; {len(changed)} re-rendered, accepted and recorded ({shown(names)})"
    elif accept_rerender is not None:
        out.write("redline verify: nothing renders differently; --accept-rerender not recorded\n")
    if records:
        _write_records(built, built_text, records)
    out.write(
        f"redline verify: all {len(old)} published revision(s) of {against} are unchanged in "
        f"{built}; {added} new{accepted}\n"
    )
    return 0


def _records(text: str, source: str) -> list[Any]:
    """The published index's `rerendered` list (parse_index read it first: it is JSON)."""
    found = json.loads(text).get("rerendered", [])
    if not isinstance(found, list):
        raise VerifyError(
            f"{source}: 'rerendered' is not a list; is this Redline's revisions.json?"
        )
    return found


def _record(
    changed: list[tuple[PublishedRevision, PublishedRevision]], reason: str, built_text: str
) -> dict[str, Any]:
    # Dated as the build is (its as-of date, not the clock): the same build records the same.
    day = json.loads(built_text).get("generated_as_of")
    return {
        "date": day if isinstance(day, str) else None,
        "reason": reason.strip(),
        "revisions": [
            {
                "document": old.document,
                "locale": old.locale,
                "date": old.date,
                "rendered_sha256_before": old.rendered,
                "rendered_sha256": new.rendered,
            }
            for old, new in changed
        ],
    }


def _write_records(built: Path, built_text: str, records: list[Any]) -> None:
    """Write `records` as the built index's `rerendered` list (replacing what a previous run
    wrote: verifying the same build twice records once), formatted as the build writes it."""
    data = json.loads(built_text)
    data["rerendered"] = records
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    try:
        built.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise VerifyError(f"{built}: cannot write the re-rendering record: {exc}") from None


def add_commands(commands: Commands) -> None:
    """`redline verify --against FILE|URL [--built FILE] [--timeout SECONDS] [--max-bytes N]
    [--accept-rerender REASON]`."""
    command = commands.add_parser(
        "verify",
        help="check that a new build keeps every published revision unchanged",
        description="Compare a new build's revisions.json with the published one. Exit status: "
        "0 every published revision is unchanged (or nothing is published yet: the URL answers "
        "404); 1 a published revision changed, is missing or renders differently (unless "
        "accepted with --accept-rerender), or an index cannot be read or fetched; 2 wrong "
        "arguments.",
    )
    command.add_argument(
        "--site",
        metavar="FOLDER|URL",
        help="instead: check a published or downloaded site against its SHA256SUMS, and its "
        "revisions.json against the release tags of --repo",
    )
    command.add_argument(
        "--repo",
        default=".",
        metavar="FOLDER",
        help="with --site: the git repository whose tags were published (default: .)",
    )
    command.add_argument(
        "--against",
        metavar="FILE|URL",
        help="the published revisions.json: a file, or an http(s) URL such as "
        "https://example.org/revisions.json",
    )
    command.add_argument(
        "--built",
        default="site/revisions.json",
        metavar="FILE",
        help="the new build's revisions.json (default: site/revisions.json); verify writes the "
        "re-rendering records into it (--accept-rerender)",
    )
    command.add_argument(
        "--timeout",
        type=_positive(float),
        default=reading.DEADLINE,
        metavar="SECONDS",
        help=f"the most an http(s) fetch may take in all, retries included (default: "
        f"{reading.DEADLINE:g}); a timeout or an HTTP 5xx answer is tried again "
        f"{reading.RETRIES} times while time is left",
    )
    command.add_argument(
        "--max-bytes",
        type=_positive(int),
        default=reading.MAX_BYTES,
        metavar="N",
        help=f"the largest index read, from a file or a URL (default: {reading.MAX_BYTES}, 16 MB)",
    )
    command.add_argument(
        "--accept-rerender",
        metavar="REASON",
        help="accept that published revisions render differently with unchanged releases "
        "(a Markdown extension added to mkdocs.yml, a hook, a Redline upgrade), for this "
        "reason; the revisions, the date and the reason are recorded in the built "
        "revisions.json's 'rerendered' list",
    )
    command.set_defaults(run=_run)


def _positive(kind: type[float] | type[int]) -> Any:
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value > 0 or value == float("inf"):
            raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
        return value

    return parse


def _run(args: argparse.Namespace) -> int:
    if (args.site is None) == (args.against is None):
        raise UsageError("give --against (a new build) or --site (a published site), not both")
    if args.site is not None:
        return sitecheck.verify_site(
            args.site,
            Path(args.repo),
            sys.stdout,
            deadline=args.timeout,
            max_bytes=args.max_bytes,
        )
    return run_verify(
        args.against,
        Path(args.built),
        sys.stdout,
        deadline=args.timeout,
        max_bytes=args.max_bytes,
        accept_rerender=args.accept_rerender,
    )
