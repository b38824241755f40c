"""The community's own vocabulary, for telling on-topic posts from off-topic ones."""

from __future__ import annotations

from moderation.engine.signals import analyse
from moderation.engine.vocabulary import CommunityVocabulary


def test_community_vocabulary_scores_off_topic_text_higher():
    vocabulary = CommunityVocabulary.fit(
        [
            "peer researchers shared findings at the co-production workshop",
            "the co-production workshop paid peer researchers fairly",
            "community reporting workshop findings and peer support",
        ]
    )
    on_topic = vocabulary.unfamiliar_share(analyse("peer researchers workshop findings").words)
    off_topic = vocabulary.unfamiliar_share(analyse("cheap replica watches casino bonus").words)
    assert on_topic < 0.3 < 0.8 < off_topic
