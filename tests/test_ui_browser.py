"""The web archive in a real headless Chromium: search, apply a facet, open a notice, read its diff.

Screenshots are kept in test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import shutil
import tempfile

from tests.helpers import REPO, build_sample_archive, require, ui_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]



def test_search_facet_notice_and_diff_in_a_browser(tmp_path):
    require(CHROMIUM, "Chromium (Debian: apt-get install chromium; .ci/run does it)")
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None
    require(sync_api, "the playwright package (pip install -e '.[test]')")
    db_path = tmp_path / "archive.db"
    build_sample_archive(db_path).close()
    ARTIFACTS.mkdir(exist_ok=True)
    profile = tempfile.mkdtemp(prefix="regwatch-chromium-")
    try:
        with ui_server(db_path, tmp_path / "ui.log") as base, sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                viewport={"width": 1280, "height": 1000})
            try:
                page = browser.new_page()
                page.goto(base + "/")
                assert page.locator("#result-count").inner_text() == "6 notices"

                page.fill("#q", "graphite")
                page.click("#search-button")
                page.wait_for_url("**/?q=graphite**")
                # three notices say graphite; a fourth, in Chinese, is labelled it
                assert page.locator("#result-count").inner_text() == "4 notices"
                assert page.locator("#results mark").first.inner_text().lower() == "graphite"

                page.click('a[data-facet="jurisdiction"][data-value="CN"]')
                page.wait_for_url("**jurisdiction=CN**")
                assert page.locator("#result-count").inner_text() == "3 notices"
                assert page.locator(".rw-timeline polyline").count() == 1
                page.screenshot(path=str(ARTIFACTS / "ui-search.png"), full_page=True)

                page.click("text=Announcement No. 39 of 2023")
                page.wait_for_url("**/notice/*")
                assert "Announcement No. 39 of 2023" in page.locator("#notice-title").inner_text()
                inserted = page.locator("#diff-2 ins").all_inner_texts()
                assert any("spherical" in text for text in inserted)
                deleted = page.locator("#diff-2 del").all_inner_texts()
                assert any("requires" in text for text in deleted)
                page.screenshot(path=str(ARTIFACTS / "ui-notice.png"), full_page=True)
            finally:
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert (ARTIFACTS / "ui-notice.png").stat().st_size > 10_000
