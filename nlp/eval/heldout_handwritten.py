"""Score the classifier on the corpus's hand-written notices with a model trained without them.

    PYTHONPATH=. python nlp/eval/heldout_handwritten.py WORK_DIR

A second check of generality beside the challenge set: the hand-written notices are
removed from the corpus, both pipelines are trained on the rest into WORK_DIR (about a
minute; reused when WORK_DIR already holds them), and the full classifier (gate, rules
and cues included) is scored on the removed notices. Their gold has relevance, topics
and direction only, so only those keys are reported.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import spacy

from nlp import train as training
from nlp.classifier import Classifier
from nlp.corpus_io import read_jsonl
from nlp.evaluate import score
from nlp.paths import CORPUS_DIR


def main(work_dir: Path) -> None:
    records = list(read_jsonl(CORPUS_DIR / "notices.jsonl"))
    held_out = [r for r in records if r.get("kind") == "handwritten"]
    kept = [r for r in records if r.get("kind") != "handwritten"]
    model_dir = work_dir / "model"
    if not (model_dir / "en").exists():
        work_dir.mkdir(parents=True, exist_ok=True)
        corpus = work_dir / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
        training.corpus_files = lambda: [corpus]
        training.train(model_dir)
    classifier = Classifier({lang: spacy.load(model_dir / lang) for lang in ("en", "zh")}, "held-out")
    metrics = score(held_out, classifier.classify(held_out))
    print(f"{len(held_out)} hand-written notices: relevance F1={metrics['relevant']['f1']:.3f} "
          f"topics F1={metrics['topics']['f1']:.3f} direction accuracy={metrics['direction']['accuracy']:.3f} "
          f"(on {metrics['direction']['n']} relevant)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: heldout_handwritten.py WORK_DIR")
    main(Path(sys.argv[1]))
