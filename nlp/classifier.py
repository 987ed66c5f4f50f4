"""The classifier regwatch calls: trained text categorisers plus pattern extractors."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from spacy.lang.zh import ChineseTokenizer
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.util import minibatch

from .codes import extract_eccns, extract_hs_codes
from .commodities import CommodityMatcher, normalise_commodities
from .corpus_io import TITLE_SEPARATOR, model_text, model_text_and_rest
from .dates import extract_effective_date
from .doc_ids import extract_doc_ids
from .features import SharedNgramFeatures, share_ngram_features
from .frames import FACTORY as FRAMES_FACTORY
from .frames import DirectionFrames, Frame, may_change_status, notice_direction
from .gist import build_gist
from .lang import declared_language, detect_language
from .rules import (
    direction_cue_scores,
    has_measure_vocabulary,
    implied_topics,
    names_no_measure,
    names_sanctions_act,
    only_advises,
    rule_direction,
    rule_topics,
)
from .taxonomy import DIRECTIONS, TOPICS

TOPIC_THRESHOLD = 0.5
# Weight of keyword evidence (rules.direction_cue_scores) next to the direction
# classifier's probabilities; checked on the hand-written corpus notices with a
# model trained without them.
DIRECTION_CUE_WEIGHT = 1.0
BATCH_SIZE = 256
# The text categorisers read the operative head of a notice (corpus_io.model_text); the
# commodity matcher reads up to MAX_MATCHER_CHARS; the regex extractors read everything.
MAX_MATCHER_CHARS = 200_000


_WHITESPACE_RUN = re.compile(r"(\s+)")


def _char_words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """spacy.util.get_words_and_spaces(list(text), text), as spaCy's Chinese "char" segmentation calls it.

    Every character but whitespace is a word; a single space after one is its trailing
    space; any other run of whitespace is a word of its own. spaCy aligns the words
    with a slice and a search of the text per character; this goes run by run.
    """
    parts = _WHITESPACE_RUN.split(text)  # text without whitespace (the first and last may be empty), runs
    words = list(parts[0])
    spaces = [False] * len(words)
    for index in range(1, len(parts), 2):
        run = parts[index]
        if run[0] == " " and words:  # the last word is a character: the space is its own
            spaces[-1] = True
            run = run[1:]
        if run:
            words.append(run)
            spaces.append(False)
        following = parts[index + 1]
        words.extend(following)
        spaces += [False] * len(following)
    return words, spaces


def doc_maker(nlp: Language) -> Callable[[str], Doc]:
    """nlp.make_doc, or for a Chinese pipeline that splits into characters an exact, faster equivalent."""
    tokenizer = nlp.tokenizer
    if type(tokenizer) is not ChineseTokenizer or tokenizer.segmenter != "char":
        return nlp.make_doc
    vocab = nlp.vocab

    def make_doc(text: str) -> Doc:
        if len(text) > nlp.max_length:
            return nlp.make_doc(text)  # raises spaCy's own error
        words, spaces = _char_words_and_spaces(text)
        return Doc(vocab, words=words, spaces=spaces)

    return make_doc


@dataclass(slots=True)  # one object per notice, none of them a dict for the garbage collector to walk
class _Prepared:
    index: int
    record_id: Any
    title: str
    body: str
    lang: str
    published: str | None
    authority: str | None = None

    full_text: str = ""  # title and body once: what the extractors read
    pipeline_text: str = ""  # what the spaCy pipeline reads (see corpus_io.model_text)
    rest: str = ""  # the body's text that the pipeline does not read: list lines, and what lies past the head
    sanctions_act: bool = False  # the title names an act under a sanctions regime: relevant whatever its scores

    def __post_init__(self) -> None:
        self.full_text = f"{self.title}{TITLE_SEPARATOR}{self.body}" if self.title else self.body
        self.pipeline_text, self.rest = model_text_and_rest(self.title, self.body)
        self.sanctions_act = names_sanctions_act(self.title)


class Classifier:
    """Labels notices with the taxonomy keys (see shared/taxonomy.md)."""

    def __init__(self, pipelines: Mapping[str, Language], version: str) -> None:
        self.pipelines = dict(pipelines)
        self.version = version
        self._commodity_matchers = {lang: CommodityMatcher(nlp, lang) for lang, nlp in self.pipelines.items()}
        self._make_doc = {lang: doc_maker(nlp) for lang, nlp in self.pipelines.items()}
        # The categorisers of each pipeline share n-gram extraction within a batch (see features.py).
        self._shared_features = {lang: share_ngram_features(nlp) for lang, nlp in self.pipelines.items()}
        # A direction frame in its title decides a relevant notice's direction (see frames.py).
        self._with_gist = False
        self._frames: dict[str, DirectionFrames] = {
            lang: cast(DirectionFrames, nlp.create_pipe(FRAMES_FACTORY)) for lang, nlp in self.pipelines.items()}

    def is_trained(self, lang: str) -> bool:
        """True when the pipeline for `lang` carries the trained topic and direction components."""
        names = self.pipelines[lang].pipe_names
        return "topics" in names and "direction" in names

    def classify(self, records: Iterable[Mapping[str, Any]], gist: bool = False) -> list[dict[str, Any]]:
        """Classify notices; returns one taxonomy dict per record, in input order.

        With `gist`, each dict also has "gist" (its English line, nlp.gist) and "frames"
        (every direction frame found, title first, as `frames()` lists them, each with
        "in_title"); a record's
        "agency" (or "source") names the issuer in the gist.
        """
        self._with_gist = gist
        prepared = [self._prepare(i, record) for i, record in enumerate(records)]
        results: list[dict[str, Any] | None] = [None] * len(prepared)
        try:
            for lang, nlp in self.pipelines.items():
                self._classify_group(lang, nlp, [item for item in prepared if item.lang == lang], results)
        finally:
            for shared in self._shared_features.values():
                if shared is not None:
                    shared.clear()
        assert all(result is not None for result in results)
        return results  # type: ignore[return-value]

    def _classify_group(self, lang: str, nlp: Language, group: list[_Prepared], results: list[Any]) -> None:
        trained = self.is_trained(lang)
        # Notices without any trade-measure vocabulary cannot be relevant: they skip
        # the spaCy pipeline altogether and get only the pattern extractors.
        candidates = [item for item in group if has_measure_vocabulary(item.full_text)]
        candidate_ids = {item.index for item in candidates}
        texts = (item.pipeline_text for item in candidates)
        if trained:
            acts = [item.sanctions_act for item in candidates]
            scored = self._categorised(nlp, texts, self._shared_features[lang], self._make_doc[lang], acts)
        else:
            scored = ((doc.cats, doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
        for item, (cats, doc) in zip(candidates, scored, strict=True):
            results[item.index] = self._label(item, cats, doc, trained, may_be_relevant=True)
        for item in group:
            if item.index not in candidate_ids:
                results[item.index] = self._label(item, None, None, trained, may_be_relevant=False)

    @staticmethod
    def _categorised(
        nlp: Language, texts: Iterable[str], shared: SharedNgramFeatures | None = None,
        make_doc: Callable[[str], Doc] | None = None, relevant_anyway: Sequence[bool] | None = None,
    ) -> Iterator[tuple[dict[str, float], Doc | None]]:
        """(doc.cats, doc) per text, as nlp.pipe(texts) would give them, for a trained pipeline.

        _label reads a notice's direction scores and its doc only when the topic scores
        make it relevant. So the direction categoriser skips the other docs (each doc's
        scores do not depend on the rest of its batch), and those docs are let go as soon
        as they are scored, before the next batch is tokenised, which then reuses their
        memory; for them the doc is None. RELEVANT_ANYWAY marks the texts a rule makes
        relevant whatever their topic scores (``rules.names_sanctions_act``).
        """
        if nlp.pipe_names != ["topics", "direction"]:
            yield from ((doc.cats, doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
            return
        topics, direction = nlp.get_pipe("topics"), nlp.get_pipe("direction")
        assert isinstance(topics, TrainablePipe) and isinstance(direction, TrainablePipe)  # get_pipe is typed as a callable
        make_doc = make_doc or nlp.make_doc
        anyway = iter(relevant_anyway) if relevant_anyway is not None else None
        for batch in minibatch(texts, size=BATCH_SIZE):
            docs = [make_doc(text) for text in batch]
            topics.set_annotations(docs, topics.predict(docs))
            forced = [next(anyway) if anyway is not None else False for _ in docs]
            scored = [(doc.cats, doc if force or any(doc.cats.get(t, 0.0) >= TOPIC_THRESHOLD for t in TOPICS) else None)
                      for doc, force in zip(docs, forced, strict=True)]
            relevant = [doc for _, doc in scored if doc is not None]
            if relevant:
                direction.set_annotations(relevant, direction.predict(relevant))
            del docs, relevant
            if shared is not None:
                shared.clear()
            yield from scored

    def frames(self, records: Iterable[Mapping[str, Any]]) -> list[list[dict[str, str]]]:
        """The direction frames of each notice (title first, then its text), as {sentence, action, instrument, direction}."""
        found = []
        for index, record in enumerate(records):
            item = self._prepare(index, record)
            doc = self._make_doc[item.lang](item.pipeline_text)
            found.append([frame.as_dict() for frame in self._frames_of(item, doc)])
        return found

    def _frames_of(self, item: _Prepared, doc: Doc, title_only: bool = False) -> list[Frame]:
        """Frames of the notice's title and of its text as far as `doc` (the pipeline's text) reaches."""
        body_start = None if title_only else len(model_text(item.title, "", limit=None))
        return self._frames[item.lang].frames(doc, len(item.title), body_start, item.pipeline_text)

    def _prepare(self, index: int, record: Mapping[str, Any]) -> _Prepared:
        title = str(record.get("title") or "").strip()
        body = str(record.get("text") or "").strip()
        lang = declared_language(record.get("lang")) or detect_language(f"{title} {body}")
        if lang not in self.pipelines:
            lang = "en"
        published = record.get("published")
        authority = record.get("agency") or record.get("source")
        return _Prepared(index, record.get("id"), title, body, lang, str(published) if published else None,
                         str(authority) if authority else None)

    def _label(
        self, item: _Prepared, cats: Mapping[str, float] | None, doc: Doc | None, trained: bool, may_be_relevant: bool
    ) -> dict[str, Any]:
        """The taxonomy dict of a notice; `cats` are its scores, `doc` its head as tokenised (None when not needed)."""
        text = item.full_text
        topics: list[str] = []
        direction: str | None = None
        if may_be_relevant and cats is not None:
            if trained:
                scored_topics = sorted(t for t in TOPICS if cats.get(t, 0.0) >= TOPIC_THRESHOLD)
                if not scored_topics and item.sanctions_act:
                    scored_topics = ["sanctions"]
                topics = implied_topics(scored_topics, item.pipeline_text)
                if topics:
                    cues = direction_cue_scores(item.title, item.body, item.lang)
                    direction = max(DIRECTIONS, key=lambda d: cats.get(d, 0.0) + DIRECTION_CUE_WEIGHT * cues[d])
            else:
                topics = rule_topics(text)
                if topics:
                    direction = rule_direction(text)
            if topics and doc is not None:  # a frame in the title decides; the categoriser is the fallback
                frames = self._frames_of(item, doc, title_only=not may_change_status(item.pipeline_text))
                direction = notice_direction(frames) or direction
        if topics and (only_advises(item.title, item.body) or names_no_measure(item.title)):
            topics, direction = [], None
        relevant = bool(topics)
        commodities: list[str] = []
        if relevant and doc is not None:
            matcher = self._commodity_matchers[item.lang]
            body_start = len(model_text(item.title, "", limit=None))
            found = matcher.slugs(doc, body_start, item.pipeline_text)
            if item.rest:  # the categorisers read only the operative head; match the rest too
                rest = item.rest[:max(0, MAX_MATCHER_CHARS - len(item.pipeline_text))]
                found |= matcher.slugs(self._make_doc[item.lang](rest), 0, rest)
            commodities = normalise_commodities(found)
        label = {
            "id": item.record_id,
            "relevant": relevant,
            "topics": topics,
            "direction": direction,
            "commodities": commodities,
            "hs_codes": extract_hs_codes(text),
            "eccns": extract_eccns(text),
            "effective_date": extract_effective_date(text, item.published) if relevant else None,
            "doc_ids": extract_doc_ids(item.title, item.body),
        }
        if self._with_gist:
            frames = self._frames_of(item, doc) if relevant and doc is not None else []
            listed: list[dict[str, Any]] = [{**frame.as_dict(), "in_title": frame.in_title} for frame in frames]
            label["gist"] = build_gist(label, listed, authority=item.authority, lang=item.lang)
            label["frames"] = listed
        return label
