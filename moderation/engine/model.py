"""The spam classifier: n-grams plus named signals, blended and calibrated into a score, with
the reasons for it in plain words."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from .context import PostContext
from .explaining import Explaining, Reason
from .hashing import NgramHasher, tfidf
from .learning import CommunityLayer
from .prepared import Prepared, present
from .reasons import FiredSignal
from .signals import (
    CONTEXT_SIGNAL_NAMES,
    TEXT_SIGNAL_NAMES,
    Analysis,
    analyse,
    context_signal_values,
    text_signal_values,
)
from .vocabulary import CommunityVocabulary
from .weighing import (
    naive_bayes_scores,
    prior_vector,
    sigmoid,
    signal_weights,
)


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """Knobs for training; the defaults are what the benchmark was tuned with."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 5)
    word_features: int = 2**18
    char_features: int = 2**18
    C: float = 4.0
    # Damp the largest sources of training examples (the seed corpus, each imported file, the
    # moderators' labels) so that one of them does not set every weight
    # (see training.source_weights).
    balance_sources: bool = True
    signal_scale: float = 1.0
    cv_folds: int = 5
    target_false_hold_rate: float = 0.01
    default_threshold: float = 0.5
    # The word-presence naive Bayes blended with the linear model, and its smoothing.
    naive_bayes: bool = True
    nb_alpha: float = 0.5
    # Context weights are learned only once this many training posts carry context.
    min_context_examples: int = 200
    min_vocabulary_documents: int = 2


@dataclass(frozen=True, slots=True)
class Screening:
    """Everything the review queue shows for one scored post."""

    score: float
    threshold: float
    held: bool
    reasons: list[Reason]
    fired: list[FiredSignal]


@dataclass(slots=True)
class Fitted:
    """The parts of a trained model that turn texts into a decision value."""

    word_idf: np.ndarray
    char_idf: np.ndarray
    coef_word: np.ndarray
    coef_char: np.ndarray
    coef_signals: np.ndarray
    coef_context: np.ndarray | None
    intercept: float
    # Naive Bayes log-ratio per hashed word n-gram (spam over ham), read on word presence.
    nb_word: np.ndarray | None = None


