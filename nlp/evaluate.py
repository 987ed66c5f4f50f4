"""Precision, recall and F1 per taxonomy key for a labelled JSONL file (dev.jsonl format), with 95 % intervals.

Every figure carries its count and a 95 % interval: Wilson for a proportion (direction
and effective-date accuracy, precision and recall), a bootstrap over events for F1
(`stats.bootstrap_f1`; notices of one event, `splits.event_groups`, are drawn together).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .corpus_io import read_jsonl
from .stats import bootstrap_f1, wilson
from .taxonomy import DIRECTIONS

SET_KEYS = ("relevant", "topics", "commodities", "hs_codes", "eccns", "doc_ids")


def _norm_code(value: Any) -> str:
    return re.sub(r"[\s.\-]", "", str(value)).upper()


def _norm_id(value: Any) -> str:
    return re.sub(r"\s+", "", str(value)).lower()


NO_DIRECTION = "none"  # the confusion matrix's column for a notice predicted without a direction (not relevant)


def _prf(per_notice: list[tuple[int, int, int]], groups: list[int] | None) -> dict[str, Any]:
    tp, fp, fn = (sum(c[j] for c in per_notice) for j in range(3))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "precision_ci": list(wilson(tp, tp + fp)), "recall_ci": list(wilson(tp, tp + fn)),
            "f1_ci": list(bootstrap_f1(per_notice, groups))}


def _accuracy(right: int, n: int) -> dict[str, Any]:
    return {"accuracy": right / n if n else 1.0, "right": right, "n": n, "accuracy_ci": list(wilson(right, n))}


def score(gold_rows: list[dict[str, Any]], predictions: list[dict[str, Any]],
          groups: list[int] | None = None) -> dict[str, Any]:
    """Compare predictions with gold rows ({"id", "gold": {...}}), counting as shared/eval/score.py does.

    `groups[i]` is the event of gold row i (`splits.event_groups`); F1 intervals resample
    events. Without it every notice is its own event.
    """
    by_id = {p["id"]: p for p in predictions}
    per_notice: dict[str, list[tuple[int, int, int]]] = {key: [] for key in SET_KEYS}
    confusion = {gold: dict.fromkeys((*DIRECTIONS, NO_DIRECTION), 0) for gold in DIRECTIONS}
    direction_ok = direction_n = date_ok = date_n = 0
    for row in gold_rows:
        gold, pred = row["gold"], by_id.get(row["id"], {})
        gold_relevant, pred_relevant = bool(gold["relevant"]), bool(pred.get("relevant"))
        per_notice["relevant"].append(
            (int(gold_relevant and pred_relevant), int(pred_relevant and not gold_relevant),
             int(gold_relevant and not pred_relevant)))
        for key, normalise in (("topics", str), ("commodities", str), ("hs_codes", _norm_code), ("eccns", _norm_code)):
            gold_set = {normalise(x) for x in gold.get(key) or []}
            pred_set = {normalise(x) for x in pred.get(key) or []}
            per_notice[key].append((len(gold_set & pred_set), len(pred_set - gold_set), len(gold_set - pred_set)))
        gold_ids = [_norm_id(x) for x in gold.get("doc_ids") or []]
        pred_ids = [_norm_id(x) for x in pred.get("doc_ids") or []]
        hits = sum(any(a in b or b in a for b in pred_ids) for a in gold_ids)
        per_notice["doc_ids"].append(
            (hits, sum(not any(a in b or b in a for a in gold_ids) for b in pred_ids), len(gold_ids) - hits))
        if gold_relevant:
            direction_n += 1
            direction_ok += pred.get("direction") == gold.get("direction")
            if gold.get("direction") in confusion:
                predicted = pred.get("direction")
                confusion[gold["direction"]][predicted if predicted in DIRECTIONS else NO_DIRECTION] += 1
        if gold.get("effective_date"):
            date_n += 1
            date_ok += pred.get("effective_date") == gold["effective_date"]
    metrics: dict[str, Any] = {key: _prf(values, groups) for key, values in per_notice.items()}
    metrics["direction"] = {**_accuracy(direction_ok, direction_n), "confusion": confusion}
    metrics["effective_date"] = _accuracy(date_ok, date_n)
    metrics["documents"] = len(gold_rows)
    metrics["events"] = len(set(groups)) if groups is not None else len(gold_rows)
    return metrics


def evaluate(path: Path | str, classifier: Any | None = None) -> dict[str, Any]:
    """Classify the notices in a labelled JSONL file and score them per key, intervals grouped by event."""
    rows = list(read_jsonl(Path(path)))
    return evaluate_rows(rows, classifier)


def evaluate_rows(rows: list[dict[str, Any]], classifier: Any | None = None) -> dict[str, Any]:
    """`evaluate` on labelled rows already read."""
    from . import load_classifier
    from .splits import event_groups

    clf = classifier or load_classifier()
    predictions = clf.classify(rows)
    metrics = score(rows, predictions, event_groups(rows))
    metrics["version"] = clf.version
    return metrics


def _ci(interval: list[float]) -> str:
    return f"[{interval[0]:.3f}, {interval[1]:.3f}]"


def format_report(metrics: dict[str, Any]) -> str:
    """Human-readable table of `evaluate` results: each figure with its count and 95 % interval."""
    lines = []
    if "version" in metrics:
        lines.append(f"{metrics['version']} on {metrics.get('documents', '?')} documents "
                     f"({metrics.get('events', '?')} events); 95 % intervals: Wilson, F1 by bootstrap over events")
    for key in SET_KEYS:
        m = metrics[key]
        lines.append(f"{key:14s} F1={m['f1']:.3f} {_ci(m['f1_ci'])}  P={m['precision']:.3f} {_ci(m['precision_ci'])}  "
                     f"R={m['recall']:.3f} {_ci(m['recall_ci'])}  (tp={m['tp']} fp={m['fp']} fn={m['fn']})")
    for key, what in (("direction", "relevant documents"), ("effective_date", "documents with a stated date")):
        m = metrics[key]
        lines.append(f"{key:14s} accuracy={m['accuracy']:.3f} {_ci(m['accuracy_ci'])}  ({m['right']}/{m['n']} {what})")
    confusion = metrics["direction"].get("confusion")
    if confusion:
        columns = [*DIRECTIONS, NO_DIRECTION]
        lines.append("direction confusion (rows: gold, columns: predicted; none = classified not relevant)")
        lines.append(" " * 14 + "".join(f"{c:>12s}" for c in columns))
        for gold in DIRECTIONS:
            lines.append(f"{gold:14s}" + "".join(f"{confusion[gold][c]:>12d}" for c in columns))
    return "\n".join(lines)
