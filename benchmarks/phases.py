"""The time split by phase: timers wrapped around the functions that do the work, in a build run
in this process (`phase_child`, started by measure.measure_phases in a child process)."""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Phase -> functions, by the dotted name their callers look them up by: public functions only, so
# that a change inside the plugin does not silently stop a timer (tests/test_benchmarks.py checks
# that every name exists). Time is exclusive: a phase called inside another (Markdown inside a
# diff, segmentation inside the search index) counts for the inner phase only, labelled with the
# outer one.
PHASES: dict[str, list[str]] = {
    "git reads": ["redline.model.repository.read_history", "redline.model.drafts.with_drafts"],
    "diffs": ["redline.diff.redline", "redline.build.redlines.redline_of"],
    "cache (disk)": ["redline.build.cache.Cache.get", "redline.build.cache.Cache.put"],
    "Markdown": ["markdown.core.Markdown.convert"],
    # The segmenter itself; the plugin looks it up here at each call.
    "Thai segmentation": ["pythainlp.tokenize.word_tokenize"],
    "sanitize (nh3)": ["redline.text.sanitize.sanitize"],
    "search index": [
        "material.plugins.search.plugin.SearchPlugin.on_page_context",
        "material.plugins.search.plugin.SearchPlugin.on_post_build",
        "redline.build.search.segment_index_file",
        "redline.build.search.segment_search_index",
    ],
    "templates (Jinja)": ["jinja2.environment.Template.render"],
    # The plugin's helpers called from templates (`rl.*`): history look-ups, links, dates.
    "template helpers (rl.*)": ["redline.build.pageview.PageView.*"],
    "site plan, sitemap, feeds": [
        "redline.site.pages.plan", "redline.site.sitemaps.write_sitemaps",
        "redline.site.notices.atom_feed", "redline.site.notices.revisions_index",
    ],
    # Front matter read by MkDocs, and written by the plugin for its generated pages.
    "YAML front matter": ["mkdocs.utils.meta.get_data", "yaml.safe_dump"],
}  # fmt: skip
TOKENIZER = "pythainlp.tokenize.word_tokenize"
# MkDocs' build: the outer build runs one nested build per locale, into `<site>/<locale>/`.
BUILD = "mkdocs.commands.build.build"
# Labels of an inner phase by the outer phase it ran in.
CONTEXT = {
    ("Markdown", "diffs"): "Markdown (diff inputs)",
    ("Markdown", ""): "Markdown (pages)",
    ("Thai segmentation", "diffs"): "Thai segmentation (diffs)",
    ("Thai segmentation", "search index"): "Thai segmentation (search index)",
    ("sanitize (nh3)", "diffs"): "sanitize (nh3, in diffs)",
}


