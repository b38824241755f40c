"""The spam classifier: n-grams plus named signals, a calibrated linear model, safe artefacts."""

from __future__ import annotations

import hashlib
import hmac
import math
import pickle
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import MultinomialNB

from .corpus import Example, count_by
from .features import (
    CONTEXT_PRIOR_WEIGHTS,
    CONTEXT_SIGNAL_NAMES,
    DESCRIPTIONS,
    TEXT_SIGNAL_NAMES,
    Analysis,
    CommunityVocabulary,
    FiredSignal,
    PostContext,
    analyse,
    context_signal_values,
    fired_signals,
    text_signal_values,
)
from .hashing import NgramHasher, fit_idf, tfidf
from .metrics import evaluate, threshold_for_false_hold_rate

ARTEFACT_FORMAT = 5
MAX_ARTEFACT_BYTES = 50 * 1024 * 1024


class ArtefactError(RuntimeError):
    """A model artefact is missing, altered or unreadable; the caller must fail safe (hold)."""


class TrainingError(ValueError):
    """The examples cannot train a model (for instance only one label)."""


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """Knobs for training; the defaults are what the benchmark was tuned with."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 5)
    word_features: int = 2**18
    char_features: int = 2**18
    C: float = 4.0
    # Damp the largest sources of training examples (the seed corpus, each imported file, the
    # moderators' labels) so that one of them does not set every weight (see _source_weights).
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


class Reason(NamedTuple):
    """One feature's push on the score, in log-odds; positive means towards spam."""

    feature: str
    contribution: float


@dataclass(frozen=True, slots=True)
class Screening:
    """Everything the review queue shows for one scored post."""

    score: float
    threshold: float
    held: bool
    reasons: list[Reason]
    fired: list[FiredSignal]


PLACEHOLDER_WORDS = {
    "zzlink": "[link]",
    "zzemail": "[email address]",
    "zzfreemail": "[webmail address]",
    "zzphone": "[phone number]",
    "zzmoney": "[sum of money]",
}


def _readable(ngram: str) -> str:
    return " ".join(PLACEHOLDER_WORDS.get(word, word) for word in ngram.split(" "))


@dataclass(slots=True)
class _Fitted:
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


@dataclass(slots=True)
class _Prepared:
    """A batch of posts turned into model inputs once, reused by score, explain and signals."""

    analyses: list[Analysis]
    contexts: list[PostContext | None]
    words: sp.csr_matrix  # tf-idf rows
    chars: sp.csr_matrix
    signals: np.ndarray  # weighted text signals
    raw_signals: np.ndarray  # unweighted, as fired_signals reads them
    context_rows: np.ndarray


