"""Custom spaCy factory: a single-label text categoriser that shares doc.cats with others."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.pipeline.textcat import TextCategorizer
from spacy.training import Example
from thinc.api import Config, Model

FACTORY = "regwatch_exclusive_textcat"
_DEFAULT_MODEL = Config().from_str(
    """
[model]
@architectures = "spacy.TextCatBOW.v3"
exclusive_classes = true
ngram_size = 2
no_output_layer = false
length = 262144
nO = null
"""
)["model"]


class ExclusiveCategorizer(TextCategorizer):
    """`textcat` that validates only its own labels.

    The stock component rejects documents whose doc.cats has more than one positive
    value, even when the extra values belong to another categoriser in the same
    pipeline (here: the multi-label topics). Direction and topics share doc.cats,
    so only the direction labels are checked.
    """

    def _validate_categories(self, examples: Iterable[Example]) -> None:
        own = set(self.labels)
        for example in examples:
            values = [v for k, v in example.reference.cats.items() if k in own]
            if values.count(1.0) > 1:
                raise ValueError(f"more than one positive direction label: {example.reference.cats}")
            if any(v not in (0.0, 1.0) for v in values):
                raise ValueError(f"direction labels must be 0 or 1: {example.reference.cats}")


@Language.factory(
    FACTORY,
    assigns=["doc.cats"],
    default_config={"threshold": 0.0, "model": _DEFAULT_MODEL, "scorer": {"@scorers": "spacy.textcat_scorer.v2"}},
    default_score_weights={"cats_score": None},
)
def make_exclusive_categorizer(nlp: Language, name: str, model: Model, threshold: float, scorer) -> ExclusiveCategorizer:
    """Factory for ExclusiveCategorizer (registered as "regwatch_exclusive_textcat")."""
    return ExclusiveCategorizer(nlp.vocab, model, name, threshold=threshold, scorer=scorer)
