"""Fixtures of the browser tests: the demo site, built once per session (per xdist worker) and
served on 127.0.0.1; one Chromium per session; a fresh browser context per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .harness import (
    AS_OF_EPOCH,
    LAGGING_EPOCH,
    LAGGING_TAGS,
    SiteServer,
    build_demo_site,
    build_variant_site,
    canonical_site_url,
    draft_privacy_policy,
    launch_chromium,
)

DEFAULT_TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site built by `redline demo --build-only` (real git repo, real annotated tags)."""
    return build_demo_site(tmp_path_factory.mktemp("redline-demo"))


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[SiteServer]:
    with SiteServer(site_dir) as running:
        yield running


@pytest.fixture(scope="session")
def lagging_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The sample history up to 2022-03-31, as of 2022-06-01: the Thai text lags the English."""
    site = build_variant_site(
        tmp_path_factory.mktemp("redline-lagging"), epoch=LAGGING_EPOCH, drop_tags=LAGGING_TAGS
    )
    with SiteServer(site) as running:
        yield running


@pytest.fixture(scope="session")
def drafts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The sample history as of the tests' date with a draft of the privacy policy in both
    locales, built as a review build (drafts shown): a draft row in its history."""
    site = build_variant_site(
        tmp_path_factory.mktemp("redline-drafts"),
        epoch=AS_OF_EPOCH,
        edit=draft_privacy_policy,
        drafts=True,
    )
    with SiteServer(site) as running:
        yield running


@pytest.fixture(scope="session")
def canonical() -> str:
    """The site's configured address (`site_url`), which the print header shows."""
    return canonical_site_url()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Make browser contexts (Playwright options as keywords); all are closed after the test."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-US")
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
