"""Rule-like reasons shown beside a spam score: the signals present in a post, in plain words
and with their detail (which domains, which addresses), however the model weighs them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .signals import CONTEXT_SIGNALS, DESCRIPTIONS, TEXT_INDEX, Analysis


@dataclass(frozen=True, slots=True)
class FiredSignal:
    """A rule-like reason shown beside the score: which signal, in plain words, and detail."""

    name: str
    description: str
    detail: str = ""


# Text signals that read as a reason when present, in the order moderators see them; the rest
# (length, digits...) only feed the model.
REASON_SIGNALS = (
    "shortened_links", "chat_links", "unknown_domains", "html_links", "keyword_anchors",
    "keyword_separators", "praise_with_name", "free_mail",
    "toll_free_phone", "premium_phone", "international_phone", "sms_short_code", "income_claim",
    "income_rate_claim",
    "get_rich_words", "secrecy_words", "chat_app_words", "third_party_contact", "praise_with_link",
    "tech_support_words", "testimony_words", "adult_pharma_words", "money_with_contact",
    "invisible_chars", "lookalike_letters", "leetspeak", "spaced_letters", "split_domains",
    "obfuscated_emails",
)


def fired_signals(
    analysis: Analysis,
    *,
    text_values: np.ndarray,
    context_values: np.ndarray,
    known_domains: frozenset[str] | set[str] = frozenset(),
) -> list[FiredSignal]:
    """Plain-word reasons present in the post, independent of how the model weighs them."""
    fired: list[FiredSignal] = []
    for name in REASON_SIGNALS:
        if text_values[TEXT_INDEX[name]] <= 0:
            continue
        detail = ""
        if name in ("unknown_domains", "shortened_links", "chat_links"):
            detail = ", ".join(
                domain for domain in dict.fromkeys(analysis.domains)
                if name != "unknown_domains" or domain not in known_domains
            )
        elif name in ("free_mail", "obfuscated_emails"):
            detail = ", ".join(analysis.emails)
        elif name.endswith("_phone"):
            detail = ", ".join(analysis.phones)
        fired.append(FiredSignal(name, DESCRIPTIONS[name], detail))
    if text_values[TEXT_INDEX["capitals"]] >= 0.5:
        fired.append(FiredSignal("capitals", DESCRIPTIONS["capitals"]))
    if text_values[TEXT_INDEX["off_topic"]] >= 0.85 and len(analysis.words) >= 8:
        fired.append(FiredSignal("off_topic", DESCRIPTIONS["off_topic"]))
    for signal, value in zip(CONTEXT_SIGNALS, context_values, strict=True):
        if signal.reason_from is not None and value >= signal.reason_from:
            fired.append(FiredSignal(signal.name, signal.description))
    return fired
