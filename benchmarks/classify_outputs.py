"""Write the classifier's outputs on a fixed set of notices, to compare two versions of the code.

    PYTHONPATH=. python benchmarks/classify_outputs.py OUT.jsonl [--dev ../shared/eval/dev.jsonl]

The set: every corpus notice as it is, without its language, and without its title;
the dev set when given; 6,000 benchmark notices (two seeds); 300 long notices made of
several corpus notices (so that the commodity matcher also reads past the head). A
change meant to be a pure speed-up must leave the file byte-identical:

    git stash; PYTHONPATH=. python benchmarks/classify_outputs.py /tmp/before.jsonl; git stash pop
    PYTHONPATH=. python benchmarks/classify_outputs.py /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from classify import make_notices  # noqa: E402

from nlp import load_classifier  # noqa: E402
from nlp.corpus_io import read_jsonl  # noqa: E402
from nlp.paths import corpus_files  # noqa: E402


def notice_sets(dev: Path | None) -> dict[str, list[dict]]:
    """Named lists of notices to classify."""
    corpus = [row for path in corpus_files() for row in read_jsonl(path)]
    sets = {
        "corpus": corpus,
        "no-lang": [{**row, "lang": None, "id": f"no-lang-{i}"} for i, row in enumerate(corpus)],
        "no-title": [{**row, "title": "", "id": f"no-title-{i}"} for i, row in enumerate(corpus)],
        "bench-1": make_notices(3000, seed=1),
        "bench-7": make_notices(3000, seed=7),
    }
    if dev is not None:
        sets["dev"] = list(read_jsonl(dev))
    rng = random.Random(3)
    long_notices = []
    for i in range(300):
        parts = [rng.choice(corpus) for _ in range(8)]
        same_lang = [p for p in parts if p["lang"] == parts[0]["lang"]]
        long_notices.append({"id": f"long-{i}", "title": parts[0]["title"], "text": "\n\n".join(p["text"] for p in same_lang),
                             "lang": parts[0]["lang"] if i % 2 else None, "published": parts[0].get("published")})
    sets["long"] = long_notices
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--dev", type=Path, default=None, help="an evaluation JSONL to include")
    args = parser.parse_args()
    classifier = load_classifier()
    with args.out.open("w", encoding="utf-8") as out:
        for name, notices in notice_sets(args.dev).items():
            for result in classifier.classify(notices):
                out.write(json.dumps({"set": name, **result}, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
