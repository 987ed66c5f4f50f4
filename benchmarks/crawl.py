"""Crawl benchmark: 10,000 notices from a local site, crawled once, then again unchanged.

A local HTTP server plays an announcement site: list pages of ``--per-page``
notices with a "next" link, and one HTML page per notice with menus, a footer
and a visitor counter that changes on every request (ETag and Last-Modified
sent). The real ``html_list`` spider crawls it through the real runner (a
child process, as `regwatch run` does) into a fresh archive:

1. first crawl: every list page and every notice page;
2. unchanged re-crawl: the list's first page only (all known: paging stops)
   and no notice page (none is new, none is due for a re-check);
3. with ``--recheck``: a re-check of every known notice, conditional (ETag), so
   each answer is a 304 and nothing is stored.

Reports wall time (including the child process's start), the crawl's own
duration as recorded in ``source_runs``, peak memory (max RSS of the crawling
child) and the notice bodies each crawl downloaded.

    PYTHONPATH=. python benchmarks/crawl.py [--notices 10000] [--per-page 100] [--recheck]

With ``--sources K`` it measures instead one crawl cycle of K sources (half
``html_list``, half RSS, ``--notices-per-source`` each, all on one local
server) through the crawler pool, first and unchanged: wall time, CPU of the
crawler children, their peak RSS and their peak open files (sampled).

    PYTHONPATH=. python benchmarks/crawl.py --sources 1000 [--notices-per-source 20] [--sources-per-process 50] [--processes 2]

With ``--vs-urlwatch`` it crawls the same site with regwatch (one ``html_list``
source) and with urlwatch (one job per notice page, ``css`` + ``html2text``, its
default workers), first and unchanged, and prints the ratios. It also crawls
the site with Scrapy alone (the same requests and settings, bodies discarded:
no extraction, no archive), in one process and in two that share the notice
pages: the ceilings a Scrapy-based crawler reaches on this machine.
It installs nothing: urlwatch must be importable (``pip install urlwatch``).

    PYTHONPATH=. python benchmarks/crawl.py --vs-urlwatch [--notices 2000] [--concurrency 10]
"""
from __future__ import annotations

import argparse
import hashlib
import importlib
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scrapy  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402

from archive.db import open_archive  # noqa: E402
from archive.store import start_run  # noqa: E402
from crawler.limits import DEFAULT_CRAWL_PROCESSES, DEFAULT_SOURCES_PER_PROCESS  # noqa: E402
from crawler.runner import crawl_in_child, crawl_in_pool  # noqa: E402
from crawler.settings import polite_settings  # noqa: E402
from regwatch.local_http import LocalHTTPServer, Response  # noqa: E402

LAST_MODIFIED = "Wed, 11 Jun 2025 09:31:12 GMT"


