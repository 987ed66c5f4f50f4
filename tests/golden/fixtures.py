"""Fixture notices and subscriptions for the alert tests: a real archive file, fixed dates, tokens and URLs.

The notices are written through the archive's own store functions with
hand-written classifications, so the alert stage reads exactly what the
classifier stage would have left for it.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from alerts.matching import sync_subscriptions
from archive.db import open_archive
from archive.store import record_fetch, save_classifications, upsert_source

GOLDEN = Path(__file__).parent
UNSUBSCRIBE_URL = "https://alerts.example.org/unsubscribe"
SENDER = "regwatch <alerts@example.org>"
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)  # a Wednesday

SOURCES = [
    {"id": "us-fr-bis", "family": "federal_register", "name": "Federal Register: BIS", "jurisdiction": "US",
     "agency": "BIS", "language": "en"},
    {"id": "cn-mofcom", "family": "html_list", "name": "MOFCOM export control bureau", "jurisdiction": "CN",
     "agency": "MOFCOM", "language": "zh"},
    {"id": "gb-ecju", "family": "feed", "name": "GOV.UK: Export Control Joint Unit", "jurisdiction": "GB",
     "agency": "ECJU", "language": "en"},
]


def labels(**given: Any) -> dict[str, Any]:
    """A classification with the taxonomy's keys, empty unless given."""
    base = {"relevant": True, "topics": [], "direction": None, "commodities": [], "hs_codes": [], "eccns": [],
            "effective_date": None, "doc_ids": []}
    return {**base, **given}


NOTICES: dict[str, dict[str, Any]] = {
    "entity-list": {
        "source_id": "us-fr-bis", "native_id": "2026-24811",
        "url": "https://www.federalregister.gov/documents/2026/11/24/2026-24811/additions-to-the-entity-list",
        "title": "Additions to the Entity List", "published": "2026-11-24",
        "text": ("Additions to the Entity List\n"
                 "The Bureau of Industry and Security (BIS) amends the Export Administration Regulations by adding "
                 "eleven entities to the Entity List under the destinations of China and the United Arab Emirates.\n"
                 "These entities supplied items classified under ECCN 3A090 and 4A090 to end users of concern.\n"
                 "A license is required for all items subject to the EAR, with a policy of denial."),
        "labels": labels(topics=["export_control", "sanctions"], direction="tightening",
                         commodities=["semiconductors", "advanced_computing"], eccns=["3A090", "4A090"],
                         effective_date="2026-11-24", doc_ids=["2026-24811"]),
    },
    "gallium": {
        "source_id": "cn-mofcom", "native_id": "art_5c1d",
        "url": "https://aqygzj.mofcom.gov.cn/qdml/art/2026/art_5c1d.html",
        "title": "商务部 海关总署公告2026年第61号 关于对镓、锗相关物项实施出口管制的公告", "published": "2026-11-23",
        "text": ("商务部 海关总署公告2026年第61号 关于对镓、锗相关物项实施出口管制的公告\n"
                 "根据《中华人民共和国出口管制法》有关规定，决定对镓、锗相关物项实施出口管制。\n"
                 "一、金属镓（参考海关商品编号：8112929010）、氧化锗（参考海关商品编号：2825600001），未经许可，不得出口。\n"
                 "二、本公告自2026年12月1日起正式实施。"),
        "labels": labels(topics=["export_control", "licensing"], direction="tightening",
                         commodities=["gallium", "germanium"], hs_codes=["8112929010", "2825600001"],
                         effective_date="2026-12-01", doc_ids=["商务部 海关总署公告2026年第61号"]),
    },
    "press": {
        "source_id": "cn-mofcom", "native_id": "art_9e0f",
        "url": "https://aqygzj.mofcom.gov.cn/qdml/art/2026/art_9e0f.html",
        "title": "商务部召开例行新闻发布会", "published": "2026-11-24",
        "text": "商务部召开例行新闻发布会\n新闻发言人介绍了近期商务工作有关情况，并回答了记者提问。",
        "labels": labels(relevant=False),
    },
}

RUSSIA_V1 = ("Notice to exporters 2026/22: Russia sanctions: further export prohibitions\n"
             "The Russia (Sanctions) (EU Exit) (Amendment) Regulations 2026 come into force on 1 December 2026.\n"
             "They prohibit the export of machine tools and their parts to Russia.\n"
             "Exporters should review open licence applications.")