class PhaseTimer:
    """Exclusive wall time per phase label and per locale build, from wrapped functions.

    A call nested in a call of the same phase is not timed again; `calls` counts the outermost.
    """

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []  # [phase, started, time in nested phases]
        self.seconds: dict[tuple[str, str], float] = {}
        self.functions: dict[str, list[float]] = {}  # function -> [exclusive seconds, calls]
        self.calls: dict[tuple[str, str], int] = {}
        self.locale = "outer"
        self.markdown: dict[str, list[str]] = {}  # locale/label -> digests of converted texts
        self.diffs: dict[str, list[str]] = {}  # locale -> digests of diffed pairs
        self.building = False  # inside the outer build
        self.missing: list[str] = []

    def label(self, phase: str) -> str:
        """The phase, qualified by the nearest other phase it runs in (see CONTEXT)."""
        outer = next((p for p, *_ in reversed(self.stack) if p != phase), "")
        return CONTEXT.get((phase, outer)) or CONTEXT.get((phase, "")) or phase

    def wrap(self, phase: str, func: Callable[..., Any], name: str) -> Callable[..., Any]:
        timer = self

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            stack = timer.stack
            if name == "redline.diff.redline" and len(args) > 1:
                timer.diffs.setdefault(timer.locale, []).append(_digest(args[0] + "\0" + args[1]))
            if stack and stack[-1][0] == phase:
                # Nested in the same phase (a helper calling a helper): already timed; timing it
                # again would only add the timer's own overhead.
                return func(*args, **kwargs)
            label = timer.label(phase)
            if name == "markdown.core.Markdown.convert" and len(args) > 1:
                key = f"{timer.locale}/{label}"
                timer.markdown.setdefault(key, []).append(_digest(args[1]))
            frame = [phase, time.perf_counter(), 0.0]
            stack.append(frame)
            try:
                return func(*args, **kwargs)
            finally:
                stack.pop()
                elapsed = time.perf_counter() - frame[1]
                key = (timer.locale, label)
                timer.seconds[key] = timer.seconds.get(key, 0.0) + elapsed - frame[2]
                timer.calls[key] = timer.calls.get(key, 0) + 1
                own = timer.functions.setdefault(name, [0.0, 0])
                own[0] += elapsed - frame[2]
                own[1] += 1
                if stack:
                    stack[-1][2] += elapsed

        timed.__wrapped_by_bench__ = True  # type: ignore[attr-defined]
        return timed

    def install(self) -> None:
        import redline.plugin.hooks  # noqa: F401  (loads every redline module)

        for phase, names in PHASES.items():
            for name in names:
                found = [
                    self._patch(each, lambda f, p=phase, n=each: self.wrap(p, f, n))
                    for each in self._expand(name)
                ]
                if not all(found):
                    self.missing.append(name)
        if not self._patch(BUILD, self._locale_wrapper):
            self.missing.append(BUILD)

    def _locale_wrapper(self, func: Callable[..., Any]) -> Callable[..., Any]:
        timer = self

        @functools.wraps(func)
        def per_locale(config: Any, *args: Any, **kwargs: Any) -> Any:
            if not timer.building:  # the outer build; the builds it runs are the locales'
                timer.building = True
                try:
                    return func(config, *args, **kwargs)
                finally:
                    timer.building = False
            locale = Path(config.site_dir).name
            timer.locale = locale
            started = time.perf_counter()
            try:
                return func(config, *args, **kwargs)
            finally:
                key = (locale, "[locale build]")
                timer.seconds[key] = timer.seconds.get(key, 0.0) + time.perf_counter() - started
                timer.locale = "outer"

        return per_locale

    @staticmethod
    def _expand(name: str) -> list[str]:
        """`module.Class.*`: every plain method of the class (properties are left alone)."""
        if not name.endswith(".*"):
            return [name]
        module, _, cls = name[:-2].rpartition(".")
        try:
            owner = getattr(importlib.import_module(module), cls)
        except (ImportError, AttributeError):
            return [name[:-2]]
        return [
            f"{module}.{cls}.{attr}"
            for attr, value in vars(owner).items()
            if inspect.isfunction(value) and not attr.startswith("__")
        ]

    @staticmethod
    def _locate(name: str) -> tuple[Any, str] | None:
        """The module or class holding the dotted `name`, and its last part; None if missing."""
        parts = name.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            try:
                owner: Any = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            try:
                for attr in parts[cut:-1]:
                    owner = getattr(owner, attr)
                getattr(owner, parts[-1])
            except AttributeError:
                return None
            return owner, parts[-1]
        return None

    @staticmethod
    def _patch(name: str, make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> bool:
        """Replace a function or method by `make(original)`, wherever it was imported."""
        found = PhaseTimer._locate(name)
        if found is None:
            return False
        owner, attr = found
        original = getattr(owner, attr)
        if getattr(original, "__wrapped_by_bench__", False):
            return True
        wrapped = make(original)
        setattr(owner, attr, wrapped)
        if isinstance(owner, type):
            return True
        # `from .x import f` copies: replace them in every loaded redline module as well.
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("redline"):
                for key, value in list(vars(module).items()):
                    if value is original:
                        setattr(module, key, wrapped)
        return True


def unresolved() -> list[str]:
    """The names in PHASES (and BUILD) that name nothing: the code they timed has moved."""
    import redline.plugin.hooks  # noqa: F401  (loads every redline module)

    names = [BUILD, *(name for group in PHASES.values() for name in group)]
    expanded = [each for name in names for each in PhaseTimer._expand(name)]
    return [name for name in expanded if PhaseTimer._locate(name) is None]


def _timer_overhead_us() -> float:
    """What timing one call costs (microseconds), to say how much the timers inflate a build."""
    timer = PhaseTimer()
    inner = timer.wrap("inner", lambda x: x, "inner")
    outer = timer.wrap("outer", lambda n: [inner(i) for i in range(n)], "outer")
    n = 100_000
    started = time.perf_counter()
    [(lambda x: x)(i) for i in range(n)]
    plain = time.perf_counter() - started
    started = time.perf_counter()
    outer(n)
    return (time.perf_counter() - started - plain) / n * 1e6


def _digest(text: Any) -> str:
    """A short digest; surrounding whitespace does not count (pages and diffs differ there)."""
    return hashlib.blake2b(str(text).strip().encode(), digest_size=8).hexdigest()


def phase_child(config: str, site: str, out: str, profile: str | None) -> int:
    """In-process build with phase timers; writes the split as JSON to `out`."""
    timer = PhaseTimer()
    timer.install()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    cfg = load_config(config_file=config, site_dir=site)
    # The timers count in this process: the locales are built here too, one after another.
    cfg.plugins["redline"].config["workers"] = 1
    cfg.plugins.on_startup(command="build", dirty=False)
    if profiler:
        profiler.enable()
    build(cfg)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cfg.plugins.on_shutdown()
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    result = {
        "total": total,
        "total_cpu": total_cpu,
        "seconds": [[lc, label, s] for (lc, label), s in timer.seconds.items()],
        "calls": [[lc, label, c] for (lc, label), c in timer.calls.items()],
        "functions": timer.functions,
        "overhead_us": _timer_overhead_us(),
        "markdown": timer.markdown,
        "diffs": timer.diffs,
        "tokenizer_calls": int(timer.functions.get(TOKENIZER, [0, 0])[1]),
        "missing": timer.missing,
    }
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    return 0


@dataclass
class Split:
    total: float
    total_cpu: float
    seconds: dict[tuple[str, str], float]
    calls: dict[tuple[str, str], int]
    functions: dict[str, list[float]]
    overhead_us: float
    markdown: dict[str, list[str]]
    diffs: dict[str, list[str]]
    tokenizer_calls: int
    missing: list[str]
