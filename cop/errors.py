"""The forum's refusals: raised by services, shown to the member by views with their status."""


class ForumError(Exception):
    """A request the forum cannot carry out; the message is shown to the member."""

    status_code = 400


class ForumForbidden(ForumError):
    """The member may not do this here (a closed thread, someone else's question...)."""

    status_code = 403
