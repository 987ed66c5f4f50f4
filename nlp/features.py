"""Bag-of-words features that the text categorisers of a pipeline share within a batch.

Every `spacy.TextCatBOW` model starts with its own `extract_ngrams` layer, which reads
each doc's token ids, hashes its n-grams and counts the distinct keys with
`numpy.unique`; that is most of a bag-of-words categoriser's cost. The topic and
direction categorisers run on the same docs one after the other, and direction uses
an n-gram window one shorter, so its keys are a subset of what topics computed.
`share_ngram_features` gives those layers one forward function that keeps a batch's
token ids, n-gram hashes and sorted keys for the next categoriser, builds the longer
window's sorted keys by merging, and counts the keys of the whole batch at once.
The arrays it returns are identical to spaCy's (tests/test_nlp_classifier.py checks
this). Only the classifier's loaded pipelines get it; training runs spaCy's own.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy
from spacy.language import Language
from spacy.ml.extract_ngrams import forward as spacy_forward
from thinc.api import Model

_LAYER_NAME = "extract_ngrams"


def _no_gradient(d_output: Any) -> list:
    return []


class SharedNgramFeatures:
    """An `extract_ngrams` forward function that reuses the previous call's work on the same docs."""

    def __init__(self) -> None:
        # {id(doc): (doc, {attr: ([unigrams, bigrams, ...], [sorted keys by n-gram size])})} for
        # the docs of the last batch. Holding the docs keeps their ids from being reused; the
        # dict is replaced as a whole, so concurrent callers never mix two batches' arrays.
        self._last: dict[int, tuple[Any, dict[int, tuple[list[Any], list[Any]]]]] | None = None

    def clear(self) -> None:
        """Release the docs of the last batch."""
        self._last = None

    def _grams(self, docs: Sequence[Any], attr: int, model: Model) -> list[tuple[list[Any], list[Any]]]:
        """Per doc: its n-gram hashes and sorted keys so far, kept for the next call on the batch or part of it."""
        last = self._last
        if last is None or not all(last.get(id(doc), (None,))[0] is doc for doc in docs):
            last = {id(doc): (doc, {}) for doc in docs}
            self._last = last
        entries = []
        for doc in docs:
            by_attr = last[id(doc)][1]
            entry = by_attr.get(attr)
            if entry is None:
                entry = by_attr[attr] = ([model.ops.asarray(doc.to_array([attr]))], [])
            entries.append(entry)
        return entries

    def __call__(self, model: Model, docs: Sequence[Any], is_train: bool) -> tuple[tuple[Any, Any, Any], Callable]:
        # is_train makes no difference to the features (spaCy's forward ignores it too, and
        # thinc's with_cpu wrapper passes True even when predicting).
        size = model.attrs["ngram_size"]
        ops = model.ops
        xp = ops.xp
        sorted_keys = []
        for grams, sorted_by_size in self._grams(docs, model.attrs["attr"], model):
            # sorted_by_size[k - 1]: the doc's 1..k-gram keys, sorted. The keys for size k are
            # those for size k - 1 plus the k-grams: merging two sorted runs beats a new sort.
            while len(sorted_by_size) < size:
                k = len(sorted_by_size) + 1
                if k == 1:
                    sorted_by_size.append(xp.sort(grams[0]))
                else:
                    grams.append(ops.ngrams(k, grams[0]))
                    merged = xp.concatenate((sorted_by_size[-1], xp.sort(grams[-1])))
                    merged.sort(kind="stable")  # a run-detecting merge sort: linear on two sorted runs
                    sorted_by_size.append(merged)
            sorted_keys.append(sorted_by_size[size - 1])
        # xp.unique(keys, return_counts=True) for every doc, done once over the whole batch:
        # a key starts a run where it differs from the previous one or where a doc starts.
        doc_sizes = numpy.fromiter((keys.shape[0] for keys in sorted_keys), dtype=numpy.int64, count=len(sorted_keys))
        doc_starts = numpy.cumsum(doc_sizes) - doc_sizes
        all_keys = xp.concatenate(sorted_keys) if sorted_keys else xp.empty((0,), dtype="uint64")
        first = xp.empty(all_keys.shape, dtype=bool)
        xp.not_equal(all_keys[1:], all_keys[:-1], out=first[1:])
        first[doc_starts[doc_sizes > 0]] = True
        run_starts = xp.flatnonzero(first)
        counts = xp.empty(run_starts.shape, dtype=run_starts.dtype)
        counts[:-1] = run_starts[1:] - run_starts[:-1]
        counts[-1:] = all_keys.shape[0] - run_starts[-1:]
        # A doc's distinct keys: the runs that start inside its stretch of the batch.
        doc_runs = numpy.searchsorted(run_starts, doc_starts + doc_sizes) - numpy.searchsorted(run_starts, doc_starts)
        lengths = ops.asarray(doc_runs, dtype="int32")  # type: ignore[arg-type]  # thinc's stubs omit plain numpy arrays, which it takes
        return (all_keys[first], ops.asarray(counts, dtype="f"), lengths), _no_gradient


def share_ngram_features(nlp: Language) -> SharedNgramFeatures | None:
    """Let the bag-of-words categorisers of `nlp` share n-gram extraction within a batch.

    Returns the shared extractor (call its `clear()` to release the last batch's
    docs), or None when the pipeline has no spaCy `extract_ngrams` layer.
    """
    shared = SharedNgramFeatures()
    installed = False
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for layer in model.walk():
            if layer.name == _LAYER_NAME and layer._func is spacy_forward and layer.ops.xp is numpy:
                layer._func = shared
                installed = True
    return shared if installed else None
