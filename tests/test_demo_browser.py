"""The demo as a reader meets it, in a real headless Chromium: the archive answers `gallium` with the
MOFCOM notice, and the email of the amended notice opens its changes with the changed facts in words.

Screenshots are kept in test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import email
import shutil
import tempfile
from email import policy

from regwatch.demo import run_demo
from tests.helpers import REPO, require, ui_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AMENDED = "Notice to exporters 2026/22"  # the GOV.UK notice the demo's sample site amends


def test_the_demo_archive_finds_gallium_and_the_amended_notice_s_email_shows_its_changed_facts(tmp_path):
    require(CHROMIUM, "Chromium (Debian: apt-get install chromium; .ci/run does it)")
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None
    require(sync_api, "the playwright package (pip install -e '.[test]')")
    out = tmp_path / "demo-out"
    assert run_demo(out, progress=lambda message: None) == 0
    amended = []
    for path in sorted((out / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if AMENDED in message["Subject"]:
            amended.append(message)
    assert amended, "the demo mails the amended notice"
    page_file = tmp_path / "amended-email.html"
    page_file.write_text(amended[-1].get_body(("html",)).get_content(), "utf-8")

    ARTIFACTS.mkdir(exist_ok=True)
    profile = tempfile.mkdtemp(prefix="regwatch-chromium-")
    try:
        with ui_server(out / "regwatch.db", tmp_path / "ui.log") as base, sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                viewport={"width": 1280, "height": 1000})
            try:
                page = browser.new_page()
                page.goto(base + "/")
                page.fill("#q", "gallium")
                page.click("#search-button")
                page.wait_for_url("**/?q=gallium**")
                results = page.locator("#results .rw-result")
                assert results.count() >= 1
                mofcom = results.filter(has_text="MOFCOM").first
                assert mofcom.is_visible() and "CN" in mofcom.locator(".rw-meta").first.inner_text()
                assert "镓" in mofcom.locator("a.notice-link").inner_text()  # the Chinese notice, found by an English word
                page.screenshot(path=str(ARTIFACTS / "demo-search-gallium.png"), full_page=True)

                page.goto(page_file.as_uri())
                facts = page.locator("li", has_text="Effective date moved earlier")
                assert facts.count() == 1 and facts.is_visible()
                assert "15 Dec → 8 Dec 2026" in facts.inner_text()
                assert page.locator("li", has_text="HS code added: 845961").is_visible()
                # the facts come first: above the marked-up text of the change
                facts_top = facts.bounding_box()["y"]
                diff_top = page.locator("ins, del").first.bounding_box()["y"]
                assert facts_top < diff_top
                facts.scroll_into_view_if_needed()
                page.screenshot(path=str(ARTIFACTS / "demo-email-amended.png"), full_page=True)
            finally:
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for name in ("demo-search-gallium.png", "demo-email-amended.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
