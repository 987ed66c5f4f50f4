"""Scraped text is untrusted; secrets stay secret; the crawler stays on the hosts a source allows.

Everything runs for real: a hostile site on 127.0.0.1, ``regwatch run`` as a
subprocess, an SMTP server that records what arrives (and can demand a password).
"""
from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import timedelta
from email import message_from_bytes, policy
from typing import Any

import pytest

from archive import clock
from archive.db import open_archive
from crawler.settings import crawl_settings
from regwatch.local_http import LocalHTTPServer
from tests.faults.harness import advance_retry_clock, start_run
from tests.faults.smtp import RecordingSink
from tests.helpers import regwatch, write_config

INJECTED_TITLE = "Export ban&#13;&#10;Bcc: victim@attacker.example&#13;&#10;X-Evil: 1&#27;[2J&#x2028;Reply-To: a@b.example"
SCRIPT = "&lt;script&gt;alert('x')&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;"


class HostileSite(LocalHTTPServer):
    """Pages written to break out of emails and headers, and to lead the crawler off its site."""

    def __init__(self) -> None:
        self.amended = False
        super().__init__(self.answer, name="hostile-site")
        self.base = self.base_url
        self.other = f"http://localhost:{self.port}"  # the same server under another host name

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> tuple[int, dict, bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"
        if path == "/feed.atom":
            # Dated this week by the session's clock, so the first crawl alerts them instead of holding
            # them back as the source's baseline.
            entries = "".join(
                f'<entry><id>tag:hostile,2026:{i}</id><updated>{clock.today() - timedelta(days=i)}T09:00:00Z</updated>'
                f'<link href="{self.base}/notice/{i}"/><title type="html">{title}</title></entry>'
                for i, title in ((1, INJECTED_TITLE), (2, f"{SCRIPT} licence for gallium")))
            feed = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    f"<id>tag:hostile,2026</id><title>h</title><updated>{clock.today()}T09:00:00Z</updated>{entries}</feed>")
            return 200, {"Content-Type": "application/atom+xml"}, feed.encode()
        if path.startswith("/notice/"):
            extra = f"<p>Amended: {SCRIPT} &lt;/p&gt;&lt;a href=javascript:alert(3)&gt;</p>" if self.amended else ""
            page = (f'<html><body><main><div class="body"><p>Gallium export licence. {SCRIPT} &#27;[31mred</p>'
                    f"{extra}</div></main></body></html>")
            return 200, html, page.encode()
        if path == "/list.html":
            links = ["/ok/1", "/bounce/file", "/bounce/ftp", "/bounce/other", "file:///etc/hostname",
                     f"{self.other}/ok/9"]
            items = "".join(f'<li><a href="{href}">Notice at {href}</a></li>' for href in links)
            return 200, html, f'<html><body><ul class="list">{items}</ul></body></html>'.encode()
        if path.startswith("/ok/"):
            return 200, html, f'<html><body><div class="body"><p>Licence notice {path}.</p></div></body></html>'.encode()
        targets = {"/bounce/file": "file:///etc/hostname", "/bounce/ftp": "ftp://127.0.0.1/notice",
                   "/bounce/other": f"{self.other}/ok/7"}
        if path in targets:
            return 302, {"Location": targets[path]}, b""
        return 404, {"Content-Type": "text/plain"}, b"not found\n"


@pytest.fixture
def hostile():
    with HostileSite() as site:
        yield site


def hostile_sources(site: HostileSite, **list_extra: Any) -> list[dict[str, Any]]:
    return [
        {"id": "hostile-feed", "family": "feed", "jurisdiction": "XX", "language": "en", "recheck_hours": 0,
         "params": {"url": f"{site.base}/feed.atom", "body_selector": ".body"}},
        {"id": "hostile-list", "family": "html_list", "jurisdiction": "XX", "language": "en", "recheck_hours": 0,
         **list_extra, "params": {"url": f"{site.base}/list.html", "item_selector": "ul.list li",
                                  "body_selector": ".body"}},
    ]