class SpamModel:
    """A trained spam classifier. Scores are calibrated probabilities that a post is spam."""

    def __init__(
        self,
        *,
        config: ModelConfig,
        fitted: _Fitted,
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
        self._hasher = _hasher(config)

    # The hasher is rebuilt rather than pickled: it holds no learned state.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_hasher", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._hasher = _hasher(self.config)

    # -- scoring ---------------------------------------------------------------------------

    def _prepare(
        self, analyses: Sequence[Analysis], contexts: Sequence[PostContext | None]
    ) -> _Prepared:
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
        return _Prepared(
            analyses=list(analyses),
            contexts=list(contexts),
            words=tfidf(self._hasher.words(texts), fitted.word_idf),
            chars=tfidf(self._hasher.chars(texts), fitted.char_idf),
            signals=raw * _signal_weights(self.config),
            raw_signals=raw,
            context_rows=context_rows,
        )

    def _logits(self, prepared: _Prepared) -> np.ndarray:
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
                  + nb_weight * _nb_scores(fitted, prepared.words) + offset)
        if fitted.coef_context is None:
            logits = logits + prepared.context_rows @ _prior_vector()
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
        return _sigmoid(self._logits(self._prepare(analyses, contexts)))

    def score_one(self, text: str, context: PostContext | None = None) -> float:
        return float(self.score([text], [context])[0])

    # -- explanations ----------------------------------------------------------------------

    def _contributions(self, prepared: _Prepared, *, k: int | None = None) -> list[Reason]:
        """Each feature's push on the first post's logit. With `k`, only word n-grams that
        could be among the k largest are named (naming costs more than weighing)."""
        fitted = self._fitted
        slope, nb_weight, _ = self.calibration
        text = prepared.analyses[0].text.lower()
        reasons: list[Reason] = []

        words = prepared.words
        word_parts = slope * fitted.coef_word[words.indices] * words.data
        if fitted.nb_word is not None and nb_weight and len(word_parts):
            # Each present word's share of _nb_scores (its log-ratio over sqrt(words present)).
            word_parts = word_parts + nb_weight * fitted.nb_word[words.indices] / np.sqrt(
                len(word_parts))
        if len(word_parts):
            order = np.argsort(-np.abs(word_parts), kind="stable")
            if k is not None:
                order = order[: k + 1]
            names = self._hasher.word_names(text)
            for position in order.tolist():
                name = names.get(int(words.indices[position]), "?")
                reasons.append(Reason(f'the words "{_readable(name)}"',
                                      float(word_parts[position])))

        chars = prepared.chars
        char_parts = slope * fitted.coef_char[chars.indices] * chars.data
        if len(char_parts):
            char_total = float(char_parts.sum())
            order = np.argsort(-char_parts if char_total >= 0 else char_parts, kind="stable")[:3]
            columns = [int(chars.indices[position]) for position in order.tolist()]
            char_names = self._hasher.char_names(text, set(columns))
            examples = ", ".join(f'"{char_names.get(column, "?").strip()}"'
                                 for column in columns)
            reasons.append(Reason(f"spelling patterns such as {examples}", char_total))

        weights = _signal_weights(self.config)
        # Signals every post has some of (length, off-topic share...) are weighed against a
        # typical legitimate post, so an ordinary post is not "pushed" by its ordinary length.
        signals = prepared.raw_signals[0] - self.signal_baseline
        for index, name in enumerate(TEXT_SIGNAL_NAMES):
            value = signals[index] * weights[index]
            if value:
                contribution = slope * fitted.coef_signals[index] * value
                description = DESCRIPTIONS[name]
                if name in CENTRED_SIGNALS:
                    description = CENTRED_SIGNALS[name][0 if value > 0 else 1]
                reasons.append(Reason(description, float(contribution)))
        context_weights = (
            slope * fitted.coef_context if fitted.coef_context is not None else _prior_vector()
        )
        context_row = prepared.context_rows[0]
        for index, name in enumerate(CONTEXT_SIGNAL_NAMES):
            if context_row[index]:
                reasons.append(
                    Reason(DESCRIPTIONS[name], float(context_weights[index] * context_row[index]))
                )
        return [reason for reason in reasons if reason.contribution != 0.0]

    def base_logit(self) -> float:
        """The log-odds of a text whose every feature is absent or typical: the part of the
        score that no reason explains (explanations plus this give the score's log-odds)."""
        slope, _, offset = self.calibration
        fitted = self._fitted
        typical = float((self.signal_baseline * _signal_weights(self.config))
                        @ fitted.coef_signals)
        return slope * (fitted.intercept + typical) + offset

    def _top_reasons(self, prepared: _Prepared, k: int) -> list[Reason]:
        return sorted(
            self._contributions(prepared, k=k),
            key=lambda reason: abs(reason.contribution),
            reverse=True,
        )[:k]

    def explain(
        self, text: str, context: PostContext | None = None, *, k: int = 5
    ) -> list[Reason]:
        """The k features that pushed this post's score most (either way), largest first."""
        return self._top_reasons(self._prepare([analyse(text)], [context]), k)

    def fired_signals(self, text: str, context: PostContext | None = None) -> list[FiredSignal]:
        """Rule-like reasons present in the post (links to unknown sites, hidden emails...)."""
        return self._fired(self._prepare([analyse(text)], [context]))

    def _fired(self, prepared: _Prepared) -> list[FiredSignal]:
        context = prepared.contexts[0]
        known = self.known_domains | (context.known_domains if context else frozenset())
        return fired_signals(
            prepared.analyses[0], text_values=prepared.raw_signals[0],
            context_values=prepared.context_rows[0], known_domains=known,
        )

    def screen(self, text: str, context: PostContext | None = None, *, k: int = 5) -> Screening:
        """Score, hold decision at the operating threshold, top reasons and fired signals.

        The post is analysed and vectorised once; score, reasons and signals share the work.
        """
        prepared = self._prepare([analyse(text)], [context])
        score = float(_sigmoid(self._logits(prepared))[0])
        return Screening(
            score=score,
            threshold=self.threshold,
            held=score >= self.threshold,
            reasons=self._top_reasons(prepared, k),
            fired=self._fired(prepared),
        )

    # -- persistence -----------------------------------------------------------------------

    def save(self, path: str | Path) -> str:
        """Write the artefact and return its sha256 (hex), to be recorded beside it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        joblib.dump({"format": ARTEFACT_FORMAT, "model": self}, temporary, compress=3)
        size = temporary.stat().st_size
        if size > MAX_ARTEFACT_BYTES:
            temporary.unlink()
            raise ArtefactError(f"model artefact would be {size} bytes, over the 50 MB limit")
        temporary.replace(path)  # atomic: a reader never sees half a file
        return sha256_of(path)


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load(path: str | Path, *, expected_sha256: str) -> SpamModel:
    """Load an artefact the project saved itself, refusing it unless its sha256 matches.

    The hash is checked before unpickling: a pickle runs code, so an altered file must never
    reach joblib.load.
    """
    path = Path(path)
    if not expected_sha256 or len(expected_sha256) != 64:
        raise ArtefactError("no valid sha256 recorded for the model artefact")
    try:
        actual = sha256_of(path)
    except FileNotFoundError as error:
        raise ArtefactError(f"model artefact {path} is missing") from error
    except OSError as error:
        raise ArtefactError(f"model artefact {path} cannot be read: {error}") from error
    if not hmac.compare_digest(actual, expected_sha256.lower()):
        raise ArtefactError(
            f"model artefact {path} does not match its recorded sha256 "
            f"(expected {expected_sha256[:12]}..., found {actual[:12]}...)"
        )
    try:
        payload = joblib.load(path)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            ValueError) as error:
        raise ArtefactError(f"model artefact {path} cannot be loaded: {error}") from error
    if not isinstance(payload, dict) or payload.get("format") != ARTEFACT_FORMAT or not \
            isinstance(payload.get("model"), SpamModel):
        raise ArtefactError(f"model artefact {path} is not a spam model of this version")
    return payload["model"]


# ---------------------------------------------------------------------------------------------
# Training.
# ---------------------------------------------------------------------------------------------


def _hasher(config: ModelConfig) -> NgramHasher:
    return NgramHasher(
        word_ngrams=config.word_ngrams,
        char_ngrams=config.char_ngrams,
        word_features=config.word_features,
        char_features=config.char_features,
    )


# Signals that describe style or topic rather than persuasion: their link with spam depends on
# where the posts come from (short posts are ham in one forum, spam in another), so they are
# shrunk hard and count only where the evidence for them is strong.
WEAK_SIGNALS = {
    "length": 0.2, "short_post": 0.2, "exclamations": 0.2, "capitals": 0.3, "digits": 0.2,
    "off_topic": 0.3, "links": 0.3, "emails": 0.3, "phones": 0.3, "money": 0.3,
    "unknown_domains": 0.3, "contact_at_end": 0.5, "generic_praise": 0.3,
}


# Signals that every post carries some of, explained against a typical legitimate post: what
# they mean above and below it.
CENTRED_SIGNALS = {
    "off_topic": ("words the community rarely uses (off-topic)",
                  "words the community often uses (on-topic)"),
    "length": ("longer than a typical post", "shorter than a typical post"),
    "capitals": ("more capitals than a typical post", "fewer capitals than a typical post"),
    "digits": ("more digits than a typical post", "fewer digits than a typical post"),
}


def _signal_baseline(signals: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The average legitimate post's value of each centred signal (zero for the others)."""
    baseline = np.zeros(signals.shape[1])
    ham = signals[labels == 0]
    for name in CENTRED_SIGNALS:
        index = TEXT_SIGNAL_NAMES.index(name)
        baseline[index] = float(ham[:, index].mean()) if len(ham) else 0.0
    return baseline


