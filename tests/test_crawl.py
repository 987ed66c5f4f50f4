"""Real crawls of the three spine families against the sample site on 127.0.0.1."""
from __future__ import annotations

from datetime import timedelta

from archive import clock
from archive.db import open_archive
from archive.store import start_run
from crawler.runner import crawl_in_child
from regwatch.sample_site import sample_sources


def new_run(db_path) -> int:
    db = open_archive(db_path)
    run_id = start_run(db)
    db.close()
    return run_id


def crawl(site, db_path, source_id: str) -> dict:
    source = next(s for s in sample_sources(site.base_url) if s["id"] == source_id)
    run_id = new_run(db_path)
    assert crawl_in_child(str(db_path), [source], run_id=run_id) == 0
    db = open_archive(db_path)
    row = next(db.query("SELECT * FROM source_runs WHERE run_id = ? AND source_id = ?", [run_id, source_id]))
    db.close()
    return row


def notices(db_path, source_id: str) -> dict[str, dict]:
    db = open_archive(db_path)
    rows = db.query(
        """SELECT d.native_id, d.url, d.title, d.published, d.language, d.version_count, v.text
           FROM documents d JOIN versions v ON v.id = d.current_version_id WHERE d.source_id = ?""", [source_id])
    return {row["native_id"]: row for row in rows}


def test_federal_register_documents_with_full_text(site, db_path):
    run = crawl(site, db_path, "us-fr-bis-ofac")
    assert (run["ok"], run["items_seen"], run["new"], run["errors"]) == (1, 3, 3, 0)
    entity_list = notices(db_path, "us-fr-bis-ofac")["2026-23141"]
    published = (clock.today() - timedelta(days=4)).isoformat()
    assert entity_list["title"] == "Additions to the Entity List"
    assert entity_list["url"] == f"{site.base_url}/documents/{published.replace('-', '/')}/2026-23141/additions-to-the-entity-list"
    assert entity_list["published"] == published
    assert entity_list["language"] == "en"
    assert entity_list["text"].startswith("Additions to the Entity List\nAGENCY: Bureau of Industry and Security")
    assert "ECCNs 3A090 and 4A090" in entity_list["text"]


def test_govuk_feed_entries_take_the_notice_body_without_page_furniture(site, db_path):
    run = crawl(site, db_path, "gb-ecju")
    assert (run["ok"], run["items_seen"], run["new"]) == (1, 3, 3)
    link = f"{site.base_url}/government/publications/notice-to-exporters-202621-new-open-general-licence-for-civil-aircraft-components"
    notice = notices(db_path, "gb-ecju")[link]
    assert notice["title"] == "Notice to exporters 2026/21: new open general licence for civil aircraft components"
    assert notice["published"] == (clock.today() - timedelta(days=5)).isoformat()
    assert notice["text"].startswith("The Export Control Joint Unit (ECJU) has published a new open general export")
    for furniture in ("cookies", "Open Government Licence", "Business and industry", "Rendered"):
        assert furniture not in notice["text"]


def test_mofcom_list_and_articles_in_chinese(site, db_path):
    run = crawl(site, db_path, "cn-mofcom-aqygzj")
    assert (run["ok"], run["items_seen"], run["new"]) == (1, 3, 3)
    notice = notices(db_path, "cn-mofcom-aqygzj")["3f1c9a7e2b5d4c6f8a0e1d2c3b4a5f60"]
    assert notice["title"] == "商务部 海关总署公告2026年第58号 关于对部分稀土永磁相关物项实施出口管制的公告"
    assert notice["published"] == (clock.today() - timedelta(days=3)).isoformat()
    assert notice["language"] == "zh"
    assert notice["url"].endswith(f"/qdml/art/{(clock.today() - timedelta(days=3)).year}/art_3f1c9a7e2b5d4c6f8a0e1d2c3b4a5f60.html")
    assert "参考海关商品编号：8505111000、8505119000" in notice["text"]
    assert "浏览次数" not in notice["text"] and "当前位置" not in notice["text"]


def test_a_second_crawl_of_unchanged_sources_stores_no_version(site, db_path):
    for source_id in ("us-fr-bis-ofac", "gb-ecju", "cn-mofcom-aqygzj"):
        crawl(site, db_path, source_id)
    db = open_archive(db_path)
    # Force every known notice to be re-checked: the visitor counters and render times differ on each fetch.
    db.execute("UPDATE documents SET last_checked = '2000-01-01T00:00:00+00:00'")
    before = db.execute("SELECT count(*) FROM versions").fetchone()[0]
    db.close()
    for source_id in ("us-fr-bis-ofac", "gb-ecju", "cn-mofcom-aqygzj"):
        run = crawl(site, db_path, source_id)
        assert run["ok"] == 1 and run["new"] == 0 and run["changed"] == 0 and run["unchanged"] == run["items_seen"]
    db = open_archive(db_path)
    assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == before == 9


def test_an_amended_notice_gets_a_second_version_and_a_new_one_is_added(site, db_path):
    crawl(site, db_path, "gb-ecju")
    crawl(site, db_path, "cn-mofcom-aqygzj")
    site.site.advance()
    gb = crawl(site, db_path, "gb-ecju")
    cn = crawl(site, db_path, "cn-mofcom-aqygzj")
    assert (gb["new"], gb["changed"]) == (0, 1)
    assert (cn["new"], cn["changed"]) == (1, 0)
    amended = [n for n in notices(db_path, "gb-ecju").values() if n["version_count"] == 2]
    assert len(amended) == 1 and "Russia or Belarus" in amended[0]["text"]
    # The feed's only date moved with the amendment; the notice keeps the date it was first published.
    assert amended[0]["published"] == (clock.today() - timedelta(days=1)).isoformat()


def test_a_list_that_no_longer_parses_makes_the_source_unhealthy(site, db_path):
    source = next(s for s in sample_sources(site.base_url) if s["id"] == "cn-mofcom-aqygzj")
    source["params"]["item_selector"] = "ul.newsList li"  # the site's markup changed
    crawl_in_child(str(db_path), [source], run_id=new_run(db_path))
    db = open_archive(db_path)
    health = db.table("sources").get("cn-mofcom-aqygzj")
    assert health["healthy"] == 0 and "ul.newsList li" in health["last_error"]
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_an_unreachable_source_fails_without_stopping_the_others(site, db_path):
    sources = sample_sources(site.base_url)
    sources[0]["params"]["api_url"] = "http://127.0.0.1:9/api/v1/"  # nothing listens on the discard port
    run_id = new_run(db_path)
    assert crawl_in_child(str(db_path), sources, run_id=run_id) == 0
    db = open_archive(db_path)
    runs = {r["source_id"]: r for r in db.query("SELECT * FROM source_runs WHERE run_id = ?", [run_id])}
    assert runs["us-fr-bis-ofac"]["ok"] == 0 and "127.0.0.1:9" in runs["us-fr-bis-ofac"]["error"]
    assert runs["gb-ecju"]["ok"] == 1 and runs["cn-mofcom-aqygzj"]["ok"] == 1
