"""Values every page template needs: the site name and the unread notice count."""

from django.conf import settings

from cop.selectors import unread_notification_count


def site(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "unread_count": unread_notification_count(user=user) if user else 0,
    }
