"""django-allauth's account adapter with the forum's own words for sign-in limits."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext


class AccountAdapter(DefaultAccountAdapter):
    """Says when a member locked out by wrong passwords can try again, and how to get in now."""

    def __init__(self, request=None):
        super().__init__(request)
        self.error_messages = {
            **self.error_messages,
            "too_many_login_attempts": gettext(
                "There have been too many tries with a wrong password. Please wait "
                "%(minutes)s minutes and try again, or reset your password to sign in straight "
                "away."
            ) % {"minutes": settings.LOGIN_FAILED_MINUTES},
        }
