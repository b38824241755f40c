"""Attachments, notification settings, public edit history and thread tidying, in one import."""

from .attachments import Attachment
from .history import HiddenRevision, PostEdit
from .preferences import MemberPreferences
from .tidy import ThreadAction, ThreadRedirect

__all__ = [
    "Attachment", "HiddenRevision", "MemberPreferences", "PostEdit", "ThreadAction",
    "ThreadRedirect",
]
