"""How a campaign is found: every post and account sharing a post's contacts or text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cop.enums import PostStatus
from cop.models import Post, User
from moderation.contacts import contacts_for, is_common_domain
from moderation.engine.contacts import Contacts
from moderation.engine.fingerprint import (
    NEAR_DUPLICATE_SIMILARITY,
    fingerprint,
    fingerprint_similarity,
)
from moderation.models import ModerationScore
from moderation.permissions import moderator_q
from moderation.screening.policy import text_of
from moderation.screening.service import latest_score


@dataclass(frozen=True)
class Signature:
    """What ties posts into one campaign: contacts and the text's fingerprint."""

    emails: tuple[str, ...]
    phones: tuple[str, ...]
    domains: tuple[str, ...]
    fingerprint: int | None

    def __bool__(self) -> bool:
        return bool(self.emails or self.phones or self.domains or self.fingerprint)

    def matches(self, contacts: Contacts, print_: int | None) -> list[str]:
        """The reasons another post belongs to the campaign, in plain words (none: it does not)."""
        found = [f"email address {email}" for email in contacts.emails if email in self.emails]
        found += [f"phone number {phone}" for phone in contacts.phones if phone in self.phones]
        found += [f"link to {domain}" for domain in contacts.domains if domain in self.domains]
        if self.fingerprint and print_ is not None:
            similarity = fingerprint_similarity(self.fingerprint, print_)
            if similarity >= NEAR_DUPLICATE_SIMILARITY:
                found.append(f"near-identical text ({similarity:.0%} alike)")
        return found


@dataclass
class CampaignPost:
    post: Post
    matched: list[str]

    @property
    def already_removed(self) -> bool:
        return self.post.status == PostStatus.REJECTED


@dataclass
class Campaign:
    """A post's campaign, to show a moderator before anything is done."""

    source: Post
    signature: Signature
    posts: list[CampaignPost] = field(default_factory=list)
    accounts: list[User] = field(default_factory=list)
    # Posts by moderators and staff share the contacts (a warning quoting the scam, say) but are
    # never purged.
    spared: list[CampaignPost] = field(default_factory=list)

    @property
    def posts_to_remove(self) -> list[CampaignPost]:
        return [item for item in self.posts if not item.already_removed]

    @property
    def accounts_to_suspend(self) -> list[User]:
        return [account for account in self.accounts if account.is_active]


def _latest_scores(post_ids: list[int]) -> dict[int, ModerationScore]:
    latest: dict[int, ModerationScore] = {}
    for score in (ModerationScore.objects.filter(post_id__in=post_ids)
                  .only("pk", "post_id", "text", "fingerprint", "created_at")
                  .order_by("post_id", "created_at", "pk")):
        latest[score.post_id] = score  # the last one wins: newest
    return latest


def _print_of(score: ModerationScore | None, post: Post) -> int:
    """The fingerprint stored with the post's score, or one made from its text."""
    if score is not None and score.fingerprint is not None:
        return score.fingerprint
    return fingerprint(score.text if score else text_of(post))


def signature_of(post: Post) -> Signature:
    score = latest_score(post)
    contacts = contacts_for({post.pk: score} if score else {}, [post])[post.pk]
    print_ = _print_of(score, post)
    return Signature(
        emails=contacts.emails, phones=contacts.phones,
        domains=tuple(domain for domain in contacts.domains if not is_common_domain(domain)),
        fingerprint=print_ or None,
    )


def _text_hints(signature: Signature) -> list[str]:
    """Short pieces of each contact likely to survive disguises ("name (at) gmail dot com"),
    used to narrow the search before each candidate is checked properly."""
    hints = [email.split("@")[0] for email in signature.emails]
    hints += [phone[-4:] for phone in signature.phones]
    hints += [domain.split(".")[0] for domain in signature.domains]
    return [hint for hint in dict.fromkeys(hints) if len(hint) >= 3]


def _moderator_ids(user_ids: set[int]) -> set[int]:
    # A campaign purge never removes or suspends the site's own moderators.
    return set(User.objects.filter(pk__in=user_ids).filter(moderator_q())
               .values_list("pk", flat=True))


def find_campaign(*, post: Post) -> Campaign:
    """Every post (from the last MODERATION_CAMPAIGN_DAYS) and account that shares the post's
    contact email, phone number or uncommon link domain, or near-identical text."""
    post = Post.objects.select_related("thread", "author").get(pk=post.pk)
    signature = signature_of(post)
    campaign = Campaign(source=post, signature=signature)
    since = timezone.now() - timedelta(days=settings.MODERATION_CAMPAIGN_DAYS)
    recent = Post.objects.filter(created_at__gte=since)

    candidate_ids = {post.pk}
    hints = _text_hints(signature)
    if hints:
        text_match = reduce(or_, [Q(body__icontains=hint) | Q(thread__title__icontains=hint)
                                  for hint in hints])
        candidate_ids |= set(recent.filter(text_match).values_list("pk", flat=True))
    if signature.fingerprint:
        for post_id, print_ in ModerationScore.objects.filter(
            created_at__gte=since, fingerprint__isnull=False, post__created_at__gte=since,
        ).values_list("post_id", "fingerprint"):
            if fingerprint_similarity(signature.fingerprint, print_) >= NEAR_DUPLICATE_SIMILARITY:
                candidate_ids.add(post_id)

    candidates = list(Post.objects.filter(pk__in=candidate_ids)
                      .select_related("thread__category", "author").order_by("created_at", "pk"))
    scores = _latest_scores([candidate.pk for candidate in candidates])
    moderators = _moderator_ids({candidate.author_id for candidate in candidates})
    contacts = contacts_for(scores, candidates)  # one cache read for all of them
    for candidate in candidates:
        print_ = _print_of(scores.get(candidate.pk), candidate)
        matched = signature.matches(contacts[candidate.pk], print_)
        if candidate.pk == post.pk:
            matched = matched or ["the post you started from"]
        if not matched:
            continue
        item = CampaignPost(post=candidate, matched=matched)
        (campaign.spared if candidate.author_id in moderators else campaign.posts).append(item)

    authors = {item.post.author_id: item.post.author for item in campaign.posts}
    if signature.emails:
        email_match = reduce(or_, [Q(email__iexact=email) for email in signature.emails])
        for account in User.objects.filter(email_match).exclude(pk__in=authors):
            authors[account.pk] = account
    spared_accounts = _moderator_ids(set(authors))
    campaign.accounts = sorted((account for pk, account in authors.items()
                                if pk not in spared_accounts), key=lambda a: a.username.lower())
    return campaign
