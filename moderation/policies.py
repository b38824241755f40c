"""Moderation policies: given a post, decide whether it is published or held.

The policy in use is named by the MODERATION_POLICY setting, so the spam engine can replace the
default without the forum knowing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cop.enums import PostStatus


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: list[str] = field(default_factory=list)
    score: float | None = None


class PublishAtOncePolicy:
    """Publishes every post as soon as it is screened: the policy before any spam engine."""

    def decide(self, post) -> Verdict:
        return Verdict(status=PostStatus.PUBLISHED, reasons=["published at once by policy"])