class Site:
    """N notices, listed newest first, PER_PAGE to a list page."""

    def __init__(self, notices: int, per_page: int) -> None:
        self.notices, self.per_page = notices, per_page
        self.visits = count()
        self.bodies = 0
        self.not_modified = 0
        self.lists = 0
        self.lock = threading.Lock()

    def respond(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Response:
        """The list pages, and notices that answer a matching If-None-Match with 304."""
        url = urlparse(path)
        html = {"Content-Type": "text/html; charset=utf-8"}
        if url.path == "/robots.txt":
            return Response(200, html, "User-agent: *\nAllow: /\n")
        if url.path == "/list":
            with self.lock:
                self.lists += 1
            return Response(200, html, self.list_html(int(parse_qs(url.query).get("page", ["1"])[0])))
        if url.path.startswith("/notice/"):
            number = int(url.path.rsplit("/", 1)[1].split(".")[0])
            etag = f'"n{number}"'
            validators = {**html, "ETag": etag, "Last-Modified": LAST_MODIFIED}
            if headers.get("If-None-Match") == etag:
                with self.lock:
                    self.not_modified += 1
                return Response(304, validators, b"")
            with self.lock:
                self.bodies += 1
            return Response(200, validators, self.notice_html(number))
        return Response(404, html, "not found")

    def notice_html(self, number: int) -> str:
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Notice {number}</title></head><body>
<div class="header"><div class="nav"><a href="/">Home</a><a href="/list?page=1">Notices</a></div></div>
<div class="position">Home &gt; Notices</div>
<div id="zoom"><h1>Announcement No. {number} on export licensing of controlled items</h1>
<p>Under the export control law, the items listed in annex {number % 97} require an export licence from 1 July 2025.</p>
<p>Exporters shall apply through the licensing system; applications are decided within 45 working days.</p>
<p>This announcement takes effect on the date of publication. Reference {hashlib.sha1(str(number).encode()).hexdigest()}.</p></div>
<div class="footer"><p>Visitors: {next(self.visits)}</p></div></body></html>"""

    def list_html(self, page: int) -> str:
        first = self.notices - (page - 1) * self.per_page
        numbers = range(first, max(first - self.per_page, 0), -1)
        items = "".join(f'<li><a href="/notice/{n}.html">Announcement No. {n} on export licensing</a>'
                        f"<span>2025-06-{1 + n % 28:02d}</span></li>" for n in numbers)
        more = first - self.per_page > 0
        pager = f'<a class="next" href="/list?page={page + 1}">next</a>' if more else ""
        return (f'<html><head><meta charset="utf-8"></head><body><div class="nav">menu</div>'
                f'<ul class="list">{items}</ul><div class="pager">{pager}</div>'
                f'<div class="footer">Visitors: {next(self.visits)}</div></body></html>')


def crawl(db_path: Path, source: dict, site: Site) -> dict:
    before = (site.bodies, site.not_modified, site.lists)
    db = open_archive(db_path)
    run_id = start_run(db)
    started = time.perf_counter()
    crawl_in_child(str(db_path), [source], run_id, timeout=1800)
    wall = time.perf_counter() - started
    row = dict(next(db.query("SELECT * FROM source_runs WHERE run_id = ?", [run_id])))
    versions = db.execute("SELECT count(*) FROM versions").fetchone()[0]
    db.close()
    return {"wall": wall, "crawl": row["duration_seconds"], "new": row["new"], "ok": row["ok"],
            "bodies": site.bodies - before[0], "not_modified": site.not_modified - before[1],
            "lists": site.lists - before[2], "versions": versions,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


class ManySites:
    """K sources on one server: ``/s<i>/list`` (HTML) or ``/s<i>/feed.xml`` (RSS), each naming N notices."""

    def __init__(self, per_source: int) -> None:
        self.per_source = per_source
        self.base = ""  # the server's base URL, set once it listens
        self.bodies = 0
        self.lock = threading.Lock()

    def respond(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Response:
        url = urlparse(path)
        html = {"Content-Type": "text/html; charset=utf-8"}
        if url.path == "/robots.txt":
            return Response(200, html, "User-agent: *\nAllow: /\n")
        name, _, rest = url.path.strip("/").partition("/")
        numbers = range(self.per_source, 0, -1)
        if rest == "list":
            items = "".join(f'<li><a href="/{name}/n/{n}.html">{name} announcement {n}</a><span>2025-06-{1 + n % 28:02d}'
                            "</span></li>" for n in numbers)
            return Response(200, html, f'<html><body><ul class="list">{items}</ul></body></html>')
        if rest == "feed.xml":
            items = "".join(f"<item><title>{name} announcement {n}</title><link>{self.base}/{name}/n/{n}.html</link>"
                            f"<guid>{name}-{n}</guid><pubDate>Wed, {1 + n % 28:02d} Jun 2025 09:00:00 GMT</pubDate></item>"
                            for n in numbers)
            return Response(200, {"Content-Type": "application/rss+xml"},
                            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
                            f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>")
        if "/n/" in url.path:
            etag = f'"{url.path}"'
            validators = {**html, "ETag": etag, "Last-Modified": LAST_MODIFIED}
            if headers.get("If-None-Match") == etag:
                return Response(304, validators, b"")
            with self.lock:
                self.bodies += 1
            return Response(200, validators, f"<html><body><div id='zoom'><h1>{name} {url.path}</h1><p>Exporters "
                                             f"of items in annex {len(url.path)} need a licence.</p></div></body></html>")
        return Response(404, html, "not found")


def many_sources(base: str, count: int) -> list[dict]:
    """COUNT sources on a ManySites server at BASE, every other one an RSS feed."""
    sources = []
    for i in range(count):
        if i % 2:
            params = {"url": f"{base}/s{i}/feed.xml", "body_selector": "#zoom"}
            family = "feed"
        else:
            params = {"url": f"{base}/s{i}/list", "item_selector": "ul.list li", "date_selector": "span::text",
                      "body_selector": "#zoom"}
            family = "html_list"
        sources.append({"id": f"s{i}", "family": family, "jurisdiction": "XX", "language": "en", "delay": 0,
                        "allowed_hosts": ["127.0.0.1"], "params": params})
    return sources


def _open_files_of_children() -> int:
    """Open files held right now by this process's children (the crawler processes)."""
    total = 0
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = stat.read().rsplit(")", 1)[1].split()[1]
            if parent == me:
                total += len(os.listdir(f"/proc/{entry}/fd"))
        except OSError:
            continue
    return total


def cycle(db_path: Path, sources: list[dict], site: ManySites, per_process: int, processes: int) -> dict:
    """One crawl cycle of SOURCES through the pool: its figures."""
    db = open_archive(db_path)
    run_id = start_run(db)
    before_bodies = site.bodies
    before_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_files = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_files
        while not done.wait(0.5):
            peak_files = max(peak_files, _open_files_of_children())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    crawl_in_pool(str(db_path), sources, run_id, processes=processes, sources_per_process=per_process)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    rows = list(db.query("SELECT ok, new, error FROM source_runs WHERE run_id = ?", [run_id]))
    db.close()
    return {"wall": wall, "cpu": (after_cpu.ru_utime + after_cpu.ru_stime) - (before_cpu.ru_utime + before_cpu.ru_stime),
            "peak_rss_mb": after_cpu.ru_maxrss / 1024, "peak_files": peak_files,
            "failed": sum(1 for r in rows if not r["ok"]), "new": sum(r["new"] for r in rows),
            "errors": Counter(" ".join((r["error"] or "no message").split())[:160] for r in rows if not r["ok"]),
            "bodies": site.bodies - before_bodies}


def main_sources(args: argparse.Namespace) -> None:
    site = ManySites(args.notices_per_source)
    server = LocalHTTPServer(site.respond, name="bench-sources")
    site.base = server.base_url
    sources = many_sources(server.base_url, args.sources)
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    with server, tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        say(f"first cycle of {args.sources} sources × {args.notices_per_source} notices …")
        first = cycle(db_path, sources, site, args.sources_per_process, args.processes)
        say(f"  {first['wall']:.1f} s; unchanged cycle …")
        again = cycle(db_path, sources, site, args.sources_per_process, args.processes)
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    print(f"Machine: {platform.machine()}, {platform.processor() or 'cpu'} × {os.cpu_count()}, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}; open-file limit {soft}; "
          f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"Command: PYTHONPATH=. python benchmarks/crawl.py --sources {args.sources} --notices-per-source "
          f"{args.notices_per_source} --sources-per-process {args.sources_per_process} --processes {args.processes}")
    print()
    print("| cycle | wall (s) | CPU of crawler (s) | CPU per source (ms) | peak RSS (MB) | peak open files | "
          "notice bodies | new | failed sources |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r in (("first", first), ("unchanged", again)):
        print(f"| {label} | {r['wall']:.1f} | {r['cpu']:.1f} | {1000 * r['cpu'] / args.sources:.0f} | "
              f"{r['peak_rss_mb']:.0f} | {r['peak_files']} | {r['bodies']} | {r['new']} | {r['failed']} |")
    for label, r in (("first", first), ("unchanged", again)):
        for error, times in r["errors"].most_common(5):
            print(f"- {label} cycle, {times} source(s) failed: {error}")


def urlwatch_run(folder: Path, base: str, notices: int) -> dict:
    """One urlwatch run over one job per notice page (created on the first call): wall time and peak RSS."""
    import subprocess

    jobs = folder / "urls.yaml"
    if not jobs.exists():
        jobs.write_text("\n---\n".join(f"name: n{n}\nurl: {base}/notice/{n}.html\nfilter:\n  - css: '#zoom'\n"
                                         "  - html2text" for n in range(notices, 0, -1)) + "\n")
    command = [sys.executable, "-c", "from urlwatch.cli import main; main()", "--urls", str(jobs),
               "--config", str(folder / "urlwatch.yaml"), "--cache", str(folder / "cache.db"),
               "--hooks", str(folder / "hooks.py")]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"urlwatch ended with code {child.returncode}: {' '.join(command)}")
    return {"wall": time.perf_counter() - started, "peak_rss_mb": usage.ru_maxrss / 1024}


class BareListSpider(scrapy.Spider):
    """Scrapy alone on the benchmark site: every list page, and the notice pages of share PART of PARTS, with
    nothing done to a notice."""

    name = "bare"

    def __init__(self, start_url: str, part: int = 0, parts: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url, self.part, self.parts = start_url, part, parts

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.start_url, callback=self.parse_list)

    def parse_list(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        for index, href in enumerate(response.css("ul.list li a::attr(href)").getall()):
            if index % self.parts == self.part:
                yield response.follow(href, callback=self.parse_notice)
        more = response.css("a.next::attr(href)").get()
        if more:
            yield response.follow(more, callback=self.parse_list)

    def parse_notice(self, response: scrapy.http.Response) -> None:
        return None


def _crawl_bare(start_url: str, settings: dict[str, Any], part: int, parts: int) -> None:
    process = CrawlerProcess(settings)
    process.crawl(BareListSpider, start_url=start_url, part=part, parts=parts)
    process.start()


def scrapy_alone(source: dict, site: Site, processes: int = 1) -> dict:
    """Crawl SOURCE's site with Scrapy alone, in PROCESSES child processes that share its notice pages (each
    walks the list pages and keeps the source's concurrency): wall time (child starts included) and bodies."""
    before = site.bodies
    settings = {**polite_settings([source]), "ITEM_PIPELINES": {}, "DOWNLOADER_MIDDLEWARES": {}}
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=_crawl_bare, args=(source["params"]["url"], settings, part, processes))
                for part in range(processes)]
    started = time.perf_counter()
    for child in children:
        child.start()
    for child in children:
        child.join()
    wall = time.perf_counter() - started
    if any(child.exitcode != 0 for child in children):
        sys.exit(f"a Scrapy-alone crawl ended with code {[child.exitcode for child in children]}")
    return {"wall": wall, "bodies": site.bodies - before}


