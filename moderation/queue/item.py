"""One review item: the post (or a held edit of it, with what it changes) with its score,
reports and appeal, what it answers, and its author's history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from cop.history import word_diff
from cop.models import Attachment, Post
from moderation.engine.contacts import extract_contacts
from moderation.enums import ReportOutcome
from moderation.models import Appeal, ModerationDecision, Report
from moderation.queue.items import (
    ReviewItem,
    edit_scores,
    held_edits,
    queue_posts,
    waiting_since,
)
from moderation.screening.policy import text_of
from moderation.screening.reasons import queue_reasons
from moderation.screening.trust import standing


@dataclass
class AuthorHistory:
    account_age_days: float
    trust_level: int
    approved_posts: int
    rejected_posts: int
    is_active: bool
    earlier_reports: list[Report]
    earlier_decisions: list[ModerationDecision]


def review_item(*, post_id: int) -> ReviewItem | None:
    post = (Post.objects.select_related("thread__category", "author", "quote_of__author")
            .filter(pk=post_id).first())
    if post is None:
        return None
    edit = held_edits([post.pk]).get(post.pk)
    if edit is not None:
        score = edit_scores([edit]).get(post.pk)
    else:
        score = (post.scores.filter(edit__isnull=True).select_related("model_version")
                 .order_by("-created_at", "-pk").first())
    reports = list(post.reports.filter(outcome=ReportOutcome.OPEN).select_related("reporter")
                   .order_by("created_at"))
    appeal = Appeal.objects.filter(post=post).first()
    open_appeal = appeal if appeal and appeal.resolved_at is None else None
    contacts = extract_contacts(score.text if score else text_of(post))
    return ReviewItem(
        post=post, score=score, reports=reports, appeal=appeal,
        reasons=queue_reasons(post=post, score=score, has_reports=bool(reports),
                              has_appeal=open_appeal is not None, edit=edit),
        waiting_since=waiting_since(post, reports, open_appeal, edit), contacts=contacts,
        edit=edit,
    )


def in_queue(post: Post) -> bool:
    return queue_posts().filter(pk=post.pk).exists()


def answered_post(post: Post) -> Post | None:
    """The post this one answers: the one it quotes, or else the thread's opening post."""
    if post.quote_of_id:
        return post.quote_of
    if post.is_opening:
        return None
    return post.thread.posts.filter(is_opening=True).select_related("author").first()


def author_history(*, post: Post) -> AuthorHistory:
    author = post.author
    who = standing(author)
    return AuthorHistory(
        account_age_days=who.account_age_days, trust_level=who.level,
        approved_posts=who.approved_posts, rejected_posts=who.rejected_posts,
        is_active=author.is_active,
        earlier_reports=list(Report.objects.filter(post__author=author).exclude(post=post)
                             .select_related("post__thread").order_by("-created_at")[:10]),
        earlier_decisions=list(ModerationDecision.objects.filter(post__author=author)
                               .exclude(post=post).select_related("moderator", "post__thread")
                               .order_by("-created_at")[:10]),
    )


def post_decisions(*, post: Post) -> QuerySet[ModerationDecision]:
    return post.decisions.select_related("moderator").order_by("-created_at", "-pk")


def edit_changes(*, item: ReviewItem) -> list:
    """What a held edit changes in the published text, word by word (empty if no edit)."""
    if item.edit is None:
        return []
    return word_diff(item.post.body, item.edit.body)


@dataclass
class ItemFiles:
    """The files a moderator sees with an item: those the post shows now, those added with
    an edit still waiting (not public until it is published), those of edits that were not
    published (never public, kept for the record), and those removed (hidden, kept)."""

    shown: list[Attachment]
    with_edit: list[Attachment]
    not_published: list[Attachment]
    removed: list[Attachment]


def item_files(*, post: Post) -> ItemFiles:
    files = list(post.attachments.select_related("edit", "removed_by")
                 .order_by("created_at", "pk"))
    return ItemFiles(
        shown=[f for f in files if f.is_shown],
        with_edit=[f for f in files if f.is_waiting],
        not_published=[f for f in files
                       if not (f.is_shown or f.is_waiting or f.is_removed)],
        removed=[f for f in files if f.is_removed],
    )
