"""Removing a campaign: every chosen post rejected and every chosen account suspended, at once."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from cop.enums import PostStatus
from cop.models import Post, User
from moderation.campaigns.find import find_campaign
from moderation.decisions.decide import decide_post, suspend_account
from moderation.decisions.retrain import retrain_after_commit
from moderation.enums import DecisionAction


@dataclass
class PurgeResult:
    removed: list[Post]
    suspended: list[User]
    already_removed: list[Post]


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
            decide_post(
                post=target, moderator=moderator, action=DecisionAction.PURGE_CAMPAIGN,
                reason=why, retrain=False,
            )
            target.status = PostStatus.REJECTED
            result.removed.append(target)
        for account in chosen_accounts:
            if account.is_active:
                suspend_account(user=account)
                result.suspended.append(account)
        retrain_after_commit()
    return result
