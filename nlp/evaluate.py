"""Precision, recall and F1 per taxonomy key for a labelled JSONL file (dev.jsonl format)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .corpus_io import read_jsonl

SET_KEYS = ("relevant", "topics", "commodities", "hs_codes", "eccns", "doc_ids")


def _norm_code(value: Any) -> str:
    return re.sub(r"[\s.\-]", "", str(value)).upper()


def _norm_id(value: Any) -> str:
    return re.sub(r"\s+", "", str(value)).lower()


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def score(gold_rows: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, Any]:
    """Compare predictions with gold rows ({"id", "gold": {...}}), counting as shared/eval/score.py does."""
    by_id = {p["id"]: p for p in predictions}
    counts = {key: [0, 0, 0] for key in SET_KEYS}
    direction_ok = direction_n = date_ok = date_n = 0
    for row in gold_rows:
        gold, pred = row["gold"], by_id.get(row["id"], {})
        gold_relevant, pred_relevant = bool(gold["relevant"]), bool(pred.get("relevant"))
        counts["relevant"][0] += gold_relevant and pred_relevant
        counts["relevant"][1] += pred_relevant and not gold_relevant
        counts["relevant"][2] += gold_relevant and not pred_relevant
        for key, normalise in (("topics", str), ("commodities", str), ("hs_codes", _norm_code), ("eccns", _norm_code)):
            gold_set = {normalise(x) for x in gold.get(key) or []}
            pred_set = {normalise(x) for x in pred.get(key) or []}
            counts[key][0] += len(gold_set & pred_set)
            counts[key][1] += len(pred_set - gold_set)
            counts[key][2] += len(gold_set - pred_set)
        gold_ids = [_norm_id(x) for x in gold.get("doc_ids") or []]
        pred_ids = [_norm_id(x) for x in pred.get("doc_ids") or []]
        hits = sum(any(a in b or b in a for b in pred_ids) for a in gold_ids)
        counts["doc_ids"][0] += hits
        counts["doc_ids"][2] += len(gold_ids) - hits
        counts["doc_ids"][1] += sum(not any(a in b or b in a for a in gold_ids) for b in pred_ids)
        if gold_relevant:
            direction_n += 1
            direction_ok += pred.get("direction") == gold.get("direction")
        if gold.get("effective_date"):
            date_n += 1
            date_ok += pred.get("effective_date") == gold["effective_date"]
    metrics: dict[str, Any] = {key: _prf(*values) for key, values in counts.items()}
    metrics["direction"] = {"accuracy": direction_ok / direction_n if direction_n else 1.0, "n": direction_n}
    metrics["effective_date"] = {"accuracy": date_ok / date_n if date_n else 1.0, "n": date_n}
    metrics["documents"] = len(gold_rows)
    return metrics


def evaluate(path: Path | str, classifier: Any | None = None) -> dict[str, Any]:
    """Classify the notices in a labelled JSONL file and score them per key."""
    from . import load_classifier

    rows = list(read_jsonl(Path(path)))
    clf = classifier or load_classifier()
    predictions = clf.classify(rows)
    metrics = score(rows, predictions)
    metrics["version"] = clf.version
    return metrics


def format_report(metrics: dict[str, Any]) -> str:
    """Human-readable table of `evaluate` results."""
    lines = []
    if "version" in metrics:
        lines.append(f"{metrics['version']} on {metrics.get('documents', '?')} documents")
    for key in SET_KEYS:
        m = metrics[key]
        lines.append(f"{key:14s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}  (tp={m['tp']} fp={m['fp']} fn={m['fn']})")
    lines.append(f"{'direction':14s} accuracy={metrics['direction']['accuracy']:.3f} on {metrics['direction']['n']} relevant documents")
    lines.append(f"{'effective_date':14s} accuracy={metrics['effective_date']['accuracy']:.3f} on {metrics['effective_date']['n']} documents with a stated date")
    return "\n".join(lines)
