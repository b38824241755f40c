"""What the forum knows about a post beyond its text, as the spam engine reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Trust levels run from 0 (new) to 3 (trusted): a member at the top level counts as fully
# trusted.
MAX_TRUST_LEVEL = 3


@dataclass(frozen=True, slots=True)
class PostContext:
    """What the forum knows about a post beyond its text. Every field may be left unknown
    (None or empty): unknown counts as neutral, so CSV rows and anonymous previews score on text.
    """

    account_age_days: float | None = None
    trust_level: int | None = None
    approved_posts: int | None = None
    rejected_posts: int | None = None
    posts_last_hour: int | None = None
    thread_title: str | None = None
    known_domains: frozenset[str] = field(default_factory=frozenset)
    near_duplicate_count: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.known_domains, frozenset):
            object.__setattr__(self, "known_domains", frozenset(self.known_domains))

    @property
    def is_neutral(self) -> bool:
        return all(
            value is None
            for value in (self.account_age_days, self.trust_level, self.approved_posts,
                          self.rejected_posts, self.posts_last_hour, self.near_duplicate_count)
        ) and not self.thread_title


NEUTRAL_CONTEXT = PostContext()