RUSSIA_V2 = ("Notice to exporters 2026/22: Russia sanctions: further export prohibitions\n"
             "The Russia (Sanctions) (EU Exit) (Amendment) Regulations 2026 come into force on 8 December 2026.\n"
             "They prohibit the export of machine tools, their parts and software to Russia and Belarus.\n"
             "Exporters should review open licence applications.")
RUSSIA_LABELS = labels(topics=["sanctions", "export_control"], direction="tightening", commodities=["dual_use"],
                       hs_codes=["8456", "8457"], effective_date="2026-12-08", doc_ids=["Notice to exporters 2026/22"])
RUSSIA = {
    "source_id": "gb-ecju", "native_id": "https://www.gov.uk/government/news/notice-to-exporters-2026-22",
    "url": "https://www.gov.uk/government/news/notice-to-exporters-2026-22",
    "title": "Notice to exporters 2026/22: Russia sanctions: further export prohibitions", "published": "2026-11-20",
    "labels": RUSSIA_LABELS,
}
# The first version: in force a week earlier, one HS heading fewer (what the amendment changed).
RUSSIA_V1_LABELS = {**RUSSIA_LABELS, "hs_codes": ["8456"], "effective_date": "2026-12-01"}

SUBSCRIBERS = [
    {"id": "procurement", "name": "Critical minerals: gallium and germanium", "email": "buyers@example.com",
     "mode": "daily", "digest_time": "07:00", "digest_day": "mon", "timezone": "Europe/London",
     "filters": {"commodities": ["gallium", "rare_earths"]}},
    {"id": "procurement-hs", "name": "HS 8112 (other base metals)", "email": "buyers@example.com",
     "mode": "daily", "digest_time": "07:00", "digest_day": "mon", "timezone": "Europe/London",
     "filters": {"hs_codes": ["8112"]}},
    {"id": "compliance-bis", "name": "Every BIS rule", "email": "compliance@example.com", "mode": "immediate",
     "digest_time": "07:00", "digest_day": "mon", "timezone": "UTC",
     "filters": {"sources": ["us-fr-bis"], "keywords": ['"Entity List" OR BIS']}},
    {"id": "sanctions-weekly", "name": "Sanctions, weekly", "email": "legal@example.com", "mode": "weekly",
     "digest_time": "08:00", "digest_day": "mon", "timezone": "Asia/Tokyo",
     "filters": {"topics": ["sanctions"]}},
]


def store(db: sqlite_utils.Database, notice: dict[str, Any], text: str | None = None,
          fetched_at: str = "2026-11-25T09:30:00+00:00") -> int:
    """Archive one notice version and its classification; return the version id."""
    _, version_id = record_fetch(
        db, source_id=notice["source_id"], native_id=notice["native_id"], url=notice["url"], title=notice["title"],
        text=text or notice["text"], published=notice["published"], fetched_at=fetched_at)
    save_classifications(db, [{"id": version_id, **notice["labels"]}], "fixture")
    return version_id


def set_tokens(db: sqlite_utils.Database) -> None:
    """Fixed unsubscribe tokens, so rendered emails are the same on every run."""
    for row in list(db.query("SELECT id FROM subscriptions")):
        db.execute("UPDATE subscriptions SET token = ? WHERE id = ?", [f"tok-{row['id']}", row["id"]])


def build_archive(path: Path, subscribers: list[dict[str, Any]] | None = None, *, amend: bool = True
                  ) -> sqlite_utils.Database:
    """An archive with the fixture sources, notices (the GOV.UK one in two versions) and subscriptions."""
    db = open_archive(path)
    for source in SOURCES:
        upsert_source(db, source)
    store(db, {**RUSSIA, "text": RUSSIA_V1, "labels": RUSSIA_V1_LABELS}, fetched_at="2026-11-20T12:00:00+00:00")
    db.execute("UPDATE versions SET matched_at = '2026-11-20T12:00:00+00:00'")  # the first version went out before
    for notice in NOTICES.values():
        store(db, notice)
    if amend:
        store(db, {**RUSSIA, "text": RUSSIA_V2})
    sync_subscriptions(db, subscribers if subscribers is not None else SUBSCRIBERS)
    set_tokens(db)
    return db


def outbox(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(subscription, notice title) for every outbox row, sorted."""
    return sorted((row["subscription_id"], row["title"]) for row in db.query(
        "SELECT o.subscription_id, v.title FROM outbox o JOIN versions v ON v.id = o.version_id"))


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
