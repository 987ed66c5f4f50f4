"""regwatch classifier: topics, direction, commodities, codes, dates and ids of trade notices.

    from nlp import load_classifier
    clf = load_classifier()
    clf.classify([{"id": 1, "title": "...", "text": "...", "lang": "en", "published": "2025-04-04"}])
"""
from __future__ import annotations

from .classifier import Classifier
from .model import load_classifier

__all__ = ["Classifier", "load_classifier"]