def _signal_weights(config: ModelConfig) -> np.ndarray:
    return config.signal_scale * np.array(
        [WEAK_SIGNALS.get(name, 1.0) for name in TEXT_SIGNAL_NAMES]
    )


def _prior_vector() -> np.ndarray:
    return np.array([CONTEXT_PRIOR_WEIGHTS[name] for name in CONTEXT_SIGNAL_NAMES])


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -50, 50)))


def _fit_linear(
    *,
    words: sp.csr_matrix,
    chars: sp.csr_matrix,
    signals: np.ndarray,
    context_rows: np.ndarray | None,
    labels: np.ndarray,
    config: ModelConfig,
    seed: int,
    weights: np.ndarray | None = None,
) -> _Fitted:
    word_idf = fit_idf(words)
    char_idf = fit_idf(chars)
    blocks = [
        tfidf(words, word_idf),
        tfidf(chars, char_idf),
        sp.csr_matrix(signals * _signal_weights(config)),
    ]
    if context_rows is not None:
        blocks.append(sp.csr_matrix(context_rows))
    matrix = sp.hstack(blocks, format="csr")
    classifier = LogisticRegression(
        C=config.C,
        class_weight="balanced",
        solver="liblinear",
        max_iter=1000,
        random_state=seed,
    )
    classifier.fit(matrix, labels, sample_weight=weights)
    coef = classifier.coef_.ravel()
    n_word, n_char, n_signal = config.word_features, config.char_features, signals.shape[1]
    return _Fitted(
        word_idf=word_idf,
        char_idf=char_idf,
        coef_word=coef[:n_word].copy(),
        coef_char=coef[n_word : n_word + n_char].copy(),
        coef_signals=coef[n_word + n_char : n_word + n_char + n_signal].copy(),
        coef_context=coef[n_word + n_char + n_signal :].copy() if context_rows is not None
        else None,
        intercept=float(classifier.intercept_[0]),
        nb_word=_fit_naive_bayes(words, labels, config, weights) if config.naive_bayes else None,
    )


