"""Score the classifier on the corpus's hand-written notices with a model trained without them.

    PYTHONPATH=. python nlp/eval/heldout_handwritten.py WORK_DIR

A second check of generality beside the challenge set: the hand-written notices are
removed from the corpus, both pipelines are trained on the rest into WORK_DIR (about a
minute; reused when WORK_DIR already holds them), and the full classifier (gate, rules
and cues included) is scored on the removed notices. Their gold has relevance, topics
and direction only, so only those keys are reported. The split is grouped by event
(`splits.grouped_split`): a corpus notice that reports the same event as a hand-written
one, or shares its template, is held out with it, so the model never saw the event.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import spacy

from nlp import train as training
from nlp.classifier import Classifier
from nlp.corpus_io import read_jsonl
from nlp.evaluate import format_report, score
from nlp.paths import CORPUS_DIR
from nlp.splits import event_groups, grouped_split


def main(work_dir: Path) -> None:
    records = list(read_jsonl(CORPUS_DIR / "notices.jsonl"))
    kept, held_with_events = grouped_split(records, lambda r: r.get("kind") == "handwritten")
    held_out = [r for r in held_with_events if r.get("kind") == "handwritten"]
    model_dir = work_dir / "model"
    if not (model_dir / "en").exists():
        work_dir.mkdir(parents=True, exist_ok=True)
        corpus = work_dir / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
        training.training_files = lambda: [corpus]
        training.train(model_dir)
    classifier = Classifier({lang: spacy.load(model_dir / lang) for lang in ("en", "zh")}, "held-out")
    metrics = score(held_out, classifier.classify(held_out), event_groups(held_out))
    print(f"{len(held_out)} hand-written notices scored; {len(held_with_events) - len(held_out)} corpus notices "
          f"of the same events held out of training with them")
    print("\n".join(line for line in format_report(metrics).splitlines()
                    if line.split(" ", 1)[0] in {"relevant", "topics", "direction"} or line.startswith((" ", "tight", "eas", "proc"))))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: heldout_handwritten.py WORK_DIR")
    main(Path(sys.argv[1]))
