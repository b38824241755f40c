"""Fingerprints: campaign variants are near-duplicates, unrelated posts are not."""

from __future__ import annotations

import random

from moderation.engine.fingerprint import (
    count_near_duplicates,
    fingerprint,
    fingerprint_similarity,
    is_near_duplicate,
)


def test_fingerprint_is_close_for_campaign_variants_and_far_for_unrelated_posts():
    first = fingerprint("Get your blank ATM card today and be rich! email: cards247@gmail.com")
    second = fingerprint("Get your blank ATM card today and be rich!! email: cardking@yahoo.com")
    other = fingerprint("Our spring online catch-up for the network is on Thursday morning")
    assert -(2**63) <= first < 2**63  # fits a signed 64-bit database column
    assert fingerprint_similarity(first, second) >= 0.85
    assert fingerprint_similarity(first, other) < 0.7
    assert fingerprint_similarity(first, first) == 1.0


def test_campaign_variants_with_one_word_changed_are_mostly_near_duplicates():
    original = ("I was in debt until I met the hackers who sell programmed blank ATM cards. "
                "I now withdraw two thousand pounds every day. Contact them today on their "
                "email and tell them I sent you")
    words = original.split()
    variants = []
    for position in range(0, len(words), 3):
        changed = list(words)
        changed[position] = "really"
        variants.append(" ".join(changed))
    matched = sum(is_near_duplicate(fingerprint(original), fingerprint(v)) for v in variants)
    # A 64-bit SimHash of a 33-word post moves by 4 to 11 bits for one changed word: about half
    # of these variants reach 85% agreement (a quarter would reach 90%).
    assert matched >= 0.5 * len(variants)
    community = [
        "Our carers' group meets on the first Tuesday of the month at the Jubilee Centre",
        "We pay peer researchers twenty pounds an hour and cover travel and childcare",
        "Has anyone got a simple consent form for photos at events that is not three pages",
        "The young advisers asked for a budget for a photographer and we think that is fair",
        "I visited the crisis cafe on Friday and the peer workers were clear it is their space",
    ]
    prints = [fingerprint(text) for text in community]
    assert not any(is_near_duplicate(a, b) for i, a in enumerate(prints) for b in prints[i + 1:])


def test_counting_near_duplicates_at_once_agrees_with_comparing_one_by_one():
    rng = random.Random(14)
    base = fingerprint("Get your blank ATM card today and be rich! email: cards247@gmail.com")
    # Fingerprints are stored signed: half of them are negative numbers.
    others = [rng.getrandbits(64) - 2**63 for _ in range(3000)]
    others += [base ^ (1 << rng.randrange(63)) ^ (1 << rng.randrange(63)) for _ in range(200)]
    others += [base, -base, 0, -(2**63), 2**63 - 1]
    for print_ in (base, -base, others[0], others[-1], others[-2], 0):
        expected = sum(1 for other in others if is_near_duplicate(print_, other))
        assert count_near_duplicates(print_, others) == expected
    assert count_near_duplicates(base, []) == 0
