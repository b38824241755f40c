"""Spam campaigns: every post and account sharing a post's contacts or text, and their purge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cop.enums import PostStatus
from cop.models import Post, User
from moderation import services
from moderation.engine.contacts import Contacts, is_trusted_domain, registered_domain
from moderation.engine.fingerprint import (
    NEAR_DUPLICATE_SIMILARITY,
    fingerprint,
    fingerprint_similarity,
)
from moderation.engine.text.lexicons import CHAT_LINK_DOMAINS, FREE_MAIL_DOMAINS, SHORTENER_DOMAINS
from moderation.enums import DecisionAction
from moderation.models import ModerationScore
from moderation.permissions import moderator_q
from moderation.policies import text_of
from moderation.selectors import contacts_for


def _own_domains() -> set[str]:
    hosts = [urlsplit(settings.SITE_URL).hostname or "", *settings.ALLOWED_HOSTS]
    return {registered_domain(host.lstrip(".")) for host in hosts
            if host and "." in host and host != "*"}


def is_common_domain(domain: str) -> bool:
    """Domains that many unrelated posts link to, so sharing one says nothing about a campaign."""
    domain = domain.lower()
    return (
        domain in FREE_MAIL_DOMAINS or domain in SHORTENER_DOMAINS or domain in CHAT_LINK_DOMAINS
        or is_trusted_domain(domain) or domain in settings.MODERATION_TRUSTED_DOMAINS
        or domain in settings.MODERATION_CAMPAIGN_COMMON_DOMAINS or domain in _own_domains()
    )


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


@dataclass
class PurgeResult:
    removed: list[Post]
    suspended: list[User]
    already_removed: list[Post]


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
    score = services.latest_score(post)
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
    # Staff too: a campaign purge never suspends the site's own people.
    return set(User.objects.filter(pk__in=user_ids).filter(
        moderator_q() | Q(is_staff=True)
    ).values_list("pk", flat=True))


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


def purge_campaign(
    *, post: Post, moderator, reason: str = "", post_ids: set[int] | None = None,
    account_ids: set[int] | None = None,
) -> PurgeResult:
    """Reject every post of the campaign through decide_post and suspend its accounts, all in
    one transaction. post_ids and account_ids narrow it to what the moderator kept ticked; ids
    outside the campaign are ignored."""
    campaign = find_campaign(post=post)
    chosen_posts = [item.post for item in campaign.posts
                    if post_ids is None or item.post.pk in post_ids]
    chosen_accounts = [account for account in campaign.accounts
                       if account_ids is None or account.pk in account_ids]
    contacts = ", ".join([*campaign.signature.emails, *campaign.signature.phones,
                          *campaign.signature.domains])
    why = reason.strip() or (f"Part of a campaign sharing {contacts}." if contacts
                             else "Part of a campaign of near-identical posts.")
    result = PurgeResult(removed=[], suspended=[], already_removed=[])
    with transaction.atomic():
        for target in chosen_posts:
            if target.status == PostStatus.REJECTED:
                result.already_removed.append(target)
                continue
            services.decide_post(
                post=target, moderator=moderator, action=DecisionAction.PURGE_CAMPAIGN,
                reason=why, retrain=False,
            )
            target.status = PostStatus.REJECTED
            result.removed.append(target)
        for account in chosen_accounts:
            if account.is_active:
                services.suspend_account(user=account)
                result.suspended.append(account)
        transaction.on_commit(services.maybe_retrain)
    return result
