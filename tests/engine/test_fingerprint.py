"""Fingerprints: campaign variants are near-duplicates, unrelated posts are not."""

from __future__ import annotations

from moderation.engine.fingerprint import fingerprint, fingerprint_similarity, is_near_duplicate


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