SUBSCRIBER = [{"id": "all", "email": "all@example.com", "mode": "immediate", "filters": {"relevant_only": False}}]


def test_scraped_text_cannot_inject_headers_or_markup_into_an_email(tmp_path, hostile):
    with RecordingSink(tmp_path / "mail") as sink:
        config = write_config(tmp_path / "regwatch.toml", hostile_sources(hostile)[:1], sink.port, SUBSCRIBER)
        assert regwatch("run", "--config", str(config)).returncode == 0
        hostile.amended = True
        assert regwatch("run", "--config", str(config)).returncode == 0
    raws = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(raws) == 2 and all(r["rcpt"] == ["all@example.com"] for r in sink.received)
    for raw in raws:
        data = raw.read_bytes()
        message = message_from_bytes(data, policy=policy.default)
        assert message["Bcc"] is None and message["X-Evil"] is None and message["Reply-To"] is None
        assert "victim@attacker.example" not in message["To"] and "\x1b" not in str(message["Subject"])
        head = data.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in data else data.split(b"\n\n", 1)[0]
        assert not any(line.lower().startswith((b"bcc:", b"x-evil:", b"reply-to:")) for line in head.splitlines())
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace("javascript:alert(3)&gt;", "")
        assert "&lt;script&gt;" in html
        assert "\x1b" not in html and "\x1b" not in text
    amended = message_from_bytes(raws[1].read_bytes(), policy=policy.default).get_body(("html",)).get_content()
    assert "[amended, version 2]" in amended and "<ins" in amended and "&lt;script&gt;" in amended
    db = open_archive(tmp_path / "archive.db")
    titles = [row[0] for row in db.execute("SELECT title FROM versions")]
    assert not any("\x1b" in t or "\r" in t for t in titles), "control characters never reach the archive"


def test_the_smtp_password_never_reaches_the_archive_the_output_or_the_mail(tmp_path, hostile):
    secret = "Zq9-s3cr3t-never-logged"
    encoded = [base64.b64encode(form.encode()).decode() for form in
               (secret, f"\0alerts\0{secret}", f"alerts\0{secret}")]
    with RecordingSink(tmp_path / "mail", password=secret) as sink:
        config = write_config(tmp_path / "regwatch.toml", hostile_sources(hostile), sink.port, SUBSCRIBER)
        text = config.read_text().replace('[smtp]\n', '[smtp]\nusername = "alerts"\npassword_env = "RW_TEST_SMTP_PASSWORD"\ntimeout = 5\n')
        config.write_text(text)
        outputs = []
        for env in ({"RW_TEST_SMTP_PASSWORD": secret + "-wrong"}, {"RW_TEST_SMTP_PASSWORD": secret}):
            run = start_run(config, "-v", "--json", env=env)
            outputs += list(run.communicate(timeout=300))
            advance_retry_clock(tmp_path / "archive.db")
        for command in (["sources", "--json"], ["search", "--json", "licence"], ["show", "1", "--json"]):
            result = regwatch(*command, "--config", str(config))
            outputs += [result.stdout, result.stderr]
        assert sink.received, "the right password was accepted"
    assert "delivery failed, will retry next run" in outputs[1], "the wrong one was refused"
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("archive.db*"))
    mail = b"".join(p.read_bytes() for p in (tmp_path / "mail").glob("*.eml"))
    for needle in [secret, secret + "-wrong", *encoded]:
        assert needle.encode() not in stored, "the archive holds the password"
        assert needle.encode() not in mail, "an email holds the password"
        assert all(needle not in out for out in outputs), "the output shows the password"
    assert secret not in config.read_text()


