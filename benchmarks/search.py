"""Search latency on a large synthetic archive, against a LIKE scan over the same data.

Builds an archive of N versions (default 1,000,000) through the real schema,
migrations and triggers, classifies every version, then times typical filtered
searches (``archive.search.search``, first page of 20) and, in the same run,
the same filters with the words matched by ``LIKE '%word%'`` over the current
text instead of the full-text index. Prints a Markdown section for BENCHMARKS.md.

    PYTHONPATH=. python benchmarks/search.py --versions 1000000 --out /tmp/regwatch-bench.db
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import open_archive  # noqa: E402
from archive.filters import Filters  # noqa: E402
from archive.filters import date_bound as _date_bound  # noqa: E402
from archive.search import _compile, count, facets, search, timeline  # noqa: E402
from archive.taxonomy import COMMODITIES, DIRECTIONS, TOPICS  # noqa: E402

SOURCES = [
    ("us-fr-bis", "US", "BIS"), ("us-fr-ofac", "US", "OFAC"), ("gb-ecju", "GB", "ECJU"),
    ("cn-mofcom", "CN", "MOFCOM"), ("cn-mofcom-en", "CN", "MOFCOM"), ("eu-oj", "EU", "COM"),
    ("jp-meti", "JP", "METI"), ("in-dgft", "IN", "DGFT"), ("kr-motie", "KR", "MOTIE"), ("au-dec", "AU", "DEC"),
]
COMMODITY_WORDS = {c: c.replace("_", " ") for c in COMMODITIES}
HS_BY_COMMODITY = {c: [f"{2800 + i * 7 % 900:04d}{j:02d}" for j in (10, 30, 90)] for i, c in enumerate(COMMODITIES)}
PHRASES = [
    "export licence", "end user", "entity list", "general licence", "control list", "anti-dumping duty",
    "asset freeze", "licence exception", "dual-use items", "customs declaration",
]
COMMON = ("the of and to in for on by with under that this is are be as from at or items goods exporters "
          "ministry announcement notice regulation measure control controls export exports import licence "
          "licensing application applications shall may must within days date effective public persons "
          "entities list amended amendment annex article paragraph section provisions procedure").split()


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ka", "ro", "ti", "lem", "sor", "an", "ver", "qui", "dal", "mon", "pe", "tra", "zu", "nel", "gor"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _fragments(rng: random.Random, count: int = 30000) -> list[str]:
    """Sentence-like fragments of 50-90 characters: common words, rarer words and domain phrases."""
    rare = _vocabulary(rng)
    out = []
    for _ in range(count):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < rng.randint(50, 90):
            roll = rng.random()
            if roll < 0.62:
                words.append(rng.choice(COMMON))
            elif roll < 0.995:
                words.append(rare[min(len(rare) - 1, int(rng.paretovariate(1.1)) - 1)] if rng.random() < .5
                             else rng.choice(rare))
            else:
                words.append(rng.choice(PHRASES))
        out.append(" ".join(words).capitalize() + ".")
    return out


def _labels(rng: random.Random, published: date) -> dict:
    relevant = rng.random() < 0.7
    if not relevant:
        return {"relevant": 0, "topics": [], "direction": None, "commodities": [], "hs_codes": [], "eccns": [],
                "effective_date": None, "doc_ids": []}
    commodities = sorted({COMMODITIES[min(len(COMMODITIES) - 1, int(rng.paretovariate(0.9)) - 1)]
                          for _ in range(rng.randint(0, 3))})
    hs = sorted({rng.choice(HS_BY_COMMODITY[c]) for c in commodities if rng.random() < 0.6})
    return {
        "relevant": 1, "topics": sorted(rng.sample(TOPICS, rng.randint(1, 2))), "direction": rng.choice(DIRECTIONS),
        "commodities": commodities, "hs_codes": hs, "eccns": ["3A090"] if rng.random() < 0.05 else [],
        "effective_date": (published + timedelta(days=rng.randint(0, 120))).isoformat() if rng.random() < 0.8 else None,
        "doc_ids": [f"No. {rng.randint(1, 99)} of {published.year}"],
    }


def build(path: Path, versions: int, seed: int = 7, progress=print) -> dict:
    """Fill a new archive at PATH with about VERSIONS versions (2.5 per notice on average)."""
    if path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    rng = random.Random(seed)
    fragments = _fragments(rng)
    db = open_archive(path)
    db.execute("PRAGMA cache_size=-400000")
    for source_id, jurisdiction, agency in SOURCES:
        db.execute("INSERT INTO sources (id, family, name, jurisdiction, agency, language) VALUES (?, ?, ?, ?, ?, 'en')",
                   [source_id, "feed", source_id, jurisdiction, agency])
    start = time.perf_counter()
    version_id, document_id, batch = 0, 0, 20000
    docs: list[tuple] = []
    vers: list[tuple] = []
    labels: list[tuple] = []
    epoch = date(2015, 1, 1).toordinal()
    span = date(2026, 11, 1).toordinal() - epoch

    def flush() -> None:
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO documents (id, source_id, native_id, url, title, published, language, first_seen, "
                "last_seen, current_version_id, version_count) VALUES (?, ?, ?, ?, ?, ?, 'en', ?, ?, ?, ?)", docs)
            db.conn.executemany(
                "INSERT INTO versions (id, document_id, number, title, text, content_hash, url, fetched_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", vers)
            db.conn.executemany(
                "INSERT INTO classifications (version_id, model_version, relevant, topics, direction, commodities, "
                "hs_codes, eccns, effective_date, doc_ids, classified_at) VALUES (?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                labels)
        for rows in (docs, vers, labels):
            rows.clear()

    while version_id < versions:
        document_id += 1
        source_id = SOURCES[min(len(SOURCES) - 1, int(rng.paretovariate(0.8)) - 1)][0]
        published = date.fromordinal(epoch + rng.randrange(span))
        count = min(versions - version_id, rng.choice((1, 1, 2, 2, 3, 3, 4, 4)))
        parts = rng.sample(fragments, rng.randint(5, 7))
        title_words = " ".join(rng.choice(fragments).split()[:6])
        first = version_id + 1
        for number in range(1, count + 1):
            version_id += 1
            label = _labels(rng, published)
            if number > 1:
                parts[rng.randrange(len(parts))] = rng.choice(fragments)
            mention = " ".join(COMMODITY_WORDS[c] for c in label["commodities"])
            text = " ".join(parts) + (f" This measure concerns {mention}." if mention else "")
            stamp = f"{published.isoformat()}T12:00:00+00:00"
            vers.append((version_id, document_id, number, title_words, text, f"{version_id:064x}",
                         f"https://example.org/{document_id}", stamp))
            labels.append((version_id, label["relevant"], json.dumps(label["topics"]), label["direction"],
                           json.dumps(label["commodities"]), json.dumps(label["hs_codes"]), json.dumps(label["eccns"]),
                           label["effective_date"], json.dumps(label["doc_ids"]), stamp))
        docs.append((document_id, source_id, f"N{document_id}", f"https://example.org/{document_id}", title_words,
                     published.isoformat(), f"{published.isoformat()}T12:00:00+00:00",
                     f"{published.isoformat()}T12:00:00+00:00", first + count - 1, count))
        if len(vers) >= batch:
            flush()
            progress(f"  {version_id:,} versions, {time.perf_counter() - start:.0f} s")
    flush()
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    built = time.perf_counter() - start
    db.close()
    return {"versions": version_id, "documents": document_id, "build_seconds": built}


def queries(rng: random.Random, n: int) -> list[tuple[str, str, Filters]]:
    """Typical compliance-officer searches: words plus filters, and filters alone."""
    jurisdictions = sorted({j for _, j, _ in SOURCES})
    popular = list(COMMODITIES[:12]) + ["gallium", "graphite", "germanium", "antimony", "semiconductors"]
    out = []
    for i in range(n):
        kind = i % 5
        commodity = rng.choice(popular)
        year = rng.randint(2017, 2025)
        if kind == 0:
            out.append(("word + jurisdiction + since", COMMODITY_WORDS[commodity].split()[0],
                        Filters(jurisdictions=[rng.choice(jurisdictions)], since=f"{year}-01-01")))
        elif kind == 1:
            out.append(("phrase + topic + relevant", f'"{rng.choice(PHRASES)}"',
                        Filters(topics=[rng.choice(TOPICS)], relevant_only=True)))
        elif kind == 2:
            out.append(("commodity + jurisdiction + effective (no words)", "",
                        Filters(commodities=[commodity], jurisdictions=[rng.choice(jurisdictions)],
                                      effective_since=f"{year}-06-01")))
        elif kind == 3:
            code = rng.choice(HS_BY_COMMODITY[commodity])[:4]
            out.append(("word + HS prefix", rng.choice(COMMON[20:]), Filters(hs_codes=[code])))
        else:
            out.append(("word + direction + one year", rng.choice(["licence", "entity", "duty", "freeze", "annex"]),
                        Filters(directions=[rng.choice(DIRECTIONS)], since=str(year), until=str(year))))
    return out


def like_scan(db, words: str, filters: Filters) -> tuple[list, int]:
    """The same search without the index: filters in SQL, words by LIKE over the current title and text.

    Returns the first page of 20 (newest first: a LIKE cannot rank) and the number of matches.
    """
    compiled = _compile(db, None, filters)
    where, params = list(compiled.where), list(compiled.params)
    where.extend(_label_conditions(filters))  # the tag words and date bounds, as SQL without the index
    for word in [w.strip('"') for w in ([words] if words.startswith('"') else words.split())]:
        where.append("(d.title LIKE ? OR v.text LIKE ?)")
        params.extend([f"%{word}%", f"%{word}%"])
    tables = ("documents d JOIN sources s ON s.id = d.source_id "
              "LEFT JOIN classifications c ON c.version_id = d.current_version_id "
              "JOIN versions v ON v.id = d.current_version_id")
    condition = " AND ".join(where) or "1"
    page = list(db.query(f"SELECT d.id FROM {tables} WHERE {condition} ORDER BY d.published DESC LIMIT 20", params))
    total = db.execute(f"SELECT count(*) FROM {tables} WHERE {condition}", params).fetchone()[0]
    return page, total


def _label_conditions(filters: Filters) -> list[str]:
    """SQL for the label filters the index answers with tag words (values are slugs checked upstream)."""
    out = []
    quoted = lambda values: ", ".join("'" + v.replace("'", "''") + "'" for v in values)  # noqa: E731
    if filters.jurisdictions:
        out.append(f"upper(s.jurisdiction) IN ({quoted([j.upper() for j in filters.jurisdictions])})")
    if filters.directions:
        out.append(f"c.direction IN ({quoted(filters.directions)})")
    if filters.topics:
        out.append(f"EXISTS (SELECT 1 FROM json_each(c.topics) WHERE value IN ({quoted(filters.topics)}))")
    if filters.commodities:
        out.append(f"EXISTS (SELECT 1 FROM json_each(c.commodities) WHERE value IN ({quoted(filters.commodities)}))")
    if filters.hs_codes:
        out.append("EXISTS (SELECT 1 FROM json_each(c.hs_codes) WHERE "
                   + " OR ".join(f"value LIKE '{h}%'" for h in filters.hs_codes) + ")")
    if filters.relevant_only:
        out.append("c.relevant = 1")
    for column, low, high in (("d.published", filters.since, filters.until),
                              ("c.effective_date", filters.effective_since, filters.effective_until)):
        if low:
            out.append(f"{column} >= '{_date_bound(low, 'since', upper=False)}'")
        if high:
            out.append(f"{column} < '{_date_bound(high, 'until', upper=True)}'")
    return out


def ranking_parts(db, words: str, filters: Filters) -> dict[str, float] | None:
    """Milliseconds of the parts of one search ranked by BM25 (None for a search without words).

    ``intersection``: counting the notices that match words and filters, the walk any exact ranking
    of them needs; ``bm25 set-up``: SQLite's bm25() for a single matching notice, which is what it
    reads before ranking anything (the number of notices containing each phrase of the match,
    filters' tag words included); ``ranked page``: the first 20 by relevance, as ``search`` asks;
    ``page less set-up``: what the ranked page would take if bm25() had its counts for free.
    """
    compiled = _compile(db, words, filters)
    if not compiled.has_words:
        return None
    where, params = compiled.index_clause(), compiled.index_params()
    first = db.execute(f"SELECT rowid FROM notice_search WHERE {where} LIMIT 1", params).fetchone()
    if first is None:
        return None
    bm25 = "bm25(notice_search, 5.0, 1.0, 5.0, 0.0)"
    parts = {
        "intersection": timed(lambda: db.execute(f"SELECT count(*) FROM notice_search WHERE {where}",
                                                 params).fetchall(), repeat=3),
        "bm25 set-up": timed(lambda: db.execute(f"SELECT {bm25} FROM notice_search WHERE {where} AND rowid = ?",
                                                [*params, first[0]]).fetchall(), repeat=3),
        "ranked page": timed(lambda: search(db, words, filters, order="relevance"), repeat=3),
    }
    parts["page less set-up"] = max(0.0, parts["ranked page"] - parts["bm25 set-up"])
    return parts


def print_breakdown(db, plan) -> None:
    """A Markdown table of where the time of ranking by relevance goes, by kind of search."""
    parts: dict[str, dict[str, list[float]]] = {}
    for kind, words, filters in plan:
        measured = ranking_parts(db, words, filters)
        if measured:
            for name, ms in measured.items():
                parts.setdefault(kind, {}).setdefault(name, []).append(ms)
    names = ("intersection", "bm25 set-up", "ranked page", "page less set-up")
    print("| search | runs | " + " | ".join(f"{n} p50 | {n} p95" for n in names) + " |")
    print("|---|---|" + "---|---|" * len(names))
    every: dict[str, list[float]] = {n: [] for n in names}
    for kind, row in parts.items():
        cells = []
        for name in names:
            every[name].extend(row[name])
            cells += [f"{_pct(row[name], .5):.1f}", f"{_pct(row[name], .95):.1f}"]
        print(f"| {kind} | {len(row['ranked page'])} | " + " | ".join(cells) + " |")
    cells = [f"{_pct(every[n], q):.1f}" for n in names for q in (.5, .95)]
    print(f"| **all with words** | {len(every['ranked page'])} | " + " | ".join(cells) + " |")


def timed(function, *args, repeat: int = 1) -> float:
    """Median milliseconds of REPEAT calls (other work on a shared machine makes single runs noisy)."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=1_000_000)
    parser.add_argument("--out", default="/tmp/regwatch-bench.db")
    parser.add_argument("--reuse", action="store_true", help="time searches on an archive built before")
    parser.add_argument("--queries", type=int, default=200, help="indexed searches to time")
    parser.add_argument("--scans", type=int, default=20, help="of those, how many also run as LIKE scans")
    parser.add_argument("--breakdown", action="store_true",
                        help="only time the parts of ranking by relevance (on an archive built before)")
    args = parser.parse_args()
    path = Path(args.out)
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    if args.reuse and path.exists():
        built = None
    else:
        say(f"building {args.versions:,} versions into {path}")
        built = build(path, args.versions, progress=say)
    size = sum(os.path.getsize(p) for p in (str(path), f"{path}-wal") if os.path.exists(p))
    db = open_archive(path)
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "versions")}
    rng = random.Random(11)
    plan = queries(rng, args.queries)
    if args.breakdown:
        print_breakdown(db, plan)
        return 0
    for _, words, filters in plan[:10]:  # warm the page cache the way a running server would be
        search(db, words, filters)
    load_before = open("/proc/loadavg").read().split()[:3]
    by_kind: dict[str, dict[str, list[float]]] = {}
    totals: dict[str, list[float]] = {"relevance": [], "date": [], "relevance+count": [], "date+count": []}
    hits = []
    for kind, words, filters in plan:
        row = by_kind.setdefault(kind, {"relevance": [], "date": []})
        for order in ("relevance", "date"):
            page = timed(partial(search, order=order), db, words, filters, repeat=3)
            counted = timed(count, db, words, filters, repeat=3)
            row[order].append(page)
            totals[order].append(page)
            totals[f"{order}+count"].append(page + counted)
        hits.append(len(search(db, words, filters)))
    scans: list[tuple[float, float, float]] = []  # (index by relevance + count, index by date + count, LIKE)
    disagreements: list[str] = []
    for _, words, filters in plan[: args.scans]:
        counted = timed(count, db, words, filters, repeat=3)
        relevance = timed(partial(search, order="relevance"), db, words, filters, repeat=3) + counted
        newest = timed(partial(search, order="date"), db, words, filters, repeat=3) + counted
        scan = timed(like_scan, db, words, filters)
        if like_scan(db, words, filters)[1] != count(db, words, filters):
            disagreements.append(f"{words!r} {filters}")  # LIKE matches inside words; the index whole words
        scans.append((relevance, newest, scan))
    summaries = []  # the search page's facets and timeline, computed once per search and archive state
    for words, filters in [("", Filters()), ("licence", Filters()),
                           ("graphite", Filters(jurisdictions=["CN"], since="2023")),
                           ("", Filters(commodities=["gallium"], relevant_only=True))]:
        summaries.append((words, filters, timed(lambda w, f: (facets(db, w, f), timeline(db, w, f)), words, filters)))
    load_after = open("/proc/loadavg").read().split()[:3]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print("## Search\n")
    print(f"Machine: {os.cpu_count()} cores ({cpu}), 23 GB RAM, Python {platform.python_version()}, "
          f"SQLite {__import__('sqlite3').sqlite_version}; shared with other work (load average "
          f"{' '.join(load_before)} before the searches, {' '.join(load_after)} after). "
          f"Command: `PYTHONPATH=. python benchmarks/search.py "
          f"{'--reuse' if built is None else f'--versions {args.versions}'} "
          f"--queries {args.queries} --scans {args.scans}`.\n")
    print(f"Archive: {counts['versions']:,} versions of {counts['documents']:,} notices, every version classified; "
          f"{size / 1e6:,.0f} MB on disk" + (f"; built in {built['build_seconds']:.0f} s." if built else "."))
    print("\nFirst page of 20, milliseconds (each the median of 3 runs of that search):\n")
    print("| search | runs | relevance p50 | relevance p95 | newest first p50 | newest first p95 |")
    print("|---|---|---|---|---|---|")
    for kind, row in by_kind.items():
        r, d = row["relevance"], row["date"]
        print(f"| {kind} | {len(r)} | {_pct(r, .5):.1f} | {_pct(r, .95):.1f} | {_pct(d, .5):.1f} | {_pct(d, .95):.1f} |")
    r, d = totals["relevance"], totals["date"]
    print(f"| **all** | {len(r)} | {_pct(r, .5):.1f} | {_pct(r, .95):.1f} | {_pct(d, .5):.1f} | {_pct(d, .95):.1f} |")
    r, d = totals["relevance+count"], totals["date+count"]
    print(f"| all, page and total count (what `regwatch ui` shows) | {len(r)} | {_pct(r, .5):.1f} | "
          f"{_pct(r, .95):.1f} | {_pct(d, .5):.1f} | {_pct(d, .95):.1f} |")
    agreement = ("both ways found the same number of notices for every search" if not disagreements else
                 f"the counts differed for {len(disagreements)} (LIKE also matches inside longer words): "
                 + "; ".join(disagreements))
    print(f"\nSame run, the first {len(scans)} of those searches done both ways, page of 20 and total count "
          f"({agreement}):\n")
    print("| method | p50 ms | p95 ms |\n|---|---|---|")
    for index, name in ((0, "index, by relevance"), (1, "index, newest first")):
        values = [s[index] for s in scans]
        print(f"| {name} | {_pct(values, .5):.1f} | {_pct(values, .95):.1f} |")
    like = [s[2] for s in scans]
    print(f"| LIKE scan of the current versions, same filters (newest first; a LIKE cannot rank) | "
          f"{_pct(like, .5):.1f} | {_pct(like, .95):.1f} |")
    for index, name in ((0, "by relevance"), (1, "newest first")):
        values = [s[index] for s in scans]
        ratios = [s[2] / max(s[index], 0.001) for s in scans]
        print(f"\nIndex {name} vs scan: {_pct(like, .5) / _pct(values, .5):.0f}× faster at the median, "
              f"{_pct(like, .95) / _pct(values, .95):.0f}× at p95; per search from {min(ratios):.0f}× "
              f"to {max(ratios):.0f}× (median {statistics.median(ratios):.0f}×).")
    print("\nThe search page's facets (six, with counts) and timeline, computed once per search until the "
          "archive changes:\n")
    print("| search | ms |\n|---|---|")
    for words, filters, ms in summaries:
        given = {k: v for k, v in vars(filters).items() if v}
        print(f"| {words or '(no words)'} {given or ''} | {ms:.0f} |")
    print(f"\nSearches returned {statistics.mean(hits):.1f} notices on their first page on average (of 20 at most). "
          "Index timings are medians of 3 runs; each scan ran once.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