def _presence(words: sp.csr_matrix) -> sp.csr_matrix:
    present = words.copy()
    present.data = np.ones_like(present.data)
    return present


def _fit_naive_bayes(words: sp.csr_matrix, labels: np.ndarray, config: ModelConfig,
                     weights: np.ndarray | None = None) -> np.ndarray:
    """Word-presence naive Bayes: how much likelier each word n-gram is in spam than in ham.

    It ranks short texts well where the linear model has seen few of their words; the two are
    blended with weights learned on out-of-fold scores (see `_calibrate`)."""
    bayes = MultinomialNB(alpha=config.nb_alpha)
    bayes.fit(_presence(words), labels, sample_weight=weights)
    return (bayes.feature_log_prob_[1] - bayes.feature_log_prob_[0]).astype(np.float32)


def _nb_scores(fitted: _Fitted, words: sp.csr_matrix) -> np.ndarray:
    """Naive Bayes log-ratio summed over the words present, divided by the square root of
    their number, so a long post is not pushed to an extreme by its length alone."""
    if fitted.nb_word is None or words.shape[0] == 0:
        return np.zeros(words.shape[0])
    present = _presence(words)
    counts = np.diff(present.indptr)
    return np.asarray(present @ fitted.nb_word).ravel() / np.sqrt(np.maximum(counts, 1))


