"""Reachable texts: a notice's text is read from the first of its places that gives it, and a publisher's
sibling hosts named by its own API are allowed by rule.

Two fixture servers stand for two hosts of one publisher: the API on 127.0.0.1 and the text host on
``localhost`` (another site name, so the default allowed hosts refuse it unless the rule admits it).
"""
from __future__ import annotations

import json
from pathlib import Path

from archive.db import open_archive
from tests.fixtures.crawl import crawl_once, requested
from tests.fixtures.pdfwriter import pdf_bytes
from tests.fixtures.server import FixtureServer

PDF_LINES = ["Additions to the Entity List", "The Bureau of Industry and Security adds three entities."]
RAW_TEXT = "Revision of License Exception ENC\nThe Bureau amends License Exception ENC.\n"


def agencies() -> list[dict]:
    return [{"raw_name": "Bureau of Industry and Security", "name": "Industry and Security Bureau", "id": 241,
             "url": "https://www.federalregister.gov/agencies/industry-and-security-bureau",
             "json_url": "https://www.federalregister.gov/api/v1/agencies/241", "parent_id": 54,
             "slug": "industry-and-security-bureau"}]


def text_host(folder: Path) -> None:
    """The publisher's PDF host: one PDF per document."""
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdf_bytes([PDF_LINES]))
    routes = [{"path": "/content/pkg/FR-2025-06-12/pdf/2025-11012.pdf", "file": "a.pdf", "type": "application/pdf"},
              {"path": "/2025-11130.pdf", "file": "a.pdf", "type": "application/pdf"}]
    (folder / "fixture.json").write_text(json.dumps({"routes": routes}), "utf-8")


def api_host(folder: Path, pdf_origin: str) -> None:
    """A documents search naming, for one document, a raw text and body HTML that fail and a PDF on PDF_ORIGIN;
    for another, a raw text that answers."""
    folder.mkdir()
    root = "https://www.federalregister.gov"
    documents = [
        {"title": "Additions to the Entity List", "type": "Rule", "abstract": "Adds entities.",
         "document_number": "2025-11012", "publication_date": "2025-06-12", "agencies": agencies(),
         "html_url": f"{root}/documents/2025/06/12/2025-11012/additions-to-the-entity-list",
         "raw_text_url": f"{root}/documents/full_text/text/2025/06/12/2025-11012.txt",
         "body_html_url": f"{root}/documents/full_text/html/2025/06/12/2025-11012.html",
         "pdf_url": f"{pdf_origin}/content/pkg/FR-2025-06-12/pdf/2025-11012.pdf"},
        {"title": "Revision of License Exception ENC", "type": "Rule", "abstract": "Amends ENC.",
         "document_number": "2025-10587", "publication_date": "2025-06-09", "agencies": agencies(),
         "html_url": f"{root}/documents/2025/06/09/2025-10587/revision-of-license-exception-enc",
         "raw_text_url": f"{root}/documents/full_text/text/2025/06/09/2025-10587.txt",
         "body_html_url": f"{root}/documents/full_text/html/2025/06/09/2025-10587.html",
         "pdf_url": f"{pdf_origin}/content/pkg/FR-2025-06-09/pdf/2025-10587.pdf"},
    ]
    (folder / "search.json").write_text(json.dumps({"count": 2, "description": "Documents", "total_pages": 1,
                                                    "results": documents}), "utf-8")
    (folder / "2025-10587.txt").write_text(RAW_TEXT, "utf-8")
    (folder / "broken.html").write_text("<html><body></body></html>", "utf-8")
    filed = {"document_number": "2025-11130", "agencies": agencies(), "type": "Rule",
             "title": "Export Administration Regulations: Revision of License Requirements",
             "filed_at": "2025-06-13T08:45:00.000-04:00", "publication_date": "2025-06-16",
             "pdf_updated_at": "2025-06-13T08:42:11.000-04:00", "editorial_note": None,
             "html_url": f"{root}/public-inspection/2025-11130/export-administration-regulations",
             "raw_text_url": f"{root}/public-inspection/raw_text/2025-11130.txt",
             "pdf_url": f"{pdf_origin}/2025-11130.pdf"}
    (folder / "current.json").write_text(json.dumps({"count": 1, "results": [filed]}), "utf-8")
    routes = [
        {"path": "/api/v1/documents.json", "file": "search.json", "type": "application/json; charset=utf-8"},
        {"path": "/documents/full_text/text/2025/06/09/2025-10587.txt", "file": "2025-10587.txt",
         "type": "text/plain; charset=utf-8"},
        # The body HTML of 2025-11012 answers, but empty; its raw text is missing (404).
        {"path": "/documents/full_text/html/2025/06/12/2025-11012.html", "file": "broken.html"},
        {"path": "/api/v1/public-inspection-documents/current.json", "file": "current.json",
         "type": "application/json; charset=utf-8"},
    ]
    (folder / "fixture.json").write_text(json.dumps({"hosts": [root], "routes": routes, "today": "2025-06-13"}),
                                         "utf-8")


