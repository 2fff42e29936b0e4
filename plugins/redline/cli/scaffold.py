"""`redline new DIR`: a policy repository that checks, previews and publishes as it is.

The files come from the package's `starter/` folder, rendered with Jinja (delimiters `[[ ]]`,
as GitHub's workflow syntax uses `${{ }}`). Redline's own repository uses the same
`mkdocs.yml` and publishing workflow, rendered for its site (a test keeps them equal). The new
repository carries the running Redline's wheel in `vendor/` (`wheel`), which `requirements.txt`
installs by path: `redline upgrade` replaces it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import zoneinfo
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jinja2
import yaml
from babel import Locale, UnknownLocaleError

from redline import resources
from redline.errors import RedlineError, UsageError
from redline.plugin.config import own_name

from . import wheel
from .args import Commands

#: The page in `docs_dir` (never the policy folder, `policy_dir`): what an engine publishes that
#: does not run Redline.
REQUIRED_PAGE = "redline-required/index.md"

#: starter file -> where it goes in the new repository
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    # docs_dir: the only page an engine that ignores Redline publishes (no policy text)
    REQUIRED_PAGE: REQUIRED_PAGE,
    "publish.yml": ".github/workflows/publish.yml",
    "publish-matrix.yml": ".github/workflows/publish-matrix.yml",
    "dependabot.yml": ".github/dependabot.yml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
}

#: The starter policy, written in these languages (`starter/policy/<locale>/`).
POLICY = "privacy-policy.md"
STARTER_LOCALES = ("en", "th")


class ScaffoldError(RedlineError):
    """The repository cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Site:
    """What the starter files are rendered with."""

    site_name: str = "Policies"
    site_name_th: str = "นโยบาย"
    timezone: str = "Asia/Bangkok"
    #: The workflow checks the wheel in `vendor/` (false for Redline's own repository, which
    #: installs its checkout).
    vendored: bool = True
    #: The site's locales, the authoritative one first (`--locales`).
    locales: tuple[str, ...] = STARTER_LOCALES

    def locale_entries(self) -> list[dict[str, str]]:
        """Each locale as `mkdocs.yml` lists it: its code, its own name (babel's), the site's
        name in it (the Thai one in Thai, else `site_name`)."""
        return [
            {
                "code": code,
                "name": own_name(Locale.parse(code)),
                "site_name": self.site_name_th if code == "th" else self.site_name,
            }
            for code in self.locales
        ]

    @property
    def cron(self) -> str:
        """The daily rebuild, five minutes after midnight in the site's time zone, in UTC
        (standard time: GitHub's schedules know no time zones)."""
        try:
            zone = zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ScaffoldError(
                f"unknown time zone '{self.timezone}'; use a name such as Asia/Bangkok or UTC"
            ) from None
        local = datetime.datetime(2024, 1, 1, 0, 5, tzinfo=zone)
        utc = local.astimezone(datetime.UTC)
        return f"{utc.minute} {utc.hour} * * *"


def redline_version() -> str:
    """The installed Redline's version (`redline --version`)."""
    try:
        return version("redline")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without metadata
        return "0+unknown"


#: The vendored wheel's checksum file, which the workflow checks (`sha256sum --check`).
SUMS = "vendor/SHA256SUMS"


def starter_policy(code: str, site: Site) -> str:
    """The starter policy `redline new` writes in `code` (the English one for a language it has
    no starter text in)."""
    starter = code if code in STARTER_LOCALES else "en"
    return render(f"policy/{starter}/{POLICY}", site)


