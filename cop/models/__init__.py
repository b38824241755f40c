"""The forum's models, one module per concept."""

from .accounts import User
from .engagement import Bookmark, Draft, Reaction, ReadHorizon, ReadState, ThreadDraft
from .forum import Category, Post, PostRevision, Tag, Thread, ThreadTag
from .media import (
    Attachment,
    HiddenRevision,
    MemberPreferences,
    PostEdit,
    ThreadAction,
    ThreadRedirect,
)
from .notifications import Notification, Subscription
from .site import ForumGeneration

__all__ = [
    "Attachment",
    "HiddenRevision",
    "MemberPreferences",
    "ThreadAction",
    "ThreadRedirect",
    "Bookmark",
    "Draft",
    "Reaction",
    "ReadHorizon",
    "ReadState",
    "Category",
    "ForumGeneration",
    "Notification",
    "Post",
    "PostEdit",
    "PostRevision",
    "Subscription",
    "Tag",
    "Thread",
    "ThreadDraft",
    "ThreadTag",
    "User",
]
