"""Time to match, queue and render digests for many subscribers.

Builds a fresh archive in a temporary folder with NOTICES classified notices
(a quarter of them amended, so their digests carry diffs) and SUBSCRIBERS
saved searches with mixed filters (commodities, HS prefixes, jurisdictions,
topics, ECCNs and full-text keyword queries drawn from a pool), then times each
alert stage as a cycle runs it:

  match    queue_matches: every version against every subscription (FTS once per distinct query)
  prepare  prepare_deliveries: group due items into deliveries (per-address dedup)
  render   send_pending with a sender that renders each email to bytes and drops it:
           templates, diffs, MIME encoding and the sent/attempt bookkeeping, without the network

Usage: python benchmarks/digest.py [--subscribers 10000] [--notices 20] [--seed 7]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from functools import partial
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alerts.channels import Channels  # noqa: E402
from alerts.delivery import send_pending  # noqa: E402
from alerts.matching import active_subscriptions, keyword_hits, queue_matches, sync_subscriptions  # noqa: E402
from alerts.prepare import prepare_deliveries  # noqa: E402
from archive.db import open_archive  # noqa: E402
from archive.store import record_fetch, save_classifications, upsert_source  # noqa: E402

JURISDICTIONS = ["US", "CN", "GB", "EU", "JP", "IN"]
COMMODITIES = ["gallium", "germanium", "rare_earths", "graphite", "antimony", "semiconductors",
               "semiconductor_equipment", "advanced_computing", "drones", "batteries", "lithium", "steel"]
HS = ["8112", "2805", "8505", "2504", "8541", "8542", "8486", "8806", "8507", "2825", "7208", "8456"]
ECCNS = ["3A090", "4A090", "3B001", "5A002", "9A012", "1C010"]
TOPICS = ["export_control", "licensing", "sanctions", "tariff"]
WORDS = ["licence", "license", "entity", "magnet", "gallium", "wafer", "drone", "battery", "quota", "duty",
         "prohibition", "exemption", "semiconductor", "graphite", "lithium", "steel", "sanctions", "list",
         "control", "export"]


class Settings:
    host, port, tls, sender, username, timeout, password = "127.0.0.1", 25, "none", "regwatch <a@example.org>", None, 5, None


def build(db, notices: int, subscribers: int, rng: random.Random) -> None:
    for j in JURISDICTIONS:
        upsert_source(db, {"id": f"src-{j.lower()}", "family": "feed", "name": f"Source {j}", "jurisdiction": j,
                           "agency": f"Agency {j}", "language": "en"})
    labels = []
    for n in range(notices):
        j = JURISDICTIONS[n % len(JURISDICTIONS)]
        words = rng.sample(WORDS, 8)
        paragraphs = [" ".join(rng.choices(WORDS, k=40)) + "." for _ in range(6)]
        text = f"Notice {n} on {' '.join(words)}\n" + "\n".join(paragraphs)
        commodities = rng.sample(COMMODITIES, 2)
        codes = [h + "".join(rng.choices("0123456789", k=6)) for h in rng.sample(HS, 2)]
        fetch = partial(record_fetch, db, source_id=f"src-{j.lower()}", native_id=f"n{n}", url=f"https://example.org/notice/{n}",
                        title=f"Notice {n}: measures on {commodities[0]} and {commodities[1]}", published=f"2026-11-{n % 28 + 1:02d}")
        _, vid = fetch(text=text)
        if n % 4 == 0:  # amended: a second version with one paragraph changed
            _, vid = fetch(text=text.replace(paragraphs[2], paragraphs[2] + " Quotas apply from 1 January."))
        labels.append({"id": vid, "relevant": True, "topics": rng.sample(TOPICS, 2), "direction": "tightening",
                       "commodities": commodities, "hs_codes": codes, "eccns": rng.sample(ECCNS, 1),
                       "effective_date": "2026-12-01", "doc_ids": [f"N-{n}"]})
    save_classifications(db, labels, "bench")
    db.execute("UPDATE versions SET matched_at = 'x' WHERE id NOT IN (SELECT version_id FROM classifications)")
    queries = [w for w in WORDS] + [f'"{a} {b}"' for a, b in pairwise(WORDS)] + \
              [f"{a} OR {b}*" for a, b in zip(WORDS, reversed(WORDS), strict=True)]
    subs = []
    for i in range(subscribers):
        kind = i % 5
        filters: dict = {}
        if kind == 0:
            filters["commodities"] = rng.sample(COMMODITIES, 3)
        elif kind == 1:
            filters["hs_codes"] = rng.sample(HS, 3)
        elif kind == 2:
            filters["jurisdictions"] = rng.sample(JURISDICTIONS, 2)
            filters["topics"] = rng.sample(TOPICS, 2)
        elif kind == 3:
            filters["keywords"] = rng.sample(queries, 2)
        else:
            filters["eccns"] = rng.sample(ECCNS, 2)
            filters["jurisdictions"] = rng.sample(JURISDICTIONS, 3)
        subs.append({"id": f"s{i:05d}", "name": f"Saved search {i}", "email": f"user{i % (subscribers * 9 // 10)}@example.com",
                     "mode": ["immediate", "daily", "weekly"][i % 3], "digest_time": "07:00", "digest_day": "mon",
                     "timezone": ["UTC", "Europe/London", "Asia/Shanghai", "America/New_York"][i % 4], "filters": filters})
    sync_subscriptions(db, subs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--notices", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        db = open_archive(Path(folder) / "bench.db")
        t = time.perf_counter()
        build(db, args.notices, args.subscribers, rng)
        setup = time.perf_counter() - t
        queued_at = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
        keyword_filters = [s.filters for s in active_subscriptions(db) if s.filters.keywords]
        document_ids = [row[0] for row in db.execute("SELECT id FROM documents")]
        t = time.perf_counter()
        keyword_hits(db, {k for f in keyword_filters for k in f.keywords}, document_ids)
        fts_batched = time.perf_counter() - t
        t = time.perf_counter()
        for f in keyword_filters:  # the naive way: each subscription's queries on their own
            keyword_hits(db, f.keywords, document_ids)
        fts_per_subscription = time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        queued = queue_matches(db, queued_at)
        match, match_cpu = time.perf_counter() - t, time.process_time() - c
        due = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)  # every daily and weekly slot has passed
        t, c = time.perf_counter(), time.process_time()
        deliveries = prepare_deliveries(db, due)
        prepare, prepare_cpu = time.perf_counter() - t, time.process_time() - c
        sizes: list[int] = []
        t, c = time.perf_counter(), time.process_time()
        report = send_pending(db, Settings(), now=due, channels=Channels(send=lambda s, m: sizes.append(len(m.as_bytes()))))
        render, render_cpu = time.perf_counter() - t, time.process_time() - c
        covered = db.execute("SELECT count(*) FROM outbox o JOIN delivery_items i ON i.delivery_id = o.delivery_id "
                             "AND i.version_id = o.version_id").fetchone()[0]
        result = {
            "subscribers": args.subscribers, "notices": args.notices,
            "versions": db.execute("SELECT count(*) FROM versions").fetchone()[0],
            "outbox_rows": queued, "deliveries": deliveries, "emails_rendered": report.sent,
            "items_in_emails": covered, "mean_email_bytes": round(sum(sizes) / max(len(sizes), 1)),
            "keyword_subscriptions": len(keyword_filters),
            "distinct_keyword_queries": len({k for f in keyword_filters for k in f.keywords}),
            "fts_seconds": {"once_per_distinct_query": round(fts_batched, 3),
                            "once_per_subscription": round(fts_per_subscription, 3)},
            "seconds": {"setup": round(setup, 2), "match": round(match, 2), "prepare": round(prepare, 2),
                        "render_and_mark_sent": round(render, 2), "total": round(match + prepare + render, 2)},
            "cpu_seconds": {"match": round(match_cpu, 2), "prepare": round(prepare_cpu, 2),
                            "render_and_mark_sent": round(render_cpu, 2),
                            "total": round(match_cpu + prepare_cpu + render_cpu, 2)},
            "load_average_1min": round(os.getloadavg()[0], 2),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                       f"SQLite {__import__('sqlite3').sqlite_version}",
        }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
