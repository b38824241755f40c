"""Moderation's public services for the rest of the site (the forum, its commands and pages).

Other apps import moderation only through this module, `moderation.permissions` and the
`moderation.web` URLs (an import-linter contract in pyproject.toml keeps it so); everything
else in the package is internal and may move.
"""

from moderation.reports import ReportError, appeal_post, report_post
from moderation.screening.service import screen_post

__all__ = ["ReportError", "appeal_post", "report_post", "screen_post"]
