"""Training the spam classifier: cross-fitted signals, the linear model and naive Bayes, their
blend and calibration on out-of-fold scores, and the operating threshold."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import MultinomialNB

from .context import PostContext
from .corpus import Example, count_by
from .hashing import fit_idf, tfidf
from .metrics import evaluate, threshold_for_false_hold_rate
from .model import Fitted, ModelConfig, SpamModel, hasher_for
from .signals import TEXT_SIGNAL_NAMES, Analysis, analyse, context_signal_values, text_signal_values
from .vocabulary import CommunityVocabulary
from .weighing import (
    CENTRED_SIGNALS,
    naive_bayes_scores,
    presence,
    prior_vector,
    sigmoid,
    signal_weights,
)


class TrainingError(ValueError):
    """The examples cannot train a model (for instance only one label)."""


def _signal_baseline(signals: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The average legitimate post's value of each centred signal (zero for the others)."""
    baseline = np.zeros(signals.shape[1])
    ham = signals[labels == 0]
    for name in CENTRED_SIGNALS:
        index = TEXT_SIGNAL_NAMES.index(name)
        baseline[index] = float(ham[:, index].mean()) if len(ham) else 0.0
    return baseline


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
) -> Fitted:
    word_idf = fit_idf(words)
    char_idf = fit_idf(chars)
    blocks = [
        tfidf(words, word_idf),
        tfidf(chars, char_idf),
        sp.csr_matrix(signals * signal_weights(config)),
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
    return Fitted(
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


def _fit_naive_bayes(words: sp.csr_matrix, labels: np.ndarray, config: ModelConfig,
                     weights: np.ndarray | None = None) -> np.ndarray:
    """Word-presence naive Bayes: how much likelier each word n-gram is in spam than in ham.

    It ranks short texts well where the linear model has seen few of their words; the two are
    blended with weights learned on out-of-fold scores (see `_calibrate`)."""
    bayes = MultinomialNB(alpha=config.nb_alpha)
    bayes.fit(presence(words), labels, sample_weight=weights)
    return (bayes.feature_log_prob_[1] - bayes.feature_log_prob_[0]).astype(np.float32)


def _decision(fitted: Fitted, words: sp.csr_matrix, chars: sp.csr_matrix,
              signals: np.ndarray, context_rows: np.ndarray | None, config: ModelConfig
              ) -> np.ndarray:
    decision = (
        tfidf(words, fitted.word_idf) @ fitted.coef_word
        + tfidf(chars, fitted.char_idf) @ fitted.coef_char
        + (signals * signal_weights(config)) @ fitted.coef_signals
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


def source_weights(examples: Sequence[Example]) -> np.ndarray:
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
    hasher = hasher_for(config)
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
    weights = source_weights(examples) if config.balance_sources else None
    out_of_fold = np.zeros(len(examples))
    out_of_fold_bayes = np.zeros(len(examples))
    for train_rows, test_rows in split:
        fitted = _fit_linear(
            words=words[train_rows], chars=chars[train_rows], signals=signals[train_rows],
            context_rows=fit_context[train_rows] if fit_context is not None else None,
            labels=labels[train_rows], config=config, seed=seed,
            weights=weights[train_rows] if weights is not None else None,
        )
        out_of_fold[test_rows] = _decision(
            fitted, words[test_rows], chars[test_rows], signals[test_rows],
            fit_context[test_rows] if fit_context is not None else None, config,
        )
        out_of_fold_bayes[test_rows] = naive_bayes_scores(fitted, words[test_rows])
    calibration = _calibrate(out_of_fold, out_of_fold_bayes, labels)
    oof_logits = (calibration[0] * out_of_fold + calibration[1] * out_of_fold_bayes
                  + calibration[2])
    if not learn_context:
        oof_logits = oof_logits + context_rows @ prior_vector()
    oof_scores = sigmoid(oof_logits)

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
        config=config, seed=seed, weights=weights,
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