def fr_source(server: FixtureServer, **extra) -> dict:
    return {"id": "us-fr-test", "family": "federal_register", "jurisdiction": "US", **extra,
            "params": {"agencies": ["industry-and-security-bureau"], "api_url": f"{server.base_url}/api/v1/"}}


def archived(db_path: Path, source_id: str) -> dict[str, dict]:
    db = open_archive(db_path)
    try:
        return {r["native_id"]: dict(r) for r in db.query(
            """SELECT d.native_id, d.published, d.url, v.text FROM documents d
               JOIN versions v ON v.id = d.current_version_id WHERE d.source_id = ?""", [source_id])}
    finally:
        db.close()


def test_a_document_text_comes_from_the_first_place_that_gives_it(tmp_path):
    text_host(tmp_path / "pdf")
    with FixtureServer(tmp_path / "pdf") as pdfs:
        pdf_origin = pdfs.base_url.replace("127.0.0.1", "localhost")
        api_host(tmp_path / "api", pdf_origin)
        with FixtureServer(tmp_path / "api") as api:
            run = crawl_once(tmp_path / "archive.db", api, fr_source(api))
            assert run["ok"] == 1 and run["errors"] == 0 and run["new"] == 2, run
            notices = archived(tmp_path / "archive.db", "us-fr-test")
            # raw text 404, body HTML empty, then the PDF on the sibling host
            assert "adds three entities" in notices["2025-11012"]["text"]
            assert notices["2025-10587"]["text"] == RAW_TEXT.strip()
            fetched = requested(api)
            assert fetched.index("/documents/full_text/text/2025/06/12/2025-11012.txt") < \
                fetched.index("/documents/full_text/html/2025/06/12/2025-11012.html")
            assert not any("2025-10587.html" in path for path in fetched)  # its raw text answered: nothing more
            assert requested(pdfs) == ["/content/pkg/FR-2025-06-12/pdf/2025-11012.pdf"]


def test_an_explicit_allowed_hosts_is_kept_and_a_notice_no_place_gives_is_an_error_naming_each(tmp_path):
    text_host(tmp_path / "pdf")
    with FixtureServer(tmp_path / "pdf") as pdfs:
        api_host(tmp_path / "api", pdfs.base_url.replace("127.0.0.1", "localhost"))
        with FixtureServer(tmp_path / "api") as api:
            db_path = tmp_path / "archive.db"
            run = crawl_once(db_path, api, fr_source(api, allowed_hosts=["127.0.0.1"]))
            assert run["errors"] == 1 and run["new"] == 1, run
            assert requested(pdfs) == []
            db = open_archive(db_path)
            issue = next(db.query("SELECT message FROM source_issues WHERE source_id = 'us-fr-test'"))["message"]
            db.close()
            assert "2025-11012.txt: HTTP 404" in issue and "2025-11012.html: no text" in issue
            assert "'localhost' is not one the source allows" in issue


def test_public_inspection_reads_the_pdf_on_the_sibling_host_and_dates_by_scheduled_publication(tmp_path):
    text_host(tmp_path / "pdf")
    with FixtureServer(tmp_path / "pdf") as pdfs:
        api_host(tmp_path / "api", pdfs.base_url.replace("127.0.0.1", "localhost"))
        with FixtureServer(tmp_path / "api") as api:
            source = {"id": "us-pi-test", "family": "federal_register_pi", "jurisdiction": "US",
                      "params": {"agencies": ["industry-and-security-bureau"], "api_url": f"{api.base_url}/api/v1/",
                                 "lookback_days": 0}}
            run = crawl_once(tmp_path / "archive.db", api, source)
            assert run["ok"] == 1 and run["errors"] == 0 and run["new"] == 1, run
            notice = archived(tmp_path / "archive.db", "us-pi-test")["2025-11130"]
            assert notice["published"] == "2025-06-16"
            assert notice["text"].startswith("Filed for public inspection: 2025-06-13T08:45:00.000-04:00\n"
                                             "Scheduled for publication: 2025-06-16\n")
            assert "adds three entities" in notice["text"]
            assert "/public-inspection/raw_text/2025-11130.txt" in requested(api)
            assert requested(pdfs) == ["/2025-11130.pdf"]
