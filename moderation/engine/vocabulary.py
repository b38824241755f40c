"""The words a community itself uses (from its legitimate posts), for off-topic detection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .signals import analysis_text
from .text.normalise import content_words


@dataclass(slots=True)
class CommunityVocabulary:
    """Words the community itself uses (from its legitimate posts), for off-topic detection."""

    document_frequency: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    min_documents: int = 2

    @classmethod
    def fit(cls, texts: Iterable[str], *, min_documents: int = 2) -> CommunityVocabulary:
        counts: Counter[str] = Counter()
        documents = 0
        for text in texts:
            documents += 1
            counts.update(set(content_words(analysis_text(text))))
        kept = {word: count for word, count in counts.items() if count >= min_documents}
        return cls(document_frequency=kept, documents=documents, min_documents=min_documents)

    @classmethod
    def from_words(cls, words_per_document: Iterable[Iterable[str]], *, min_documents: int = 2
                   ) -> CommunityVocabulary:
        counts: Counter[str] = Counter()
        documents = 0
        for words in words_per_document:
            documents += 1
            counts.update(set(words))
        kept = {word: count for word, count in counts.items() if count >= min_documents}
        return cls(document_frequency=kept, documents=documents, min_documents=min_documents)

    def unfamiliar_share(self, words: Sequence[str]) -> float:
        """Share of a post's words the community has not used, smoothed towards one half so a
        three-word post is not called off-topic on the strength of one rare word."""
        if not words:
            return 0.5
        unknown = sum(1 for word in words if word not in self.document_frequency)
        return (unknown + 1.0) / (len(words) + 2.0)
