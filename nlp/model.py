"""How the trained pipelines are loaded offline, training them first (with the trainer given) if absent.

They are trained from `nlp/corpus/` on first use (about a minute on one core) into the
cache directory that `nlp.paths` names, and reused from there afterwards.
"""
from __future__ import annotations

import fcntl
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the direction factory)
from .lang import SUPPORTED_LANGUAGES
from .paths import corpus_files, model_dir, prune_cache

#: Builds the pipelines into the directory it is given and returns it (``nlp.train.train``).
Trainer = Callable[[Path], Path]


def _is_complete(directory: Path) -> bool:
    return all((directory / lang / "meta.json").exists() for lang in SUPPORTED_LANGUAGES)


def ensure_model(trainer: Trainer) -> Path:
    """Return the directory of the trained pipelines, building them first with TRAINER if absent."""
    directory = model_dir()
    if _is_complete(directory):
        return directory
    directory.parent.mkdir(parents=True, exist_ok=True)
    # One process builds; others wait for it and then reuse the result.
    with open(directory.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _is_complete(directory):
                trainer(directory)
                prune_cache(keep=3)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return directory


def load_pipelines(directory: Path | None = None, trainer: Trainer | None = None) -> dict[str, Language]:
    """Load the English and Chinese pipelines from `directory`, else from the cache (built by `trainer` if absent)."""
    if directory is None and not corpus_files():
        # No corpus to train from: tokenise only and let the keyword rules decide.
        return {lang: spacy.blank(lang) for lang in SUPPORTED_LANGUAGES}
    if directory is None:
        if trainer is None:
            raise ValueError("load_pipelines needs a directory or a trainer")
        directory = ensure_model(trainer)
    return {lang: spacy.load(directory / lang) for lang in SUPPORTED_LANGUAGES}