def _decision(fitted: _Fitted, words: sp.csr_matrix, chars: sp.csr_matrix,
              signals: np.ndarray, context_rows: np.ndarray | None, config: ModelConfig
              ) -> np.ndarray:
    decision = (
        tfidf(words, fitted.word_idf) @ fitted.coef_word
        + tfidf(chars, fitted.char_idf) @ fitted.coef_char
        + (signals * _signal_weights(config)) @ fitted.coef_signals
        + fitted.intercept
    )
    if fitted.coef_context is not None and context_rows is not None:
        decision = decision + context_rows @ fitted.coef_context
    return np.asarray(decision).ravel()


def _ham_knowledge(
    analyses: Sequence[Analysis], labels: np.ndarray, rows: np.ndarray, *, min_documents: int
) -> tuple[CommunityVocabulary, frozenset[str]]:
    """The community's vocabulary and the link domains it uses, learned from its ham."""
    ham_rows = [row for row in rows if labels[row] == 0]
    vocabulary = CommunityVocabulary.from_words(
        (analyses[row].words for row in ham_rows), min_documents=min_documents
    )
    domains = frozenset(domain for row in ham_rows for domain in analyses[row].domains)
    return vocabulary, domains


def _contexts_for(
    examples: Sequence[Example], contexts: Sequence[PostContext | None] | None
) -> list[PostContext | None]:
    if contexts is not None:
        if len(contexts) != len(examples):
            raise TrainingError("contexts must be as long as examples")
        return list(contexts)
    # A CSV row may name its thread; that is the only context a text-only row can carry.
    return [PostContext(thread_title=e.thread_title) if e.thread_title else None
            for e in examples]


def _source_weights(examples: Sequence[Example]) -> np.ndarray:
    """Sample weights that give each source group (the part of `source` before ":", so the
    whole seed corpus is one group) a total that grows with the square root of its size, not
    its size: 2,000 imported text messages no longer outvote 400 moderator labels five to one,
    but a community's 20,000 labels still count for more than the seed corpus. The weights
    average one per example."""
    groups = [(example.source or "").split(":", 1)[0] for example in examples]
    sizes = Counter(groups)
    weights = np.array([1.0 / math.sqrt(sizes[group]) for group in groups])
    return weights * (len(groups) / weights.sum())


def _calibrate(decisions: np.ndarray, bayes: np.ndarray, labels: np.ndarray
               ) -> tuple[float, float, float]:
    """Blend and calibrate on out-of-fold values: a logistic regression on the linear model's
    decision and the naive Bayes score gives (slope, naive Bayes weight, offset). Platt scaling
    on the linear model alone when the blend would give naive Bayes no positive weight."""
    if len(np.unique(labels)) < 2:
        return 1.0, 0.0, 0.0
    platt = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    platt.fit(np.column_stack([decisions, bayes]), labels)
    slope, weight = (float(value) for value in platt.coef_[0])
    if all(math.isfinite(value) for value in (slope, weight)) and slope > 0 and weight > 0:
        return slope, weight, float(platt.intercept_[0])
    platt.fit(decisions.reshape(-1, 1), labels)
    slope = float(platt.coef_[0, 0])
    if not math.isfinite(slope) or slope <= 0:
        return 1.0, 0.0, 0.0
    return slope, 0.0, float(platt.intercept_[0])


