"""Sample notices for the search, show and ui tests (helpers only: this module holds no tests)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

from archive.db import open_archive
from archive.store import record_fetch, save_classifications, upsert_source

SOURCES = [
    {"id": "cn-mofcom", "family": "html_list", "jurisdiction": "CN", "agency": "MOFCOM", "language": "zh"},
    {"id": "cn-mofcom-en", "family": "html_list", "jurisdiction": "CN", "agency": "MOFCOM", "language": "en"},
    {"id": "us-fr-bis", "family": "federal_register", "jurisdiction": "US", "agency": "BIS", "language": "en"},
    {"id": "gb-ecju", "family": "feed", "jurisdiction": "GB", "agency": "ECJU", "language": "en"},
]

EMPTY = {"relevant": False, "topics": [], "direction": None, "commodities": [], "hs_codes": [], "eccns": [],
         "effective_date": None, "doc_ids": []}


def labels(**values: Any) -> dict[str, Any]:
    return {**EMPTY, "relevant": bool(values.get("topics")), **values}


# (source, native id, published, [(title, text, labels), ...]) — each tuple after the first is a later version.
NOTICES = [
    ("cn-mofcom-en", "2023-39", "2023-10-20", [
        ("Announcement No. 39 of 2023 on optimising export controls on graphite items",
         "MOFCOM and the General Administration of Customs announce export controls on graphite items.\n"
         "High-purity graphite under HS 2504.10 requires an export licence.\n"
         "This announcement takes effect on 1 December 2023.",
         labels(topics=["export_control", "licensing"], direction="tightening", commodities=["graphite"],
                hs_codes=["250410"], effective_date="2023-12-01", doc_ids=["Announcement No. 39 of 2023"])),
        ("Announcement No. 39 of 2023 on optimising export controls on graphite items",
         "MOFCOM and the General Administration of Customs announce export controls on graphite items.\n"
         "High-purity graphite and spherical graphite under HS 2504.10 require an export licence.\n"
         "This announcement takes effect on 1 December 2023.",
         labels(topics=["export_control", "licensing"], direction="tightening", commodities=["graphite"],
                hs_codes=["250410", "380110"], effective_date="2023-12-01",
                doc_ids=["Announcement No. 39 of 2023"])),
    ]),
    ("cn-mofcom-en", "2024-46", "2024-12-03", [
        ("Announcement No. 46 of 2024 on dual-use items to the United States",
         "Exports of gallium, germanium, antimony and superhard materials to US military end users are prohibited.\n"
         "Graphite dual-use items are subject to stricter end-user review.",
         labels(topics=["export_control"], direction="tightening",
                commodities=["gallium", "germanium", "antimony", "graphite", "superhard_materials"],
                effective_date="2024-12-03", doc_ids=["Announcement No. 46 of 2024"])),
    ]),
    ("cn-mofcom", "gb-2022", "2022-05-10", [
        ("关于石墨出口统计的说明", "2022年石墨出口统计数据发布。本说明不涉及任何管制措施。", labels()),
    ]),
    ("cn-mofcom", "sb-2025", "2025-11-09", [
        ("商务部公告2025年第70号 关于暂停实施石墨相关物项出口管制的公告",
         "根据有关规定，决定暂停实施石墨相关物项出口管制措施。本公告自2025年11月10日起施行。",
         labels(topics=["export_control"], direction="easing", commodities=["graphite"],
                effective_date="2025-11-10", doc_ids=["商务部公告2025年第70号"])),
    ]),
    ("us-fr-bis", "2023-16646", "2023-08-01", [
        ("Export Administration Regulations: graphite anode material <script>alert(1)</script>",
         "BIS amends the EAR to require a license for certain graphite anode material under ECCN 1C010.\n"
         "Comments are due <b>within</b> 30 days.",
         labels(topics=["export_control", "licensing"], direction="tightening", commodities=["graphite"],
                eccns=["1C010"], effective_date="2023-08-15", doc_ids=["2023-16646"])),
    ]),
    ("gb-ecju", "nte-2024-05", "2024-03-14", [
        ("Notice to exporters 2024/05: open general licence for gallium",
         "A new open general export licence covers gallium arsenide wafers.",
         labels(topics=["licensing"], direction="easing", commodities=["gallium"], hs_codes=["381800"],
                effective_date="2024-04-01", doc_ids=["Notice to exporters 2024/05"])),
    ]),
]


def build_sample_archive(path: Path) -> sqlite_utils.Database:
    """Write the sample notices, version by version, each version classified as the classifier would."""
    db = open_archive(path)
    for source in SOURCES:
        upsert_source(db, source)
    for source_id, native_id, published, versions in NOTICES:
        for number, (title, text, label) in enumerate(versions, 1):
            _, version_id = record_fetch(db, source_id=source_id, native_id=native_id,
                                         url=f"https://example.org/{source_id}/{native_id}", title=title, text=text,
                                         published=published, fetched_at=f"{published}T0{number}:00:00+00:00")
            save_classifications(db, [{**label, "id": version_id}], "test-1")
    return db


def document_id(db: sqlite_utils.Database, native_id: str) -> int:
    return db.execute("SELECT id FROM documents WHERE native_id = ?", [native_id]).fetchone()[0]
