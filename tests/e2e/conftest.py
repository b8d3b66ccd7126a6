"""End-to-end fixtures: the site built once into a temporary folder, served on 127.0.0.1,
and Debian's Chromium driven by pytest-playwright.

Playwright cannot download its own browser here, so `browser_type_launch_args` points
it at /usr/bin/chromium; `--host-resolver-rules` makes every host but 127.0.0.1
unresolvable, so neither the page nor Chromium itself can reach anything else.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from calculator import Calculator
from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The Chromium flags and the static server shared with benchmarks/page.py and serve.sh.
from local_site import CHROMIUM, CHROMIUM_ARGS, StaticServer  # noqa: E402

# A static file server on 127.0.0.1 that records every request it receives.
Server = StaticServer


def assets_of(site: Path) -> str:
    """The built site's versioned folder as a path from the top, "v-<digest>/" (build.py
    writes every asset that changes between builds there): what request paths start with."""
    from build import assets_folder

    return f"{assets_folder(site).name}/"
# Report requests made by service workers too (Chromium only).
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Service workers are blocked unless a test makes a context that allows them: each
    one would otherwise cache the whole runtime (13 MB) for every test."""
    return {
        **browser_context_args,
        "service_workers": "block",
        "viewport": {"width": 1280, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture
def page_errors(page: Page) -> Iterator[list[str]]:
    """Fails the test on any script error or console error (a CSP violation included)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    yield errors
    assert errors == []


@pytest.fixture
def calculator(page: Page, server: Server, page_errors: list[str]) -> Calculator:
    return Calculator(page, server.url)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once for the session by the real build script."""
    out = tmp_path_factory.mktemp("site") / "dist"
    subprocess.run([sys.executable, str(ROOT / "build.py"), str(out)], check=True, cwd=ROOT)
    return out


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[Server]:
    served = Server(site_dir)
    yield served
    served.stop()


@pytest.fixture
def own_server(site_dir: Path) -> Iterator[Server]:
    """A server of the test's own, which the test may stop (the offline test)."""
    served = Server(site_dir)
    yield served
    served.stop()


@pytest.fixture
def sw_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context where the service worker may run, as in a real browser."""
    context = browser.new_context(service_workers="allow", viewport={"width": 1280, "height": 900})
    yield context
    context.close()