def train_model(
    examples: Sequence[Example],
    *,
    contexts: Sequence[PostContext | None] | None = None,
    seed: int = 0,
    config: ModelConfig | None = None,
    known_domains: Sequence[str] = (),
) -> SpamModel:
    """Train, cross-validate, calibrate and pick the operating threshold.

    `known_domains` are link domains the community already trusts (editors' sites, say); the
    domains in the training ham are added to them. Deterministic for a given seed.
    """
    config = config or ModelConfig()
    started = time.perf_counter()
    labels = np.array([example.label for example in examples], dtype=np.int64)
    n_spam, n_ham = int(labels.sum()), int(len(labels) - labels.sum())
    if n_spam < 2 or n_ham < 2:
        raise TrainingError(f"need at least 2 spam and 2 ham examples (got {n_spam}, {n_ham})")
    contexts_list = _contexts_for(examples, contexts)
    analyses = [analyse(example.text) for example in examples]
    texts = [analysis.text.lower() for analysis in analyses]
    hasher = _hasher(config)
    words = hasher.words(texts)
    chars = hasher.chars(texts)
    extra_domains = frozenset(domain.lower() for domain in known_domains)

    with_context = sum(1 for context in contexts_list if context and not context.is_neutral)
    learn_context = with_context >= config.min_context_examples
    context_rows = np.vstack([context_signal_values(a, c)
                              for a, c in zip(analyses, contexts_list, strict=True)])

    folds = max(2, min(config.cv_folds, n_spam, n_ham))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    split = list(splitter.split(np.zeros(len(labels)), labels))

    # Vocabulary and known-domain signals are cross-fitted: a ham post's own words must not
    # count as "familiar" while training, or the model would over-trust familiarity.
    signals = np.zeros((len(examples), len(TEXT_SIGNAL_NAMES)))
    for train_rows, test_rows in split:
        vocabulary, domains = _ham_knowledge(
            analyses, labels, train_rows, min_documents=config.min_vocabulary_documents
        )
        for row in test_rows:
            signals[row] = text_signal_values(
                analyses[row], vocabulary=vocabulary, known_domains=domains | extra_domains,
                context=contexts_list[row],
            )

    fit_context = context_rows if learn_context else None
    source_weights = _source_weights(examples) if config.balance_sources else None
    out_of_fold = np.zeros(len(examples))
    out_of_fold_bayes = np.zeros(len(examples))
    for train_rows, test_rows in split:
        fitted = _fit_linear(
            words=words[train_rows], chars=chars[train_rows], signals=signals[train_rows],
            context_rows=fit_context[train_rows] if fit_context is not None else None,
            labels=labels[train_rows], config=config, seed=seed,
            weights=source_weights[train_rows] if source_weights is not None else None,
        )
        out_of_fold[test_rows] = _decision(
            fitted, words[test_rows], chars[test_rows], signals[test_rows],
            fit_context[test_rows] if fit_context is not None else None, config,
        )
        out_of_fold_bayes[test_rows] = _nb_scores(fitted, words[test_rows])
    calibration = _calibrate(out_of_fold, out_of_fold_bayes, labels)
    oof_logits = (calibration[0] * out_of_fold + calibration[1] * out_of_fold_bayes
                  + calibration[2])
    if not learn_context:
        oof_logits = oof_logits + context_rows @ _prior_vector()
    oof_scores = _sigmoid(oof_logits)

    if n_ham >= 50:
        threshold = threshold_for_false_hold_rate(
            labels, oof_scores, rate=config.target_false_hold_rate
        )
        threshold = float(min(max(threshold, 0.05), 0.98))
    else:
        threshold = config.default_threshold
    cv_metrics = evaluate(labels, oof_scores, threshold=threshold)
    cv_metrics.pop("per_source", None)

    final = _fit_linear(
        words=words, chars=chars, signals=signals, context_rows=fit_context, labels=labels,
        config=config, seed=seed, weights=source_weights,
    )
    vocabulary, domains = _ham_knowledge(
        analyses, labels, np.arange(len(examples)),
        min_documents=config.min_vocabulary_documents,
    )
    metadata = {
        "counts": count_by(examples),
        "cv_metrics": cv_metrics,
        "cv_folds": folds,
        "threshold": threshold,
        "context_weights": "learned" if learn_context else "prior",
        "examples_with_context": with_context,
        "seed": seed,
        "config": {name: getattr(config, name) for name in ModelConfig.__dataclass_fields__},
        "sklearn_version": sklearn.__version__,
        "training_seconds": round(time.perf_counter() - started, 3),
    }
    return SpamModel(
        config=config,
        fitted=final,
        vocabulary=vocabulary,
        known_domains=domains | extra_domains,
        calibration=calibration,
        threshold=threshold,
        metadata=metadata,
        signal_baseline=_signal_baseline(signals, labels),
    )