def render(name: str, site: Site, vendored_wheel: str = "", wheel_sha256: str = "") -> str:
    """The starter file `name` for `site`; `requirements.txt` also needs the vendored wheel's
    name and SHA-256."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resources.starter_dir()),
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, Markdown and text, not HTML
    )
    # A YAML string that stays one, whatever it holds (JSON strings are YAML).
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["plain"] = _plain
    first, *others = site.locales
    return env.get_template(name).render(
        locales=site.locale_entries(),
        languages=_languages(site.locales),
        translations=(
            ", then its translation"
            + ("s " if len(others) > 1 else " ")
            + ", ".join(f"`policy/{lc}/<document>.md`" for lc in others)
            if others
            else ""
        ),
        site_name=site.site_name,
        site_name_th=site.site_name_th,
        timezone=site.timezone,
        cron=site.cron,
        version=redline_version(),
        vendored=site.vendored,
        wheel=vendored_wheel,
        wheel_sha256=wheel_sha256,
        sums=SUMS,
    )


def _languages(codes: tuple[str, ...]) -> str:
    """`English (`policy/en/`, authoritative) and Thai (`policy/th/`)`: the README's words."""
    parts = [
        f"{Locale.parse(code).get_display_name('en')} (`policy/{code}/`"
        + (", authoritative)" if i == 0 else ")")
        for i, code in enumerate(codes)
    ]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _plain(value: str) -> str:
    """`value` as a YAML string in a flow mapping: plain where YAML reads it back as it is."""
    try:
        plain = re.fullmatch(r"[^\s,:{}\[\]#&*!|>'\"%@`]+(?: [^\s,:{}\[\]#]+)*", value)
        if plain and yaml.safe_load(value) == value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def parse_locales(text: str) -> tuple[str, ...]:
    """`--locales en,th,ja`: each a language babel knows, each once, the first authoritative;
    UsageError otherwise."""
    codes = tuple(code.strip() for code in text.split(",") if code.strip())
    if not codes or len(set(codes)) != len(codes):
        raise UsageError(
            f"--locales {text}: give language codes separated by commas, each once, the "
            "authoritative one first (en,th,ja)"
        )
    for code in codes:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            raise UsageError(
                f"--locales: unknown language '{code}' (use a code such as en, th or ja)"
            ) from None
    return codes


