"""Screening rules by name, and their wording for moderators."""

from cop.enums import PostStatus
from moderation.screening.reasons import Rule, RuleName, fired, outcome_reason


def test_rule_keeps_its_name_and_wording_through_the_stored_json():
    rule = Rule.of(RuleName.NEW_MEMBER_LINKS, detail="two links")
    stored = rule.to_json()

    assert stored == {"name": "new_member_links",
                      "description": "new account posting links or contact details",
                      "detail": "two links"}
    assert Rule.from_json(stored) == rule
    assert fired([Rule.from_json(stored)], RuleName.NEW_MEMBER_LINKS)
    assert not fired([Rule.from_json(stored)], RuleName.CLASSIFIER_UNAVAILABLE)


def test_outcome_reason_says_how_score_and_threshold_decided():
    assert outcome_reason(status=PostStatus.HELD, score=0.8, threshold=0.6, trusted=False) == (
        "spam score 0.80, at or above 0.60: held for review")
    assert outcome_reason(status=PostStatus.PUBLISHED, score=0.2, threshold=0.6,
                          trusted=False) == "spam score 0.20, below 0.60: published"
    assert "trusted member" in outcome_reason(status=PostStatus.PUBLISHED, score=0.9,
                                              threshold=0.6, trusted=True)
