"""Build the demo site, serve it on 127.0.0.1, and launch Chromium: shared by the browser tests
(`conftest.py`) and `screenshots.py`."""

from __future__ import annotations

import functools
import http.server
import mimetypes
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.utils.yaml import yaml_load

from redline.cli import demo
from tests.support import sitebuild

ROOT = Path(__file__).resolve().parents[2]

# Chromium must not reach out on its own (update checks, sync, ...): a test that records every
# request of a page should see only the page's own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# The build's "as of" date, fixed so that what is in force (and what is "recently revised") does
# not depend on the day the tests run: 2025-01-01, well after the newest sample revision.
AS_OF_EPOCH = "1735689600"


def chromium_path() -> str | None:
    """Debian's Chromium (or $REDLINE_CHROMIUM); None means Playwright's own browser."""
    explicit = os.environ.get("REDLINE_CHROMIUM")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium (the only engine whose `page.pdf()` prints)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def build_demo_site(where: Path) -> Path:
    """`redline demo --build-only`: the sample history as a git repository, built into a site."""
    site, repo = where / "site", where / "repo"
    env = dict(os.environ, SOURCE_DATE_EPOCH=AS_OF_EPOCH, NO_MKDOCS_2_WARNING="1")
    command = [
        sys.executable, "-m", "redline.cli", "demo",
        "--project", str(ROOT), "--build-only", str(site), "--repo", str(repo),
    ]  # fmt: skip
    proc = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if proc.returncode != 0 or not (site / "index.html").is_file():
        raise RuntimeError(
            f"redline demo --build-only failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return site


# A site built as of 2022-06-01 from the sample tags up to 2022-03-31: the English privacy policy
# of 2022-03-31 is in force and its Thai translation (2017-07-28) lags.
LAGGING_EPOCH = "1654041600"
LAGGING_TAGS = ("policy/2022-08-24", "policy/2023-07-03")


def build_variant_site(
    where: Path,
    *,
    epoch: str,
    drop_tags: tuple[str, ...] = (),
    edit: Callable[[Path], None] | None = None,
    **options: Any,
) -> Path:
    """The sample history as a real repository, some release tags left out, its working tree
    changed by `edit` (a draft, with `drafts=True`), built with `mkdocs build` as of `epoch`
    with these redline `options` (the same project configuration)."""
    repo, site = where / "repo", where / "site"
    demo.materialize(ROOT, repo)
    for tag in drop_tags:
        subprocess.run(["git", "tag", "-d", tag], cwd=repo, check=True, capture_output=True)
    if edit is not None:
        edit(repo)
    config = sitebuild.configure(repo, **options)
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    proc = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not (site / "index.html").is_file():
        raise RuntimeError(f"mkdocs build failed ({proc.returncode}):\n{proc.stderr}")
    return site


def draft_privacy_policy(repo: Path) -> None:
    """A draft of the privacy policy in both locales: a sentence added to the working tree."""
    for locale, sentence in (("en", "A drafted sentence."), ("th", "ประโยคฉบับร่าง")):
        policy = repo / "policy" / locale / "privacy-policy.md"
        policy.write_text(policy.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def canonical_site_url() -> str:
    """The project's `site_url` (the address printed in the print header), without the slash."""
    # MkDocs' loader: site_url is `!ENV [SITE_URL, <default>]`, as a build reads it
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return str(config["site_url"]).rstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection it no longer needs is not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """The built site on http://127.0.0.1:<free port>/, served from a thread."""

    def __init__(self, site: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(site))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        """The absolute address of a site path such as `/en/privacy-policy/`."""
        return self.origin + path

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def search(page: Any, query: str, timeout: float = 10_000) -> list[str]:
    """Type `query` into Material's search box as a reader does; the result addresses.

    Waits until the search has answered this query: results, or Material's own "no matching
    documents" message (from the page's translations), so an empty list is a real answer.
    Thai text arrives from an input method as text plus key events; Material reads the box on
    `keyup`, so insert the text and release a key (End), like the end of a composition.
    """
    page.keyboard.press("/")  # Material's shortcut: open the search and focus its box
    page.locator("input.md-search__input").wait_for(state="visible")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    try:
        page.wait_for_function(
            """(q) => {
                const box = document.querySelector("input.md-search__input");
                const meta = document.querySelector(".md-search-result__meta");
                const none = JSON.parse(document.getElementById("__config").textContent)
                    .translations["search.result.none"];
                const items = document.querySelectorAll(".md-search-result__item");
                return box.value === q && (items.length > 0 || meta.textContent === none);
            }""",
            arg=query,
            timeout=timeout,
        )
    except Exception as exc:  # a timeout; say what the search box says instead
        meta = page.inner_text(".md-search-result__meta")
        raise AssertionError(f"search for {query!r} did not answer; it says {meta!r}") from exc
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def switch_to(page: Any, locale: str) -> None:
    """Use the header's language menu (it opens on hover) to pick `locale`."""
    page.hover(".md-header__option .md-select")
    link = page.locator(f"a.rl-switch[hreflang={locale}]")
    link.wait_for(state="visible")
    link.click()


def serve_at(context: Any, origin: str, site: Path) -> None:
    """Answer every request to `origin` from the built site, like a static web server."""

    def answer(route: Any) -> None:
        path = unquote(urlsplit(route.request.url).path)
        target = site / path.lstrip("/")
        # (A folder without its slash is answered, not redirected: Chromium does not always hand
        # a redirected navigation back to the route, and the address is what the test reads.)
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            route.fulfill(status=404, body="not found")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=target.read_bytes(), content_type=kind)

    context.route(f"{origin}/**", answer)


#: The browser's language for a reader of each locale.
BROWSER_LOCALE = {"en": "en-US", "th": "th-TH"}


def phone_page(new_context: Callable[..., Any], locale: str, width: int = 375) -> Any:
    """A page as a reader's phone opens it: `width` CSS pixels wide, touch, a 2x screen, the
    browser's language that of `locale` (Thai or English)."""
    return new_context(
        viewport={"width": width, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale=BROWSER_LOCALE[locale],
    ).new_page()


def open_page(new_context: Callable[..., Any], locale: str, width: int, **options: Any) -> Any:
    """A page in a browser speaking `locale`, `width` CSS pixels wide and 800 high: a touch
    phone below 600 px, a desktop above; `options` are further Playwright context options
    (`color_scheme`, `permissions`, ...)."""
    phone = width < 600
    return new_context(
        viewport={"width": width, "height": 800},
        locale=BROWSER_LOCALE[locale],
        is_mobile=phone,
        has_touch=phone,
        **options,
    ).new_page()
