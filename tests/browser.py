"""Headless Chromium (Debian's own build) driven by Playwright: no browser download."""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def browser_page(viewport=(1400, 1000)):
    """A fresh headless Chromium page, in Chinese, closed when the block ends."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed (scripts/setup.sh test installs it)")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
            _screenshots_wait_for_fonts(page)
            yield page
        finally:
            browser.close()


def _screenshots_wait_for_fonts(page) -> None:
    """Every screenshot waits until the page's web fonts have loaded: on a machine with no CJK
    font of its own the pages fall back to the hub's, and a picture taken before it arrives
    shows boxes where the Chinese should be."""
    shoot = page.screenshot

    def screenshot(**kwargs):
        page.evaluate("document.fonts.ready.then(() => true)")
        return shoot(**kwargs)

    page.screenshot = screenshot