def bench_source(base: str, args: argparse.Namespace) -> dict:
    """The one html_list source that reads the benchmark site at BASE (every list page, ARGS.concurrency at once)."""
    pages = -(-args.notices // args.per_page)
    return {
        "id": "bench", "family": "html_list", "jurisdiction": "XX", "language": "en", "delay": 0,
        "concurrency": args.concurrency,
        "params": {"url": f"{base}/list?page=1", "item_selector": "ul.list li", "date_selector": "span::text",
                   "body_selector": "#zoom", "next_selector": "a.next::attr(href)", "max_pages": pages,
                   "id_pattern": r"/notice/(\d+)\.html"},
    }


def main_vs_urlwatch(args: argparse.Namespace) -> None:
    try:
        urlwatch = importlib.import_module("urlwatch")  # not a dependency: measured only where installed
    except ImportError:
        sys.exit("benchmarks/crawl.py --vs-urlwatch: urlwatch is not importable here (pip install urlwatch); "
                 "nothing was run")
    site = Site(args.notices, args.per_page)
    server = LocalHTTPServer(site.respond, name="bench-site")
    base = server.base_url
    source = bench_source(base, args)
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    with server, tempfile.TemporaryDirectory() as folder:
        say("regwatch, first crawl …")
        ours_first = crawl(Path(folder) / "bench.db", source, site)
        say("Scrapy alone, one process, then two …")
        bare = scrapy_alone(source, site)
        bare_two = scrapy_alone(source, site, processes=2)
        say("urlwatch, first run …")
        theirs_first = urlwatch_run(Path(folder), base, args.notices)
        say("regwatch, unchanged …")
        ours_again = crawl(Path(folder) / "bench.db", source, site)
        say("urlwatch, unchanged …")
        theirs_again = urlwatch_run(Path(folder), base, args.notices)
    print(f"Machine: {platform.machine()} × {os.cpu_count()}, Python {platform.python_version()}; load average "
          f"{os.getloadavg()[0]:.2f}; urlwatch {urlwatch.__version__}")
    print(f"Command: PYTHONPATH=. python benchmarks/crawl.py --vs-urlwatch --notices {args.notices} "
          f"--concurrency {args.concurrency}")
    print()
    print("| | regwatch | urlwatch | regwatch / urlwatch |")
    print("|---|---|---|---|")
    n = args.notices
    print(f"| first crawl | {ours_first['wall']:.2f} s, {n / ours_first['wall']:.0f} notices/s, "
          f"{ours_first['peak_rss_mb']:.0f} MB | {theirs_first['wall']:.2f} s, {n / theirs_first['wall']:.0f} pages/s, "
          f"{theirs_first['peak_rss_mb']:.0f} MB | {theirs_first['wall'] / ours_first['wall']:.2f}× the throughput |")
    print(f"| first crawl, Scrapy alone (bodies discarded) | {bare['wall']:.2f} s, {n / bare['wall']:.0f} notices/s "
          f"({bare['bodies']} bodies) | | {theirs_first['wall'] / bare['wall']:.2f}× the throughput |")
    print(f"| first crawl, Scrapy alone in two processes (half the notices each) | {bare_two['wall']:.2f} s, "
          f"{n / bare_two['wall']:.0f} notices/s ({bare_two['bodies']} bodies) | | "
          f"{theirs_first['wall'] / bare_two['wall']:.2f}× the throughput |")
    print(f"| unchanged re-run | {ours_again['wall']:.2f} s ({ours_again['bodies']} bodies) | "
          f"{theirs_again['wall']:.2f} s | {theirs_again['wall'] / ours_again['wall']:.1f}× faster |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vs-urlwatch", action="store_true", help="side by side with urlwatch (if importable)")
    parser.add_argument("--sources", type=int, help="measure one cycle of this many sources instead")
    parser.add_argument("--notices-per-source", type=int, default=20)
    parser.add_argument("--sources-per-process", type=int, default=DEFAULT_SOURCES_PER_PROCESS)
    parser.add_argument("--processes", type=int, default=DEFAULT_CRAWL_PROCESSES, help="crawler processes ([crawl] processes)")
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--recheck", action="store_true", help="also time a conditional re-check of the notices that are due (listed on the first page)")
    args = parser.parse_args()
    if args.sources:
        main_sources(args)
        return
    if args.vs_urlwatch:
        main_vs_urlwatch(args)
        return
    site = Site(args.notices, args.per_page)
    server = LocalHTTPServer(site.respond, name="bench-site")
    base = server.base_url
    source = bench_source(base, args)
    with server, tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
        say(f"first crawl of {args.notices} notices on {source['params']['max_pages']} list pages …")
        first = crawl(db_path, source, site)
        say(f"  {first['wall']:.1f} s, {first['bodies']} bodies; unchanged re-crawl …")
        again = crawl(db_path, source, site)
        rows = [("first crawl", first), ("unchanged re-crawl", again)]
        if args.recheck:
            say("  conditional re-check of every notice …")
            rows.append(("re-check of due notices (ETag)", crawl(db_path, {**source, "recheck_hours": 0}, site)))
    print(f"Machine: {platform.machine()}, {platform.processor() or 'cpu'} × {__import__('os').cpu_count()}, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"Command: PYTHONPATH=. python benchmarks/crawl.py --notices {args.notices} --per-page {args.per_page}"
          + (" --recheck" if args.recheck else ""))
    print()
    print("| crawl | wall time (s) | crawl time (s) | list pages | notice bodies downloaded | 304 answers | new | versions in archive |")
    print("|---|---|---|---|---|---|---|---|")
    for label, r in rows:
        print(f"| {label} | {r['wall']:.1f} | {r['crawl']:.1f} | {r['lists']} | {r['bodies']} | {r['not_modified']} "
              f"| {r['new']} | {r['versions']} |")
    print()
    print(f"Peak memory of the crawling process (max RSS): {first['peak_rss_mb']:.0f} MB.")
    print(f"Unchanged re-crawl as a share of the first crawl: {100 * again['wall'] / first['wall']:.1f} % of wall time, "
          f"{100 * again['crawl'] / first['crawl']:.1f} % of crawl time.")


if __name__ == "__main__":
    main()
