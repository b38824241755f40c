"""Posts turned into the model's inputs once: what scoring, explaining and the learned layer
all read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .context import PostContext
from .hashing import Ngrams
from .signals import Analysis
from .weighing import presence


@dataclass(slots=True)
class Prepared:
    """A batch of posts turned into model inputs once, reused by score, explain and signals."""

    analyses: list[Analysis]
    contexts: list[PostContext | None]
    words: sp.csr_matrix  # tf-idf rows
    chars: sp.csr_matrix
    signals: np.ndarray  # weighted text signals
    raw_signals: np.ndarray  # unweighted, as fired_signals reads them
    context_rows: np.ndarray
    # The trained model's log-odds, kept once computed (the layer and explanations reuse them).
    model_logits: np.ndarray | None = None
    # The first post's n-grams as hashed, to name its reasons (one post prepared alone).
    ngrams: Ngrams | None = None


def present(prepared: Prepared) -> sp.csr_matrix:
    """Which word and spelling n-grams each post contains (ones), as the layer reads them."""
    return presence(sp.hstack([prepared.words, prepared.chars], format="csr"))
