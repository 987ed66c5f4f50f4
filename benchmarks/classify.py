"""Throughput of the regwatch classifier on ~2 KB notices, next to spaCy's bare tokenizer.

    PYTHONPATH=. python benchmarks/classify.py [--notices 2000] [--repeat 3] [--by-language]

Both figures are measured in the same process on the same texts, on one core
(the classifier is single-threaded), and reported as notices per second of CPU
time of this process, so other load on the machine disturbs them little. The two
measurements alternate, and the best of the repeats counts.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp import load_classifier  # noqa: E402
from nlp.corpus_io import read_jsonl  # noqa: E402
from nlp.paths import corpus_files  # noqa: E402

TARGET_BYTES = 2048


def make_notices(count: int, seed: int = 1) -> list[dict]:
    """~2 KB notices made by concatenating corpus notices of the same language."""
    rng = random.Random(seed)
    pool = [r for path in corpus_files() for r in read_jsonl(path)]
    by_lang = {lang: [r for r in pool if r["lang"] == lang] for lang in ("en", "zh")}
    notices = []
    for i in range(count):
        lang = "zh" if i % 4 == 3 else "en"
        parts, size = [], 0
        first = rng.choice(by_lang[lang])
        while size < TARGET_BYTES:
            part = rng.choice(by_lang[lang])["text"]
            parts.append(part)
            size += len(part.encode("utf-8"))
        text = "\n\n".join(parts).encode("utf-8")[:TARGET_BYTES].decode("utf-8", "ignore")
        notices.append({"id": i, "title": first["title"], "text": text, "lang": lang, "published": first["published"]})
    return notices


def cpu_seconds(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--by-language", action="store_true",
                        help="also measure each language's notices on their own (same method)")
    args = parser.parse_args()

    clf = load_classifier()
    notices = make_notices(args.notices)
    texts_by_lang = {lang: [f"{n['title']}\n\n{n['text']}" for n in notices if n["lang"] == lang] for lang in ("en", "zh")}
    mean_bytes = sum(len(f"{n['title']}\n\n{n['text']}".encode()) for n in notices) / len(notices)
    clf.classify(notices[:50])  # warm up

    def tokenize_only() -> None:
        for lang, texts in texts_by_lang.items():
            for _ in clf.pipelines[lang].tokenizer.pipe(texts, batch_size=64):  # type: ignore[union-attr]  # spaCy types the tokenizer as a bare callable
                pass

    tokenizer_best = classify_best = float("inf")
    for _ in range(args.repeat):
        tokenizer_best = min(tokenizer_best, cpu_seconds(tokenize_only))
        classify_best = min(classify_best, cpu_seconds(lambda: clf.classify(notices)))
    tokenizer_rate = len(notices) / tokenizer_best
    classify_rate = len(notices) / classify_best

    print(f"machine: {platform.machine()} {platform.processor() or ''} | {os.cpu_count()} cores | "
          f"Python {platform.python_version()} | {platform.platform()}")
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
        if model:
            print(f"cpu: {model}")
    except OSError:
        pass
    print(f"classifier: {clf.version}")
    print(f"notices: {len(notices)} ({len(texts_by_lang['en'])} en, {len(texts_by_lang['zh'])} zh), mean {mean_bytes:.0f} bytes, best of {args.repeat} (CPU time)")
    print(f"tokenizer only (nlp.tokenizer.pipe): {tokenizer_rate:,.0f} notices/s per core")
    print(f"full classify():                     {classify_rate:,.0f} notices/s per core")
    print(f"classify / tokenizer time ratio:     {tokenizer_rate / classify_rate:.2f}x")
    if args.by_language:
        for lang, texts in texts_by_lang.items():
            own = [n for n in notices if n["lang"] == lang]
            tokenizer_lang = classify_lang = float("inf")
            for _ in range(args.repeat):
                tokenizer_lang = min(tokenizer_lang, cpu_seconds(
                    lambda lang=lang, texts=texts: [None for _ in clf.pipelines[lang].tokenizer.pipe(texts, batch_size=64)]))  # type: ignore[union-attr]  # as above
                classify_lang = min(classify_lang, cpu_seconds(partial(clf.classify, own)))
            print(f"{lang} only ({len(own)} notices): tokenizer {tokenizer_lang:.3f} s, classify() {classify_lang:.3f} s, "
                  f"ratio {classify_lang / tokenizer_lang:.2f}x")


if __name__ == "__main__":
    main()
