"""Where the trained pipelines live, how they are named, and how they are loaded offline.

The pipelines are not shipped: they are trained from `nlp/corpus/` with `nlp/config.cfg`
on first use (about a minute on one core) into a cache directory keyed by a hash of
the corpus, the config and the training code, and reused from there afterwards.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the direction factory)
from .lang import SUPPORTED_LANGUAGES

if TYPE_CHECKING:
    from .classifier import Classifier

CODE_VERSION = "0.2.0"
PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = PACKAGE_DIR / "config.cfg"
CORPUS_DIR = PACKAGE_DIR / "corpus"
# Sources whose change alters the trained model / the rule-based outputs.
# rules.py: the vocabulary that tells a list line from an operative one (corpus_io.is_list_line).
_MODEL_INPUTS = ("config.cfg", "train.py", "corpus_io.py", "components.py", "rules.py")
_RULE_INPUTS = (
    "classifier.py", "codes.py", "commodities.py", "commodity_terms.json", "dates.py", "doc_ids.py", "features.py",
    "frames.py", "gist.py", "lang.py", "literals.py", "rules.py", "taxonomy.py",
)


def corpus_files() -> list[Path]:
    """The labelled training corpus files, in a stable order."""
    return sorted(CORPUS_DIR.glob("*.jsonl"))


def corrections_file() -> Path:
    """People's corrections exported from an archive by `regwatch nlp train`: training data beside the corpus."""
    return cache_root() / "corrections.jsonl"


def training_files() -> list[Path]:
    """What the model is trained on: the corpus, and the exported corrections when there are any."""
    corrections = corrections_file()
    return corpus_files() + ([corrections] if corrections.is_file() and corrections.stat().st_size else [])


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        name = path.relative_to(PACKAGE_DIR).as_posix() if path.is_relative_to(PACKAGE_DIR) else path.name
        sha.update(name.encode())
        sha.update(b"\0")
        sha.update(path.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()


def model_key() -> str:
    """Short hash of everything the trained model depends on."""
    inputs = [PACKAGE_DIR / name for name in _MODEL_INPUTS if (PACKAGE_DIR / name).exists()]
    return f"{CODE_VERSION}-{_digest(inputs + training_files())[:12]}"


def classifier_version() -> str:
    """Version string recorded with every classification: code version + hash of model and rules."""
    rules = [PACKAGE_DIR / name for name in _RULE_INPUTS]
    sha = hashlib.sha256((model_key() + _digest(rules)).encode()).hexdigest()[:10]
    return f"regwatch-nlp {CODE_VERSION}+{sha}"


def cache_root() -> Path:
    """Directory that holds built pipelines ($REGWATCH_NLP_CACHE, else ~/.cache/regwatch/nlp)."""
    configured = os.environ.get("REGWATCH_NLP_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "regwatch" / "nlp"


def model_dir() -> Path:
    """Cache directory of the pipelines for the current corpus and config."""
    return cache_root() / model_key()


def _is_complete(directory: Path) -> bool:
    return all((directory / lang / "meta.json").exists() for lang in SUPPORTED_LANGUAGES)


def ensure_model() -> Path:
    """Return the directory of the trained pipelines, training them first if absent."""
    directory = model_dir()
    if _is_complete(directory):
        return directory
    directory.parent.mkdir(parents=True, exist_ok=True)
    # One process builds; others wait for it and then reuse the result.
    with open(directory.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _is_complete(directory):
                from .train import train

                train(directory)
                prune_cache(keep=3)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return directory


_KEY_PATTERN = re.compile(r"\d+\.\d+\.\d+-[0-9a-f]{12}")


def prune_cache(keep: int = 3) -> list[Path]:
    """Delete all but the `keep` most recently built pipelines in the cache; returns what was removed."""
    root = cache_root()
    if not root.is_dir():
        return []
    builds = sorted((p for p in root.iterdir() if p.is_dir() and _KEY_PATTERN.fullmatch(p.name)),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    current = model_dir()
    removed = [p for p in builds[keep:] if p != current]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def load_pipelines(directory: Path | None = None) -> dict[str, Language]:
    """Load the English and Chinese pipelines from `directory` (default: built cache)."""
    if directory is None and not corpus_files():
        # No corpus to train from: tokenise only and let the keyword rules decide.
        return {lang: spacy.blank(lang) for lang in SUPPORTED_LANGUAGES}
    directory = directory or ensure_model()
    return {lang: spacy.load(directory / lang) for lang in SUPPORTED_LANGUAGES}


@lru_cache(maxsize=1)
def load_classifier() -> Classifier:
    """The process-wide classifier, built offline from the corpus on first use."""
    from .classifier import Classifier

    return Classifier(load_pipelines(), classifier_version())

