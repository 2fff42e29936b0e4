"""The plugin's settings, one source for the site's builds and the commands (imports MkDocs).

`mkdocs.yml` is read by MkDocs' own loader into the plugin's typed config (`config.py`), so
`!ENV`, defaults and validation are the same for `mkdocs build`, `mkdocs serve` and every
`redline` command; this module turns it into what the core takes: the `Sources` of the history
(the policy folder is the plugin's `policy_dir`, in the git repository that contains it), the
dates and the cache. The engine's `docs_dir` is another folder, which never holds policy text:
an engine that ignores the plugin publishes no policy (docs/ARCHITECTURE.md, engines).
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.config_options import Deprecated
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from redline import resources
from redline.build.cache import Cache, digest, versions
from redline.build.state import BuildState, open_build
from redline.errors import RedlineError
from redline.model import dates
from redline.model.history import HistoryError
from redline.model.repository import Sources, open_repo
from redline.site.compare import Compare

from . import engines, languages, theme, yamlvalues
from .config import RedlineConfig, suggestion

#: The plugin's name under `plugins:` in `mkdocs.yml` (its entry point).
PLUGIN = "redline"


class SettingsError(RedlineError):
    """A setting is wrong; the message names it and says how to fix it."""


def load(
    config_file: str | Path, *, known_only: bool = False, **overrides: Any
) -> tuple[MkDocsConfig, RedlineConfig]:
    """`config_file` loaded by MkDocs (its `!ENV`, defaults, validation), and the plugin's settings;
    `overrides` as MkDocs' command line gives them (`site_dir`). With `known_only`, a setting of
    the plugin that it does not have (`timezon:`) is refused, where MkDocs only warns.

    The plugins are created but not run: no build starts. SettingsError says what is wrong.
    """
    if not os.path.lexists(config_file):
        raise SettingsError(
            "no such file; run the command in the policy repository's folder, or name its "
            "configuration with -f/--config-file"
        )
    errors = _Errors()
    # The engine's own logger: `properdocs` under ProperDocs (its `mkdocs` is an alias).
    logger = logging.getLogger(load_config.__module__.partition(".")[0])
    logger.addHandler(errors)
    try:
        config = load_config(config_file=str(config_file), **overrides)
    except MkDocsException as exc:
        raise SettingsError("; ".join(errors.messages) or exc.format_message()) from None
    except OSError as exc:  # a folder, say: MkDocs opens it as a file
        raise SettingsError(f"cannot read it ({exc.strerror or exc})") from None
    except ValueError as exc:  # PyYAML's date that is none (`2024-13-45`, also through !ENV)
        found = yamlvalues.bad_date(config_file)
        raise SettingsError(found or f"a value YAML cannot read: {exc}") from None
    finally:
        logger.removeHandler(errors)
    unknown = [u for w in errors.warnings if (u := _unknown_setting(w, config_file))]
    if known_only and unknown:
        raise SettingsError("; ".join(unknown))
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SettingsError(f"the {PLUGIN} plugin is not in its plugins; add '- {PLUGIN}:'")
    options = plugin.config
    assert isinstance(options, RedlineConfig)
    return config, options


class _Errors(logging.Handler):
    """The errors MkDocs logs while it loads a configuration (it raises only 'Aborted'), and its
    warnings, which name the settings it does not know."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = self.messages if record.levelno >= logging.ERROR else self.warnings
        found.append(record.getMessage())


# MkDocs' warning for a plugin option it does not know: "Config value 'plugins': Plugin
# 'redline' option 'timezon': Unrecognised configuration name: timezon".
_UNRECOGNISED = re.compile(
    rf"Plugin '{PLUGIN}' option '[^']*': Unrecognised configuration name: (\S+)"
)


def _unknown_setting(warning: str, config_file: str | Path) -> str | None:
    """The refusal of a plugin setting that MkDocs warned it does not know, or None: MkDocs
    ignores such a setting, so a misspelled `timezon:` would silently build in UTC."""
    found = _UNRECOGNISED.search(warning)
    if found is None:
        return None
    name = found.group(1)
    hint = suggestion(name, settings_known())
    line = _line_of(config_file, name)
    at = f" on line {line}" if line else ""
    return f"plugins.{PLUGIN}: unknown setting '{name}'{at} ({hint}); MkDocs would ignore it"


def settings_known() -> list[str]:
    """The plugin's settings (not those removed, which only explain the move)."""
    return [key for key, option in RedlineConfig._schema if not isinstance(option, Deprecated)]


