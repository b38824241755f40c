"""The fixed parts of weighing a post: how much each kind of signal may count, the context
priors, and the small numeric helpers the model and its training share."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .signals import CONTEXT_PRIOR_WEIGHTS, CONTEXT_SIGNAL_NAMES, TEXT_SIGNAL_NAMES

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


def signal_weights(config) -> np.ndarray:
    """Each text signal's fixed weight, times the config's `signal_scale` (a ModelConfig)."""
    return config.signal_scale * np.array(
        [WEAK_SIGNALS.get(name, 1.0) for name in TEXT_SIGNAL_NAMES]
    )


def prior_vector() -> np.ndarray:
    return np.array([CONTEXT_PRIOR_WEIGHTS[name] for name in CONTEXT_SIGNAL_NAMES])


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -50, 50)))


def presence(words: sp.csr_matrix) -> sp.csr_matrix:
    present = words.copy()
    present.data = np.ones_like(present.data)
    return present


def naive_bayes_scores(fitted, words: sp.csr_matrix) -> np.ndarray:
    """The fitted model's (a Fitted) naive Bayes log-ratio summed over the words present,
    divided by the square root of their number, so a long post is not pushed to an extreme by
    its length alone."""
    if fitted.nb_word is None or words.shape[0] == 0:
        return np.zeros(words.shape[0])
    present = presence(words)
    counts = np.diff(present.indptr)
    return np.asarray(present @ fitted.nb_word).ravel() / np.sqrt(np.maximum(counts, 1))