def create(target: Path, site: Site, *, git: bool = True, inside_repo: bool = False) -> list[str]:
    """Write a new policy repository into `target` (absent or empty); returns what was done,
    one line each, for the user. Refuses a `target` inside a git repository unless `inside_repo`
    (then the files are written and that repository is left alone: no git init). Runs
    `git init` unless `git` is false."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(
            f"{target}: {'not empty' if target.is_dir() else 'exists and is not a folder'}; "
            "give a new or empty folder"
        )
    enclosing = _work_tree(target)
    if enclosing is not None and not inside_repo:
        # Run as a quick start from Redline's checkout, this would commit and tag the policies
        # (and the checkout's build output) into Redline's own repository.
        raise ScaffoldError(
            f"{target} is inside the git repository {enclosing}; give a folder outside it, or "
            "--inside-repo to write the files there anyway (no git init: its history, tags and "
            "workflows are then that repository's)"
        )
    vendor = target / "vendor"
    _ = site.cron  # an unknown time zone refuses before anything is written
    target.mkdir(parents=True, exist_ok=True)
    made = wheel.write_wheel(vendor)
    rendered = {
        dest: render(name, site, made.name, wheel.sha256(made)) for name, dest in FILES.items()
    }
    notes = []
    for code in site.locales:
        # A language without a starter text: the authoritative one gets the English text to
        # replace, a translation none (its readers get the authoritative text until then).
        starter = code if code in STARTER_LOCALES else "en"
        if code == starter or code == site.locales[0]:
            dest = f"policy/{code}/{POLICY}"
            rendered[dest] = starter_policy(code, site)
            if code != starter:
                notes.append(f"{dest}: the English starter text: write it in {code}")
        else:  # the folder must exist (`redline check`); git keeps no empty folder
            rendered[f"policy/{code}/.gitkeep"] = ""
            notes.append(f"policy/{code}/: no starter text in {code}; add its translations there")
    for dest, text in rendered.items():
        path = target / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (target / SUMS).write_text(f"{wheel.sha256(made)}  vendor/{made.name}\n", encoding="utf-8")
    done = [f"wrote {dest}" for dest in rendered] + notes
    done += [f"wrote vendor/{made.name} (this Redline) and {SUMS}"]
    if not git:
        return done
    if enclosing is not None:
        return [*done, f"not running git init: {target} is inside the git repository {enclosing}"]
    try:
        subprocess.run(
            ["git", "init", "--quiet", "--initial-branch=main", str(target)],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        reason = getattr(exc, "stderr", None) or str(exc)
        return [*done, f"git init failed ({reason.strip()}); run git init in {target} yourself"]
    return [*done, "git init: a new repository on branch main (nothing committed yet)"]


def _work_tree(path: Path) -> str | None:
    """The top of the git work tree that `path` would be in, or None."""
    existing = path
    while not existing.exists():
        existing = existing.parent
    try:
        found = subprocess.run(
            ["git", "-C", str(existing), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git: nothing to leave alone, and git init will say it failed
        return None
    return found.stdout.strip() or None if found.returncode == 0 else None


def add_commands(commands: Commands) -> None:
    """`redline new DIR [--site-name NAME] [--site-name-th NAME] [--timezone ZONE] [--no-git]
    [--inside-repo]` and `redline upgrade [DIR]`."""
    command = commands.add_parser(
        "new",
        help="create a policy repository (configuration, starter policies, workflow)",
        description="Create a policy repository in DIR: mkdocs.yml, starter policies in English "
        "and Thai, the publishing workflow, a README for the legal editors, .gitignore and "
        "requirements.txt installing this Redline, whose wheel is written into vendor/; then git "
        "init. DIR must be new or empty, and outside any git repository (or --inside-repo).",
        epilog="exit status: 0 created; 1 refused (DIR not empty or inside a git repository, an "
        "unknown time zone), "
        "nothing written; 2 wrong arguments",
    )
    command.add_argument("dir", metavar="DIR", help="the new repository's folder")
    command.add_argument(
        "--site-name", default=Site.site_name, help="the site's name (default: %(default)s)"
    )
    command.add_argument(
        "--site-name-th",
        default=Site.site_name_th,
        help="the site's name in Thai (default: %(default)s)",
    )
    command.add_argument(
        "--timezone",
        default=Site.timezone,
        help="the site's time zone: what is in force is decided by today's date there "
        "(default: %(default)s)",
    )
    command.add_argument(
        "--locales",
        default=",".join(STARTER_LOCALES),
        metavar="LIST",
        help="the site's languages, separated by commas, the authoritative one first "
        "(default: %(default)s)",
    )
    command.add_argument("--no-git", action="store_true", help="do not run git init in DIR")
    command.add_argument(
        "--inside-repo",
        action="store_true",
        help="allow DIR inside an existing git repository: the files are written, git init is "
        "not run, and releases become tags of that repository, published by its workflows",
    )
    command.set_defaults(run=_run)
    upgrade_command = commands.add_parser(
        "upgrade",
        help="put this Redline into a policy repository (vendor/ and requirements.txt)",
        description="Replace the Redline wheel in DIR/vendor/ with this Redline's, and update "
        "requirements.txt and vendor/SHA256SUMS to it. Then preview, commit and push.",
        epilog="exit status: 0 done; 1 refused (no requirements.txt installing Redline)",
    )
    upgrade_command.add_argument(
        "dir", metavar="DIR", nargs="?", default=".", help="the policy repository (default: .)"
    )
    upgrade_command.set_defaults(run=_run_upgrade)


#: The line of requirements.txt that installs Redline: the vendored wheel, or (in repositories
#: made before Redline vendored itself) a version from an index.
_PIN = re.compile(r"^(?:\./vendor/redline-\S+\.whl|redline\s*==\s*\S+)(?:\s+#.*)?$", re.M)


def upgrade(repo: Path) -> list[str]:
    """Put the running Redline's wheel into `repo`'s `vendor/` in place of the old one, and pin
    it in `requirements.txt` and the checksum file; returns what was done, one line each."""
    requirements = repo / "requirements.txt"
    try:
        text = requirements.read_text(encoding="utf-8")
    except OSError:
        text = ""
    if len(_PIN.findall(text)) != 1:
        raise ScaffoldError(
            f"{requirements}: no line installing Redline (./vendor/redline-….whl or "
            "redline==…); is this a repository made by redline new?"
        )
    vendor = repo / "vendor"
    old = sorted(vendor.glob("redline-*.whl")) if vendor.is_dir() else []
    made = wheel.write_wheel(vendor)
    digest = wheel.sha256(made)
    for path in old:
        if path != made:
            path.unlink()
    pin = f"./vendor/{made.name}  # sha256 {digest}"
    requirements.write_text(_PIN.sub(lambda _: pin, text), encoding="utf-8")
    (repo / SUMS).write_text(f"{digest}  vendor/{made.name}\n", encoding="utf-8")
    removed = [f"removed vendor/{path.name}" for path in old if path != made]
    return [*removed, f"wrote vendor/{made.name}, requirements.txt and {SUMS}"]


def _run_upgrade(args: argparse.Namespace) -> int:
    for line in upgrade(Path(args.dir)):
        print(f"redline upgrade: {line}")
    print(
        "redline upgrade: next: pip install -r requirements.txt; mkdocs serve (a preview); "
        "redline check; commit vendor/ and requirements.txt"
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    site = Site(
        args.site_name, args.site_name_th, args.timezone, locales=parse_locales(args.locales)
    )
    done = create(target, site, git=not args.no_git, inside_repo=args.inside_repo)
    for line in done:
        print(f"redline new: {line}")
    print(
        f"redline new: next: cd {target}; pip install -r requirements.txt; mkdocs serve "
        "(a preview); redline check; commit; redline release YYYY-MM-DD -m 'First "
        "publication'; push the tag (README.md says more)"
    )
    return 0