def unknown_hint(warning: str) -> str:
    """MkDocs' warning for a plugin setting it does not know, with the setting it may have
    meant: `Unrecognised configuration name: timezon (did you mean 'timezone'?)`."""
    prefix = "Unrecognised configuration name: "
    if not warning.startswith(prefix):
        return warning
    return f"{warning} ({suggestion(warning.removeprefix(prefix), settings_known())})"


def _line_of(config_file: str | Path, key: str) -> int | None:
    """The first line of `config_file` that sets `key` (the file was just read), or None."""
    try:
        text = Path(config_file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    setting = re.compile(rf"^[ \t-]*['\"]?{re.escape(key)}['\"]?[ \t]*:", re.M)
    found = setting.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def read(config_file: str | Path) -> tuple[RedlineConfig, Sources, datetime.date]:
    """For a command: the plugin's settings in `config_file`, the sources they name, and today
    in the site's time zone; SettingsError or HistoryError say what is wrong."""
    config, options = load(config_file, known_only=True)
    return options, sources(config, options), today(options)


def plugin_options(config: MutableMapping[str, Any]) -> dict[str, Any]:
    """The plugin's settings in `config`, a `mkdocs.yml` read as plain YAML, to read or change.

    `plugins` may be a list (of names, or of one-key mappings) or a mapping; an entry without
    settings gets an empty mapping, stored in `config`. KeyError if the plugin is not listed.
    """
    plugins = config.get("plugins")
    if isinstance(plugins, MutableMapping) and PLUGIN in plugins:
        return _mapping(plugins, PLUGIN)
    entries: list[Any] = plugins if isinstance(plugins, list) else []
    for index, entry in enumerate(entries):
        if entry == PLUGIN:
            entry = entries[index] = {PLUGIN: {}}
        if isinstance(entry, MutableMapping) and PLUGIN in entry:
            return _mapping(entry, PLUGIN)
    raise KeyError(f"no '{PLUGIN}' entry under plugins")


def _mapping(holder: MutableMapping[str, Any], key: str) -> dict[str, Any]:
    value = holder[key]
    if not isinstance(value, dict):
        value = holder[key] = {}  # `- redline:` with nothing after it is None
    return value


def config_dir(config: MkDocsConfig) -> Path:
    """The folder of `mkdocs.yml`, which relative settings are relative to."""
    return Path(config.config_file_path or ".").resolve().parent


def policy_folder(config: MkDocsConfig, options: RedlineConfig) -> Path:
    """The policy folder, `policy_dir` relative to `mkdocs.yml`, as written (not resolved)."""
    base = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    return Path(os.path.abspath(os.path.join(base, options.policy_dir)))


def sources(config: MkDocsConfig, options: RedlineConfig) -> Sources:
    """Where the history is read from: the policy folder is `policy_dir`, and the repository the
    git repository that contains it; `<policy_dir>/<locale>/<doc>.md` at each release tag."""
    docs = policy_folder(config, options)  # as written: a link in it must stay visible
    _apart_from_docs_dir(docs, Path(config.docs_dir))
    try:
        repo = open_repo(docs)
    except HistoryError:
        raise SettingsError(
            f"policy_dir: {docs} is not in a git repository; the policies are read from the "
            "release tags of the repository that contains policy_dir (run 'git init' there)"
        ) from None
    top = _top(docs, repo.working_tree_dir)
    if top is None:
        raise SettingsError(f"policy_dir: {docs} is not a folder of a git working tree")
    if top == docs:
        raise SettingsError(
            f"policy_dir: {docs} is the top of its git repository; put the policies in a folder "
            "of the repository (policy/<locale>/<document>.md) and set policy_dir: policy"
        )
    # The extensions the site renders policy text with: mkdocs.yml's, and those it adds.
    names = tuple(str(name) for name in config.markdown_extensions)
    return Sources(
        repo=top,
        policy_dir=docs.relative_to(top).as_posix(),
        tag_prefix=options.tag_prefix,
        locales=tuple(options.locales),
        require_signed=options.require_signed_tags,
        markdown_extensions=(*names, *theme.missing_markdown(names)),
        markdown_configs=dict(config.mdx_configs),
    )


def _apart_from_docs_dir(policy: Path, docs_dir: Path) -> None:
    """Refuse a `docs_dir` that is, holds or lies in the policy folder: an engine that does not
    run Redline would publish the working tree's text as if it were in force."""
    policy, docs = policy.resolve(), docs_dir.resolve()
    if policy == docs or policy.is_relative_to(docs) or docs.is_relative_to(policy):
        raise SettingsError(
            f"docs_dir: {docs_dir} is, holds or lies in the policy folder {policy}; an engine "
            "that does not run Redline would publish it as it is. Give docs_dir a folder of its "
            "own (docs_dir: redline-required, as 'redline new' writes it) and policy_dir: policy"
        )


def _top(docs: Path, working_tree: str | os.PathLike[str] | None) -> Path | None:
    """The ancestor of `docs`, as written, that is the working tree's top (None if none is)."""
    if working_tree is None:
        return None
    for folder in (docs, *docs.parents):
        if os.path.exists(folder) and os.path.samefile(folder, working_tree):
            return folder
    return None


def as_of(options: RedlineConfig, environ: Mapping[str, str]) -> datetime.date:
    """The build's as-of date: `as_of`, else SOURCE_DATE_EPOCH, else today in the time zone."""
    try:
        return dates.as_of_date(options.as_of, options.timezone, environ)
    except ValueError as exc:
        raise SettingsError(f"plugins.{PLUGIN}: {exc}") from None


def drafts(options: RedlineConfig, environ: Mapping[str, str], *, serving: bool = False) -> bool:
    """Whether a build shows the working tree as a draft: under `mkdocs serve` (`serving`), with
    `drafts: true`, or with REDLINE_DRAFTS=1; never with REDLINE_DRAFTS=0, which wins over them
    (the publishing workflows set it: a published site has no drafts, whatever `mkdocs.yml`
    says). Decided here only: a shard's manifest (`cli/matrix.py`) must say what its build did,
    and every build reads it here too."""
    if environ.get("REDLINE_DRAFTS") == "0":
        return False
    return serving or options.drafts or environ.get("REDLINE_DRAFTS") == "1"


def compare(options: RedlineConfig) -> Compare:
    """The redlines the site makes (`compare_all_max`), for everything that plans its pages:
    made here from the typed config, whose default is the setting's only one."""
    return Compare(options.compare_all_max)


def today(options: RedlineConfig) -> datetime.date:
    """Today in the site's time zone, by the clock."""
    try:
        return dates.today(options.timezone)
    except ValueError as exc:
        raise SettingsError(f"plugins.{PLUGIN}: {exc}") from None


def start_build(
    config: MkDocsConfig, options: RedlineConfig, *, serving: bool, log: logging.Logger
) -> BuildState:
    """Read the history for a new build of the site `config` describes.

    Drafts are shown by `mkdocs serve` (`serving`) and as `drafts` says.
    SettingsError and HistoryError say what is wrong.
    """
    found = sources(config, options)
    cache_dir = (config_dir(config) / options.cache_dir) if options.cache_dir else None
    if cache_dir is not None:
        _check_cache_dir(cache_dir, found.repo)
    salt = digest(versions(), engines.running(), config.markdown_extensions, config.mdx_configs)
    locales_dir = (
        config_dir(config) / options.locales_dir if options.locales_dir else resources.locales_dir()
    )
    languages.warn_missing_catalogs(options.locales, locales_dir, log)
    return open_build(
        found,
        as_of=as_of(options, os.environ),
        today=today(options),
        drafts=drafts(options, os.environ, serving=serving),
        recent_days=options.recent_days,
        locale_names={lc: locale.name or lc for lc, locale in options.locales.items()},
        site_names={
            lc: locale.site_name or config.site_name for lc, locale in options.locales.items()
        },
        locales_dir=locales_dir,
        cache=Cache(cache_dir, salt),
        log=log,
        compare=compare(options),
        reuse_pages=options.reuse_pages,
        subscribe_url=options.subscribe_url,
    )


def _check_cache_dir(cache_dir: Path, repo: Path) -> None:
    """Refuse a cache folder inside the repository that is a symbolic link (a build would write
    where it points) or that git tracks (a commit would plant entries for every build)."""
    folder = Path(os.path.abspath(cache_dir))
    if not folder.is_relative_to(repo):
        return
    for part in (folder, *folder.parents):
        if part == repo:
            break
        if part.is_symlink():
            raise SettingsError(
                f"cache_dir: {part.relative_to(repo)} is a symbolic link; the cache must be a "
                "plain folder (remove the link from the repository, or set cache_dir elsewhere)"
            )
    tracked = open_repo(repo).git.ls_files("--", str(folder.relative_to(repo)))
    if tracked:
        raise SettingsError(
            f"cache_dir: git tracks files in {folder.relative_to(repo)} (such as "
            f"{tracked.splitlines()[0]}); the cache is local to each machine: remove it from the "
            f"repository (git rm -r --cached {folder.relative_to(repo)}) and ignore it"
        )
