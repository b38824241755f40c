"""The forum's models, one module per concept."""

from .accounts import User
from .forum import Category, Post, PostRevision, Tag, Thread, ThreadTag
from .notifications import Notification, Subscription

__all__ = [
    "Category",
    "Notification",
    "Post",
    "PostRevision",
    "Subscription",
    "Tag",
    "Thread",
    "ThreadTag",
    "User",
]
