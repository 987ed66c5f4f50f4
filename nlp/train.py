"""Train the English and Chinese topic/direction pipelines from nlp/corpus with nlp/config.cfg."""
from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train

from . import components  # noqa: F401  (registers the direction factory)
from .corpus_io import is_held_out, read_jsonl, record_language, write_docbin
from .lang import SUPPORTED_LANGUAGES
from .paths import CONFIG_PATH, model_dir, model_key, training_files

# Character n-grams stand in for words in Chinese, so they need a wider window.
# Direction leans on single cue words (and on rules.direction_cue_scores), so it
# uses a window one shorter, which also halves its share of the run time.
NGRAM_SIZE = {"en": 2, "zh": 3}
DIRECTION_NGRAM_SIZE = {"en": 1, "zh": 2}
# A person's correction is one notice among two thousand; it counts as this many, so the model learns it.
CORRECTION_WEIGHT = 20


def _weighted(records: list[dict]) -> list[dict]:
    """Corrections (kind "correction") repeated CORRECTION_WEIGHT times, under ids of their own."""
    out = []
    for record in records:
        if record.get("kind") == "correction":
            out += [{**record, "id": f"{record['id']}#{copy}"} for copy in range(CORRECTION_WEIGHT)]
        else:
            out.append(record)
    return out


def _train_language(lang: str, records: list[dict], work: Path, seed: int) -> Path:
    blank = spacy.blank(lang)
    train_records = [r for r in records if not is_held_out(r)]
    dev_records = [r for r in records if is_held_out(r)] or train_records[:10]
    write_docbin(blank, train_records, work / "train.spacy")
    write_docbin(blank, dev_records, work / "dev.spacy")
    overrides = {
        "nlp.lang": lang,
        "paths.train": str(work / "train.spacy"),
        "paths.dev": str(work / "dev.spacy"),
        "system.seed": seed,
        "components.topics.model.ngram_size": NGRAM_SIZE[lang],
        "components.direction.model.ngram_size": DIRECTION_NGRAM_SIZE[lang],
    }
    output = work / "output"
    log = io.StringIO()
    with contextlib.redirect_stdout(log):
        spacy_train(CONFIG_PATH, output, use_gpu=-1, overrides=overrides)
    (work.parent / f"training-{lang}.log").write_text(log.getvalue(), encoding="utf-8")
    return output / "model-last"


def train(output_dir: Path | None = None, seed: int = 0) -> Path:
    """Train both language pipelines and write them to `output_dir` (default: the model cache).

    The training data is the corpus and, when `regwatch nlp train` exported any, people's
    corrections (`model.training_files`), each weighted CORRECTION_WEIGHT times.

    Returns the directory, which then holds `en/` and `zh/` spaCy pipelines and a
    `training.json` with the model key, seed and corpus counts.
    """
    target = Path(output_dir) if output_dir is not None else model_dir()
    records = _weighted([record for path in training_files() for record in read_jsonl(path)])
    if not records:
        raise FileNotFoundError("nlp/corpus has no labelled notices to train from")
    by_lang = {lang: [r for r in records if record_language(r) == lang] for lang in SUPPORTED_LANGUAGES}
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    previous_level = logging.getLogger("spacy").level
    logging.getLogger("spacy").setLevel(logging.WARNING)
    try:
        for lang, lang_records in by_lang.items():
            model_path = _train_language(lang, lang_records, staging / f"work-{lang}", seed)
            shutil.copytree(model_path, staging / lang)
            shutil.move(str(staging / f"training-{lang}.log"), str(staging / lang / "training.log"))
            shutil.rmtree(staging / f"work-{lang}")
        (staging / "training.json").write_text(json.dumps({
            "model_key": model_key(), "seed": seed,
            "notices": {lang: len(rs) for lang, rs in by_lang.items()},
        }, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        logging.getLogger("spacy").setLevel(previous_level)
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
