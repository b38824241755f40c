"""Why a post scored as it did: each feature's push on the score, in plain words.

`Explaining` is the part of `SpamModel` (model.py) that names reasons; it reads the model's
weights (`_fitted`, `calibration`, `signal_baseline`, `config`, `layer`), its hasher and its
`_prepare` / `_model_logits`, and adds nothing to its state."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .context import PostContext
from .prepared import Prepared, present
from .reasons import FiredSignal, fired_signals
from .signals import CONTEXT_SIGNAL_NAMES, DESCRIPTIONS, TEXT_SIGNAL_NAMES, analyse
from .weighing import CENTRED_SIGNALS, prior_vector, signal_weights


class Reason(NamedTuple):
    """One feature's push on the score, in log-odds; positive means towards spam."""

    feature: str
    contribution: float


PLACEHOLDER_WORDS = {
    "zzlink": "[link]",
    "zzemail": "[email address]",
    "zzfreemail": "[webmail address]",
    "zzphone": "[phone number]",
    "zzmoney": "[sum of money]",
}


def readable(ngram: str) -> str:
    return " ".join(PLACEHOLDER_WORDS.get(word, word) for word in ngram.split(" "))


LEARNED_REASON = "how moderators here decided posts with the same words"


class Explaining:
    """Reasons for a score (mixed into SpamModel)."""

    def _contributions(self, prepared: Prepared, *, k: int | None = None) -> list[Reason]:
        """Each feature's push on the first post's logit. With `k`, only word n-grams that
        could be among the k largest are named (naming costs more than weighing)."""
        fitted = self._fitted
        slope, nb_weight, _ = self.calibration
        text = prepared.analyses[0].text.lower()
        reasons: list[Reason] = []

        words = prepared.words
        word_parts = slope * fitted.coef_word[words.indices] * words.data
        if fitted.nb_word is not None and nb_weight and len(word_parts):
            # Each present word's share of naive_bayes_scores (its log-ratio over the square
            # root of the words present).
            word_parts = word_parts + nb_weight * fitted.nb_word[words.indices] / np.sqrt(
                len(word_parts))
        if len(word_parts):
            order = np.argsort(-np.abs(word_parts), kind="stable")
            if k is not None:
                order = order[: k + 1]
            chosen = words.indices[order]
            names = (prepared.ngrams.word_names(chosen) if prepared.ngrams is not None
                     else self._hasher.word_names(text))
            for position in order.tolist():
                name = names.get(int(words.indices[position]), "?")
                reasons.append(Reason(f'the words "{readable(name)}"',
                                      float(word_parts[position])))

        chars = prepared.chars
        char_parts = slope * fitted.coef_char[chars.indices] * chars.data
        if len(char_parts):
            char_total = float(char_parts.sum())
            order = np.argsort(-char_parts if char_total >= 0 else char_parts, kind="stable")[:3]
            columns = [int(chars.indices[position]) for position in order.tolist()]
            char_names = (prepared.ngrams.char_names(columns) if prepared.ngrams is not None
                          else self._hasher.char_names(text, set(columns)))
            examples = ", ".join(f'"{char_names.get(column, "?").strip()}"'
                                 for column in columns)
            reasons.append(Reason(f"spelling patterns such as {examples}", char_total))

        weights = signal_weights(self.config)
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
            slope * fitted.coef_context if fitted.coef_context is not None else prior_vector()
        )
        context_row = prepared.context_rows[0]
        for index, name in enumerate(CONTEXT_SIGNAL_NAMES):
            if context_row[index]:
                reasons.append(
                    Reason(DESCRIPTIONS[name], float(context_weights[index] * context_row[index]))
                )
        if self.layer is not None and self.layer.active:
            model_logit = (prepared.model_logits if prepared.model_logits is not None
                           else self._model_logits(prepared))[:1]
            learned = float(self.layer.adjust(model_logit, present(prepared))[0]
                            - model_logit[0])
            reasons.append(Reason(LEARNED_REASON, learned))
        return [reason for reason in reasons if reason.contribution != 0.0]

    def base_logit(self) -> float:
        """The log-odds of a text whose every feature is absent or typical: the part of the
        score that no reason explains (explanations plus this give the score's log-odds)."""
        slope, _, offset = self.calibration
        fitted = self._fitted
        typical = float((self.signal_baseline * signal_weights(self.config))
                        @ fitted.coef_signals)
        return slope * (fitted.intercept + typical) + offset

    def _top_reasons(self, prepared: Prepared, k: int) -> list[Reason]:
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

    def _fired(self, prepared: Prepared) -> list[FiredSignal]:
        context = prepared.contexts[0]
        known = self.known_domains | (context.known_domains if context else frozenset())
        return fired_signals(
            prepared.analyses[0], text_values=prepared.raw_signals[0],
            context_values=prepared.context_rows[0], known_domains=known,
        )
