"""Main-text extraction compared with trafilatura on every bundled source's fixture notice page.

For each fixture whose expected notice is an HTML page, both extractors read the page without a body
selector (the case the extractor exists for) and their text is compared, line by line, with the text the
fixture expects: exact match, and the F1 of lines (each normalised; recall: expected lines found, precision:
lines found that are expected, so furniture costs precision). With ``--scale N`` every page is also grown to
N times its paragraphs to time both at 1× and N×. trafilatura is not a dependency: install it to compare.

    PYTHONPATH=. python benchmarks/extract_compare.py [--scale 4]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.extract import html_to_text, largest_block_text, normalise_text  # noqa: E402
from regwatch.config import parse_config  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def notice_page(folder: Path, spec: dict[str, Any]) -> Path | None:
    """The HTML file the fixture serves for its expected notice's URL, if it is one."""
    url = urlparse(spec["expect"]["notice"]["url"].replace("{base}", "http://x"))
    query = parse_qs(url.query, keep_blank_values=True)
    for route in spec["routes"]:
        wanted = route.get("query", {})
        if route["path"] == url.path and all(str(v) in query.get(k, []) for k, v in wanted.items()):
            path = folder / route["file"]
            return path if path.suffix in (".html", ".htm", "") and path.is_file() else None
    return None


def line_f1(found: str, expected: str) -> float:
    got, want = set(found.split("\n")) - {""}, set(expected.split("\n")) - {""}
    if not got or not want:
        return 0.0
    hits = len(got & want)
    precision, recall = hits / len(got), hits / len(want)
    return 0.0 if not hits else 2 * precision * recall / (precision + recall)


def grown(page: str, factor: int) -> str:
    """PAGE with its paragraphs repeated FACTOR times (the same structure, FACTOR times the text)."""
    return re.sub(r"(<p[ >].*?</p>)", lambda m: m.group(1) * factor, page, flags=re.S)


def timed(work: Any, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=4)
    args = parser.parse_args()
    import trafilatura

    families = {s.id: s.family for s in parse_config({"include_bundled_sources": True}).sources}
    print("| fixture page | ours exact | ours line F1 | trafilatura exact | trafilatura line F1 | ours ms 1×/N× | trafilatura ms 1×/N× |")
    print("|---|---|---|---|---|---|---|")
    totals = {"ours": 0, "trafilatura": 0}
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "fixture.json").is_file()):
        spec = json.loads((folder / "fixture.json").read_text("utf-8"))
        if "expect" not in spec or "notice" not in spec["expect"]:
            continue
        page_path = notice_page(folder, spec)
        if page_path is None:
            continue
        page = page_path.read_text("utf-8")
        expected = (folder / spec["expect"]["notice"]["text_file"]).read_text("utf-8").strip()

        def ours(html: str, family: str = families.get(folder.name, "")) -> str:
            return largest_block_text(html).text if family == "mofcom" else html_to_text(html)

        def theirs(html: str) -> str:
            return normalise_text(trafilatura.extract(html, include_tables=True, include_comments=False,
                                                      favor_recall=True) or "")

        row = []
        for name, extractor in (("ours", ours), ("trafilatura", theirs)):
            text = extractor(page)
            exact = text == expected
            totals[name] += exact
            row.append((exact, line_f1(text, expected)))
        big = grown(page, args.scale)
        times = [(timed(partial(ours, page)), timed(partial(ours, big))),
                 (timed(partial(theirs, page)), timed(partial(theirs, big)))]
        print(f"| {folder.name}/{page_path.name} | {'yes' if row[0][0] else 'no'} | {row[0][1]:.2f} | "
              f"{'yes' if row[1][0] else 'no'} | {row[1][1]:.2f} | {times[0][0] * 1000:.1f} / {times[0][1] * 1000:.1f} | "
              f"{times[1][0] * 1000:.1f} / {times[1][1] * 1000:.1f} |")
    print(f"\nexact matches: ours {totals['ours']}, trafilatura {totals['trafilatura']}")


if __name__ == "__main__":
    main()