def test_redirects_and_links_off_the_source_are_refused(tmp_path, hostile):
    with RecordingSink(tmp_path / "mail") as sink:
        config = write_config(tmp_path / "regwatch.toml", hostile_sources(hostile)[1:], sink.port)
        result = regwatch("run", "--config", str(config), "--json")
    assert result.returncode == 0, result.stderr
    db = open_archive(tmp_path / "archive.db")
    archived = sorted(row[0] for row in db.execute("SELECT url FROM documents"))
    issues = [row[0] for row in db.execute("SELECT message FROM source_issues")]
    assert archived == [f"{hostile.base}/ok/1"], archived
    assert not any(r["path"].startswith(("/ok/7", "/ok/9")) for r in hostile.requests), "other host never asked"
    assert sum("only http and https" in m for m in issues) == 3, issues  # file: link, file: and ftp: redirects
    assert sum("is not one the source allows" in m for m in issues) == 2, issues  # link and redirect to localhost


def test_a_source_can_allow_another_host(tmp_path, hostile):
    with RecordingSink(tmp_path / "mail") as sink:
        sources = hostile_sources(hostile, allowed_hosts=["127.0.0.1", "localhost"])[1:]
        config = write_config(tmp_path / "regwatch.toml", sources, sink.port)
        assert regwatch("run", "--config", str(config)).returncode == 0
    db = open_archive(tmp_path / "archive.db")
    archived = sorted(row[0] for row in db.execute("SELECT url FROM documents"))
    # an html_list notice keeps the URL it is listed under; the redirect's target is its text
    assert archived == [f"{hostile.base}/bounce/other", f"{hostile.base}/ok/1", f"{hostile.other}/ok/9"], archived
    texts = [row[0] for row in db.execute("SELECT text FROM versions ORDER BY text")]
    assert texts == ["Licence notice /ok/1.", "Licence notice /ok/7.", "Licence notice /ok/9."]


def test_every_download_has_a_time_and_size_cap():
    settings = crawl_settings("x.db", [])
    assert 0 < settings["DOWNLOAD_TIMEOUT"] <= 60 and 0 < settings["DOWNLOAD_MAXSIZE"] <= 50 * 1024 * 1024
    assert "crawler.middlewares.SourceLimitsMiddleware" in settings["DOWNLOADER_MIDDLEWARES"]
    assert "crawler.middlewares.AllowedHostsMiddleware" in settings["DOWNLOADER_MIDDLEWARES"]


@pytest.mark.parametrize("url, inside, outside", [
    ("https://feeds.rijksoverheid.nl/x.rss", "www.rijksoverheid.nl", "rijksoverheid.nl.evil.example"),
    ("https://aqygzj.mofcom.gov.cn/", "www.mofcom.gov.cn", "gov.cn"),
    ("https://www.gov.uk/x.atom", "www.gov.uk", "evil.gov.uk"),
    ("https://api.prod.legislation.gov.au/v1", "www.legislation.gov.au", "legislation.gov.au.example"),
    ("http://127.0.0.1:8000/", "127.0.0.1", "127.0.0.2"),
])
def test_by_default_a_source_may_fetch_from_its_own_site_only(url, inside, outside):
    from crawler.source import Source
    from crawler.spiders.base import host_allowed, source_hosts

    allowed = source_hosts(Source(id="x", family="feed", params={"url": url}))
    assert host_allowed(inside, allowed) and not host_allowed(outside, allowed)


def test_an_api_link_that_is_not_a_web_url_is_not_archived(tmp_path):
    from regwatch.sample_site import SampleSite, SampleSiteServer, sample_sources

    class ScriptLinks(SampleSite):
        def fr_document(self, notice):
            return {**super().fr_document(notice), "html_url": "javascript:alert(document.cookie)"}

    with SampleSiteServer(ScriptLinks()) as server, RecordingSink(tmp_path / "mail") as sink:
        config = write_config(tmp_path / "regwatch.toml", sample_sources(server.base_url)[:1], sink.port)
        assert regwatch("run", "--config", str(config)).returncode == 0
    db = open_archive(tmp_path / "archive.db")
    urls = [row[0] for row in db.execute("SELECT url FROM documents")]
    assert len(urls) == 3 and all(url is None or url.startswith("http") for url in urls), urls
