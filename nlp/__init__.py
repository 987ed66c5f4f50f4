"""regwatch classifier: topics, direction, commodities, codes, dates and ids of trade notices.

    from nlp import load_classifier
    clf = load_classifier()
    clf.classify([{"id": 1, "title": "...", "text": "...", "lang": "en", "published": "2025-04-04"}])
"""
from __future__ import annotations

from functools import lru_cache

from .classifier import Classifier
from .model import load_pipelines
from .paths import classifier_version

__all__ = ["Classifier", "load_classifier"]


@lru_cache(maxsize=1)
def load_classifier() -> Classifier:
    """The process-wide classifier, built offline from the corpus on first use."""
    from .train import train  # spaCy's training machinery is only loaded when a build is needed

    return Classifier(load_pipelines(trainer=train), classifier_version())