class SpamModel(Explaining):
    """A trained spam classifier. Scores are calibrated probabilities that a post is spam."""

    def __init__(
        self,
        *,
        config: ModelConfig,
        fitted: Fitted,
        vocabulary: CommunityVocabulary,
        known_domains: frozenset[str],
        calibration: tuple[float, float, float],
        threshold: float,
        metadata: dict[str, Any],
        signal_baseline: np.ndarray,
    ) -> None:
        self.config = config
        self._fitted = fitted
        self.vocabulary = vocabulary
        self.known_domains = known_domains
        self.calibration = calibration
        self.threshold = threshold
        self.metadata = metadata
        self.signal_baseline = signal_baseline
        self._hasher = hasher_for(config)
        # What moderators here taught it since it was trained (learning.py); never pickled.
        self.layer: CommunityLayer | None = None
        # A batch's posts hashed together (hash_ahead), by lower-cased analysed text.
        self._hashed_ahead: dict[str, tuple[sp.csr_matrix, sp.csr_matrix]] = {}

    # The hasher is rebuilt rather than pickled: it holds no learned state.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_hasher", None)
        state.pop("layer", None)
        state.pop("_hashed_ahead", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._hasher = hasher_for(self.config)
        self.layer = None
        self._hashed_ahead = {}

    def with_layer(self, layer: CommunityLayer | None) -> SpamModel:
        """This model with a learned layer on top (a shallow copy: the weights are shared)."""
        combined = copy.copy(self)
        combined.layer = layer
        return combined

    def new_layer(self) -> CommunityLayer:
        return CommunityLayer(features=self.config.word_features + self.config.char_features)

    @property
    def operating_threshold(self) -> float:
        """Scores at or above this are held: the layer's, once it has learned enough."""
        if self.layer is not None and self.layer.threshold is not None:
            return self.layer.threshold
        return self.threshold

    # -- scoring ---------------------------------------------------------------------------

    def _prepare(
        self, analyses: Sequence[Analysis], contexts: Sequence[PostContext | None]
    ) -> Prepared:
        fitted = self._fitted
        texts = [analysis.text.lower() for analysis in analyses]
        raw = np.empty((len(analyses), len(TEXT_SIGNAL_NAMES)))
        context_rows = np.empty((len(analyses), len(CONTEXT_SIGNAL_NAMES)))
        for row, (analysis, context) in enumerate(zip(analyses, contexts, strict=True)):
            raw[row] = text_signal_values(
                analysis, vocabulary=self.vocabulary, known_domains=self.known_domains,
                context=context,
            )
            context_rows[row] = context_signal_values(analysis, context)
        ngrams = None
        ahead = self._hashed_ahead.get(texts[0]) if len(texts) == 1 else None
        if ahead is not None:
            words, chars, ngrams = ahead
        elif len(texts) == 1:
            # One post (screening, explaining): its n-grams are kept to name its reasons.
            word_counts, char_counts, (ngrams,) = self._hasher.hash(texts)
            words = tfidf(word_counts, fitted.word_idf)
            chars = tfidf(char_counts, fitted.char_idf)
        else:
            words = tfidf(self._hasher.words(texts), fitted.word_idf)
            chars = tfidf(self._hasher.chars(texts), fitted.char_idf)
        return Prepared(
            analyses=list(analyses),
            contexts=list(contexts),
            words=words,
            chars=chars,
            signals=raw * signal_weights(self.config),
            raw_signals=raw,
            context_rows=context_rows,
            ngrams=ngrams,
        )

    def hash_ahead(self, texts: Sequence[str]) -> None:
        """Hash the word and character n-grams of a batch's posts together, for screen() to
        find as it takes them one by one: numpy's cost per call is paid once, not per post.
        The rows are the ones each text gets alone (row by row arithmetic). Replaces the texts
        hashed ahead before."""
        lowered = list(dict.fromkeys(analyse(text).text.lower() for text in texts))
        if not lowered:
            return
        fitted = self._fitted
        word_counts, char_counts, ngrams = self._hasher.hash(lowered)
        words = tfidf(word_counts, fitted.word_idf)
        chars = tfidf(char_counts, fitted.char_idf)
        self._hashed_ahead = {text: (words[row], chars[row], ngrams[row])
                              for row, text in enumerate(lowered)}

    def _logits(self, prepared: Prepared) -> np.ndarray:
        logits = self._model_logits(prepared)
        prepared.model_logits = logits
        if self.layer is not None:
            logits = self.layer.adjust(logits, present(prepared))
        return logits

    def _model_logits(self, prepared: Prepared) -> np.ndarray:
        """The trained model's log-odds, without the learned layer."""
        fitted = self._fitted
        decision = (
            prepared.words @ fitted.coef_word
            + prepared.chars @ fitted.coef_char
            + prepared.signals @ fitted.coef_signals
            + fitted.intercept
        )
        if fitted.coef_context is not None:
            decision = decision + prepared.context_rows @ fitted.coef_context
        slope, nb_weight, offset = self.calibration
        logits = (slope * np.asarray(decision).ravel()
                  + nb_weight * naive_bayes_scores(fitted, prepared.words) + offset)
        if fitted.coef_context is None:
            logits = logits + prepared.context_rows @ prior_vector()
        return logits

    def score(
        self, texts: Sequence[str], contexts: Sequence[PostContext | None] | None = None
    ) -> np.ndarray:
        """Probability of spam for each text (contexts optional, aligned with texts)."""
        if isinstance(texts, str):
            raise TypeError("score() takes a list of texts; use score_one() for one post.")
        if len(texts) == 0:
            return np.zeros(0)
        contexts = list(contexts) if contexts is not None else [None] * len(texts)
        if len(contexts) != len(texts):
            raise ValueError("contexts must be as long as texts")
        analyses = [analyse(text) for text in texts]
        return sigmoid(self._logits(self._prepare(analyses, contexts)))

    def score_one(self, text: str, context: PostContext | None = None) -> float:
        return float(self.score([text], [context])[0])

    def learning_input(self, text: str, context: PostContext | None = None
                       ) -> tuple[float, sp.csr_matrix]:
        """What the learned layer learns a decision from: the trained model's log-odds for the
        post and which n-grams it contains."""
        prepared = self._prepare([analyse(text)], [context])
        return float(self._model_logits(prepared)[0]), present(prepared)

    def screen(self, text: str, context: PostContext | None = None, *, k: int = 5) -> Screening:
        """Score, hold decision at the operating threshold, top reasons and fired signals.

        The post is analysed and vectorised once; score, reasons and signals share the work.
        """
        prepared = self._prepare([analyse(text)], [context])
        score = float(sigmoid(self._logits(prepared))[0])
        threshold = self.operating_threshold
        return Screening(
            score=score,
            threshold=threshold,
            held=score >= threshold,
            reasons=self._top_reasons(prepared, k),
            fired=self._fired(prepared),
        )


def hasher_for(config: ModelConfig) -> NgramHasher:
    return NgramHasher(
        word_ngrams=config.word_ngrams,
        char_ngrams=config.char_ngrams,
        word_features=config.word_features,
        char_features=config.char_features,
    )
